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
 * Readers by the node they read, held weakly: a reader nobody can compute
 * any more is garbage, and a computed one (materialised, or fused into a
 * kernel as a temp) is done. Without both, a long-lived table would keep
 * every lookup ever built on it alive, with the graph behind it.
 */
const readers = new WeakMap<Node, WeakRef<Node>[]>();
const writers = new WeakMap<Storage, Node>();
/** Nodes a completed run computed (materialised or fused). */
const computed = new WeakSet<Node>();

/** Records that a run computed `nodes`. */
export function markComputed(nodes: readonly Node[]): void {
  for (const n of nodes) computed.add(n);
}

/** Whether a completed run computed `node` (its value exists, or existed in a kernel). */
export function isComputed(node: Node): boolean {
  return computed.has(node);
}

const pending = (n: Node | undefined): n is Node =>
  n !== undefined && n.storage === undefined && !computed.has(n);

/** Records that `reader` reads its inputs (call once per new node). */
export function noteReads(reader: Node): void {
  for (const input of reader.inputs) {
    let list = readers.get(input);
    if (list === undefined) readers.set(input, list = []);
    else if (list.length >= 8) {
      list = list.filter((ref) => pending(ref.deref()));
      readers.set(input, list);
    }
    list.push(new WeakRef(reader));
  }
}

/** Nodes that read `value` and have not run yet. */
export function pendingReaders(value: Node): Node[] {
  return (readers.get(value) ?? []).map((ref) => ref.deref()).filter(pending);
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
