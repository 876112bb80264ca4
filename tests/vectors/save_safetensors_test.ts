/**
 * saveSafetensors (src/vectors/save_safetensors.ts): the file a module's
 * stateDict() gives equals byte for byte the one written from PyTorch's
 * state dict; round trips; metadata; errors.
 */

import assert from "node:assert/strict";
import { Embedding, loadSafetensors, saveSafetensors, tensor } from "../../mod.ts";
import { FIXTURE, FIXTURES, rejects, sameBytes, tempPath } from "./_files.ts";
import { assertBitwise } from "../_numeric.ts";

Deno.test("saveSafetensors() of Embedding.stateDict() equals PyTorch's file byte for byte", async () => {
  const weight = new Float32Array(FIXTURE.safetensors.weight.values);
  const embedding = Embedding.fromPretrained(tensor(weight, { shape: [6, 3] }));
  const path = tempPath("e.safetensors");
  await saveSafetensors(path, embedding.stateDict());
  assert.ok(sameBytes(path, `${FIXTURES}embedding.safetensors`));
});

Deno.test("saveSafetensors() writes what the PyTorch-side layout writes for several tensors and metadata", async () => {
  const src = await loadSafetensors(`${FIXTURES}weights.safetensors`);
  const picked = { weight: src.weight, ids: src.ids, scalar: src.scalar, empty: src.empty };
  const path = tempPath("w.safetensors");
  await saveSafetensors(path, picked, { metadata: { format: "pt" } });
  const bytes = Deno.readFileSync(path);
  const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
  assert.equal(n % 8, 0);
  const header = new TextDecoder().decode(bytes.subarray(8, 8 + n));
  assert.equal(
    header.trimEnd(),
    '{"__metadata__":{"format":"pt"},"empty":{"dtype":"F32","shape":[0,4],"data_offsets":[0,0]},' +
      '"ids":{"dtype":"I32","shape":[2,2],"data_offsets":[0,16]},"scalar":{"dtype":"F32","shape":[],' +
      '"data_offsets":[16,20]},"weight":{"dtype":"F32","shape":[6,3],"data_offsets":[20,92]}}',
  );
  const back = await loadSafetensors(path);
  for (const [k, t] of Object.entries(picked)) {
    assert.deepEqual(back[k].shape, t.shape);
    assert.equal(back[k].dtype, t.dtype);
    assertBitwise(back[k].dataSync(), t.dataSync(), k);
  }
});

Deno.test("saveSafetensors() rejects what it cannot write, leaving no file", async () => {
  const path = tempPath("x.safetensors");
  await rejects(
    saveSafetensors(path, { a: [1, 2] as never }),
    TypeError,
    /saveSafetensors\(\): tensors.a is an array of length 2 but must be a Tensor/,
  );
  await rejects(
    saveSafetensors(path, { a: tensor([1]) }, { metadata: { v: 1 as never } }),
    TypeError,
    /metadata.v is 1/,
  );
  await rejects(saveSafetensors(path, null as never), TypeError, /tensors is null/);
  assert.throws(() => Deno.statSync(path));
});

Deno.test("saveSafetensors() keeps a tensor named __proto__ and rejects disposed tensors and non-object metadata", async () => {
  const path = tempPath("p.safetensors");
  const tensors: Record<string, ReturnType<typeof tensor>> = {};
  Object.defineProperty(tensors, "__proto__", { value: tensor([1, 2]), enumerable: true });
  await saveSafetensors(path, tensors);
  const back = await loadSafetensors(path);
  assert.deepEqual(Object.keys(back), ["__proto__"]);
  assert.deepEqual([...back["__proto__"].dataSync()], [1, 2]);
  const gone = tensor([1]);
  gone.dispose();
  await rejects(
    saveSafetensors(path, { gone }),
    TypeError,
    /^saveSafetensors\(\): tensors.gone is a disposed tensor/,
  );
  await rejects(
    saveSafetensors(path, { a: tensor([1]) }, { metadata: "pt" as never }),
    TypeError,
    /metadata is "pt"/,
  );
  await rejects(saveSafetensors(path, [tensor([1])] as never), TypeError, /tensors is an array/);
  assert.deepEqual(Object.keys(await loadSafetensors(path)), ["__proto__"]);
});
