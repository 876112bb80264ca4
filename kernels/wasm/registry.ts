/**
 * Every Wasm kernel emitter by kernel name, and a cache of emitted modules
 * by kernel name and spec (emitting and validating happen once per key).
 *
 * @module
 */

import type { KernelSpec } from "../kernel.ts";
import type { WasmKernel } from "./_emit.ts";
import { emitBagArgmax } from "./bag_argmax.ts";
import { emitBagPositions } from "./bag_positions.ts";
import { emitGather } from "./gather.ts";
import { emitGatherBag } from "./gather_bag.ts";
import { emitInvFreq } from "./inv_freq.ts";
import { emitPswGrad } from "./psw_grad.ts";
import { emitRenorm } from "./renorm.ts";
import { emitRowCsr } from "./row_csr.ts";
import { emitScatterRows } from "./scatter_rows.ts";
import { emitSparseIndices } from "./sparse_indices.ts";
import { emitSparseValues } from "./sparse_values.ts";
import { emitSgdRows } from "./sgd_rows.ts";
import { emitW2vTrain } from "./w2v_train.ts";
import { emitDotRows } from "./dot_rows.ts";
import { emitMatmul } from "./matmul.ts";
import { emitReduce } from "./reduce.ts";
import { emitReduceArg } from "./reduce_arg.ts";
import { emitStridedCopy } from "./strided_copy.ts";
import { emitPick } from "./pick.ts";
import { emitPickBackward } from "./pick_backward.ts";
import { emitElementwise } from "./elementwise.ts";
import { emitSoftmax } from "./softmax.ts";
import { emitSoftmaxGrad } from "./softmax_grad.ts";
import { emitRandomFill } from "./random_fill.ts";
import { emitSparseAdamRows } from "./sparse_adam_rows.ts";
import { emitDotRowsI8 } from "./dot_rows_i8.ts";
import { emitQuantiseRows } from "./quantise_rows.ts";
import { emitRowNorms } from "./row_norms.ts";
import { emitCrossEntropy } from "./cross_entropy.ts";
import { emitCrossEntropyGrad } from "./cross_entropy_grad.ts";

import { Lru } from "../../src/memory/_lru.ts";

export type { WasmKernel } from "./_emit.ts";

// deno-lint-ignore no-explicit-any
const EMITTERS: Record<string, (spec: any) => WasmKernel> = {
  gather: emitGather,
  gather_bag: emitGatherBag,
  bag_argmax: emitBagArgmax,
  bag_positions: emitBagPositions,
  renorm: emitRenorm,
  inv_freq: emitInvFreq,
  row_csr: emitRowCsr,
  scatter_rows: emitScatterRows,
  sparse_values: emitSparseValues,
  sparse_indices: emitSparseIndices,
  psw_grad: emitPswGrad,
  sgd_rows: emitSgdRows,
  w2v_train: emitW2vTrain,
  dot_rows: emitDotRows,
  matmul: emitMatmul,
  reduce: emitReduce,
  reduce_arg: emitReduceArg,
  strided_copy: emitStridedCopy,
  pick: emitPick,
  pick_backward: emitPickBackward,
  elementwise: emitElementwise,
  softmax: emitSoftmax,
  softmax_grad: emitSoftmaxGrad,
  random_fill: emitRandomFill,
  sparse_adam_rows: emitSparseAdamRows,
  dot_rows_i8: emitDotRowsI8,
  quantise_rows: emitQuantiseRows,
  row_norms: emitRowNorms,
  cross_entropy: emitCrossEntropy,
  cross_entropy_grad: emitCrossEntropyGrad,
};

/** A stable key for a kernel and its spec. */
export function kernelKey(kernel: string, spec: KernelSpec): string {
  let key = kernel;
  for (const k of Object.keys(spec).sort()) key += `|${k}=${spec[k]}`;
  return key;
}

/** Emitted modules kept (least recently used ones are emitted again if needed). */
export const WASM_KERNEL_LIMIT = 256;
const cache = new Lru<string, WasmKernel>(WASM_KERNEL_LIMIT);

/** Number of emitted modules held (for tests and diagnostics). */
export function wasmKernelCount(): number {
  return cache.size;
}

/**
 * The widest row (in floats) a row kernel is emitted for. The row kernels
 * unroll a row's f32x4 vectors, so code grows with the width: at D = 100003 a
 * module took 16 s to compile, and at D = 2^20 it no longer validated. Wider
 * rows run the JS kernels, which compute the same bits (a 16 KiB row is far
 * past where per-row overheads matter).
 */
export const MAX_WASM_ROW = 4096;

/** Whether a spec's kernel runs as Wasm (else its JS kernel runs, with the same results). */
export function wasmFits(spec: KernelSpec): boolean {
  const D = (spec as { readonly D?: unknown }).D;
  return typeof D !== "number" || D <= MAX_WASM_ROW;
}

/**
 * The Wasm module for a kernel and spec, emitted and validated once while
 * it stays among the `WASM_KERNEL_LIMIT` most recently used.
 *
 * @throws {Error} If no emitter exists or the module does not validate (an internal error).
 */
export function wasmKernel(kernel: string, spec: KernelSpec): WasmKernel {
  const key = kernelKey(kernel, spec);
  let hit = cache.get(key);
  if (hit === undefined) {
    const emit = EMITTERS[kernel];
    if (emit === undefined) throw new Error(`internal: no Wasm emitter for kernel ${kernel}`);
    hit = emit(spec);
    if (!WebAssembly.validate(hit.bytes as BufferSource)) {
      throw new Error(`internal: the Wasm module for ${key} does not validate`);
    }
    cache.set(key, hit);
  }
  return hit;
}

/** Drops emitted modules (benchmarks use it after changing the tuning). */
export function clearWasmKernels(): void {
  cache.clear();
}
