#!/usr/bin/env bash
# By-hand A/B of two shipper builds on the benchmark's shipper contest (not part of the build; the full
# benchmark is bench/run.sh). Same seeded corpus, same multiline rule, same Redis, the image's JVM settings;
# the builds and the Redis ceiling (`redis-cli --pipe`, RPUSH x 500 of build A's own output) take turns in each
# round, so a change in the machine's load hits all of them alike.
#
# The ratio must measure the shipper, not its turn. With one jar as A and B, A (always first after the round's
# DEL) reached 0.44-0.82 of the ceiling and B 0.66-1.01 (2026-12-06). So the order rotates each round (A B, then
# B A, ...: use an even ROUNDS, each contender then goes first as often), and right before each run (and before
# the ceiling) Redis takes a fill of the corpus's size and frees it, so every run meets the same warm, just-freed
# allocator. The priming alone does not remove the turn effect: with it, the first run of a round was still the
# slower one in 7 of 8 rounds (2026-12-07, same jar, a loaded machine), so its cause is not only Redis's memory;
# the rotation is what spreads it evenly. The last line printed is that effect: first/second of each round.
#
#   bench/shipper-ab/run.sh JAR_A JAR_B [ROUNDS (4)] [LINES (2000000)]
#   JAR_x: a shipper's quarkus-app/quarkus-run.jar (build the other one in a git worktree)
#   OPTS_A / OPTS_B: JVM options added for that contender only (the same jar twice compares JVM flags)
#
# Prints per run: events/s from the first element in Redis to the last expected one, CPU seconds after the
# first element; then medians per contender and the ratios to the ceiling.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
A=$(realpath "$1")
B=$(realpath "$2")
ROUNDS=${3:-4}
LINES=${4:-2000000}
HERE=$ROOT/bench/shipper-ab
WORK=$HERE/.work
KEY=logstash
log() { echo "[shipper-ab $(date +%H:%M:%S)] $*" >&2; }
command -v redis-server >/dev/null && command -v redis-cli >/dev/null || { echo "needs redis-server and redis-cli" >&2; exit 1; }
rm -rf "$WORK" && mkdir -p "$WORK/build"
javac -d "$WORK/build" "$ROOT/bench/Bench.java"
bench() { java -cp "$WORK/build" Bench "$@"; }

# the container image's JVM settings and memory limit, as bench/run.sh uses them
PROPS=$ROOT/shipper/src/main/resources/application.properties
JVM=$(sed -n 's/^quarkus\.jib\.jvm-additional-arguments=//p' "$PROPS" | tail -1 | tr ',' ' ')
LIMIT=$(sed -n 's/^quarkus\.kubernetes\.resources\.limits\.memory=//p' "$PROPS" | tail -1)
case "$LIMIT" in *Mi) JVM="$JVM -XX:MaxRAM=${LIMIT%Mi}m" ;; esac

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
redis-server --port "$PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$WORK" >"$WORK/redis.log" 2>&1 &
REDIS=$!
trap 'kill $REDIS 2>/dev/null || true' EXIT
for _ in $(seq 100); do redis-cli -p "$PORT" PING 2>/dev/null | grep -q PONG && break; sleep 0.1; done
rcli() { redis-cli -p "$PORT" "$@"; }

CORPUS=$WORK/corpus/app.log
mkdir -p "$WORK/corpus"
bench gen --lines "$LINES" --seed 20261124 --out "$CORPUS" --events "$WORK/corpus/events.jsonl" --host bench \
  --path "$CORPUS" >"$WORK/corpus.env"
# shellcheck disable=SC1091
. "$WORK/corpus.env"
log "corpus: $LINES lines, $BYTES bytes, $EVENTS events; Redis on $PORT; JVM: $JVM"

