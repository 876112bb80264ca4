/**
 * The value printer of error messages: total (it never throws, whatever the
 * value: Symbols, BigInts, null-prototype objects, Proxies, revoked Proxies,
 * getters that throw) and short (long strings and numbers are truncated).
 */

/** Longest text shown for a string, a BigInt or a name. */
const LIMIT = 40;

function clip(text: string): string {
  return text.length > LIMIT ? `${text.slice(0, LIMIT)}…` : text;
}

function quote(text: string): string {
  const shown = JSON.stringify(clip(text));
  return text.length > LIMIT ? `${shown} (${text.length} characters)` : shown;
}

/** The constructor name of an object, or undefined (never throws past the caller's catch). */
function className(value: object): string | undefined {
  const proto = Object.getPrototypeOf(value);
  if (proto === null) return "null-prototype object";
  if (proto === Object.prototype) return undefined;
  const ctor = Object.getOwnPropertyDescriptor(proto, "constructor")?.value;
  const name = typeof ctor === "function"
    ? Object.getOwnPropertyDescriptor(ctor, "name")?.value
    : undefined;
  return typeof name === "string" && /^[A-Za-z_$][\w$]*$/.test(name) ? clip(name) : "object";
}

/** `a Tensor`, `an Int32Array`. */
function article(name: string): string {
  return /^[AEIO]/i.test(name) ? `an ${name}` : `a ${name}`; // a Uint8Array, a URL
}

function describeObject(value: object): string {
  let isArray: boolean;
  try {
    isArray = Array.isArray(value);
  } catch {
    return "a revoked Proxy";
  }
  if (isArray) return `an array of length ${(value as unknown[]).length}`;
  if (ArrayBuffer.isView(value)) {
    return article(clip(Object.prototype.toString.call(value).slice(8, -1)));
  }
  const name = className(value);
  return name === undefined ? "an object" : article(name);
}

function describeUnsafe(value: unknown): string {
  switch (typeof value) {
    case "undefined":
      return "undefined";
    case "boolean":
      return String(value);
    case "number":
      return Object.is(value, -0) ? "-0" : String(value);
    case "bigint": {
      const digits = value.toString();
      return digits.length > LIMIT ? `a BigInt of ${digits.length} digits` : `${digits}n`;
    }
    case "string":
      return quote(value);
    case "symbol": {
      const text = value.description;
      return text === undefined ? "a Symbol" : `Symbol(${quote(text)})`;
    }
    case "function":
      return isClass(value) ? "a class" : "a function";
  }
  if (value === null) return "null";
  return describeObject(value as object);
}

/**
 * A short description of any value for error messages: `null`, `-0`, `3n`,
 * `"abc"`, `an array of length 3`, `a Float32Array`, `a Tensor`,
 * `an object`. Never throws.
 */
export function describe(value: unknown): string {
  try {
    return describeUnsafe(value);
  } catch {
    return "an unreadable value";
  }
}

/** Whether a function is a class (calling it without `new` throws). */
export function isClass(fn: unknown): boolean {
  if (typeof fn !== "function") return false;
  try {
    return /^class[\s{]/.test(Function.prototype.toString.call(fn));
  } catch {
    return false;
  }
}
