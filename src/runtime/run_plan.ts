/**
 * Running a plan: allocate outputs (a storage each) and temporaries (one
 * block, see `_temp_block.ts`), bind each step just before it runs, launch it
 * on an executor, free the temporaries. On failure, everything the run
 * allocated is freed and the error propagates.
 *
 * @module
 */

import { arena, type Heap } from "../memory/arena.ts";
import { RESULT, Storage } from "../memory/storage.ts";
import type { BindContext, Plan, Step } from "../schedule/plan.ts";
import type { Attrs } from "../graph/node.ts";
import type { Executor } from "./executor.ts";
import { giveScratch, type ScratchArea, takeScratch } from "./scratch.ts";
import { debugLevel, traceLaunch } from "./debug.ts";
import { KernelFault } from "./_fault.ts";
import { keptTemps, type TempLayout, tempLayout } from "./_temp_block.ts";

/** Concrete inputs and shapes for one run of a plan. */
export interface Binding {
  /** Shape of every plan value. */
  readonly shapes: readonly (readonly number[])[];
  /** Storage of every input value (other entries undefined). */
  readonly inputs: readonly (Storage | undefined)[];
  /** Attrs of every node of the graph being run (its run-time arguments among them). */
  readonly attrs: readonly Attrs[];
}

function byteSize(shape: readonly number[]): number {
  let n = 4;
  for (const d of shape) n *= d;
  return n;
}

/** One run of a plan: the storage of every value, the temps, and the bind context. */
class Run implements BindContext {
  readonly storages: (Storage | undefined)[];
  readonly #plan: Plan;
  readonly #shapes: readonly (readonly number[])[];
  readonly #attrs: readonly Attrs[];
  readonly #who: string;
  /** The public function this run computes for (errors name it). */
  get who(): string {
    return this.#who;
  }
  /** Where each value's buffer starts. */
  readonly #ptrs: number[];
  /** The block holding the temporaries (see `_temp_block.ts`), and its layout. */
  #block = -1;
  #layout: TempLayout | undefined;
  /** Input storages this run keeps allocated until it ends. */
  #retained: Storage[] = [];
  /** This run's own scratch areas (never shared with another run). */
  #scratch: ScratchArea[] = [];
  /**
   * Values on the JavaScript heap (see `src/memory/storage.ts`) and the arena
   * blocks holding them for this run: inputs copied in, and results (`out`)
   * copied out when the run succeeds.
   */
  #staged: Map<Storage, { readonly ptr: number; readonly out: boolean }> | undefined;

  constructor(plan: Plan, binding: Binding, who: string) {
    this.#plan = plan;
    this.#shapes = binding.shapes;
    this.#attrs = binding.attrs;
    this.#who = who;
    const storages = this.storages = binding.inputs.slice();
    const ptrs = this.#ptrs = storages.map(() => -1);
    // Inputs stay allocated while the run uses them, even if disposed meanwhile.
    for (const s of binding.inputs) {
      if (s === undefined) continue;
      if (s.gone) {
        this.finish(false);
        throw new TypeError(
          `${who}: an input of this computation was disposed (its memory was freed) before the result was computed`,
        );
      }
      s.retain();
      this.#retained.push(s);
    }
    try {
      // An input on the heap (see `src/memory/storage.ts`) is copied into the arena for this run.
      storages.forEach((s, v) => {
        if (s !== undefined) ptrs[v] = s.spilled ? this.#stage(s, false) : s.ptr;
      });
      const layout = this.#layout = tempLayout(plan, binding.shapes);
      if (layout.bytes > 0) this.#block = arena().alloc(layout.bytes, who);
      const nodes = plan.nodes, kept = keptTemps(plan);
      for (let v = 0; v < nodes.length; v++) {
        const node = nodes[v];
        if (node.role === "input" || node.role === "inlined") continue;
        if (layout.values[v] >= 0) {
          ptrs[v] = this.#block + layout.values[v];
          continue;
        }
        if (node.aliases >= 0) {
          storages[v] = storages[node.inputs[node.aliases]];
          ptrs[v] = ptrs[node.inputs[node.aliases]];
        } else {
          const bytes = byteSize(binding.shapes[v]);
          const s = storages[v] = node.role === "output" || kept.has(v)
            ? Storage.make(bytes, who, RESULT)
            : Storage.alloc(bytes, who);
          ptrs[v] = s.spilled ? this.#stage(s, true) : s.ptr;
        }
      }
    } catch (err) {
      this.finish(false);
      throw err;
    }
  }

