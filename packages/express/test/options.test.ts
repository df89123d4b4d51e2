import { InvalidOptionError, Vial } from '@vial/core';
import { memoryDriver } from '@vial/driver-memory';
import { expect, test } from 'vitest';
import { vialSession } from '../src/index.js';

const vial = new Vial({ driver: memoryDriver({ sweepIntervalMs: false }) });

test.each([
  [{ resave: false }, 'resave', 'a save writes only the keys that changed'],
  [{ name: 'sid' }, 'name', '`name` → `cookie.name`'],
  [{ cookie: { maxAge: 86_400_000 } }, 'cookie.maxAge', "`cookie.maxAge` → the Vial's `ttl`"],
  [{ rolling: true }, 'rolling', "the Vial's `rolling`"],
  [{ saveUninitialized: false }, 'saveUninitialized', 'stored once it holds something'],
  [{ store: {} }, 'store', "the Vial's `driver`"],
  [{ unset: 'destroy' }, 'unset', 'await session.destroy()'],
  [{ genid: () => 'x' }, 'genid', 'vial mints its own tokens'],
  [{ proxy: true }, 'proxy', "cookie.secure: 'auto'"],
  [{ cookie: { signed: true } }, 'cookie.signed', '`secret`'],
  [{ lazzy: true }, 'lazzy', 'Known options: vial, cookie, secret, lazy'],
  [{ cookie: { nmae: 'x' } }, 'cookie.nmae', 'Known options: cookie.name, cookie.domain'],
])('vialSession() refuses %j, naming %s with a hint', (bad, option, hint) => {
  const build = () => vialSession({ vial, ...(bad as object) });
  expect(build).toThrow(InvalidOptionError);
  expect(build).toThrow(hint);
  try {
    build();
  } catch (error) {
    expect((error as InvalidOptionError).option).toBe(option);
    expect((error as Error).message).toMatch(/^vialSession\(\) has no option/);
  }
});

test('a Vial given one day in milliseconds as its ttl is refused with a hint', () => {
  const build = () =>
    new Vial({ driver: memoryDriver({ sweepIntervalMs: false }), ttl: 86_400_000 });
  expect(build).toThrow(InvalidOptionError);
  expect(build).toThrow(
    "ttl: 86400000 looks like milliseconds (1d): durations are seconds, or strings; write '1d'",
  );
});
