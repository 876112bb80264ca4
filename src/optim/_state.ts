/**
 * Optimizer state dicts in PyTorch's structure: `{state: {index: {...}},
 * paramGroups: [{...options, params: [index, ...]}]}`, indices counting
 * parameters across groups in order. Loading checks everything first and
 * copies tensors, so a bad state dict changes nothing.
 *
 * @module
 */

import { z } from "npm:zod@^4.1.0";
import { Tensor } from "../tensor/tensor.ts";
import { mul } from "../ops/elementwise.ts";
import { describe } from "../tensor/_nested.ts";
import type { ParamGroup } from "./_params.ts";
import type { State } from "./_rule.ts";

/**
 * An optimizer's state dict: per-parameter state by index, and the groups'
 * options with their parameters' indices.
 */
export interface OptimizerStateDict<O> {
  /** State of each parameter that has some, by index. */
  state: Record<number, Record<string, Tensor<"float32"> | number>>;
  /** Options of each group and the indices of its parameters. */
  paramGroups: (O & { params: number[] })[];
}

/** Options of `zeroGrad`. */
export const zeroGradSchema = z.strictObject({ setToNone: z.boolean().optional() });

/** A group's learning rate at step time: a number, at least 0 (a scheduler may reach 0). */
export function checkLr(lr: unknown, who: string, i: number): void {
  if (typeof lr !== "number") {
    throw new TypeError(`${who}: paramGroups[${i}].lr is ${describe(lr)} but must be a number`);
  }
  if (!(lr >= 0)) {
    throw new RangeError(`${who}: paramGroups[${i}].lr is ${lr} but must be at least 0`);
  }
}

/** The state dict of groups and state. */
export function saveState<O>(
  groups: readonly ParamGroup<O>[],
  state: ReadonlyMap<Tensor<"float32">, State>,
): OptimizerStateDict<O> {
  const out: OptimizerStateDict<O> = { state: {}, paramGroups: [] };
  let index = 0;
  for (const g of groups) {
    const ids: number[] = [];
    for (const p of g.params) {
      const s = state.get(p);
      if (s !== undefined) out.state[index] = { ...s };
      ids.push(index++);
    }
    const { params: _, ...options } = g;
    out.paramGroups.push({ ...structuredClone(options), params: ids } as O & { params: number[] });
  }
  return out;
}

/** Checks a state dict against the groups; returns copied state and parsed options. */
export function loadState<O>(
  sd: unknown,
  groups: readonly ParamGroup<O>[],
  who: string,
  checkOptions: (options: Record<string, unknown>, i: number) => Partial<O>,
  shapeOf: (key: string, p: Tensor<"float32">) => readonly number[],
): { options: Partial<O>[]; state: Map<Tensor<"float32">, State> } {
  const bad = (what: string) => new TypeError(`${who}: ${what}`);
  if (sd === null || typeof sd !== "object") {
    throw bad(`stateDict is ${describe(sd)} but must be an object`);
  }
  const { state, paramGroups } = sd as Record<string, unknown>;
  if (!Array.isArray(paramGroups) || paramGroups.length !== groups.length) {
    throw bad(`stateDict.paramGroups must be an array of ${groups.length} groups`);
  }
  const params: Tensor<"float32">[] = [];
  const options = paramGroups.map((g: unknown, i) => {
    const n = groups[i].params.length;
    if (g === null || typeof g !== "object" || !Array.isArray((g as { params?: unknown }).params)) {
      throw bad(`stateDict.paramGroups[${i}] is ${describe(g)} but must be a group with params`);
    }
    const { params: ids, ...rest } = g as { params: unknown[] };
    if (ids.length !== n) {
      throw bad(`stateDict.paramGroups[${i}] has ${ids.length} parameters but the group has ${n}`);
    }
    params.push(...groups[i].params);
    return checkOptions(rest, i);
  });
  if (state === null || typeof state !== "object") {
    throw bad(`stateDict.state is ${describe(state)} but must be an object`);
  }
  const out = new Map<Tensor<"float32">, State>();
  for (const [key, entry] of Object.entries(state as Record<string, unknown>)) {
    const i = Number(key), p = params[i];
    if (!Number.isInteger(i) || p === undefined) {
      throw bad(`stateDict.state has no parameter ${key}`);
    }
    if (entry === null || typeof entry !== "object") {
      throw bad(`stateDict.state[${key}] is ${describe(entry)}`);
    }
    const copy: State = {};
    for (const [name, v] of Object.entries(entry as Record<string, unknown>)) {
      const at = `stateDict.state[${key}].${name}`;
      if (typeof v === "number") {
        if (!(v >= 0)) throw new RangeError(`${who}: ${at} is ${v} but must be at least 0`);
        copy[name] = v;
      } else if (v instanceof Tensor && v.dtype === "float32") {
        const want = shapeOf(name, p);
        if (v.shape.length !== want.length || v.shape.some((d, k) => d !== want[k])) {
          throw bad(`${at} has shape [${v.shape}] but must have shape [${want}]`);
        }
        copy[name] = mul(v as Tensor<"float32">, 1);
      } else throw bad(`${at} is ${describe(v)} but must be a float32 tensor or a number`);
    }
    out.set(p, copy);
  }
  return { options, state: out };
}
