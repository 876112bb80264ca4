/**
 * The numeric constants of an `ewise` node's program are run-time arguments
 * of its kernel, not part of its structure: an optimizer's step size or a
 * decaying learning rate changes every step, and neither reschedules the
 * graph nor compiles another kernel. A program's structure is its text with
 * each constant written `#`, except `0`, which fusion patterns test for
 * (`le x0 0`, `where x0 0 x1`) and which stays in the kernel's program.
 *
 * @module
 */

/** Whether a program operand is a number (not an input `xK` or a result `tJ`). */
export const isConstant = (token: string): boolean => !/^[xt]\d+$/.test(token);

/** Whether a numeric operand is a run-time argument: every number but `0`, which stays in the program. */
export const isArgument = (token: string): boolean => isConstant(token) && token !== "0";

/** A numeric operand's value (the syntax of `kernels/_elementwise_program.ts`). */
export function constantValue(token: string): number {
  return token === "inf"
    ? Infinity
    : token === "-inf"
    ? -Infinity
    : token === "nan"
    ? NaN
    : Number(token);
}

/** The instructions of a program: op names and operand tokens. */
export function instructions(prog: string): string[][] {
  return prog.split(";").map((line) => line.trim().split(/\s+/));
}

/**
 * A numeric operand in a program's text: after a space, a digit, `.` or `-`
 * (op names start with a letter), or `inf` / `-inf` / `nan`. Programs change
 * with their constants every step, so the structure is computed for every
 * new node: one scan, no split. (It may only ever mark fewer tokens than
 * `isArgument`, which would cost plan reuse, never correctness.)
 */
const NUMBER = /(?<=\s)(?:-?[\d.][^\s;]*|-?inf|nan)(?=$|[\s;])/g;

/** Structures of recent programs (a training step builds the same ones every time). */
const structures = new Map<string, string>();
const STRUCTURES = 256;

/** The program with its constants other than `0` written `#`. */
export function ewiseStructure(prog: string): string {
  let structure = structures.get(prog);
  if (structure === undefined) {
    structure = prog.replace(NUMBER, (t) => (t === "0" ? t : "#"));
    // Emptied when full: programs whose constants change every step must not grow it.
    if (structures.size >= STRUCTURES) structures.clear();
    structures.set(prog, structure);
  }
  return structure;
}

/**
 * The values of a program's run-time arguments (its numbers but `0`), in
 * order of appearance: the tokens `compose` (in `_ewise_lower.ts`) turns
 * into `cK`, found by the same walk and the same test.
 */
export function ewiseConstants(prog: string): number[] {
  return instructions(prog).flatMap(([, ...a]) => a.filter(isArgument).map(constantValue));
}
