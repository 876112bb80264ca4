/**
 * The property every export must have, and the runner that checks it over
 * seeded cases: a call either succeeds (valid arguments must) or throws a
 * `TypeError`/`RangeError` whose message names the function, is short, ends
 * without a period, and leaves every input tensor bit-identical.
 */

import { Module, RowSparseGrad, Tensor } from "../../mod.ts";
import { describe } from "../../src/tensor/_nested.ts";
import { Gen } from "./_gen.ts";

/** How to call one export (or one method) with valid arguments. */
export interface Spec {
  /** The `mod.ts` exports (or `Class.method` names) this spec exercises. */
  readonly covers: readonly string[];
  /** What an error message may start with (the function, or the op it delegates to). */
  readonly who: readonly string[];
  /** Valid arguments, from the generator. */
  valid(g: Gen): unknown[];
  /** Calls the export; a returned tensor (or tree of them) is realized. */
  call(args: unknown[]): unknown;
  /** Option names to corrupt (the last argument is the options object). */
  readonly options?: readonly string[];
  /**
   * Ways of getting the arguments wrong that only this export has (a
   * malformed file, a path that is a directory); drawn for half the bad
   * cases when given, the generic `mutate` for the rest.
   */
  readonly corrupt?: (args: readonly unknown[], g: Gen) => unknown[];
  /** Cases to run (default 300). */
  readonly cases?: number;
  /** Fraction of cases run with valid arguments, which must succeed (default 0.25). */
  readonly validShare?: number;
  /** False when the call legitimately disposes its inputs (nothing to compare after). */
  readonly watch?: boolean;
  /**
   * Cases left out while another area's fix is pending (each use is listed
   * in the report that added it); the case is drawn but not checked.
   */
  readonly pending?: (args: readonly unknown[]) => boolean;
}

