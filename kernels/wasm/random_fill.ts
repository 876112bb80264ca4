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
import { hoistMath64 } from "./_math64.ts";
import { emitFourBlocks, emitPairValues, type PairLocals } from "./_random_lanes.ts";
import type { Label } from "../../src/wasm/types.ts";

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
  const blk = i32("blk"), k = i32("k"), last = i32("last"), at = i32("at"), until = i32("until");
  const two = i32("two"), hit = i32("hit"), u = f64("u");
  const v128 = (name: string) => f.local("v128", name);
  const U = v128("u2"), V = v128("v2");
  const l: PairLocals = {
    a: v128("a2"),
    b: v128("b2"),
    minus2: v128("minus2"),
    r: v128("r2"),
    cos: v128("cos"),
    sin: v128("sin"),
  };
  const B = spec.block, normal = spec.dist === "normal";
  /** hits[blk] = value pushed by `value()`. */
  const setHit = (value: () => void) => {
    f.localGet(p.hits).localGet(blk).i32Const(4).i32Mul().i32Add();
    value();
    f.i32Store();
  };
  if (normal) {
    hoistMath64(f);
    f.localGet(p.a).f64x2Splat().localSet(l.a).localGet(p.b).f64x2Splat().localSet(l.b);
    f.v128ConstF64x2([-2, -2]).localSet(l.minus2);
  }
  /** Normal pairs of block `blk` from `k` to `last`, two at a time (scalar draws). */
  const normalPairs = (stop: Label) => {
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
        emitPairValues(f, l, U, V);
        f.localSet(U);
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
  };
  /** Block `blk` from its state, one unit after another. */
  const oneBlock = () => {
    blockState(f, g, p.states, blk, true);
    setHit(() => f.i32Const(-1));
    // last = min(n, first + B), first = blk * B
    f.localGet(blk).i32Const(B).i32Mul().localTee(k).i32Const(B).i32Add().localSet(last);
    f.localGet(last).localGet(p.n).localGet(last).localGet(p.n).i32LtS().select().localSet(last);
    f.block((stop) => {
      if (normal) normalPairs(stop);
      else {
        forRange(f, k, () => f.localGet(k), () => f.localGet(last), () => {
          f.localGet(p.out).localGet(k).i32Const(4).i32Mul().i32Add();
          f.localGet(p.a).localGet(p.b);
          uniform(f, g);
          f.f64Mul().f64Add().f32DemoteF64().f32Store({ align: 4 });
        });
      }
      // The block is filled: its end state replaces its start state.
      blockState(f, g, p.states, blk, false);
    });
  };
  // Normal: four whole blocks at a time where there are, one at a time otherwise (and for the
  // four blocks again, up to `until`, where a u of 0 stopped them).
  f.localGet(p.start).localSet(blk).i32Const(0).localSet(until);
  f.block((exit) => {
    f.loop((top) => {
      f.localGet(blk).localGet(p.end).i32GeS().brIf(exit);
      if (normal) {
        f.localGet(blk).localGet(until).i32GeS();
        f.localGet(blk).i32Const(4).i32Add().localGet(p.end).i32LeS().i32And();
        f.localGet(blk).i32Const(4).i32Add().i32Const(B).i32Mul().localGet(p.n).i32LeS().i32And();
        f.if(() => {
          f.block((bail) => {
            emitFourBlocks(f, { out: p.out, states: p.states, hits: p.hits }, l, blk, B, bail);
            f.localGet(blk).i32Const(4).i32Add().localSet(blk).br(top);
          });
          f.localGet(blk).i32Const(4).i32Add().localSet(until);
        });
      }
      oneBlock();
      f.localGet(blk).i32Const(1).i32Add().localSet(blk).br(top);
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
