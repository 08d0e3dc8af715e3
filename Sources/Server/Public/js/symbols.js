// How things look, in one place. Okabe-Ito colours, and a second cue
// (shape, hollow, words) so nothing relies on colour alone.

/** The same symbols as the rendered heat maps (Reports' FacilitySymbols). */
export const facilityKinds = {
  crisis_stabilization: { label: 'Crisis stabilization', shape: 'square', fill: '#D55E00' },
  behavioral_health_urgent_care: { label: 'Behavioral health urgent care', shape: 'diamond', fill: '#E69F00' },
  crisis_residential: { label: 'Crisis residential', shape: 'triangle', fill: '#CC79A7' },
  emergency_department: { label: 'Emergency department', shape: 'cross', fill: '#0072B2' },
  detox: { label: 'Withdrawal management (detox)', shape: 'circle', fill: '#009E73' },
  sobering_center: { label: 'Sobering center', shape: 'circle', fill: '#56B4E9' },
  outpatient: { label: 'Outpatient', shape: 'circle', fill: '#F0E442' },
  shelter: { label: 'Shelter', shape: 'invertedTriangle', fill: '#999999' },
  peer_respite: { label: 'Peer respite', shape: 'diamond', fill: '#000000' },
};

export const teamStatuses = {
  available: { label: 'Available', shape: 'circle', fill: '#009E73' },
  dispatched: { label: 'Dispatched', shape: 'triangle', fill: '#56B4E9' },
  en_route: { label: 'En route', shape: 'triangle', fill: '#E69F00' },
  on_scene: { label: 'On scene', shape: 'diamond', fill: '#D55E00' },
  transporting: { label: 'Transporting', shape: 'square', fill: '#CC79A7' },
  out_of_service: { label: 'Out of service', shape: 'square', fill: '#666666', hollow: true },
  off_duty: { label: 'Off duty', shape: 'circle', fill: '#666666', hollow: true },
};

export const reasonText = {
  closed_now: 'closed now',
  no_beds: 'no beds',
  age_not_served: 'age not served',
  no_law_enforcement_dropoff: 'no police drop-off',
  service_not_offered: 'service not offered',
  kind_not_requested: 'kind not requested',
  not_available: 'not available',
  stale_position: 'position too old',
  missing_skill: 'lacks a needed skill',
};

const inferno = ['#000004', '#1b0c41', '#4a0c6b', '#781c6d', '#a52c60', '#cf4446', '#ed6925', '#fb9b06', '#f7d13d', '#fcffa4'];

function mix(from, to, t) {
  const a = parseInt(from.slice(1), 16);
  const b = parseInt(to.slice(1), 16);
  const channel = (shift) => Math.round(((a >> shift) & 255) * (1 - t) + ((b >> shift) & 255) * t);
  return [channel(16), channel(8), channel(0)];
}

/** Heat colour for t in 0...1; the low end fades out so the areas stay readable. */
export function heatColor(t) {
  const clamped = Math.max(0, Math.min(1, t));
  const position = clamped * (inferno.length - 1);
  const index = Math.min(inferno.length - 2, Math.floor(position));
  const [r, g, b] = mix(inferno[index], inferno[index + 1], position - index);
  return `rgba(${r}, ${g}, ${b}, ${(0.35 + 0.6 * clamped).toFixed(3)})`;
}

export const heatRampCSS = `linear-gradient(to right, ${inferno.map((c, i) => `${c} ${(i / (inferno.length - 1) * 100).toFixed(0)}%`).join(', ')})`;

/** Five classes, light to dark (ColorBrewer YlOrBr, safe for colour-blind readers). */
export const scoreClasses = ['#ffffd4', '#fed98e', '#fe9929', '#d95f0e', '#993404'];

export function minutes(seconds) {
  if (seconds === null || seconds === undefined) return '–';
  return seconds < 90 ? `${Math.round(seconds)} s` : `${Math.round(seconds / 60)} min`;
}

export function kilometres(metres) {
  return metres < 1000 ? `${Math.round(metres)} m` : `${(metres / 1000).toFixed(1)} km`;
}

/** "4 min ago", "2 h ago" from an RFC 3339 time. */
export function age(time, now = Date.now()) {
  const seconds = Math.max(0, (now - Date.parse(time)) / 1000);
  if (!Number.isFinite(seconds)) return '–';
  if (seconds < 90) return `${Math.round(seconds)} s ago`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 172800) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86400)} d ago`;
}
