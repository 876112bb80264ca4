/**
 * A kernel stopped at an index or bag bound outside its tensors (the data
 * changed after validation). Executors throw it; `run_plan.ts` turns it into
 * a `RangeError` naming the public function and the bad value.
 */
export class KernelFault extends Error {
  constructor(kernel: string) {
    super(`internal: ${kernel} found an index out of range`);
  }
}
