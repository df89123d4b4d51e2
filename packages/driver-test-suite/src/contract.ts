/**
 * The driver contract as a list of numbered clauses. Every test of the suite
 * checks one clause, and every failure message starts with its id in square
 * brackets, such as `[update.no-resurrect-destroyed]`, so a driver author can
 * look the clause up here or in docs/custom-driver.md.
 */

/** The part of the contract a clause belongs to; each family is one file under `src/clauses/`. */
export type ClauseFamily =
  | 'capabilities'
  | 'read'
  | 'create'
  | 'update'
  | 'delta'
  | 'destroy'
  | 'expiry'
  | 'revision'
  | 'atomicity'
  | 'values'
  | 'copies'
  | 'conditional-update'
  | 'user-index'
  | 'iterate';

/** One clause of the driver contract. */
export interface ContractClause {
  /** Stable id, `family.name`; failure messages start with `[id]`. */
  readonly id: string;
  readonly family: ClauseFamily;
  /** What the clause is about, in a few words. */
  readonly title: string;
  /** What a driver must do, as one sentence: the fix a failing driver needs. */
  readonly requirement: string;
}

const clauses = [
  // capabilities
  {
    id: 'capabilities.declared',
    family: 'capabilities',
    title: 'capabilities are declared as tested',
    requirement:
      'driver.capabilities must be an object of three booleans equal to the `capabilities` passed to describeDriver(), and driver.name a non-empty string',
  },
  {
    id: 'capabilities.user-index-present',
    family: 'capabilities',
    title: 'userIndex matches its capability',
    requirement:
      'driver.userIndex (with add, list and remove functions) must be present exactly when capabilities.userIndex is true',
  },
  {
    id: 'capabilities.iterate-present',
    family: 'capabilities',
    title: 'sids() matches its capability',
    requirement: 'driver.sids must be a function exactly when capabilities.iterate is true',
  },
  {
    id: 'capabilities.clock',
    family: 'capabilities',
    title: 'driver.now() is the injected clock',
    requirement:
      'when driver.now() exists it must return the clock the driver was created with (the suite clock in virtual mode, wall time in real mode)',
  },
  // read
  {
    id: 'read.absent',
    family: 'read',
    title: 'unknown records read as absent',
    requirement: 'read() of a sid that was never created must resolve null, with or without touch',
  },
  {
    id: 'read.round-trip',
    family: 'read',
    title: 'read returns exactly what was stored',
    requirement:
      'read() must resolve every field of the record with its exact value, and no other field',
  },
  {
    id: 'read.isolation',
    family: 'read',
    title: 'records are independent',
    requirement:
      'writing, updating or destroying one sid must never change another sid of the same driver',
  },
  // create
  {
    id: 'create.new',
    family: 'create',
    title: 'create stores a new record',
    requirement: 'create() of a free sid must resolve true and store the record',
  },
  {
    id: 'create.collision-guard',
    family: 'create',
    title: 'create never overwrites a live record',
    requirement:
      'create() of a sid that has a live record must resolve false and leave that record, its expiry and its revision untouched',
  },
  {
    id: 'create.reuse-dead-sid',
    family: 'create',
    title: 'a destroyed or expired sid is free',
    requirement:
      'create() of a sid whose record was destroyed or has expired must resolve true and store only the new fields',
  },
  // update
  {
    id: 'update.applies',
    family: 'update',
    title: 'update of a live record applies',
    requirement:
      'update() of a live record must resolve "ok" and make the change visible to read()',
  },
  {
    id: 'update.gone-unknown',
    family: 'update',
    title: 'update never creates',
    requirement:
      'update() of a sid that was never created must resolve "gone" and write nothing: a later read() resolves null',
  },
  {
    id: 'update.no-resurrect-destroyed',
    family: 'update',
    title: 'update never resurrects a destroyed record',
    requirement:
      'update() of a destroyed record must resolve "gone" and write nothing: a later read() resolves null',
  },
  {
    id: 'update.no-resurrect-expired',
    family: 'update',
    title: 'update never resurrects an expired record',
    requirement:
      'update() of an expired record must resolve "gone" and write nothing: a later read() resolves null and create() of the sid succeeds',
  },
  // delta
  {
    id: 'delta.set',
    family: 'delta',
    title: 'delta.set adds and replaces fields',
    requirement:
      'update() must write every field of delta.set, adding new ones and replacing old values',
  },
  {
    id: 'delta.del',
    family: 'delta',
    title: 'delta.del removes fields',
    requirement:
      'update() must remove every field named in delta.del, and ignore names that are not in the record',
  },
  {
    id: 'delta.untouched-kept',
    family: 'delta',
    title: 'fields outside the delta are kept',
    requirement:
      'update() must keep every field that is neither in delta.set nor in delta.del, unchanged: it merges a delta, it does not replace the record',
  },
  {
    id: 'delta.empty',
    family: 'delta',
    title: 'an empty delta only moves the expiry',
    requirement:
      'update() with empty set and del must resolve "ok", keep every field and apply the new expiry',
  },
  // destroy
  {
    id: 'destroy.removes',
    family: 'destroy',
    title: 'destroy removes records',
    requirement: 'after destroy([sid]) resolves, read() of that sid must resolve null',
  },
  {
    id: 'destroy.many',
    family: 'destroy',
    title: 'destroy removes many records at once',
    requirement:
      'destroy(sids) must remove every listed record and no other, and accept an empty list',
  },
  {
    id: 'destroy.absent-ignored',
    family: 'destroy',
    title: 'destroy ignores absent records',
    requirement: 'destroy() of sids that do not exist must resolve without error',
  },
  // expiry
  {
    id: 'expiry.reported',
    family: 'expiry',
    title: 'read reports the expiry',
    requirement:
      'read() must report expiresAt = min(now + idleMs, deadline) of the last create/update (or touch), and null when both are null',
  },
  {
    id: 'expiry.idle',
    family: 'expiry',
    title: 'records expire after the idle window',
    requirement:
      'a record must read as present before now + idleMs and as absent (null) after it, judged by the `now` passed in (virtual clock) or the store clock (real clock)',
  },
  {
    id: 'expiry.no-touch',
    family: 'expiry',
    title: 'a read without touch does not extend',
    requirement: 'read() with touch: false must leave the expiry where it was',
  },
  {
    id: 'expiry.touch-slides',
    family: 'expiry',
    title: 'a read with touch slides the expiry',
    requirement:
      'read() with touch: true must move the expiry to min(now + idleMs, deadline) of the stored policy, in the same atomic step, and report it',
  },
  {
    id: 'expiry.touch-no-revive',
    family: 'expiry',
    title: 'a touch never revives an expired record',
    requirement:
      'read() with touch: true of an expired record must resolve null and leave it absent',
  },
  {
    id: 'expiry.absolute',
    family: 'expiry',
    title: 'the deadline is never extended',
    requirement:
      'a record must expire at its deadline even when reads with touch or updates came just before it; touch and update cap the expiry at the deadline',
  },
  {
    id: 'expiry.update-policy',
    family: 'expiry',
    title: 'update replaces the stored policy',
    requirement:
      "update() must apply delta.expiry from delta.now and store it as the record's policy, so later touches slide by the new idleMs",
  },
  {
    id: 'expiry.never',
    family: 'expiry',
    title: 'a record without limits never expires',
    requirement:
      'a record created with idleMs null and deadline null must report expiresAt null and stay present however much time passes',
  },
  // revision
  {
    id: 'revision.number',
    family: 'revision',
    title: 'revision is a number',
    requirement: 'read() must report revision as a finite number',
  },
  {
    id: 'revision.changes',
    family: 'revision',
    title: 'revision counts updates',
    requirement:
      'with conditionalUpdate, create() must start the record at revision 1 and every successful update() must add exactly 1: core counts on it to know the revision its own save produced',
  },
  {
    id: 'revision.stable',
    family: 'revision',
    title: 'reads and refused updates keep the revision',
    requirement:
      'with conditionalUpdate, read() (even with touch) and a refused update() must not change the revision, or every concurrent request would conflict',
  },
  // atomicity
  {
    id: 'atomicity.disjoint-fields',
    family: 'atomicity',
    title: 'concurrent updates of different fields all stick',
    requirement:
      'concurrent update() calls that set different fields of one record must each be applied atomically: no field may be lost (no read-modify-write across awaits)',
  },
  {
    id: 'atomicity.set-and-del',
    family: 'atomicity',
    title: 'a concurrent delete and set both apply',
    requirement:
      'an update() deleting one field and a concurrent update() setting another must both be applied',
  },
  {
    id: 'atomicity.create-race',
    family: 'atomicity',
    title: 'exactly one concurrent create wins',
    requirement:
      "concurrent create() calls of one free sid must resolve true exactly once; the record holds the winner's fields",
  },
  {
    id: 'atomicity.update-destroy-race',
    family: 'atomicity',
    title: 'an update racing a destroy does not resurrect',
    requirement:
      'an update() running concurrently with destroy() must never leave the record present afterwards: the existence check and the write must be one atomic step',
  },
  // values
  {
    id: 'values.large',
    family: 'values',
    title: 'large values round-trip',
    requirement:
      'a 1 MiB field value must be stored and read back exactly, by create() and update()',
  },
  {
    id: 'values.many-fields',
    family: 'values',
    title: 'records of many fields round-trip',
    requirement: 'a record of 1,000 fields must be stored and read back exactly',
  },
  {
    id: 'values.field-names',
    family: 'values',
    title: 'any field name works',
    requirement:
      "field names must be stored verbatim, including '', ':', '*', '{a}', '__proto__', 'constructor', '#t', unicode and control characters, and deleted by delta.del",
  },
  {
    id: 'values.binary-safe',
    family: 'values',
    title: 'values are binary-safe strings',
    requirement:
      'every well-formed string must round-trip exactly: every BMP character including \\u0000 (lone surrogates excepted), astral characters, the empty string, and number-like strings such as "007"',
  },
  // copies
  {
    id: 'copies.read',
    family: 'copies',
    title: 'read returns a copy',
    requirement:
      'mutating the map returned by read() must not change the stored record or the result of another read()',
  },
  {
    id: 'copies.input',
    family: 'copies',
    title: 'inputs are copied',
    requirement:
      'mutating the maps passed to create() or update() after the call resolves must not change the stored record',
  },
  // conditional update
  {
    id: 'conditional-update.match',
    family: 'conditional-update',
    title: 'a matching ifRevision applies',
    requirement:
      'update() with ifRevision equal to the current revision must resolve "ok" and apply',
  },
  {
    id: 'conditional-update.conflict',
    family: 'conditional-update',
    title: 'a stale ifRevision conflicts',
    requirement:
      'update() with an ifRevision that is not the current revision must resolve "conflict" and change nothing: fields, expiry and revision',
  },
  {
    id: 'conditional-update.gone-first',
    family: 'conditional-update',
    title: 'a missing record is gone, not a conflict',
    requirement:
      'update() with ifRevision of a destroyed or expired record must resolve "gone" and write nothing',
  },
  {
    id: 'conditional-update.race',
    family: 'conditional-update',
    title: 'exactly one of concurrent conditional updates wins',
    requirement:
      'concurrent update() calls with the same ifRevision must resolve "ok" exactly once and "conflict" for the rest',
  },
  // user index
  {
    id: 'user-index.add-list',
    family: 'user-index',
    title: 'listed entries are the added ones',
    requirement:
      'userIndex.list() must resolve one entry per added sid with its expiresAt, and [] for a user with none',
  },
  {
    id: 'user-index.add-updates',
    family: 'user-index',
    title: 'adding twice updates, never duplicates',
    requirement:
      'userIndex.add() of a sid already listed must replace its expiresAt, not add a second entry',
  },
  {
    id: 'user-index.prune',
    family: 'user-index',
    title: 'list prunes expired entries',
    requirement:
      'userIndex.list(userId, now) must leave out entries whose expiresAt is at or before now and remove them from the index in the same step; null never expires',
  },
  {
    id: 'user-index.bounded',
    family: 'user-index',
    title: 'the index does not grow without bound',
    requirement:
      'after many sessions of a user come and expire, userIndex.list() must hold only the live ones, even when asked at an earlier now',
  },
  {
    id: 'user-index.remove',
    family: 'user-index',
    title: 'remove drops the named entries',
    requirement:
      'userIndex.remove() must drop the named sids, keep the others and ignore sids that are not listed',
  },
  {
    id: 'user-index.isolation',
    family: 'user-index',
    title: 'users are independent',
    requirement:
      "one user's index must never show or change another's, whatever the user ids contain ('{', ':', unicode, '')",
  },
  // iterate
  {
    id: 'iterate.each-once',
    family: 'iterate',
    title: 'sids() yields every live sid once',
    requirement:
      "sids() must yield every live sid of the driver exactly once (no duplicates, none missing), also beyond one page of a store's scan",
  },
  {
    id: 'iterate.no-dead',
    family: 'iterate',
    title: 'sids() skips destroyed and expired records',
    requirement:
      'sids() must not yield destroyed or expired records, judged by the injected clock (virtual) or the store clock (real)',
  },
] as const satisfies readonly ContractClause[];

/** The id of one contract clause, such as `'update.no-resurrect-destroyed'`. */
export type ContractClauseId = (typeof clauses)[number]['id'];

/** Every clause of the driver contract, in the order of docs/custom-driver.md. */
export const CONTRACT_CLAUSES: readonly ContractClause[] = clauses;

const byId = new Map<string, ContractClause>(clauses.map((c) => [c.id, c]));

/** The clause with this id; throws for an unknown id (a typo in a test). */
export function contractClause(id: ContractClauseId): ContractClause {
  const found = byId.get(id);
  if (found === undefined) throw new Error(`Unknown contract clause ${JSON.stringify(id)}`);
  return found;
}
