/**
 * Timing of single-threaded code on a shared, noisy machine: wall time, and
 * the process's CPU time (user + system), which does not count the time the
 * thread spent descheduled while other processes ran. Medians of samples of
 * about 50 ms, and the best sample (what the code does when the machine
 * leaves the core alone).
 *
 * @module
 */

import process from "node:process";
import { median } from "./_machine.ts";

/** Median wall and CPU seconds of one call of `fn`, and the least CPU seconds of a sample. */
export function timeCall(
  fn: () => void,
  samples = 5,
): { wall: number; cpu: number; bestCpu: number } {
  let reps = 1;
  for (;;) {
    const t0 = performance.now();
    for (let r = 0; r < reps; r++) fn();
    if (performance.now() - t0 > 50) break;
    reps *= 2;
  }
  const walls: number[] = [], cpus: number[] = [];
  for (let s = 0; s < samples; s++) {
    const t0 = performance.now(), c0 = process.cpuUsage();
    for (let r = 0; r < reps; r++) fn();
    const c = process.cpuUsage(c0);
    walls.push((performance.now() - t0) / 1000 / reps);
    cpus.push((c.user + c.system) / 1e6 / reps);
  }
  return { wall: median(walls), cpu: median(cpus), bestCpu: Math.min(...cpus) };
}
