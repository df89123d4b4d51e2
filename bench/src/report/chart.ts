/** One bar: a label and a value (same unit within a group). */
export interface Bar {
  readonly label: string;
  readonly value: number;
  /** Drawn in the accent colour: the vial bars. */
  readonly accent: boolean;
}

/** A titled group of bars sharing one scale. */
export interface BarGroup {
  readonly title: string;
  /** Unit printed after each value, such as `ops/s`. */
  readonly unit: string;
  readonly bars: readonly Bar[];
}

const WIDTH = 820;
const LABEL = 340;
const BAR_H = 18;
const GAP = 6;
const TITLE_H = 28;

const xml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A horizontal bar chart as a self-contained SVG: one block per group, each
 * scaled to its own largest value, every bar labelled with its figure.
 * Hand-written so that the bench needs no plotting dependency.
 */
export function barChart(groups: readonly BarGroup[]): string {
  const parts: string[] = [];
  let y = 10;
  for (const group of groups) {
    parts.push(
      `<text x="10" y="${y + 18}" font-weight="bold" font-size="14">${xml(group.title)}</text>`,
    );
    y += TITLE_H;
    const max = Math.max(...group.bars.map((b) => b.value), 1);
    const span = WIDTH - LABEL - 110;
    for (const bar of group.bars) {
      const w = Math.max(1, (bar.value / max) * span);
      const fill = bar.accent ? '#d9480f' : '#868e96';
      parts.push(
        `<text x="${LABEL - 8}" y="${y + 13}" text-anchor="end" font-size="12">${xml(bar.label)}</text>`,
        `<rect x="${LABEL}" y="${y}" width="${w.toFixed(1)}" height="${BAR_H}" fill="${fill}"/>`,
        `<text x="${(LABEL + w + 6).toFixed(1)}" y="${y + 13}" font-size="12">${xml(
          `${Math.round(bar.value).toLocaleString('en-US')} ${group.unit}`,
        )}</text>`,
      );
      y += BAR_H + GAP;
    }
    y += 10;
  }
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${y}" viewBox="0 0 ${WIDTH} ${y}" font-family="sans-serif">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}
