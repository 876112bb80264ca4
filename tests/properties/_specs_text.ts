/**
 * Property specs of the Keras text tools: `textToWordSequence`,
 * `hashingTrick`, `oneHot`, `padSequences` and `Tokenizer` (constructor and
 * methods).
 */

import { hashingTrick, oneHot, padSequences, textToWordSequence, Tokenizer } from "../../mod.ts";
import type { Spec } from "./_check.ts";
import type { Gen } from "./_gen.ts";

const WORDS = ["the", "cat", "Sat", "on", "mat!", "naïve", "日本", "🙂", "a-b", "x,y", ""];

function text(g: Gen): string {
  return Array.from({ length: g.int(0, 6) }, () => g.pick(WORDS)).join(g.pick([" ", "  ", "\t"]));
}

function split(g: Gen): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  if (g.chance(0.3)) o.lower = g.chance(0.5);
  if (g.chance(0.2)) o.filters = g.pick(["", "!,", "\t\n"]);
  if (g.chance(0.2)) o.split = g.pick([" ", ","]);
  return o;
}

function sequences(g: Gen): number[][] {
  return Array.from(
    { length: g.int(0, 4) },
    () => Array.from({ length: g.int(0, 5) }, () => g.int(0, 20)),
  );
}

const call = (f: (...a: never[]) => unknown) => (args: unknown[]) =>
  (f as (...a: unknown[]) => unknown)(...args);
const SPLIT = ["lower", "filters", "split"];

export const textSpecs: Spec[] = [
  {
    covers: ["textToWordSequence"],
    who: ["textToWordSequence()"],
    options: SPLIT,
    valid: (g) => [text(g), split(g)],
    call: call(textToWordSequence),
  },
  {
    covers: ["hashingTrick"],
    who: ["hashingTrick()"],
    options: [...SPLIT, "hashFunction"],
    valid: (g) => [text(g), g.int(1, 1000), { ...split(g), hashFunction: "md5" }],
    call: call(hashingTrick),
  },
  {
    covers: ["oneHot"],
    who: ["oneHot()"],
    options: SPLIT,
    valid: (g) => [text(g), g.int(1, 1000), split(g)],
    call: call(oneHot),
  },
  {
    covers: ["padSequences"],
    who: ["padSequences()"],
    options: ["maxlen", "dtype", "padding", "truncating", "value"],
    valid(g) {
      const o: Record<string, unknown> = {};
      if (g.chance(0.5)) o.maxlen = g.chance(0.2) ? null : g.int(0, 6);
      if (g.chance(0.3)) o.padding = g.pick(["pre", "post"]);
      if (g.chance(0.3)) o.truncating = g.pick(["pre", "post"]);
      if (g.chance(0.3)) o.dtype = g.pick(["int32", "float32"]);
      if (g.chance(0.3)) o.value = g.int(-3, 3);
      return [sequences(g), o];
    },
    call: call(padSequences),
  },
  {
    covers: ["Tokenizer"],
    who: [
      "Tokenizer()",
      "Tokenizer.fitOnTexts()",
      "Tokenizer.fitOnSequences()",
      "Tokenizer.textsToSequences()",
      "Tokenizer.sequencesToTexts()",
      "Tokenizer.textsToMatrix()",
      "Tokenizer.sequencesToMatrix()",
    ],
    options: ["numWords", "filters", "lower", "split", "charLevel", "oovToken", "mode"],
    valid(g) {
      const o: Record<string, unknown> = split(g);
      if (g.chance(0.3)) o.numWords = g.chance(0.2) ? null : g.int(0, 10);
      if (g.chance(0.2)) o.charLevel = g.chance(0.5);
      if (g.chance(0.3)) o.oovToken = g.pick([null, "<OOV>"]);
      const texts = ["the cat", ...Array.from({ length: g.int(0, 3) }, () => text(g))];
      const method = g.pick([
        "textsToSequences",
        "sequencesToTexts",
        "textsToMatrix",
        "sequencesToMatrix",
        "fitOnSequences",
      ]);
      const input = method.startsWith("sequences") || method === "fitOnSequences"
        ? sequences(g)
        : texts;
      const matrix = method.endsWith("Matrix")
        ? [{ mode: g.pick(["binary", "count", "tfidf", "freq"]) }]
        : [];
      return [o, texts, method, input, ...matrix];
    },
    call(args) {
      const [options, texts, method, ...rest] = args;
      const t = new Tokenizer(options as never);
      t.fitOnTexts(texts as string[]);
      const f = typeof method === "string"
        ? (t as unknown as Record<string, unknown>)[method]
        : undefined;
      if (typeof f !== "function") return; // mutated: nothing to call
      return f.apply(t, rest);
    },
  },
];
