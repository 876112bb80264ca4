/**
 * Keras-style shape inference over a `Sequential`'s layers (`null` for the
 * batch dim or any unknown size): builds each `Dense` for the width it
 * receives, and gives the output shapes `summary()` prints.
 */

import type { Module } from "../modules/module.ts";
import { Embedding } from "../modules/embedding.ts";
import { Flatten } from "../modules/flatten.ts";
import { Dense } from "../modules/dense.ts";
import { GlobalAveragePooling1D } from "../modules/global_average_pooling_1d.ts";
import { Linear } from "../modules/linear.ts";

/** A shape with `null` for sizes not known until data arrives. */
export type Shape = (number | null)[];

/** The input shape a model's first layer declares, or null. */
export function declaredInput(layers: readonly Module[]): Shape | null {
  const first = layers[0];
  if (!(first instanceof Embedding) || first.inputLength === null) return null;
  const lengths = typeof first.inputLength === "number" ? [first.inputLength] : first.inputLength;
  return [null, ...lengths];
}

/** The output shape of one layer for `input`, building a `Dense` on the way. */
function outputOf(layer: Module, input: Shape, who: string): Shape {
  const last = input[input.length - 1];
  if (layer instanceof Embedding) return [...input, layer.embeddingDim];
  if (layer instanceof Dense || layer instanceof Linear) {
    if (last === null || last === undefined) {
      throw new TypeError(
        `${who}: the input of a ${layer.constructor.name} has shape ${
          text(input)
        }; its last dim must be known`,
      );
    }
    if (layer instanceof Linear) return [...input.slice(0, -1), layer.outFeatures];
    layer.build(last);
    return [...input.slice(0, -1), layer.units];
  }
  if (layer instanceof GlobalAveragePooling1D) {
    if (input.length !== 3) {
      throw new TypeError(
        `${who}: GlobalAveragePooling1D takes [batch, steps, features] but gets ${text(input)}`,
      );
    }
    return [input[0], input[2]];
  }
  if (layer instanceof Flatten) {
    const r = input.length;
    const start = layer.startDim < 0 ? layer.startDim + r : layer.startDim;
    const end = layer.endDim < 0 ? layer.endDim + r : layer.endDim;
    const merged = input.slice(start, end + 1);
    const size = merged.some((d) => d === null) ? null : merged.reduce<number>((a, d) => a * d!, 1);
    return [...input.slice(0, start), size, ...input.slice(end + 1)];
  }
  return input; // activations and dropout keep the shape
}

/**
 * Every layer's output shape for inputs of shape `input`, building the
 * `Dense` layers.
 *
 * @throws {TypeError} For a layer whose input width cannot be known.
 */
export function inferShapes(layers: readonly Module[], input: Shape, who: string): Shape[] {
  const out: Shape[] = [];
  let shape = input;
  for (const layer of layers) out.push(shape = outputOf(layer, shape, who));
  return out;
}

/** Keras' printout of a shape: `(None, 4, 8)`. */
export function text(shape: Shape): string {
  const dims = shape.map((d) => (d === null ? "None" : String(d)));
  return `(${dims.join(", ")}${dims.length === 1 ? "," : ""})`;
}
