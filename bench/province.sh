#!/usr/bin/env bash
# The replicated province against the embedded default, in one run on this
# machine (issue 19):
#   0. anchor: pgbench on the province (a dossier row and its 4 events per
#      transaction, 64 clients), every commit waiting for the synchronous
#      standby;
#   1. desk writes (motcua-load --mix=desk:1, 64 in flight) on the embedded
#      RocksDB default, one server;
#   2. the same on the province (deploy/patroni/province.sh: etcd, three
#      PostgreSQL nodes under Patroni, synchronous and strict) through one
#      motcua-server, then through two, 32 in flight each, at the same time;
#   3. failover times: the primary's PostgreSQL killed, then its whole node,
#      each time the seconds until a write through the server is
#      acknowledged again (tests/e2e/failover_test.cc does the same under
#      load and checks every acknowledged write).
# Loopback only; everything it starts it stops. Needs a built tree (build/).
#   bench/province.sh [DURATION]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/server_address.sh
DURATION=${1:-20}
BUILD_DIR=${MOTCUA_BUILD_DIR:-build}
PROVINCE=deploy/patroni/province.sh
WORK=$(mktemp -d /tmp/motcua-province-bench.XXXXXX)
chmod 711 "$WORK"  # user postgres runs the province in a folder of it
SERVERS=()
cleanup() {
  for pid in "${SERVERS[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; done
  bash "$PROVINCE" stop "$WORK/province" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# start_server NAME [flags...]: starts motcua-server with the demo
# catalogue on a free port; sets ADDR.
start_server() {
  local name=$1
  shift
  mkdir -p -m 700 "$WORK/$name"
  "$BUILD_DIR/server/motcua-server" --listen=127.0.0.1:0 --http_listen=127.0.0.1:0 \
    --data_dir="$WORK/$name" --calendar_dir=data/calendar \
    --demo_catalogue=data/demo/catalogue.json "$@" \
    >"$WORK/$name.out" 2>"$WORK/$name.err" &
  SERVERS+=($!)
  server_address "$WORK/$name.out" "$WORK/$name.err"
}

# desk ADDRESS TOKEN IN_FLIGHT OUT: desk writes for DURATION seconds.
desk() {
  "$BUILD_DIR/client/motcua-load" --address="$1" --token="$2" --mix=desk:1 \
    --in_flight="$3" --duration="$DURATION" --json >"$4" 2>/dev/null
}

# report WHAT JSON...: calls/s and worst p99 over one or more runs at once.
report() {
  python3 - "$@" <<'PY'
import json, sys
what, paths = sys.argv[1], sys.argv[2:]
ok = errors = 0
rate = p99 = 0.0
for path in paths:
    r = json.load(open(path))
    ops = r["operations"]
    done = sum(o["ok"] for o in ops.values())
    ok += done
    rate += done / r["elapsed_s"]
    errors += sum(sum(o["errors"].values()) for o in ops.values())
    p99 = max([p99] + [o["p99_ms"] for o in ops.values()])
print(f"{what:<44} {rate:>7.0f} writes/s, worst p99 {p99:6.1f} ms, {errors} errors")
PY
}

echo "== starting a province: etcd and 3 PostgreSQL nodes under Patroni"
URI=$(bash "$PROVINCE" start "$WORK/province" 3)
bash "$PROVINCE" list "$WORK/province"

echo "== 0. anchor: pgbench on the province, ${DURATION} s"
cp bench/pg_anchor_schema.sql "$WORK/anchor.sql"
cp bench/pg_anchor_dossier.sql "$WORK/dossier.sql"
# As the superuser (its password is in the province's secrets file).
SUPER=$(awk '$1 == "superuser" { print $2 }' "$WORK/province/secrets")
SUPER_URI=$(echo "$URI" | sed "s|//motcua:[^@]*@|//postgres:$SUPER@|; s|/motcua?|/postgres?|")
ANCHOR_URI=${SUPER_URI/\/postgres\?//anchor?}
psql -q "$SUPER_URI" -c "CREATE DATABASE anchor"
psql -q "$ANCHOR_URI" -f "$WORK/anchor.sql"
/usr/lib/postgresql/15/bin/pgbench -n -c 64 -j 2 -T "$DURATION" -f "$WORK/dossier.sql" \
  "$ANCHOR_URI" 2>&1 | awk '/^tps/ { printf "pgbench on the province (synchronous standby): %.0f tx/s\n", $3 }'
psql -q "$SUPER_URI" -c "DROP DATABASE anchor"

echo "== 1. desk writes on the embedded default (RocksDB), one server, 64 in flight"
start_server rocksdb
desk "$ADDR" "$(cat "$WORK/rocksdb/initial-admin-token")" 64 "$WORK/rocksdb.json"
report "embedded RocksDB, 1 server" "$WORK/rocksdb.json"
kill "${SERVERS[0]}"; wait "${SERVERS[0]}" 2>/dev/null || true; SERVERS=()

echo "== 2. desk writes on the province: one server, 64 in flight; then two, 32 each"
start_server province-a --store="$URI"
A=$ADDR
TOKEN=$(cat "$WORK/province-a/initial-admin-token")
desk "$A" "$TOKEN" 64 "$WORK/one.json"
report "province (Patroni, 3 nodes, sync), 1 server" "$WORK/one.json"
start_server province-b --store="$URI"
B=$ADDR
desk "$A" "$TOKEN" 32 "$WORK/a.json" &
OTHER=$!
desk "$B" "$TOKEN" 32 "$WORK/b.json"
wait "$OTHER"
report "province (Patroni, 3 nodes, sync), 2 servers" "$WORK/a.json" "$WORK/b.json"

echo "== 3. failover: seconds from the kill to the next acknowledged write"
probe() {  # one reception, retried until acknowledged; prints the seconds
  local start=$1 i=0
  while :; do
    i=$((i + 1))
    if MOTCUA_TOKEN=$TOKEN timeout 5 "$BUILD_DIR/client/motcua" --addr="$A" \
      dossier receive --agency=H29.18070 --procedure=1.000894 --channel=DIRECT \
      --name="Phạm Thị Thu" --id-number=042190002222 \
      --request-id="bench-probe-$start" >/dev/null 2>&1; then
      echo "$(date +%s.%N) - $start" | bc
      return
    fi
    sleep 0.1
  done
}
for kind in postgres node postgres node; do
  primary=$(bash "$PROVINCE" primary "$WORK/province")
  start=$(date +%s.%N)
  bash "$PROVINCE" kill "$WORK/province" "$primary" "$kind"
  printf 'killed %-8s of %s: %s s\n' "$kind" "$primary" "$(probe "$start")"
  [ "$kind" = node ] && bash "$PROVINCE" restart "$WORK/province" "$primary"
  bash "$PROVINCE" wait-ready "$WORK/province" 120
done
