-- Finish: the batch is settled. Appends its dead-letter entries and deletes the in-flight list, in one step,
-- so a crash can neither lose the entries nor write them twice.
-- KEYS[1] this consumer's in-flight list, KEYS[2] dead-letter list; ARGV dead-letter entries
for i = 1, #ARGV, 1000 do
  redis.call('RPUSH', KEYS[2], unpack(ARGV, i, math.min(i + 999, #ARGV)))
end
return redis.call('DEL', KEYS[1])
