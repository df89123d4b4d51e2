import { describe, expect, it } from 'vitest';
import { Vial } from '../src/index.js';
import { mapDriverWithClock } from './support/map-driver.js';

type Data = { color: string; cart: string[]; visits: number };

function setup() {
  const { driver, clock } = mapDriverWithClock();
  return { vial: new Vial<Data>({ driver }), driver, clock };
}

describe('a session as a mapping', () => {
  it('starts new and empty, with no id', () => {
    const s = setup().vial.session();
    expect(s.id).toBeNull();
    expect(s.isNew).toBe(true);
    expect(s.size).toBe(0);
    expect([...s]).toEqual([]);
  });

  it('gets, sets, has and deletes keys', () => {
    const s = setup().vial.session();
    expect(s.set('color', 'blue')).toBe(s);
    expect(s.get('color')).toBe('blue');
    expect(s.has('color')).toBe(true);
    expect(s.has('visits')).toBe(false);
    expect(s.get('visits')).toBeUndefined();
    expect(s.delete('color')).toBe(true);
    expect(s.delete('color')).toBe(false);
    expect(s.has('color')).toBe(false);
  });

  it('lists keys, values and entries in insertion order, stored keys first', async () => {
    const { vial } = setup();
    const s = vial.session();
    s.set('color', 'blue').set('visits', 1);
    await s.save();
    const t = await vial.load(s.id);
    t.set('cart', ['a']);
    expect([...t.keys()]).toEqual(['color', 'visits', 'cart']);
    expect([...t.values()]).toEqual(['blue', 1, ['a']]);
    expect([...t.entries()]).toEqual([
      ['color', 'blue'],
      ['visits', 1],
      ['cart', ['a']],
    ]);
    expect([...t]).toEqual([...t.entries()]);
    expect(t.size).toBe(3);
    expect(t.toJSON()).toEqual({ color: 'blue', visits: 1, cart: ['a'] });
  });

  it('clears every key but keeps its identity', async () => {
    const { vial } = setup();
    const s = vial.session();
    s.set('color', 'blue').set('visits', 2);
    await s.save();
    const id = s.id;
    s.clear();
    expect(s.size).toBe(0);
    await s.save();
    expect(s.id).toBe(id);
    expect((await vial.load(id)).size).toBe(0);
  });

  it('treats odd keys as plain data and never shows metadata among them', async () => {
    const { driver, clock } = mapDriverWithClock();
    const vial = new Vial({ driver });
    const keys = ['__proto__', '', 'a:b*c', 'constructor', '#t', '#', '##x', 'ü€𝄞', 'toString'];
    const s = vial.session();
    for (const [i, key] of keys.entries()) s.set(key, i);
    await s.save();
    clock.now += 1;
    const t = await vial.load(s.id);
    expect([...t.keys()].sort()).toEqual([...keys].sort());
    for (const [i, key] of keys.entries()) expect(t.get(key)).toBe(i);
    expect(Object.getPrototypeOf(t.toJSON())).toBe(Object.prototype);
    expect(Object.hasOwn(t.toJSON(), '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('exposes metadata as properties', async () => {
    const { vial, clock } = setup();
    const s = vial.session();
    expect(s.createdAt.getTime()).toBe(clock.now);
    await s.save();
    clock.now += 5_000;
    const t = await vial.load(s.id);
    expect(t.isNew).toBe(false);
    expect(t.id).toBe(s.id);
    expect(t.sid).toBe(s.id?.split('.')[0]);
    expect(t.createdAt.getTime()).toBe(s.createdAt.getTime());
    expect(t.lastAccessedAt.getTime()).toBe(clock.now);
    // 5 s is under the 1 % step of a day: the expiry stays where the save put it.
    expect(t.expiresAt?.getTime()).toBe(s.createdAt.getTime() + 86_400_000);
  });
});

describe('hasChanges()', () => {
  it('is false for a new session given nothing and for one just loaded', async () => {
    const { vial } = setup();
    const s = vial.session();
    expect(s.hasChanges()).toBe(false);
    s.set('color', 'blue');
    expect(s.hasChanges()).toBe(true);
    await s.save();
    expect(s.hasChanges()).toBe(false);
    const t = await vial.load(s.id);
    t.get('color');
    expect(t.hasChanges()).toBe(false);
  });

  it('sees deletes, nested changes, binding and details', async () => {
    const { vial } = setup();
    const s = vial.session();
    s.set('cart', ['a']).set('color', 'red');
    await s.save();
    const t = await vial.load(s.id);
    t.get('cart')?.push('b');
    expect(t.hasChanges()).toBe(true);
    const u = await vial.load(s.id);
    u.delete('color');
    expect(u.hasChanges()).toBe(true);
    const v = await vial.load(s.id);
    v.userId = 'ada';
    expect(v.hasChanges()).toBe(true);
    const w = vial.session();
    w.setDetails({ userAgent: 'x' });
    expect(w.hasChanges()).toBe(true);
  });
});

describe('isSaved', () => {
  it('is true only for a stored session with no unsaved change and no write in flight', async () => {
    const { vial } = setup();
    const s = vial.session();
    expect(s.isSaved).toBe(false);
    s.set('color', 'blue');
    const saving = s.save();
    expect(s.isSaved).toBe(false);
    await saving;
    expect(s.isSaved).toBe(true);
    const t = await vial.load(s.id);
    expect(t.isSaved).toBe(true);
    t.set('visits', 1);
    expect(t.isSaved).toBe(false);
    await t.save();
    const touching = t.touch();
    expect(t.isSaved).toBe(false);
    await touching;
    expect(t.isSaved).toBe(true);
    await t.destroy();
    expect(t.isSaved).toBe(false);
  });
});

describe('typed data', () => {
  interface Prefs {
    theme: 'dark' | 'light';
    visits: number;
  }

  it('accepts an interface as the data type', async () => {
    const { driver } = mapDriverWithClock();
    const vial = new Vial<Prefs>({ driver });
    const s = vial.session();
    s.set('theme', 'dark');
    // @ts-expect-error: 'visits' holds a number
    expect(() => s.set('visits', 'many')).not.toThrow();
    // @ts-expect-error: 'nope' is not a key of Prefs
    s.get('nope');
    await s.save();
    expect((await vial.load(s.id)).get('theme')).toBe('dark');
  });
});
