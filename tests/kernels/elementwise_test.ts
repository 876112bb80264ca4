/**
 * `elementwise` (kernels/elementwise.ts, kernels/wasm/elementwise.ts): random
 * programs and broadcast patterns, Wasm against the JS reference bit for bit
 * (one launch and split); exact ops against a naive float32 broadcasting
 * evaluator; transcendental ops against float64 within documented ulps.
 */

import assert from "node:assert/strict";
import { elementwise } from "../../kernels/elementwise.ts";
import { wasmKernel } from "../../kernels/wasm/registry.ts";
import { evalProgram, OPS, ulpsOff } from "./_ew_reference.ts";
import { runOnWorkers } from "./_pool_run.ts";
import {
  assertBitwise,
  assertSplitInvariant,
  assertWasmMatchesJs,
  buf,
  f32Sentinel,
  f32Values,
  type Launch,
  rebuild,
  rng,
  run,
} from "./_kernel_harness.ts";

const UNARY = "neg exp log sqrt relu sigmoid tanh gelu erf abs square reciprocal copy".split(" ");
const BINARY = "add sub mul div pow maximum minimum gt ge lt le eq ne".split(" ");
const EXACT =
  "neg sqrt relu abs square reciprocal copy add sub mul div maximum minimum gt ge lt le eq ne where"
    .split(" ");
const CONSTS = ["0", "1", "-2.5", "0.1", "inf", "-inf", "nan", "100"];

/** A launch of `program` over `dims`, input k of shape `shapes[k]` (int32 where `ints[k]`). */
function launch(
  program: string,
  dims: readonly number[],
  shapes: readonly (readonly number[])[],
  data: readonly (Float32Array | Int32Array)[],
  r: () => number,
): Launch {
  // A size-1 output dim may be marked either way: both must work.
  const bcast = shapes.map((s) =>
    s.map((v, j) => (v === 1 && (dims[j] !== 1 || r() < 0.5) ? "b" : "f")).join("")
  );
  const units = dims.reduce((a, b) => a * b, 1);
  return {
    kernel: "elementwise",
    spec: {
      program,
      rank: dims.length,
      bcast: bcast.join(","),
      dtypes: data.map((d) => (d instanceof Int32Array ? "i" : "f")).join(""),
    },
    args: [f32Sentinel(units), ...data, ...dims],
    units,
  };
}

/** Random dims, input shapes broadcasting into them, and data (some inputs int32). */
function randomCase(r: () => number, n: number, { ints = true, scale = 1 } = {}) {
  const rank = 1 + Math.floor(r() * 4);
  const dims = Array.from(
    { length: rank },
    () =>
      [
        0,
        1,
        2,
        3,
        5,
        9,
        17,
      ][Math.floor(r() * 7 * (r() < 0.9 ? 0.999 : 1) + (r() < 0.95 ? 1 : 0)) % 7],
  );
  const shapes = Array.from({ length: n }, () => dims.map((d) => (r() < 0.35 ? 1 : d)));
  const data = shapes.map((s) => {
    const size = s.reduce((a, b) => a * b, 1);
    if (ints && r() < 0.15) return Int32Array.from({ length: size }, () => Math.floor(r() * 7) - 3);
    return f32Values(size, r).map((v) => v * scale);
  });
  return { dims, shapes, data };
}

function randomProgram(r: () => number, n: number, ops: readonly string[]): string {
  const lines: string[] = [];
  const operand = (j: number) => {
    const u = r();
    if (u < 0.15) return CONSTS[Math.floor(r() * CONSTS.length)];
    if (j > 0 && u < 0.6) return `t${Math.floor(r() * j)}`;
    return `x${Math.floor(r() * n)}`;
  };
  const m = 1 + Math.floor(r() * 6);
  for (let j = 0; j < m; j++) {
    const op = ops[Math.floor(r() * ops.length)];
    lines.push([op, ...Array.from({ length: OPS[op].length || 1 }, () => operand(j))].join(" "));
  }
  return lines.join("; ");
}

Deno.test("elementwise kernel in Wasm matches the JS reference bit for bit on random programs", () => {
  const r = rng(11), ops = [...UNARY, ...BINARY, "where"];
  for (let c = 0; c < 120; c++) {
    const n = 1 + Math.floor(r() * 4),
      { dims, shapes, data } = randomCase(r, n, { scale: c % 3 ? 1 : 100 });
    assertWasmMatchesJs(launch(randomProgram(r, n, ops), dims, shapes, data, r), r);
  }
});

