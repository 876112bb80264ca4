/**
 * `Optimizer`: the base of the optimizers, as `torch.optim.Optimizer`:
 * parameter groups with per-group options, per-parameter state, `step()`,
 * `zeroGrad()`, `stateDict()` / `loadStateDict()`, `addParamGroup()`.
 *
 * @module
 */

import type { Tensor } from "../tensor/tensor.ts";
import { zeros } from "../tensor/creation.ts";
import { RowSparseGrad } from "../sparse/row_sparse_grad.ts";
import { parseOptions } from "../ops/_options.ts";
import { Changes } from "./_apply.ts";
import { constraintOf } from "../modules/_constrained.ts";
import { graphOf } from "../modules/constraints.ts";
import { type Rule, ruleOf } from "./_rule.ts";
import {
  checkParams,
  type ParamGroup,
  type ParamGroupInput,
  type ParamsInput,
  rawGroups,
} from "./_params.ts";
import {
  checkLr,
  loadState,
  type OptimizerStateDict,
  saveState,
  zeroGradSchema,
} from "./_state.ts";
import type { ZeroGradOptions } from "../modules/module.ts";

export type { ParamGroup, ParamGroupInput, ParamsInput } from "./_params.ts";
export type { OptimizerStateDict } from "./_state.ts";

/** One parameter's optimizer state: tensors (moments, accumulators) and counters. */
export type OptimizerState = Record<string, Tensor<"float32"> | number>;

type Gradient = Tensor<"float32"> | RowSparseGrad;

/**
 * The base of Tessera's optimizers (`SGD`, `Adam`, ...), like
 * `torch.optim.Optimizer`. `step()` computes every update as a lazy graph,
 * installs it as the parameters' and state's new values and realizes them in
 * one plan; it returns that promise, so `await optimizer.step()` and a plain
 * `optimizer.step()` both work (later reads wait for the run).
 *
 * @example
 * ```ts
 * import { type Optimizer, SGD, tensor } from "@tessera/embed";
 * const w = tensor([1, 2]);
 * w.requiresGrad = true;
 * const optimizer: Optimizer<{ lr: number }> = new SGD([w], { lr: 0.5 });
 * w.grad = tensor([1, 1]);
 * await optimizer.step();
 * console.log(await w.toArray()); // [0.5, 1.5]
 * ```
 */
export abstract class Optimizer<O extends { lr: number }> {
  /** The parameter groups; their options (e.g. `lr`) may be changed between steps. */
  readonly paramGroups: ParamGroup<O>[] = [];
  /** Per-parameter state, created by the first step that updates the parameter. */
  readonly state: Map<Tensor<"float32">, OptimizerState> = new Map();
  readonly #who: string;
  readonly #defaults: Partial<O>;
  // Typed without O, so an Optimizer<SGD's options> is an Optimizer<{ lr: number }>.
  readonly #rule: Rule<unknown>;

  /**
   * Checks and installs the parameter groups.
   *
   * @param name The optimizer's class name (it selects the update rule).
   * @param params Tensors, or parameter groups `[{params, ...options}]`.
   * @param defaults Options of groups that do not set them (already checked).
   * @throws {TypeError} For bad parameters or options.
   * @throws {RangeError} For an option out of range.
   */
  protected constructor(name: string, params: ParamsInput<O>, defaults: Partial<O>) {
    this.#who = name;
    this.#defaults = defaults;
    this.#rule = ruleOf<unknown>(name);
    const seen = new Set<Tensor>();
    const groups = rawGroups(params, `${name}()`).map((g, i) =>
      this.#group(g, seen, `${name}()`, i)
    );
    for (const g of groups) this.#install(g);
  }

  /**
   * Adds a parameter group (e.g. a layer unfrozen during fine-tuning).
   *
   * @param group Its tensors and options overriding the defaults.
   * @throws {TypeError} For a parameter already in a group, or bad options.
   * @throws {RangeError} For an option out of range.
   */
  addParamGroup(group: ParamGroupInput<O>): void {
    const who = `${this.#who}.addParamGroup()`;
    const seen = new Set<Tensor>(this.paramGroups.flatMap((g) => g.params));
    const raw = group !== null && typeof group === "object" && "params" in group
      ? { ...(group as Record<string, unknown>) }
      : undefined;
    if (raw === undefined) {
      throw new TypeError(`${who}: group must be an object {params, ...options}`);
    }
    this.#install(this.#group(raw, seen, who, this.paramGroups.length));
  }

