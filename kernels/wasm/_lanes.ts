/**
 * The walk shared by the Wasm softmax kernels: a tensor viewed as
 * `[outer, n, inner]`, one unit per lane `u = o * inner + i` reducing over
 * `n`. When `inner == 1` a lane is a contiguous row: passes run four
 * elements per v128 with four interleaved accumulators (element `j` into
 * lane `j % 4`, the row's last `n % 4` elements loaded lane by lane and
 * merged under a mask), reduced at the end as `(a0 + a2) + (a1 + a3)`.
 * Otherwise four adjacent lanes run side by side, one v128 per element with
 * one accumulator each (sequential order), and lanes that cannot be grouped
 * by four run alone in lane 0. The JS references follow the same orders.
 */

import type { CodeBuilder } from "../../src/wasm/code_builder.ts";
import { emitKernel, type WasmKernel } from "./_emit.ts";
import type { Signature } from "../signature.ts";
import { hoistConstants, k } from "./_consts.ts";

/** What a pass's element body returns: a local to accumulate, and a local to store into a tensor. */
export interface Elem {
  readonly acc?: number;
  readonly store?: readonly [string, number];
}

/** One pass over a unit's `n` elements; returns the local holding the reduction (or -1). */
export type Pass = (
  tensors: readonly string[],
  body: (v: Readonly<Record<string, number>>) => Elem,
  acc?: "max" | "sum",
) => number;

type Mode = "row" | "vec" | "lane";

/**
 * Builds a kernel `run(tensors..., n, inner, start, end)` of signature `sig`
 * (its tensors, then `n` and `inner`): `body` emits the passes of one unit
 * (or group of four), once per mode; the constants of the `math` emitters it
 * uses are hoisted out of the loops.
 */
