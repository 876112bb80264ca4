/**
 * `deno task bench:latency`: what each trick for random rows buys. Random
 * 256-byte rows from a table far larger than the caches are latency-bound:
 * the question is how many rows a core keeps in flight. Wasm has no prefetch
 * instruction and only 128-bit vectors, so the tricks are restructurings of
 * the bag-sum loop. Each variant is a small hand-built kernel (the same
 * builder the runtime uses) over the bag-dlrm data (4,096 bags × 32 rows),
 * on a cold 1,000,000 × 64 table and a cache-resident 10,000 × 64 one, one
 * thread, variants alternating over rounds; medians in ms.
 *
 * @module
 */

import { ModuleBuilder } from "../src/wasm/module_builder.ts";

const D = 64, B = 4096, L = 32, N = B * L;

interface Variant {
  name: string;
  /** Touch the rows of the next bag, all `lines` of each, before reducing the current bag. */
  ahead?: number;
  /** Touch the row this many positions ahead inside the loop. */
  inter?: number;
  lines: number[];
  /** v128 accumulators per pass (16 = one pass over a 64-float row). */
  chunk: number;
  /** Drop the touched values instead of summing them (V8 then removes the loads). */
  drop?: boolean;
}

const ALL = [0, 1, 2, 3];
const VARIANTS: Variant[] = [
  { name: "plain loop (2 passes of 8 accumulators)", lines: [], chunk: 8 },
  { name: "plain loop, 4 passes of 4", lines: [], chunk: 4 },
  { name: "plain loop, 1 pass of 16 (spills)", lines: [], chunk: 16 },
  { name: "touch row j+8 inside the loop", inter: 8, lines: ALL, chunk: 8 },
  { name: "touch row j+32 inside the loop", inter: 32, lines: ALL, chunk: 8 },
  { name: "touch next bag first, 4 lines/row (ours)", ahead: 32, lines: ALL, chunk: 8 },
  { name: "touch next bag first, 2 lines/row", ahead: 32, lines: [0, 2], chunk: 8 },
  { name: "touch next bag first, loads dropped", ahead: 32, lines: ALL, chunk: 8, drop: true },
];

/** A bag-sum kernel `run(W, idx, out)` for a variant. */
function build(v: Variant): Uint8Array {
  const mb = new ModuleBuilder();
  mb.importMemory("env", "memory", { initial: 1, maximum: 65536, shared: true });
  const f = mb.addFunction("run", { params: ["i32", "i32", "i32"], export: true });
  const [W, IDX, OUT] = [0, 1, 2];
  const b = f.local("i32"), j = f.local("i32"), row = f.local("i32"), end = f.local("i32");
  const t = f.local("i32"), tEnd = f.local("i32"), sink = f.local("i32");
  const acc = Array.from({ length: v.chunk }, () => f.local("v128"));
  const rowOf = (pos: () => void) => {
    f.localGet(W).localGet(IDX);
    pos();
    f.i32Const(4).i32Mul().i32Add().i32Load().i32Const(D * 4).i32Mul().i32Add();
  };
  const touch = (address: number) => {
    for (const l of v.lines) {
      if (v.drop) f.localGet(address).i32Load8U({ offset: l * 64 }).drop();
      else f.localGet(sink).localGet(address).i32Load8U({ offset: l * 64 }).i32Add().localSet(sink);
    }
  };
  const loop = (i: number, to: number, body: () => void) =>
    f.block((done) =>
      f.loop((top) => {
        f.localGet(i).localGet(to).i32GeS().brIf(done);
        body();
        f.localGet(i).i32Const(1).i32Add().localSet(i).br(top);
      })
    );
  f.i32Const(0).localSet(b);
  f.i32Const(B).localSet(tEnd);
  loop(b, tEnd, () => {
    if (v.ahead) {
      f.localGet(b).i32Const(1).i32Add().i32Const(L).i32Mul().localSet(t);
      f.localGet(t).i32Const(v.ahead).i32Add().localSet(end);
      f.localGet(end).i32Const(N).i32GtS().if(() => f.i32Const(N).localSet(end));
      loop(t, end, () => {
        rowOf(() => f.localGet(t));
        f.localSet(row);
        touch(row);
      });
    }
    for (let c = 0; c < 16 / v.chunk; c++) {
      for (const a of acc) f.v128ConstF32x4([0, 0, 0, 0]).localSet(a);
      f.localGet(b).i32Const(L).i32Mul().localSet(j);
      f.localGet(j).i32Const(L).i32Add().localSet(end);
      loop(j, end, () => {
        if (v.inter && c === 0) {
          f.localGet(j).i32Const(v.inter).i32Add().i32Const(N).i32LtS();
          f.if(() => {
            rowOf(() => f.localGet(j).i32Const(v.inter!).i32Add());
            f.localSet(t);
            touch(t);
          });
        }
        rowOf(() => f.localGet(j));
        f.localSet(row);
        acc.forEach((a, k) =>
          f.localGet(a).localGet(row).v128Load({ offset: 16 * (c * v.chunk + k) }).f32x4Add()
            .localSet(a)
        );
      });
      f.localGet(OUT).localGet(b).i32Const(D * 4).i32Mul().i32Add().localSet(row);
      acc.forEach((a, k) =>
        f.localGet(row).localGet(a).v128Store({ offset: 16 * (c * v.chunk + k) })
      );
    }
  });
  f.i32Const(8).localGet(sink).i32Store();
  return mb.toBytes();
}

