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

import { KERNELS } from "../kernels/registry.ts";
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
  // The Wasm result must be the JS reference's, bit for bit, before it is timed.
  run(...args, 0, units);
  const wasm = a.heap.f32.slice(out >>> 2, (out >>> 2) + units);
  KERNELS.reduce.js(a.heap, spec, args, 0, units);
  const js = a.heap.f32.subarray(out >>> 2, (out >>> 2) + units);
  if (wasm.some((v, i) => !Object.is(v, js[i]))) throw new Error(`${name}: Wasm != JS`);
  ours[name] = [
    await time(() => run(...args, 0, units)),
    await time(() => pool.run("wasm", "reduce", spec, args, ranges)),
  ];
}
await pool.shutdown();

function torch(threads: number): { workload: string; median_ms: number; version: string }[] {
  const script = new URL("./peers/torch_reduce.py", import.meta.url).pathname;
  const py = new Deno.Command(python, { args: [script, "--threads", `${threads}`] }).outputSync();
  if (!py.success) throw new Error(new TextDecoder().decode(py.stderr));
  return new TextDecoder().decode(py.stdout).trim().split("\n").map((l) => JSON.parse(l));
}
const [torch1, torch2] = [torch(1), torch(2)];

console.log(`${await cpuModel()}; [${ROWS}, ${COLS}] float32, medians`);
const gbs = (ms: number) =>
  `${ms.toFixed(3)} ms (${((4 * ROWS * COLS) / ms / 1e6).toFixed(1)} GB/s)`;
torch2.forEach((t2, k) => {
  const [one, two] = ours[t2.workload], t1 = torch1[k];
  console.log(
    `${t2.workload}: Wasm 1 thr ${gbs(one)}, Wasm 2 Workers ${gbs(two)}; PyTorch ${t2.version} ` +
      `1 thr ${gbs(t1.median_ms)}, 2 thr ${gbs(t2.median_ms)}; ` +
      `PyTorch 2 thr / Wasm 2 Workers ${(t2.median_ms / two).toFixed(2)}x, ` +
      `PyTorch 1 thr / Wasm 1 thr ${(t1.median_ms / one).toFixed(2)}x`,
  );
});
