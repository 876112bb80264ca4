/**
 * Plans that serve many shapes. Lowering turns static facts (the embedding
 * dim, a table's row count, a broadcast layout) into kernel specs and binds
 * every size at run time. So a plan fits any graph of the same structure
 * whose shapes agree on what its lowering read; a batch with another number
 * of lookups, or another count of distinct rows, reuses it instead of being
 * scheduled again. The lowering sees the shapes through a view that records
 * each dimension (and rank) it reads; the view refuses reads once lowering is
 * over, so a step that read schedule-time shapes while binding would fail
 * loudly instead of binding stale sizes.
 *
 * @module
 */

import type { Node } from "../graph/node.ts";

/** A dimension lowering read: dim `k` (-1: the rank) of value `v` was `is`. */
export interface ShapeRead {
  readonly v: number;
  readonly k: number;
  readonly is: number;
}

/** Shapes seen through a recording view. */
export interface GuardedShapes {
  /** The view to lower with. */
  readonly view: readonly (readonly number[])[];
  /** What was read, once each. */
  readonly reads: ShapeRead[];
  /** Ends lowering: any later read is an internal error. */
  seal(): void;
}

const isIndex = (p: string | symbol): p is string =>
  typeof p === "string" && p.length > 0 && p.length < 10 && /^\d+$/.test(p);

/** Wraps the shapes of a graph so that lowering's reads are recorded. */
export function guardShapes(shapes: readonly (readonly number[])[]): GuardedShapes {
  const reads: ShapeRead[] = [];
  const seen = new Set<string>();
  let sealed = false;
  const note = (v: number, k: number, is: number) => {
    if (sealed) throw new Error(`internal: a step read the shape of %${v} after scheduling`);
    const key = `${v}:${k}`;
    if (seen.has(key)) return;
    seen.add(key);
    reads.push({ v, k, is });
  };
  const dims = shapes.map((shape, v) =>
    new Proxy(shape, {
      get(target, p, receiver) {
        if (p === "length") note(v, -1, target.length);
        else if (isIndex(p) && Number(p) < target.length) note(v, Number(p), target[Number(p)]);
        return Reflect.get(target, p, receiver);
      },
    })
  );
  return {
    view: dims,
    reads,
    seal() {
      sealed = true;
    },
  };
}

/** Whether a graph's shapes agree with every read a plan's lowering made. */
export function shapesAgree(reads: readonly ShapeRead[], nodes: readonly Node[]): boolean {
  for (const { v, k, is } of reads) {
    const shape = nodes[v].shape;
    if ((k < 0 ? shape.length : shape[k]) !== is) return false;
  }
  return true;
}
