// Stands in for @types/express-session (see tsconfig.express-session.json): those types declare
// Express's `req.session` as express-session's, which clashes with this package's. The old app of
// the migration tests, and connect-redis's types, need only this much.
import type { RequestHandler } from 'express';

export interface SessionData {
  [key: string]: unknown;
}

export declare class Store {}

export default function session(options: {
  store: Store;
  secret: string | string[];
  resave: boolean;
  saveUninitialized: boolean;
  cookie?: { maxAge?: number };
}): RequestHandler;
