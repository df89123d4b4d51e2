/** What the example app keeps in a session. */
export interface AppData {
  /** The signed-in name; the session is also bound to it as `userId`. */
  user: string;
  /** Items in the cart, in the order added. */
  cart: string[];
  /** A message shown once, on the next page (flash message recipe). */
  flash: string;
  /** The CSRF token of this session's forms (CSRF recipe). */
  csrf: string;
}

// Types `req.session` as Session<AppData> in every Express handler of the app.
declare module '@vial/express' {
  interface VialSessionTypes {
    data: AppData;
  }
}
