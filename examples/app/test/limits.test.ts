import { afterEach, describe, expect, test, vi } from 'vitest';
import { MAX_CART_ITEMS } from '../src/index.js';
import { FormClient } from './client.js';
import { closeServed, STACK_FRAME, serve } from './serve.js';

afterEach(async () => {
  vi.restoreAllMocks();
  await closeServed();
});

/** The cart's items as the shop page lists them. */
async function cartOf(client: FormClient): Promise<string[]> {
  const html = await client.page('/');
  return [...html.matchAll(/<li>([a-z ]+)<\/li>/g)].map((match) => match[1] as string);
}

describe('the example app’s limits', () => {
  test(`the cart holds at most ${MAX_CART_ITEMS} items: an add past it is refused with a message and the cart is kept`, async () => {
    const app = await serve();
    const client = new FormClient(app.base);
    await client.signIn('ada');
    const csrf = await client.csrf();
    for (let i = 0; i < MAX_CART_ITEMS; i++) {
      expect((await client.request('/cart', { _csrf: csrf, item: 'kettle' })).status).toBe(303);
    }
    const refused = await client.request('/cart', { _csrf: csrf, item: 'grinder' });
    expect(refused.status).toBe(303);
    const html = await client.page('/');
    expect(html).toContain(`Your cart is full: it holds ${MAX_CART_ITEMS} items at most.`);
    expect(html).toContain(`id="cart-count">${MAX_CART_ITEMS}<`);
    expect(await cartOf(client)).toEqual(Array(MAX_CART_ITEMS).fill('kettle'));
  });

  test('an unknown product is not added', async () => {
    const app = await serve();
    const client = new FormClient(app.base);
    await client.signIn('ada');
    await client.post('/cart', { item: 'x'.repeat(1000) });
    const html = await client.page('/');
    expect(html).toContain('There is no such product.');
    expect(html).toContain('id="cart-empty"');
  });

  test('a form body over 4 KB is answered 413 with a page, no stack trace, and changes nothing', async () => {
    const errors = vi.spyOn(console, 'error');
    const app = await serve();
    const visitor = new FormClient(app.base);
    const signIn = await visitor.post('/signin', { name: 'a'.repeat(5000) });
    expect(signIn.status).toBe(413);
    const html = await signIn.text();
    expect(html).toContain('That was too much to keep');
    expect(html).not.toMatch(STACK_FRAME);
    expect(await app.records()).toBe(0);

    const ada = new FormClient(app.base);
    await ada.signIn('ada');
    await ada.post('/cart', { item: 'kettle' });
    const add = await ada.post('/cart', { item: 'kettle', padding: 'x'.repeat(5000) });
    expect(add.status).toBe(413);
    expect(await add.text()).not.toMatch(STACK_FRAME);
    expect(await cartOf(ada)).toEqual(['kettle']);
    expect(errors).not.toHaveBeenCalled();
  });

  test('a value over maxValueBytes is refused with a 413 page, no stack trace, and keeps nothing of the request', async () => {
    const errors = vi.spyOn(console, 'error');
    // 48 bytes: room for the CSRF token, a short name and its welcome, five kettles.
    const app = await serve({}, { maxValueBytes: 48 });
    const ada = new FormClient(app.base);
    await ada.signIn('ada');
    for (let i = 0; i < 5; i++) await ada.post('/cart', { item: 'kettle' });
    const sixth = await ada.post('/cart', { item: 'kettle' });
    expect(sixth.status).toBe(413);
    expect(sixth.headers.get('location')).toBeNull();
    const html = await sixth.text();
    expect(html).toContain('That was too much to keep');
    expect(html).not.toMatch(STACK_FRAME);
    expect(await cartOf(ada)).toEqual(Array(5).fill('kettle'));

    // Sign-in binds the user before its welcome message is refused: none of it is kept.
    const long = 'n'.repeat(40);
    const visitor = new FormClient(app.base);
    const signIn = await visitor.post('/signin', { name: long });
    expect(signIn.status).toBe(413);
    expect(await signIn.text()).not.toMatch(STACK_FRAME);
    expect(await app.vial.sessionsOf(long)).toEqual([]);
    expect(await app.records()).toBe(1); // ada's
    expect(visitor.jar.has('vial')).toBe(false);
    expect(await visitor.page('/')).toContain('Sign in');
    expect(errors).not.toHaveBeenCalled();
  });

  test('an unknown page is a 404 page', async () => {
    const app = await serve();
    const response = await new FormClient(app.base).request('/nowhere');
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('There is no such page');
  });
});
