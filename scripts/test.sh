#!/usr/bin/env bash
# Installs what is missing, builds everything and runs the whole ctest suite headless.
#   BUILD_DIR   build directory (default: build)
#   CTEST_ARGS  extra ctest arguments, e.g. "-L unit" or "-R tst_auth"
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/deps.sh
bash scripts/build.sh

BUILD_DIR=${BUILD_DIR:-build}
# The layers (docs/ARCHITECTURE.md): no include or link a layer may not use.
/usr/bin/python3 scripts/check-layers.py --build "$BUILD_DIR"
# Every line changed since .clang-format came in is formatted.
bash scripts/check-format.sh
# Tests run inside their own D-Bus session with an unlocked gnome-keyring, so keychain code is
# exercised for real, with the offscreen Qt platform and a throw-away HOME.
exec dbus-run-session -- bash scripts/ctest-session.sh "$BUILD_DIR" ${CTEST_ARGS:-}
