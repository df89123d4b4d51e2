import { type Driver, Vial, type VialOptions } from '@vial/core';
import type { DescribeDriverOptions } from '../options.js';
import type { Family } from '../suite.js';

/** Vial's options that a test may choose. */
export type TestVialOptions = Omit<VialOptions, 'driver' | 'clock'>;

/** A driver behind a `Vial` whose clock the test moves forward. */
export interface VialContext {
  readonly vial: Vial;
  /** The driver itself, for reads that Vial does not count. */
  readonly driver: Driver;
  /** Every driver call Vial made, by name (`read`, `touch`, `userIndex.add`, …), in order. */
  readonly calls: string[];
  /** The Vial's clock (epoch ms). */
  now(): number;
  /** Moves the Vial's clock forward by `ms` milliseconds, without sleeping. */
  advance(ms: number): void;
  /** Another Vial over the same driver (watched) and clock, with these options. */
  withOptions(options: TestVialOptions): Vial;
  /** The suite's `storedBytes` hook for this driver, when given. */
  readonly storedBytes?: (sid: string) => Promise<number>;
}

/** The driver as Vial sees it: every call is recorded, by name, in `calls`. */
function watched(driver: Driver, calls: string[]): Driver {
  const record =
    <A extends unknown[], R>(name: string, call: (...args: A) => Promise<R>, self: object) =>
    (...args: A): Promise<R> => {
      calls.push(name);
      return call.apply(self, args);
    };
  const index = driver.userIndex;
  return {
    name: driver.name,
    ...(driver.capabilities && { capabilities: driver.capabilities }),
    read: record('read', driver.read, driver),
    create: record('create', driver.create, driver),
    update: record('update', driver.update, driver),
    touch: record('touch', driver.touch, driver),
    destroy: record('destroy', driver.destroy, driver),
    ...(index && {
      userIndex: {
        add: record('userIndex.add', index.add, index),
        list: record('userIndex.list', index.list, index),
        remove: record('userIndex.remove', index.remove, index),
      },
    }),
  };
}

async function vialContext(options: DescribeDriverOptions): Promise<VialContext> {
  // Frozen but for advance(), so that outcomes never hang on a millisecond tick. Core
  // passes this `now` to every call, so it works on stores with a wall clock too (Redis).
  let time = Date.now();
  const clock = () => time;
  const driver = await options.createDriver({
    clock: options.clock === 'virtual' ? clock : Date.now,
  });
  const calls: string[] = [];
  const seen = watched(driver, calls);
  const { storedBytes } = options;
  return {
    driver,
    calls,
    vial: new Vial({ driver: seen, clock }),
    now: clock,
    advance(ms) {
      time += ms;
    },
    withOptions: (other) => new Vial({ ...other, driver: seen, clock }),
    ...(storedBytes && { storedBytes: (sid: string) => storedBytes(driver, sid) }),
  };
}

/** A family of end-to-end clauses: one file of `src/with-vial/`; its clause ids start with `vial.`. */
export type VialFamily = Family<VialContext>;

/** Runs one clause's body on a fresh driver behind a Vial. */
export async function inVial(
  options: DescribeDriverOptions,
  body: (ctx: VialContext) => Promise<void>,
): Promise<void> {
  const ctx = await vialContext(options);
  try {
    await body(ctx);
  } finally {
    await ctx.driver.close?.();
  }
}
