/**
 * Property specs of the PyTorch-style module layer: the constructors of
 * `Linear`, `Flatten`, the activations, `Dropout` and `Sequential`, their
 * `forward`s, the `Module` methods (`loadStateDict`, `zeroGrad`, `train`,
 * ...), and the functional `dropout`.
 */

import {
  Dropout,
  dropout,
  Flatten,
  GELU,
  Linear,
  Module,
  ReLU,
  Sequential,
  Sigmoid,
  Tanh,
  tensor,
} from "../../mod.ts";
import type { Spec } from "./_check.ts";
import type { Gen } from "./_gen.ts";

/** A float32 `[rows, cols]` tensor or nested arrays of it. */
function input(g: Gen, rows: number, cols: number): unknown {
  const values = g.floats(rows * cols);
  // Nested arrays of no rows are `[0]`, not `[0, cols]`: a tensor says what is meant.
  const asTensor = g.chance(0.5);
  if (asTensor || rows === 0) {
    return tensor(Float32Array.from(values), { shape: [rows, cols] });
  }
  return Array.from({ length: rows }, (_, r) => values.slice(r * cols, (r + 1) * cols));
}

/** A small layer taking `[rows, n]` to `[rows, m]`, and its `m`. */
function layer(g: Gen, n: number): [Module, number] {
  switch (g.int(0, 6)) {
    case 0: {
      const m = g.int(1, 4);
      return [new Linear(n, m, { seed: g.int(0, 99), bias: g.chance(0.7) }), m];
    }
    case 1:
      return [new ReLU(), n];
    case 2:
      return [new Sigmoid(), n];
    case 3:
      return [new Tanh(), n];
    case 4:
      return [new GELU({ approximate: g.pick(["none", "tanh"]) }), n];
    case 5:
      return [new Dropout(g.float(), { seed: g.int(0, 99) }), n];
    default:
      return [new Flatten(), n];
  }
}

/** A model: one layer or a `Sequential` of a few, and a valid input. */
function model(g: Gen): [Module, unknown] {
  const rows = g.int(0, 3), n = g.int(1, 4);
  if (g.chance(0.4)) return [layer(g, n)[0], input(g, rows, n)];
  const layers: Module[] = [];
  let width = n;
  for (let k = g.int(0, 3); k > 0; k--) {
    const [m, w] = layer(g, width);
    layers.push(m), width = w;
  }
  const x = input(g, rows, n);
  // No layers: the input is the output, which must be a tensor.
  return [new Sequential(...layers), layers.length === 0 && Array.isArray(x) ? tensor(x) : x];
}

const construct = (make: (...a: unknown[]) => unknown) => (args: unknown[]) => make(...args);

const METHODS = ["loadStateDict", "zeroGrad", "train", "eval", "stateDict", "toString"];

export const layerSpecs: Spec[] = [
  {
    covers: ["Linear"],
    who: ["Linear()"],
    options: ["bias", "seed"],
    cases: 100,
    valid: (g) => [g.int(0, 5), g.int(0, 5), { bias: g.chance(0.5), seed: g.int(0, 9) }],
    call: construct((...a) => new Linear(...(a as [number, number]))),
  },
  {
    covers: ["Flatten"],
    who: ["Flatten()"],
    options: ["startDim", "endDim"],
    cases: 60,
    valid: (g) => [{ startDim: g.int(0, 1), endDim: g.int(-1, 1) }],
    call: construct((...a) => new Flatten(...(a as []))),
  },
  ...([["ReLU", ReLU], ["Sigmoid", Sigmoid], ["Tanh", Tanh]] as const).map(([name, M]): Spec => ({
    covers: [name],
    who: [`${name}()`],
    cases: 20,
    valid: () => [],
    call: () => new M(),
  })),
  {
    covers: ["GELU"],
    who: ["GELU()"],
    options: ["approximate"],
    cases: 60,
    valid: (g) => [{ approximate: g.pick(["none", "tanh"]) }],
    call: construct((...a) => new GELU(...(a as []))),
  },
  {
    covers: ["Dropout"],
    who: ["Dropout()"],
    options: ["seed"],
    cases: 60,
    valid: (g) => [g.float(), { seed: g.int(0, 9) }],
    call: construct((...a) => new Dropout(...(a as []))),
  },
  {
    covers: ["Sequential"],
    who: ["Sequential()"],
    cases: 60,
    valid: (g) => Array.from({ length: g.int(0, 3) }, () => layer(g, 2)[0]),
    call: construct((...a) => new Sequential(...(a as Module[]))),
  },
  {
    covers: ["dropout"],
    who: ["dropout()"],
    options: ["p", "training", "seed"],
    cases: 100,
    valid: (g) => [input(g, g.int(0, 3), g.int(1, 4)), {
      p: g.float(),
      training: g.chance(0.7),
      seed: g.int(0, 9),
    }],
    call: construct((...a) => (dropout as (...b: unknown[]) => unknown)(...a)),
  },
  {
    covers: ["Module", "Linear.forward", "Sequential.forward"],
    who: [
      // Every module class model() builds names itself in loadStateDict()'s errors.
      ...["Linear", "Sequential", "ReLU", "Sigmoid", "Tanh", "GELU", "Dropout", "Flatten"].map((
        c,
      ) => `${c}.loadStateDict()`),
      "Module.zeroGrad()",
      "Module.train()",
      "Sequential.forward()",
      "Dropout.forward()",
      "linear()",
      "relu()",
      "sigmoid()",
      "tanh()",
      "gelu()",
      "flatten()",
    ],
    options: ["strict", "setToNone"],
    cases: 200,
    valid(g) {
      const [m, x] = model(g);
      const method = g.pick(["forward", ...METHODS]);
      if (method === "forward") return [m, method, x];
      if (method === "loadStateDict") {
        const dict = Object.fromEntries(
          m.namedParameters().map(([n, t]) => [n, input(g, t.shape[0], t.shape[1] ?? 1)]),
        );
        for (const [n, t] of m.namedParameters()) if (t.rank === 1) dict[n] = g.floats(t.shape[0]);
        return [m, method, dict, { strict: g.chance(0.5) }];
      }
      if (method === "zeroGrad") return [m, method, { setToNone: g.chance(0.5) }];
      if (method === "train") return [m, method, g.chance(0.5)];
      return [m, method];
    },
    call(args) {
      const [m, method, ...rest] = args as [Module, string, ...unknown[]];
      // A mutated receiver that is no module has only other libraries' methods (an array's toString).
      if (!(m instanceof Module)) return;
      const f = typeof method === "string"
        ? (m as unknown as Record<string, unknown>)?.[method]
        : undefined;
      if (typeof f !== "function") return; // a mutated receiver or method: nothing to call
      return f.apply(m, rest);
    },
  },
];
