/**
 * `Module`: the base of every layer, as `torch.nn.Module`: parameters and
 * children by name, state dicts, train/eval mode, `zeroGrad()` and a
 * `print(model)`-style `toString()`.
 *
 * @module
 */

import type { Tensor } from "../tensor/tensor.ts";
import { zeros } from "../tensor/creation.ts";
import { RowSparseGrad } from "../sparse/row_sparse_grad.ts";
import { describe } from "../tensor/_nested.ts";
import { parseOptions } from "../ops/_options.ts";
import { z } from "npm:zod@^4.1.0";
import { type IncompatibleKeys, loadParameters, type StateDictValue } from "./_state_dict.ts";
import { moduleRepr } from "./_repr.ts";

export type { IncompatibleKeys, StateDictValue } from "./_state_dict.ts";

/**
 * Options of `Module.loadStateDict`.
 *
 * @example
 * ```ts
 * import { Linear, type LoadStateDictOptions } from "@tessera/embed";
 * const options: LoadStateDictOptions = { strict: false };
 * const result = new Linear(2, 1, { seed: 0 }).loadStateDict({ weight: [[1, 2]] }, options);
 * console.log(result.missingKeys); // ["bias"]
 * ```
 */
export interface LoadStateDictOptions {
  /** Every parameter must be given and no other key (PyTorch's `strict`). @default true */
  strict?: boolean;
}

/**
 * Options of `Module.zeroGrad`.
 *
 * @example
 * ```ts
 * import { Linear, sum, type Tensor, type ZeroGradOptions } from "@tessera/embed";
 * const layer = new Linear(2, 1, { seed: 0 });
 * await sum(layer.forward([[1, 2]])).backward();
 * const options: ZeroGradOptions = { setToNone: false };
 * layer.zeroGrad(options);
 * console.log(await (layer.bias!.grad as Tensor).toArray()); // [0]
 * ```
 */
export interface ZeroGradOptions {
  /** Set `grad` to `undefined` (PyTorch 2's default) rather than to zeros. @default true */
  setToNone?: boolean;
}

const loadSchema = z.strictObject({ strict: z.boolean().optional() });
const zeroSchema = z.strictObject({ setToNone: z.boolean().optional() });

/**
 * The base of layers, like `torch.nn.Module`. A subclass registers its
 * parameters and submodules in its constructor (`registerParameter`,
 * `registerModule`) and implements `forward`; names, state dicts, modes and
 * the printout follow.
 *
 * @example
 * ```ts
 * import { Linear, Module, relu, type Tensor, type TensorLike } from "@tessera/embed";
 * class Mlp extends Module {
 *   readonly hidden = new Linear(4, 8, { seed: 0 });
 *   readonly out = new Linear(8, 2, { seed: 1 });
 *   constructor() {
 *     super();
 *     this.registerModule("hidden", this.hidden);
 *     this.registerModule("out", this.out);
 *   }
 *   forward(x: TensorLike): Tensor<"float32"> {
 *     return this.out.forward(relu(this.hidden.forward(x)));
 *   }
 * }
 * const model = new Mlp();
 * console.log(model.namedParameters().map(([name]) => name)); // ["hidden.weight", "hidden.bias", "out.weight", "out.bias"]
 * console.log(model.forward([[1, 2, 3, 4]]).shape); // [1, 2]
 * ```
 */
export abstract class Module {
  /** Whether the module is in training mode (`train()`), as opposed to `eval()`. */
  training = true;
  #params = new Map<string, Tensor<"float32">>();
  #children = new Map<string, Module>();

  /** Computes the module's output. */
  abstract forward(...inputs: never[]): unknown;

  /** Registers a parameter under `name` (PyTorch's `register_parameter`). */
  protected registerParameter(name: string, parameter: Tensor<"float32">): void {
    this.#params.set(name, parameter);
  }

  /** Registers a submodule under `name` (PyTorch's `add_module`). */
  protected registerModule(name: string, module: Module): void {
    this.#children.set(name, module);
  }

  /**
   * Parameters of this module and its descendants with PyTorch's dotted
   * names (`"0.weight"`), own parameters first, each tensor once.
   *
   * @returns `[name, tensor]` pairs, in registration order.
   */
  namedParameters(): [string, Tensor<"float32">][] {
    const seen = new Set<Tensor>();
    return this.#allParameters().filter(([, t]) => !seen.has(t) && seen.add(t) !== undefined);
  }

