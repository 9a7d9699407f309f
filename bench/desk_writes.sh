#!/usr/bin/env bash
# Desk writes beside their anchors, in one run on this machine:
#   1. RocksDB alone (db_bench): synced batches of six keys, 64 threads;
#   2. PostgreSQL 15 alone (pgbench): a dossier row and its 4 event rows in
#      one transaction, synchronous_commit on, 64 clients;
#   3. motcua: `motcua-load --mix=desk:1`, 64 in flight, every write synced,
#      against motcua-server on a fresh demo store.
# Each runs DURATION seconds (default 15) alone, loopback only; everything
# it starts it stops. Needs a built tree (build/) and, for the anchors,
# Debian's rocksdb-tools and postgresql-15 (installed here when missing).
#   bench/desk_writes.sh [DURATION]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/server_address.sh
DURATION=${1:-15}
BUILD_DIR=${MOTCUA_BUILD_DIR:-build}
PG_BIN=/usr/lib/postgresql/15/bin
missing=()
command -v db_bench >/dev/null || missing+=(rocksdb-tools)
[ -x "$PG_BIN/pgbench" ] || missing+=(postgresql-15)
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -q && apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
WORK=$(mktemp -d /tmp/motcua-desk-bench.XXXXXX)
chmod 755 "$WORK"
SERVER=""
cleanup() {
  [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null
  if [ -d "$WORK/pg" ]; then
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/pg" -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "== 1. RocksDB: synced six-key batches, 64 threads, ${DURATION} s"
db_bench --benchmarks=fillrandom --db="$WORK/db_bench" --sync=1 --batch_size=6 \
  --threads=64 --duration="$DURATION" --num=100000000 --key_size=24 \
  --value_size=120 --compression_type=none --statistics=0 2>&1 |
  awk '/^fillrandom/ { printf "rocksdb: %s keys/s = %.0f batches/s (%s)\n", $5, $5 / 6, $0 }'

echo "== 2. PostgreSQL 15: a dossier and 4 events per transaction, 64 clients, ${DURATION} s"
mkdir -p "$WORK/pg" && chown postgres "$WORK/pg"
runuser -u postgres -- "$PG_BIN/initdb" -D "$WORK/pg" -A trust >/dev/null
runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg/log" \
  -o "-k $WORK/pg -c listen_addresses='' -c max_connections=100 -c synchronous_commit=on -c fsync=on" \
  -w start >/dev/null
cp bench/pg_anchor_schema.sql "$WORK/schema.sql"
cp bench/pg_anchor_dossier.sql "$WORK/dossier.sql"
chmod 644 "$WORK"/*.sql
runuser -u postgres -- "$PG_BIN/psql" -q -h "$WORK/pg" -d postgres -f "$WORK/schema.sql"
runuser -u postgres -- "$PG_BIN/pgbench" -h "$WORK/pg" -n -c 64 -j 2 -T "$DURATION" \
  -f "$WORK/dossier.sql" postgres 2>&1 | grep -E "^tps|latency average"
runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/pg" -m fast stop >/dev/null

echo "== 3. motcua desk writes: motcua-load --mix=desk:1, 64 in flight, ${DURATION} s"
"$BUILD_DIR/server/motcua-server" --listen=127.0.0.1:0 --data_dir="$WORK/motcua" \
  --calendar_dir=data/calendar --demo_catalogue=data/demo/catalogue.json \
  > "$WORK/server.out" 2> "$WORK/server.err" &
SERVER=$!
server_address "$WORK/server.out" "$WORK/server.err"
"$BUILD_DIR/client/motcua-load" --address="$ADDR" \
  --token="$(cat "$WORK/motcua/initial-admin-token")" --mix=desk:1 \
  --in_flight=64 --duration="$DURATION" --json > "$WORK/load.json"
python3 - "$WORK/load.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
ops = r["operations"]
total = sum(o["ok"] for o in ops.values())
errors = sum(sum(o["errors"].values()) for o in ops.values())
print(f"motcua: {total / r['elapsed_s']:.0f} desk writes/s, worst p99 "
      f"{max(o['p99_ms'] for o in ops.values()):.1f} ms, {errors} errors")
for name, o in ops.items():
    print(f"  {name:<20} {o['per_second']:>7.0f}/s  p50 {o['p50_ms']:.1f} ms"
          f"  p99 {o['p99_ms']:.1f} ms")
PY
