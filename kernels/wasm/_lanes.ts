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
import { emitKernel, type ParamType, type WasmKernel } from "./_emit.ts";
import { k } from "./_math.ts";

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
 * Builds a kernel `run(tensors..., n, inner, start, end)`: `body` emits the
 * passes of one unit (or group of four), once per mode.
 */
export function emitLanes(
  name: string,
  tensors: readonly string[],
  body: (f: CodeBuilder, pass: Pass) => void,
): WasmKernel {
  const params: [string, ParamType][] = [...tensors.map((t) => [t, "i32"] as [string, "i32"])];
  params.push(["n", "i32"], ["inner", "i32"]);
  return emitKernel(name, params, ({ f, p }) => {
    const I = (s: string) => f.local("i32", s);
    const u = I("u"), i = I("i"), off = I("off"), nv = I("nv"), r = I("r"), step = I("step");
    const lane = I("lane");
    const base = Object.fromEntries(tensors.map((t) => [t, I(`${t}Base`)]));
    const mask = f.local("v128", "mask");
    const bases = () =>
      tensors.forEach((t) => f.localGet(p[t]).localGet(off).i32Add().localSet(base[t]));
    const op = (kind: "max" | "sum") => (kind === "max" ? f.f32x4Max() : f.f32x4Add());
    const pass = (mode: Mode): Pass => (ts, elem, kind) => {
      const acc = kind ? f.local("v128") : -1;
      if (kind) (kind === "max" ? k(f, -Infinity) : k(f, 0)).localSet(acc);
      const step1 = (
        load: (t: string) => void,
        store: (t: string, v: number) => void,
        tail: boolean,
      ) => {
        const v = Object.fromEntries(ts.map((t) => {
          const l = f.local("v128");
          load(t);
          f.localSet(l);
          return [t, l];
        }));
        const e = elem(v);
        if (kind && e.acc !== undefined) {
          f.localGet(acc).localGet(e.acc);
          op(kind);
          if (tail) f.localGet(acc).localGet(mask).v128Bitselect();
          f.localSet(acc);
        }
        if (e.store) store(e.store[0], e.store[1]);
      };
      const at = (t: string) => f.localGet(base[t]).localGet(i).i32Add();
      const loop = (to: number, by: number, inner: () => void) => {
        f.i32Const(0).localSet(i);
        f.block((done) =>
          f.loop((top) => {
            f.localGet(i).localGet(to).i32GeU().brIf(done);
            inner();
            f.localGet(i).localGet(by).i32Add().localSet(i).br(top);
          })
        );
      };
      if (mode === "row") {
        f.i32Const(16).localSet(step);
        loop(
          nv,
          step,
          () =>
            step1(
              (t) => at(t).v128Load({ align: 4 }),
              (t, x) => at(t).localGet(x).v128Store({ align: 4 }),
              false,
            ),
        );
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
