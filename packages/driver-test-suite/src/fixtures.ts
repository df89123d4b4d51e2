/**
 * A realistic session payload of about 650 bytes in 10 fields, the one every
 * vial memory figure and benchmark uses: a user id, roles, a CSRF token, a
 * date, a 3-item cart, flash messages and a few preferences.
 */
export function realisticSessionData(seed = 0): Record<string, unknown> {
  return {
    userId: `user-${100000 + seed}`,
    roles: ['customer', 'beta-tester', 'newsletter'],
    csrfToken: 'b7c1e0f4a9d24c6e8f3a1b5d7e9c2f4a6b8d0e2f4a6c8e0b1d3f5a7c9e1b3d5f7',
    signedInAt: '2026-11-26T09:15:42.123Z',
    cart: [
      { sku: 'SKU-100231', name: 'Espresso cup, white porcelain', qty: 2, price: 1299 },
      { sku: 'SKU-200547', name: 'Pour-over kettle, 1 litre', qty: 1, price: 4599 },
      { sku: 'SKU-300982', name: 'Whole beans, Ethiopia Yirgacheffe', qty: 3, price: 1850 },
    ],
    flash: ['Your cart was saved.', 'Welcome back, Alex! Your order A-10293 has shipped.'],
    locale: 'en-GB',
    theme: 'dark',
    lastPage: '/shop/coffee/brewing-equipment?page=2&sort=price-asc&view=grid',
    visits: 42,
  };
}

/** JSON encoding of each field of {@link realisticSessionData}, as core's default codec writes it. */
export function realisticSessionFields(seed = 0): Map<string, string> {
  const fields = new Map<string, string>();
  for (const [key, value] of Object.entries(realisticSessionData(seed))) {
    fields.set(key, JSON.stringify(value));
  }
  return fields;
}