/** `paddingIdx` → `padding_idx`, the mistake the "did you mean" hints catch. */
export function snake(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function isPlain(v: unknown): v is Record<string, unknown> {
  try {
    if (v === null || typeof v !== "object" || Array.isArray(v)) return false;
    const proto = Object.getPrototypeOf(v);
    return proto === Object.prototype || proto === null;
  } catch {
    return false;
  }
}

function isArray(v: unknown): v is unknown[] {
  try {
    return Array.isArray(v) && v.length < 1000;
  } catch {
    return false;
  }
}

/** Replaces a random leaf of nested arrays with a hostile number. */
function corruptLeaf(data: unknown[], g: Gen): unknown[] {
  const copy = Array.from({ length: data.length }, (_, i) => data[i]);
  if (copy.length === 0) return [g.badNumber()];
  const i = g.int(0, copy.length - 1);
  copy[i] = isArray(copy[i]) ? corruptLeaf(copy[i] as unknown[], g) : g.badNumber();
  return copy;
}

/** One way of getting the arguments wrong. */
export function mutate(args: readonly unknown[], g: Gen, options: readonly string[]): unknown[] {
  const out = args.slice();
  const i = g.int(0, out.length);
  const last = out.length - 1;
  switch (g.int(0, 5)) {
    case 0:
      out[i] = g.hostile();
      break;
    case 1: { // an unknown option: snake_case of a known one, or made up
      const o = isPlain(out[last]) ? { ...out[last] } : {};
      const known = options.length > 0 && g.chance(0.7) ? g.pick(options) : "bogusOption";
      o[snake(known) === known ? `${known}_` : snake(known)] = 1;
      out[Math.max(0, last)] = o;
      break;
    }
    case 2: { // a known option with a hostile value
      if (options.length === 0) return mutate(args, g, options);
      const o = isPlain(out[last]) ? { ...out[last] } : {};
      o[g.pick(options)] = g.chance(0.5) ? g.badNumber() : g.hostile();
      out[Math.max(0, last)] = o;
      break;
    }
    case 3: { // a bad element inside array data
      const at = out.findIndex(isArray);
      if (at < 0) out[i] = g.hostile();
      else out[at] = corruptLeaf(out[at] as unknown[], g);
      break;
    }
    case 4:
      out.length = g.int(0, Math.max(0, last));
      break;
    default:
      // Proxies that throw go where an options object belongs (read through one path).
      out[Math.max(0, last)] = options.length > 0 && isPlain(out[last])
        ? g.hostileOptions()
        : g.hostile();
  }
  return out;
}

/** Tensors reachable from the arguments (module tables included), to compare after a throw. */
export function tensorsIn(value: unknown, out: Tensor[] = [], depth = 0): Tensor[] {
  try {
    return collect(value, out, depth);
  } catch {
    return out; // A hostile Proxy or getter: it holds no tensor of ours.
  }
}

function collect(value: unknown, out: Tensor[], depth: number): Tensor[] {
  if (depth > 4) return out;
  if (value instanceof Tensor) out.push(value);
  else if (value instanceof Module) out.push(...value.namedParameters().map(([, t]) => t));
  else if (value instanceof RowSparseGrad) out.push(value.indices, value.values);
  else if (Array.isArray(value) && value.length < 64) {
    for (let i = 0; i < value.length; i++) tensorsIn(value[i], out, depth + 1);
  } else if (isPlain(value)) {
    for (const v of Object.values(value)) tensorsIn(v, out, depth + 1);
  }
  return out;
}

/** The bytes of a tensor's values (NaN payloads and -0 included), or null once disposed. */
export function bytesOf(t: Tensor): Uint8Array | null {
  try {
    return new Uint8Array(t.dataSync().slice().buffer);
  } catch {
    return null;
  }
}

/** Realizes every tensor in a result (lazy errors surface here). */
export async function realizeResult(value: unknown, depth = 0): Promise<void> {
  if (depth > 4) return;
  if (value instanceof Tensor) await value.data();
  else if (value instanceof RowSparseGrad) {
    await value.indices.data();
    await value.values.data();
  } else if (Array.isArray(value)) {
    for (const v of value) await realizeResult(v, depth + 1);
  } else if (isPlain(value)) {
    for (const v of Object.values(value)) await realizeResult(v, depth + 1);
  }
}

function sameBytes(a: Uint8Array | null, b: Uint8Array | null): boolean {
  if (a === null || b === null) return a === b;
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Checks one call; throws an Error describing the violation. */
export async function checkCall(
  spec: Spec,
  args: unknown[],
  mustSucceed: boolean,
  label: string,
): Promise<"ok" | "threw"> {
  const watch = spec.watch === false ? [] : tensorsIn(args);
  const before = watch.map(bytesOf);
  let caught: unknown;
  let threw = false;
  let result: unknown;
  let who = spec.who;
  try {
    result = await spec.call(args);
    // A lazy result's errors surface when it is computed: they may name Tensor.data().
    who = [...spec.who, "Tensor.data()"];
    await realizeResult(result);
  } catch (err) {
    caught = err;
    threw = true;
  }
  if (!threw) return "ok";
  const shown = `${label}: args ${args.map(describe).join(", ")}`;
  const message = caught instanceof Error ? caught.message : describe(caught);
  if (mustSucceed) throw new Error(`${shown}: valid arguments threw ${message}`);
  if (!(caught instanceof TypeError || caught instanceof RangeError)) {
    throw new Error(`${shown}: threw ${describe(caught)} (${message}), not a TypeError/RangeError`);
  }
  if (!who.some((w) => message.startsWith(`${w}: `))) {
    throw new Error(`${shown}: message does not name ${who.join(" or ")}: ${message}`);
  }
  if (message.endsWith(".") || message.length > 400) {
    throw new Error(`${shown}: message ends with a period or is too long: ${message}`);
  }
  watch.forEach((t, k) => {
    if (!sameBytes(before[k], bytesOf(t))) {
      throw new Error(`${shown}: input tensor ${k} changed after ${message}`);
    }
  });
  return "threw";
}

/** Runs a spec over its seeded cases; returns how many calls succeeded and threw. */
export async function runSpec(spec: Spec, seed: number): Promise<{ ok: number; threw: number }> {
  const g = new Gen(seed);
  const n = spec.cases ?? 300, share = spec.validShare ?? 0.25;
  const tally = { ok: 0, threw: 0 };
  for (let c = 0; c < n; c++) {
    const valid = spec.valid(g);
    const mustSucceed = g.chance(share);
    const own = !mustSucceed && spec.corrupt !== undefined && g.chance(0.5);
    const args = mustSucceed
      ? valid
      : own
      ? spec.corrupt!(valid, g)
      : mutate(valid, g, spec.options ?? []);
    if (spec.pending?.(args)) continue;
    tally[await checkCall(spec, args, mustSucceed, `${spec.covers[0]} seed ${seed} case ${c}`)]++;
  }
  return tally;
}
