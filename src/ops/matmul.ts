/**
 * `matmul` and `linear`: matrix products, differentiable, as PyTorch
 * computes them (`linear` takes the weight in PyTorch's `[out, in]` layout).
 *
 * @module
 */

import type { Tensor } from "../tensor/tensor.ts";
import { makeNode, type Node } from "../graph/node.ts";
import { expandTo, reshapeTo } from "../graph/_build.ts";
import { broadcastShapes } from "../graph/_shape_text.ts";
import { floatNode, fmt, type TensorLike, wrap } from "./_dense_inputs.ts";
import { matmulAttrs } from "../graph/prims/matmul.ts";

function product(who: string, a: Node, b: Node, transB: boolean, bias?: Node): Node {
  if (a.shape.length === 0 || b.shape.length === 0) {
    throw new TypeError(
      `${who}: both operands must have at least 1 dimension, got ${fmt(a.shape)} and ${
        fmt(b.shape)
      }`,
    );
  }
  // 1-D operands are a row (a) or a column (b) vector, dropped from the result.
  const a2 = a.shape.length === 1 ? reshapeTo(a, [1, a.shape[0]]) : a;
  const b2 = b.shape.length === 1 ? reshapeTo(b, transB ? [1, b.shape[0]] : [b.shape[0], 1]) : b;
  const K = a2.shape[a2.shape.length - 1];
  const Kb = transB ? b2.shape[b2.shape.length - 1] : b2.shape[b2.shape.length - 2];
  if (K !== Kb) {
    throw new TypeError(
      `${who}: shapes ${fmt(a.shape)} and ${fmt(b.shape)}${
        transB ? "ᵀ" : ""
      } cannot be multiplied (${K} != ${Kb})`,
    );
  }
  let a3 = a2, b3 = b2;
  const ba = a2.shape.slice(0, -2), bb = b2.shape.slice(0, -2);
  if (ba.length > 0 && bb.length > 0 && ba.join() !== bb.join()) {
    // Batch dims broadcast (NumPy rules); both sides are then expanded to them.
    const batch = broadcastShapes([ba, bb]);
    if (batch === undefined) {
      throw new TypeError(`${who}: batch dimensions ${fmt(ba)} and ${fmt(bb)} do not broadcast`);
    }
    a3 = expandTo(a2, [...batch, ...a2.shape.slice(-2)]);
    b3 = expandTo(b2, [...batch, ...b2.shape.slice(-2)]);
  }
  const inputs = bias ? [a3, b3, bias] : [a3, b3];
  let out: Node = makeNode("matmul", inputs, matmulAttrs(false, transB, bias !== undefined));
  if (a.shape.length === 1 || b.shape.length === 1) {
    const s = [...out.shape];
    if (b.shape.length === 1) s.pop();
    if (a.shape.length === 1) s.splice(s.length - (b.shape.length === 1 ? 1 : 2), 1);
    out = reshapeTo(out, s);
  }
  return out;
}

/**
 * The matrix product of `a` and `b` (PyTorch's `torch.matmul`): 2-D, batched
 * (a 2-D operand is shared over the other's batch), or with 1-D vectors.
 *
 * @example
 * ```ts
 * import { matmul } from "@tessera/embed";
 * console.log(await matmul([[1, 2], [3, 4]], [[1, 0], [0, 10]]).toArray()); // [[1, 20], [3, 40]]
 * console.log(await matmul([[1, 2], [3, 4]], [1, 1]).toArray()); // [3, 7]
 * ```
 *
 * @param a Left operand, `[..., M, K]` or `[K]`.
 * @param b Right operand, `[..., K, N]` or `[K]`.
 * @returns The product, `[..., M, N]`.
 * @throws {TypeError} If the inner dimensions or the batch dimensions differ.
 */
export function matmul(a: TensorLike, b: TensorLike): Tensor<"float32"> {
  const who = "matmul()";
  return wrap(product(who, floatNode(a, who, "a"), floatNode(b, who, "b"), false));
}

/**
 * A linear layer's map, `x·Wᵀ + bias`, with `weight` in PyTorch's
 * `[outFeatures, inFeatures]` layout (one fused kernel with the bias).
 *
 * @example
 * ```ts
 * import { linear } from "@tessera/embed";
 * // weight [3, 2]: out[0] = x[0], out[1] = x[1], out[2] = x[0] + x[1] + 10
 * console.log(await linear([[1, 2]], [[1, 0], [0, 1], [1, 1]], [0, 0, 10]).toArray()); // [[1, 2, 13]]
 * ```
 *
 * @param x Input, `[..., inFeatures]`.
 * @param weight `[outFeatures, inFeatures]`.
 * @param bias Optional `[outFeatures]`.
 * @returns `[..., outFeatures]`.
 * @throws {TypeError} If the shapes do not fit.
 */
export function linear(x: TensorLike, weight: TensorLike, bias?: TensorLike): Tensor<"float32"> {
  const who = "linear()";
  const xn = floatNode(x, who, "x"), w = floatNode(weight, who, "weight");
  if (w.shape.length !== 2) {
    throw new TypeError(`${who}: weight has shape ${fmt(w.shape)} but must be [out, in]`);
  }
  const b = bias === undefined ? undefined : floatNode(bias, who, "bias");
  if (b && (b.shape.length !== 1 || b.shape[0] !== w.shape[0])) {
    throw new TypeError(`${who}: bias has shape ${fmt(b.shape)} but must be [${w.shape[0]}]`);
  }
  if (xn.shape.length === 0) throw new TypeError(`${who}: x must have at least 1 dimension`);
  // Flatten leading dims so the weight is shared by one batch of rows.
  const rows = xn.shape.length > 2
    ? reshapeTo(xn, [
      xn.shape.slice(0, -1).reduce((p, q) => p * q, 1),
      xn.shape[xn.shape.length - 1],
    ])
    : xn;
  const y = product(who, rows, w, true, b);
  return wrap(xn.shape.length > 2 ? reshapeTo(y, [...xn.shape.slice(0, -1), w.shape[0]]) : y);
}
