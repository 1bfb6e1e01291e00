#!/usr/bin/env bash
# Checks that every C++ line changed since the project adopted .clang-format is formatted by it
# (older lines are left as they are until a change touches them).
#   scripts/check-format.sh [BASE]   BASE: the commit to compare with (default: the commit that
#                                    added .clang-format)
# Prints the diff clang-format wants and exits 1 when a changed line is not formatted.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v git-clang-format >/dev/null && ! git clang-format -h >/dev/null 2>&1; then
  echo "check-format: git-clang-format is missing (Debian: clang-format)" >&2
  exit 2
fi
base=${1:-$(git log --diff-filter=A --format=%H -- .clang-format | tail -n 1)}
if [ -z "$base" ] || ! git cat-file -e "$base^{commit}" 2>/dev/null; then
  echo "check-format: no history to compare with (shallow clone?); nothing checked"
  exit 0
fi
out=$(git clang-format --diff --extensions cpp,h "$base" -- . 2>&1 || true)
case "$out" in
  *"no modified files to format"*|*"did not modify any files"*|"")
    echo "check-format: changed lines are formatted"
    exit 0 ;;
esac
echo "$out"
echo "check-format: the lines above are not formatted; run: git clang-format $base" >&2
exit 1
