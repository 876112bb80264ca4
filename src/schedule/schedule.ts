/**
 * `schedule()`: a pure function from a collected graph to a plan. It assigns
 * roles (the fusion rules below decide what is never materialised), then
 * lowers each computed node to kernel steps (see `_lower.ts`).
 *
 * Fusion rules:
 *
 * 1. A `gather` read only as the rows of `bag`, `bag_argmax` or `psw_grad`
 *    is inlined: those kernels read `W[idx[j]]` directly, so the `[N, D]`
 *    rows never exist. (Gather + bag reduce + per-sample weights + mean is
 *    the single `gather_bag` kernel.)
 * 2. A `bag_backward` read only as the source of `scatter_add` or
 *    `sparse_values` is inlined: the gradient kernel reads `G[bag(j)]`
 *    scaled per position, so the `[N, D]` row gradients never exist.
 * 3. Preparation is shared: one `bag_positions` per bag backward, one
 *    `inv_freq` per index tensor, one `row_csr` per index tensor and padding.
 *
 * @module
 */

import type { Collected } from "./collect.ts";
import type { Plan, PlanNode, Role } from "./plan.ts";
import { lower } from "./_lower.ts";

const INLINE_INTO: Readonly<Partial<Record<string, readonly string[]>>> = {
  gather: ["bag", "bag_argmax", "psw_grad"],
  bag_backward: ["scatter_add", "sparse_values"],
};

/** Roles of the collected nodes, after the fusion rules. */
function assignRoles(graph: Collected): Role[] {
  const { nodes, keep } = graph;
  const position = new Map(nodes.map((n, i) => [n, i]));
  const consumers: string[][] = nodes.map(() => []);
  // Only the first input of a consumer is its "rows"/"source" operand.
  const readsAsRows: boolean[][] = nodes.map(() => []);
  nodes.forEach((node, i) => {
    if (node.storage !== undefined) return;
    node.inputs.forEach((input, slot) => {
      const p = position.get(input)!;
      consumers[p].push(nodes[i].op);
      readsAsRows[p].push(slot === (nodes[i].op === "psw_grad" ? 1 : 0));
    });
  });
  return nodes.map((node, i) => {
    if (node.storage !== undefined) return "input";
    if (keep.has(i)) return "output";
    const allowed = INLINE_INTO[node.op];
    const inlinable = allowed !== undefined && consumers[i].length > 0 &&
      consumers[i].every((c, k) => allowed.includes(c) && readsAsRows[i][k]);
    return inlinable ? "inlined" : "temp";
  });
}

/**
 * Schedules a collected graph: roles, then kernel steps in topological order.
 *
 * @throws {Error} If the graph needs a combination no kernel implements (an internal error).
 */
export function schedule(graph: Collected): Plan {
  const roles = assignRoles(graph);
  const position = new Map(graph.nodes.map((n, i) => [n, i]));
  const nodes: PlanNode[] = graph.nodes.map((node, i) => ({
    op: node.op,
    attrs: node.attrs,
    inputs: node.storage === undefined ? node.inputs.map((n) => position.get(n)!) : [],
    dtype: node.dtype,
    aliases: node.aliases,
    role: roles[i],
  }));
  const shapes = graph.nodes.map((n) => n.shape);
  const { steps, temps } = lower(nodes, shapes);
  return { key: graph.key, nodes, temps, steps };
}
