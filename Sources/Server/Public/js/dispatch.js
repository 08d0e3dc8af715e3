// The dispatcher's (and clinician's) view: teams by status with the age of
// their fix, facilities by kind with beds and open state, and a call placed
// by a click or typed coordinates, answered with the ranked teams and
// facilities, the ones left out and why.

import { $, el, fillRows, legendList } from './dom.js';
import { drawShape, symbolElement } from './map.js';
import { age, facilityKinds, kilometres, minutes, reasonText, teamStatuses } from './symbols.js';

export class DispatchView {
  constructor({ api, map, identity, say }) {
    this.api = api;
    this.map = map;
    this.say = say;
    this.canListTeams = ['dispatcher', 'admin'].includes(identity.role);
    this.teams = new Map();
    this.facilities = [];
    this.answer = null;
    this.call = null;
    this.streamAbort = null;
    $('#call-form').addEventListener('submit', (event) => {
      event.preventDefault();
      this.recommend();
    });
  }

  /** The view's map layers and lists; the live feed starts for dispatchers. */
  async reloadTeams() {
    const collection = await this.api.get('/v1/teams');
    this.teams.clear();
    for (const feature of collection.features) this.teams.set(feature.properties.id, this.teamFromFeature(feature));
    $('#map-wrap').dataset.teams = String(this.teams.size);
    this.renderRoster();
    this.map.invalidate();
  }

  async load() {
    const wrap = $('#map-wrap');
    this.facilities = await this.api.allFeatures('/v1/facilities', { limit: 1000 });
    wrap.dataset.facilities = String(this.facilities.length);
    if (this.canListTeams) {
      const collection = await this.api.get('/v1/teams');
      for (const feature of collection.features) this.teams.set(feature.properties.id, this.teamFromFeature(feature));
      wrap.dataset.teams = String(this.teams.size);
      $('#team-roster').hidden = false;
      this.renderRoster();
      this.follow();
      // Fix ages keep growing between events.
      this.ageTimer = setInterval(() => this.renderRoster(), 15000);
    }
    this.show(true);
  }

  /** Puts this view's layers on the map, or takes them off. */
  show(active) {
    const layers = { facilities: [20, this.drawFacilities], teams: [30, this.drawTeams], call: [40, this.drawCall] };
    for (const [name, [order, draw]] of Object.entries(layers)) {
      if (active) this.map.setLayer(name, order, draw.bind(this)); else this.map.removeLayer(name);
    }
  }

  legend() {
    const kinds = new Set(this.facilities.map((f) => f.properties.kind));
    const entries = Object.entries(facilityKinds).filter(([kind]) => kinds.has(kind))
      .map(([, style]) => ({ symbol: symbolElement(style.shape, style.fill), text: style.label }));
    const legend = el('div', {}, legendList('Facilities (hollow: closed now)', entries));
    if (this.canListTeams) {
      const statuses = new Set([...this.teams.values()].map((t) => t.status));
      legend.append(legendList('Teams', Object.entries(teamStatuses).filter(([status]) => statuses.has(status))
        .map(([, style]) => ({ symbol: symbolElement(style.shape, style.fill, { hollow: style.hollow }), text: style.label }))));
    }
    return legend;
  }

  teamFromFeature(feature) {
    const [lon, lat] = feature.geometry.coordinates;
    const p = feature.properties;
    return { id: p.id, callSign: p.call_sign || p.id, status: p.status, fixAt: p.fix_at, lat, lon, agency: p.agency };
  }

  /** Where the call is: filled in by a map click or typed, then asked for. */
  place(lon, lat) {
    $('#call-lat').value = lat.toFixed(6);
    $('#call-lon').value = lon.toFixed(6);
    this.recommend();
  }

  async recommend() {
    const lat = Number($('#call-lat').value);
    const lon = Number($('#call-lon').value);
    const status = $('#call-status');
    if ($('#call-lat').value === '' || $('#call-lon').value === '' || !Number.isFinite(lat) || !Number.isFinite(lon)) {
      status.textContent = 'Enter a latitude and a longitude, or click the map.';
      return;
    }
    // Routes come back only when ETAs are by road; then the map draws them.
    const body = { lat, lon, limit: 5, include_routes: true };
    const ageValue = $('#call-age').value;
    if (ageValue !== '') body.age = Number(ageValue);
    const needs = $('#call-needs').value.split(',').map((s) => s.trim()).filter(Boolean);
    if (needs.length) body.needs = needs;
    if ($('#call-police').checked) body.police_transport = true;
    status.textContent = 'Asking…';
    this.call = { lat, lon };
    this.map.invalidate();
    try {
      this.answer = await this.api.post('/v1/recommendations', body);
    } catch (error) {
      this.answer = null;
      status.textContent = '';
      $('#call-results').hidden = true;
      this.say(error.message);
      this.map.invalidate();
      return;
    }
    this.say(null);
    const teams = this.answer.teams.results.length;
    const facilities = this.answer.facilities.results.length;
    status.textContent = `Call at ${lat.toFixed(5)}, ${lon.toFixed(5)}: ${teams} team${teams === 1 ? '' : 's'} and ${facilities} facilit${facilities === 1 ? 'y' : 'ies'} ranked.`;
    this.renderAnswer();
    const routed = [...this.answer.teams.results, ...this.answer.facilities.results].filter((r) => r.route).length;
    $('#map-wrap').dataset.routes = String(routed);
    this.map.invalidate();
  }

