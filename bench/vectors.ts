/**
 * Word vectors beside gensim, in one run on this machine: loading a
 * 200,000 x 300 word2vec file (text and binary, generated into a temporary
 * directory, removed afterwards) and `mostSimilar` top-10 over it.
 *
 *     deno task bench:vectors [--rows 200000] [--dim 300] [--rounds 3] [--text-rounds 1]
 *       [--query-rounds 1] [--only most-similar]
 *
 * Loads are timed `--rounds` times (gensim's text load, which takes minutes
 * at full size, `--text-rounds` times) and the medians of wall and CPU time
 * (user + system, of the whole process) reported. Each of the 21 queries is
 * timed `--query-rounds` times, after a first query timed on its own (both
 * libraries compute the row norms in it); the slowest timed query is
 * reported too (Tessera's builds the int8 copy of the two-stage search
 * once one-stage scans have cost what that is expected to).
 * `--only most-similar` skips the load
 * timings (Tessera wraps the generated table; gensim loads the binary file
 * once, untimed) and times the queries alone.
 *
 * Needs /usr/bin/python3 with python3-gensim for the peer column.
 */

import { cpus, loadavg } from "node:os";
import process from "node:process";
import { KeyedVectors, loadWord2Vec, saveWord2Vec } from "../mod.ts";
import { median } from "./_machine.ts";

const arg = (name: string, fallback: number) => {
  const i = Deno.args.indexOf(`--${name}`);
  return i >= 0 ? Number(Deno.args[i + 1]) : fallback;
};
const V = arg("rows", 200_000), D = arg("dim", 300), ROUNDS = arg("rounds", 3);
const QUERY_ROUNDS = arg("query-rounds", 1);
const ONLY_QUERIES = Deno.args.includes("--only") &&
  Deno.args[Deno.args.indexOf("--only") + 1] === "most-similar";
const TEXT_ROUNDS = ONLY_QUERIES ? 0 : arg("text-rounds", 1);

// The table: seeded values with six decimals, as word2vec.c writes them ("%lf").
let seed = 12345;
const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32) * 2 - 1;
const values = Float32Array.from({ length: V * D }, () => Number(rand().toFixed(6)));
const keys = Array.from({ length: V }, (_, i) => `w${i}`);
const dir = await Deno.makeTempDir({ prefix: "tessera-bench-vectors-" });
try {
  const enc = new TextEncoder();
  const file = await Deno.open(`${dir}/vectors.txt`, { write: true, create: true });
  await file.write(enc.encode(`${V} ${D}\n`));
  for (let r = 0; r < (ONLY_QUERIES ? 0 : V); r += 1000) {
    let text = "";
    for (let i = r; i < Math.min(V, r + 1000); i++) {
      text += keys[i];
      for (let d = 0; d < D; d++) text += " " + values[i * D + d].toFixed(6);
      text += "\n";
    }
    await file.write(enc.encode(text));
  }
  file.close();
  await saveWord2Vec(new KeyedVectors(keys, values), `${dir}/vectors.bin`, { binary: true });

  const queries = Array.from({ length: 21 }, (_, i) => keys[(i * 7919) % V]);
  const peer = new Deno.Command("/usr/bin/python3", {
    args: [
      "bench/peers/gensim_vectors.py",
      dir,
      queries.join(","),
      String(TEXT_ROUNDS),
      String(ONLY_QUERIES ? 1 : ROUNDS),
      String(QUERY_ROUNDS),
    ],
    stderr: "null",
  }).output();
  const gensim = JSON.parse(new TextDecoder().decode((await peer).stdout));

  const ours: Record<string, number> = {};
  let kv: KeyedVectors | undefined;
  if (ONLY_QUERIES) kv = new KeyedVectors(keys, values);
  for (const binary of ONLY_QUERIES ? [] : [false, true]) {
    const times: number[] = [], cpu: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      let reports = 0;
      const t0 = performance.now(), c0 = process.cpuUsage();
      kv = await loadWord2Vec(`${dir}/vectors.${binary ? "bin" : "txt"}`, {
        binary,
        onProgress: () => reports++,
      });
      times.push(performance.now() - t0);
      const used = process.cpuUsage(c0);
      cpu.push((used.user + used.system) / 1000);
      if (reports < 1) throw new Error("no progress reported");
    }
    const name = binary ? "load_binary" : "load_text";
    ours[`${name}_ms`] = median(times);
    ours[`${name}_cpu_ms`] = median(cpu);
  }
  const first = performance.now();
  await kv!.mostSimilar({ positive: queries[0], topn: 10 }); // norms and Workers warm, as gensim's first query
  ours.first_query_ms = performance.now() - first;
  const times: number[] = [];
  let agree = 0;
  for (let round = 0; round < QUERY_ROUNDS; round++) {
    for (const q of queries) {
      const t0 = performance.now();
      const res = await kv!.mostSimilar({ positive: q, topn: 10 });
      times.push(performance.now() - t0);
      if (round > 0) continue;
      if (JSON.stringify(res.map((x) => x[0])) === JSON.stringify(gensim.results[q])) agree++;
      else if (Deno.env.get("DEBUG")) console.log(q, res.map((x) => x[0]), gensim.results[q]);
    }
  }
  ours.most_similar_ms = median(times);
  ours.most_similar_max_ms = Math.max(...times);

  console.log(
    `CPU: ${cpus()[0]?.model} x${cpus().length}; ${V} x ${D}; ${
      ONLY_QUERIES ? "" : `medians of ${ROUNDS} loads (gensim text: ${TEXT_ROUNDS}), `
    }${queries.length} queries x ${QUERY_ROUNDS}; load average ${
      loadavg().map((l) => l.toFixed(2)).join(" ")
    }`,
  );
  console.log(
    `gensim ${gensim.gensim}, numpy ${gensim.numpy}; Tessera on ${
      Deno.version.deno ? "Deno " + Deno.version.deno : "?"
    }`,
  );
  console.log("| workload | Tessera ms | gensim ms | speed-up |\n|---|---|---|---|");
  for (
    const [k, label] of [
      ["load_text_ms", "load word2vec text (with progress)"],
      ["load_text_cpu_ms", "load word2vec text, CPU time"],
      ["load_binary_ms", "load word2vec binary (with progress)"],
      ["load_binary_cpu_ms", "load word2vec binary, CPU time"],
      ["first_query_ms", "mostSimilar, first query (computes the norms)"],
      ["most_similar_ms", "mostSimilar top-10"],
      ["most_similar_max_ms", "mostSimilar top-10, slowest (ours: builds the int8 copy)"],
    ]
  ) {
    if (!(k in ours)) continue;
    console.log(
      `| ${label} | ${ours[k].toFixed(1)} | ${gensim[k].toFixed(1)} | ${
        (gensim[k] / ours[k]).toFixed(2)
      }x |`,
    );
  }
  console.log(`top-10 lists identical to gensim's: ${agree} of ${queries.length}`);
} finally {
  await Deno.remove(dir, { recursive: true });
}
