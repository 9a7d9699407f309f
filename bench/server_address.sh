# Sourced by the benchmark scripts. server_address OUT ERR: waits (up to
# 30 s) until the motcua-server writing OUT says where it listens, then sets
# ADDR; exits showing ERR when it never does.
server_address() {
  for _ in $(seq 1 300); do
    grep -q "listening on" "$1" 2>/dev/null && break
    sleep 0.1
  done
  ADDR=$(sed -n 's/^motcua-server listening on //p' "$1")
  [ -n "$ADDR" ] || { echo "motcua-server did not start:"; cat "$2"; exit 1; }
}
