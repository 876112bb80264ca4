/**
 * Executors run kernel launches. The inline executor runs them on the calling
 * thread; the Worker pool (in `pool.ts`) splits them across Workers.
 *
 * @module
 */

import { type KernelSpec, runJs } from "../../kernels/kernel.ts";
import type { Launch } from "../schedule/plan.ts";
import { KERNELS } from "../../kernels/registry.ts";
import { arena } from "../memory/arena.ts";
import { wasmRun } from "./wasm_instances.ts";
import { wasmFits } from "../../kernels/wasm/registry.ts";
import { KernelFault } from "./_fault.ts";

/** Runs kernel launches, synchronously or not. */
export interface Executor {
  /** Name for printouts, e.g. "inline/js". */
  readonly name: string;
  /** Whether `run` completes synchronously. */
  readonly sync: boolean;
  run(kernel: string, spec: KernelSpec, launch: Launch): void | Promise<void>;
  /** Where a launch of a kernel (its spec) runs, for `EMBED_DEBUG=3` (defaults to `name`). */
  where?(launch: Launch, spec: KernelSpec): string;
}

/**
 * Runs units `[start, end)` of a launch on the calling thread with the JS
 * reference kernels or the emitted Wasm kernels; returns the kernel's status
 * (nonzero: an index out of range).
 */
export function runRange(
  kind: "js" | "wasm",
  kernel: string,
  spec: KernelSpec,
  args: readonly number[],
  start: number,
  end: number,
): number {
  return kind === "wasm" && wasmFits(spec)
    ? wasmRun(kernel, spec)(...args, start, end)
    : runJs(KERNELS[kernel], arena().heap, spec, args, start, end);
}

/** Runs every launch on the calling thread with the JS reference kernels. */
export const inlineJs: Executor = {
  name: "inline/js",
  sync: true,
  run(kernel, spec, launch) {
    if (launch.units === 0) return;
    if (runRange("js", kernel, spec, launch.args, 0, launch.units) !== 0) {
      throw new KernelFault(kernel);
    }
  },
};

/** Runs every launch on the calling thread with the emitted Wasm SIMD kernels. */
export const inlineWasm: Executor = {
  name: "inline/wasm",
  sync: true,
  run(kernel, spec, launch) {
    if (launch.units === 0) return;
    if (runRange("wasm", kernel, spec, launch.args, 0, launch.units) !== 0) {
      throw new KernelFault(kernel);
    }
  },
};
