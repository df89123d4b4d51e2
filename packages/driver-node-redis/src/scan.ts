import type { Connection, Send } from './connection.js';

/** Keys SCAN asks each server for per call: large enough to keep round trips few. */
const SCAN_COUNT = '1000';

function parseScanReply(reply: unknown): [cursor: string, keys: string[]] {
  if (!Array.isArray(reply) || reply.length !== 2 || !Array.isArray(reply[1])) {
    throw new Error(`Unexpected SCAN reply: ${JSON.stringify(reply)}`);
  }
  return [String(reply[0]), reply[1].map(String)];
}

async function* scanOne(
  send: Send,
  match: string,
  type: string | undefined,
): AsyncGenerator<string> {
  let cursor = '0';
  do {
    const args = ['SCAN', cursor, 'MATCH', match, 'COUNT', SCAN_COUNT];
    if (type !== undefined) args.push('TYPE', type);
    const [next, keys] = parseScanReply(await send(args));
    yield* keys;
    cursor = next;
  } while (cursor !== '0');
}

/**
 * Every key matching the glob `match` (and of Redis type `type`, when given),
 * on every master: SCAN visits one server, so a cluster is scanned master by
 * master. SCAN may return a key twice (while the server rehashes, or a slot
 * moves), so keys already yielded are remembered and skipped: memory grows
 * with the number of keys yielded.
 */
export async function* scanKeys(
  connection: Connection,
  match: string,
  type?: string,
): AsyncGenerator<string> {
  const seen = new Set<string>();
  for (const send of await connection.masters()) {
    for await (const key of scanOne(send, match, type)) {
      if (seen.has(key)) continue;
      seen.add(key);
      yield key;
    }
  }
}