Deno.test("elementwise kernel's run-time constants compute the bits of the same numbers in the program", () => {
  const r = rng(13), ops = [...UNARY, ...BINARY, "where"];
  let slotted = 0;
  for (let c = 0; c < 120; c++) {
    const n = 1 + Math.floor(r() * 4), { dims, shapes, data } = randomCase(r, n);
    const program = randomProgram(r, n, ops), values: number[] = [];
    // Every number becomes `cK`, its value an argument (as float64: the kernel rounds it).
    const runtime = program.split(";").map((line) =>
      line.trim().split(/\s+/).map((t, i) => {
        if (i === 0 || /^[xt]\d+$/.test(t)) return t;
        values.push(
          t === "inf" ? Infinity : t === "-inf" ? -Infinity : t === "nan" ? NaN : Number(t),
        );
        return `c${values.length - 1}`;
      }).join(" ")
    ).join("; ");
    slotted += values.length;
    const baked = launch(program, dims, shapes, data, r);
    const l: Launch = {
      ...baked,
      spec: { ...baked.spec, program: runtime, consts: values.length },
      args: [...baked.args, ...values],
    };
    const want = buf(run(baked, "js"), 0);
    assertBitwise(buf(assertSplitInvariant(l, "js", r, runtime), 0), want, `js ${runtime}`);
    assertBitwise(buf(run(l, "wasm"), 0), want, `wasm ${runtime}`);
  }
  assert.ok(slotted > 50, `only ${slotted} constants were run-time ones`);
});

Deno.test("elementwise kernel broadcasts like NumPy and rounds exact ops once each", () => {
  const r = rng(12);
  for (let c = 0; c < 120; c++) {
    const n = 1 + Math.floor(r() * 4), { dims, shapes, data } = randomCase(r, n);
    const program = randomProgram(r, n, EXACT);
    const l = launch(program, dims, shapes, data, r);
    const want = Float32Array.from(evalProgram(program, dims, data, shapes, Math.fround));
    assertBitwise(buf(assertSplitInvariant(l, "js", r, program), 0), want, `${program} ${dims}`);
    assertBitwise(buf(run(l, "wasm"), 0), want, `wasm ${program} ${dims}`);
  }
});

Deno.test("elementwise kernel's exp, log, tanh, sigmoid, erf, gelu and pow are within a few ulp of float64", () => {
  const r = rng(13);
  const ulps: Record<string, number> = {
    exp: 1,
    log: 1,
    tanh: 2,
    sigmoid: 2,
    erf: 3,
    gelu: 4,
    pow: 0.5,
  };
  for (const op of Object.keys(ulps)) {
    const x = Float32Array.from({ length: 4000 }, () => (r() - 0.5) * 20);
    const y = Float32Array.from({ length: 4000 }, () => (r() - 0.5) * 6);
    if (op === "log" || op === "pow") {
      x.forEach((v, i) => (x[i] = Math.abs(v) * 4 ** (r() * 8 - 4)));
    }
    const program = op === "pow" ? "pow x0 x1" : `${op} x0`;
    const l = launch(program, [4, 1000], [[4, 1000], [4, 1000]], [x, y], r);
    const want = evalProgram(program, [4, 1000], [x, y], [[4, 1000], [4, 1000]]);
    for (const backend of ["js", "wasm"] as const) {
      const got = buf(run(l, backend), 0);
      got.forEach((g, i) => {
        const ok = ulpsOff(g, want[i]) <= ulps[op] || Math.abs(g - want[i]) <= 5e-7;
        assert.ok(ok, `${backend} ${op}(${x[i]}, ${y[i]}) = ${g}, want ${want[i]}`);
      });
    }
  }
});

Deno.test("elementwise kernel handles ±100, ±Infinity, NaN and ±0 at the edges of exp, log, tanh, sigmoid", () => {
  const r = rng(14),
    x = Float32Array.of(100, -100, Infinity, -Infinity, NaN, 0, -0, 88.72, -87.3, 1e-40, -1e-40);
  for (const op of ["exp", "log", "tanh", "sigmoid"]) {
    // As in PyTorch, sigmoid(-100) is 0: exp(100) overflows float32.
    const want = Array.from(
      x,
      (v) => (op === "sigmoid" && v === -100 ? 0 : Math.fround(OPS[op](v))),
    );
    const l = launch(`${op} x0`, [x.length], [[x.length]], [x], r);
    for (const backend of ["js", "wasm"] as const) {
      buf(run(l, backend), 0).forEach((g, i) => {
        const ok = ulpsOff(g, want[i]) <= 1 && (want[i] !== 0 || Object.is(g, want[i]));
        assert.ok(ok, `${backend} ${op}(${x[i]}) = ${g}, want ${want[i]}`);
      });
    }
  }
});

Deno.test("elementwise kernel's pow, relu, maximum and where follow PyTorch at NaN, ±Infinity and ±0", () => {
  const r = rng(19), nan = NaN, inf = Infinity;
  const x = Float32Array.of(1, 1, -1, -1, nan, 2, -8, 0, 0, -0, -0, nan, 3);
  const y = Float32Array.of(nan, inf, inf, -inf, 0, nan, 1 / 3, -1, 0, -1, 0, 1, nan);
  // torch.pow, torch.relu, torch.maximum and torch.where(x != 0, x, y) (PyTorch 1.13) on these,
  // except maximum(-0, 0): IEEE 0 here, where PyTorch's scalar loop gives -0 and its AVX2 loop 0.
  const want: Record<string, number[]> = {
    "pow x0 x1": [1, 1, 1, 1, 1, nan, nan, inf, 1, -inf, 1, nan, 3 ** nan],
    "relu x0": [1, 1, 0, 0, nan, 2, 0, 0, 0, -0, -0, nan, 3],
    "maximum x0 x1": [nan, inf, inf, -1, nan, nan, Math.fround(1 / 3), 0, 0, -0, 0, nan, nan],
    "where x0 x0 x1": [1, 1, -1, -1, nan, 2, -8, -1, 0, -1, 0, nan, 3],
  };
  for (const [program, w] of Object.entries(want)) {
    const l = launch(program, [x.length], [[x.length], [x.length]], [x, y], r);
    for (const backend of ["js", "wasm"] as const) {
      assertBitwise(buf(run(l, backend), 0), Float32Array.from(w), `${backend} ${program}`);
    }
  }
});

