-- Moves one dead letter back to the queue, atomically, and only when it is still the oldest entry:
-- KEYS[1] dead-letter list, KEYS[2] main list; ARGV[1] the entry the caller read at the head of KEYS[1],
-- ARGV[2] the element cut out of it. Returns 1 when moved; 0 when the head is no longer that entry (another
-- replay took it, or the list is empty), and then nothing changed.
-- Atomic, so a replay killed at any point has moved each entry wholly or not at all: none is lost or doubled.
if redis.call('LINDEX', KEYS[1], 0) ~= ARGV[1] then
  return 0
end
redis.call('RPUSH', KEYS[2], ARGV[2])
redis.call('LPOP', KEYS[1])
return 1
