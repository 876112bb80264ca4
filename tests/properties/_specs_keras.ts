/**
 * Specs of the Keras model surface: `Dense`, `GlobalAveragePooling1D`,
 * `History`, and `Sequential`'s `compile` / `fit` / `evaluate` / `predict`
 * / `summary` / `build` (the `Model` methods), whose failed calls must leave
 * the model's weights as they were.
 */

import { Dense, GlobalAveragePooling1D, History, Sequential, tensor } from "../../mod.ts";
import type { Spec } from "./_check.ts";
import type { Gen } from "./_gen.ts";

const ACTIVATIONS = ["linear", "relu", "sigmoid", "tanh", "softmax"] as const;
const construct = (make: (...a: unknown[]) => unknown) => (args: unknown[]) => make(...args);

/** A compiled one- or two-layer model over inputs of width `n`, and its loss. */
function model(g: Gen, n: number): [Sequential, string] {
  const loss = g.pick(["binaryCrossentropy", "mse", "sparseCategoricalCrossentropy"]);
  const out = loss === "sparseCategoricalCrossentropy" ? 3 : 1;
  const layers = g.chance(0.5) ? [new Dense(2, { activation: "relu", seed: g.int(0, 9) })] : [];
  const m = new Sequential([
    ...layers,
    new Dense(out, { activation: out === 3 ? "softmax" : "sigmoid", seed: 1 }),
  ]);
  m.build([null, n]);
  m.compile({ optimizer: g.pick(["adam", "sgd"]), loss: loss as "mse", metrics: ["accuracy"] });
  return [m, loss];
}

/** `rows` samples of width `n` and labels that suit `loss`. */
function data(g: Gen, rows: number, n: number, loss: string): [unknown, number[]] {
  const x = Array.from({ length: rows }, () => g.floats(n));
  const y = Array.from(
    { length: rows },
    () => (loss === "mse" ? g.float() : g.int(0, loss === "binaryCrossentropy" ? 1 : 2)),
  );
  return [g.chance(0.5) ? tensor(x) : x, y];
}

export const kerasSpecs: Spec[] = [
  {
    covers: ["Dense"],
    who: ["Dense()", "Dense.build()"],
    options: ["activation", "useBias", "kernelInitializer", "biasInitializer", "inputDim", "seed"],
    cases: 100,
    valid: (g) => [g.int(1, 4), {
      activation: g.pick(ACTIVATIONS),
      useBias: g.chance(0.5),
      kernelInitializer: g.pick(["glorotUniform", "uniform", "zeros"]),
      inputDim: g.int(1, 4),
      seed: g.int(0, 9),
    }],
    call: construct((...a) => new Dense(...(a as [number]))),
  },
  {
    covers: ["Dense.forward"],
    who: ["Dense.forward()", "Dense.build()"],
    cases: 80,
    valid: (g) => {
      const n = g.int(1, 4);
      return [
        new Dense(g.int(1, 3), { activation: g.pick(ACTIVATIONS), inputDim: n, seed: 0 }),
        Array.from({ length: g.int(1, 3) }, () => g.floats(n)),
      ];
    },
    call: ([d, x]) => (d instanceof Dense ? d.forward(x as number[][]) : undefined),
  },
  {
    covers: ["GlobalAveragePooling1D"],
    who: ["GlobalAveragePooling1D.forward()"],
    cases: 80,
    valid: (g) => {
      const [b, t, f] = [g.int(1, 3), g.int(1, 4), g.int(1, 3)];
      const x = Array.from({ length: b }, () => Array.from({ length: t }, () => g.floats(f)));
      const mask = Array.from(
        { length: b },
        () => Array.from({ length: t }, (_, i) => (i === 0 || g.chance(0.6) ? 1 : 0)),
      );
      return [x, g.chance(0.5) ? mask : null];
    },
    call: ([x, mask]) =>
      new GlobalAveragePooling1D().forward(x as number[][][], mask as number[][] | null),
  },
  {
    covers: ["History"],
    who: ["History()", "History.record()"],
    options: ["epochs", "steps", "verbose"],
    cases: 60,
    valid: (
      g,
    ) => [{ loss: g.float() }, { epochs: g.int(0, 5), steps: g.int(0, 5), verbose: g.int(0, 2) }],
    call: ([logs, params]) =>
      new History(params as { epochs: number; steps: number; verbose: number }).record(
        0,
        logs as Record<string, number>,
      ),
  },
  {
    covers: ["Model", "Sequential.fit", "Sequential.evaluate", "Sequential.predict"],
    who: ["Sequential.fit()", "Sequential.evaluate()", "Sequential.predict()", "Dense.build()"],
    options: ["epochs", "batchSize", "shuffle", "validationSplit", "verbose", "seed"],
    cases: 120,
    valid(g) {
      const n = g.int(1, 3);
      const [m, loss] = model(g, n);
      const [x, y] = data(g, g.int(1, 5), n, loss);
      const method = g.pick(["fit", "evaluate", "predict"]);
      if (method === "predict") return [m, method, x, { batchSize: g.int(1, 4) }];
      if (method === "evaluate") return [m, method, x, y, { batchSize: g.int(1, 4), verbose: 0 }];
      return [m, method, x, y, {
        epochs: g.int(0, 2),
        batchSize: g.int(1, 4),
        shuffle: g.chance(0.5),
        verbose: 0,
        seed: g.int(0, 9),
      }];
    },
    call(args) {
      const [m, method, ...rest] = args as [Sequential, string, ...unknown[]];
      const f = typeof method === "string" && m instanceof Sequential
        ? (m as unknown as Record<string, unknown>)[method]
        : undefined;
      if (typeof f !== "function") return;
      return (f as (...a: unknown[]) => unknown).apply(m, rest);
    },
  },
  {
    covers: ["Sequential.compile", "Sequential.summary", "Sequential.build"],
    who: ["Sequential.compile()", "Sequential.summary()", "Sequential.build()", "Dense.build()"],
    options: ["optimizer", "loss", "metrics"],
    cases: 80,
    valid(g) {
      const m = new Sequential([new Dense(2, { seed: 0 })]);
      const method = g.pick(["compile", "build", "summary"]);
      if (method === "build") return [m, method, [null, g.int(1, 4)]];
      if (method === "summary") return [m, method, () => {}];
      m.build([null, 2]);
      return [m, method, {
        optimizer: g.pick(["adam", "sgd"]),
        loss: g.pick(["mse", "binaryCrossentropy", "categoricalCrossentropy"]),
        metrics: ["accuracy"],
      }];
    },
    call(args) {
      const [m, method, ...rest] = args as [Sequential, string, ...unknown[]];
      if (method === "summary" && m instanceof Sequential) m.build([null, 2]);
      const f = typeof method === "string" && m instanceof Sequential
        ? (m as unknown as Record<string, unknown>)[method]
        : undefined;
      if (typeof f !== "function") return;
      return (f as (...a: unknown[]) => unknown).apply(m, rest);
    },
  },
];
