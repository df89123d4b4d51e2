import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type RunningApp, startApp } from '../src/index.js';
import { launchChromium } from './chromium.js';

let app: RunningApp;
let browser: Browser | undefined;
let base: string;

beforeAll(async () => {
  app = await startApp({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${app.port}`;
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

test('in Chromium: sign in, the cart survives reloads, and a session signed out from another browser is signed out', async () => {
  // Launched inside the test, so a missing Chromium fails it rather than skipping it.
  browser = await launchChromium();
  const laptop = await browser.newContext({ userAgent: 'Laptop browser' });
  const phone = await browser.newContext({ userAgent: 'Phone browser' });
  const a = await laptop.newPage();
  const b = await phone.newPage();

  await a.goto(base);
  // Before sign-in only the form's own cookie is set: no session is stored.
  expect((await laptop.cookies()).map((c) => c.name)).toEqual(['vial-csrf']);
  await a.getByLabel('Name').fill('ada');
  await a.getByRole('button', { name: 'Sign in' }).click();
  await expect.poll(() => a.locator('#user').textContent()).toBe('ada');
  await expect.poll(() => a.getByRole('status').textContent()).toBe('Welcome, ada.');

  await a.getByRole('button', { name: 'Add kettle' }).click();
  await a.getByRole('button', { name: 'Add tea tin' }).click();
  await a.reload();
  await a.reload();
  expect(await a.locator('#cart li').allTextContents()).toEqual(['kettle', 'tea tin']);
  // Signed in, the session cookie replaces the form's; "Remember me" unticked: a browser-session cookie.
  expect(await laptop.cookies()).toEqual([
    expect.objectContaining({ name: 'vial', httpOnly: true, sameSite: 'Lax', expires: -1 }),
  ]);

  // The same user signs in on a second browser (two sessions, each with its own cart), ticking "Remember me": a cookie of 30 days.
  await b.goto(base);
  await b.getByLabel('Name').fill('ada');
  await b.getByLabel('Remember me for 30 days').check();
  await b.getByRole('button', { name: 'Sign in' }).click();
  await expect.poll(() => b.locator('#cart-count').textContent()).toBe('0');
  const [remembered] = await phone.cookies();
  expect((remembered?.expires ?? 0) * 1000 - Date.now()).toBeGreaterThan(29 * 86_400_000);

  // From the phone, sign the laptop out.
  await b.goto(`${base}/sessions`);
  expect(await b.locator('#session-count').textContent()).toBe('2');
  expect(await b.locator('tr.current').getAttribute('data-agent')).toBe('Phone browser');
  await b
    .locator('tr.other[data-agent="Laptop browser"]')
    .getByRole('button', { name: 'Sign out' })
    .click();
  await expect.poll(() => b.getByRole('status').textContent()).toBe('That session is signed out.');
  expect(await b.locator('#session-count').textContent()).toBe('1');

  // The laptop finds itself signed out on its next request.
  await a.reload();
  await expect.poll(() => a.getByRole('button', { name: 'Sign in' }).count()).toBe(1);
  expect(await a.locator('#user').count()).toBe(0);
  // The phone is still signed in.
  await b.goto(base);
  expect(await b.locator('#user').textContent()).toBe('ada');

  await laptop.close();
  await phone.close();
});
