import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  countCommands,
  parseMonitorLine,
  type RedisServer,
  startRedisServer,
} from '../src/index.js';
import { encodeCommand, sendCommand } from '../src/resp.js';

/**
 * Writes `commands` to one socket in a single batch, then an ECHO of a last
 * word, and resolves once that word comes back: every command has been answered.
 */
function pipeline(port: number, commands: readonly string[][]): Promise<void> {
  const last = `pipeline-done-${Math.random().toString(36).slice(2)}`;
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let replies = '';
    socket.setEncoding('utf8');
    socket.once('error', reject);
    socket.on('data', (chunk: string) => {
      replies += chunk;
      if (replies.includes(last)) {
        socket.destroy();
        resolve();
      }
    });
    socket.write([...commands, ['ECHO', last]].map(encodeCommand).join(''));
  });
}

describe('parseMonitorLine', () => {
  it('reads the source and the quoted arguments of a client command', () => {
    expect(
      parseMonitorLine('1700000000.123456 [0 127.0.0.1:1234] "EVALSHA" "ab12" "1" "k"'),
    ).toEqual({ source: '127.0.0.1:1234', args: ['EVALSHA', 'ab12', '1', 'k'] });
  });

  it('marks commands a script ran as coming from lua, and keeps escaped quotes inside arguments', () => {
    expect(parseMonitorLine('1700000000.123456 [3 lua] "hset" "k" "say \\"hi\\""')).toEqual({
      source: 'lua',
      args: ['hset', 'k', 'say \\"hi\\"'],
    });
  });

  it('ignores lines that are not commands', () => {
    expect(parseMonitorLine('OK')).toBeUndefined();
  });
});

describe('countCommands', () => {
  let first: RedisServer;
  let second: RedisServer;
  beforeAll(async () => {
    [first, second] = await Promise.all([startRedisServer(), startRedisServer()]);
  });
  afterAll(async () => {
    await Promise.all([first?.stop(), second?.stop()]);
  });

  it('counts every top-level command by lower-case name, including the last ones sent', async () => {
    const batch = [
      ...Array.from({ length: 300 }, (_, i) => ['SET', `k${i}`, 'v']),
      ['GET', 'k1'],
      ['HSET', 'h', 'f', 'v'],
    ];
    expect(await countCommands([first.port], () => pipeline(first.port, batch))).toEqual({
      set: 300,
      get: 1,
      hset: 1,
      echo: 1,
    });
  });

  it('does not count the commands a Lua script runs, nor connection set-up commands', async () => {
    const counts = await countCommands([first.port], () =>
      pipeline(first.port, [
        ['HELLO', '2'],
        ['CLIENT', 'SETNAME', 'counted-not'],
        ['SELECT', '0'],
        ['PING'],
        ['EVAL', "redis.call('set', KEYS[1], '1') return redis.call('get', KEYS[1])", '1', 'k'],
      ]),
    );
    expect(counts).toEqual({ eval: 1, echo: 1 });
  });

  it('sums the commands of several nodes, as for a cluster', async () => {
    const counts = await countCommands([first.port, second.port], async () => {
      await sendCommand(first.port, ['SET', 'a', '1']);
      await sendCommand(second.port, ['SET', 'b', '1']);
      await sendCommand(second.port, ['DEL', 'b']);
    });
    expect(counts).toEqual({ set: 2, del: 1 });
  });

  it('counts nothing that was sent before it started', async () => {
    await sendCommand(first.port, ['SET', 'before', '1']);
    expect(await countCommands([first.port], async () => {})).toEqual({});
  });

  it('rejects with the error of the work it watched', async () => {
    await expect(
      countCommands([first.port], () => Promise.reject(new Error('work failed'))),
    ).rejects.toThrow('work failed');
  });
});
