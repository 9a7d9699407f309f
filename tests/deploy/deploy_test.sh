#!/usr/bin/env bash
# Checks the deployment files in deploy/ without a running systemd or a
# container engine (neither exists on the project's machines):
#  - the systemd unit passes `systemd-analyze verify` with no message at all
#    (verify exits 0 on an unknown or misspelt directive, so any output
#    fails), keeps every hardening directive the runbook promises, and its
#    `systemd-analyze security --offline=yes` exposure is at most 2.0;
#  - the flags in the unit, the example config and the Dockerfile are the
#    server's own (server/server_options.cc), and the example config shows
#    every option;
#  - the Dockerfile's build packages are those of scripts/setup.sh and its
#    runtime packages exist in Debian; when the binaries are built, the
#    packages holding every library they link are in the runtime stage.
# A missing tool fails the test.
#
# usage: deploy_test.sh SOURCE_DIR [MOTCUA_SERVER_BINARY [MOTCUA_CLI_BINARY]]
set -uo pipefail

SRC=${1:?usage: deploy_test.sh SOURCE_DIR [SERVER_BINARY [CLI_BINARY]]}
SERVER_BIN=${2:-}
CLI_BIN=${3:-}
UNIT="$SRC/deploy/systemd/motcua-server.service"
CONF="$SRC/deploy/motcua-server.conf.example"
DOCKERFILE="$SRC/deploy/docker/Dockerfile"
OPTIONS_CC="$SRC/server/server_options.cc"
SETUP="$SRC/scripts/setup.sh"
MAX_EXPOSURE=2.0

passed=0
failed=0
ok() { echo "ok:   $*"; passed=$((passed + 1)); }
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

finish() {
  echo
  echo "deploy: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
  exit
}

# ---- tools --------------------------------------------------------------
missing_tool=0
for tool in systemd-analyze apt-cache dpkg-query dpkg awk sed grep diff timeout; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    fail "tool '$tool' not found (scripts/setup.sh installs it: package systemd for systemd-analyze)"
    missing_tool=1
  fi
done
for f in "$UNIT" "$CONF" "$DOCKERFILE" "$OPTIONS_CC" "$SETUP"; do
  [ -f "$f" ] || { fail "missing file $f"; missing_tool=1; }
done
[ "$missing_tool" -eq 0 ] || finish
echo "systemd-analyze: $(systemd-analyze --version | head -1)"

export SYSTEMD_COLORS=0 SYSTEMD_PAGER=cat LC_ALL=C.UTF-8

# The unit with ExecStart's binary swapped for /bin/true (verify checks the
# binary is executable, and motcua-server is not installed here). Exactly
# that line may differ from the real unit.
unit_with_binary() {  # SOURCE_UNIT DEST_DIR
  mkdir -p "$2"
  sed 's#^ExecStart=/usr/local/bin/motcua-server #ExecStart=/bin/true #' "$1" \
    >"$2/motcua-server.service"
}

# verify: rc 0 and nothing printed. Echoes the messages.
verify_clean() {  # UNIT_FILE
  local out rc
  out=$(timeout 60 systemd-analyze verify --man=no "$1" 2>&1)
  rc=$?
  [ -n "$out" ] && echo "$out" | sed 's/^/      /'
  [ "$rc" -eq 0 ] && [ -z "$out" ]
}

# Prints the overall exposure of a unit file, or nothing.
exposure_of() {  # UNIT_FILE
  timeout 60 systemd-analyze security --offline=yes --no-pager "$1" 2>&1 |
    sed -n 's/.*Overall exposure level for motcua-server\.service: \([0-9][0-9.]*\).*/\1/p'
}

above() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 > b + 0) }'; }

# ---- systemd-analyze verify ----------------------------------------------
unit_with_binary "$UNIT" "$WORK/unit"
changed=$(diff "$UNIT" "$WORK/unit/motcua-server.service" | grep -c '^[<>]')
if [ "$changed" -eq 2 ]; then
  ok "the copy for verify differs from the unit only in ExecStart's binary"
else
  fail "ExecStart must start with /usr/local/bin/motcua-server (copy differs in $changed lines)"
fi
if verify_clean "$WORK/unit/motcua-server.service"; then
  ok "systemd-analyze verify: no error or warning"
else
  fail "systemd-analyze verify reported the messages above"
fi
# Canary: this systemd must report a misspelt directive, or the check above
# proves nothing.
sed 's/^ProtectHome=yes$/ProtectHome=yes\nProtectHomme=yes/' "$WORK/unit/motcua-server.service" \
  >"$WORK/canary.service"
