/**
 * The force Workers of `tsne()` (see `_tsne_parallel.ts`), kept between
 * runs: starting a Worker blocks the calling thread for a while (about
 * 0.1 s in Deno) and it then takes as long again to load, so a run hands its
 * Workers back when it ends and the next run takes them up ready. Idle
 * Workers are `unref`ed (they never keep a program alive); one that exits
 * or fails is dropped.
 */

import { Worker } from "node:worker_threads";

/** Workers at most kept idle (a run uses at most 7). */
const KEEP = 8;

const idle: Worker[] = [];
const lost = new WeakSet<Worker>();
let busy = 0;

/** `count` Workers running `source` (idle ones first), referenced until released. */
export function takeWorkers(count: number, source: string): Worker[] {
  return Array.from({ length: count }, () => {
    busy++;
    const kept = idle.pop();
    if (kept) {
      kept.ref();
      return kept;
    }
    const worker = new Worker(source, { eval: true });
    const drop = () => {
      lost.add(worker);
      const at = idle.indexOf(worker);
      if (at >= 0) idle.splice(at, 1);
    };
    worker.on("exit", drop);
    worker.on("error", drop);
    return worker;
  });
}

/**
 * Hands Workers back once their run has stopped them (each waits for its
 * next first message); the surplus beyond `KEEP` is terminated.
 */
export async function releaseWorkers(workers: Worker[]): Promise<void> {
  busy -= workers.length;
  const surplus: Worker[] = [];
  for (const worker of workers) {
    if (lost.has(worker)) continue;
    if (idle.length < KEEP) {
      worker.unref();
      idle.push(worker);
    } else surplus.push(worker);
  }
  await Promise.all(surplus.map((w) => w.terminate()));
}

/** Force Workers taken by a run and not yet released (for tests). */
export function busyWorkers(): number {
  return busy;
}
