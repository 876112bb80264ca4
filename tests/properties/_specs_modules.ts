/**
 * Property specs of the modules and the Keras extras: `Embedding`,
 * `EmbeddingBag` (constructors, `fromPretrained`, `forward`, `grad`,
 * `computeMask`, the `TableModule` methods), initializers, regularizers and
 * constraints (and the objects they return).
 */

import {
  Embedding,
  EmbeddingBag,
  l1,
  l1l2,
  l2,
  maxNormConstraint,
  nonNegConstraint,
  randomNormal,
  randomUniform,
  type TableModule,
  tensor,
  unitNormConstraint,
} from "../../mod.ts";
import type { Spec } from "./_check.ts";
import type { Gen } from "./_gen.ts";
import { bagLayout, lookupOptions } from "./_specs_ops.ts";

const MODULE = [
  "paddingIdx",
  "maxNorm",
  "normType",
  "scaleGradByFreq",
  "sparse",
  "embeddingsInitializer",
  "embeddingsRegularizer",
  "activityRegularizer",
  "embeddingsConstraint",
  "seed",
  "weight",
];
const INITS = ["normal", "uniform", "glorotUniform", "glorotNormal", "zeros", "ones", "torch"];

function extras(g: Gen): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  if (g.chance(0.3)) o.embeddingsInitializer = g.chance(0.7) ? g.pick(INITS) : randomNormal();
  if (g.chance(0.2)) o.embeddingsRegularizer = l2(g.float());
  if (g.chance(0.2)) o.activityRegularizer = l1(g.float());
  if (g.chance(0.2)) o.embeddingsConstraint = maxNormConstraint({ maxValue: 1 + g.float() });
  if (g.chance(0.5)) o.seed = g.int(0, 1000);
  return o;
}

function bagModuleOptions(g: Gen, V: number): Record<string, unknown> {
  const o = { ...lookupOptions(g, V, true), ...extras(g) };
  const mode = g.pick(["sum", "mean", "max"]);
  if (g.chance(0.7)) o.mode = mode;
  if (mode === "max") delete o.sparse, delete o.scaleGradByFreq;
  if (g.chance(0.2)) o.includeLastOffset = false;
  return o;
}

/** A module and a valid call of one of its methods. */
function moduleCall(g: Gen): unknown[] {
  const V = g.int(1, 10), D = g.int(1, 6);
  if (g.chance(0.5)) {
    const e = new Embedding(V, D, { ...lookupOptions(g, V, true), ...extras(g), maskZero: true });
    const shape = [g.int(0, 3), g.int(1, 3)];
    const ids = g.idsAs(g.ids(shape[0] * shape[1], V), shape);
    const grad = tensor(Float32Array.from(g.floats(shape[0] * shape[1] * D)), {
      shape: [...shape, D],
    });
    const method = g.pick(["forward", "grad", "computeMask", "activityLoss", "applyConstraint"]);
    if (method === "grad") return [e, method, grad, ids, { sparse: e.sparse }];
    if (method === "activityLoss") return [e, method, grad];
    return [e, method, ids, method === "forward" ? { paddingIdx: e.paddingIdx } : {}];
  }
  const bag = new EmbeddingBag(V, D, bagModuleOptions(g, V));
  const layout = bagLayout(g, V);
  const ids = g.idsAs(layout.ids, layout.shape);
  const call = layout.offsets ? { offsets: layout.offsets, mode: bag.mode } : {};
  if (layout.last) return [EmbeddingBag.fromPretrained(bag.weight), "regularizationLoss"];
  const grad = tensor(Float32Array.from(g.floats(layout.B * D)), { shape: [layout.B, D] });
  return g.chance(0.5) ? [bag, "forward", ids, call] : [bag, "grad", grad, ids, call];
}

const call = (f: (...a: never[]) => unknown) => (args: unknown[]) =>
  (f as (...a: unknown[]) => unknown)(...args);

