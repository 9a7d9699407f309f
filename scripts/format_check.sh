#!/usr/bin/env bash
# Fails when a C++ source of the project is not formatted as the
# repository's .clang-format says (Google style). `scripts/format_check.sh
# --fix` formats them in place instead.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v clang-format >/dev/null || {
  echo "format_check: clang-format is not installed (scripts/setup.sh installs it)" >&2
  exit 1
}
mapfile -t files < <(git ls-files '*.cc' '*.h')
if [ "${1:-}" = "--fix" ]; then
  clang-format -i "${files[@]}"
  exit 0
fi
if ! clang-format --dry-run -Werror "${files[@]}" 2> /tmp/motcua-format.$$; then
  grep -E "^[^ ].*: (error|warning):" /tmp/motcua-format.$$ | cut -d: -f1 | sort -u |
    sed 's/^/format_check: not formatted: /' >&2
  echo "format_check: run scripts/format_check.sh --fix" >&2
  rm -f /tmp/motcua-format.$$
  exit 1
fi
rm -f /tmp/motcua-format.$$
echo "format_check: ${#files[@]} files formatted"
