/**
 * Runs every file of `examples/` in its own `deno run` process, with no
 * prompts and no permissions (except those listed in `PERMISSIONS`), and asserts it exits with code 0. Each example
 * checks the relations its tutorial points out with `node:assert`, so a
 * failed check is a non-zero exit here.
 */

import assert from "node:assert/strict";

const root = new URL("../", import.meta.url);
const dir = new URL("examples/", root);

/** The examples the README and the tutorial snippets promise. */
const EXPECTED = [
  "jit_and_grad.ts",
  "s1_lookup.ts",
  "s2_deep_learning.ts",
  "s3_options.ts",
  "s4_embedding_bag.ts",
  "s4_training.ts",
  "s5_chinese_chars.ts",
  "word_space_demo.ts",
  "vectors.ts",
  "s6_keras_onehot.ts",
  "s6_keras_pretrained.ts",
  "s4_brown.ts",
  "s7_word_space.ts",
];

/** Permissions an example needs (all others run with none); each one says so in its header. */
const PERMISSIONS: Record<string, string[]> = {
  "vectors.ts": ["--allow-read", "--allow-write"],
};

/**
 * Examples run only by their own test (tests/examples/NAME_test.ts), with a smaller setting and
 * oracles for what they print: the Brown-corpus ones take a minute at their full settings.
 */
const OWN_TEST = new Set(["s4_brown.ts", "s7_word_space.ts"]);

Deno.test("examples run only by their own test have one", async () => {
  for (const name of OWN_TEST) {
    const test = new URL(`tests/examples/${name.replace(/\.ts$/, "_test.ts")}`, root);
    assert.ok((await Deno.stat(test)).isFile, `${name} has no test of its own`);
  }
});

const files: string[] = [];
for await (const entry of Deno.readDir(dir)) {
  if (entry.isFile && entry.name.endsWith(".ts") && !entry.name.startsWith("_")) {
    files.push(entry.name);
  }
}
files.sort();

Deno.test("examples/ holds one file per snippet, each opening with a comment", async () => {
  for (const name of EXPECTED) assert.ok(files.includes(name), `examples/${name} is missing`);
  for (const name of files) {
    const text = await Deno.readTextFile(new URL(name, dir));
    assert.ok(
      text.startsWith("// "),
      `examples/${name} must start with a comment naming its snippet`,
    );
  }
});

for (const name of files.filter((f) => !OWN_TEST.has(f))) {
  const permissions = PERMISSIONS[name] ?? [];
  const granted = permissions.length ? `with ${permissions.join(" ")}` : "without permissions";
  Deno.test(`examples/${name} runs ${granted} and its checks pass`, async () => {
    const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--no-prompt", ...permissions, `examples/${name}`],
      cwd: root,
      stdin: "null",
      env: { NO_COLOR: "1" },
    }).output();
    const decode = (b: Uint8Array) => new TextDecoder().decode(b);
    assert.equal(
      code,
      0,
      `examples/${name} exited with ${code}:\n${decode(stderr)}\n${decode(stdout)}`,
    );
    assert.ok(stdout.length > 0, `examples/${name} printed nothing`);
  });
}
