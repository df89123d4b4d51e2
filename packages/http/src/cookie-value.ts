/**
 * The value of the first cookie named `name` in a `Cookie` header, trimmed
 * and URL-decoded as `cookie.parse` does, or `undefined`.
 */
export function cookieValue(header: string, name: string): string | undefined {
  const length = header.length;
  let index = 0;
  while (index < length) {
    const eq = header.indexOf('=', index);
    if (eq === -1) return undefined;
    let end = header.indexOf(';', index);
    if (end === -1) end = length;
    if (eq > end) {
      index = end + 1; // a pair without '=': skip it
      continue;
    }
    const start = skipSpaces(header, index, eq);
    if (trimEnd(header, start, eq) - start === name.length && header.startsWith(name, start)) {
      const valueStart = skipSpaces(header, eq + 1, end);
      const value = header.slice(valueStart, trimEnd(header, valueStart, end));
      return value.includes('%') ? decode(value) : value;
    }
    index = end + 1;
  }
  return undefined;
}

function skipSpaces(text: string, from: number, to: number): number {
  let i = from;
  while (i < to && isSpace(text.charCodeAt(i))) i++;
  return i;
}

function trimEnd(text: string, from: number, to: number): number {
  let i = to;
  while (i > from && isSpace(text.charCodeAt(i - 1))) i--;
  return i;
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09;
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
