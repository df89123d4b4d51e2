// The session shape of this test program, declared as users of @types/express-session do.
declare module '../../src/index.js' {
  interface SessionData {
    views: number;
    profile: { visits: number; name?: string };
    returnTo: string;
    passport: { user?: string };
    flash: Record<string, string[]>;
    [key: `k${number}`]: string;
    n: number;
    cart: string[];
  }
}

export {};
