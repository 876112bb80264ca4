/**
 * Runtime detection of WebAssembly SIMD128 support.
 *
 * @module
 */

// (module (func (result v128) i32.const 0 i32x4.splat))
const PROBE = new Uint8Array([
  0x00,
  0x61,
  0x73,
  0x6d,
  0x01,
  0x00,
  0x00,
  0x00, // "\0asm", version 1
  0x01,
  0x05,
  0x01,
  0x60,
  0x00,
  0x01,
  0x7b, // type section: () -> (v128)
  0x03,
  0x02,
  0x01,
  0x00, // function section: func 0 has type 0
  0x0a,
  0x08,
  0x01,
  0x06,
  0x00,
  0x41,
  0x00,
  0xfd,
  0x11,
  0x0b, // code: i32.const 0; i32x4.splat; end
]);

let supported: boolean | undefined;

/**
 * Reports whether this engine accepts WebAssembly SIMD128 (v128) code, by
 * validating a tiny module that uses `i32x4.splat`. The answer is computed
 * once and cached. Works in any engine with the standard `WebAssembly` API.
 *
 * @returns `true` if SIMD128 modules validate, `false` otherwise (including
 *   when `WebAssembly` is unavailable).
 *
 * @example
 * ```ts
 * import { simdSupported } from "./simd.ts";
 * const kernel = simdSupported() ? "simd128" : "scalar";
 * console.assert(kernel === "simd128" || kernel === "scalar");
 * ```
 */
export function simdSupported(): boolean {
  if (supported === undefined) {
    try {
      supported = typeof WebAssembly === "object" && WebAssembly.validate(PROBE);
    } catch {
      supported = false;
    }
  }
  return supported;
}
