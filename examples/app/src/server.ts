import { startApp } from './start.js';

const port = Number(process.env.PORT ?? 3000);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a TCP port number; got ${process.env.PORT}`);
  process.exit(1);
}
const secrets = process.env.COOKIE_SECRET?.split(',').filter((s) => s !== '');
const running = await startApp({
  port,
  redisUrl: process.env.REDIS_URL,
  ...(secrets && secrets.length > 0 ? { cookieSecret: secrets } : {}),
});
console.log(
  `vial example app: sessions in ${running.store.mode === 'redis' ? `Redis (${process.env.REDIS_URL})` : 'memory'}`,
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
