import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** The outcome of one test of a broken driver, as vitest's JSON reporter saw it. */
export interface FixtureTest {
  readonly name: string;
  readonly status: string;
  readonly message: string;
  /** The clause id the failure message starts with, or `null` when it names none. */
  readonly clause: string | null;
}

/** What the child run reported: each broken driver's tests, and what the cleanups logged. */
export interface BrokenRun {
  readonly tests: Map<string, FixtureTest[]>;
  readonly cleanups: { name: string; entry: string; root: string }[];
}

interface JsonReport {
  testResults: {
    assertionResults: {
      ancestorTitles: string[];
      title: string;
      status: string;
      failureMessages: string[];
    }[];
  }[];
}

const vitest = join(
  dirname(createRequire(import.meta.url).resolve('vitest/package.json')),
  'vitest.mjs',
);
const clauseAtStart = /^[A-Za-z]*Error: \[([a-z-]+\.[a-z-]+)\] /;
const fixtureOf = (title: string) => title.replace(/ (driver contract|under Vial)$/, '');

/**
 * Runs every `*.suite.ts` of ./broken in one child `vitest run` (one start-up
 * for all, isolated from this test process) and returns each broken driver's
 * tests of both entry points, by the driver's name.
 */
export async function runBrokenDrivers(): Promise<BrokenRun> {
  const dir = await mkdtemp(join(tmpdir(), 'vial-suite-'));
  const report = join(dir, 'report.json');
  const log = join(dir, 'cleanup.log');
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST')),
  );
  try {
    const config = join(import.meta.dirname, 'broken', 'vitest.config.ts');
    const args = [vitest, 'run', '--config', config, '--reporter=json', `--outputFile=${report}`];
    const stderr = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, args, {
        env: { ...env, VIAL_SUITE_CLEANUP_LOG: log },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let text = '';
      child.stderr.on('data', (chunk: Buffer) => {
        text += chunk.toString();
      });
      child.on('error', reject);
      child.on('close', () => resolve(text));
    });
    const json = await readFile(report, 'utf8').catch((error: unknown) => {
      throw new Error(`the child vitest run wrote no report; its stderr:\n${stderr}`, {
        cause: error,
      });
    });
    const tests = new Map<string, FixtureTest[]>();
    for (const file of (JSON.parse(json) as JsonReport).testResults) {
      for (const t of file.assertionResults) {
        const fixture = fixtureOf(t.ancestorTitles[0] ?? '');
        const message = t.failureMessages[0] ?? '';
        const clause = clauseAtStart.exec(message)?.[1] ?? null;
        tests.set(fixture, [
          ...(tests.get(fixture) ?? []),
          { name: t.title, status: t.status, message, clause },
        ]);
      }
    }
    const logged = await readFile(log, 'utf8').catch(() => '');
    const cleanups = logged
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
    return { tests, cleanups };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
