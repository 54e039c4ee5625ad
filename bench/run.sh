#!/usr/bin/env bash
# logpipe benchmarks: shipper and indexer side by side with peers and with the raw ceilings, end-to-end
# latency, shipper memory. One run, one machine. Never part of the Maven build or CI.
#
#   bench/run.sh            full run: 2,000,000-line corpus, 1,000,000 events to index, 60 s of latency, 3 runs
#   bench/run.sh --quick    300,000 lines, 200,000 events, 20 s of latency, 1 run (within 10 minutes on 2 cores)
#   options: --runs N  --profile (record JFR of logpipe's shipper and indexer, print the hot spots)
#            --keep (leave bench/.work as it is for inspection), --no-build (measure only the jars that exist)
#
# Writes bench/results/<UTC time>-<quick|full>.md and ends with the RESULT lines (0 = not measured, see report).
set -uo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
BENCH=$ROOT/bench
WORK=$BENCH/.work
PEERS=$BENCH/.peers
RESULTS=$BENCH/results

QUICK=0
RUNS=""
PROFILE=0
KEEP=0
NO_BUILD=0
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1 ;;
    --runs) RUNS=$2; shift ;;
    --profile) PROFILE=1 ;;
    --keep) KEEP=1 ;;
    --no-build) NO_BUILD=1 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
if [ $QUICK = 1 ]; then
  MODE=quick; LINES=300000; INDEX_EVENTS=200000; WARM_EVENTS=500000; LAT_SECS=20; RUNS=${RUNS:-1}
else
  MODE=full; LINES=2000000; INDEX_EVENTS=1000000; WARM_EVENTS=4000000; LAT_SECS=60; RUNS=${RUNS:-3}
fi
SEED=20261124
KEY=logstash
SHIPPER_BATCH=500        # logpipe's shipper.redis.batch-size default; the Redis ceiling uses the same
INDEXER_BATCH=1000       # logpipe's indexer.batch-size default; the bulk ceiling uses the same
INDEXER_WORKERS=4        # logpipe's indexer.workers default
BULK_CLIENTS=2           # concurrent curl clients of the bulk ceiling (fixed by the issue)
PEER_BATCH=5000          # rsyslog queue.dequeueBatchSize / syslog-ng batch-lines: their fastest measured setting
LAT_RATE=5000
ES_HEAP=2g
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
T_START=$(date +%s)
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)

log() { echo "[bench $(date +%H:%M:%S)] $*" >&2; }
die() { log "FAILED: $*"; exit 1; }

