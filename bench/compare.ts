/**
 * `deno task bench`: Tessera beside the peers a user would pick instead
 * (PyTorch, onnxruntime-node, TensorFlow.js), in the same run, on the
 * workloads of bench/workloads.json. Tessera and PyTorch alternate over
 * several rounds (the machine is shared and noisy) and the report gives the
 * median of the rounds' medians, ratios against PyTorch with 2 threads, and
 * the speed targets. Peers that are not installed are reported as skipped.
 *
 *     deno task bench [--rounds 3] [--only bag-dlrm,tiny] [--min-time 0.4] [--no-slow-peers] [--out FILE]
 *
 * @module
 */

import { measure } from "mitata";
import { backend, setBackend, shutdownWorkers } from "../mod.ts";
import { casesFor, WORKLOADS } from "./_workloads.ts";
import { PEERS, type PeerResult, runPeer } from "./_peers.ts";
import { type Row, table, targets } from "./_report.ts";

const args = Deno.args;
const flag = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const rounds = Number(flag("rounds", "3"));
const minTime = Number(flag("min-time", "0.4"));
const only = flag("only", "").split(",").filter(Boolean);
const slowPeers = !args.includes("--no-slow-peers");
const outFile = flag("out", "");

const CONFIGS: Record<string, Parameters<typeof setBackend>[0]> = {
  "2 workers": { executor: "workers", workers: 2 },
  "1 worker": { executor: "workers", workers: 1 },
  "inline": { executor: "inline" },
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const torchVariant = (w: string, v: string) => (w === "sparse-bag-grad" ? "sum" : v);

async function machine(): Promise<string> {
  let cpu = "unknown CPU";
  try {
    const info = new TextDecoder().decode(await new Deno.Command("cat", { args: ["/proc/cpuinfo"] }).output().then((o) => o.stdout));
    cpu = info.match(/model name\s*:\s*(.*)/)?.[1] ?? cpu;
  } catch { /* not Linux */ }
  const b = backend();
  return `${cpu}, ${navigator.hardwareConcurrency} cores; Deno ${Deno.version.deno} (V8 ${Deno.version.v8}); ` +
    `Tessera kernels: ${b.kernels}${b.simd ? " (SIMD128)" : ""}`;
}

const rows: Row[] = [];
const peerVersions = new Map<string, string>();
const peerNotes = new Set<string>();
const note = (r: PeerResult) => {
  if (r.version) peerVersions.set(r.peer, r.version);
  if (r.skipped) peerNotes.add(`${r.peer}: skipped (${r.skipped})`);
  if (r.error) peerNotes.add(`${r.peer}: error (${r.error.trim().split("\n").pop()})`);
  return r.median_ms ?? undefined;
};

for (const w of WORKLOADS.filter((w) => only.length === 0 || only.includes(w.name))) {
  for (const c of casesFor(w)) {
    const samples: Record<string, number[]> = { "2 workers": [], "1 worker": [], "inline": [] };
    const peerSamples: Record<string, number[]> = {};
    const peerRuns = Object.keys(PEERS).filter((k) => k.startsWith("pytorch") || slowPeers);
    for (let r = 0; r < rounds; r++) {
      for (const [name, opts] of Object.entries(CONFIGS)) {
        if (name === "inline" && r > 0) continue;
        setBackend(opts);
        const stats = await measure(c.run, { min_cpu_time: minTime * 1e9, min_samples: 5 });
        samples[name].push(stats.p50 / 1e6 / c.calls);
      }
      // One peer measurement per variant and round; non-PyTorch peers only in the first round.
      const tag = `${w.name}/${c.variant}`;
      if (rows.some((row) => `${row.workload}/${row.variant}` === tag)) continue;
      for (const key of peerRuns) {
        if (!key.startsWith("pytorch") && r > 0) continue;
        const ms = note(await runPeer(key, w.name, torchVariant(w.name, c.variant), minTime));
        if (ms !== undefined) (peerSamples[key] ??= []).push(ms);
      }
    }
    const earlier = rows.find((row) => row.workload === w.name && row.variant === c.variant);
    const row: Row = {
      workload: w.name,
      variant: c.variant,
      api: c.api,
      tessera: Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)])),
      peers: earlier?.peers ?? Object.fromEntries(peerRuns.map((k) => [k, peerSamples[k] ? median(peerSamples[k]) : undefined])),
      bytes: w.kind === "bag" || w.kind === "lookup" ? (await import("./_workloads.ts")).bytesMoved(w) : 0,
    };
    rows.push(row);
    console.error(`${w.name} ${c.variant} (${c.api}): ${JSON.stringify(row.tessera)} peers ${JSON.stringify(row.peers)}`);
  }
}
await shutdownWorkers();

const peerNames = Object.fromEntries(Object.entries(PEERS).filter(([k]) => k.startsWith("pytorch") || slowPeers).map(([k, p]) => [k, p.name]));
const report = [
  `Machine: ${await machine()}`,
  `Peers: ${[...peerVersions].map(([p, v]) => `${p} ${v}`).join(", ") || "none"}`,
  `Medians of ${rounds} rounds (Tessera and PyTorch alternate); ratio = PyTorch 2 thr time / Tessera 2 workers time.`,
  "",
  table(rows, Object.keys(CONFIGS), peerNames),
  "",
  ...targets(rows),
  ...[...peerNotes].map((n) => `note: ${n}`),
].join("\n");
console.log(report);
if (outFile) await Deno.writeTextFile(outFile, report + "\n");
