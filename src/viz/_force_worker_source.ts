/**
 * The source of `tsne()`'s force Workers (see `_tsne_parallel.ts`): their
 * loop (`workerMain`) and the self-contained functions it calls, as text.
 * A Worker takes a setup message (`_parallel_affinities.ts`: its share of
 * the neighbours and P) or a run message (forces until told to stop).
 */

import { attraction, klTerms, repulsion } from "./_barnes_hut_forces.ts";
import { attractionPlanar, klTermsPlanar, repulsionPlanar } from "./_planar_forces.ts";
import { logF64 } from "../../kernels/_math64.ts";
import { DUPLICATE_EPSILON, grown, SpaceTree, upperBound } from "./_space_tree.ts";
import { type ForceLayout, STACK_ENTRIES } from "./_force_arena.ts";
import { wasmForces } from "./_wasm_force_kernels.ts";
import { ENTRY } from "./_wasm_repulsion.ts";
import { chunksLeft, takeChunks } from "./_force_chunks.ts";
import { mergeRow, offer, sortHeap, sortLists } from "./_neighbors.ts";
import { perplexityRow, perplexityRows, perplexityStep } from "./_affinities.ts";
import { offerRow, setupThread } from "./_parallel_affinities.ts";

/** The CommonJS `require` of an eval'd `node:worker_threads` Worker. */
declare const require: (id: string) => unknown;

/** The Worker's loop (runs from source text: no references to module scope). */
function workerMain(): void {
  type Port = { on(e: string, f: (m: never) => void): void; postMessage(m: unknown): void };
  const { parentPort } = require("node:worker_threads") as { parentPort: Port };
  // One run per first message; between runs the Worker waits for the next.
  parentPort.on("message", (m: Record<string, never>) => {
    if (m.setup) {
      return setupThread(m.memory, m.code, new Int32Array(m.control), m.layout, m.thread);
    }
    const ctl = new Int32Array(m.control);
    const memory = m.memory as WebAssembly.Memory, l = m.layout as ForceLayout;
    const buffer = memory.buffer, n = l.n;
    const [px, py, pz, nx, ny, nz, ax, ay, az, sq, kl] = l.floats.map((o) =>
      new Float64Array(buffer, o, n)
    );
    const sumQ = new Float64Array(m.control, 32, 1);
    const b = {
      tree: new SpaceTree(m.dim, Math.max(16, 4 * n)),
      ...{ px, py, pz, nx, ny, nz, ax, ay, az, sq, kl },
      stack: new Int32Array(256),
    };
    const indptr = new Int32Array(buffer, l.indptr, n + 1);
    const order = new Int32Array(buffer, l.order, n); // the caller's, before it builds the tree
    const indices = new Int32Array(buffer, l.indices, l.nnz);
    const values = new Float64Array(buffer, l.values, l.nnz);
    // The calling thread's 2-D tree, when it fits the shared cells.
    const planar = {
      ...b,
      tree: {
        dim: 2,
        child: new Int32Array(buffer, l.child, l.capacity),
        packed: new Float64Array(buffer, l.packed, 4 * l.capacity),
      },
    } as unknown as typeof b;
    const wasm = m.wasm ? wasmForces(memory, m.code, l) : undefined;
    parentPort.postMessage("ready");
    const { chunk, chunks, dof, theta2, thread } = m;
    let generation = 0, tree: typeof b | undefined;
    /** This generation's tree, once the calling thread has built it (or built here). */
    const built = () => {
      if (tree) return tree;
      for (let t = Atomics.load(ctl, 5); t !== generation; t = Atomics.load(ctl, 5)) {
        Atomics.wait(ctl, 5, t);
      }
      tree = Atomics.load(ctl, 4) === 1 ? planar : b;
      if (tree === b) b.tree.build(px, py, pz, n, m.dim === 2 ? order : undefined);
      return tree;
    };
    /** Chunks below `chunks` are attraction (no tree needed), the rest repulsion. */
    const work = (k: number) => {
      const start = (k % chunks) * chunk, end = Math.min(n, start + chunk);
      if (k < chunks) {
        if (wasm) wasm.attraction(start, end);
        else attraction(indptr, indices, values, b, start, end, dof);
      } else {
        const t = built();
        if (!(wasm && t === planar && wasm.repulsion(start, end, theta2, thread))) {
          repulsion(t, start, end, theta2, dof);
        }
      }
    };
    /** KL chunks (command 3): each point's terms. */
    const klWork = (k: number) => {
      const start = k * chunk, end = Math.min(n, start + chunk);
      if (wasm) wasm.kl(start, end, sumQ[0]);
      else klTerms(indptr, indices, values, b, start, end, dof, sumQ[0]);
    };
    for (;;) {
      Atomics.wait(ctl, 0, generation);
      generation = Atomics.load(ctl, 0);
      const command = Atomics.load(ctl, 1);
      if (command === 2) return;
      tree = undefined;
      const total = command === 3 ? chunks : 2 * chunks;
      if (chunksLeft(ctl, generation, total)) {
        takeChunks(ctl, generation, total, command === 3 ? klWork : work);
      }
    }
  });
}

/** The Workers' source: `workerMain` and what it calls. */
export const SOURCE: string = [
  '"use strict";',
  `const DUPLICATE_EPSILON = ${DUPLICATE_EPSILON};`,
  `const STACK_ENTRIES = ${STACK_ENTRIES};`,
  `const ENTRY = ${ENTRY};`,
  grown.toString(),
  upperBound.toString(),
  SpaceTree.toString(),
  repulsion.toString(),
  repulsionPlanar.toString(),
  attractionPlanar.toString(),
  klTermsPlanar.toString(),
  logF64.toString(),
  attraction.toString(),
  klTerms.toString(),
  wasmForces.toString(),
  takeChunks.toString(),
  chunksLeft.toString(),
  offer.toString(),
  offerRow.toString(),
  sortLists.toString(),
  sortHeap.toString(),
  perplexityRows.toString(),
  perplexityStep.toString(),
  perplexityRow.toString(),
  mergeRow.toString(),
  setupThread.toString(),
  `(${workerMain.toString()})();`,
].join("\n");
