import { describeClusterFailover } from '@vial/test-redis/suites';
import { createCluster } from 'redis';
import { failoverClient, TEST_CLIENT_OPTIONS } from './support/clients.js';

describeClusterFailover({
  name: 'node-redis',
  // The driver refuses wait on a cluster: see cannotWait in src/connection.ts and docs/production.md.
  waits: false,
  giveUpMs: Math.max(
    TEST_CLIENT_OPTIONS.commandOptions.timeout,
    TEST_CLIENT_OPTIONS.socket.socketTimeout,
  ),
  async connect(cluster, wait) {
    const client = createCluster({
      rootNodes: cluster.nodes.map(({ host, port }) => ({ url: `redis://${host}:${port}` })),
      defaults: TEST_CLIENT_OPTIONS,
    });
    return failoverClient(client, wait);
  },
});
