#!/usr/bin/env bash
# Quick, by-hand measure of the indexer against the raw _bulk ceiling (not part of the build; the full
# benchmark is bench/run.sh). Same N events, same Elasticsearch node, same index name and template:
#   1. indexer: N events preloaded in a staging list; the indexer (defaults: 4 workers, batch 1000) is started
#      and ready; RENAME staging -> the list it drains; time until the list and every in-flight list are empty.
#   2. ceiling: the same documents as pre-built _bulk bodies of 1000 (create, _id = event.id), posted by 2
#      concurrent curl clients (one keep-alive connection each); time until both finished.
# Each run starts from a deleted index; _count is checked after each.
#
#   bench/indexer-quick/run.sh [EVENTS (1000000)] [RUNS (1)]
#   INDEXER_OPTS='-D…' adds JVM options to the indexer (its log: bench/indexer-quick/.work/indexer-<run>.log)
#   THREADS=1 prints the indexer's CPU seconds per thread name during the measured drain, and its _bulk wait
#   WARM=1 lets the indexer drain the same N events WARM_PASSES (3) times before (into the same index, deleted
#      after): the measured drain is then a warm JIT's (THREADS=1 shows what the compiler threads still spend)
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-1000000}
RUNS=${2:-1}
HERE=bench/indexer-quick
WORK=$HERE/.work
KEY=bench
INDEX=bench-2026.11.24
JAR=${INDEXER_JAR:-indexer/target/quarkus-app/quarkus-run.jar}
DEVSTACK=devstack/target/logpipe-devstack-0.1.0-SNAPSHOT.jar
log() { echo "[indexer-quick $(date +%H:%M:%S)] $*" >&2; }
# it drives Redis with redis-cli (as bench/filter does, installed from Debian's redis-tools when missing)
command -v redis-cli >/dev/null || { log "installing redis-tools"; DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -qq \
  && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq redis-tools >/dev/null; }
[ -f $JAR ] || ./mvnw -q -B package -DskipTests -pl indexer -am
[ -f $DEVSTACK ] || ./mvnw -q -B install -DskipTests -pl common,devstack
rm -rf $WORK && mkdir -p $WORK

java -jar $DEVSTACK --data $WORK/stack --es-heap 1g --env-file $WORK/stack.env >$WORK/devstack.log 2>&1 &
STACK=$!
INDEXER=""
cleanup() {
  # set -e also applies here: every step must succeed or be allowed to fail, or the servers would outlive us
  if [ -n "$INDEXER" ]; then kill "$INDEXER" 2>/dev/null || true; fi
  kill "$STACK" 2>/dev/null || true
  wait "$STACK" 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 600); do grep -q READY $WORK/devstack.log && break; sleep 0.5; done
grep -q READY $WORK/devstack.log || { cat $WORK/devstack.log; exit 1; }
# shellcheck disable=SC1090
. $WORK/stack.env
ES=http://127.0.0.1:$ELASTICSEARCH_PORT
rcli() { redis-cli -p "$REDIS_PORT" "$@"; }
# Elasticsearch's own account of the index just written: merges, refreshes, flushes, time indexing
index_stats() {
  curl -s "$ES/$INDEX/_stats/indexing,merge,refresh,flush" | python3 -c 'import json, sys
p = json.load(sys.stdin)["_all"]["primaries"]
print("index_ms=%d merges=%d merge_ms=%d merged_docs=%d refreshes=%d flushes=%d" % (p["indexing"]["index_time_in_millis"],
  p["merges"]["total"], p["merges"]["total_time_in_millis"], p["merges"]["total_docs"], p["refresh"]["total"], p["flush"]["total"]))'
}
count() { curl -s -XPOST "$ES/$INDEX/_refresh" >/dev/null; curl -s "$ES/$INDEX/_count" | sed -n 's/.*"count":\([0-9]*\).*/\1/p'; }
now() { date +%s%N; }
cpu() { awk '{print ($14 + $15) / 100}' /proc/$1/stat; }
# CPU seconds so far of Elasticsearch's server process and of Redis (what the indexer shares the cores with)
servers_cpu() {
  local es rd
  es=$(pgrep -f org.elasticsearch.bootstrap.Elasticsearch | head -1)
  rd=$(pgrep -f "redis-server.*$REDIS_PORT" | head -1)
  echo "$(cpu "$es") $(cpu "$rd")"
}
# "Elasticsearch X s, Redis Y s" between two servers_cpu readings
servers_used() { awk -v a="$1" -v b="$2" 'BEGIN { split(a, x, " "); split(b, y, " "); printf "Elasticsearch %.1f s, Redis %.1f s", y[1] - x[1], y[2] - x[2] }'; }

log "generating $N events"
java $HERE/Gen.java "$N" $KEY:staging $INDEX "$ES" 2 $WORK

