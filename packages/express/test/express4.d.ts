// express@4 is installed under the alias express4; its API matches the typed express@5 closely enough for the tests.
declare module 'express4' {
  import type { Express } from 'express';
  export default function express(): Express;
}
