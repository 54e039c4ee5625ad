#!/usr/bin/env bash
# The filter stage's contest, by hand (not part of the build; the full benchmark is bench/run.sh). One OpenSearch
# node (devstack, ingest-common module), the same N Apache access-log events as the shipper ships them (wire JSON
# from bench/Bench.java's corpus generator, access lines only), one index, taking turns in every run:
#   a. filter:   the indexer parses them itself, -Dindexer.filter.path=<grok COMBINEDAPACHELOG, date, mutate convert>
#   b. ingest:   the indexer sends them unparsed with -Dindexer.ingest-pipeline=<a pipeline of the same three
#                processors>: OpenSearch parses them
#   c. drain:    the indexer as it is, no parsing anywhere
#   d. _bulk:    the same documents as pre-built _bulk bodies of 1000 (create, _id = event.id), 2 concurrent curl
#                clients: the node's ceiling for (c)
# An indexer contender: N events preloaded in a staging list; the indexer (4 workers, batch 1000, the container
# image's JVM settings) is started and ready; with WARM=1 (default) it first drains the same N events unmeasured,
# WARM_PASSES times (its JIT warm, as a long-running indexer's is: the JIT threads' CPU in the measured drain shows it), the index is deleted; then RENAME staging -> the list it drains,
# timed until the list and every in-flight list are empty. Each contender starts from a deleted index; _count is
# checked after each, and in (a) and (b) a sample document: bytes a number, @timestamp the line's time.
# OpenSearch is warmed first by one unmeasured pass of the _bulk bodies, plain and through the pipeline.
# Odd runs go a b c d, even runs d c b a.
#
#   bench/filter/run.sh [EVENTS (200000)] [RUNS (3)]
#   INDEXER_OPTS='-D…' adds JVM options to every indexer; WARM=0 measures cold indexers; WARM_PASSES=3 (default)
#   is how many times a warm indexer drains the N events first;
#   CONTENDERS='c d' runs only those (default 'a b c d')
#   Writes bench/results/<UTC time>-filter.md; logs in bench/filter/.work
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-200000}
RUNS=${2:-3}
HERE=bench/filter
WORK=$HERE/.work
RESULTS=bench/results
KEY=bench
INDEX=bench-filter
PIPELINE=bench-access
WARM=${WARM:-1}
WARM_PASSES=${WARM_PASSES:-3}
CONTENDERS=${CONTENDERS:-a b c d}
JAR=${INDEXER_JAR:-indexer/target/quarkus-app/quarkus-run.jar}
DEVSTACK=devstack/target/logpipe-devstack-0.1.0-SNAPSHOT.jar
OS_HEAP=1g
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
T_START=$(date +%s)
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
log() { echo "[filter $(date +%H:%M:%S)] $*" >&2; }
die() { log "FAILED: $*"; exit 1; }

command -v redis-cli >/dev/null || { log "installing redis-tools"; DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -qq \
  && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq redis-tools >/dev/null; }
[ -f $JAR ] || ./mvnw -q -B package -DskipTests -pl indexer -am
[ -f $DEVSTACK ] || ./mvnw -q -B package -DskipTests -pl devstack -am
rm -rf $WORK && mkdir -p $WORK/build $RESULTS
javac -d $WORK/build bench/Bench.java
bench() { java -cp $WORK/build Bench "$@"; }

# The container image's JVM settings and the pod's memory limit as -XX:MaxRAM (as bench/run.sh does).
props=indexer/src/main/resources/application.properties
INDEXER_JVM=$(sed -n 's/^quarkus\.jib\.jvm-additional-arguments=//p' $props | tail -1 | tr ',' ' ')
limit=$(sed -n 's/^quarkus\.kubernetes\.resources\.limits\.memory=//p' $props | tail -1)
case "$limit" in *Mi) INDEXER_JVM="$INDEXER_JVM -XX:MaxRAM=${limit%Mi}m" ;; *Gi) INDEXER_JVM="$INDEXER_JVM -XX:MaxRAM=${limit%Gi}g" ;; esac

