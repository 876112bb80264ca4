/**
 * The loops of `fit` and `evaluate` over host data: batches, the Keras
 * loss, backward, the optimizer step, table constraints and regularisers,
 * running loss and accuracy weighted by batch size, as Keras logs them.
 */

import { Tensor } from "../tensor/tensor.ts";
import { tensor } from "../tensor/creation.ts";
import { add } from "../ops/elementwise.ts";
import { mean } from "../ops/reductions.ts";
import type { Module } from "../modules/module.ts";
import { TableModule } from "../modules/table_module.ts";
import { type HostData, rowsOf } from "./_data.ts";
import {
  type AccuracyKind,
  countCorrect,
  type LossFunction,
  type LossName,
  namedLoss,
} from "./_losses.ts";
import type { Stepper } from "./_optimizer.ts";
import type { Logs } from "./history.ts";

/** What `compile` settled. */
export interface Compiled {
  readonly loss: LossName | LossFunction;
  readonly metric: "accuracy" | "acc" | null;
  readonly optimizer: unknown;
  stepper: Stepper | null;
}

/** What the loops need of a model. */
export interface Trainable extends Module {
  forward(x: Tensor): Tensor<"float32">;
  readonly layers: Module[];
}

/** A loss tensor for a batch. */
function batchLoss(
  loss: Compiled["loss"],
  pred: Tensor<"float32">,
  y: Tensor<"float32">,
): Tensor<"float32"> {
  if (typeof loss === "string") return namedLoss(loss, pred, y);
  const out = loss(y, pred);
  if (!(out instanceof Tensor)) {
    throw new TypeError(`fit(): the loss function returned ${typeof out} but must return a tensor`);
  }
  return out.rank === 0 ? out as Tensor<"float32"> : mean(out);
}

/** Adds each trainable table regulariser's gradient to its `grad`; returns the penalties' sum. */
function regularize(layers: readonly Module[]): number {
  let penalty = 0;
  for (const layer of layers) {
    const reg = layer instanceof TableModule ? layer.embeddingsRegularizer : null;
    if (!reg || !(layer as TableModule).requiresGrad) continue;
    const w = (layer as TableModule).weight, values = w.dataSync();
    penalty += reg.penalty(values);
    const g = new Float32Array(values.length);
    reg.addGradient(values, g);
    if (w.grad instanceof Tensor) w.grad = add(w.grad, tensor(g, { shape: w.shape }));
  }
  return penalty;
}

/** Running sums of an epoch or evaluation. */
class Tally {
  #loss = 0;
  #correct = 0;
  #seen = 0;
  constructor(readonly metric: Compiled["metric"], readonly kind: AccuracyKind) {}
  add(loss: number, pred: Float32Array, y: Float32Array, n: number): void {
    this.#loss += loss * n;
    this.#seen += n;
    if (this.metric !== null) this.#correct += countCorrect(this.kind, pred, y, pred.length / n);
  }
  logs(prefix = ""): Logs {
    const logs: Logs = { [`${prefix}loss`]: this.#loss / this.#seen };
    if (this.metric !== null) logs[`${prefix}${this.metric}`] = this.#correct / this.#seen;
    return logs;
  }
}

/** Batches of `order`, `size` at a time. */
export function batches(order: Int32Array, size: number): Int32Array[] {
  const out: Int32Array[] = [];
  for (let i = 0; i < order.length; i += size) out.push(order.subarray(i, i + size));
  return out;
}

/** One training epoch over `order`; `onBatch` sees the running logs. */
export async function trainEpoch(
  model: Trainable,
  c: Compiled,
  kind: AccuracyKind,
  x: HostData,
  y: HostData,
  order: Int32Array,
  batchSize: number,
  onBatch: (batch: number, phase: "begin" | "end", logs: Logs) => Promise<void>,
): Promise<Logs> {
  const tally = new Tally(c.metric, kind);
  const stepper = c.stepper!;
  model.train(true);
  let b = 0;
  for (const rows of batches(order, batchSize)) {
    await onBatch(b, "begin", {});
    const yb = rowsOf(y, rows) as Tensor<"float32">;
    stepper.zeroGrad();
    const pred = model.forward(rowsOf(x, rows));
    const loss = batchLoss(c.loss, pred, yb);
    await loss.backward();
    const value = (await loss.data())[0] + regularize(model.layers);
    const predData = (await pred.data()).slice();
    await stepper.step(); // applies the tables' constraints too
    tally.add(value, predData, yb.dataSync(), rows.length);
    await onBatch(b++, "end", tally.logs());
  }
  return tally.logs();
}

/** Loss and accuracy over data in inference mode (the training mode restored after). */
export async function evaluateData(
  model: Trainable,
  c: Compiled,
  kind: AccuracyKind,
  x: HostData,
  y: HostData,
  batchSize: number,
  prefix = "",
): Promise<Logs> {
  const tally = new Tally(c.metric, kind);
  const mode = model.training;
  model.train(false);
  try {
    const order = Int32Array.from({ length: x.shape[0] }, (_, i) => i);
    for (const rows of batches(order, batchSize)) {
      const yb = rowsOf(y, rows) as Tensor<"float32">;
      const pred = model.forward(rowsOf(x, rows));
      const value = (await batchLoss(c.loss, pred, yb).data())[0];
      tally.add(value, (await pred.data()).slice(), yb.dataSync(), rows.length);
    }
  } finally {
    model.train(mode);
  }
  return tally.logs(prefix);
}

/** The model's outputs for `x`, batch by batch, in inference mode. */
export async function predictData(
  model: Trainable,
  x: HostData,
  batchSize: number,
): Promise<Tensor<"float32">> {
  const mode = model.training;
  model.train(false);
  const parts: Float32Array[] = [];
  let shape: number[] = [];
  try {
    const order = Int32Array.from({ length: x.shape[0] }, (_, i) => i);
    for (const rows of batches(order, batchSize)) {
      const pred = model.forward(rowsOf(x, rows));
      shape = pred.shape.slice(1);
      parts.push((await pred.data()).slice());
    }
  } finally {
    model.train(mode);
  }
  const out = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
  parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
  return tensor(out, { shape: [x.shape[0], ...shape] });
}
