/**
 * Keras 2's losses (mean over the batch of each sample's loss, predictions
 * clipped to [ε, 1 − ε] with ε = 1e-7 for the cross-entropies) and its
 * accuracy metrics, with the label checks `fit` and `evaluate` run first.
 */

import type { Tensor } from "../tensor/tensor.ts";
import { tensor } from "../tensor/creation.ts";
import { add, div, maximum, minimum, mul, neg, sub } from "../ops/elementwise.ts";
import { log } from "../ops/math.ts";
import { mean, sum } from "../ops/reductions.ts";
import { describe } from "../tensor/_nested.ts";

/** Keras' `epsilon()`. */
export const EPSILON = 1e-7;

/** The loss names `compile` accepts. */
export type LossName =
  | "binaryCrossentropy"
  | "categoricalCrossentropy"
  | "sparseCategoricalCrossentropy"
  | "mse";

/** A loss of `(yTrue, yPred)`: per sample or already reduced; `fit` takes its mean. */
export type LossFunction = (
  yTrue: Tensor<"float32">,
  yPred: Tensor<"float32">,
) => Tensor<"float32">;

/** Keras' spellings of the names (snake_case and aliases) → ours. */
const ALIASES: Readonly<Record<string, LossName>> = {
  binarycrossentropy: "binaryCrossentropy",
  categoricalcrossentropy: "categoricalCrossentropy",
  sparsecategoricalcrossentropy: "sparseCategoricalCrossentropy",
  mse: "mse",
  meansquarederror: "mse",
};

/** Resolves a loss name, or throws naming `who`. */
export function lossName(loss: string, who: string): LossName {
  const name = ALIASES[loss.replace(/_/g, "").toLowerCase()];
  if (name === undefined || name !== loss) {
    const hint = name !== undefined ? ` (did you mean ${name}?)` : "";
    throw new TypeError(
      `${who}: loss is ${describe(loss)} but must be a function or one of ${
        Object.values(ALIASES).filter((v, i, a) => a.indexOf(v) === i).join(", ")
      }${hint}`,
    );
  }
  return name;
}

const clip = (p: Tensor<"float32">) => maximum(minimum(p, 1 - EPSILON), EPSILON);

/** The batch loss of a named Keras loss; `y` is float `[n, k]` (or `[n]` class ids for sparse). */
export function namedLoss(name: LossName, yPred: Tensor<"float32">, y: Tensor<"float32">) {
  switch (name) {
    case "binaryCrossentropy": {
      const p = clip(yPred);
      const pos = mul(y, log(add(p, EPSILON)));
      const negative = mul(sub(1, y), log(add(sub(1, p), EPSILON)));
      return neg(mean(add(pos, negative)));
    }
    case "categoricalCrossentropy": {
      const p = clip(div(yPred, sum(yPred, { axis: -1, keepdims: true })));
      return neg(div(sum(mul(y, log(p))), yPred.shape[0]));
    }
    case "sparseCategoricalCrossentropy": {
      const p = clip(yPred);
      const picked = sum(mul(oneHotRows(y, yPred.shape[1]), p), { axis: -1 });
      return neg(mean(log(div(picked, sum(p, { axis: -1 })))));
    }
    case "mse":
      return mean(mul(sub(yPred, y), sub(yPred, y)));
  }
}

/** `[n]` class ids → `[n, classes]` one-hot float32. */
function oneHotRows(ids: Tensor<"float32">, classes: number): Tensor<"float32"> {
  const src = ids.dataSync(), out = new Float32Array(src.length * classes);
  src.forEach((c, i) => (out[i * classes + c] = 1));
  return tensor(out, { shape: [src.length, classes] });
}

/** The accuracy Keras picks for `"accuracy"`: binary, sparse categorical or categorical. */
export type AccuracyKind = "binary" | "sparse" | "categorical";

/** Keras' choice: binary for one output unit, sparse when labels have one value per sample. */
export function accuracyKind(
  loss: LossName | "custom",
  outputWidth: number,
  labelWidth: number,
): AccuracyKind {
  if (loss === "binaryCrossentropy" || outputWidth === 1) return "binary";
  if (loss === "sparseCategoricalCrossentropy" || labelWidth === 1) return "sparse";
  return "categorical";
}

/** Correct predictions in a batch (host-side): `pred` `[n, k]`, `y` `[n, k]` or `[n]`. */
export function countCorrect(
  kind: AccuracyKind,
  pred: Float32Array,
  y: Float32Array,
  k: number,
): number {
  const n = pred.length / k;
  let correct = 0;
  if (kind === "binary") {
    // Keras' binary_accuracy: (pred > 0.5) == y, averaged over the k outputs of a sample.
    for (let i = 0; i < pred.length; i++) correct += (pred[i] > 0.5 ? 1 : 0) === y[i] ? 1 / k : 0;
    return correct;
  }
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 1; j < k; j++) if (pred[i * k + j] > pred[i * k + best]) best = j;
    let label = y[i];
    if (kind === "categorical") {
      label = 0;
      for (let j = 1; j < k; j++) if (y[i * k + j] > y[i * k + label]) label = j;
    }
    correct += best === label ? 1 : 0;
  }
  return correct;
}

/**
 * Checks labels against the loss before anything changes: binary
 * cross-entropy takes values in [0, 1], sparse categorical integer class ids
 * in [0, classes).
 */
export function checkLabels(
  name: LossName | "custom",
  y: Float32Array,
  classes: number,
  who: string,
): void {
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (Number.isNaN(v)) throw new RangeError(`${who}: y[${i}] is NaN`);
    if (name === "binaryCrossentropy" && (v < 0 || v > 1)) {
      throw new RangeError(
        `${who}: y[${i}] is ${v} but binaryCrossentropy labels must lie in [0, 1]`,
      );
    }
    if (
      name === "sparseCategoricalCrossentropy" && (!Number.isInteger(v) || v < 0 || v >= classes)
    ) {
      throw new RangeError(
        `${who}: y[${i}] is ${v} but sparseCategoricalCrossentropy labels must be integers in [0, ${classes})`,
      );
    }
  }
}
