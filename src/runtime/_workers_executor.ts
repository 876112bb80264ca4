/**
 * The executor of `executor: "workers"`: each launch runs on the calling
 * thread or is split over it and the pool's Workers, by the measured costs
 * of `_launch_cost.ts` (`inlineBelow: "auto"`) or by a fixed work threshold.
 *
 * @module
 */

import { arena } from "../memory/arena.ts";
import type { Launch } from "../schedule/plan.ts";
import { type Executor, runRange } from "./executor.ts";
import { LaunchCosts, SPLIT_FROM } from "./_launch_cost.ts";
import type { Pool } from "./pool.ts";
import { splitLaunch } from "./split.ts";
import { wasmFits } from "../../kernels/wasm/registry.ts";

/**
 * What starting the pool costs the calling thread, µs: creating a Worker
 * blocks it about 0.1 s in Deno, and booting takes about as long again
 * (measured 0.23 s for two on the 2-core machine).
 */
export const SPAWN_COST_US = 250_000;

/**
 * An executor that splits launches into `threads` shares. With two threads
 * or more, the calling thread runs the first share and `threads - 1` Workers
 * of the pool the others: one thread fewer to wake and to wait for per
 * launch; a launch runs inline when the split would not pay (`"auto"`) or
 * has less work than `inlineBelow`. With one thread, a single Worker runs
 * each launch of `inlineBelow` work or more (262144 for `"auto"`).
 */
export function workersExecutor(
  p: Pool,
  threads: number,
  kind: "js" | "wasm",
  inline: Executor,
  inlineBelow: number | "auto",
  spawnCostUs: number = SPAWN_COST_US,
): Executor {
  const shared = threads > 1;
  const costs = inlineBelow === "auto" && shared ? new LaunchCosts() : undefined;
  /** µs that launches kept inline because the pool was not running would have saved split. */
  let forgone = 0;
  // With one thread there is nothing to split, only to hand off: "auto" keeps the fixed threshold.
  const below = inlineBelow === "auto" ? SPLIT_FROM : inlineBelow;
  const parts = (launch: Launch) => Math.min(threads, launch.units);
  /**
   * Whether to split a candidate now, by the measured mode. Starting the pool blocks this thread
   * (`spawnCostUs`), so while it is not running a split happens only once the splits kept inline
   * would have saved that much (a ski-rental rule, never more than twice the best); while it boots,
   * candidates run inline.
   */
  const splits = (costs: LaunchCosts, spec: object, launch: Launch): boolean => {
    if (!costs.wouldSplit(launch.work, parts(launch))) return false;
    if (p.booted) return true;
    if (p.started) return false;
    forgone += costs.estimateUs(spec, launch.work) * (1 - 1 / parts(launch));
    return forgone >= spawnCostUs;
  };
  const fixedInline = (launch: Launch) => launch.work < below || launch.split === "single";
  const where = shared
    ? `caller + ${threads - 1} Worker${threads > 2 ? "s" : ""}/${kind}`
    : `1 Worker/${kind}`;
  return {
    name: `workers/${kind}x${threads}`,
    sync: false,
    // Not async: launches that run inline complete synchronously, so whole plans can.
    run(kernel, spec, launch) {
      if (launch.units === 0) return;
      if (costs === undefined) {
        if (fixedInline(launch)) return inline.run(kernel, spec, launch);
        return splitRun(p, kind, kernel, spec, launch, threads, shared);
      }
      if (launch.split === "single" || !costs.candidate(launch.work, parts(launch))) {
        return inline.run(kernel, spec, launch);
      }
      if (!splits(costs, spec, launch)) {
        if (!costs.measured(spec, launch.work, parts(launch))) {
          return inline.run(kernel, spec, launch);
        }
        const t0 = performance.now();
        inline.run(kernel, spec, launch);
        costs.noteInline(spec, launch.work, performance.now() - t0);
        return;
      }
      const t0 = performance.now();
      let own = 0, ownUnits = 0;
      const timed = (start: number, end: number) => {
        const s = performance.now();
        const status = runRange(kind, kernel, spec, launch.args, start, end);
        own = performance.now() - s;
        ownUnits = end - start;
        return status;
      };
      const ranges = splitLaunch(launch, threads, arena().heap), booted = p.booted;
      const poolKind = kind === "wasm" && !wasmFits(spec) ? "js" : kind;
      return p.run(poolKind, kernel, spec, launch.args, ranges, timed).then(() => {
        const ownWork = (launch.work * ownUnits) / launch.units;
        costs.noteSplit(spec, launch.work, ownWork, own, performance.now() - t0, booted);
      });
    },
    where: (launch) =>
      launch.split !== "single" &&
        (costs
          ? costs.wouldSplit(launch.work, parts(launch)) && (p.booted || forgone >= spawnCostUs)
          : !fixedInline(launch))
        ? where
        : inline.name,
  };
}

/** Runs a launch split over the pool (the caller taking the first share when `shared`). */
function splitRun(
  p: Pool,
  kind: "js" | "wasm",
  kernel: string,
  spec: Parameters<Executor["run"]>[1],
  launch: Launch,
  threads: number,
  shared: boolean,
): Promise<void> {
  const ranges = splitLaunch(launch, threads, arena().heap), args = launch.args;
  const caller = shared
    ? (start: number, end: number) => runRange(kind, kernel, spec, args, start, end)
    : undefined;
  return p.run(
    kind === "wasm" && !wasmFits(spec) ? "js" : kind,
    kernel,
    spec,
    args,
    ranges,
    caller,
  );
}
