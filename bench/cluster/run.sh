#!/usr/bin/env bash
# The shipper and indexer contests on a Redis Cluster, side by side with a single Redis in one run (not part of the
# build; the full benchmark is bench/run.sh):
#   single     one redis-server (devstack), the queue in one list
#   cluster-1  a devstack Redis Cluster of 3 primaries (one replica each), the queue in one list (one primary works)
#   cluster-3  the same cluster, the queue in 3 shards (ShardNames: one per third of the slots, so one per primary)
#   cluster-3-wait  cluster-3 with shipper.redis.wait-replicas=1 and indexer.redis.wait-replicas=1 (WAIT 1 after
#              each RPUSH: acknowledged = on a replica too)
# Each round runs every configuration, in an order rotated per round (no configuration always goes first):
#   shipper: the shipper reads the seeded corpus (same multiline rule as bench/shipper-ab) into the queue; events/s
#            from the first element in Redis to the last expected one (summed over the shards);
#   indexer: an indexer drains what that shipper wrote into one Elasticsearch node (devstack); events/s from the
#            first claim until every shard and in-flight list is empty. Cold JIT, unlike bench/run.sh's warm one:
#            the configurations are compared with each other, not with a _bulk ceiling.
# Around each contest, INFO cpu (used_cpu_sys + used_cpu_user) of every Redis node: Redis CPU-microseconds per event,
# for the primaries (the writes and the claims) and for the replicas (replication), so that the events/s N primaries
# can take is (cores given to Redis per primary) / (per-event CPU on a primary) x N when the shards spread evenly.
#
#   bench/cluster/run.sh [LINES (1000000)] [ROUNDS (2)]
#   SHIPPER_JAR / INDEXER_JAR: the builds to measure (default: this tree's, built when missing)
#   CONFIGS="single cluster-1 cluster-3 cluster-3-wait": which configurations to run (cluster-N[-wait], any N)
# Writes bench/results/<UTC time>-cluster.md. A configuration the build does not support (the services without
# shards, or without cluster-safe keys) is reported as failed, with its log, and the others still run.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
LINES=${1:-1000000}
ROUNDS=${2:-2}
CONFIGS=${CONFIGS:-single cluster-1 cluster-3 cluster-3-wait}
HERE=$ROOT/bench/cluster
WORK=$HERE/.work
KEY=logstash
INDEX=cbench
SHIPPER_JAR=${SHIPPER_JAR:-$ROOT/shipper/target/quarkus-app/quarkus-run.jar}
INDEXER_JAR=${INDEXER_JAR:-$ROOT/indexer/target/quarkus-app/quarkus-run.jar}
DEVSTACK=$ROOT/devstack/target/logpipe-devstack-0.1.0-SNAPSHOT.jar
COMMON=$ROOT/common/target/classes
log() { echo "[cluster-bench $(date +%H:%M:%S)] $*" >&2; }
die() { log "$*"; exit 1; }
command -v redis-cli >/dev/null || die "needs redis-cli"
[ -f "$SHIPPER_JAR" ] || ./mvnw -q -B package -DskipTests -pl shipper -am
[ -f "$INDEXER_JAR" ] || ./mvnw -q -B package -DskipTests -pl indexer -am
[ -f "$DEVSTACK" ] || ./mvnw -q -B package -DskipTests -pl devstack
[ -d "$COMMON/io/logpipe/common/queue" ] || ./mvnw -q -B compile -pl common
rm -rf "$WORK" && mkdir -p "$WORK/build"
javac -d "$WORK/build" "$ROOT/bench/Bench.java"
bench() { java -cp "$WORK/build" Bench "$@"; }

