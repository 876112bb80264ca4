/**
 * `binaryCrossEntropy` and `binaryCrossEntropyWithLogits`: PyTorch's
 * `F.binary_cross_entropy` (each log clamped at -100) and the stable
 * `F.binary_cross_entropy_with_logits` (with `posWeight`).
 *
 * @module
 */

import type { Tensor } from "../tensor/tensor.ts";
import { makeNode, type Node } from "../graph/node.ts";
import { ew } from "../graph/_build.ts";
import { broadcastShapes } from "../graph/_shape_text.ts";
import { floatNode, fmt, type TensorLike } from "../ops/_dense_inputs.ts";
import { lossOptions, out, reduced, type Reduction } from "./_common.ts";
import { bceLogitsSchema, bceSchema } from "../ops/_dense_options.ts";

/** Options of `binaryCrossEntropy`. */
export interface BceOptions {
  /** Weight of each element (broadcast to the input). */
  weight?: TensorLike;
  /** How per-element losses combine: `"mean"`, `"sum"` or `"none"`. @default "mean" */
  reduction?: Reduction;
}

/** Options of `binaryCrossEntropyWithLogits`. */
export interface BceWithLogitsOptions extends BceOptions {
  /** Weight of the positive term per class (broadcast over the last dim). */
  posWeight?: TensorLike;
}

function operands(
  who: string,
  input: TensorLike,
  target: TensorLike,
  weight: unknown,
) {
  const x = floatNode(input, who, "input"), y = floatNode(target, who, "target");
  if (x.shape.join() !== y.shape.join()) {
    throw new TypeError(
      `${who}: target has shape ${fmt(y.shape)} but must match the input's ${fmt(x.shape)}`,
    );
  }
  const w = weight === undefined ? undefined : floatNode(weight, who, "weight");
  if (w && broadcastShapes([w.shape, x.shape])?.join() !== x.shape.join()) {
    throw new TypeError(
      `${who}: weight of shape ${fmt(w.shape)} does not broadcast to the input's ${fmt(x.shape)}`,
    );
  }
  return { x, y, w };
}

const weighted = (loss: Node, w: Node | undefined) => (w ? ew("mul x0 x1", loss, w) : loss);

/**
 * `-w·(y·log p + (1 - y)·log(1 - p))` with each log clamped at -100, as
 * PyTorch; the input's gradient is PyTorch's (finite at 0 and 1).
 *
 * @example
 * ```ts
 * import { binaryCrossEntropy } from "@tessera/embed";
 * // -ln(0.5) for each element, ln 2 on average
 * console.log(binaryCrossEntropy([0.5, 0.5], [1, 0]).item()); // 0.6931471824645996
 * // Certain and wrong: each log is clamped at -100, as in PyTorch
 * console.log(await binaryCrossEntropy([0, 1], [1, 0], { reduction: "none" }).toArray()); // [100, 100]
 * ```
 *
 * @param input Probabilities in [0, 1]. @param target Targets, the input's shape.
 * @param options `weight`, `reduction`.
 * @returns The loss.
 * @throws {TypeError} For shapes that do not fit.
 */
export function binaryCrossEntropy(
  input: TensorLike,
  target: TensorLike,
  options?: BceOptions,
): Tensor<"float32"> {
  const who = "binaryCrossEntropy()";
  const o = lossOptions(bceSchema, options, who);
  const { x, y, w } = operands(who, input, target, o.weight);
  return out(reduced(weighted(makeNode("bce", [x, y], {}), w), o.reduction ?? "mean"));
}

/**
 * The binary cross-entropy of logits, in PyTorch's stable form
 * `(1 - y)·x + (1 + (pw - 1)·y)·(log(e^-m + e^(-x-m)) + m)`, `m = max(-x, 0)`.
 *
 * @example
 * ```ts
 * import { binaryCrossEntropyWithLogits } from "@tessera/embed";
 * // Logit 0 is probability 0.5: ln 2
 * console.log(binaryCrossEntropyWithLogits([0, 0], [1, 0]).item()); // 0.6931471824645996
 * console.log(binaryCrossEntropyWithLogits([100, -100], [1, 0]).item()); // 0
 * ```
 *
 * @param input Logits. @param target Targets, the input's shape.
 * @param options `weight`, `posWeight`, `reduction`.
 * @returns The loss.
 * @throws {TypeError} For shapes that do not fit.
 */
export function binaryCrossEntropyWithLogits(
  input: TensorLike,
  target: TensorLike,
  options?: BceWithLogitsOptions,
): Tensor<"float32"> {
  const who = "binaryCrossEntropyWithLogits()";
  const o = lossOptions(bceLogitsSchema, options, who);
  const { x, y, w } = operands(who, input, target, o.weight);
  const m = ew("relu x0", ew("neg x0", x));
  const softplus = ew(
    "add x0 x1",
    ew(
      "log x0",
      ew(
        "add x0 x1",
        ew("exp x0", ew("neg x0", m)),
        ew("exp x0", ew("sub x0 x1", ew("neg x0", x), m)),
      ),
    ),
    m,
  );
  let pos = softplus;
  if (o.posWeight !== undefined) {
    const pw = floatNode(o.posWeight, who, "posWeight");
    if (broadcastShapes([pw.shape, x.shape])?.join() !== x.shape.join()) {
      throw new TypeError(
        `${who}: posWeight of shape ${fmt(pw.shape)} does not broadcast to the input's ${
          fmt(x.shape)
        }`,
      );
    }
    pos = ew("mul x0 x1", ew("add x0 1", ew("mul x0 x1", ew("sub x0 1", pw), y)), softplus);
  }
  const loss = ew("add x0 x1", ew("mul x0 x1", ew("sub 1 x0", y), x), pos);
  return out(reduced(weighted(loss, w), o.reduction ?? "mean"));
}
