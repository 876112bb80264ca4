/**
 * Instantiating emitted kernels on a thread: compile once per key, bind the
 * shared arena memory (and `Math.pow` for general p-norms), keep `run`.
 *
 * @module
 */

import type { KernelSpec } from "../../kernels/kernel.ts";
import { kernelKey, wasmKernel } from "../../kernels/wasm/registry.ts";
import { arena } from "../memory/arena.ts";
import { Lru } from "../memory/_lru.ts";

/** A kernel's `run(args..., start, end)`: 0, or `FAULT` at an index out of range. */
export type WasmRun = (...args: number[]) => number;

/**
 * The engine's `Math` functions kernels may import (besides `env.memory`);
 * Workers bind the same ones (`_worker_main.ts`).
 */
export const MATH_IMPORTS: Readonly<Record<string, (...x: number[]) => number>> = {
  pow: Math.pow,
};

/** Compiled modules and instances kept on this thread (least recently used ones are dropped). */
const LIMIT = 256;
const modules = new Lru<string, WebAssembly.Module>(LIMIT);
const instances = new Lru<string, WasmRun>(LIMIT);

/** Numbers of compiled modules and instances held on this thread (for tests and diagnostics). */
export function wasmInstanceCounts(): { modules: number; instances: number } {
  return { modules: modules.size, instances: instances.size };
}

/** The compiled module for a kernel and spec (shared by every thread that instantiates it). */
export function wasmModule(kernel: string, spec: KernelSpec): WebAssembly.Module {
  const key = kernelKey(kernel, spec);
  let mod = modules.get(key);
  if (mod === undefined) {
    mod = new WebAssembly.Module(wasmKernel(kernel, spec).bytes as BufferSource);
    modules.set(key, mod);
  }
  return mod;
}

/** Instances by spec object: plans are cached, so a step's spec is one object. */
let bySpec = new WeakMap<KernelSpec, WasmRun>();

/** `run` of a kernel instantiated on the calling thread over the arena. */
export function wasmRun(kernel: string, spec: KernelSpec): WasmRun {
  const known = bySpec.get(spec);
  if (known !== undefined) return known;
  const key = kernelKey(kernel, spec);
  let run = instances.get(key);
  if (run === undefined) {
    const instance = new WebAssembly.Instance(wasmModule(kernel, spec), {
      env: { memory: arena().memory, ...MATH_IMPORTS },
    });
    run = instance.exports.run as WasmRun;
    instances.set(key, run);
  }
  bySpec.set(spec, run);
  return run;
}

/** Forgets compiled modules and instances (benchmarks use it after changing the tuning). */
export function wasmRunReset(): void {
  modules.clear();
  instances.clear();
  bySpec = new WeakMap();
}
