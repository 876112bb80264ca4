/**
 * Runs a kernel launch on 2 Workers (JS or Wasm kernels, units split in two
 * ranges) and returns its first buffer arg afterwards: the Worker side of
 * the dense kernels' tests (helpers shipped as source, `Math.pow` imported).
 */

import { Pool } from "../../src/runtime/pool.ts";
import { arena } from "../../src/memory/arena.ts";
import type { Launch } from "./_kernel_harness.ts";

/** The output (arg 0) of `l` run on a pool of 2 Workers with `kind` kernels. */
export async function runOnWorkers(l: Launch, kind: "js" | "wasm"): Promise<Float32Array> {
  const a = arena(), pool = new Pool(2);
  const ptrs = l.args.map((x) => (typeof x === "number" ? x : a.alloc(x.byteLength, "test")));
  try {
    l.args.forEach((x, i) => {
      if (typeof x !== "number") {
        a.heap.u8.set(new Uint8Array(x.buffer, x.byteOffset, x.byteLength), ptrs[i]);
      }
    });
    const half = l.units >> 1;
    await pool.run(kind, l.kernel, l.spec, ptrs, [[0, half], [half, l.units]]);
    const out = l.args[0] as Float32Array;
    return a.heap.f32.slice(ptrs[0] >>> 2, (ptrs[0] >>> 2) + out.length);
  } finally {
    await pool.shutdown();
    l.args.forEach((x, i) => typeof x !== "number" && a.free(ptrs[i], x.byteLength));
  }
}
