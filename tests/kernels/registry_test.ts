/**
 * The JS kernel registry (kernels/registry.ts): every kernel under its own
 * name, with its argument names, unit and body, and only self-contained
 * helpers (the Worker ships them as source text).
 */

import assert from "node:assert/strict";
import { KERNELS } from "../../kernels/registry.ts";
import { rebuild } from "./_kernel_harness.ts";

const NAMES = [
  "bag_argmax",
  "bag_positions",
  "dot_rows",
  "gather",
  "gather_bag",
  "inv_freq",
  "pick",
  "pick_backward",
  "psw_grad",
  "reduce",
  "reduce_arg",
  "renorm",
  "row_csr",
  "scatter_rows",
  "sparse_adam_rows",
  "sgd_rows",
  "sparse_indices",
  "sparse_values",
  "strided_copy",
  "w2v_train",
  "elementwise",
  "softmax",
  "softmax_grad",
  "matmul",
  "random_fill",
  "dot_rows_i8",
  "quantise_rows",
  "row_norms",
  "cross_entropy",
  "cross_entropy_grad",
].sort();

Deno.test("KERNELS holds every kernel under its own name", () => {
  assert.deepEqual(Object.keys(KERNELS).sort(), NAMES);
  for (const [name, k] of Object.entries(KERNELS)) {
    assert.equal(k.name, name);
    assert.equal(typeof k.js, "function", name);
    assert.ok(Object.keys(k.sig).length > 0, `${name} args`);
    assert.ok(k.unit.length > 0, `${name} unit`);
  }
});

Deno.test("KERNELS: single-launch kernels say their unit is one task", () => {
  const tasks = Object.values(KERNELS).filter((k) => k.unit === "task").map((k) => k.name).sort();
  assert.deepEqual(tasks, ["inv_freq", "row_csr", "sparse_indices"]);
});

Deno.test("KERNELS bodies and helpers compile from their source text alone", () => {
  for (const k of Object.values(KERNELS)) {
    assert.equal(typeof rebuild(k), "function", k.name);
    for (const h of k.helpers ?? []) {
      assert.match(
        h.toString(),
        new RegExp(`^function ${h.name}\\(`),
        `${k.name} helper ${h.name}`,
      );
    }
  }
});
