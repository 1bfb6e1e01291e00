#!/usr/bin/env bash
# Runs ctest inside a D-Bus session (started by scripts/test.sh) with an unlocked keyring.
set -euo pipefail
BUILD_DIR=$1
shift
test_home=$(mktemp -d)
trap 'rm -rf "$test_home"' EXIT
export HOME="$test_home"
export XDG_RUNTIME_DIR="$test_home/runtime"
mkdir -m 700 -p "$XDG_RUNTIME_DIR"
export QT_QPA_PLATFORM=offscreen
if command -v gnome-keyring-daemon >/dev/null; then
  eval "$(printf 'quarterdeck-tests' | gnome-keyring-daemon --unlock --components=secrets 2>/dev/null)" || true
  export GNOME_KEYRING_CONTROL SSH_AUTH_SOCK 2>/dev/null || true
fi
ctest --test-dir "$BUILD_DIR" --output-on-failure --parallel "$(nproc)" "$@"
