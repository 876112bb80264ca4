/** Tests of `jit` with functions that read values while traced: they run eagerly, never frozen, with one warning. */

import assert from "node:assert/strict";
import {
  embeddingBagForward,
  embeddingForward,
  jit,
  realize,
  type Tensor,
  tensor,
} from "../../mod.ts";
import { rng } from "../_helpers.ts";
import { ints, uniforms } from "../_reference.ts";
import { assertReplayEqualsEager, captureWarnings, counted } from "./_jit_helpers.ts";

type F32 = Tensor<"float32">;
type I32 = Tensor<"int32">;
const V = 6, D = 2;
const table = (seed: number) =>
  tensor(Float32Array.from(uniforms(rng(seed), V * D, -3, 3)), { shape: [V, D] });

/** Ways a traced function can read a value; each returns something derived from it. */
const READS: [string, (t: Tensor) => unknown][] = [
  ["toString()", (t) => t.toString()],
  ["template literal", (t) => `${t}`],
  ["Deno.inspect (console.log)", (t) => Deno.inspect(t)],
  ["dataSync()", (t) => t.dataSync()[0]],
  ["data()", (t) => void t.data()],
  ["toArraySync()", (t) => t.toArraySync()],
  ["toArray()", (t) => void t.toArray()],
  ["realize()", (t) => void realize(t)],
];

Deno.test("jit() runs a function that reads a value while traced eagerly on every call, with one warning", async () => {
  for (const [how, read] of READS) {
    const fn = (w: F32, ids: Int32Array) => {
      const rows = embeddingForward(w, ids, { maxNorm: 2 });
      read(rows); // reads the looked-up rows
      return embeddingBagForward(w, ids, { offsets: [0, 1], mode: "sum" });
    };
    const c = counted(fn);
    const f = jit(c.fn);
    const warnings = await captureWarnings(async () => {
      for (let seed = 0; seed < 4; seed++) {
        const idx = seed === 2 ? [0, V] : ints(rng(seed), 3, V); // seed 2: out of range
        await assertReplayEqualsEager(
          f,
          fn,
          () => [table(seed), Int32Array.from(idx)],
          `${how}, seed ${seed}`,
        );
      }
    });
    assert.equal(c.calls, 4, `${how}: called on every call, never replayed`);
    assert.equal(warnings.length, 1, `${how}: one warning`);
    assert.match(
      warnings[0],
      /^jit\(fn\): it (read a tensor's value|called .+) while being traced, so its results cannot be replayed: it runs eagerly on every call with these argument shapes$/,
    );
  }
});

Deno.test("jit() never freezes data-dependent results: a lookup of the row named by an input's value", async () => {
  const fn = (w: F32, first: I32) => embeddingForward(w, [first.dataSync()[0]]);
  const f = jit(fn);
  await captureWarnings(async () => {
    for (const k of [1, 4, 0, 5, 2, 9]) {
      await assertReplayEqualsEager(
        f,
        fn,
        () => [table(k), tensor([k], { dtype: "int32" })],
        `${k}`,
      );
    }
  });
});

Deno.test("jit() keeps replaying a function that reads only tensors it made from constants", async () => {
  const c = counted((w: F32, ids: Int32Array) => {
    const offsets = tensor([0, 2], { dtype: "int32" });
    offsets.dataSync(); // made inside the trace from constants: the same on every call
    return embeddingBagForward(w, ids, { offsets, mode: "mean" });
  });
  const f = jit(c.fn);
  const warnings = await captureWarnings(async () => {
    for (let seed = 0; seed < 4; seed++) {
      await assertReplayEqualsEager(
        f,
        c.fn,
        () => [table(seed), Int32Array.from(ints(rng(seed), 4, V))],
      );
    }
  });
  assert.deepEqual(warnings, []);
  assert.equal(c.calls, 1 + 4, "one trace, then replays (plus the eager references)");
});

Deno.test("jit() decides per signature: only the signatures whose trace read a value run eagerly", async () => {
  let traced = 0;
  const fn = (w: F32, ids: Int32Array, debug: boolean) => {
    traced++;
    const out = embeddingForward(w, ids);
    if (debug) out.toString();
    return out;
  };
  const f = jit(fn);
  const warnings = await captureWarnings(async () => {
    for (let seed = 0; seed < 3; seed++) {
      for (const debug of [false, true]) {
        const args = () => [table(seed), Int32Array.from(ints(rng(seed), 2, V)), debug];
        await assertReplayEqualsEager(f, fn, args, `debug ${debug}`);
      }
    }
  });
  assert.equal(warnings.length, 1);
  // Eager references: 6; debug false traced once; debug true ran on each of 3 calls.
  assert.equal(traced, 6 + 1 + 3);
});

Deno.test("jit() reads of a captured table make the function eager (the table may change between calls)", async () => {
  const w = table(0);
  const fn = (ids: Int32Array) =>
    embeddingForward(w, w.dataSync()[0] > 0 ? [2] : [3], { maxNorm: ids.length });
  const f = jit(fn);
  await captureWarnings(async () => {
    for (const sign of [1, -1, 1]) {
      w.dataSync()[0] = sign;
      const got = await f(Int32Array.from([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]));
      assert.deepEqual(
        Array.from(got.dataSync()),
        Array.from(w.dataSync().subarray(sign > 0 ? 4 : 6, sign > 0 ? 6 : 8)),
      );
    }
  });
});

Deno.test("jit() rejects an async function with a TypeError naming jit", async () => {
  const f = jit(async function later(w: F32) {
    await Promise.resolve();
    return embeddingForward(w, [0]);
  });
  await assert.rejects(
    f(table(0)),
    /^TypeError: jit\(later\): result is a Promise \(traced functions must not be async\) but results must be/,
  );
});
