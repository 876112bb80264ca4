/**
 * `Sequential`: modules chained, as `torch.nn.Sequential`.
 *
 * @module
 */

import { describe } from "../tensor/_nested.ts";
import { Tensor } from "../tensor/tensor.ts";
import { Module } from "./module.ts";

/**
 * Runs its modules in order, each on the previous one's output; its
 * children are named `"0"`, `"1"`, ..., so parameters are `"0.weight"`,
 * `"1.bias"` as in PyTorch.
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
export class Sequential extends Module {
  #modules: Module[];

  /**
   * Chains `modules`, registered as children `"0"`, `"1"`, ...
   *
   * @param modules The modules, in the order they run.
   * @throws {TypeError} For an argument that is not a `Module`.
   */
  constructor(...modules: Module[]) {
    super();
    modules.forEach((m, i) => {
      if (!(m instanceof Module)) {
        throw new TypeError(`Sequential(): argument ${i} is ${describe(m)} but must be a Module`);
      }
    });
    this.#modules = [...modules];
    this.#modules.forEach((m, i) => this.registerModule(String(i), m));
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
    this.#modules.forEach((m, i) => {
      out = (m.forward as (...a: unknown[]) => unknown).apply(m, i === 0 ? inputs : [out]);
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
