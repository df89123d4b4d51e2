import { describe, expect, test } from 'vitest';
import {
  cookieExpiry,
  decodeExpiry,
  encodeExpiry,
  LONGEST_COOKIE_MS,
  refreshStep,
} from '../src/cookie-expiry.js';

const MINUTE = 60_000;
const DAY = 1_440 * MINUTE;
const NOW = Date.UTC(2030, 0, 1, 12, 34, 56, 789);

describe('refreshStep', () => {
  test('is 1 % of the lifetime in whole minutes, and at least a minute', () => {
    expect(refreshStep(30 * MINUTE)).toBe(MINUTE);
    expect(refreshStep(DAY)).toBe(14 * MINUTE);
    expect(refreshStep(7 * DAY)).toBe(100 * MINUTE);
    expect(refreshStep(400 * DAY)).toBe(4 * DAY);
    expect(refreshStep(0)).toBe(MINUTE);
  });
});

describe('cookieExpiry', () => {
  test("is never earlier than the session's expiry, and less than one step later", () => {
    for (const lifetime of [MINUTE, 30 * MINUTE, 3_600_000, DAY, 7 * DAY, 90 * DAY]) {
      for (let i = 0; i < 500; i++) {
        const lastAccessedAt = NOW + i * 7_919 * 13;
        const expiresAt = lastAccessedAt + lifetime;
        const at = cookieExpiry(expiresAt, lastAccessedAt);
        expect(at).toBeGreaterThanOrEqual(expiresAt);
        expect(at - expiresAt).toBeLessThan(refreshStep(lifetime));
        expect(at % MINUTE).toBe(0);
      }
    }
  });

  test('stays the same while a sliding session is used within one step, and moves by a step after it', () => {
    const step = refreshStep(DAY);
    // Start so that the session's expiry is just past a step boundary.
    const start = Math.ceil((NOW + DAY) / step) * step - DAY + 1;
    const first = cookieExpiry(start + DAY, start);
    const later = start + step - 1;
    expect(cookieExpiry(later + DAY, later)).toBe(first);
    expect(cookieExpiry(later + 1 + DAY, later + 1)).toBe(first + step);
  });

  test('a session that never expires gets 400 days from its last use, rounded up to 4-day steps', () => {
    const at = cookieExpiry(null, NOW);
    expect(at).toBeGreaterThanOrEqual(NOW + LONGEST_COOKIE_MS);
    expect(at - (NOW + LONGEST_COOKIE_MS)).toBeLessThan(4 * DAY);
    expect(at % (4 * DAY)).toBe(0);
  });
});

describe('recorded expiry', () => {
  test('round-trips whole minutes, rounding any other time up to the next minute', () => {
    const at = cookieExpiry(NOW + DAY, NOW);
    expect(decodeExpiry(encodeExpiry(at))).toBe(at);
    expect(decodeExpiry(encodeExpiry(NOW))).toBe(Math.ceil(NOW / MINUTE) * MINUTE);
    expect(encodeExpiry(at)).toMatch(/^[0-9a-z]{5}$/);
  });

  test('anything but a few base-36 digits records nothing', () => {
    for (const text of ['', 'ABC', '12-3', '1.5', ' 12', '123456789', 'x'.repeat(20)]) {
      expect(decodeExpiry(text)).toBeUndefined();
    }
  });
});
