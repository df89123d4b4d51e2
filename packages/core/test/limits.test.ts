import { describe, expect, it } from 'vitest';
import {
  EncodingError,
  KeyTooLargeError,
  LimitExceededError,
  RecordTooLargeError,
  ValueTooLargeError,
  Vial,
} from '../src/index.js';
import { mapDriverWithClock } from './support/map-driver.js';

function setup(options: Record<string, unknown> = {}) {
  const { driver, clock } = mapDriverWithClock();
  return { vial: new Vial({ driver, ...options }), driver, clock };
}

describe('size limits', () => {
  it('refuses a 5 MB key name at set(), naming the limit, and writes nothing', async () => {
    const { vial, driver } = setup({ maxValueBytes: 1024 });
    const s = vial.session();
    const key = 'k'.repeat(5 * 1024 * 1024);
    const error = (() => {
      try {
        s.set(key, 1);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(KeyTooLargeError);
    expect(error).toMatchObject({
      limit: 'maxKeyBytes',
      bytes: 5 * 1024 * 1024,
      max: 256,
      status: 413,
    });
    expect((error as Error).message.length).toBeLessThan(400);
    expect([s.has(key), s.hasChanges()]).toEqual([false, false]);
    await s.save();
    expect([...(driver.records.values().next().value?.fields.keys() ?? [])].sort()).toEqual([
      '#c',
      '#t',
    ]);
  });

  it('counts key bytes in UTF-8', () => {
    const { vial } = setup({ maxKeyBytes: 8 });
    const s = vial.session();
    expect(() => s.set('€€', 1)).not.toThrow();
    expect(() => s.set('€€€', 1)).toThrow(KeyTooLargeError);
  });

  it('refuses a 200,000-key session at save(), before any write', async () => {
    const { vial, driver } = setup();
    const s = vial.session();
    for (let i = 0; i < 200_000; i++) s.set(`key${i}`, i);
    await expect(s.save()).rejects.toBeInstanceOf(RecordTooLargeError);
    expect(driver.calls).toEqual([]);
    expect(s.isNew).toBe(true);
  });

  it('refuses an update that would grow a stored record past maxRecordBytes, keeping what was stored', async () => {
    const { vial, driver } = setup({ maxRecordBytes: 4096 });
    const s = vial.session();
    s.set('a', 'x'.repeat(2000));
    await s.save();
    const t = await vial.load(s.id);
    t.set('b', 'y'.repeat(2000));
    driver.calls.length = 0;
    const failure = await t.save().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RecordTooLargeError);
    expect(failure).toMatchObject({ limit: 'maxRecordBytes', max: 4096 });
    expect(driver.calls).toEqual([]);
    expect((await vial.load(s.id)).toJSON()).toEqual({ a: 'x'.repeat(2000) });
    t.delete('b');
    t.set('c', 'z');
    await t.save();
    expect((await vial.load(s.id)).get('c')).toBe('z');
  });

  it('counts details set with setDetails() in an update, refusing 2 MB of them under a 10 KB limit before any write', async () => {
    const { vial, driver } = setup({ maxRecordBytes: 10_000 });
    const s = vial.session().set('n', 1);
    await s.save();
    const t = await vial.load(s.id);
    t.setDetails({ userAgent: 'u'.repeat(2 * 1024 * 1024) });
    driver.calls.length = 0;
    const failure = await t.save().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RecordTooLargeError);
    expect((failure as RecordTooLargeError).bytes).toBeGreaterThan(2 * 1024 * 1024);
    expect(driver.calls).toEqual([]);
    t.setDetails({ userAgent: 'curl' });
    await t.save();
    expect((await vial.load(s.id)).details).toEqual({ userAgent: 'curl' });
  });

  it('refuses keys that are not well-formed UTF-16 at set(), which storage would turn into another key', () => {
    const { vial } = setup();
    const s = vial.session();
    for (const key of ['\uD800', '\uDBFF', '\uDC00', 'a\uD800b']) {
      expect(() => s.set(key, 1), JSON.stringify(key)).toThrow(EncodingError);
    }
    expect(() => s.set('\uD83D\uDE00', 1)).not.toThrow();
    expect([...s.keys()]).toEqual(['\uD83D\uDE00']);
  });

  it('refuses a value whose encoding is not well-formed UTF-16, naming the key, and writes nothing', async () => {
    const raw = {
      name: 'raw',
      encode: (value: unknown) => String(value),
      decode: (text: string) => text,
    };
    const { vial, driver } = setup({ codec: raw });
    const s = vial.session();
    expect(() => s.set('bad', '\uDC00')).toThrow(EncodingError);
    expect(() => s.set('bad', '\uDC00')).toThrow(/"bad".*well-formed/);
    await s.set('good', 'ok').save();
    expect([...(driver.records.values().next().value?.fields.values() ?? [])]).toContain('ok');
  });

  it('gives every limit error one base class with the limit it breaks', () => {
    const { vial } = setup({ maxValueBytes: 10 });
    const s = vial.session();
    const error = (() => {
      try {
        s.set('a', 'x'.repeat(20));
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ValueTooLargeError);
    expect(error).toBeInstanceOf(LimitExceededError);
    expect(error).toMatchObject({ limit: 'maxValueBytes', max: 10, key: 'a' });
  });

  it('validates the limit options', () => {
    const { driver } = mapDriverWithClock();
    expect(() => new Vial({ driver, maxKeyBytes: 0 })).toThrow(/maxKeyBytes must be a positive/);
    expect(() => new Vial({ driver, maxRecordBytes: 'big' as unknown as number })).toThrow(
      /maxRecordBytes must be a positive/,
    );
  });
});