/** Medians (ms) of every variant on a table of `V` rows, variants alternating over rounds. */
function measure(V: number, rounds: number): number[] {
  const bytes = V * D * 4 + N * 4 + B * D * 4 + 2 * 65536;
  const memory = new WebAssembly.Memory(
    {
      initial: Math.ceil(bytes / 65536),
      maximum: 65536,
      shared: true,
    } as WebAssembly.MemoryDescriptor,
  );
  const Wp = 65536, Ip = Wp + V * D * 4, Op = Ip + N * 4;
  const f32 = new Float32Array(memory.buffer), i32 = new Int32Array(memory.buffer);
  for (let i = 0; i < V * D; i++) f32[Wp / 4 + i] = (i % 97) * 0.01;
  let x = 1;
  for (let i = 0; i < N; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    i32[Ip / 4 + i] = x % V;
  }
  const runs = VARIANTS.map((v) =>
    new WebAssembly.Instance(new WebAssembly.Module(build(v) as BufferSource), { env: { memory } })
      .exports.run as (
        ...a: number[]
      ) => void
  );
  const times: number[][] = VARIANTS.map(() => []);
  for (let r = 0; r < rounds; r++) {
    runs.forEach((run, i) => {
      const t0 = performance.now();
      run(Wp, Ip, Op);
      times[i].push(performance.now() - t0);
    });
  }
  return times.map((t) => t.sort((a, b) => a - b)[t.length >> 1]);
}

const rounds = Number(Deno.args[0] ?? 40);
const cold = measure(1_000_000, rounds), hot = measure(10_000, rounds);
const gbps = (ms: number) => ((N + B) * D * 4 / ms / 1e6).toFixed(1);
console.log(
  `Bag sum, 4,096 bags × 32 random rows of 64 floats, one thread, medians of ${rounds} alternating rounds\n`,
);
console.log(
  "| variant | cold table 1M × 64 | GB/s | hot table 10k × 64 | GB/s |\n|---|---|---|---|---|",
);
VARIANTS.forEach((v, i) =>
  console.log(
    `| ${v.name} | ${cold[i].toFixed(2)} ms | ${gbps(cold[i])} | ${hot[i].toFixed(2)} ms | ${
      gbps(hot[i])
    } |`,
  )
);
