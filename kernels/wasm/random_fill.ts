/**
 * Wasm `random_fill`: same contract as `kernels/random_fill.ts`. The
 * xoshiro128** draws and the float64 arithmetic are Wasm instructions (IEEE
 * operations, so equal to JS's); `log`, `cos` and `sin` are the engine's own
 * `Math.log/cos/sin`, imported as `env.log/cos/sin`, so that the values equal
 * the sequential stream of the same engine bit for bit (V8 compiles such
 * imports to direct calls of the functions behind `Math`).
 *
 * @module
 */

import { ModuleBuilder } from "../../src/wasm/module_builder.ts";
import type { CodeBuilder } from "../../src/wasm/code_builder.ts";
import { randomFill, type RandomFillSpec } from "../random_fill.ts";
import { wasmParams } from "../signature.ts";
import { forRange, type WasmKernel } from "./_emit.ts";

/** `run`'s parameters: the kernel's signature, then start and end. */
const PARAMS = [...wasmParams(randomFill.sig, {}), ["start", "i32"], ["end", "i32"]] as const;

/** Locals of the generator state and the draw. */
interface Gen {
  readonly s: readonly [number, number, number, number];
  readonly t: number;
  readonly hi: number;
}

/** Pushes one draw (an unsigned 32-bit value as i32) and advances the state. */
function draw(f: CodeBuilder, g: Gen): void {
  const [s0, s1, s2, s3] = g.s;
  f.localGet(s1).i32Const(5).i32Mul().i32Const(7).i32Rotl().i32Const(9).i32Mul();
  f.localGet(s1).i32Const(9).i32Shl().localSet(g.t);
  f.localGet(s2).localGet(s0).i32Xor().localSet(s2);
  f.localGet(s3).localGet(s1).i32Xor().localSet(s3);
  f.localGet(s1).localGet(s2).i32Xor().localSet(s1);
  f.localGet(s0).localGet(s3).i32Xor().localSet(s0);
  f.localGet(s2).localGet(g.t).i32Xor().localSet(s2);
  f.localGet(s3).i32Const(11).i32Rotl().localSet(s3);
}

/** Pushes a uniform f64 in `[0, 1)` from two draws (`Random.uniform()`). */
function uniform(f: CodeBuilder, g: Gen): void {
  draw(f, g);
  f.i32Const(5).i32ShrU().localSet(g.hi);
  f.localGet(g.hi).f64ConvertI32U().f64Const(67108864).f64Mul();
  draw(f, g);
  f.i32Const(6).i32ShrU().f64ConvertI32U().f64Add().f64Const(9007199254740992).f64Div();
}

function build(spec: RandomFillSpec, listing: boolean): ModuleBuilder {
  const mb = new ModuleBuilder({ listing });
  mb.importMemory("env", "memory", { initial: 1, maximum: 65536, shared: true });
  const unary = { params: ["f64"], results: ["f64"] } as const;
  const log = mb.importFunction("env", "log", unary);
  const cos = mb.importFunction("env", "cos", unary);
  const sin = mb.importFunction("env", "sin", unary);
  const f = mb.addFunction("run", {
    params: PARAMS.map(([, t]) => t),
    results: ["i32"],
    paramNames: PARAMS.map(([n]) => n),
    export: true,
  });
  const p = Object.fromEntries(PARAMS.map(([n], i) => [n, i]));
  const i32 = (name: string) => f.local("i32", name), f64 = (name: string) => f.local("f64", name);
  const g: Gen = { s: [i32("s0"), i32("s1"), i32("s2"), i32("s3")], t: i32("t"), hi: i32("hi") };
  const blk = i32("blk"), k = i32("k"), last = i32("last"), at = i32("at");
  const u = f64("u"), v = f64("v"), r = f64("r");
  const B = spec.block, normal = spec.dist === "normal";
  /** Stores `a + b * (value)` rounded to float32 at `at + offset`. */
  const store = (offset: number, value: () => void) => {
    f.localGet(at).localGet(p.a).localGet(p.b);
    value();
    f.f64Mul().f64Add().f32DemoteF64().f32Store({ offset, align: 4 });
  };
  forRange(f, blk, () => f.localGet(p.start), () => f.localGet(p.end), () => {
    g.s.forEach((s, w) => {
      f.localGet(p.states).localGet(blk).i32Const(16).i32Mul().i32Add();
      f.i32Load({ offset: 4 * w, align: 4 }).localSet(s);
    });
    f.localGet(p.hits).localGet(blk).i32Const(4).i32Mul().i32Add().i32Const(-1).i32Store();
    // last = min(n, first + B), first = blk * B
    f.localGet(blk).i32Const(B).i32Mul().localTee(k).i32Const(B).i32Add().localSet(last);
    f.localGet(last).localGet(p.n).localGet(last).localGet(p.n).i32LtS().select().localSet(last);
    f.block((stop) => {
      forRange(f, k, () => f.localGet(k), () => f.localGet(last), () => {
        f.localGet(p.out).localGet(k).i32Const(normal ? 8 : 4).i32Mul().i32Add().localSet(at);
        if (!normal) {
          store(0, () => uniform(f, g));
          return;
        }
        uniform(f, g);
        f.localTee(u).f64Const(0).f64Eq().if(() => {
          f.localGet(p.hits).localGet(blk).i32Const(4).i32Mul().i32Add();
          f.localGet(k).localGet(blk).i32Const(B).i32Mul().i32Sub().i32Store();
          f.br(stop);
        });
        uniform(f, g);
        f.localSet(v);
        f.f64Const(-2).localGet(u).call(log).f64Mul().f64Sqrt().localSet(r);
        store(0, () => f.localGet(r).f64Const(2 * Math.PI).localGet(v).f64Mul().call(cos).f64Mul());
        store(4, () => f.localGet(r).f64Const(2 * Math.PI).localGet(v).f64Mul().call(sin).f64Mul());
      });
      // The block is filled: its end state replaces its start state.
      g.s.forEach((s, w) => {
        f.localGet(p.states).localGet(blk).i32Const(16).i32Mul().i32Add().localGet(s);
        f.i32Store({ offset: 4 * w, align: 4 });
      });
    });
  });
  f.i32Const(0);
  return mb;
}

/** Emits the random fill kernel for a distribution and block size. */
export function emitRandomFill(spec: RandomFillSpec): WasmKernel {
  let text: string | undefined;
  return {
    bytes: build(spec, false).toBytes(),
    params: PARAMS.map(([, t]) => t),
    pow: false,
    get text(): string {
      return text ??= `;; random_fill\n${build(spec, true).toText()}`;
    },
  };
}
