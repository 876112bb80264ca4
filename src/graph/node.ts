/**
 * The traced graph: one plain-data `Node` shape. Behaviour lives in the
 * primitive registry (`primitive.ts`, `prims/`): a node's shape and dtype
 * come from its primitive's rules, never from the caller.
 *
 * @module
 */

import type { Storage } from "../memory/storage.ts";
import { noteReads, noteWrite } from "./effects.ts";
import type { AttrsOf, NodeOf, OpKind } from "./primitive.ts";
import { PRIMITIVES } from "./prims/index.ts";

/**
 * Element types of tensors.
 *
 * @example
 * ```ts
 * import { type DType, zeros } from "@tessera/embed";
 * const dtype: DType = "int32"; // ids and masks; tables are "float32"
 * const mask = zeros([2, 3], { dtype });
 * console.log(mask.dtype); // "int32"
 * ```
 */
export type DType = "float32" | "int32";

export type { OpKind } from "./primitive.ts";

/** Static attributes of a node: plain, JSON-printable data. */
export type Attrs = Readonly<Record<string, number | string | boolean | null>>;

/** Data-dependent facts found by a node's check (for example the nnz of a sparse result). */
export type Facts = Readonly<Record<string, number>>;

/** One node of the traced graph. */
export interface Node {
  /** Unique id, also the node's identity in printouts. */
  readonly id: number;
  readonly op: OpKind;
  readonly inputs: readonly Node[];
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly attrs: Attrs;
  /** Facts computed when the node was built (they fix dynamic shapes). */
  readonly facts: Facts;
  /** Nodes that must run before this one although it does not read them (write-after-read order). */
  readonly after: readonly Node[];
  /** Hash-consing key: op, input ids and attrs. Equal keys mean equal values. */
  readonly key: string;
  /** Structural signature without inputs: `op{attrs}` (the attrs a plan depends on, `Primitive.structure`), or the dtype and shape of a leaf. */
  readonly sig: string;
  /** Traversal mark and position, owned by `collect()`. */
  mark: number;
  /**
   * On the autograd tape: a leaf that requires gradients, or computed from
   * one. Realizing such a node keeps its inputs, so `backward()` can still
   * walk through it.
   */
  tape: boolean;
  pos: number;
  /** Set once the node's value exists in the arena. */
  storage: Storage | undefined;
  /**
   * Set when an optimizer step has overwritten this (realized) value in place
   * and its tensor moved to a new node: graphs built before the step that
   * would read it again (to compute a gradient) would read the new values.
   */
  overwritten: boolean;
  /** For in-place ops, the input whose storage the node writes (index into `inputs`). */
  readonly aliases: number;
  /** Set once a completed run has computed this node (materialised, or fused into a kernel). */
  computed: boolean;
  /**
   * Nodes built to read this one that have not run yet, owned by
   * `effects.ts`: held strongly while fresh, weakly once they have outlived
   * a pruning (a reader that is never run must not keep this value's graph).
   */
  readers: (Node | WeakRef<Node>)[] | undefined;
  /**
   * Set while this pending node is not among its inputs' readers (see
   * `deferReads` in `effects.ts`): it joins them when a new node reads it.
   */
  deferred: boolean;
}

let nextId = 0;

/** The id the next node will get: nodes with smaller ids were built before this call. */
export function nodeWatermark(): number {
  return nextId;
}

/** Shared empty `after` list and facts of nodes without them (never mutated). */
const NO_NODES: readonly Node[] = Object.freeze([]);
const NO_FACTS: Facts = Object.freeze({});

const INTERN_LIMIT = 256;
/**
 * Nodes built since the last run, by key. Bounded, and emptied by every run
 * (`clearInterned`): realized nodes are never reused (their value may since
 * have been written in place), and nodes left out of a run are let go.
 */
let interned = new Map<string, Node>();

/** Stable text for attrs: keys in order, `null`s dropped. */
export function attrsKey(attrs: Attrs): string {
  let s = "";
  for (const k of Object.keys(attrs).sort()) {
    const v = attrs[k];
    if (v !== null) s += `${s ? "," : ""}${k}=${v}`;
  }
  return s;
}

