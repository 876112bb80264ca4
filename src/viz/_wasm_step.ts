/**
 * Wasm SIMD emitter of t-SNE's 2-D gradient-descent step over the
 * Barnes-Hut forces (what `jsStepper` of `_gradient_descent.ts` and
 * `barnesHutGradient` of `_tsne_gradient.ts` compute between two force
 * computations, on the calling thread while the force Workers wait): each
 * point's gradient from its forces and Z, sklearn's gains and momentum
 * update, the new position, and the copies of it the next force computation
 * reads (`px`, `py` in float64, `xy32` rounded to float32). The same float64
 * operations in the same order, lane-wise on `(x, y)` pairs, with the gains'
 * two cases chosen by a mask rather than a branch, so the same bits; the
 * squared norm of the gain-scaled gradient is summed in the same order.
 *
 * @module
 */

import { emitKernel, forRange, type WasmKernel } from "../../kernels/wasm/_emit.ts";
import { signature } from "../../kernels/signature.ts";
import { at8 } from "./_wasm_forces.ts";
import { MIN_GAIN, type Stepper } from "./_gradient_descent.ts";
import { barnesHutForces, type BarnesHutState } from "./_tsne_gradient.ts";
import type { Csr } from "./_affinities.ts";
import { arena } from "../memory/arena.ts";

/** The step kernel's parameters: byte addresses, then the scalars of the step. */
const SIG = signature({
  ax: "u8*",
  ay: "u8*",
  nx: "u8*",
  ny: "u8*",
  y: "u8*",
  update: "u8*",
  gains: "u8*",
  px: "u8*",
  py: "u8*",
  xy32: "u8*",
  out: "u8*",
  c: "float",
  sumQ: "float",
  momentum: "float",
  rate: "float",
});

/**
 * `run(ax, ay, nx, ny, y, update, gains, px, py, xy32, out, c, sumQ,
 * momentum, rate, start, end)`: for points `[start, end)`, with `(y, update,
 * gains)` `[n, 2]` float64 and the forces float64: `g = c · (a − n / sumQ)`;
 * `gain = update · g < 0 ? gain + 0.2 : gain · 0.8`, at least `MIN_GAIN`;
 * `update = momentum · update − rate · (g · gain)`; `y += update`; `px`,
 * `py` and `xy32` from the new `y`. Writes Σ (g · gain)² (x then y, point
 * after point) to the float64 at `out`.
 */
function emitStep(): WasmKernel {
  return emitKernel("tsne_step 2-D", SIG, {}, ({ f, p }) => {
    const i = f.local("i32", "i"), at = f.local("i32", "at");
    const v = (name: string) => f.local("v128", name);
    const g = v("g"), u = v("u"), gain = v("gain"), s = v("s"), yv = v("yv");
    const c = v("c"), sumQ = v("sumQ"), momentum = v("momentum"), rate = v("rate");
    const norm = f.local("f64", "norm");
    for (const [local, param] of [[c, p.c], [sumQ, p.sumQ], [momentum, p.momentum]]) {
      f.localGet(param).f64x2Splat().localSet(local);
    }
    f.localGet(p.rate).f64x2Splat().localSet(rate);
    // The constants in locals: V8 builds a v128 constant afresh at each use (3-4 instructions).
    const [plus, times, zero, min] = [0.2, 0.8, 0, MIN_GAIN].map((c, k) => {
      const local = v(`c${k}`);
      f.v128ConstF64x2([c, c]).localSet(local);
      return local;
    });
    f.f64Const(0).localSet(norm);
    /** Pushes `(xs[i], ys[i])` as an f64x2. */
    const pair = (xs: number, ys: number) => {
      at8(f, xs, i).f64Load({ align: 8 }).f64x2Splat();
      at8(f, ys, i).f64Load({ align: 8 }).f64x2ReplaceLane(1);
    };
    forRange(f, i, () => f.localGet(p.start), () => f.localGet(p.end), () => {
      // g = c · (a − n / sumQ)
      f.localGet(c);
      pair(p.ax, p.ay);
      pair(p.nx, p.ny);
      f.localGet(sumQ).f64x2Div().f64x2Sub().f64x2Mul().localSet(g);
      f.localGet(i).i32Const(16).i32Mul().localSet(at);
      // gain: + 0.2 where update · g < 0, else × 0.8; then at least MIN_GAIN.
      f.localGet(p.gains).localGet(at).i32Add().v128Load({ align: 8 }).localSet(gain);
      f.localGet(gain).localGet(plus).f64x2Add();
      f.localGet(gain).localGet(times).f64x2Mul();
      f.localGet(p.update).localGet(at).i32Add().v128Load({ align: 8 }).localTee(u);
      f.localGet(g).f64x2Mul().localGet(zero).f64x2Lt().v128Bitselect().localSet(gain);
      f.localGet(min).localGet(gain).localGet(gain);
      f.localGet(min).f64x2Lt().v128Bitselect().localSet(gain);
      f.localGet(p.gains).localGet(at).i32Add().localGet(gain).v128Store({ align: 8 });
      // s = g · gain; norm += s.x², then s.y²
      f.localGet(g).localGet(gain).f64x2Mul().localTee(s).localGet(s).f64x2Mul().localSet(g);
      f.localGet(norm).localGet(g).f64x2ExtractLane(0).f64Add();
      f.localGet(g).f64x2ExtractLane(1).f64Add().localSet(norm);
      // update = momentum · update − rate · s; y += update
      f.localGet(momentum).localGet(u).f64x2Mul().localGet(rate).localGet(s).f64x2Mul();
      f.f64x2Sub().localSet(u);
      f.localGet(p.update).localGet(at).i32Add().localGet(u).v128Store({ align: 8 });
      f.localGet(p.y).localGet(at).i32Add().localTee(at).v128Load({ align: 8 });
      f.localGet(u).f64x2Add().localSet(yv);
      f.localGet(at).localGet(yv).v128Store({ align: 8 });
      // The positions the next forces read.
      at8(f, p.px, i).localGet(yv).f64x2ExtractLane(0).f64Store({ align: 8 });
      at8(f, p.py, i).localGet(yv).f64x2ExtractLane(1).f64Store({ align: 8 });
      at8(f, p.xy32, i).localGet(yv).f32x4DemoteF64x2Zero().v128Store64Lane(0, { align: 4 });
    });
    f.localGet(p.out).localGet(norm).f64Store({ align: 8 });
  });
}

