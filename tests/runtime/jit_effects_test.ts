/** Tests of `jit` with in-place effects and disposal: ordering against lazy readers and writers, disposed inputs. */

import assert from "node:assert/strict";
import { embeddingForward, jit, type Tensor, tensor } from "../../mod.ts";
import { assertBitwise } from "../_helpers.ts";
import { refRenorm } from "../_reference.ts";

type F32 = Tensor<"float32">;

Deno.test({
  name: "jit() replay sees a pending eager max-norm of a captured table",
  fn: async () => {
    const w = tensor([[3, 4], [6, 8]]);
    const f = jit((ids: Int32Array) => embeddingForward(w, ids));
    await f(new Int32Array([0]));
    embeddingForward(w, [0], { maxNorm: 1 }); // lazy, ordered before the next call
    assertBitwise((await f(new Int32Array([0]))).dataSync(), refRenorm([3, 4], 2, [0], 1));
  },
});

Deno.test({
  name: "jit() replayed max-norm runs after lookups of the table built before the call",
  fn: async () => {
    const w = tensor([[3, 4], [6, 8]]);
    const f = jit((t: F32, ids: Int32Array) => embeddingForward(t, ids, { maxNorm: 1 }));
    await f(w, new Int32Array([1]));
    const early = embeddingForward(w, [0]); // built before the renormalising call
    await f(w, new Int32Array([0]));
    assertBitwise(early.dataSync(), [3, 4]);
  },
});

Deno.test("jit() rejects a replay whose argument has been disposed", async () => {
  const a = tensor([[1, 2], [3, 4]]);
  const f = jit((t: F32, ids: Int32Array) => embeddingForward(t, ids));
  await f(a, new Int32Array([1]));
  a.dispose();
  tensor([[9, 9], [9, 9]]); // may reuse the freed block
  await assert.rejects(
    f(a, new Int32Array([1])),
    /^TypeError: jit\(anonymous\): argument 0 has been disposed$/,
  );
});

Deno.test("jit() rejects a replay whose nested argument or captured tensor has been disposed", async () => {
  const a = tensor([[1, 2], [3, 4]]);
  const f = jit((o: { t: F32 }, ids: Int32Array) => embeddingForward(o.t, ids));
  await f({ t: a }, new Int32Array([1]));
  a.dispose();
  await assert.rejects(
    f({ t: a }, new Int32Array([1])),
    /^TypeError: jit\(anonymous\): argument 0\.t has been disposed$/,
  );
  const c = tensor([[1, 2], [3, 4]]);
  const g = jit((ids: Int32Array) => embeddingForward(c, ids));
  await g(new Int32Array([0]));
  c.dispose();
  await assert.rejects(
    g(new Int32Array([0])),
    /^TypeError: jit\(anonymous\): a tensor the function captured, of shape \[2,2\], has been disposed$/,
  );
});
