import { flakyDriver } from '@vial/adapter-test-suite';
import { type Session, StorageUnavailableError, Vial, type VialOptions } from '@vial/core';
import { describe, expect, test } from 'vitest';
import { cookieExpiry } from '../src/cookie-expiry.js';
import type { IncomingToken } from '../src/cookie-header.js';
import { MUST_SAVE, type SettleContext, settle, settleNow } from '../src/settle.js';

const NO_COOKIE: IncomingToken = { present: false, token: null, resign: false };

/** A store on a clock the test moves, and a way to load a session the way a request would. */
function setup(options: Partial<VialOptions> = {}) {
  const clock = { now: Date.now() };
  const store = flakyDriver({ clock: () => clock.now });
  const vial = new Vial<Record<string, unknown>>({ driver: store.driver, ttl: '1h', ...options });
  const stored = async (data: Record<string, unknown> = { color: 'blue' }) => {
    const session = vial.session();
    for (const [key, value] of Object.entries(data)) session.set(key, value);
    await session.save();
    return session.id as string;
  };
  /**
   * Loads `token` as a request does, returning the session and the settle
   * context; the incoming cookie records `cookieExpiresAt` (none by default).
   */
  const request = async (token: string, extra: Partial<SettleContext> = {}) => {
    const session = await vial.load(token);
    const context: SettleContext = {
      incoming: { present: true, token, resign: false },
      persistent: true,
      ...extra,
    };
    return { session, context };
  };
  /** The cookie expiry settle gives `session` now. */
  const cookieAt = (session: Session<Record<string, unknown>>) =>
    cookieExpiry(session.expiresAt?.getTime() ?? null, session.lastAccessedAt.getTime());
  return { clock, store, vial, stored, request, cookieAt };
}

const context = (overrides: Partial<SettleContext> = {}): SettleContext => ({
  incoming: NO_COOKIE,
  persistent: true,
  ...overrides,
});

/** The incoming cookie of `token` as settle set it last: recording `expiresAt`. */
const cookieOf = (token: string, expiresAt?: number): IncomingToken => ({
  present: true,
  token,
  resign: false,
  expiresAt,
});

describe('settle: new sessions', () => {
  test('a lazy route that never loaded the session changes nothing', async () => {
    expect(await settle(undefined, context())).toBeNull();
  });

  test('a new session given nothing is not stored and gets no cookie', async () => {
    const { vial, store } = setup();
    expect(await settle(vial.session(), context())).toBeNull();
    expect(store.total()).toBe(0);
  });

  test('a new session whose only key was set then deleted has no changes and is not stored', async () => {
    const { vial, store } = setup();
    const session = vial.session();
    session.set('flash', 'hi');
    session.delete('flash');
    expect(await settle(session, context())).toBeNull();
    expect(store.total()).toBe(0);
  });

  test('a new session with data is created once and its token set, expiring no earlier than the session', async () => {
    const { vial, store } = setup();
    const session = vial.session();
    session.set('cart', ['kettle']);
    const action = await settle(session, context());
    expect(store.calls.create).toBe(1);
    expect(action).toMatchObject({ kind: 'set', token: session.id });
    const cookieMs = (action as { expiresAt: Date }).expiresAt.getTime();
    const sessionMs = session.expiresAt?.getTime() as number;
    expect(cookieMs).toBeGreaterThanOrEqual(sessionMs);
    expect(cookieMs - sessionMs).toBeLessThan(60_000); // a 1-hour ttl: one-minute steps
  });

  test('a new session that only bound a user, or only recorded details, is stored', async () => {
    const { vial, store } = setup();
    const bound = vial.session();
    bound.userId = 'user-1';
    expect((await settle(bound, context()))?.kind).toBe('set');
    const detailed = vial.session();
    detailed.setDetails({ userAgent: 'test' });
    expect((await settle(detailed, context()))?.kind).toBe('set');
    expect(store.calls.create).toBe(2);
  });

  test('a cookie that opened nothing is cleared when the new session stays empty', async () => {
    const { vial } = setup();
    const dead: IncomingToken = { present: true, token: 'unknown.token', resign: false };
    expect(await settle(vial.session(), context({ incoming: dead }))).toEqual({ kind: 'clear' });
    const badlySigned: IncomingToken = { present: true, token: null, resign: false };
    expect(await settle(vial.session(), context({ incoming: badlySigned }))).toEqual({
      kind: 'clear',
    });
  });
});

