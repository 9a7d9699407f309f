#!/usr/bin/env bash
# Installs every Debian package motcua needs to build, test and run.
# clang, its runtime (libFuzzer and the sanitizers: libclang-rt-14-dev) and
# llvm (llvm-symbolizer, for readable sanitizer reports) build the fuzz
# targets; the rest builds with GCC. systemd gives systemd-analyze, which
# tests/deploy runs on the unit in deploy/systemd (no systemd is started).
# prometheus gives promtool, which checks /metrics and the alerting rules
# (the package's own server is not used). libjs-chart.js is the dashboard's
# Chart.js (served by motcua-server); chromium, chromium-driver and
# python3-selenium run the dashboard's browser tests (tests/web).
# postgresql-15 and libpq-dev give the throw-away PostgreSQL clusters the
# tests start themselves (tests/testing/pg_cluster.h; 15/main is not used).
# patroni, etcd-server and etcd-client run the replicated province of
# deploy/patroni (the failover test starts its own; no service is enabled).
# Safe to run again: apt-get skips what is already installed, and the update
# is skipped when every package is already present (so a warm machine pays nothing).
set -euo pipefail

PACKAGES=(
  cmake ninja-build g++ pkg-config git
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  librocksdb-dev libabsl-dev libssl-dev
  libcpp-httplib-dev prometheus-cpp-dev prometheus
  libgtest-dev libgmock-dev libbenchmark-dev
  clang libclang-rt-14-dev llvm clang-format
  python3-h2
  libjs-chart.js chromium chromium-driver python3-selenium
  openssl
  tzdata
  systemd
  postgresql-15 libpq-dev
  patroni etcd-server etcd-client
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${PACKAGES[@]}"