# ------------------------------------------------------------------ tools and peers
MULTIARCH=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo x86_64-linux-gnu)
SYSLOGNG_LIBS="libivykis0 libnet1 libjson-c5 libglib2.0-0 libpcre3 libwrap0 libhiredis0.14"
need_apt=""
command -v rsyslogd >/dev/null && [ -f /usr/lib/$MULTIARCH/rsyslog/omhiredis.so ] || need_apt="$need_apt rsyslog rsyslog-hiredis"
command -v redis-cli >/dev/null || need_apt="$need_apt redis-tools"
command -v redis-server >/dev/null || need_apt="$need_apt redis-server"
command -v curl >/dev/null || need_apt="$need_apt curl"
for p in $SYSLOGNG_LIBS; do dpkg -s "$p" >/dev/null 2>&1 || need_apt="$need_apt $p"; done
if [ -n "$need_apt" ]; then
  log "installing:$need_apt"
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=600 update -qq || die "apt-get update"
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq $need_apt >/dev/null || die "apt-get install$need_apt"
fi
# syslog-ng conflicts with rsyslog as a Debian package: unpacked here and run from this folder.
SNG=$PEERS/syslog-ng
if [ ! -x $SNG/usr/sbin/syslog-ng ] || [ ! -f $SNG/usr/lib/syslog-ng/3.38/libredis.so ]; then
  log "unpacking syslog-ng into $SNG"
  rm -rf $PEERS/debs && mkdir -p $PEERS/debs $SNG
  (cd $PEERS/debs && apt-get download syslog-ng-core syslog-ng-mod-redis >/dev/null 2>&1) || die "apt-get download syslog-ng"
  for d in $PEERS/debs/*.deb; do dpkg -x "$d" $SNG; done
fi
SNG_MODDIR=$(ls -d $SNG/usr/lib/syslog-ng/3.* | head -1)
SNG_VERSION_DIR=$(basename "$SNG_MODDIR")
syslogng() { LD_LIBRARY_PATH=$SNG/usr/lib/syslog-ng $SNG/usr/sbin/syslog-ng "$@"; }
syslogng -V >/dev/null 2>&1 || die "syslog-ng from $SNG does not run (missing libraries?)"

# ------------------------------------------------------------------ logpipe
SHIPPER_JAR=$ROOT/shipper/target/quarkus-app/quarkus-run.jar
INDEXER_JAR=$ROOT/indexer/target/quarkus-app/quarkus-run.jar
DEVSTACK_JAR=$ROOT/devstack/target/logpipe-devstack-0.1.0-SNAPSHOT.jar
if [ $NO_BUILD = 0 ] && { [ ! -f $SHIPPER_JAR ] || [ ! -f $INDEXER_JAR ] || [ ! -f $DEVSTACK_JAR ]; }; then
  log "building logpipe (./mvnw -q -B install -DskipTests)"
  ./mvnw -q -B install -DskipTests >$BENCH/.build.log 2>&1 || log "build failed (see bench/.build.log); measuring what exists"
fi
[ -f $DEVSTACK_JAR ] || die "devstack jar missing: $DEVSTACK_JAR"
HAVE_SHIPPER=0; [ -f $SHIPPER_JAR ] && HAVE_SHIPPER=1
HAVE_INDEXER=0; [ -f $INDEXER_JAR ] && HAVE_INDEXER=1
LOGPIPE_REV=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)

mkdir -p $BENCH/.build
javac -d $BENCH/.build $BENCH/Bench.java || die "javac bench/Bench.java"
bench() { java -cp $BENCH/.build Bench "$@"; }

# The JVM settings of the container image (quarkus.jib.jvm-additional-arguments) and the pod's memory limit
# (quarkus.kubernetes.resources.limits.memory) as -XX:MaxRAM, so percentages mean what they mean in the pod.
image_jvm_args() {
  local props=$ROOT/$1/src/main/resources/application.properties args="" limit
  if [ -f "$props" ]; then
    args=$(sed -n 's/^quarkus\.jib\.jvm-additional-arguments=//p' "$props" | tail -1 | tr ',' ' ')
    limit=$(sed -n 's/^quarkus\.kubernetes\.resources\.limits\.memory=//p' "$props" | tail -1)
    case "$limit" in
      *Mi) args="$args -XX:MaxRAM=${limit%Mi}m" ;;
      *Gi) args="$args -XX:MaxRAM=${limit%Gi}g" ;;
    esac
  fi
  echo "$args"
}
SHIPPER_JVM=$(image_jvm_args shipper)
INDEXER_JVM=$(image_jvm_args indexer)

rm -rf $WORK && mkdir -p $WORK $RESULTS
REPORT_DIR=$WORK/report && mkdir -p $REPORT_DIR

# ------------------------------------------------------------------ servers (one Redis, one Elasticsearch, for all)
DEVSTACK_PID=""
RUNNING_PIDS=""
cleanup() {
  for p in $RUNNING_PIDS; do kill "$p" 2>/dev/null; done
  if [ -n "$DEVSTACK_PID" ]; then kill "$DEVSTACK_PID" 2>/dev/null; wait "$DEVSTACK_PID" 2>/dev/null; fi
  [ $KEEP = 1 ] || rm -rf $WORK/corpus* $WORK/ceiling $WORK/shipped* $WORK/bulk
}
trap cleanup EXIT
trap 'exit 130' INT TERM
log "starting Redis and Elasticsearch (devstack, ES heap $ES_HEAP)"
java -jar $DEVSTACK_JAR --es-heap $ES_HEAP --env-file $WORK/devstack.env >$WORK/devstack.log 2>&1 &
DEVSTACK_PID=$!
for _ in $(seq 1 180); do grep -q READY $WORK/devstack.log 2>/dev/null && break; kill -0 $DEVSTACK_PID 2>/dev/null || break; sleep 1; done
grep -q READY $WORK/devstack.log || { cat $WORK/devstack.log >&2; die "devstack did not start"; }
. $WORK/devstack.env
RPORT=$REDIS_PORT
ES=$ELASTICSEARCH_URL
rcli() { redis-cli -p $RPORT "$@"; }
es() { curl -s -X "$1" "$ES$2" -H 'Content-Type: application/json' ${3:+-d "$3"}; }
log "Redis $REDIS_URL, Elasticsearch $ES"

# ------------------------------------------------------------------ corpus
log "generating the corpus ($LINES lines, seed $SEED)"
CORPUS=$WORK/corpus/app.log
mkdir -p $WORK/corpus
bench gen --lines $LINES --seed $SEED --out $CORPUS --events $WORK/corpus/events.jsonl --host bench --path $CORPUS >$WORK/corpus.env || die "corpus"
. $WORK/corpus.env
CORPUS_BYTES=$BYTES; CORPUS_EVENTS=$EVENTS; CORPUS_EXPECTED=$EXPECTED
log "corpus: $LINES lines, $BYTES bytes ($AVG_LINE_BYTES per line), $EVENTS events ($MULTILINE_EVENTS multi-line), app line share $APP_LINE_SHARE"
cp $WORK/corpus.env $REPORT_DIR/corpus.env
SMALL=$WORK/corpus-small/app.log
mkdir -p $WORK/corpus-small
bench gen --lines 5000 --seed $SEED --out $SMALL --messages $WORK/corpus-small/messages >$WORK/corpus-small.env || die "small corpus"
SMALL_EVENTS=$(sed -n 's/^EVENTS=//p' $WORK/corpus-small.env)
SMALL_EXPECTED=$(sed -n 's/^EXPECTED=//p' $WORK/corpus-small.env)

# ------------------------------------------------------------------ contenders
# Each contender command reads FILE from the beginning into Redis list $KEY, with its state in DIR.
rsyslog_cmd() { # dir file
  sed -e "s#@WORK@#$1#; s#@FILE@#$2#; s#@PORT@#$RPORT#; s#@KEY@#$KEY#; s#@BATCH@#$PEER_BATCH#" $BENCH/conf/rsyslog.conf >$1/rsyslog.conf
  echo rsyslogd -n -f $1/rsyslog.conf -i $1/rsyslogd.pid
}
syslogng_cmd() { # dir file
  sed -e "s#@FILE@#$2#; s#@PORT@#$RPORT#; s#@KEY@#$KEY#; s#@BATCH@#$PEER_BATCH#" $BENCH/conf/syslog-ng.conf >$1/syslog-ng.conf
  echo env LD_LIBRARY_PATH=$SNG/usr/lib/syslog-ng $SNG/usr/sbin/syslog-ng -F --no-caps -f $1/syslog-ng.conf \
    -R $1/syslog-ng.persist -c $1/syslog-ng.ctl -p $1/syslog-ng.pid --module-path=$SNG_MODDIR
}
JFR_SHIPPER=""
# `watch` needs the command as separate words; the pattern contains a space, so it goes through an array.
run_watch() { # name dir file expected events idle timeout -> prints assignments
  local name=$1 dir=$2 file=$3 expected=$4 events=$5 idle=$6 timeout=$7
  mkdir -p $dir
  local -a cmd
  case $name in
    logpipe)
      cmd=(java $SHIPPER_JVM $JFR_SHIPPER -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port=0 -Dquarkus.redis.hosts=redis://127.0.0.1:$RPORT
        -Dshipper.inputs.bench.paths=$file -Dshipper.inputs.bench.start-position=beginning -Dshipper.inputs.bench.type=bench
        "-Dshipper.inputs.bench.multiline.pattern=^(\\s|Caused by:)" -Dshipper.inputs.bench.multiline.negate=false
        -Dshipper.inputs.bench.multiline.what=previous -Dshipper.registry.path=$dir/registry.json
        -Dshipper.redis.key=$KEY -Dshipper.redis.batch-size=$SHIPPER_BATCH -jar $SHIPPER_JAR) ;;
    rsyslog) read -ra cmd <<<"$(rsyslog_cmd $dir $file)" ;;
    syslogng) read -ra cmd <<<"$(syslogng_cmd $dir $file)" ;;
  esac
  rcli DEL $KEY >/dev/null
  bench watch --port $RPORT --key $KEY --expected $expected --events $events --idle $idle --timeout $timeout --stall 30 \
    --log $dir/out.log -- "${cmd[@]}"
}

# ------------------------------------------------------------------ 1. correctness of every contender's multiline join
CONTENDERS="rsyslog syslogng"
[ $HAVE_SHIPPER = 1 ] && CONTENDERS="logpipe $CONTENDERS"
declare -A VERIFIED
for c in $CONTENDERS; do
  d=$WORK/verify-$c
  run_watch $c $d $SMALL $SMALL_EXPECTED $SMALL_EVENTS 0 120 >$d.env 2>&1
  if grep -q '^OK=1' $d.env && bench verify --port $RPORT --key $KEY --messages $WORK/corpus-small/messages >$d.verify 2>&1; then
    VERIFIED[$c]=1; log "verify $c: $(tail -1 $d.verify)"
  else
    VERIFIED[$c]=0; log "verify $c FAILED: $(tr '\n' ' ' <$d.env) $(head -c 2000 $d.verify 2>/dev/null)"
    tail -20 $d/out.log >&2
  fi
done
[ "${VERIFIED[rsyslog]}" = 1 ] || die "rsyslog config does not produce the expected events"
[ "${VERIFIED[syslogng]}" = 1 ] || die "syslog-ng config does not produce the expected events"

# ------------------------------------------------------------------ 2. shipper contest
# values are collected per contender as space-separated lists; the report takes medians
declare -A V
add() { V[$1]="${V[$1]:-} $2"; }
median() { local v="${V[$1]:-}"; [ -n "${v// /}" ] && bench stats --values "$v" || echo 0; }
# the median for the report: "n/a" when the figure was not measured
shown() { local v="${V[$1]:-}"; [ -n "${v// /}" ] && bench stats --values "$v" || echo n/a; }
val() { sed -n "s/^$2=//p" $1; }
# the value a figure got in the current run (empty when the contender did not finish in it)
last() { [ "${V[$1.run]:-}" = "$run" ] && echo "${V[$1]##* }"; }
add_run() { add "$1" "$2"; V[$1.run]=$run; }

SHIPPED_SAVED=0
CEILING_READY=0
# The ceiling uses logpipe's own payloads once its shipper ran, else the generator's wire-contract events.
prepare_ceiling() {
  if [ $SHIPPED_SAVED = 1 ]; then
    bench dump --port $RPORT --key bench:shipped --out $WORK/shipped.jsonl >/dev/null
    PAYLOADS="logpipe's shipper output"
  else
    cp $WORK/corpus/events.jsonl $WORK/shipped.jsonl
    rcli DEL bench:shipped >/dev/null
    bench resp --in $WORK/shipped.jsonl --out $WORK/preload.resp --key bench:shipped --batch 1000 >/dev/null
    rcli --pipe <$WORK/preload.resp >/dev/null
    rm -f $WORK/preload.resp
    PAYLOADS="the generator's wire-contract events (logpipe's shipper was not available)"
  fi
  PAYLOAD_EVENTS=$(wc -l <$WORK/shipped.jsonl)
  PAYLOAD_BYTES=$(wc -c <$WORK/shipped.jsonl)
  bench resp --in $WORK/shipped.jsonl --out $WORK/ceiling.resp --key $KEY --batch $SHIPPER_BATCH >/dev/null
  CEILING_READY=1
}
redis_ceiling() { # run
  rcli DEL $KEY >/dev/null
  local t0 t1 out n
  t0=$(date +%s%N)
  out=$(rcli --pipe <$WORK/ceiling.resp 2>&1)
  t1=$(date +%s%N)
  n=$(rcli LLEN $KEY)
  echo "$out" | grep -q "errors: 0" && [ "$n" = "$PAYLOAD_EVENTS" ] || die "redis-cli --pipe: $out (LLEN $n)"
  add_run ceiling.eps "$(awk -v n=$n -v ns=$((t1 - t0)) 'BEGIN{printf "%.0f", n/(ns/1e9)}')"
  add ceiling.mbs "$(awk -v b=$CORPUS_BYTES -v ns=$((t1 - t0)) 'BEGIN{printf "%.1f", b/1048576/(ns/1e9)}')"
  log "redis ceiling run $1: $n events in $(( (t1 - t0) / 1000000 )) ms"
  rcli DEL $KEY >/dev/null
}
# Redis's first fill of the contest's size is slower than the ones after it (its memory is new to it): in both full
# runs of 2026-12-03 logpipe's first run, the first to fill it, took twice as long on the same CPU (0.35 and 0.39 of
# the ceiling, 0.65-0.80 in the runs after). One unmeasured fill of the generator's events, deleted, warms it for all.
log "warming Redis: one unmeasured fill of the corpus's events"
bench resp --in $WORK/corpus/events.jsonl --out $WORK/warm.resp --key bench:redis-warm --batch $SHIPPER_BATCH >/dev/null
rcli --pipe <$WORK/warm.resp >/dev/null; rcli DEL bench:redis-warm >/dev/null; rm -f $WORK/warm.resp
# Contenders and the ceiling take turns within each run, so a change in machine load hits all of them alike.
for run in $(seq 1 $RUNS); do
  for c in $CONTENDERS; do
    [ "${VERIFIED[$c]}" = 1 ] || continue
    d=$WORK/ship-$c-$run
    log "shipper contest run $run/$RUNS: $c"
    run_watch $c $d $CORPUS $CORPUS_EXPECTED $CORPUS_EVENTS 10 900 >$d.env 2>&1
    if ! grep -q '^OK=1' $d.env; then log "$c did not finish: $(tr '\n' ' ' <$d.env)"; tail -20 $d/out.log >&2; continue; fi
    st=$(val $d.env START_S); sd=$(val $d.env STEADY_S)
    add_run $c.eps "$(awk -v n=$CORPUS_EXPECTED -v s=$sd 'BEGIN{printf "%.0f", n/s}')"
    add $c.eps_start "$(awk -v n=$CORPUS_EXPECTED -v s=$st 'BEGIN{printf "%.0f", n/s}')"
    add $c.mbs "$(awk -v b=$CORPUS_BYTES -v s=$sd 'BEGIN{printf "%.1f", b/1048576/s}')"
    add $c.cpu "$(val $d.env CPU_S)"
    add $c.cpu_steady "$(awk -v a=$(val $d.env CPU_S) -v b=$(val $d.env CPU_FIRST_S) 'BEGIN{printf "%.2f", a-b}')"
    add $c.rss "$(val $d.env PEAK_RSS_MIB)"
    add $c.idle "$(val $d.env IDLE_RSS_MIB)"
    add $c.final "$(val $d.env FINAL_COUNT)"
    log "  $c: $(tr '\n' ' ' <$d.env)"
    if [ $c = logpipe ] && [ $SHIPPED_SAVED = 0 ]; then
      rcli RENAME $KEY bench:shipped >/dev/null && SHIPPED_SAVED=1
    fi
  done
  [ $CEILING_READY = 1 ] || prepare_ceiling
  redis_ceiling $run
  # ratios within the run (the machine's load changes between runs; within one run the contenders share it)
  lp=$(last logpipe.eps); rs=$(last rsyslog.eps); sg=$(last syslogng.eps); ce=$(last ceiling.eps)
  if [ -n "$lp" ] && [ -n "$rs" ] && [ -n "$sg" ]; then add pair.peer "$(awk -v a=$lp -v b=$rs -v c=$sg 'BEGIN{printf "%.2f", a/(b > c ? b : c)}')"; fi
  if [ -n "$lp" ] && [ -n "$ce" ]; then add pair.ceiling "$(awk -v a=$lp -v b=$ce 'BEGIN{printf "%.3f", a/b}')"; fi
done
rm -f $WORK/ceiling.resp

# ------------------------------------------------------------------ 3. indexer contest and bulk ceiling, taking turns
[ "$PAYLOAD_EVENTS" -ge "$INDEX_EVENTS" ] || INDEX_EVENTS=$PAYLOAD_EVENTS
head -n $INDEX_EVENTS $WORK/shipped.jsonl >$WORK/index.jsonl
preload() {
  rcli DEL $KEY >/dev/null
  rcli COPY bench:shipped $KEY >/dev/null
  rcli LTRIM $KEY 0 $((INDEX_EVENTS - 1)) >/dev/null
}
delete_indices() { es DELETE "/logstash-*?expand_wildcards=all" >/dev/null; }
# The daily index of the events (their @timestamp, UTC): the ceiling writes into an identical fresh index of
# the same name, so the indexer's template applies to both.
CEILING_INDEX=logstash-$(head -1 $WORK/index.jsonl | sed -n 's/.*"@timestamp":"\([0-9]*\)-\([0-9]*\)-\([0-9]*\)T.*/\1.\2.\3/p')
bench bulk --in $WORK/index.jsonl --out $WORK/bulk --index $CEILING_INDEX --batch $INDEXER_BATCH \
  --clients $BULK_CLIENTS --es $ES >/dev/null
