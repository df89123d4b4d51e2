// A session's life on the memory driver: create, save, load, regenerate,
// destroy, and what happens to a forged token. Run: node examples/demo/demo.js
import { Vial } from '@vial/core';
import { memoryDriver } from '@vial/driver-memory';

/** @type {Vial<{ user: string; cart: string[] }>} */
const vial = new Vial({ driver: memoryDriver(), ttl: '30m' });
/** @param {string} what @param {string} [detail] */
const say = (what, detail = '') => console.log(`${what.padEnd(44)} ${detail}`);

const session = vial.session();
say('vial.session()', `id=${session.id} isNew=${session.isNew}`);

session.set('user', 'ada');
session.set('cart', ['espresso cup']);
await session.save();
say('set user, cart; save()', `id=${session.id}`);

const loaded = await vial.load(session.id);
say(
  'vial.load(token)',
  `user=${loaded.get('user')} cart=${JSON.stringify(loaded.get('cart'))} isNew=${loaded.isNew}`,
);

loaded.get('cart')?.push('kettle');
await loaded.save();
say(
  "get('cart').push('kettle'); save()",
  `stored cart=${JSON.stringify((await vial.load(session.id)).get('cart'))}`,
);

const before = loaded.id;
await loaded.regenerate();
say('regenerate()', `new id=${loaded.id}`);
say(
  '  load(old token)',
  `isNew=${(await vial.load(before)).isNew} (the old token no longer opens it)`,
);
say('  load(new token)', `user=${(await vial.load(loaded.id)).get('user')}`);

const [sid] = (loaded.id ?? '').split('.');
const forged = await vial.load(`${sid}.${'A'.repeat(22)}`);
say('load(real sid + forged secret)', `isNew=${forged.isNew} user=${forged.get('user')}`);

const token = loaded.id;
await loaded.destroy();
say('destroy()', `id=${loaded.id}`);
say('  load(destroyed token)', `isNew=${(await vial.load(token)).isNew}`);

await vial.close();
