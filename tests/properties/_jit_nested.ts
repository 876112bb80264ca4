/**
 * Two jit properties:
 * - tensors nested in an argument (`{ w, ids }`, `[w, ids]`) are inputs like
 *   top-level ones: every replay with new data equals the eager call;
 * - a traced function that reads a value (`toString()`, `dataSync()`) either
 *   equals the eager call on every call or throws a TypeError naming jit.
 */

import { embeddingForward, jit, type Tensor, tensor } from "../../mod.ts";
import { Gen } from "./_gen.ts";
import { bytesOf } from "./_check.ts";

type Lookup = (w: Tensor, ids: Tensor) => Tensor;

const FORMS: Record<string, (lookup: Lookup) => (...a: never[]) => unknown> = {
  object: (lookup) => (a: { w: Tensor; ids: Tensor }) => lookup(a.w, a.ids),
  array: (lookup) => (a: [Tensor, Tensor]) => lookup(a[0], a[1]),
  deep: (lookup) => (a: { inputs: { pair: [Tensor, Tensor] } }) =>
    lookup(a.inputs.pair[0], a.inputs.pair[1]),
  reads: (lookup) => (w: Tensor, ids: Tensor) => {
    const out = lookup(w, ids);
    out.toString();
    return out;
  },
  readsInput: (lookup) => (w: Tensor, ids: Tensor) => {
    if (ids.dataSync()[0] < 0) throw new RangeError("never");
    return lookup(w, ids);
  },
};

function wrap(form: string, w: Tensor, ids: Tensor): unknown[] {
  if (form === "object") return [{ w, ids }];
  if (form === "array") return [[w, ids]];
  if (form === "deep") return [{ inputs: { pair: [w, ids] } }];
  return [w, ids];
}

/** Runs `cases` functions, each called `calls` times with new data; returns the calls checked. */
export async function jitNested(seed: number, cases = 20, calls = 3): Promise<number> {
  const g = new Gen(seed);
  let checked = 0;
  for (let c = 0; c < cases; c++) {
    const form = g.pick(Object.keys(FORMS));
    const V = g.int(2, 8), D = g.int(1, 4), n = g.int(1, 5);
    const lookup: Lookup = (w, ids) => embeddingForward(w as never, ids as never);
    const compiled = jit(FORMS[form](lookup) as (...a: unknown[]) => unknown);
    for (let k = 0; k < calls; k++) {
      const w = tensor(Float32Array.from(g.floats(V * D)), { shape: [V, D] });
      const ids = tensor(Int32Array.from(g.ids(n, V)), { dtype: "int32" });
      const want = bytesOf(lookup(w, ids));
      let got: Uint8Array | null = null;
      try {
        got = bytesOf(await compiled(...wrap(form, w, ids)) as Tensor);
      } catch (err) {
        const named = err instanceof TypeError && err.message.startsWith("jit(");
        if (form.startsWith("reads") && named) continue;
        throw err;
      }
      if (!got || !want || got.length !== want.length || got.some((b, i) => b !== want[i])) {
        throw new Error(`seed ${seed} case ${c} call ${k} (${form}): jit differs from eager`);
      }
      checked++;
    }
  }
  return checked;
}
