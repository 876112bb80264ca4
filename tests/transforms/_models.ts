/**
 * Whole-model fixture cases as functional Tessera code: each layer of the
 * PyTorch `nn.Sequential` becomes the matching op, the parameters are
 * `{name: tensor}` under PyTorch's names.
 */

import * as T from "../../mod.ts";
import type { FixtureTensor, ModelCase } from "../fixtures/_dense_fixtures.ts";
import { fromFixture } from "../ops/_dense_harness.ts";

/** The parameters of a case, fresh tensors. */
export function paramsOf(c: ModelCase): Record<string, T.Tensor<"float32">> {
  return Object.fromEntries(
    Object.entries(c.params).map(([k, v]) => [k, fromFixture(v) as T.Tensor<"float32">]),
  );
}

/** The loss of a case's model on its inputs, as a function of the parameters. */
export function modelLoss(c: ModelCase): (p: Record<string, T.Tensor>) => T.Tensor {
  const inp = c.inputs;
  const idx = fromFixture(inp.indices);
  const offsets = inp.offsets ? fromFixture(inp.offsets) : undefined;
  const psw = inp.perSampleWeights
    ? fromFixture(inp.perSampleWeights) as T.Tensor<"float32">
    : undefined;
  const target = fromFixture(inp.target);
  return (p) => {
    let x: T.Tensor = idx;
    c.layers.forEach((layer, i) => {
      const w = p[`${i}.weight`] as T.Tensor<"float32">, b = p[`${i}.bias`];
      switch (layer.type) {
        case "Embedding": {
          const { numEmbeddings: _n, embeddingDim: _d, type: _t, ...o } = layer;
          x = T.embeddingForward(w, x, o);
          break;
        }
        case "EmbeddingBag": {
          const { numEmbeddings: _n, embeddingDim: _d, type: _t, ...o } = layer;
          x = T.embeddingBagForward(w, x, { ...o, offsets, perSampleWeights: psw });
          break;
        }
        case "Flatten":
          x = T.flatten(x, { startDim: layer.startDim, endDim: layer.endDim });
          break;
        case "Linear":
          x = T.linear(x, w, b);
          break;
        case "ReLU":
          x = T.relu(x);
          break;
        case "Sigmoid":
          x = T.sigmoid(x);
          break;
        case "Tanh":
          x = T.tanh(x);
          break;
        case "GELU":
          x = T.gelu(x);
          break;
      }
    });
    const o = c.loss.options;
    switch (c.loss.type) {
      case "crossEntropy":
        return T.crossEntropy(x, target, o);
      case "binaryCrossEntropyWithLogits":
        return T.binaryCrossEntropyWithLogits(x, target, o);
      case "binaryCrossEntropy":
        return T.binaryCrossEntropy(x, target, o);
      case "mseLoss":
        return T.mseLoss(x, target, o);
      case "l1Loss":
        return T.l1Loss(x, target, o);
    }
  };
}

/** A fixture tensor as a plain record (for sparse gradients built from lists). */
export function record(shape: number[], data: number[]): FixtureTensor {
  return { shape, dtype: "int32", data };
}
