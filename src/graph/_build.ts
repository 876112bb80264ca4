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
  return shapeText(x.shape) === shapeText(shape)
    ? x
    : makeNode("expand", [x], { shape: shapeText(shape) });
}

/** `x` with the same elements in `shape`. */
export function reshapeTo(x: Node, shape: readonly number[]): Node {
  return shapeText(x.shape) === shapeText(shape)
    ? x
    : makeNode("reshape", [x], { shape: shapeText(shape) });
}

/** `x` reduced over `axes` (ascending), kept as dims of size 1. */
export function reduceAxes(x: Node, op: AttrsOf["reduce"]["op"], axes: readonly number[]): Node {
  return axes.length === 0 ? x : makeNode("reduce", [x], { op, axes: axes.join(",") });
}

/** `ct` summed down to `shape`, undoing a NumPy broadcast of `shape` (the vjp of a broadcast). */
export function sumTo(ct: Node, shape: readonly number[]): Node {
  if (shapeText(ct.shape) === shapeText(shape)) return ct;
  const lead = ct.shape.length - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < ct.shape.length; i++) {
    const want = i < lead ? 1 : shape[i - lead];
    if (want === 1 && ct.shape[i] !== 1) axes.push(i);
  }
  return reshapeTo(reduceAxes(ct, "sum", axes), shape);
}
