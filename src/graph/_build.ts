/**
 * Small graph builders shared by the dense vjp rules and ops: elementwise
 * programs, broadcasts, reshapes and axis reductions, each one node.
 *
 * @module
 */

import { makeNode, type Node } from "./node.ts";
import type { AttrsOf } from "./primitive.ts";
import { shapeText } from "./_shape_text.ts";

/** An elementwise node running a one-instruction program over `inputs`. */
export function ew(prog: string, ...inputs: Node[]): Node {
  return makeNode("ewise", inputs, { prog });
}

/** `x` broadcast to `shape`. */
export function expandTo(x: Node, shape: readonly number[]): Node {
  return shapeText(x.shape) === shapeText(shape) ? x : makeNode("expand", [x], { shape: shapeText(shape) });
}

/** `x` with the same elements in `shape`. */
export function reshapeTo(x: Node, shape: readonly number[]): Node {
  return shapeText(x.shape) === shapeText(shape) ? x : makeNode("reshape", [x], { shape: shapeText(shape) });
}

/** `x` reduced over one axis, kept as a dim of size 1. */
export function reduceAxis(x: Node, op: AttrsOf["reduce"]["op"], axis: number): Node {
  return makeNode("reduce", [x], { op, axis });
}

/** `ct` summed down to `shape`, undoing a NumPy broadcast of `shape` (the vjp of a broadcast). */
export function sumTo(ct: Node, shape: readonly number[]): Node {
  if (shapeText(ct.shape) === shapeText(shape)) return ct;
  const lead = ct.shape.length - shape.length;
  let x = ct;
  for (let i = 0; i < ct.shape.length; i++) {
    const want = i < lead ? 1 : shape[i - lead];
    if (want === 1 && ct.shape[i] !== 1) x = reduceAxis(x, "sum", i);
  }
  return reshapeTo(x, shape);
}
