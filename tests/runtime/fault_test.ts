/**
 * Index data changed through a `dataSync()` view after validation: every
 * kernel refuses an index or bag bound outside its tensors, and the run
 * raises a `RangeError` naming the public function and the bad value, on
 * every backend, leaving tables (max-norm writes in place) and neighbouring
 * tensors as they were.
 */

import assert from "node:assert/strict";
import {
  embeddingBagForward,
  embeddingBagGrad,
  embeddingForward,
  embeddingGrad,
  type Tensor,
  tensor,
} from "../../mod.ts";
import { BACKENDS, useBackend, WORKER_TEST } from "../_backends.ts";
import { rng } from "../_helpers.ts";
import { tensorInternals } from "../../src/tensor/tensor.ts";
import { arena } from "../../src/memory/arena.ts";

/** The table's stored values, without running the pending (refused) max-norm on it. */
function stored(t: Tensor): number[] {
  let node = tensorInternals().nodeOf(t);
  while (node.storage === undefined) node = node.inputs[node.aliases];
  return Array.from(new Float32Array(arena().heap.u8.buffer, node.storage.ptr, t.size));
}

const V = 50, D = 8, N = 400;

function setup(seed: number) {
  const r = rng(seed);
  const w = tensor(Float32Array.from({ length: V * D }, () => r() * 4 - 2), { shape: [V, D] });
  const ids = tensor(Int32Array.from({ length: N }, () => Math.floor(r() * V)));
  const off = tensor(Int32Array.from({ length: 40 }, (_, b) => b * 10));
  const g = tensor(Float32Array.from({ length: N * D }, () => r()), { shape: [N, D] });
  const gb = tensor(Float32Array.from({ length: 40 * D }, () => r()), { shape: [40, D] });
  const psw = tensor(Float32Array.from({ length: N }, () => r()));
  return { w, ids, off, g, gb, psw };
}

type Make = (s: ReturnType<typeof setup>) => Tensor | { values: Tensor; indices?: Tensor };

/** Every kernel kind, reached through the public functions. */
const CALLS: Record<string, Make> = {
  "lookup (gather)": (s) => embeddingForward(s.w, s.ids),
  "lookup with maxNorm (renorm)": (s) => embeddingForward(s.w, s.ids, { maxNorm: 1 }),
  "bag sum (gather_bag)": (s) => embeddingBagForward(s.w, s.ids, { offsets: s.off, mode: "sum" }),
  "bag max (gather_bag)": (s) => embeddingBagForward(s.w, s.ids, { offsets: s.off, mode: "max" }),
  "bag max gradient (bag_argmax, bag_positions, scatter_rows)": (s) =>
    embeddingBagGrad(s.gb, s.w, s.ids, { offsets: s.off, mode: "max" }).weight,
  "bag mean sparse gradient (bag_positions, sparse_values)": (s) =>
    embeddingBagGrad(s.gb, s.w, s.ids, { offsets: s.off, mode: "mean", sparse: true }).weight,
  "per-sample-weight gradient (psw_grad)": (s) =>
    embeddingBagGrad(s.gb, s.w, s.ids, { offsets: s.off, mode: "sum", perSampleWeights: s.psw })
      .perSampleWeights!,
  "dense gradient with freq (inv_freq, scatter_rows)": (s) =>
    embeddingGrad(s.g, s.ids, { numEmbeddings: V, scaleGradByFreq: true }),
  "sparse gradient (sparse_values)": (s) =>
    embeddingGrad(s.g, s.ids, { numEmbeddings: V, sparse: true }),
  "sparse indices (sparse_indices)": (s) => ({
    values: embeddingGrad(s.g, s.ids, { numEmbeddings: V, sparse: true }).indices,
  }),
  "coalesced gradient (row_csr, sparse_values)": (s) =>
    embeddingGrad(s.g, s.ids, { numEmbeddings: V, sparse: true, coalesce: true }),
};

const BAD_INDICES = [V, -1, 2 ** 31 - 1, -(2 ** 31)];
const BAD_OFFSETS: [number, number][] = [[1, 2 ** 31 - 1], [1, -5], [3, 1000], [0, 7]];

/** The tensors of a result: a sparse gradient's indices are computed (and refused) too. */
function tensorsOf(x: Tensor | { values: Tensor; indices?: Tensor }): Tensor[] {
  return "values" in x ? [x.values, ...(x.indices ? [x.indices] : [])] : [x];
}

async function expectRefused(
  make: Make,
  corrupt: (s: ReturnType<typeof setup>) => void,
  pattern: RegExp,
  seed: number,
  sync: boolean,
): Promise<void> {
  const s = setup(seed);
  const table = Array.from(s.w.dataSync());
  const outs = tensorsOf(make(s));
  corrupt(s);
  const neighbour = tensor(new Float32Array(4096).fill(3));
  const check = (e: unknown) => {
    assert.ok(e instanceof RangeError, `expected a RangeError, got ${e}`);
    assert.match((e as Error).message, pattern);
    return true;
  };
  // A sparse gradient's values and indices run separately: the one that reads the bad data refuses it.
  const errors: unknown[] = [];
  for (const out of outs) {
    try {
      if (sync) out.dataSync();
      else await out.data();
    } catch (e) {
      errors.push(e);
    }
  }
  assert.ok(errors.length > 0, "nothing refused the data");
  errors.forEach(check);
  assert.deepEqual(stored(s.w), table, "the table is as it was");
  assert.ok(neighbour.dataSync().every((x) => x === 3), "a neighbour was written");
}

for (const backend of BACKENDS) {
  Deno.test(
    `every kernel refuses indices changed after validation (${backend.name})`,
    WORKER_TEST,
    async () => {
      await useBackend(backend, async () => {
        let seed = 0;
        for (const [name, make] of Object.entries(CALLS)) {
          for (const bad of BAD_INDICES) {
            const at = (seed * 37) % N;
            await expectRefused(
              make,
              (s) => (s.ids.dataSync()[at] = bad),
              new RegExp(
                `^Tensor\\.data(Sync)?\\(\\): indices\\[${at}\\] is ${bad} but numEmbeddings is ${V} \\(the data changed after validation\\)$`,
              ),
              seed++,
              seed % 3 === 0,
            ).catch((e) => assert.fail(`${name}, index ${bad}: ${e.message}`));
          }
        }
        for (const [name, make] of Object.entries(CALLS).filter(([n]) => n.startsWith("bag"))) {
          for (const [b, bad] of BAD_OFFSETS) {
            await expectRefused(
              make,
              (s) => (s.off.dataSync()[b] = bad),
              new RegExp(
                `^Tensor\\.data(Sync)?\\(\\): offsets\\[${b}\\] is ${bad} but offsets must start at 0, never decrease and stay at most ${N}`,
              ),
              seed++,
              seed % 2 === 0,
            ).catch((e) => assert.fail(`${name}, offsets[${b}] = ${bad}: ${e.message}`));
          }
        }
      });
    },
  );
}

Deno.test("a coalesced gradient refuses more distinct rows than it was shaped for", async () => {
  const s = setup(99);
  s.ids.dataSync().fill(1);
  const grad = embeddingGrad(s.g, s.ids, { numEmbeddings: V, sparse: true, coalesce: true });
  s.ids.dataSync()[5] = 2; // now two distinct rows, but the result holds one
  await assert.rejects(
    grad.values.data(),
    /^RangeError: Tensor\.data\(\): the indices no longer match the result's shape \(the data changed after validation\)$/,
  );
  await assert.rejects(grad.indices.data(), RangeError);
});
