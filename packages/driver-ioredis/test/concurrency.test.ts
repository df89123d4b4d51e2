import { describe, expect, it } from 'vitest';
import { type IoredisDriver, ioredisDriver } from '../src/index.js';
import { connect, DAY, newSid, targets, uniquePrefix } from './helpers.js';

describe.each(targets)('concurrent writers on a %s Redis', (target) => {
  // Four connections, as four app processes would have.
  const prefix = uniquePrefix();
  const [a, b, c, d] = Array.from({ length: 4 }, () =>
    ioredisDriver(connect(target), { prefix }),
  ) as [IoredisDriver, IoredisDriver, IoredisDriver, IoredisDriver];
  const drivers = [a, b, c, d];

  it('keep all 100 fields when 100 updates each set a different field of one record', async () => {
    const sid = newSid();
    const now = Date.now();
    await a.create(sid, { fields: new Map([['base', '0']]), expiry: DAY, now });
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        (drivers[i % 4] ?? a).update(sid, {
          set: new Map([[`k${i}`, String(i)]]),
          del: [],
          expiry: DAY,
          now,
        }),
      ),
    );
    expect(results.every((result) => result === 'ok')).toBe(true);
    const record = await a.read(sid, { now, touch: false });
    expect(record?.fields.size).toBe(101);
    for (let i = 0; i < 100; i++) expect(record?.fields.get(`k${i}`)).toBe(String(i));
    expect(record?.revision).toBe(101);
  });
});
