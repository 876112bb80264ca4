/**
 * Property specs of the file loaders and savers. Loaders get valid files
 * (and must read back exactly what was written), then malformed ones
 * (`_files_gen.ts`), missing paths and directories; savers get paths that
 * may hold an old file, then directories, missing folders, keys the format
 * cannot hold and disposed tables. A failed save must leave the old file as
 * it was (or no file) and no temporary file; a successful one must read back
 * bit for bit.
 */

import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import {
  KeyedVectors,
  loadFastText,
  loadGlove,
  loadSafetensors,
  loadWord2Vec,
  saveGlove,
  saveSafetensors,
  saveWord2Vec,
  type Tensor,
  tensor,
} from "../../mod.ts";
import type { Spec } from "./_check.ts";
import type { Gen } from "./_gen.ts";
import {
  breakSafetensorsFile,
  breakVectorFile,
  CONTENT,
  DIR,
  freshPath,
  validSafetensorsFile,
  validVectorFile,
  values,
  type VectorFormat,
  words,
  writeFile,
} from "./_files_gen.ts";

/** Options objects of valid cases (a successful call with them is checked against the file). */
const VALID = new WeakSet<object>();

function validOptions<T extends object>(o: T): T {
  VALID.add(o);
  return o;
}

const bytesOf = (a: Float32Array[]) =>
  Array.from(a, (r) => Array.from(new Uint8Array(r.buffer, r.byteOffset, r.byteLength))).flat();

/** Throws a plain Error (a violation, not an accepted error) unless `got` matches `want`. */
function same(what: string, got: unknown, want: unknown): void {
  if (JSON.stringify(got) !== JSON.stringify(want)) {
    throw new Error(`${what}: got ${JSON.stringify(got)}, wrote ${JSON.stringify(want)}`);
  }
}

/** Checks a loaded KeyedVectors against what the valid file holds. */
function checkVectors(kv: KeyedVectors, path: string, limit: number): void {
  const want = CONTENT.get(path)!;
  same("keys", kv.keys, want.keys.slice(0, limit));
  same("values", bytesOf([kv.vectors.dataSync()]), bytesOf(want.values.slice(0, limit)));
}

/** A loader spec: valid files of one format, broken copies, missing paths and directories. */
function loaderSpec(
  name: string,
  load: (path: string, o: never) => Promise<KeyedVectors>,
  format: (g: Gen) => VectorFormat,
): Spec {
  return {
    covers: [name],
    who: [`${name}()`],
    options: ["limit", "onProgress", ...(name === "loadWord2Vec" ? ["binary"] : [])],
    cases: 120,
    valid(g) {
      const f = format(g);
      const o: Record<string, unknown> = { onProgress: () => {} };
      if (g.chance(0.4)) o.limit = g.pick([null, 0, 1, 3, 100]);
      if (name === "loadWord2Vec") o.binary = f === "binary";
      return [validVectorFile(g, f), validOptions(o)];
    },
    corrupt: ([path, o], g) => [brokenPath(path as string, g, breakVectorFile), o],
    async call([path, o]) {
      const kv = await load(path as string, o as never);
      if (CONTENT.has(path as string) && VALID.has(o as object)) {
        checkVectors(kv, path as string, (o as { limit?: number | null }).limit ?? Infinity);
      }
      return kv.vectors;
    },
  };
}

/** A malformed copy of the file, a missing file, a missing folder or a directory. */
function brokenPath(path: string, g: Gen, breakFile: (g: Gen, f: Uint8Array) => Uint8Array) {
  switch (g.int(0, 5)) {
    case 0:
      return `${path}.missing`;
    case 1:
      return g.pick([DIR, `${DIR}/`]);
    case 2:
      return join(DIR, "no-folder", "x.vec");
    default:
      return writeFile(breakFile(g, readFileSync(path)), ".bad");
  }
}

/** Contents of `path` (null when there is no file), and whether any temporary file is left. */
function state(path: unknown): { file: string | null; tmp: string[] } {
  const file = typeof path === "string" && path.startsWith(DIR) && existsSync(path)
    ? (() => {
      try {
        return readFileSync(path, "latin1");
      } catch {
        return "<not a file>";
      }
    })()
    : null;
  const tmp = [
    ...readdirSync(DIR).filter((n) => n.endsWith(".tmp")),
    ...readdirSync(dirname(DIR)).filter((n) => n.startsWith(basename(DIR)) && n.endsWith(".tmp")),
  ];
  return { file, tmp };
}

/** Hostile paths stay inside `DIR` (a relative one would land in the repository). */
function inDir(path: unknown): unknown {
  return typeof path === "string" && path !== "" && !path.startsWith(DIR) ? join(DIR, path) : path;
}

/**
 * Runs a save; after a throw, checks the target holds what it held and no
 * temporary file is left; after a valid save, checks it reads back.
 */
async function save(path: unknown, run: () => Promise<void>, readBack: () => Promise<void>) {
  const before = state(path);
  try {
    await run();
  } catch (err) {
    const after = state(path);
    if (after.file !== before.file) throw new Error(`a failed save changed ${String(path)}`);
    if (after.tmp.length > 0) throw new Error(`a failed save left ${after.tmp.join(", ")}`);
    throw err;
  }
  if (state(path).tmp.length > 0) throw new Error("a save left a temporary file");
  await readBack();
}