TEMPLATE_NOTE="the indexer's index template applies to it"
INDEX_NAME=""
indexer_cmd() { # consumer-id [extra jvm args]
  echo java $INDEXER_JVM ${2:-} -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port=0 \
    -Dquarkus.redis.hosts=redis://127.0.0.1:$RPORT -Dquarkus.elasticsearch.hosts=127.0.0.1:$ELASTICSEARCH_PORT \
    -Dindexer.redis.key=$KEY -Dindexer.consumer-id=$1 -Dindexer.batch-size=$INDEXER_BATCH \
    -Dindexer.workers=$INDEXER_WORKERS -Dindexer.template.shards=1 -Dindexer.template.replicas=0 -jar $INDEXER_JAR
}
# The indexer is measured warm, as Elasticsearch is (below): a JVM compiles its hot paths in its first minute, which a
# long-running deployment pays once. The code that runs once per _bulk (the HTTP client's, the metrics') reaches the
# C2 compiler's thresholds only after a few thousand requests: after 600,000 warm-up events (600 requests) its C2
# compiler thread still took 1.37 CPU-s of the next million events, competing with Elasticsearch for the 2 cores;
# after 4,000,000 (bench/indexer-quick, 4 warm-up rounds) 0.09-0.13 s. So each run starts the indexer on
# WARM_EVENTS warm-up events (the first INDEX_EVENTS events, again and again, each pass moved to a year of its own:
# 2000, 2001, ..., so into indices of their own with no id seen twice, deleted after), then renames the measured
# events into the list it drains. The warm-up drain is reported as the cold figure. The warm-up list is built once.
WARM_PASSES=$(( (WARM_EVENTS + INDEX_EVENTS - 1) / INDEX_EVENTS ))
[ $WARM_PASSES -le 20 ] || die "WARM_EVENTS needs more than 20 passes: the years 2000-2019 tell warm-up indices apart"
WARM_INDICES=$(for p in $(seq 0 $((WARM_PASSES - 1))); do printf 'logstash-%d.%s,' $((2000 + p)) "$(echo "${CEILING_INDEX#logstash-}" | cut -d. -f2-)"; done)
WARM_INDICES=${WARM_INDICES%,}
warm_build() { # bench:warm: WARM_EVENTS events, pass p (INDEX_EVENTS each, the last maybe fewer) in the year 2000 + p
  local from left n p=0
  rcli DEL bench:warm >/dev/null
  left=$WARM_EVENTS
  while [ $left -gt 0 ]; do
    n=$(( left < INDEX_EVENTS ? left : INDEX_EVENTS ))
    for from in $(seq 0 5000 $((n - 1))); do
      rcli EVAL "local l = redis.call('LRANGE', KEYS[1], ARGV[1], ARGV[2])
        for i, e in ipairs(l) do l[i] = (string.gsub(e, '^{\"@timestamp\":\"%d%d%d%d', '{\"@timestamp\":\"' .. ARGV[3], 1)) end
        return redis.call('RPUSH', KEYS[2], unpack(l))" 2 bench:shipped bench:warm $from $(( (from + 4999) < n ? from + 4999 : n - 1 )) $((2000 + p)) >/dev/null
    done
    left=$((left - n)); p=$((p + 1))
  done
  [ "$(rcli LLEN bench:warm)" -eq "$WARM_EVENTS" ] || die "warm-up list: $(rcli LLEN bench:warm) events, not $WARM_EVENTS"
}
warm_load() { rcli DEL $KEY >/dev/null; rcli COPY bench:warm $KEY >/dev/null; }
indexer_run() { # dir [extra jvm args] -> env file dir.env
  local d=$1 count
  preload
  rcli RENAME $KEY $KEY:measured >/dev/null
  warm_load
  delete_indices
  rcli DEL {$KEY}:dead >/dev/null
  mkdir -p $d
  # shellcheck disable=SC2046
  bench drain --port $RPORT --key $KEY --measured $KEY:measured --es $ES --cold-index $WARM_INDICES --timeout 1800 \
    --log $d/out.log -- $(indexer_cmd bench "${2:-}") >$d.env 2>&1
  log "  indexer: $(tr '\n' ' ' <$d.env)"
  grep -q '^OK=1' $d.env || { tail -30 $d/out.log >&2; return 1; }
  es POST "/$CEILING_INDEX/_refresh" >/dev/null
  count=$(es GET "/$CEILING_INDEX/_count" | sed -n 's/.*"count":\([0-9]*\).*/\1/p')
  INDEX_NAME=$(es GET "/_cat/indices/logstash-*?h=index" | grep -v '^logstash-20[01][0-9]\.' | head -1 | tr -d ' \n')
  log "  indexed: $count documents in $INDEX_NAME"
  [ "$count" = "$INDEX_EVENTS" ] || log "  WARNING: _count $count != $INDEX_EVENTS"
  echo "COUNT=$count" >>$d.env
}
send_bulk_bodies() { # -> all clients' bodies posted, responses in $WORK/bulk/out*
  local pids="" c
  for c in $(seq 0 $((BULK_CLIENTS - 1))); do
    curl -K $WORK/bulk/client$c.curl >$WORK/bulk/out$c 2>&1 &
    pids="$pids $!"
  done
  # shellcheck disable=SC2086
  wait $pids
}
# A freshly started Elasticsearch indexes at about half its speed until its JIT has compiled the indexing path:
# whichever contender came first would pay for it (measured: indexer first 14,431/s vs ceiling 24,221/s; the
# next round 31,167 vs 33,434). One unmeasured pass of the ceiling's bodies warms the node for both.
if [ $HAVE_INDEXER = 1 ]; then log "building the indexer's warm-up list ($WARM_EVENTS events, $WARM_PASSES pass(es))"; warm_build; fi
log "warming Elasticsearch: one unmeasured pass of the bulk bodies"
delete_indices
send_bulk_bodies
delete_indices
for run in $(seq 1 $RUNS); do
  if [ $HAVE_INDEXER = 1 ]; then
    log "indexer contest run $run/$RUNS: $INDEX_EVENTS events"
    d=$WORK/index-$run
    if indexer_run $d; then
      add indexer.count "$(val $d.env COUNT)"
      add_run indexer.eps "$(awk -v n=$INDEX_EVENTS -v s=$(val $d.env STEADY_S) 'BEGIN{printf "%.0f", n/s}')"
      add indexer.cold_eps "$(awk -v n=$WARM_EVENTS -v s=$(val $d.env COLD_STEADY_S) 'BEGIN{printf "%.0f", n/s}')"
      add indexer.cold_cpu "$(val $d.env COLD_CPU_S)"
      add indexer.cpu "$(val $d.env CPU_S)"
      add indexer.rss "$(val $d.env PEAK_RSS_MIB)"
    fi
  fi
  rcli DEL $KEY >/dev/null
  delete_indices
  if [ -z "$INDEX_NAME" ]; then
    TEMPLATE_NOTE="no logpipe template (the indexer did not run): created with 1 shard, 0 replicas"
    es PUT "/$CEILING_INDEX" '{"settings":{"number_of_shards":1,"number_of_replicas":0}}' >/dev/null
  fi
  log "bulk ceiling run $run/$RUNS: $INDEX_EVENTS documents, $BULK_CLIENTS curl clients"
  t0=$(date +%s%N)
  send_bulk_bodies
  t1=$(date +%s%N)
  if grep -q '"errors":true' $WORK/bulk/out*; then die "bulk ceiling had item errors"; fi
  es POST "/$CEILING_INDEX/_refresh" >/dev/null
  count=$(es GET "/$CEILING_INDEX/_count" | sed -n 's/.*"count":\([0-9]*\).*/\1/p')
  [ "$count" = "$INDEX_EVENTS" ] || die "bulk ceiling indexed $count of $INDEX_EVENTS"
  add_run bulk.eps "$(awk -v n=$INDEX_EVENTS -v ns=$((t1 - t0)) 'BEGIN{printf "%.0f", n/(ns/1e9)}')"
  ix=$(last indexer.eps)
  [ -z "$ix" ] || add pair.bulk "$(awk -v a=$ix -v b=$(last bulk.eps) 'BEGIN{printf "%.3f", a/b}')"
  log "  bulk ceiling: $INDEX_EVENTS in $(( (t1 - t0) / 1000000 )) ms"
done
delete_indices
[ -z "$INDEX_NAME" ] || [ "$INDEX_NAME" = "$CEILING_INDEX" ] || log "WARNING: indexer wrote $INDEX_NAME, ceiling $CEILING_INDEX"

# ------------------------------------------------------------------ 4. profiles (extra runs, not counted)
PROFILE_TEXT=""
if [ $PROFILE = 1 ]; then
  # JFR's "profile" settings with method sampling every millisecond instead of every 10-20 ms.
  JFC=$WORK/profile-1ms.jfc
  awk '/<event name="jdk.ExecutionSample">/{e=1} e && /name="period"/{sub(/>[^<]*</, ">1 ms<"); e=0} {print}' \
    "$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")/lib/jfr/profile.jfc" >$JFC
  if [ "${VERIFIED[logpipe]:-0}" = 1 ]; then
    log "profiling the shipper (JFR, extra run)"
    JFR_SHIPPER="-XX:StartFlightRecording=filename=$WORK/shipper.jfr,settings=$JFC,dumponexit=true"
    run_watch logpipe $WORK/profile-shipper $CORPUS $CORPUS_EXPECTED $CORPUS_EVENTS 1 900 >$WORK/profile-shipper.env 2>&1
    JFR_SHIPPER=""
    sleep 2
  fi
  if [ $HAVE_INDEXER = 1 ]; then
    log "profiling the indexer (JFR, extra run)"
    indexer_run $WORK/profile-indexer "-XX:StartFlightRecording=filename=$WORK/indexer.jfr,settings=$JFC,dumponexit=true" || true
    delete_indices
  fi
  for p in shipper indexer; do
    [ -f $WORK/$p.jfr ] || continue
    jfr print --stack-depth 64 --events jdk.ExecutionSample $WORK/$p.jfr >$WORK/$p.samples.txt 2>/dev/null
    bench jfrtop --in $WORK/$p.samples.txt --top 20 >$WORK/$p.top.txt 2>&1
    PROFILE_TEXT="$PROFILE_TEXT
### $p (JFR execution samples every 1 ms, extra run of the same contest)

Profiling run: $(tr '\n' ' ' <$WORK/profile-$p.env 2>/dev/null)

\`\`\`
$(cat $WORK/$p.top.txt)
\`\`\`
"
  done
fi
rcli DEL bench:warm >/dev/null   # kept until here: the indexer's profiling run warms up on it too

# ------------------------------------------------------------------ 5. end-to-end latency
LAT_P50=0; LAT_P99=0
if [ $HAVE_SHIPPER = 1 ] && [ $HAVE_INDEXER = 1 ] && [ "${VERIFIED[logpipe]:-0}" = 1 ]; then
  d=$WORK/latency && mkdir -p $d/logs
  : >$d/logs/app.log
  rcli DEL $KEY >/dev/null
  delete_indices
  started() { for _ in $(seq 1 120); do grep -q "started in" "$1" 2>/dev/null && return 0; sleep 0.5; done; return 1; }
  # shellcheck disable=SC2086
  java $INDEXER_JVM -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port=0 -Dquarkus.redis.hosts=redis://127.0.0.1:$RPORT \
    -Dquarkus.elasticsearch.hosts=127.0.0.1:$ELASTICSEARCH_PORT -Dindexer.redis.key=$KEY -Dindexer.consumer-id=bench-live \
    -Dindexer.template.shards=1 -Dindexer.template.replicas=0 -jar $INDEXER_JAR >$d/indexer.log 2>&1 &
  IPID=$!; RUNNING_PIDS="$RUNNING_PIDS $IPID"
  # shellcheck disable=SC2086
  java $SHIPPER_JVM -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port=0 -Dquarkus.redis.hosts=redis://127.0.0.1:$RPORT \
    -Dshipper.inputs.bench.paths=$d/logs/app.log -Dshipper.inputs.bench.start-position=beginning \
    "-Dshipper.inputs.bench.multiline.pattern=^(\\s|Caused by:)" -Dshipper.inputs.bench.multiline.what=previous \
    -Dshipper.registry.path=$d/registry.json -Dshipper.redis.key=$KEY -jar $SHIPPER_JAR >$d/shipper.log 2>&1 &
  SPID=$!; RUNNING_PIDS="$RUNNING_PIDS $SPID"
  if started $d/indexer.log && started $d/shipper.log; then
    log "end-to-end latency: $LAT_RATE lines/s for 5 s warm-up + $LAT_SECS s measured"
    bench live --out $d/logs/app.log --rate $LAT_RATE --seconds $LAT_SECS --warmup 5 --es $ES --index "logstash-*" \
      --every 25 >$d.env 2>&1
    log "  $(tr '\n' ' ' <$d.env)"
    LAT_P50=$(val $d.env LATENCY_P50_MS); LAT_P99=$(val $d.env LATENCY_P99_MS)
  else
    log "shipper or indexer did not start for the latency test"; tail -20 $d/indexer.log $d/shipper.log >&2
  fi
  kill $SPID $IPID 2>/dev/null; wait $SPID $IPID 2>/dev/null
  RUNNING_PIDS=""
fi

# ------------------------------------------------------------------ report
S_EPS=$(median logpipe.eps); R_EPS=$(median rsyslog.eps); G_EPS=$(median syslogng.eps); C_EPS=$(median ceiling.eps)
I_EPS=$(median indexer.eps); B_EPS=$(median bulk.eps)
S_RSS=$(median logpipe.rss); S_IDLE=$(median logpipe.idle)
int() { printf "%.0f" "$1"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (a > 0 && b > 0) printf "%.3f", a/b; else printf "n/a" }'; }
FASTER_PEER=$(awk -v a="$R_EPS" -v b="$G_EPS" 'BEGIN{print (a > b ? a : b)}')
row() { # name key
  printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n" "$1" "$(shown $2.eps)" "$(shown $2.eps_start)" \
    "$(shown $2.mbs)" "$(shown $2.cpu)" "$(shown $2.cpu_steady)" "$(shown $2.rss)" "$(shown $2.idle)" "${V[$2.final]:- -}"
}
REPORT=$RESULTS/$STAMP-$MODE.md
{
  echo "# logpipe benchmark ($MODE), $STAMP"
  echo
  echo "logpipe $LOGPIPE_REV. Command: \`bench/run.sh$([ $QUICK = 1 ] && echo " --quick")$([ $PROFILE = 1 ] && echo " --profile")\`"
  echo "($RUNS run(s) per figure$([ "$RUNS" = 1 ] && echo "; a quick run measures each figure once, so these are single measurements, not medians") ;"
  echo "total wall time $(( $(date +%s) - T_START )) s)."
  echo
  echo "## Machine"
  echo
  echo "- $(nproc) cores: $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1); $(awk '/MemTotal/{printf "%.1f GiB", $2/1048576}' /proc/meminfo) RAM; $(uname -sr)"
  echo "- load average at start / end: $LOAD_START / $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine adds noise)"
  echo "- Java: $(java -version 2>&1 | head -1); rsyslog $(rsyslogd -v | head -1 | awk '{print $2}' | tr -d ,) (Debian package);"
  echo "  syslog-ng $(syslogng -V | head -1 | awk '{print $3}' | tr -d '()') (Debian package, unpacked in bench/.peers); $(redis-server --version | awk '{print $1, $3}');"
  echo "  Elasticsearch $(es GET "/_nodes/_local?filter_path=nodes.*.version" | grep -o '"version":"[^"]*"' | cut -d'"' -f4) single node, heap $ES_HEAP (devstack)"
  echo
  echo "## Corpus"
  echo
  echo "\`bench/Bench.java gen\`, seed $SEED: $LINES lines, $CORPUS_BYTES bytes ($(sed -n 's/^AVG_LINE_BYTES=//p' $REPORT_DIR/corpus.env) bytes per line),"
  echo "$CORPUS_EVENTS events under the rule, of which $(sed -n 's/^MULTILINE_EVENTS=//p' $REPORT_DIR/corpus.env) multi-line (stack traces of 5-40 lines, some with \`Caused by:\`);"
  echo "$(sed -n 's/^APP_LINE_SHARE=//p' $REPORT_DIR/corpus.env) of the lines are application log lines, the rest Apache combined access lines."
  echo "The contest waits for $CORPUS_EXPECTED events: the last one is only complete after each tool's flush timeout"
  echo "(the \"final\" column shows every contender did deliver all $CORPUS_EVENTS afterwards)."
  echo
  echo "## Shipper: file -> Redis list (multiline: a new event starts at a line that does not begin with white space or \`Caused by:\`)"
  echo
  echo "Every contender's joined events were first checked message by message against the generator on a 5,000-line corpus:"
  for c in $CONTENDERS; do echo "- $c: $(tail -1 $WORK/verify-$c.verify 2>/dev/null || echo 'verify failed')"; done
  echo
  echo "| contender | events/s | events/s incl. start-up | MB/s | CPU s | CPU s after first event | peak RSS MiB | RSS MiB after 10 s idle | final count per run |"
  echo "|---|---|---|---|---|---|---|---|---|"
  row "logpipe shipper" logpipe
  row "rsyslog (imfile -> omhiredis)" rsyslog
  row "syslog-ng (file -> redis)" syslogng
  echo "| Redis ceiling (\`redis-cli --pipe\`, RPUSH x $SHIPPER_BATCH) | $(shown ceiling.eps) | | $(shown ceiling.mbs) | | | | | |"
  echo
  echo "events/s = events / (time from the first element in Redis to the last expected one), polled every 10 ms;"
  echo "\"incl. start-up\" counts from process start. MB/s = corpus bytes over the same time. CPU s = user+system of"
  echo "the process when the last expected event arrived (start-up included; the next column leaves it out). Ceiling payloads: $PAYLOADS, $PAYLOAD_EVENTS events, $PAYLOAD_BYTES bytes of JSON."
  echo "Redis is warmed first by one unmeasured fill of as many events (its first fill is slower, whoever makes it)."
  echo
  echo "- logpipe / faster peer: $(ratio "$S_EPS" "$FASTER_PEER") of the medians; median of the per-run ratios $(shown pair.peer) (runs:${V[pair.peer]:- n/a}) (target >= 1.5)"
  echo "- logpipe / Redis ceiling: $(ratio "$S_EPS" "$C_EPS") of the medians; median of the per-run ratios $(shown pair.ceiling) (runs:${V[pair.ceiling]:- n/a}) (target >= 0.70)"
  echo "- events/s per run: logpipe${V[logpipe.eps]:- n/a}; rsyslog${V[rsyslog.eps]:- n/a}; syslog-ng${V[syslogng.eps]:- n/a}; ceiling${V[ceiling.eps]:- n/a}"
  echo "- logpipe peak RSS: $S_RSS MiB (target <= 128 MiB), idle $S_IDLE MiB, with the image's JVM settings: \`$SHIPPER_JVM\`"
  echo
  echo "## Indexer: Redis list -> Elasticsearch ($INDEX_EVENTS events preloaded, fresh daily index, 1 shard, 0 replicas)"
  echo
  echo "| contender | events/s | CPU s | peak RSS MiB | cold: events/s of the $WARM_EVENTS warm-up events | cold: CPU s from process start |"
  echo "|---|---|---|---|---|---|"
  echo "| logpipe indexer (batch $INDEXER_BATCH, $INDEXER_WORKERS workers) | $(shown indexer.eps) | $(shown indexer.cpu) | $(shown indexer.rss) | $(shown indexer.cold_eps) | $(shown indexer.cold_cpu) |"
  echo "| bulk ceiling (curl x $BULK_CLIENTS, \`create\` + same ids, $INDEXER_BATCH docs per \`_bulk\`) | $(shown bulk.eps) | | | | |"
  echo
  echo "Both contenders run warm: Elasticsearch after one unmeasured pass of the ceiling's bodies, the indexer after draining"
  echo "$WARM_EVENTS warm-up events (the measured events' first $INDEX_EVENTS or fewer, in $WARM_PASSES pass(es), each pass moved to a"
  echo "year of its own, 2000 onwards, so indexed into $WARM_INDICES, deleted before the"
  echo "measured drain) in the same process; the measured events are then renamed into the list it drains. Its figures"
  echo "(events/s from its first claim, CPU s) are for that measured drain; the cold columns are its warm-up drain."
  echo
  echo "The ceiling sends the same $INDEX_EVENTS list elements as pre-built \`_bulk\` bodies into $CEILING_INDEX, deleted"
  echo "and created fresh for each run ($TEMPLATE_NOTE), with \`filter_path=errors\`; every response was checked for errors and"
  echo "\`_count\` checked after each run. logpipe: done when the list and every in-flight list are empty (items leave Redis"
  echo "only after Elasticsearch confirmed them), then \`_count\` checked (${V[indexer.count]:- -})."
  echo
  echo "- logpipe / bulk ceiling: $(ratio "$I_EPS" "$B_EPS") of the medians; median of the per-run ratios $(shown pair.bulk) (runs:${V[pair.bulk]:- n/a}) (target >= 0.90)"
  echo "- events/s per run: logpipe${V[indexer.eps]:- n/a}; ceiling${V[bulk.eps]:- n/a}"
  [ -f $WORK/index-$RUNS.env ] && echo "- the indexer's CPU seconds per thread in the measured drain of run $RUNS: \`$(val $WORK/index-$RUNS.env THREADS_CPU_S)\`"
  echo
  echo "## End-to-end latency ($LAT_RATE lines/s, $LAT_SECS s after a 5 s warm-up, whole pipeline running)"
  echo
  if [ -f $WORK/latency.env ]; then
    echo "Every 25th access line carries a marker; write() time to the first search response that returns it (searched every"
    echo "50 ms, refresh interval of the indexer's template): $(tr '\n' ' ' <$WORK/latency.env)"
    echo
    echo "- p50 $LAT_P50 ms, p99 $LAT_P99 ms (target p99 <= 2000 ms)"
  else
    echo "Not measured (logpipe's shipper and indexer are both needed)."
  fi
  echo
  echo "## Configurations"
  echo
  echo "- logpipe shipper: \`java $SHIPPER_JVM -jar shipper/target/quarkus-app/quarkus-run.jar\` with"
  echo "  \`shipper.inputs.bench.start-position=beginning\`, \`multiline.pattern=^(\\s|Caused by:)\`, \`negate=false\`,"
  echo "  \`what=previous\`, \`shipper.redis.batch-size=$SHIPPER_BATCH\`, other settings default."
  echo "- logpipe indexer: \`java $INDEXER_JVM -jar indexer/target/quarkus-app/quarkus-run.jar\` with"
  echo "  \`indexer.batch-size=$INDEXER_BATCH\`, \`indexer.workers=$INDEXER_WORKERS\`, \`indexer.template.shards=1\`, \`.replicas=0\`, other settings default."
  echo "- rsyslog: [bench/conf/rsyslog.conf](../conf/rsyslog.conf), queue.dequeueBatchSize=$PEER_BATCH."
  echo "- syslog-ng: [bench/conf/syslog-ng.conf](../conf/syslog-ng.conf), batch-lines($PEER_BATCH)."
  echo "- Redis: one \`redis-server\` without persistence for every contender; Elasticsearch: one node for both contests."
  [ -n "$PROFILE_TEXT" ] && { echo; echo "## Profile"; echo "$PROFILE_TEXT"; }
} >$REPORT
log "report: $REPORT"
cat $REPORT >&2

echo "RESULT shipper_eps=$(int "$S_EPS") rsyslog_eps=$(int "$R_EPS") syslogng_eps=$(int "$G_EPS") redis_ceiling_eps=$(int "$C_EPS")"
echo "RESULT indexer_eps=$(int "$I_EPS") bulk_ceiling_eps=$(int "$B_EPS")"
echo "RESULT latency_p50_ms=$(int "$LAT_P50") latency_p99_ms=$(int "$LAT_P99")"
echo "RESULT shipper_rss_mib=$(int "$S_RSS") shipper_idle_rss_mib=$(int "$S_IDLE")"
