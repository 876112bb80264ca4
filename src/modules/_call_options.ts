/**
 * Per-call options of module methods (`Embedding.forward(ids, options)`,
 * `EmbeddingBag.forward(ids, { offsets })`): the call's inputs, and module
 * options restated per call, which must equal the module's.
 *
 * @module
 */

import { z } from "npm:zod@^4.1.0";
import { parseOptions } from "../ops/_options.ts";
import { describe } from "../tensor/_nested.ts";

/**
 * The common call, a plain object of dynamic inputs only (`{ offsets }`):
 * its values read once, without the schema. `undefined` for anything else.
 */
function onlyDynamic(
  options: unknown,
  dynamic: readonly string[],
): Record<string, unknown> | undefined {
  if (options === undefined) return {};
  if (options === null || typeof options !== "object") return undefined;
  try {
    if (Object.getPrototypeOf(options) !== Object.prototype) return undefined;
    const out: Record<string, unknown> = {};
    for (const key in options) {
      if (!Object.hasOwn(options, key) || !dynamic.includes(key)) return undefined;
      out[key] = (options as Record<string, unknown>)[key];
    }
    return out;
  } catch {
    return undefined; // a hostile object: the schema's path reports it
  }
}

/** Per-call option schemas by their keys (built once: a zod schema compiles on first use). */
const callSchemas = new Map<string, z.ZodType>();

function callSchema(keys: readonly string[]): z.ZodType {
  const key = keys.join(",");
  let schema = callSchemas.get(key);
  if (schema === undefined) {
    schema = z.strictObject(Object.fromEntries(keys.map((k) => [k, z.unknown().optional()])));
    callSchemas.set(key, schema);
  }
  return schema;
}

/**
 * Per-call options of a module method: `dynamic` names the inputs a call
 * may pass; a module option restated per call must equal the module's value
 * (a conflicting one is a `TypeError` naming both values, never a silent
 * override; a negative `paddingIdx` counts from `V`); anything else is an
 * unknown option.
 *
 * @returns The dynamic options given.
 * @throws {TypeError} For a non-object, an unknown option or a conflicting module option.
 */
export function callOptions(
  options: unknown,
  own: Readonly<Record<string, unknown>>,
  dynamic: readonly string[],
  V: number,
  who: string,
): Record<string, unknown> {
  const given = onlyDynamic(options, dynamic) ??
    parseOptions(callSchema([...dynamic, ...Object.keys(own)]), options, who) as Record<
      string,
      unknown
    >;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(given)) {
    const value = given[key];
    if (dynamic.includes(key)) {
      out[key] = value;
      continue;
    }
    if (value === undefined) continue;
    const mine = own[key];
    const same = Object.is(value, mine) ||
      (key === "paddingIdx" && typeof value === "number" && value < 0 && value + V === mine);
    if (!same) {
      throw new TypeError(
        `${who}: ${key} is ${describe(value)} but the module's ${key} is ${
          describe(mine)
        } (per-call options cannot override the module's)`,
      );
    }
  }
  return out;
}
