#!/usr/bin/env bash
# Installs what is missing, builds everything and runs the whole ctest suite headless.
#   BUILD_DIR   build directory (default: build)
#   CTEST_ARGS  extra ctest arguments, e.g. "-L unit" or "-R tst_auth"
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/deps.sh
bash scripts/build.sh

BUILD_DIR=${BUILD_DIR:-build}
# Tests run inside their own D-Bus session with an unlocked gnome-keyring, so keychain code is
# exercised for real, with the offscreen Qt platform and a throw-away HOME.
exec dbus-run-session -- bash scripts/ctest-session.sh "$BUILD_DIR" ${CTEST_ARGS:-}
