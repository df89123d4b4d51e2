/**
 * express-session stored whatever `JSON.stringify` made of `req.session`: a
 * `Date` became its ISO string, `NaN` became `null`, an `undefined` property
 * was dropped. vial's codec refuses such values instead of changing them, so
 * the express-session face stores what JSON would have, key by key, where
 * the codec refuses one: a ported route keeps working. The vial API keeps
 * its strict codec.
 */
import { EncodingError } from '@vial/core';

/** The keys a face writes through: its Session, or the copy a regenerate left. */
export interface JsonBacking {
  get(key: string): unknown;
  set(key: string, value: never): unknown;
  has(key: string): boolean;
  delete(key: string): boolean;
}

/** Stores `value` under `key`, or what `JSON.stringify` makes of it when the codec refuses it. */
export function setAsJson(backing: JsonBacking, key: string, value: unknown): void {
  try {
    backing.set(key, value as never);
  } catch (error) {
    if (!(error instanceof EncodingError)) throw error;
    storeJsonOf(backing, key, value, error);
  }
}

/**
 * Saves `session` when it has changes; a value changed inside since it was
 * set (`req.session.user.seen = new Date()`) that the codec refuses is
 * stored as JSON would have it, and the save tried again.
 */
export async function saveAsJson(session: JsonBacking & SaveOnly): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      // An unchanged new session is not stored; a stored one's save() writes only what changed.
      if (!session.isNew || session.hasChanges()) await session.save();
      return;
    } catch (error) {
      // A key that cannot be read back (stored by another codec) is not ours to change.
      if (!(error instanceof EncodingError) || attempt > 1_000 || !session.has(error.key)) {
        throw error;
      }
      storeJsonOf(session, error.key, session.get(error.key), error);
    }
  }
}

interface SaveOnly {
  readonly isNew: boolean;
  hasChanges(): boolean;
  save(): Promise<void>;
}

/** What JSON cannot hold either (a `BigInt`, a cycle) fails with the codec's error, naming the key. */
function storeJsonOf(
  backing: JsonBacking,
  key: string,
  value: unknown,
  refused: EncodingError,
): void {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    throw refused;
  }
  if (text === undefined) backing.delete(key);
  else backing.set(key, JSON.parse(text) as never);
}
