/**
 * Barnes-Hut forces on several threads. The Workers are started before P is
 * computed (they take a while to load) and see the state in the shared
 * arena (`_force_arena.ts`). In each iteration the calling thread builds the
 * space tree (in 2-D it copies it to the arena, where the Wasm kernels of
 * every thread read it; a tree too large for the shared cells, or a 1-D or
 * 3-D one, each Worker builds for itself and walks in JS) while Workers
 * start on the attractive forces, which need no tree; then every thread
 * takes chunks of points from a shared counter (see `_force_chunks.ts`)
 * until none is left. Each point's forces and share of Z are computed
 * alone, so results are identical to one thread's, whoever takes which
 * chunk, and a thread that wakes late (the machine is busy) finds fewer
 * chunks or none rather than holding the others up. The calling thread
 * waits on the count of finished chunks. The Workers' source
 * (`_force_worker_source.ts`) is shipped as text (as the runtime's pool
 * does), so they load the same way everywhere; before a run they also take
 * their share of its setup (`_parallel_affinities.ts`).
 */

import type { Worker } from "node:worker_threads";
import { releaseWorkers, takeWorkers } from "./_force_workers.ts";
import { attraction, klTerms, repulsion } from "./_barnes_hut_forces.ts";
import type { Csr } from "./_affinities.ts";
import { forceKernelBytes } from "./_wasm_force_kernels.ts";
import { arena } from "../memory/arena.ts";
import { CHUNK_BITS, takeChunks } from "./_force_chunks.ts";
import type { BarnesHutState } from "./_tsne_gradient.ts";
import { SOURCE } from "./_force_worker_source.ts";
import { GROUP } from "./_wasm_repulsion.ts";

/** Control words (see `_force_chunks.ts`). */
const GEN = 0, CMD = 1, FINISHED = 2, NEXT = 3, SHARED_TREE = 4, TREE_GEN = 5;

/** True where shared memory, Workers and a blocking wait on this thread are available. */
function supported(): boolean {
  try {
    const probe = new Int32Array(new SharedArrayBuffer(4));
    return Atomics.wait(probe, 0, 1, 0) === "not-equal";
  } catch {
    return false;
  }
}

/**
 * The Workers of `threads` force threads (none where threads are not
 * available), kept from an earlier run or started now: new ones load while
 * the caller computes P; all wait for `ParallelForces.start`. Hand them
 * back with `ParallelForces.close` or `releaseWorkers`.
 */
export function spawnWorkers(threads: number): Worker[] {
  if (threads < 2 || !supported()) return [];
  return takeWorkers(threads - 1, SOURCE);
}

/** The Workers of one `tsne()` run. */
export class ParallelForces {
  #workers: Worker[];
  #ctl: Int32Array;
  #state: BarnesHutState;
  #chunks: number;
  #work: (chunk: number) => void;
  #klWork: (chunk: number) => void;
  #sumQ: Float64Array;

  private constructor(
    workers: Worker[],
    ctl: Int32Array,
    state: BarnesHutState,
    chunks: number,
    work: (chunk: number) => void,
    klWork: (chunk: number) => void,
  ) {
    this.#klWork = klWork;
    this.#sumQ = new Float64Array(ctl.buffer, 32, 1);
    this.#workers = workers;
    this.#ctl = ctl;
    this.#state = state;
    this.#chunks = chunks;
    this.#work = work;
  }

