/**
 * The kernel contract's guard (kernels/kernel.ts): every kernel, JS, rebuilt
 * as Workers rebuild it, and Wasm, returns `FAULT` at an index, bag bound or
 * output row outside its tensors, and never traps or loops on them; on valid
 * data it returns 0 (the harness asserts that in every other kernel test).
 */

import assert from "node:assert/strict";
import { FAULT } from "../../kernels/kernel.ts";
import { FAULT as WASM_FAULT } from "../../kernels/wasm/_guard.ts";
import { type Arg, type Backend, type Launch, rng, run } from "./_kernel_harness.ts";
import {
  bagArgmaxLaunch,
  bagCases,
  bagPositionsLaunch,
  gatherBagLaunch,
  gatherLaunch,
  pswGradLaunch,
  renormLaunch,
} from "./_cases.ts";
import {
  gradCases,
  invFreqLaunch,
  rowCsrLaunch,
  scatterRowsLaunch,
  sparseIndicesLaunch,
  sparseValuesLaunch,
} from "./_grad_cases.ts";
import { rowsCases, sgdLaunch, sparseAdamLaunch, sparseAdamScalars } from "./_optimizer_cases.ts";

/** A launch, and which int32 arg holds its indices (or rows) and its offsets (-1: none). */
interface Target {
  readonly name: string;
  readonly launch: Launch;
  readonly idx: number;
  readonly off: number;
}

function targets(): Target[] {
  const out: Target[] = [];
  for (const c of bagCases(5, 1).filter((x) => x.N > 0 && x.B > 0 && x.nOff === x.B)) {
    const touch = c.D >= 8;
    const D = c.D;
    out.push({ name: `gather ${c.name}`, launch: gatherLaunch(c, { D, touch }), idx: 1, off: -1 });
    for (const mode of ["sum", "mean", "max"]) {
      const spec = { D, mode, weighted: mode === "sum", padded: false, touch };
      out.push({
        name: `gather_bag ${mode} ${c.name}`,
        launch: gatherBagLaunch(c, spec),
        idx: 1,
        off: 2,
      });
    }
    out.push({
      name: `bag_argmax ${c.name}`,
      launch: bagArgmaxLaunch(c, { D, padded: false, touch }),
      idx: 1,
      off: 2,
    });
    const pos = bagPositionsLaunch(c, { mean: true, weighted: false, padded: false });
    out.push({ name: `bag_positions ${c.name}`, launch: pos, idx: -1, off: 1 });
    const G = new Float32Array(c.B * D).fill(1);
    out.push({
      name: `psw_grad ${c.name}`,
      launch: pswGradLaunch(c, G, { D, padded: false, touch }),
      idx: 2,
      off: 3,
    });
    out.push({
      name: `renorm ${c.name}`,
      launch: renormLaunch(c, { D, p: 2 }, 1),
      idx: 1,
      off: -1,
    });
    out.push({ name: `inv_freq ${c.name}`, launch: invFreqLaunch(c.idx, c.V), idx: 0, off: -1 });
    out.push({
      name: `row_csr ${c.name}`,
      launch: rowCsrLaunch(c.idx, c.V, -1, { padded: false }),
      idx: 0,
      off: -1,
    });
  }
  for (const c of gradCases(6, 1).filter((x) => x.N > 0)) {
    const spec = { D: c.D, source: "rows" as const, freq: false, padded: false };
    out.push({
      name: `scatter_rows ${c.name}`,
      launch: scatterRowsLaunch(c, spec),
      idx: 1,
      off: -1,
    });
    const si = sparseIndicesLaunch(c, { padded: false, coalesced: false });
    out.push({ name: `sparse_indices ${c.name}`, launch: si, idx: 0, off: -1 });
    // Output rows: an nOut smaller than the data's rows must stop the kernel.
    const sv = sparseValuesLaunch(c, { ...spec, coalesced: false });
    out.push({
      name: `sparse_values (nOut) ${c.name}`,
      launch: { ...sv, args: [...sv.args.slice(0, -1), c.N - 1] },
      idx: -1,
      off: -1,
    });
    const sc = sparseIndicesLaunch(c, { padded: false, coalesced: true });
    out.push({
      name: `sparse_indices coalesced (nOut) ${c.name}`,
      launch: { ...sc, args: [...sc.args.slice(0, -1), 0] },
      idx: -1,
      off: -1,
    });
  }
  for (const c of rowsCases(7).filter((x) => !x.dense)) {
    out.push({ name: `sgd_rows ${c.name}`, launch: sgdLaunch(c, 0.1), idx: 1, off: -1 });
    const M = new Float32Array(c.V * c.D), V2 = new Float32Array(c.V * c.D);
    out.push({
      name: `sparse_adam_rows ${c.name}`,
      launch: sparseAdamLaunch(c, M, V2, sparseAdamScalars(0.1, 0.9, 0.99, 1e-8, 1), true),
      idx: 3,
      off: -1,
    });
  }
  return out;
}

/** Replaces int32 arg `i` by a copy with `value` at `at`. */
function withValue(args: readonly Arg[], i: number, at: number, value: number): Arg[] {
  const copy = Int32Array.from(args[i] as Int32Array);
  copy[at] = value;
  return args.map((a, k) => (k === i ? copy : a));
}

const BACKENDS: Backend[] = ["js", "rebuilt", "wasm"];

Deno.test("the JS and the Wasm kernels report the same FAULT", () =>
  assert.equal(FAULT, WASM_FAULT));

Deno.test("every kernel returns FAULT at an index, offset or output row out of range, on JS and Wasm", () => {
  const r = rng(3);
  for (const t of targets()) {
    const cases: Arg[][] = [];
    if (t.idx < 0 && t.off < 0) cases.push([...t.launch.args]);
    if (t.idx >= 0) {
      const n = (t.launch.args[t.idx] as Int32Array).length;
      for (const bad of [-1, 1 << 20, 2 ** 31 - 1, -(2 ** 31)]) {
        cases.push(withValue(t.launch.args, t.idx, Math.floor(r() * n), bad));
      }
    }
    if (t.off >= 0) {
      const n = (t.launch.args[t.off] as Int32Array).length;
      for (const bad of [2 ** 31 - 1, -3, 1 << 20]) {
        cases.push(withValue(t.launch.args, t.off, Math.floor(r() * n), bad));
      }
      cases.push(withValue(t.launch.args, t.off, 0, 1)); // the first bag must start at 0
    }
    for (const args of cases) {
      for (const backend of BACKENDS) {
        const statuses: number[] = [];
        run({ ...t.launch, args }, backend, [[0, t.launch.units]], statuses);
        assert.deepEqual(statuses, [FAULT], `${t.name} on ${backend}`);
      }
    }
  }
});
