/**
 * Field names inside a stored record. Core's metadata fields start with a
 * single `#`; a data key that itself starts with `#` is stored with one more
 * `#` in front, so every key ('', '__proto__', 'a:b*c', unicode) is plain data
 * and metadata never appears among the data keys.
 */

/** SHA-256 digest of the current token secret. */
export const TOKEN_DIGEST_FIELD = '#t';
/** The previous digest and until when it stays valid: `<digest> <epoch ms>`. */
export const GRACE_DIGEST_FIELD = '#g';
/** Creation time, epoch milliseconds in decimal. */
export const CREATED_AT_FIELD = '#c';
/** The bound user id. */
export const USER_ID_FIELD = '#u';

/** The field name a data key is stored under. */
export function fieldOf(key: string): string {
  return key.charCodeAt(0) === 35 /* # */ ? `#${key}` : key;
}

/** The data key stored under `field`, or `null` for a metadata field. */
export function keyOf(field: string): string | null {
  if (field.charCodeAt(0) !== 35) return field;
  return field.charCodeAt(1) === 35 ? field.slice(1) : null;
}
/** The score this session has in its user's index (epoch ms, or `inf`). */
export const INDEX_SCORE_FIELD = '#i';
/** Descriptive details the app records for listings (JSON object of strings). */
export const DETAILS_FIELD = '#d';
/** The session's own idle timeout ("remember me"): milliseconds in decimal, or `none`. Absent: the Vial's. */
export const OWN_TTL_FIELD = '#l';
/** Present (`1`) when the session asked for a browser-session cookie. */
export const BROWSER_SESSION_FIELD = '#b';
