/**
 * `deno task bench`: Tessera beside the peers a user would pick instead
 * (PyTorch, onnxruntime-node, TensorFlow.js), in the same run, on the
 * workloads of bench/workloads.json. Tessera and PyTorch alternate over
 * several rounds (the machine is shared and noisy) and the report gives the
 * median of the rounds' medians, ratios against PyTorch with 2 threads, and
 * the speed targets. Peers that are not installed are reported as skipped.
 * Tessera is timed the way the peer scripts time themselves (warm-up, then
 * timed samples for `--min-time` seconds, median), so the numbers compare
 * like for like; `deno task bench:tessera` gives the mitata report.
 *
 *     deno task bench [--rounds 3] [--only bag-dlrm,tiny] [--min-time 0.4] [--no-slow-peers] [--out FILE]
 *
 * @module
 */

import { backend, setBackend, shutdownWorkers } from "../mod.ts";
import { casesFor, WORKLOADS } from "./_workloads.ts";
import { type PeerResult, PEERS, runPeer } from "./_peers.ts";
import { type Row, table, targets } from "./_report.ts";
import { cpuModel, median } from "./_machine.ts";

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

/** Tessera configurations, measured every round. */
const CONFIGS: Record<string, Parameters<typeof setBackend>[0]> = {
  "2 workers": { executor: "workers", workers: 2 },
  "1 worker": { executor: "workers", workers: 1 },
  "inline": { executor: "inline" },
};

/** Median time of one `run()` in ms: warm up, then sample for `seconds` (at least 5 samples). */
async function sampleMedian(run: () => Promise<void>, seconds: number): Promise<number> {
  for (const t0 = performance.now(); performance.now() - t0 < 100;) await run();
  const xs: number[] = [];
  for (const end = performance.now() + seconds * 1000; xs.length < 5 || performance.now() < end;) {
    const t0 = performance.now();
    await run();
    xs.push(performance.now() - t0);
  }
  return median(xs);
}
const torchVariant = (w: string, v: string) => (w === "sparse-bag-grad" ? "sum" : v);

async function machine(): Promise<string> {
  const b = backend();
  return `${await cpuModel()}; Deno ${Deno.version.deno} (V8 ${Deno.version.v8}); ` +
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
      // Rotate the order of configurations, and warm each up, so none always pays for
      // what ran before it (a peer's process, garbage from the previous case).
      const configs = Object.entries(CONFIGS);
      for (
        const [name, opts] of [
          ...configs.slice(r % configs.length),
          ...configs.slice(0, r % configs.length),
        ]
      ) {
        setBackend(opts);
        samples[name].push(await sampleMedian(c.run, minTime) / c.calls);
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
      peers: earlier?.peers ??
        Object.fromEntries(
          peerRuns.map((k) => [k, peerSamples[k] ? median(peerSamples[k]) : undefined]),
        ),
      bytes: w.kind === "bag" || w.kind === "lookup"
        ? (await import("./_workloads.ts")).bytesMoved(w)
        : 0,
    };
    rows.push(row);
    console.error(
      `${w.name} ${c.variant} (${c.api}): ${JSON.stringify(row.tessera)} peers ${
        JSON.stringify(row.peers)
      }`,
    );
  }
}
await shutdownWorkers();

const peerNames = Object.fromEntries(
  Object.entries(PEERS).filter(([k]) => k.startsWith("pytorch") || slowPeers).map((
    [k, p],
  ) => [k, p.name]),
);
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
