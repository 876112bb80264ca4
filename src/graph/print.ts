/**
 * A stable printer for graphs: one line per node, numbered by position so
 * printouts do not depend on global node ids.
 *
 * @module
 */

import { attrsKey, type Node } from "./node.ts";

/** Prints nodes (in topological order) as `%2 = gather(%0, %1) float32[2,4,3]`. */
export function printGraph(nodes: readonly Node[]): string {
  const position = new Map(nodes.map((n, i) => [n, i]));
  return nodes.map((node, i) => {
    const type = `${node.dtype}[${node.shape.join(",")}]`;
    if (node.storage !== undefined) return `%${i} = input ${type}`;
    const ins = node.inputs.map((n) => `%${position.get(n)}`).join(", ");
    const attrs = attrsKey(node.attrs);
    const after = node.after.filter((n) => position.has(n)).map((n) => `%${position.get(n)}`);
    return `%${i} = ${node.op}(${ins})${attrs ? ` {${attrs}}` : ""} ${type}` +
      (node.aliases >= 0 ? ` (in place of %${position.get(node.inputs[node.aliases])})` : "") +
      (after.length ? ` after ${after.join(", ")}` : "");
  }).join("\n");
}
