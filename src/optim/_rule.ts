/**
 * What distinguishes one optimizer from another, kept out of the public
 * class shapes: its option schema, checks, state layout and update. Each
 * optimizer's module registers its rule under its class name.
 *
 * @module
 */

import type { z } from "npm:zod@^4.1.0";
import type { Tensor } from "../tensor/tensor.ts";
import type { RowSparseGrad } from "../sparse/row_sparse_grad.ts";
import type { Changes } from "./_apply.ts";
import type { ParamGroup } from "./_params.ts";

/** One parameter's state: tensors and counters. */
export type State = Record<string, Tensor<"float32"> | number>;

/** A gradient as `backward()` leaves it. */
export type Grad = Tensor<"float32"> | RowSparseGrad;

/** An optimizer's rule. */
export interface Rule<O> {
  readonly schema: z.ZodType;
  /** What each option must be, for messages. */
  readonly expected: Readonly<Record<string, string>>;
  /** Cross-option checks of a group. */
  readonly checkGroup?: (group: ParamGroup<O>, who: string) => void;
  /** State created with the parameter (PyTorch's Adagrad); lazily otherwise. */
  readonly initialState?: (p: Tensor<"float32">, group: ParamGroup<O>) => State;
  /** The shape of a state tensor (default: the parameter's). */
  readonly stateShape?: (key: string, p: Tensor<"float32">) => readonly number[];
  /** Throws if the rule cannot use this gradient (before anything changes). */
  readonly checkGrad: (p: Tensor<"float32">, g: Grad, group: ParamGroup<O>, who: string) => void;
  /** Builds one parameter's update through `changes`. */
  readonly update: (
    p: Tensor<"float32">,
    g: Grad,
    state: State,
    group: ParamGroup<O>,
    changes: Changes,
  ) => void;
}

const rules = new Map<string, Rule<unknown>>();

/** Registers an optimizer's rule. */
export function defineRule<O>(name: string, rule: Rule<O>): void {
  rules.set(name, rule as Rule<unknown>);
}

/** The rule registered under `name`. */
export function ruleOf<O>(name: string): Rule<O> {
  const r = rules.get(name);
  if (r === undefined) throw new TypeError(`${name}(): not a known optimizer`);
  return r as Rule<O>;
}
