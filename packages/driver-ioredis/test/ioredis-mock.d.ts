// ioredis-mock 8 ships no types; it mimics ioredis's Redis class.
declare module 'ioredis-mock' {
  import type { Redis } from 'ioredis';

  const RedisMock: new () => Redis;
  export default RedisMock;
}
