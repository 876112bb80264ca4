/**
 * `deno task bench:loops`: memory without `dispose()`, measured. The same
 * lookup written the natural way (`await embeddingForward(W, x).data()`, the
 * result dropped), with each result kept until the next call has run (as
 * `const out = await ...` in a loop keeps it), written with `dispose()`, and
 * PyTorch's `F.embedding` with
 * 2 threads, in the same run, each loop in a process of its own so that its
 * peak RSS is its own (read by `/usr/bin/time`). Loops alternate over rounds
 * (the machine is shared and noisy); the report gives medians of the rounds'
 * medians, ratios against PyTorch, peak RSS and the CPU model.
 *
 *     deno task bench:loops [--rounds 3] [--seconds 2] [--only lookup-nlp,tiny]
 *
 * @module
 */

import { cpuModel, median } from "./_machine.ts";

const args = Deno.args;
const flag = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const rounds = Number(flag("rounds", "3"));
const seconds = flag("seconds", "2");
const workloads = flag("only", "lookup-nlp,tiny").split(",");
const here = new URL(".", import.meta.url).pathname;
const python = Deno.env.get("TORCH_PYTHON") ?? "/usr/bin/python3";

/** A Tessera loop of `bench/_loop.ts` in a process of its own. */
const tessera = (loop: string) => (w: string) => [
  Deno.execPath(),
  ...["run", "--allow-read", "--allow-env", `${here}_loop.ts`, w, loop, seconds],
];

const LOOPS: Record<string, (w: string) => string[]> = {
  "Tessera, natural loop": tessera("natural"),
  "Tessera, natural loop, result kept": tessera("kept"),
  "Tessera, dispose() loop": tessera("dispose"),
  "PyTorch 2 thr": (w) => [
    python,
    `${here}peers/torch_bench.py`,
    ...["--workload", w, "--threads", "2", "--min-time", seconds],
  ],
};

/** Runs a loop under /usr/bin/time: its median ms per call and peak RSS in MiB. */
async function runLoop(cmd: string[]): Promise<{ ms: number; rss: number } | string> {
  const out = await new Deno.Command("/usr/bin/time", {
    args: ["-f", "peak_rss_kib=%M", ...cmd],
    stdout: "piped",
    stderr: "piped",
  }).output().catch((err) => err as Error);
  if (out instanceof Error) return out.message;
  const text = new TextDecoder().decode(out.stdout), err = new TextDecoder().decode(out.stderr);
  const line = text.trim().split("\n").map((l) => JSON.parse(l)).find((j) => j.median_ms);
  const rss = err.match(/peak_rss_kib=(\d+)/)?.[1];
  if (!out.success || line === undefined || rss === undefined) return err.trim().split("\n").pop()!;
  return { ms: line.median_ms, rss: Number(rss) / 1024 };
}

const cpu = await cpuModel();
const lines = [
  `Machine: ${cpu}, ${navigator.hardwareConcurrency} cores; Deno ${Deno.version.deno}`,
  `Medians of ${rounds} rounds (loops alternate); ratio = PyTorch time / this loop's time.`,
  "",
  "| workload | loop | ms per call | ratio vs PyTorch | peak RSS MiB |",
  "|---|---|---|---|---|",
];
for (const w of workloads) {
  const times: Record<string, number[]> = {}, rss: Record<string, number[]> = {};
  const names = Object.keys(LOOPS);
  for (let r = 0; r < rounds; r++) {
    for (const name of [...names.slice(r % names.length), ...names.slice(0, r % names.length)]) {
      const got = await runLoop(LOOPS[name](w));
      if (typeof got === "string") {
        console.error(`${w} ${name}: ${got}`);
        continue;
      }
      (times[name] ??= []).push(got.ms);
      (rss[name] ??= []).push(got.rss);
      console.error(
        `${w} round ${r + 1} ${name}: ${got.ms.toFixed(4)} ms, ${got.rss.toFixed(0)} MiB`,
      );
    }
  }
  const torch = times["PyTorch 2 thr"] ? median(times["PyTorch 2 thr"]) : undefined;
  for (const name of names) {
    if (!times[name]) continue;
    const ms = median(times[name]);
    const ratio = torch === undefined ? "n/a" : (torch / ms).toFixed(2);
    const fmt = ms < 0.1 ? `${(ms * 1000).toFixed(2)} µs` : `${ms.toFixed(3)} ms`;
    lines.push(`| ${w} | ${name} | ${fmt} | ${ratio} | ${Math.max(...rss[name]).toFixed(0)} |`);
  }
}
console.log(lines.join("\n"));
