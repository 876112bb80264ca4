/**
 * Pieces of the Worker pool: starting one Worker, what a Worker loads for a
 * kernel, the failures Workers report, and whether the calling thread may
 * block.
 *
 * @module
 */

import { Worker } from "node:worker_threads";
import type { KernelSpec } from "../../kernels/kernel.ts";
import { wasmKernel } from "../../kernels/wasm/registry.ts";
import { KERNELS } from "../../kernels/registry.ts";
import { argLayout } from "../../kernels/signature.ts";
import { CONTROL as C } from "./_worker_main.ts";
import { KernelFault } from "./_fault.ts";

/** What Workers load for a kernel: its Wasm module, or its name and spec as JSON. */
export function kernelBytes(kind: "js" | "wasm", kernel: string, spec: KernelSpec): Uint8Array {
  if (kind === "wasm") return wasmKernel(kernel, spec).bytes;
  const layout = argLayout(KERNELS[kernel].sig, spec);
  return new TextEncoder().encode(JSON.stringify({ name: kernel, spec, layout }, (_k, v) =>
    // JSON has no Infinity (normType may be one): send it as a string.
    typeof v === "number" && !Number.isFinite(v) ? String(v) : v));
}

/**
 * Raises what the first `workers` Workers reported for the last dispatch.
 *
 * @throws {KernelFault} For an index out of range.
 * @throws {Error} For a kernel that failed, with the Worker's message.
 */
export function raiseStatus(control: SharedArrayBuffer, kernel: string, workers: number): void {
  const ctl = new Int32Array(control);
  for (let w = 0; w < workers; w++) {
    const base = C.HEADER + w * C.REGION;
    const status = Atomics.load(ctl, base + C.STATUS);
    if (status === 2) throw new KernelFault(kernel);
    if (status !== 0) {
      const u16 = new Uint16Array(control, 4 * (base + C.ERRTEXT), ctl[base + C.ERRLEN]);
      throw new Error(`${kernel} failed on Worker ${w}: ${String.fromCharCode(...u16)}`);
    }
  }
}

/**
 * Starts a Worker from source text and sends it its first message. `ready`
 * settles when the Worker has taken it; the Worker is then `unref`ed (idle
 * Workers never keep a program alive). `lost` hears of its exit or failure.
 */
export function spawnWorker(
  src: string,
  init: { memory: WebAssembly.Memory; control: SharedArrayBuffer; index: number },
  lost: (err: Error) => void,
): { worker: Worker; ready: Promise<void> } {
  const worker = new Worker(src, { eval: true });
  const ready = new Promise<void>((resolve, reject) => {
    worker.once("message", () => {
      worker.unref();
      resolve();
    });
    worker.once("error", reject);
  });
  worker.postMessage(init);
  worker.on("exit", (code) => lost(new Error(`Worker ${init.index} exited with code ${code}`)));
  worker.on("error", (err) => lost(err as Error));
  return { worker, ready };
}

let blockable: boolean | undefined;

/** Whether this thread may block in `Atomics.wait` (not a browser's main thread). */
export function mayBlock(): boolean {
  if (blockable === undefined) {
    try {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
      blockable = true;
    } catch {
      blockable = false;
    }
  }
  return blockable;
}