  /**
   * The parameters that require gradients (what an optimizer updates): a
   * frozen table's weight is left out, where PyTorch lists it with
   * `requires_grad=False`.
   *
   * @returns The tensors, each once.
   */
  parameters(): Tensor<"float32">[] {
    return this.namedParameters().map(([, t]) => t).filter((t) => t.requiresGrad);
  }

  /**
   * The direct submodules with their names (PyTorch's `named_children()`).
   *
   * @returns `[name, module]` pairs, in registration order.
   */
  namedChildren(): [string, Module][] {
    return [...this.#children];
  }

  /**
   * The direct submodules (PyTorch's `children()`).
   *
   * @returns The modules, in registration order.
   */
  children(): Module[] {
    return [...this.#children.values()];
  }

  /**
   * The parameters by dotted name (the tensors themselves, not copies), for
   * `saveSafetensors`; PyTorch's `load_state_dict` takes the saved file.
   *
   * @returns A plain object, name → tensor.
   */
  stateDict(): Record<string, Tensor<"float32">> {
    return Object.fromEntries(this.#allParameters());
  }

  /**
   * Copies values into the parameters by name. Lazy results computed from
   * the old values keep them. All keys are checked before anything changes.
   *
   * @param stateDict Name → float32 tensor, `Float32Array` or nested array.
   * @param options `strict` (default true): missing and unexpected keys are errors.
   * @returns The keys missing from `stateDict` and those no parameter has.
   * @throws {TypeError} For a non-object, a key missing or unexpected (with `strict`), a
   *   value of the wrong kind or a shape differing from the parameter's; nothing is changed.
   */
  loadStateDict(
    stateDict: Readonly<Record<string, StateDictValue>>,
    options: LoadStateDictOptions = {},
  ): IncompatibleKeys {
    const who = `${this.constructor.name}.loadStateDict()`;
    const { strict = true } = parseOptions(loadSchema, options, who);
    return loadParameters(this.#allParameters(), stateDict, strict, who);
  }

  /**
   * Sets training mode on this module and every descendant.
   *
   * @param mode `true` for training, `false` for evaluation.
   * @returns The module.
   * @throws {TypeError} For a non-boolean mode.
   */
  train(mode = true): this {
    if (typeof mode !== "boolean") {
      throw new TypeError(`Module.train(): mode is ${describe(mode)} but must be a boolean`);
    }
    this.training = mode;
    for (const child of this.#children.values()) child.train(mode);
    return this;
  }

  /** Evaluation mode (`train(false)`). @returns The module. */
  eval(): this {
    return this.train(false);
  }

  /**
   * Clears the gradients `backward()` accumulated on every parameter.
   *
   * @param options `setToNone` (default true): `grad = undefined`; false: zeros of the same kind.
   * @throws {TypeError} For unknown options.
   */
  zeroGrad(options: ZeroGradOptions = {}): void {
    const { setToNone = true } = parseOptions(zeroSchema, options, "Module.zeroGrad()");
    for (const [, p] of this.namedParameters()) {
      if (p.grad === undefined) continue;
      if (setToNone) p.grad = undefined;
      else if (p.grad instanceof RowSparseGrad) {
        const [V, D] = p.grad.shape;
        p.grad = new RowSparseGrad([], zeros([0, D]), { numEmbeddings: V });
      } else p.grad = zeros(p.grad.shape);
    }
  }

  /**
   * What PyTorch's `extra_repr` returns: the text between the parentheses
   * of a module without children (`in_features=8, out_features=4, bias=True`).
   */
  protected extraRepr(): string {
    return "";
  }

  /** The printout of PyTorch's `print(model)`, children nested and indented. */
  toString(): string {
    return moduleRepr(this.constructor.name, this.extraRepr(), this.namedChildren());
  }

  /** Deno's `console.log` shows `toString()`. */
  [Symbol.for("Deno.customInspect")](): string {
    return this.toString();
  }

  /** Node's and Bun's `console.log` show `toString()`. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  #allParameters(): [string, Tensor<"float32">][] {
    const out: [string, Tensor<"float32">][] = [...this.#params];
    for (const [name, child] of this.#children) {
      for (const [key, t] of child.#allParameters()) out.push([`${name}.${key}`, t]);
    }
    return out;
  }
}