let kernel: WebAssembly.Module | undefined;

/**
 * sklearn's descent over the 2-D Barnes-Hut forces (one degree of freedom)
 * with the step on the Wasm kernel (`emitStep`): the point, its updates and
 * gains live in the state's arena, the forces are `barnesHutForces`' (on the
 * force threads if any), and the kernel leaves the next positions where the
 * forces read them. The same bits as `jsStepper` over `barnesHutGradient`.
 */
export class WasmStepper implements Stepper {
  #p: Csr;
  #state: BarnesHutState;
  #theta: number;
  #run: (...args: number[]) => number;
  #args: number[];
  #y: Float64Array;
  #update: Float64Array;
  #gains: Float64Array;
  #out: Float64Array;
  norm2 = 0;

  /** A stepper over `state` (2-D, with the Wasm kernels) and the sparse `p`, at angle `theta`. */
  constructor(p: Csr, state: BarnesHutState, theta: number) {
    this.#p = p;
    this.#state = state;
    this.#theta = theta;
    const n = state.px.length, memory = arena().memory;
    kernel ??= new WebAssembly.Module(emitStep().bytes as BufferSource);
    this.#run = new WebAssembly.Instance(kernel, { env: { memory } }).exports.run as (
      ...args: number[]
    ) => number;
    const at = state.arena.block(3 * 16 * n + 8), buffer = memory.buffer;
    [this.#y, this.#update, this.#gains] = [0, 1, 2].map((k) =>
      new Float64Array(buffer, at + 16 * n * k, 2 * n)
    );
    this.#out = new Float64Array(buffer, at + 48 * n, 1);
    const l = state.arena.layout, [px, py, , nx, ny, , ax, ay] = l.floats;
    this.#args = [ax, ay, nx, ny, at, at + 16 * n, at + 32 * n, px, py, l.xy32, at + 48 * n];
  }

  begin(point: Float64Array): void {
    const { px, py } = this.#state, n = px.length;
    this.#y.set(point);
    this.#update.fill(0);
    this.#gains.fill(1);
    for (let i = 0; i < n; i++) {
      px[i] = point[2 * i];
      py[i] = point[2 * i + 1];
    }
    this.#state.arena.roundPositions();
  }

  step(computeError: boolean, momentum: number, learningRate: number): number {
    const s = this.#state, n = s.px.length;
    const kl = barnesHutForces(this.#p, n, 1, this.#theta, computeError, s);
    this.#run(...this.#args, 4, s.sumQ, momentum, learningRate, 0, n); // c = 2 (dof + 1) / dof
    this.norm2 = this.#out[0];
    return kl;
  }

  end(point: Float64Array): void {
    point.set(this.#y);
  }
}
