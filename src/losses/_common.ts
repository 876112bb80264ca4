/**
 * What the losses share: option checks, the reduction, and targets.
 *
 * @module
 */

import type { Tensor } from "../tensor/tensor.ts";
import { tensorInternals } from "../tensor/tensor.ts";
import { makeNode, type Node } from "../graph/node.ts";
import { reduceAxes, reshapeTo } from "../graph/_build.ts";
import { check, type LeafData } from "../graph/trace.ts";
import { readLeaf, toTensor } from "../ops/_inputs.ts";
import { formatIndex } from "../tensor/_nested.ts";
import type { z } from "npm:zod@^4.1.0";
import { parseOptions } from "../ops/_options.ts";
import { DENSE_EXPECTED } from "../ops/_dense_options.ts";

/** How a loss reduces over elements, as PyTorch's `reduction`. */
export type Reduction = "mean" | "sum" | "none";

/** Parses a loss's options object with its schema (the one validation path). */
export function lossOptions<S extends z.ZodType>(
  schema: S,
  options: unknown,
  who: string,
): z.infer<S> {
  return parseOptions(schema, options, who, DENSE_EXPECTED);
}

/** Sum of every element, as a scalar node. */
export function sumAll(x: Node): Node {
  return reshapeTo(reduceAxes(x, "sum", x.shape.map((_, i) => i)), []);
}

/** Mean of every element, as a scalar node. */
export function meanAll(x: Node): Node {
  return reshapeTo(reduceAxes(x, "mean", x.shape.map((_, i) => i)), []);
}

/** Applies `reduction` to per-element losses. */
export function reduced(loss: Node, reduction: Reduction): Node {
  return reduction === "none" ? loss : reduction === "sum" ? sumAll(loss) : meanAll(loss);
}

/** Wraps a node. */
export const out = (n: Node): Tensor<"float32"> => tensorInternals().fromNode<"float32">(n);

/**
 * Class-index targets: int32, `[N]` (or `[]` for one unbatched row), each in
 * `[0, C)` or equal to `ignoreIndex` (checked now, and again on `jit` replays).
 */
export function classTargets(
  target: unknown,
  N: number[],
  C: number,
  ignoreIndex: number,
  who: string,
): Node {
  const t = toTensor(target, "int32", who, "target");
  if (t.shape.join() !== N.join()) {
    throw new TypeError(
      `${who}: target has shape [${t.shape}] but must be [${N}] (one class index per row)`,
    );
  }
  const node = tensorInternals().nodeOf(t);
  check([node], targetCheck(C, ignoreIndex, t.shape, who), readLeaf);
  return node;
}

function targetCheck(C: number, ignore: number, shape: readonly number[], who: string) {
  return ([data]: readonly LeafData[]): void => {
    for (let j = 0; j < data.length; j++) {
      const k = data[j];
      if ((k >= 0 && k < C) || k === ignore) continue;
      throw new RangeError(
        `${who}: target${formatIndex(j, shape)} is ${k} but classes are 0..${
          C - 1
        } (ignoreIndex ${ignore})`,
      );
    }
  };
}

/**
 * Classes moved last and rows flattened: `[N, C, d1, ...]` becomes
 * `[N·d1·..., C]` (PyTorch's K-dimensional losses); `[N, C]` and `[C]` stay.
 * `rest` is the shape of one loss per row (`[N, d1, ...]`).
 */
export function classRows(x: Node): { rows: Node; rest: number[] } {
  if (x.shape.length <= 2) return { rows: x, rest: x.shape.slice(0, -1) };
  let y = x;
  for (let d = 1; d < x.shape.length - 1; d++) {
    y = makeNode("transpose", [y], { dim0: d, dim1: d + 1 });
  }
  const C = x.shape[1], rest = [x.shape[0], ...x.shape.slice(2)];
  return { rows: reshapeTo(y, [rest.reduce((p, q) => p * q, 1), C]), rest };
}