Deno.test("elementwise kernel writes nothing for empty outputs or empty ranges", () => {
  const r = rng(15);
  for (const dims of [[0], [3, 0], [0, 4], [2, 0, 5]]) {
    const shapes = [dims, dims.map(() => 1)];
    const l = launch("mul x0 x1", dims, shapes, [new Float32Array(0), Float32Array.of(2)], r);
    for (const backend of ["js", "wasm"] as const) assert.equal(buf(run(l, backend), 0).length, 0);
  }
  const l = launch("exp x0", [4], [[4]], [Float32Array.of(1, 2, 3, 4)], r);
  for (const backend of ["js", "wasm"] as const) {
    assertBitwise(buf(run(l, backend, [[2, 2], [5, 5]]), 0), f32Sentinel(4), backend);
  }
});

Deno.test("elementwise kernel reuses one Wasm module across shapes of the same pattern, rank 6 included", () => {
  const r = rng(16),
    spec = {
      program: "mul x0 x1; add t0 x2; relu t1",
      rank: 6,
      bcast: "ffffff,fbfbfb,bbbbbf",
      dtypes: "fff",
    };
  const module = wasmKernel("elementwise", spec);
  for (const dims of [[2, 3, 1, 2, 3, 5], [1, 2, 2, 2, 2, 9], [3, 1, 2, 1, 2, 4]]) {
    const shapes = [dims, dims.map((d, j) => (j % 2 ? 1 : d)), dims.map((d, j) => (j < 5 ? 1 : d))];
    const data = shapes.map((s) => f32Values(s.reduce((a, b) => a * b, 1), r));
    const l = { ...launch(spec.program, dims, shapes, data, r), spec };
    assertWasmMatchesJs(l, r);
    assert.equal(wasmKernel("elementwise", spec), module);
    const want = Float32Array.from(evalProgram(spec.program, dims, data, shapes, Math.fround));
    assertBitwise(buf(run(l, "wasm"), 0), want, `${dims}`);
  }
});

Deno.test("elementwise kernel rebuilt from its source text computes the same", () => {
  const r = rng(17);
  for (let c = 0; c < 20; c++) {
    const { dims, shapes, data } = randomCase(r, 2),
      program = randomProgram(r, 2, [...UNARY, ...BINARY]);
    const l = launch(program, dims, shapes, data, r);
    assertBitwise(buf(run(l, rebuild(elementwise)), 0), buf(run(l, "js"), 0), program);
  }
});

Deno.test("elementwise kernel rejects malformed programs and patterns with a TypeError", () => {
  const bad: [string, number, string, string, RegExp][] = [
    ["frob x0", 1, "f", "f", /unknown op "frob"/],
    ["add x0", 1, "f", "f", /add takes 2 operands, not 1/],
    ["neg t0", 1, "f", "f", /t0 used early/],
    ["neg x1", 1, "f", "f", /no input x1/],
    ["add x0 zz", 1, "f", "f", /bad operand "zz"/],
    ["neg x0", 2, "f", "f", /pattern "f" is not 2 of b\/f/],
    ["neg x0", 1, "f", "fi", /dtypes "fi" do not match 1 inputs/],
    ["neg x0", 0, "", "", /rank 0 is not a positive integer/],
    ["add x0 c0", 1, "f", "f", /no run-time constant c0 of 0/],
  ];
  for (const [program, rank, bcast, dtypes, re] of bad) {
    const spec = { program, rank, bcast, dtypes };
    assert.throws(
      () => wasmKernel("elementwise", spec),
      (e) => e instanceof TypeError && re.test(e.message),
    );
    const l: Launch = {
      kernel: "elementwise",
      spec,
      args: [new Float32Array(1), new Float32Array(1), 1],
      units: 1,
    };
    assert.throws(
      () => run(l, "js"),
      (e) => e instanceof TypeError && /^elementwise\(\)/.test(e.message),
    );
  }
});

Deno.test("elementwise kernel on 2 Workers (JS and Wasm) computes the bits of one inline launch", async () => {
  const r = rng(18), dims = [3, 37], shapes = [[3, 37], [1, 37], [3, 1]];
  const data = shapes.map((s) => f32Values(s[0] * s[1], r));
  const l = launch("mul x0 x1; pow t0 x2; gelu t1; where x2 t2 t0; tanh t3", dims, shapes, data, r);
  const want = buf(run(l, "js"), 0);
  for (const kind of ["js", "wasm"] as const) {
    assertBitwise(await runOnWorkers(l, kind), want, kind);
  }
});