mkdir -p "$WORK/canary" && mv "$WORK/canary.service" "$WORK/canary/motcua-server.service"
if verify_clean "$WORK/canary/motcua-server.service" >/dev/null; then
  fail "canary: systemd-analyze verify did not report a misspelt directive"
else
  ok "canary: a misspelt directive makes verify report it"
fi

# The PostgreSQL drop-in (deploy/patroni): the unit with it appended (a
# drop-in's sections merge into the unit's) passes verify too.
DROPIN="$SRC/deploy/patroni/motcua-server.service.d/postgresql.conf"
mkdir -p "$WORK/dropin"
cat "$WORK/unit/motcua-server.service" "$DROPIN" >"$WORK/dropin/motcua-server.service"
if verify_clean "$WORK/dropin/motcua-server.service"; then
  ok "systemd-analyze verify: the unit with the PostgreSQL drop-in, no error or warning"
else
  fail "systemd-analyze verify reported the messages above for the PostgreSQL drop-in"
fi

# ---- systemd-analyze security ---------------------------------------------
exposure=$(exposure_of "$UNIT")
if [ -z "$exposure" ]; then
  timeout 60 systemd-analyze security --offline=yes --no-pager "$UNIT" 2>&1 | tail -5
  fail "no overall exposure in systemd-analyze security's output"
else
  echo "      overall exposure of motcua-server.service: $exposure (at most $MAX_EXPOSURE)"
  if above "$exposure" "$MAX_EXPOSURE"; then
    timeout 60 systemd-analyze security --offline=yes --no-pager "$UNIT" 2>&1 | grep '✗'
    fail "exposure $exposure is above $MAX_EXPOSURE"
  else
    ok "exposure $exposure <= $MAX_EXPOSURE"
  fi
fi
# Canary: the unit without its hardening must score above the limit, or the
# parsing above proves nothing.
mkdir -p "$WORK/bare"
sed -n '/^# Hardening/q;p' "$UNIT" | grep -v '^\(DynamicUser\|UMask\)=' \
  >"$WORK/bare/motcua-server.service"
bare=$(exposure_of "$WORK/bare/motcua-server.service")
if [ -n "$bare" ] && above "$bare" "$MAX_EXPOSURE"; then
  ok "canary: the unit without hardening scores $bare"
else
  fail "canary: the unit without hardening scored '$bare', not above $MAX_EXPOSURE"
fi

# ---- directives the runbook promises ----------------------------------------
required=(
  'Type=simple'
  'ExecStart=/usr/local/bin/motcua-server --config=/etc/motcua/motcua-server.conf --data_dir=/var/lib/motcua --tls_cert=${CREDENTIALS_DIRECTORY}/tls.crt --tls_key=${CREDENTIALS_DIRECTORY}/tls.key'
  'LoadCredential=tls.crt:/etc/motcua/tls/motcua.crt'
  'LoadCredential=tls.key:/etc/motcua/tls/motcua.key'
  'DynamicUser=yes' 'StateDirectory=motcua' 'ConfigurationDirectory=motcua'
  'UMask=0077' 'StandardOutput=null'
  'KillSignal=SIGTERM' 'TimeoutStopSec=30s' 'Restart=on-failure'
  'LimitNOFILE=65536'
  'NoNewPrivileges=yes' 'CapabilityBoundingSet=' 'PrivateUsers=yes'
  'ProtectSystem=strict' 'ProtectHome=yes' 'PrivateTmp=yes' 'PrivateDevices=yes'
  'PrivateMounts=yes'
  'ProtectKernelTunables=yes' 'ProtectKernelModules=yes' 'ProtectKernelLogs=yes'
  'ProtectControlGroups=yes' 'ProtectClock=yes' 'ProtectHostname=yes'
  'ProtectProc=invisible' 'ProcSubset=pid'
  'RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX'
  'RestrictNamespaces=yes' 'RestrictRealtime=yes' 'RestrictSUIDSGID=yes'
  'LockPersonality=yes' 'MemoryDenyWriteExecute=yes' 'RemoveIPC=yes'
  'SystemCallArchitectures=native' 'SystemCallFilter=@system-service'
  'SystemCallFilter=~@privileged @resources'
)
missing_directives=0
for line in "${required[@]}"; do
  if ! grep -qxF -- "$line" "$UNIT"; then
    fail "unit lacks the line: $line"
    missing_directives=1
  fi
done
[ "$missing_directives" -eq 0 ] && ok "unit has all ${#required[@]} promised directives"

