/**
 * The package metadata agrees with itself: package.json (Node, Bun, npm
 * tooling) and deno.json (Deno, JSR) name the same package, version and
 * dependency ranges; sources import npm packages only as `npm:` specifiers
 * (so Deno can import `mod.ts` by path, and the build can rewrite them);
 * and the Deno lockfile holds no package the library does not depend on (so
 * `deno task demo` downloads nothing else).
 */

import assert from "node:assert/strict";

const root = new URL("../", import.meta.url);
const json = (path: string) => JSON.parse(Deno.readTextFileSync(new URL(path, root)));
const pkg = json("package.json"), deno = json("deno.json"), lock = json("deno.lock");

function* sources(dir: string): Generator<string> {
  for (const entry of Deno.readDirSync(new URL(dir, root))) {
    const path = `${dir}${entry.name}`;
    if (entry.isDirectory) yield* sources(`${path}/`);
    else if (entry.name.endsWith(".ts")) yield path;
  }
}

/** Static import and export specifiers of a module. */
function specifiers(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  return [...code.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;"']*?from\s*["']([^"']+)["']/g)]
    .map((m) => m[1]);
}

Deno.test("package.json and deno.json name the same package and version", () => {
  assert.equal(pkg.name, deno.name);
  assert.equal(pkg.version, deno.version);
  assert.equal(pkg.license, deno.license);
  assert.equal(pkg.type, "module");
  assert.deepEqual(pkg.exports["."], { types: "./dist/mod.d.ts", default: "./dist/mod.js" });
  assert.ok(pkg.files.includes("dist/"));
  assert.deepEqual(Object.keys(pkg.devDependencies ?? {}), [], "dev tools go in tools/build/");
});

Deno.test("sources import npm packages as npm: specifiers with package.json's ranges", () => {
  const used = new Map<string, string>();
  const bare: string[] = [];
  for (const file of ["mod.ts", ...sources("src/"), ...sources("kernels/")]) {
    for (const s of specifiers(Deno.readTextFileSync(new URL(file, root)))) {
      if (s.startsWith(".") || s.startsWith("node:")) continue;
      const m = s.match(/^npm:((?:@[^/]+\/)?[^@/]+)@([^/]+)/);
      if (!m) bare.push(`${file}: ${s}`);
      else used.set(m[1], m[2]);
    }
  }
  assert.deepEqual(bare, [], "import npm packages as npm:name@range, other modules by path");
  assert.deepEqual(Object.fromEntries(used), pkg.dependencies);
  for (const [name, range] of used) assert.equal(deno.imports[name], `npm:${name}@${range}`);
});

Deno.test("deno.lock holds only the library's dependencies, and Deno ignores node_modules", () => {
  const locked = Object.keys(lock.npm ?? {}).map((k) => k.replace(/@[^@]*$/, ""));
  assert.deepEqual(locked.filter((n) => !(n in pkg.dependencies)), []);
  assert.equal(deno.nodeModulesDir, "none");
});
