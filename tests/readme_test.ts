/**
 * The README's countable claims, checked against the repository: the fixture
 * figures, the examples and the tutorial snippets they cover, the export
 * table against `mod.ts`, and the seed-0 start of the global generator.
 */

import assert from "node:assert/strict";
import { Embedding } from "../mod.ts";

const root = new URL("../", import.meta.url);
const read = (path: string) => Deno.readTextFileSync(new URL(path, root));
/** The README with every run of whitespace folded to one space (claims wrap across lines). */
const readme = read("README.md").replace(/\s+/g, " ");

function section(title: string): string {
  const text = read("README.md");
  const start = text.indexOf(`\n## ${title}\n`);
  assert.ok(start >= 0, `README has no "## ${title}" section`);
  const end = text.indexOf("\n## ", start + 1);
  return text.slice(start, end < 0 ? undefined : end);
}

function files(dir: string, ext: string): string[] {
  return [...Deno.readDirSync(new URL(dir, root))]
    .filter((e) => e.isFile && e.name.endsWith(ext) && !e.name.startsWith("_"))
    .map((e) => e.name)
    .sort();
}

Deno.test("README states the fixture counts the fixture files hold", () => {
  const cases = (name: string) =>
    (JSON.parse(read(`tests/fixtures/${name}`)) as { cases: { name: string }[] }).cases;
  const vectors = cases("torch_vectors.json"), generated = cases("torch_cases.json");
  // TV11a and TV11b are two calls of one reference vector.
  const distinct = new Set(vectors.map((c) => c.name.replace(/^(TV\d+)[a-z]$/, "$1")));
  const m = readme.match(
    /on (\d+) fixture cases \((\d+) reference vectors in (\d+) cases, .*?, and (\d+) generated cases\)/,
  );
  assert.ok(m, "README lost its fixture sentence");
  assert.deepEqual(m.slice(1).map(Number), [
    vectors.length + generated.length,
    distinct.size,
    vectors.length,
    generated.length,
  ]);
});

Deno.test("README's example table lists exactly the files of examples/", () => {
  const listed = [
    ...section("Quick start").matchAll(/^\| \[`examples\/([\w.]+)`\]\(examples\/\1\)/gm),
  ]
    .map((m) => m[1]).sort();
  assert.deepEqual(listed, files("examples/", ".ts"));
});

Deno.test("README names the tutorial snippets that have an example, and those that do not", () => {
  const covered = files("examples/", ".ts").flatMap((name) => {
    const first = read(`examples/${name}`).split("\n")[0];
    const m = first.match(/^\/\/ Tutorial snippet (S\d+)\b/);
    return m ? [m[1]] : [];
  }).sort();
  const m = readme.match(
    /Runnable examples for the tutorial snippets listed in .*?: (.*?) Each example/,
  );
  assert.ok(m, "README lost its sentence on the snippets with examples");
  for (const s of covered) {
    assert.match(m[1], new RegExp(`\\b${s}\\b`), `README omits ${s}'s example`);
  }
  const listed = [...read("docs/tutorials.md").matchAll(/^- \*\*(S\d+)\./gm)].map((x) => x[1]);
  const missing = listed.filter((s) => !covered.includes(s));
  const without = m[1].match(/((?:S\d+ \([^)]*\)(?:, | and )?)+) ha(?:s|ve) no example yet/);
  assert.deepEqual(without ? [...without[1].matchAll(/S\d+/g)].map((x) => x[0]) : [], missing);
  const none = [...read("docs/tutorials.md").matchAll(/^\| (S\d+) +\| none yet/gm)].map((x) =>
    x[1]
  );
  assert.deepEqual(none, missing, "docs/tutorials.md's table disagrees with examples/");
});

Deno.test("README's API table covers every export of mod.ts and nothing else", () => {
  const exported = new Set<string>();
  for (const m of read("mod.ts").matchAll(/^export (?:type )?\{([^}]*)\}/gm)) {
    for (const name of m[1].split(",")) {
      const n = name.trim().replace(/^type /, "").split(/ as /).pop()!.trim();
      if (n) exported.add(n);
    }
  }
  const table = section("API").split("\n").filter((l) => l.startsWith("| `"));
  const documented = new Set(
    table.flatMap((row) =>
      [...row.split("|")[1].matchAll(/`(?:new |await )?([A-Za-z_$][\w$]*)/g)].map((m) => m[1])
    ),
  );
  assert.deepEqual(
    [...exported].filter((n) => !documented.has(n)),
    [],
    "exports missing from README",
  );
  assert.deepEqual(
    [...documented].filter((n) => !exported.has(n)),
    [],
    "README rows for no export",
  );
});

Deno.test("README is right that new Embedding(10, 3) gives the same table in every process", async () => {
  const script = `import { Embedding } from "${new URL("mod.ts", root)}";
    console.log(JSON.stringify(await new Embedding(10, 3).weight.toArray()));`;
  const run = async () => {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["eval", "--no-check", script],
      cwd: new URL(".", root),
      stdout: "piped",
      stderr: "inherit",
    }).output();
    assert.equal(out.code, 0);
    return JSON.parse(new TextDecoder().decode(out.stdout));
  };
  const [a, b] = await Promise.all([run(), run()]);
  assert.deepEqual(a, b);
  assert.deepEqual(a, await new Embedding(10, 3, { seed: 0 }).weight.toArray());
  assert.match(
    readme,
    /starts at seed 0 in every process: `new Embedding\(10, 3\)` gives the same/,
  );
});

Deno.test("README states the dense fixture counts the dense fixture files hold", () => {
  const cases = (name: string) =>
    (JSON.parse(read(`tests/fixtures/${name}`)) as { cases: { kind: string; op: string }[] }).cases;
  const dense = cases("dense_cases.json"), models = cases("model_cases.json");
  const ops = dense.filter((c) => c.kind === "op"), losses = dense.filter((c) => c.kind === "loss");
  const m = readme.match(
    /`dense_cases\.json` holds (\d+) op cases over (\d+) ops and (\d+) loss cases over (\d+) losses, and `model_cases\.json` (\d+) whole-model cases/,
  );
  assert.ok(m, "README lost its sentence on the dense fixtures");
  assert.deepEqual(m.slice(1).map(Number), [
    ops.length,
    new Set(ops.map((c) => c.op)).size,
    losses.length,
    new Set(losses.map((c) => c.op)).size,
    models.length,
  ]);
});
