import { type Session, StorageUnavailableError, Vial, type VialOptions } from '@vial/core';
import { describe, expect, test } from 'vitest';
import type { IncomingToken } from '../src/cookie-header.js';
import { type SettleContext, settle } from '../src/settle.js';
import { flakyDriver } from './support/flaky-driver.js';

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
  /** Loads `token` as a request does, returning the session and the settle context. */
  const request = async (token: string, extra: Partial<SettleContext> = {}) => {
    const session = await vial.load(token);
    const context: SettleContext = {
      incoming: { present: true, token, resign: false },
      persistent: true,
      rolling: vial.rolling,
      loadedExpiresAt: session.expiresAt?.getTime() ?? null,
      ...extra,
    };
    return { session, context };
  };
  return { clock, store, vial, stored, request };
}

const context = (overrides: Partial<SettleContext> = {}): SettleContext => ({
  incoming: NO_COOKIE,
  persistent: true,
  rolling: true,
  ...overrides,
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

  test('a new session with data is created once and its token set with its expiry', async () => {
    const { vial, store } = setup();
    const session = vial.session();
    session.set('cart', ['kettle']);
    const action = await settle(session, context());
    expect(store.calls.create).toBe(1);
    expect(action).toEqual({ kind: 'set', token: session.id, expiresAt: session.expiresAt });
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
  test('with rolling, an unchanged session costs no write and its cookie is refreshed', async () => {
    const { stored, request, store, clock } = setup();
    const token = await stored();
    clock.now += 60_000;
    const { session, context } = await request(token);
    store.reset();
    expect(await settle(session, context)).toEqual({
      kind: 'set',
      token,
      expiresAt: session.expiresAt,
    });
    expect(store.total()).toBe(0);
  });

  test('with rolling: false, an unchanged session sends no cookie at all', async () => {
    const { stored, request, store, clock } = setup({ rolling: false });
    const token = await stored();
    clock.now += 60_000;
    const { session, context } = await request(token);
    expect(context.rolling).toBe(false);
    store.reset();
    expect(await settle(session, context)).toBeNull();
    expect(store.total()).toBe(0);
  });

  test('with rolling: false, a save that moved the expiry refreshes the cookie', async () => {
    const { stored, request, store, clock } = setup({ rolling: false });
    const token = await stored();
    clock.now += 60_000;
    const { session, context } = await request(token);
    const loadedExpiry = session.expiresAt?.getTime();
    session.set('color', 'red');
    const action = await settle(session, context);
    expect(store.calls.update).toBe(1);
    expect(action).toEqual({ kind: 'set', token, expiresAt: session.expiresAt });
    expect(session.expiresAt?.getTime()).toBe((loadedExpiry as number) + 60_000);
  });

  test('with rolling: false, a session whose expiry at load is unknown is refreshed to be safe', async () => {
    const { stored, request } = setup({ rolling: false });
    const token = await stored();
    const { session, context } = await request(token, { loadedExpiresAt: undefined });
    expect((await settle(session, context))?.kind).toBe('set');
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
      expiresAt: session.expiresAt,
    });
  });

  test('a session that never expires keeps its cookie unless its token changes', async () => {
    const { stored, request } = setup({ ttl: false });
    const token = await stored();
    const { session, context } = await request(token);
    expect(session.expiresAt).toBeNull();
    expect(await settle(session, context)).toBeNull();
  });

  test('a cookie signed with an older secret is set again even when nothing else changed', async () => {
    const { stored, request } = setup({ rolling: false });
    const token = await stored();
    const { session, context } = await request(token, {
      incoming: { present: true, token, resign: true },
    });
    expect(await settle(session, context)).toEqual({
      kind: 'set',
      token,
      expiresAt: session.expiresAt,
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
    const action = await settle(replacement, { ...context, loadedExpiresAt: undefined });
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