java -jar $DEVSTACK --data $WORK/stack --no-elasticsearch --opensearch --es-heap $OS_HEAP --env-file $WORK/stack.env >$WORK/devstack.log 2>&1 &
STACK=$!
INDEXER=""
cleanup() {
  # set -e also applies here: every step must succeed or be allowed to fail, or the servers would outlive us
  if [ -n "$INDEXER" ]; then kill "$INDEXER" 2>/dev/null || true; fi
  kill "$STACK" 2>/dev/null || true
  wait "$STACK" 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 600); do grep -q READY $WORK/devstack.log && break; kill -0 $STACK 2>/dev/null || break; sleep 0.5; done
grep -q READY $WORK/devstack.log || { cat $WORK/devstack.log; die "devstack did not start"; }
# shellcheck disable=SC1090
. $WORK/stack.env
OS=http://127.0.0.1:$OPENSEARCH_PORT
# OpenSearch's server JVM: the one whose command line names this run's data folder
OS_PID=""
for p in $(pgrep -f org.opensearch.bootstrap.OpenSearch); do
  tr '\0' ' ' </proc/$p/cmdline 2>/dev/null | grep -q "$PWD/$WORK/stack/opensearch" && OS_PID=$p
done
[ -n "$OS_PID" ] || die "no OpenSearch process found for $PWD/$WORK/stack/opensearch"
OS_VERSION=$(curl -s $OS | sed -n 's/.*"number" : "\([^"]*\)".*/\1/p')
rcli() { redis-cli -p "$REDIS_PORT" "$@"; }
now() { date +%s%N; }
cpu() { awk '{print ($14 + $15) / 100}' /proc/$1/stat; }
# CPU seconds so far of the JVM's JIT compiler threads (C1, C2): compiling during a measured drain means the JIT
# was not warm yet, and that CPU is taken from OpenSearch on a small machine
jit_cpu() {
  local t s=0
  for t in /proc/$1/task/*; do
    case "$(cat $t/comm 2>/dev/null)" in C1\ Compiler*|C2\ Compiler*) s=$((s + $(sed 's/.*) //' $t/stat | awk '{print $12 + $13}'))) ;; esac
  done
  awk -v t=$s 'BEGIN{print t / 100}'
}
secs() { awk -v ns="$1" 'BEGIN{printf "%.2f", ns/1e9}'; }
# CPU seconds per million events between two readings
per_m() { awk -v a="$1" -v b="$2" -v n="$N" 'BEGIN{printf "%.2f", (b - a) / n * 1e6}'; }

# ------------------------------------------------------------------ inputs
log "generating $N access-log events"
bench gen --lines "$N" --seed 20261124 --access true --out $WORK/access.log --events $WORK/events.jsonl \
  --host web-7c9f --path /var/log/nginx/access.log >$WORK/corpus.env
AVG_LINE=$(sed -n 's/^AVG_LINE_BYTES=//p' $WORK/corpus.env)
bench resp --in $WORK/events.jsonl --out $WORK/events.resp --key $KEY:staging --batch 1000 >/dev/null
bench bulk --in $WORK/events.jsonl --out $WORK/bulk --index $INDEX --batch 1000 --clients 2 --es $OS >/dev/null
rm -f $WORK/access.log
# Exactly the filter of the contest; the pipeline does the same in OpenSearch's processors (convert may meet "-",
# for which grok leaves bytes out: ignore_missing, and ignore_failure as mutate's convert does not fail an event).
FILTER=$WORK/access.conf
cat >$FILTER <<'EOF'
filter { grok { match => { "message" => "%{COMBINEDAPACHELOG}" } } date { match => ["timestamp", "dd/MMM/yyyy:HH:mm:ss Z"] } mutate { convert => { "bytes" => "integer" } } }
EOF
curl -s -f -XPUT "$OS/_ingest/pipeline/$PIPELINE" -H 'Content-Type: application/json' -d '{
  "description": "bench/filter: what the filter file does, in OpenSearch",
  "processors": [
    {"grok": {"field": "message", "patterns": ["%{COMBINEDAPACHELOG}"]}},
    {"date": {"field": "timestamp", "formats": ["dd/MMM/yyyy:HH:mm:ss Z"], "target_field": "@timestamp"}},
    {"convert": {"field": "bytes", "type": "integer", "ignore_missing": true, "ignore_failure": true}}
  ]}' >/dev/null || die "OpenSearch refused the ingest pipeline"

# ------------------------------------------------------------------ measuring
count() { curl -s -XPOST "$OS/$INDEX/_refresh" >/dev/null; curl -s "$OS/$INDEX/_count" | sed -n 's/.*"count":\([0-9]*\).*/\1/p'; }
# Until the list and every in-flight list are empty: one redis-cli polling every 20 ms.
wait_drained() {
  while read -r left; do [ "$left" = 0 ] && break; done < <(rcli -r -1 -i 0.02 EVAL \
    "local n = redis.call('LLEN', KEYS[1]) for _, k in ipairs(redis.call('KEYS', ARGV[1])) do n = n + redis.call('LLEN', k) end return n" \
    1 $KEY "{$KEY}:inflight:*")
}
# The filter stage's own series (indexer_filter_*, whatever their exact names), one "series value" per line.
filter_metrics() { curl -s "http://127.0.0.1:$1/q/metrics" | grep '^indexer_filter_' || true; }
# "documents failed" that went through the pipeline so far, from OpenSearch's node stats. Its time_in_millis is
# left out: OpenSearch 2.19 runs a _bulk's documents through the pipeline as one batch and adds the batch's time
# once per document (OperationMetrics.afterN), up to a batch's size times too high (seen here: ~300 ms per
# document). The pipeline's cost is (b)'s OpenSearch CPU less (a)'s: both index the same parsed documents.
ingest_stats() {
  curl -s "$OS/_nodes/stats/ingest" | python3 -c 'import json, sys
nodes = json.load(sys.stdin)["nodes"]
p = next(iter(nodes.values()))["ingest"]["pipelines"].get(sys.argv[1], {})
print(p.get("count", 0), p.get("failed", 0))' "$PIPELINE"
}
# A document of the index: bytes must be a number and @timestamp the time in its line.
check_sample() { # contender
  curl -s "$OS/$INDEX/_search?size=1" | python3 -c 'import json, re, sys
from datetime import datetime
h = json.load(sys.stdin)["hits"]["hits"]
if not h:
    sys.exit("no document with response 200")
s = h[0]["_source"]
m = re.search(r"\[(\d\d/\w{3}/\d{4}:\d\d:\d\d:\d\d [+-]\d{4})\]", s["message"])
line = datetime.strptime(m.group(1), "%d/%b/%Y:%H:%M:%S %z")
ts = datetime.fromisoformat(s["@timestamp"].replace("Z", "+00:00"))
ok = isinstance(s.get("bytes"), int) and ts == line
print("%s: bytes=%s (%s) @timestamp=%s, line %s" % ("ok" if ok else "WRONG", json.dumps(s.get("bytes")),
      type(s.get("bytes")).__name__, s["@timestamp"], m.group(1)))
sys.exit(0 if ok else 1)'
}

declare -A V
add() { V[$1]="${V[$1]:-} $2"; }
median() { local v="${V[$1]:-}"; [ -n "${v// /}" ] && bench stats --values "$v" || echo n/a; }
declare -A NAMES=([a]="filter in the indexer" [b]="ingest pipeline" [c]="unfiltered drain" [d]="_bulk ceiling")

run_indexer() { # contender (a|b|c)
  local c=$1 extra="" port cpu0 cpu1 o0 o1 j0 j1 t0 t1 n i0 i1 eps dead
  case $c in
    a) extra="-Dindexer.filter.path=$PWD/$FILTER" ;;
    b) extra="-Dindexer.ingest-pipeline=$PIPELINE" ;;
  esac
  curl -s -XDELETE "$OS/$INDEX" >/dev/null
  rcli DEL $KEY $KEY:staging {$KEY}:dead >/dev/null
  rcli --pipe <$WORK/events.resp >/dev/null
  if [ "$WARM" = 1 ]; then
    rcli RENAME $KEY:staging $KEY >/dev/null
    rcli --pipe <$WORK/events.resp >/dev/null
  fi
  [ "$(rcli LLEN $KEY:staging)" = "$N" ] || die "preload failed"
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  # shellcheck disable=SC2086
  java $INDEXER_JVM ${INDEXER_OPTS:-} $extra -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port=$port \
    -Dquarkus.redis.hosts=redis://127.0.0.1:$REDIS_PORT -Dquarkus.elasticsearch.hosts=127.0.0.1:$OPENSEARCH_PORT \
    -Dindexer.redis.key=$KEY -Dindexer.consumer-id=bench -Dindexer.index=$INDEX -Dindexer.template.replicas=0 \
    -jar $JAR >$WORK/indexer-$c-$run.log 2>&1 &
  INDEXER=$!
  for _ in $(seq 600); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:$port/q/health/ready)" = 200 ] && break
    kill -0 $INDEXER 2>/dev/null || { tail -30 $WORK/indexer-$c-$run.log >&2; die "indexer ($c) exited at start"; }
    sleep 0.2
  done
  for _ in $(seq 600); do [ "$(rcli ZCARD {$KEY}:consumers)" -ge "${WORKERS:-4}" ] && break; sleep 0.1; done
  if [ "$WARM" = 1 ]; then
    wait_drained
    # Code that runs once per batch (the HTTP client, the claim) is called only N/1000 times per pass: more
    # passes, so that it too is compiled before the measured drain, as in a long-running indexer.
    for _ in $(seq 2 "$WARM_PASSES"); do
      rcli RENAME $KEY:staging $KEY >/dev/null
      wait_drained
      rcli --pipe <$WORK/events.resp >/dev/null
    done
    curl -s -XDELETE "$OS/$INDEX" >/dev/null
  fi
  filter_metrics $port >$WORK/metrics0
  i0=$(ingest_stats)
  cpu0=$(cpu $INDEXER); o0=$(cpu $OS_PID); j0=$(jit_cpu $INDEXER)
  t0=$(now)
  rcli RENAME $KEY:staging $KEY >/dev/null
  wait_drained
  t1=$(now)
  cpu1=$(cpu $INDEXER); o1=$(cpu $OS_PID); j1=$(jit_cpu $INDEXER)
  i1=$(ingest_stats)
  filter_metrics $port >$WORK/metrics1
  kill $INDEXER; wait $INDEXER 2>/dev/null || true; INDEXER=""
  n=$(count); dead=$(rcli LLEN {$KEY}:dead)
  eps=$(awk -v n="$N" -v ns=$((t1 - t0)) 'BEGIN{printf "%.0f", n/(ns/1e9)}')
  add $c.eps "$eps"; add $c.icpu "$(per_m "$cpu0" "$cpu1")"; add $c.ocpu "$(per_m "$o0" "$o1")"; add $c.jit "$(per_m "$j0" "$j1")"
  log "run $run $c (${NAMES[$c]}): $N events in $(secs $((t1 - t0))) s = $eps events/s, indexer CPU $(per_m "$cpu0" "$cpu1") s" \
    "(of it JIT compiling $(per_m "$j0" "$j1") s) and OpenSearch CPU $(per_m "$o0" "$o1") s per million events, _count $n, dead $dead"
  [ "$n" = "$N" ] && [ "$dead" = 0 ] || die "_count $n (expected $N), $dead dead-lettered: see $WORK/indexer-$c-$run.log"
  if [ $c = b ]; then
    # every measured document went through the pipeline, none failed in it
    read -r docs0 failed0 <<<"$i0"; read -r docs1 failed1 <<<"$i1"
    log "  OpenSearch pipeline $PIPELINE: $((docs1 - docs0)) documents, $((failed1 - failed0)) failed"
    [ $((docs1 - docs0)) = "$N" ] && [ $((failed1 - failed0)) = 0 ] || die "the pipeline saw $((docs1 - docs0)) documents, $((failed1 - failed0)) failed"
  fi
  if [ $c = a ]; then
    # every indexer_filter_* series: its increase during the measured drain (counters, sums) or its value (gauges, max)
    awk 'NR == FNR { k = $0; sub(/ [^ ]*$/, "", k); before[k] = $NF; next }
      { k = $0; sub(/ [^ ]*$/, "", k); split(k, nm, "{")
        if (nm[1] ~ /_(total|sum|count)$/) printf "%s %.4f\n", k, $NF - before[k]; else if (nm[1] !~ /_bucket$/) printf "%s %s (value)\n", k, $NF }' \
      $WORK/metrics0 $WORK/metrics1 >$WORK/filter-metrics-$run
    [ -s $WORK/filter-metrics-$run ] || echo "(no indexer_filter_* series at /q/metrics)" >$WORK/filter-metrics-$run
    sed 's/^/  /' $WORK/filter-metrics-$run >&2
    # filter seconds per million events: a series of seconds without an id (the whole stage) if there is one,
    # else the sum of the plugins' (id=...) series
    add a.filter_s "$(awk -v n="$N" '$1 ~ /seconds_(sum|total)/ && $3 != "(value)" { if ($1 ~ /id="/) ids += $2; else stage += $2; any = 1; if ($1 !~ /id="/) st = 1 }
      END { if (!any) print "n/a"; else printf "%.2f", (st ? stage : ids) / n * 1e6 }' $WORK/filter-metrics-$run)"
    # events a plugin did not match or failed on: the contest's lines all match
    fails=$(awk '$1 ~ /^indexer_filter_failures/ && $3 != "(value)" { f += $2 } END { printf "%d", f }' $WORK/filter-metrics-$run)
    [ "$fails" = 0 ] || log "  WARNING: indexer_filter_failures rose by $fails during the measured drain"
  fi
  if [ $c = a ] || [ $c = b ]; then
    SAMPLE[$c]=$(check_sample $c) || die "($c) sample document: ${SAMPLE[$c]}"
    log "  sample: ${SAMPLE[$c]}"
  fi
}
declare -A SAMPLE

