import { InvalidOptionError } from '@vial/core';

/** What to say about an option that does not exist here, keyed by its name. */
export type Hints = Readonly<Record<string, string>>;

/** What vial says instead of express-session's options that it has no use for. */
export const EXPRESS_SESSION_HINTS: Hints = {
  name: '`name` → `cookie.name`',
  resave:
    '`resave` → not needed: a save writes only the keys that changed, so concurrent requests never overwrite each other',
  genid:
    '`genid` → not needed: vial mints its own tokens (a random sid and secret, of which only a digest is stored)',
  proxy:
    "`proxy` → `cookie.secure: 'auto'`, which follows the framework's proxy setting (Express's `trust proxy`, Fastify's `trustProxy`)",
  store:
    "`store` → the Vial's `driver` (new Vial({ driver })); to move sessions out of an express-session store, expressSession({ migrateFrom: { store, secret } })",
};

/** The same for the `cookie` option's attributes. */
export const COOKIE_HINTS: Hints = {
  maxAge:
    "`cookie.maxAge` → the Vial's `ttl` (seconds, or a string like '1d'): the cookie follows the session's expiry",
  expires:
    "`cookie.expires` → the Vial's `ttl` or `maxAge`: the cookie follows the session's expiry",
  signed: '`cookie.signed` → `secret`, which signs the cookie',
  priority: '`cookie.priority` → not supported: leave it out',
};

/** What an adapter takes, and what it says about what it does not. */
export interface OptionRules {
  readonly known: readonly string[];
  readonly hints: Hints;
}

/**
 * The options of every adapter's `vialSession`, and what they say about
 * express-session's and @fastify/session's: one check on every framework.
 * An adapter with options of its own adds them (`withOptions`).
 */
export const ADAPTER_OPTIONS: OptionRules = {
  known: ['vial', 'cookie', 'secret', 'lazy'],
  hints: {
    ...EXPRESS_SESSION_HINTS,
    store: "`store` → the Vial's `driver` (new Vial({ driver }))",
    rolling:
      "`rolling` → the Vial's `rolling` (new Vial({ rolling })); the cookie follows the session's expiry either way",
    saveUninitialized:
      '`saveUninitialized` → not needed: a new session is stored once it holds something (expressSession() of @vial/express takes the option)',
    unset:
      '`unset` → destroy the session (`await session.destroy()`), or put a new one in its place (`vial.session()`)',
    cookieName: '`cookieName` → `cookie.name`',
    cookiePrefix: '`cookiePrefix` → not needed: the cookie value is the signed token as it is',
    idGenerator:
      '`idGenerator` → not needed: vial mints its own tokens (a random sid and secret, of which only a digest is stored)',
  },
};

/** `rules` with more known options. */
export function withOptions(rules: OptionRules, ...names: string[]): OptionRules {
  return { known: [...rules.known, ...names], hints: rules.hints };
}

const COOKIE_KEYS = [
  'name',
  'domain',
  'path',
  'secure',
  'httpOnly',
  'sameSite',
  'partitioned',
  'persistent',
];

/**
 * Refuses every option of `options` not in `known`, and every unknown
 * attribute of `options.cookie`, with an `InvalidOptionError` that gives the
 * hint for it, or lists the known options.
 */
export function refuseUnknownOptions(
  factory: string,
  options: object,
  known: readonly string[],
  hints: Hints,
): void {
  refuse(factory, '', options, known, hints);
  const cookie = (options as { cookie?: unknown }).cookie;
  if (cookie !== null && typeof cookie === 'object') {
    refuse(factory, 'cookie.', cookie, COOKIE_KEYS, COOKIE_HINTS);
  }
}

function refuse(
  factory: string,
  prefix: string,
  options: object,
  known: readonly string[],
  hints: Hints,
): void {
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    const hint = Object.hasOwn(hints, key)
      ? hints[key]
      : `Known options: ${known.map((name) => prefix + name).join(', ')}`;
    throw new InvalidOptionError(
      prefix + key,
      `${factory} has no option \`${prefix}${key}\`. ${hint}`,
    );
  }
}
