/**
 * Retries `attempt` every 50 ms until it resolves, and resolves its value, or
 * rethrows its last error once `timeoutMs` (ms, 5 s by default) have passed:
 * for waiting until a client has reconnected to a restarted server.
 */
export async function eventually<T>(attempt: () => Promise<T>, timeoutMs = 5_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > until) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
