/**
 * `Module.loadStateDict`'s body: every key and value checked, every copy
 * made, and only then each parameter pointed at its copy (a new leaf node,
 * so lazy results computed from the old value keep it).
 */

import { allocTensor, hostView, Tensor, tensorInternals } from "../tensor/tensor.ts";
import type { NestedArray } from "../tensor/_nested.ts";
import { toTensor } from "../ops/_inputs.ts";
import { describe } from "../tensor/_nested.ts";

/** A value `loadStateDict` accepts for a parameter. */
export type StateDictValue = Tensor<"float32"> | Float32Array | NestedArray;

/**
 * What `loadStateDict` reports, as PyTorch's `_IncompatibleKeys`.
 *
 * @example
 * ```ts
 * import { type IncompatibleKeys, Linear } from "@tessera/embed";
 * const keys: IncompatibleKeys = new Linear(1, 1).loadStateDict({ weight: [[2]], bias: [0] });
 * console.log(keys); // { missingKeys: [], unexpectedKeys: [] }
 * ```
 */
export interface IncompatibleKeys {
  /** Parameters the state dict did not hold (left unchanged). */
  missingKeys: string[];
  /** Keys of the state dict no parameter has (ignored). */
  unexpectedKeys: string[];
}

const quote = (keys: readonly string[]) => keys.map((k) => JSON.stringify(k)).join(", ");

/**
 * Validates `dict` against `params` and copies its values in.
 *
 * @throws {TypeError} See `Module.loadStateDict`; nothing is changed on a throw.
 */
export function loadParameters(
  params: readonly [string, Tensor<"float32">][],
  dict: unknown,
  strict: boolean,
  who: string,
): IncompatibleKeys {
  if (typeof dict !== "object" || dict === null || Array.isArray(dict) || dict instanceof Tensor) {
    throw new TypeError(`${who}: stateDict is ${describe(dict)} but must be an object of tensors`);
  }
  const given = dict as Record<string, unknown>;
  const names = new Set(params.map(([name]) => name));
  const missingKeys = params.map(([name]) => name).filter((name) => !Object.hasOwn(given, name));
  const unexpectedKeys = Object.keys(given).filter((key) => !names.has(key));
  if (strict && unexpectedKeys.length > 0) {
    throw new TypeError(
      `${who}: unexpected key(s) ${quote(unexpectedKeys)} (the parameters are ${
        quote([...names])
      })`,
    );
  }
  if (strict && missingKeys.length > 0) {
    throw new TypeError(`${who}: missing key(s) ${quote(missingKeys)}`);
  }
  // Read and check every value before anything is allocated or changed.
  const sources: [Tensor<"float32">, Tensor<"float32">][] = [];
  for (const [name, param] of params) {
    if (!Object.hasOwn(given, name)) continue;
    const value = toTensor(given[name], "float32", who, `stateDict[${JSON.stringify(name)}]`);
    if (
      value.shape.length !== param.shape.length || value.shape.some((d, i) => d !== param.shape[i])
    ) {
      throw new TypeError(
        `${who}: ${
          JSON.stringify(name)
        } has shape [${value.shape}] but the parameter has shape [${param.shape}]`,
      );
    }
    value.dataSync(); // computed now, so that copying cannot fail on it
    sources.push([param, value]);
  }
  const copies: Tensor<"float32">[] = [];
  try {
    for (const [param, value] of sources) {
      const copy = allocTensor(param.shape, "float32", who);
      copies.push(copy);
      hostView(copy).set(value.dataSync());
    }
  } catch (err) {
    for (const c of copies) c.dispose();
    throw err;
  }
  const t = tensorInternals();
  sources.forEach(([param], i) => t.replaceNode(param, t.nodeOf(copies[i])));
  return { missingKeys, unexpectedKeys };
}
