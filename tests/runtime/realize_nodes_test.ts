/**
 * Concurrency: hundreds of lookups, bags, in-place max-norms and gradients on
 * several tables, realized by a mix of synchronous and asynchronous calls
 * while others are still on the Workers, give exactly what running them one
 * by one gives, and leave the tables the same. A synchronous call that needs
 * a value still being computed refuses with the documented `TypeError` and
 * changes nothing; awaiting and retrying then succeeds.
 */

import assert from "node:assert/strict";
import {
  embeddingBagForward,
  embeddingBagGrad,
  embeddingForward,
  embeddingGrad,
  setBackend,
  type Tensor,
  tensor,
} from "../../mod.ts";
import { BACKENDS, useBackend, WORKER_TEST } from "../_backends.ts";
import { assertBitwise, rng } from "../_helpers.ts";

const TABLES = 4, V = 1500, D = 12, OPS = 240;

/** One call: which table it touches and how it builds its (lazy) results. */
interface Op {
  readonly table: number;
  readonly build: (tables: Tensor<"float32">[]) => Tensor[];
  /** Realize synchronously (else asynchronously, left in flight). */
  readonly sync: boolean;
  /** For messages. */
  readonly name: string;
}

function makeOps(seed: number): Op[] {
  const r = rng(seed), int = (n: number) => Math.floor(r() * n);
  const ids = (n: number) => Int32Array.from({ length: n }, () => int(V));
  return Array.from({ length: OPS }, () => {
    const table = int(TABLES), sync = r() < 0.4, n = 1 + int(300), kind = int(7);
    const idx = ids(n), B = 1 + int(Math.min(n, 20));
    const off = Int32Array.from({ length: B }, (_, b) => Math.floor((b * n) / B));
    const g = Float32Array.from({ length: n * D }, () => r() - 0.5);
    const gb = Float32Array.from({ length: B * D }, () => r() - 0.5);
    const maxNorm = 0.5 + r() * 2;
    const mode = (["sum", "mean", "max"] as const)[int(3)], scaleGradByFreq = r() < 0.5;
    const build = (w: Tensor<"float32">[]): Tensor[] => {
      const W = w[table];
      switch (kind) {
        case 0:
          return [embeddingForward(W, idx)];
        case 1:
          return [embeddingForward(W, idx, { maxNorm })];
        case 2:
          return [embeddingBagForward(W, idx, { offsets: off, mode })];
        case 3:
          return [embeddingBagForward(W, idx, { offsets: off, mode, maxNorm })];
        case 4:
          return [
            embeddingBagGrad(tensor(gb, { shape: [B, D] }), W, idx, { offsets: off, mode })
              .weight,
          ];
        case 5: {
          const s = embeddingGrad(tensor(g, { shape: [n, D] }), idx, {
            numEmbeddings: V,
            sparse: true,
            coalesce: true,
            scaleGradByFreq,
          });
          return [s.values, s.indices];
        }
        default:
          return [embeddingGrad(tensor(g, { shape: [n, D] }), idx, { numEmbeddings: V })];
      }
    };
    const name = `${
      ["lookup", "lookup maxNorm", "bag", "bag maxNorm", "bag grad", "sparse grad", "grad"][kind]
    } ${mode} on table ${table}${sync ? " (sync)" : ""}`;
    return { table, build, sync, name };
  });
}

function freshTables(seed: number): Tensor<"float32">[] {
  const r = rng(seed);
  return Array.from(
    { length: TABLES },
    () => tensor(Float32Array.from({ length: V * D }, () => (r() - 0.5) * 4), { shape: [V, D] }),
  );
}

const copy = (a: ArrayLike<number>) => Array.from(a);

/** The oracle: every call realized before the next is made, on the JS reference kernels. */
function oneByOne(ops: Op[]): { results: number[][][]; tables: number[][] } {
  setBackend({ kernels: "js", executor: "inline" });
  try {
    const tables = freshTables(1);
    const results = ops.map((op) => op.build(tables).map((t) => copy(t.dataSync())));
    return { results, tables: tables.map((t) => copy(t.dataSync())) };
  } finally {
    setBackend({});
  }
}

