import { connect } from 'node:net';

/** Encodes `args` as a RESP array of bulk strings, the form Redis reads commands in. */
export function encodeCommand(args: readonly string[]): string {
  let out = `*${args.length}\r\n`;
  for (const arg of args) out += `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`;
  return out;
}

/**
 * Sends one command to the server on `127.0.0.1:port` over a fresh `node:net`
 * socket and resolves the first line of its reply (such as `+OK`, `$5`,
 * `:1`), or rejects with `-ERR ...` replies and socket errors. Enough for the
 * test helpers' own needs, without a Redis client library.
 */
export function sendCommand(port: number, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let buffered = '';
    socket.setEncoding('utf8');
    socket.once('error', reject);
    socket.on('data', (chunk: string) => {
      buffered += chunk;
      const end = buffered.indexOf('\r\n');
      if (end < 0) return;
      const line = buffered.slice(0, end);
      socket.destroy();
      if (line.startsWith('-')) reject(new Error(`Redis ${args[0]} failed: ${line.slice(1)}`));
      else resolve(line);
    });
    socket.write(encodeCommand(args));
  });
}
