/**
 * Guards around the zod parse of an options object (`parseOptions`): zod
 * walks every element of an array option, holes included, and reads
 * properties of a wrong-kind value (`.length` of an object given for a
 * string), so a huge sparse array would run the process out of memory and a
 * throwing getter would escape as a raw error. Both become a `TypeError`
 * naming the function and the option.
 *
 * @module
 */

import type { z } from "npm:zod@^4.1.0";
import { errorText } from "../tensor/_nested.ts";

/** The fields of an object schema (undefined for other schemas). */
function shapeOf(schema: z.ZodType): Record<string, z.ZodType> | undefined {
  return (schema as unknown as { shape?: Record<string, z.ZodType> }).shape;
}

/** The options zod will parse: the schema's own fields (unknown ones are refused unread). */
function optionNames(schema: z.ZodType, copy: Readonly<Record<string, unknown>>): string[] {
  const shape = shapeOf(schema);
  return Object.keys(copy).filter((name) => shape === undefined || Object.hasOwn(shape, name));
}

/**
 * The first hole of an array (an index without an element), or -1. Reads
 * the present keys only, so a sparse array of length 2^32 - 1 costs what it
 * holds; a Proxy whose keys throw counts as hole-free (the parse reports it).
 */
export function firstHole(array: readonly unknown[]): number {
  let keys: string[];
  try {
    keys = Object.keys(array);
  } catch {
    return -1;
  }
  const n = Math.min(array.length, keys.length + 1);
  for (let i = 0; i < n; i++) if (keys[i] !== String(i)) return i;
  return -1;
}

/**
 * Refuses an option whose value is an array with a hole, before zod walks it.
 *
 * @throws {TypeError} `${who}: ${name}[i] is an empty slot but ...`.
 */
export function checkHoles(
  schema: z.ZodType,
  copy: Readonly<Record<string, unknown>>,
  who: string,
  want: (name: string) => string,
): void {
  for (const name of optionNames(schema, copy)) {
    const value = copy[name];
    let isArray = false;
    try {
      isArray = Array.isArray(value);
    } catch {
      continue; // a revoked Proxy: the parse reports it
    }
    const hole = isArray ? firstHole(value as unknown[]) : -1;
    if (hole >= 0) {
      const must = want(name) === "valid" ? "must hold a value" : `${name} must be ${want(name)}`;
      throw new TypeError(`${who}: ${name}[${hole}] is an empty slot but ${must}`);
    }
  }
}

/**
 * `schema.safeParse(copy)`, with an error thrown while zod reads a value (a
 * getter or Proxy inside an option) turned into a `TypeError` naming the option.
 *
 * @throws {TypeError} `${who}: options.${name} could not be read (...)`.
 */
export function safeParseGuarded<T extends z.ZodType>(
  schema: T,
  copy: Readonly<Record<string, unknown>>,
  who: string,
): z.ZodSafeParseResult<z.infer<T>> {
  try {
    return schema.safeParse(copy);
  } catch (err) {
    const shape = shapeOf(schema);
    let at = "options";
    for (const name of optionNames(schema, copy)) {
      try {
        shape?.[name]?.safeParse(copy[name]);
      } catch {
        at = `options.${name}`;
        break;
      }
    }
    throw new TypeError(`${who}: ${at} could not be read (${errorText(err)})`);
  }
}