# The shipper's JVM as in its container image (bench/shipper-ab does the same)
PROPS=$ROOT/shipper/src/main/resources/application.properties
SHIPPER_JVM=$(sed -n 's/^quarkus\.jib\.jvm-additional-arguments=//p' "$PROPS" | tail -1 | tr ',' ' ')
LIMIT=$(sed -n 's/^quarkus\.kubernetes\.resources\.limits\.memory=//p' "$PROPS" | tail -1)
case "$LIMIT" in *Mi) SHIPPER_JVM="$SHIPPER_JVM -XX:MaxRAM=${LIMIT%Mi}m" ;; esac

# ------------------------------------------------------------------ servers
java -jar "$DEVSTACK" --es-heap 1g --env-file "$WORK/single.env" >"$WORK/devstack-single.log" 2>&1 &
STACK=$!
java -jar "$DEVSTACK" --redis-cluster --no-elasticsearch --env-file "$WORK/cluster.env" >"$WORK/devstack-cluster.log" 2>&1 &
CLUSTER=$!
cleanup() {
  kill "$STACK" "$CLUSTER" 2>/dev/null || true
  wait "$STACK" "$CLUSTER" 2>/dev/null || true
}
trap cleanup EXIT
for f in single cluster; do
  for _ in $(seq 600); do grep -q READY "$WORK/devstack-$f.log" && break; sleep 0.5; done
  grep -q READY "$WORK/devstack-$f.log" || { cat "$WORK/devstack-$f.log"; die "devstack ($f) did not start"; }
done
# shellcheck disable=SC1091
. "$WORK/single.env"
# shellcheck disable=SC1091
. "$WORK/cluster.env"
ES=http://127.0.0.1:$ELASTICSEARCH_PORT
NODES=$(echo "$REDIS_CLUSTER_URLS" | tr ',' '\n' | sed 's#.*:##' | tr '\n' ' ')
SEED=${NODES%% *}
log "single Redis on $REDIS_PORT, Elasticsearch on $ELASTICSEARCH_PORT, cluster nodes $NODES"

# The port of the primary that owns KEY's slot (CLUSTER NODES: "<id> ip:port@bus flags master ... slot ranges")
owner() {
  local slot
  slot=$(redis-cli -p "$SEED" CLUSTER KEYSLOT "$1")
  redis-cli -p "$SEED" CLUSTER NODES | awk -v s="$slot" '$3 ~ /master/ && $3 !~ /fail/ {
    for (i = 9; i <= NF; i++) { n = split($i, r, "-"); if (n == 1) r[2] = r[1]
      if (s + 0 >= r[1] + 0 && s + 0 <= r[2] + 0) { split($2, a, "[:@]"); print a[2]; exit } } }'
}
primaries() { for p in $NODES; do [ "$(redis-cli -p "$p" ROLE | head -1)" = master ] && echo "$p"; done; true; }
# The shard lists of the queue, as the services name them (io.logpipe.common.queue.ShardNames)
shard_names() { java -cp "$COMMON" "$HERE/ShardList.java" "$KEY" "$1"; }

# Per configuration: the Quarkus client settings, the services' shard setting, and the lists as port:key,...
declare -A HOSTS CLIENT SHARDS LISTS REDIS_PORTS WAIT
for c in $CONFIGS; do
  case $c in
    single) HOSTS[$c]=redis://127.0.0.1:$REDIS_PORT; CLIENT[$c]=standalone; SHARDS[$c]=1; REDIS_PORTS[$c]=$REDIS_PORT ;;
    cluster-*) HOSTS[$c]=$REDIS_CLUSTER_URLS; CLIENT[$c]=cluster; SHARDS[$c]=${c#cluster-}; SHARDS[$c]=${SHARDS[$c]%-wait}
      REDIS_PORTS[$c]=$NODES; [ "${c%-wait}" != "$c" ] && WAIT[$c]=1 ;;
    *) die "unknown configuration $c" ;;
  esac
  lists=""
  for k in $(shard_names "${SHARDS[$c]}"); do
    if [ "$c" = single ]; then p=$REDIS_PORT; else p=$(owner "$k"); fi
    lists="$lists${lists:+,}$p:$k"
  done
  LISTS[$c]=$lists
  log "$c: ${SHARDS[$c]} shard(s): $lists"
