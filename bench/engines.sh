#!/usr/bin/env bash
# The two storage engines side by side, in one run on this machine, with the
# same motcua-load commands (issue 18):
#   0. anchors: RocksDB alone (db_bench: synced six-key batches, 64 threads)
#      and PostgreSQL 15 alone (pgbench: a dossier row and its 4 events per
#      transaction, synchronous_commit on, 64 clients);
#   1. a store of N generated dossiers (default 1,000,000; 2021-2025, the
#      demo catalogue) made by motcua-bulkgen on each engine, same seed;
#   2. on each engine in turn, motcua-server over that store and:
#      desk writes (--mix=desk:1, 64 in flight, every write synced:
#      RocksDB's log sync, PostgreSQL's synchronous_commit=on), rate
#      queries (dashboard calls with --report_share=0), reports
#      (--report_share=1; 64 in flight, then one at a time for a report's
#      own latency), each DURATION seconds, and four exports of a
#      district's year (--mix=batch:1, 4 in flight); the issue's targets
#      as offered rates too (open loop: calls start on schedule whatever
#      the answers do), rate queries at 5,000/s after the rates, desk
#      writes at 2,000/s before the desk writes (the writes last: rates
#      right after a desk load ran at a third of their speed for some 15 s
#      on PostgreSQL); each engine's loads begin once what the other wrote
#      is on the disk (CHECKPOINT, sync);
#      and a province's year report (motcua report, its latency from the
#      server's access log), five times.
#      Each measured load follows WARMUP seconds of the same load, not
#      measured: the first seconds after a server starts, or after another
#      kind of load, read tables into the caches (a desk load on a fresh
#      PostgreSQL server ran at under half its speed for its first 2-3 s).
# Loopback only; everything it starts it stops. Needs a built tree (build/).
#   bench/engines.sh [DURATION] [DOSSIERS] [WARMUP]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/server_address.sh
DURATION=${1:-15}
DOSSIERS=${2:-1000000}
WARMUP=${3:-5}
BUILD_DIR=${MOTCUA_BUILD_DIR:-build}
PG_BIN=/usr/lib/postgresql/15/bin
missing=()
command -v db_bench >/dev/null || missing+=(rocksdb-tools)
[ -x "$PG_BIN/pgbench" ] || missing+=(postgresql-15)
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -q && apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
WORK=$(mktemp -d /tmp/motcua-engines.XXXXXX)
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

# The CPU this machine gives at a moment: a fixed task on both cores (two
# Python loops), in seconds. A longer such task (15 million turns of each
# loop, not 10) took 1.8-1.9 s here after a rest and 3.0-3.4 s after 90 s
# busy, so the loads' figures are printed with a probe taken right after
# each (it keeps both cores busy for a second or two before the next).
cpu_probe() {
  local start pids=()
  start=$(date +%s.%N)
  for _ in 1 2; do
    python3 -c 'x = 0
for i in range(10000000): x += i * i' &
    pids+=($!)
  done
  wait "${pids[@]}"  # not the server, also a child of this shell
  awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.2f", e - s }'
}

echo "== 0. anchors, ${DURATION} s each; cpu probe at the start: $(cpu_probe) s"
db_bench --benchmarks=fillrandom --db="$WORK/db_bench" --sync=1 --batch_size=6 \
  --threads=64 --duration="$DURATION" --num=100000000 --key_size=24 \
  --value_size=120 --compression_type=none --statistics=0 2>&1 |
  awk '/^fillrandom/ { printf "rocksdb (db_bench): %.0f synced batches/s\n", $5 / 6 }'
rm -rf "$WORK/db_bench"
mkdir -p "$WORK/pg" && chown postgres "$WORK/pg"
runuser -u postgres -- "$PG_BIN/initdb" -D "$WORK/pg" -A trust >/dev/null
# glibc's trim threshold fixed at 256 MB (deploy/patroni/README.md): some
# backends otherwise gave their heap back to the kernel after every sum
# and paid a page-table flush for it, and rate calls ran at 3,300-3,700/s
# in 2 runs of 7 against 5,400-5,900/s.
runuser -u postgres -- env GLIBC_TUNABLES=glibc.malloc.trim_threshold=268435456 \
  "$PG_BIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg/log" \
  -o "-k $WORK/pg -c listen_addresses='' -c max_connections=200 -c shared_buffers=256MB -c synchronous_commit=on -c fsync=on" \
  -w start >/dev/null