/** A path in `DIR`, holding an old file half the time. */
function target(g: Gen, ext: string): string {
  const path = freshPath(ext);
  if (g.chance(0.5)) writeFileSync(path, "old contents\n");
  return path;
}

function keyedVectors(g: Gen): KeyedVectors {
  const keys = words(g, g.int(1, 5)), D = g.int(1, 4);
  return new KeyedVectors(keys, keys.map(() => Array.from(values(g, D))));
}

/** Vectors the format cannot hold, or a disposed table (never throws). */
function badVectors(g: Gen): unknown {
  const key = g.pick(["a b", "a\nb", "", "x\ud800", "\udc00"]);
  const kv = new KeyedVectors(["ok", key], [[1, 2], [3, 4]]);
  if (g.chance(0.3)) kv.vectors.dispose();
  return kv;
}

function saverSpec(
  name: "saveWord2Vec" | "saveGlove",
  run: (kv: unknown, path: unknown, o: unknown) => Promise<void>,
): Spec {
  return {
    covers: [name],
    who: [`${name}()`],
    options: name === "saveWord2Vec" ? ["binary"] : [],
    cases: 60,
    valid(g) {
      const args: unknown[] = [keyedVectors(g), target(g, ".vec")];
      if (name === "saveWord2Vec") args.push(validOptions({ binary: g.chance(0.5) }));
      return args;
    },
    corrupt: ([kv, path, o], g) =>
      g.chance(0.5)
        ? [kv, g.pick([DIR, join(DIR, "no-folder", "x.vec"), `${path}/`]), o]
        : [badVectors(g), path, o],
    call(args) {
      const [kv, path, o] = args, to = inDir(path);
      return save(to, () => run(kv, to, o), async () => {
        if (name === "saveWord2Vec" && !VALID.has(o as object)) return;
        const back = name === "saveGlove"
          ? await loadGlove(to as string)
          : await loadWord2Vec(to as string, { binary: (o as { binary: boolean }).binary });
        const k = kv as KeyedVectors;
        same("keys", back.keys, k.keys);
        same("values", bytesOf([back.vectors.dataSync()]), bytesOf([k.vectors.dataSync()]));
        rmSync(to as string);
      });
    },
  };
}

function stateDict(g: Gen): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  for (const name of ["weight", "bias", "__proto__", "0.weight"]) {
    if (!g.chance(0.5)) continue;
    const t = g.chance(0.7)
      ? g.table(g.int(0, 3), g.int(1, 3))
      : tensor(Int32Array.from(g.ids(3, 9)), { dtype: "int32" });
    Object.defineProperty(out, name, { value: t, enumerable: true, writable: true });
  }
  return out;
}

export const fileSpecs: Spec[] = [
  loaderSpec("loadWord2Vec", loadWord2Vec, (g) => g.pick(["word2vec", "binary"] as const)),
  loaderSpec("loadFastText", loadFastText, (g) => g.pick(["fasttext", "word2vec"] as const)),
  loaderSpec("loadGlove", loadGlove, () => "glove"),
  {
    covers: ["loadSafetensors"],
    who: ["loadSafetensors()"],
    cases: 120,
    valid: (g) => [validSafetensorsFile(g)],
    corrupt: ([path], g) => [brokenPath(path as string, g, breakSafetensorsFile)],
    async call([path]) {
      const state = await loadSafetensors(path as string);
      const want = CONTENT.get(path as string);
      if (want !== undefined) {
        same("names", Object.keys(state).sort(), [...want.keys].sort());
        for (const [i, name] of want.keys.entries()) {
          same(name, bytesOf([state[name].dataSync() as Float32Array]), bytesOf([want.values[i]]));
        }
      }
      return Object.values(state);
    },
  },
  saverSpec("saveWord2Vec", (kv, path, o) => saveWord2Vec(kv as never, path as never, o as never)),
  saverSpec("saveGlove", (kv, path) => saveGlove(kv as never, path as never)),
  {
    covers: ["saveSafetensors"],
    who: ["saveSafetensors()"],
    options: ["metadata"],
    cases: 60,
    valid: (g) => [
      target(g, ".safetensors"),
      stateDict(g),
      { metadata: g.chance(0.5) ? { format: "pt" } : null },
    ],
    corrupt([path, tensors, o], g) {
      switch (g.int(0, 3)) {
        case 0:
          return [g.pick([DIR, join(DIR, "no-folder", "x"), `${path}/`]), tensors, o];
        case 1: {
          const t = tensor([1, 2]);
          t.dispose();
          return [path, { ...(tensors as object), gone: t }, o];
        }
        case 2:
          return [path, { ...(tensors as object), __metadata__: tensor([1]) }, o];
        default:
          return [path, tensors, { metadata: g.pick([{ a: 1 }, "pt", ["pt"], { b: null }]) }];
      }
    },
    call([path, tensors, o]) {
      const to = inDir(path);
      return save(
        to,
        () => saveSafetensors(to as never, tensors as never, o as never),
        async () => {
          const back = await loadSafetensors(to as string);
          const names = Object.keys(tensors as object);
          same("names", Object.keys(back).sort(), [...names].sort());
          for (const n of names) {
            const t = (tensors as Record<string, Tensor>)[n];
            same(n, [...back[n].shape, back[n].dtype], [...t.shape, t.dtype]);
            same(
              n,
              bytesOf([back[n].dataSync() as Float32Array]),
              bytesOf([t.dataSync() as Float32Array]),
            );
          }
          rmSync(to as string);
        },
      );
    },
  },
];
