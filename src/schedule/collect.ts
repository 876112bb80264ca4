/**
 * Collecting the part of the graph that must run to realize some nodes:
 * a toposort that stops at realized nodes (they are the inputs), follows
 * write-after-read `after` edges, and computes the structural key under
 * which the schedule is cached.
 *
 * @module
 */

import { attrsKey, type Node } from "../graph/node.ts";

/** The unrealized subgraph behind some targets, in topological order. */
export interface Collected {
  /** Nodes in topological order; realized nodes are leaves. */
  readonly nodes: readonly Node[];
  /** Positions that must be kept realized: targets, nodes pulled in by `after`, in-place writes. */
  readonly keep: ReadonlySet<number>;
  /** Structural key: equal keys mean the same plan applies. */
  readonly key: string;
}

/** Toposorts the unrealized graph behind `targets`. */
export function collect(targets: readonly Node[]): Collected {
  const order: Node[] = [];
  const position = new Map<Node, number>();
  const pulled = new Set<Node>();
  const visiting = new Set<Node>();
  const visit = (node: Node): void => {
    if (position.has(node)) return;
    if (visiting.has(node)) throw new Error(`internal: cycle through node %${node.id}`);
    visiting.add(node);
    if (node.storage === undefined) {
      for (const input of node.inputs) visit(input);
      for (const before of node.after) {
        if (before.storage === undefined) {
          pulled.add(before);
          visit(before);
        }
      }
    }
    visiting.delete(node);
    position.set(node, order.length);
    order.push(node);
  };
  for (const t of targets) visit(t);

  const keep = new Set<number>();
  for (const t of targets) if (t.storage === undefined) keep.add(position.get(t)!);
  for (const p of pulled) keep.add(position.get(p)!);
  let key = "";
  order.forEach((node, i) => {
    if (node.aliases >= 0 && node.storage === undefined) keep.add(i);
    if (node.storage !== undefined) {
      key += `I${node.dtype}[${node.shape}];`;
    } else {
      const ins = node.inputs.map((n) => position.get(n)).join(",");
      const after = node.after.filter((n) => position.has(n)).map((n) => position.get(n));
      key += `${node.op}{${attrsKey(node.attrs)}}(${ins})${after.length ? `a(${after})` : ""}`;
      key += keep.has(i) ? "!;" : ";";
    }
  });
  return { nodes: order, keep, key };
}
