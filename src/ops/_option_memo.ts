/**
 * The options objects a schema accepted, remembered by what decides the
 * outcome, so that a call repeating them (a training step passing
 * `{ offsets, mode: "mean", sparse: true }` every time) skips zod: each value
 * is a primitive (compared by value, `-0` apart from `0`) or, in a field that
 * only asks `isTensorLike()`, an object for which it holds again. Only
 * successes are remembered, and only for schemas whose output is the input's
 * own values (no defaults, no transforms): a refused object always goes
 * through zod, so errors stay exactly as they were. The output is built as
 * zod builds it: a fresh plain object with the keys in the order zod gave.
 *
 * @module
 */

import type { z } from "npm:zod@^4.1.0";

/** Signatures kept per schema (all are dropped when the table is full). */
const LIMIT = 64;
const memos = new WeakMap<z.ZodType, Map<string, readonly string[]>>();
/** Field schemas whose only check of an object value is a test, by field. */
const objectTests = new WeakMap<z.ZodType, (v: unknown) => boolean>();

/**
 * Registers a field schema that accepts `null`, `undefined` and exactly the
 * objects `test` accepts (a schema using it must not check its objects
 * otherwise, e.g. in a refinement of the whole object).
 */
export function tensorLikeField<T extends z.ZodType>(field: T, test: (v: unknown) => boolean): T {
  objectTests.set(field, test);
  return field;
}

function fieldsOf(schema: z.ZodType): Record<string, z.ZodType> | undefined {
  return (schema as unknown as { shape?: Record<string, z.ZodType> }).shape;
}

/** What decides a parse of `copy`, or undefined when it holds a value that cannot be compared. */
function signature(schema: z.ZodType, copy: Readonly<Record<string, unknown>>): string | undefined {
  const fields = fieldsOf(schema);
  if (fields === undefined) return undefined;
  let sig = "";
  for (const key in copy) {
    const v = copy[key];
    let part: string;
    switch (typeof v) {
      case "number":
        part = v === 0 && 1 / v < 0 ? "n-0" : `n${v}`;
        break;
      case "string":
        part = `s${v.length}:${v}`;
        break;
      case "boolean":
        part = v ? "t" : "f";
        break;
      case "undefined":
        part = "u";
        break;
      case "object":
        if (v === null) part = "z";
        else if (Object.hasOwn(fields, key) && objectTests.get(fields[key])?.(v)) part = "o";
        else return undefined;
        break;
      default:
        return undefined;
    }
    sig += `${key.length}:${key}${part};`;
  }
  return sig;
}

/** The output zod gave for options like `copy`, rebuilt from `copy`, if it was remembered. */
export function remembered(
  schema: z.ZodType,
  copy: Readonly<Record<string, unknown>>,
): Record<string, unknown> | undefined {
  const memo = memos.get(schema);
  if (memo === undefined) return undefined;
  const sig = signature(schema, copy);
  const keys = sig === undefined ? undefined : memo.get(sig);
  if (keys === undefined) return undefined;
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = copy[k];
  return out;
}

/** Remembers that `schema` turned `copy` into `out`, if `out` holds only `copy`'s own values. */
export function remember(
  schema: z.ZodType,
  copy: Readonly<Record<string, unknown>>,
  out: unknown,
): void {
  if (out === null || typeof out !== "object" || Object.getPrototypeOf(out) !== Object.prototype) {
    return;
  }
  const keys = Object.keys(out);
  const record = out as Record<string, unknown>;
  for (const k of keys) if (!(k in copy) || !Object.is(record[k], copy[k])) return;
  const sig = signature(schema, copy);
  if (sig === undefined) return;
  let memo = memos.get(schema);
  if (memo === undefined) memos.set(schema, memo = new Map());
  if (memo.size >= LIMIT) memo.clear();
  memo.set(sig, keys);
}