const ops = makeOps(2024);
const expected = oneByOne(ops);

for (const backend of BACKENDS) {
  Deno.test(
    `hundreds of mixed sync and async calls equal running them one by one (${backend.name})`,
    WORKER_TEST,
    async () => {
      await useBackend(backend, async () => {
        const tables = freshTables(1);
        const results: Promise<number[][]>[] = [];
        const pending: Promise<unknown>[][] = Array.from({ length: TABLES }, () => []);
        let refused = 0;
        for (const [i, op] of ops.entries()) {
          const outs = op.build(tables);
          if (!op.sync) {
            const done = Promise.all(outs.map(async (t) => copy(await t.data()))).catch((e) => {
              throw new Error(`call ${i} (${op.name}): ${e.stack}`);
            });
            pending[op.table].push(done);
            results.push(done);
            continue;
          }
          let values: number[][];
          try {
            values = outs.map((t) => copy(t.dataSync()));
          } catch (err) {
            // The documented refusal: the call needs a value an asynchronous call is computing.
            assert.ok(err instanceof TypeError, String(err));
            assert.match(
              err.message,
              /^Tensor\.dataSync\(\): .* pending asynchronous call: await it first$/,
            );
            refused++;
            await Promise.all(pending[op.table]);
            values = outs.map((t) => copy(t.dataSync()));
          }
          results.push(Promise.resolve(values));
        }
        const got = await Promise.all(results);
        got.forEach((values, i) =>
          values.forEach((v, k) =>
            assertBitwise(v, expected.results[i][k], `call ${i} output ${k}`)
          )
        );
        for (let t = 0; t < TABLES; t++) {
          assertBitwise(copy(await tables[t].data()), expected.tables[t], `table ${t}`);
        }
        if (backend.options.executor === "inline") assert.equal(refused, 0);
      });
    },
  );
}

Deno.test("a bag whose rows a lookup of the same indices already computed reduces those rows", async () => {
  const r = rng(5), V = 20, D = 5;
  const values = Float32Array.from({ length: V * D }, () => r() * 2 - 1);
  const ids = Int32Array.of(3, 7, 3, 0, 19, 7);
  for (const paddingIdx of [null, 7]) {
    for (const mode of ["sum", "mean", "max"] as const) {
      const fresh = () => tensor(values, { shape: [V, D] });
      const options = { offsets: [0, 2, 2, 5], mode, paddingIdx };
      const want = await embeddingBagForward(fresh(), ids, options).data();
      const w = fresh(), idx = tensor(ids);
      const lookup = embeddingForward(w, idx, { paddingIdx });
      const bag = embeddingBagForward(w, idx, options); // shares the lookup's gather
      await lookup.data();
      assertBitwise(await bag.data(), want, `${mode} padding ${paddingIdx}`);
      // Gradients reading those rows (per-sample weights, max).
      const g = tensor(Float32Array.from({ length: 4 * D }, () => r()), { shape: [4, D] });
      const gradOptions = mode === "sum"
        ? { ...options, perSampleWeights: [1, 2, 3, 4, 5, 6] }
        : options;
      const wantGrad = embeddingBagGrad(g, fresh(), ids, gradOptions);
      const w2 = fresh(), idx2 = tensor(ids);
      const lookup2 = embeddingForward(w2, idx2, { paddingIdx });
      const grad = embeddingBagGrad(g, w2, idx2, gradOptions);
      await lookup2.data();
      assertBitwise(await grad.weight.data(), await wantGrad.weight.data(), `grad ${mode}`);
      if (mode === "sum") {
        assertBitwise(await grad.perSampleWeights!.data(), await wantGrad.perSampleWeights!.data());
      }
    }
  }
});
