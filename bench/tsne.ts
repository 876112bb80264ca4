/**
 * `deno task bench:tsne`: t-SNE of 2,000 × 100 vectors (10 Gaussian
 * clusters), Tessera's `tsne()` against sklearn 1.2's `TSNE` on the same data
 * in the same run, both with sklearn's defaults (Barnes-Hut, perplexity 30,
 * init "pca", learning rate "auto", 1,000 iterations). Rounds alternate the
 * two; the report gives median wall and CPU times, the ratios, trustworthiness (k = 10)
 * and KL divergence of each, and the CPU model. `--rounds N` (default 3).
 *
 * @module
 */

import process from "node:process";
import { trustworthiness, tsne } from "../mod.ts";
import { median } from "./_machine.ts";

const N = 2000, D = 100, CLUSTERS = 10, K = 10;
const rounds = Number(Deno.args[Deno.args.indexOf("--rounds") + 1] ?? 3) || 3;

/** mulberry32 and Box-Muller: the same data on every run. */
function data(): number[][] {
  let a = 12345;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  const centres = Array.from(
    { length: CLUSTERS },
    () => Array.from({ length: D }, () => 4 * normal()),
  );
  return Array.from(
    { length: N },
    (_, i) => centres[i % CLUSTERS].map((c) => Math.fround(c + normal())),
  );
}

/** A line of `sh -c` output (the CPU model, the load), or "unknown". */
function shell(script: string): string {
  try {
    const { stdout } = new Deno.Command("sh", { args: ["-c", script] }).outputSync();
    return new TextDecoder().decode(stdout).trim() || "unknown";
  } catch {
    return "unknown";
  }
}

const cpuModel = () => shell("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2");
const loadAverage = () => shell("cut -d' ' -f1-3 /proc/loadavg");

interface Row {
  seconds: number;
  cpuSeconds: number;
  trustworthiness: number;
  klDivergence: number;
}

async function sklearn(x: number[][]): Promise<Row & { version: string }> {
  const child = new Deno.Command(Deno.env.get("SKLEARN_PYTHON") ?? "/usr/bin/python3", {
    args: [new URL("./peers/tsne_sklearn.py", import.meta.url).pathname],
    stdin: "piped",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(JSON.stringify({ x, nNeighbors: K })));
  await writer.close();
  const { code, stdout } = await child.output();
  if (code !== 0) throw new Error(`sklearn peer exited with ${code}`);
  return JSON.parse(new TextDecoder().decode(stdout));
}

async function tessera(x: number[][]): Promise<Row> {
  const start = performance.now(), cpu = process.cpuUsage();
  const { embedding, klDivergence } = await tsne(x, {});
  const seconds = (performance.now() - start) / 1000, used = process.cpuUsage(cpu);
  return {
    seconds,
    cpuSeconds: (used.user + used.system) / 1e6,
    trustworthiness: trustworthiness(x, embedding, { nNeighbors: K }),
    klDivergence,
  };
}

const x = data();
const loadAtStart = loadAverage();
const ours: Row[] = [], theirs: Row[] = [];
let version = "?";
for (let r = 0; r < rounds; r++) {
  const s = await sklearn(x);
  version = s.version;
  theirs.push(s);
  ours.push(await tessera(x));
  console.error(
    `round ${r + 1}: sklearn ${s.seconds.toFixed(2)} s, Tessera ${ours[r].seconds.toFixed(2)} s`,
  );
}
const med = (rows: Row[], key: keyof Row) => median(rows.map((r) => r[key]));
const row = (name: string, rows: Row[]) =>
  `| ${name} | ${med(rows, "seconds").toFixed(2)} | ${med(rows, "cpuSeconds").toFixed(2)} | ${
    med(rows, "trustworthiness").toFixed(5)
  } | ${med(rows, "klDivergence").toFixed(4)} |`;
console.log(
  `t-SNE of ${N} × ${D} (${CLUSTERS} clusters), ${rounds} rounds, CPU: ${cpuModel()}, ` +
    `${navigator.hardwareConcurrency} threads available, load average ${loadAverage()}\n`,
);
console.log("| implementation | median wall s | median CPU s | trustworthiness (k = 10) | KL |");
console.log("|---|---|---|---|---|");
console.log(row(`sklearn ${version} TSNE`, theirs));
console.log(row("Tessera tsne()", ours));
const wall = med(theirs, "seconds") / med(ours, "seconds");
const cpu = med(theirs, "cpuSeconds") / med(ours, "cpuSeconds");
const dt = med(ours, "trustworthiness") - med(theirs, "trustworthiness");
console.log(
  `\nTessera: ${wall.toFixed(1)}× sklearn's speed in wall time, ${cpu.toFixed(1)}× in CPU time; ` +
    `trustworthiness minus sklearn's: ${dt >= 0 ? "+" : ""}${dt.toFixed(5)}; ` +
    `load average at the start ${loadAtStart}`,
);
