import { describe, expect, it } from 'vitest';
import {
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
