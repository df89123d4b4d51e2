// The example's limits in one place: what one visitor can make the app keep.

/** The most items a cart holds; an add past it is refused with a message. */
export const MAX_CART_ITEMS = 20;
/** The longest name, in characters (the sign-in form says so too). */
export const MAX_NAME_LENGTH = 40;
/** The longest user agent kept in a session's details, in characters. */
export const MAX_AGENT_LENGTH = 200;
/** The largest form body read, in bytes; a larger one is answered 413. */
export const MAX_BODY_BYTES = 4096;
/**
 * vial's `maxValueBytes`: the largest encoded session value, in bytes. A full
 * cart is about 300; vial refuses a larger value before writing anything.
 */
export const MAX_VALUE_BYTES = 4096;
/** vial's `maxRecordBytes`: the largest whole session, in bytes. A full cart and a signed-in user take about 1.5 KB. */
export const MAX_RECORD_BYTES = 16 * 1024;
