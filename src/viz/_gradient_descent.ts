/**
 * sklearn's t-SNE optimiser (`_gradient_descent`): momentum, per-parameter
 * gains (+0.2 when the gradient's sign flips against the update, ×0.8
 * otherwise, floored at 0.01), the error checked every 50 iterations, a stop
 * after `nIterWithoutProgress` iterations without a better error or when the
 * gradient's norm falls to `minGradNorm`.
 */

import { yieldToEventLoop } from "../runtime/_turn.ts";

/** The objective: writes the gradient, returns the error (NaN if not asked). */
export type Objective = (p: Float64Array, computeError: boolean, grad: Float64Array) => number;

/**
 * One phase's iterations: the gradient at the current point and the step
 * from it (`jsStepper` over an objective, or a kernel doing both).
 */
export interface Stepper {
  /** Starts a phase at `p` (updates 0, gains 1). */
  begin(p: Float64Array): void;
  /**
   * Computes the gradient (and the error if `computeError`, else NaN) at the
   * current point and steps; returns the error, and sets `norm2`.
   */
  step(computeError: boolean, momentum: number, learningRate: number): number;
  /** The squared norm of the last step's gain-scaled gradient. */
  readonly norm2: number;
  /** Writes the current point to `p` (at the end of a phase). */
  end(p: Float64Array): void;
}

/** Settings of one optimisation phase. */
export interface DescentOptions {
  it: number;
  nIter: number;
  momentum: number;
  learningRate: number;
  nIterWithoutProgress: number;
  minGradNorm: number;
  /** Called at each check with the iteration, the error and the gradient's norm. */
  onCheck?: (iteration: number, error: number, gradNorm: number) => void;
  /**
   * Whether anything reads the errors (the checks' callback, the stopping
   * rule, the returned error). False leaves them uncomputed (NaN: a Barnes-Hut
   * error costs some 4% of a run's time at each check) and the rule on
   * progress unapplied, so only for a phase that rule cannot stop (no more
   * iterations than `nIterWithoutProgress`). @default true
   */
  errors?: boolean;
}

const N_ITER_CHECK = 50;
/** sklearn's floor of the gains. */
export const MIN_GAIN = 0.01;

/** sklearn's step over `objective`'s gradient, on `size` parameters updated in place. */
export function jsStepper(objective: Objective, size: number): Stepper {
  let p: Float64Array = new Float64Array(size), update = p, gains = p, norm2 = 0;
  const grad = new Float64Array(size);
  return {
    begin(point) {
      p = point;
      update = new Float64Array(size);
      gains = new Float64Array(size).fill(1);
    },
    step(computeError, momentum, learningRate) {
      const error = objective(p, computeError, grad);
      norm2 = 0;
      for (let t = 0; t < size; t++) {
        const g = grad[t];
        let gain = update[t] * g < 0 ? gains[t] + 0.2 : gains[t] * 0.8;
        if (gain < MIN_GAIN) gain = MIN_GAIN;
        gains[t] = gain;
        const scaled = g * gain;
        norm2 += scaled * scaled;
        update[t] = momentum * update[t] - learningRate * scaled;
        p[t] += update[t];
      }
      return error;
    },
    get norm2() {
      return norm2;
    },
    end() {},
  };
}

/**
 * Runs one phase in place on `p` (steps of `descent`, or of `jsStepper` over
 * it); returns the last error and iteration.
 */
export async function gradientDescent(
  descent: Objective | Stepper,
  p: Float64Array,
  options: DescentOptions,
): Promise<{ error: number; iteration: number }> {
  const { it, nIter, momentum, learningRate, nIterWithoutProgress, minGradNorm } = options;
  const stepper = typeof descent === "function" ? jsStepper(descent, p.length) : descent;
  const errors = options.errors ?? true;
  stepper.begin(p);
  let error = Number.MAX_VALUE, bestError = Number.MAX_VALUE, bestIter = it, last = it;
  for (let i = it; i < nIter; i++) {
    last = i;
    const check = (i + 1) % N_ITER_CHECK === 0;
    error = stepper.step(errors && (check || i === nIter - 1), momentum, learningRate);
    if (check) {
      const gradNorm = Math.sqrt(stepper.norm2);
      options.onCheck?.(i, error, gradNorm);
      await yieldToEventLoop();
      if (errors && error < bestError) {
        bestError = error;
        bestIter = i;
      } else if (errors && i - bestIter > nIterWithoutProgress) {
        break;
      }
      if (gradNorm <= minGradNorm) break;
    }
  }
  stepper.end(p);
  return { error, iteration: last };
}
