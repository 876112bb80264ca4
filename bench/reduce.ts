/**
 * Throughput of the `reduce` kernel: the sum of a [4096, 1024] float32 tensor
 * over its last axis (`inner = 1`: contiguous rows) and over its first axis
 * (`outer = 1`: SIMD across columns), with the Wasm kernel inline (1 thread)
 * and on 2 Workers, beside PyTorch 1.13 with 2 threads in the same run.
 *
 * Run: `deno run --allow-read --allow-env --allow-run bench/reduce.ts`
 *
 * @module
 */

import { arena } from "../src/memory/arena.ts";
import { Pool } from "../src/runtime/pool.ts";
import { splitLaunch } from "../src/runtime/split.ts";
import { wasmRun } from "../src/runtime/wasm_instances.ts";
import { cpuModel, median } from "./_machine.ts";

const ROWS = 4096, COLS = 1024, MIN_MS = 1000;
const python = Deno.env.get("TORCH_PYTHON") ?? "/usr/bin/python3";

async function time(fn: () => unknown): Promise<number> {
  const times: number[] = [];
  const began = performance.now();
  while (performance.now() - began < MIN_MS || times.length < 10) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

const a = arena();
const x = a.alloc(4 * ROWS * COLS, "bench"), out = a.alloc(4 * Math.max(ROWS, COLS), "bench");
a.heap.f32.subarray(x >>> 2, (x >>> 2) + ROWS * COLS).forEach((_, i, v) => {
  v[i] = Math.sin(i) * 0.5;
});
const pool = new Pool(2);
const spec = { op: "sum" };
const run = wasmRun("reduce", spec);
const shapes = { "sum-last": [ROWS, COLS, 1], "sum-first": [1, ROWS, COLS] } as const;
const ours: Record<string, [number, number]> = {};
for (const [name, [outer, r, inner]] of Object.entries(shapes)) {
  const args = [x, out, outer, r, inner], units = outer * inner;
  const ranges = splitLaunch({ args, units, split: "even", work: units * r }, 2, a.heap);
  ours[name] = [
    await time(() => run(...args, 0, units)),
    await time(() => pool.run("wasm", "reduce", spec, args, ranges)),
  ];
}
await pool.shutdown();

const py = new Deno.Command(python, {
  args: [new URL("./peers/torch_reduce.py", import.meta.url).pathname, "--threads", "2"],
}).outputSync();
if (!py.success) throw new Error(new TextDecoder().decode(py.stderr));
const torch = new TextDecoder().decode(py.stdout).trim().split("\n").map((l) => JSON.parse(l));

console.log(`${await cpuModel()}; [${ROWS}, ${COLS}] float32, medians`);
for (const t of torch) {
  const [one, two] = ours[t.workload];
  const gbs = (ms: number) => ((4 * ROWS * COLS) / ms / 1e6).toFixed(1);
  console.log(
    `${t.workload}: Wasm 1 thr ${one.toFixed(3)} ms (${gbs(one)} GB/s), Wasm 2 Workers ${
      two.toFixed(3)
    } ms (${gbs(two)} GB/s), PyTorch ${t.version} ${t.threads} thr ${
      t.median_ms.toFixed(3)
    } ms (${gbs(t.median_ms)} GB/s); PyTorch / Wasm 2 Workers = ${
      (t.median_ms / two).toFixed(2)
    }x`,
  );
}
