import { InvalidOptionError, type SessionData, Vial } from '@vial/core';
import { memoryDriver } from '@vial/driver-memory';
import { expect, test } from 'vitest';
import { type HttpSessionOptions, resolveHttpOptions } from '../src/options.js';

const vial = new Vial({ driver: memoryDriver({ sweepIntervalMs: false }) });

test('resolved options keep the store and default to an unsigned, eagerly loaded cookie', () => {
  const settings = resolveHttpOptions({ vial });
  expect(settings.vial).toBe(vial);
  expect(settings.secrets).toEqual([]);
  expect(settings.lazy).toBe(false);
  expect(settings.cookie.name).toBe('vial');
});

test('a missing store is refused with the factory named in the message', () => {
  const missing = {} as HttpSessionOptions<SessionData>;
  expect(() => resolveHttpOptions(missing)).toThrow(InvalidOptionError);
  expect(() => resolveHttpOptions(missing, 'koaSession()')).toThrow(
    /^koaSession\(\) needs \{ vial \}/,
  );
  expect(() => resolveHttpOptions(null as unknown as HttpSessionOptions<SessionData>)).toThrow(
    /vialSession\(\) needs \{ vial \}/,
  );
});

test('cookie and secret errors surface when the options are resolved', () => {
  expect(() => resolveHttpOptions({ vial, secret: 'short' })).toThrow(/at least 16 characters/);
  expect(() => resolveHttpOptions({ vial, cookie: { name: 'bad name' } })).toThrow(
    /Invalid session cookie/,
  );
});
