/**
 * `deno task bench:mlp:paired`: the mlp-step (bench/_mlp_model.ts) against
 * PyTorch 1.13 in blocks that alternate, so that both meet the same moments
 * of a shared machine. PyTorch runs as a server (bench/peers/mlp_step_torch.py
 * `serve`, one process per thread count, warm); each block runs `--warm W`
 * untimed steps (default 0; the other side's steps leave the caches cold and
 * the Workers asleep) and `--block K` timed steps (default 10) of one Tessera
 * step kind, then the same of PyTorch on 2 threads, then on 1 thread, the order of the kinds alternating
 * block by block, over `--blocks N` blocks (default 40) after a warm-up of 60
 * steps each. Tessera runs the default backend (as users get it) or
 * `--backend '{...}'` (`setBackend` options, as JSON).
 *
 * Prints, for each step kind, the median step over all blocks of each side
 * and the median over blocks of the per-block ratio (PyTorch's block median
 * over Tessera's; above 1 Tessera is faster), with the share of blocks at or
 * above the target (1.0 for `backward()`, 1.5 for `jit`).
 *
 * @module
 */

import { setBackend } from "../mod.ts";
import { cpuModel, median, stepTimes } from "./_machine.ts";
import { type StepName, STEPS } from "./_mlp_model.ts";

const flag = (name: string) => {
  const i = Deno.args.indexOf(name);
  return i >= 0 ? Deno.args[i + 1] : undefined;
};
const K = Number(flag("--block") ?? 10), N = Number(flag("--blocks") ?? 40);
const W = Number(flag("--warm") ?? 0);
if (!(K >= 1 && N >= 1 && W >= 0)) {
  throw new RangeError("bench:mlp:paired: --block and --blocks must be ≥ 1, --warm ≥ 0");
}
const backendJson = flag("--backend");
if (backendJson) setBackend(JSON.parse(backendJson));
const TARGET: Record<StepName, number> = { "backward()": 1.0, "jit(valueAndGrad)": 1.5 };
const WARMUP = 60;

/** A warm PyTorch server: `run(n)` times n of its steps. */
async function torchServer(threads: number) {
  const child = new Deno.Command("/usr/bin/python3", {
    args: ["bench/peers/mlp_step_torch.py", "serve", String(threads)],
    stdin: "piped",
    stdout: "piped",
  }).spawn();
  const lines = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  const writer = child.stdin.getWriter();
  let pending = "";
  const next = async (): Promise<string> => {
    while (!pending.includes("\n")) {
      const { value, done } = await lines.read();
      if (done) throw new Error(`bench:mlp:paired: PyTorch (${threads} threads) exited`);
      pending += value;
    }
    const at = pending.indexOf("\n"), line = pending.slice(0, at);
    pending = pending.slice(at + 1);
    return line;
  };
  const hello = JSON.parse(await next()) as { torch: string };
  return {
    version: hello.torch,
    async run(n: number): Promise<number[]> {
      await writer.write(new TextEncoder().encode(`${n} ${W}\n`));
      return (JSON.parse(await next()) as { ms: number[] }).ms;
    },
    async close() {
      await writer.close();
      await child.status;
    },
  };
}

const torch = { 2: await torchServer(2), 1: await torchServer(1) };
const kinds = Object.keys(STEPS) as StepName[];
for (const kind of kinds) await stepTimes(STEPS[kind], WARMUP);
type Side = { all: number[]; ratios: number[]; ratios1: number[]; torch2: number[] };
const sides = Object.fromEntries(
  kinds.map((k) => [k, { all: [], ratios: [], ratios1: [], torch2: [] } as Side]),
) as Record<StepName, Side>;
const torch1: number[] = [];
for (let b = 0; b < N; b++) {
  for (const kind of b % 2 ? [...kinds].reverse() : kinds) {
    const ours = await stepTimes(STEPS[kind], K, W);
    const p2 = await torch[2].run(K), p1 = await torch[1].run(K);
    const s = sides[kind];
    s.all.push(...ours);
    s.torch2.push(...p2);
    torch1.push(...p1);
    s.ratios.push(median(p2) / median(ours));
    s.ratios1.push(median(p1) / median(ours));
  }
}
await Promise.all([torch[2].close(), torch[1].close()]);

const f2 = (x: number) => x.toFixed(2);
console.log(
  `mlp-step, paired blocks on ${await cpuModel()}: ${N} blocks of ${K} steps (after ${W} ` +
    `untimed) per kind, each followed by as many PyTorch ${torch[2].version} steps on 2 threads ` +
    `and on 1` +
    (backendJson ? `; Tessera backend ${backendJson}` : "; Tessera's default backend"),
);
console.log(`PyTorch 1 thread: ${f2(median(torch1))} ms`);
for (const kind of kinds) {
  const s = sides[kind], target = TARGET[kind];
  const hit = s.ratios.filter((r) => r >= target).length;
  console.log(
    `Tessera ${kind}: ${f2(median(s.all))} ms, PyTorch 2 threads ${f2(median(s.torch2))} ms; ` +
      `per-block ratio median ${f2(median(s.ratios))}x (vs 1 thread ${f2(median(s.ratios1))}x), ` +
      `${hit} of ${N} blocks at ≥ ${target}x`,
  );
}
