/**
 * t-SNE's objective and gradient as sklearn 1.2 computes them: exact
 * (`_kl_divergence`, O(n²)) and Barnes-Hut (`_kl_divergence_bh`: attractive
 * forces over the sparse P, repulsive forces summarised by a space tree).
 * Both write `grad` and return the KL divergence, or NaN when `computeError`
 * is false.
 */

import type { Csr } from "./_affinities.ts";
import { DUPLICATE_EPSILON, SpaceTree } from "./_space_tree.ts";

const MACHINE_EPSILON = 2 ** -52;
const FLOAT32_TINY = 1.1754943508222875e-38;

/** Exact KL(P‖Q) and its gradient; `p` is the dense `[n, n]` joint P, `w` scratch `[n, n]`. */
export function exactGradient(
  p: Float64Array,
  y: Float64Array,
  n: number,
  dim: number,
  dof: number,
  computeError: boolean,
  grad: Float64Array,
  w: Float64Array = new Float64Array(n * n),
): number {
  const exponent = (dof + 1) / -2;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let d = 0;
      for (let a = 0; a < dim; a++) d += (y[i * dim + a] - y[j * dim + a]) ** 2;
      const v = dof === 1 ? 1 / (d + 1) : (d / dof + 1) ** exponent;
      w[i * n + j] = v;
      w[j * n + i] = v;
      sum += v;
    }
  }
  let kl = computeError ? 0 : NaN;
  grad.fill(0);
  const c = 2 * (dof + 1) / dof, scale = 1 / (2 * sum); // sum runs over i < j
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const pij = p[i * n + j], wij = w[i * n + j];
      const q = Math.max(wij * scale, MACHINE_EPSILON);
      if (computeError && j > i) kl += 2 * pij * Math.log(Math.max(pij, MACHINE_EPSILON) / q);
      const mult = c * (pij - q) * wij;
      for (let a = 0; a < dim; a++) grad[i * dim + a] += mult * (y[i * dim + a] - y[j * dim + a]);
    }
  }
  return kl;
}

/**
 * Repulsive forces: `neg[i] = Σ size·q²·(yᵢ − y_cell)` over the cells the
 * traversal summarises (a leaf, or a cell with width² / distance² < θ²);
 * returns Z = Σ size·q. Coordinates are padded to 3 (unused ones are 0).
 */
function repulsion(state: BarnesHutState, n: number, theta2: number, dof: number): number {
  const { tree, px, py, pz, nx, ny, nz } = state;
  const { fanout, child, size, bx, by, bz, width2 } = tree;
  const exponent = (dof + 1) / 2;
  let sumQ = 0, stack = state.stack;
  for (let i = 0; i < n; i++) {
    const x = px[i], y = py[i], z = pz[i];
    let fx = 0, fy = 0, fz = 0, top = 0;
    stack[top++] = 0;
    while (top > 0) {
      const c = stack[--top];
      const s = size[c];
      if (s === 0) continue;
      const dx = x - bx[c], dy = y - by[c], dz = z - bz[c];
      const d2 = dx * dx + dy * dy + dz * dz;
      const first = child[c];
      if (first < 0) {
        if (
          Math.abs(dx) <= DUPLICATE_EPSILON && Math.abs(dy) <= DUPLICATE_EPSILON &&
          Math.abs(dz) <= DUPLICATE_EPSILON
        ) continue;
      } else if (!(width2[c] / d2 < theta2)) {
        if (top + fanout > stack.length) stack = state.stack = grownStack(stack);
        for (let o = fanout - 1; o >= 0; o--) stack[top++] = first + o;
        continue;
      }
      let q = dof / (dof + d2);
      if (dof !== 1) q = q ** exponent;
      sumQ += s * q;
      const mult = s * q * q;
      fx += mult * dx;
      fy += mult * dy;
      fz += mult * dz;
    }
    nx[i] = fx;
    ny[i] = fy;
    nz[i] = fz;
  }
  return sumQ;
}

function grownStack(stack: Int32Array): Int32Array {
  const more = new Int32Array(stack.length * 2);
  more.set(stack);
  return more;
}

/** Attractive forces over the sparse P; returns the KL divergence if asked. */
function attraction(
  p: Csr,
  y: Float64Array,
  n: number,
  dim: number,
  dof: number,
  sumQ: number,
  computeError: boolean,
  pos: Float64Array,
): number {
  const exponent = (dof + 1) / 2;
  const { indptr, indices, values } = p;
  let kl = 0;
  pos.fill(0);
  for (let i = 0; i < n; i++) {
    for (let e = indptr[i]; e < indptr[i + 1]; e++) {
      const j = indices[e], pij = values[e];
      let d2 = 0;
      for (let a = 0; a < dim; a++) d2 += (y[i * dim + a] - y[j * dim + a]) ** 2;
      let q = dof / (dof + d2);
      if (dof !== 1) q = q ** exponent;
      if (computeError) {
        kl += pij * Math.log(Math.max(pij, FLOAT32_TINY) / Math.max(q / sumQ, FLOAT32_TINY));
      }
      const mult = pij * q;
      for (let a = 0; a < dim; a++) pos[i * dim + a] += mult * (y[i * dim + a] - y[j * dim + a]);
    }
  }
  return computeError ? kl : NaN;
}

/** Scratch space reused across Barnes-Hut iterations. */
export class BarnesHutState {
  readonly tree: SpaceTree;
  /** Positions, padded to 3 coordinates. */
  readonly px: Float64Array;
  readonly py: Float64Array;
  readonly pz: Float64Array;
  /** Repulsive forces, padded to 3 coordinates. */
  readonly nx: Float64Array;
  readonly ny: Float64Array;
  readonly nz: Float64Array;
  readonly pos: Float64Array;
  stack: Int32Array;

  constructor(n: number, dim: number) {
    this.tree = new SpaceTree(dim, Math.max(16, 4 * n));
    [this.px, this.py, this.pz] = [0, 1, 2].map(() => new Float64Array(n));
    [this.nx, this.ny, this.nz] = [0, 1, 2].map(() => new Float64Array(n));
    this.pos = new Float64Array(n * dim);
    this.stack = new Int32Array(64 * (1 << dim) + 16);
  }
}

/** Barnes-Hut KL(P‖Q) and gradient; `p` is the sparse joint P. */
export function barnesHutGradient(
  p: Csr,
  y: Float64Array,
  n: number,
  dim: number,
  dof: number,
  theta: number,
  computeError: boolean,
  grad: Float64Array,
  state: BarnesHutState,
): number {
  const { px, py, pz, nx, ny, nz } = state;
  for (let i = 0; i < n; i++) {
    px[i] = y[i * dim];
    py[i] = dim > 1 ? y[i * dim + 1] : 0;
    pz[i] = dim > 2 ? y[i * dim + 2] : 0;
  }
  state.tree.build(px, py, pz, n);
  const sumQ = repulsion(state, n, theta * theta, dof);
  const kl = attraction(p, y, n, dim, dof, sumQ, computeError, state.pos);
  const c = 2 * (dof + 1) / dof;
  const neg = [nx, ny, nz];
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < dim; a++) {
      grad[i * dim + a] = c * (state.pos[i * dim + a] - neg[a][i] / sumQ);
    }
  }
  return kl;
}
