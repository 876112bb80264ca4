/**
 * Constraints applied to a table after each optimizer step, as in Keras
 * (`embeddingsConstraint`).
 *
 * @module
 */

import { z } from "npm:zod@^4.1.0";
import { inRange, numberOrInfinity, parseOptions } from "../ops/_options.ts";
import { describe } from "../tensor/_nested.ts";
import type { Tensor } from "../tensor/tensor.ts";
import { add, div, minimum, mul, sqrt } from "../ops/elementwise.ts";
import { relu } from "../ops/activations.ts";
import { sum } from "../ops/reductions.ts";

const axisSchema = z.enum(["row", "column"]).optional();
const maxNormSchema = z.strictObject({
  maxValue: inRange(numberOrInfinity, (v) => v > 0, "must be greater than 0").optional(),
  axis: axisSchema,
});
const unitNormSchema = z.strictObject({ axis: axisSchema });

/**
 * Rewrites a `[rows, cols]` table in place.
 *
 * @example
 * ```ts
 * import { type Constraint, Embedding } from "@tessera/embed";
 * const clip: Constraint = {
 *   name: "clip(1)",
 *   apply(table) {
 *     for (let i = 0; i < table.length; i++) table[i] = Math.min(1, Math.max(-1, table[i]));
 *   },
 * };
 * const e = new Embedding(2, 2, { weight: [[0.5, -3], [2, 0]], embeddingsConstraint: clip });
 * e.applyConstraint(); // after each optimizer step
 * console.log(await e.weight.toArray()); // [[0.5, -1], [1, 0]]
 * ```
 */
export interface Constraint {
  /** Name for printouts. */
  readonly name: string;
  /** Rewrites the row-major `[rows, cols]` table in place. */
  apply(table: Float32Array, rows: number, cols: number): void;
}

type Graph = (table: Tensor<"float32">) => Tensor<"float32">;
/** The built-in constraints as lazy tensor ops (see `graphOf`). */
const graphs = new WeakMap<Constraint, Graph>();

/** A built-in constraint with its graph ops. */
function builtIn(c: Constraint, graph: Graph): Constraint {
  graphs.set(c, graph);
  return c;
}

/**
 * The constrained table as lazy ops, for the built-in constraints (internal:
 * an optimizer step applies them in its own plan, in place, instead of
 * calling `apply` on the table's data afterwards).
 */
export function graphOf(c: Constraint): Graph | undefined {
  return graphs.get(c);
}

/**
 * Which vectors a norm constraint measures: each row (an embedding) or each column.
 *
 * @example
 * ```ts
 * import { type NormAxis, unitNormConstraint } from "@tessera/embed";
 * const axis: NormAxis = "column";
 * const table = new Float32Array([3, 0, 4, 2]); // [[3, 0], [4, 2]]
 * unitNormConstraint({ axis }).apply(table, 2, 2);
 * console.log(Array.from(table, (x) => x.toFixed(2))); // ["0.60", "0.00", "0.80", "1.00"]
 * ```
 */
export type NormAxis = "row" | "column";

/** Checks a constraint's arguments: a Float32Array of `rows · cols` values. */
function checkTable(table: unknown, rows: unknown, cols: unknown): void {
  const who = "Constraint.apply()";
  if (!(table instanceof Float32Array)) {
    throw new TypeError(`${who}: table is ${describe(table)} but must be a Float32Array`);
  }
  for (const [name, v] of [["rows", rows], ["cols", cols]] as const) {
    if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) {
      throw new TypeError(`${who}: ${name} is ${describe(v)} but must be a non-negative integer`);
    }
  }
  if ((rows as number) * (cols as number) !== table.length) {
    throw new RangeError(
      `${who}: rows · cols is ${rows} · ${cols} but the table has ${table.length} values`,
    );
  }
}

function rescaleVectors(
  table: Float32Array,
  rows: number,
  cols: number,
  axis: NormAxis,
  target: (norm: number) => number,
): void {
  checkTable(table, rows, cols);
  if (table.length === 0) return; // Also when rows or cols is 0 and the other is huge.
  const count = axis === "row" ? rows : cols, len = axis === "row" ? cols : rows;
  const at = (v: number, i: number) => (axis === "row" ? v * cols + i : i * cols + v);
  for (let v = 0; v < count; v++) {
    let s = 0;
    for (let i = 0; i < len; i++) s += table[at(v, i)] ** 2;
    const norm = Math.sqrt(s);
    const scale = target(norm) / (1e-7 + norm);
    for (let i = 0; i < len; i++) table[at(v, i)] *= scale;
  }
}

