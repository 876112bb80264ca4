/**
 * Reading what users pass as lists and trees, once per element: a hole, or an
 * element or property whose read throws (a getter, a Proxy), is a `TypeError`
 * naming the function and the place, never a raw error from user code.
 *
 * @module
 */

import { describe, errorText } from "../tensor/_nested.ts";

/**
 * The elements of an array (read once each, in order).
 *
 * @param must What each element must be, for the message about a hole.
 * @throws {TypeError} `${who}: ${what}[i] is an empty slot but ${must}`, or `... could not be read (...)`.
 */
export function readList(
  list: readonly unknown[],
  who: string,
  what: string,
  must: string,
): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; i < list.length; i++) {
    let has = false, value: unknown;
    try {
      has = i in list;
      if (has) value = list[i];
    } catch (err) {
      throw new TypeError(`${who}: ${what}[${i}] could not be read (${errorText(err)})`);
    }
    if (!has) throw new TypeError(`${who}: ${what}[${i}] is an empty slot but ${must}`);
    out.push(value);
  }
  return out;
}

/**
 * The own enumerable string-keyed entries of an object (each value read once).
 *
 * @throws {TypeError} `${who}: ${what}.key could not be read (...)`.
 */
export function readEntries(tree: object, who: string, what: string): [string, unknown][] {
  let key: string | undefined;
  try {
    const out: [string, unknown][] = [];
    for (key of Object.keys(tree)) out.push([key, (tree as Record<string, unknown>)[key]]);
    return out;
  } catch (err) {
    const at = key === undefined ? what : `${what}.${describeKey(key)}`;
    throw new TypeError(`${who}: ${at} could not be read (${errorText(err)})`);
  }
}

/** A property name as messages show it: as is when it reads as an identifier, else quoted and shortened. */
export function describeKey(key: string): string {
  return /^[A-Za-z_$][\w$]{0,39}$/.test(key) ? key : describe(key);
}
