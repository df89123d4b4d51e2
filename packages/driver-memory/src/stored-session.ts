import type { ExpiryPolicy } from '@vial/core';
import type { Expiring } from './expiry-heap.js';
import type { PackedFields } from './record-fields.js';
import type { Shape } from './shapes.js';

/**
 * One record as the memory driver holds it. A class rather than an object
 * literal so that every record shares one V8 hidden class with its fields
 * in-object: the smallest per-record overhead V8 offers.
 */
export class StoredSession implements Expiring, ExpiryPolicy, PackedFields {
  /** The record's id; kept so the reclaimer can remove it from the store by sid. */
  readonly sid: string;
  /** The field names, shared with other records of the same shape. */
  shape: Shape;
  /** The field values, packed in the shape's order. */
  values: string;
  /** Epoch milliseconds, or `null` for never. */
  expiresAt: number | null = null;
  /** The stored policy's idle window (milliseconds), slid again by a touching read. */
  idleMs: number | null = null;
  /** The stored policy's absolute deadline (epoch milliseconds). */
  deadline: number | null = null;
  /** 1 on create, plus 1 on every update; see `StoredRecord.revision`. */
  revision: number;
  /** Owned by the expiry heap. */
  heapIndex = -1;

  constructor(sid: string, fields: PackedFields, revision: number) {
    this.sid = sid;
    this.shape = fields.shape;
    this.values = fields.values;
    this.revision = revision;
  }

  /** Whether the record is still live at `now` (epoch milliseconds). */
  isLiveAt(now: number): boolean {
    return this.expiresAt === null || this.expiresAt > now;
  }
}
