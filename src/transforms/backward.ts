/**
 * PyTorch's `loss.backward()` on the lazy graph (the graph is the tape):
 * the reverse walk from the loss to every node owned by a tensor with
 * `requiresGrad`, then each gradient added to that tensor's `.grad` (dense
 * sums; row-sparse gradients concatenate, uncoalesced, as PyTorch's sparse
 * `.grad` does). The loss and the new gradients are computed in one plan.
 *
 * @module
 */

import { type Tensor, tensorInternals } from "../tensor/tensor.ts";
import { ones } from "../tensor/creation.ts";
import { hooks, ownerOf } from "../tensor/_autograd.ts";
import { RowSparseGrad, rowSparseGrad, sparseSources } from "../sparse/row_sparse_grad.ts";
import type { Node } from "../graph/node.ts";
import { deferReads, isComputed } from "../graph/effects.ts";
import { realizeNodes } from "../runtime/realize_nodes.ts";
import { type Cotangent, denseOf, reverse } from "./_reverse.ts";
import { concatSparse, joinSparse } from "./_concat_sparse.ts";
import { addNodes } from "./_sum.ts";
import { gradTargets } from "../sparse/_dense_table_grad.ts";

const who = "Tensor.backward()";

/** The owned nodes (leaves requiring gradients) the graph above `root` reaches. */
function ownedLeaves(root: Node): Node[] {
  const found: Node[] = [], seen = new Set<Node>([root]), stack = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (ownerOf(node) !== undefined) {
      found.push(node);
      continue;
    }
    for (const input of node.inputs) {
      if (input.tape && !seen.has(input)) {
        seen.add(input);
        stack.push(input);
      }
    }
  }
  return found;
}

/** A cotangent as a gradient value: row-sparse if only sparse parts reached it. */
export function gradValue(c: Cotangent): Tensor<"float32"> | RowSparseGrad {
  if (c.dense === undefined && c.sparse.length > 0) {
    if (c.sparse.length === 1) {
      const p = c.sparse[0];
      return rowSparseGrad(p.src, p.idx, p.numEmbeddings, { ...p, coalesced: false });
    }
    return concatSparse(c.sparse);
  }
  return tensorInternals().fromNode<"float32">(denseOf(c));
}

/** `old + g` as PyTorch accumulates `.grad`. */
function accumulate(
  old: Tensor<"float32"> | RowSparseGrad | undefined,
  g: Tensor<"float32"> | RowSparseGrad,
): Tensor<"float32"> | RowSparseGrad {
  if (old === undefined) return g;
  if (old instanceof RowSparseGrad && g instanceof RowSparseGrad) return joinSparse([old, g]);
  const t = tensorInternals();
  const dense = (x: Tensor<"float32"> | RowSparseGrad) =>
    t.nodeOf(x instanceof RowSparseGrad ? x.toDense() : x);
  return t.fromNode<"float32">(addNodes(dense(old), dense(g)));
}

async function backward(loss: Tensor): Promise<void> {
  if (loss.dtype !== "float32" || loss.size !== 1) {
    throw new TypeError(
      `${who}: the tensor is ${loss.dtype} of shape [${loss.shape}] but must be a float32 scalar (one element)`,
    );
  }
  const t = tensorInternals(), root = t.nodeOf(loss);
  // A node recorded on the tape may no longer reach an owner (requiresGrad set back to false).
  const leaves = root.tape ? ownedLeaves(root) : [];
  if (leaves.length === 0) {
    throw new TypeError(
      `${who}: no tensor with requiresGrad reaches this tensor, so it has no gradient`,
    );
  }
  const cts = reverse(root, t.nodeOf(ones(loss.shape)), leaves, who);
  const touched = new Set<Tensor>();
  leaves.forEach((leaf, i) => {
    const c = cts[i];
    if (c === undefined) return;
    const owner = ownerOf(leaf)!;
    owner.grad = accumulate(owner.grad, gradValue(c));
    touched.add(owner);
  });
  // A lookup gradient's parts (the bag gradient and the indices) are computed, and the
  // gradient itself is left lazy: its `[N, D]` per-lookup rows (row-sparse) or its
  // `[V, D]` table (dense) are computed only if read, and the fused optimizer steps
  // read the parts directly (one pass over the lookups).
  const targets = [root];
  for (const p of touched) {
    const g = p.grad!;
    targets.push(...(g instanceof RowSparseGrad ? sparseSources(g) : gradTargets(g)));
  }
  await realizeNodes(targets, who);
  for (const p of touched) {
    const g = p.grad!;
    deferReads(
      lazyParts(
        g instanceof RowSparseGrad ? [t.nodeOf(g.values), t.nodeOf(g.indices)] : [t.nodeOf(g)],
      ),
    );
  }
}

/**
 * The nodes still pending under the lazy gradients `roots`, if none of them
 * reads a value that could be written in place before it runs: a float32
 * leaf (per-sample weights) or a parameter. They read the loss's cotangents,
 * which nothing else holds, and indices, written in place only by a `jit`
 * call they are donated to (whose result they then read, as documented).
 */
function lazyParts(roots: readonly Node[]): Node[] {
  const found: Node[] = [], seen = new Set<Node>(), stack = [...roots];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (seen.has(node)) continue;
    seen.add(node);
    if (node.storage !== undefined || isComputed(node)) {
      const writable = node.dtype === "float32" &&
        (node.op === "buffer" || ownerOf(node) !== undefined);
      if (writable) return [];
      continue;
    }
    found.push(node);
    stack.push(...node.inputs);
  }
  return found;
}

hooks.backward = backward;
