import { describe, expect, it } from 'vitest';
import {
  InvalidOptionError,
  MissingCapabilityError,
  Vial,
  type VialOptions,
} from '../src/index.js';
import { mapDriverWithClock } from './support/map-driver.js';

const { driver } = mapDriverWithClock();

function construct(options: Record<string, unknown>): () => Vial {
  return () => new Vial(options as unknown as VialOptions);
}

describe('new Vial() validates its options', () => {
  it.each([
    [{ ttl: 'soon' }, 'ttl', "got 'soon'"],
    [{ ttl: -5 }, 'ttl', 'got -5'],
    [{ ttl: 0 }, 'ttl', 'got 0'],
    [{ ttl: Number.NaN }, 'ttl', 'got NaN'],
    [{ ttl: '30' }, 'ttl', "got '30'"],
    [{ maxAge: '1 fortnight' }, 'maxAge', "got '1 fortnight'"],
    [{ regenerateGrace: true }, 'regenerateGrace', 'got true'],
    [{ conflict: 'overwrite' }, 'conflict', "got 'overwrite'"],
    [{ maxValueBytes: 0 }, 'maxValueBytes', 'got 0'],
    [{ rolling: 'yes' }, 'rolling', "got 'yes'"],
    [{ codec: { encode: 1 } }, 'codec', 'encode(value)'],
    [{ tll: '1d' }, 'tll', "Unknown option 'tll'"],
  ])('rejects %j with an error naming %s', (bad, option, detail) => {
    const attempt = construct({ driver, ...bad });
    expect(attempt).toThrow(InvalidOptionError);
    expect(attempt).toThrow(detail);
    try {
      attempt();
    } catch (error) {
      expect((error as InvalidOptionError).option).toBe(option);
      expect((error as Error).message).toContain(option);
    }
  });

  it.each([
    [
      'ttl',
      3_600_000,
      "ttl: 3600000 looks like milliseconds (1h): durations are seconds, or strings; write '1h'",
    ],
    ['ttl', 1_800_000, "write '30m'"],
    ['maxAge', 86_400_000, "write '1d'"],
    ['userTtl', 30 * 86_400_000, "write '30d'"],
    ['regenerateGrace', 5_400_000, "write '90m'"],
  ])(
    'refuses %s: %i, a whole number of half-hours in milliseconds, with the string to write',
    (option, value, hint) => {
      const attempt = construct({ driver, [option]: value });
      expect(attempt).toThrow(InvalidOptionError);
      expect(attempt).toThrow(hint);
    },
  );

  it('refuses no number of minutes in seconds under 500 hours, and of whole days up to the cap only 125, 250 and 375, offering both readings', () => {
    const { driver: own } = mapDriverWithClock();
    const refused: string[] = [];
    const attempt = (seconds: number) => {
      try {
        new Vial({ driver: own, ttl: seconds });
      } catch (error) {
        refused.push((error as Error).message);
      }
    };
    for (let minutes = 1; minutes < 500 * 60; minutes++) attempt(minutes * 60);
    expect(refused).toEqual([]);
    for (let days = 1; days <= 400; days++) attempt(days * 86_400);
    expect(refused).toEqual([
      "ttl: 10800000 looks like milliseconds (3h): durations are seconds, or strings; write '3h', or '125d' if you meant 125 days",
      "ttl: 21600000 looks like milliseconds (6h): durations are seconds, or strings; write '6h', or '250d' if you meant 250 days",
      "ttl: 32400000 looks like milliseconds (9h): durations are seconds, or strings; write '9h', or '375d' if you meant 375 days",
    ]);
  });

  it.each([
    ['maxAge', 2_592_000_001, '2592000001 seconds is 82.2 years'],
    ['userTtl', 34_560_001, '34560001 seconds is 1.1 years'],
  ])('refuses %s: %i, milliseconds given as seconds, with a hint', (option, value, detail) => {
    const attempt = construct({ driver, [option]: value });
    expect(attempt).toThrow(InvalidOptionError);
    expect(attempt).toThrow(detail);
    expect(attempt).toThrow(
      "did you mean milliseconds? durations are seconds, or strings like '1d'",
    );
  });

  it('accepts a plain number up to 400 days, and a longer duration as a string', () => {
    const { driver: own, clock } = mapDriverWithClock();
    const longest = 400 * 86_400;
    expect(new Vial({ driver: own, ttl: longest }).session().expiresAt?.getTime()).toBe(
      clock.now + longest * 1000,
    );
    expect(new Vial({ driver: own, ttl: '4000d' }).session().expiresAt?.getTime()).toBe(
      clock.now + 4000 * 86_400_000,
    );
  });

  it('requires a driver and says where to get one', () => {
    expect(construct({})).toThrow(/driver is required.*memoryDriver/);
  });

  it('rejects an object that is not a driver, naming what it lacks', () => {
    expect(construct({ driver: { read() {} } })).toThrow(/lacks create, update, touch, destroy/);
  });

  it("refuses conflict: 'reject' on a driver without conditional update", () => {
    const { driver: plain } = mapDriverWithClock();
    Object.assign(plain, { capabilities: { ...plain.capabilities, conditionalUpdate: false } });
    expect(construct({ driver: plain, conflict: 'reject' })).toThrow(MissingCapabilityError);
  });

  it.each([
    [30, 30_000],
    ['90s', 90_000],
    ['30m', 1_800_000],
    ['12h', 43_200_000],
    ['1d', 86_400_000],
    ['2w', 1_209_600_000],
    ['1.5h', 5_400_000],
  ])('reads ttl %j as %i ms', (ttl, ms) => {
    const { driver: own, clock } = mapDriverWithClock();
    const vial = new Vial({ driver: own, ttl: ttl as VialOptions['ttl'] });
    expect(vial.session().expiresAt?.getTime()).toBe(clock.now + ms);
  });

  it('expires sessions after one day by default', () => {
    const { driver: own, clock } = mapDriverWithClock();
    expect(new Vial({ driver: own }).session().expiresAt?.getTime()).toBe(clock.now + 86_400_000);
  });

  it('never expires a session with ttl: false and no maxAge', () => {
    const { driver: own } = mapDriverWithClock();
    expect(new Vial({ driver: own, ttl: false }).session().expiresAt).toBeNull();
  });
});

describe('the Vial itself', () => {
  it('reports whether loads slide the expiry', () => {
    const { driver: own } = mapDriverWithClock();
    expect(new Vial({ driver: own }).rolling).toBe(true);
    expect(new Vial({ driver: own, rolling: false }).rolling).toBe(false);
  });

  it('closes what the driver opened, and does nothing for a driver without close()', async () => {
    const { driver: own } = mapDriverWithClock();
    await expect(new Vial({ driver: own }).close()).resolves.toBeUndefined();
    let closed = 0;
    Object.assign(own, { close: async () => void closed++ });
    await new Vial({ driver: own }).close();
    expect(closed).toBe(1);
  });
});
