#!/usr/bin/env bash
# Installs what building and testing LaborDesk needs, and only what is missing, so it is
# cheap to run before every build. Non-interactive: CI has no stdin.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

# Tauri's Linux build dependencies, Xvfb and WebKitWebDriver for the end-to-end tests, a
# Korean font for the window, xdotool/imagemagick for looking at a headless window, and
# libfaketime (with python3 to list the test binaries) for the run with the clock moved ahead,
# and dbus-daemon for the private session bus (dbus-run-session) the end-to-end tests run in.
APT_PACKAGES=(
  libwebkit2gtk-4.1-dev libgtk-3-dev libayatana-appindicator3-dev librsvg2-dev
  libsoup-3.0-dev libjavascriptcoregtk-4.1-dev build-essential pkg-config libssl-dev
  xvfb webkit2gtk-driver fonts-noto-cjk xdotool imagemagick faketime python3 dbus-daemon
)
TAURI_DRIVER_VERSION=2.1.0

step "System packages"
apt_install_missing "${APT_PACKAGES[@]}"

step "tauri-driver"
if command -v tauri-driver >/dev/null; then
  echo "present: $(command -v tauri-driver)"
else
  cargo install tauri-driver --version "$TAURI_DRIVER_VERSION" --locked
fi

step "npm packages"
for dir in ui tests/e2e; do
  # npm keeps its own record of the installed tree in node_modules/.package-lock.json;
  # when that is older than the lockfile, the tree is stale.
  if [ "$dir/node_modules/.package-lock.json" -nt "$dir/package-lock.json" ]; then
    echo "$dir: up to date"
  else
    (cd "$dir" && npm ci --no-audit --no-fund)
  fi
done
