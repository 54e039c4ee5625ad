#!/usr/bin/env bash
# Builds a JRE 17 base image from Debian's own packages, offline from any image registry, and packs it as a
# docker-archive tar (manifest.json, one config JSON, one layer tar) that Jib reads with
# -Dquarkus.jib.base-jvm-image=tar://<file>. Needs root (debootstrap) and the Debian package mirror.
#
# Usage: deploy/local/base-image.sh [OUT_TAR]   (default: deploy/local/target/jre17-bookworm.tar)
# Re-running reuses an existing tar; delete it to rebuild.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/target/jre17-bookworm.tar}"
work="$(dirname "$out")/base-image"
tag="localhost/logpipe/jre17:bookworm"

if [[ -s "$out" ]]; then
  echo "base image: reusing $out ($(du -h "$out" | cut -f1))"
  exit 0
fi
[[ $(id -u) -eq 0 ]] || { echo "base-image.sh: needs root (debootstrap)" >&2; exit 1; }
command -v debootstrap >/dev/null || { echo "base-image.sh: apt-get install debootstrap" >&2; exit 1; }

rm -rf "$work"
mkdir -p "$work/rootfs"
echo "base image: debootstrap bookworm (minbase + openjdk-17-jre-headless) into $work/rootfs"
debootstrap --variant=minbase --include=openjdk-17-jre-headless,ca-certificates \
  bookworm "$work/rootfs" http://deb.debian.org/debian > "$work/debootstrap.log" 2>&1 \
  || { tail -30 "$work/debootstrap.log" >&2; exit 1; }

root="$work/rootfs"
# What a runtime image never needs: package caches, docs, man pages, translations.
rm -rf "$root"/var/cache/apt/* "$root"/var/lib/apt/lists/* "$root"/usr/share/doc/* \
       "$root"/usr/share/man/* "$root"/usr/share/info/* "$root"/usr/share/locale/* \
       "$root"/var/log/* "$root"/tmp/* "$root"/var/cache/debconf/*-old
chmod 1777 "$root/tmp"
java_home="$(dirname "$(dirname "$(readlink -f "$root/usr/bin/java" | sed "s#^$root##")")")"
[[ -x "$root$java_home/bin/java" ]] || { echo "no java in rootfs" >&2; exit 1; }

echo "base image: packing one layer"
layer="$work/layer.tar"
tar --numeric-owner --xattrs -C "$root" -cf "$layer" .
diff_id="sha256:$(sha256sum "$layer" | cut -d' ' -f1)"
created="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
cat > "$work/config.json" <<JSON
{"architecture":"amd64","os":"linux","created":"$created",
 "config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","JAVA_HOME=$java_home","LANG=C.UTF-8"],
           "Cmd":["/bin/bash"],"Labels":{"org.opencontainers.image.description":"Debian bookworm minbase + openjdk-17-jre-headless (logpipe local proof)"}},
 "rootfs":{"type":"layers","diff_ids":["$diff_id"]},
 "history":[{"created":"$created","created_by":"debootstrap --variant=minbase --include=openjdk-17-jre-headless,ca-certificates bookworm"}]}
JSON
cfg_id="$(sha256sum "$work/config.json" | cut -d' ' -f1)"
mkdir -p "$work/archive"
mv "$layer" "$work/archive/layer.tar"
cp "$work/config.json" "$work/archive/$cfg_id.json"
printf '[{"Config":"%s.json","RepoTags":["%s"],"Layers":["layer.tar"]}]\n' "$cfg_id" "$tag" > "$work/archive/manifest.json"
mkdir -p "$(dirname "$out")"
tar -C "$work/archive" -cf "$out.tmp" manifest.json "$cfg_id.json" layer.tar
mv "$out.tmp" "$out"
rm -rf "$work/archive"
echo "base image: $out ($(du -h "$out" | cut -f1)), java $("$root$java_home/bin/java" -version 2>&1 | head -1)"
