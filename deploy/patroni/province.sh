#!/usr/bin/env bash
# A whole replicated province on one machine, on loopback only: one etcd
# member and NODES PostgreSQL 15 nodes under Patroni (synchronous mode,
# strict), with a database and role for motcua-server. For trying the
# deployment out and for the failover test (tests/e2e/failover_test.cc);
# on real machines the same patroni.yml.in runs one node per machine
# (deploy/patroni/README.md).
#
#   province.sh start DIR [NODES]   make and start a province in DIR (new,
#                                   empty or absent; default 3 nodes), wait
#                                   until it has a primary and a synchronous
#                                   standby, print motcua-server's --store
#   province.sh uri DIR             print that connection string again
#   province.sh list DIR            Patroni's view of the members
#   province.sh primary DIR         the primary's member name (exit 1: none)
#   province.sh wait-ready DIR [S]  wait up to S seconds (default 90) for a
#                                   running primary, a streaming synchronous
#                                   standby and every member streaming
#   province.sh kill DIR NAME postgres|node
#                                   SIGKILL the member's PostgreSQL (every
#                                   process of it); `node` kills its Patroni
#                                   agent first, as the loss of the machine
#   province.sh restart DIR NAME    start a killed member's Patroni again (it
#                                   rejoins as a standby, rewound if need be)
#   province.sh stop DIR            stop every process of the province
#
# Run as root (the Patroni agents and PostgreSQL then run as user postgres;
# DIR's parents must let that user through) or as the postgres user.
# Needs Debian's patroni, etcd-server, etcd-client and postgresql-15
# (scripts/setup.sh installs them).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3

die() {
  echo "province.sh: $*" >&2
  exit 1
}

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
  exit 2
}

# The prefix that runs a command as postgres (PostgreSQL refuses root);
# each part execs the next, so a background job's $! is the command itself.
as_postgres_prefix() {
  AS_PG=(env "HOME=$DIR")
  if [ "$(id -u)" -eq 0 ]; then
    AS_PG+=(setpriv --reuid=postgres --regid=postgres --init-groups)
  fi
}
as_postgres() {
  as_postgres_prefix
  "${AS_PG[@]}" "$@"
}

