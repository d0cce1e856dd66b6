#!/usr/bin/env bash
# `make package`: the release packages this Linux machine can make, all in target/package/:
#   - the .deb and .rpm (Tauri's bundler, release profile);
#   - the Windows build, cross-compiled for x86_64-pc-windows-gnu with mingw-w64: LaborDesk.exe
#     (the app), labordesk-cli.exe (the CLI; Windows file names ignore case, so not
#     labordesk.exe beside LaborDesk.exe) and WebView2Loader.dll, which the GNU build of the app
#     loads at start (an MSVC build links it in);
#   - a per-user Windows installer made from them by Debian's makensis
#     (packaging/windows/labordesk.nsi; why not Tauri's: see README "Packages and installers").
# Update artifacts are not signed here: the release workflow holds the key.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

WINDOWS_TARGET=x86_64-pc-windows-gnu
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
TARGET_DIR=${CARGO_TARGET_DIR:-target}
OUT=$TARGET_DIR/package
VERSION=$(cargo metadata --format-version 1 --no-deps \
  | python3 -c 'import json, sys; print(next(p["version"] for p in json.load(sys.stdin)["packages"] if p["name"] == "labordesk-app"))')
NO_UPDATER='{"bundle":{"createUpdaterArtifacts":false}}'

# Seconds each step took, printed at the end with the sizes.
timings=()
timed() {
  local label=$1 start=$SECONDS
  shift
  "$@"
  timings+=("$(printf '%-28s %4d s' "$label" $((SECONDS - start)))")
}

tauri() {
  (cd src-tauri && ../ui/node_modules/.bin/tauri "$@")
}

rm -rf "$OUT"
mkdir -p "$OUT/windows"

step "Building the UI"
timed "UI" bash -c 'cd ui && npm run build'

step "Windows: the app (release, $WINDOWS_TARGET)"
timed "Windows app" tauri build --ci --no-bundle --target "$WINDOWS_TARGET"
WINDOWS_RELEASE=$TARGET_DIR/$WINDOWS_TARGET/release
cp "$WINDOWS_RELEASE/labordesk-app.exe" "$OUT/windows/LaborDesk.exe"
# webview2-com-sys copies the loader DLL into its build output; the newest build is ours.
loader=$(ls -t "$WINDOWS_RELEASE"/build/webview2-com-sys-*/out/x64/WebView2Loader.dll | head -n1)
cp "$loader" "$OUT/windows/"

step "Windows: the CLI (release, $WINDOWS_TARGET)"
timed "Windows CLI" cargo build --release --target "$WINDOWS_TARGET" -p labordesk
cp "$WINDOWS_RELEASE/labordesk.exe" "$OUT/windows/labordesk-cli.exe"

step "Windows: installer (makensis)"
timed "NSIS installer" makensis -V2 -INPUTCHARSET UTF8 \
  -DVERSION="$VERSION" -DSRCDIR="$(realpath "$OUT/windows")" \
  -DICON="$(realpath src-tauri/icons/icon.ico)" \
  -DOUTFILE="$(realpath "$OUT")/LaborDesk_${VERSION}_x64-setup.exe" \
  packaging/windows/labordesk.nsi

step "Windows: the installer installed and removed under Wine"
timed "Installer under Wine" scripts/windows/check-installer.sh "$OUT/LaborDesk_${VERSION}_x64-setup.exe"

step "Linux: .deb and .rpm (release)"
timed "Linux app + deb, rpm" tauri build --ci --bundles deb,rpm --config "$NO_UPDATER"
cp "$TARGET_DIR"/release/bundle/deb/*_"$VERSION"_*.deb "$TARGET_DIR"/release/bundle/rpm/*-"$VERSION"-*.rpm "$OUT"/

step "Packages in $OUT"
(cd "$OUT" && find . -type f -printf '%P\n' | sort | xargs du -h --apparent-size)
printf '%s\n' "${timings[@]}"
