#!/usr/bin/env bash
# Offline proof that logpipe's container images really run: builds a JRE 17 base image from Debian's
# packages (base-image.sh), builds the shipper and indexer images with Jib on top of it without any image
# registry, and runs them as containers on this machine:
#
#   "web" container --appends--> <work>/logs/access.log --read-only mount--> shipper container
#   shipper --RPUSH--> Redis (devstack) <--claim-- indexer containers x2 --_bulk--> Elasticsearch (devstack)
#
# The shipper reads the sidecar component's own configuration file
# (deploy/components/shipper-sidecar/shipper.properties), with the environment the downward API would give
# it, and runs as in the pod: uid 185, read-only root file system, the sidecar's memory limit. The script
# checks that every line written appears exactly once in Elasticsearch, then prints the image sizes and
# each container's memory. Not part of CI: it needs root, podman and runc (apt-get install podman runc
# debootstrap), and Debian's package mirror for the base image.
#
# Usage: deploy/local/run.sh   (FROM=head builds the last commit, FROM=worktree the files as they are;
#                               LINES=20000 lines by default; INDEX_TIMEOUT=300 s for them to be indexed;
#                               KEEP=1 leaves the containers and devstack running; SKIP_BUILD=1 reuses
#                               the images already in podman)
# Facts of this machine built in: podman runs containers here only with --runtime runc (crun fails on
# its cgroups), --network=host, and explicit nofile/nproc ulimits.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
here="$root/deploy/local"
target="$here/target"
work="$target/run"
lines="${LINES:-20000}"
version="0.1.0-SNAPSHOT"
base_tar="$target/jre17-bookworm.tar"
base_image="localhost/logpipe/jre17:bookworm"
shipper_image="localhost/logpipe/logpipe-shipper:$version"
indexer_image="localhost/logpipe/logpipe-indexer:$version"
password="local-$(date +%s)"
prefix="logpipe-local"
containers=("$prefix-web" "$prefix-shipper" "$prefix-indexer-1" "$prefix-indexer-2")
run=(podman run -d --runtime runc --network=host --ulimit nofile=20000:20000 --ulimit nproc=32768:32768)
devstack_pid=""