/** A leaf node holding realized storage. */
export function bufferNode(storage: Storage, shape: readonly number[], dtype: DType): Node {
  const id = nextId++;
  return {
    id,
    op: "buffer",
    inputs: NO_NODES,
    shape,
    dtype,
    attrs: NO_FACTS,
    facts: NO_FACTS,
    after: NO_NODES,
    key: `buffer#${id}`,
    sig: `I${dtype}[${shape}]`,
    mark: 0,
    pos: 0,
    storage,
    overwritten: false,
    aliases: -1,
    tape: false,
    computed: false,
    readers: undefined,
    deferred: false,
  };
}

/** Optional fields of a node beyond its op, inputs and attrs. */
export interface NodeExtras {
  /** Data-dependent facts (they fix dynamic shapes). */
  facts?: Facts;
  /** Nodes that must run before this one although it does not read them. */
  after?: readonly Node[];
  /** For in-place ops, the input whose storage the node writes. */
  aliases?: number;
}

/**
 * Builds a node, its shape and dtype given by the primitive's rules, reusing
 * an existing one with the same op, inputs and attrs (hash-consing). Nodes
 * with side effects (`aliases >= 0`) are never shared.
 */
export function makeNode<K extends OpKind>(
  op: K,
  inputs: readonly Node[],
  attrs: AttrsOf[K],
  extras?: NodeExtras,
): NodeOf<K> {
  const after = extras?.after ?? NO_NODES;
  const aliases = extras?.aliases ?? -1;
  const facts = extras?.facts ?? NO_FACTS;
  const a = attrs as Attrs;
  let full = `${op}{`;
  for (const k in a) {
    const v = a[k];
    // -0 is not 0 in a key (String(-0) is "0"): a node of one is not a node of the other.
    if (v !== null) full += `${k}=${v === 0 && Object.is(v, -0) ? "-0" : v},`;
  }
  full += "}";
  let ids = "";
  for (const n of inputs) ids += `${n.id},`;
  for (const n of after) ids += `a${n.id},`;
  const key = full + ids;
  if (aliases < 0) {
    const hit = interned.get(key);
    if (hit !== undefined && hit.storage === undefined) return hit as NodeOf<K>;
  }
  const prim = PRIMITIVES[op];
  // The plan's key leaves out the attrs that are run-time arguments (see `Primitive.structure`).
  const sig = prim.structure === undefined ? full : `${op}{${prim.structure(attrs)}}`;
  const shapes: (readonly number[])[] = [], dtypes: DType[] = [];
  let tape = false;
  for (const n of inputs) {
    shapes.push(n.shape);
    dtypes.push(n.dtype);
    tape ||= n.tape;
  }
  const node: NodeOf<K> = {
    id: nextId++,
    op,
    inputs,
    shape: prim.shape(shapes, attrs, facts),
    dtype: prim.dtype(dtypes, attrs),
    attrs,
    facts,
    after,
    key,
    sig,
    mark: 0,
    pos: 0,
    storage: undefined,
    overwritten: false,
    aliases,
    tape,
    computed: false,
    readers: undefined,
    deferred: false,
  };
  noteReads(node);
  if (aliases >= 0) noteWrite(node);
  if (aliases < 0) {
    if (interned.size >= INTERN_LIMIT) trimInterned();
    interned.set(key, node);
  }
  return node;
}

/**
 * Makes room in the full intern table: drops the oldest nodes until it is
 * half full, so that a sweep runs once per `INTERN_LIMIT / 2` new nodes at
 * most, not on every node. (It holds no realized node: a run realizes nodes
 * and empties it, see `clearInterned`.)
 */
function trimInterned(): void {
  for (const k of interned.keys()) {
    if (interned.size <= INTERN_LIMIT / 2) break;
    interned.delete(k);
  }
}

/**
 * Empties the intern table. A completed run calls it: nodes built before the
 * run either ran in it (never shared again) or were left out of it, and a
 * node left out (a gradient nobody asked for, a value a fused step read
 * through its inputs) would otherwise keep its whole graph alive across many
 * steps, through the collector's young generation into its old one.
 */
export function clearInterned(): void {
  // A fresh map, not `clear()`: V8's cleared table links to its successor and keeps its entries
  // (for live iterators), so tables cleared on every run chained every node ever interned
  // through to the next full collection (measured: 550 bytes promoted per tiny call).
  if (interned.size > 0) interned = new Map();
}

/** Number of elements of a shape. */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}
