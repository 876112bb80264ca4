/**
 * `Dense`: Keras' fully connected layer (`kernel` stored `[in, units]`),
 * built on first use when the input width is not given.
 *
 * @module
 */

import { z } from "npm:zod@^4.1.0";
import { allocTensor, hostView, type Tensor } from "../tensor/tensor.ts";
import { generatorFor, type Random } from "../tensor/random.ts";
import { describe } from "../tensor/_nested.ts";
import { add } from "../ops/elementwise.ts";
import { relu, sigmoid, tanh } from "../ops/activations.ts";
import { matmul } from "../ops/matmul.ts";
import { reshape } from "../ops/shape.ts";
import { softmax } from "../ops/softmax.ts";
import { floatNode, type TensorLike, wrap } from "../ops/_dense_inputs.ts";
import { parseOptions, seedSchema } from "../ops/_options.ts";
import {
  checkInitialValues,
  fillOf,
  type Initializer,
  type InitializerName,
  resolveInitializer,
} from "./initializers.ts";
import { Module } from "./module.ts";

/** Activation names a Keras layer accepts. */
export type ActivationName = "linear" | "relu" | "sigmoid" | "tanh" | "softmax";

const ACTIVATIONS: Readonly<Record<ActivationName, (x: Tensor<"float32">) => Tensor<"float32">>> =
  Object.assign(Object.create(null), {
    linear: (x: Tensor<"float32">) => x,
    relu,
    sigmoid,
    tanh,
    softmax: (x: Tensor<"float32">) => softmax(x, { axis: -1 }),
  });

/**
 * Options of `Dense` (Keras 2's defaults).
 *
 * @example
 * ```ts
 * import { Dense, type DenseOptions } from "@tessera/embed";
 * const options: DenseOptions = { activation: "relu", inputDim: 4, seed: 0 };
 * console.log(new Dense(8, options).kernel?.shape); // [4, 8]
 * ```
 */
export interface DenseOptions {
  /** Applied to the output: `"linear"` (none), `"relu"`, `"sigmoid"`, `"tanh"`, `"softmax"`. @default "linear" */
  activation?: ActivationName | null;
  /** Whether the layer adds a bias. @default true */
  useBias?: boolean;
  /** Initial kernel values (fans: rows = inputs, columns = units). @default "glorotUniform" */
  kernelInitializer?: InitializerName | Initializer;
  /** Initial bias values. @default "zeros" */
  biasInitializer?: InitializerName | Initializer;
  /** Input width: builds the layer at once (otherwise on first use). @default undefined */
  inputDim?: number;
  /** Seed of the initialisers (the global generator when absent). @default undefined */
  seed?: number;
}

const fn = z.custom<(...a: never[]) => unknown>((v) => typeof v === "function");
const width = z.number().int().min(1).max(2 ** 31 - 1);
const schema = z.strictObject({
  activation: z.enum(["linear", "relu", "sigmoid", "tanh", "softmax"]).nullable().optional(),
  useBias: z.boolean().optional(),
  kernelInitializer: z.union([z.string(), fn]).optional(),
  biasInitializer: z.union([z.string(), fn]).optional(),
  inputDim: width.optional(),
  seed: seedSchema.optional(),
});

/** A `[rows, cols]` parameter filled by `init`. */
function initialized(init: Initializer, shape: [number, number], g: Random, who: string) {
  const [rows, cols] = shape;
  const t = allocTensor(rows === 0 ? [cols] : [rows, cols], "float32", who);
  const view = hostView(t);
  if (rows === 0) shape = [1, cols];
  const fill = fillOf(init);
  try {
    if (fill !== undefined) fill(view, g, shape);
    else view.set(checkInitialValues(init(shape, g), shape[0], shape[1], who));
  } catch (err) {
    t.dispose();
    throw err;
  }
  t.requiresGrad = true;
  return t;
}

/**
 * Keras' `Dense`: `activation(x · kernel + bias)` over the last dim of `x`,
 * with `kernel` `[inputDim, units]` (Glorot uniform) and `bias` `[units]`
 * (zeros). Without `inputDim` the layer is built by its first `forward`, or
 * by the `Sequential` holding it once the input shape is known.
 *
 * @example
 * ```ts
 * import { Dense } from "@tessera/embed";
 * const dense = new Dense(2, { activation: "sigmoid", seed: 0 });
 * console.log(dense.kernel); // null (not built yet)
 * console.log(dense.forward([[1, 2, 3]]).shape, dense.kernel?.shape); // [1, 2] [3, 2]
 * ```
 */
