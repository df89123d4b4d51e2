/** Secrets that sign the session cookie and the sign-in form's CSRF token: the first signs, all verify. */
export type CookieSecret = string | readonly string[];

/** Express's `trust proxy` setting: `true`, a number of proxies, or addresses/subnets (`'loopback'`). */
export type TrustProxy = boolean | number | string;

/**
 * How the app runs. In production (`NODE_ENV=production`) a cookie secret
 * is required, and the session cookie is `__Host-vial`, always `Secure`.
 */
export type AppSettings = {
  /** Express's `trust proxy`, for a TLS-terminating proxy in front of the app. Default: unset. */
  readonly trustProxy?: TrustProxy;
} & (
  | { readonly production?: false; readonly cookieSecret?: CookieSecret }
  | { readonly production: true; readonly cookieSecret: CookieSecret }
);

/** What `server.js` reads from its environment. */
export type ServerConfig = AppSettings & {
  readonly port: number;
  /** Sessions in Redis at this URL; in memory when unset. */
  readonly redisUrl?: string;
};

/** The environment cannot run the app; the message says what to set. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** `TRUST_PROXY` as Express takes it: `true`/`false`, a hop count, or addresses as written. */
function parseTrustProxy(value: string): TrustProxy {
  if (value === 'true' || value === 'false') return value === 'true';
  return /^\d+$/.test(value) ? Number(value) : value;
}

/**
 * Reads `PORT`, `REDIS_URL`, `COOKIE_SECRET` (comma-separated to rotate),
 * `TRUST_PROXY` and `NODE_ENV`. Throws a {@link ConfigError} when
 * production lacks a secret or `PORT` is not a port.
 */
export function readConfig(env: Readonly<Record<string, string | undefined>>): ServerConfig {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT must be a TCP port number; got ${env.PORT}`);
  }
  const secrets = (env.COOKIE_SECRET ?? '').split(',').filter((s) => s !== '');
  const common = {
    port,
    ...(env.REDIS_URL ? { redisUrl: env.REDIS_URL } : {}),
    ...(env.TRUST_PROXY ? { trustProxy: parseTrustProxy(env.TRUST_PROXY) } : {}),
  };
  if (env.NODE_ENV === 'production') {
    if (secrets.length === 0) {
      throw new ConfigError(
        'NODE_ENV=production needs COOKIE_SECRET: a long random string (such as the output of `openssl rand -base64 32`) that signs the session cookie and the sign-in form; comma-separate several to rotate them.',
      );
    }
    return { ...common, production: true, cookieSecret: secrets };
  }
  return { ...common, ...(secrets.length > 0 ? { cookieSecret: secrets } : {}) };
}
