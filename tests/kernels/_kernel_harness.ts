/**
 * Shared setup of the kernel tests: a launch is a kernel name, a spec, its
 * args (typed arrays become fresh arena buffers, numbers pass through) and
 * its unit count. `run` copies the buffers into the arena, runs the kernel
 * (JS reference, Wasm, or the JS body rebuilt from its source text as a
 * Worker does) over one or more ranges of units, and returns a copy of every
 * buffer afterwards, so tests see outputs, inputs and scratch alike.
 */

import assert from "node:assert/strict";
import { type Heap, type KernelFn, type KernelSpec, runJs } from "../../kernels/kernel.ts";
import { KERNELS } from "../../kernels/registry.ts";
import type { Signature } from "../../kernels/signature.ts";
import type { WasmKernel } from "../../kernels/wasm/registry.ts";
import { arena } from "../../src/memory/arena.ts";
import { MATH_IMPORTS, wasmRun } from "../../src/runtime/wasm_instances.ts";

import { assertBitwise } from "../_numeric.ts";

export { assertBitwise, rng } from "../_numeric.ts";

/** A buffer argument. */
export type Buf = Float32Array | Int32Array | Uint8Array;
/** An argument: a buffer (passed as its byte offset) or a number. */
export type Arg = Buf | number;
/** Everything needed to launch a kernel. */
export interface Launch {
  readonly kernel: string;
  /** The signature of a kernel that is not in the registry (a test's own body). */
  readonly sig?: Signature;
  readonly spec: KernelSpec;
  readonly args: readonly Arg[];
  readonly units: number;
}
/**
 * Which implementation runs: the kernel's JS body, Wasm, JS rebuilt from
 * source, or a given module or body (a body gets its args decoded by the
 * kernel's signature, as the executors decode them).
 */
export type Backend = "js" | "wasm" | "rebuilt" | WasmKernel | Body;
/** A JS body of any signature. */
export type Body = (
  heap: Heap,
  spec: KernelSpec,
  args: never,
  start: number,
  end: number,
) => number;
/** Ranges of units, run one after another in this order. */
export type Ranges = readonly (readonly [number, number])[];

/** Embedding dims used throughout: odd ones exercise the SIMD tails. */
export const DIMS = [1, 2, 3, 4, 5, 8, 17, 33, 64] as const;

/** A JS kernel rebuilt from its source text and its helpers' (as `_worker_source.ts` ships them). */
export function rebuild(k: { js: object; helpers?: readonly object[] }): KernelFn {
  const helpers = (k.helpers ?? []).map((h) => h.toString()).join("\n");
  return new Function(`"use strict";\n${helpers}\nreturn (${k.js.toString()});`)() as KernelFn;
}

const rebuilt = new Map<string, KernelFn>();

function runner(
  l: Launch,
  backend: Backend,
): (args: number[], start: number, end: number) => number {
  if (backend === "js" || backend === "rebuilt" || typeof backend === "function") {
    const k = KERNELS[l.kernel];
    const sig = l.sig ?? k?.sig;
    assert.ok(sig !== undefined, `no kernel ${l.kernel}`);
    let js = (typeof backend === "function" ? backend : k.js) as KernelFn;
    if (backend === "rebuilt") {
      js = rebuilt.get(l.kernel) ?? rebuild(k);
      rebuilt.set(l.kernel, js);
    }
    const kernel = { name: l.kernel, sig, unit: "", js };
    return (args, start, end) => runJs(kernel, arena().heap, l.spec, args, start, end);
  }
  const run = backend === "wasm" ? wasmRun(l.kernel, l.spec) : instantiate(backend);
  return (args, start, end) => run(...args, start, end);
}

/** `run` of an emitted module instantiated over the arena (bypassing the caches). */
export function instantiate(k: WasmKernel): (...args: number[]) => number {
  const mod = new WebAssembly.Module(k.bytes as BufferSource);
  const inst = new WebAssembly.Instance(mod, {
    env: { memory: arena().memory, ...MATH_IMPORTS },
  });
  return inst.exports.run as (...args: number[]) => number;
}

/**
 * Runs a launch over `ranges` (default: all units in one launch) on fresh
 * arena copies of its buffers; returns every arg afterwards (buffers copied out).
 */
