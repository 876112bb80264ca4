/**
 * The Wasm SIMD128 float32 peak of one core, measured: `chains` independent
 * chains `x = x * m + a` of f32x4 (one `f32x4.mul` and one `f32x4.add`, 8
 * flops, per link), enough of them to hide both latencies, in a loop
 * unrolled `chains` wide. The best over a few chain counts is the peak a
 * matmul kernel (also mul + add, no FMA in Wasm SIMD128) is held against.
 *
 * @module
 */

import { ModuleBuilder } from "../src/wasm/module_builder.ts";
import { timeCall } from "./_cpu_time.ts";

/**
 * `run(iters, m, a)`: `iters` links of every chain; returns a lane of their
 * sum (so nothing is dropped). `fused` chains are `x = x * m + a`;
 * otherwise half the chains are `x = x * m` and half `y = y + a` (shorter
 * latency per link). `m` and `a` are arguments, so nothing folds.
 */
function peakModule(
  chains: number,
  fused: boolean,
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
        if (fused) f.localGet(m).f32x4Mul().localGet(a).f32x4Add();
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

/**
 * GFLOP/s of one core (8 flops per mul + add pair) for each chain layout
 * in CPU time (and in wall time), medians of `samples` runs of about 50 ms.
 */
export function simdPeak(
  layouts: readonly { chains: number; fused: boolean }[] = [
    { chains: 12, fused: true },
    { chains: 14, fused: true },
    { chains: 8, fused: false },
    { chains: 12, fused: false },
    { chains: 14, fused: false },
  ],
  samples = 5,
): { chains: number; fused: boolean; gflops: number; wallGflops: number; bestGflops: number }[] {
  return layouts.map(({ chains, fused }) => {
    const run = peakModule(chains, fused);
    // Fused: 8 flops per link; separate: a mul link and an add link make 8 flops.
    const flops = fused ? 8 * chains : 4 * chains, iters = 1 << 16;
    const t = timeCall(() => run(iters, fused ? 0.5 : 1, 1), samples);
    return {
      chains,
      fused,
      gflops: (iters * flops) / t.cpu / 1e9,
      wallGflops: (iters * flops) / t.wall / 1e9,
      bestGflops: (iters * flops) / t.bestCpu / 1e9,
    };
  });
}
