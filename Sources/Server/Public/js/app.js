// Sign-in and the views a key's role may use. The key lives in this tab's
// sessionStorage only: closing the tab forgets it.

import { Api } from './api.js';
import { $ } from './dom.js';
import { DispatchView } from './dispatch.js';
import { CanvasMap } from './map.js';
import { PlannerView } from './planner.js';

const STORAGE = 'crisismap.key';
const roleViews = {
  admin: ['dispatch', 'planner'],
  dispatcher: ['dispatch'],
  clinician: ['dispatch'],
  planner: ['planner'],
};
const otherRoles = {
  device: 'A device key reports one vehicle\'s position and status through the API (PUT /v1/teams/{id}/position); the map is for dispatchers, clinicians and planners.',
  facility: 'A facility key sets its facility\'s available beds through the API (PUT /v1/facilities/{id}/availability); the map is for dispatchers, clinicians and planners.',
};

function say(text) {
  const message = $('#message');
  message.textContent = text || '';
  message.hidden = !text;
}

/** Outlines of the service area, the base of every view. */
function drawAreas(areas) {
  return (ctx, map) => {
    ctx.lineWidth = 1.2;
    ctx.strokeStyle = '#4d4d4d';
    for (const area of areas) {
      ctx.beginPath();
      map.tracePolygon(area.geometry);
      ctx.stroke();
    }
    ctx.font = '12px "DejaVu Sans", sans-serif';
    ctx.fillStyle = '#333333';
    ctx.textAlign = 'center';
    for (const area of areas) {
      if (!area.box) continue;
      // A name is drawn only where it fits inside its area's width.
      const [x0, y0] = map.toScreen(area.box[0], area.box[3]);
      const [x1, y1] = map.toScreen(area.box[2], area.box[1]);
      if (ctx.measureText(area.properties.name).width > (x1 - x0) * 0.8) continue;
      ctx.fillText(area.properties.name, (x0 + x1) / 2, (y0 + y1) / 2 + 4);
    }
  };
}

function bounds(points) {
  const box = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [lon, lat] of points) {
    box[0] = Math.min(box[0], lon); box[1] = Math.min(box[1], lat);
    box[2] = Math.max(box[2], lon); box[3] = Math.max(box[3], lat);
  }
  return Number.isFinite(box[0]) ? box : null;
}

function outerRings(geometry) {
  if (geometry.type === 'Polygon') return [geometry.coordinates[0]];
  if (geometry.type === 'MultiPolygon') return geometry.coordinates.map((polygon) => polygon[0]);
  return [];
}

class App {
  constructor() {
    this.views = {};
    this.active = null;
    $('#signin').addEventListener('submit', (event) => {
      event.preventDefault();
      this.signIn($('#key').value.trim());
    });
    $('#signout').addEventListener('click', () => {
      sessionStorage.removeItem(STORAGE);
      window.location.reload();
    });
    for (const button of document.querySelectorAll('#views button')) {
      button.addEventListener('click', () => this.activate(button.dataset.view));
    }
  }

  async start() {
    try {
      this.config = await (await fetch('/config.json')).json();
    } catch {
      this.config = {};
    }
    const saved = sessionStorage.getItem(STORAGE);
    if (saved) await this.signIn(saved);
    else $('#key').focus();
  }

  async signIn(key) {
    const error = $('#signin-error');
    error.hidden = true;
    if (!key) {
      error.textContent = 'Enter a key.';
      error.hidden = false;
      return;
    }
    const api = new Api(key);
    let identity;
    try {
      identity = await api.get('/v1/me');
    } catch (failure) {
      sessionStorage.removeItem(STORAGE);
      error.textContent = failure.message;
      error.hidden = false;
      $('#key').focus();
      return;
    }
    sessionStorage.setItem(STORAGE, key);
    this.api = api;
    this.identity = identity;
    $('#signin').hidden = true;
    $('#key').value = '';
    $('#whoami').textContent = `${identity.name} · ${identity.role}`;
    $('#whoami').hidden = false;
    $('#signout').hidden = false;
    $('#workspace').hidden = false;
    await this.open(roleViews[identity.role] || []);
  }

  async open(names) {
    if (!names.length) {
      $('#map-wrap').hidden = true;
      $('#other-view').hidden = false;
      $('#other-text').textContent = otherRoles[this.identity.role] || 'This key may not use the map.';
      return;
    }
    this.map = new CanvasMap($('#map'), {
      onPick: (lon, lat) => { if (this.active === this.views.dispatch) this.views.dispatch.place(lon, lat); },
      tileURL: this.config.tile_url || null,
      tip: $('#map-tip'),
    });
    if (this.config.tile_url && this.config.tile_attribution) {
      $('#attribution').textContent = this.config.tile_attribution;
      $('#attribution').hidden = false;
    }
    this.bindControls();
    // On a phone the legend would cover half the map: it starts folded.
    $('#legend-box').open = window.matchMedia('(min-width: 821px)').matches;
    $('#views').hidden = names.length < 2;
    try {
      const areas = (await this.api.get('/v1/areas')).features;
      for (const area of areas) {
        area.box = bounds(outerRings(area.geometry).flat());
      }
      $('#map-wrap').dataset.areas = String(areas.length);
      this.map.setLayer('areas', 10, drawAreas(areas));
      this.areas = areas;
      if (names.includes('dispatch')) {
        this.views.dispatch = new DispatchView({ api: this.api, map: this.map, identity: this.identity, say });
        await this.views.dispatch.load();
      }
      if (names.includes('planner')) {
        this.views.planner = new PlannerView({ api: this.api, map: this.map, areas, say, changed: () => this.refreshLegend() });
      }
      const home = bounds(areas.flatMap((a) => outerRings(a.geometry).flat()))
        || bounds((this.views.dispatch?.facilities || []).map((f) => f.geometry.coordinates));
      if (home) this.map.fit(home);
      await this.activate(names[0]);
    } catch (failure) {
      say(failure.message);
    }
  }

  async activate(name) {
    if (!this.views[name]) return;
    for (const [viewName, view] of Object.entries(this.views)) {
      const active = viewName === name;
      $(`#${viewName}-view`).hidden = !active;
      if (viewName !== name) view.show(false);
    }
    for (const button of document.querySelectorAll('#views button')) {
      button.setAttribute('aria-pressed', String(button.dataset.view === name));
    }
    this.active = this.views[name];
    this.active.show(true);
    if (name === 'planner' && !this.plannerLoaded) {
      this.plannerLoaded = true;
      await this.views.planner.load();
    }
    this.refreshLegend();
  }

  refreshLegend() {
    $('#legend').replaceChildren(this.active ? this.active.legend() : '');
    $('#legend-box').hidden = !this.active;
  }

  bindControls() {
    $('#zoom-in').addEventListener('click', () => this.map.zoomBy(1));
    $('#zoom-out').addEventListener('click', () => this.map.zoomBy(-1));
    $('#zoom-fit').addEventListener('click', () => this.map.home && this.map.fit(this.map.home));
  }
}

new App().start();
