/**
 * The f64x2 emitters of kernels/wasm/_math64.ts compute the JS reference
 * functions of kernels/_math64.ts bit for bit (every float64, not only
 * after rounding to float32 as the `random_fill` tests see them), with
 * hoisted and with inline constants.
 */

import { cosTurnF64, logF64, sinTurnF64 } from "../../../kernels/_math64.ts";
import { emitLogF64, emitSinCosTurnF64, hoistMath64 } from "../../../kernels/wasm/_math64.ts";
import { forRange } from "../../../kernels/wasm/_emit.ts";
import { ModuleBuilder } from "../../../src/wasm/module_builder.ts";
import { assertBitwise } from "../../_numeric.ts";
import { logPoints, turnPoints } from "../_math64_cases.ts";

/**
 * The emitters over arrays: for `n` float64 pairs, `log(u)`, `cos(2πv)` and
 * `sin(2πv)` at `out`, `out + 16n` and `out + 32n`.
 */
function build(hoist: boolean): (u: Float64Array, v: Float64Array) => Float64Array[] {
  const mb = new ModuleBuilder();
  mb.importMemory("env", "memory", { initial: 1 });
  const f = mb.addFunction("run", { params: ["i32", "i32", "i32", "i32"], export: true });
  const [u, v, n, out] = [0, 1, 2, 3], i = f.local("i32"), at = f.local("i32");
  const x = f.local("v128"), c = f.local("v128"), s = f.local("v128");
  if (hoist) hoistMath64(f);
  /** Pushes `out + 16 n part + 16 i`. */
  const dst = (part: number) => {
    f.localGet(out).localGet(at).i32Add().localGet(n).i32Const(16 * part).i32Mul().i32Add();
  };
  forRange(f, i, () => f.i32Const(0), () => f.localGet(n), () => {
    f.localGet(i).i32Const(16).i32Mul().localSet(at);
    f.localGet(u).localGet(at).i32Add().v128Load().localSet(x);
    dst(0);
    emitLogF64(f, x);
    f.v128Store();
    f.localGet(v).localGet(at).i32Add().v128Load().localSet(x);
    emitSinCosTurnF64(f, x, c, s);
    dst(1);
    f.localGet(c).v128Store();
    dst(2);
    f.localGet(s).v128Store();
  });
  const module = new WebAssembly.Module(mb.toBytes() as BufferSource);
  return (us, vs) => {
    const len = us.length, bytes = 8 * len;
    const memory = new WebAssembly.Memory({ initial: Math.ceil((5 * bytes) / 65536) });
    const inst = new WebAssembly.Instance(module, { env: { memory } });
    const heap = new Float64Array(memory.buffer);
    heap.set(us, 0);
    heap.set(vs, len);
    (inst.exports.run as (...a: number[]) => void)(0, bytes, len / 2, 2 * bytes);
    return [0, 1, 2].map((p) => heap.slice((2 + p) * len, (3 + p) * len));
  };
}

for (const hoist of [true, false]) {
  Deno.test(`emitLogF64() and emitSinCosTurnF64() equal logF64(), cosTurnF64() and sinTurnF64() bit for bit (${hoist ? "hoisted" : "inline"} constants)`, () => {
    const us = logPoints(20000), vs = turnPoints(20000);
    const n = 2 * Math.min(us.length, vs.length) >> 1;
    const u = us.subarray(0, n), v = vs.subarray(0, n);
    const [log, cos, sin] = build(hoist)(u, v);
    const bits = new DataView(new ArrayBuffer(8));
    assertBitwise(log, u.map((x) => logF64(x, bits)), "log");
    assertBitwise(cos, v.map(cosTurnF64), "cos");
    assertBitwise(sin, v.map(sinTurnF64), "sin");
  });
}
