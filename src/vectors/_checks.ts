/** Argument checks shared by `KeyedVectors` and the savers. */

import { describe } from "../tensor/_nested.ts";
import type { Term } from "./_queries.ts";

/** Checks keys (distinct strings, one per row) and returns the key → row map. */
export function checkKeys(keys: unknown, rows: number, who: string): Map<string, number> {
  if (!Array.isArray(keys)) {
    throw new TypeError(`${who}: keys is ${describe(keys)} but must be an array of strings`);
  }
  if (keys.length !== rows) {
    throw new RangeError(`${who}: there are ${keys.length} keys but the table has ${rows} rows`);
  }
  const index = new Map<string, number>();
  keys.forEach((k, i) => {
    if (typeof k !== "string") {
      throw new TypeError(`${who}: keys[${i}] is ${describe(k)} but must be a string`);
    }
    const first = index.get(k);
    if (first !== undefined) {
      throw new RangeError(
        `${who}: keys[${i}] is ${describe(k)}, the same as keys[${first}]`,
      );
    }
    index.set(k, i);
  });
  return index;
}

/** Checks `topn`: an integer (default 10). */
export function checkTopn(topn: unknown, who: string): number {
  if (topn === undefined) return 10;
  if (typeof topn !== "number" || !Number.isInteger(topn)) {
    throw new TypeError(`${who}: topn is ${describe(topn)} but must be an integer`);
  }
  return topn;
}

/** Checks `restrictVocab` and returns the number of rows searched. */
export function checkRestrict(restrict: unknown, V: number, who: string): number {
  if (restrict === undefined || restrict === null || restrict === 0) return V;
  if (typeof restrict !== "number" || !Number.isInteger(restrict) || restrict < 0) {
    throw new RangeError(
      `${who}: restrictVocab is ${describe(restrict)} but must be a non-negative integer or null`,
    );
  }
  return Math.min(V, restrict);
}

/** Checks a vector argument of width `D` and returns it as a `Float32Array`. */
export function checkVector(v: unknown, D: number, who: string): Float32Array {
  if (!(v instanceof Float32Array) && !Array.isArray(v)) {
    throw new TypeError(`${who}: vector is ${describe(v)} but must be a Float32Array or array`);
  }
  if (v.length !== D) {
    throw new RangeError(`${who}: the vector has ${v.length} values but vectors have ${D}`);
  }
  const out = Float32Array.from(v as ArrayLike<number>);
  const bad = out.findIndex((_x, i) => typeof (v as ArrayLike<unknown>)[i] !== "number");
  if (bad >= 0) {
    throw new TypeError(`${who}: vector[${bad}] is ${describe((v as unknown[])[bad])}`);
  }
  return out;
}

/** Checks query terms (a key, a vector, or an array of them); keys must be known. */
export function toTerms(
  terms: unknown,
  name: string,
  kv: { has(key: string): boolean; readonly vectorSize: number },
  who: string,
): Term[] {
  if (terms === undefined || terms === null) return [];
  const list = typeof terms === "string" || terms instanceof Float32Array ? [terms] : terms;
  if (!Array.isArray(list)) {
    throw new TypeError(
      `${who}: ${name} is ${describe(terms)} but must be a key, a Float32Array or an array of them`,
    );
  }
  return list.map((t, i) => {
    if (typeof t === "string") {
      if (!kv.has(t)) {
        throw new RangeError(
          `${who}: ${name}[${i}] is ${describe(t)}, which is not in the vocabulary`,
        );
      }
      return t;
    }
    if (t instanceof Float32Array) return checkVector(t, kv.vectorSize, `${who}: ${name}[${i}]`);
    throw new TypeError(
      `${who}: ${name}[${i}] is ${describe(t)} but must be a key or a Float32Array`,
    );
  });
}
