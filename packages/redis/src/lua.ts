/**
 * The Lua sources. Loads and most saves need none: a load is `LRANGE`, a
 * save `RPUSHX` of the change (see record.ts). Scripts run only where one
 * step must check before it writes: creating a session (the sid must be
 * free), a save that also moves the expiry (once per 1 % of the idle
 * window), a compacting save (now and then), a conditional save (`conflict:
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
 * touch to a live session and sets its expiry. Reply: 1 ok, 0 gone.
 */
export const APPEND_EXPIRE_LUA = `${SET_EXPIRY}
if redis.call('RPUSHX', KEYS[1], ARGV[1]) == 0 then return 0 end
set_expiry(KEYS[1], ARGV[2])
return 1
`;

/**
 * COMPACT. KEYS: session. ARGV: gen and length the caller read, the new
 * base (all it read plus its change), its change, ttl or ''. When nothing
 * was written since that read (same compaction generation, same length),
 * the list becomes the new base alone; otherwise the change is appended as
 * usual. Reply: 1 ok, 0 gone.
 */
export const COMPACT_LUA = `${SET_EXPIRY}
local base = redis.call('LINDEX', KEYS[1], 0)
if not base then return 0 end
if string.match(base, '^(%d+):') == ARGV[1] and redis.call('LLEN', KEYS[1]) == tonumber(ARGV[2]) then
  redis.call('LSET', KEYS[1], 0, ARGV[3])
  redis.call('LTRIM', KEYS[1], 0, 0)
else
  redis.call('RPUSH', KEYS[1], ARGV[4])
end
if ARGV[5] ~= '' then set_expiry(KEYS[1], ARGV[5]) end
return 1
`;

/**
 * APPEND_IF_REVISION. KEYS: session. ARGV: revision, change, ttl or ''.
 * Appends the change only while the record's revision (the base's plus one
 * per change element) is the given one. Reply: 1 ok, 0 gone, -1 conflict.
 */
export const APPEND_IF_REVISION_LUA = `${SET_EXPIRY}
local all = redis.call('LRANGE', KEYS[1], 0, -1)
if #all == 0 then return 0 end
local revision = tonumber(string.match(all[1], '^%d+:(%d+):'))
for i = 2, #all do
  if string.byte(all[i], 1) == 100 then revision = revision + 1 end
end
if revision ~= tonumber(ARGV[1]) then return -1 end
redis.call('RPUSH', KEYS[1], ARGV[2])
if ARGV[3] ~= '' then set_expiry(KEYS[1], ARGV[3]) end
return 1
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
