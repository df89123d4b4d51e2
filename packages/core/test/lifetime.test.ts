import { describe, expect, it } from 'vitest';
import { InvalidOptionError, Vial } from '../src/index.js';
import { mapDriverWithClock } from './support/map-driver.js';

const DAY = 86_400_000;

function setup(options: Record<string, unknown> = {}) {
  const { driver, clock } = mapDriverWithClock();
  return { vial: new Vial({ driver, ttl: '1h', ...options }), driver, clock };
}

const stored = (driver: ReturnType<typeof setup>['driver'], token: string) =>
  driver.records.get(token.split('.')[0] as string);

describe('a session of its own lifetime ("remember me")', () => {
  it('setTtl gives one session a longer idle timeout: storage expiry and expiresAt follow it, and loads slide by it', async () => {
    const { vial, clock, driver } = setup();
    const remembered = vial.session();
    remembered.set('user', 'alice');
    remembered.setTtl('30d');
    expect(remembered.ttlMs).toBe(30 * DAY);
    await remembered.save();
    const token = remembered.id as string;
    expect(remembered.expiresAt?.getTime()).toBe(clock.now + 30 * DAY);
    expect(stored(driver, token)?.expiresAt).toBe(clock.now + 30 * DAY);

    const plain = vial.session();
    plain.set('user', 'bob');
    await plain.save();
    clock.now += 2 * 3_600_000; // past the Vial's ttl
    expect((await vial.load(plain.id as string)).isNew).toBe(true);
    const saved = stored(driver, token)?.expiresAt as number;
    const loaded = await vial.load(token);
    expect(loaded.get('user')).toBe('alice');
    expect(loaded.ttlMs).toBe(30 * DAY);
    expect(loaded.expiresAt?.getTime()).toBe(saved); // within 1 % of its own window: no write
    clock.now += 8 * 3_600_000;
    expect((await vial.load(token)).expiresAt?.getTime()).toBe(clock.now + 30 * DAY); // slid
    clock.now += 29 * DAY;
    expect((await vial.load(token)).get('user')).toBe('alice');
  });

  it("a shorter one ends the session sooner than the Vial's ttl, and maxAge still caps a longer one", async () => {
    const { vial, clock } = setup({ maxAge: '7d' });
    const short = vial.session();
    short.set('n', 1);
    short.setTtl('10m');
    await short.save();
    const long = vial.session();
    long.set('n', 2);
    long.setTtl('30d');
    await long.save();
    expect(long.expiresAt?.getTime()).toBe(clock.now + 7 * DAY);
    clock.now += 11 * 60_000;
    expect((await vial.load(short.id as string)).isNew).toBe(true);
    expect((await vial.load(long.id as string)).get('n')).toBe(2);
    clock.now += 7 * DAY;
    expect((await vial.load(long.id as string)).isNew).toBe(true);
  });

  it("setTtl(null) goes back to the Vial's policy, and the next save moves the stored expiry back", async () => {
    const { vial, clock, driver } = setup({ userTtl: '2h' });
    const session = vial.session();
    session.set('n', 1);
    session.userId = 'u1';
    session.setTtl('30d');
    await session.save();
    expect(session.ttlMs).toBe(30 * DAY); // its own wins over userTtl
    const copy = await vial.load(session.id as string);
    copy.setTtl(null);
    expect(copy.ttlMs).toBe(2 * 3_600_000);
    await copy.save();
    expect(stored(driver, copy.id as string)?.expiresAt).toBe(clock.now + 2 * 3_600_000);
    copy.setTtl(false);
    await copy.save();
    expect(stored(driver, copy.id as string)?.expiresAt).toBeNull();
  });

  it('the lifetime and the browser-session choice stay with the session through a load and regenerate()', async () => {
    const { vial } = setup();
    const session = vial.session();
    session.set('n', 1);
    expect(session.browserSession).toBe(false);
    session.browserSession = true;
    session.setTtl('2h');
    await session.save();
    const loaded = await vial.load(session.id as string);
    expect(loaded.browserSession).toBe(true);
    expect(loaded.ttlMs).toBe(7_200_000);
    await loaded.regenerate();
    const again = await vial.load(loaded.id as string);
    expect(again.browserSession).toBe(true);
    expect(again.ttlMs).toBe(7_200_000);
    again.browserSession = false;
    await again.save();
    expect((await vial.load(again.id as string)).browserSession).toBe(false);
  });

  it('two copies saving at once keep both: one ticks "remember me", the other adds to the cart', async () => {
    const { vial } = setup();
    const session = vial.session();
    session.set('cart', []);
    await session.save();
    const token = session.id as string;
    const [a, b] = await Promise.all([vial.load(token), vial.load(token)]);
    a.setTtl('30d');
    b.set('cart', ['kettle']);
    await Promise.all([a.save(), b.save()]);
    const after = await vial.load(token);
    expect(after.ttlMs).toBe(30 * DAY);
    expect(after.get('cart')).toEqual(['kettle']);
  });

  it('refuses a bad lifetime with an InvalidOptionError, and a lifetime change alone is a change to save', async () => {
    const { vial, driver } = setup();
    const session = vial.session();
    expect(() => session.setTtl('soon' as never)).toThrow(InvalidOptionError);
    expect(() => session.setTtl(3_600_000)).toThrow(/looks like milliseconds/);
    expect(() => {
      session.browserSession = 'yes' as never;
    }).toThrow(/browserSession must be true or false/);
    session.set('n', 1);
    await session.save();
    const loaded = await vial.load(session.id as string);
    expect(loaded.hasChanges()).toBe(false);
    loaded.setTtl('1d');
    expect(loaded.hasChanges()).toBe(true);
    driver.calls.length = 0;
    await loaded.save();
    expect(driver.calls).toEqual(['update']);
  });
});
