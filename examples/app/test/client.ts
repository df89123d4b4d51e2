/** A cookie-keeping form client for the app: what a browser without JavaScript does. */
export class FormClient {
  readonly jar = new Map<string, string>();

  constructor(
    readonly base: string,
    readonly userAgent = 'form client',
    /** Sent with every request, such as a proxy's `x-forwarded-proto`. */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {}

  async request(path: string, form?: Record<string, string>): Promise<Response> {
    const headers: Record<string, string> = { ...this.headers, 'user-agent': this.userAgent };
    const cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
    if (cookie !== '') headers.cookie = cookie;
    const response = await fetch(new URL(path, this.base), {
      method: form === undefined ? 'GET' : 'POST',
      headers,
      body: form === undefined ? undefined : new URLSearchParams(form),
      redirect: 'manual',
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      if (value === '' || /Max-Age=0/i.test(line)) this.jar.delete(name);
      else this.jar.set(name, value);
    }
    return response;
  }

  /** GETs a page and returns its HTML. */
  async page(path: string): Promise<string> {
    return (await this.request(path)).text();
  }

  /** The CSRF token in the last page's forms. */
  async csrf(path = '/'): Promise<string> {
    const match = /name="_csrf" value="([^"]+)"/.exec(await this.page(path));
    if (!match?.[1]) throw new Error(`no CSRF token on ${path}`);
    return match[1];
  }

  /** Posts a form with the current CSRF token, following nothing. */
  async post(path: string, form: Record<string, string> = {}): Promise<Response> {
    return this.request(path, { _csrf: await this.csrf(), ...form });
  }

  async signIn(name: string, remember = false): Promise<void> {
    const response = await this.post('/signin', { name, ...(remember ? { remember: 'on' } : {}) });
    if (response.status !== 303) throw new Error(`sign-in answered ${response.status}`);
  }
}
