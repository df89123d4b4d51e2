import { parseSetCookie, type SetCookie } from 'cookie';

/**
 * A tiny cookie-keeping HTTP client: one "browser" talking to one app
 * (`app.request`) or server (`fetch`). Shared by the adapters' tests.
 */
export class Browser {
  readonly jar = new Map<string, string>();
  /** The Set-Cookie headers of the last response, parsed. */
  lastSetCookies: SetCookie[] = [];

  constructor(
    readonly base: string,
    readonly send: (request: Request) => Response | Promise<Response> = fetch,
  ) {}

  async get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    const cookie = [...this.jar].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await this.send(
      new Request(new URL(path, this.base), {
        headers: cookie === '' ? headers : { ...headers, cookie },
        redirect: 'manual',
      }),
    );
    this.lastSetCookies = response.headers.getSetCookie().map((line) => parseSetCookie(line));
    for (const set of this.lastSetCookies) {
      if (set.maxAge === 0 || set.value === '') this.jar.delete(set.name);
      else this.jar.set(set.name, set.value ?? '');
    }
    return response;
  }

  async text(path: string, headers?: Record<string, string>): Promise<string> {
    return (await this.get(path, headers)).text();
  }
}