# ---- flags are the server's own ---------------------------------------------
# The names in server_options.cc's flag table (Spec(): values and booleans).
mapfile -t known < <(sed -n '/^cmdline::FlagSpec Spec() {/,/^}/p' "$OPTIONS_CC" |
  grep -o '"[a-z_]*"' | tr -d '"' | sort -u)
if [ "${#known[@]}" -lt 10 ]; then
  fail "could not read the option names from $OPTIONS_CC (found ${#known[@]})"
  finish
fi
declare -A is_option
for name in "${known[@]}"; do is_option[$name]=1; done
is_known() { [ -n "${is_option[$1]:-}" ]; }

check_flags() {  # WHAT TEXT
  local bad=0 name
  for name in $(grep -o -- '--[a-z_][a-z_-]*' <<<"$2" | sed 's/^--//' | sort -u); do
    is_known "$name" || { fail "$1 uses --$name, which the server does not know"; bad=1; }
  done
  [ "$bad" -eq 0 ] && ok "$1: every flag is a server option"
}
check_flags "unit ExecStart" "$(grep '^ExecStart=' "$UNIT")"
check_flags "Dockerfile ENTRYPOINT/CMD" "$(sed -n '/^ENTRYPOINT/,$p' "$DOCKERFILE" | grep -v '^#')"

# Each credential ExecStart reads is loaded with LoadCredential=NAME:...
for cred in $(grep '^ExecStart=' "$UNIT" |
    grep -oE '(%d|\$\{CREDENTIALS_DIRECTORY\})/[A-Za-z0-9._-]+' | sed 's#^.*/##'); do
  if grep -q "^LoadCredential=$cred:/" "$UNIT"; then
    ok "credential $cred is loaded with LoadCredential="
  else
    fail "ExecStart reads credential $cred but no LoadCredential=$cred:... provides it"
  fi
done

# ---- the example config -------------------------------------------------------
conf_bad=0
for name in "${known[@]}"; do
  [ "$name" = config ] && continue
  grep -qE "^(# )?$name =" "$CONF" ||
    { fail "$CONF does not show option '$name'"; conf_bad=1; }
done
active=$(grep -vE '^[[:space:]]*(#|$)' "$CONF")
while IFS= read -r line; do
  [ -z "$line" ] && continue
  name=$(sed 's/[[:space:]]*=.*//' <<<"$line")
  if ! grep -q '=' <<<"$line" || ! is_known "$name" || [ "$name" = config ]; then
    fail "$CONF: '$line' is not a 'name = value' line the server accepts"
    conf_bad=1
  fi
done <<<"$active"
dups=$(sed 's/[[:space:]]*=.*//' <<<"$active" | sort | uniq -d)
[ -n "$dups" ] && { fail "$CONF sets twice: $dups"; conf_bad=1; }
[ "$conf_bad" -eq 0 ] && ok "example config shows every option, and sets only known ones"

# ---- Dockerfile packages ------------------------------------------------------------
# The package names on the install lines of a stage (FROM line pattern).
stage_packages() {  # FROM_PATTERN
  sed -n "/^FROM $1/,/^FROM /p" "$DOCKERFILE" |
    sed -n '/apt-get install/,/&&/p' | grep -v 'apt-get\|&&' |
    tr -s ' \\' '\n\n' | grep -v '^$'
}
mapfile -t build_pkgs < <(stage_packages 'debian:bookworm AS build')
mapfile -t runtime_pkgs < <(stage_packages 'debian:bookworm-slim')
if [ "${#build_pkgs[@]}" -lt 5 ] || [ "${#runtime_pkgs[@]}" -lt 5 ]; then
  fail "could not read the Dockerfile's package lists (build ${#build_pkgs[@]}, runtime ${#runtime_pkgs[@]})"
else
  setup_pkgs=$(sed -n '/^PACKAGES=(/,/^)/p' "$SETUP" | tr -s ' ' '\n')
  build_bad=0
  for p in "${build_pkgs[@]}"; do
    grep -qxF -- "$p" <<<"$setup_pkgs" ||
      { fail "Dockerfile build stage installs $p, which scripts/setup.sh does not"; build_bad=1; }
  done
  [ "$build_bad" -eq 0 ] && ok "build stage packages (${#build_pkgs[@]}) are all in scripts/setup.sh"
  for p in "${runtime_pkgs[@]}"; do
    # Captured first: grep -q closing the pipe early would fail it (pipefail).
    shown=$(apt-cache show --no-all-versions "$p" 2>/dev/null)
    if grep -q "^Package: $p\$" <<<"$shown"; then
      ok "runtime package $p exists in Debian"
    else
      fail "runtime package $p: not found by apt-cache show (apt-get update?)"
    fi
  done
