/**
 * `nllLoss`: the negative log-likelihood of class-index targets, PyTorch's
 * `F.nll_loss` for `[N, C]` (or unbatched `[C]`) log-probabilities.
 *
 * @module
 */

import type { Tensor } from "../tensor/tensor.ts";
import { makeNode, type Node } from "../graph/node.ts";
import { ew, reshapeTo } from "../graph/_build.ts";
import { floatNode, fmt, type TensorLike } from "../ops/_dense_inputs.ts";
import { classRows, classTargets, lossOptions, out, type Reduction, sumAll } from "./_common.ts";
import { nllSchema } from "../ops/_dense_options.ts";

/**
 * Options of `nllLoss`.
 *
 * @example
 * ```ts
 * import { nllLoss, type NllLossOptions } from "@tessera/embed";
 * const options: NllLossOptions = { ignoreIndex: 0, reduction: "sum" };
 * console.log((await nllLoss([[-1, -2], [-3, -4]], [0, 1], options).toArray())); // 4
 * ```
 */
export interface NllLossOptions {
  /** A weight per class, `[C]`. */
  weight?: TensorLike;
  /** Rows whose target is this value count for nothing (not in the mean's denominator). @default -100 */
  ignoreIndex?: number;
  /** `"mean"` (weighted by the targets' class weights), `"sum"` or `"none"`. @default "mean" */
  reduction?: Reduction;
}

/** The per-row terms and weights of an nll: `[-x[i, t[i]]·w[t[i]], w[t[i]]]`, and the row count. */
export function nllTerms(
  logp: Node,
  target: unknown,
  o: { weight?: Node; ignoreIndex?: number; rest?: number[] },
  who: string,
): { loss: Node; w: Node; keep: Node; unbatched: boolean; rest: number[] } {
  const unbatched = logp.shape.length === 1;
  if (logp.shape.length === 0) {
    throw new TypeError(
      `${who}: input has shape ${fmt(logp.shape)} but must be [N, C, ...] or [C]`,
    );
  }
  const split = classRows(logp), rows = split.rows, rest = o.rest ?? split.rest;
  const x = unbatched ? reshapeTo(logp, [1, logp.shape[0]]) : rows;
  const [N, C] = x.shape;
  const ignoreIndex = o.ignoreIndex ?? -100;
  if (!Number.isInteger(ignoreIndex)) {
    throw new TypeError(`${who}: ignoreIndex ${ignoreIndex} is not an integer`);
  }
  const t0 = classTargets(target, rest, C, ignoreIndex, who);
  const t = reshapeTo(t0, [N]);
  const keep = ew(`ne x0 ${ignoreIndex}`, t);
  let w = keep;
  if (o.weight !== undefined) {
    if (o.weight.shape.length !== 1 || o.weight.shape[0] !== C) {
      throw new TypeError(
        `${who}: weight has shape ${fmt(o.weight.shape)} but must be [${C}] (one per class)`,
      );
    }
    w = makeNode("pick", [o.weight, t], { ignoreIndex, shared: true });
  }
  const picked = makeNode("pick", [x, t], { ignoreIndex, shared: false });
  const loss = ew("neg x0", ew("mul x0 x1", picked, w));
  return { loss, w, keep, unbatched, rest };
}

/** Reduces nll terms the way PyTorch does (`mean`: divided by the summed weights). */
export function reduceNll(loss: Node, w: Node, reduction: Reduction, rest: number[]): Node {
  if (reduction === "none") return reshapeTo(loss, rest);
  const total = sumAll(loss);
  return reduction === "sum" ? total : ew("div x0 x1", total, sumAll(w));
}

/**
 * PyTorch's `F.nll_loss`: `-input[i, target[i]]`, weighted by class,
 * ignoring `ignoreIndex` rows, reduced.
 *
 * @example
 * ```ts
 * import { nllLoss } from "@tessera/embed";
 * // -input[0][0] = 1 and -input[1][1] = 4, averaged
 * console.log(nllLoss([[-1, -2], [-3, -4]], [0, 1]).item()); // 2.5
 * ```
 *
 * @param input Log-probabilities, `[N, C]` or `[C]`.
 * @param target Class indices (int32), `[N]` or `[]`.
 * @param options `weight`, `ignoreIndex`, `reduction`.
 * @returns The loss.
 * @throws {TypeError} For shapes that do not fit. @throws {RangeError} For a target outside `[0, C)`.
 */
export function nllLoss(
  input: TensorLike,
  target: unknown,
  options?: NllLossOptions,
): Tensor<"float32"> {
  const who = "nllLoss()";
  const o = lossOptions(nllSchema, options, who);
  const weight = o.weight === undefined ? undefined : floatNode(o.weight, who, "weight");
  const x = floatNode(input, who, "input");
  const { loss, w, rest } = nllTerms(x, target, { ignoreIndex: o.ignoreIndex, weight }, who);
  return out(reduceNll(loss, w, o.reduction ?? "mean", rest));
}
