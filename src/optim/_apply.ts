/**
 * How an optimizer step changes tensors, in place as PyTorch's optimizers
 * do: an elementwise new value (every dense update) is computed by a
 * kernel that writes the tensor's own storage (a parameter's and its state's
 * updates share one kernel, see `src/schedule/_writer_groups.ts`), a table's touched rows are
 * added in place by `row_add`; both are ordered after the old value's
 * pending readers, so lazy results built before the step still read the old
 * value. The step realizes everything it changed in one plan, then gives
 * each tensor a fresh leaf over its storage so no step's graph stays
 * reachable from the parameters. A step therefore allocates no new
 * parameter or state storage (a 256 MB table stays one 256 MB block).
 *
 * @module
 */

import { bufferNode, makeNode, type Node } from "../graph/node.ts";
import { pendingReaders } from "../graph/effects.ts";
import { recordEffect } from "../graph/trace.ts";
import { writeInPlace } from "../graph/_in_place.ts";
import { type Tensor, tensorInternals } from "../tensor/tensor.ts";
import { type RowSparseGrad, scatterInto } from "../sparse/row_sparse_grad.ts";
import { lookupRowsInto } from "../sparse/_dense_table_grad.ts";
import { realize } from "../runtime/realize.ts";
import { mul } from "../ops/elementwise.ts";
import type { AttrsOf } from "../graph/primitive.ts";

const ti = tensorInternals();

/** Tensors one step changes, with the nodes it installed. */
export class Changes {
  readonly #changed = new Map<Tensor, Node>();
  /** The node each changed tensor had before the step (its value, overwritten in place). */
  readonly #before = new Map<Tensor, Node>();

  #note(t: Tensor, node: Node): void {
    if (!this.#before.has(t)) this.#before.set(t, ti.nodeOf(t));
    ti.replaceNode(t, node);
    this.#changed.set(t, node);
  }

  /** Makes `value` the new value of `t`, written into `t`'s storage when it is elementwise. */
  set(t: Tensor<"float32">, value: Tensor<"float32">): void {
    const cur = ti.nodeOf(t), v = ti.nodeOf(value);
    const node = writeInPlace(cur, v, true) ?? v;
    if (node !== v) recordEffect(node);
    this.#note(t, node);
  }

  /** A new state tensor holding `value` (PyTorch's `clone`), computed with the step. */
  fresh(value: Tensor<"float32">): Tensor<"float32"> {
    const t = ti.fromNode<"float32">(ti.nodeOf(mul(value, 1)));
    this.#changed.set(t, ti.nodeOf(t));
    return t;
  }

  /** `t[rows[u]] += alpha * values[u]` in place (rows distinct). */
  addRows(
    t: Tensor<"float32">,
    rows: Tensor<"int32">,
    values: Tensor<"float32">,
    alpha: number,
  ): void {
    const cur = ti.nodeOf(t);
    const node = makeNode("row_add", [cur, ti.nodeOf(rows), ti.nodeOf(values)], { alpha }, {
      after: pendingReaders(cur),
      aliases: 0,
    });
    this.#write(t, node);
  }

  /**
   * SparseAdam's update of the distinct `rows` of `p` and of its moments `m`
   * and `v` by the coalesced gradient rows `values`, in place, in one pass
   * over the rows (`row_adam`), after the pending readers of all three.
   */
  adamRows(
    p: Tensor<"float32">,
    moments: readonly [Tensor<"float32">, Tensor<"float32">],
    rows: Tensor<"int32">,
    values: Tensor<"float32">,
    attrs: AttrsOf["row_adam"],
  ): void {
    const [m, v] = moments, cur = [p, m, v].map((t) => ti.nodeOf(t));
    const inputs = [...cur, ti.nodeOf(rows), ti.nodeOf(values)];
    const node = makeNode("row_adam", inputs, attrs, {
      after: cur.flatMap((n) => pendingReaders(n)),
      aliases: 0,
    });
    this.#write(p, node);
    this.#write(m, makeNode("written_by", [cur[1], node], {}, { aliases: 0 }));
    this.#write(v, makeNode("written_by", [cur[2], node], {}, { aliases: 0 }));
  }

  /**
   * `t += alpha * g` in place for an uncoalesced `g`, in its entries' order
   * (PyTorch's `add_` of an uncoalesced sparse tensor): one pass over the
   * positions that reads a bag's gradient directly, nothing coalesced.
   */
  scatterRows(t: Tensor<"float32">, g: RowSparseGrad, alpha: number): void {
    const cur = ti.nodeOf(t);
    this.#write(t, scatterInto(g, cur, alpha, pendingReaders(cur)));
  }

  /**
   * `t += alpha * g` in place for a lazy dense lookup gradient `g`, on the
   * looked-up rows only (each row's terms summed, then added once: the dense
   * update's values); false, changing nothing, if `g` is not one.
   */
  addLookupRows(t: Tensor<"float32">, g: Tensor<"float32">, alpha: number): boolean {
    const cur = ti.nodeOf(t);
    const node = lookupRowsInto(g, cur, alpha, () => pendingReaders(cur));
    if (node === undefined) return false;
    this.#write(t, node);
    return true;
  }

  /** Installs an in-place write as `t`'s new value. */
  #write(t: Tensor, node: Node): void {
    recordEffect(node);
    this.#note(t, node);
  }

  /** Computes every change in one plan, then detaches the tensors from the step's graph. */
  async realize(): Promise<void> {
    const changed = [...this.#changed];
    if (changed.length === 0) return;
    await realize(changed.map(([t]) => t));
    for (const [t, node] of changed) {
      if (ti.nodeOf(t) !== node || node.storage === undefined) continue;
      const before = this.#before.get(t);
      if (before !== undefined && before.storage === node.storage) before.overwritten = true;
      ti.replaceNode(t, bufferNode(node.storage, node.shape, node.dtype));
    }
  }
}

/** Rows of a table as a lazy `[n, D]` tensor (a gather that nothing differentiates). */
export function rowsOf(t: Tensor<"float32">, rows: Tensor<"int32">): Tensor<"float32"> {
  const node = makeNode("gather", [ti.nodeOf(t), ti.nodeOf(rows)], {
    paddingIdx: null,
    scaleGradByFreq: false,
    sparse: false,
  });
  return ti.fromNode<"float32">(node);
}

/** The coalesced rows and values of a row-sparse gradient. */
export function coalesced(g: RowSparseGrad): { rows: Tensor<"int32">; values: Tensor<"float32"> } {
  const c = g.coalesce();
  return { rows: c.indices, values: c.values };
}
