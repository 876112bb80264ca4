/**
 * The text-width estimate label placement uses: Helvetica's advance widths
 * (1/1000 em) for printable ASCII, 1 em for East Asian wide characters, 0.6 em
 * otherwise, times a 10% margin for wider fallback fonts (DejaVu Sans).
 * The same estimate gives each drawn label's box, so boxes that do not
 * intersect here do not overlap on screen.
 */

// deno-fmt-ignore
const HELVETICA = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // ' ' to '/'
  556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // '0' to '?'
  1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // '@' to 'O'
  667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // 'P' to '_'
  333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // '`' to 'o'
  556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, // 'p' to '~'
];

/** Safety factor over Helvetica's widths. */
const MARGIN = 1.1;
/** The font the pictures ask for, whose widths the estimate follows. */
export const FONT_FAMILY = "Helvetica, Arial, sans-serif";

function wide(code: number): boolean {
  return (code >= 0x1100 && code <= 0x115f) || (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) || (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) || (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) || (code >= 0x1f300 && code <= 0x1faff) ||
    (code >= 0x20000 && code <= 0x3fffd);
}

/** Estimated width of `text` in pixels at `fontSize`. */
export function textWidth(text: string, fontSize: number): number {
  let em = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code >= 32 && code <= 126) em += HELVETICA[code - 32] / 1000;
    else em += wide(code) ? 1 : 0.6;
  }
  return em * fontSize * MARGIN;
}

/** An axis-aligned box. */
export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** The box of a label drawn with `text-anchor="start"` at baseline `(x, y)`. */
export function labelBox(x: number, y: number, text: string, fontSize: number): Box {
  return {
    x0: x,
    y0: y - 0.8 * fontSize,
    x1: x + textWidth(text, fontSize),
    y1: y + 0.25 * fontSize,
  };
}

/** True if the boxes overlap (touching edges do not count). */
export function intersects(a: Box, b: Box): boolean {
  return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}
