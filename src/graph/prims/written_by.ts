/**
 * `written_by`: the storage of input 0 once input 1 has written it in place
 * (inputs `[T, writer]`, aliasing `T`). A kernel that updates more than its
 * own output (`row_adam` writes a table and both moment tables) gives each
 * other tensor it writes such a node as its new value, so the scheduler
 * orders the write, keeps the storage and copies a staged one back as for
 * any in-place write. It has no kernel of its own.
 *
 * @module
 */

import type { Primitive } from "../primitive.ts";

/** The written_by primitive. */
export const writtenByPrim: Primitive<"written_by"> = {
  name: "written_by",
  dtype: ([t]) => t,
  shape: ([t]) => [...t],
  vjp: null,
  lower: () => {},
};
