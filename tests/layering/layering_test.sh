#!/usr/bin/env bash
# The layers of README's Layout, checked on the includes of every source
# file: each folder may include only the layers below it.
#   core/     domain rules: abseil and the standard library only
#   storage/  core
#   service/  core, storage (the application layer: no transport, no wire)
#   server/   transports over service/ and the API messages (gRPC, HTTP)
#   web/      the dashboard's static pages, served by server/
# Prints each offending line and fails when there is one.
set -uo pipefail
root=${1:?usage: layering_test.sh SOURCE_DIR}
cd "$root" || exit 2
failed=0
passed=0

# forbid FOLDER PATTERN WHY: no #include line of FOLDER matches PATTERN.
forbid() {
  local folder=$1 pattern=$2 why=$3
  local hits
  hits=$(grep -rnE --include='*.h' --include='*.cc' \
    "^#include [\"<]($pattern)" "$folder" || true)
  if [ -n "$hits" ]; then
    echo "FAIL: $folder includes $why:"
    echo "$hits"
    failed=$((failed + 1))
  else
    echo "ok: $folder includes no $why"
    passed=$((passed + 1))
  fi
}

forbid core 'grpc|grpcpp/|google/protobuf|motcua/v1/|rocksdb/|storage/|service/|server/|client/|cmdline/' \
  'gRPC, protobuf, RocksDB or a higher layer'
forbid storage 'grpc|grpcpp/|motcua/v1/|prometheus/|httplib|service/|server/|client/' \
  'gRPC, API messages, metrics or HTTP libraries, or a higher layer'
forbid service 'grpc|grpcpp/|google/protobuf|motcua/v1/|rocksdb/|httplib|prometheus/|server/|client/' \
  'gRPC, protobuf, API messages, RocksDB, HTTP, metrics or a transport'
forbid generator 'grpc|grpcpp/|server/(app|.*_service|call_context)' \
  'gRPC or the server (it uses the application layer)'
forbid bench 'grpc|grpcpp/|server/' 'gRPC or the server (it uses the application layer)'

# expect_none HITS WHAT: passes when HITS (files found) is empty.
expect_none() {
  local hits=$1 what=$2
  if [ -n "$hits" ]; then
    echo "FAIL: $what: $hits"
    failed=$((failed + 1))
  else
    echo "ok: no $what"
    passed=$((passed + 1))
  fi
}

# HTTP (cpp-httplib) is a transport: its types stay inside server/ (and the
# tests that speak HTTP to it); the dashboard's pages (web/) are no C++.
expect_none "$(grep -rlE --include='*.h' --include='*.cc' '^#include [<"]httplib' \
  core storage service client generator bench cmdline 2>/dev/null)" \
  'cpp-httplib outside server/'
expect_none "$(find web -name '*.h' -o -name '*.cc' 2>/dev/null)" \
  "C++ in web/ (the dashboard's static files)"

# RocksDB's headers are the RocksDB engine's own: only storage/rocksdb_*
# and the engine's tests may name them.
expect_none "$(grep -rlE --include='*.h' --include='*.cc' '^#include [<"]rocksdb/' \
  core service server client generator bench cmdline 2>/dev/null)" \
  'RocksDB headers outside storage/'

echo "layering: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