describe('settle: loaded sessions', () => {
  test('with rolling, an unchanged session costs no write and sends no cookie within the same step', async () => {
    const { stored, request, store, cookieAt } = setup();
    const token = await stored();
    const first = await request(token);
    const recorded = cookieAt(first.session);
    const { session, context } = await request(token, { incoming: cookieOf(token, recorded) });
    store.reset();
    expect(await settle(session, context)).toBeNull();
    expect(store.total()).toBe(0);
  });

  test('with rolling, the cookie is set again once the expiry slid past its step', async () => {
    const { stored, request, clock, cookieAt } = setup();
    const token = await stored();
    const first = await request(token);
    const recorded = cookieAt(first.session);
    clock.now += 60_000; // a 1-hour ttl: one-minute steps
    const { session, context } = await request(token, { incoming: cookieOf(token, recorded) });
    const action = await settle(session, context);
    expect(action).toEqual({
      kind: 'set',
      token,
      expiresAt: new Date(recorded + 60_000),
      persistent: true,
    });
    expect(recorded + 60_000).toBeGreaterThanOrEqual(session.expiresAt?.getTime() as number);
  });

  test('a cookie that records no expiry (set by an older version) is set again once', async () => {
    const { stored, request, cookieAt } = setup();
    const token = await stored();
    const { session, context } = await request(token);
    expect(await settle(session, context)).toEqual({
      kind: 'set',
      token,
      expiresAt: new Date(cookieAt(session)),
      persistent: true,
    });
  });

  test('with rolling: false, an unchanged session sends no cookie even after its step', async () => {
    const { stored, request, store, clock, cookieAt } = setup({ rolling: false });
    const token = await stored();
    const first = await request(token);
    const recorded = cookieAt(first.session);
    clock.now += 10 * 60_000;
    const { session, context } = await request(token, { incoming: cookieOf(token, recorded) });
    store.reset();
    expect(await settle(session, context)).toBeNull();
    expect(store.total()).toBe(0);
  });

  test('with rolling: false, a save that moved the expiry past its step refreshes the cookie', async () => {
    const { stored, request, store, clock, cookieAt } = setup({ rolling: false });
    const token = await stored();
    const first = await request(token);
    const recorded = cookieAt(first.session);
    clock.now += 60_000;
    const { session, context } = await request(token, { incoming: cookieOf(token, recorded) });
    session.set('color', 'red');
    const action = await settle(session, context);
    expect(store.calls.update).toBe(1);
    expect(action).toEqual({
      kind: 'set',
      token,
      expiresAt: new Date(recorded + 60_000),
      persistent: true,
    });
  });

  test('a save within the same step keeps the cookie, which still outlives the session', async () => {
    const { stored, request, cookieAt } = setup();
    const token = await stored();
    const first = await request(token);
    const recorded = cookieAt(first.session);
    const { session, context } = await request(token, { incoming: cookieOf(token, recorded) });
    session.set('color', 'red');
    expect(await settle(session, context)).toBeNull();
    expect(recorded).toBeGreaterThanOrEqual(session.expiresAt?.getTime() as number);
  });

  test('with refresh, an unchanged stored session sets its cookie on every response; a new empty one still gets none', async () => {
    const { stored, request, cookieAt, vial } = setup();
    const token = await stored();
    const { session } = await request(token);
    const incoming = cookieOf(token, cookieAt(session));
    expect(await settle(session, context({ incoming }))).toBeNull();
    expect(await settle(session, context({ incoming, refresh: true }))).toEqual({
      kind: 'set',
      token,
      expiresAt: new Date(cookieAt(session)),
      persistent: true,
    });
    const browserSession = context({ incoming, persistent: false, refresh: true });
    expect(await settle(session, browserSession)).toEqual({
      kind: 'set',
      token,
      expiresAt: null,
      persistent: false,
    });
    expect(await settle(vial.session(), context({ refresh: true }))).toBeNull();
  });

  test('a browser-session cookie is not refreshed, only set when its token changes', async () => {
    const { stored, request } = setup();
    const token = await stored();
    const { session, context } = await request(token, { persistent: false });
    expect(await settle(session, context)).toBeNull();
    await session.regenerate();
    expect(await settle(session, context)).toEqual({
      kind: 'set',
      token: session.id,
      expiresAt: null,
      persistent: false,
    });
  });

  test('a session that never expires gets a 400-day cookie, set again only once its step moved', async () => {
    const { stored, request, clock, cookieAt } = setup({ ttl: false });
    const days400 = 400 * 86_400_000;
    const step = 4 * 86_400_000; // 1 % of 400 days
    // Start just past a step boundary, so that the next 4 days stay within one step.
    clock.now = Math.ceil((clock.now + days400) / step) * step - days400 + 1;
    const token = await stored();
    const first = await request(token);
    expect(first.session.expiresAt).toBeNull();
    const recorded = cookieAt(first.session);
    expect(recorded).toBe(clock.now - 1 + days400 + step);
    clock.now += 86_400_000;
    const { session, context } = await request(token, { incoming: cookieOf(token, recorded) });
    expect(await settle(session, context)).toBeNull();
    clock.now += 4 * 86_400_000;
    const later = await request(token, { incoming: cookieOf(token, recorded) });
    expect(await settle(later.session, later.context)).toMatchObject({ kind: 'set', token });
  });

  test('a cookie signed with an older secret is set again even when nothing else changed', async () => {
    const { stored, request, cookieAt } = setup({ rolling: false });
    const token = await stored();
    const first = await request(token);
    const { session, context } = await request(token, {
      incoming: { ...cookieOf(token, cookieAt(first.session)), resign: true },
    });
    expect(await settle(session, context)).toEqual({
      kind: 'set',
      token,
      expiresAt: new Date(cookieAt(session)),
      persistent: true,
    });
  });

  test('a destroyed session clears the cookie, and a new one put in its place with data is set', async () => {
    const { stored, request, vial } = setup();
    const token = await stored();
    const { session, context } = await request(token);
    await session.destroy();
    expect(await settle(session, context)).toEqual({ kind: 'clear' });
    const replacement: Session<Record<string, unknown>> = vial.session();
    replacement.set('flash', 'signed out');
    const action = await settle(replacement, context);
    expect(action).toMatchObject({ kind: 'set', token: replacement.id });
    expect(replacement.id).not.toBe(token);
  });

  test("a failed save rejects with the store's error, whose status is 503", async () => {
    const { stored, request, store } = setup();
    const token = await stored();
    const { session, context } = await request(token);
    session.set('color', 'red');
    store.setDown(true);
    const failure = settle(session, context);
    await expect(failure).rejects.toBeInstanceOf(StorageUnavailableError);
    await expect(failure).rejects.toMatchObject({ status: 503 });
  });
});

