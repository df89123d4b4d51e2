import { describeFailover } from '@vial/test-redis/suites';
import { createSentinel } from 'redis';
import { failoverClient, TEST_CLIENT_OPTIONS } from './support/clients.js';

describeFailover({
  name: 'node-redis',
  giveUpMs: Math.max(
    TEST_CLIENT_OPTIONS.commandOptions.timeout,
    TEST_CLIENT_OPTIONS.socket.socketTimeout,
  ),
  async connect(group, wait) {
    // node-redis's Sentinel client: it follows the Sentinels' +switch-master to the new primary.
    const client = createSentinel({
      name: group.name,
      sentinelRootNodes: group.sentinels.map(({ host, port }) => ({ host, port })),
      // The Sentinel client's own command timeout (5 s by default) is set here, not per node.
      commandOptions: TEST_CLIENT_OPTIONS.commandOptions,
      nodeClientOptions: TEST_CLIENT_OPTIONS,
      sentinelClientOptions: { socket: TEST_CLIENT_OPTIONS.socket },
    });
    return failoverClient(client, wait);
  },
});
