import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';

const DEMO = join(dirname(fileURLToPath(import.meta.url)), '..', 'demo.js');
const TOKEN = /^[A-Za-z0-9_-]{22,}\.[A-Za-z0-9_-]{22,}$/;

/** Runs demo.js with this Node.js; resolves to what it printed, line by line, by step. */
async function runDemo(): Promise<Map<string, string>> {
  // execFile rejects when the demo exits non-zero, which fails the test with its stderr.
  const { stdout, stderr } = await promisify(execFile)(process.execPath, [DEMO]);
  expect(stderr).toBe('');
  const steps = new Map<string, string>();
  for (const line of stdout.trimEnd().split('\n')) {
    // Each line is a step padded to 44 characters, then what it showed.
    steps.set(line.slice(0, 44).trim(), line.slice(45));
  }
  return steps;
}

test('demo.js walks a session through its life and exits 0', async () => {
  const steps = await runDemo();
  expect(steps.get('vial.session()')).toBe('id=null isNew=true');

  const saved = steps.get('set user, cart; save()')?.replace(/^id=/, '') ?? '';
  expect(saved).toMatch(TOKEN);
  expect(steps.get('vial.load(token)')).toBe('user=ada cart=["espresso cup"] isNew=false');
  expect(steps.get("get('cart').push('kettle'); save()")).toBe(
    'stored cart=["espresso cup","kettle"]',
  );

  const regenerated = steps.get('regenerate()')?.replace(/^new id=/, '') ?? '';
  expect(regenerated).toMatch(TOKEN);
  expect(regenerated).not.toBe(saved);
  expect(steps.get('load(old token)')).toBe('isNew=true (the old token no longer opens it)');
  expect(steps.get('load(new token)')).toBe('user=ada');

  expect(steps.get('load(real sid + forged secret)')).toBe('isNew=true user=undefined');
  expect(steps.get('destroy()')).toBe('id=null');
  expect(steps.get('load(destroyed token)')).toBe('isNew=true');
  expect(steps.size).toBe(10);
});
