import autocannon from 'autocannon';

/** One autocannon run. */
export interface LoadResult {
  /** Requests completed. */
  readonly requests: number;
  /** Completed requests per second over the run. */
  readonly requestsPerSecond: number;
  /** Latency percentiles, ms. */
  readonly p50: number;
  readonly p99: number;
  /** Answers outside 2xx, plus errors and timeouts: must be 0, or the run measured the wrong thing. */
  readonly failures: number;
}

/**
 * Runs autocannon against `origin + path` for `durationS` seconds with one
 * keep-alive connection per cookie, each connection sending its own cookie
 * on every request (as `connections` browsers would). `cookies` empty: no
 * cookie at all. With `amount`, sends that many requests instead of running
 * for `durationS`.
 */
export async function load(
  origin: string,
  path: string,
  cookies: readonly string[],
  connections: number,
  durationS: number,
  amount?: number,
): Promise<LoadResult> {
  let next = 0;
  const result = await autocannon({
    url: `${origin}${path}`,
    connections,
    ...(amount === undefined ? { duration: durationS } : { amount }),
    // autocannon only notices the end of a run at its next sample tick (1 s by default).
    sampleInt: 100,
    setupClient(client) {
      if (cookies.length > 0)
        client.setHeaders({ cookie: cookies[next++ % cookies.length] as string });
    },
  });
  const seconds = result.duration > 0 ? result.duration : Math.max(durationS, 0.001);
  return {
    requests: result.requests.total,
    requestsPerSecond: result.requests.total / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failures: result.non2xx + result.errors + result.timeouts,
  };
}
