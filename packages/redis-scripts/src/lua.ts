/**
 * The Lua sources. A record is ONE Redis string (measured: a hash turns into
 * a hashtable, 2.7x the memory, as soon as one value exceeds 64 bytes):
 *
 *   <idleMs>,<deadline>,<expiresAt>,<revision>\n
 *   <nameBytes>:<valueBytes>:<name><value>   (once per field, no separator)
 *
 * Empty idleMs or deadline mean `null`; expiresAt has a fixed width of 15
 * digits (all zeros when the record never expires) so that a touching read
 * rewrites just those bytes with SETRANGE instead of the whole record. Lengths
 * are byte counts, so names and values may hold any bytes (':' '\n' '{' ''
 * unicode) without escaping, and nothing depends on cjson. Times are epoch
 * milliseconds of core's clock; Redis also gets a PX TTL (`expiresAt - now`)
 * so expired records vanish by themselves. A future format would start with a
 * non-digit, non-comma byte.
 *
 * Why the scripts look the way they do (measured with `INFO commandstats` on
 * Redis 7.0, see bench/README.md of this package): each `redis.call` costs
 * about 0.9 µs, and every string a script creates costs about 0.8 µs per
 * 770 bytes, mostly in Lua's garbage collector. So the scripts never split a
 * record into its fields: the read script returns the stored string as it is
 * (JS parses it, `decodeRead`), and the update script copies the runs of
 * untouched fields as whole substrings. Everything that depends only on the
 * arguments (the new header, the encoded fields, the TTL) is computed in JS
 * (codec.ts), not in Lua.
 */

/** Matches a record header: idleMs, deadline, expiresAt, revision, then the body's first position. */
const HEADER = `'^(%d*),(%d*),(%d+),(%d+)\\n()'`;

/** The error reply for a key that holds something else than a vial record. */
const NOT_A_RECORD = `redis.error_reply('vial: key ' .. KEYS[1] .. ' does not hold a vial record')`;

/**
 * READ. KEYS: session key. ARGV: now, touch ('1' or '0').
 * Reply: nil when absent or expired, else the record string as stored before
 * this read. With touch, the expiry it slid to is `min(now + idleMs, deadline)`
 * of the record's own policy: `decodeRead` computes it from the header.
 */
export const READ_LUA = `
local s = redis.call('GET', KEYS[1])
if not s then return false end
local idle, deadline, exp = string.match(s, ${HEADER})
if not exp or #exp ~= 15 then return ${NOT_A_RECORD} end
if idle == '' and deadline == '' then return s end
local now = tonumber(ARGV[1])
local e = tonumber(exp)
if e <= now then return false end
if ARGV[2] == '1' then
  local x = tonumber(deadline)
  if idle ~= '' then
    local i = now + idle
    if not x or i < x then x = i end
  end
  if x ~= e then
    if x <= now then
      redis.call('DEL', KEYS[1])
      return false
    end
    -- Only the expiry changes: rewrite its 15 bytes in place, not the record.
    -- '%.0f', not '%d': exact for whole numbers up to 2^53, and Lua VMs with
    -- 32-bit integers (fengari, used by ioredis-mock) reject '%d' for ms times.
    redis.call('SETRANGE', KEYS[1], #idle + #deadline + 2, string.format('%015.0f', x))
    redis.call('PEXPIRE', KEYS[1], string.format('%.0f', x - now))
  end
end
return s
`;

/**
 * CREATE. KEYS: session key. ARGV: now, ttl, record. `record` is the whole
 * encoded record (revision 1); `ttl` is its PX in ms, '' for never, '0' when
 * it is already expired (nothing stored). Reply: 1 when created, 0 when a live
 * record (or anything that is not a record) holds the key.
 */
export const CREATE_LUA = `
local old = redis.call('GET', KEYS[1])
if old then
  local idle, deadline, exp = string.match(old, ${HEADER})
  if not exp or #exp ~= 15 or (idle == '' and deadline == '') or tonumber(exp) > tonumber(ARGV[1]) then
    return 0
  end
end
local ttl = ARGV[2]
if ttl == '' then
  redis.call('SET', KEYS[1], ARGV[3])
elseif ttl ~= '0' then
  redis.call('SET', KEYS[1], ARGV[3], 'PX', ttl)
elseif old then
  redis.call('DEL', KEYS[1])
end
return 1
`;

/**
 * UPDATE. KEYS: session key. ARGV: now, the new header up to the revision
 * (`<idleMs>,<deadline>,<expiresAt>,`), ifRevision or '', ttl (as for
 * CREATE), count of set fields N, N pairs of name and encoded field
 * (`<nameBytes>:<valueBytes>:<name><value>`), then names to delete.
 * Reply: 1 ok, 0 gone (nothing written, never recreated), -1 conflict.
 *
 * One pass over the record: a field whose name is neither set nor deleted is
 * not copied on its own; runs of such fields are copied as one substring. A
 * field's name is only extracted when its length matches a changed name's.
 * Replaced fields keep their place; new ones are appended in ARGV order.
 */
export const UPDATE_LUA = `
local s = redis.call('GET', KEYS[1])
if not s then return 0 end
local idle, deadline, exp, rev, body = string.match(s, ${HEADER})
if not rev or #exp ~= 15 then return ${NOT_A_RECORD} end
if (idle ~= '' or deadline ~= '') and tonumber(exp) <= tonumber(ARGV[1]) then return 0 end
-- Both sides are canonical decimals (JS String(), Lua '%.0f'/tostring).
if ARGV[3] ~= '' and ARGV[3] ~= rev then return -1 end
-- change: name -> ARGV index of its encoded field, or false to delete.
-- lens: the changed names' byte lengths in decimal, as the walk reads them.
local last = 5 + 2 * ARGV[5]
local change, lens = {}, {}
for i = 6, last, 2 do
  local name = ARGV[i]
  change[name] = i + 1
  lens[tostring(#name)] = true
end
for i = last + 1, #ARGV do
  local name = ARGV[i]
  change[name] = false
  lens[tostring(#name)] = true
end
local match, sub = string.match, string.sub
-- '%.0f', not tostring(): fengari's string arithmetic yields floats ('2.0').
local out = { ARGV[2], string.format('%.0f', rev + 1), '\\n' }
local o = 3
-- run: start of the untouched bytes not yet copied to out
local p, run, n = body, body, #s
while p <= n do
  local nl, vl, q = match(s, '^(%d+):(%d+):()', p)
  if not q then return ${NOT_A_RECORD} end
  local stop = q + nl + vl
  if lens[nl] then
    local name = sub(s, q, q + nl - 1)
    local v = change[name]
    if v ~= nil then
      if run < p then o = o + 1 out[o] = sub(s, run, p - 1) end
      if v then
        o = o + 1 out[o] = ARGV[v]
        change[name] = nil
      end
      run = stop
    end
  end
  p = stop
end
if run <= n then o = o + 1 out[o] = sub(s, run, n) end
for i = 6, last, 2 do
  if change[ARGV[i]] then o = o + 1 out[o] = ARGV[i + 1] end
end
local ttl = ARGV[4]
if ttl == '' then
  redis.call('SET', KEYS[1], table.concat(out))
elseif ttl ~= '0' then
  redis.call('SET', KEYS[1], table.concat(out), 'PX', ttl)
else
  redis.call('DEL', KEYS[1])
end
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
