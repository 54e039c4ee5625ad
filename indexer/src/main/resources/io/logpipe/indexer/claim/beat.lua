-- Heartbeat: refreshes each live consumer id's entry with Redis's own time (ms), so the consumers of all hosts
-- are judged by one clock; returns the main and dead-letter lists' lengths for the metrics.
-- Only refreshes (ZADD XX): a consumer joins the set with its first claim. The ids were read before this call,
-- so a worker may have left the set (release.lua) in between; adding it back would leave a stopped consumer
-- in the set for the reaper to find, with nothing to return.
-- KEYS[1] heartbeat sorted set, KEYS[2] main list, KEYS[3] dead-letter list; ARGV consumer ids
local t = redis.call('TIME')
local now = string.format('%d', t[1] * 1000 + math.floor(t[2] / 1000))
for i = 1, #ARGV do
  redis.call('ZADD', KEYS[1], 'XX', now, ARGV[i])
end
return { redis.call('LLEN', KEYS[2]), redis.call('LLEN', KEYS[3]) }
