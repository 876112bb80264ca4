/**
 * `summary()`'s text, as Keras 2 prints a `Sequential` (line length 65,
 * columns ending at 29, 55 and 65).
 */

import type { Module } from "../modules/module.ts";
import { type Shape, text } from "./_shapes.ts";

/** Keras' `to_snake_case` of a class name (`GlobalAveragePooling1D` → `global_average_pooling1d`). */
export function snakeCase(name: string): string {
  return name.replace(/(.)([A-Z][a-z0-9]+)/g, "$1_$2").replace(/([a-z])([A-Z])/g, "$1_$2")
    .toLowerCase();
}

/** Keras' default layer names: the snake-case class name, `_1`, `_2` ... for repeats. */
export function layerNames(layers: readonly Module[]): string[] {
  const seen = new Map<string, number>();
  return layers.map((layer) => {
    const base = snakeCase(layer.constructor.name);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return n === 0 ? base : `${base}_${n}`;
  });
}

const POSITIONS = [29, 55, 65];

/** One row: each field cut to its column and padded to the column's end. */
function row(fields: readonly string[]): string {
  let line = "";
  fields.forEach((field, i) => {
    if (i > 0) line = line.slice(0, -1) + " ";
    line = (line + field).slice(0, POSITIONS[i]);
    line += " ".repeat(POSITIONS[i] - line.length);
  });
  return line;
}

/** Number of values in a parameter. */
const size = (shape: readonly number[]) => shape.reduce((a, d) => a * d, 1);

/** The summary's lines. */
export function summaryLines(
  modelName: string,
  layers: readonly Module[],
  shapes: readonly (Shape | null)[],
): string[] {
  const names = layerNames(layers);
  const lines = [`Model: "${modelName}"`, "_".repeat(65)];
  lines.push(row(["Layer (type)", "Output Shape", "Param #"]), "=".repeat(65));
  let trainable = 0, frozen = 0;
  layers.forEach((layer, i) => {
    const params = layer.namedParameters().map(([, t]) => t);
    const count = params.reduce((a, t) => a + size(t.shape), 0);
    for (const t of params) {
      t.requiresGrad ? (trainable += size(t.shape)) : (frozen += size(t.shape));
    }
    const shape = shapes[i];
    const type = `${names[i]} (${layer.constructor.name})`;
    lines.push(row([type, shape === null ? "multiple" : text(shape), String(count)]));
    lines.push((i === layers.length - 1 ? "=" : "_").repeat(65));
  });
  if (layers.length === 0) lines.push("=".repeat(65));
  const fmt = (n: number) => n.toLocaleString("en-US");
  lines.push(`Total params: ${fmt(trainable + frozen)}`);
  lines.push(`Trainable params: ${fmt(trainable)}`, `Non-trainable params: ${fmt(frozen)}`);
  lines.push("_".repeat(65));
  return lines;
}
