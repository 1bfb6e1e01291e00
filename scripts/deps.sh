#!/usr/bin/env bash
# Installs every Debian package Quarterdeck needs to build, test and run its demo.
# Idempotent: installs only what is missing; runs `apt-get update` once per call when needed.
set -euo pipefail

PACKAGES=(
  # toolchain
  build-essential cmake ninja-build pkg-config ccache git
  # the format check of changed lines (scripts/check-format.sh)
  clang-format
  # Qt 6.4 as Debian 12 ships it
  qt6-base-dev qt6-base-dev-tools qt6-websockets-dev qt6-httpserver-dev qt6-charts-dev
  qt6-svg-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools libqt6sql6-sqlite
  libgl-dev libqt6opengl6-dev qt6-qpa-plugins
  # libraries
  qtkeychain-qt6-dev libsodium-dev libsqlite3-dev zlib1g-dev libcurl4-openssl-dev
  # headless testing: D-Bus session + secret service for the keychain, X virtual framebuffer,
  # PDF and XLSX inspection
  dbus dbus-x11 gnome-keyring libsecret-tools xvfb xauth poppler-utils python3-openpyxl python3-yaml openssl
  # fonts so rendered PDFs and screenshots carry real glyphs
  fonts-dejavu-core
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  SUDO="sudo"
fi
echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
