/**
 * What every elementwise op shares: its operands checked and turned into
 * one `ewise` node whose program names the op (`add x0 x1`, `mul x0 2`), so
 * that chains fuse into one kernel. Numbers are constants of the program.
 *
 * @module
 */

import type { Tensor } from "../tensor/tensor.ts";
import { makeNode } from "../graph/node.ts";
import { broadcastShapes } from "../graph/_shape_text.ts";
import { constantToken, fmt, type Operand, operand, wrap } from "./_dense_inputs.ts";

/** The lazy result of elementwise op `name` over `args` (tensors, plain data or numbers). */
export function build(name: string, args: readonly unknown[]): Tensor<"float32"> {
  const who = `${name}()`;
  const ops: Operand[] = args.map((a, i) =>
    operand(a, who, args.length === 1 ? "x" : i === 0 ? "a" : "b")
  );
  const nodes = ops.filter((o) => typeof o !== "number");
  if (nodes.length === 0) {
    // Numbers only: a zero-input program, a scalar.
    return wrap(
      makeNode("ewise", [], {
        prog: `${name} ${ops.map((o) => constantToken(o as number)).join(" ")}`,
      }),
    );
  }
  if (broadcastShapes(nodes.map((n) => n.shape)) === undefined) {
    throw new TypeError(
      `${who}: shapes ${nodes.map((n) => fmt(n.shape)).join(" and ")} do not broadcast`,
    );
  }
  let k = 0;
  const tokens = ops.map((o) => (typeof o === "number" ? constantToken(o) : `x${k++}`));
  return wrap(makeNode("ewise", nodes, { prog: `${name} ${tokens.join(" ")}` }));
}
