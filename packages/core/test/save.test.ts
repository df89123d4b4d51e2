import { describe, expect, it } from 'vitest';
import {
  ConflictError,
  EncodingError,
  SessionGoneError,
  ValueTooLargeError,
  Vial,
} from '../src/index.js';
import { mapDriverWithClock } from './support/map-driver.js';

type Data = Record<string, unknown>;

function setup(options: Record<string, unknown> = {}) {
  const { driver, clock } = mapDriverWithClock();
  return { vial: new Vial<Data>({ driver, ...options }), driver, clock };
}

async function stored(vial: Vial<Data>, values: Record<string, unknown>) {
  const s = vial.session();
  for (const [k, v] of Object.entries(values)) s.set(k, v);
  await s.save();
  return s.id as string;
}

describe('saving', () => {
  it('stores a new session in one create and gives it a token', async () => {
    const { vial, driver } = setup();
    const s = vial.session();
    s.set('color', 'blue');
    await s.save();
    expect(driver.calls).toEqual(['create']);
    expect(s.id).toMatch(/^[\w-]{22}\.[\w-]{22}$/);
    expect(s.isNew).toBe(false);
  });

  it('writes only the fields that changed', async () => {
    const { vial, driver } = setup();
    const token = await stored(vial, { a: 1, b: 2, c: 3 });
    const s = await vial.load(token);
    s.set('b', 20);
    s.delete('c');
    s.set('d', 4);
    const seen: unknown[] = [];
    const update = driver.update.bind(driver);
    driver.update = async (sid, delta) => {
      seen.push({ set: Object.fromEntries(delta.set), del: delta.del });
      return update(sid, delta);
    };
    await s.save();
    expect(seen).toEqual([{ set: { b: '20', d: '4' }, del: ['c'] }]);
  });

  it('writes nothing for a session that did not change', async () => {
    const { vial, driver } = setup();
    const token = await stored(vial, { a: 1, cart: ['x'] });
    const s = await vial.load(token);
    s.get('a');
    s.get('cart');
    s.set('a', 1);
    driver.calls.length = 0;
    await s.save();
    expect(driver.calls).toEqual([]);
  });

  it('detects a change made inside a value that was read', async () => {
    const { vial } = setup();
    const token = await stored(vial, { cart: ['espresso'] });
    const s = await vial.load(token);
    (s.get('cart') as string[]).push('kettle');
    await s.save();
    expect((await vial.load(token)).get('cart')).toEqual(['espresso', 'kettle']);
  });

  it('detects a change made inside a value after it was set', async () => {
    const { vial } = setup();
    const s = vial.session();
    const cart = ['espresso'];
    s.set('cart', cart);
    await s.save();
    cart.push('kettle');
    await s.save();
    expect((await vial.load(s.id)).get('cart')).toEqual(['espresso', 'kettle']);
  });

  it('decodes a value only when it is first read', async () => {
    const decoded: string[] = [];
    const { driver } = mapDriverWithClock();
    const codec = {
      name: 'spy',
      encode: (v: unknown) => JSON.stringify(v),
      decode: (t: string) => {
        decoded.push(t);
        return JSON.parse(t);
      },
    };
    const vial = new Vial({ driver, codec });
    const token = await stored(vial, { a: 'one', b: 'two' });
    const s = await vial.load(token);
    expect(decoded).toEqual([]);
    s.get('b');
    s.get('b');
    expect(decoded).toEqual(['"two"']);
  });

  it('keeps concurrent changes of different keys of one session', async () => {
    const { vial } = setup();
    const token = await stored(vial, { base: true });
    const copies = await Promise.all(Array.from({ length: 100 }, () => vial.load(token)));
    await Promise.all(
      copies.map((s, i) => {
        s.set(`key${i}`, i);
        return s.save();
      }),
    );
    const after = await vial.load(token);
    expect(after.size).toBe(101);
    for (let i = 0; i < 100; i++) expect(after.get(`key${i}`)).toBe(i);
  });

  it('fails at set() with an error naming the key when a value cannot be encoded', () => {
    const s = setup().vial.session();
    expect(() => s.set('amount', 10n)).toThrow(EncodingError);
    expect(() => s.set('amount', 10n)).toThrow(/session key "amount".*BigInt/);
    expect(s.has('amount')).toBe(false);
  });

  it('fails at save() naming the key, and writes nothing, when a nested value became unencodable', async () => {
    const { vial, driver } = setup();
    const token = await stored(vial, { a: 1, cart: [] });
    const s = await vial.load(token);
    s.set('a', 2);
    const cyclic = s.get('cart') as unknown[];
    cyclic.push(cyclic);
    driver.calls.length = 0;
    const error = await s.save().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EncodingError);
    expect((error as EncodingError).key).toBe('cart');
    expect(driver.calls).toEqual([]);
    expect((await vial.load(token)).get('a')).toBe(1);
  });

  it('refuses an oversized value with an error giving its size, and writes nothing', async () => {
    const { vial, driver } = setup({ maxValueBytes: 1000 });
    const token = await stored(vial, { a: 'small' });
    const s = await vial.load(token);
    const big = 'é'.repeat(600);
    expect(() => s.set('a', big)).toThrow(ValueTooLargeError);
    expect(() => s.set('a', big)).toThrow(
      /"a" encodes to 1202 bytes, over the maxValueBytes limit of 1000/,
    );
    expect(s.get('a')).toBe('small');
    driver.calls.length = 0;
    await s.save();
    expect(driver.calls).toEqual([]);
  });

  it('never resurrects a session destroyed by another request', async () => {
    const { vial, driver } = setup();
    const token = await stored(vial, { a: 1 });
    const mine = await vial.load(token);
    const other = await vial.load(token);
    await other.destroy();
    mine.set('a', 2);
    await expect(mine.save()).rejects.toBeInstanceOf(SessionGoneError);
    await expect(mine.save()).rejects.toThrow(/destroyed/);
    expect(driver.records.size).toBe(0);
    expect((await vial.load(token)).isNew).toBe(true);
  });

  it('never resurrects a session that expired while a save was pending', async () => {
    const { vial, driver, clock } = setup({ ttl: 60 });
    const token = await stored(vial, { a: 1 });
    const s = await vial.load(token);
    clock.now += 61_000;
    s.set('a', 2);
    await expect(s.save()).rejects.toBeInstanceOf(SessionGoneError);
    expect(driver.records.size).toBe(0);
  });

  it("rejects a save with conflict: 'reject' when another request saved first", async () => {
    const { vial } = setup({ conflict: 'reject' });
    const token = await stored(vial, { a: 1 });
    const mine = await vial.load(token);
    const other = await vial.load(token);
    other.set('b', 2);
    await other.save();
    other.set('b', 3);
    await other.save();
    mine.set('a', 2);
    await expect(mine.save()).rejects.toBeInstanceOf(ConflictError);
    expect((await vial.load(token)).get('a')).toBe(1);
    await mine.reload();
    mine.set('a', 2);
    await mine.save();
    expect((await vial.load(token)).toJSON()).toEqual({ a: 2, b: 3 });
  });

  it('serialises overlapping saves of one session object', async () => {
    const { vial } = setup();
    const s = vial.session();
    s.set('a', 1);
    const first = s.save();
    s.set('b', 2);
    const second = s.save();
    await Promise.all([first, second]);
    expect((await vial.load(s.id)).toJSON()).toEqual({ a: 1, b: 2 });
  });
});
