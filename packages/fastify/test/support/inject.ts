import type { FastifyInstance } from 'fastify';

/**
 * A `fetch`-shaped function over Fastify's `inject()`, for the shared
 * `Browser`: the same tests then run in process and over real HTTP.
 */
export function injector(app: FastifyInstance): (request: Request) => Promise<Response> {
  return async (request) => {
    const url = new URL(request.url);
    const reply = await app.inject({
      method: request.method as 'GET',
      url: `${url.pathname}${url.search}`,
      headers: Object.fromEntries(request.headers),
    });
    const headers = new Headers();
    for (const [name, value] of Object.entries(reply.headers)) {
      for (const one of Array.isArray(value) ? value : [value]) {
        if (one !== undefined) headers.append(name, String(one));
      }
    }
    return new Response(reply.rawPayload, { status: reply.statusCode, headers });
  };
}
