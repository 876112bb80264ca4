/**
 * Barnes-Hut t-SNE forces over a range of points, as sklearn computes them
 * (`compute_gradient_negative` / `_positive`). Self-contained functions (no
 * module-scope references but `SpaceTree`), so the parallel path can ship
 * their source to Workers. Coordinates are padded to 3 (unused ones are 0).
 */

import type { SpaceTree } from "./_space_tree.ts";
import { attractionPlanar, klTermsPlanar, repulsionPlanar } from "./_planar_forces.ts";

/** Positions, forces and scratch of one thread; arrays may live in shared memory. */
export interface ForceBuffers {
  tree: SpaceTree;
  px: Float64Array;
  py: Float64Array;
  pz: Float64Array;
  /** Repulsive forces (not yet divided by Z). */
  nx: Float64Array;
  ny: Float64Array;
  nz: Float64Array;
  /** Attractive forces. */
  ax: Float64Array;
  ay: Float64Array;
  az: Float64Array;
  /** Each point's share of Z = Σ size·q. */
  sq: Float64Array;
  /** Each point's terms of KL(P‖Q) (see `klTerms`). */
  kl: Float64Array;
  stack: Int32Array;
}

/**
 * Repulsive forces of points `[start, end)` against the tree's cells: a
 * leaf, or a cell with width² / distance² < θ², is one summary.
 */
export function repulsion(
  b: ForceBuffers,
  start: number,
  end: number,
  theta2: number,
  dof: number,
): void {
  if (b.tree.dim === 2) return repulsionPlanar(b, start, end, theta2, dof);
  const { px, py, pz, nx, ny, nz, sq } = b;
  const { fanout, child, size, packed } = b.tree;
  const exponent = (dof + 1) / 2, eps = 1e-6;
  let stack = b.stack;
  for (let i = start; i < end; i++) {
    const x = px[i], y = py[i], z = pz[i];
    let fx = 0, fy = 0, fz = 0, sumQ = 0, top = 0;
    stack[top++] = 0;
    while (top > 0) {
      const c = stack[--top];
      const o4 = 4 * c;
      const dx = x - packed[o4], dy = y - packed[o4 + 1], dz = z - packed[o4 + 2];
      const d2 = dx * dx + dy * dy + dz * dz;
      const first = child[c];
      if (first < 0) {
        if (Math.abs(dx) <= eps && Math.abs(dy) <= eps && Math.abs(dz) <= eps) continue;
      } else if (!(packed[o4 + 3] < theta2 * d2)) {
        if (top + fanout > stack.length) {
          const more = new Int32Array(stack.length * 2);
          more.set(stack);
          stack = b.stack = more;
        }
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
    sq[i] = sumQ;
  }
}

/**
 * Attractive forces `Σⱼ pᵢⱼ·qᵢⱼ·(yᵢ − yⱼ)` of points `[start, end)` over the
 * sparse P (in 2-D with one degree of freedom: `attractionPlanar`).
 */
export function attraction(
  indptr: Int32Array,
  indices: Int32Array,
  values: Float64Array,
  b: ForceBuffers,
  start: number,
  end: number,
  dof: number,
): void {
  if (b.tree.dim === 2 && dof === 1) {
    return attractionPlanar(indptr, indices, values, b, start, end);
  }
  const { px, py, pz, ax, ay, az } = b;
  const exponent = (dof + 1) / 2;
  for (let i = start; i < end; i++) {
    const x = px[i], y = py[i], z = pz[i];
    let fx = 0, fy = 0, fz = 0;
    for (let e = indptr[i], stop = indptr[i + 1]; e < stop; e++) {
      const j = indices[e];
      const dx = x - px[j], dy = y - py[j], dz = z - pz[j];
      let q = dof / (dof + dx * dx + dy * dy + dz * dz);
      if (dof !== 1) q = q ** exponent;
      const mult = values[e] * q;
      fx += mult * dx;
      fy += mult * dy;
      fz += mult * dz;
    }
    ax[i] = fx;
    ay[i] = fy;
    az[i] = fz;
  }
}

/**
 * Each point's terms of KL(P‖Q) over the sparse P (`kl[i] = Σⱼ pᵢⱼ ·
 * log(pᵢⱼ / qᵢⱼ)`, as sklearn's `compute_gradient_positive` sums them, the
 * float32 floor included) for points `[start, end)`; `sumQ` is Z (in 2-D
 * with one degree of freedom: `klTermsPlanar`).
 */
export function klTerms(
  indptr: Int32Array,
  indices: Int32Array,
  values: Float64Array,
  b: ForceBuffers,
  start: number,
  end: number,
  dof: number,
  sumQ: number,
): void {
  if (b.tree.dim === 2 && dof === 1) {
    return klTermsPlanar(indptr, indices, values, b, start, end, sumQ);
  }
  const { px, py, pz, kl } = b;
  const exponent = (dof + 1) / 2, tiny = 1.1754943508222875e-38;
  for (let i = start; i < end; i++) {
    let sum = 0;
    for (let e = indptr[i]; e < indptr[i + 1]; e++) {
      const j = indices[e], pij = values[e];
      const d2 = (px[i] - px[j]) ** 2 + (py[i] - py[j]) ** 2 + (pz[i] - pz[j]) ** 2;
      let q = dof / (dof + d2);
      if (dof !== 1) q = q ** exponent;
      sum += pij * Math.log(Math.max(pij, tiny) / Math.max(q / sumQ, tiny));
    }
    kl[i] = sum;
  }
}
