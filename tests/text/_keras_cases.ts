/**
 * The Keras text-tool fixtures (tests/fixtures/keras_text_cases.json, made by
 * gen_keras_text.py with keras_preprocessing 1.1), typed per kind.
 */

/** Keras raised (or put None in a sequence). */
export interface KerasError {
  error: string;
}

/** A sparse matrix: shape and the non-zeros as [row, column, value]. */
export interface SparseMatrix {
  shape: [number, number];
  nonzero: [number, number, number][];
}

export interface WordsCase {
  kind: "words";
  text: string;
  options: Record<string, unknown>;
  expected: string[];
}

export interface HashCase {
  kind: "hashingTrick" | "oneHot";
  text: string;
  n: number;
  options: Record<string, unknown>;
  expected: number[];
}

export interface TokenizerCase {
  kind: "tokenizer";
  options: Record<string, unknown>;
  fit: (string | string[])[][];
  fitSequences: number[][] | null;
  query: (string | string[])[];
  sequences: number[][] | KerasError;
  probe: number[][];
  texts: string[] | KerasError;
  wordIndex: [string, number][];
  indexWord: [number, string][];
  wordCounts: [string, number][];
  wordDocs: Record<string, number>;
  indexDocs: [number, number][];
  documentCount: number;
  matrix: Record<string, SparseMatrix | KerasError>;
  seqMatrix: Record<string, SparseMatrix | KerasError>;
  json: string;
  kerasJson?: string;
}

export interface PadCase {
  kind: "pad";
  sequences: number[][];
  options: Record<string, unknown>;
  expected: { shape: [number, number]; values: number[] } | KerasError;
}

interface ByKind {
  words: WordsCase;
  hashingTrick: HashCase;
  oneHot: HashCase;
  tokenizer: TokenizerCase;
  pad: PadCase;
}

type Case = ByKind[keyof ByKind];

const all: Case[] = JSON.parse(
  await Deno.readTextFile(new URL("../fixtures/keras_text_cases.json", import.meta.url)),
);

/** The cases of one kind. */
export function casesOf<K extends keyof ByKind>(kind: K): ByKind[K][] {
  return all.filter((c) => c.kind === kind) as ByKind[K][];
}

/** Whether a fixture value is Keras' error. */
export function isError(v: unknown): v is KerasError {
  return v !== null && typeof v === "object" && !Array.isArray(v) && "error" in v;
}

/** The ten short reviews of the Keras embedding tutorials, as the generator gave them to Keras. */
export const REVIEWS: string[] = (all as unknown as { kind: string; docs?: string[] }[])
  .find((c) => c.kind === "example")!.docs!;

/** A short label for a failing case. */
export function label(i: number, c: unknown): string {
  const text = JSON.stringify(c);
  return `case ${i}: ${text.length > 300 ? text.slice(0, 300) + "…" : text}`;
}