  #group(raw: Record<string, unknown>, seen: Set<Tensor>, who: string, i: number): ParamGroup<O> {
    const { params, ...options } = raw;
    const list = checkParams(params, seen, who, `params[${i}].params`);
    for (const p of list) seen.add(p);
    const parsed = parseOptions(
      (this.#rule as Rule<O>).schema,
      options,
      who,
      (this.#rule as Rule<O>).expected,
    ) as Partial<O>;
    const group = { ...this.#defaults, ...parsed, params: list } as ParamGroup<O>;
    if (typeof group.lr !== "number") throw new TypeError(`${who}: lr is required`);
    (this.#rule as Rule<O>).checkGroup?.(group, who);
    return group;
  }

  #install(group: ParamGroup<O>): void {
    this.paramGroups.push(group);
    for (const p of group.params) {
      const s = (this.#rule as Rule<O>).initialState?.(p, group);
      if (s !== undefined) this.state.set(p, s);
    }
  }

  /**
   * Performs one optimization step over every parameter with a gradient.
   *
   * @returns When the new parameters and state are computed.
   * @throws {TypeError} For a gradient this optimizer cannot use (checked before anything changes).
   * @throws {RangeError} For a group's `lr` below 0 or NaN.
   */
  step(): Promise<void> {
    const who = `${this.#who}.step()`;
    const work: [Tensor<"float32">, Gradient, ParamGroup<O>][] = [];
    this.paramGroups.forEach((group, i) => {
      checkLr(group.lr, who, i);
      for (const p of group.params) {
        const g = p.grad;
        if (g === undefined) continue;
        const [V, D] = g.shape;
        if (
          g.shape.length !== p.shape.length ||
          (g instanceof RowSparseGrad
            ? p.shape[0] !== V || p.shape[1] !== D
            : g.shape.some((d, k) => d !== p.shape[k]))
        ) {
          throw new TypeError(
            `${who}: a gradient of shape [${g.shape}] for a parameter of shape [${p.shape}]`,
          );
        }
        (this.#rule as Rule<O>).checkGrad(p, g, group, who);
        work.push([p, g, group]);
      }
    });
    const changes = new Changes();
    for (const [p, g, group] of work) {
      let s = this.state.get(p);
      if (s === undefined) this.state.set(p, s = {});
      (this.#rule as Rule<O>).update(p, g, s, group, changes);
    }
    return constrained(work.map(([p]) => p), changes);
  }

  /**
   * Clears the gradients of every parameter.
   *
   * @param options `setToNone` (default true): `grad` becomes `undefined`, else zeros.
   * @throws {TypeError} For unknown options.
   */
  zeroGrad(options: ZeroGradOptions = {}): void {
    const { setToNone = true } = parseOptions(zeroGradSchema, options, `${this.#who}.zeroGrad()`);
    for (const p of this.paramGroups.flatMap((g) => g.params)) {
      const g = p.grad;
      if (g === undefined) continue;
      if (setToNone) p.grad = undefined;
      else if (g instanceof RowSparseGrad) {
        p.grad = new RowSparseGrad([], zeros([0, g.shape[1]]), { numEmbeddings: g.shape[0] });
      } else p.grad = zeros(g.shape);
    }
  }

  /**
   * The state as PyTorch structures it: `state` by parameter index (in group
   * order) and `paramGroups` with options and parameter indices. Tensors are
   * the live state (as PyTorch's): `loadStateDict` copies them.
   *
   * @returns `{state, paramGroups}`.
   */
  stateDict(): OptimizerStateDict<O> {
    return saveState(this.paramGroups, this.state);
  }

  /**
   * Restores state saved by `stateDict()` (of an optimizer with the same
   * groups and parameter shapes); tensors are copied.
   *
   * @param stateDict What `stateDict()` returned.
   * @throws {TypeError} For a mismatched structure or shape; nothing changes then.
   * @throws {RangeError} For an option out of range; nothing changes then.
   */
  loadStateDict(stateDict: OptimizerStateDict<O>): void {
    const who = `${this.#who}.loadStateDict()`;
    const check = (options: Record<string, unknown>, i: number) => {
      const parsed = parseOptions(
        (this.#rule as Rule<O>).schema,
        options,
        who,
        (this.#rule as Rule<O>).expected,
      ) as Partial<
        O
      >;
      const group = { ...this.paramGroups[i], ...parsed } as ParamGroup<O>;
      (this.#rule as Rule<O>).checkGroup?.(group, who);
      return parsed;
    };
    const shape = (key: string, p: Tensor<"float32">) =>
      (this.#rule as Rule<O>).stateShape?.(key, p) ?? p.shape;
    const loaded = loadState(stateDict, this.paramGroups, who, check, shape);
    loaded.options.forEach((o, i) => Object.assign(this.paramGroups[i], o));
    this.state.clear();
    for (const [p, s] of loaded.state) this.state.set(p, s);
  }
}

/**
 * Realizes a step's changes with the constraints of the updated tensors
 * applied: the built-in ones as graph ops in the same plan, a custom one on
 * the data right after.
 */
async function constrained(updated: readonly Tensor<"float32">[], changes: Changes): Promise<void> {
  const host: Tensor<"float32">[] = [];
  for (const p of updated) {
    const c = constraintOf(p), graph = c && graphOf(c);
    if (graph !== undefined) changes.set(p, graph(p));
    else if (c !== undefined) host.push(p);
  }
  await changes.realize();
  for (const p of host) constraintOf(p)!.apply(p.dataSync(), p.shape[0], p.shape[1] ?? 1);
}
