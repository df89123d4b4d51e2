import flash from 'connect-flash';
import { afterEach, expect, test } from 'vitest';
import { type Served, serve, testVial } from './app.js';

let served: Served | undefined;
afterEach(async () => {
  await served?.close();
  served = undefined;
});

test('connect-flash: a message set before a redirect is shown once on the next request', async () => {
  const { vial } = testVial();
  served = await serve({ vial }, (app) => {
    app.use(flash());
    app.get('/save', (req, res) => {
      req.flash('info', 'Saved.');
      req.flash('info', 'Also %s.', 'this');
      res.redirect(303, '/');
    });
    app.get('/', (req, res) => res.send(JSON.stringify(req.flash('info'))));
  });
  const browser = served.browser();
  const redirect = await browser.get('/save');
  expect(redirect.status).toBe(303);
  expect(await browser.text('/')).toBe('["Saved.","Also this."]');
  expect(await browser.text('/')).toBe('[]');
});
