/**
 * The Wasm kernel registry (kernels/wasm/registry.ts): stable keys, one
 * emitted module per key, validation, an emitter for every JS kernel with
 * the same arguments, and clear errors.
 */

import assert from "node:assert/strict";
import { KERNELS } from "../../../kernels/registry.ts";
import { wasmParams } from "../../../kernels/signature.ts";
import { clearWasmKernels, kernelKey, wasmKernel } from "../../../kernels/wasm/registry.ts";

/** A spec for every kernel. */
const SPECS: Record<string, Record<string, number | string | boolean>> = {
  gather: { D: 5, touch: true },
  gather_bag: { D: 5, mode: "mean", weighted: false, padded: true },
  bag_argmax: { D: 5, padded: true },
  bag_positions: { mean: true, weighted: false, padded: true },
  renorm: { D: 5, p: 3 },
  inv_freq: {},
  row_csr: { padded: true },
  scatter_rows: { D: 5, source: "scaled", freq: true, padded: true },
  sparse_values: { D: 5, source: "max", freq: false, padded: true, coalesced: true },
  sparse_indices: { padded: false, coalesced: true },
  psw_grad: { D: 5, padded: false },
  w2v_train: { D: 5, sg: true, negative: 3, cbowMean: true },
  sgd_rows: { D: 5, dense: false },
  dot_rows: { D: 5 },
  matmul: { transA: false, transB: true, bias: true, relu: false },
  reduce: { op: "mean" },
  reduce_arg: { op: "max" },
  strided_copy: { rank: 3 },
  pick: {},
  pick_backward: {},
  elementwise: { program: "neg x0", rank: 1, bcast: "f", dtypes: "f" },
  softmax: { log: true },
  softmax_grad: { log: false },
  random_fill: { dist: "normal", block: 64 },
  sparse_adam_rows: { D: 5, touch: true },
  dot_rows_i8: { P: 16 },
  quantise_rows: { D: 5, P: 16 },
  row_norms: { D: 5 },
  cross_entropy: { weighted: true, smooth: true, reduction: "mean" },
  cross_entropy_grad: { weighted: false, smooth: true, mean: true },
};

Deno.test("kernelKey names the kernel and every spec field, in sorted order", () => {
  assert.equal(kernelKey("gather", { touch: true, D: 3 }), "gather|D=3|touch=true");
  assert.equal(
    kernelKey("gather", { D: 3, touch: true }),
    kernelKey("gather", { touch: true, D: 3 }),
  );
  assert.notEqual(kernelKey("gather", { D: 3 }), kernelKey("gather", { D: 3, touch: false }));
  assert.equal(kernelKey("inv_freq", {}), "inv_freq");
});

Deno.test("wasmKernel emits one module per key, and again after clearWasmKernels()", () => {
  const a = wasmKernel("gather_bag", { D: 7, mode: "sum", weighted: true, padded: false });
  assert.equal(wasmKernel("gather_bag", { padded: false, weighted: true, mode: "sum", D: 7 }), a);
  assert.notEqual(wasmKernel("gather_bag", { D: 7, mode: "sum", weighted: true, padded: true }), a);
  clearWasmKernels();
  const b = wasmKernel("gather_bag", { D: 7, mode: "sum", weighted: true, padded: false });
  assert.notEqual(b, a);
  assert.deepEqual(b.bytes, a.bytes);
});

/** The kernel args that are real numbers (f64 in Wasm); all others are i32. */
const FLOAT_ARGS: Record<string, string[]> = {
  renorm: ["maxNorm"],
  sgd_rows: ["lr"],
  scatter_rows: ["alpha"],
  w2v_train: ["a0", "a1"],
  random_fill: ["a", "b"],
  sparse_adam_rows: ["sign", "c1", "c2", "eps", "step"],
  cross_entropy: ["eps"],
  cross_entropy_grad: ["eps"],
};

Deno.test("wasmKernel has a valid emitter for every JS kernel, taking the kernel's args then start and end", () => {
  assert.deepEqual(Object.keys(SPECS).sort(), Object.keys(KERNELS).sort());
  for (const [name, k] of Object.entries(KERNELS)) {
    const w = wasmKernel(name, SPECS[name]), params = wasmParams(k.sig, SPECS[name]);
    assert.ok(WebAssembly.validate(w.bytes as BufferSource), name);
    assert.deepEqual(w.params, [...params.map(([, t]) => t), "i32", "i32"], name);
    assert.deepEqual(
      params.filter(([, t]) => t === "f64").map(([n]) => n),
      FLOAT_ARGS[name] ?? [],
    );
    assert.ok(w.text.startsWith(`;; ${name}`), name);
    // The listing names run's parameters as the signature does.
    const run = w.text.split("\n").find((line) => line.includes("(func $run"))!;
    for (const [n] of params) assert.ok(run.includes(`$${n} `), `${name}: ${n} in ${run}`);
  }
});

Deno.test("wasmKernel throws for a kernel without an emitter", () => {
  assert.throws(() => wasmKernel("nope", {}), {
    name: "Error",
    message: "internal: no Wasm emitter for kernel nope",
  });
});

Deno.test("wasmKernel throws for a module that does not validate, and does not cache it", () => {
  const validate = WebAssembly.validate, spec = { D: 11, padded: true, touch: false };
  clearWasmKernels();
  WebAssembly.validate = () => false;
  try {
    assert.throws(
      () => wasmKernel("psw_grad", spec),
      /^Error: internal: the Wasm module for psw_grad\|D=11\|padded=true\|touch=false does not validate$/,
    );
  } finally {
    WebAssembly.validate = validate;
  }
  assert.ok(WebAssembly.validate(wasmKernel("psw_grad", spec).bytes as BufferSource));
});
