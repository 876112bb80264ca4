/**
 * The registry: one descriptor per primitive. Its type is a mapped type over
 * `OpKind`, so adding a name to `AttrsOf` without a descriptor (or with one
 * whose pieces do not match its attrs) is a compile error.
 *
 * @module
 */

import type { Registry } from "../primitive.ts";
import { buffer } from "./buffer.ts";
import { gather } from "./gather.ts";
import { renorm } from "./renorm.ts";
import { bag, bagArgmaxPrim } from "./bag.ts";
import { bagBackwardPrim } from "./bag_backward.ts";
import { pswGradPrim } from "./psw_grad.ts";
import { scatterAddPrim } from "./scatter_add.ts";
import { sparseValuesPrim } from "./sparse_values.ts";
import { sparseIndicesPrim } from "./sparse_indices.ts";
import { ewisePrim } from "./ewise.ts";
import { concatPrim, expandPrim, reshapePrim, slicePrim, transposePrim } from "./shape_ops.ts";
import { argmaxPrim, softmaxGradPrim, softmaxPrim } from "./softmax.ts";
import { reducePrim } from "./reduce.ts";
import { matmulPrim } from "./matmul.ts";
import { pickBackwardPrim, pickPrim } from "./pick.ts";
import { bcePrim } from "./bce.ts";
import { crossEntropyGradPrim, crossEntropyPrim } from "./cross_entropy.ts";
import { rowAddPrim } from "./row_add.ts";
import { rowScatterAddPrim } from "./row_scatter_add.ts";
import { rowAdamPrim } from "./row_adam.ts";
import { writtenByPrim } from "./written_by.ts";

/** Every primitive by name. */
export const PRIMITIVES: Registry = {
  buffer,
  gather,
  renorm,
  bag,
  bag_argmax: bagArgmaxPrim,
  bag_backward: bagBackwardPrim,
  psw_grad: pswGradPrim,
  scatter_add: scatterAddPrim,
  sparse_values: sparseValuesPrim,
  sparse_indices: sparseIndicesPrim,
  ewise: ewisePrim,
  expand: expandPrim,
  reshape: reshapePrim,
  reduce: reducePrim,
  matmul: matmulPrim,
  softmax: softmaxPrim,
  softmax_grad: softmaxGradPrim,
  argmax: argmaxPrim,
  transpose: transposePrim,
  concat: concatPrim,
  slice: slicePrim,
  pick: pickPrim,
  pick_backward: pickBackwardPrim,
  bce: bcePrim,
  cross_entropy: crossEntropyPrim,
  cross_entropy_grad: crossEntropyGradPrim,
  row_add: rowAddPrim,
  row_scatter_add: rowScatterAddPrim,
  row_adam: rowAdamPrim,
  written_by: writtenByPrim,
};
