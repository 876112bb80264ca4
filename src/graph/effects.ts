/**
 * Ordering of in-place writes (max-norm renormalises a table in place).
 * A write must come after every pending reader of the value it overwrites,
 * and anything that reads a storage must first wait for pending writes to
 * it. Readers are tracked per node (a value), writers per storage.
 *
 * @module
 */

import type { Node } from "./node.ts";
import type { Storage } from "../memory/storage.ts";

/**
 * Readers are kept on the node they read (`node.readers`). A reader leaves
 * the list when a run computes it (materialised, or fused into a kernel as
 * a temp). Only the 8 newest are held strongly; an older one still pending
 * is held weakly: a reader nobody can compute any more is garbage, and a
 * long-lived table must not keep every lookup ever built on it alive, with
 * the graph behind it. Readers computed or collected leave the list when it
 * reaches 8, 16, 32, ... entries, so a value read by many pending nodes
 * costs O(1) per read. Most readers run soon after they are built, so few
 * ever need a `WeakRef`: V8's scavenges keep a `WeakRef`'s target alive, so
 * one per edge kept whole graphs alive until the next full collection.
 */
const writers = new WeakMap<Storage, Node>();

type Reader = Node | WeakRef<Node>;

const nodeOf = (r: Reader): Node | undefined => r instanceof WeakRef ? r.deref() : r;

const pending = (n: Node | undefined): n is Node =>
  n !== undefined && n.storage === undefined && !n.computed;

/** Records that a run computed `nodes`: they stop being readers of their inputs. */
export function markComputed(nodes: readonly Node[]): void {
  for (const n of nodes) n.computed = true;
  for (const n of nodes) {
    for (const input of n.inputs) {
      if (input.readers !== undefined) keepPending(input.readers);
    }
  }
}

/** Whether a completed run computed `node` (its value exists, or existed in a kernel). */
export function isComputed(node: Node): boolean {
  return node.computed;
}

/** Keeps a list's pending readers only, in place. */
function keepPending(list: Reader[]): void {
  let kept = 0;
  for (const r of list) if (pending(nodeOf(r))) list[kept++] = r;
  list.length = kept;
}

/** Records that `reader` reads its inputs (call once per new node). */
export function noteReads(reader: Node): void {
  for (const input of reader.inputs) {
    if (input.deferred) {
      // A node read from now on must be computed before a write to what it reads.
      input.deferred = false;
      if (pending(input)) noteReads(input);
    }
    const list = input.readers ??= [];
    // Dropping the computed and collected costs O(n) at n = 8, 16, 32, ...: O(1) per read.
    if (list.length >= 8 && (list.length & (list.length - 1)) === 0) keepPending(list);
    // The eighth newest reader is held weakly from now on, if it is still pending.
    // (An index below 0 would be a slow named-property lookup in V8.)
    const old = list.length >= 8 ? list[list.length - 8] : undefined;
    if (old !== undefined && !(old instanceof WeakRef) && pending(old)) {
      list[list.length - 8] = new WeakRef(old);
    }
    list.push(reader);
  }
}

/** Nodes that read `value` and have not run yet. */
export function pendingReaders(value: Node): Node[] {
  const out: Node[] = [];
  for (const r of value.readers ?? []) {
    const n = nodeOf(r);
    if (pending(n)) out.push(n);
  }
  return out;
}

/** The storage an in-place node writes: follow `aliases` down to a realized node. */
function targetOf(node: Node): Storage | undefined {
  let at: Node = node;
  while (at.storage === undefined && at.aliases >= 0) at = at.inputs[at.aliases];
  return at.storage;
}

/** Records an in-place write (call once per new in-place node). */
export function noteWrite(writer: Node): void {
  const target = targetOf(writer);
  if (target !== undefined) writers.set(target, writer);
}

/** The latest in-place write to `storage` that has not run yet. */
export function pendingWriter(storage: Storage): Node | undefined {
  const w = writers.get(storage);
  return w !== undefined && w.storage === undefined ? w : undefined;
}

/**
 * Forgets a write recorded while `jit` traced (it writes an argument's
 * storage): the call itself runs it, after the lazy readers of the old value,
 * so computing those readers first must not pull the write in.
 */
export function forgetWrite(writer: Node): void {
  const target = targetOf(writer);
  if (target !== undefined && writers.get(target) === writer) writers.delete(target);
}

/**
 * Takes pending `nodes` out of their inputs' reader lists until a new node
 * reads one of them (`noteReads` puts it back). For the parts of a gradient
 * `backward()` leaves lazy, which nothing may ever compute: as readers of a
 * long-lived value (the `offsets` or ids a loop reuses) they kept each step's
 * gradient graph alive until a full collection. The caller makes sure no
 * input of theirs can be written in place before they are read.
 */
export function deferReads(nodes: readonly Node[]): void {
  for (const node of nodes) {
    if (!pending(node) || node.deferred) continue;
    node.deferred = true;
    for (const input of node.inputs) {
      const list = input.readers;
      if (list === undefined) continue;
      let kept = 0;
      for (const r of list) if (nodeOf(r) !== node) list[kept++] = r;
      list.length = kept;
    }
  }
}
