-- Claim: tops this consumer's in-flight list up to ARGV[1] elements, taken atomically from the head of the
-- main list, records its heartbeat, and returns the whole in-flight list (so a consumer restarted with the
-- same id first gets back what its previous life left there).
-- KEYS[1] main list, KEYS[2] this consumer's in-flight list, KEYS[3] heartbeat sorted set
-- ARGV[1] batch size, ARGV[2] consumer id
local t = redis.call('TIME')
redis.call('ZADD', KEYS[3], string.format('%d', t[1] * 1000 + math.floor(t[2] / 1000)), ARGV[2])
local held = redis.call('LLEN', KEYS[2])
local want = tonumber(ARGV[1]) - held
local taken = {}
if want > 0 then
  taken = redis.call('LRANGE', KEYS[1], 0, want - 1)
  if #taken > 0 then
    redis.call('LTRIM', KEYS[1], #taken, -1)
    -- in slices: unpack() of a very large table overflows Lua's stack
    for i = 1, #taken, 1000 do
      redis.call('RPUSH', KEYS[2], unpack(taken, i, math.min(i + 999, #taken)))
    end
  end
end
if held == 0 then
  return taken
end
return redis.call('LRANGE', KEYS[2], 0, -1)
