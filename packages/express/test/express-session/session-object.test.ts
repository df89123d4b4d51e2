import { InvalidOptionError } from '@vial/core';
import { afterEach, describe, expect, test } from 'vitest';
import { expressSession } from '../../src/index.js';
import { type Served, serve, testVial } from './app.js';

let served: Served | undefined;
afterEach(async () => {
  await served?.close();
  served = undefined;
});

describe('req.session under expressSession()', () => {
  test('property-style data: req.session.views++ counts, one key of the vial session', async () => {
    const { vial, store } = testVial();
    served = await serve({ vial }, (app) => {
      app.get('/count', (req, res) => {
        req.session.views = (req.session.views ?? 0) + 1;
        res.send(String(req.session.views));
      });
      app.get('/look', (req, res) => res.send(String(req.session.views)));
    });
    const browser = served.browser();
    expect(await browser.text('/count')).toBe('1');
    expect(await browser.text('/count')).toBe('2');
    store.reset();
    expect(await browser.text('/look')).toBe('2');
    expect(store.calls).toEqual({ read: 1, create: 0, update: 0, touch: 0, destroy: 0 });
    const value = browser.jar.get('vial') as string;
    const stored = await vial.load(value.slice(0, value.lastIndexOf('~')));
    expect(stored.toJSON()).toEqual({ views: 2 });
  });

  test('a change inside a value that was read (req.session.profile.visits += 1) is saved', async () => {
    const { vial } = testVial();
    served = await serve({ vial }, (app) => {
      app.get('/start', (req, res) => {
        req.session.profile = { visits: 0 };
        res.send('ok');
      });
      app.get('/nested', (req, res) => {
        (req.session.profile as { visits: number }).visits += 1;
        res.send('ok');
      });
      app.get('/look', (req, res) => res.send(JSON.stringify(req.session.profile)));
    });
    const browser = served.browser();
    await browser.get('/start');
    await browser.get('/nested');
    await browser.get('/nested');
    expect(await browser.text('/look')).toBe('{"visits":2}');
  });

  test('concurrent requests setting different properties of one session lose nothing', async () => {
    const { vial } = testVial();
    served = await serve({ vial }, (app) => {
      app.get('/set', (req, res) => {
        for (const [key, value] of Object.entries(req.query)) {
          (req.session as unknown as Record<string, unknown>)[key] = value;
        }
        res.send('ok');
      });
      app.get('/all', (req, res) => res.send(JSON.stringify(req.session)));
    });
    const browser = served.browser();
    await browser.get('/set?start=1');
    const cookie = `vial=${browser.jar.get('vial')}`;
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        fetch(`${(served as Served).url}/set?k${i}=${i}`, { headers: { cookie } }),
      ),
    );
    const data = JSON.parse(await browser.text('/all')) as Record<string, string>;
    expect(Object.keys(data)).toHaveLength(31);
    for (let i = 0; i < 30; i++) expect(data[`k${i}`]).toBe(String(i));
  });

  test('delete, undefined, `in`, Object.keys, spread and JSON see the data properties only', async () => {
    const { vial } = testVial();
    served = await serve({ vial }, (app) => {
      app.get('/', (req, res) => {
        const s = req.session as unknown as Record<string, unknown>;
        s.a = 1;
        s.b = 2;
        s.c = 3;
        delete s.b;
        s.c = undefined;
        res.send(
          JSON.stringify({
            keys: Object.keys(s),
            spread: { ...s },
            json: JSON.parse(JSON.stringify(s)),
            has: ['a' in s, 'b' in s, 'save' in s],
            own: Object.hasOwn(s, 'a'),
          }),
        );
      });
    });
    expect(JSON.parse(await served.browser().text('/'))).toEqual({
      keys: ['a'],
      spread: { a: 1 },
      json: { a: 1 },
      has: [true, false, true],
      own: true,
    });
  });

  test('the API names cannot be overwritten, and a value the codec refuses fails at the assignment, naming the key', async () => {
    const { vial } = testVial();
    served = await serve({ vial }, (app) => {
      app.get('/', (req, res) => {
        const s = req.session as unknown as Record<string, unknown>;
        const attempts = [
          () => {
            s.save = 1;
          },
          () => {
            s.id = 'mine';
          },
          () => {
            s.big = 10n;
          },
        ].map((attempt) => {
          try {
            attempt();
            return 'accepted';
          } catch (error) {
            return (error as Error).message;
          }
        });
        res.send(JSON.stringify({ attempts, data: s }));
      });
    });
    const { attempts, data } = JSON.parse(await served.browser().text('/'));
    expect(attempts[0]).toMatch(/req\.session\.save is part of the session's API/);
    expect(attempts[1]).toMatch(/req\.session\.id is part of the session's API/);
    expect(attempts[2]).toMatch(/session key "big" cannot be stored/);
    expect(data).toEqual({});
  });

  test('req.sessionID and req.session.id are the storage id, never the token; cookie.maxAge is milliseconds by the Vial clock', async () => {
    const { vial, clock } = testVial(); // ttl 1 hour
    served = await serve({ vial }, (app) => {
      app.get('/', async (req, res) => {
        const before = req.sessionID;
        req.session.views = 1;
        await req.session.save();
        res.send(
          JSON.stringify({
            before,
            after: req.sessionID,
            id: req.session.id,
            maxAge: req.session.cookie.maxAge,
            originalMaxAge: req.session.cookie.originalMaxAge,
            expires: req.session.cookie.expires,
          }),
        );
      });
    });
    const browser = served.browser();
    const seen = JSON.parse(await browser.text('/'));
    const token = (browser.jar.get('vial') as string).split('~')[0] as string;
    expect(seen.before).toBeNull();
    expect(seen.after).toBe(token.split('.')[0]);
    expect(seen.id).toBe(seen.after);
    expect(seen.maxAge).toBe(3_600_000);
    expect(seen.originalMaxAge).toBe(3_600_000);
    expect(new Date(seen.expires).getTime()).toBe(clock.now + 3_600_000);
  });

  test('"remember me" as with express-session: cookie.maxAge = ms gives the session and its cookie that lifetime, null or expires = false a browser-session cookie', async () => {
    const { vial, clock } = testVial(); // ttl 1 hour
    const DAY = 86_400_000;
    served = await serve({ vial }, (app) => {
      app.get('/sign-in', (req, res) => {
        req.session.passport = { user: 'u-alice' };
        if (req.query.remember === 'yes') req.session.cookie.maxAge = 30 * DAY;
        else if (req.query.remember === 'until')
          req.session.cookie.expires = new Date(clock.now + 2 * DAY);
        else req.session.cookie.expires = false;
        res.json({
          maxAge: req.session.cookie.maxAge,
          original: req.session.cookie.originalMaxAge,
        });
      });
      app.get('/bad', (req, res) => {
        try {
          req.session.cookie.maxAge = -1;
          res.send('accepted');
        } catch (error) {
          res.send((error as Error).message);
        }
      });
    });
    const remembered = served.browser();
    expect(await remembered.text('/sign-in?remember=yes')).toBe(
      JSON.stringify({ maxAge: 30 * DAY, original: 30 * DAY }),
    );
    const [cookie] = remembered.lastSetCookies;
    expect(cookie?.maxAge).toBeGreaterThanOrEqual(30 * 86_400);
    const token = (remembered.jar.get('vial') as string).split('~')[0] as string;
    clock.now += 2 * 3_600_000; // past the Vial's ttl of an hour
    expect((await vial.load(token)).expiresAt?.getTime()).toBeGreaterThan(clock.now + 29 * DAY);

    const until = served.browser();
    await until.get('/sign-in?remember=until');
    // Rounded up to the refresh step, 1 % of the lifetime.
    expect(until.lastSetCookies[0]?.maxAge).toBeGreaterThanOrEqual(2 * 86_400);
    expect(until.lastSetCookies[0]?.maxAge).toBeLessThanOrEqual(2 * 86_400 * 1.01 + 1);

    const forgotten = served.browser();
    expect(await forgotten.text('/sign-in')).toBe(JSON.stringify({ maxAge: null, original: null }));
    const [browserCookie] = forgotten.lastSetCookies;
    expect(browserCookie?.maxAge).toBeUndefined();
    expect(browserCookie?.expires).toBeUndefined();
    expect(browserCookie?.value).not.toContain('~'); // records no expiry

    expect(await served.browser().text('/bad')).toMatch(
      /cookie.maxAge must be a positive number of milliseconds, or null/,
    );
  });

  test('save, reload, regenerate and destroy take a callback or return a promise', async () => {
    const { vial } = testVial();
    served = await serve({ vial }, (app) => {
      app.get('/callbacks', (req, res, next) => {
        req.session.views = 1;
        req.session.save((error) => {
          if (error) return next(error);
          req.session.views = 99;
          req.session.reload((reloadError) => {
            if (reloadError) return next(reloadError);
            res.send(String(req.session.views));
          });
        });
      });
      app.get('/promises', async (req, res) => {
        const sid = req.sessionID;
        await req.session.regenerate();
        const fresh = JSON.stringify(req.session);
        req.session.views = 5;
        await req.session.save();
        res.send(JSON.stringify({ changed: sid !== req.sessionID, fresh }));
      });
      app.get('/destroy', (req, res, next) => {
        req.session.destroy((error) => {
          if (error) return next(error);
          res.send(String(req.session));
        });
      });
      app.get('/look', (req, res) => res.send(JSON.stringify(req.session)));
    });
    const browser = served.browser();
    expect(await browser.text('/callbacks')).toBe('1');
    expect(await browser.text('/promises')).toBe('{"changed":true,"fresh":"{}"}');
    const signed = browser.jar.get('vial') as string;
    expect(await browser.text('/look')).toBe('{"views":5}');
    expect(await browser.text('/destroy')).toBe('undefined');
    expect(browser.jar.has('vial')).toBe(false);
    const replay = served.browser();
    replay.jar.set('vial', signed);
    expect(await replay.text('/look')).toBe('{}');
  });

  test('a save left unawaited, as express-session allows, does not crash on a store outage; the outage reaches next(err)', async () => {
    const { vial, store } = testVial();
    served = await serve({ vial }, (app) => {
      app.get('/', (req, res) => {
        req.session.views = 1;
        req.session.save();
        res.send('ok');
      });
    });
    store.setDown(true);
    const response = await served.browser().get('/');
    expect(response.status).toBe(503);
    expect(served.errors).toHaveLength(1);
  });

  test('saveUninitialized: true stores a new session the request left empty; the default does not', async () => {
    const { vial, store } = testVial();
    served = await serve({ vial, saveUninitialized: true }, (app) => {
      app.get('/', (_req, res) => res.send('ok'));
    });
    const browser = served.browser();
    await browser.get('/');
    expect(browser.jar.has('vial')).toBe(true);
    expect(store.calls.create).toBe(1);
    await served.close();
    store.reset();
    served = await serve({ vial }, (app) => {
      app.get('/', (_req, res) => res.send('ok'));
    });
    const other = served.browser();
    await other.get('/');
    expect(other.jar.has('vial')).toBe(false);
    expect(store.total()).toBe(0);
  });

  test('rolling: true sets the cookie on every response of a stored session', async () => {
    const { vial } = testVial();
    const routes = (app: import('express').Express) => {
      app.get('/set', (req, res) => {
        req.session.views = 1;
        res.send('ok');
      });
      app.get('/look', (req, res) => res.send(String(req.session.views)));
    };
    served = await serve({ vial, rolling: true }, routes);
    const browser = served.browser();
    await browser.get('/set');
    expect(await browser.text('/look')).toBe('1');
    expect(browser.lastSetCookies).toHaveLength(1);
    await served.close();
    served = await serve({ vial }, routes);
    const still = served.browser();
    await still.get('/set');
    expect(await still.text('/look')).toBe('1');
    expect(still.lastSetCookies).toEqual([]);
  });

  test("unset: 'destroy' ends a session the route unset; 'keep' leaves it as stored, without the request's changes", async () => {
    const { vial } = testVial();
    const routes = (app: import('express').Express) => {
      app.get('/set', (req, res) => {
        req.session.views = 1;
        res.send('ok');
      });
      app.get('/unset', (req, res) => {
        req.session.views = 2;
        (req as { session?: unknown }).session = null;
        res.send('ok');
      });
      app.get('/look', (req, res) => res.send(String(req.session.views)));
    };
    served = await serve({ vial }, routes);
    const keep = served.browser();
    await keep.get('/set');
    await keep.get('/unset');
    expect(await keep.text('/look')).toBe('1');
    await served.close();
    served = await serve({ vial, unset: 'destroy' }, routes);
    const destroy = served.browser();
    await destroy.get('/set');
    await destroy.get('/unset');
    expect(destroy.jar.has('vial')).toBe(false);
    expect(await destroy.text('/look')).toBe('undefined');
  });

  test('touch() extends the expiry of an unchanged session on a Vial with rolling: false', async () => {
    const { vial, clock } = testVial({ rolling: false });
    served = await serve({ vial }, (app) => {
      app.get('/set', (req, res) => {
        req.session.views = 1;
        res.send('ok');
      });
      app.get('/touch', (req, res) => {
        req.session.touch();
        res.send('ok');
      });
      app.get('/look', (req, res) => res.send(String(req.session.views)));
    });
    const browser = served.browser();
    await browser.get('/set');
    clock.now += 50 * 60_000;
    await browser.get('/touch');
    clock.now += 50 * 60_000; // 100 minutes after the set, 50 after the touch: ttl is 1 hour
    expect(await browser.text('/look')).toBe('1');
  });
});

