/**
 * Every property of the suite, for the Deno tests and the Bun entry, and the
 * exports they cover.
 */

import type { Spec } from "./_check.ts";
import { tensorSpecs } from "./_specs_tensor.ts";
import { opSpecs } from "./_specs_ops.ts";
import { moduleSpecs } from "./_specs_modules.ts";
import { runtimeSpecs } from "./_specs_runtime.ts";
import { textSpecs } from "./_specs_text.ts";
import { vizSpecs } from "./_specs_viz.ts";
import { denseSpecs } from "./_specs_dense.ts";
import { vectorSpecs } from "./_specs_vectors.ts";
import { layerSpecs } from "./_specs_layers.ts";
import { optimSpecs } from "./_specs_optim.ts";
import { kerasSpecs } from "./_specs_keras.ts";
import { fileSpecs } from "./_specs_files.ts";

/** Every spec. */
export const SPECS: readonly Spec[] = [
  ...tensorSpecs,
  ...opSpecs,
  ...moduleSpecs,
  ...runtimeSpecs,
  ...textSpecs,
  ...vizSpecs,
  ...denseSpecs,
  ...vectorSpecs,
  ...layerSpecs,
  ...optimSpecs,
  ...kerasSpecs,
  ...fileSpecs,
];

/** Exports with nothing to call (constants, abstract classes exercised through subclasses). */
export const NOT_CALLABLE: readonly string[] = ["ARENA_LIMIT_BYTES"];

/** The fixed seeds of the suite (seed 2 found a crash, a raw error and a misnamed one). */
export const SEEDS: readonly number[] = [1, 2];

/** The runtime exports of `mod.ts` no spec covers. */
export function uncovered(exports: readonly string[]): string[] {
  const covered = new Set([...SPECS.flatMap((s) => s.covers), ...NOT_CALLABLE]);
  return exports.filter((name) => !covered.has(name));
}