post_bodies() { # client|ingest: both curl clients' bodies posted, answers in $WORK/bulk/out*
  local a b
  curl -K $WORK/bulk/${1}0.curl >$WORK/bulk/out0 2>&1 & a=$!
  curl -K $WORK/bulk/${1}1.curl >$WORK/bulk/out1 2>&1 & b=$!
  wait $a $b
}
run_bulk() {
  local t0 t1 n o0 o1 eps
  curl -s -XDELETE "$OS/$INDEX" >/dev/null
  o0=$(cpu $OS_PID)
  t0=$(now)
  post_bodies client
  t1=$(now)
  o1=$(cpu $OS_PID)
  n=$(count)
  eps=$(awk -v n="$N" -v ns=$((t1 - t0)) 'BEGIN{printf "%.0f", n/(ns/1e9)}')
  add d.eps "$eps"; add d.ocpu "$(per_m "$o0" "$o1")"
  log "run $run d (${NAMES[d]}): $N documents in $(secs $((t1 - t0))) s = $eps documents/s, OpenSearch CPU $(per_m "$o0" "$o1") s per million, _count $n"
  ! grep -q '"errors":true' $WORK/bulk/out0 $WORK/bulk/out1 || die "_bulk answered errors: see $WORK/bulk/out*"
  [ "$n" = "$N" ] || die "_count $n (expected $N)"
}

