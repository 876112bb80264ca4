/**
 * `EMBED_DEBUG=1|2|3`: print the graph (1), the schedule (2) and every kernel
 * launch (3) to stderr. `setDebugLevel()` does the same from code.
 *
 * @module
 */

import type { Node } from "../graph/node.ts";
import { printGraph } from "../graph/print.ts";
import type { Launch, Plan, Step } from "../schedule/plan.ts";
import { printPlan } from "../schedule/print.ts";
import { readEnv } from "./_env.ts";
import { describe } from "../tensor/_nested.ts";

let level = Number(readEnv("EMBED_DEBUG") ?? 0) || 0;

/**
 * Sets how much the runtime prints: 0 nothing, 1 graphs, 2 schedules, 3 launches.
 *
 * @example
 * ```ts
 * import { setDebugLevel } from "@tessera/embed";
 * setDebugLevel(0);
 * ```
 *
 * @param next The new level (0 to 3).
 * @throws {RangeError} For a level outside 0 to 3.
 */
export function setDebugLevel(next: number): void {
  if (!Number.isInteger(next) || next < 0 || next > 3) {
    const Err = typeof next === "number" ? RangeError : TypeError;
    throw new Err(`setDebugLevel(): level is ${describe(next)} but must be 0, 1, 2 or 3`);
  }
  level = next;
}

/** The current debug level. */
export function debugLevel(): number {
  return level;
}

/** Prints a graph about to be scheduled (level 1+). */
export function traceGraph(nodes: readonly Node[], cached: boolean): void {
  if (level >= 1) {
    console.error(`[tessera] graph${cached ? " (plan cached)" : ""}:\n${printGraph(nodes)}`);
  }
}

/** Prints a fresh schedule (level 2+). */
export function traceSchedule(plan: Plan): void {
  if (level >= 2) console.error(`[tessera] schedule:\n${printPlan(plan)}`);
}

/** Prints a launch (level 3); `executor` names where it runs (only called when printing). */
export function traceLaunch(step: Step, launch: Launch, executor: () => string): void {
  if (level >= 3) {
    console.error(
      `[tessera] launch ${step.kernel} units=${launch.units} work=${launch.work} split=${launch.split} ` +
        `on ${executor()} args=[${launch.args.join(",")}]`,
    );
  }
}