  /**
   * Where a heap value is for this run: an input read again moves into the
   * arena for good if it may (`promoteIfDue()`), else it is copied in.
   */
  #stage(s: Storage, out: boolean): number {
    const staged = this.#staged?.get(s);
    if (staged !== undefined) return staged.ptr;
    if (!out && s.promoteIfDue(this.#who)) return s.ptr;
    const ptr = s.stage(this.#who, !out);
    (this.#staged ??= new Map()).set(s, { ptr, out });
    return ptr;
  }

  /** Frees the staged copies, copying back results and inputs a successful run wrote in place. */
  #unstage(ok: boolean): void {
    if (this.#staged === undefined || this.#staged.size === 0) return;
    const wrote = new Set<Storage | undefined>();
    const nodes = this.#plan.nodes;
    if (ok) {
      for (let v = 0; v < nodes.length; v++) {
        if (nodes[v].aliases >= 0) wrote.add(this.storages[v]);
      }
    }
    for (const [s, { ptr, out }] of this.#staged) s.unstage(ptr, ok && (out || wrote.has(s)));
    this.#staged.clear();
  }

  ptr(v: number): number {
    return this.#ptrs[v];
  }
  shape(v: number): readonly number[] {
    return this.#shapes[v];
  }
  attrs(v: number): Attrs {
    return this.#attrs[v];
  }
  temp(t: number): number {
    return this.#block + this.#layout!.temps[t];
  }
  scratch(bytes: number): number {
    const area = takeScratch(bytes, this.#who);
    this.#scratch.push(area);
    return area.ptr;
  }
  get heap(): Heap {
    return arena().heap;
  }

  /** Frees temps (and, on failure, outputs). */
  finish(ok: boolean): void {
    if (this.#block >= 0) arena().free(this.#block, this.#layout!.bytes);
    this.#block = -1;
    for (const area of this.#scratch) giveScratch(area, ok);
    this.#scratch.length = 0;
    this.#unstage(ok);
    for (const s of this.#retained) s.unretain();
    this.#retained.length = 0;
    const nodes = this.#plan.nodes, kept = keptTemps(this.#plan);
    for (let v = 0; v < nodes.length; v++) {
      const s = this.storages[v], node = nodes[v];
      if (s === undefined || node.role === "input" || node.aliases >= 0) continue;
      if (!ok || (node.role === "temp" && !kept.has(v))) s.dispose();
    }
  }
}

/**
 * Launches the steps from `from` on; returns a promise only if the executor
 * does (so a synchronous executor runs the whole plan synchronously).
 */
function runSteps(
  plan: Plan,
  run: Run,
  exec: Executor,
  restores: (() => void)[],
  from = 0,
): void | Promise<void> {
  for (let i = from; i < plan.steps.length; i++) {
    const step = plan.steps[i];
    let pending: void | Promise<void> = undefined;
    try {
      const launch = step.bind(run);
      if (step.backup) restores.push(step.backup(run));
      if (debugLevel() >= 3) {
        traceLaunch(step, launch, () => exec.where?.(launch, step.spec) ?? exec.name);
      }
      pending = exec.run(step.kernel, step.spec, launch);
    } catch (err) {
      refused(err, step, run);
    }
    if (pending) {
      return pending.then(
        () => runSteps(plan, run, exec, restores, i + 1),
        (err) => refused(err, step, run),
      );
    }
  }
}

/** A kernel that refused its inputs becomes a `RangeError` naming the caller; other errors pass. */
function refused(err: unknown, step: Step, run: Run): never {
  if (!(err instanceof KernelFault)) throw err;
  throw new RangeError(`${run.who}: ${step.fault?.(run) ?? "an index is out of range"}`);
}

/** Undoes in-place writes (newest first) and frees what the run allocated. */
function abort(run: Run, restores: (() => void)[]): void {
  for (const restore of restores.reverse()) restore();
  run.finish(false);
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
  const run = new Run(plan, binding, who);
  const restores: (() => void)[] = [];
  try {
    if (runSteps(plan, run, exec, restores)) {
      throw new Error("internal: an asynchronous executor in runPlanSync");
    }
  } catch (err) {
    abort(run, restores);
    throw err;
  }
  run.finish(true);
  return run.storages;
}

/**
 * Runs a plan on any executor. Returns the storages directly when every
 * launch completed synchronously (small work runs inline), else a promise.
 */
export function runPlan(
  plan: Plan,
  binding: Binding,
  exec: Executor,
  who: string,
): (Storage | undefined)[] | Promise<(Storage | undefined)[]> {
  const run = new Run(plan, binding, who);
  const restores: (() => void)[] = [];
  let pending: void | Promise<void>;
  try {
    pending = runSteps(plan, run, exec, restores);
  } catch (err) {
    abort(run, restores);
    throw err;
  }
  if (!pending) {
    run.finish(true);
    return run.storages;
  }
  return pending.then(() => {
    run.finish(true);
    return run.storages;
  }, (err) => {
    abort(run, restores);
    throw err;
  });
}
