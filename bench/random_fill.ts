/**
 * `deno task bench:random`: initialising tables. `randn` and `randUniform`
 * of 1M × 64 and `new Embedding(2 ** 24, 8)` (PyTorch's N(0, 1) init), each
 * beside `zeros` of the same size (the memory-bandwidth yardstick), the
 * sequential stream loop the fills used before (the same values, on the
 * calling thread, into a plain Float32Array), and PyTorch 1.13's
 * `torch.zeros` / `torch.randn` / `torch.rand` / `nn.Embedding(2**24, 8)` on
 * 2 threads, all in the same run. Rounds alternate the cases; the report
 * gives medians, ratios and the CPU model.
 *
 *   deno task bench:random [--rounds 5] [--no-peer]
 *
 * @module
 */

import { Embedding, randn, randUniform, zeros } from "../mod.ts";
import { backend } from "../src/runtime/backend.ts";
import { fillNormal, fillUniform, Random } from "../src/tensor/random.ts";
import { cpuModel, median } from "./_machine.ts";

const arg = (name: string, fallback: string) => {
  const at = Deno.args.indexOf(`--${name}`);
  return at >= 0 ? Deno.args[at + 1] : fallback;
};
const rounds = Number(arg("rounds", "5")), withPeer = !Deno.args.includes("--no-peer");
const ROWS = 1_000_000, DIM = 64, V = 2 ** 24, D = 8;

const CASES: Record<string, () => unknown> = {
  "zeros([1M, 64])": () => zeros([ROWS, DIM]).dataSync(),
  "randn([1M, 64])": () => randn([ROWS, DIM], { seed: 1 }).dataSync(),
  "randUniform([1M, 64])": () => randUniform([ROWS, DIM], { seed: 1 }).dataSync(),
  "sequential normal loop, 1M × 64 (before)": () =>
    fillNormal(new Random(1), new Float32Array(ROWS * DIM)),
  "sequential uniform loop, 1M × 64 (before)": () =>
    fillUniform(new Random(1), new Float32Array(ROWS * DIM)),
  "zeros([2^24, 8])": () => zeros([V, D]).dataSync(),
  "new Embedding(2^24, 8)": () => new Embedding(V, D, { seed: 1 }).weight.dataSync(),
  "sequential normal loop, 2^24 × 8 (before)": () =>
    fillNormal(new Random(1), new Float32Array(V * D)),
};

const TORCH = `
import time, torch, json, statistics
torch.set_num_threads(2)
torch.manual_seed(1)
cases = {
  "torch.zeros(1M, 64)": lambda: torch.zeros(1000000, 64),
  "torch.randn(1M, 64)": lambda: torch.randn(1000000, 64),
  "torch.rand(1M, 64)": lambda: torch.rand(1000000, 64),
  "torch.zeros(2^24, 8)": lambda: torch.zeros(2**24, 8),
  "nn.Embedding(2^24, 8)": lambda: torch.nn.Embedding(2**24, 8),
}
times = {k: [] for k in cases}
for _ in range(${rounds}):
  for k, f in cases.items():
    t0 = time.perf_counter(); x = f(); times[k].append((time.perf_counter() - t0) * 1e3); del x
print(json.dumps({k: statistics.median(v) for k, v in times.items()}))
`;

async function torchTimes(): Promise<Record<string, number>> {
  const child = new Deno.Command("/usr/bin/python3", { args: ["-c", TORCH], stdout: "piped" });
  const { stdout, success } = await child.output();
  if (!success) throw new Error("the PyTorch peer failed");
  return JSON.parse(new TextDecoder().decode(stdout));
}

const ms: Record<string, number[]> = Object.fromEntries(Object.keys(CASES).map((k) => [k, []]));
CASES["randn([1M, 64])"](); // warm up the Workers and the kernels
/** Untimed between cases: collect the previous tables, so the arena holds one at a time. */
const collect = async () => {
  (globalThis as { gc?: () => void }).gc?.();
  await new Promise((resolve) => setTimeout(resolve, 0));
};
for (let r = 0; r < rounds; r++) {
  for (const [name, run] of Object.entries(CASES)) {
    await collect();
    const t0 = performance.now();
    run();
    ms[name].push(performance.now() - t0);
  }
}
const ours = Object.fromEntries(Object.entries(ms).map(([k, v]) => [k, median(v)]));
const peer = withPeer ? await torchTimes() : {};
const load = Deno.loadavg().map((x) => x.toFixed(2));
const { kernels, executor, workers } = backend();
console.log(`${await cpuModel()}; load ${load.join(" ")}; ${executor}/${kernels} x${workers}`);
console.log(`median of ${rounds} rounds, ms:`);
const row = (name: string, t: number, ref: number) =>
  console.log(`  ${name.padEnd(44)} ${t.toFixed(1).padStart(8)}  ${(t / ref).toFixed(1)}x zeros`);
for (const [name, t] of Object.entries(ours)) {
  row(name, t, name.includes("2^24") ? ours["zeros([2^24, 8])"] : ours["zeros([1M, 64])"]);
}
for (const [name, t] of Object.entries(peer)) {
  row(
    `${name} (PyTorch, 2 threads)`,
    t,
    name.includes("2^24") ? peer["torch.zeros(2^24, 8)"] : peer["torch.zeros(1M, 64)"],
  );
}
if (withPeer) {
  console.log(
    `randn vs torch.randn: ${
      (ours["randn([1M, 64])"] / peer["torch.randn(1M, 64)"]).toFixed(2)
    }x; ` +
      `Embedding vs nn.Embedding: ${
        (ours["new Embedding(2^24, 8)"] / peer["nn.Embedding(2^24, 8)"]).toFixed(2)
      }x`,
  );
}
