// Builds the npm package: `dist/` (JavaScript for Node 20, Bun and Deno, plus
// `.d.ts`) from the TypeScript sources. Run with `deno task build` or
// `npm run build` (npm pack runs it too). Needs Node and npm: it installs its
// dev-only tools (TypeScript, Node's types) into tools/build/node_modules and
// the package's own dependencies into node_modules, once.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const quiet = ["--no-audit", "--no-fund", "--loglevel=error"];
const run = (cmd, args, cwd = root) => execFileSync(cmd, args, { cwd, stdio: "inherit" });

if (!existsSync(join(root, "tools/build/node_modules/typescript"))) {
  run(npm, ["install", ...quiet], join(root, "tools/build"));
}
if (!existsSync(join(root, "node_modules/zod"))) {
  run(npm, ["install", "--omit=dev", "--ignore-scripts", ...quiet]);
}
rmSync(join(root, "dist"), { recursive: true, force: true });
run(process.execPath, [
  join(root, "tools/build/node_modules/typescript/bin/tsc"),
  "-p",
  join(root, "tsconfig.build.json"),
]);

// tsc rewrites relative `.ts` specifiers to `.js` in the JavaScript only; the
// declaration files get the same here. Deno-style `npm:name@range`
// specifiers become the bare names Node and Bun resolve through package.json.
const NPM = /(["'])npm:((?:@[^/"']+\/)?[^@/"']+)(?:@[^/"']*)?(\/[^"']*)?\1/g;
const TS = /(["'])(\.{1,2}\/[^"']*)\.ts\1/g;

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (/\.(js|d\.ts)$/.test(entry.name)) yield path;
  }
}

const dist = join(root, "dist");
let count = 0;
for (const path of files(dist)) {
  const text = readFileSync(path, "utf8");
  let out = text.replace(NPM, (_, q, name, sub = "") => `${q}${name}${sub}${q}`);
  if (path.endsWith(".d.ts")) out = out.replace(TS, (_, q, rel) => `${q}${rel}.js${q}`);
  if (out !== text) writeFileSync(path, out);
  count++;
}
const left = [...files(dist)].filter((p) => /["']npm:/.test(readFileSync(p, "utf8")));
if (left.length > 0) throw new Error(`build: npm: specifiers left in ${left.join(", ")}`);
console.log(`build: ${count} files in dist/`);
