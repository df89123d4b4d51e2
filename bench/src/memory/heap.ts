import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { BenchConfig } from '../config.js';
import { firstErrorLine, type Unmeasured } from '../unmeasured.js';

/** Heap bytes per session, as measured by `packages/driver-memory/bench/heap.mjs`. */
export interface HeapMemory {
  readonly sessions: number;
  readonly node: string;
  /** Bytes per session held by `@vial/driver-memory`. */
  readonly driver: number;
  /** Bytes per session held by express-session's MemoryStore. */
  readonly memoryStore: number;
  readonly ratio: number;
}

// The heap measurement lives beside the driver it describes; the bench runs it, never copies it.
const HEAP_SCRIPT = fileURLToPath(
  new URL('../../../packages/driver-memory/bench/heap.mjs', import.meta.url),
);

/**
 * Runs the driver-memory heap measurement in a child (it needs `--expose-gc`
 * and a quiet heap). A failure (the memory driver does not load) is returned,
 * not thrown: the rest of the run stays useful.
 */
export async function measureHeap(config: BenchConfig): Promise<HeapMemory | Unmeasured> {
  try {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--expose-gc', HEAP_SCRIPT, String(config.memory.heapSessions), '--json'],
      { maxBuffer: 1 << 20 },
    );
    return JSON.parse(stdout.trim().split('\n').at(-1) as string) as HeapMemory;
  } catch (error) {
    return { reason: firstErrorLine(error) };
  }
}
