/**
 * What vial's Redis drivers share, independent of the Redis client: key
 * names, the Lua scripts with their SHA1s, argument encoding and reply
 * decoding. A driver maps each operation to one EVALSHA of these scripts.
 */
export {
  createArgs,
  decodeCreate,
  decodeIndexList,
  decodeRead,
  decodeUpdate,
  indexAddArgs,
  indexListArgs,
  indexRemoveArgs,
  readArgs,
  updateArgs,
} from './codec.js';
export { DEFAULT_PREFIX, type Keyspace, keyspace } from './keys.js';
export { isNoScriptError, type RedisScript, runScript, scripts } from './script.js';
export { groupBySlot, keySlot } from './slot.js';
