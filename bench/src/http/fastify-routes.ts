import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sessionData } from '../payload.js';

/** How a Fastify route reaches the request's session, whichever plugin put it there. */
export interface FastifySessionAccess {
  get(request: FastifyRequest, key: string): unknown;
  set(request: FastifyRequest, key: string, value: unknown): void;
  keys(request: FastifyRequest): string[];
}

let seed = 0;

/**
 * The routes of `routes.ts` on Fastify, answering the same shapes. With
 * `optIn`, each route that uses the session says so (`config: { session: true }`,
 * @vial/fastify's way); `/home` never touches it either way.
 */
export function addFastifyRoutes(
  app: FastifyInstance,
  access: FastifySessionAccess,
  optIn: boolean,
): void {
  const options = optIn ? { config: { session: true } } : {};
  app.get('/home', () => ({ ok: true }));
  app.get('/login', options, (request) => {
    for (const [key, value] of Object.entries(sessionData(seed++))) access.set(request, key, value);
    return { ok: true };
  });
  app.get('/read', options, (request, reply) => {
    const user = access.get(request, 'userId');
    if (user === undefined) return reply.code(401).send({ error: 'no session' });
    return { user };
  });
  app.get('/write', options, (request, reply) => {
    const user = access.get(request, 'userId');
    if (user === undefined) return reply.code(401).send({ error: 'no session' });
    const visits = Number(access.get(request, 'visits') ?? 0) + 1;
    access.set(request, 'visits', visits);
    return { user, visits };
  });
  app.get<{ Params: { i: string } }>('/key/:i', options, (request) => {
    access.set(request, `k${request.params.i}`, Number(request.params.i));
    return { ok: true };
  });
  app.get('/keys', options, (request) => ({
    count: access.keys(request).filter((key) => /^k\d+$/.test(key)).length,
  }));
}

/** Bare Fastify: the same routes answering the same shapes, with no session at all (the ceiling). */
export function addFastifyBareRoutes(app: FastifyInstance): void {
  const data = sessionData(0);
  app.get('/home', () => ({ ok: true }));
  app.get('/login', () => ({ ok: true }));
  app.get('/read', () => ({ user: data.userId }));
  let visits = 0;
  app.get('/write', () => ({ user: data.userId, visits: ++visits }));
}
