import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';

/** The outcome of one test of a fixture file, as vitest's JSON reporter saw it. */
export interface FixtureTest {
  readonly name: string;
  readonly status: string;
  readonly message: string;
  /** The clause id a failure message starts with, or `null` when it names none. */
  readonly clause: string | null;
}

interface JsonReport {
  testResults: {
    name: string;
    assertionResults: { fullName: string; status: string; failureMessages: string[] }[];
  }[];
}

const vitestBin = join(
  dirname(createRequire(import.meta.url).resolve('vitest/package.json')),
  'vitest.mjs',
);
const clauseAtStart = /^[A-Za-z]*Error: \[([a-z-]+\.[a-z-]+)\] /;

/**
 * Runs every `*.suite.ts` of ./broken in one child `vitest run` (one start-up
 * for all fixtures, isolated from this test process) and returns each
 * fixture's tests by file name, such as `'resurrecting'`.
 */
export async function runBrokenFixtures(): Promise<Map<string, FixtureTest[]>> {
  const dir = await mkdtemp(join(tmpdir(), 'vial-suite-'));
  const outputFile = join(dir, 'report.json');
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST')),
  );
  try {
    const config = join(import.meta.dirname, 'broken', 'vitest.config.ts');
    const stderr = await new Promise<string>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [vitestBin, 'run', '--config', config, '--reporter=json', `--outputFile=${outputFile}`],
        { env, stdio: ['ignore', 'ignore', 'pipe'] },
      );
      let err = '';
      child.stderr.on('data', (chunk: Buffer) => {
        err += chunk.toString();
      });
      child.on('error', reject);
      child.on('close', () => resolve(err));
    });
    let report: JsonReport;
    try {
      report = JSON.parse(await readFile(outputFile, 'utf8')) as JsonReport;
    } catch (error) {
      throw new Error(`the child vitest run wrote no report; its stderr:\n${stderr}`, {
        cause: error,
      });
    }
    const byFixture = new Map<string, FixtureTest[]>();
    for (const file of report.testResults) {
      byFixture.set(
        basename(file.name, '.suite.ts'),
        file.assertionResults.map((t) => {
          const message = t.failureMessages[0] ?? '';
          return {
            name: t.fullName,
            status: t.status,
            message,
            clause: clauseAtStart.exec(message)?.[1] ?? null,
          };
        }),
      );
    }
    return byFixture;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
