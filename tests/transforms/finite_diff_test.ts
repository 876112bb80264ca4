/**
 * Every vjp rule against central finite differences: for each op, the
 * gradient of `sum(op(x) * c)` from `grad` equals `(f(x + h) - f(x - h)) / 2h`
 * per element, within float32 difference error. Inputs stay away from kinks.
 */

import assert from "node:assert/strict";
import * as T from "../../mod.ts";
import { rng } from "../_numeric.ts";

const random = rng(11);
const H = 1e-2;

/** Values in ±[lo, hi] (no zeros, so kinks at 0 are avoided). */
const values = (n: number, lo = 0.3, hi = 1.5) =>
  Array.from({ length: n }, () => (random() < 0.5 ? -1 : 1) * (lo + (hi - lo) * random()));

/** Checks `fn` (of float tensors) by finite differences in every argument. */
// deno-lint-ignore no-explicit-any
function check(name: string, fn: (...xs: any[]) => T.Tensor, shapes: number[][], positive = false) {
  Deno.test(`the vjp of ${name} matches finite differences`, () => {
    const xs = shapes.map((s) => {
      const n = s.reduce((p, q) => p * q, 1);
      return values(n).map((v) => (positive ? Math.abs(v) : v));
    });
    const probe = fn(...xs.map((x, i) => T.tensor(x, { shape: shapes[i] }) as T.Tensor<"float32">));
    const c = T.tensor(values(probe.size), { shape: [...probe.shape] });
    const f = (...ts: T.Tensor<"float32">[]) => T.sum(T.mul(fn(...ts), c));
    const argnums = shapes.map((_, i) => i);
    const grads = T.grad(f, { argnums })(
      ...xs.map((x, i) => T.tensor(x, { shape: shapes[i] }) as T.Tensor<"float32">),
    );
    xs.forEach((x, i) => {
      const g = (grads[i] as T.Tensor).dataSync();
      for (let j = 0; j < x.length; j++) {
        const at = (d: number) => {
          const moved = xs.map((y, k) =>
            T.tensor(k === i ? y.map((v, m) => (m === j ? v + d : v)) : y, {
              shape: shapes[k],
            }) as T.Tensor<"float32">
          );
          return f(...moved).item();
        };
        const fd = (at(H) - at(-H)) / (2 * H);
        const tol = 2e-2 * Math.max(1, Math.abs(fd));
        assert.ok(
          Math.abs(g[j] - fd) <= tol,
          `${name}: d/dx${i}[${j}] is ${g[j]}, finite differences ${fd}`,
        );
      }
    });
  });
}

for (const op of ["neg", "exp", "tanh", "sigmoid", "gelu", "relu", "abs"] as const) {
  check(op, (x) => T[op](x), [[2, 3]]);
}
for (const op of ["log", "sqrt"] as const) check(op, (x) => T[op](x), [[5]], true);
for (const op of ["add", "sub", "mul", "div", "maximum", "minimum"] as const) {
  check(`${op} (broadcast)`, (a, b) => T[op](a, b), [[2, 3], [3]]);
}
check("pow", (a, b) => T.pow(a, b), [[4], [4]], true);
check("gelu (tanh)", (x) => T.gelu(x, { approximate: "tanh" }), [[4]]);
check("matmul", (a, b) => T.matmul(a, b), [[2, 3], [3, 4]]);
check("matmul (batched, broadcast)", (a, b) => T.matmul(a, b), [[2, 2, 3], [3, 2]]);
check("linear", (x, w, b) => T.linear(x, w, b), [[3, 4], [2, 4], [2]]);
check("sum over axes", (x) => T.sum(x, { axis: [0, 2] }), [[2, 3, 2]]);
check("mean", (x) => T.mean(x, { axis: 1, keepdims: true }), [[3, 4]]);
check("max", (x) => T.max(x, { axis: 1 }), [[3, 4]]);
check("reshape", (x) => T.reshape(x, [3, -1]), [[2, 3]]);
check("transpose", (x) => T.transpose(x, 0, 2), [[2, 3, 2]]);
check("concat", (a, b) => T.concat([a, b], { axis: 1 }), [[2, 1], [2, 3]]);
check("softmax", (x) => T.softmax(x, { axis: 1 }), [[2, 4]]);
check("logSoftmax", (x) => T.logSoftmax(x, { axis: 0 }), [[3, 2]]);
check(
  "crossEntropy",
  (x) => T.crossEntropy(x, T.tensor([1, 0, 3], { dtype: "int32" }), { labelSmoothing: 0.2 }),
  [[3, 4]],
);
check("crossEntropy (probabilities)", (x, y) => T.crossEntropy(x, T.softmax(y)), [[2, 3], [2, 3]]);
for (const reduction of ["mean", "sum", "none"] as const) {
  check(
    `crossEntropy (weighted, smoothed, ignored row, ${reduction})`,
    (x, w) =>
      T.crossEntropy(x, T.tensor([2, -1, 0], { dtype: "int32" }), {
        weight: T.abs(w),
        labelSmoothing: 0.3,
        ignoreIndex: -1,
        reduction,
      }),
    [[3, 3], [3]],
  );
}
check(
  "nllLoss (weighted)",
  (x, w) => T.nllLoss(x, T.tensor([2, 0], { dtype: "int32" }), { weight: T.abs(w) }),
  [[2, 3], [3]],
);
check("binaryCrossEntropy", (p, y) => T.binaryCrossEntropy(T.sigmoid(p), T.sigmoid(y)), [[4], [4]]);
check(
  "binaryCrossEntropyWithLogits",
  (x, y, pw) => T.binaryCrossEntropyWithLogits(x, T.sigmoid(y), { posWeight: T.abs(pw) }),
  [[2, 3], [2, 3], [3]],
);
check("mseLoss", (x, y) => T.mseLoss(x, y), [[2, 3], [2, 3]]);
check("l1Loss", (x, y) => T.l1Loss(x, y), [[5], [5]]);
check("embeddingForward", (w) => T.embeddingForward(w, [2, 0, 2, 3]), [[4, 3]]);
for (const mode of ["sum", "mean", "max"] as const) {
  check(
    `embeddingBagForward (${mode})`,
    (w) => T.embeddingBagForward(w, [1, 2, 3, 1, 0], { offsets: [0, 2], mode }),
    [[4, 3]],
  );
}
check(
  "embeddingBagForward (per-sample weights)",
  (w, psw) =>
    T.embeddingBagForward(w, [1, 2, 3], {
      offsets: [0, 1],
      mode: "sum",
      perSampleWeights: psw as T.Tensor<"float32">,
    }),
  [[4, 2], [3]],
);