# A fresh OpenSearch indexes slowly until its JIT has compiled the indexing path, and its ingest path too: in the
# first full run (20261206T222219Z) run 1's (a) and (b) met a cold node (its CPU 194 and 167 s per million events,
# 63-108 in the runs after). One unmeasured pass of the _bulk bodies, plain and through the pipeline, warms it.
log "warming OpenSearch: the _bulk bodies once plain, once through the pipeline $PIPELINE (unmeasured)"
for c in 0 1; do
  sed "s|/_bulk?filter_path=errors|/_bulk?filter_path=errors\&pipeline=$PIPELINE|" $WORK/bulk/client$c.curl >$WORK/bulk/ingest$c.curl
done
for bodies in client ingest; do
  curl -s -XDELETE "$OS/$INDEX" >/dev/null
  post_bodies $bodies
  [ "$(count)" = "$N" ] || die "warm-up ($bodies): _count $(count), not $N"
done
curl -s -XDELETE "$OS/$INDEX" >/dev/null

last() { echo "${V[$1]##* }"; }
has() { case " $CONTENDERS " in *" $1 "*) return 0 ;; esac; return 1; }
for run in $(seq 1 "$RUNS"); do
  # odd runs: a first (its indexer installs the index template that (d)'s index then gets too); even runs: reversed
  if [ $((run % 2)) = 1 ]; then order="a b c d"; else order="d c b a"; fi
  for c in $order; do
    has $c || continue
    if [ $c = d ]; then run_bulk; else run_indexer $c; fi
  done
  if has a && has b; then add ab "$(awk -v a="$(last a.eps)" -v b="$(last b.eps)" 'BEGIN{printf "%.3f", a/b}')"; log "run $run: (a)/(b) $(last ab)"; fi
  if has c && has d; then add cd "$(awk -v a="$(last c.eps)" -v b="$(last d.eps)" 'BEGIN{printf "%.3f", a/b}')"; log "run $run: (c)/(d) $(last cd)"; fi
