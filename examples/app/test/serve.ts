import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Vial } from '@vial/core';
import { type MemoryDriver, memoryDriver } from '@vial/driver-memory';
import { type AppData, type AppSettings, createApp } from '../src/index.js';
import { SESSION_OPTIONS } from '../src/store.js';

/** The app on a loopback port, over a memory driver the test can look into. */
export interface Served {
  readonly base: string;
  readonly vial: Vial<AppData>;
  readonly driver: MemoryDriver;
  /** How many session records the store holds. */
  records(): Promise<number>;
  close(): Promise<void>;
}

/** Store options a test may change: a smaller value limit, an injected clock. */
export interface StoreOptions {
  readonly maxValueBytes?: number;
  readonly clock?: () => number;
}

const open: Served[] = [];

/** Starts the app with these settings and the example's own session options, on a fresh memory driver. */
export async function serve(settings: AppSettings = {}, store: StoreOptions = {}): Promise<Served> {
  const { maxValueBytes, clock } = store;
  const driver = memoryDriver(clock === undefined ? {} : { clock });
  const vial = new Vial<AppData>({
    driver,
    ...SESSION_OPTIONS,
    ...(maxValueBytes === undefined ? {} : { maxValueBytes }),
  });
  const app = createApp({ ...settings, vial });
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const served: Served = {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    vial,
    driver,
    async records() {
      let count = 0;
      for await (const _sid of driver.sids()) count += 1;
      return count;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await vial.close();
    },
  };
  open.push(served);
  return served;
}

/** Closes every app {@link serve} started (an `afterEach`). */
export async function closeServed(): Promise<void> {
  await Promise.all(open.splice(0).map((served) => served.close()));
}

/** A line of a stack trace, as Node.js prints one. */
export const STACK_FRAME = /^\s+at .+:\d+:\d+\)?$/m;