export const moduleSpecs: Spec[] = [
  {
    covers: ["Embedding"],
    who: ["Embedding()"],
    options: [...MODULE, "maskZero"],
    cases: 150,
    valid(g) {
      const V = g.int(0, 10), D = g.int(0, 6);
      const o = { ...lookupOptions(g, Math.max(V, 1), true), ...extras(g) };
      if (V === 0) delete o.paddingIdx;
      if (g.chance(0.2)) o.weight = g.table(V, D);
      if (g.chance(0.3)) o.maskZero = g.chance(0.5);
      return [V, D, o];
    },
    call: (args) => new Embedding(...(args as [number, number])),
  },
  {
    covers: ["EmbeddingBag"],
    who: ["EmbeddingBag()"],
    options: [...MODULE, "mode", "includeLastOffset"],
    cases: 150,
    valid(g) {
      const V = g.int(1, 10), D = g.int(0, 6);
      return [V, D, bagModuleOptions(g, V)];
    },
    call: (args) => new EmbeddingBag(...(args as [number, number])),
  },
  ...([["Embedding", Embedding], ["EmbeddingBag", EmbeddingBag]] as const).map((
    [name, M],
  ): Spec => ({
    covers: [`${name}.fromPretrained`],
    who: [`${name}.fromPretrained()`],
    options: ["freeze", "paddingIdx", "maxNorm", "normType", "scaleGradByFreq"],
    cases: 150,
    valid(g) {
      const V = g.int(1, 8), D = g.int(1, 5);
      const table = g.chance(0.5) ? g.table(V, D) : Array.from({ length: V }, () => g.floats(D));
      const o: Record<string, unknown> = { ...lookupOptions(g, V, true), freeze: g.chance(0.5) };
      delete o.sparse, delete o.scaleGradByFreq;
      return [table, o];
    },
    call: (args) => (M.fromPretrained as (...a: unknown[]) => unknown)(...args),
  })),
  {
    covers: ["TableModule", "Embedding.forward", "EmbeddingBag.forward", "computeMask", "grad"],
    who: [
      "Embedding.forward()",
      "Embedding.grad()",
      "Embedding.computeMask()",
      "EmbeddingBag.forward()",
      "EmbeddingBag.grad()",
      "TableModule.activityLoss()",
      "embeddingForward()",
      "embeddingGrad()",
      "embeddingBagForward()",
      "embeddingBagGrad()",
    ],
    options: ["offsets", "perSampleWeights", "mode", "paddingIdx", "maxNorm", "sparse"],
    valid: moduleCall,
    call(args) {
      const [m, method, ...rest] = args as [TableModule, string, ...unknown[]];
      const f = typeof method === "string"
        ? (m as unknown as Record<string, unknown>)?.[method]
        : undefined;
      if (typeof f !== "function") return; // a mutated receiver or method: nothing to call
      return f.apply(m, rest);
    },
  },
  {
    covers: ["randomNormal"],
    who: ["randomNormal()", "Embedding()"],
    options: ["mean", "stddev"],
    valid: (g) => [{ mean: g.floats(1)[0], stddev: g.float() }],
    call: (args) =>
      new Embedding(3, 2, {
        embeddingsInitializer: (randomNormal as (...a: unknown[]) => never)(...args),
      }),
  },
  {
    covers: ["randomUniform"],
    who: ["randomUniform()", "Embedding()"],
    options: ["minval", "maxval"],
    valid(g) {
      const minval = g.floats(1)[0];
      return [{ minval, maxval: minval + 0.01 + g.float() }];
    },
    call: (args) =>
      new Embedding(3, 2, {
        embeddingsInitializer: (randomUniform as (...a: unknown[]) => never)(...args),
      }),
  },
  ...([["l1", l1], ["l2", l2]] as const).map(([name, f]): Spec => ({
    covers: [name],
    who: [`${name}()`, "Regularizer.penalty()", "Regularizer.addGradient()"],
    valid: (g) => [g.float(), g.floats(4), new Float32Array(4), g.float()],
    call(args) {
      const r = (f as (...a: unknown[]) => ReturnType<typeof l1>)(args[0]);
      r.penalty(args[1] as number[]);
      r.addGradient(args[1] as number[], args[2] as Float32Array, args[3] as number);
    },
  })),
  {
    covers: ["l1l2"],
    who: ["l1l2()", "Regularizer.penalty()"],
    options: ["l1", "l2"],
    valid: (g) => [{ l1: g.float(), l2: g.float() }],
    call: (args) => (call(l1l2)(args) as ReturnType<typeof l1l2>).penalty([1, -2, 0]),
  },
  ...([
    ["maxNormConstraint", maxNormConstraint, ["maxValue", "axis"]],
    ["unitNormConstraint", unitNormConstraint, ["axis"]],
    ["nonNegConstraint", nonNegConstraint, []],
  ] as const).map(([name, f, options]): Spec => ({
    covers: [name],
    who: [`${name}()`, "Constraint.apply()"],
    options,
    valid(g) {
      const rows = g.int(0, 4), cols = g.int(0, 4);
      const o: Record<string, unknown> = {};
      if (options.length > 1 && g.chance(0.5)) o.maxValue = 0.1 + g.float() * 3;
      if (options.length > 0 && g.chance(0.5)) o.axis = g.pick(["row", "column"]);
      const table = Float32Array.from(g.floats(rows * cols));
      return [table, rows, cols, o];
    },
    call(args) {
      const [table, rows, cols, options] = args;
      const c = (f as (...a: unknown[]) => ReturnType<typeof nonNegConstraint>)(
        ...(options === undefined ? [] : [options]),
      );
      c.apply(table as Float32Array, rows as number, cols as number);
    },
  })),
];
