import { setImmediate } from 'node:timers/promises';
import { DriverClosedError, VialError } from '@vial/core';
import { FileDriver, type FileRecord } from '../drivers/file-driver.js';

/** Wraps storage errors into a VialError of its own: core then passes it on as is, not as an outage. */
class ErrorWrapping extends FileDriver {
  async #wrapped<T>(io: () => Promise<T>): Promise<T> {
    try {
      return await io();
    } catch (error) {
      if (error instanceof VialError) throw error;
      throw new VialError('FILE_STORE', `the file store failed: ${(error as Error).message}`);
    }
  }
  protected override readText(path: string) {
    return this.#wrapped(() => super.readText(path));
  }
  protected override writeText(path: string, text: string) {
    return this.#wrapped(() => super.writeText(path, text));
  }
  protected override remove(path: string) {
    return this.#wrapped(() => super.remove(path));
  }
}

/** Reads any file it cannot read as no file: an outage looks like a signed-out user. */
class ErrorSwallowing extends FileDriver {
  protected override async readText(path: string) {
    return super.readText(path).catch(() => null);
  }
}

/** Reads a file that is not a record as no record, so nobody hears of it. */
class CorruptAsAbsent extends FileDriver {
  protected override parse(text: string): FileRecord | null {
    try {
      return super.parse(text);
    } catch {
      return null;
    }
  }
}

/** close() does nothing: later calls keep working. */
class WorkingAfterClose extends FileDriver {
  override async close(): Promise<void> {}
}

/** close() returns at once, and operations still on their way fail. */
class CloseAbandoning extends FileDriver {
  override async close(): Promise<void> {
    this.closed = true;
  }
  protected override op<T>(operation: string, key: string, task: () => Promise<T>): Promise<T> {
    return super.op(operation, key, async () => {
      await setImmediate();
      if (this.closed) throw new DriverClosedError(this.name, operation);
      return task();
    });
  }
}

/** The broken file drivers, by name. */
export const brokenFileDrivers: Record<string, typeof FileDriver> = {
  'error-wrapping': ErrorWrapping,
  'error-swallowing': ErrorSwallowing,
  'corrupt-as-absent': CorruptAsAbsent,
  'working-after-close': WorkingAfterClose,
  'close-abandoning': CloseAbandoning,
};
