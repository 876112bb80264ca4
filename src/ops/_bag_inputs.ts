/**
 * The inputs of a bag op, converted and validated once for the forward and
 * the gradient: mode rules, the two input forms (2-D fixed-length bags, or
 * 1-D indices with offsets), offsets, and per-sample weights.
 */

import type { Tensor } from "../tensor/tensor.ts";
import { makeNode, type Node } from "../graph/node.ts";
import type { NodeOf } from "../graph/primitive.ts";
import { tensor } from "../tensor/creation.ts";
import { check, type LeafData } from "../graph/trace.ts";
import { checkWeight, indicesFrom, nodeOf, readLeaf, toTensor } from "./_inputs.ts";
import { normalizePadding } from "./_options.ts";

/** Bag options common to the forward and the gradient, after zod parsing. */
export interface BagOptionsIn {
  mode?: "sum" | "mean" | "max";
  offsets?: unknown;
  perSampleWeights?: unknown;
  includeLastOffset?: boolean;
  paddingIdx?: number | null;
  scaleGradByFreq?: boolean;
  sparse?: boolean;
}

/** Validated bag inputs. */
export interface BagInputs {
  readonly weight: Tensor<"float32">;
  readonly idx: Tensor<"int32">;
  /** Offsets in the form the kernels read: `B` entries, or `B + 1` when `includeLastOffset`. */
  readonly offsets: Tensor<"int32">;
  readonly includeLastOffset: boolean;
  readonly psw: Tensor<"float32"> | null;
  readonly mode: "sum" | "mean" | "max";
  readonly paddingIdx: number | null;
  readonly B: number;
}

const fixedOffsets = new Map<string, Tensor<"int32">>();

/** `[0, L, 2L, ..., B·L]` for 2-D input, cached by shape. */
function offsetsFor2d(B: number, L: number): Tensor<"int32"> {
  const key = `${B}x${L}`;
  let t = fixedOffsets.get(key);
  if (t === undefined) {
    const data = new Int32Array(B + 1);
    for (let b = 0; b <= B; b++) data[b] = b * L;
    t = tensor(data);
    if (fixedOffsets.size >= 64) fixedOffsets.delete(fixedOffsets.keys().next().value!);
    fixedOffsets.set(key, t);
  }
  return t;
}

/** Checks offsets against the number of indices (recorded for `jit` replays). */
function checkOffsets(offsets: Tensor<"int32">, N: number, last: boolean, who: string): void {
  check([nodeOf(offsets)], offsetsCheck(N, last, who), readLeaf);
}

/** The check of `checkOffsets()` (a top-level closure: it holds no tensor or node). */
function offsetsCheck(N: number, last: boolean, who: string) {
  return ([off]: readonly LeafData[]): void => {
    if (off.length === 0) {
      if (last) {
        throw new RangeError(
          `${who}: offsets is empty but includeLastOffset needs at least one entry`,
        );
      }
      if (N > 0) throw new RangeError(`${who}: offsets is empty but indices has ${N} entries`);
      return;
    }
    if (off[0] !== 0) throw new RangeError(`${who}: offsets[0] is ${off[0]} but must be 0`);
    for (let b = 1; b < off.length; b++) {
      if (off[b] < off[b - 1]) {
        throw new RangeError(
          `${who}: offsets[${b}] is ${off[b]} but must not be less than offsets[${b - 1}] (${
            off[b - 1]
          })`,
        );
      }
    }
    const end = off[off.length - 1];
    if (end > N) {
      throw new RangeError(
        `${who}: offsets[${off.length - 1}] is ${end} but indices has only ${N} entries`,
      );
    }
    if (last && end !== N) {
      throw new RangeError(
        `${who}: offsets[${
          off.length - 1
        }] is ${end} but must equal the number of indices (${N}) with includeLastOffset`,
      );
    }
  };
}

/**
 * Converts and validates a bag op's table, indices and options.
 *
 * @throws {TypeError} For wrong kinds, ranks and shapes, and options the mode forbids.
 * @throws {RangeError} For indices, offsets or paddingIdx out of range.
 */
export function bagInputs(
  weightArg: unknown,
  indicesArg: unknown,
  o: BagOptionsIn,
  who: string,
): BagInputs {
  const weight = checkWeight(weightArg, who);
  const [V] = weight.shape;
  const mode = o.mode ?? "mean";
  const hasPsw = o.perSampleWeights !== undefined && o.perSampleWeights !== null;
  if (hasPsw && mode !== "sum") {
    throw new TypeError(`${who}: perSampleWeights needs mode "sum" but mode is "${mode}"`);
  }
  if (mode === "max" && o.scaleGradByFreq) {
    throw new TypeError(`${who}: scaleGradByFreq is not supported with mode "max"`);
  }
  if (mode === "max" && o.sparse) {
    throw new TypeError(`${who}: sparse gradients are not supported with mode "max"`);
  }
  const paddingIdx = normalizePadding(o.paddingIdx, V, who);
  const idx = indicesFrom(indicesArg, V, who);
  const hasOffsets = o.offsets !== undefined && o.offsets !== null;
  let offsets: Tensor<"int32">, includeLastOffset: boolean, B: number;
  if (idx.rank === 2) {
    if (hasOffsets) {
      throw new TypeError(`${who}: offsets must be absent for 2-D indices of shape [${idx.shape}]`);
    }
    [B] = idx.shape;
    offsets = offsetsFor2d(B, idx.shape[1]);
    includeLastOffset = true;
  } else if (idx.rank === 1) {
    if (!hasOffsets) throw new TypeError(`${who}: offsets is missing but 1-D indices need offsets`);
    offsets = toTensor(o.offsets, "int32", who, "offsets");
    if (offsets.rank !== 1) {
      throw new TypeError(`${who}: offsets has shape [${offsets.shape}] but must be 1-D`);
    }
    includeLastOffset = o.includeLastOffset ?? false;
    checkOffsets(offsets, idx.size, includeLastOffset, who);
    B = offsets.size - (includeLastOffset ? 1 : 0);
  } else {
    throw new TypeError(
      `${who}: indices has shape [${idx.shape}] but must be 1-D (with offsets) or 2-D`,
    );
  }
  let psw: Tensor<"float32"> | null = null;
  if (hasPsw) {
    psw = toTensor(o.perSampleWeights, "float32", who, "perSampleWeights");
    if (psw.shape.join() !== idx.shape.join()) {
      throw new TypeError(
        `${who}: perSampleWeights has shape [${psw.shape}] but indices has shape [${idx.shape}]`,
      );
    }
  }
  return { weight, idx, offsets, includeLastOffset, psw, mode, paddingIdx, B };
}

/**
 * The graph of a bag forward: `gather` of the table's rows, then `bag`.
 * `table` is the node to read the table from (after max-norm, if any).
 */
export function bagForwardNodes(
  bag: BagInputs,
  table: Node,
  scaleGradByFreq: boolean,
  sparse = false,
): { rows: NodeOf<"gather">; forward: NodeOf<"bag"> } {
  const idx = nodeOf(bag.idx);
  const rows = makeNode("gather", [table, idx], {
    paddingIdx: bag.paddingIdx,
    scaleGradByFreq,
    sparse,
  });
  const inputs = [rows, idx, nodeOf(bag.offsets)];
  if (bag.psw) inputs.push(nodeOf(bag.psw));
  const forward = makeNode("bag", inputs, {
    mode: bag.mode,
    paddingIdx: bag.paddingIdx,
    includeLastOffset: bag.includeLastOffset,
  });
  return { rows, forward };
}