say() { printf '\n== %s\n' "$*"; }
die() { echo "FAILED: $*" >&2; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# poll DESCRIPTION TIMEOUT_S COMMAND...: run COMMAND every second until it succeeds or time runs out.
poll() {
  local what="$1" timeout="$2"; shift 2
  local deadline=$((SECONDS + timeout))
  until "$@"; do
    (( SECONDS < deadline )) || die "$what: not within ${timeout}s"
    sleep 1
  done
}

cleanup() {
  if [[ "${KEEP:-0}" != 1 ]]; then
    podman rm -f --ignore -t 5 "${containers[@]}" >/dev/null 2>&1 || true
    [[ -n "$devstack_pid" ]] && kill "$devstack_pid" 2>/dev/null && wait "$devstack_pid" 2>/dev/null || true
  else
    echo "KEEP=1: containers ${containers[*]} and devstack (pid $devstack_pid) left running"
  fi
}
trap cleanup EXIT

[[ $(id -u) -eq 0 ]] || die "needs root (debootstrap, podman with runc)"
for tool in podman runc curl jq python3; do command -v "$tool" >/dev/null || die "$tool not installed"; done

say "1. JRE 17 base image from Debian packages"
"$here/base-image.sh" "$base_tar"
podman load -q -i "$base_tar" >/dev/null
java_version=$(podman run --rm --runtime runc --network=host --ulimit nofile=20000:20000 --ulimit nproc=32768:32768 \
  "$base_image" java -version 2>&1)
echo "$base_image: ${java_version%%$'\n'*}"

say "2. shipper and indexer images with Jib, offline, on tar://$base_tar"
# FROM=head (default) builds the committed code, exported clean (others' unfinished edits in the work
# tree don't get in the way, and the proof is of a commit); FROM=worktree builds the files as they are.
if [[ "${FROM:-head}" == head ]]; then
  src="$target/src"
  rm -rf "$src"; mkdir -p "$src"
  git -C "$root" archive HEAD | tar -x -C "$src"
  echo "building commit $(git -C "$root" rev-parse --short HEAD) in $src"
else
  src="$root"
fi
cd "$src"
if [[ "${SKIP_BUILD:-0}" == 1 ]]; then echo "SKIP_BUILD=1: using the images already in podman"; else
mvn_args=(-B -pl common,shipper,indexer package -DskipTests
  -Dquarkus.container-image.build=true
  "-Dquarkus.jib.base-jvm-image=tar://$base_tar"
  -Dquarkus.jib.offline-mode=true
  -Dquarkus.jib.docker-executable-name=podman)
./mvnw -o "${mvn_args[@]}" > "$target/images-build.log" 2>&1 || ./mvnw "${mvn_args[@]}" > "$target/images-build.log" 2>&1 \
  || { tail -40 "$target/images-build.log"; die "image build"; }
fi
cd "$root"
grep -h "Created container image\|Container entrypoint" "$target/images-build.log" | sed "s/^.*JibProcessor\] //" || true
for image in "$shipper_image" "$indexer_image"; do
  podman image exists "$image" || die "$image not in podman after the build"
  echo "$image: user $(podman image inspect -f '{{.Config.User}}' "$image"), workdir $(podman image inspect -f '{{.Config.WorkingDir}}' "$image")"
done

say "3. Redis (with a password) and Elasticsearch from devstack"
podman rm -f --ignore -t 2 "${containers[@]}" >/dev/null 2>&1 || true
rm -rf "$work"
mkdir -p "$work/logs" "$work/registry"
# The containers run as 185 like in the pod: the registry volume is theirs; the log folder stays root's.
chown 185:185 "$work/registry"
devstack_jar="$root/devstack/target/logpipe-devstack-$version.jar"
[[ -f "$devstack_jar" ]] || ./mvnw -o -B -q -pl common,devstack install -DskipTests
java -jar "$devstack_jar" --redis-password "$password" --env-file "$work/devstack.env" > "$work/devstack.log" 2>&1 &
devstack_pid=$!
poll "devstack READY" 180 grep -q READY "$work/devstack.log"
# shellcheck disable=SC1091
source "$work/devstack.env"
es="$ELASTICSEARCH_URL"
echo "Redis $REDIS_URL, Elasticsearch $es"
redis() { redis-cli -p "$REDIS_PORT" --no-auth-warning -a "$password" "$@"; }

say "4. shipper container (sidecar configuration, uid 185, read-only root, 192 MiB like the sidecar's limit)"
shipper_port=$(free_port)
"${run[@]}" --name "$prefix-shipper" --hostname web-7c9f-local --memory 192m --user 185 --read-only \
  -v "$work/logs:/var/log/app:ro" -v "$work/registry:/var/lib/logpipe" \
  -v "$root/deploy/components/shipper-sidecar/shipper.properties:/home/jboss/config/application.properties:ro" \
  -e QUARKUS_HTTP_PORT="$shipper_port" -e QUARKUS_REDIS_HOSTS="$REDIS_URL" -e QUARKUS_REDIS_PASSWORD="$password" \
  -e LOGPIPE_TYPE=nginx -e POD_NAMESPACE=local -e NODE_NAME="$(hostname)" \
  "$shipper_image" >/dev/null
health() { curl -fsS "http://127.0.0.1:$1/q/health/$2" >/dev/null 2>&1; }
poll "shipper live" 60 health "$shipper_port" live
echo "shipper: $(curl -s "http://127.0.0.1:$shipper_port/q/health" | jq -c '[.status, [.checks[]? | {name, status}]]')"

say "5. two indexer containers (uid 185, read-only root, 512 MiB like the Deployment's limit)"
ports=()
for i in 1 2; do
  port=$(free_port); ports+=("$port")
  "${run[@]}" --name "$prefix-indexer-$i" --hostname "indexer-$i" --memory 512m --user 185 --read-only \
    -e QUARKUS_HTTP_PORT="$port" -e QUARKUS_REDIS_HOSTS="$REDIS_URL" -e QUARKUS_REDIS_PASSWORD="$password" \
    -e QUARKUS_ELASTICSEARCH_HOSTS="${es#http://}" -e INDEXER_CONSUMER_ID="$prefix-indexer-$i" \
    -e INDEXER_REDIS_KEY=logstash -e INDEXER_TEMPLATE_REPLICAS=0 -e QUARKUS_SHUTDOWN_TIMEOUT=45s \
    "$indexer_image" >/dev/null
done
for i in 1 2; do
  poll "indexer-$i ready" 90 health "${ports[$((i-1))]}" ready
  echo "indexer-$i: $(curl -s "http://127.0.0.1:${ports[$((i-1))]}/q/health" | jq -c '[.status, [.checks[]? | {name, status}]]')"
done

say "6. web container appends $lines access-log lines, in bursts, to the shared folder"
"${run[@]}" --name "$prefix-web" -v "$work/logs:/var/log/app" "$base_image" bash -c '
  n=$1; i=0
  while (( i < n )); do
    for _ in $(seq 1 500); do
      (( i < n )) || break; i=$((i+1))
      printf "10.0.%d.%d - - [%s] \"GET /item/%d HTTP/1.1\" 200 %d \"-\" \"curl/8.5\" req=%d\n" \
        $((i % 250)) $((i % 200)) "$(date -u +%d/%b/%Y:%H:%M:%S\ +0000)" "$i" $((i % 5000)) "$i"
    done >> /var/log/app/access.log
    sleep 0.2
  done
  sleep infinity' bash "$lines" >/dev/null
written() { [[ $(wc -l < "$work/logs/access.log" 2>/dev/null || echo 0) -ge $lines ]]; }
poll "web wrote $lines lines" 300 written
echo "web: $(wc -l < "$work/logs/access.log") lines, $(du -h "$work/logs/access.log" | cut -f1)"

say "7. every line in Elasticsearch, once"
count() { curl -s -XPOST "$es/logstash-*/_refresh" >/dev/null; curl -s "$es/logstash-*/_count" | jq -r '.count // 0'; }
all_indexed() { local c; c=$(count); [[ "$c" -ge "$lines" ]]; }
start=$SECONDS
poll "$lines documents in Elasticsearch (have $(count))" "${INDEX_TIMEOUT:-300}" all_indexed
indexed=$(count)
# Exactly once: no event.id and no file offset on two documents (terms aggregations are exact on the
# template's single shard), and as many documents as lines.
dups() {
  curl -s "$es/logstash-*/_search?size=0" -H 'content-type: application/json' \
    -d "{\"aggs\":{\"d\":{\"terms\":{\"field\":\"$1\",\"min_doc_count\":2,\"size\":10}}}}" \
    | jq -r '.aggregations.d.buckets | length'
}
dup_ids=$(dups event.id); dup_offsets=$(dups log.offset)
sample=$(curl -s "$es/logstash-*/_search?size=1&q=message:%22req=$lines%22" | jq -c '.hits.hits[0]._source | {type, host, log, fields, tags}')
queue=$(redis LLEN logstash)
inflight=$(redis --scan --pattern '{logstash}:inflight:*' | while read -r k; do redis LLEN "$k"; done | paste -sd+ - | bc 2>/dev/null || echo 0)
echo "documents: $indexed (expected $lines), event ids on 2+ documents: $dup_ids, file offsets on 2+ documents: $dup_offsets, Redis list left: $queue, in flight: ${inflight:-0}"
echo "last line as indexed: $sample"
echo "indices: $(curl -s "$es/_cat/indices/logstash-*?h=index,docs.count" | tr '\n' ' ')"
[[ "$indexed" -eq "$lines" ]] || die "expected $lines documents, found $indexed"
[[ "$dup_ids" -eq 0 && "$dup_offsets" -eq 0 ]] || die "duplicates: $dup_ids event ids, $dup_offsets offsets"
[[ "$queue" -eq 0 ]] || die "Redis list not drained: $queue"
[[ "$(jq -r .type <<<"$sample")" == nginx ]] || die "type from the pod annotation not applied"
[[ "$(jq -r .fields.namespace <<<"$sample")" == local ]] || die "fields from the downward API not applied"
echo "per indexer: $(for i in 1 2; do printf '%s=%s ' "indexer-$i" "$(curl -s "http://127.0.0.1:${ports[$((i-1))]}/q/metrics" | grep -E '^indexer_events_indexed_total' | awk '{s+=$2} END {print s+0}')"; done)"

say "8. shipper container killed (SIGKILL) and started again: resumes from its registry volume"
more=2000
podman kill -s KILL "$prefix-shipper" >/dev/null
podman exec "$prefix-web" bash -c '
  for i in $(seq $(( $1 + 1 )) $(( $1 + $2 ))); do
    printf "10.0.0.1 - - [%s] \"GET /after-kill/%d HTTP/1.1\" 200 1 \"-\" \"curl/8.5\" req=%d\n" "$(date -u +%d/%b/%Y:%H:%M:%S\ +0000)" "$i" "$i"
  done >> /var/log/app/access.log' bash "$lines" "$more"
echo "registry kept on the volume: $(ls -l "$work/registry" | tail -n +2 | awk '{print $3, $5, $NF}' | tr '\n' ' ')"
podman start "$prefix-shipper" >/dev/null
poll "shipper live again" 60 health "$shipper_port" live
total=$((lines + more))
all_after_restart() { local c; c=$(count); [[ "$c" -ge "$total" ]]; }
poll "$total documents after the restart (have $(count))" "${INDEX_TIMEOUT:-300}" all_after_restart
indexed=$(count); dup_ids=$(dups event.id); dup_offsets=$(dups log.offset)
# Elasticsearch would hide re-shipped lines (same event.id); the restarted shipper's own counter does not.
reshipped=$(curl -s "http://127.0.0.1:$shipper_port/q/metrics" | awk '/^shipper_events_shipped_total/ {s+=$2} END {print s+0}')
echo "documents: $indexed (expected $total), event ids on 2+ documents: $dup_ids, file offsets on 2+ documents: $dup_offsets"
echo "events shipped by the restarted shipper: $reshipped (the $more new lines only, nothing read again)"
[[ "$indexed" -eq "$total" && "$dup_ids" -eq 0 && "$dup_offsets" -eq 0 ]] || die "after the shipper restart: $indexed documents, duplicates $dup_ids/$dup_offsets"
[[ "$reshipped" -eq "$more" ]] || die "the restarted shipper shipped $reshipped events, expected $more: registry not resumed"

say "9. image sizes"
podman images --format '{{.Repository}}:{{.Tag}}  {{.Size}}' | grep -E 'logpipe/(jre17|logpipe-)' | sort
for image in "$shipper_image" "$indexer_image"; do
  base=$(podman image inspect -f "{{.Size}}" "$base_image"); size=$(podman image inspect -f "{{.Size}}" "$image")
  echo "$image: application layers $(( (size - base) / 1024 / 1024 )) MiB on the $(( base / 1024 / 1024 )) MiB base"
done

say "10. container memory"
podman stats --no-stream --format '{{.Name}}  mem {{.MemUsage}}  ({{.MemPerc}})  cpu {{.CPUPerc}}' "${containers[@]}" 2>/dev/null || true
for c in "$prefix-shipper" "$prefix-indexer-1" "$prefix-indexer-2"; do
  pid=$(podman inspect -f '{{.State.Pid}}' "$c")
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status"); hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
  heap=$(podman inspect -f '{{.Config.Entrypoint}}' "$c" | grep -o 'MaxRAMPercentage=[0-9]*' || true)
  maxheap=$(podman exec "$c" java -XX:"${heap:-MaxRAMPercentage=25}" -XX:+PrintFlagsFinal -version 2>/dev/null | awk '/ MaxHeapSize / {print int($4/1048576)}')
  echo "$c: java RSS $((rss / 1024)) MiB (peak $((hwm / 1024)) MiB), max heap under the container limit ${maxheap} MiB ($heap)"
done
say "OK: $total lines written by web, shipped by the shipper container (killed once), indexed by two indexer containers, each once"