export function emitLanes(
  name: string,
  sig: Signature & { readonly n: "int"; readonly inner: "int" },
  math: readonly ((f: CodeBuilder, x: number) => void)[],
  body: (f: CodeBuilder, pass: Pass) => void,
): WasmKernel {
  const tensors = Object.keys(sig).slice(0, -2);
  return emitKernel(name, sig, {}, ({ f, p }) => {
    const I = (s: string) => f.local("i32", s);
    const u = I("u"), i = I("i"), off = I("off"), nv = I("nv"), r = I("r"), step = I("step");
    const lane = I("lane");
    const base = Object.fromEntries(tensors.map((t) => [t, I(`${t}Base`)]));
    const mask = f.local("v128", "mask");
    hoistConstants(f, math, [0, -Infinity]);
    const bases = () =>
      tensors.forEach((t) => f.localGet(p[t] as number).localGet(off).i32Add().localSet(base[t]));
    const op = (kind: "max" | "sum") => (kind === "max" ? f.f32x4Max() : f.f32x4Add());
    const pass = (mode: Mode): Pass => (ts, elem, kind) => {
      const acc = kind ? f.local("v128") : -1;
      if (kind) (kind === "max" ? k(f, -Infinity) : k(f, 0)).localSet(acc);
      const step1 = (
        load: (t: string) => void,
        store: (t: string, v: number) => void,
        tail: boolean,
        into = acc,
      ) => {
        const v = Object.fromEntries(ts.map((t) => {
          const l = f.local("v128");
          load(t);
          f.localSet(l);
          return [t, l];
        }));
        const e = elem(v);
        if (kind && e.acc !== undefined) {
          f.localGet(into).localGet(e.acc);
          op(kind);
          if (tail) f.localGet(into).localGet(mask).v128Bitselect();
          f.localSet(into);
        }
        if (e.store) store(e.store[0], e.store[1]);
      };
      const at = (t: string) => f.localGet(base[t]).localGet(i).i32Add();
      const loop = (to: number, by: number, inner: () => void, from0 = true) => {
        if (from0) f.i32Const(0).localSet(i);
        f.block((done) =>
          f.loop((top) => {
            f.localGet(i).localGet(to).i32GeU().brIf(done);
            inner();
            f.localGet(i).localGet(by).i32Add().localSet(i).br(top);
          })
        );
      };
      const vector = (into: number, at16 = 0) =>
        step1(
          (t) => at(t).v128Load({ offset: 16 * at16, align: 4 }),
          (t, x) => at(t).localGet(x).v128Store({ offset: 16 * at16, align: 4 }),
          false,
          into,
        );
      if (mode === "row") {
        f.i32Const(0).localSet(i);
        if (kind === "max") {
          // Max is exact in any order: four chains of 4 vectors hide its latency.
          const more = [f.local("v128"), f.local("v128"), f.local("v128")], nv4 = f.local("i32");
          for (const m of more) k(f, -Infinity).localSet(m);
          f.localGet(nv).i32Const(-64).i32And().localSet(nv4);
          f.i32Const(64).localSet(step);
          loop(nv4, step, () => [acc, ...more].forEach((a, q) => vector(a, q)));
          f.localGet(acc).localGet(more[0]).f32x4Max().localGet(more[1]).localGet(more[2]);
          f.f32x4Max().f32x4Max().localSet(acc);
        }
        f.i32Const(16).localSet(step);
        loop(nv, step, () => vector(acc), false);
        f.localGet(nv).localSet(i);
        f.localGet(r).if(() => {
          const lanes = (fn: (l: number) => void) => {
            for (let l = 0; l < 3; l++) f.localGet(r).i32Const(l).i32GtU().if(() => fn(l));
          };
          step1(
            (t) => {
              const l = f.local("v128");
              k(f, 0).localSet(l);
              lanes((j) =>
                at(t).localGet(l).v128Load32Lane(j, { offset: 4 * j, align: 4 }).localSet(l)
              );
              f.localGet(l);
            },
            (t, x) =>
              lanes((j) => at(t).localGet(x).v128Store32Lane(j, { offset: 4 * j, align: 4 })),
            true,
          );
        });
        if (kind) {
          for (const lanes of [[8, 12, 0, 4], [4, 0, 12, 8]]) {
            const bytes = lanes.flatMap((b) => [b, b + 1, b + 2, b + 3]);
            f.localGet(acc).localGet(acc).localGet(acc).i8x16Shuffle(bytes);
            op(kind).localSet(acc);
          }
        }
      } else {
        f.localGet(p.inner).i32Const(2).i32Shl().localSet(step);
        f.localGet(p.n).localGet(step).i32Mul().localSet(nv);
        const vec = mode === "vec";
        loop(nv, step, () =>
          step1(
            (t) => (vec ? at(t).v128Load({ align: 4 }) : at(t).v128Load32Zero({ align: 4 })),
            (t, x) =>
              vec
                ? at(t).localGet(x).v128Store({ align: 4 })
                : at(t).localGet(x).v128Store32Lane(0, { align: 4 }),
            false,
          ));
      }
      return acc;
    };
    f.localGet(p.inner).i32Const(1).i32Eq();
    f.if(() => {
      f.localGet(p.n).i32Const(-4).i32And().i32Const(2).i32Shl().localSet(nv);
      f.localGet(p.n).i32Const(3).i32And().localTee(r).i32x4Splat();
      f.v128ConstI32x4([0, 1, 2, 3]).i32x4GtS().localSet(mask);
      f.localGet(p.start).localSet(u);
      f.block((done) =>
        f.loop((top) => {
          f.localGet(u).localGet(p.end).i32GeS().brIf(done);
          f.localGet(u).localGet(p.n).i32Mul().i32Const(2).i32Shl().localSet(off);
          bases();
          body(f, pass("row"));
          f.localGet(u).i32Const(1).i32Add().localSet(u).br(top);
        })
      );
      f.i32Const(0).return();
    });
    // inner > 1: groups of four adjacent lanes of one outer index, else one lane.
    f.localGet(p.start).localSet(u);
    f.block((done) =>
      f.loop((top) => {
        f.localGet(u).localGet(p.end).i32GeS().brIf(done);
        f.localGet(u).localGet(u).localGet(p.inner).i32DivU().localGet(p.inner).i32Mul().i32Sub();
        f.localTee(lane).localGet(u).localGet(lane).i32Sub().localGet(p.n).i32Mul().i32Add();
        f.i32Const(2).i32Shl().localSet(off);
        bases();
        f.localGet(lane).i32Const(4).i32Add().localGet(p.inner).i32LeU();
        f.localGet(u).i32Const(4).i32Add().localGet(p.end).i32LeS().i32And();
        f.if(() => {
          body(f, pass("vec"));
          f.localGet(u).i32Const(4).i32Add().localSet(u).br(top);
        });
        body(f, pass("lane"));
        f.localGet(u).i32Const(1).i32Add().localSet(u).br(top);
      })
    );
  });
}
