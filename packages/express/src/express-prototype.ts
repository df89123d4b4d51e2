/**
 * Express gives every request and response its app's prototype
 * (`Object.setPrototypeOf(req, app.request)`). On Node.js 20 (V8 11) an
 * object whose prototype was set that way gets a new hidden class for every
 * property added to it afterwards: about 2.5 µs and a heap object per
 * property, on every request. So under Express `req.session` and the
 * response hold are defined once on the app's `app.request` and
 * `app.response`, which Express documents as the place to extend its API
 * ("Overriding the Express API"), and each request gets one property: the
 * symbol under which they find its state (`hold-response.ts`). A `WeakMap`
 * would cost the garbage collector more (README, "When the save happens").
 */

/**
 * The prototype to extend instead of `target` itself: Express's per-app
 * `app.request` or `app.response` of a top-level app, or `undefined` (plain
 * `node:http`, another framework, or a sub-app, whose prototype a request
 * leaves again when it falls through to the parent app).
 */
export function appPrototypeOf(target: object): object | undefined {
  const proto = Object.getPrototypeOf(target) as { app?: unknown } | null;
  if (proto === null || !Object.hasOwn(proto, 'app')) return undefined;
  // An Express app is a function; a mounted one has a parent.
  const app = proto.app as ((...args: never[]) => unknown) & { parent?: unknown };
  if (typeof app !== 'function' || app.parent !== undefined) return undefined;
  return proto;
}
