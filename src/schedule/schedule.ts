/**
 * `schedule()`: a pure function from a collected graph to a plan. Every
 * primitive can run unfused; fusions are an ordered list of optional
 * patterns (below) that decide which values are never materialised. Then
 * each computed node is lowered to kernel steps by its primitive (see
 * `_lower.ts`).
 *
 * @module
 */

import type { Collected } from "./collect.ts";
import type { Node } from "../graph/node.ts";
import type { OpKind } from "../graph/primitive.ts";
import type { Plan, PlanNode, Role } from "./plan.ts";
import { lower } from "./_lower.ts";

/**
 * A fusion pattern: a `producer` node read only through the listed
 * (consumer op, input slot) pairs is inlined into those consumers' kernels.
 */
export interface Fusion {
  readonly name: string;
  readonly producer: OpKind;
  /** Consumers it may be read by: op and input slot (no slot: any). */
  readonly into: readonly { readonly op: OpKind; readonly slot?: number }[];
  /** A further condition on the consumers (all of them), if any. */
  readonly when?: (consumers: readonly Node[]) => boolean;
}

/**
 * The fusion patterns, tried in order:
 *
 * 1. A `gather` read only as the rows of `bag`, `bag_argmax` or `psw_grad`
 *    is inlined: those kernels read `W[idx[j]]` directly, so the `[N, D]`
 *    rows never exist. (Gather + bag reduce + per-sample weights + mean is
 *    the single `gather_bag` kernel.)
 * 2. A `bag_backward` read only as the source of `scatter_add`,
 *    `row_scatter_add` or `sparse_values` is inlined: the gradient kernel reads `G[bag(j)]`
 *    scaled per position, so the `[N, D]` row gradients never exist.
 * 3. An `ewise` read only by `ewise` nodes is inlined: chains of elementwise
 *    instructions compose into one `elementwise` kernel (a producer read by
 *    several consumers is recomputed in each: cheaper than a round trip
 *    through memory).
 * 4. An `expand` or `reshape` read only by `ewise` nodes is inlined: the
 *    elementwise kernel reads its input's buffer with the view's broadcast
 *    pattern, so the view is never copied (nor a reshape that only an
 *    inlined expand reads).
 * 5. A `matmul` read only by one `relu` is inlined into it: the matmul kernel
 *    applies the ReLU to each output as it stores it (after the bias).
 * 6. A `matmul` read only as the value of a ReLU's backward,
 *    `where(r <= 0, 0, matmul)` with `r` of its shape, is inlined into it:
 *    the matmul kernel stores +0 where `r` is at most 0 (`dY·W` masked in
 *    one pass, across the forward/backward boundary).
 *
 * Preparation is shared whatever fuses: one `bag_positions` per bag
 * backward, one `inv_freq` per index tensor, one `row_csr` per index tensor
 * and padding.
 */
export const FUSIONS: readonly Fusion[] = [
  {
    name: "gather into bag kernels",
    producer: "gather",
    into: [{ op: "bag", slot: 0 }, { op: "bag_argmax", slot: 0 }, { op: "psw_grad", slot: 1 }],
  },
  {
    name: "bag backward into gradient kernels",
    producer: "bag_backward",
    into: [
      { op: "scatter_add", slot: 0 },
      { op: "row_scatter_add", slot: 1 },
      { op: "sparse_values", slot: 0 },
    ],
  },
  { name: "elementwise chains", producer: "ewise", into: [{ op: "ewise" }] },
  { name: "views into elementwise chains", producer: "expand", into: [{ op: "ewise" }] },
  {
    name: "views into elementwise chains",
    producer: "reshape",
    into: [{ op: "ewise" }, { op: "expand" }],
  },
  {
    name: "relu epilogue into matmul",
    producer: "matmul",
    into: [{ op: "ewise", slot: 0 }],
    when: (consumers) => consumers.length === 1 && consumers[0].attrs.prog === "relu x0",
  },
  {
    name: "ReLU's backward mask into matmul",
    producer: "matmul",
    into: [{ op: "ewise", slot: 1 }],
    when: (consumers) => consumers.length === 1 && reluMask(consumers[0]) !== undefined,
  },
];

/**
 * The mask `r` of a ReLU's backward `where(r <= 0, 0, x)` (an `ewise` of
 * program `where x0 0 x1` reading an `ewise` `le x0 0` of `r`), when `r`,
 * `x` and the result are float32 of one shape; else undefined.
 */
