import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTRACT_CLAUSES } from '../src/index.js';

const guide = join(import.meta.dirname, '..', '..', '..', 'docs', 'custom-driver.md');

describe('docs/custom-driver.md', () => {
  it('lists every contract clause by id with its requirement', async () => {
    const text = await readFile(guide, 'utf8');
    const missing = CONTRACT_CLAUSES.filter(
      (c) => !text.includes(`| \`${c.id}\` | ${c.requirement.replace(/\|/g, '\\|')} |`),
    );
    expect(missing.map((c) => c.id)).toStrictEqual([]);
  });

  it('shows the worked example exactly as the file that passes the suite', async () => {
    const text = await readFile(guide, 'utf8');
    const marker =
      '<!-- docs-example: packages/driver-test-suite/test/docs-example/map-driver.ts -->\n```ts\n';
    const start = text.indexOf(marker);
    expect(start, 'the example marker in the guide').toBeGreaterThan(0);
    const body = text.slice(start + marker.length, text.indexOf('\n```', start + marker.length));
    const file = await readFile(join(import.meta.dirname, 'docs-example', 'map-driver.ts'), 'utf8');
    expect(body).toBe(file.trimEnd());
  });
});
