/**
 * The calling thread's side of the pool's control buffer (the layout is
 * `CONTROL` in `_worker_main.ts`): writing a command into a Worker's ring
 * (the slot, then the new tail, then a wake-up for a Worker blocked on it),
 * and waiting until a dispatch's commands have completed.
 *
 * @module
 */

import { CONTROL as C } from "./_worker_main.ts";

/** A command for a Worker: an op, a kernel id, a range and the kernel's arguments. */
export interface Command {
  readonly op: number;
  readonly id: number;
  readonly start: number;
  readonly end: number;
  readonly args: readonly number[];
}

/**
 * Appends a command to Worker `w`'s ring.
 *
 * @throws {Error} If the ring is full or the arguments do not fit a slot (internal errors).
 */
export function postCommand(ctl: Int32Array, f64: Float64Array, w: number, c: Command): void {
  const base = C.HEADER + w * C.REGION;
  const tail = ctl[base + C.TAIL];
  if (tail - Atomics.load(ctl, base + C.HEAD) >= C.SLOTS) {
    throw new Error(`internal: the command ring of Worker ${w} is full`);
  }
  if (c.args.length > C.MAX_ARGS) {
    throw new Error(`internal: ${c.args.length} kernel args exceed ${C.MAX_ARGS}`);
  }
  const slot = base + C.RING + (tail % C.SLOTS) * C.SLOT;
  ctl[slot] = c.op;
  ctl[slot + 1] = c.id;
  ctl[slot + 2] = c.start;
  ctl[slot + 3] = c.end;
  ctl[slot + 4] = c.args.length;
  for (let i = 0; i < c.args.length; i++) f64[(slot + C.ARGS) / 2 + i] = c.args[i];
  Atomics.store(ctl, base + C.TAIL, tail + 1);
  Atomics.notify(ctl, base + C.TAIL);
}

/** Polls `PENDING` until it is zero, for up to `SPIN_US` microseconds. */
export function pollPending(ctl: Int32Array): void {
  const until = performance.now() + C.SPIN_US / 1000;
  for (let i = 1; Atomics.load(ctl, C.PENDING) !== 0; i++) {
    if ((i & 255) === 0 && performance.now() > until) return;
  }
}

/**
 * Resolves once every RUN of the current dispatch has completed.
 *
 * The caller first polls for `SPIN_US` microseconds, then blocks in
 * `Atomics.wait` (in 1 ms slices, at most `blockMs`): a wake-up through the event loop costs about 0.3 ms here, a
 * blocked thread wakes in microseconds. Longer runs, and Workers that died
 * (noticed only through their `exit` event), fall back to
 * `Atomics.waitAsync`, with a timer holding the event loop open: a pending
 * waitAsync does not keep it alive and the Workers are unref'ed.
 */
export async function allSettled(ctl: Int32Array, blockMs: number): Promise<void> {
  const deadline = performance.now() + blockMs;
  pollPending(ctl);
  try {
    for (let v; (v = Atomics.load(ctl, C.PENDING)) !== 0 && performance.now() < deadline;) {
      Atomics.wait(ctl, C.PENDING, v, 1);
    }
  } catch {
    // Atomics.wait is not allowed on this thread (e.g. a browser main thread).
  }
  if (Atomics.load(ctl, C.PENDING) === 0) return;
  const keepAlive = setInterval(() => {}, 1 << 30);
  try {
    for (;;) {
      const pending = Atomics.load(ctl, C.PENDING);
      if (pending === 0) return;
      const wait = Atomics.waitAsync(ctl, C.PENDING, pending);
      if (wait.async) await wait.value;
    }
  } finally {
    clearInterval(keepAlive);
  }
}
