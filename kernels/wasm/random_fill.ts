/**
 * Wasm `random_fill`: same contract as `kernels/random_fill.ts`. The
 * xoshiro128** draws are scalar i32 code; normal pairs go two at a time
 * through f64x2 code: `log` and `cos`/`sin` of turns are
 * `kernels/wasm/_math64.ts`, the f64x2 form of the JS reference's
 * functions (the same operations in the same order), so the values equal
 * the JS kernel's and the sequential stream's bit for bit, on every engine.
 * A last pair alone in its block stores one lane; a rejected `u = 0` in the
 * second pair stores the first.
 *
 * @module
 */

import { ModuleBuilder } from "../../src/wasm/module_builder.ts";
import type { CodeBuilder } from "../../src/wasm/code_builder.ts";
import { randomFill, type RandomFillSpec } from "../random_fill.ts";
import { wasmParams } from "../signature.ts";
import { forRange, type WasmKernel } from "./_emit.ts";
import { emitLogF64, emitSinCosTurnF64, hoistMath64 } from "./_math64.ts";

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
  // times 2^-53: exact, like the division by 2^53 of the JS reference
  f.i32Const(6).i32ShrU().f64ConvertI32U().f64Add().f64Const(2 ** -53).f64Mul();
}

/** Loads block `blk`'s state into the generator's locals, or stores them back. */
function blockState(f: CodeBuilder, g: Gen, states: number, blk: number, load: boolean): void {
  g.s.forEach((s, w) => {
    f.localGet(states).localGet(blk).i32Const(16).i32Mul().i32Add();
    if (load) f.i32Load({ offset: 4 * w, align: 4 }).localSet(s);
    else f.localGet(s).i32Store({ offset: 4 * w, align: 4 });
  });
}

function build(spec: RandomFillSpec, listing: boolean): ModuleBuilder {
  const mb = new ModuleBuilder({ listing });
  mb.importMemory("env", "memory", { initial: 1, maximum: 65536, shared: true });
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
  const two = i32("two"), hit = i32("hit"), u = f64("u");
  const v128 = (name: string) => f.local("v128", name);
  const U = v128("u2"), V = v128("v2"), C = v128("cos"), S = v128("sin"), A = v128("a2");
  const Bv = v128("b2"), R = v128("r2");
  const B = spec.block, normal = spec.dist === "normal";
  /** hits[blk] = value pushed by `value()`. */
  const setHit = (value: () => void) => {
    f.localGet(p.hits).localGet(blk).i32Const(4).i32Mul().i32Add();
    value();
    f.i32Store();
  };
  if (normal) {
    hoistMath64(f);
    f.localGet(p.a).f64x2Splat().localSet(A).localGet(p.b).f64x2Splat().localSet(Bv);
  }
  forRange(f, blk, () => f.localGet(p.start), () => f.localGet(p.end), () => {
    blockState(f, g, p.states, blk, true);
    setHit(() => f.i32Const(-1));
    // last = min(n, first + B), first = blk * B
    f.localGet(blk).i32Const(B).i32Mul().localTee(k).i32Const(B).i32Add().localSet(last);
    f.localGet(last).localGet(p.n).localGet(last).localGet(p.n).i32LtS().select().localSet(last);
    f.block((stop) => {
      if (!normal) {
        forRange(f, k, () => f.localGet(k), () => f.localGet(last), () => {
          f.localGet(p.out).localGet(k).i32Const(4).i32Mul().i32Add();
          f.localGet(p.a).localGet(p.b);
          uniform(f, g);
          f.f64Mul().f64Add().f32DemoteF64().f32Store({ align: 4 });
        });
      } else {
        f.block((done) => {
          f.loop((top) => {
            f.localGet(k).localGet(last).i32GeS().brIf(done);
            f.localGet(p.out).localGet(k).i32Const(8).i32Mul().i32Add().localSet(at);
            uniform(f, g);
            f.localTee(u).f64Const(0).f64Eq().if(() => {
              setHit(() => f.localGet(k).localGet(blk).i32Const(B).i32Mul().i32Sub());
              f.br(stop);
            });
            f.localGet(u).f64x2Splat().localSet(U);
            uniform(f, g);
            f.f64x2Splat().localSet(V);
            f.i32Const(-1).localSet(hit);
            f.localGet(k).i32Const(1).i32Add().localGet(last).i32LtS().localTee(two).if(() => {
              uniform(f, g);
              f.localTee(u).f64Const(0).f64Eq().if(() => {
                f.localGet(k).i32Const(1).i32Add().localGet(blk).i32Const(B).i32Mul().i32Sub();
                f.localSet(hit).i32Const(0).localSet(two);
              }, () => {
                f.localGet(U).localGet(u).f64x2ReplaceLane(1).localSet(U);
                f.localGet(V);
                uniform(f, g);
                f.f64x2ReplaceLane(1).localSet(V);
              });
            });
            // r = sqrt(-2 log u); a + b (r cos), a + b (r sin), interleaved as float32.
            emitLogF64(f, U);
            f.v128ConstF64x2([-2, -2]).f64x2Mul().f64x2Sqrt().localSet(R);
            emitSinCosTurnF64(f, V, C, S);
            f.localGet(A).localGet(Bv).localGet(R).localGet(C).f64x2Mul().f64x2Mul().f64x2Add();
            f.f32x4DemoteF64x2Zero();
            f.localGet(A).localGet(Bv).localGet(R).localGet(S).f64x2Mul().f64x2Mul().f64x2Add();
            f.f32x4DemoteF64x2Zero();
            f.i8x16Shuffle([0, 1, 2, 3, 16, 17, 18, 19, 4, 5, 6, 7, 20, 21, 22, 23]).localSet(U);
            f.localGet(two).if(() => f.localGet(at).localGet(U).v128Store({ align: 4 }), () => {
              f.localGet(at).localGet(U).v128Store64Lane(0, { align: 4 });
            });
            f.localGet(hit).i32Const(0).i32GeS().if(() => {
              setHit(() => f.localGet(hit));
              f.br(stop);
            });
            f.localGet(k).i32Const(2).i32Add().localSet(k).br(top);
          });
        });
      }
      // The block is filled: its end state replaces its start state.
      blockState(f, g, p.states, blk, false);
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