psql_() { runuser -u postgres -- "$PG_BIN/psql" -q -h "$WORK/pg" "$@"; }
psql_ -d postgres -c "CREATE DATABASE anchor" -c "CREATE DATABASE motcua"
cp bench/pg_anchor_schema.sql "$WORK/anchor.sql"
cp bench/pg_anchor_dossier.sql "$WORK/dossier.sql"
chmod 644 "$WORK"/*.sql
psql_ -d anchor -f "$WORK/anchor.sql"
runuser -u postgres -- "$PG_BIN/pgbench" -h "$WORK/pg" -n -c 64 -j 2 -T "$DURATION" \
  -f "$WORK/dossier.sql" anchor 2>&1 | awk '/^tps/ { printf "postgresql (pgbench): %.0f tx/s\n", $3 }'
psql_ -d postgres -c "DROP DATABASE anchor"

PG_URI="postgresql:///motcua?host=$WORK/pg&user=postgres"
echo "== 1. $DOSSIERS generated dossiers on each engine (motcua-bulkgen, seed 1)"
for engine in rocksdb postgresql; do
  store=(); [ $engine = postgresql ] && store=(--store="$PG_URI")
  start=$(date +%s.%N)
  "$BUILD_DIR/generator/motcua-bulkgen" --data_dir="$WORK/$engine" "${store[@]}" \
    --dossiers="$DOSSIERS" --admin_token_file="$WORK/$engine.token" > "$WORK/bulk.out" 2>&1
  echo "$engine: $(tail -1 "$WORK/bulk.out")"
done
# What autovacuum would do by itself a little later.
psql_ -d motcua -c "VACUUM ANALYZE"

report() {  # engine what json
  python3 - "$1" "$2" "$3" <<'PY'
import json, sys
engine, what, path = sys.argv[1:]
r = json.load(open(path))
ops = r["operations"]
ok = sum(o["ok"] for o in ops.values())
errors = sum(sum(o["errors"].values()) for o in ops.values())
items = sum(o.get("items_per_second", 0) for o in ops.values())
extra = f", {items:.0f} items/s" if items else ""
print(f"{engine:<10} {what:<12} {ok / r['elapsed_s']:>8.0f} calls/s, worst p99 "
      f"{max(o['p99_ms'] for o in ops.values()):6.1f} ms{extra}, {errors} errors")
PY
}

echo "== 2. the same motcua-load commands on each engine, ${DURATION} s each"
for engine in rocksdb postgresql; do
  store=(); [ $engine = postgresql ] && store=(--store="$PG_URI")
  chmod 700 "$WORK/$engine"
  # What the other engine wrote reaches the disk before this one is timed
  # (PostgreSQL's shared buffers too: it runs through RocksDB's loads).
  psql_ -d motcua -c CHECKPOINT
  sync
  "$BUILD_DIR/server/motcua-server" --listen=127.0.0.1:0 --http_listen=127.0.0.1:0 \
    --data_dir="$WORK/$engine" "${store[@]}" \
    --calendar_dir=data/calendar --demo_catalogue=data/demo/catalogue.json \
    > "$WORK/server.out" 2> "$WORK/server.err" &
  SERVER=$!
  server_address "$WORK/server.out" "$WORK/server.err"
  load() {
    "$BUILD_DIR/client/motcua-load" --address="$ADDR" \
      --token="$(cat "$WORK/$engine.token")" --year=2025 --json "$@" 2>/dev/null
  }
  measure() {  # what motcua-load-arguments...: warm up, then measure
    local what=$1; shift
    [ "$WARMUP" -gt 0 ] && load "$@" --duration="$WARMUP" > /dev/null
    load "$@" --duration="$DURATION" > "$WORK/l.json"
    local line
    line=$(report $engine "$what" "$WORK/l.json")
    echo "$line; cpu probe $(cpu_probe) s"
  }
  measure rates --mix=dashboard:1 --report_share=0 --in_flight=64
  measure "rates @5000/s" --mix=dashboard:1 --report_share=0 --rate=5000
  measure reports --mix=dashboard:1 --report_share=1 --in_flight=64
  measure "1 report" --mix=dashboard:1 --report_share=1 --in_flight=1
  load --mix=batch:1 --in_flight=4 --count=4 --duration=600 > "$WORK/l.json"
  report $engine export "$WORK/l.json"
  # The offered rate before the closed loop: right after a load at full
  # speed, the kernel's write-back of that load's data (bursts of 0.5 GB
  # every 5 s for half a minute) stalls the commits' syncs.
  measure "desk @2000/s" --mix=desk:1 --rate=2000
  measure "desk writes" --mix=desk:1 --in_flight=64
  for i in 1 2 3 4 5; do
    "$BUILD_DIR/client/motcua" --addr="$ADDR" --token="$(cat "$WORK/$engine.token")" \
      report --scope=province:42 --year=2025 > /dev/null
  done
  grep -o 'GetReport principal=[^ ]* code=OK latency_ms=[0-9.]*' "$WORK/server.err" |
    tail -5 | sed 's/.*latency_ms=//' | paste -sd' ' |
    awk -v e=$engine '{ printf "%-10s province-year report: %s ms\n", e, $0 }'
  kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""
done