  /**
   * Starts the force computation on `workers` (from `spawnWorkers`, owned
   * from here on) over `state` (which must have a stack for each thread) and
   * moves `p` into the arena (so exaggerating P in place reaches them).
   * Returns undefined, the Workers stopped, where threads are not used.
   */
  static async start(
    p: Csr,
    state: BarnesHutState,
    n: number,
    dim: number,
    dof: number,
    theta: number,
    workers: Worker[],
  ): Promise<ParallelForces | undefined> {
    // Enough chunks for a fair share whoever is late (at most 256 of each kind),
    // whole groups of the Wasm repulsion (`GROUP` points walk the tree together).
    const chunk = GROUP * Math.ceil(Math.max(2 * GROUP, n / 256) / GROUP);
    const chunks = Math.ceil(n / chunk);
    if (workers.length === 0 || 2 * chunks >= 1 << CHUNK_BITS) {
      await releaseWorkers(workers);
      return undefined;
    }
    state.arena.attach(p);
    // Control words, then Z for the KL chunks.
    const control = new SharedArrayBuffer(40), ctl = new Int32Array(control);
    const wasm = dof === 1 ? state.wasm : undefined, theta2 = theta * theta;
    await Promise.all(workers.map(async (worker, t) => {
      const ready = new Promise<void>((resolve, reject) => {
        worker.once("message", () => {
          worker.off("error", reject);
          resolve();
        });
        worker.once("error", reject);
      });
      worker.postMessage({
        control,
        memory: arena().memory,
        layout: state.arena.layout,
        code: forceKernelBytes(),
        wasm: wasm !== undefined,
        dim,
        dof,
        theta2,
        chunk,
        chunks,
        thread: t + 1,
      });
      await ready;
    }));
    const work = (k: number) => {
      const start = (k % chunks) * chunk, end = Math.min(n, start + chunk);
      if (k < chunks) {
        if (wasm) wasm.attraction(start, end);
        else attraction(p.indptr, p.indices, p.values, state, start, end, dof);
      } else if (!(wasm && state.arena.shared && wasm.repulsion(start, end, theta2, 0))) {
        repulsion(state.arena.shared ? state.sharedView : state, start, end, theta2, dof);
      }
    };
    const klWork = (k: number) => {
      const start = k * chunk, end = Math.min(n, start + chunk);
      if (wasm) wasm.kl(start, end, sumQ[0]);
      else klTerms(p.indptr, p.indices, p.values, state, start, end, dof, sumQ[0]);
    };
    const sumQ = new Float64Array(control, 32, 1);
    return new ParallelForces(workers, ctl, state, chunks, work, klWork);
  }

  /** Starts a generation of `command` (1 forces, 3 KL terms); returns it. */
  #start(command: number): number {
    const ctl = this.#ctl, generation = (Atomics.load(ctl, GEN) + 1) | 0;
    Atomics.store(ctl, FINISHED, 0);
    Atomics.store(ctl, CMD, command);
    Atomics.store(ctl, NEXT, (generation & 0x1fffff) << CHUNK_BITS);
    Atomics.store(ctl, GEN, generation);
    Atomics.notify(ctl, GEN);
    return generation;
  }

  /** Takes chunks of `generation` with the Workers until all `total` are finished. */
  #finish(generation: number, total: number, work: (chunk: number) => void): void {
    const ctl = this.#ctl;
    takeChunks(ctl, generation, total, work);
    for (let done = Atomics.load(ctl, FINISHED); done < total; done = Atomics.load(ctl, FINISHED)) {
      Atomics.wait(ctl, FINISHED, done);
    }
  }

  /** Computes each point's terms of KL(P‖Q) (`state.kl`) given Z. */
  kl(sumQ: number): void {
    this.#sumQ[0] = sumQ;
    this.#finish(this.#start(3), this.#chunks, this.#klWork);
  }

  /** Computes every point's forces and share of Z from the shared positions. */
  run(): void {
    const ctl = this.#ctl, s = this.#state, chunks = this.#chunks;
    const generation = this.#start(1), total = 2 * chunks;
    // Workers start on the attraction chunks meanwhile.
    const fits = s.buildTree();
    Atomics.store(ctl, SHARED_TREE, fits ? 1 : 0);
    Atomics.store(ctl, TREE_GEN, generation);
    Atomics.notify(ctl, TREE_GEN);
    this.#finish(generation, total, this.#work);
  }

  /** Stops the Workers' run and hands them back (see `_force_workers.ts`). */
  async close(): Promise<void> {
    Atomics.store(this.#ctl, CMD, 2);
    Atomics.add(this.#ctl, GEN, 1);
    Atomics.notify(this.#ctl, GEN);
    await releaseWorkers(this.#workers);
  }
}
