/**
 * `Sequential`: modules chained, as `torch.nn.Sequential` (modules as
 * arguments) and Keras' `Sequential` (one array of layers), with Keras'
 * `compile` / `fit` / `evaluate` / `predict` / `summary`.
 *
 * @module
 */

import { describe } from "../tensor/_nested.ts";
import { Tensor } from "../tensor/tensor.ts";
import { Module } from "./module.ts";
import { Model } from "../keras/model.ts";
import { declaredInput } from "../keras/_shapes.ts";
import { Embedding } from "./embedding.ts";
import { Dense } from "./dense.ts";
import { Dropout } from "./dropout.ts";
import { GlobalAveragePooling1D } from "./global_average_pooling_1d.ts";
import { ReLU } from "./relu.ts";
import { Sigmoid } from "./sigmoid.ts";
import { Tanh } from "./tanh.ts";

/** Layers that pass Keras' mask on unchanged (`supports_masking`). */
const KEEPS_MASK = [Dense, Dropout, ReLU, Sigmoid, Tanh];

/**
 * Runs its modules in order, each on the previous one's output; its
 * children are named `"0"`, `"1"`, ..., so parameters are `"0.weight"`,
 * `"1.bias"` as in PyTorch. Write `new Sequential(a, b)` as in PyTorch or
 * `new Sequential([a, b])` as in Keras: the same model either way, and
 * both have Keras' `compile`, `fit`, `evaluate`, `predict` and `summary`.
 * An `Embedding` with `maskZero` passes its mask on to a later
 * `GlobalAveragePooling1D` (through `Dense`, activations and `Dropout`).
 *
 * @example
 * ```ts
 * import { Dense, Embedding, Flatten, Sequential } from "@tessera/embed";
 * const model = new Sequential([
 *   new Embedding(50, 8, { inputLength: 4, seed: 0 }),
 *   new Flatten(),
 *   new Dense(1, { activation: "sigmoid", seed: 0 }),
 * ]);
 * model.compile({ optimizer: "adam", loss: "binaryCrossentropy", metrics: ["accuracy"] });
 * const history = await model.fit([[1, 2, 0, 0], [3, 4, 5, 0]], [1, 0], { epochs: 3, verbose: 0 });
 * console.log(history.history.loss.length); // 3
 * ```
 *
 * @example
 * ```ts
 * import { EmbeddingBag, Linear, ReLU, Sequential } from "@tessera/embed";
 * const model = new Sequential(
 *   new EmbeddingBag(100, 8, { seed: 0 }),
 *   new Linear(8, 4, { seed: 1 }),
 *   new ReLU(),
 * );
 * console.log(model.namedParameters().map(([name]) => name)); // ["0.weight", "1.weight", "1.bias"]
 * console.log(model.forward([[1, 2, 3], [4, 5, 6]]).shape); // [2, 4]
 * console.log(model.toString());
 * // Sequential(
 * //   (0): EmbeddingBag(100, 8, mode=mean)
 * //   (1): Linear(in_features=8, out_features=4, bias=True)
 * //   (2): ReLU()
 * // )
 * ```
 */
export class Sequential extends Model {
  #modules: Module[];

  /**
   * Chains `modules` (as arguments, or as one array), registered as children
   * `"0"`, `"1"`, ...; when the first is an `Embedding` with `inputLength`,
   * the shapes are inferred and every `Dense` built at once.
   *
   * @param modules The modules, in the order they run, or one array of them.
   * @throws {TypeError} For an argument that is not a `Module`, or layers whose shapes do not chain.
   */
  constructor(...modules: Module[] | [readonly Module[]]) {
    super();
    const keras = modules.length === 1 && Array.isArray(modules[0]);
    const source: ArrayLike<unknown> = keras ? modules[0] as readonly Module[] : modules;
    // Element by element, never copied whole: a hole (as in a huge sparse array) stops it.
    const list: Module[] = [];
    for (let i = 0; i < source.length; i++) {
      const m = source[i];
      if (!(m instanceof Module)) {
        const where = keras ? `layers[${i}]` : `argument ${i}`;
        throw new TypeError(`Sequential(): ${where} is ${describe(m)} but must be a Module`);
      }
      list.push(m);
    }
    this.#modules = list;
    this.#modules.forEach((m, i) => this.registerModule(String(i), m));
    const input = declaredInput(this.#modules);
    if (input !== null) this.buildFor(input, "Sequential()");
  }

  /** Number of modules. */
  get length(): number {
    return this.#modules.length;
  }

  /**
   * The module at `index` (negative counts from the end), as `model[i]` in PyTorch.
   *
   * @param index Position of the module.
   * @returns The module.
   * @throws {RangeError} For an index out of range.
   */
  at(index: number): Module {
    const n = this.#modules.length;
    if (!Number.isInteger(index) || index < -n || index >= n) {
      throw new RangeError(
        `Sequential.at(): index is ${describe(index)} but the model has ${n} module(s)`,
      );
    }
    return this.#modules[index < 0 ? index + n : index];
  }

  /**
   * Passes the input through every module in turn; the first module receives
   * all the arguments (e.g. an `EmbeddingBag`'s indices and offsets), each
   * later one the previous output.
   *
   * @param inputs The first module's arguments.
   * @returns The last module's output (the input itself for an empty `Sequential`).
   * @throws {TypeError} Whatever a module throws for its input, or for a result that is not a tensor.
   */
  forward(...inputs: unknown[]): Tensor<"float32"> {
    let out: unknown = inputs[0];
    let mask: Tensor | null = null;
    this.#modules.forEach((m, i) => {
      if (m instanceof GlobalAveragePooling1D && mask !== null) {
        out = m.forward(out as Tensor, mask);
      } else out = (m.forward as (...a: unknown[]) => unknown).apply(m, i === 0 ? inputs : [out]);
      if (i === 0 && m instanceof Embedding) mask = m.computeMask(inputs[0] as Tensor);
      else if (!KEEPS_MASK.some((M) => m instanceof M)) mask = null;
    });
    if (!(out instanceof Tensor)) {
      const what = this.#modules.length === 0 ? "the input" : `module ${this.#modules.length - 1}`;
      throw new TypeError(
        `Sequential.forward(): ${what} gave ${describe(out)} but the output must be a tensor`,
      );
    }
    return out as Tensor<"float32">;
  }
}
