/** The `name=value` part of the first Set-Cookie of `response`, or `null`. */
export function cookieOf(response: Response): string | null {
  const header = response.headers.getSetCookie()[0];
  return header === undefined ? null : (header.split(';')[0] as string);
}

/** Signs in `count` times (GET /login) and returns each new session's cookie. */
export async function signIn(origin: string, count: number): Promise<string[]> {
  const cookies: string[] = [];
  for (let i = 0; i < count; i++) {
    const response = await fetch(`${origin}/login`);
    await response.arrayBuffer();
    const cookie = cookieOf(response);
    if (response.status !== 200 || cookie === null) {
      throw new Error(`GET ${origin}/login answered ${response.status} without a session cookie`);
    }
    cookies.push(cookie);
  }
  return cookies;
}

/** GET `path` with `cookie`, failing on a non-2xx answer; resolves to the JSON body. */
export async function getJson(origin: string, path: string, cookie?: string): Promise<unknown> {
  const response = await fetch(`${origin}${path}`, cookie ? { headers: { cookie } } : {});
  if (!response.ok) throw new Error(`GET ${origin}${path} answered ${response.status}`);
  return response.json();
}
