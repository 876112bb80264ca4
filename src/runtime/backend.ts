/**
 * Choosing how plans run: JS or Wasm SIMD kernels, on the calling thread or
 * on a persistent Worker pool.
 *
 * @module
 */

import { simdSupported } from "../wasm/simd.ts";
import { relaxedFmaFused } from "../wasm/relaxed_fma.ts";
import { readEnv } from "./_env.ts";
import { inlineJs, inlineWasm } from "./executor.ts";
import { installExecutors, onFirstUse } from "./config.ts";
import { Pool } from "./pool.ts";
import { workersExecutor } from "./_workers_executor.ts";
import { z } from "npm:zod@^4.1.0";
import { inRange, numberOrInfinity, parseOptions } from "../ops/_options.ts";

const backendSchema = z.strictObject({
  kernels: z.enum(["auto", "wasm", "js"]).optional(),
  executor: z.enum(["auto", "workers", "inline"]).optional(),
  workers: inRange(z.number().int(), (v) => v >= 1 && v <= 64, "must be from 1 to 64").optional(),
  inlineBelow: z.union([
    z.literal("auto"),
    inRange(numberOrInfinity, (v) => v >= 0, "must be non-negative"),
  ]).optional(),
  fma: z.enum(["auto", "on", "off"]).optional(),
});

/**
 * Options of `setBackend`.
 *
 * @example
 * ```ts
 * import { backend, type BackendOptions, setBackend } from "@tessera/embed";
 * const debugging: BackendOptions = { kernels: "js", executor: "inline" }; // reference kernels
 * setBackend(debugging);
 * console.log(backend().kernels, backend().executor); // "js" "inline"
 * setBackend({}); // back to auto
 * ```
 */
export interface BackendOptions {
  /**
   * `"wasm"`: kernels emitted as WebAssembly SIMD128 at run time; `"js"`:
   * the TypeScript reference kernels; `"auto"`: Wasm where SIMD is supported.
   * @default "auto"
   */
  kernels?: "auto" | "wasm" | "js";
  /**
   * `"workers"`: split launches across a persistent Worker pool; `"inline"`:
   * run everything on the calling thread; `"auto"`: Workers when the machine
   * has more than one core.
   * @default "auto"
   */
  executor?: "auto" | "workers" | "inline";
  /**
   * Threads a launch is split across: the calling thread and `workers - 1`
   * Workers (with 1, a single Worker runs each launch).
   * @default navigator.hardwareConcurrency
   */
  workers?: number;
  /**
   * Which launches run on the calling thread alone. `"auto"`: those under
   * 262144 units of work, and the larger ones too while the program's own
   * split runs measure slower than the calling thread (a busy machine; see
   * "Where launches run" in docs/performance.md); with `workers: 1`, those under 262144
   * units. A number: those with less work than this, in element operations
   * (multiply-adds for matmul).
   * @default "auto"
   */
  inlineBelow?: number | "auto";
  /**
   * Fused multiply-adds in matrix products (`matmul`, `linear` and their
   * gradients: each `t + a * b` rounded once). `"auto"`: where the runtime's
   * WebAssembly relaxed SIMD `relaxed_madd` is fused on this CPU (Deno and
   * browsers on x86-64 with FMA3 or ARM64; not Node 20, nor Bun), unless the
   * environment variable `EMBED_FMA` is `off`; `"on"`: always (an error where
   * unavailable); `"off"`: never, for the same bits on every runtime. Every
   * backend (JS or Wasm kernels, inline or Workers) computes the same bits
   * either way. It applies to products created afterwards (a `jit` function
   * keeps what it traced).
   * @default "auto"
   */
  fma?: "auto" | "on" | "off";
}

/**
 * The backend in use, as resolved.
 *
 * @example
 * ```ts
 * import { backend, type BackendInfo, setBackend } from "@tessera/embed";
 * setBackend({ executor: "inline" });
 * const info: BackendInfo = backend();
 * console.log(info.executor, info.kernels === (info.simd ? "wasm" : "js")); // "inline" true
 * setBackend({}); // back to auto
 * ```
 */
