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
  const { fanout, child, size, packed } = tree;
  const exponent = (dof + 1) / 2;
  let sumQ = 0, stack = state.stack;
  for (let i = 0; i < n; i++) {
    const x = px[i], y = py[i], z = pz[i];
    let fx = 0, fy = 0, fz = 0, top = 0;
    stack[top++] = 0;
    while (top > 0) {
      const c = stack[--top];
      const b = 4 * c;
      const dx = x - packed[b], dy = y - packed[b + 1], dz = z - packed[b + 2];
      const d2 = dx * dx + dy * dy + dz * dz;
      const first = child[c];
      if (first < 0) {
        if (
          Math.abs(dx) <= DUPLICATE_EPSILON && Math.abs(dy) <= DUPLICATE_EPSILON &&
          Math.abs(dz) <= DUPLICATE_EPSILON
        ) continue;
      } else if (!(packed[b + 3] < theta2 * d2)) {
        if (top + fanout > stack.length) stack = state.stack = grownStack(stack);
        for (let o = first + fanout - 1; o >= first; o--) if (size[o] > 0) stack[top++] = o;
        continue;
      }
      const s = size[c];
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

/**
 * Attractive forces `pos[i] = Σⱼ pᵢⱼ·qᵢⱼ·(yᵢ − yⱼ)` over the sparse P (padded
 * coordinates); returns the KL divergence if asked (NaN otherwise).
 */
function attraction(
  p: Csr,
  state: BarnesHutState,
  n: number,
  dof: number,
  sumQ: number,
  computeError: boolean,
): number {
  const exponent = (dof + 1) / 2;
  const { indptr, indices, values } = p;
  const { px, py, pz, ax, ay, az } = state;
  let kl = 0;
  for (let i = 0; i < n; i++) {
    const x = px[i], y = py[i], z = pz[i];
    let fx = 0, fy = 0, fz = 0;
    for (let e = indptr[i], end = indptr[i + 1]; e < end; e++) {
      const j = indices[e], pij = values[e];
      const dx = x - px[j], dy = y - py[j], dz = z - pz[j];
      let q = dof / (dof + dx * dx + dy * dy + dz * dz);
      if (dof !== 1) q = q ** exponent;
      if (computeError) {
        kl += pij * Math.log(Math.max(pij, FLOAT32_TINY) / Math.max(q / sumQ, FLOAT32_TINY));
      }
      const mult = pij * q;
      fx += mult * dx;
      fy += mult * dy;
      fz += mult * dz;
    }
    ax[i] = fx;
    ay[i] = fy;
    az[i] = fz;
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
  /** Attractive forces, padded to 3 coordinates. */
  readonly ax: Float64Array;
  readonly ay: Float64Array;
  readonly az: Float64Array;
  stack: Int32Array;

  constructor(n: number, dim: number) {
    this.tree = new SpaceTree(dim, Math.max(16, 4 * n));
    [this.px, this.py, this.pz] = [0, 1, 2].map(() => new Float64Array(n));
    [this.nx, this.ny, this.nz] = [0, 1, 2].map(() => new Float64Array(n));
    [this.ax, this.ay, this.az] = [0, 1, 2].map(() => new Float64Array(n));
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
  const kl = attraction(p, state, n, dof, sumQ, computeError);
  const c = 2 * (dof + 1) / dof;
  const pos = [state.ax, state.ay, state.az], neg = [nx, ny, nz];
  for (let a = 0; a < dim; a++) {
    const pa = pos[a], na = neg[a];
    for (let i = 0; i < n; i++) grad[i * dim + a] = c * (pa[i] - na[i] / sumQ);
  }
  return kl;
}
