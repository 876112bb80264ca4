/**
 * Which executor runs plans. The default is the inline executor with the JS
 * reference kernels.
 *
 * @module
 */

import { type Executor, inlineJs } from "./executor.ts";

let asyncExec: Executor = inlineJs;
let syncExec: Executor = inlineJs;

/** The executor for `await t.data()`, `realize()` and `jit`. */
export function currentExecutor(): Executor {
  return asyncExec;
}

/** The executor for `dataSync()` and `toString()`: always one that runs on the calling thread. */
export function currentSyncExecutor(): Executor {
  return syncExec;
}

/** Installs executors (used by `setBackend`). */
export function installExecutors(main: Executor, sync: Executor): void {
  if (!sync.sync) throw new Error("internal: the synchronous executor must be synchronous");
  asyncExec = main;
  syncExec = sync;
}