export interface BackendInfo {
  /** Kernels in use. */
  readonly kernels: "wasm" | "js";
  /** Executor in use. */
  readonly executor: "workers" | "inline";
  /** Threads a launch is split across (the calling thread and `workers - 1` Workers). */
  readonly workers: number;
  /** `"auto"` (measured costs decide) or the work below which launches run on the calling thread. */
  readonly inlineBelow: number | "auto";
  /** Whether this runtime supports WebAssembly SIMD128. */
  readonly simd: boolean;
  /** Whether matrix products use fused multiply-adds (see `BackendOptions.fma`). */
  readonly fma: boolean;
}

const cores = () =>
  Math.max(1, (globalThis.navigator?.hardwareConcurrency as number | undefined) ?? 1);

let info: BackendInfo | undefined;
let pool: Pool | undefined;
/** Pools by size, kept (their Workers idle, unref'ed) so switching back finds them warm. */
const pools = new Map<number, Pool>();

/**
 * Chooses kernels and executor. Call it before heavy work; it can be changed
 * at any time (the Worker pool is rebuilt when its size changes).
 *
 * @example
 * ```ts
 * import { backend, setBackend } from "@tessera/embed";
 * setBackend({ kernels: "wasm", executor: "inline" });
 * console.log(backend().executor); // "inline"
 * setBackend({}); // back to auto
 * ```
 *
 * @param options Kernels, executor, Worker count and inline threshold.
 * @throws {TypeError} For unknown options or values of the wrong kind (e.g. `inlineBelow: "5"`),
 *   and for `kernels: "wasm"` or `fma: "on"` where the runtime cannot.
 * @throws {RangeError} For a Worker count outside 1 to 64 or a negative threshold.
 */
export function setBackend(options: BackendOptions = {}): void {
  const who = "setBackend()";
  const {
    kernels = "auto",
    executor = "auto",
    workers = Math.min(64, cores()),
    inlineBelow = "auto",
    fma: fmaOption = "auto",
  } = parseOptions(backendSchema, options, who);
  const simd = simdSupported();
  if (kernels === "wasm" && !simd) {
    throw new TypeError(
      `${who}: kernels is "wasm" but this runtime does not support WebAssembly SIMD128`,
    );
  }
  if (fmaOption === "on" && !relaxedFmaFused()) {
    throw new TypeError(
      `${who}: fma is "on" but this runtime has no fused WebAssembly relaxed_madd`,
    );
  }
  const fma = fmaOption === "on" ||
    (fmaOption === "auto" && readEnv("EMBED_FMA") !== "off" && relaxedFmaFused());
  const kind = kernels === "auto" ? (simd ? "wasm" : "js") : kernels;
  const exec = executor === "auto" ? (cores() > 1 ? "workers" : "inline") : executor;
  const inline = kind === "wasm" ? inlineWasm : inlineJs;
  if (exec === "workers") {
    // `workers` threads share a launch: the caller and `workers - 1` of the pool's Workers (one
    // Worker for 1); random fills, which block the caller, use all of them.
    if (pool?.size !== workers) {
      pool = pools.get(workers) ?? new Pool(workers);
      pools.set(workers, pool);
    }
    installExecutors(workersExecutor(pool, workers, kind, inline, inlineBelow), inline, fma);
  } else {
    installExecutors(inline, inline, fma);
  }
  info = { kernels: kind, executor: exec, workers, inlineBelow, simd, fma };
}

/**
 * The backend in use.
 *
 * @example
 * ```ts
 * import { backend } from "@tessera/embed";
 * const { kernels, executor, workers } = backend();
 * console.log(kernels, executor, workers);
 * ```
 *
 * @returns Kernels, executor, Worker count, threshold and SIMD support.
 */
export function backend(): BackendInfo {
  if (info === undefined) setBackend();
  return info!;
}

/**
 * Stops the Worker pool (it restarts on the next call that needs it).
 * Workers never keep a program alive, so this is only needed to free them early.
 *
 * @example
 * ```ts
 * import { shutdownWorkers } from "@tessera/embed";
 * await shutdownWorkers();
 * ```
 *
 * @returns When the Workers have stopped.
 */
export async function shutdownWorkers(): Promise<void> {
  await Promise.all([...pools.values()].map((p) => p.shutdown()));
}

/** The pool launches run on, when the executor is `"workers"` (the random fill uses it). */
export function workerPool(): Pool | undefined {
  return backend().executor === "workers" ? pool : undefined;
}

/** Test hook (not exported by `mod.ts`): the current pool, if any. */
export function poolForTests(): Pool | undefined {
  return pool;
}

onFirstUse(() => setBackend());