/** `w · target(‖w‖) / (1e-7 + ‖w‖)` per vector as lazy ops, in float32 as Keras computes it. */
function rescaleGraph(
  w: Tensor<"float32">,
  axis: NormAxis,
  target: (norm: Tensor<"float32">) => Tensor<"float32"> | number,
): Tensor<"float32"> {
  const norms = sqrt(sum(mul(w, w), { axis: axis === "row" ? 1 : 0, keepdims: true }));
  return mul(w, div(target(norms), add(norms, 1e-7)));
}

/**
 * Options of `maxNormConstraint`.
 *
 * @example
 * ```ts
 * import { Embedding, maxNormConstraint, type MaxNormOptions } from "@tessera/embed";
 * const options: MaxNormOptions = { maxValue: 1, axis: "row" };
 * const constraint = maxNormConstraint(options);
 * const weight = [[3, 4], [0.3, 0.4]];
 * const e = new Embedding(2, 2, { weight, embeddingsConstraint: constraint });
 * e.applyConstraint();
 * console.log(Array.from(e.weight.dataSync(), (x) => x.toFixed(3)));
 * // ["0.600", "0.800", "0.300", "0.400"]
 * ```
 */
export interface MaxNormOptions {
  /**
   * Largest allowed L2 norm.
   * @default 2
   */
  maxValue?: number;
  /**
   * Vectors to measure. Keras' default `axis=0` measures columns; for
   * embeddings the natural choice, and ours, is each row.
   * @default "row"
   */
  axis?: NormAxis;
}

/**
 * Keras' `MaxNorm`: each vector becomes `w · clip(‖w‖, 0, maxValue) / (1e-7 + ‖w‖)`.
 *
 * @example
 * ```ts
 * import { maxNormConstraint } from "@tessera/embed";
 * const t = new Float32Array([3, 4, 0.3, 0.4]);
 * maxNormConstraint({ maxValue: 1 }).apply(t, 2, 2);
 * console.log(Array.from(t, (x) => x.toFixed(3))); // ["0.600", "0.800", "0.300", "0.400"]
 * ```
 *
 * @param options Bound and axis.
 * @returns The constraint.
 * @throws {TypeError} For unknown options, a bound that is not a number or an unknown axis.
 * @throws {RangeError} For a non-positive bound.
 */
export function maxNormConstraint(options: MaxNormOptions = {}): Constraint {
  const { maxValue = 2, axis = "row" } = parseOptions(
    maxNormSchema,
    options,
    "maxNormConstraint()",
  );
  return builtIn({
    name: `maxNorm(${maxValue})`,
    apply: (t, r, c) => rescaleVectors(t, r, c, axis, (n) => Math.min(n, maxValue)),
  }, (w) => rescaleGraph(w, axis, (n) => minimum(n, maxValue)));
}

/**
 * Keras' `UnitNorm`: each vector is scaled to norm 1.
 *
 * @example
 * ```ts
 * import { unitNormConstraint } from "@tessera/embed";
 * const t = new Float32Array([3, 4]);
 * unitNormConstraint().apply(t, 1, 2);
 * console.log(t[0].toFixed(2)); // "0.60"
 * ```
 *
 * @param options The axis.
 * @returns The constraint.
 * @throws {TypeError} For unknown options or an unknown axis.
 */
export function unitNormConstraint(options: { axis?: NormAxis } = {}): Constraint {
  const axis = parseOptions(unitNormSchema, options, "unitNormConstraint()").axis ?? "row";
  return builtIn(
    { name: "unitNorm", apply: (t, r, c) => rescaleVectors(t, r, c, axis, () => 1) },
    (w) => rescaleGraph(w, axis, () => 1),
  );
}

/**
 * Keras' `NonNeg`: negative values become 0.
 *
 * @example
 * ```ts
 * import { nonNegConstraint } from "@tessera/embed";
 * const t = new Float32Array([-1, 2]);
 * nonNegConstraint().apply(t, 1, 2);
 * console.log(Array.from(t)); // [0, 2]
 * ```
 *
 * @returns The constraint.
 */
export function nonNegConstraint(): Constraint {
  return builtIn({
    name: "nonNeg",
    apply: (t, r, c) => {
      checkTable(t, r, c);
      for (let i = 0; i < t.length; i++) if (t[i] < 0) t[i] = 0;
    },
  }, (w) => relu(w));
}

/** Whether a value has the constraint interface (name, apply). */
export function isConstraint(value: unknown): value is Constraint {
  try {
    const c = value as Constraint;
    return value !== null && typeof value === "object" && typeof c.name === "string" &&
      typeof c.apply === "function";
  } catch {
    return false; // A throwing getter or a revoked Proxy.
  }
}
