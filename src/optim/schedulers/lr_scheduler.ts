/**
 * `LRScheduler`: the base of the learning-rate schedulers, as PyTorch's
 * `_LRScheduler` (1.13): the constructor takes the groups' current `lr` as
 * their base and applies epoch 0; each `step()` advances one epoch and sets
 * every group's `lr`.
 *
 * @module
 */

import type { Optimizer } from "../optimizer.ts";
import { describe } from "../../tensor/_nested.ts";

/**
 * The base of `StepLR`, `ExponentialLR`, `CosineAnnealingLR` and `LinearLR`.
 *
 * @example
 * ```ts
 * import { type LRScheduler, SGD, StepLR, tensor } from "@tessera/embed";
 * const w = tensor([1]);
 * w.requiresGrad = true;
 * const scheduler: LRScheduler = new StepLR(new SGD([w], { lr: 1 }), { stepSize: 1, gamma: 0.5 });
 * scheduler.step();
 * console.log(scheduler.getLastLr(), scheduler.lastEpoch); // [0.5] 1
 * ```
 */
export abstract class LRScheduler {
  /** The optimizer whose groups' `lr` this sets. */
  readonly optimizer: Optimizer<{ lr: number }>;
  /** Each group's `lr` when the scheduler was made (PyTorch's `base_lrs`). */
  readonly baseLrs: readonly number[];
  /** The epoch of the last `step()` (0 after construction). */
  lastEpoch: number = -1;
  #lastLr: number[] = [];

  /**
   * Records the optimizer and its groups' base learning rates.
   *
   * @param optimizer The optimizer to schedule.
   * @param who The class name, for messages.
   * @throws {TypeError} If `optimizer` is not an optimizer.
   */
  protected constructor(optimizer: Optimizer<{ lr: number }>, who: string) {
    const groups = (optimizer as { paramGroups?: unknown } | null)?.paramGroups;
    if (!Array.isArray(groups)) {
      throw new TypeError(`${who}: optimizer is ${describe(optimizer)} but must be an optimizer`);
    }
    this.optimizer = optimizer;
    this.baseLrs = optimizer.paramGroups.map((g) => g.lr);
  }

  /** Applies epoch 0; subclasses call it at the end of their constructor. */
  protected start(): void {
    this.step();
  }

  /** Each group's learning rate for `lastEpoch`, from the groups' current `lr` (PyTorch's `get_lr`). */
  protected abstract computeLr(current: readonly number[]): number[];

  /**
   * Advances one epoch and sets every group's `lr` (call after `optimizer.step()`).
   */
  step(): void {
    this.lastEpoch++;
    const lrs = this.computeLr(this.optimizer.paramGroups.map((g) => g.lr));
    this.optimizer.paramGroups.forEach((g, i) => g.lr = lrs[i]);
    this.#lastLr = lrs;
  }

  /**
   * The learning rates the last `step()` set, one per group.
   *
   * @returns A copy of the list.
   */
  getLastLr(): number[] {
    return [...this.#lastLr];
  }
}
