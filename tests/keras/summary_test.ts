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
