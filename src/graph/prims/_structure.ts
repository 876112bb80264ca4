/**
 * `Primitive.structure` for primitives whose numeric attrs (a learning rate,
 * a step size) are run-time arguments: the other attrs, as `makeNode` writes
 * them into a plan's key.
 *
 * @module
 */

import type { AttrsOf, OpKind } from "../primitive.ts";

/** The structure of a node: its attrs but `runtime`, which its lowering reads when binding. */
export function attrsExcept<K extends OpKind>(
  ...runtime: readonly (keyof AttrsOf[K] & string)[]
): (attrs: AttrsOf[K]) => string {
  return (attrs) => {
    let s = "";
    for (const [k, v] of Object.entries(attrs as Record<string, unknown>)) {
      if (v !== null && !runtime.includes(k as keyof AttrsOf[K] & string)) s += `${k}=${v},`;
    }
    return s;
  };
}
