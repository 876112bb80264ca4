/**
 * `deno task bench:mlp`: the `mlp-step` workload of the autodiff issue,
 * EmbeddingBag(100000, 64, mean, sparse) → Linear(64, 256) → ReLU →
 * Linear(256, 10) → crossEntropy, 512 bags × 20 ids, forward + backward,
 * written as users write it: PyTorch style (`requiresGrad`, `backward()`,
 * grads reset each step) and `jit(valueAndGrad(f))`; PyTorch 1.13 with 1 and
 * 2 threads measured in the same run; the same steps with the former fixed
 * placement rule (`inlineBelow: 262144`) and on the calling thread only, in
 * alternating rounds. Medians (and least) of `--rounds R` (default 3) rounds
 * of `--reps N` steps (default 30), with the load average.
 *
 * `--long` measures what a training loop sees instead: each step kind on
 * each placement runs `--steps S` steps (default 300, after the warm-up) in
 * a process of its own, so the default placement (`inlineBelow: "auto"`)
 * keeps what it measured through the run; the processes alternate over
 * `--rounds` rounds (default 2), PyTorch's `S` steps on 1 and 2 threads
 * beside them in each round.
 *
 * @module
 */

import { setBackend } from "../mod.ts";
import { cpuModel, median, stepTimes } from "./_machine.ts";
import { type StepName, STEPS } from "./_mlp_model.ts";

const arg = (name: string, fallback: number) =>
  Number(Deno.args[Deno.args.indexOf(name) + 1] ?? fallback) || fallback;
const long = Deno.args.includes("--long"), child = Deno.args.indexOf("--child");
const reps = arg("--reps", 30), rounds = arg("--rounds", long ? 2 : 3), steps = arg("--steps", 300);
/** Steps before timing: the arena reaches its steady size (fresh pages fault once). */
const WARMUP = 60;

/** Ms of `n` steps, after `WARMUP` untimed ones. */
const time = (step: () => Promise<unknown>, n = reps) => stepTimes(step, n, WARMUP);
type Time = { ms: number; best: number };
const summary = (ms: number[]): Time => ({ ms: median(ms), best: Math.min(...ms) });

/**
 * Backends, measured in alternating rounds: the default (launches placed by measured costs), the
 * former fixed rule (launches from 262144 units of work split over the caller and a Worker) and
 * every launch on the calling thread (no Workers).
 */
const BACKENDS = {
  "": {},
  ", former fixed inlineBelow 262144": { inlineBelow: 262144 },
  ", calling thread only": { executor: "inline" },
} as const;
async function pytorch(threads: number, n = reps): Promise<{ torch: string } & Time> {
  const args = ["bench/peers/mlp_step_torch.py", String(n), String(threads)];
  const { stdout } = await new Deno.Command("/usr/bin/python3", { args }).output();
  return JSON.parse(new TextDecoder().decode(stdout));
}
/** Each round's median and least step, by backend and step. */
const runs: Record<string, Time[]> = {};
const torchRuns: Record<1 | 2, ({ torch: string } & Time)[]> = { 1: [], 2: [] };

/** `--child`: one step kind on one placement for `--steps` steps; prints its Time as JSON. */
async function childRun(backend: string, step: StepName): Promise<void> {
  setBackend(BACKENDS[backend as keyof typeof BACKENDS]);
  const t = summary(await time(STEPS[step], steps));
  console.log(JSON.stringify(t));
}

/** `--long`: every (placement, step) in a process of its own, alternating, PyTorch beside. */
async function longRuns(): Promise<void> {
  const self = new URL(import.meta.url).pathname;
  for (let round = 0; round < rounds; round++) {
    for (const backend of Object.keys(BACKENDS)) {
      for (const step of Object.keys(STEPS)) {
        const args = ["run", "--allow-read", "--allow-run", "--allow-env", self, "--child"];
        args.push(JSON.stringify([backend, step]), "--steps", String(steps));
        const { stdout, success } = await new Deno.Command(Deno.execPath(), { args }).output();
        if (!success) throw new Error(`bench:mlp: the child for ${step}${backend} failed`);
        (runs[`${step}${backend}`] ??= []).push(JSON.parse(new TextDecoder().decode(stdout)));
      }
    }
    for (const threads of [2, 1] as const) torchRuns[threads].push(await pytorch(threads, steps));
  }
}

/** The default: every placement installed afresh for each round of `reps` steps, in one process. */
async function shortRuns(): Promise<void> {
  for (let round = 0; round < rounds; round++) {
    for (const [suffix, options] of Object.entries(BACKENDS)) {
      setBackend(options);
      for (const [name, step] of Object.entries(STEPS)) {
        (runs[`${name}${suffix}`] ??= []).push(summary(await time(step)));
      }
    }
    setBackend({});
    for (const threads of [2, 1] as const) torchRuns[threads].push(await pytorch(threads));
  }
}

if (child >= 0) {
  const [backend, step] = JSON.parse(Deno.args[child + 1]) as [string, StepName];
  await childRun(backend, step);
  Deno.exit(0);
}
await (long ? longRuns() : shortRuns());
/** The median of the rounds' medians, and the least step. */
const overRounds = (ts: Time[]): Time => ({
  ms: median(ts.map((t) => t.ms)),
  best: Math.min(...ts.map((t) => t.best)),
});
const t1 = overRounds(torchRuns[1]), t2 = overRounds(torchRuns[2]);
const f2 = (x: number) => x.toFixed(2);
const ratio = (t: Time) => `${f2(t2.ms / t.ms)}x PyTorch 2 threads; best ${f2(t2.best / t.best)}x`;
// Through `cat`, as cpuModel() reads /proc/cpuinfo (Deno reads /proc only with --allow-all).
const load = await new Deno.Command("cat", { args: ["/proc/loadavg"] }).output()
  .then((o) => new TextDecoder().decode(o.stdout).split(" ").slice(0, 3).join(" "))
  .catch(() => "unknown");
const what = long
  ? `${rounds} alternating rounds of one process per step and placement, ${steps} steps each`
  : `${rounds} alternating rounds of ${reps} steps`;
console.log(
  `mlp-step on ${await cpuModel()}, load average ${load}; medians of ${what} ` +
    `(and the least step), same run`,
);
console.log(
  `PyTorch ${torchRuns[1][0].torch}: ${f2(t2.ms)} ms (best ${f2(t2.best)}) with 2 threads, ` +
    `${f2(t1.ms)} ms (best ${f2(t1.best)}) with 1 thread`,
);
for (const [name, rounds] of Object.entries(runs)) {
  const t = overRounds(rounds);
  console.log(`Tessera ${name}: ${f2(t.ms)} ms (best ${f2(t.best)}) (${ratio(t)})`);
}
