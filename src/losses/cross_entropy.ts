/**
 * `crossEntropy`: PyTorch's `F.cross_entropy` = `nllLoss(logSoftmax(x))`,
 * with class-index or probability targets and label smoothing.
 *
 * @module
 */

import { Tensor } from "../tensor/tensor.ts";
import { makeNode, type Node } from "../graph/node.ts";
import { ew, reduceAxes, reshapeTo } from "../graph/_build.ts";
import { describe } from "../tensor/_nested.ts";
import { floatNode, fmt, type TensorLike } from "../ops/_dense_inputs.ts";
import { classRows, classTargets, lossOptions, out, type Reduction, sumAll } from "./_common.ts";
import { crossEntropySchema } from "../ops/_dense_options.ts";

/**
 * Options of `crossEntropy`.
 *
 * @example
 * ```ts
 * import { crossEntropy, type CrossEntropyOptions } from "@tessera/embed";
 * const options: CrossEntropyOptions = { labelSmoothing: 0.1 };
 * const loss = crossEntropy([[2, 0, -1], [0, 1, 0]], [0, 1], options);
 * console.log(loss.item() > 0); // true
 * ```
 */
export interface CrossEntropyOptions {
  /** A weight per class, `[C]`. */
  weight?: TensorLike;
  /** Class-index rows with this target count for nothing. @default -100 */
  ignoreIndex?: number;
  /** Mixes the target with the uniform distribution, as PyTorch. @default 0 */
  labelSmoothing?: number;
  /** How per-element losses combine: `"mean"`, `"sum"` or `"none"`. @default "mean" */
  reduction?: Reduction;
}

/** Whether `target` holds probabilities (float32 tensor, or plain data of the input's shape). */
function isProbabilities(target: unknown, input: Node): boolean {
  if (target instanceof Tensor) return target.dtype === "float32";
  if (target instanceof Int32Array) return false;
  if (target instanceof Float32Array) return input.shape.length === 1;
  // The nesting depth of plain data, looked at no deeper than the input's rank + 1: data nested
  // 100,000 deep (or cyclic) stays cheap here, and the parsers below report it.
  const rank = input.shape.length;
  let v = target, depth = 0;
  try {
    while (Array.isArray(v) && depth <= rank) {
      depth++;
      v = v.length ? v[0] : undefined;
    }
  } catch {
    return false; // a hostile Proxy or getter: the index parser reports it
  }
  return depth === rank && rank > 0;
}

/**
 * The cross-entropy between logits and targets (PyTorch 1.13 semantics):
 * stable log-softmax over the classes, then the weighted nll of class
 * indices (mean over the targets' weights), or `-Σ w_c·y_c·log p_c` for
 * probability targets (mean over rows); `labelSmoothing` as PyTorch mixes it.
 *
 * @example
 * ```ts
 * import { crossEntropy } from "@tessera/embed";
 * // Equal logits over 2 classes: ln 2 whatever the target
 * console.log(crossEntropy([[0, 0], [0, 0]], [0, 1]).item()); // 0.6931471824645996
 * console.log(crossEntropy([[1000, 0], [0, 1000]], [0, 1]).item()); // 0
 * ```
 *
 * @param input Logits, `[N, C]` or `[C]`.
 * @param target Class indices (int32) `[N]`, or probabilities of the input's shape.
 * @param options `weight`, `ignoreIndex`, `labelSmoothing`, `reduction`.
 * @returns The loss.
 * @throws {TypeError} For shapes that do not fit. @throws {RangeError} For a class index out of range or a smoothing outside [0, 1].
 */
export function crossEntropy(
  input: TensorLike,
  target: unknown,
  options?: CrossEntropyOptions,
): Tensor<"float32"> {
  const who = "crossEntropy()";
  const o = lossOptions(crossEntropySchema, options, who);
  const eps = o.labelSmoothing ?? 0;
  if (typeof eps !== "number" || !(eps >= 0 && eps <= 1)) {
    throw new RangeError(`${who}: labelSmoothing is ${describe(eps)} but must be in [0, 1]`);
  }
  const x0 = floatNode(input, who, "input");
  if (x0.shape.length === 0) {
    throw new TypeError(`${who}: input has shape ${fmt(x0.shape)} but must be [N, C, ...] or [C]`);
  }
  const { rows, rest } = classRows(x0);
  const x = x0.shape.length === 1 ? x0 : rows;
  const axis = x.shape.length - 1, C = x.shape[axis], reduction = o.reduction ?? "mean";
  const weight = o.weight === undefined ? undefined : floatNode(o.weight, who, "weight");
  if (weight && (weight.shape.length !== 1 || weight.shape[0] !== C)) {
    throw new TypeError(
      `${who}: weight has shape ${fmt(weight.shape)} but must be [${C}] (one per class)`,
    );
  }
  if (isProbabilities(target, x)) {
    const y0 = floatNode(target, who, "target");
    if (y0.shape.join() !== x0.shape.join()) {
      throw new TypeError(
        `${who}: probability target has shape ${fmt(y0.shape)} but must be ${fmt(x0.shape)}`,
      );
    }
    let y = x0.shape.length === 1 ? y0 : classRows(y0).rows;
    if (eps > 0) y = ew(`add x0 ${eps / C}`, ew(`mul x0 ${1 - eps}`, y));
    let terms = ew("mul x0 x1", makeNode("softmax", [x], { axis, log: true }), y);
    if (weight) terms = ew("mul x0 x1", terms, weight);
    const perRow = ew("neg x0", reshapeTo(reduceAxes(terms, "sum", [axis]), x.shape.slice(0, -1)));
    if (reduction === "none") return out(reshapeTo(perRow, rest));
    const total = sumAll(perRow);
    return out(
      reduction === "sum" ? total : ew(`div x0 ${x.shape.length === 2 ? x.shape[0] : 1}`, total),
    );
  }
  const ignoreIndex = o.ignoreIndex ?? -100;
  if (!Number.isInteger(ignoreIndex)) {
    throw new TypeError(`${who}: ignoreIndex ${ignoreIndex} is not an integer`);
  }
  // One fused node (its vjp one kernel too): see src/graph/prims/cross_entropy.ts.
  const logits = x.shape.length === 1 ? reshapeTo(x, [1, C]) : x;
  const t = reshapeTo(classTargets(target, rest, C, ignoreIndex, who), [logits.shape[0]]);
  const attrs = { ignoreIndex, labelSmoothing: eps, reduction };
  const loss = makeNode("cross_entropy", weight ? [logits, t, weight] : [logits, t], attrs);
  return out(reduction === "none" ? reshapeTo(loss, rest) : loss);
}
