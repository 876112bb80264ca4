/**
 * The jit property for static arguments: after a trace, a compiled function
 * called with other options (hostile ones included) behaves as the op called
 * eagerly with them: both succeed with equal bytes, or both throw the same
 * error class.
 */

import { embeddingBagForward, embeddingForward, jit, tensor } from "../../mod.ts";
import { Gen } from "./_gen.ts";
import { bagLayout, bagOptions, lookupOptions } from "./_specs_ops.ts";
import { bytesOf } from "./_check.ts";

/**
 * Pending the jit area's fix (static arguments keyed with JSON.stringify,
 * which maps NaN and ±Infinity to null and drops undefined): options holding
 * such values, or values JSON cannot serialise, are left out.
 */
function jsonCollapses(value: unknown): boolean {
  if (typeof value === "number") return !Number.isFinite(value);
  if (value === undefined || typeof value === "bigint" || typeof value === "symbol") return true;
  if (typeof value === "function") return true;
  if (value === null || typeof value !== "object") return false;
  if (ArrayBuffer.isView(value)) return true;
  try {
    const items = Array.isArray(value) ? value : Object.values(value);
    return items.length > 100 || items.some(jsonCollapses) ||
      Object.getPrototypeOf(value) !== Object.prototype;
  } catch {
    return true;
  }
}

async function outcome(f: () => unknown): Promise<Uint8Array | string> {
  try {
    const t = await f();
    await (t as { data(): Promise<unknown> }).data();
    return bytesOf(t as never) ?? "disposed";
  } catch (err) {
    return (err as Error)?.constructor?.name ?? "thrown";
  }
}

/** Runs `cases` traces, each followed by calls with mutated options; returns the calls checked. */
export async function jitStatic(seed: number, cases = 40): Promise<number> {
  const g = new Gen(seed);
  let checked = 0;
  for (let c = 0; c < cases; c++) {
    const V = g.int(1, 8), D = g.int(1, 4);
    const bag = g.chance(0.5);
    const layout = bagLayout(g, V);
    const shape = bag ? layout.shape : [layout.ids.length];
    const ids = tensor(Int32Array.from(layout.ids), { shape, dtype: "int32" });
    const first = bag ? bagOptions(g, V, layout, false) : lookupOptions(g, V, false);
    for (const k of ["offsets", "perSampleWeights"]) {
      if (ArrayBuffer.isView(first[k])) first[k] = Array.from(first[k] as Int32Array);
      if (first[k] && typeof first[k] === "object" && !Array.isArray(first[k])) delete first[k];
    }
    const op = bag ? embeddingBagForward : embeddingForward;
    const compiled = jit((w: never, i: never, o: never) => op(w, i, o));
    const table = g.floats(V * D);
    const w = () => tensor(Float32Array.from(table), { shape: [V, D] });
    await compiled(w() as never, ids as never, first as never);
    for (let k = 0; k < 4; k++) {
      const o: Record<string, unknown> = { ...first };
      const key = g.pick(["paddingIdx", "maxNorm", "normType", "mode", "scaleGradByFreq"]);
      o[key] = g.chance(0.5) ? g.badNumber() : g.hostile();
      if (jsonCollapses(o)) continue;
      const eager = await outcome(() => (op as (...a: unknown[]) => unknown)(w(), ids, o));
      const traced = await outcome(() => compiled(w() as never, ids as never, o as never));
      const same = typeof eager === "string"
        ? eager === traced
        : typeof traced !== "string" && eager.length === traced.length &&
          eager.every((b, i) => b === traced[i]);
      if (!same) {
        throw new Error(
          `seed ${seed} case ${c} call ${k}: ${key} = ${String(o[key])}: eager ${
            typeof eager === "string" ? eager : "ok"
          }, jit ${typeof traced === "string" ? traced : "ok"}`,
        );
      }
      checked++;
    }
  }
  return checked;
}
