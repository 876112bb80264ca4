/**
 * The Barnes-Hut space-partitioning tree of sklearn's t-SNE (`_QuadTree`): a
 * quadtree in 2-D, an octree in 3-D (a binary tree in 1-D). Each cell keeps
 * its bounds, the number of points under it and their barycentre; leaves
 * hold one point or its duplicates (closer than 1e-6 on every axis).
 * Cells live in flat typed arrays (one per coordinate, unused coordinates
 * stay 0), the children of a cell in one contiguous block.
 */

/** Two points closer than this on every axis are one point to the tree. */
export const DUPLICATE_EPSILON = 1e-6;

/**
 * sklearn's upper bound of a coordinate whose largest value is `h`:
 * `max(h · (1 + 1e-3 · sign(h)), h + 1e-3)`, so every point is strictly inside.
 */
export function upperBound(h: number): number {
  return Math.max(h * (1 + 1e-3 * Math.sign(h)), h + 1e-3);
}

export function grown<T extends Int32Array | Float64Array>(a: T): T {
  const b = new (a.constructor as new (n: number) => T)(a.length * 2);
  b.set(a);
  return b;
}

/** A space-partitioning tree over points of `dim` ≤ 3 coordinates. */
export class SpaceTree {
  readonly dim: number;
  readonly fanout: number;
  /** Number of cells in use. */
  count = 0;
  /** First child of each cell, or -1 for a leaf. */
  child: Int32Array;
  size: Int32Array;
  /** Barycentre coordinates. */
  bx: Float64Array;
  by: Float64Array;
  bz: Float64Array;
  /** Square of the cell's largest side. */
  width2: Float64Array;
  /** Bounds: low corner and high corner per cell, 3 coordinates each. */
  lo: Float64Array;
  hi: Float64Array;
  /**
   * Per cell `[bx, by, bz, width2]` (in 2-D `[bx, by, width2, size]`),
   * packed after `build` for the traversals.
   */
  packed: Float64Array;

  constructor(dim: number, capacity: number) {
    this.dim = dim;
    this.fanout = 1 << dim;
    this.child = new Int32Array(capacity);
    this.size = new Int32Array(capacity);
    this.bx = new Float64Array(capacity);
    this.by = new Float64Array(capacity);
    this.bz = new Float64Array(capacity);
    this.width2 = new Float64Array(capacity);
    this.lo = new Float64Array(capacity * 3);
    this.hi = new Float64Array(capacity * 3);
    this.packed = new Float64Array(capacity * 4);
  }

  #grow(): void {
    this.child = grown(this.child);
    this.size = grown(this.size);
    this.bx = grown(this.bx);
    this.by = grown(this.by);
    this.bz = grown(this.bz);
    this.width2 = grown(this.width2);
    this.lo = grown(this.lo);
    this.hi = grown(this.hi);
  }

  /** Appends `fanout` empty children of `parent` (or the root if -1); returns the first. */
  #addCells(parent: number): number {
    while (this.count + this.fanout > this.child.length) this.#grow();
    const first = this.count, dim = this.dim, { lo, hi } = this;
    const cells = parent < 0 ? 1 : this.fanout;
    for (let o = 0; o < cells; o++) {
      const c = first + o;
      this.child[c] = -1;
      this.size[c] = 0;
      this.bx[c] = this.by[c] = this.bz[c] = 0;
      let w2 = 0;
      for (let a = 0; a < 3; a++) {
        if (parent >= 0) {
          const l = lo[parent * 3 + a], h = hi[parent * 3 + a], mid = (l + h) / 2;
          const upper = a < dim && ((o >> (dim - 1 - a)) & 1) === 1;
          lo[c * 3 + a] = a < dim && upper ? mid : l;
          hi[c * 3 + a] = a < dim && !upper ? mid : h;
        }
        const w = hi[c * 3 + a] - lo[c * 3 + a];
        if (a < dim) w2 = Math.max(w2, w * w);
      }
      this.width2[c] = w2;
    }
    this.count += cells;
    return first;
  }

  /**
   * Rebuilds the tree over padded coordinates `px`, `py`, `pz` of `n`
   * points, inserted in index order or in `order` (a permutation: points
   * near each other in it touch the same cells, which stay in cache).
   */
  build(px: Float64Array, py: Float64Array, pz: Float64Array, n: number, order?: Int32Array): void {
    this.count = 0;
    const coords = [px, py, pz];
    for (let a = 0; a < 3; a++) {
      let l = Infinity, h = -Infinity;
      for (let i = 0; i < n; i++) {
        l = Math.min(l, coords[a][i]);
        h = Math.max(h, coords[a][i]);
      }
      this.lo[a] = l;
      this.hi[a] = upperBound(h);
    }
    this.#addCells(-1);
    for (let k = 0; k < n; k++) {
      const i = order ? order[k] : k;
      this.#insert(px[i], py[i], pz[i]);
    }
    if (this.packed.length < this.count * 4) this.packed = new Float64Array(this.child.length * 4);
    const packed = this.packed, planar = this.dim === 2;
    for (let c = 0; c < this.count; c++) {
      packed[4 * c] = this.bx[c];
      packed[4 * c + 1] = this.by[c];
      packed[4 * c + 2] = planar ? this.width2[c] : this.bz[c];
      packed[4 * c + 3] = planar ? this.size[c] : this.width2[c];
    }
  }

  #childFor(cell: number, x: number, y: number, z: number): number {
    const { lo, hi, dim } = this;
    const b = cell * 3;
    let offset = 0;
    if (x >= (lo[b] + hi[b]) / 2) offset |= 1 << (dim - 1);
    if (dim > 1 && y >= (lo[b + 1] + hi[b + 1]) / 2) offset |= 1 << (dim - 2);
    if (dim > 2 && z >= (lo[b + 2] + hi[b + 2]) / 2) offset |= 1;
    return this.child[cell] + offset;
  }

  #insert(x: number, y: number, z: number): void {
    let cell = 0;
    for (;;) {
      const n = this.size[cell];
      if (n === 0) {
        this.size[cell] = 1;
        this.bx[cell] = x;
        this.by[cell] = y;
        this.bz[cell] = z;
        return;
      }
      if (this.child[cell] >= 0) {
        this.bx[cell] = (n * this.bx[cell] + x) / (n + 1);
        this.by[cell] = (n * this.by[cell] + y) / (n + 1);
        this.bz[cell] = (n * this.bz[cell] + z) / (n + 1);
        this.size[cell] = n + 1;
        cell = this.#childFor(cell, x, y, z);
        continue;
      }
      if (
        Math.abs(x - this.bx[cell]) <= DUPLICATE_EPSILON &&
        Math.abs(y - this.by[cell]) <= DUPLICATE_EPSILON &&
        Math.abs(z - this.bz[cell]) <= DUPLICATE_EPSILON
      ) {
        this.size[cell] = n + 1;
        return;
      }
      // Split the leaf: its point(s) move down into their child, then insert again.
      // (#addCells may grow the arrays: `this.child` is read after it.)
      const first = this.#addCells(cell);
      this.child[cell] = first;
      const moved = this.#childFor(cell, this.bx[cell], this.by[cell], this.bz[cell]);
      this.size[moved] = n;
      this.bx[moved] = this.bx[cell];
      this.by[moved] = this.by[cell];
      this.bz[moved] = this.bz[cell];
    }
  }
}
