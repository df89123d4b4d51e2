/**
 * The Lua sources. A record is ONE Redis string (measured: a hash turns into
 * a hashtable, 2.7x the memory, as soon as one value exceeds 64 bytes):
 *
 *   <idleMs>,<deadline>,<expiresAt>,<revision>\n
 *   <nameBytes>:<valueBytes>:<name><value>   (once per field, no separator)
 *
 * Empty idleMs or deadline mean `null`; expiresAt has a fixed width of 15
 * digits (all zeros when the record never expires) so that a touching read
 * rewrites just those bytes with SETRANGE instead of the whole record. Lengths are byte counts, so names and values may
 * hold any bytes (':' '\n' '{' '' unicode) without escaping, and nothing
 * depends on cjson. Times are epoch milliseconds of core's clock; Redis also
 * gets a PX TTL (`expiresAt - now`) so expired records vanish by themselves.
 * A future format would start with a non-digit, non-comma byte.
 */

/** Helpers shared by the record scripts. */
const PRELUDE = `
-- '%.0f', not '%d': exact for whole numbers up to 2^53, and Lua VMs with
-- 32-bit integers (fengari, used by ioredis-mock) reject '%d' for ms times.
local function int(n) return string.format('%.0f', n) end

local EXP_WIDTH = 15

local function parse_header(s)
  local idle, deadline, exp, rev, body = string.match(s, '^(%d*),(%d*),(%d+),(%d+)\\n()')
  if not rev or #exp ~= EXP_WIDTH then return redis.error_reply('vial: key ' .. KEYS[1] .. ' does not hold a vial record') end
  local never = idle == '' and deadline == ''
  return {
    idle = idle, deadline = deadline, rev = tonumber(rev), body = body,
    exp = (not never) and tonumber(exp) or nil,
    exp_offset = #idle + #deadline + 2,
  }
end

local function fixed_exp(exp)
  return string.format('%0' .. EXP_WIDTH .. '.0f', exp or 0)
end

local function parse_fields(s, p, names, values)
  local n = #s
  while p <= n do
    local nl, vl, q = string.match(s, '^(%d+):(%d+):()', p)
    nl = tonumber(nl)
    vl = tonumber(vl)
    local name = string.sub(s, q, q + nl - 1)
    names[#names + 1] = name
    values[name] = string.sub(s, q + nl, q + nl + vl - 1)
    p = q + nl + vl
  end
end

local function header(idle, deadline, exp, rev)
  return idle .. ',' .. deadline .. ',' .. fixed_exp(exp) .. ',' .. int(rev) .. '\\n'
end

local function encode_fields(names, values, parts)
  for i = 1, #names do
    local name = names[i]
    local v = values[name]
    if v then
      values[name] = nil
      parts[#parts + 1] = #name .. ':' .. #v .. ':' .. name .. v
    end
  end
  return table.concat(parts)
end

-- min(now + idle, deadline); nil when both are empty (never expires)
local function expires_at(idle, deadline, now)
  local i = tonumber(idle)
  local d = tonumber(deadline)
  if i then i = now + i end
  if i and d then return math.min(i, d) end
  return i or d
end

-- Writes the record with a PX TTL, or deletes it when already expired.
local function store(key, s, exp, now)
  if not exp then
    redis.call('SET', key, s)
  elseif exp > now then
    redis.call('SET', key, s, 'PX', int(exp - now))
  else
    redis.call('DEL', key)
  end
end
`;

/**
 * READ. KEYS: session key. ARGV: now, touch ('1' or '0').
 * Reply: nil when absent or expired, else
 * `[expiresAt or '', revision, name1, value1, name2, value2, ...]`.
 */
export const READ_LUA = `${PRELUDE}
local s = redis.call('GET', KEYS[1])
if not s then return false end
local h = parse_header(s)
if h.err then return h end
local now = tonumber(ARGV[1])
if h.exp and h.exp <= now then return false end
if ARGV[2] == '1' then
  local exp = expires_at(h.idle, h.deadline, now)
  if exp ~= h.exp then
    if exp and exp <= now then
      redis.call('DEL', KEYS[1])
      return false
    end
    -- Only the expiry changes: rewrite its 15 bytes in place, not the record.
    redis.call('SETRANGE', KEYS[1], h.exp_offset, fixed_exp(exp))
    redis.call('PEXPIRE', KEYS[1], int(exp - now))
    h.exp = exp
  end
end
local names, values = {}, {}
parse_fields(s, h.body, names, values)
local reply = { h.exp and int(h.exp) or '', int(h.rev) }
for i = 1, #names do
  reply[#reply + 1] = names[i]
  reply[#reply + 1] = values[names[i]]
end
-- ioredis-mock (fengari, Lua 5.3) turns only constructor-built tables into
-- arrays; Redis (Lua 5.1) needs no copy, and unpack() limits the length.
if _VERSION ~= 'Lua 5.1' then return { unpack(reply) } end
return reply
`;

/**
 * CREATE. KEYS: session key. ARGV: now, idleMs or '', deadline or '', then
 * name, value pairs. Reply: 1 when created, 0 when a live record holds the key.
 */
export const CREATE_LUA = `${PRELUDE}
local now = tonumber(ARGV[1])
local old = redis.call('GET', KEYS[1])
if old then
  local h = parse_header(old)
  if h.err or not h.exp or h.exp > now then return 0 end
end
local names, values = {}, {}
for i = 4, #ARGV, 2 do
  local name = ARGV[i]
  if values[name] == nil then names[#names + 1] = name end
  values[name] = ARGV[i + 1]
end
local exp = expires_at(ARGV[2], ARGV[3], now)
store(KEYS[1], encode_fields(names, values, { header(ARGV[2], ARGV[3], exp, 1) }), exp, now)
return 1
`;

/**
 * UPDATE. KEYS: session key. ARGV: now, idleMs or '', deadline or '',
 * ifRevision or '', count of set pairs N, N name/value pairs, then names to
 * delete. Reply: 1 ok, 0 gone (nothing written, never recreated), -1 conflict.
 */
export const UPDATE_LUA = `${PRELUDE}
local s = redis.call('GET', KEYS[1])
if not s then return 0 end
local h = parse_header(s)
if h.err then return h end
local now = tonumber(ARGV[1])
if h.exp and h.exp <= now then return 0 end
if ARGV[4] ~= '' and tonumber(ARGV[4]) ~= h.rev then return -1 end
local names, values = {}, {}
parse_fields(s, h.body, names, values)
local last = 5 + 2 * tonumber(ARGV[5])
for i = 6, last, 2 do
  local name = ARGV[i]
  if values[name] == nil then names[#names + 1] = name end
  values[name] = ARGV[i + 1]
end
for i = last + 1, #ARGV do values[ARGV[i]] = nil end
local exp = expires_at(ARGV[2], ARGV[3], now)
store(KEYS[1], encode_fields(names, values, { header(ARGV[2], ARGV[3], exp, h.rev + 1) }), exp, now)
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
