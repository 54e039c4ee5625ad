-- Start-up recovery of the key names logpipe 0.1 used (no hash tag), on a standalone Redis only:
-- in-flight lists go back to the HEAD of the main list (in order, as the reaper does), the old dead-letter list is
-- appended to the new one (in order), the old heartbeat set is dropped. Returns {in-flight moved, dead moved}.
-- KEYS[1] main list, KEYS[2] dead-letter list, KEYS[3] old dead-letter list (or the same as KEYS[2]: kept),
-- KEYS[4] old heartbeat set, KEYS[5..] old in-flight lists
local inflight = 0
for i = 5, #KEYS do
  while redis.call('LMOVE', KEYS[i], KEYS[1], 'RIGHT', 'LEFT') do
    inflight = inflight + 1
  end
end
local dead = 0
if KEYS[3] ~= KEYS[2] then
  while redis.call('LMOVE', KEYS[3], KEYS[2], 'LEFT', 'RIGHT') do
    dead = dead + 1
  end
end
redis.call('DEL', KEYS[4])
return { inflight, dead }