describe('settleNow: the answer without waiting, when nothing needs saving', () => {
  test('gives what settle gives for an unchanged session, in step or past it, a destroyed one, a new empty one and none', async () => {
    const { stored, request, clock, cookieAt, vial } = setup();
    const token = await stored();
    const first = await request(token);
    const recorded = cookieAt(first.session);
    const cases: [Session<Record<string, unknown>> | undefined, SettleContext][] = [];
    const inStep = await request(token, { incoming: cookieOf(token, recorded) });
    cases.push([inStep.session, inStep.context]);
    const unrecorded = await request(token);
    cases.push([unrecorded.session, unrecorded.context]);
    clock.now += 60_000;
    const pastStep = await request(token, { incoming: cookieOf(token, recorded) });
    cases.push([pastStep.session, pastStep.context]);
    const refreshed = await request(token, { refresh: true });
    cases.push([refreshed.session, refreshed.context]);
    cases.push([vial.session(), context({ incoming: cookieOf('gone.token') })]);
    cases.push([undefined, context()]);
    const answers = cases.map(([session, ctx]) => settleNow(session, ctx));
    expect(answers.map((a) => (a === null || a === MUST_SAVE ? a : a.kind))).toEqual([
      null,
      'set',
      'set',
      'set',
      'clear',
      null,
    ]);
    for (const [i, [session, ctx]] of cases.entries()) {
      expect(await settle(session, ctx)).toEqual(answers[i]);
    }
    const destroyed = await request(token);
    await destroyed.session.destroy();
    expect(settleNow(destroyed.session, destroyed.context)).toEqual({ kind: 'clear' });
  });

  test('a change, a new session with data, or a write still in flight must be saved first, and writes nothing', async () => {
    const { stored, request, vial, store } = setup();
    const token = await stored();
    const changed = await request(token);
    changed.session.set('color', 'red');
    const fresh = vial.session().set('color', 'green');
    const touched = await request(token);
    const inFlight = touched.session.touch();
    store.reset();
    expect(settleNow(changed.session, changed.context)).toBe(MUST_SAVE);
    expect(settleNow(fresh, context())).toBe(MUST_SAVE);
    expect(settleNow(touched.session, touched.context)).toBe(MUST_SAVE);
    expect(store.total()).toBe(0);
    await inFlight;
    expect(settleNow(touched.session, touched.context)).not.toBe(MUST_SAVE);
    await changed.session.save();
    expect(settleNow(changed.session, changed.context)).not.toBe(MUST_SAVE);
  });
});

describe('settle: a session of its own lifetime ("remember me")', () => {
  test('a longer ttl of its own gives the cookie that expiry; a browser-session choice drops it, and ticking again brings it back', async () => {
    const { vial, cookieAt } = setup();
    const session = vial.session();
    session.set('user', 'alice');
    session.setTtl('30d');
    const remembered = await settle(session, context());
    expect(remembered).toEqual({
      kind: 'set',
      token: session.id,
      expiresAt: new Date(cookieAt(session)),
      persistent: true,
    });
    expect((remembered as { expiresAt: Date }).expiresAt.getTime()).toBeGreaterThan(
      vial.now() + 29 * 86_400_000,
    );
    const token = session.id as string;
    const recorded = cookieAt(session);

    // Unticked on the next sign-in: the cookie that recorded an expiry is set again without one.
    const loaded = await vial.load(token);
    loaded.setTtl(null);
    loaded.browserSession = true;
    expect(await settle(loaded, context({ incoming: cookieOf(token, recorded) }))).toEqual({
      kind: 'set',
      token,
      expiresAt: null,
      persistent: false,
    });
    // From then on, as any browser-session cookie: set only when its token changes.
    const again = await vial.load(token);
    expect(await settle(again, context({ incoming: cookieOf(token) }))).toBeNull();

    again.browserSession = false;
    expect(await settle(again, context({ incoming: cookieOf(token) }))).toMatchObject({
      kind: 'set',
      persistent: true,
    });
  });
});
