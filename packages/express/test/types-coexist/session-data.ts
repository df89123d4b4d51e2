// The one declaration MIGRATING.md shows: the same before and after @types/express-session is removed.
import type {} from '@vial/express';

declare module '@vial/express' {
  interface SessionData {
    cart: string[];
    passport: { user?: string };
    lastSeen: string;
  }
}