# The same Redis memory state before every measured run: the key gone, and a fill of the same size just freed.
prime() {
  rcli DEL $KEY >/dev/null
  rcli --pipe <"$WORK/warm.resp" >/dev/null && rcli DEL bench:warm >/dev/null
}
ship() { # jar dir extra-jvm-options -> env lines
  prime
  mkdir -p "$2"
  bench watch --port "$PORT" --key $KEY --expected "$EXPECTED" --events "$EVENTS" --idle 0 --timeout 300 --stall 30 \
    --log "$2/out.log" -- java $JVM $3 -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port=0 \
    -Dquarkus.redis.hosts=redis://127.0.0.1:$PORT -Dshipper.inputs.bench.paths=$CORPUS \
    -Dshipper.inputs.bench.start-position=beginning -Dshipper.inputs.bench.type=bench \
    "-Dshipper.inputs.bench.multiline.pattern=^(\\s|Caused by:)" -Dshipper.inputs.bench.multiline.negate=false \
    -Dshipper.inputs.bench.multiline.what=previous -Dshipper.registry.path=$2/registry.json \
    -Dshipper.redis.key=$KEY -Dshipper.redis.batch-size=500 -jar "$1"
}
val() { sed -n "s/^$2=//p" "$1"; }
declare -A V
add() { V[$1]="${V[$1]:-} $2"; }
median() { bench stats --values "${V[$1]}"; }

# Redis's first fill of this size is slower (its memory is new to it); prime() repeats a fill before every run.
bench resp --in "$WORK/corpus/events.jsonl" --out "$WORK/warm.resp" --key bench:warm --batch 500 >/dev/null
for round in $(seq 1 "$ROUNDS"); do
  order="A B"; [ $((round % 2)) = 0 ] && order="B A"
  firsteps=""
  for c in $order; do
    jar=$A; opts=${OPTS_A:-}; [ $c = B ] && jar=$B && opts=${OPTS_B:-}
    d=$WORK/$c-$round
    # shellcheck disable=SC2086
    ship "$jar" "$d" "$opts" >"$d.env" 2>&1 || true
    grep -q '^OK=1' "$d.env" || { log "$c round $round did not finish: $(tr '\n' ' ' <"$d.env")"; exit 1; }
    eps=$(awk -v n="$EXPECTED" -v s="$(val "$d.env" STEADY_S)" 'BEGIN{printf "%.0f", n/s}')
    cpu=$(awk -v a="$(val "$d.env" CPU_S)" -v b="$(val "$d.env" CPU_FIRST_S)" 'BEGIN{printf "%.2f", a-b}')
    add $c.eps "$eps"; add $c.cpu "$cpu"; add $c.rss "$(val "$d.env" PEAK_RSS_MIB)"
    if [ -z "$firsteps" ]; then firsteps=$eps; else add turn "$(awk -v a="$firsteps" -v b="$eps" 'BEGIN{printf "%.2f", a/b}')"; fi
    log "round $round $c: $eps events/s, CPU after first event $cpu s, peak RSS $(val "$d.env" PEAK_RSS_MIB) MiB, final $(val "$d.env" FINAL_COUNT)"
    if [ ! -f "$WORK/ceiling.resp" ] && [ $c = A ]; then
      bench dump --port "$PORT" --key $KEY --out "$WORK/shipped.jsonl" >/dev/null
      bench resp --in "$WORK/shipped.jsonl" --out "$WORK/ceiling.resp" --key $KEY --batch 500 >/dev/null
    fi
  done
  prime
  t0=$(date +%s%N); rcli --pipe <"$WORK/ceiling.resp" >/dev/null; t1=$(date +%s%N)
  n=$(rcli LLEN $KEY); rcli DEL $KEY >/dev/null
  ce=$(awk -v n="$n" -v ns=$((t1 - t0)) 'BEGIN{printf "%.0f", n/(ns/1e9)}')
  add ceiling.eps "$ce"
  for c in A B; do add $c.ratio "$(awk -v a="${V[$c.eps]##* }" -v b="$ce" 'BEGIN{printf "%.3f", a/b}')"; done
  log "round $round ($order) ceiling: $ce events/s"
done
for c in A B; do
  echo "$c: events/s${V[$c.eps]} (median $(median $c.eps)); CPU s${V[$c.cpu]} (median $(median $c.cpu));" \
    "ratio to ceiling${V[$c.ratio]} (median $(median $c.ratio)); peak RSS MiB${V[$c.rss]}"
done
echo "ceiling: events/s${V[ceiling.eps]} (median $(median ceiling.eps))"
echo "turn (events/s of the round's first run / its second):${V[turn]} (median $(median turn))"