fi

# The packages holding the libraries a built binary links directly must be
# installed by the runtime stage (the slim image has libc6, libstdc++6 and
# libgcc-s1). Only possible once the binaries are built (scripts/test.sh
# builds them before running CTest).
for bin in "$SERVER_BIN" "$CLI_BIN"; do
  [ -n "$bin" ] || continue
  if [ ! -x "$bin" ]; then
    echo "      note: $bin is not built; its libraries were not checked"
    continue
  fi
  if ! command -v readelf >/dev/null || ! command -v ldd >/dev/null; then
    fail "readelf or ldd missing (binutils, libc-bin)"
    continue
  fi
  lib_bad=0
  for needed in $(readelf -d "$bin" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
    path=$(ldd "$bin" | awk -v n="$needed" '$1 == n { print $3 }')
    pkg=$( [ -n "$path" ] && dpkg -S "$path" 2>/dev/null | head -1 | cut -d: -f1)
    if [ -z "$pkg" ]; then
      path=$(readlink -f "$path" 2>/dev/null)
      pkg=$( [ -n "$path" ] && dpkg -S "$path" 2>/dev/null | head -1 | cut -d: -f1)
    fi
    case " libc6 libstdc++6 libgcc-s1 ${runtime_pkgs[*]} " in
      *" $pkg "*) ;;
      *) fail "$(basename "$bin") links $needed (package '${pkg:-unknown}'), not installed by the runtime stage"
         lib_bad=1 ;;
    esac
  done
  [ "$lib_bad" -eq 0 ] && ok "$(basename "$bin"): every linked library comes from a runtime package"
done

# ---- the runbook's TLS recipe and the example config, on the real server ----
# Once built: the server starts from the example config (paths overridden on
# the command line, as the unit does) with a certificate made by the
# runbook's openssl command, on 127.0.0.1 with a free port; the CLI lists
# tokens over TLS with the first administrator token; SIGTERM stops it with
# exit 0.
if [ -x "$SERVER_BIN" ] && [ -x "$CLI_BIN" ]; then
  if ! command -v openssl >/dev/null; then
    fail "openssl missing (scripts/setup.sh installs it)"
  else
    mkdir -p "$WORK/tls"
    openssl req -x509 -newkey rsa:2048 -sha256 -days 2 -nodes \
      -keyout "$WORK/tls/motcua.key" -out "$WORK/tls/motcua.crt" -subj "/CN=motcua" \
      -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" >/dev/null 2>&1 ||
      fail "openssl could not make the test certificate"
    timeout 60 "$SERVER_BIN" --config="$CONF" --listen=127.0.0.1:0 \
      --data_dir="$WORK/data" --calendar_dir="$SRC/data/calendar" \
      --tls_cert="$WORK/tls/motcua.crt" --tls_key="$WORK/tls/motcua.key" \
      >"$WORK/server.out" 2>"$WORK/server.err" &
    server=$!
    for _ in $(seq 1 150); do
      grep -q 'listening on' "$WORK/server.out" 2>/dev/null && break
      kill -0 "$server" 2>/dev/null || break
      sleep 0.2
    done
    port=$(sed -n 's/^motcua-server listening on .*:\([0-9]*\)$/\1/p' "$WORK/server.out")
    if [ -z "$port" ]; then
      sed 's/^/      /' "$WORK/server.err"
      fail "the server did not start from the example config with TLS"
      kill -KILL "$server" 2>/dev/null
    else
      listed=$(MOTCUA_TOKEN=$(cat "$WORK/data/initial-admin-token") timeout 30 \
        "$CLI_BIN" --addr="localhost:$port" --tls-ca="$WORK/tls/motcua.crt" token list 2>&1)
      if grep -q 'ADMIN' <<<"$listed"; then
        ok "example config + runbook certificate: the CLI lists tokens over TLS"
      else
        echo "$listed" | sed 's/^/      /'
        fail "the CLI could not list tokens over TLS"
      fi
      kill -TERM "$server"
    fi
    wait "$server"
    rc=$?
    if [ -n "$port" ]; then
      [ "$rc" -eq 0 ] && ok "SIGTERM: the server stopped with exit 0" ||
        fail "the server exited $rc after SIGTERM"
    fi
  fi
else
  echo "      note: binaries not built; the example config was not started"
fi

finish
