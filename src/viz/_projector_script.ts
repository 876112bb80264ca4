/**
 * The script of the projector page (plain ES2017, inlined into the HTML): it
 * reads the embedded data, draws the points on a canvas, shows a label on
 * hover, highlights search matches, and lists a clicked point's nearest
 * neighbours by cosine similarity, computed in the page from the vectors.
 * `window.projector` exposes the same actions to scripts and tests.
 */

export const PROJECTOR_SCRIPT = String.raw`(() => {
"use strict";
const data = JSON.parse(document.getElementById("projector-data").textContent);
const n = data.labels.length, dim = data.dim;
const raw = atob(data.vectors), bytes = new Uint8Array(raw.length);
for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
const vec = new Float32Array(bytes.buffer);
const norms = new Float64Array(n);
for (let i = 0; i < n; i++) {
  let s = 0;
  for (let j = 0; j < dim; j++) s += vec[i * dim + j] * vec[i * dim + j];
  norms[i] = Math.sqrt(s);
}
const canvas = document.getElementById("plot"), ctx = canvas.getContext("2d");
const tooltip = document.getElementById("tooltip"), search = document.getElementById("search");
const matchesEl = document.getElementById("matches"), list = document.getElementById("neighbors");
const selectedEl = document.getElementById("selected");
const state = { view: data.views.tsne ? "tsne" : "pca", selected: -1, neighbors: [], matches: null, hover: -1 };
const px = new Float64Array(n), py = new Float64Array(n);

function colour(i) { return data.groups ? data.colours[data.groups[i] % data.colours.length] : data.colours[0]; }

function layout() {
  const rect = canvas.getBoundingClientRect(), dpr = window.devicePixelRatio || 1;
  canvas.width = Math.max(1, Math.round(rect.width * dpr));
  canvas.height = Math.max(1, Math.round(rect.height * dpr));
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  const xy = data.views[state.view], pad = 30;
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (let i = 0; i < n; i++) {
    x0 = Math.min(x0, xy[2 * i]); x1 = Math.max(x1, xy[2 * i]);
    y0 = Math.min(y0, xy[2 * i + 1]); y1 = Math.max(y1, xy[2 * i + 1]);
  }
  const s = Math.min((rect.width - 2 * pad) / (x1 - x0 || 1), (rect.height - 2 * pad) / (y1 - y0 || 1));
  for (let i = 0; i < n; i++) {
    px[i] = rect.width / 2 + (xy[2 * i] - (x0 + x1) / 2) * s;
    py[i] = rect.height / 2 - (xy[2 * i + 1] - (y0 + y1) / 2) * s;
  }
}

function label(i, colourText) {
  ctx.fillStyle = colourText;
  ctx.fillText(data.labels[i], px[i] + 6, py[i] - 6);
}

function draw() {
  const rect = canvas.getBoundingClientRect();
  ctx.clearRect(0, 0, rect.width, rect.height);
  ctx.font = "12px Helvetica, Arial, sans-serif";
  const near = new Set(state.neighbors.map((e) => e.index));
  for (let i = 0; i < n; i++) {
    const dim = state.matches && !state.matches.has(i);
    ctx.globalAlpha = dim ? 0.15 : 0.9;
    ctx.fillStyle = colour(i);
    ctx.beginPath(); ctx.arc(px[i], py[i], 3.5, 0, 2 * Math.PI); ctx.fill();
  }
  ctx.globalAlpha = 1;
  const ring = (i, c, r) => { ctx.strokeStyle = c; ctx.lineWidth = 2; ctx.beginPath(); ctx.arc(px[i], py[i], r, 0, 2 * Math.PI); ctx.stroke(); };
  if (state.matches && state.matches.size <= 100) for (const i of state.matches) { ring(i, "#d62728", 6); label(i, "#333"); }
  for (const i of near) { ring(i, "#ff7f0e", 6); label(i, "#333"); }
  if (state.selected >= 0) { ring(state.selected, "#000", 7); label(state.selected, "#000"); }
}

function nearestPoint(x, y, radius) {
  let best = -1, bestD = radius * radius;
  for (let i = 0; i < n; i++) {
    const d = (px[i] - x) ** 2 + (py[i] - y) ** 2;
    if (d <= bestD) { best = i; bestD = d; }
  }
  return best;
}

function cosineNeighbors(i, k) {
  const out = [];
  for (let j = 0; j < n; j++) {
    if (j === i) continue;
    let s = 0;
    for (let t = 0; t < dim; t++) s += vec[i * dim + t] * vec[j * dim + t];
    out.push({ index: j, similarity: s / (norms[i] * norms[j] || 1) });
  }
  out.sort((a, b) => b.similarity - a.similarity || a.index - b.index);
  return out.slice(0, k);
}

function select(i) {
  state.selected = i;
  state.neighbors = i >= 0 ? cosineNeighbors(i, data.k) : [];
  selectedEl.textContent = i >= 0 ? data.labels[i] : "Click a point";
  list.replaceChildren(...state.neighbors.map((e) => {
    const li = document.createElement("li"), name = document.createElement("span"), sim = document.createElement("span");
    name.textContent = data.labels[e.index]; name.className = "name";
    sim.textContent = e.similarity.toFixed(3); sim.className = "sim";
    li.dataset.index = String(e.index);
    li.append(name, sim);
    li.addEventListener("click", () => select(e.index));
    return li;
  }));
  draw();
}

function find(query) {
  const q = query.trim().toLowerCase();
  state.matches = q ? new Set(data.labels.flatMap((l, i) => l.toLowerCase().includes(q) ? [i] : [])) : null;
  matchesEl.textContent = state.matches ? state.matches.size + (state.matches.size === 1 ? " match" : " matches") : "";
  draw();
}

function setView(view) {
  if (!data.views[view]) return;
  state.view = view;
  for (const b of document.querySelectorAll("[data-view]")) b.setAttribute("aria-pressed", String(b.dataset.view === view));
  layout(); draw();
}

canvas.addEventListener("mousemove", (ev) => {
  const r = canvas.getBoundingClientRect(), i = nearestPoint(ev.clientX - r.left, ev.clientY - r.top, 8);
  state.hover = i;
  tooltip.hidden = i < 0;
  if (i >= 0) {
    tooltip.textContent = data.labels[i] + (data.groupNames ? " (" + data.groupNames[data.groups[i]] + ")" : "");
    tooltip.style.left = (ev.clientX + 12) + "px"; tooltip.style.top = (ev.clientY + 12) + "px";
  }
});
canvas.addEventListener("mouseleave", () => { tooltip.hidden = true; state.hover = -1; });
canvas.addEventListener("click", (ev) => {
  const r = canvas.getBoundingClientRect(), i = nearestPoint(ev.clientX - r.left, ev.clientY - r.top, 8);
  if (i >= 0) select(i);
});
search.addEventListener("input", () => find(search.value));
for (const b of document.querySelectorAll("[data-view]")) b.addEventListener("click", () => setView(b.dataset.view));
window.addEventListener("resize", () => { layout(); draw(); });
setView(state.view);
window.projector = {
  select, search: find, setView,
  position: (i) => ({ x: px[i], y: py[i] }),
  state: () => ({ view: state.view, selected: state.selected, hover: state.hover,
    matches: state.matches ? [...state.matches] : null, neighbors: state.neighbors.slice() }),
};
})();`;
