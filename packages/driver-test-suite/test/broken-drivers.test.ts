import { beforeAll, describe, expect, it } from 'vitest';
import { CONTRACT_CLAUSES, type ContractClauseId, clauseHeadline } from '../src/index.js';
import { type FixtureTest, runBrokenFixtures } from './run-broken.js';

// Which clauses each broken driver of ./broken/drivers.ts must be failed on:
// exactly these, so the suite neither misses a breach nor blames the wrong clause.
const expectedFailures: Record<string, ContractClauseId[]> = {
  resurrecting: [
    'atomicity.update-destroy-race',
    'conditional-update.gone-first',
    'update.gone-unknown',
    'update.no-resurrect-destroyed',
    'update.no-resurrect-expired',
  ],
  'expiry-ignoring': [
    'create.reuse-dead-sid',
    'expiry.absolute',
    'expiry.idle',
    'expiry.no-touch',
    'expiry.touch-no-revive',
    'expiry.update-policy',
    'iterate.no-dead',
    'update.no-resurrect-expired',
  ],
  'non-atomic': [
    'atomicity.disjoint-fields',
    'atomicity.set-and-del',
    'atomicity.update-destroy-race',
    'conditional-update.race',
  ],
  'field-losing': [
    'atomicity.disjoint-fields',
    'atomicity.set-and-del',
    'conditional-update.match',
    'conditional-update.race',
    'copies.input',
    'delta.del',
    'delta.empty',
    'delta.set',
    'delta.untouched-kept',
    'expiry.update-policy',
    'values.binary-safe',
    'values.field-names',
    'values.large',
    'values.many-fields',
  ],
  overwriting: ['atomicity.create-race', 'create.collision-guard'],
  leaky: ['copies.read'],
  overclaiming: [
    'capabilities.iterate-present',
    'iterate.each-once',
    'iterate.no-dead',
    'user-index.bounded',
    'user-index.prune',
  ],
};

let fixtures = new Map<string, FixtureTest[]>();

beforeAll(async () => {
  fixtures = await runBrokenFixtures();
}, 120_000);

function failedClauses(name: string): string[] {
  const tests = fixtures.get(name);
  if (tests === undefined) throw new Error(`no report for fixture ${name}.suite.ts`);
  return [
    ...new Set(
      tests
        .filter((t) => t.status === 'failed')
        .map((t) => t.clause ?? `unattributed: ${t.message}`),
    ),
  ].sort();
}

describe('the suite run against broken drivers', () => {
  it('reports every fixture it was given', () => {
    expect([...fixtures.keys()].sort()).toStrictEqual(Object.keys(expectedFailures).sort());
  });

  it.each(Object.entries(expectedFailures))(
    'fails the %s driver on exactly its broken clauses',
    (name, clauses) => {
      expect(failedClauses(name)).toStrictEqual([...clauses].sort());
    },
  );

  it('fails an update that resurrects a destroyed record with the no-resurrection clause and its remedy', () => {
    const failure = fixtures
      .get('resurrecting')
      ?.find((t) => t.clause === 'update.no-resurrect-destroyed');
    expect(failure?.message).toContain(clauseHeadline('update.no-resurrect-destroyed'));
    expect(failure?.message).toContain('must resolve "gone" and write nothing');
    expect(failure?.message).toContain("expected 'ok' to be 'gone'");
  });

  it('starts every failure message with a clause id from CONTRACT_CLAUSES', () => {
    const known = new Set(CONTRACT_CLAUSES.map((c) => c.id));
    const failures = [...fixtures.values()].flat().filter((t) => t.status === 'failed');
    expect(failures.length).toBeGreaterThan(30);
    expect(failures.filter((t) => t.clause === null || !known.has(t.clause))).toStrictEqual([]);
  });
});
