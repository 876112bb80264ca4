/**
 * The source text of a Worker: the JS reference kernels and their helpers,
 * the decoder of their arguments, then `workerMain`. Shipping source (instead of a module URL) makes Workers
 * load the same way from a local checkout, JSR or npm, in Deno, Bun and Node.
 */

import { KERNELS } from "../../kernels/registry.ts";
import { decodeArgs } from "../../kernels/signature.ts";
import { CONTROL, workerMain } from "./_worker_main.ts";

let source: string | undefined;

/** The Worker's source text (built once). */
export function workerSource(): string {
  if (source !== undefined) return source;
  const helpers = new Set<string>();
  for (const k of Object.values(KERNELS)) {
    for (const h of k.helpers ?? []) helpers.add(h.toString());
  }
  const kernels = Object.values(KERNELS).map((k) =>
    `  ${JSON.stringify(k.name)}: ${k.js.toString()}`
  );
  source = [
    '"use strict";',
    ...helpers,
    decodeArgs.toString(),
    `const JS_KERNELS = {\n${kernels.join(",\n")}\n};`,
    `(${workerMain.toString()})(JS_KERNELS, ${JSON.stringify(CONTROL)}, decodeArgs);`,
  ].join("\n");
  return source;
}
