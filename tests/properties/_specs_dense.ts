/**
 * Property specs of the dense ops, losses and gradient transforms: valid
 * arguments must succeed; hostile ones must throw a `TypeError` or
 * `RangeError` naming the function, with every input left as it was.
 */

import * as T from "../../mod.ts";
import type { Spec } from "./_check.ts";
import type { Gen } from "./_gen.ts";

/** A float operand: a table tensor, nested arrays, or a number. */
function operand(g: Gen, shape: readonly number[]): unknown {
  const n = shape.reduce((p, q) => p * q, 1);
  const values = g.floats(n);
  const form = g.int(0, 2);
  if (form === 0 || shape.length === 0) {
    return shape.length === 0 ? values[0] ?? 0 : T.tensor(values, { shape: [...shape] });
  }
  if (form === 1) return T.tensor(values, { shape: [...shape] });
  const nest = (at: number, d: number): unknown =>
    d === shape.length
      ? values[at]
      : Array.from({ length: shape[d] }, (_, i) => nest(at * shape[d] + i, d + 1));
  return nest(0, 0);
}

const shape = (g: Gen, rank = g.int(0, 3)) => Array.from({ length: rank }, () => g.int(1, 4));
const call = (f: (...a: never[]) => unknown) => (args: unknown[]) =>
  (f as (...a: unknown[]) => unknown)(...args);

const binary = ["add", "sub", "mul", "div", "pow", "maximum", "minimum"] as const;
const unary = ["neg", "exp", "log", "sqrt", "abs", "relu", "sigmoid", "tanh"] as const;

export const denseSpecs: Spec[] = [
  ...binary.map((name): Spec => ({
    covers: [name],
    who: [`${name}()`],
    cases: 60,
    valid(g) {
      const s = shape(g);
      return [operand(g, s), operand(g, g.chance(0.5) ? s : s.slice(g.int(0, s.length)))];
    },
    call: call(T[name]),
  })),
  ...unary.map((name): Spec => ({
    covers: [name],
    who: [`${name}()`],
    cases: 40,
    valid: (g) => [operand(g, shape(g))],
    call: call(T[name]),
  })),
  {
    covers: ["gelu"],
    who: ["gelu()"],
    options: ["approximate"],
    cases: 60,
    valid: (g) => [operand(g, shape(g)), { approximate: g.pick(["none", "tanh"]) }],
    call: call(T.gelu),
  },
  {
    covers: ["matmul"],
    who: ["matmul()"],
    cases: 60,
    valid(g) {
      const M = g.int(1, 4), K = g.int(1, 4), N = g.int(1, 4);
      return [operand(g, [M, K]), operand(g, [K, N])];
    },
    call: call(T.matmul),
  },
  {
    covers: ["linear"],
    who: ["linear()"],
    cases: 60,
    valid(g) {
      const M = g.int(1, 4), K = g.int(1, 4), N = g.int(1, 4);
      return [operand(g, [M, K]), operand(g, [N, K]), operand(g, [N])];
    },
    call: call(T.linear),
  },
  ...(["sum", "mean", "max"] as const).map((name): Spec => ({
    covers: [name],
    who: [`${name}()`],
    options: ["axis", "keepdims"],
    cases: 80,
    valid(g) {
      const s = shape(g, g.int(1, 3));
      return [operand(g, s), { axis: g.int(-s.length, s.length - 1), keepdims: g.chance(0.5) }];
    },
    call: call(T[name]),
  })),
  ...(["softmax", "logSoftmax", "argmax"] as const).map((name): Spec => ({
    covers: [name],
    who: [`${name}()`],
    options: ["axis"],
    cases: 60,
    valid(g) {
      const s = shape(g, g.int(1, 3));
      return [operand(g, s), { axis: g.int(-s.length, s.length - 1) }];
    },
    call: call(T[name]),
  })),
  {
    covers: ["reshape"],
    who: ["reshape()"],
    cases: 60,
    valid(g) {
      const s = shape(g, g.int(1, 3));
      return [operand(g, s), [s.reduce((p, q) => p * q, 1)]];
    },
    call: call(T.reshape),
  },
  {
    covers: ["flatten"],
    who: ["flatten()"],
    options: ["startDim", "endDim"],
    cases: 60,
    valid: (g) => [operand(g, shape(g, g.int(1, 3))), { startDim: 0, endDim: -1 }],
    call: call(T.flatten),
  },
  {
    covers: ["transpose"],
    who: ["transpose()"],
    cases: 60,
    valid(g) {
      const s = shape(g, g.int(2, 3));
      return [operand(g, s), 0, s.length - 1];
    },
    call: call(T.transpose),
  },
  {
    covers: ["concat"],
    who: ["concat()"],
    options: ["axis"],
    cases: 60,
    valid(g) {
      const s = shape(g, g.int(1, 3));
      return [[operand(g, s), operand(g, s)], { axis: 0 }];
    },
    call: call(T.concat),
  },
  ...(["crossEntropy", "nllLoss"] as const).map((name): Spec => ({
    covers: [name],
    who: [`${name}()`],
    options: [
      "weight",
      "ignoreIndex",
      "reduction",
      ...(name === "crossEntropy" ? ["labelSmoothing"] : []),
    ],
    cases: 80,
    valid(g) {
      const N = g.int(1, 4), C = g.int(2, 4);
      return [operand(g, [N, C]), T.tensor(g.ids(N, C), { dtype: "int32" }), {
        reduction: g.pick(["mean", "sum", "none"]),
      }];
    },
    call: call(T[name]),
  })),
  ...(["binaryCrossEntropy", "binaryCrossEntropyWithLogits", "mseLoss", "l1Loss"] as const).map((
    name,
  ): Spec => ({
    covers: [name],
    who: [`${name}()`],
    options: ["reduction"],
    cases: 60,
    valid(g) {
      const s = shape(g, g.int(1, 2)), n = s.reduce((p, q) => p * q, 1);
      const probs = () =>
        T.tensor(g.floats(n).map((v) => Math.abs(v) / (1 + Math.abs(v))), { shape: s });
      return [name === "binaryCrossEntropy" ? probs() : operand(g, s), probs(), {
        reduction: g.pick(["mean", "sum", "none"]),
      }];
    },
    call: call(T[name]),
  })),
  ...(["grad", "valueAndGrad"] as const).map((name): Spec => ({
    covers: [name],
    who: [`${name}()`, "mul()", "sum()"],
    options: ["argnums", "hasAux"],
    cases: 60,
    valid(g) {
      const s = shape(g, g.int(1, 2));
      return [T.tensor(g.floats(s.reduce((p, q) => p * q, 1)), { shape: s }), { argnums: 0 }];
    },
    call: ([x, o]) =>
      T[name]((t: T.Tensor) => T.sum(T.mul(t, t)), o as T.GradOptions)(x as T.Tensor),
  })),
  {
    covers: ["vjp"],
    who: ["vjp()", "mul()"],
    cases: 60,
    valid(g) {
      const s = shape(g, g.int(1, 2));
      return [T.tensor(g.floats(s.reduce((p, q) => p * q, 1)), { shape: s })];
    },
    call: ([x]) => {
      const [y, pull] = T.vjp((t: T.Tensor) => T.mul(t, t), x as T.Tensor);
      return [y, ...pull(y)];
    },
  },
];