export class Dense extends Module {
  /** Output width. */
  readonly units: number;
  /** Activation name. */
  readonly activation: ActivationName;
  /** Whether there is a bias. */
  readonly useBias: boolean;
  #kernel: Tensor<"float32"> | null = null;
  #bias: Tensor<"float32"> | null = null;
  #inits: [Initializer, Initializer];
  #seed: number | undefined;

  /**
   * Creates the layer (and its parameters when `inputDim` is given).
   *
   * @param units Output width, a positive integer.
   * @param options Keras' options and `seed`.
   * @throws {TypeError} For a non-integer `units`, unknown options or an unknown activation or initializer.
   * @throws {RangeError} For `units` < 1.
   */
  constructor(units: number, options: DenseOptions = {}) {
    super();
    const who = "Dense()";
    if (typeof units !== "number" || !Number.isInteger(units)) {
      throw new TypeError(`${who}: units is ${describe(units)} but must be an integer`);
    }
    if (units < 1 || units > 2 ** 31 - 1) {
      throw new RangeError(`${who}: units is ${units} but must lie in [1, 2^31 - 1]`);
    }
    const o = parseOptions(schema, options, who);
    this.units = units;
    this.activation = o.activation ?? "linear";
    this.useBias = o.useBias ?? true;
    this.#inits = [
      resolveInitializer(o.kernelInitializer ?? "glorotUniform", who, "kernelInitializer"),
      resolveInitializer(o.biasInitializer ?? "zeros", who, "biasInitializer"),
    ];
    this.#seed = o.seed;
    if (o.inputDim !== undefined) this.build(o.inputDim);
  }

  /** `[inputDim, units]` float32, or null before the layer is built. */
  get kernel(): Tensor<"float32"> | null {
    return this.#kernel;
  }

  /** `[units]` float32, or null before the layer is built or with `useBias: false`. */
  get bias(): Tensor<"float32"> | null {
    return this.#bias;
  }

  /**
   * Creates the parameters for inputs of width `inputDim` (nothing when built already for that width).
   *
   * @param inputDim The last dim of the inputs.
   * @throws {TypeError} For a non-integer width, or one other than the layer was built for.
   * @throws {RangeError} For a width < 1.
   */
  build(inputDim: number): void {
    const who = "Dense.build()";
    if (this.#kernel !== null) {
      if (this.#kernel.shape[0] === inputDim) return;
      throw new TypeError(
        `${who}: inputDim is ${describe(inputDim)} but the layer was built for ${
          this.#kernel.shape[0]
        }`,
      );
    }
    if (typeof inputDim !== "number" || !Number.isInteger(inputDim)) {
      throw new TypeError(`${who}: inputDim is ${describe(inputDim)} but must be an integer`);
    }
    if (inputDim < 1 || inputDim > 2 ** 31 - 1) {
      throw new RangeError(`${who}: inputDim is ${inputDim} but must lie in [1, 2^31 - 1]`);
    }
    const g = generatorFor(this.#seed); // the bias draws after the kernel, from the same stream
    const kernel = initialized(this.#inits[0], [inputDim, this.units], g, who);
    const bias = this.useBias ? initialized(this.#inits[1], [0, this.units], g, who) : null;
    this.#kernel = kernel;
    this.#bias = bias;
    this.registerParameter("kernel", kernel);
    if (bias !== null) this.registerParameter("bias", bias);
  }

  /**
   * `activation(x · kernel + bias)`; builds the layer for `x`'s last dim first.
   *
   * @param x `[..., inputDim]` float32.
   * @returns A lazy `[..., units]` tensor.
   * @throws {TypeError} For a non-float input or a last dim other than the built width.
   */
  forward(x: TensorLike): Tensor<"float32"> {
    const who = "Dense.forward()";
    const t = wrap(floatNode(x, who, "x"));
    if (t.rank === 0) throw new TypeError(`${who}: x is a scalar but must have at least one dim`);
    const inputDim = t.shape[t.rank - 1];
    if (this.#kernel === null) this.build(inputDim);
    else if (this.#kernel.shape[0] !== inputDim) {
      throw new TypeError(
        `${who}: x has shape [${t.shape}] but the layer takes inputs of width ${
          this.#kernel.shape[0]
        }`,
      );
    }
    const flat = t.rank === 2 ? t : reshape(t, [-1, inputDim]);
    let y = matmul(flat, this.#kernel!);
    if (this.#bias !== null) y = add(y, this.#bias);
    if (t.rank !== 2) y = reshape(y, [...t.shape.slice(0, -1), this.units]);
    return ACTIVATIONS[this.activation](y);
  }

  /** `units=1, activation=sigmoid`. */
  protected override extraRepr(): string {
    return `units=${this.units}, activation=${this.activation}, use_bias=${
      this.useBias ? "True" : "False"
    }`;
  }
}
