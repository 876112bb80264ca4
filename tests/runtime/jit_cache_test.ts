/** Tests of `jit`'s cache: bounded, least recently used first out, and holding no call's tensors. */

import assert from "node:assert/strict";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { embeddingForward, jit, type Tensor, tensor } from "../../mod.ts";
import { arena } from "../../src/memory/arena.ts";
import { rng } from "../_helpers.ts";
import { uniforms } from "../_reference.ts";
import { assertReplayEqualsEager, counted } from "./_jit_helpers.ts";

type F32 = Tensor<"float32">;

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/** Collects garbage and lets the arena's finalizers run. */
async function collectGarbage(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    gc();
  }
  await new Promise((resolve) => setTimeout(resolve, 0));
}

const w = tensor(Float32Array.from(uniforms(rng(0), 10 * 4)), { shape: [10, 4] });
const ids = (n: number) => Int32Array.from({ length: n }, (_, j) => (j * 7 + n) % 10);

Deno.test("jit() keeps at most cacheSize signatures, dropping the least recently used", async () => {
  const c = counted((t: F32, i: Int32Array) => embeddingForward(t, i));
  const f = jit(c.fn, { cacheSize: 2 });
  const call = async (n: number, traced: boolean) => {
    const before = c.calls;
    await assertReplayEqualsEager(f, (t: F32, i: Int32Array) => embeddingForward(t, i), () => [
      w,
      ids(n),
    ]);
    assert.equal(c.calls - before, traced ? 1 : 0, `length ${n} ${traced ? "traced" : "replayed"}`);
  };
  await call(1, true); // [1]
  await call(2, true); // [1, 2]
  await call(1, false); // [2, 1]
  await call(3, true); // [1, 3]: 2 dropped
  await call(1, false); // [3, 1]
  await call(2, true); // [1, 2]: 3 dropped
  await call(3, true); // [2, 3]: 1 dropped
  await call(2, false);
});

Deno.test("jit() keeps 64 signatures by default", async () => {
  const c = counted((t: F32, i: Int32Array) => embeddingForward(t, i));
  const f = jit(c.fn);
  for (let n = 1; n <= 65; n++) await f(w, ids(n));
  assert.equal(c.calls, 65);
  for (let n = 65; n >= 2; n--) await f(w, ids(n)); // the 64 most recent: all replayed
  assert.equal(c.calls, 65);
  await f(w, ids(1)); // the first was dropped
  assert.equal(c.calls, 66);
});

Deno.test("jit() over 800 input shapes keeps no call's results alive", async () => {
  const D = 64;
  const big = tensor(Float32Array.from(uniforms(rng(1), 50 * D)), { shape: [50, D] });
  const f = jit((t: F32, i: Int32Array) => [embeddingForward(t, i)]);
  await f(big, ids(1));
  await collectGarbage();
  const before = arena().liveBytes;
  let outputBytes = 0;
  for (let n = 1; n <= 800; n++) {
    const [rows] = await f(big, Int32Array.from({ length: n }, (_, j) => (j * 13) % 50));
    outputBytes += rows.size * 4;
  }
  await collectGarbage();
  const grown = arena().liveBytes - before;
  // 800 shapes produced 82 MB of rows; what stays must be far less than one percent of it.
  assert.ok(outputBytes > 80e6);
  assert.ok(grown < outputBytes / 100, `${grown} bytes still live after ${outputBytes} produced`);
  assert.equal((await f(big, ids(1)))[0].shape[0], 1, "f and its cache are alive until here");
});

Deno.test("jit() cache entries hold neither the arguments nor the results of the call that traced", async () => {
  const f = jit((t: F32, i: Int32Array) => embeddingForward(t, i, { maxNorm: 1 }));
  const refs = await (async () => {
    const t = tensor(Float32Array.from(uniforms(rng(2), 10 * 4)), { shape: [10, 4] });
    const out = await f(t, ids(3));
    return [new WeakRef(t), new WeakRef(out)];
  })();
  await collectGarbage();
  assert.deepEqual(refs.map((r) => r.deref()), [undefined, undefined]);
  // And the cached entry still replays on new tables.
  await assertReplayEqualsEager(
    f,
    (t: F32, i: Int32Array) => embeddingForward(t, i, { maxNorm: 1 }),
    () => [
      tensor(Float32Array.from(uniforms(rng(3), 10 * 4)), { shape: [10, 4] }),
      ids(3),
    ],
  );
});

Deno.test("jit() replays reuse the trace's shapes but hand each result a shape of its own", async () => {
  const f = jit((t: F32, i: Int32Array) => embeddingForward(t, i));
  const first = await f(w, ids(3));
  const a = await f(w, ids(3)), b = await f(w, ids(3));
  assert.deepEqual([first.shape, a.shape, b.shape], [[3, 4], [3, 4], [3, 4]]);
  assert.ok(a.shape !== b.shape && a.shape !== first.shape, "one shape array per result");
  // A caller scribbling on results' shape arrays, the first call's included.
  (a.shape as number[])[0] = 99;
  (first.shape as number[])[1] = 99;
  assert.deepEqual((await f(w, ids(3))).shape, [3, 4]);
});
