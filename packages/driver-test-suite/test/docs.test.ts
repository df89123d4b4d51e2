import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { everyClause } from './clauses.js';

const repo = join(import.meta.dirname, '..', '..', '..');
const read = (path: string) => readFile(join(repo, path), 'utf8');
const guide = () => read('docs/custom-driver.md');

/** The code blocks that follow `<!-- <kind>: <path> -->` in the guide. */
function blocks(text: string, kind: string): [path: string, code: string][] {
  const marker = new RegExp(`<!-- ${kind}: (\\S+) -->\\n\`\`\`ts\\n([\\s\\S]*?)\\n\`\`\``, 'g');
  return [...text.matchAll(marker)].map((m) => [m[1] ?? '', m[2] ?? '']);
}

/** The names `src/index.ts` exports, values and types. */
async function exportedNames(): Promise<string[]> {
  const index = await read('packages/driver-test-suite/src/index.ts');
  const names = [...index.matchAll(/export (?:type )?\{([^}]*)\}/g)].flatMap((m) =>
    (m[1] ?? '').split(',').map((n) => n.replace(/^\s*type\s+/, '').trim()),
  );
  const fixtures = await read('packages/driver-test-suite/src/fixtures.ts');
  const starred = [...fixtures.matchAll(/export function (\w+)/g)].map((m) => m[1] ?? '');
  return [...names.filter(Boolean), ...starred].sort();
}

describe('docs/custom-driver.md', () => {
  it('shows the map driver and the key lock exactly as the files that pass the suite', async () => {
    const shown = blocks(await guide(), 'file');
    expect(shown.map(([path]) => path)).toStrictEqual([
      'packages/driver-test-suite/test/drivers/map-driver.ts',
      'packages/driver-test-suite/test/drivers/key-lock.ts',
    ]);
    for (const [path, code] of shown) expect(code, path).toBe((await read(path)).trimEnd());
  });

  it('shows excerpts of the file driver as they are in the file, methods re-indented', async () => {
    const excerpts = blocks(await guide(), 'excerpt');
    expect(excerpts.length).toBeGreaterThan(0);
    for (const [path, code] of excerpts) {
      const file = await read(path);
      for (const part of code.split('\n\n')) {
        const indented = part.replace(/^(?=.)/gm, '  ');
        expect(file.includes(indented), `${path} holds:\n${indented}`).toBe(true);
      }
    }
  });

  it('lists every clause by id with its requirement, and no other', async () => {
    const text = await guide();
    const clauses = everyClause();
    expect(clauses.length).toBeGreaterThan(60);
    const row = ([id, requirement]: [string, string]) =>
      `| \`${id}\` | ${requirement.replace(/\|/g, '\\|')} |`;
    expect(clauses.filter((c) => !text.includes(row(c))).map(([id]) => id)).toStrictEqual([]);
    const listed = [...text.matchAll(/^\| `([a-z-]+\.[a-z-]+)` \|/gm)].map((m) => m[1]);
    expect(listed.sort()).toStrictEqual(clauses.map(([id]) => id).sort());
  });

  it('documents describeWithVial, the hooks, and every export of the suite', async () => {
    const text = await guide();
    for (const name of [...(await exportedNames()), 'breakStorage', 'corruptRecord', 'cleanup']) {
      expect(text, name).toContain(`\`${name}`);
    }
  });
});

describe("the suite's README", () => {
  it('documents every export and option', async () => {
    const text = await read('packages/driver-test-suite/README.md');
    const options = [
      'name',
      'features',
      'clock',
      'createDriver',
      'cleanup',
      'breakStorage',
      'corruptRecord',
    ];
    for (const name of [...(await exportedNames()), ...options])
      expect(text, name).toContain(`\`${name}`);
  });
});
