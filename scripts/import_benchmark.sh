#!/usr/bin/env bash
# Measures historical import: generates N dossier histories (default
# 200000), imports them with `motcua import` into a fresh server on
# 127.0.0.1 (synced writes, the default) and prints the rate.
#   scripts/import_benchmark.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-200000}
bash scripts/setup.sh
command -v python3 >/dev/null || apt-get install -y -q python3
BUILD_DIR=${MOTCUA_BUILD_DIR:-build}
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD_DIR" --target motcua-server motcua >/dev/null
WORK=$(mktemp -d)
trap 'kill -TERM $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT
echo "generating $N histories..."
python3 scripts/gen_history.py "$N" > "$WORK/history.jsonl"
"$BUILD_DIR/server/motcua-server" --listen=127.0.0.1:0 --data_dir="$WORK/data" \
  --calendar_dir=data/calendar --demo_catalogue=data/demo/catalogue.json \
  > "$WORK/server.out" 2>/dev/null &
SERVER=$!
for _ in $(seq 1 100); do grep -q "listening on" "$WORK/server.out" && break; sleep 0.1; done
export MOTCUA_ADDR=$(sed -n 's/^motcua-server listening on //p' "$WORK/server.out")
export MOTCUA_TOKEN=$(cat "$WORK/data/initial-admin-token")
IMPORTER=$("$BUILD_DIR/client/motcua" token create --principal=import-benchmark \
  --role=IMPORT | sed -n 's/^secret (shown once): //p')
echo "importing (batches of 500)..."
MOTCUA_TOKEN=$IMPORTER "$BUILD_DIR/client/motcua" import "$WORK/history.jsonl" --batch=500
du -sh "$WORK/data/store" | awk '{print "store size: " $1}'
"$BUILD_DIR/client/motcua" store verify
