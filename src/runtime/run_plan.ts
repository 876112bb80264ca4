/**
 * Running a plan: allocate outputs and temps, bind each step just before it
 * runs, launch it on an executor, free the temps. On failure, everything the
 * run allocated is freed and the error propagates.
 *
 * @module
 */

import { arena } from "../memory/arena.ts";
import { Storage } from "../memory/storage.ts";
import type { BindContext, Plan } from "../schedule/plan.ts";
import type { Executor } from "./executor.ts";
import { markScratchDirty, zeroedScratch } from "./scratch.ts";
import { traceLaunch } from "./debug.ts";

/** Concrete inputs and shapes for one run of a plan. */
export interface Binding {
  /** Shape of every plan value. */
  readonly shapes: readonly (readonly number[])[];
  /** Storage of every input value (other entries undefined). */
  readonly inputs: readonly (Storage | undefined)[];
}

/** A run in progress: the storage of every value, and the temps to free. */
interface Run {
  readonly storages: (Storage | undefined)[];
  readonly temps: { ptr: number; bytes: number }[];
  readonly ctx: BindContext;
}

const byteSize = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1) * 4;

function start(plan: Plan, binding: Binding, who: string): Run {
  const storages: (Storage | undefined)[] = [...binding.inputs];
  const temps: { ptr: number; bytes: number }[] = [];
  const run = { storages, temps } as Run;
  try {
    plan.nodes.forEach((node, v) => {
      if (node.role === "input" || node.role === "inlined") return;
      if (node.aliases >= 0) storages[v] = storages[node.inputs[node.aliases]];
      else storages[v] = Storage.alloc(byteSize(binding.shapes[v]), who);
    });
    for (const t of plan.temps) {
      const bytes = t.bytes((v) => binding.shapes[v]);
      temps.push({ ptr: arena().alloc(bytes, who), bytes });
    }
  } catch (err) {
    finish(plan, run, false);
    throw err;
  }
  const ctx: BindContext = {
    ptr: (v) => storages[v]!.ptr,
    shape: (v) => binding.shapes[v],
    temp: (t) => temps[t].ptr,
    scratch: (bytes) => zeroedScratch(bytes, who),
    get heap() {
      return arena().heap;
    },
  };
  return { storages, temps, ctx };
}

function finish(plan: Plan, run: Run, ok: boolean): void {
  for (const t of run.temps) arena().free(t.ptr, t.bytes);
  plan.nodes.forEach((node, v) => {
    const s = run.storages[v];
    if (s === undefined || node.role === "input" || node.aliases >= 0) return;
    if (!ok || node.role === "temp") s.dispose();
  });
  if (!ok) markScratchDirty();
}

/**
 * Runs a plan on a synchronous executor.
 *
 * @returns The storage of every value (outputs are the caller's to keep).
 */
export function runPlanSync(
  plan: Plan,
  binding: Binding,
  exec: Executor,
  who: string,
): (Storage | undefined)[] {
  const run = start(plan, binding, who);
  try {
    for (const step of plan.steps) {
      const launch = step.bind(run.ctx);
      traceLaunch(step, launch, exec.name);
      exec.run(step.kernel, step.spec, launch);
    }
  } catch (err) {
    finish(plan, run, false);
    throw err;
  }
  finish(plan, run, true);
  return run.storages;
}

/** Runs a plan on any executor. */
export async function runPlan(
  plan: Plan,
  binding: Binding,
  exec: Executor,
  who: string,
): Promise<(Storage | undefined)[]> {
  if (exec.sync) return runPlanSync(plan, binding, exec, who);
  const run = start(plan, binding, who);
  try {
    for (const step of plan.steps) {
      const launch = step.bind(run.ctx);
      traceLaunch(step, launch, exec.name);
      await exec.run(step.kernel, step.spec, launch);
    }
  } catch (err) {
    finish(plan, run, false);
    throw err;
  }
  finish(plan, run, true);
  return run.storages;
}
