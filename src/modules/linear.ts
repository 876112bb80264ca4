/**
 * `Linear`: `y = x·Wᵀ + b`, like `torch.nn.Linear`.
 *
 * @module
 */

import { z } from "npm:zod@^4.1.0";
import { allocTensor, hostView, type Tensor } from "../tensor/tensor.ts";
import { fillUniform, generatorFor } from "../tensor/random.ts";
import { checkShapeSize } from "../tensor/_sizes.ts";
import { describe } from "../tensor/_nested.ts";
import { linear } from "../ops/matmul.ts";
import type { TensorLike } from "../ops/_dense_inputs.ts";
import { parseOptions, seedSchema } from "../ops/_options.ts";
import { Module } from "./module.ts";

/**
 * Options of `Linear`.
 *
 * @example
 * ```ts
 * import { Linear, type LinearOptions } from "@tessera/embed";
 * const options: LinearOptions = { bias: false, seed: 0 };
 * console.log(new Linear(3, 2, options).toString()); // Linear(in_features=3, out_features=2, bias=False)
 * ```
 */
export interface LinearOptions {
  /** Whether the layer adds a learned bias. @default true */
  bias?: boolean;
  /** Seed of the initialisation (the global generator when absent). @default undefined */
  seed?: number;
}

const schema = z.strictObject({ bias: z.boolean().optional(), seed: seedSchema.optional() });

/** Checks a feature count: a non-negative integer. */
function checkFeatures(name: string, v: unknown, who: string): void {
  if (typeof v !== "number" || !Number.isInteger(v)) {
    throw new TypeError(`${who}: ${name} is ${describe(v)} but must be an integer`);
  }
  if (v < 0 || v > 2 ** 31 - 1) {
    throw new RangeError(`${who}: ${name} is ${v} but must lie in [0, 2^31 - 1]`);
  }
}

/**
 * A fully connected layer with PyTorch's layout (`weight` is
 * `[outFeatures, inFeatures]`) and PyTorch's default initialisation:
 * weight and bias uniform in `±1/√inFeatures` (`kaiming_uniform_` with
 * a = √5, drawn first, then the bias), from the project's seeded generator
 * (the same bounds as PyTorch, not the same numbers).
 *
 * @example
 * ```ts
 * import { Linear } from "@tessera/embed";
 * const layer = new Linear(8, 4, { seed: 0 });
 * console.log(layer.toString()); // Linear(in_features=8, out_features=4, bias=True)
 * console.log(layer.weight.shape, layer.bias?.shape); // [4, 8] [4]
 * console.log(layer.forward([[1, 2, 3, 4, 5, 6, 7, 8]]).shape); // [1, 4]
 * ```
 */
export class Linear extends Module {
  /** Size of each input sample. */
  readonly inFeatures: number;
  /** Size of each output sample. */
  readonly outFeatures: number;
  /** `[outFeatures, inFeatures]` float32, requiring gradients. */
  readonly weight: Tensor<"float32">;
  /** `[outFeatures]` float32, requiring gradients, or null with `bias: false`. */
  readonly bias: Tensor<"float32"> | null;

  /**
   * Creates the layer, initialised as PyTorch does.
   *
   * @param inFeatures Size of each input sample.
   * @param outFeatures Size of each output sample.
   * @param options `bias` (default true) and `seed`.
   * @throws {TypeError} For non-integer sizes or unknown options.
   * @throws {RangeError} For negative sizes.
   */
  constructor(inFeatures: number, outFeatures: number, options: LinearOptions = {}) {
    super();
    const who = "Linear()";
    checkFeatures("inFeatures", inFeatures, who);
    checkFeatures("outFeatures", outFeatures, who);
    const o = parseOptions(schema, options, who);
    checkShapeSize([outFeatures, inFeatures], who, "the weight");
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    const g = generatorFor(o.seed);
    const bound = inFeatures > 0 ? 1 / Math.sqrt(inFeatures) : 0;
    const make = (shape: number[]) => {
      const t = allocTensor(shape, "float32", who);
      fillUniform(g, hostView(t), -bound, 2 * bound);
      t.requiresGrad = true;
      return t;
    };
    this.weight = make([outFeatures, inFeatures]);
    this.bias = o.bias === false ? null : make([outFeatures]);
    this.registerParameter("weight", this.weight);
    if (this.bias !== null) this.registerParameter("bias", this.bias);
  }

  /**
   * `x·Wᵀ + b` over the last dim of `x`.
   *
   * @param x `[..., inFeatures]` float32.
   * @returns A lazy `[..., outFeatures]` tensor.
   * @throws {TypeError} For a last dim other than `inFeatures`, or a non-float input.
   */
  forward(x: TensorLike): Tensor<"float32"> {
    return linear(x, this.weight, this.bias ?? undefined);
  }

  /** `in_features=8, out_features=4, bias=True`. */
  protected override extraRepr(): string {
    const bias = this.bias !== null ? "True" : "False";
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${bias}`;
  }
}