  renderAnswer() {
    const { teams, facilities } = this.answer;
    document.querySelectorAll('#dispatch-view .eta-method').forEach((node) => {
      node.textContent = teams.eta_method === 'road_network' ? '(ETA by road)' : '(ETA by straight line)';
    });
    fillRows($('#team-results tbody'), teams.results.map((team) => el('tr', {},
      el('td', {}, team.rank),
      el('td', {}, team.call_sign || team.id, team.agency ? el('br') : null, team.agency ? el('small', {}, team.agency) : null),
      el('td', {}, teamStatuses[team.status]?.label || team.status),
      el('td', { class: 'num' }, minutes(team.eta_s)),
      el('td', { class: 'num' }, kilometres(team.distance_m)))));
    if (!teams.results.length) {
      fillRows($('#team-results tbody'), [el('tr', { class: 'empty' }, el('td', { colspan: 5 }, 'No team qualifies now; see the teams left out below.'))]);
    }
    fillRows($('#facility-results tbody'), facilities.results.map((facility) => el('tr', {},
      el('td', {}, facility.rank),
      el('td', {}, facility.name, el('br'), el('small', {}, facilityKinds[facility.kind]?.label || facility.kind, facility.phone ? ` · ${facility.phone}` : '')),
      el('td', { class: 'num' }, facility.beds_available ?? '–', facility.availability_stale ? el('small', {}, ' (old)') : null),
      el('td', { class: 'num' }, minutes(facility.eta_s)),
      el('td', { class: 'num' }, kilometres(facility.distance_m)))));
    const excluded = (list) => list.map((item) => el('li', {}, `${item.name || item.id} (${kilometres(item.distance_m)}): `,
      item.reasons.map((reason) => reasonText[reason] || reason).join(', ')));
    if (!facilities.results.length) {
      fillRows($('#facility-results tbody'), [el('tr', { class: 'empty' }, el('td', { colspan: 5 }, 'No facility qualifies now; see those left out below.'))]);
    }
    $('#excluded-teams').replaceChildren(...excluded(teams.excluded));
    $('#excluded-facilities').replaceChildren(...excluded(facilities.excluded));
    $('#excluded-teams-count').textContent = teams.excluded.length;
    $('#excluded-facilities-count').textContent = facilities.excluded.length;
    $('#call-results').hidden = false;
  }

  renderRoster() {
    const now = Date.now();
    const rows = [...this.teams.values()].sort((a, b) => a.callSign.localeCompare(b.callSign)).map((team) => {
      const style = teamStatuses[team.status] || teamStatuses.available;
      // The position rides on the row too, so a test (or a screen reader's user) can follow it.
      return el('tr', { 'data-team': team.id, 'data-lat': team.lat, 'data-lon': team.lon, 'data-status': team.status },
        el('td', {}, symbolElement(style.shape, style.fill, { hollow: style.hollow }), ' ', team.callSign),
        el('td', {}, style.label),
        el('td', {}, age(team.fixAt, now)));
    });
    fillRows($('#team-list tbody'), rows);
  }

  /** The event stream, reconnecting with a growing pause when it breaks. */
  async follow() {
    const badge = $('#stream-state');
    let pause = 1000;
    this.streamAbort = new AbortController();
    while (!this.streamAbort.signal.aborted) {
      try {
        badge.textContent = 'live';
        badge.classList.add('live');
        await this.api.stream('/v1/teams/stream', (name, data) => {
          if (name === 'team') this.applyEvent(JSON.parse(data));
          pause = 1000;
        }, this.streamAbort.signal);
      } catch (error) {
        if (this.streamAbort.signal.aborted) return;
        if (error.status === 401 || error.status === 403) { badge.textContent = 'no live feed for this key'; return; }
      }
      badge.textContent = 'reconnecting…';
      badge.classList.remove('live');
      await new Promise((resolve) => setTimeout(resolve, pause));
      pause = Math.min(pause * 2, 30000);
    }
  }