describe('expressSession() options', () => {
  const { vial } = testVial();
  test.each([
    [{ resave: false }, 'resave', 'a save writes only the keys that changed'],
    [{ name: 'sid' }, 'name', '`name` → `cookie.name`'],
    [{ store: {} }, 'store', "the Vial's `driver`"],
    [{ genid: () => 'x' }, 'genid', 'vial mints its own tokens'],
    [{ proxy: true }, 'proxy', "cookie.secure: 'auto'"],
    [{ lazy: true }, 'lazy', 'vialSession({ lazy: true })'],
    [{ cookie: { maxAge: 86_400_000 } }, 'cookie.maxAge', "the Vial's `ttl`"],
    [{ cookie: { expires: new Date() } }, 'cookie.expires', "the Vial's `ttl`"],
    [{ colour: 'blue' }, 'colour', 'Known options: vial, secret, cookie, rolling'],
    [{ unset: 'drop' }, 'unset', "unset must be 'keep' or 'destroy'"],
    [{ rolling: 'yes' }, 'rolling', 'rolling must be true or false'],
    [
      { migrateFrom: { store: {}, secret: 's' } },
      'migrateFrom.store',
      'get(sid, cb) and destroy(sid, cb)',
    ],
  ])('refuses %j, naming %s with a hint', (bad, option, hint) => {
    const build = () => expressSession({ vial, ...(bad as object) });
    expect(build).toThrow(InvalidOptionError);
    expect(build).toThrow(hint);
    try {
      build();
    } catch (error) {
      expect((error as InvalidOptionError).option).toBe(option);
    }
  });
});

describe('expressSession() cookie spellings of express-session', () => {
  test.each([
    ['Lax', 'Lax'],
    ['Strict', 'Strict'],
    [true, 'Strict'],
    ['None', 'None'],
  ] as const)('sameSite: %j goes out as SameSite=%s', async (sameSite, sent) => {
    const { vial } = testVial();
    served = await serve({ vial, cookie: { sameSite } }, (app) => {
      app.get('/set', (req, res) => {
        req.session.n = 1;
        res.end('ok');
      });
    });
    const answer = await fetch(`${served.url}/set`);
    const line = answer.headers.getSetCookie()[0] as string;
    expect(line).toContain(`; SameSite=${sent}`);
    // SameSite=None is always Secure, even over plain HTTP; the others follow the request.
    expect(line.includes('; Secure')).toBe(sent === 'None');
  });

  test("sameSite: 'none' with secure: false is refused at start-up", () => {
    const { vial } = testVial();
    expect(() => expressSession({ vial, cookie: { sameSite: 'None', secure: false } })).toThrow(
      /SameSite=None or Partitioned unless it is Secure/,
    );
  });
});
