/**
 * `dispose()` of a tensor that pending results still read. Freeing its block
 * at once would let the next allocation overwrite the data those results
 * are about to read, so the storage is marked disposed (no new use may start)
 * and freed as soon as every result that was pending at the time has been
 * computed (or dropped). A run that would read a storage whose block is
 * already gone rejects with a `TypeError` instead (see `run_plan.ts`).
 *
 * @module
 */

import type { Node } from "./node.ts";
import type { Storage } from "../memory/storage.ts";
import { isComputed, markComputed, pendingReaders } from "./effects.ts";

/** Disposed storages waiting for their pending readers. */
const waiting = new Map<Storage, WeakRef<Node>[]>();

/** The storage a node's value lives in: its own, or the one a pending in-place write targets. */
export function storageOf(node: Node): Storage | undefined {
  let at: Node = node;
  while (at.storage === undefined && at.aliases >= 0) at = at.inputs[at.aliases];
  return at.storage;
}

/**
 * Disposes the value behind a tensor's node: the storage it holds, or, for a
 * pending in-place write (`maxNorm`), the storage it writes.
 */
export function disposeValue(node: Node): void {
  const chain: Node[] = [];
  let at: Node = node;
  while (at.storage === undefined && at.aliases >= 0) {
    chain.push(at);
    at = at.inputs[at.aliases];
  }
  chain.push(at);
  const storage = at.storage;
  if (storage === undefined || storage.freed) return;
  // Readers of the value (or of the writes pending on it), other than those writes.
  const readers = chain.flatMap((n) => pendingReaders(n)).filter((r) => !chain.includes(r));
  if (readers.length === 0) return storage.dispose();
  storage.markDisposed();
  waiting.set(storage, readers.map((r) => new WeakRef(r)));
}

/** Records that a run computed `nodes`, and frees disposed storages nothing pending reads. */
export function noteComputed(nodes: readonly Node[]): void {
  markComputed(nodes);
  for (const [storage, readers] of waiting) {
    const pending = readers.some((ref) => {
      const r = ref.deref();
      return r !== undefined && r.storage === undefined && !isComputed(r);
    });
    if (!pending) {
      waiting.delete(storage);
      storage.release();
    }
  }
}
