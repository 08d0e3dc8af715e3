// The planner's view: the call-density layer (cells the server hid for
// small counts stay hidden), the underserved ranking as a choropleth with
// the table beside it, and time-window and category filters. Aggregates
// only: nothing here asks for a single call.

import { $, el, fillRows, legendList } from './dom.js';
import { heatColor, heatRampCSS, minutes, scoreClasses } from './symbols.js';

/** `2026-11-01` at local midnight as RFC 3339 with this browser's offset. */
function localMidnight(date, addDays = 0) {
  const [y, m, d] = date.split('-').map(Number);
  const time = new Date(y, m - 1, d + addDays);
  const offset = -time.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const pad = (n) => String(Math.floor(Math.abs(n))).padStart(2, '0');
  return `${time.getFullYear()}-${pad(time.getMonth() + 1)}-${pad(time.getDate())}T00:00:00${sign}${pad(offset / 60)}:${pad(offset % 60)}`;
}

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
    const since = $('#since').value;
    const until = $('#until').value;
    if (since) query.since = localMidnight(since);
    if (until) query.until = localMidnight(until, 1);
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
    const shown = this.cells.filter((c) => !c.suppressed).length;
    const hidden = this.cells.length - shown;
    status.textContent = this.meta
      ? `${this.meta.calls} calls; ${shown} cells of ${this.meta.cell_size_m} m shown, ${hidden} hidden (fewer than ${this.meta.min_count} calls within reach).`
      : 'No density for this selection.';
    this.show(true);
    this.changed();
  }

  takeDensity(collection) {
    this.cells = collection ? collection.features.map((f) => ({ ring: f.geometry.coordinates[0], density: f.properties.density, suppressed: f.properties.suppressed })) : [];
    this.meta = collection ? collection.crisismap : null;
    // The 99th percentile sets the top of the ramp, so one hot cell does not wash out the rest.
    const values = this.cells.filter((c) => !c.suppressed).map((c) => c.density).sort((a, b) => a - b);
    this.scale = values.length ? values[Math.min(values.length - 1, Math.floor(values.length * 0.99))] || 1 : 1;
    $('#map-wrap').dataset.heatCells = String(this.cells.filter((c) => !c.suppressed).length);
  }

  takeRanking(ranking) {
    const rows = ranking ? ranking.rows : [];
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
        el('small', {}, `0 – ${this.scale.toFixed(0)}+ ${this.meta.density_unit} (square-root scale); grey: hidden, fewer than ${this.meta.min_count} calls`)));
    }
    if (this.classes.size && $('#show-choropleth').checked) {
      legend.append(legendList('Underserved score (fifths)', scoreClasses.map((color, index) => ({
        symbol: el('span', { class: 'swatch', style: `background:${color}` }),
        text: index === 0 ? 'least underserved' : index === 4 ? 'most underserved' : '',
      }))));
    }
    return legend;
  }

  drawHeat(ctx, map) {
    for (const cell of this.cells) {
      ctx.beginPath();
      cell.ring.forEach(([lon, lat], index) => {
        const [x, y] = map.toScreen(lon, lat);
        if (index === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
      });
      // Square root: call density is skewed, and a linear ramp shows only the hottest block.
      ctx.fillStyle = cell.suppressed ? 'rgba(90, 90, 90, 0.12)' : heatColor(Math.sqrt(cell.density / this.scale));
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
