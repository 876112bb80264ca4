/**
 * Kernel signatures: the one place a kernel's parameters are written.
 *
 * A signature is an ordered record of parameter names to kinds (the key
 * order is the positional order of the launch arguments and of the Wasm
 * `run` parameters). From it:
 *
 * - the JS reference body gets its arguments decoded and by name
 *   (`JsArgs`: pointers as element offsets, the byte offset `>>> 2` for
 *   4-byte elements);
 * - the Wasm emitter gets its parameters, names and types (`wasmParams`,
 *   and the parameter locals by name, typed, in `emitKernel`);
 * - a lowering binds by name (`BindArgs`: pointers as byte offsets), and
 *   `packArgs` builds the positional array from the signature.
 *
 * A list parameter (`list(kind, count)`) stands for `count(spec)`
 * consecutive arguments of one kind, named `name0, name1, ...` in Wasm and
 * bound and decoded as arrays.
 *
 * @module
 */

/** A pointer (byte offset into the arena) to float32 elements. */
export const F32 = "f32*";
/** A pointer to int32 elements. */
export const I32 = "i32*";
/** A pointer to 4-byte elements of either type (copied or read per a spec's dtypes). */
export const X32 = "x32*";
/** A pointer to bytes: its element offset is the byte offset. */
export const U8 = "u8*";
/** An integer (a size, an index, a padding row): a Wasm `i32`. */
export const INT = "int";
/** A real number (a learning rate, a norm): a Wasm `f64`, passed unrounded. */
export const FLOAT = "float";

/** The kind of one parameter. */
export type ScalarKind =
  | typeof F32
  | typeof I32
  | typeof X32
  | typeof U8
  | typeof INT
  | typeof FLOAT;

/** `count(spec)` consecutive parameters of one kind. */
export interface ParamList<S = never> {
  readonly list: ScalarKind;
  readonly count: (spec: S) => number;
}

/** A kernel signature: parameter names to kinds, in positional order. */
export type Signature = Readonly<Record<string, ScalarKind | ParamList>>;

/** The value of one parameter: a number, or an array for a list parameter. */
export type ArgOf<K> = K extends ParamList ? readonly number[] : number;

/** Values by parameter name: numbers, and arrays for list parameters. */
export type ArgsOf<G extends Signature> = { readonly [K in keyof G]: ArgOf<G[K]> };

/** What a lowering binds: pointers are byte offsets into the arena. */
export type BindArgs<G extends Signature> = ArgsOf<G>;

/** What a JS reference body reads: pointers are element offsets (byte offset `>>> 2`). */
export type JsArgs<G extends Signature> = ArgsOf<G>;

/**
 * Declares a signature (the identity, typed so that names and kinds are kept
 * as literal types).
 */
export function signature<const G extends Signature>(sig: G): G {
  return sig;
}

/** A list parameter of `count(spec)` arguments of one kind. */
export function list<S>(kind: ScalarKind, count: (spec: S) => number): ParamList<S> {
  return { list: kind, count };
}

/**
 * A signature expanded for one spec, per parameter in order: its name, its
 * shift (2 for pointers to 4-byte elements, else 0) and its count (-1 for a
 * single argument, else a list's length); `lists` says whether any count is
 * not -1. Plain data: Workers get it as JSON.
 */
export interface ArgLayout {
  readonly names: readonly string[];
  readonly shifts: readonly number[];
  readonly counts: readonly number[];
  readonly lists: boolean;
}

const shiftOf = (k: ScalarKind): number => (k === F32 || k === I32 || k === X32 ? 2 : 0);

const fixed = new WeakMap<Signature, ArgLayout>();

/** The layout of a signature for a spec (cached for signatures without lists). */
export function argLayout(sig: Signature, spec: unknown): ArgLayout {
  const hit = fixed.get(sig);
  if (hit !== undefined) return hit;
  const names: string[] = [], shifts: number[] = [], counts: number[] = [];
  for (const [name, k] of Object.entries(sig)) {
    names.push(name);
    shifts.push(shiftOf(typeof k === "string" ? k : k.list));
    counts.push(typeof k === "string" ? -1 : (k.count as (s: unknown) => number)(spec));
  }
  const layout = { names, shifts, counts, lists: counts.some((c) => c >= 0) };
  if (!layout.lists) fixed.set(sig, layout);
  return layout;
}

/** Wasm `run` parameters of a signature for a spec: names and types, in order. */
export function wasmParams(sig: Signature, spec: unknown): [string, "i32" | "f64"][] {
  const out: [string, "i32" | "f64"][] = [];
  for (const [name, k] of Object.entries(sig)) {
    if (typeof k === "string") out.push([name, k === FLOAT ? "f64" : "i32"]);
    else {
      const n = (k.count as (s: unknown) => number)(spec), t = k.list === FLOAT ? "f64" : "i32";
      for (let i = 0; i < n; i++) out.push([`${name}${i}`, t]);
    }
  }
  return out;
}

/**
 * The positional arguments of a launch from its named ones, in signature
 * order.
 *
 * @throws {Error} If a list's length is not the one the layout expects (an internal error).
 */
