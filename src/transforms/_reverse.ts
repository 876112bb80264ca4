/**
 * The one reverse walk behind `grad`, `valueAndGrad`, `vjp` and
 * `Tensor.backward()`: from a root and its cotangent, visit the graph in
 * reverse topological order, ask each primitive's vjp rule for its inputs'
 * cotangents, and sum what reaches each node. Only nodes on a path to a
 * requested leaf are differentiated.
 *
 * A table read by a `gather` marked `sparse` receives a row-sparse part
 * (the rows' cotangent and the indices) instead of a dense scatter; parts
 * pass through `renorm` (max-norm is not differentiated) and arrive at the
 * leaf as a `RowSparseGrad`. A sparse part reaching anything else is made
 * dense there, as PyTorch's autograd does.
 *
 * @module
 */

import type { Node } from "../graph/node.ts";
import type { NodeOf, OpKind, Primitive } from "../graph/primitive.ts";
import { PRIMITIVES } from "../graph/prims/index.ts";
import { gatherGradAttrs, scatterAdd } from "../graph/prims/gather.ts";
import { addNodes } from "./_sum.ts";

/** A row-sparse cotangent part: rows `src` at positions `idx` of a table. */
export interface SparsePart {
  readonly src: Node;
  readonly idx: Node;
  readonly numEmbeddings: number;
  readonly paddingIdx: number | null;
  readonly scaleGradByFreq: boolean;
}

/** What reached a node: a dense sum (if any) and row-sparse parts. */
export interface Cotangent {
  dense: Node | undefined;
  readonly sparse: SparsePart[];
}

/** Nodes reachable from `root` in topological order, not walking past `stop`. */
function topo(root: Node, stop: ReadonlySet<Node>): Node[] {
  const order: Node[] = [];
  const seen = new Set<Node>();
  const stack: [Node, number][] = [[root, 0]];
  seen.add(root);
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const [node, i] = top;
    const inputs = stop.has(node) ? [] : node.inputs;
    if (i < inputs.length) {
      top[1]++;
      const next = inputs[i];
      if (!seen.has(next)) {
        seen.add(next);
        stack.push([next, 0]);
      }
    } else {
      stack.pop();
      order.push(node);
    }
  }
  return order;
}

/** The dense value of a cotangent (sparse parts scatter-added). */
export function denseOf(c: Cotangent): Node {
  let sum = c.dense;
  for (const p of c.sparse) {
    const { numEmbeddings, paddingIdx, scaleGradByFreq } = p;
    const part = scatterAdd(p.src, p.idx, { numEmbeddings, paddingIdx, scaleGradByFreq });
    sum = sum === undefined ? part : addNodes(sum, part);
  }
  return sum!;
}

function addDense(to: Map<Node, Cotangent>, node: Node, ct: Node): void {
  const c = to.get(node);
  if (c === undefined) to.set(node, { dense: ct, sparse: [] });
  else c.dense = c.dense === undefined ? ct : addNodes(c.dense, ct);
}

function addSparse(to: Map<Node, Cotangent>, node: Node, parts: readonly SparsePart[]): void {
  const c = to.get(node);
  if (c === undefined) to.set(node, { dense: undefined, sparse: [...parts] });
  else c.sparse.push(...parts);
}

/**
 * Cotangents of the `wrt` nodes given the root's cotangent (`undefined`
 * for a node no path reaches).
 *
 * @throws {TypeError} If a path to a requested node passes through a
 *   primitive that has no vjp rule, or if the gradient needs a computed
 *   value that an in-place write has since replaced (`who` names the public function).
 */
export function reverse(
  root: Node,
  rootCt: Node,
  wrt: readonly Node[],
  who: string,
): (Cotangent | undefined)[] {
  const result = walk(root, rootCt, wrt, who);
  checkFresh(result, who);
  return result;
}

/**
 * Refuses a gradient whose nodes would read a value an optimizer step has
 * overwritten in place since the graph was built: PyTorch's "modified by an
 * inplace operation" error, instead of a gradient computed from the new values.
 */
function checkFresh(result: (Cotangent | undefined)[], who: string): void {
  // Every node still to compute: the walk's own, and older ones it reads that were never
  // stored (recomputed now from whatever their realized inputs hold).
  const seen = new Set<Node>();
  const visit = (n: Node): void => {
    if (n.storage !== undefined || seen.has(n)) return;
    seen.add(n);
    for (const input of n.inputs) {
      if (input.storage !== undefined && input.overwritten) {
        throw new TypeError(
          `${who}: a value of shape [${input.shape}] this gradient needs was modified in place ` +
            `(by an optimizer step) after it was computed: compute the result again`,
        );
      }
      visit(input);
    }
  };
  for (const c of result) {
    if (c === undefined) continue;
    if (c.dense !== undefined) visit(c.dense);
    for (const p of c.sparse) (visit(p.src), visit(p.idx));
  }
}

function walk(
  root: Node,
  rootCt: Node,
  wrt: readonly Node[],
  who: string,
): (Cotangent | undefined)[] {
  const targets = new Set(wrt);
  const order = topo(root, targets);
  // Which nodes lead to a requested node (inputs come before users in `order`).
  const leads = new Set<Node>();
  for (const node of order) {
    if (targets.has(node) || node.inputs.some((n) => leads.has(n))) leads.add(node);
  }
  const cts = new Map<Node, Cotangent>();
  if (leads.has(root)) cts.set(root, { dense: rootCt, sparse: [] });
  for (let k = order.length - 1; k >= 0; k--) {
    const node = order[k];
    const c = cts.get(node);
    if (c === undefined || targets.has(node)) continue;
    if (node.op === "gather" && (node as NodeOf<"gather">).attrs.sparse) {
      const g = node as NodeOf<"gather">;
      const part = { src: denseOf(c), idx: node.inputs[1], ...gatherGradAttrs(g) };
      if (leads.has(node.inputs[0])) addSparse(cts, node.inputs[0], [part]);
      continue;
    }
    if (node.op === "renorm") {
      // Max-norm is not differentiated: whatever reached it passes to the table.
      if (c.dense !== undefined) addDense(cts, node.inputs[0], c.dense);
      addSparse(cts, node.inputs[0], c.sparse);
      continue;
    }
    const rule = (PRIMITIVES[node.op] as Primitive<OpKind>).vjp;
    if (rule === null) {
      throw new TypeError(`${who}: the graph reaches ${node.op}, which has no gradient`);
    }
    const needs = node.inputs.map((input) => leads.has(input));
    const inputCts = rule(node as NodeOf<OpKind>, denseOf(c), needs);
    node.inputs.forEach((input, i) => {
      const ct = inputCts[i];
      if (ct !== null && ct !== undefined && leads.has(input)) addDense(cts, input, ct);
    });
    cts.delete(node);
  }
  return wrt.map((n) => cts.get(n));
}
