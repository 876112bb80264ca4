/**
 * `deno task bench:matmul`: the Wasm `matmul` kernel on one thread beside
 * PyTorch 1.13's `torch.mm` on 1 and 2 threads and beside the Wasm SIMD
 * float32 peak of one core (bench/_simd_peak.ts: mul + add chains, and
 * `relaxed_madd` chains where the runtime has them), all measured in the same
 * run: 512 × 512 × 512, and the six products of the `mlp-step` workload's
 * linear layers (Linear(64, 256) and Linear(256, 10) on a batch of 512:
 * forward `X·Wᵀ`, `dX = dY·W`, `dW = dYᵀ·X`). Rounds alternate the three;
 * the report gives median GFLOP/s, the share of the peak of the instruction
 * the kernel uses (fused multiply-adds where `backend().fma`, else mul +
 * add; each product paired with a peak measurement just before it), and the
 * CPU model. With `fma` in use, the unfused kernel is measured beside it (in
 * the tilings table, `{"fma":false}`).
 *
 *   deno task bench:matmul [--rounds 3] [--tilings '[{"rows":4,"vecs":2}, ...]'] [--no-peer]
 *
 * `--tilings` measures other register tilings of the kernel (fields of
 * `MatmulTiling`, and `fma`) beside the default one.
 *
 * @module
 */

import { arena } from "../src/memory/arena.ts";
import { wasmRun } from "../src/runtime/wasm_instances.ts";
import { MATMUL_TILING, type MatmulTiling } from "../kernels/wasm/matmul.ts";
import { cpuModel, median } from "./_machine.ts";
import { timeCall } from "./_cpu_time.ts";
import { simdPeak } from "./_simd_peak.ts";
import { backend } from "../src/runtime/backend.ts";

interface Shape {
  readonly name: string;
  readonly M: number;
  readonly N: number;
  readonly K: number;
  readonly transA: boolean;
  readonly transB: boolean;
}

const shape = (name: string, M: number, N: number, K: number, tA: boolean, tB: boolean): Shape => ({
  name,
  M,
  N,
  K,
  transA: tA,
  transB: tB,
});
const SHAPES: Shape[] = [
  shape("512³ A·B", 512, 512, 512, false, false),
  shape("512³ A·Bᵀ", 512, 512, 512, false, true),
  shape("512³ Aᵀ·B", 512, 512, 512, true, false),
  shape("512³ Aᵀ·Bᵀ", 512, 512, 512, true, true),
  shape("L1 fwd X·W1ᵀ [512,64]·[256,64]ᵀ", 512, 256, 64, false, true),
  shape("L1 dX dY·W1 [512,256]·[256,64]", 512, 64, 256, false, false),
  shape("L1 dW dYᵀ·X [512,256]ᵀ·[512,64]", 256, 64, 512, true, false),
  shape("L2 fwd H·W2ᵀ [512,256]·[10,256]ᵀ", 512, 10, 256, false, true),
  shape("L2 dH dY·W2 [512,10]·[10,256]", 512, 256, 10, false, false),
  shape("L2 dW dYᵀ·H [512,10]ᵀ·[512,256]", 10, 256, 512, true, false),
];

const arg = (name: string, fallback: string) => {
  const at = Deno.args.indexOf(`--${name}`);
  return at >= 0 ? Deno.args[at + 1] : fallback;
};
const rounds = Number(arg("rounds", "3")), withPeer = !Deno.args.includes("--no-peer");
/** Whether the kernels users get use fused multiply-adds here (`setBackend`'s `fma`). */
const fma = backend().fma;
type Variant = Partial<MatmulTiling> & { fma?: boolean };
const tilings: Variant[] = [
  {},
  ...(fma ? [{ fma: false }] : []),
  ...JSON.parse(arg("tilings", "[]")),
];

/** Wall and CPU seconds of one product (medians), and the least CPU seconds of a sample. */
type Time = { wall: number; cpu: number; bestCpu?: number };

/** One product on the Wasm kernel, one thread, one launch over every row. */
function tessera(s: Shape, tiling: Variant): Time {
  const a = arena(), floats = [s.M * s.K, s.K * s.N, s.N, s.M * s.N];
  const ptrs = floats.map((n) => a.alloc(4 * n, "bench"));
  for (const [x, n] of floats.entries()) {
    const view = a.heap.f32.subarray(ptrs[x] >>> 2, (ptrs[x] >>> 2) + n);
    for (let e = 0; e < n; e++) view[e] = Math.random();
  }
  const spec = { transA: s.transA, transB: s.transB, bias: false, relu: false, fma, ...tiling };
  const run = wasmRun("matmul", spec);
  const seconds = timeCall(() => run(ptrs[0], ptrs[1], 0, ptrs[3], s.M, s.N, s.K, 0, 0, 0, s.M));
  ptrs.forEach((p, x) => a.free(p, 4 * floats[x]));
  return seconds;
}

