/**
 * `bag`: gathered rows reduced into bags (sum, mean or max). Inputs
 * `[rows, idx, offsets]` plus per-sample weights for a weighted sum; `rows`
 * is always a `gather` of the table by `idx`, which the scheduler fuses.
 *
 * @module
 */

import { makeNode, type Node } from "../node.ts";
import type { NodeOf, Primitive } from "../primitive.ts";
import { last } from "../../schedule/_lowering.ts";
import { bagCount, lowerBag } from "./_bag_lower.ts";

/** The gradient of a bag with respect to its `[N, D]` rows. */
export function bagBackward(bag: NodeOf<"bag">, cotangent: Node, argmax: Node | null): Node {
  const [, idx, offsets, psw] = bag.inputs;
  const inputs = argmax
    ? [cotangent, idx, offsets, argmax]
    : psw
    ? [cotangent, idx, offsets, psw]
    : [cotangent, idx, offsets];
  return makeNode("bag_backward", inputs, bag.attrs);
}

/** The per-position winners of a max bag. */
export function bagArgmax(bag: NodeOf<"bag">): Node {
  const [rows, idx, offsets] = bag.inputs;
  const { paddingIdx, includeLastOffset } = bag.attrs;
  return makeNode("bag_argmax", [rows, idx, offsets], { paddingIdx, includeLastOffset });
}

/** The gradient of a weighted sum bag with respect to its per-sample weights. */
export function pswGrad(bag: NodeOf<"bag">, cotangent: Node): Node {
  const [rows, idx, offsets] = bag.inputs;
  const { paddingIdx, includeLastOffset } = bag.attrs;
  return makeNode("psw_grad", [cotangent, rows, idx, offsets], { paddingIdx, includeLastOffset });
}

/** The bag primitive. */
export const bag: Primitive<"bag"> = {
  name: "bag",
  dtype: () => "float32",
  shape: ([rows, , offsets], attrs) => [bagCount(attrs.includeLastOffset, offsets), last(rows)],
  vjp: (node, ct) => {
    const max = node.attrs.mode === "max";
    const rows = bagBackward(node, ct, max ? bagArgmax(node) : null);
    const psw = node.inputs.length > 3 ? pswGrad(node, ct) : null;
    return [rows, null, null, psw];
  },
  lower: lowerBag,
};

/** The bag_argmax primitive (int32 winners, `[B, D]`). */
export const bagArgmaxPrim: Primitive<"bag_argmax"> = {
  name: "bag_argmax",
  dtype: () => "int32",
  shape: ([rows, , offsets], attrs) => [bagCount(attrs.includeLastOffset, offsets), last(rows)],
  vjp: null,
  lower: lowerBag,
};