# "ticks name" per thread name (digits dropped, so pools add up): utime + stime, fields 12 and 13 after ") "
snapshot_threads() {
  for t in /proc/$INDEXER/task/*; do
    sed 's/.*) //' $t/stat | awk -v name="$(tr -d '0-9 ' <$t/comm)" '{ print $12 + $13, name }'
  done | awk '{ s[$2] += $1 } END { for (n in s) print s[n], n }'
}

# Until the list and every in-flight list are empty: one redis-cli polling every 20 ms (spawning a client per
# poll would take CPU from Elasticsearch).
wait_drained() {
  while read -r left; do [ "$left" = 0 ] && break; done < <(rcli -r -1 -i 0.02 EVAL \
    "local n = redis.call('LLEN', KEYS[1]) for _, k in ipairs(redis.call('KEYS', ARGV[1])) do n = n + redis.call('LLEN', k) end return n" \
    1 $KEY "{$KEY}:inflight:*")
}

run_indexer() {
  curl -s -XDELETE "$ES/$INDEX" >/dev/null
  rcli DEL $KEY $KEY:staging {$KEY}:dead >/dev/null
  rcli --pipe <$WORK/events.resp >/dev/null
  if [ "${WARM:-0}" = 1 ]; then
    rcli RENAME $KEY:staging $KEY >/dev/null
    rcli --pipe <$WORK/events.resp >/dev/null
  fi
  [ "$(rcli LLEN $KEY:staging)" = "$N" ] || { log "preload failed"; exit 1; }
  PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  # shellcheck disable=SC2086
  java ${INDEXER_OPTS:-} -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port=$PORT -Dquarkus.redis.hosts=redis://127.0.0.1:$REDIS_PORT \
    -Dquarkus.elasticsearch.hosts=127.0.0.1:$ELASTICSEARCH_PORT -Dindexer.redis.key=$KEY -Dindexer.consumer-id=bench \
    -Dindexer.index='bench-%{+YYYY.MM.dd}' -Dindexer.template.replicas=0 -jar $JAR >$WORK/indexer-$run.log 2>&1 &
  INDEXER=$!
  for _ in $(seq 600); do [ "$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:$PORT/q/health/ready)" = 200 ] && break; sleep 0.2; done
  for _ in $(seq 600); do [ "$(rcli ZCARD {$KEY}:consumers)" -ge "${WORKERS:-4}" ] && break; sleep 0.1; done   # every worker claiming (WORKERS=n when INDEXER_OPTS sets indexer.workers)
  local cpu0 cpu1 t0 t1 c s0 s1
  if [ "${WARM:-0}" = 1 ]; then
    wait_drained
    # per-batch code (HTTP client, claim) runs N/1000 times a pass: more passes compile it too (bench/filter)
    for _ in $(seq 2 "${WARM_PASSES:-3}"); do
      rcli RENAME $KEY:staging $KEY >/dev/null
      wait_drained
      rcli --pipe <$WORK/events.resp >/dev/null
    done
    curl -s -XDELETE "$ES/$INDEX" >/dev/null
    log "run $run: warm-up drained"
  fi
  snapshot_threads >$WORK/threads0
  cpu0=$(cpu $INDEXER)
  s0=$(servers_cpu)
  t0=$(now)
  rcli RENAME $KEY:staging $KEY >/dev/null
  wait_drained
  t1=$(now)
  cpu1=$(cpu $INDEXER)
  s1=$(servers_cpu)
  if [ "${THREADS:-0}" = 1 ]; then
    # ticks per thread during the measured drain (threads named alike, such as the workers, added up)
    snapshot_threads | awk 'NR == FNR { before[$2] = $1; next } { d = $1 - before[$2]; if (d >= 5) printf "%6.2f s %s\n", d / 100, $2 }' \
      $WORK/threads0 - | sort -rn | head -15 >&2
    # time the workers spent waiting for _bulk answers, against their wall time (workers x drain seconds)
    curl -s http://127.0.0.1:$PORT/q/metrics | grep -E '^indexer_bulk_seconds_(sum|count)' >&2
  fi
  kill $INDEXER; wait $INDEXER 2>/dev/null || true; INDEXER=""
  c=$(count)
  I_EPS=$(awk -v n="$N" -v ns=$((t1 - t0)) 'BEGIN{printf "%.0f", n/(ns/1e9)}')
  log "run $run indexer: $N events in $(awk -v ns=$((t1 - t0)) 'BEGIN{printf "%.2f", ns/1e9}') s = $I_EPS events/s, indexer CPU $(awk -v a="$cpu0" -v b="$cpu1" 'BEGIN{printf "%.1f", b-a}') s, $(servers_used "$s0" "$s1"), _count $c, dead $(rcli LLEN {$KEY}:dead)"
  [ "$c" = "$N" ] || { log "_count $c != $N"; exit 1; }
  log "  $(index_stats)"
}

# The template the indexer installed applies to the re-created index.
run_ceiling() {
  local t0 t1 c a b s0 s1
  curl -s -XDELETE "$ES/$INDEX" >/dev/null
  s0=$(servers_cpu)
  t0=$(now)
  curl -K $WORK/bulk-0.curl & a=$!
  curl -K $WORK/bulk-1.curl & b=$!
  wait $a $b
  t1=$(now)
  s1=$(servers_cpu)
  c=$(count)
  B_EPS=$(awk -v n="$N" -v ns=$((t1 - t0)) 'BEGIN{printf "%.0f", n/(ns/1e9)}')
  log "run $run ceiling: $N documents in $(awk -v ns=$((t1 - t0)) 'BEGIN{printf "%.2f", ns/1e9}') s = $B_EPS documents/s, $(servers_used "$s0" "$s1"), _count $c"
  [ "$c" = "$N" ] || { log "_count $c != $N"; exit 1; }
  log "  $(index_stats)"
}

results=()
for run in $(seq 1 "$RUNS"); do
  # odd runs: indexer first (it installs the template); even runs: ceiling first (neither always gets a warmer node)
  if [ $((run % 2)) = 1 ]; then run_indexer; run_ceiling; else run_ceiling; run_indexer; fi
  results+=("run $run: indexer $I_EPS events/s, curl ceiling $B_EPS docs/s, ratio $(awk -v i="$I_EPS" -v b="$B_EPS" 'BEGIN{printf "%.1f%%", 100*i/b}')")
done
printf '%s\n' "${results[@]}"
