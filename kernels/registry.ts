/**
 * Every kernel by name: the executors, the Worker loader and the tests look
 * kernels up here.
 *
 * @module
 */

import type { Kernel, KernelSpec } from "./kernel.ts";
import { bagArgmax } from "./bag_argmax.ts";
import { bagPositions } from "./bag_positions.ts";
import { gather } from "./gather.ts";
import { gatherBag } from "./gather_bag.ts";
import { invFreq } from "./inv_freq.ts";
import { pswGrad } from "./psw_grad.ts";
import { renorm } from "./renorm.ts";
import { rowCsr } from "./row_csr.ts";
import { scatterRows } from "./scatter_rows.ts";
import { sparseIndices } from "./sparse_indices.ts";
import { sparseValues } from "./sparse_values.ts";
import { sgdRows } from "./sgd_rows.ts";
import { w2vTrain } from "./w2v_train.ts";
import { dotRows } from "./dot_rows.ts";
import { matmul } from "./matmul.ts";
import { reduce } from "./reduce.ts";
import { reduceArg } from "./reduce_arg.ts";
import { stridedCopy } from "./strided_copy.ts";
import { pick } from "./pick.ts";
import { pickBackward } from "./pick_backward.ts";
import { elementwise } from "./elementwise.ts";
import { softmax } from "./softmax.ts";
import { softmaxGrad } from "./softmax_grad.ts";
import { randomFill } from "./random_fill.ts";
import { sparseAdamRows } from "./sparse_adam_rows.ts";
import { dotRowsI8 } from "./dot_rows_i8.ts";
import { quantiseRows } from "./quantise_rows.ts";
import { rowNorms } from "./row_norms.ts";
import { crossEntropyKernel } from "./cross_entropy.ts";
import { crossEntropyGrad } from "./cross_entropy_grad.ts";

/** All kernels, keyed by name. */
export const KERNELS: Readonly<Record<string, Kernel<KernelSpec>>> = Object.fromEntries(
  [
    gather,
    gatherBag,
    bagArgmax,
    bagPositions,
    renorm,
    invFreq,
    rowCsr,
    scatterRows,
    sparseValues,
    sparseIndices,
    pswGrad,
    sgdRows,
    w2vTrain,
    dotRows,
    matmul,
    reduce,
    reduceArg,
    stridedCopy,
    pick,
    pickBackward,
    elementwise,
    softmax,
    softmaxGrad,
    randomFill,
    sparseAdamRows,
    dotRowsI8,
    quantiseRows,
    rowNorms,
    crossEntropyKernel,
    crossEntropyGrad,
  ].map((k) => [k.name, k as unknown as Kernel<KernelSpec>]),
);

/** Names of all kernels. */
export type KernelName = keyof typeof KERNELS;