/** Median wall and CPU seconds of each shape on PyTorch with `threads` threads (OpenBLAS's pool included). */
async function torch(threads: number): Promise<{ version: string; times: Time[] }> {
  const n = String(threads);
  const child = new Deno.Command("/usr/bin/python3", {
    args: [new URL("./peers/matmul_torch.py", import.meta.url).pathname],
    env: { OPENBLAS_NUM_THREADS: n, OMP_NUM_THREADS: n },
    stdin: "piped",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const writer = child.stdin.getWriter();
  const job = { shapes: SHAPES, threads: [threads], seconds: 0.2, samples: 5 };
  await writer.write(new TextEncoder().encode(JSON.stringify(job)));
  await writer.close();
  const { code, stdout } = await child.output();
  if (code !== 0) throw new Error(`PyTorch peer exited with ${code}`);
  const out = JSON.parse(new TextDecoder().decode(stdout));
  return { version: out.version, times: out.threads[n] };
}

const gflops = (s: Shape, seconds: number) => (2 * s.M * s.N * s.K) / seconds / 1e9;
/** Per round, the mul + add peak and the `relaxed_madd` peak (NaN without relaxed SIMD). */
const peaks: number[] = [], maddPeaks: number[] = [], torch1: Time[][] = [], torch2: Time[][] = [];
const ours: Time[][][] = tilings.map(() => SHAPES.map(() => []));
/** Per shape and round: the default tiling's GFLOP/s over the peak measured just before it. */
const shares: number[][] = SHAPES.map(() => []);
const PAIRED = [{ chains: 12, fused: true, madd: fma }];
/** The best sample of the peak the default kernel is held against. */
let bestPeak = 0;
let version = "?";
for (let r = 0; r < rounds; r++) {
  const peak = simdPeak(), own = peak.filter((p) => !!p.madd === fma);
  peaks.push(Math.max(...peak.filter((p) => !p.madd).map((p) => p.gflops)));
  const madds = peak.filter((p) => p.madd).map((p) => p.gflops);
  maddPeaks.push(madds.length > 0 ? Math.max(...madds) : NaN);
  bestPeak = Math.max(bestPeak, ...own.map((p) => p.bestGflops));
  if (withPeer) {
    const t1 = await torch(1), t2 = await torch(2);
    version = t1.version;
    torch1.push(t1.times);
    torch2.push(t2.times);
  }
  // Shape by shape, every tiling back to back (the machine's phases hit them alike).
  SHAPES.forEach((s, x) => {
    const paired = simdPeak(PAIRED, 3)[0], before = paired.gflops;
    bestPeak = Math.max(bestPeak, paired.bestGflops);
    tilings.forEach((tiling, v) => ours[v][x].push(tessera(s, tiling)));
    shares[x].push(gflops(s, ours[0][x][r].cpu) / before);
  });
  const layouts = peak.map((p) =>
    `${p.chains} ${p.madd ? "madd" : p.fused ? "mul+add" : "mul|add"} ${p.gflops.toFixed(1)}`
  );
  console.error(`round ${r + 1}: peak ${peaks[r].toFixed(1)} GFLOP/s (${layouts.join(", ")})`);
}

/** Median GFLOP/s of shape `x` over rounds, in CPU or wall time. */
const rate = (rows: Time[][], x: number, key: "wall" | "cpu") =>
  rows.length ? gflops(SHAPES[x], median(rows.map((t) => t[x][key]))) : NaN;
const ourRate = (v: number, x: number, key: "wall" | "cpu") =>
  gflops(SHAPES[x], median(ours[v][x].map((t) => t[key])));
const peak = median(peaks), maddPeak = median(maddPeaks), f1 = (x: number) => x.toFixed(1);
console.log(
  `matmul, float32, ${rounds} rounds; ${await cpuModel()}; load average ${
    Deno.loadavg().map((x) => x.toFixed(2)).join(" ")
  }`,
);
console.log(
  `Wasm SIMD f32 peaks of one core (independent f32x4 chains, CPU time, medians): mul + add ` +
    `${f1(peak)} GFLOP/s, relaxed_madd ${f1(maddPeak)} GFLOP/s; the kernel uses ${
      fma ? "fused multiply-adds (relaxed_madd)" : "mul + add"
    }, held against that peak (best sample ${f1(bestPeak)} GFLOP/s)\n`,
);
console.log(
  "GFLOP/s, medians. One thread: CPU time of the thread (robust to a busy machine); " +
    "2 threads: wall time. Share of the peak: median over rounds of the kernel's rate over " +
    "the peak measured just before it (the machine's load changes within a run).\n",
);
console.log(
  `| product (M × N × K) | Tessera Wasm, 1 thread | % of peak | best sample (% of best peak) | ` +
    `PyTorch ${version}, 1 thread | Tessera / PyTorch | Tessera 1 thread, wall | ` +
    `PyTorch 2 threads, wall |`,
);
console.log("|---|---|---|---|---|---|---|---|");
SHAPES.forEach((s, x) => {
  const cpu = ourRate(0, x, "cpu"), t1 = rate(torch1, x, "cpu");
  const best = gflops(s, Math.min(...ours[0][x].map((t) => t.bestCpu ?? Infinity)));
  console.log(
    `| ${s.name} (${s.M} × ${s.N} × ${s.K}) | ${f1(cpu)} | ${
      (100 * median(shares[x])).toFixed(0)
    } % | ${f1(best)} (${(100 * best / bestPeak).toFixed(0)} %) | ` +
      `${f1(t1)} | ${(cpu / t1).toFixed(2)}× | ${f1(ourRate(0, x, "wall"))} | ${
        f1(rate(torch2, x, "wall"))
      } |`,
  );
});
if (tilings.length > 1) {
  console.log(
    `\nTilings (GFLOP/s, 1 thread, CPU time; default ${JSON.stringify(MATMUL_TILING)}):\n`,
  );
  console.log(`| tiling | ${SHAPES.map((s) => s.name).join(" | ")} |`);
  console.log(`|---|${SHAPES.map(() => "---").join("|")}|`);
  tilings.forEach((tiling, v) => {
    const cells = SHAPES.map((_, x) => f1(ourRate(v, x, "cpu")));
    console.log(`| ${JSON.stringify(tiling)} | ${cells.join(" | ")} |`);
  });
}