export function reluMask(node: Node): Node | undefined {
  if (node.op !== "ewise" || node.attrs.prog !== "where x0 0 x1") return undefined;
  const [le, x] = node.inputs;
  if (le.op !== "ewise" || le.attrs.prog !== "le x0 0" || le.storage !== undefined) {
    return undefined;
  }
  const r = le.inputs[0], same = (n: Node) => n.shape.join() === node.shape.join();
  const f32 = [r, x, node].every((n) => n.dtype === "float32");
  return f32 && same(r) && same(x) ? r : undefined;
}

/** Roles of the collected nodes, after the fusion patterns. */
function assignRoles(graph: Collected, fusions: readonly Fusion[]): Role[] {
  const { nodes, keep } = graph;
  const position = new Map(nodes.map((n, i) => [n, i]));
  const reads: { op: OpKind; slot: number; by: Node }[][] = nodes.map(() => []);
  nodes.forEach((node) => {
    if (node.storage !== undefined) return;
    node.inputs.forEach((input, slot) =>
      reads[position.get(input)!].push({ op: node.op, slot, by: node })
    );
  });
  const roles: Role[] = nodes.map((node, i) => {
    if (node.storage !== undefined) return "input";
    if (keep.has(i)) return "output";
    const fused = reads[i].length > 0 && fusions.some((f) =>
      f.producer === node.op &&
      reads[i].every((r) => f.into.some((t) => t.op === r.op && (t.slot ?? r.slot) === r.slot)) &&
      (f.when === undefined || f.when(reads[i].map((r) => r.by)))
    );
    return fused ? "inlined" : "temp";
  });
  // A matmul can only fuse into a ReLU that is itself computed, not one composed into a chain;
  // a reshape read by an expand only through that expand inlined into a chain.
  nodes.forEach((node, i) => {
    if (node.op === "matmul" && roles[i] === "inlined") {
      if (reads[i].some((r) => roles[position.get(r.by)!] === "inlined")) roles[i] = "temp";
      // A ReLU's backward reads its mask from a buffer.
      const mask = reluMask(reads[i][0].by);
      if (mask !== undefined && roles[position.get(mask)!] === "inlined") roles[i] = "temp";
    }
    if (node.op === "reshape" && roles[i] === "inlined") {
      const by = (r: { op: OpKind; by: Node }) => roles[position.get(r.by)!];
      if (reads[i].some((r) => r.op === "expand" && by(r) !== "inlined")) roles[i] = "temp";
    }
  });
  return roles;
}

/**
 * The reshapes that need no copy: a reshape of a temp value read by nothing
 * else is that value's buffer (the plan node aliases it; a run keeps the
 * buffer as the reshape's when the reshape is an output). A bias's gradient,
 * `sum` over the batch then reshaped, is one kernel.
 */
function reshapeViews(
  graph: Collected,
  roles: readonly Role[],
  position: Map<Node, number>,
): Set<number> {
  const readers = graph.nodes.map(() => 0);
  for (const node of graph.nodes) {
    if (node.storage !== undefined) continue;
    for (const input of [...node.inputs, ...node.after]) readers[position.get(input)!]++;
  }
  const views = new Set<number>();
  graph.nodes.forEach((node, i) => {
    if (node.op !== "reshape" || (roles[i] !== "temp" && roles[i] !== "output")) return;
    const x = position.get(node.inputs[0])!, producer = graph.nodes[x];
    if (roles[x] !== "temp" || readers[x] !== 1 || producer.aliases >= 0) return;
    views.add(i);
  });
  return views;
}

/**
 * Schedules a collected graph: roles, then kernel steps in topological order.
 *
 * @param fusions The patterns to apply (none: every primitive runs unfused).
 * @param shapes The shapes lowering sees (by default the nodes' own).
 * @throws {Error} If the graph holds an unknown primitive (an internal error).
 */
export function schedule(
  graph: Collected,
  fusions: readonly Fusion[] = FUSIONS,
  shapes: readonly (readonly number[])[] = graph.nodes.map((n) => n.shape),
): Plan {
  const roles = assignRoles(graph, fusions);
  const position = new Map(graph.nodes.map((n, i) => [n, i]));
  const views = reshapeViews(graph, roles, position);
  const nodes: PlanNode[] = graph.nodes.map((node, i) => ({
    op: node.op,
    attrs: node.attrs,
    inputs: node.storage === undefined ? node.inputs.map((n) => position.get(n)!) : [],
    dtype: node.dtype,
    aliases: views.has(i) ? 0 : node.aliases,
    role: roles[i],
  }));
  const { steps, temps } = lower(nodes, shapes);
  return { key: graph.key, nodes, temps, steps };
}
