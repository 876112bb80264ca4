/**
 * Parses a flat JSON object (string keys, scalar values) keeping the key
 * order as written. `JSON.parse` would move integer-like keys ("1", "123")
 * to the front in ascending order, which loses the order of Keras'
 * dictionaries (`index_docs`, `index_word`, and words such as "2024").
 */

const WS = /[ \t\n\r]*/y;
const STRING = /"(?:[^"\\]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const SCALAR = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;

/** A scalar JSON value. */
export type FlatValue = string | number | boolean | null;

/**
 * The entries of a flat JSON object, in order.
 *
 * @throws {SyntaxError} If `text` is not a flat JSON object.
 */
export function parseFlatObject(text: string): [string, FlatValue][] {
  let at = 0;
  const skip = () => {
    WS.lastIndex = at;
    WS.exec(text);
    at = WS.lastIndex;
  };
  const take = (pattern: RegExp, what: string): string => {
    skip();
    pattern.lastIndex = at;
    const m = pattern.exec(text);
    if (m === null) throw new SyntaxError(`expected ${what} at position ${at}`);
    at = pattern.lastIndex;
    return m[0];
  };
  const punct = (ch: string): boolean => {
    skip();
    if (text[at] !== ch) return false;
    at++;
    return true;
  };
  if (!punct("{")) throw new SyntaxError(`expected an object at position ${at}`);
  const entries: [string, FlatValue][] = [];
  if (!punct("}")) {
    do {
      const key = JSON.parse(take(STRING, "a string key")) as string;
      if (!punct(":")) throw new SyntaxError(`expected ":" at position ${at}`);
      skip();
      const raw = text[at] === '"' ? take(STRING, "a string") : take(SCALAR, "a scalar value");
      entries.push([key, JSON.parse(raw) as FlatValue]);
    } while (punct(","));
    if (!punct("}")) throw new SyntaxError(`expected "," or "}" at position ${at}`);
  }
  skip();
  if (at !== text.length) throw new SyntaxError(`unexpected text at position ${at}`);
  return entries;
}
