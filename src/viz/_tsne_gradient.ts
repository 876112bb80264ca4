/**
 * t-SNE's objective and gradient as sklearn 1.2 computes them: exact
 * (`_kl_divergence`, O(n²)) and Barnes-Hut (`_kl_divergence_bh`: attractive
 * forces over the sparse P, repulsive forces summarised by a space tree).
 * Both write `grad` and return the KL divergence, or NaN when `computeError`
 * is false.
 */

import type { Csr } from "./_affinities.ts";
import { attraction, type ForceBuffers, klTerms, repulsion } from "./_barnes_hut_forces.ts";
import { SpaceTree } from "./_space_tree.ts";
import { ForceArena } from "./_force_arena.ts";
import { forceKernelBytes, type WasmForces, wasmForces } from "./_wasm_force_kernels.ts";
import { arena } from "../memory/arena.ts";
import type { ParallelForces } from "./_tsne_parallel.ts";

const MACHINE_EPSILON = 2 ** -52;

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

/** Options of a `BarnesHutState`. */
export interface StateOptions {
  /** Threads that will compute forces (each needs a Wasm stack). @default 1 */
  threads?: number;
  /** Use the Wasm kernels where they apply (2-D, one degree of freedom). @default true */
  wasm?: boolean;
}

/** Positions, forces and scratch reused across Barnes-Hut iterations, in the shared arena. */
export class BarnesHutState implements ForceBuffers {
  readonly tree: SpaceTree;
  readonly arena: ForceArena;
  px: Float64Array;
  py: Float64Array;
  pz: Float64Array;
  nx: Float64Array;
  ny: Float64Array;
  nz: Float64Array;
  ax: Float64Array;
  ay: Float64Array;
  az: Float64Array;
  sq: Float64Array;
  kl: Float64Array;
  stack: Int32Array;
  /** The calling thread's Wasm kernels (2-D only), or undefined on the JS reference path. */
  readonly wasm: WasmForces | undefined;
  /** Workers sharing the force computation, if any. */
  parallel: ParallelForces | undefined;
  /** Z of the last forces computed (`barnesHutForces`). */
  sumQ = 0;

  constructor(n: number, dim: number, options: StateOptions = {}) {
    this.tree = new SpaceTree(dim, Math.max(16, 4 * n));
    // Room for the 2-D trees seen in practice (about 3n cells); a larger one is not shared.
    this.arena = new ForceArena(n, dim === 2 ? 8 * n + 64 : 0, options.threads ?? 1);
    [
      this.px,
      this.py,
      this.pz,
      this.nx,
      this.ny,
      this.nz,
      this.ax,
      this.ay,
      this.az,
      this.sq,
      this.kl,
    ] = this.arena.floats;
    this.stack = new Int32Array(64 * (1 << dim) + 16);
    this.wasm = (options.wasm ?? true) && dim === 2
      ? wasmForces(arena().memory, forceKernelBytes(), this.arena.layout)
      : undefined;
  }

  /**
   * Builds the space tree of the positions: in 2-D with Wasm straight into
   * the shared cells, else in `tree` (copied to the shared cells if it fits).
   * Returns whether the shared cells hold it.
   */
  buildTree(): boolean {
    const order = this.arena.orderPoints();
    if (this.wasm && this.arena.build(this.wasm)) return true;
    this.tree.build(this.px, this.py, this.pz, this.px.length, order);
    return this.arena.share(this.tree);
  }

  /** These buffers with the tree in the shared cells (for the JS walk of a shared tree). */
  get sharedView(): ForceBuffers {
    const { child, packed } = this.arena;
    return { ...this, stack: this.stack, tree: { dim: 2, child, packed } as SpaceTree };
  }

  /** Returns the arena blocks (the state is unusable afterwards). */
  dispose(): void {
    this.arena.dispose();
  }
}

/**
 * KL(P‖Q) over the sparse P: each point's terms (`klTerms`, on the force
 * threads if any), summed in point order (the same for any thread count).
 */
function klDivergence(p: Csr, b: BarnesHutState, n: number, dof: number, sumQ: number): number {
  if (b.parallel) b.parallel.kl(sumQ);
  else if (b.wasm && dof === 1 && b.arena.holds(p)) b.wasm.kl(0, n, sumQ);
  else klTerms(p.indptr, p.indices, p.values, b, 0, n, dof, sumQ);
  let kl = 0;
  for (let i = 0; i < n; i++) kl += b.kl[i];
  return kl;
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
  const { px, py, pz } = state;
  for (let i = 0; i < n; i++) {
    px[i] = y[i * dim];
    py[i] = dim > 1 ? y[i * dim + 1] : 0;
    pz[i] = dim > 2 ? y[i * dim + 2] : 0;
  }
  if (state.wasm) state.arena.roundPositions();
  const kl = barnesHutForces(p, n, dof, theta, computeError, state);
  const c = 2 * (dof + 1) / dof, sumQ = state.sumQ;
  const pos = [state.ax, state.ay, state.az], neg = [state.nx, state.ny, state.nz];
  for (let a = 0; a < dim; a++) {
    const pa = pos[a], na = neg[a];
    for (let i = 0; i < n; i++) grad[i * dim + a] = c * (pa[i] - na[i] / sumQ);
  }
  return kl;
}

/**
 * The Barnes-Hut forces at the positions in `state` (`px`, `py`, `pz`, and
 * with the Wasm kernels their float32 copy): attractive (`ax`, ...) and
 * repulsive (`nx`, ...) forces and Z (`state.sumQ`); returns KL(P‖Q), or
 * NaN when `computeError` is false.
 */
export function barnesHutForces(
  p: Csr,
  n: number,
  dof: number,
  theta: number,
  computeError: boolean,
  state: BarnesHutState,
): number {
  if (state.parallel) {
    state.parallel.run();
  } else {
    const shared = state.buildTree();
    const wasm = dof === 1 ? state.wasm : undefined, theta2 = theta * theta;
    if (!(wasm && shared && wasm.repulsion(0, n, theta2, 0))) {
      repulsion(shared ? state.sharedView : state, 0, n, theta2, dof);
    }
    if (wasm && state.arena.holds(p)) wasm.attraction(0, n);
    else attraction(p.indptr, p.indices, p.values, state, 0, n, dof);
  }
  const sq = state.sq;
  let sumQ = 0;
  for (let i = 0; i < n; i++) sumQ += sq[i];
  state.sumQ = sumQ;
  return computeError ? klDivergence(p, state, n, dof, sumQ) : NaN;
}
