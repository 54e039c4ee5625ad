-- Reaper: for every consumer whose last heartbeat is older than ARGV[1] ms (by Redis's clock), moves its
-- in-flight list back to the HEAD of the main list, in its original order, and forgets the consumer.
-- Returns {id1, moved1, id2, moved2, ...}.
-- KEYS[1] main list, KEYS[2] heartbeat sorted set; ARGV[1] consumer timeout (ms), ARGV[2] in-flight key prefix
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
local dead = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', '(' .. string.format('%d', now - tonumber(ARGV[1])))
local out = {}
for _, id in ipairs(dead) do
  local inflight = ARGV[2] .. id
  local moved = 0
  -- tail first onto the head: the list keeps its order in front of everything that waits
  while redis.call('LMOVE', inflight, KEYS[1], 'RIGHT', 'LEFT') do
    moved = moved + 1
  end
  redis.call('ZREM', KEYS[2], id)
  out[#out + 1] = id
  out[#out + 1] = moved
end
return out
