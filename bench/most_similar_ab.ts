/**
 * `mostSimilar` top-10 over a 200,000 x 300 table (bench/vectors.ts' table
 * and queries): the one-stage float32 scan against the two-stage search
 * (`src/vectors/_two_stage.ts`, switched by its internal size threshold),
 * with gensim's batch of the same queries in the same rounds. Each round
 * times the 21 queries on each path (the order of the two Tessera paths
 * alternates) and on gensim; it prints each round's medians and the medians
 * over the rounds, with their ratios.
 *
 *     deno run --allow-read --allow-write --allow-run --allow-env --allow-sys bench/most_similar_ab.ts [--rounds 9]
 *
 * Needs /usr/bin/python3 with python3-gensim.
 */

import { loadavg } from "node:os";
import { KeyedVectors, saveWord2Vec } from "../mod.ts";
import { setTwoStageMinRows } from "../src/vectors/_two_stage_cache.ts";
import { cpuModel, median } from "./_machine.ts";

const at = Deno.args.indexOf("--rounds");
const ROUNDS = at >= 0 ? Number(Deno.args[at + 1]) : 9, V = 200_000, D = 300;
let seed = 12345;
const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32) * 2 - 1;
const values = Float32Array.from({ length: V * D }, () => Number(rand().toFixed(6)));
const keys = Array.from({ length: V }, (_, i) => `w${i}`);
const kv = new KeyedVectors(keys, values);
const threshold = setTwoStageMinRows(0);
const queries = Array.from({ length: 21 }, (_, i) => keys[(i * 7919) % V]);
const dir = await Deno.makeTempDir({ prefix: "tessera-bench-ab-" });
try {
  await saveWord2Vec(kv, `${dir}/vectors.bin`, { binary: true });
  const peer = new Deno.Command("/usr/bin/python3", {
    args: ["bench/peers/gensim_most_similar.py", `${dir}/vectors.bin`, queries.join(",")],
    stdin: "piped",
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const lines = peer.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let pending = "";
  const readLine = async (): Promise<string> => {
    while (!pending.includes("\n")) {
      const { value, done } = await lines.read();
      if (done) throw new Error("the gensim peer stopped");
      pending += value;
    }
    const line = pending.slice(0, pending.indexOf("\n"));
    pending = pending.slice(line.length + 1);
    return line;
  };
  const input = peer.stdin.getWriter();
  await readLine(); // "ready"

  const batch = async (twoStage: boolean): Promise<number> => {
    setTwoStageMinRows(twoStage ? 0 : Infinity);
    const ms: number[] = [];
    for (const q of queries) {
      const t0 = performance.now();
      await kv.mostSimilar({ positive: q, topn: 10 });
      ms.push(performance.now() - t0);
    }
    return median(ms);
  };
  await batch(false); // norms and Workers warm
  await batch(true); // the int8 copy built
  const one: number[] = [], two: number[] = [], gensim: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    await input.write(new TextEncoder().encode("go\n"));
    gensim.push(Number(await readLine()));
    for (const twoStage of r % 2 ? [true, false] : [false, true]) {
      (twoStage ? two : one).push(await batch(twoStage));
    }
  }
  await input.close();
  await peer.status;
  const row = (xs: number[]) => xs.map((x) => x.toFixed(1)).join(" ");
  console.log(
    `CPU: ${await cpuModel()}; ${V} x ${D}; ${ROUNDS} rounds of 21 queries; load average ${
      loadavg().map((l) => l.toFixed(2)).join(" ")
    }`,
  );
  console.log(`one-stage ms: ${row(one)}\ntwo-stage ms: ${row(two)}\ngensim ms:    ${row(gensim)}`);
  const [a, b, g] = [median(one), median(two), median(gensim)];
  console.log(
    `medians: one-stage ${a.toFixed(2)}, two-stage ${b.toFixed(2)}, gensim ${g.toFixed(2)} ms; ` +
      `two-stage vs one-stage ${(a / b).toFixed(2)}x, vs gensim ${(g / b).toFixed(2)}x`,
  );
} finally {
  setTwoStageMinRows(threshold);
  await Deno.remove(dir, { recursive: true });
}
