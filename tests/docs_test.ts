/**
 * The docs stand alone: every relative link in README.md and docs/ resolves
 * to a file of the repository, and no file points at documents that live
 * outside it.
 */

import assert from "node:assert/strict";

const root = new URL("../", import.meta.url);
const SKIP = new Set([".git", "node_modules", "dist", ".scratch"]);

function* walk(dir: URL, rel = ""): Generator<string> {
  for (const entry of Deno.readDirSync(dir)) {
    if (SKIP.has(entry.name)) continue;
    if (entry.isDirectory) yield* walk(new URL(`${entry.name}/`, dir), `${rel}${entry.name}/`);
    else if (entry.isFile) yield `${rel}${entry.name}`;
  }
}

Deno.test("README.md and docs/ link only to files that exist", () => {
  const pages = ["README.md", ...[...walk(new URL("docs/", root))].map((f) => `docs/${f}`)];
  const broken: string[] = [];
  for (const page of pages) {
    const text = Deno.readTextFileSync(new URL(page, root));
    for (const [, target] of text.matchAll(/\]\(([^)\s#]+)(?:#[^)]*)?\)/g)) {
      if (/^[a-z]+:/.test(target)) continue; // https:, mailto:
      try {
        Deno.statSync(new URL(target, new URL(page, root)));
      } catch {
        broken.push(`${page} -> ${target}`);
      }
    }
  }
  assert.deepEqual(broken, []);
});

Deno.test("no file points at documents outside the repository", () => {
  // Built from pieces so that this file does not match itself.
  const outside = [["..", "shared"].join("/"), ["shared", "reference"].join("/"), "SEMAN" + "TICS"];
  const hits: string[] = [];
  for (const file of walk(root)) {
    if (/\.(onnx|wasm|png|tgz)$/.test(file)) continue;
    const text = Deno.readTextFileSync(new URL(file, root));
    for (const s of outside) if (text.includes(s)) hits.push(`${file}: ${s}`);
  }
  assert.deepEqual(hits, [], "point at docs/semantics.md or docs/tutorials.md instead");
});
