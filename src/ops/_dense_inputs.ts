/**
 * Operands of the dense ops: tensors stay lazy (their nodes are used as
 * they are), plain arrays and typed arrays are copied into float32 tensors,
 * and numbers become program constants of an elementwise instruction.
 *
 * @module
 */

import { Tensor, tensorInternals } from "../tensor/tensor.ts";
import { tensor } from "../tensor/creation.ts";
import type { NestedArray } from "../tensor/_nested.ts";
import { describe } from "../tensor/_nested.ts";
import { storageOf } from "../graph/_dispose.ts";
import type { Node } from "../graph/node.ts";

/** What a dense op accepts as a tensor operand. */
export type TensorLike = Tensor | Float32Array | NestedArray;

/** An operand: a node, or a number written into the program. */
export type Operand = Node | number;

/** The node of a tensor operand (copying plain data once), checked live. */
export function denseNode(value: unknown, who: string, name: string): Node {
  if (value instanceof Tensor) {
    const node = tensorInternals().nodeOf(value);
    if (storageOf(node)?.freed) {
      throw new TypeError(`${who}: ${name} is a disposed tensor of shape [${value.shape}]`);
    }
    return node;
  }
  if (value instanceof Float32Array || Array.isArray(value) || typeof value === "number") {
    try {
      return tensorInternals().nodeOf(tensor(value as NestedArray, { dtype: "float32" }));
    } catch (err) {
      const Ctor = err instanceof RangeError ? RangeError : TypeError;
      throw new Ctor((err as Error).message.replace("tensor(): data", `${who}: ${name}`));
    }
  }
  throw new TypeError(
    `${who}: ${name} is ${
      describe(value)
    } but must be a tensor, a Float32Array or a (nested) array of numbers`,
  );
}

/** A float operand: numbers stay numbers (program constants). */
export function operand(value: unknown, who: string, name: string): Operand {
  return typeof value === "number" ? value : denseNode(value, who, name);
}

/** The program token of a constant. */
export function constantToken(v: number): string {
  if (Object.is(v, -0)) return "-0"; // String(-0) is "0": x * -0 would lose its sign
  return Number.isNaN(v) ? "nan" : v === Infinity ? "inf" : v === -Infinity ? "-inf" : String(v);
}

/** Wraps a node as a tensor. */
export function wrap(node: Node): Tensor<"float32"> {
  return tensorInternals().fromNode<"float32">(node);
}

/** A float32 input of a differentiable op (int32 tensors are rejected). */
export function floatNode(value: unknown, who: string, name: string): Node {
  const node = denseNode(value, who, name);
  if (node.dtype !== "float32") {
    throw new TypeError(`${who}: ${name} is an ${node.dtype} tensor but must be float32`);
  }
  return node;
}

/** Shape text for messages. */
export const fmt = (shape: readonly number[]): string => `[${shape.join(", ")}]`;