free_port() {
  "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Patroni's member list as tab-separated name, role, state, pg port.
members() {
  local config
  config=$(ls "$DIR"/node1/patroni.yml 2>/dev/null) || return 1
  patronictl -c "$config" list -f json 2>/dev/null | "$PY" -c '
import json, sys
for m in json.load(sys.stdin):
    print("\t".join([m.get("Member", ""), m.get("Role", ""), m.get("State", ""), str(m.get("TL", "")), str(m.get("Lag in MB", ""))]))
'
}

primary() {
  members | awk -F'\t' '$2 == "Leader" && $3 == "running" { print $1; exit 0 }' | grep . || return 1
}

ready() {
  local want
  want=$(wc -l <"$DIR/nodes")
  members | awk -F'\t' -v want="$want" '
    $2 == "Leader" && $3 == "running" { leader++ }
    $2 == "Sync Standby" && ($3 == "streaming" || $3 == "running") { sync++ }
    $3 == "running" || $3 == "streaming" { up++ }
    END { exit !(leader == 1 && sync >= 1 && up == want) }'
}

wait_ready() {
  local limit=$1 start=$SECONDS
  until ready; do
    if [ $((SECONDS - start)) -ge "$limit" ]; then
      members >&2 || true
      die "no primary with a streaming synchronous standby after ${limit}s (logs: $DIR/node*/patroni.log)"
    fi
    sleep 0.5
  done
}

field() { awk -v k="$2" '$1 == k { print $2 }' "$DIR/$1/ports"; }

# The member's postmaster, if one runs (a stale pid file names none).
postmaster_pid() {
  local pid
  pid=$(head -n1 "$DIR/$1/data/postmaster.pid" 2>/dev/null) || return 0
  grep -q postgres "/proc/$pid/cmdline" 2>/dev/null && echo "$pid"
  return 0
}

# SIGKILLs the member's postmaster and every backend at once, as a lost
# machine would; false when no PostgreSQL of it runs.
kill_postgres() {
  local pm
  pm=$(postmaster_pid "$1")
  [ -n "$pm" ] || return 1
  kill -9 "$pm" $(pgrep -P "$pm") 2>/dev/null || true
}

cmd=${1:-}
[ -n "$cmd" ] || usage
DIR=${2:-}
[ -n "$DIR" ] || usage
case "$DIR" in /*) ;; *) DIR="$PWD/$DIR" ;; esac

launch_agent() {
  local name=$1
  as_postgres_prefix
  # Patroni's PostgreSQL inherits a fixed malloc trim threshold (see
  # deploy/patroni/README.md: without it backends hand their heap back to
  # the kernel after every counter sum).
  (exec "${AS_PG[@]}" env GLIBC_TUNABLES=glibc.malloc.trim_threshold=268435456 \
    setsid patroni "$DIR/$name/patroni.yml" \
    >>"$DIR/$name/patroni.log" 2>&1 </dev/null) &
  echo $! >"$DIR/$name/patroni.pid"
}

case "$cmd" in
  start)
    nodes=${3:-3}
    [ "$nodes" -ge 2 ] 2>/dev/null || die "a province needs at least 2 PostgreSQL nodes (got '$nodes')"
    for tool in patroni patronictl etcd etcdctl openssl setpriv; do
      command -v "$tool" >/dev/null ||
        die "$tool not found: scripts/setup.sh installs patroni, etcd-server and etcd-client"
    done
    if [ -e "$DIR" ] && [ -n "$(ls -A "$DIR")" ]; then die "$DIR is not empty"; fi
    mkdir -p "$DIR"
    chmod 0700 "$DIR"
    [ "$(id -u)" -ne 0 ] || chown postgres:postgres "$DIR"
    as_postgres test -w "$DIR" ||
      die "user postgres cannot write $DIR (its parent folders must let others through)"
    umask 077
    for secret in superuser replication rewind motcua; do
      echo "$secret $(openssl rand -hex 16)"
    done >"$DIR/secrets"
    secret() { awk -v k="$1" '$1 == k { print $2 }' "$DIR/secrets"; }

    etcd_client=$(free_port)
    etcd_peer=$(free_port)
    (exec setsid etcd --name etcd1 --data-dir "$DIR/etcd" \
      --listen-client-urls "http://127.0.0.1:$etcd_client" \
      --advertise-client-urls "http://127.0.0.1:$etcd_client" \
      --listen-peer-urls "http://127.0.0.1:$etcd_peer" \
      --initial-advertise-peer-urls "http://127.0.0.1:$etcd_peer" \
      --initial-cluster "etcd1=http://127.0.0.1:$etcd_peer" \
      >"$DIR/etcd.log" 2>&1 </dev/null) &
    echo $! >"$DIR/etcd.pid"
    for _ in $(seq 1 100); do
      ETCDCTL_API=3 etcdctl --endpoints "127.0.0.1:$etcd_client" endpoint health \
        >/dev/null 2>&1 && break
      sleep 0.2
    done
    ETCDCTL_API=3 etcdctl --endpoints "127.0.0.1:$etcd_client" endpoint health \
      >/dev/null 2>&1 || die "etcd did not start (log: $DIR/etcd.log)"

    : >"$DIR/nodes"
    hosts=""
    for i in $(seq 1 "$nodes"); do
      name="node$i"
      pg_port=$(free_port)
      api_port=$(free_port)
      mkdir -m 0700 "$DIR/$name"
      printf 'pg %s\napi %s\n' "$pg_port" "$api_port" >"$DIR/$name/ports"
      sed -e "s|@NAME@|$name|g" -e "s|@HOST@|127.0.0.1|g" \
        -e "s|@API_PORT@|$api_port|g" -e "s|@PG_PORT@|$pg_port|g" \
        -e "s|@ETCD_HOSTS@|127.0.0.1:$etcd_client|g" \
        -e "s|@CLIENT_NETWORK@|127.0.0.1/32|g" \
        -e "s|@DATA_DIR@|$DIR/$name/data|g" \
        -e "s|@SOCKET_DIR@|$DIR/$name|g" \
        -e "s|@PGPASS@|$DIR/$name/pgpass|g" \
        -e "s|@SUPERUSER_PASSWORD@|$(secret superuser)|g" \
        -e "s|@REPLICATION_PASSWORD@|$(secret replication)|g" \
        -e "s|@REWIND_PASSWORD@|$(secret rewind)|g" \
        "$HERE/patroni.yml.in" >"$DIR/$name/patroni.yml"
      echo "$name" >>"$DIR/nodes"
      hosts="${hosts:+$hosts,}127.0.0.1:$pg_port"
    done
    [ "$(id -u)" -ne 0 ] || chown -R postgres:postgres "$DIR"
    # The first node bootstraps the cluster; the others then copy it.
    launch_agent node1
    for _ in $(seq 1 120); do primary >/dev/null && break; sleep 0.5; done
    primary >/dev/null || die "node1 did not bootstrap (log: $DIR/node1/patroni.log)"
    for i in $(seq 2 "$nodes"); do launch_agent "node$i"; done
    wait_ready 120

    leader=$(primary)
    as_postgres psql -X -q -v ON_ERROR_STOP=1 -h "$DIR/$leader" \
      -p "$(field "$leader" pg)" -U postgres -d postgres \
      -c "CREATE ROLE motcua LOGIN PASSWORD '$(secret motcua)'" \
      -c "CREATE DATABASE motcua OWNER motcua" >/dev/null
    echo "postgresql://motcua:$(secret motcua)@$hosts/motcua?target_session_attrs=read-write&connect_timeout=2" >"$DIR/store-uri"
    cat "$DIR/store-uri"
    ;;
  uri)
    cat "$DIR/store-uri"
    ;;
  list)
    members
    ;;
  primary)
    primary
    ;;
  wait-ready)
    wait_ready "${3:-90}"
    ;;
  kill)
    name=${3:-}
    what=${4:-}
    [ -f "$DIR/$name/ports" ] || die "no member '$name' in $DIR"
    case "$what" in
      postgres) ;;
      node) kill -9 "$(cat "$DIR/$name/patroni.pid")" 2>/dev/null || true ;;
      *) die "kill what? 'postgres' or 'node' (got '$what')" ;;
    esac
    kill_postgres "$name" || die "$name has no running PostgreSQL"
    ;;
  restart)
    name=${3:-}
    [ -f "$DIR/$name/ports" ] || die "no member '$name' in $DIR"
    if kill -0 "$(cat "$DIR/$name/patroni.pid")" 2>/dev/null; then
      die "$name's Patroni is still running"
    fi
    launch_agent "$name"
    ;;
  stop)
    [ -d "$DIR" ] || exit 0
    for pidfile in "$DIR"/node*/patroni.pid; do
      [ -f "$pidfile" ] && kill -TERM "$(cat "$pidfile")" 2>/dev/null || true
    done
    for _ in $(seq 1 40); do
      alive=0
      for pidfile in "$DIR"/node*/patroni.pid; do
        [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null && alive=1
      done
      [ "$alive" -eq 0 ] && break
      sleep 0.5
    done
    for name in $(cat "$DIR/nodes" 2>/dev/null); do
      [ -f "$DIR/$name/patroni.pid" ] && kill -9 "$(cat "$DIR/$name/patroni.pid")" 2>/dev/null || true
      kill_postgres "$name" || true
    done
    # Anything a lost pid file hid (a restart that failed half-way).
    pkill -9 -f "patroni $DIR/" 2>/dev/null || true
    [ -f "$DIR/etcd.pid" ] && kill -9 "$(cat "$DIR/etcd.pid")" 2>/dev/null || true
    ;;
  *)
    usage
    ;;
esac
