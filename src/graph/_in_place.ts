/**
 * Writing a new value into the storage of an old one (an optimizer's
 * update, a `jit` argument donated to a result): a `copy x1` node over
 * `[old, new]` that aliases `old`, into whose kernel an elementwise `new`
 * fuses. It runs after every pending reader of `old` except those `new` is
 * computed from: they run before the write, or inside its kernel, where each
 * reads the element it then overwrites.
 *
 * @module
 */

import { makeNode, type Node } from "./node.ts";
import { pendingReaders } from "./effects.ts";

/**
 * `old` overwritten by `v` in place, or `undefined` when `v` is not a
 * pending float32 value of `old`'s shape (with `elementwiseOnly`, also when
 * `v` is not elementwise, so that nothing is computed twice or copied).
 */
export function writeInPlace(old: Node, v: Node, elementwiseOnly: boolean): Node | undefined {
  if (v.storage !== undefined || v === old || v.dtype !== "float32" || old.dtype !== "float32") {
    return undefined;
  }
  if (elementwiseOnly && v.op !== "ewise") return undefined;
  if (old.shape.length !== v.shape.length || old.shape.some((d, i) => d !== v.shape[i])) {
    return undefined;
  }
  const before = new Set<Node>();
  const walk = (n: Node): void => {
    if (n.storage !== undefined || before.has(n)) return;
    before.add(n);
    n.inputs.forEach(walk);
  };
  walk(v);
  const after = pendingReaders(old).filter((r) => !before.has(r));
  return makeNode("ewise", [old, v], { prog: "copy x1" }, { after, aliases: 0 });
}
