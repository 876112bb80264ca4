/**
 * sklearn's t-SNE optimiser (`_gradient_descent`): momentum, per-parameter
 * gains (+0.2 when the gradient's sign flips against the update, ×0.8
 * otherwise, floored at 0.01), the error checked every 50 iterations, a stop
 * after `nIterWithoutProgress` iterations without a better error or when the
 * gradient's norm falls to `minGradNorm`.
 */

/** The objective: writes the gradient, returns the error (NaN if not asked). */
export type Objective = (p: Float64Array, computeError: boolean, grad: Float64Array) => number;

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
}

const N_ITER_CHECK = 50;
const MIN_GAIN = 0.01;

/** `setImmediate` where the runtime has it (Deno, Bun, Node), else undefined. */
const immediate = (globalThis as { setImmediate?: (f: () => void) => unknown }).setImmediate;

/**
 * Lets timers, I/O and rendering run (between checks, so a page can show
 * progress): on `setImmediate` where there is one (a `setTimeout(0)` waits
 * 1 to 4 ms in Deno, 20 times a run), else on `setTimeout`.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => immediate ? immediate(resolve) : setTimeout(resolve, 0));
}

/** Runs one phase in place on `p`; returns the last error and iteration. */
export async function gradientDescent(
  objective: Objective,
  p: Float64Array,
  options: DescentOptions,
): Promise<{ error: number; iteration: number }> {
  const { it, nIter, momentum, learningRate, nIterWithoutProgress, minGradNorm } = options;
  const size = p.length;
  const update = new Float64Array(size), gains = new Float64Array(size).fill(1);
  const grad = new Float64Array(size);
  let error = Number.MAX_VALUE, bestError = Number.MAX_VALUE, bestIter = it, last = it;
  for (let i = it; i < nIter; i++) {
    last = i;
    const check = (i + 1) % N_ITER_CHECK === 0;
    error = objective(p, check || i === nIter - 1, grad);
    let norm2 = 0;
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
    if (check) {
      const gradNorm = Math.sqrt(norm2);
      options.onCheck?.(i, error, gradNorm);
      await yieldToEventLoop();
      if (error < bestError) {
        bestError = error;
        bestIter = i;
      } else if (i - bestIter > nIterWithoutProgress) {
        break;
      }
      if (gradNorm <= minGradNorm) break;
    }
  }
  return { error, iteration: last };
}
