// Proposed replacements for two Lua scripts of @vial/redis-scripts, measured
// by lua-cost.mjs. NOT used by vial: an experiment that gives the owners of
// @vial/redis-scripts and the drivers figures for a fix (see bench/README.md).
//
// READ_RAW: same checks and touch as READ_LUA, but replies
//   [expiresAt or '', record] with the record string as stored, to be parsed
//   in JS (parseRecord) instead of building a 2 + 2n element reply in Lua.
// UPDATE_FAST: same semantics as UPDATE_LUA (merge, delete, never recreate,
//   ifRevision), but copies untouched fields as whole byte ranges and only
//   extracts a field's name when its length matches a changed name's.
import { createHash } from 'node:crypto';
const sha = (s) => createHash('sha1').update(s).digest('hex');
const PRE = `
local EXP_WIDTH = 15
local function int(n) return string.format('%.0f', n) end
local function fixed_exp(exp) return string.format('%0' .. EXP_WIDTH .. '.0f', exp or 0) end
local function expires_at(idle, deadline, now)
  local i = tonumber(idle) local d = tonumber(deadline)
  if i then i = now + i end
  if i and d then return math.min(i, d) end
  return i or d
end
`;
export const READ_RAW = `${PRE}
local s = redis.call('GET', KEYS[1])
if not s then return false end
local idle, deadline, exp, rev = string.match(s, '^(%d*),(%d*),(%d+),(%d+)\\n')
if not rev or #exp ~= EXP_WIDTH then return redis.error_reply('vial: not a record') end
local now = tonumber(ARGV[1])
local e = (idle ~= '' or deadline ~= '') and tonumber(exp) or nil
if e and e <= now then return false end
if ARGV[2] == '1' then
  local x = expires_at(idle, deadline, now)
  if x ~= e then
    if x and x <= now then redis.call('DEL', KEYS[1]) return false end
    redis.call('SETRANGE', KEYS[1], #idle + #deadline + 2, fixed_exp(x))
    redis.call('PEXPIRE', KEYS[1], int(x - now))
    e = x
  end
end
return { e and int(e) or '', s }
`;
export const UPDATE_FAST = `${PRE}
local s = redis.call('GET', KEYS[1])
if not s then return 0 end
local idle, deadline, exp, rev, body = string.match(s, '^(%d*),(%d*),(%d+),(%d+)\\n()')
if not rev or #exp ~= EXP_WIDTH then return redis.error_reply('vial: not a record') end
local now = tonumber(ARGV[1])
local e = (idle ~= '' or deadline ~= '') and tonumber(exp) or nil
if e and e <= now then return 0 end
rev = tonumber(rev)
if ARGV[4] ~= '' and tonumber(ARGV[4]) ~= rev then return -1 end
-- changes by name: new value, or false to delete; lens: name lengths that can match
local change, lens = {}, {}
local last = 5 + 2 * tonumber(ARGV[5])
for i = 6, last, 2 do change[ARGV[i]] = ARGV[i + 1] lens[#ARGV[i]] = true end
for i = last + 1, #ARGV do change[ARGV[i]] = false lens[#ARGV[i]] = true end
local x = expires_at(idle, deadline, now)
local parts = { idle .. ',' .. deadline .. ',' .. fixed_exp(x) .. ',' .. int(rev + 1) .. '\\n' }
local p, run, n = body, body, #s
while p <= n do
  local nl, vl, q = string.match(s, '^(%d+):(%d+):()', p)
  nl = tonumber(nl)
  local stop = q + nl + tonumber(vl)
  if lens[nl] then
    local name = string.sub(s, q, q + nl - 1)
    local v = change[name]
    if v ~= nil then
      if run < p then parts[#parts + 1] = string.sub(s, run, p - 1) end
      if v then parts[#parts + 1] = nl .. ':' .. #v .. ':' .. name .. v end
      change[name] = nil
      run = stop
    end
  end
  p = stop
end
if run <= n then parts[#parts + 1] = string.sub(s, run, n) end
for i = 6, last, 2 do
  local name = ARGV[i]
  if change[name] then parts[#parts + 1] = #name .. ':' .. #ARGV[i + 1] .. ':' .. name .. ARGV[i + 1] change[name] = nil end
end
local out = table.concat(parts)
if not x then redis.call('SET', KEYS[1], out)
elseif x > now then redis.call('SET', KEYS[1], out, 'PX', int(x - now))
else redis.call('DEL', KEYS[1]) end
return 1
`;
export const shas = { readRaw: sha(READ_RAW), updateFast: sha(UPDATE_FAST) };

/** Parses the raw record Buffer (header + length-prefixed fields) into fields and revision. */
export function parseRecord(buf) {
  const nl = buf.indexOf(10);
  const header = buf.toString('latin1', 0, nl).split(',');
  const fields = new Map();
  let p = nl + 1;
  const n = buf.length;
  while (p < n) {
    let nameLen = 0;
    while (buf[p] !== 58) nameLen = nameLen * 10 + buf[p++] - 48;
    p++;
    let valueLen = 0;
    while (buf[p] !== 58) valueLen = valueLen * 10 + buf[p++] - 48;
    p++;
    const name = buf.toString('utf8', p, p + nameLen);
    p += nameLen;
    fields.set(name, buf.toString('utf8', p, p + valueLen));
    p += valueLen;
  }
  return { fields, revision: Number(header[3]) };
}
