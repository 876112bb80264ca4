/**
 * Collecting the part of the graph that must run to realize some nodes:
 * a toposort that stops at realized nodes (they are the inputs), follows
 * write-after-read `after` edges, and computes the structural key under
 * which the schedule is cached.
 *
 * @module
 */

import type { Node } from "../graph/node.ts";

/** The unrealized subgraph behind some targets, in topological order. */
export interface Collected {
  /** Nodes in topological order; realized nodes are leaves. */
  readonly nodes: readonly Node[];
  /** Positions that must be kept realized: targets, nodes pulled in by `after`, in-place writes. */
  readonly keep: ReadonlySet<number>;
  /**
   * Structural key: ops, attrs, edges and the dtype and rank of inputs (not
   * sizes, nor facts such as a sparse gradient's nnz). Equal keys mean the
   * same plan applies if the shapes also agree with what it read (see
   * `src/schedule/_shape_guard.ts`).
   */
  readonly key: string;
}

/** Traversal epochs: a node is visited in this traversal when `node.mark === epoch`. */
let epoch = 0;
const VISITING = -1;

/** Toposorts the unrealized graph behind `targets`. */
export function collect(targets: readonly Node[]): Collected {
  const visited = ++epoch;
  const order: Node[] = [];
  const pulled: Node[] = [];
  const visit = (node: Node): void => {
    if (node.mark === visited) {
      if (node.pos === VISITING) throw new Error(`internal: cycle through node %${node.id}`);
      return;
    }
    node.mark = visited;
    node.pos = VISITING;
    if (node.storage === undefined) {
      for (const input of node.inputs) visit(input);
      for (const before of node.after) {
        if (before.storage === undefined) {
          pulled.push(before);
          visit(before);
        }
      }
    }
    node.pos = order.length;
    order.push(node);
  };
  for (const t of targets) visit(t);

  const keep = new Set<number>();
  for (const t of targets) if (t.storage === undefined) keep.add(t.pos);
  for (const p of pulled) keep.add(p.pos);
  let key = "";
  for (let i = 0; i < order.length; i++) {
    const node = order[i];
    if (node.storage !== undefined) {
      // Sizes are not part of the structure: a plan records the sizes its lowering read.
      key += `I${node.dtype}/${node.shape.length};`;
      continue;
    }
    if (node.aliases >= 0) {
      keep.add(i);
      // A lazy target of an in-place write is kept: it gets the storage the write then owns.
      const target = node.inputs[node.aliases];
      if (target.storage === undefined) keep.add(target.pos);
    }
    key += node.sig + "(";
    for (const n of node.inputs) key += `${n.pos},`;
    for (const n of node.after) if (n.mark === visited) key += `a${n.pos},`;
    key += keep.has(i) ? ")!;" : ");";
  }
  return { nodes: order, keep, key };
}
