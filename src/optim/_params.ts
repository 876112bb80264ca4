/**
 * Parameters of an optimizer: a list of tensors (or a module's
 * `parameters()`), or parameter groups `[{params, ...options}]`, each
 * parameter once, float32 and requiring gradients.
 *
 * @module
 */

import { Tensor } from "../tensor/tensor.ts";
import { describe, errorText } from "../tensor/_nested.ts";
import { readEntries, readList } from "../ops/_read_list.ts";

/** A parameter group as given: its tensors and options overriding the defaults. */
export type ParamGroupInput<O> = Partial<O> & { params: Iterable<Tensor<"float32">> };

/** What an optimizer's constructor takes as parameters. */
export type ParamsInput<O> = Iterable<Tensor<"float32">> | Iterable<ParamGroupInput<O>>;

/** A parameter group: its tensors and its options (mutable, e.g. `lr`). */
export type ParamGroup<O> = O & { params: Tensor<"float32">[] };

/** Whether a value is iterable (arrays, sets, generators). */
function iterable(v: unknown): v is Iterable<unknown> {
  return v !== null && typeof v === "object" &&
    typeof (v as { [Symbol.iterator]?: unknown })[Symbol.iterator] === "function";
}

/** The tensors of one group, checked: float32, requiring gradients, none seen before. */
export function checkParams(
  list: unknown,
  seen: Set<Tensor>,
  who: string,
  at: string,
): Tensor<"float32">[] {
  if (!iterable(list) || list instanceof Tensor) {
    throw new TypeError(
      `${who}: ${at} is ${describe(list)} but must be an array of tensors or of parameter groups`,
    );
  }
  const out: Tensor<"float32">[] = [];
  const items = Array.isArray(list)
    ? readList(list, who, at, "must be a tensor")
    : readIterable(list, who, at);
  for (const [i, p] of items.entries()) {
    const here = `${at}[${i}]`;
    if (!(p instanceof Tensor)) {
      throw new TypeError(`${who}: ${here} is ${describe(p)} but must be a tensor`);
    }
    if (p.dtype !== "float32") {
      throw new TypeError(`${who}: ${here} is an ${p.dtype} tensor but must be float32`);
    }
    if (!p.requiresGrad) {
      throw new TypeError(`${who}: ${here} does not require gradients (set requiresGrad = true)`);
    }
    if (seen.has(p) || out.includes(p)) {
      throw new TypeError(`${who}: ${here} is a parameter given twice`);
    }
    out.push(p as Tensor<"float32">);
  }
  return out;
}

/** The items of a non-array iterable of parameters (an iteration that throws is a `TypeError`). */
function readIterable(params: Iterable<unknown>, who: string, at = "params"): unknown[] {
  const items: unknown[] = [];
  try {
    for (const item of params) items.push(item);
  } catch (err) {
    throw new TypeError(`${who}: ${at} could not be read (${errorText(err)})`);
  }
  return items;
}

/** Splits the constructor's argument into raw groups (`params` unchecked). */
export function rawGroups(params: unknown, who: string): Record<string, unknown>[] {
  if (!iterable(params) || params instanceof Tensor) {
    throw new TypeError(
      `${who}: params is ${
        describe(params)
      } but must be an array of tensors or of parameter groups`,
    );
  }
  // An array element by element, stopping at a hole (copying a huge sparse array ran out of memory).
  const items: unknown[] = Array.isArray(params)
    ? readList(params, who, "params", "must be a tensor or a parameter group")
    : readIterable(params, who);
  if (items.length === 0) throw new TypeError(`${who}: params is an empty list`);
  if (items.every((x) => x instanceof Tensor)) return [{ params: items }];
  return items.map((g, i) => {
    if (g === null || typeof g !== "object" || g instanceof Tensor || !("params" in g)) {
      throw new TypeError(
        `${who}: params[${i}] is ${describe(g)} but must be a parameter group {params, ...options}`,
      );
    }
    return Object.fromEntries(readEntries(g, who, `params[${i}]`));
  });
}
