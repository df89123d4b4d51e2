import type { UserSessionInfo } from '@vial/core';
import { button, escapeHtml, page } from './html.js';
import { MAX_NAME_LENGTH } from './limits.js';

/** What the shop sells: the cart holds names from this list. */
export const PRODUCTS = ['espresso cup', 'kettle', 'grinder', 'tea tin'] as const;

/** The page of a visitor who is not signed in. */
export function signInPage(csrf: string, flash?: string): string {
  return page(
    'Sign in',
    `<h1>vial example shop</h1>
<p>Sign in with any name. Your cart lives in your session; sign in from another browser to see it listed under “Your sessions”.</p>
<form method="post" action="/signin">
<input type="hidden" name="_csrf" value="${escapeHtml(csrf)}">
<label>Name <input name="name" required maxlength="${MAX_NAME_LENGTH}" autofocus></label>
<label><input type="checkbox" name="remember" value="on"> Remember me for 30 days</label>
<button type="submit">Sign in</button>
</form>`,
    flash,
  );
}

function nav(user: string, csrf: string): string {
  return `<nav><a href="/">Shop</a><a href="/sessions">Your sessions</a>
<span>Signed in as <strong id="user">${escapeHtml(user)}</strong></span>
${button('/signout', 'Sign out', csrf)}</nav>`;
}

/** The shop page: products and the session's cart. */
export function shopPage(
  user: string,
  cart: readonly string[],
  csrf: string,
  flash?: string,
): string {
  const items =
    cart.length === 0
      ? '<p id="cart-empty">Your cart is empty.</p>'
      : `<ol id="cart">${cart.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ol>
${button('/cart/clear', 'Empty the cart', csrf)}`;
  const products = PRODUCTS.map(
    (product) =>
      `<li>${escapeHtml(product)} ${button('/cart', `Add ${product}`, csrf, `<input type="hidden" name="item" value="${escapeHtml(product)}">`)}</li>`,
  ).join('');
  return page(
    'Shop',
    `${nav(user, csrf)}
<h1>Hello, ${escapeHtml(user)}</h1>
<h2>Products</h2><ul>${products}</ul>
<h2>Your cart (<span id="cart-count">${cart.length}</span>)</h2>
${items}`,
    flash,
  );
}

function when(date: Date | null): string {
  return date === null ? 'never' : date.toISOString().replace('T', ' ').slice(0, 19);
}

/** The user's live sessions, this one marked, the others with a revoke button. */
export function sessionsPage(
  user: string,
  sessions: readonly UserSessionInfo[],
  currentSid: string | null,
  csrf: string,
  flash?: string,
): string {
  const rows = sessions
    .map((s) => {
      const current = s.sid === currentSid;
      const action = current
        ? 'this browser'
        : button(
            '/sessions/revoke',
            'Sign out',
            csrf,
            `<input type="hidden" name="sid" value="${escapeHtml(s.sid)}">`,
          );
      return `<tr class="${current ? 'current' : 'other'}" data-agent="${escapeHtml(s.details.userAgent ?? '')}">
<td>${escapeHtml(s.details.userAgent ?? 'unknown browser')}</td>
<td>${when(s.createdAt)}</td><td>${when(s.lastAccessedAt)}</td><td>${when(s.expiresAt)}</td>
<td>${action}</td></tr>`;
    })
    .join('\n');
  const others =
    sessions.length > 1 ? button('/sessions/revoke-others', 'Sign out everywhere else', csrf) : '';
  return page(
    'Your sessions',
    `${nav(user, csrf)}
<h1>Your sessions (<span id="session-count">${sessions.length}</span>)</h1>
<table><thead><tr><th>Browser</th><th>Signed in (UTC)</th><th>Last used</th><th>Expires</th><th></th></tr></thead>
<tbody>${rows}</tbody></table>
<p>${others}</p>`,
    flash,
  );
}

/** Shown when the session store cannot be reached. */
export function unavailablePage(): string {
  return page(
    'Try again',
    '<h1>Sessions are unavailable</h1><p>The session store cannot be reached right now. Nothing was lost; please try again in a moment.</p>',
  );
}

/** A message page with a way back. */
function notice(title: string, heading: string, text: string): string {
  return page(title, `<h1>${escapeHtml(heading)}</h1><p>${text}</p>`);
}

/** A POST without the right CSRF token (403). */
export function formExpiredPage(): string {
  return notice(
    'Forbidden',
    'This form has expired',
    '<a href="/">Reload the page</a> and try again.',
  );
}

/** A form, or what it would store, over the app's limits (413). */
export function tooLargePage(): string {
  return notice(
    'Too large',
    'That was too much to keep',
    'The form or what it would store in your session is over this shop’s limits, so nothing was changed. <a href="/">Back to the shop</a>',
  );
}

/** A value the session codec cannot store (422). */
export function unstorablePage(): string {
  return notice(
    'Not stored',
    'That cannot be kept in a session',
    'Nothing was changed. <a href="/">Back to the shop</a>',
  );
}

/** A request the body parser could not read (400, 415). */
export function badRequestPage(): string {
  return notice(
    'Bad request',
    'That form could not be read',
    '<a href="/">Reload the page</a> and try again.',
  );
}

/** The session was ended elsewhere while the request ran (409). */
export function signedOutElsewherePage(): string {
  return notice('Signed out', 'You were signed out', '<a href="/">Sign in again</a>');
}

/** No such page (404). */
export function notFoundPage(): string {
  return notice('Not found', 'There is no such page', '<a href="/">Back to the shop</a>');
}

/** An unexpected error (500); the details go to the server's log only. */
export function serverErrorPage(): string {
  return notice('Error', 'Something went wrong', '<a href="/">Back to the shop</a>');
}
