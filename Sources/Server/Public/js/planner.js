// The planner's view: the call-density layer, the underserved ranking as a
// choropleth with the table beside it, and month and category filters.
// Aggregates only: nothing here asks for a single call. Planner products are
// private releases of whole months: a place the server withheld is simply
// not in the answer, and this view never draws, counts or mentions one.

import { $, el, fillRows, legendList } from './dom.js';
import { heatColor, heatRampCSS, minutes, scoreClasses } from './symbols.js';

/** A cell worth drawing: a density, and (defensively) no suppression flag. */
function drawable(feature) {
  const properties = feature && feature.properties;
  return Boolean(properties) && properties.suppressed !== true
    && typeof properties.density === 'number' && Number.isFinite(properties.density)
    && Boolean(feature.geometry) && Array.isArray(feature.geometry.coordinates);
}

/** The released nodes an answer rests on, as the server names them: "2025-Q4, 2026-Q1, …, 2026-10". */
function releaseList(releases) {
  if (!Array.isArray(releases) || releases.length === 0) return 'released months';
  return releases.length <= 6 ? releases.join(', ') : `${releases.slice(0, 3).join(', ')}, …, ${releases[releases.length - 1]}`;
}

const count = (n) => Number(n).toLocaleString('en-US');

const driverText = {
  calls_per_1000: 'many calls per resident',
  low_access_e2sfca: 'little crisis capacity within reach',
  eta_p50: 'long drive to crisis care',
  outside_target: 'many calls beyond the target time',
};

/** "calls_per_1000 +1.2 sd" in words, the number kept. */
function driver(text) {
  const [name, ...rest] = text.split(' ');
  return `${driverText[name] || name.replaceAll('_', ' ')} (${rest.join(' ')})`;
}

export class PlannerView {
  /** changed(): the layers or their legend changed. */
  constructor({ api, map, areas, say, changed = () => {} }) {
    this.changed = changed;
    this.api = api;
    this.map = map;
    this.areas = areas;
    this.say = say;
    this.cells = [];
    this.scale = 1;
    this.meta = null;
    this.classes = new Map();
    this.breaks = [];
    $('#planner-filters').addEventListener('submit', (event) => {
      event.preventDefault();
      this.load();
    });
    for (const id of ['#show-heat', '#show-choropleth']) {
      $(id).addEventListener('change', () => { this.show(true); this.changed(); });
    }
  }

  query() {
    const query = {};
    // Months as the month pickers give them (YYYY-MM, both included), no time
    // of day: the server answers whole released months in the store's time
    // zone, and names the field of anything else it cannot take.
    const since = $('#since').value.trim();
    const until = $('#until').value.trim();
    if (since) query.since = since;
    if (until) query.until = until;
    if ($('#category').value) query.category = $('#category').value;
    return query;
  }

  async load() {
    const status = $('#heat-status');
    const query = this.query();
    status.textContent = 'Computing the density and the ranking…';
    const [density, ranking] = await Promise.allSettled([
      this.api.get('/v1/density', query),
      this.api.get('/v1/areas/underserved', query),
    ]);
    const problems = [];
    if (density.status === 'fulfilled') this.takeDensity(density.value); else { this.takeDensity(null); problems.push(density.reason.message); }
    if (ranking.status === 'fulfilled') this.takeRanking(ranking.value); else { this.takeRanking(null); problems.push(ranking.reason.message); }
    this.say(problems.length ? problems.join(' ') : null);
    status.textContent = this.statusText();
    this.show(true);
    this.changed();
  }

  get isPrivate() {
    return Boolean(this.meta) && this.meta.privacy === 'private';
  }

  /** What the density answer is, in a line; never how many places are not shown. */
  statusText() {
    const meta = this.meta;
    if (!meta) return 'No density for this selection.';
    const total = typeof meta.calls === 'number' ? ` (about ${count(meta.calls)} calls)` : '';
    const cells = `${count(this.cells.length)} ${this.cells.length === 1 ? 'cell' : 'cells'} of ${meta.cell_size_m} m shown`;
    const rule = `places with fewer than ${meta.min_count} calls are not shown.`;
    return this.isPrivate
      ? `Private map of releases ${releaseList(meta.releases)}${total}: ${cells}; ${rule}`
      : `Exact map, not for publication${total}: ${cells}; ${rule}`;
  }

  takeDensity(collection) {
    // Only what is drawn is kept: a withheld place is absent from a private
    // answer, and a flagged one (exact answers) is dropped the same way.
    const features = collection && Array.isArray(collection.features) ? collection.features : [];
    this.cells = features.filter(drawable).map((f) => ({ ring: f.geometry.coordinates[0], density: f.properties.density }));
    this.meta = collection ? collection.crisismap || null : null;
    // The 99th percentile sets the top of the ramp, so one hot cell does not wash out the rest.
    const values = this.cells.map((c) => c.density).sort((a, b) => a - b);
    this.scale = values.length ? values[Math.min(values.length - 1, Math.floor(values.length * 0.99))] || 1 : 1;
    $('#map-wrap').dataset.heatCells = String(this.cells.length);
  }

