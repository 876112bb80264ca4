/**
 * Which executor runs plans. The default is the inline executor with the JS
 * reference kernels.
 *
 * @module
 */

import { type Executor, inlineJs } from "./executor.ts";

let asyncExec: Executor = inlineJs;
let syncExec: Executor = inlineJs;
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

/** Installs executors (used by `setBackend`). */
export function installExecutors(main: Executor, sync: Executor): void {
  if (!sync.sync) throw new Error("internal: the synchronous executor must be synchronous");
  configured = true;
  asyncExec = main;
  syncExec = sync;
}
