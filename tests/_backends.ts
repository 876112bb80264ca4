/**
 * The backend combinations every conformance test runs on: JS and Wasm
 * kernels, inline and Worker executors, one and two Workers. Worker runs use
 * `inlineBelow: 0`, so every launch really goes through the pool.
 */

import { type BackendOptions, setBackend, shutdownWorkers } from "../mod.ts";

/** A backend combination. */
export interface Backend {
  readonly name: string;
  readonly options: BackendOptions;
}

/** Every combination. */
export const BACKENDS: readonly Backend[] = [
  { name: "inline/js", options: { kernels: "js", executor: "inline" } },
  { name: "inline/wasm", options: { kernels: "wasm", executor: "inline" } },
  {
    name: "workers/js x1",
    options: { kernels: "js", executor: "workers", workers: 1, inlineBelow: 0 },
  },
  {
    name: "workers/js x2",
    options: { kernels: "js", executor: "workers", workers: 2, inlineBelow: 0 },
  },
  {
    name: "workers/wasm x1",
    options: { kernels: "wasm", executor: "workers", workers: 1, inlineBelow: 0 },
  },
  {
    name: "workers/wasm x2",
    options: { kernels: "wasm", executor: "workers", workers: 2, inlineBelow: 0 },
  },
];

/** Runs `body` with a backend installed, then restores the default and stops Workers. */
export async function useBackend(backend: Backend, body: () => Promise<void>): Promise<void> {
  setBackend(backend.options);
  try {
    await body();
  } finally {
    setBackend({});
    await shutdownWorkers();
  }
}

/** Deno.test options for tests that start Workers (their handles outlive a single test). */
export const WORKER_TEST = { sanitizeResources: false, sanitizeOps: false } as const;
