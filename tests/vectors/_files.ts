/** Shared by the word-vector tests: the committed fixtures and temporary files. */

import { rng } from "../_numeric.ts";

/** Path of a committed fixture file. */
export const FIXTURES = "tests/fixtures/vectors/";

/** What tests/fixtures/gen_vectors.py recorded. */
// deno-lint-ignore no-explicit-any
export const FIXTURE: any = JSON.parse(Deno.readTextFileSync(`${FIXTURES}vectors.json`));

/** A fresh temporary directory; the path of `name` inside it. */
export function tempPath(name: string): string {
  return `${Deno.makeTempDirSync({ prefix: "tessera-vectors-" })}/${name}`;
}

/** Writes bytes or text to a temporary file and returns its path. */
export function tempFile(content: string | Uint8Array, name = "f.txt"): string {
  const path = tempPath(name);
  if (typeof content === "string") Deno.writeTextFileSync(path, content);
  else Deno.writeFileSync(path, content);
  return path;
}

/** The V x D table of `r() * 2 - 1` values that gen_vectors.py builds with the same generator. */
export function table(V: number, D: number, seed: number): Float32Array {
  const r = rng(seed);
  return Float32Array.from({ length: V * D }, () => r() * 2 - 1);
}

/** Whether two files hold the same bytes. */
export function sameBytes(a: string, b: string): boolean {
  const x = Deno.readFileSync(a), y = Deno.readFileSync(b);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/** Asserts a promise rejects with `Ctor` and a message matching `pattern`. */
export async function rejects(
  p: Promise<unknown>,
  Ctor: typeof TypeError | typeof RangeError,
  pattern: RegExp,
): Promise<void> {
  try {
    await p;
  } catch (err) {
    if (!(err instanceof Ctor) || !pattern.test((err as Error).message)) {
      throw new Error(`expected ${Ctor.name} matching ${pattern}, got ${err}`);
    }
    return;
  }
  throw new Error(`expected ${Ctor.name} matching ${pattern}, but it resolved`);
}