export function packArgs<G extends Signature>(layout: ArgLayout, args: BindArgs<G>): number[] {
  const named = args as unknown as Readonly<Record<string, number & readonly number[]>>;
  const { names, counts } = layout, n = names.length;
  if (!layout.lists) {
    const out = new Array<number>(n);
    for (let i = 0; i < n; i++) out[i] = named[names[i]];
    return out;
  }
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = named[names[i]], count = counts[i];
    if (count < 0) out.push(v);
    else {
      if (v.length !== count) {
        throw new Error(
          `internal: ${names[i]} has ${v.length} arguments but the kernel takes ${count}`,
        );
      }
      for (let k = 0; k < count; k++) out.push(v[k]);
    }
  }
  return out;
}

/**
 * Decodes positional arguments into `into` by name, pointers as element
 * offsets (ints and floats as they are), and returns it. Workers rebuild
 * this function from its source text, so it stays self-contained.
 */
export function decodeArgs(
  layout: ArgLayout,
  a: ArrayLike<number>,
  into: Record<string, number | number[]>,
): Record<string, number | number[]> {
  const { names, shifts, counts } = layout, n = names.length;
  if (!layout.lists) {
    for (let i = 0; i < n; i++) into[names[i]] = shifts[i] ? a[i] >>> shifts[i] : a[i];
    return into;
  }
  for (let g = 0, i = 0; g < n; g++) {
    const shift = shifts[g], count = counts[g];
    if (count < 0) {
      into[names[g]] = shift ? a[i++] >>> shift : a[i++];
      continue;
    }
    const l: number[] = [];
    for (let k = 0; k < count; k++) l.push(shift ? a[i++] >>> shift : a[i++]);
    into[names[g]] = l;
  }
  return into;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * A function compiled from source built out of a layout's names (checked
 * identifiers), or `undefined` where code generation is not allowed (a
 * content security policy): the callers fall back to the generic loops.
 */
function compiled<F>(layout: ArgLayout, params: string[], body: string): F | undefined {
  if (layout.lists || !layout.names.every((n) => IDENTIFIER.test(n))) return undefined;
  try {
    return new Function(...params, body) as F;
  } catch {
    return undefined;
  }
}

const packers = new WeakMap<ArgLayout, (args: object) => number[]>();
const decoders = new WeakMap<ArgLayout, typeof decodeArgs>();

/** Packers of layouts with lists, by names and counts (a plan's layout is made per step). */
const listPackers = new Map<string, (args: object, slow: (args: object) => number[]) => number[]>();

/**
 * A layout with lists compiled to `(a, slow) => a.mask.length === 1 ? [a.A, ..., a.mask[0]] :
 * slow(a)`: a list of another length goes through `packArgs`, which refuses it.
 */
function listPacker(layout: ArgLayout): ((args: object) => number[]) | undefined {
  const { names, counts } = layout;
  if (!names.every((n) => IDENTIFIER.test(n))) return undefined;
  const key = `${names}|${counts}`;
  let pack = listPackers.get(key);
  if (pack === undefined) {
    const items: string[] = [], lengths: string[] = [];
    names.forEach((n, i) => {
      if (counts[i] < 0) return void items.push(`a.${n}`);
      lengths.push(`a.${n}.length === ${counts[i]}`);
      for (let k = 0; k < counts[i]; k++) items.push(`a.${n}[${k}]`);
    });
    try {
      pack = new Function(
        "a",
        "slow",
        `return ${lengths.join(" && ")} ? [${items}] : slow(a);`,
      ) as (
        args: object,
        slow: (args: object) => number[],
      ) => number[];
    } catch {
      return undefined;
    }
    if (listPackers.size >= 256) listPackers.clear();
    listPackers.set(key, pack);
  }
  const slow = (args: object) => packArgs(layout, args as BindArgs<Signature>);
  const packed = pack;
  return (args) => packed(args, slow);
}

/**
 * `packArgs` for one layout, compiled to `(a) => [a.W, a.idx, ...]` (list
 * arguments spelt out, see `listPacker`), whose property reads stay
 * monomorphic, so a lowering's binding by name costs what a positional array did.
 */
export function argPacker(layout: ArgLayout): (args: object) => number[] {
  let pack = packers.get(layout);
  if (pack === undefined) {
    const body = `return [${layout.names.map((n) => `a.${n}`).join(", ")}];`;
    pack = (layout.lists ? listPacker(layout) : compiled(layout, ["a"], body)) ??
      ((args: object) => packArgs(layout, args as BindArgs<Signature>));
    packers.set(layout, pack);
  }
  return pack;
}

/**
 * `decodeArgs` for one layout. For a layout without lists it is compiled to
 * `(l, a, o) => { o.W = a[0] >>> 2; ...; return o; }` (monomorphic stores).
 */
export function argDecoder(layout: ArgLayout): typeof decodeArgs {
  let decode = decoders.get(layout);
  if (decode === undefined) {
    const stores = layout.names.map((n, i) =>
      `o.${n} = a[${i}]${layout.shifts[i] ? ` >>> ${layout.shifts[i]}` : ""};`
    );
    decode = compiled(layout, ["l", "a", "o"], `${stores.join(" ")} return o;`) ?? decodeArgs;
    decoders.set(layout, decode);
  }
  return decode;
}