done

# ------------------------------------------------------------------ report
diff_of() { awk -v a="$1" -v b="$2" 'BEGIN{ if (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/) printf "%.2f", a - b; else print "n/a" }'; }
sum_of() { awk -v a="$1" -v b="$2" 'BEGIN{ if (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/) printf "%.2f", a + b; else print "n/a" }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/ && b > 0) printf "%.3f", a/b; else print "n/a" }'; }
A=$(median a.eps); B=$(median b.eps); C=$(median c.eps); D=$(median d.eps)
REPORT=$RESULTS/$STAMP-filter.md
{
  echo "# logpipe filter stage contest, $STAMP"
  echo
  echo "logpipe $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD 2>/dev/null || echo ' (with uncommitted changes)')." \
    "Command: \`bench/filter/run.sh $N $RUNS\`$([ "$WARM" = 1 ] || echo " with WARM=0")$([ "$WARM_PASSES" = 3 ] || echo " with WARM_PASSES=$WARM_PASSES")$([ "$CONTENDERS" = "a b c d" ] || echo " with CONTENDERS='$CONTENDERS'")$([ -n "${INDEXER_OPTS:-}" ] && echo " with INDEXER_OPTS='$INDEXER_OPTS'");" \
    "$RUNS run(s), total wall time $(( $(date +%s) - T_START )) s."
  echo
  echo "## Machine"
  echo
  echo "- $(nproc) cores: $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1); $(awk '/MemTotal/{printf "%.1f GiB", $2/1048576}' /proc/meminfo) RAM; $(uname -sr)"
  echo "- load average at start / end: $LOAD_START / $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine adds noise)"
  echo "- Java: $(java -version 2>&1 | head -1); OpenSearch $OS_VERSION single node (devstack, integ-test zip + ingest-common), heap $OS_HEAP;" \
    "Redis $(rcli INFO server | sed -n 's/^redis_version:\([^\r]*\).*/\1/p')"
  echo "- OpenSearch warmed before run 1 by one unmeasured pass of the _bulk bodies, plain and through the pipeline;" \
    "the indexer and OpenSearch share the machine's cores: (a) spends the indexer's CPU where (b) spends OpenSearch's"
  echo "- indexer: 4 workers, batch 1000, JVM: \`$INDEXER_JVM${INDEXER_OPTS:+ $INDEXER_OPTS}\`$([ "$WARM" = 1 ] && echo "; each indexer drained the same $N events $WARM_PASSES time(s), unmeasured, before the measured drain (warm JIT)")"
  echo
  echo "## Events"
  echo
  echo "$N Apache combined access lines from \`bench/Bench.java gen --access true\` (seed 20261124, $AVG_LINE bytes per line)," \
    "as wire events (\`@timestamp\` of their shipping, \`message\`, \`host.name\`, \`log.file.path\`, \`log.offset\`, \`event.id\`)."
  echo "One index \`$INDEX\` (1 shard, 0 replicas, the indexer's template), deleted before each contender."
  echo
  echo "(a)'s filter file (\`-Dindexer.filter.path\`):"
  echo
  echo '```'
  cat $FILTER
  echo '```'
  echo
  echo "(b)'s pipeline \`$PIPELINE\` (\`-Dindexer.ingest-pipeline=$PIPELINE\`): \`grok\` (\`%{COMBINEDAPACHELOG}\` on \`message\`)," \
    "\`date\` (\`timestamp\`, \`dd/MMM/yyyy:HH:mm:ss Z\`, target \`@timestamp\`), \`convert\` (\`bytes\` to integer, ignore_missing, ignore_failure)."
  echo
  echo "## Results (medians over $RUNS run(s))"
  echo
  echo "| contender | events/s | indexer CPU s per million events | OpenSearch CPU s per million events | events/s per run |"
  echo "|---|---|---|---|---|"
  echo "| (a) filter in the indexer | $A | $(median a.icpu) | $(median a.ocpu) |${V[a.eps]:- n/a} |"
  echo "| (b) ingest pipeline | $B | $(median b.icpu) | $(median b.ocpu) |${V[b.eps]:- n/a} |"
  echo "| (c) unfiltered drain | $C | $(median c.icpu) | $(median c.ocpu) |${V[c.eps]:- n/a} |"
  echo "| (d) \`_bulk\` ceiling (curl x 2, 1000 per body) | $D | | $(median d.ocpu) |${V[d.eps]:- n/a} |"
  echo
  echo "- (a)/(b): $(ratio "$A" "$B") of the medians; median of the per-run ratios $(median ab) (runs:${V[ab]:- n/a}) (target >= 1.0)"
  echo "- (c)/(d): $(ratio "$C" "$D") of the medians; median of the per-run ratios $(median cd) (runs:${V[cd]:- n/a}) (target >= 0.9)"
  echo "- of the indexer CPU, the JIT compiler threads' during the measured drains (s per million events, medians):" \
    "(a) $(median a.jit), (b) $(median b.jit), (c) $(median c.jit)"
  echo "- (a) the filter stage's own time from the indexer's \`indexer_filter_*\` series (seconds summed per million events):" \
    "$(median a.filter_s) (runs:${V[a.filter_s]:- n/a}); series of the last run's measured drain (increase, or value for gauges):"
  echo
  echo '```'
  cat $WORK/filter-metrics-$RUNS 2>/dev/null || cat "$(ls $WORK/filter-metrics-* 2>/dev/null | tail -1)" 2>/dev/null || echo "(none)"
  echo '```'
  echo
  echo "- Parsing's CPU (medians, CPU s per million events; (a) and (b) index the same parsed documents): in the indexer" \
    "(a) - (b) = $(diff_of "$(median a.icpu)" "$(median b.icpu)"), in OpenSearch (b) - (a) = $(diff_of "$(median b.ocpu)" "$(median a.ocpu)");" \
    "whole node, indexer + OpenSearch: (a) $(sum_of "$(median a.icpu)" "$(median a.ocpu)"), (b) $(sum_of "$(median b.icpu)" "$(median b.ocpu)")," \
    "(c) $(sum_of "$(median c.icpu)" "$(median c.ocpu)"). OpenSearch's own pipeline time is not used: 2.19 counts a _bulk's batch time once per document."
  echo "- The filter's seconds are wall time inside the plugins, summed over the workers: on a loaded machine they include" \
    "waiting for a core, so they can exceed the indexer's CPU for the filter."
  echo "- CPU s per million events = user+system of the process (/proc/<pid>/stat) during the measured drain, divided by N;" \
    "the indexer's includes its claim, bulk encoding and HTTP; OpenSearch's includes indexing, merging, refreshes."
  echo "- Checks: \`_count\` = $N after every contender, none dead-lettered; a sample document of the last (a) and (b):"
  echo "  - (a) ${SAMPLE[a]:-n/a}"
  echo "  - (b) ${SAMPLE[b]:-n/a}"
} >$REPORT
log "report: $REPORT"
cat $REPORT
echo "RESULT filter_eps=$A ingest_eps=$B drain_eps=$C bulk_eps=$D filter_over_ingest=$(ratio "$A" "$B") drain_over_bulk=$(ratio "$C" "$D")"
