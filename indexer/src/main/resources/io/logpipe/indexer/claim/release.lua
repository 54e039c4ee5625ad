-- Release: a stopping consumer leaves the heartbeat set, unless it still has an in-flight list (then the
-- reaper, or the same consumer id restarted, must find it).
-- KEYS[1] this consumer's in-flight list, KEYS[2] heartbeat sorted set; ARGV[1] consumer id
if redis.call('EXISTS', KEYS[1]) == 0 then
  return redis.call('ZREM', KEYS[2], ARGV[1])
end
return 0
