/**
 * Barnes-Hut forces on several threads: the calling thread and `threads − 1`
 * Workers each build the space tree over the shared positions and compute
 * the forces of their own range of points into shared arrays (each point's
 * forces and share of Z are computed alone, so results are identical to one
 * thread's). One iteration is a generation bump and `Atomics.notify`; the
 * calling thread waits on a done counter. The Workers' source is shipped as
 * text (as the runtime's pool does), so they load the same way everywhere.
 */

import { Worker } from "node:worker_threads";
import { attraction, repulsion } from "./_barnes_hut_forces.ts";
import type { Csr } from "./_affinities.ts";
import { DUPLICATE_EPSILON, grown, SpaceTree } from "./_space_tree.ts";
import type { BarnesHutState } from "./_tsne_gradient.ts";

/** The CommonJS `require` of an eval'd `node:worker_threads` Worker. */
declare const require: (id: string) => unknown;

/** Control words: generation, command (1 run, 2 exit), Workers done. */
const GEN = 0, CMD = 1, DONE = 2;

/** The Worker's loop (runs from source text: no references to module scope). */
function workerMain(): void {
  type Port = { once(e: string, f: (m: never) => void): void; postMessage(m: unknown): void };
  const { parentPort } = require("node:worker_threads") as { parentPort: Port };
  parentPort.once("message", (m: Record<string, never>) => {
    const ctl = new Int32Array(m.control);
    const f = (name: string) => new Float64Array(m[name]);
    const b = {
      tree: new SpaceTree(m.dim, Math.max(16, 4 * m.n)),
      px: f("px"),
      py: f("py"),
      pz: f("pz"),
      nx: f("nx"),
      ny: f("ny"),
      nz: f("nz"),
      ax: f("ax"),
      ay: f("ay"),
      az: f("az"),
      sq: f("sq"),
      stack: new Int32Array(256),
    };
    const indptr = new Int32Array(m.indptr), indices = new Int32Array(m.indices);
    const values = new Float64Array(m.values);
    parentPort.postMessage("ready");
    let generation = 0;
    for (;;) {
      Atomics.wait(ctl, 0, generation);
      generation = Atomics.load(ctl, 0);
      if (Atomics.load(ctl, 1) === 2) return;
      b.tree.build(b.px, b.py, b.pz, m.n);
      repulsion(b, m.start, m.end, m.theta2, m.dof);
      attraction(indptr, indices, values, b, m.start, m.end, m.dof);
      Atomics.add(ctl, 2, 1);
      Atomics.notify(ctl, 2);
    }
  });
}

const SOURCE = [
  '"use strict";',
  `const DUPLICATE_EPSILON = ${DUPLICATE_EPSILON};`,
  grown.toString(),
  SpaceTree.toString(),
  repulsion.toString(),
  attraction.toString(),
  `(${workerMain.toString()})();`,
].join("\n");

/** True where shared memory, Workers and a blocking wait on this thread are available. */
function supported(): boolean {
  try {
    const probe = new Int32Array(new SharedArrayBuffer(4));
    return Atomics.wait(probe, 0, 1, 0) === "not-equal";
  } catch {
    return false;
  }
}

/** Copies an array into shared memory. */
function shared<T extends Int32Array | Float64Array>(a: T): T {
  const out = new (a.constructor as new (b: SharedArrayBuffer) => T)(
    new SharedArrayBuffer(a.byteLength),
  );
  out.set(a);
  return out;
}

/** The Workers of one `tsne()` run. */
export class ParallelForces {
  #workers: Worker[];
  #ctl: Int32Array;
  #state: BarnesHutState;
  #p: Csr;
  #end: number;
  #theta2: number;
  #dof: number;

  private constructor(
    workers: Worker[],
    ctl: Int32Array,
    state: BarnesHutState,
    p: Csr,
    end: number,
    theta2: number,
    dof: number,
  ) {
    this.#workers = workers;
    this.#ctl = ctl;
    this.#state = state;
    this.#p = p;
    this.#end = end;
    this.#theta2 = theta2;
    this.#dof = dof;
  }

  /**
   * Starts `threads − 1` Workers over `state` (whose arrays must be shared)
   * and moves `p.values` into shared memory (so exaggerating P in place
   * reaches them). Returns undefined where threads are not available.
   */
  static async start(
    p: Csr,
    state: BarnesHutState,
    n: number,
    dim: number,
    dof: number,
    theta: number,
    threads: number,
  ): Promise<ParallelForces | undefined> {
    if (threads < 2 || !supported()) return undefined;
    p.values = shared(p.values);
    const control = new SharedArrayBuffer(16), ctl = new Int32Array(control);
    const cut = (k: number) => Math.round((n * k) / threads);
    const buffers = Object.fromEntries(
      (["px", "py", "pz", "nx", "ny", "nz", "ax", "ay", "az", "sq"] as const).map((
        k,
      ) => [k, state[k].buffer]),
    );
    const workers = await Promise.all(Array.from({ length: threads - 1 }, async (_, w) => {
      const worker = new Worker(SOURCE, { eval: true });
      const ready = new Promise<void>((resolve, reject) => {
        worker.once("message", () => resolve());
        worker.once("error", reject);
      });
      worker.postMessage({
        control,
        ...buffers,
        indptr: shared(p.indptr).buffer,
        indices: shared(p.indices).buffer,
        values: p.values.buffer,
        n,
        dim,
        dof,
        theta2: theta * theta,
        start: cut(w + 1),
        end: cut(w + 2),
      });
      await ready;
      worker.unref();
      return worker;
    }));
    return new ParallelForces(workers, ctl, state, p, cut(1), theta * theta, dof);
  }

  /** Computes every point's forces and share of Z from the shared positions. */
  run(): void {
    const ctl = this.#ctl, s = this.#state, n = s.px.length;
    Atomics.store(ctl, DONE, 0);
    Atomics.store(ctl, CMD, 1);
    Atomics.add(ctl, GEN, 1);
    Atomics.notify(ctl, GEN);
    s.tree.build(s.px, s.py, s.pz, n);
    repulsion(s, 0, this.#end, this.#theta2, this.#dof);
    attraction(this.#p.indptr, this.#p.indices, this.#p.values, s, 0, this.#end, this.#dof);
    for (
      let done = Atomics.load(ctl, DONE);
      done < this.#workers.length;
      done = Atomics.load(ctl, DONE)
    ) {
      Atomics.wait(ctl, DONE, done);
    }
  }

  /** Stops the Workers. */
  async close(): Promise<void> {
    Atomics.store(this.#ctl, CMD, 2);
    Atomics.add(this.#ctl, GEN, 1);
    Atomics.notify(this.#ctl, GEN);
    await Promise.all(this.#workers.map((w) => w.terminate()));
  }
}
