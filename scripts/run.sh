#!/usr/bin/env bash
# Builds (if needed) and starts motcua-server on 127.0.0.1 with an embedded
# RocksDB store under var/motcua, loaded on first start with the Vietnamese
# calendars and the demo catalogue (Hà Tĩnh), with the web dashboard (and
# /metrics) on 127.0.0.1:8080. Ctrl-C stops it cleanly.
#   MOTCUA_LISTEN (default 127.0.0.1:50051), MOTCUA_DATA_DIR (var/motcua),
#   MOTCUA_HTTP_LISTEN (default 127.0.0.1:8080; empty turns it off)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
BUILD_DIR=${MOTCUA_BUILD_DIR:-build}
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD_DIR" --target motcua-server motcua
LISTEN=${MOTCUA_LISTEN:-127.0.0.1:50051}
HTTP_LISTEN=${MOTCUA_HTTP_LISTEN-127.0.0.1:8080}
DATA_DIR=${MOTCUA_DATA_DIR:-var/motcua}
mkdir -p -m 700 "$DATA_DIR"
OUT="$DATA_DIR/server.out"

"$BUILD_DIR/server/motcua-server" --listen="$LISTEN" --data_dir="$DATA_DIR" \
  --calendar_dir=data/calendar --demo_catalogue=data/demo/catalogue.json \
  --http_listen="$HTTP_LISTEN" --web_dir=web >"$OUT" &
SERVER=$!
trap 'kill -TERM $SERVER 2>/dev/null; wait $SERVER' INT TERM
for _ in $(seq 1 100); do
  grep -q "listening on" "$OUT" 2>/dev/null && break
  kill -0 $SERVER 2>/dev/null || { cat "$OUT"; exit 1; }
  sleep 0.1
done
ADDR=$(sed -n 's/^motcua-server listening on //p' "$OUT")
HTTP_ADDR=$(sed -n 's/^motcua-server http on //p' "$OUT")
WEB="off (MOTCUA_HTTP_LISTEN is empty)"
if [ -n "$HTTP_ADDR" ]; then
  WEB="http://$HTTP_ADDR/  (citizens' lookup: http://$HTTP_ADDR/tra-cuu.html)"
fi
TOKEN=$(cat "$DATA_DIR/initial-admin-token")
CLI="$BUILD_DIR/client/motcua"
cat <<INFO

motcua is serving on $ADDR (data in $DATA_DIR).
Web dashboard: $WEB
Administrator token (kept in $DATA_DIR/initial-admin-token, mode 0600):
  $TOKEN

Try, in another terminal:
  export MOTCUA_ADDR=$ADDR MOTCUA_TOKEN=\$(cat $DATA_DIR/initial-admin-token)
  $CLI catalogue procedures
  $CLI dossier receive --agency=H29.18070 --procedure=1.000894 --name="Trần Thị B" --id-number=042190005678
  $CLI calendar preview 1.009994
  $CLI dossier list --scope=district:436
  $CLI token create --principal=lanh-dao-436 --role=VIEWER --unit=district:436
      (then sign in to the dashboard with the secret it prints)

Ctrl-C stops the server.
INFO
wait $SERVER
