/**
 * Elementwise ops with NumPy broadcasting, differentiable, lazy and fused:
 * a chain of them runs as one kernel. Operands are tensors, plain arrays or
 * numbers (a number is a constant of the instruction, not a tensor).
 *
 * @example
 * ```ts
 * import { add, mul, relu, tensor } from "@tessera/embed";
 * const x = tensor([[-1, 2], [3, -4]]);
 * const y = relu(add(mul(x, 2), [1, 0])); // one fused kernel
 * console.log(await y.toArray()); // [[0, 4], [7, 0]]
 * ```
 *
 * @module
 */

import type { Tensor } from "../tensor/tensor.ts";
import { makeNode } from "../graph/node.ts";
import { broadcastShapes } from "../graph/_shape_text.ts";
import { parseOptions } from "./_options.ts";
import { DENSE_EXPECTED, geluSchema } from "./_dense_options.ts";
import {
  constantToken,
  fmt,
  type Operand,
  operand,
  type TensorLike,
  wrap,
} from "./_dense_inputs.ts";

/** An operand of an elementwise op: a tensor, plain data, or a number. */
export type Scalar = TensorLike | number;

function build(name: string, args: readonly unknown[]): Tensor<"float32"> {
  const who = `${name}()`;
  const ops: Operand[] = args.map((a, i) =>
    operand(a, who, args.length === 1 ? "x" : i === 0 ? "a" : "b")
  );
  const nodes = ops.filter((o) => typeof o !== "number");
  if (nodes.length === 0) {
    // Numbers only: a zero-input program, a scalar.
    return wrap(
      makeNode("ewise", [], {
        prog: `${name} ${ops.map((o) => constantToken(o as number)).join(" ")}`,
      }),
    );
  }
  if (broadcastShapes(nodes.map((n) => n.shape)) === undefined) {
    throw new TypeError(
      `${who}: shapes ${nodes.map((n) => fmt(n.shape)).join(" and ")} do not broadcast`,
    );
  }
  let k = 0;
  const tokens = ops.map((o) => (typeof o === "number" ? constantToken(o) : `x${k++}`));
  return wrap(makeNode("ewise", nodes, { prog: `${name} ${tokens.join(" ")}` }));
}

/** `a + b`, broadcast. @param a First operand. @param b Second operand. @returns The sum. */
export function add(a: Scalar, b: Scalar): Tensor<"float32"> {
  return build("add", [a, b]);
}
/** `a - b`, broadcast. @param a First operand. @param b Second operand. @returns The difference. */
export function sub(a: Scalar, b: Scalar): Tensor<"float32"> {
  return build("sub", [a, b]);
}
/** `a * b`, broadcast. @param a First operand. @param b Second operand. @returns The product. */
export function mul(a: Scalar, b: Scalar): Tensor<"float32"> {
  return build("mul", [a, b]);
}
/** `a / b`, broadcast. @param a First operand. @param b Second operand. @returns The quotient. */
export function div(a: Scalar, b: Scalar): Tensor<"float32"> {
  return build("div", [a, b]);
}
/** `a ** b`, broadcast. @param a Base. @param b Exponent. @returns The power. */
export function pow(a: Scalar, b: Scalar): Tensor<"float32"> {
  return build("pow", [a, b]);
}
/** Elementwise maximum (NaN wins). @param a First operand. @param b Second operand. @returns The maximum. */
export function maximum(a: Scalar, b: Scalar): Tensor<"float32"> {
  return build("maximum", [a, b]);
}
/** Elementwise minimum (NaN wins). @param a First operand. @param b Second operand. @returns The minimum. */
export function minimum(a: Scalar, b: Scalar): Tensor<"float32"> {
  return build("minimum", [a, b]);
}
/** `-x`. @param x The input. @returns The negation. */
export function neg(x: Scalar): Tensor<"float32"> {
  return build("neg", [x]);
}
/** `eˣ`. @param x The input. @returns The exponential. */
export function exp(x: Scalar): Tensor<"float32"> {
  return build("exp", [x]);
}
/** Natural logarithm. @param x The input. @returns `ln x`. */
export function log(x: Scalar): Tensor<"float32"> {
  return build("log", [x]);
}
/** Square root. @param x The input. @returns `√x`. */
export function sqrt(x: Scalar): Tensor<"float32"> {
  return build("sqrt", [x]);
}
/** Absolute value. @param x The input. @returns `|x|`. */
export function abs(x: Scalar): Tensor<"float32"> {
  return build("abs", [x]);
}
/** `max(x, 0)` (gradient 0 at 0, as PyTorch). @param x The input. @returns The rectified input. */
export function relu(x: Scalar): Tensor<"float32"> {
  return build("relu", [x]);
}
/** `1 / (1 + e⁻ˣ)`. @param x The input. @returns The logistic sigmoid. */
export function sigmoid(x: Scalar): Tensor<"float32"> {
  return build("sigmoid", [x]);
}
/** Hyperbolic tangent. @param x The input. @returns `tanh x`. */
export function tanh(x: Scalar): Tensor<"float32"> {
  return build("tanh", [x]);
}
/** Options of `gelu`. */
export interface GeluOptions {
  /** `"none"`: exact, `x·Φ(x)`; `"tanh"`: PyTorch's tanh approximation. @default "none" */
  approximate?: "none" | "tanh";
}

/**
 * PyTorch's GELU: exact `x·Φ(x)`, or with `approximate: "tanh"`
 * `0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))`.
 *
 * @param x The input.
 * @param options `approximate`.
 * @returns The GELU of `x`.
 * @throws {TypeError} For an unknown `approximate`.
 */
export function gelu(x: Scalar, options: GeluOptions = {}): Tensor<"float32"> {
  const a = parseOptions(geluSchema, options, "gelu()", DENSE_EXPECTED).approximate ?? "none";
  if (a === "none") return build("gelu", [x]);
  // Checked here, so that a bad x is reported by gelu(), not by the mul() composing it.
  const v = operand(x, "gelu()", "x");
  if (typeof v !== "number") x = wrap(v);
  const x3 = mul(mul(x, x), x);
  const inner = mul(add(x, mul(x3, 0.044715)), Math.sqrt(2 / Math.PI));
  return mul(mul(x, 0.5), add(tanh(inner), 1));
}
