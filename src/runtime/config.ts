/**
 * Which executor runs plans, and whether matrix products use fused
 * multiply-adds. The default is the inline executor with the JS reference
 * kernels, unfused.
 *
 * @module
 */

import { type Executor, inlineJs } from "./executor.ts";

let asyncExec: Executor = inlineJs;
let syncExec: Executor = inlineJs;
let fused = false;
let configured = false;
let autoConfigure: (() => void) | undefined;

/** Registers the default configuration, applied on first use (see `backend.ts`). */
export function onFirstUse(configure: () => void): void {
  autoConfigure = configure;
}

function ensureConfigured(): void {
  if (!configured) {
    configured = true;
    autoConfigure?.();
  }
}

/** The executor for `await t.data()`, `realize()` and `jit`. */
export function currentExecutor(): Executor {
  ensureConfigured();
  return asyncExec;
}

/** The executor for `dataSync()` and `toString()`: always one that runs on the calling thread. */
export function currentSyncExecutor(): Executor {
  ensureConfigured();
  return syncExec;
}

/**
 * Whether matrix products built now use fused multiply-adds (`setBackend`'s
 * `fma`): the `fma` attribute of their nodes, so the plans cached for them
 * keep what they were built with.
 */
export function matmulFma(): boolean {
  ensureConfigured();
  return fused;
}

/** Installs executors and the `fma` choice (used by `setBackend`). */
export function installExecutors(main: Executor, sync: Executor, fma: boolean): void {
  if (!sync.sync) throw new Error("internal: the synchronous executor must be synchronous");
  configured = true;
  asyncExec = main;
  syncExec = sync;
  fused = fma;
}
