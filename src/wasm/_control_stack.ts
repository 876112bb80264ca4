/**
 * Bookkeeping of open `block` / `loop` / `if` constructs of one function
 * body: labels, `else` placement and branch-depth resolution. Emits nothing.
 *
 * @module
 */

import type { Label } from "./types.ts";

interface Frame {
  readonly label: Label;
  hasElse: boolean;
}

/** The stack of open control constructs of a function body. */
export class ControlStack {
  readonly #frames: Frame[] = [];
  #nextId = 0;

  /** Number of open constructs. */
  get depth(): number {
    return this.#frames.length;
  }

  /** Kinds of the open constructs, outermost first. */
  get kinds(): Label["kind"][] {
    return this.#frames.map((f) => f.label.kind);
  }

  /** Pushes a new construct and returns its label. */
  open(kind: Label["kind"]): Label {
    const label: Label = Object.freeze({ kind, id: ++this.#nextId });
    this.#frames.push({ label, hasElse: false });
    return label;
  }

  /**
   * Marks the innermost construct as having entered its `else` arm.
   *
   * @throws {RangeError} Unless the innermost construct is an `if` without `else`.
   */
  enterElse(method: string): void {
    const frame = this.#frames.at(-1);
    if (frame === undefined || frame.label.kind !== "if" || frame.hasElse) {
      const what = frame === undefined ? "nothing" : `${frame.label.kind} @${frame.label.id}`;
      const extra = frame?.hasElse ? " which already has an else" : "";
      throw new RangeError(
        `${method}: else needs an open if, but the innermost is ${what}${extra}`,
      );
    }
    frame.hasElse = true;
  }

  /**
   * Pops the innermost construct.
   *
   * @returns Its label.
   * @throws {RangeError} If nothing is open.
   */
  close(method: string): Label {
    const frame = this.#frames.pop();
    if (frame === undefined) {
      throw new RangeError(`${method}: no open block, loop or if to end`);
    }
    return frame.label;
  }

  /** Whether `label` belongs to a construct that is still open. */
  isOpen(label: Label): boolean {
    return this.#frames.some((f) => f.label === label);
  }

  /**
   * Resolves a branch target to a relative depth (0 = innermost). A number
   * is taken as a depth already; `depth` itself names the function body.
   *
   * @throws {RangeError} If the depth is out of range or the label is closed.
   */
  depthOf(method: string, target: number | Label): number {
    const max = this.#frames.length;
    if (typeof target === "number") {
      if (!Number.isInteger(target) || target < 0 || target > max) {
        throw new RangeError(`${method}: branch depth ${target} is out of range 0..${max}`);
      }
      return target;
    }
    const at = this.#frames.findIndex((f) => f.label === target);
    if (at < 0) {
      throw new RangeError(`${method}: label @${target.id} (${target.kind}) is not open here`);
    }
    return max - 1 - at;
  }
}
