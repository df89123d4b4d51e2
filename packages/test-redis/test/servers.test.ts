import { describe, expect, it } from 'vitest';
import { redisCli, startRedisServer } from '../src/index.js';
import { testRedis } from '../src/vitest.js';

describe('startRedisServer', () => {
  it('starts a server that answers, and restarts it on the same port after a kill', async () => {
    const server = await startRedisServer();
    try {
      expect(server.url).toBe(`redis://127.0.0.1:${server.port}`);
      expect((await redisCli(server.port, ['set', 'k', 'v'])).trim()).toBe('OK');
      await server.kill();
      expect(server.pid).toBeUndefined();
      await expect(redisCli(server.port, ['ping'])).rejects.toThrow();
      await server.restart();
      expect((await redisCli(server.port, ['ping'])).trim()).toBe('PONG');
      // No persistence: a restart starts empty.
      expect((await redisCli(server.port, ['exists', 'k'])).trim()).toBe('0');
    } finally {
      await server.stop();
    }
  });

  it('starts servers without persistence', async () => {
    const server = await startRedisServer();
    try {
      expect(await redisCli(server.port, ['config', 'get', 'save'])).toBe('save\n\n');
      expect(await redisCli(server.port, ['config', 'get', 'appendonly'])).toBe('appendonly\nno\n');
    } finally {
      await server.stop();
    }
  });
});

describe('the vitest global setup', () => {
  it('provides a standalone server and a three-master cluster serving all 16384 slots', async () => {
    const { url, port, clusterNodes } = testRedis();
    expect(url).toBe(`redis://127.0.0.1:${port}`);
    expect((await redisCli(port, ['ping'])).trim()).toBe('PONG');
    expect(clusterNodes).toHaveLength(3);
    for (const node of clusterNodes) {
      const info = await redisCli(node.port, ['cluster', 'info']);
      expect(info).toContain('cluster_state:ok');
      expect(info).toContain('cluster_slots_assigned:16384');
      expect(info).toContain('cluster_known_nodes:3');
    }
  });
});
