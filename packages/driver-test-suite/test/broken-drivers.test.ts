import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type BrokenRun, runBrokenDrivers } from './run-broken.js';

// Which clauses each broken driver of ./broken must fail: exactly these, so
// the suite neither misses a breach nor blames the wrong clause. Beside the
// clause a driver breaks stand the end-to-end ones its bug breaks under Vial.
const expectedFailures: Record<string, string[]> = {
  resurrecting: [
    'atomicity.destroy-race',
    'conditional-update.gone-first',
    'update.gone',
    'update.gone-expired',
    'vial.users-in-flight',
  ],
  'expiry-ignoring': [
    'create.reuse-dead-sid',
    'destroy.counts-live',
    'expiry.ends',
    'expiry.never',
    'expiry.update',
    'iterate.no-dead',
    'read.no-write',
    'touch.no-revive',
    'touch.sets-expiry',
    'update.gone-expired',
    'vial.revoke-attack',
  ],
  'non-atomic': [
    'atomicity.destroy-race',
    'atomicity.disjoint-fields',
    'atomicity.set-and-del',
    'atomicity.touch-update',
    'conditional-update.race',
    'vial.concurrent-keys',
    'vial.hot-session',
    'vial.no-resurrect',
  ],
  'field-losing': [
    'atomicity.disjoint-fields',
    'atomicity.set-and-del',
    'atomicity.touch-update',
    'conditional-update.match',
    'conditional-update.race',
    'copies.input',
    'delta.del',
    'delta.empty',
    'delta.set',
    'delta.untouched-kept',
    'update.stale-basis',
    'values.binary-safe',
    'values.field-names',
    'values.large',
    'values.many-fields',
    'vial.concurrent-keys',
    'vial.conflict-bounded',
    'vial.hot-session',
    'vial.long-lived',
    'vial.revoke-attack',
    'vial.users-sliding',
  ],
  overwriting: ['atomicity.create-race', 'create.collision-guard'],
  leaky: ['copies.read'],
  undeclared: ['driver.features'],
  'read-sliding': ['expiry.ends', 'read.no-write', 'vial.forged-load', 'vial.revoke-attack'],
  'touch-reviving': ['atomicity.destroy-race', 'touch.no-revive'],
  'touch-rewriting': ['revision.stable', 'touch.expiry-only'],
  touchless: [
    'atomicity.destroy-race',
    'atomicity.touch-update',
    'expiry.reported',
    'read.isolation',
    'revision.stable',
    'touch.expiry-only',
    'touch.no-revive',
    'touch.sets-expiry',
    'update.stale-basis',
    'vial.revoke-attack',
    'vial.slide',
    'vial.users-sliding',
    'vial.users-user-ttl',
  ],
  'expiry-dropping': [
    'atomicity.touch-update',
    'expiry.reported',
    'expiry.update',
    'update.stale-basis',
  ],
  'basis-trusting': ['update.stale-basis', 'vial.concurrent-keys', 'vial.hot-session'],
  'destroy-miscounting': ['destroy.counts-live', 'vial.regenerate'],
  'unpruned-list': ['user-index.list-prunes'],
  'never-pruning-add': ['user-index.add-prunes'],
  'error-wrapping': ['failure.storage', 'vial.storage-failure'],
  'error-swallowing': ['failure.storage', 'vial.storage-failure'],
  'corrupt-as-absent': ['failure.corrupt-record', 'vial.corrupt-record'],
  'working-after-close': ['close.after'],
  'close-abandoning': ['close.in-flight'],
};

let run: BrokenRun = { tests: new Map(), cleanups: [] };

beforeAll(async () => {
  run = await runBrokenDrivers();
}, 300_000);

const failures = () => [...run.tests.values()].flat().filter((t) => t.status === 'failed');

function failedClauses(name: string): string[] {
  const tests = run.tests.get(name);
  if (tests === undefined) throw new Error(`no report for the broken driver ${name}`);
  const failed = tests.filter((t) => t.status === 'failed');
  return [...new Set(failed.map((t) => t.clause ?? `unattributed: ${t.message}`))].sort();
}

describe('the suite run against broken drivers', () => {
  it('reports every broken driver, and no test but a passed or failed one', () => {
    expect([...run.tests.keys()].sort()).toStrictEqual(Object.keys(expectedFailures).sort());
    const statuses = new Set([...run.tests.values()].flat().map((t) => t.status));
    expect([...statuses].sort()).toStrictEqual(['failed', 'passed']);
  });

  it.each(Object.entries(expectedFailures))(
    'fails the %s driver on exactly its broken clauses',
    (name, clauses) => {
      expect(failedClauses(name)).toStrictEqual([...clauses].sort());
    },
  );

  it("starts every failure message with its test's clause id and requirement", () => {
    const unattributed = failures().filter(
      (t) =>
        !t.message.includes(`[${t.clause}] ${t.name.slice(t.name.indexOf(': ') + 2)}.\n`) ||
        !t.name.startsWith(`${t.clause}: `),
    );
    expect(failures().length).toBeGreaterThan(60);
    expect(unattributed.map((t) => t.message.slice(0, 200))).toStrictEqual([]);
  });

  it('says what was found, after the requirement, with the assertion that failed', () => {
    const failure = run.tests.get('resurrecting')?.find((t) => t.clause === 'update.gone');
    expect(failure?.message).toContain('must resolve "gone" and write nothing');
    expect(failure?.message).toContain(
      "update() of a sid never created: expected 'ok' to be 'gone'",
    );
  });

  it('says "the driver threw" and what, when a driver throws instead of answering', () => {
    const failure = run.tests.get('touchless')?.find((t) => t.clause === 'touch.expiry-only');
    const requirement = 'the fields and the revision stay as they were.';
    expect(failure?.message).toContain(
      `${requirement}\nthe driver threw: driver.touch is not a function`,
    );
    expect(failure?.message.startsWith('TypeError: [touch.expiry-only] ')).toBe(true);
  });

  it('prints objects in failure messages whole, not cut at 40 characters', () => {
    const failure = run.tests.get('undeclared')?.find((t) => t.clause === 'driver.features');
    const found =
      "expected { userIndex: [ 'add', 'list', 'remove' ], sids: true, close: false, conditionalUpdate: true, recordLimit: false } to strictly equal";
    expect(failure?.message).toContain(found);
    const cut = failures().filter((t) =>
      / \{ …\(\d+\) \}|\[ Array\(\d+\) \]/.test(t.message.split('\n')[1] ?? ''),
    );
    expect(cut.map((t) => t.message.slice(0, 300))).toStrictEqual([]);
  });

  it('runs cleanup after the tests of describeDriver and of describeWithVial, even when they fail', () => {
    const files = Object.keys(expectedFailures).filter((name) =>
      run.cleanups.some((c) => c.name === name),
    );
    expect(files.length).toBe(5);
    for (const name of files) {
      const entries = run.cleanups.filter((c) => c.name === name).map((c) => c.entry);
      expect(entries, name).toStrictEqual(['describeDriver', 'describeWithVial']);
      expect(failedClauses(name).length, name).toBeGreaterThan(0);
    }
    const left = run.cleanups.filter((c) => existsSync(c.root)).map((c) => c.root);
    expect(left, 'temporary directories left behind').toStrictEqual([]);
  });
});
