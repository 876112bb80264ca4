/**
 * Runs examples/text_tools.ts under Deno (and Bun, when installed) and compares what it prints
 * with Keras' results for the same calls (the "example" record of keras_text_cases.json).
 */

import assert from "node:assert/strict";

const root = new URL("../../", import.meta.url);
const fixture = JSON.parse(
  await Deno.readTextFile(new URL("tests/fixtures/keras_text_cases.json", root)),
);
const keras = fixture.find((c: { kind: string }) => c.kind === "example");

/** The lines the example must print, from Keras' values. */
function expectedLines(): string[] {
  const j = JSON.stringify;
  return [
    `word index: ${j(Object.fromEntries(keras.wordIndex))}`,
    `sequences: ${j(keras.sequences)}`,
    `padded: ${j(keras.padded)}`,
    `one-hot: ${j(keras.oneHot)}`,
    `padded one-hot: ${j(keras.paddedOneHot)}`,
  ];
}

async function run(command: string, args: string[]): Promise<string> {
  const { code, stdout, stderr } = await new Deno.Command(command, {
    args,
    cwd: root,
    stdin: "null",
    env: { NO_COLOR: "1" },
  }).output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  assert.equal(code, 0, `${command} exited with ${code}:\n${decode(stderr)}`);
  return decode(stdout);
}

function hasBun(): boolean {
  try {
    return new Deno.Command("bun", { args: ["--version"], stdout: "null", stderr: "null" })
      .outputSync().success;
  } catch {
    return false;
  }
}

Deno.test("examples/text_tools.ts prints Keras' results under Deno", async () => {
  const out = await run(Deno.execPath(), ["run", "--no-prompt", "examples/text_tools.ts"]);
  assert.deepEqual(out.trimEnd().split("\n"), expectedLines());
});

Deno.test({
  name: "examples/text_tools.ts prints Keras' results under Bun",
  ignore: !hasBun(),
  async fn() {
    const out = await run("bun", ["examples/text_tools.ts"]);
    assert.deepEqual(out.trimEnd().split("\n"), expectedLines());
  },
});
