/** A whole number with thousands separators: `12,345`. */
export function int(value: number): string {
  return Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : 'n/a';
}

/** A ratio as `1.23x`. */
export function times(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(2)}x` : 'n/a';
}

/** Milliseconds with one decimal: `3.4 ms`. */
export function ms(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(1)} ms` : 'n/a';
}

/** A markdown table; `align` per column: 'l' or 'r'. */
export function table(
  head: readonly string[],
  rows: readonly (readonly string[])[],
  align?: string,
): string {
  const aligns = head.map((_, i) => (align?.[i] === 'r' ? '---:' : '---'));
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(aligns), ...rows.map(line)].join('\n');
}
