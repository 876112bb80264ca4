/**
 * The Wasm SIMD float32 peaks of one core, measured: `chains` independent
 * chains `x = x * m + a` of f32x4, enough of them to hide the latencies, in
 * a loop unrolled `chains` wide; each link is one `f32x4.mul` and one
 * `f32x4.add` (SIMD128), or one relaxed SIMD `f32x4.relaxed_madd` (`madd`,
 * where the runtime has it), 8 flops either way. The best over a few chain
 * counts of a kind is the peak a matmul kernel doing the same (mul + add, or
 * fused multiply-adds with `setBackend`'s `fma`) is held against.
 *
 * @module
 */

import { ModuleBuilder } from "../src/wasm/module_builder.ts";
import { timeCall } from "./_cpu_time.ts";
import { relaxedMadd } from "../src/wasm/relaxed_fma.ts";

/** A chain layout: `madd` links, `fused` mul + add links, or separate mul and add chains. */
export interface PeakLayout {
  readonly chains: number;
  readonly fused: boolean;
  readonly madd?: boolean;
}

/**
 * `run(iters, m, a)`: `iters` links of every chain; returns a lane of their
 * sum (so nothing is dropped). `madd` chains are `x = relaxed_madd(x, m, a)`,
 * `fused` ones `x = x * m + a`; otherwise half the chains are `x = x * m` and
 * half `y = y + a` (shorter latency per link). `m` and `a` are arguments, so
 * nothing folds.
 */
function peakModule(
  { chains, fused, madd }: PeakLayout,
): (iters: number, m: number, a: number) => number {
  const mb = new ModuleBuilder();
  const f = mb.addFunction("run", {
    params: ["i32", "f32", "f32"],
    results: ["f32"],
    export: true,
  });
  const i = f.local("i32", "i"), m = f.local("v128", "m"), a = f.local("v128", "a");
  const x = Array.from({ length: chains }, (_, c) => f.local("v128", `x${c}`));
  f.localGet(1).f32x4Splat().localSet(m);
  f.localGet(2).f32x4Splat().localSet(a);
  x.forEach((xc, c) => f.f32Const(c).f32x4Splat().localSet(xc));
  f.block((done) => {
    f.loop((top) => {
      f.localGet(i).localGet(0).i32GeS().brIf(done);
      x.forEach((xc, c) => {
        f.localGet(xc);
        if (madd) f.localGet(m).localGet(a).f32x4RelaxedMadd();
        else if (fused) f.localGet(m).f32x4Mul().localGet(a).f32x4Add();
        else if (c % 2 === 0) f.localGet(m).f32x4Mul();
        else f.localGet(a).f32x4Add();
        f.localSet(xc);
      });
      f.localGet(i).i32Const(1).i32Add().localSet(i).br(top);
    });
  });
  f.localGet(x[0]);
  for (const xc of x.slice(1)) f.localGet(xc).f32x4Add();
  f.f32x4ExtractLane(0);
  const inst = new WebAssembly.Instance(new WebAssembly.Module(mb.toBytes()));
  return inst.exports.run as (iters: number, m: number, a: number) => number;
}

/** The default layouts: mul + add chains, separate ones, and `relaxed_madd` ones where it validates. */
export const PEAK_LAYOUTS: readonly PeakLayout[] = [
  { chains: 12, fused: true },
  { chains: 14, fused: true },
  { chains: 8, fused: false },
  { chains: 12, fused: false },
  { chains: 14, fused: false },
  ...(relaxedMadd() ? [10, 12, 14].map((chains) => ({ chains, fused: true, madd: true })) : []),
];

/**
 * GFLOP/s of one core (8 flops per mul + add pair or `relaxed_madd`) for
 * each chain layout in CPU time (and in wall time), medians of `samples`
 * runs of about 50 ms.
 */
export function simdPeak(
  layouts: readonly PeakLayout[] = PEAK_LAYOUTS,
  samples = 5,
): (PeakLayout & { gflops: number; wallGflops: number; bestGflops: number })[] {
  return layouts.map((layout) => {
    const run = peakModule(layout);
    // Fused or madd: 8 flops per link; separate: a mul link and an add link make 8 flops.
    const flops = layout.fused ? 8 * layout.chains : 4 * layout.chains, iters = 1 << 16;
    const t = timeCall(() => run(iters, layout.fused ? 0.5 : 1, 1), samples);
    return {
      ...layout,
      gflops: (iters * flops) / t.cpu / 1e9,
      wallGflops: (iters * flops) / t.wall / 1e9,
      bestGflops: (iters * flops) / t.bestCpu / 1e9,
    };
  });
}
