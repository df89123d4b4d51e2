import type { Express, Request, Response } from 'express';
import { sessionData } from '../payload.js';

/** How a route reaches the request's session, whichever middleware put it there. */
export interface SessionAccess {
  get(req: Request, key: string): unknown;
  set(req: Request, key: string, value: unknown): void;
  keys(req: Request): string[];
}

let seed = 0;

/**
 * The routes every app serves, identical apart from the session access:
 *
 * - `GET /home`: never touches the session.
 * - `GET /login`: stores the benchmark payload (about 650 bytes in 10 fields) in the session.
 * - `GET /read`: reads the user id; 401 when the session has none (so a lost session shows as non-2xx).
 * - `GET /write`: reads the user id and increments `visits`.
 * - `GET /key/:i`: sets key `k<i>` (the lost-update test).
 * - `GET /keys`: how many `k<i>` keys the session holds.
 */
export function addRoutes(app: Express, access: SessionAccess): void {
  app.get('/home', (_req: Request, res: Response) => {
    res.json({ ok: true });
  });
  app.get('/login', (req: Request, res: Response) => {
    for (const [key, value] of Object.entries(sessionData(seed++))) access.set(req, key, value);
    res.json({ ok: true });
  });
  app.get('/read', (req: Request, res: Response) => {
    const user = access.get(req, 'userId');
    if (user === undefined) res.status(401).json({ error: 'no session' });
    else res.json({ user });
  });
  app.get('/write', (req: Request, res: Response) => {
    const user = access.get(req, 'userId');
    if (user === undefined) {
      res.status(401).json({ error: 'no session' });
      return;
    }
    const visits = Number(access.get(req, 'visits') ?? 0) + 1;
    access.set(req, 'visits', visits);
    res.json({ user, visits });
  });
  app.get('/key/:i', (req: Request, res: Response) => {
    access.set(req, `k${req.params.i}`, Number(req.params.i));
    res.json({ ok: true });
  });
  app.get('/keys', (req: Request, res: Response) => {
    res.json({ count: access.keys(req).filter((key) => /^k\d+$/.test(key)).length });
  });
}

/** Bare express: the same routes answering the same shapes, with no session at all (the ceiling). */
export function addBareRoutes(app: Express): void {
  const data = sessionData(0);
  app.get('/home', (_req: Request, res: Response) => {
    res.json({ ok: true });
  });
  app.get('/login', (_req: Request, res: Response) => {
    res.json({ ok: true });
  });
  app.get('/read', (_req: Request, res: Response) => {
    res.json({ user: data.userId });
  });
  let visits = 0;
  app.get('/write', (_req: Request, res: Response) => {
    res.json({ user: data.userId, visits: ++visits });
  });
}