  applyEvent(event) {
    if (event.change === 'reload') {
      // Another server bulk-loaded teams, or the database was away: start over.
      this.reloadTeams();
      return;
    }
    if (event.change === 'delete') {
      this.teams.delete(event.id);
    } else {
      const team = this.teams.get(event.id) || { id: event.id, callSign: event.id };
      if (event.lat !== undefined && event.lat !== null) { team.lat = event.lat; team.lon = event.lon; }
      if (event.status) team.status = event.status;
      if (event.fix_at) team.fixAt = event.fix_at;
      this.teams.set(event.id, team);
    }
    $('#map-wrap').dataset.teams = String(this.teams.size);
    this.renderRoster();
    this.map.invalidate();
  }

  stop() {
    this.streamAbort?.abort();
    clearInterval(this.ageTimer);
  }

  drawFacilities(ctx, map) {
    for (const feature of this.facilities) {
      const [lon, lat] = feature.geometry.coordinates;
      const [x, y] = map.toScreen(lon, lat);
      if (x < -10 || y < -10 || x > map.width + 10 || y > map.height + 10) continue;
      const p = feature.properties;
      const style = facilityKinds[p.kind] || facilityKinds.outpatient;
      const open = feature.open_now !== false;
      drawShape(ctx, style.shape, x, y, 6, style.fill, { hollow: !open });
      const beds = p.beds_available === undefined ? '' : `\nbeds: ${p.beds_available} of ${p.beds_total ?? '?'}`;
      map.addTarget(x, y, 8, `${p.name}\n${style.label}${open ? '' : ' · closed now'}${beds}`);
    }
  }

  drawTeams(ctx, map) {
    const now = Date.now();
    for (const team of this.teams.values()) {
      const [x, y] = map.toScreen(team.lon, team.lat);
      const style = teamStatuses[team.status] || teamStatuses.available;
      drawShape(ctx, style.shape, x, y, 7, style.fill, { hollow: style.hollow });
      if (map.zoom >= 11) {
        ctx.font = '11px "DejaVu Sans", sans-serif';
        ctx.lineWidth = 3;
        ctx.strokeStyle = '#ffffff';
        ctx.strokeText(team.callSign, x + 9, y + 4);
        ctx.fillStyle = '#1b1b1b';
        ctx.fillText(team.callSign, x + 9, y + 4);
      }
      map.addTarget(x, y, 9, `${team.callSign}${team.agency ? ` (${team.agency})` : ''}\n${style.label} · fix ${age(team.fixAt, now)}`);
    }
  }

  /** The call, and a line to each ranked result: the route when the answer carries one. */
  drawCall(ctx, map) {
    if (!this.call) return;
    const [cx, cy] = map.toScreen(this.call.lon, this.call.lat);
    if (this.answer) {
      const lines = [
        ...this.answer.teams.results.map((r) => ({ r, color: '#0072B2' })),
        ...this.answer.facilities.results.map((r) => ({ r, color: '#D55E00' })),
      ];
      for (const { r, color } of lines) {
        ctx.beginPath();
        const path = r.route?.type === 'LineString' ? r.route.coordinates : [[this.call.lon, this.call.lat], [r.lon, r.lat]];
        ctx.setLineDash(r.route ? [] : [6, 5]);
        path.forEach(([lon, lat], index) => {
          const [x, y] = map.toScreen(lon, lat);
          if (index === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
        });
        ctx.lineWidth = r.rank === 1 ? 3 : 1.5;
        ctx.strokeStyle = color;
        ctx.stroke();
        const [x, y] = map.toScreen(r.lon, r.lat);
        ctx.setLineDash([]);
        ctx.font = 'bold 12px "DejaVu Sans", sans-serif';
        ctx.lineWidth = 3;
        ctx.strokeStyle = '#ffffff';
        ctx.strokeText(String(r.rank), x - 4, y - 10);
        ctx.fillStyle = color;
        ctx.fillText(String(r.rank), x - 4, y - 10);
      }
    }
    ctx.setLineDash([]);
    drawShape(ctx, 'circle', cx, cy, 9, '#ffffff', { stroke: '#000000' });
    drawShape(ctx, 'cross', cx, cy, 7, '#000000');
    map.addTarget(cx, cy, 10, `Call\n${this.call.lat.toFixed(5)}, ${this.call.lon.toFixed(5)}`);
  }
}