done
PRIMARIES=" $(primaries | tr '\n' ' ')"

# Settings only a build that knows them accepts: none for one shard on a single Redis (so the current build runs).
service_opts() { # config service
  local c=$1 s=$2 o="-Dquarkus.redis.hosts=${HOSTS[$c]}"
  [ "${CLIENT[$c]}" = cluster ] && o="$o -Dquarkus.redis.client-type=cluster"
  [ "${SHARDS[$c]}" != 1 ] && o="$o -D$s.redis.shards=${SHARDS[$c]}"
  [ -n "${WAIT[$c]:-}" ] && o="$o -D$s.redis.wait-replicas=1"
  echo "$o"
}
# "port cpu-seconds" of every Redis node of a configuration
redis_cpu() {
  for p in ${REDIS_PORTS[$1]}; do
    redis-cli -p "$p" INFO cpu | tr -d '\r' | awk -F: -v p="$p" '/^used_cpu_(sys|user):/ { s += $2 } END { printf "%s %.6f\n", p, s }'
  done
}
# Redis CPU-microseconds per event between two redis_cpu readings, less what each node uses idle (its cron, the
# cluster bus) over the contest's wall time: "primaries replicas max-primary"
cpu_per_event() { # before after events wall-seconds
  awk -v n="$3" -v wall="$4" -v prim="$PRIMARIES" -v single="$REDIS_PORT" 'FILENAME == ARGV[1] { idle[$1] = $2; next }
    FILENAME == ARGV[2] { b[$1] = $2; next }
    { d = $2 - b[$1] - idle[$1] * wall; if (d < 0) d = 0
      if (index(prim, " " $1 " ") || $1 == single) { P += d; if (d > M) M = d } else R += d }
    END { printf "%.2f %.2f %.2f\n", 1e6 * P / n, 1e6 * R / n, 1e6 * M / n }' "$WORK/idle.rate" "$1" "$2"
}
wall() { awk -v a="$(cat "$1.t0")" -v b="$(cat "$1.t1")" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'; }
del_lists() { # config: the shard lists, their in-flight and dead lists
  local item p k
  for item in $(echo "${LISTS[$1]}" | tr ',' ' '); do
    p=${item%%:*}; k=${item#*:}
    # the shard registry too: a 3-shard shipper's record would otherwise send the next 1-shard indexer polling 3 lists
    redis-cli -p "$p" DEL "$k" "{$k}:dead" "{$k}:shards" "{$k}:consumers" >/dev/null
    redis-cli -p "$p" --scan --pattern "{$k}:inflight:*" | xargs -r redis-cli -p "$p" DEL >/dev/null
    redis-cli -p "$p" --scan --pattern "$k:inflight:*" | xargs -r redis-cli -p "$p" DEL >/dev/null
  done
  [ "$1" = single ] && redis-cli -p "$REDIS_PORT" DEL "$KEY:dead" >/dev/null
  true
}

# Each node's idle CPU-seconds per second (sampled over 10 s with nothing running), subtracted in cpu_per_event
REDIS_PORTS[all]="$REDIS_PORT $NODES"
redis_cpu all >"$WORK/idle.0"; i0=$(date +%s%N); sleep 10; redis_cpu all >"$WORK/idle.1"; i1=$(date +%s%N)
awk -v s="$(( (i1 - i0) / 1000000 ))" 'NR == FNR { b[$1] = $2; next } { printf "%s %.9f\n", $1, ($2 - b[$1]) / (s / 1000) }' \
  "$WORK/idle.0" "$WORK/idle.1" >"$WORK/idle.rate"
log "idle Redis CPU (s/s per node): $(tr '\n' ' ' <"$WORK/idle.rate")"

# ------------------------------------------------------------------ corpus
CORPUS=$WORK/corpus/app.log
mkdir -p "$WORK/corpus"
bench gen --lines "$LINES" --seed 20261124 --out "$CORPUS" --host bench --path "$CORPUS" >"$WORK/corpus.env"
# shellcheck disable=SC1091
. "$WORK/corpus.env"
log "corpus: $LINES lines, $BYTES bytes, $EVENTS events"

# ------------------------------------------------------------------ contests
declare -A V
add() { V[$1]="${V[$1]:-} $2"; }
median() { [ -n "${V[$1]:-}" ] && bench stats --values "${V[$1]}" || echo "-"; }
val() { sed -n "s/^$2=//p" "$1"; }
FAILED=""

ship() { # config dir
  local c=$1 d=$2 before after
  del_lists "$c"
  mkdir -p "$d"
  redis_cpu "$c" >"$d.cpu0"; date +%s%N >"$d.t0"
  # shellcheck disable=SC2046,SC2086
  bench watch --lists "${LISTS[$c]}" --expected "$EXPECTED" --events "$EVENTS" --idle 0 --timeout 300 --stall 30 \
    --log "$d/out.log" -- java $SHIPPER_JVM -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port=0 $(service_opts "$c" shipper) \
    -Dshipper.inputs.bench.paths="$CORPUS" -Dshipper.inputs.bench.start-position=beginning -Dshipper.inputs.bench.type=bench \
    "-Dshipper.inputs.bench.multiline.pattern=^(\\s|Caused by:)" -Dshipper.inputs.bench.multiline.negate=false \
    -Dshipper.inputs.bench.multiline.what=previous -Dshipper.registry.path="$d/registry.json" \
    -Dshipper.redis.key=$KEY -Dshipper.redis.batch-size=500 -jar "$SHIPPER_JAR" >"$d.env" 2>&1 || true
  date +%s%N >"$d.t1"; redis_cpu "$c" >"$d.cpu1"
  grep -q '^OK=1' "$d.env"
}

drain() { # config dir
  local c=$1 d=$2
  curl -s -XDELETE "$ES/$INDEX" >/dev/null
  mkdir -p "$d"
  redis_cpu "$c" >"$d.cpu0"; date +%s%N >"$d.t0"
  # shellcheck disable=SC2046,SC2086
  bench drain --lists "${LISTS[$c]}" --timeout 900 --stall 60 --log "$d/out.log" -- java -Dquarkus.http.host=127.0.0.1 \
    -Dquarkus.http.port=0 $(service_opts "$c" indexer) -Dquarkus.elasticsearch.hosts=127.0.0.1:$ELASTICSEARCH_PORT \
    -Dindexer.redis.key=$KEY -Dindexer.consumer-id=bench -Dindexer.index=$INDEX -Dindexer.template.replicas=0 \
    -jar "$INDEXER_JAR" >"$d.env" 2>&1 || true
  date +%s%N >"$d.t1"; redis_cpu "$c" >"$d.cpu1"
  grep -q '^OK=1' "$d.env"
}

set -- $CONFIGS
COUNT=$#
for round in $(seq 1 "$ROUNDS"); do
  # rotate: round r starts with configuration r (mod count)
  order=""
  for i in $(seq 0 $((COUNT - 1))); do
    j=$(( (i + round - 1) % COUNT + 1 )); order="$order ${!j}"
  done
  for c in $order; do
    d=$WORK/$c-$round
    if ship "$c" "$d-ship"; then
      eps=$(awk -v n="$EXPECTED" -v s="$(val "$d-ship.env" STEADY_S)" 'BEGIN{printf "%.0f", n/s}')
      read -r pe re me <<<"$(cpu_per_event "$d-ship.cpu0" "$d-ship.cpu1" "$EVENTS" "$(wall "$d-ship")")"
      add "$c.ship" "$eps"; add "$c.ship.prim" "$pe"; add "$c.ship.repl" "$re"; add "$c.ship.max" "$me"
      log "round $round $c shipper: $eps events/s; Redis CPU per event: primaries $pe µs, replicas $re µs, busiest primary $me µs"
    else
      log "round $round $c shipper FAILED: $(tr '\n' ' ' <"$d-ship.env" | cut -c1-300); log $d-ship/out.log:"
      tail -5 "$d-ship/out.log" >&2 || true
      FAILED="$FAILED $c-shipper"; continue
    fi
    if drain "$c" "$d-index"; then
      eps=$(awk -v n="$(val "$d-index.env" DRAINED)" -v s="$(val "$d-index.env" STEADY_S)" 'BEGIN{printf "%.0f", n/s}')
      read -r pe re me <<<"$(cpu_per_event "$d-index.cpu0" "$d-index.cpu1" "$(val "$d-index.env" DRAINED)" "$(wall "$d-index")")"
      add "$c.index" "$eps"; add "$c.index.prim" "$pe"; add "$c.index.repl" "$re"; add "$c.index.max" "$me"
      log "round $round $c indexer: $eps events/s, dead $(val "$d-index.env" DEAD); Redis CPU per event: primaries $pe µs, replicas $re µs, busiest primary $me µs"
    else
      log "round $round $c indexer FAILED: $(tr '\n' ' ' <"$d-index.env" | cut -c1-300); log $d-index/out.log:"
      tail -5 "$d-index/out.log" >&2 || true
      FAILED="$FAILED $c-indexer"
    fi
  done
done

# ------------------------------------------------------------------ report
mkdir -p "$ROOT/bench/results"
REPORT=$ROOT/bench/results/$(date -u +%Y%m%dT%H%M%SZ)-cluster.md
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || b == 0) print "-"; else printf "%.2f", a / b }'; }
{
  echo "# Redis Cluster contests ($(date -u +%Y-%m-%dT%H:%MZ))"
  echo
  echo "Corpus: $LINES lines, $EVENTS events; $ROUNDS rounds, order rotated per round; medians (all runs in brackets)."
  echo "Cluster: 3 primaries with one replica each (devstack RedisCluster, $(redis-cli -p "$SEED" INFO server | tr -d '\r' | sed -n 's/^redis_version:/Redis /p')); single: one devstack Redis."
  echo "Machine: $(nproc) cores, load average at the end $(cut -d' ' -f1-3 /proc/loadavg). Shipper JVM: $SHIPPER_JVM"
  echo
  echo "| configuration | shipper events/s | vs single | indexer events/s | vs single |"
  echo "|---|---|---|---|---|"
  for c in $CONFIGS; do
    echo "| $c | $(median "$c.ship") [${V[$c.ship]:-}] | $(ratio "$(median "$c.ship")" "$(median single.ship)") | $(median "$c.index") [${V[$c.index]:-}] | $(ratio "$(median "$c.index")" "$(median single.index)") |"
  done
  echo
  echo "Redis CPU-microseconds per event (INFO cpu, used_cpu_sys + used_cpu_user, summed over the nodes, less each node's"
  echo "idle CPU over the contest's wall time, divided by the events; the busiest primary is the one with the largest"
  echo "share). Idle CPU-s/s per node: $(awk '{ printf "%s %.4f; ", $1, $2 }' "$WORK/idle.rate")"
  echo
  echo "| configuration | shipper: primaries | replicas | busiest primary | indexer: primaries | replicas | busiest primary |"
  echo "|---|---|---|---|---|---|---|"
  for c in $CONFIGS; do
    echo "| $c | $(median "$c.ship.prim") | $(median "$c.ship.repl") | $(median "$c.ship.max") | $(median "$c.index.prim") | $(median "$c.index.repl") | $(median "$c.index.max") |"
  done
  echo
  echo "Failed:${FAILED:- none}"
} >"$REPORT"
cat "$REPORT"
log "report: $REPORT"
