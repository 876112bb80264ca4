/**
 * Launches bound by name: a lowering (or any caller of an executor) gives a
 * kernel's arguments as an object keyed by its signature, type-checked
 * against it, and the positional array the executors carry is built from
 * the signature, in one place.
 *
 * @module
 */

import type { Kernel, KernelSpec, Split } from "../../kernels/kernel.ts";
import { argLayout, argPacker, type BindArgs, type Signature } from "../../kernels/signature.ts";
import type { Launch } from "./plan.ts";

/** Builds a launch of one kernel from its arguments by name (pointers as byte offsets). */
export type Launcher<G extends Signature> = (
  args: BindArgs<G>,
  units: number,
  split: Split,
  work?: number,
) => Launch;

/** The launcher of a kernel and spec (the signature's layout computed once). */
export function launcher<S extends KernelSpec, G extends Signature>(
  kernel: Kernel<S, G>,
  spec: S,
): Launcher<G> {
  const pack = argPacker(argLayout(kernel.sig, spec));
  return (args, units, split, work = units) => ({
    args: pack(args),
    units,
    split,
    work,
  });
}
