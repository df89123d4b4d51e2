/**
 * The Lua sources. Loads and most saves need none: a load is `LRANGE`, a
 * save `RPUSHX` of the change (see record.ts). Scripts run only where one
 * step must check before it writes: creating a session (the sid must be
 * free), a save that also moves the expiry (once per 1 % of the idle
 * window), a save that makes the record larger (the size limit), a
 * compacting save (now and then), a conditional save (`conflict:
 * 'reject'`), and the user index. A script call costs Redis several times a
 * plain command (measured: see bench/README.md of this package).
 *
 * `ttl` arguments: milliseconds for `PEXPIRE`, `-` for `PERSIST` (never
 * expires). A non-positive `PEXPIRE` deletes the key, as an expired record.
 */

const SET_EXPIRY = `
local function set_expiry(key, ttl)
  if ttl == '-' then redis.call('PERSIST', key) else redis.call('PEXPIRE', key, ttl) end
end
`;

/** CREATE. KEYS: session. ARGV: base element, ttl. Reply: 1 created, 0 the key is taken. */
export const CREATE_LUA = `${SET_EXPIRY}
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('RPUSH', KEYS[1], ARGV[1])
set_expiry(KEYS[1], ARGV[2])
return 1
`;

/**
 * APPEND_EXPIRE. KEYS: session. ARGV: element, ttl. Appends a change or a
 * touch to a live session and sets its expiry. Reply: the list's new length,
 * 0 when gone.
 */
export const APPEND_EXPIRE_LUA = `${SET_EXPIRY}
local n = redis.call('RPUSHX', KEYS[1], ARGV[1])
if n == 0 then return 0 end
set_expiry(KEYS[1], ARGV[2])
return n
`;

/**
 * SAVE: every write that must check something first, compact, or both.
 * KEYS: session. ARGV:
 *  1 the element to append (a change or a touch), '' for none (a compaction alone)
 *  2 ttl, '' to keep the expiry
 *  3 the caller's basis: compaction generation, '' for none; 4 its length; 5 its revision
 *  6 the revision the record must have (`conflict: 'reject'`), '' for any
 *  7 the most bytes the record may hold (`maxRecordBytes`), '' for no check
 *  8 bytes of the record after this write as the basis saw it
 *  9 bytes this write adds at most, without a basis (its entries)
 * 10 a compacted base: the basis's state with this write applied, at the next generation
 *    and the revision it has with this write (`<gen + 1>:<revision>:<expiry>\n<entries>`), '' for none
 * 11 the length of that base's `<gen + 1>:<revision>:` prefix
 *
 * The basis holds when the base has its generation and the list is at
 * least its length: then its elements are still the first ones, and only
 * those after them need reading. The size check bounds the record by what
 * the basis knew plus the bytes of every element since (each adds at most
 * its own length), or, without a basis, by the whole list's bytes: atomic
 * with the append, so concurrent saves cannot pass the limit together.
 * A compaction replaces the known prefix by one base and keeps the elements
 * since, then appends this write once more so that it still comes after
 * them; with nothing since, the base alone is the list.
 *
 * Reply: {status, new length}. Status 1 appended (the basis held), 4
 * appended (it did not), 2 compacted to the base alone, 3 compacted with
 * later elements kept, 0 gone, -1 conflict, -2 over the size limit.
 */
export const SAVE_LUA = `${SET_EXPIRY}
local key, change, ttl = KEYS[1], ARGV[1], ARGV[2]
local head = redis.call('LINDEX', key, 0)
if not head then return {0, 0} end
local n = redis.call('LLEN', key)
local gen, rev = string.match(head, '^(%d+):(%d+):')
if not gen then return {0, 0} end
local from, known = 1, nil
if ARGV[3] ~= '' and gen == ARGV[3] and n >= tonumber(ARGV[4]) then
  from, known = tonumber(ARGV[4]), tonumber(ARGV[5])
end
local since
if (ARGV[6] ~= '' or ARGV[7] ~= '') and from < n then since = redis.call('LRANGE', key, from, -1) end
if ARGV[6] ~= '' then
  local revision = known or tonumber(rev)
  if since then
    for i = 1, #since do
      if string.byte(since[i], 1) == 100 then revision = revision + 1 end
    end
  end
  if revision ~= tonumber(ARGV[6]) then return {-1, n} end
end
if ARGV[7] ~= '' then
  local bound = known and tonumber(ARGV[8]) or (#head + tonumber(ARGV[9]))
  if since then
    for i = 1, #since do bound = bound + #since[i] end
  end
  if bound > tonumber(ARGV[7]) then return {-2, n} end
end
local status, length = known and 1 or 4, n
if ARGV[10] ~= '' and known then
  if n == from then
    redis.call('LSET', key, 0, ARGV[10])
    if n > 1 then redis.call('LTRIM', key, 0, 0) end
    status, length = 2, 1
  else
    -- The base as sent counts this change; kept after it, the change counts once more.
    -- %d: Lua 5.3 (ioredis-mock) would print a sum of strings as '6.0'.
    local base = string.format('%d:%d:', gen + 1, known) .. string.sub(ARGV[10], tonumber(ARGV[11]) + 1)
    redis.call('LTRIM', key, from, -1)
    length = redis.call('LPUSH', key, base)
    if change ~= '' then length = redis.call('RPUSH', key, change) end
    status = 3
  end
elseif change ~= '' then
  length = redis.call('RPUSH', key, change)
end
if ttl ~= '' then set_expiry(key, ttl) end
return {status, length}
`;

/**
 * Helper of the index scripts: the key expires (PEXPIREAT, epoch ms) with its
 * latest member, or never, so an index nobody reads again cannot outlive its sessions.
 */
const INDEX_PRELUDE = `
local function expire_with_last_member(key)
  local top = redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')[2]
  if not top then return end
  local last = tonumber(top)
  if not last or last == math.huge then
    redis.call('PERSIST', key)
  else
    redis.call('PEXPIREAT', key, string.format('%.0f', last))
  end
end
`;

/**
 * INDEX_ADD. KEYS: user index key. ARGV: sid, expiresAt or '+inf', now.
 * Prunes members expired at `now`, adds or rescores `sid`, and sets the
 * key's own expiry to its latest member's so an idle index disappears.
 */
export const INDEX_ADD_LUA = `${INDEX_PRELUDE}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[3])
-- A Lua number reaches Redis as 'inf' and ioredis-mock as Infinity; the string '+inf' only the former parses.
redis.call('ZADD', KEYS[1], ARGV[2] == '+inf' and math.huge or ARGV[2], ARGV[1])
expire_with_last_member(KEYS[1])
return 1
`;

/**
 * INDEX_REMOVE. KEYS: user index key. ARGV: sids. Removes them and
 * re-derives the key's expiry from the members left.
 */
export const INDEX_REMOVE_LUA = `${INDEX_PRELUDE}
-- One ZREM per 1,000 members: unpack() is limited by Lua's C stack.
for first = 1, #ARGV, 1000 do
  redis.call('ZREM', KEYS[1], unpack(ARGV, first, math.min(first + 999, #ARGV)))
end
expire_with_last_member(KEYS[1])
return 1
`;

/**
 * INDEX_LIST. KEYS: user index key. ARGV: now. Removes members whose expiry
 * is at or before `now`, then replies `[sid1, score1, sid2, score2, ...]`.
 */
export const INDEX_LIST_LUA = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
return redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
`;
