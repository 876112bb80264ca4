/**
 * Every dense op against PyTorch 1.13 (`tests/fixtures/dense_cases.json`):
 * outputs and gradients, on every backend.
 */

import assert from "node:assert/strict";
import * as T from "../../mod.ts";
import { loadDenseCases, type OpCase } from "../fixtures/_dense_fixtures.ts";
import { BACKENDS, useBackend, WORKER_TEST } from "../_backends.ts";
import { checkCase } from "./_dense_harness.ts";

type Call = (c: OpCase) => (...xs: T.Tensor[]) => T.Tensor;

const binary = (f: (a: T.Tensor, b: T.Tensor) => T.Tensor): Call => () => (a, b) => f(a, b);
const unary = (f: (x: T.Tensor) => T.Tensor): Call => () => (x) => f(x);
// deno-lint-ignore no-explicit-any
const opts = (c: OpCase): any => c.options;

/** How each op of the fixtures is called through the public API. */
const CALLS: Partial<Record<OpCase["op"], Call>> = {
  matmul: binary(T.matmul),
  linear: () => (x, w, b) => T.linear(x, w, b),
  add: binary(T.add),
  sub: binary(T.sub),
  mul: binary(T.mul),
  div: binary(T.div),
  pow: binary(T.pow),
  maximum: binary(T.maximum),
  minimum: binary(T.minimum),
  neg: unary(T.neg),
  exp: unary(T.exp),
  log: unary(T.log),
  sqrt: unary(T.sqrt),
  relu: unary(T.relu),
  sigmoid: unary(T.sigmoid),
  tanh: unary(T.tanh),
  gelu: (c) => (x) => T.gelu(x, opts(c)),
  sum: (c) => (x) => T.sum(x, opts(c)),
  mean: (c) => (x) => T.mean(x, opts(c)),
  max: (c) => (x) => T.max(x, opts(c)),
  argmax: (c) => (x) => T.argmax(x, opts(c)),
  reshape: (c) => (x) => T.reshape(x, opts(c).shape),
  flatten: (c) => (x) => T.flatten(x, opts(c)),
  transpose: (c) => (x) => T.transpose(x, opts(c).dim0, opts(c).dim1),
  concat: (c) => (...xs) => T.concat(xs, opts(c)),
  softmax: (c) => (x) => T.softmax(x, opts(c)),
  logSoftmax: (c) => (x) => T.logSoftmax(x, opts(c)),
};

const { cases } = await loadDenseCases();
const ops = cases.filter((c): c is OpCase => c.kind === "op" && CALLS[c.op] !== undefined);

for (const backend of BACKENDS) {
  Deno.test(`dense ops match PyTorch 1.13 on ${backend.name}`, WORKER_TEST, async () => {
    await useBackend(backend, async () => {
      for (const c of ops) {
        const call = CALLS[c.op]!(c);
        await checkCase(
          `${c.name} (${backend.name})`,
          c.inputs,
          call,
          c.output,
          c.cotangent,
          c.grads,
        );
      }
    });
  });
}

for (const backend of BACKENDS.filter((b) => b.options.executor === "inline")) {
  Deno.test(`a constant -0 keeps its sign, as in PyTorch 1.13 (${backend.name})`, async () => {
    await useBackend(backend, async () => {
      const signs = (v: Float32Array) =>
        Array.from(v, (x) => (Object.is(x, -0) ? "-0" : String(x)));
      const x = T.tensor([1, -1, 0, 2.5]);
      // torch.tensor([1., -1., 0., 2.5]) * -0.0 is [-0., 0., -0., -0.], and 0.0 gives [0., -0., 0., 0.].
      assert.deepEqual(signs(await T.mul(x, -0).data()), ["-0", "0", "-0", "-0"]);
      assert.deepEqual(signs(await T.mul(x, 0).data()), ["0", "-0", "0", "0"]);
      assert.deepEqual(signs(await T.mul(-0, x).data()), ["-0", "0", "-0", "-0"]);
      assert.deepEqual(Array.from(await T.div(x, -0).data()), [
        -Infinity,
        Infinity,
        NaN,
        -Infinity,
      ]);
    });
  });
}
