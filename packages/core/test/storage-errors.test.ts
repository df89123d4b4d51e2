import { describe, expect, it } from 'vitest';
import { StorageUnavailableError, Vial } from '../src/index.js';
import { mapDriverWithClock } from './support/map-driver.js';

describe('a storage outage', () => {
  it('fails load with StorageUnavailableError keeping the cause, not an empty session', async () => {
    const { driver } = mapDriverWithClock();
    const vial = new Vial({ driver });
    const s = vial.session();
    s.set('a', 1);
    await s.save();
    const cause = new Error('connect ECONNREFUSED 127.0.0.1:6379');
    driver.failWith = cause;
    const error = await vial.load(s.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageUnavailableError);
    expect((error as Error).cause).toBe(cause);
    expect((error as StorageUnavailableError).status).toBe(503);
    expect((error as Error).message).toMatch(
      /map storage failed during load: connect ECONNREFUSED/,
    );
  });

  it('fails save, keeps the pending change, and saves it once storage is back', async () => {
    const { driver } = mapDriverWithClock();
    const vial = new Vial({ driver });
    const s = vial.session();
    s.set('a', 1);
    await s.save();
    s.set('a', 2);
    driver.failWith = new Error('Connection is closed.');
    await expect(s.save()).rejects.toBeInstanceOf(StorageUnavailableError);
    expect(s.get('a')).toBe(2);
    driver.failWith = null;
    await s.save();
    expect((await vial.load(s.id)).get('a')).toBe(2);
  });

  it('fails the first save of a new session and leaves it new', async () => {
    const { driver } = mapDriverWithClock();
    const vial = new Vial({ driver });
    const s = vial.session();
    s.set('a', 1);
    driver.failWith = new Error('down');
    await expect(s.save()).rejects.toBeInstanceOf(StorageUnavailableError);
    expect(s.id).toBeNull();
    expect(s.isNew).toBe(true);
    driver.failWith = null;
    await s.save();
    expect((await vial.load(s.id)).get('a')).toBe(1);
  });

  it('fails regenerate and keeps the old token working', async () => {
    const { driver } = mapDriverWithClock();
    const vial = new Vial({ driver });
    const s = vial.session();
    s.set('a', 1);
    await s.save();
    const token = s.id;
    driver.failWith = new Error('down');
    await expect(s.regenerate()).rejects.toBeInstanceOf(StorageUnavailableError);
    expect(s.id).toBe(token);
    driver.failWith = null;
    expect((await vial.load(token)).get('a')).toBe(1);
  });
});

describe('the message of a storage error', () => {
  it('says what the client said, without doubling its full stop', () => {
    const error = new StorageUnavailableError(
      'ioredis',
      'save',
      new Error('Connection is closed.'),
    );
    expect(error.message).toMatch(/during save: Connection is closed\. Check/);
  });

  it("names the client's error class when it gave no message", () => {
    class TimeoutError extends Error {}
    const error = new StorageUnavailableError('node-redis', 'read', new TimeoutError(''));
    expect(error.message).toMatch(/during read: TimeoutError \(the client gave no message\)/);
  });
});
