/**
 * Greedy label placement: each label in turn tries candidate positions
 * around its point (right, left, above, below, then the diagonals), then,
 * with leader lines, the same directions further out; it takes the first
 * box that stays inside the frame and meets no placed label or obstacle,
 * preferring boxes that cover no other point. Labels with no free position
 * are dropped. A uniform grid indexes placed boxes.
 */

import { type Box, intersects, labelBox, textWidth } from "./_text_width.ts";

/** A placed label: baseline origin, its box, and whether it needs a leader line. */
export interface PlacedLabel {
  index: number;
  x: number;
  y: number;
  box: Box;
  leader: boolean;
}

/** A box over more cells than this in a direction is kept in a list, not in the cells it covers. */
const MAX_SPAN = 64;

class BoxGrid {
  #cell: number;
  #cells = new Map<number, Box[]>();
  /** Every box, and those too wide for the cells (a 1e300-pixel frame covers more than an array holds). */
  #all: Box[] = [];
  #wide: Box[] = [];

  constructor(cell: number) {
    this.#cell = cell;
  }

  /** Whether a box covers too many cells, or cells too far out to count (past 2^53, n + 1 is n). */
  #isWide(b: Box): boolean {
    const c = this.#cell, x0 = Math.floor(b.x0 / c), y0 = Math.floor(b.y0 / c);
    const x1 = Math.floor(b.x1 / c), y1 = Math.floor(b.y1 / c);
    const ok = [x0, y0, x1, y1].every((g) => Math.abs(g) < 2 ** 40);
    return !(ok && x1 - x0 <= MAX_SPAN && y1 - y0 <= MAX_SPAN);
  }

  #keys(b: Box): number[] {
    const c = this.#cell, keys: number[] = [];
    for (let gx = Math.floor(b.x0 / c); gx <= Math.floor(b.x1 / c); gx++) {
      for (let gy = Math.floor(b.y0 / c); gy <= Math.floor(b.y1 / c); gy++) {
        keys.push((gx + 4096) * 8192 + gy + 4096);
      }
    }
    return keys;
  }

  add(b: Box): void {
    this.#all.push(b);
    if (this.#isWide(b)) {
      this.#wide.push(b);
      return;
    }
    for (const k of this.#keys(b)) {
      const list = this.#cells.get(k);
      if (list) list.push(b);
      else this.#cells.set(k, [b]);
    }
  }

  hits(b: Box): boolean {
    for (const other of this.#wide) if (intersects(b, other)) return true;
    if (this.#isWide(b)) return this.#all.some((other) => intersects(b, other));
    for (const k of this.#keys(b)) {
      for (const other of this.#cells.get(k) ?? []) if (intersects(b, other)) return true;
    }
    return false;
  }
}

const DIRECTIONS: [number, number][] = [
  [1, 0],
  [-1, 0],
  [0, -1],
  [0, 1],
  [1, -1],
  [-1, -1],
  [1, 1],
  [-1, 1],
];

/**
 * Places `labels[i]` near pixel point `(xs[i], ys[i])` inside `frame`,
 * avoiding `obstacles` (e.g. the legend) and each other.
 */
export function placeLabels(
  xs: Float64Array,
  ys: Float64Array,
  labels: readonly string[],
  frame: Box,
  obstacles: readonly Box[],
  fontSize: number,
  radius: number,
  leaderLines: boolean,
): PlacedLabel[] {
  const placed: PlacedLabel[] = [];
  const grid = new BoxGrid(Math.max(8, fontSize * 4));
  for (const o of obstacles) grid.add(o);
  // Cells at least a point's size: a point's box covers at most 2 × 2 of them, however large
  // the radius (a radius of 2^31 enumerated more cells than an array holds).
  const points = new BoxGrid(Math.max(8, fontSize * 4, 2 * radius + 4));
  for (let i = 0; i < xs.length; i++) {
    points.add({ x0: xs[i] - radius, y0: ys[i] - radius, x1: xs[i] + radius, y1: ys[i] + radius });
  }
  const inside = (b: Box) =>
    b.x0 >= frame.x0 && b.x1 <= frame.x1 && b.y0 >= frame.y0 && b.y1 <= frame.y1;
  const rings = leaderLines ? [1, 3, 5] : [1];
  for (let i = 0; i < labels.length; i++) {
    const text = labels[i];
    if (text === "") continue;
    const w = textWidth(text, fontSize), h = 1.05 * fontSize, gap = radius + 2;
    let fallback: PlacedLabel | undefined;
    search: for (const ring of rings) {
      for (const [dx, dy] of DIRECTIONS) {
        // Box centre offset so the box's near edge sits `gap * ring` from the point.
        const cx = xs[i] + dx * (gap * ring + w / 2), cy = ys[i] + dy * (gap * ring + h / 2);
        const x = round1(cx - w / 2), y = round1(cy + 0.8 * fontSize - h / 2);
        const box = labelBox(x, y, text, fontSize);
        if (!inside(box) || grid.hits(box)) continue;
        const label = { index: i, x, y, box, leader: ring > 1 };
        if (!points.hits(box)) {
          fallback = label;
          break search;
        }
        fallback ??= label;
      }
    }
    if (fallback) {
      placed.push(fallback);
      grid.add(fallback.box);
    }
  }
  return placed;
}

/** Rounds to 0.1 px, the precision the SVG is written with. */
export function round1(v: number): number {
  return Math.round(v * 10) / 10;
}
