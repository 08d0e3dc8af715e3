// A small vector map on one canvas: Web Mercator, pan and zoom by mouse,
// touch and keyboard, layers drawn in order, hit targets for tooltips, and
// optional raster tiles underneath. No tile server is needed: area outlines
// from the store are the base map.

const TILE = 256;
const MAX_LAT = 85.0511;

/** WGS84 degrees to world pixels at zoom 0 (0...256 across). */
export function project(lon, lat) {
  const sin = Math.sin(Math.max(-MAX_LAT, Math.min(MAX_LAT, lat)) * Math.PI / 180);
  return [(lon + 180) / 360 * TILE, (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * TILE];
}

export function unproject(x, y) {
  const n = Math.PI - 2 * Math.PI * y / TILE;
  return [x / TILE * 360 - 180, 180 / Math.PI * Math.atan(Math.sinh(n))];
}

/** Draws one marker shape centred at x, y (size: half-width in pixels). */
export function drawShape(ctx, shape, x, y, size, fill, { hollow = false, stroke = '#1b1b1b' } = {}) {
  ctx.beginPath();
  switch (shape) {
    case 'square': ctx.rect(x - size, y - size, size * 2, size * 2); break;
    case 'diamond': ctx.moveTo(x, y - size * 1.3); ctx.lineTo(x + size * 1.3, y); ctx.lineTo(x, y + size * 1.3); ctx.lineTo(x - size * 1.3, y); ctx.closePath(); break;
    case 'triangle': ctx.moveTo(x, y - size * 1.3); ctx.lineTo(x + size * 1.2, y + size); ctx.lineTo(x - size * 1.2, y + size); ctx.closePath(); break;
    case 'invertedTriangle': ctx.moveTo(x, y + size * 1.3); ctx.lineTo(x + size * 1.2, y - size); ctx.lineTo(x - size * 1.2, y - size); ctx.closePath(); break;
    case 'cross': {
      const t = size * 0.45;
      ctx.moveTo(x - t, y - size); ctx.lineTo(x + t, y - size); ctx.lineTo(x + t, y - t); ctx.lineTo(x + size, y - t);
      ctx.lineTo(x + size, y + t); ctx.lineTo(x + t, y + t); ctx.lineTo(x + t, y + size); ctx.lineTo(x - t, y + size);
      ctx.lineTo(x - t, y + t); ctx.lineTo(x - size, y + t); ctx.lineTo(x - size, y - t); ctx.lineTo(x - t, y - t); ctx.closePath();
      break;
    }
    default: ctx.arc(x, y, size, 0, Math.PI * 2);
  }
  if (hollow) {
    ctx.fillStyle = '#ffffff';
    ctx.fill();
    ctx.lineWidth = 2.5;
    ctx.strokeStyle = fill;
    ctx.stroke();
  } else {
    ctx.fillStyle = fill;
    ctx.fill();
    ctx.lineWidth = 1;
    ctx.strokeStyle = stroke;
    ctx.stroke();
  }
}

/** A 16-px canvas with one symbol, for legends and tables. */
export function symbolElement(shape, fill, options) {
  const canvas = document.createElement('canvas');
  const ratio = window.devicePixelRatio || 1;
  canvas.width = canvas.height = 16 * ratio;
  canvas.style.width = canvas.style.height = '16px';
  const ctx = canvas.getContext('2d');
  ctx.scale(ratio, ratio);
  drawShape(ctx, shape, 8, 8, 5, fill, options);
  canvas.setAttribute('aria-hidden', 'true');
  return canvas;
}

export class CanvasMap {
  /**
   * onPick(lon, lat): a click or Enter on the map that hit no marker.
   * tileURL: optional `{z}/{x}/{y}` template drawn under the layers.
   */
  constructor(canvas, { onPick = () => {}, tileURL = null, tip = null } = {}) {
    this.canvas = canvas;
    this.ctx = canvas.getContext('2d');
    this.onPick = onPick;
    this.tileURL = tileURL;
    this.tip = tip;
    this.center = [TILE / 2, TILE / 2];
    this.zoom = 2;
    this.layers = new Map();
    this.targets = [];
    this.tiles = new Map();
    this.home = null;
    this.width = 0;
    this.height = 0;
    this.pending = false;
    new ResizeObserver(() => this.resize()).observe(canvas);
    this.listen();
    this.resize();
  }

  get scale() { return 2 ** this.zoom; }

  toScreen(lon, lat) {
    const [x, y] = project(lon, lat);
    return [(x - this.center[0]) * this.scale + this.width / 2, (y - this.center[1]) * this.scale + this.height / 2];
  }

  toLonLat(sx, sy) {
    return unproject(this.center[0] + (sx - this.width / 2) / this.scale, this.center[1] + (sy - this.height / 2) / this.scale);
  }

  /** Shows [west, south, east, north] whole; remembered for the fit button. */
  fit(box, remember = true) {
    if (remember) this.home = box;
    const [x0, y1] = project(box[0], box[1]);
    const [x1, y0] = project(box[2], box[3]);
    const pad = 24;
    const span = Math.max(x1 - x0, 1e-9);
    const height = Math.max(y1 - y0, 1e-9);
    const fits = Math.min((this.width - 2 * pad) / span, (this.height - 2 * pad) / height);
    this.zoom = Math.max(1, Math.min(19, Math.log2(Math.max(fits, 1e-9))));
    this.center = [(x0 + x1) / 2, (y0 + y1) / 2];
    this.invalidate();
  }

  zoomBy(steps, sx = this.width / 2, sy = this.height / 2) {
    const before = this.toLonLat(sx, sy);
    this.zoom = Math.max(1, Math.min(19, this.zoom + steps));
    const [x, y] = project(before[0], before[1]);
    this.center = [x - (sx - this.width / 2) / this.scale, y - (sy - this.height / 2) / this.scale];
    this.invalidate();
  }

  panBy(dx, dy) {
    this.center = [this.center[0] - dx / this.scale, this.center[1] - dy / this.scale];
    this.invalidate();
  }

  /** A layer is a draw(ctx, map) function; layers draw in ascending order. */
  setLayer(name, order, draw) {
    this.layers.set(name, { order, draw });
    this.invalidate();
  }

  removeLayer(name) {
    this.layers.delete(name);
    this.invalidate();
  }

  /** Called by layers while drawing: a spot that shows `text` when hovered or clicked. */
  addTarget(x, y, radius, text) {
    this.targets.push({ x, y, radius, text });
  }

  /** Traces a GeoJSON Polygon or MultiPolygon as one path (holes by even-odd). */
  tracePolygon(geometry) {
    const ctx = this.ctx;
    const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.type === 'MultiPolygon' ? geometry.coordinates : [];
    for (const rings of polygons) {
      for (const ring of rings) {
        ring.forEach(([lon, lat], index) => {
          const [x, y] = this.toScreen(lon, lat);
          if (index === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
        });
        ctx.closePath();
      }
    }
  }

  invalidate() {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.draw();
    });
  }

  resize() {
    const rect = this.canvas.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0) return;
    const ratio = window.devicePixelRatio || 1;
    const first = this.width === 0;
    this.width = rect.width;
    this.height = rect.height;
    this.canvas.width = Math.round(rect.width * ratio);
    this.canvas.height = Math.round(rect.height * ratio);
    this.ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    if (first && this.home) this.fit(this.home); else this.invalidate();
  }

  draw() {
    const ctx = this.ctx;
    ctx.clearRect(0, 0, this.width, this.height);
    this.targets = [];
    if (this.tileURL) this.drawTiles();
    for (const layer of [...this.layers.values()].sort((a, b) => a.order - b.order)) {
      ctx.save();
      layer.draw(ctx, this);
      ctx.restore();
    }
  }

  drawTiles() {
    const z = Math.max(0, Math.min(19, Math.round(this.zoom)));
    const size = TILE * 2 ** (this.zoom - z);
    const count = 2 ** z;
    const left = this.center[0] * 2 ** z / TILE - this.width / 2 / size;
    const top = this.center[1] * 2 ** z / TILE - this.height / 2 / size;
    for (let ty = Math.floor(top); ty < top + this.height / size; ty++) {
      if (ty < 0 || ty >= count) continue;
      for (let tx = Math.floor(left); tx < left + this.width / size; tx++) {
        const wrapped = ((tx % count) + count) % count;
        const url = this.tileURL.replace('{z}', z).replace('{x}', wrapped).replace('{y}', ty);
        let image = this.tiles.get(url);
        if (!image) {
          image = new Image();
          image.onload = () => this.invalidate();
          image.src = url;
          this.tiles.set(url, image);
        }
        if (image.complete && image.naturalWidth) this.ctx.drawImage(image, (tx - left) * size, (ty - top) * size, size, size);
      }
    }
  }

  hit(sx, sy) {
    let best = null;
    let bestDistance = Infinity;
    for (const target of this.targets) {
      const distance = Math.hypot(target.x - sx, target.y - sy);
      if (distance <= target.radius + 3 && distance < bestDistance) {
        best = target;
        bestDistance = distance;
      }
    }
    return best;
  }

  showTip(target) {
    if (!this.tip) return;
    if (!target) { this.tip.hidden = true; return; }
    this.tip.textContent = target.text;
    this.tip.hidden = false;
    const x = Math.min(target.x + 12, this.width - this.tip.offsetWidth - 4);
    const y = Math.min(target.y + 12, this.height - this.tip.offsetHeight - 4);
    this.tip.style.left = `${Math.max(4, x)}px`;
    this.tip.style.top = `${Math.max(4, y)}px`;
  }

  listen() {
    const canvas = this.canvas;
    let press = null;
    const local = (event) => {
      const rect = canvas.getBoundingClientRect();
      return [event.clientX - rect.left, event.clientY - rect.top];
    };
    canvas.addEventListener('pointerdown', (event) => {
      const [x, y] = local(event);
      press = { x, y, lastX: x, lastY: y, moved: 0 };
      canvas.setPointerCapture(event.pointerId);
    });
    canvas.addEventListener('pointermove', (event) => {
      const [x, y] = local(event);
      if (!press) {
        if (event.pointerType === 'mouse') this.showTip(this.hit(x, y));
        return;
      }
      press.moved += Math.abs(x - press.lastX) + Math.abs(y - press.lastY);
      if (press.moved > 4) this.panBy(x - press.lastX, y - press.lastY);
      press.lastX = x;
      press.lastY = y;
    });
    canvas.addEventListener('pointerup', (event) => {
      if (!press) return;
      const [x, y] = local(event);
      const clicked = press.moved <= 4;
      press = null;
      if (!clicked) return;
      const target = this.hit(x, y);
      if (target) { this.showTip(target); return; }
      this.showTip(null);
      const [lon, lat] = this.toLonLat(x, y);
      this.onPick(lon, lat);
    });
    canvas.addEventListener('pointercancel', () => { press = null; });
    canvas.addEventListener('pointerleave', () => { if (!press) this.showTip(null); });
    canvas.addEventListener('wheel', (event) => {
      event.preventDefault();
      const [x, y] = local(event);
      this.zoomBy(-Math.sign(event.deltaY) * 0.5, x, y);
    }, { passive: false });
    canvas.addEventListener('keydown', (event) => {
      const step = 80;
      const actions = {
        ArrowLeft: () => this.panBy(step, 0), ArrowRight: () => this.panBy(-step, 0),
        ArrowUp: () => this.panBy(0, step), ArrowDown: () => this.panBy(0, -step),
        '+': () => this.zoomBy(1), '=': () => this.zoomBy(1), '-': () => this.zoomBy(-1),
        Enter: () => { const [lon, lat] = this.toLonLat(this.width / 2, this.height / 2); this.onPick(lon, lat); },
      };
      const action = actions[event.key];
      if (!action) return;
      event.preventDefault();
      action();
    });
  }
}
