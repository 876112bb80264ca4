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

const readers = new WeakMap<Node, Node[]>();
const writers = new WeakMap<Storage, Node>();

/** Records that `reader` reads its inputs (call once per new node). */
export function noteReads(reader: Node): void {
  for (const input of reader.inputs) {
    let list = readers.get(input);
    if (list === undefined) readers.set(input, list = []);
    // Realized readers are done: holding them would keep their results alive.
    else if (list.length > 0) list = list.filter((n) => n.storage === undefined);
    list.push(reader);
    readers.set(input, list);
  }
}

/** Unrealized nodes that read `value`. */
export function pendingReaders(value: Node): Node[] {
  return (readers.get(value) ?? []).filter((n) => n.storage === undefined);
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
