/** `summary()` prints Keras 2's table: names, output shapes, parameter counts, separators. */

import assert from "node:assert/strict";
import { Dense, Embedding, Flatten, GlobalAveragePooling1D, Sequential } from "../../mod.ts";

function lines(model: Sequential): string[] {
  const out: string[] = [];
  model.summary((line) => out.push(line));
  return out;
}

Deno.test("summary() of the S6 model is Keras' printout, column for column", () => {
  const model = new Sequential([
    new Embedding(50, 8, { inputLength: 4 }),
    new Flatten(),
    new Dense(1, { activation: "sigmoid" }),
  ]);
  // Keras 2.3's print_summary for this model (line length 65, columns ending at 29, 55, 65).
  const pad = (s: string) => s.padEnd(65);
  assert.deepEqual(lines(model), [
    'Model: "sequential"',
    "_".repeat(65),
    pad("Layer (type)                 Output Shape              Param #"),
    "=".repeat(65),
    pad("embedding (Embedding)        (None, 4, 8)              400"),
    "_".repeat(65),
    pad("flatten (Flatten)            (None, 32)                0"),
    "_".repeat(65),
    pad("dense (Dense)                (None, 1)                 33"),
    "=".repeat(65),
    "Total params: 433",
    "Trainable params: 433",
    "Non-trainable params: 0",
    "_".repeat(65),
  ]);
});

Deno.test("summary() names repeats dense_1, cuts long names at the column, counts frozen tables apart", () => {
  const model = new Sequential([
    Embedding.fromPretrained(Array.from({ length: 1000 }, () => [1, 2, 3]), { maskZero: true }),
    new GlobalAveragePooling1D(),
    new Dense(16, { activation: "relu" }),
    new Dense(1),
  ]);
  model.build([null, 7]);
  const out = lines(model);
  assert.equal(out[4], "embedding (Embedding)        (None, 7, 3)              3000      ");
  assert.equal(out[6], "global_average_pooling1d (Gl (None, 3)                 0         ");
  assert.equal(out[8], "dense (Dense)                (None, 16)                64        ");
  assert.equal(out[10], "dense_1 (Dense)              (None, 1)                 17        ");
  assert.deepEqual(out.slice(12, 15), [
    "Total params: 3,081",
    "Trainable params: 81",
    "Non-trainable params: 3,000",
  ]);
});

Deno.test("build() refuses a bad inputShape, a huge sparse array at its first hole", () => {
  const m = new Sequential([new Dense(2, { seed: 0 })]);
  const sparse: unknown[] = [];
  sparse[2 ** 32 - 2] = 1; // spread whole, it crashed the process (out of memory)
  assert.throws(() => m.build(sparse as never), {
    name: "TypeError",
    message: "Sequential.build(): inputShape[0] is an empty slot but must be an integer or null",
  });
  assert.throws(() => m.build([null, 1.5]), /^TypeError: Sequential\.build\(\): inputShape is/);
  assert.throws(() => m.build("2" as never), /^TypeError: Sequential\.build\(\): inputShape is/);
  m.build([null, 3]);
  assert.equal(m.layers[0].parameters()[0].shape.join(","), "3,2"); // Keras kernels are [in, out]
});
