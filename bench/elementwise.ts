/**
 * `deno task bench:elementwise`: the fused elementwise and softmax kernels
 * beside PyTorch 1.13 (eager, the same expressions) in the same
 * run: `relu(x * a + b)` over a 1024 × 1024 float32 `x` with `a`, `b` of
 * shape [1024] broadcast over rows, `gelu(x)`, and `softmax` /
 * `log_softmax` over the last axis. Tessera's kernels run on one thread
 * (JS reference and Wasm, in process) and split evenly over a pool of 2
 * Workers (Wasm); PyTorch with 1 and with 2 threads. Medians of `--reps N`
 * (default 30) calls, in ms, the ratios PyTorch / Tessera (above 1: Tessera
 * faster) at one thread and at two, and the CPU model.
 *
 * @module
 */

import { arena } from "../src/memory/arena.ts";
import { Pool } from "../src/runtime/pool.ts";
import { wasmRun } from "../src/runtime/wasm_instances.ts";
import { KERNELS } from "../kernels/registry.ts";
import type { KernelSpec } from "../kernels/kernel.ts";
import { cpuModel, median, medianMs } from "./_machine.ts";

const R = 1024, C = 1024, N = R * C;
const reps = Number(Deno.args[Deno.args.indexOf("--reps") + 1] ?? 30) || 30;

interface Case {
  readonly name: string;
  readonly kernel: string;
  readonly spec: KernelSpec;
  /** Args after the output pointer. */
  readonly args: (p: Ptrs) => number[];
  readonly units: number;
  /** The PyTorch expression over `x`, `a`, `b`. */
  readonly torch: string;
}
interface Ptrs {
  readonly x: number;
  readonly a: number;
  readonly b: number;
}

const CASES: readonly Case[] = [
  {
    name: "relu(x * a + b)",
    kernel: "elementwise",
    spec: { program: "mul x0 x1; add t0 x2; relu t1", rank: 2, bcast: "ff,bf,bf", dtypes: "fff" },
    args: (p) => [p.x, p.a, p.b, R, C],
    units: N,
    torch: "torch.relu(x * a + b)",
  },
  {
    name: "gelu(x)",
    kernel: "elementwise",
    spec: { program: "gelu x0", rank: 1, bcast: "f", dtypes: "f" },
    args: (p) => [p.x, N],
    units: N,
    torch: "torch.nn.functional.gelu(x)",
  },
  {
    name: "softmax(x, -1)",
    kernel: "softmax",
    spec: { log: false },
    args: (p) => [p.x, C, 1],
    units: R,
    torch: "torch.softmax(x, -1)",
  },
  {
    name: "log_softmax(x, -1)",
    kernel: "softmax",
    spec: { log: true },
    args: (p) => [p.x, C, 1],
    units: R,
    torch: "torch.log_softmax(x, -1)",
  },
];

function time(fn: () => void): number {
  const ms: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    ms.push(performance.now() - t0);
  }
  return median(ms);
}

/** PyTorch medians (ms) for every case with `threads` threads, from one subprocess. */
function torchTimes(threads: number): number[] {
  const script = `
import torch, time, json
torch.set_num_threads(${threads})
g = torch.Generator().manual_seed(0)
x = torch.randn(${R}, ${C}, generator=g) * 3
a = torch.randn(${C}, generator=g)
b = torch.randn(${C}, generator=g)
out = []
for expr in ${JSON.stringify(CASES.map((c) => c.torch))}:
    f = eval("lambda: " + expr)
    for _ in range(5): f()
    ts = []
    for _ in range(${reps}):
        t0 = time.perf_counter(); f(); ts.append((time.perf_counter() - t0) * 1000)
    out.append(sorted(ts)[len(ts) // 2])
print(json.dumps([torch.__version__, out]))
`;
  const python = Deno.env.get("TORCH_PYTHON") ?? "/usr/bin/python3";
  const { stdout, success } = new Deno.Command(python, { args: ["-c", script] }).outputSync();
  if (!success) throw new Error("bench: the PyTorch run failed");
  const [version, times] = JSON.parse(new TextDecoder().decode(stdout));
  if (threads === 1) console.log(`PyTorch ${version}, eager`);
  return times;
}

async function main(): Promise<void> {
  console.log(await cpuModel());
  const ar = arena(), f32 = () => ar.heap.f32;
  const p = {
    x: ar.alloc(4 * N, "bench"),
    a: ar.alloc(4 * C, "bench"),
    b: ar.alloc(4 * C, "bench"),
  };
  const out = ar.alloc(4 * N, "bench");
  for (let i = 0; i < N; i++) f32()[(p.x >>> 2) + i] = (Math.sin(i * 12.9898) * 43758.5453 % 1) * 6;
  for (let i = 0; i < C; i++) {
    f32()[(p.a >>> 2) + i] = Math.cos(i), f32()[(p.b >>> 2) + i] = Math.sin(i);
  }
  const pool = new Pool(2), torch1 = torchTimes(1), torch2 = torchTimes(2);
  const ms = (v: number) => `${v.toFixed(2)} ms`.padStart(11),
    x = (v: number) => `${v.toFixed(2)}x`.padStart(8);
  console.log(
    `${"case".padEnd(20)}${
      ["JS 1 thr", "Wasm 1 thr", "PyTorch 1", "ratio", "Wasm 2 W", "PyTorch 2", "ratio"]
        .map((h, i) => h.padStart(i === 3 || i === 6 ? 8 : 11)).join("")
    }`,
  );
  for (const [i, c] of CASES.entries()) {
    const args = [out, ...c.args(p)], k = KERNELS[c.kernel], run = wasmRun(c.kernel, c.spec);
    const ranges: [number, number][] = [[0, c.units >> 1], [c.units >> 1, c.units]];
    const js = time(() => void k.js(ar.heap, c.spec, args, 0, c.units));
    const wasm = time(() => void run(...args, 0, c.units));
    const workers = await medianMs(() => pool.run("wasm", c.kernel, c.spec, args, ranges), reps, 1);
    const row = [ms(js), ms(wasm), ms(torch1[i]), x(torch1[i] / wasm), ms(workers), ms(torch2[i])];
    console.log(`${c.name.padEnd(20)}${row.join("")}${x(torch2[i] / workers)}`);
  }
  await pool.shutdown();
}

await main();
