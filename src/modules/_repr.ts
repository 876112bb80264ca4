/** PyTorch's `nn.Module.__repr__`, nesting included. */

/** Indents every line but the first by `spaces` (PyTorch's `_addindent`). */
function addIndent(text: string, spaces: number): string {
  const [first, ...rest] = text.split("\n");
  return [first, ...rest.map((line) => " ".repeat(spaces) + line)].join("\n");
}

/**
 * `Name(extra)` for a module without children, else the extra lines and the
 * children as `(name): repr`, two spaces in, one per line.
 */
export function moduleRepr(
  name: string,
  extra: string,
  children: readonly [string, { toString(): string }][],
): string {
  const extraLines = extra === "" ? [] : extra.split("\n");
  const childLines = children.map(([key, m]) => `(${key}): ${addIndent(m.toString(), 2)}`);
  const lines = [...extraLines, ...childLines];
  let body = "";
  if (extraLines.length === 1 && childLines.length === 0) body = extraLines[0];
  else if (lines.length > 0) body = `\n  ${lines.join("\n  ")}\n`;
  return `${name}(${body})`;
}
