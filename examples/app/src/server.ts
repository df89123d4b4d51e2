import { InvalidOptionError } from '@vial/core';
import { ConfigError, readConfig } from './config.js';
import { type RunningApp, startApp } from './start.js';

let running: RunningApp;
let config: ReturnType<typeof readConfig>;
try {
  config = readConfig(process.env);
  running = await startApp(config);
} catch (error) {
  // A setting to fix, such as a missing or short COOKIE_SECRET: its message says what to do.
  if (!(error instanceof ConfigError || error instanceof InvalidOptionError)) throw error;
  console.error(`vial example app: ${error.message}`);
  process.exit(1);
}
// The host only: a Redis URL may carry a password.
const where =
  config.redisUrl === undefined ? 'memory' : `Redis at ${URL.parse(config.redisUrl)?.host}`;
console.log(
  `vial example app: sessions in ${where}${config.production ? ', production mode' : ''}`,
);
console.log(`Open http://localhost:${running.port}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