  takeRanking(ranking) {
    const rows = ranking ? ranking.rows : [];
    this.supplyKinds = ranking && Array.isArray(ranking.supply_kinds) ? ranking.supply_kinds : [];
    const scores = rows.map((r) => r.score).sort((a, b) => a - b);
    this.breaks = [1, 2, 3, 4].map((i) => scores[Math.floor(scores.length * i / 5)] ?? Infinity);
    this.classes = new Map(rows.map((row) => [row.area_id, this.breaks.filter((b) => row.score >= b).length]));
    $('#map-wrap').dataset.choropleth = String(this.classes.size);
    document.querySelectorAll('#planner-view .eta-method').forEach((node) => {
      node.textContent = ranking ? `(ETA ${ranking.eta_method.replace('_', ' ')})` : '';
    });
    fillRows($('#underserved-table tbody'), rows.map((row) => el('tr', {},
      el('td', {}, row.rank),
      el('td', {}, el('span', { class: 'swatch', style: `background:${scoreClasses[this.classes.get(row.area_id)]}` }), row.name,
        row.drivers.length ? el('small', { class: 'why' }, row.drivers.map(driver).join('; ')) : null),
      el('td', { class: 'num' }, (row.score ?? 0).toFixed(2)),
      el('td', { class: 'num' }, row.calls_per_1000 == null ? '–' : row.calls_per_1000.toFixed(1)),
      el('td', { class: 'num' }, minutes(row.eta_p90_s)))));
  }

  show(active) {
    if (active && $('#show-choropleth').checked) this.map.setLayer('choropleth', 5, this.drawChoropleth.bind(this));
    else this.map.removeLayer('choropleth');
    if (active && $('#show-heat').checked) this.map.setLayer('heat', 15, this.drawHeat.bind(this));
    else this.map.removeLayer('heat');
  }

  legend() {
    const legend = el('div', {});
    if (this.meta && $('#show-heat').checked) {
      legend.append(el('div', {}, el('strong', {}, 'Call density'),
        el('span', { class: 'ramp', style: `background:${heatRampCSS}` }),
        el('small', {}, `0 – ${this.scale.toFixed(0)}+ ${this.meta.density_unit} (square-root scale)`),
        el('small', { class: 'rule', id: 'heat-rule' }, this.ruleText())));
    }
    if (this.classes.size && $('#show-choropleth').checked) {
      legend.append(legendList('Underserved score (fifths)', scoreClasses.map((color, index) => ({
        symbol: el('span', { class: 'swatch', style: `background:${color}` }),
        text: index === 0 ? 'least underserved' : index === 4 ? 'most underserved' : '',
      }))));
      if (this.supplyKinds && this.supplyKinds.length) {
        const kinds = this.supplyKinds.map((kind) => kind.replaceAll('_', ' ')).join(', ');
        legend.append(el('small', { class: 'rule', id: 'supply-kinds' },
          `Access (2SFCA): beds of ${kinds}; a facility without beds counts 1.`));
      }
    }
    return legend;
  }

  /** The legend's rule: how the figures were made, and what is never shown. */
  ruleText() {
    const rule = `places with fewer than ${this.meta.min_count} calls are not shown.`;
    if (!this.isPrivate) return `Exact: not for publication; ${rule}`;
    const epsilon = typeof this.meta.epsilon === 'number' ? ` (epsilon ${this.meta.epsilon} per call in all)` : '';
    return `Private: differentially private counts of released months${epsilon}; ${rule}`;
  }

  drawHeat(ctx, map) {
    for (const cell of this.cells) {
      ctx.beginPath();
      cell.ring.forEach(([lon, lat], index) => {
        const [x, y] = map.toScreen(lon, lat);
        if (index === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
      });
      // Square root: call density is skewed, and a linear ramp shows only the hottest block.
      ctx.fillStyle = heatColor(Math.sqrt(Math.max(0, cell.density) / this.scale));
      ctx.fill();
    }
  }

  drawChoropleth(ctx, map) {
    for (const area of this.areas) {
      const index = this.classes.get(area.properties.id);
      if (index === undefined) continue;
      ctx.beginPath();
      map.tracePolygon(area.geometry);
      ctx.fillStyle = scoreClasses[index];
      ctx.globalAlpha = 0.6;
      ctx.fill('evenodd');
      ctx.globalAlpha = 1;
    }
  }
}