export function run(
  l: Launch,
  backend: Backend = "js",
  ranges: Ranges = [[0, l.units]],
  statuses: number[] = [],
): Arg[] {
  const a = arena();
  const ptrs = l.args.map((x) => (typeof x === "number" ? -1 : a.alloc(x.byteLength, "test")));
  const heap = () => a.heap;
  for (const [i, x] of l.args.entries()) {
    if (typeof x !== "number") {
      heap().u8.set(new Uint8Array(x.buffer, x.byteOffset, x.byteLength), ptrs[i]);
    }
  }
  const args = l.args.map((x, i) => (typeof x === "number" ? x : ptrs[i]));
  const go = runner(l, backend);
  try {
    for (const [start, end] of ranges) statuses.push(go(args, start, end));
    if (
      statuses.length === ranges.length && statuses.some((s) => s !== 0) && arguments.length < 4
    ) {
      throw new Error(`${l.kernel} returned FAULT on valid data`);
    }
    return l.args.map((x, i) => {
      if (typeof x === "number") return x;
      const bytes = heap().u8.slice(ptrs[i], ptrs[i] + x.byteLength).buffer;
      return new (x.constructor as new (b: ArrayBuffer) => Buf)(bytes);
    });
  } finally {
    l.args.forEach((x, i) => typeof x !== "number" && a.free(ptrs[i], x.byteLength));
  }
}

/** Buffer arg `i` of a `run` result. */
export function buf<T extends Buf = Float32Array>(out: readonly Arg[], i: number): T {
  assert.ok(typeof out[i] !== "number", `arg ${i} is not a buffer`);
  return out[i] as T;
}

/** Asserts every arg of two `run` results is identical (Object.is per element, any NaN equals any NaN). */
export function assertSameRuns(
  actual: readonly Arg[],
  expected: readonly Arg[],
  msg: string,
  only?: readonly number[],
): void {
  assert.equal(actual.length, expected.length);
  for (const i of only ?? expected.keys()) {
    const a = actual[i], e = expected[i];
    if (typeof e === "number") assert.ok(Object.is(a, e), `${msg}: arg ${i}`);
    else assertBitwise(a as Buf, e, `${msg}: arg ${i}`);
  }
}

/**
 * Ways to split `units` across launches: 3 random sub-ranges (some may be
 * empty), the same in reverse order (Workers finish in any order), and one
 * unit per launch when there are few units.
 */
export function splits(units: number, r: () => number): Ranges[] {
  const a = Math.floor(r() * (units + 1)), b = a + Math.floor(r() * (units - a + 1));
  const three: [number, number][] = [[0, a], [a, b], [b, units]];
  const out: Ranges[] = [three, [...three].reverse()];
  if (units <= 12) out.push(Array.from({ length: units }, (_, u) => [u, u + 1] as const));
  return out;
}

/** Asserts that every split of the launch's units (see `splits`) gives the one-launch result; returns it. */
export function assertSplitInvariant(
  l: Launch,
  backend: Backend,
  r: () => number,
  msg: string,
): Arg[] {
  const whole = run(l, backend);
  for (const ranges of splits(l.units, r)) {
    assertSameRuns(run(l, backend, ranges), whole, `${msg} ranges ${JSON.stringify(ranges)}`);
  }
  return whole;
}

/**
 * Asserts a Wasm kernel (the registry's for the launch's spec, or a given
 * module) matches the JS reference bit for bit, in one launch and split.
 */
export function assertWasmMatchesJs(
  l: Launch,
  r: () => number,
  only?: readonly number[],
  wasm: Backend = "wasm",
): void {
  const js = run(l, "js"), msg = `${l.kernel} ${JSON.stringify(l.spec)}`;
  assertSameRuns(run(l, wasm), js, msg, only);
  for (const ranges of splits(l.units, r)) {
    assertSameRuns(run(l, wasm, ranges), js, `${msg} ranges ${JSON.stringify(ranges)}`, only);
  }
}

/** Values a float32 kernel should survive: random, quarter steps (ties, exact sums), ±0, rare NaN and ±Infinity. */
export function f32Values(n: number, r: () => number, { special = true } = {}): Float32Array {
  return Float32Array.from({ length: n }, () => {
    const u = r();
    if (special && u < 0.02) return NaN;
    if (special && u < 0.03) return r() < 0.5 ? Infinity : -Infinity;
    if (u < 0.1) return r() < 0.5 ? -0 : 0;
    if (u < 0.5) return Math.round((r() * 8 - 4) * 4) / 4;
    return (r() * 2 - 1) * 10 ** Math.floor(r() * 4 - 2);
  });
}

/** A buffer of `n` float32s holding a recognisable sentinel (to see what a kernel did not write). */
export function f32Sentinel(n: number): Float32Array {
  return new Float32Array(n).fill(-1234.5);
}

/** A buffer of `n` int32s holding a recognisable sentinel. */
export function i32Sentinel(n: number): Int32Array {
  return new Int32Array(n).fill(-777);
}
