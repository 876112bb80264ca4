/**
 * The elementwise activations `relu`, `sigmoid`, `tanh` and `gelu`, as
 * PyTorch computes them (and their gradients, at 0, NaN and ties
 * included); fused with the elementwise ops around them.
 *
 * @module
 */

import type { Tensor } from "../tensor/tensor.ts";
import { parseOptions } from "./_options.ts";
import { DENSE_EXPECTED, geluSchema } from "./_dense_options.ts";
import { operand, wrap } from "./_dense_inputs.ts";
import { add, mul, type Scalar } from "./elementwise.ts";
import { build } from "./_ewise_build.ts";

/**
 * `max(x, 0)` (gradient 0 at 0, as PyTorch).
 *
 * @example
 * ```ts
 * import { relu } from "@tessera/embed";
 * console.log(await relu([-1, 0, 2]).toArray()); // [0, 0, 2]
 * ```
 *
 * @param x The input.
 * @returns The rectified input.
 * @throws {TypeError} For data that is not numbers.
 */
export function relu(x: Scalar): Tensor<"float32"> {
  return build("relu", [x]);
}

/**
 * The logistic sigmoid `1 / (1 + e⁻ˣ)`.
 *
 * @example
 * ```ts
 * import { sigmoid } from "@tessera/embed";
 * console.log(await sigmoid([-Infinity, 0, Infinity]).toArray()); // [0, 0.5, 1]
 * ```
 *
 * @param x The input.
 * @returns The sigmoid of `x`.
 * @throws {TypeError} For data that is not numbers.
 */
export function sigmoid(x: Scalar): Tensor<"float32"> {
  return build("sigmoid", [x]);
}

/**
 * Hyperbolic tangent.
 *
 * @example
 * ```ts
 * import { tanh } from "@tessera/embed";
 * console.log(await tanh([-Infinity, 0, Infinity]).toArray()); // [-1, 0, 1]
 * ```
 *
 * @param x The input.
 * @returns `tanh x`.
 * @throws {TypeError} For data that is not numbers.
 */
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
 * @example
 * ```ts
 * import { gelu } from "@tessera/embed";
 * console.log(await gelu([0, 1, 10]).toArray()); // [0, 0.8413447737693787, 10]
 * console.log(await gelu([1], { approximate: "tanh" }).toArray()); // [0.8411920070648193]
 * ```
 *
 * @param x The input.
 * @param options `approximate`.
 * @returns The GELU of `x`.
 * @throws {TypeError} For an unknown `approximate`, or data that is not numbers.
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
