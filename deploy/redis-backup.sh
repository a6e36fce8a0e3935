#!/bin/sh
# Copies a consistent snapshot of Cunbo's Redis to a compressed, dated file and deletes old copies.
#
#   deploy/redis-backup.sh <backup-dir> [days-to-keep, default 14]
#
# REDIS_URL says which Redis (default redis://127.0.0.1:6379). It uses `redis-cli --rdb`, which asks the
# server for a fresh snapshot over the connection: no access to Redis's data directory needed, nothing on
# the server changed. Restore: docs/deployment.md ("Restoring").
set -eu

dir=${1:?usage: redis-backup.sh <backup-dir> [days-to-keep]}
keep=${2:-14}
url=${REDIS_URL:-redis://127.0.0.1:6379}

mkdir -p "$dir"
stamp=$(date -u +%Y%m%d-%H%M%S)
tmp="$dir/.cunbo-$stamp.rdb.partial"
trap 'rm -f "$tmp"' EXIT

if ! out=$(redis-cli -u "$url" --no-auth-warning --rdb "$tmp" 2>&1); then
  echo "redis-backup: $out" >&2
  exit 1
fi
gzip -c "$tmp" > "$dir/cunbo-$stamp.rdb.gz.partial"
mv "$dir/cunbo-$stamp.rdb.gz.partial" "$dir/cunbo-$stamp.rdb.gz"
find "$dir" -maxdepth 1 -name 'cunbo-*.rdb.gz' -mtime +"$keep" -delete
echo "$dir/cunbo-$stamp.rdb.gz"
