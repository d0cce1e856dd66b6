#!/usr/bin/env bash
# Runs the core's tests as a Windows program: cross-compiles the library's unit tests and the
# integration tests (tests/main.rs, which also start the Windows labordesk.exe) for
# x86_64-pc-windows-gnu with mingw-w64 and runs them under Wine, so paths, file replacement,
# share modes, locking, the data folder and the console are exercised by the Windows build of
# the code. Fails on any failed test. Extra arguments go to the test binaries (a name filter).
# `--build-only` builds and stops: `scripts/test.sh` runs that in the background, at low
# priority, while the Linux tests run, and calls this script again to run them.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

TARGET=x86_64-pc-windows-gnu
WINE=/usr/lib/wine/wine64
# The linker for this target is given here, not in a committed .cargo/config.toml: a config
# file would apply to every cargo run in the repository (the app's package step included),
# while this script is the only place that links the tests for Windows on Linux.
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
# A target folder of its own: cargo locks the host's build folder (target/debug) during a
# cross build too, so in one folder the background Windows build and the Linux tests of
# `make test` would wait for each other.
export CARGO_TARGET_DIR=target/windows
OUT=$CARGO_TARGET_DIR/$TARGET/debug

build_only=0
if [ "${1:-}" = --build-only ]; then
  build_only=1
  shift
fi

# Tests that cannot run under Wine, each with its reason (kept short: a test that can be made
# to work on Windows is made to work). Unix-only tests are compiled out with #[cfg(unix)]
# instead and need no entry: side_files (owner-only modes 0600/0700) and the memory limit of
# cli::an_xlsx_bomb_is_refused_with_exit_2_within_100_mb (setrlimit).
# Two tests need a 60,000-row import to be under way (to kill it, to try a restore beside it):
# about 220 s each under Wine, against seconds natively, and nothing in them differs on
# Windows (the file replacement and locking they rely on are tested under Wine by
# tests/windows.rs, restore.rs and backup.rs). They run in the native `cargo test`.
SKIP=(
  cli::an_import_killed_mid_way_leaves_a_store_with_all_of_it_or_none
  restore::a_restore_during_an_import_refused
)
# The random sync histories: 8 under Wine (one is ~4.5 s there), 48 in the native run.
export PROPTEST_CASES="${PROPTEST_CASES:-8}"

step "Windows build of the core's tests ($TARGET)"
started=$SECONDS
# The library's unit tests and tests/main.rs; the CLI's unit tests when it has any.
built=$(test_binaries --target "$TARGET" --lib --bins --test main)
mapfile -t binaries <<<"$built"
echo "built in $((SECONDS - started)) s"
if [ "$build_only" = 1 ]; then
  exit 0
fi

# Debian 12's Wine lacks bcryptprimitives.dll!ProcessPrng, which Rust's standard library calls
# at start (every program would exit with status 53): a shim DLL beside the executables
# provides it. Beside the test binaries (deps/) and beside labordesk.exe, which tests start.
step "ProcessPrng shim for Wine"
shim_src=scripts/windows/bcryptprimitives.c
shim_def=scripts/windows/bcryptprimitives.def
for dir in "$OUT/deps" "$OUT"; do
  dll=$dir/bcryptprimitives.dll
  if [ ! -f "$dll" ] || [ "$shim_src" -nt "$dll" ] || [ "$shim_def" -nt "$dll" ]; then
    x86_64-w64-mingw32-gcc -O2 -shared -o "$dll" "$shim_src" "$shim_def" -ladvapi32
    echo "built $dll"
  else
    echo "present: $dll"
  fi
done

# A private Wine prefix under target/: a clean clone makes its own, and nothing of the user's
# ~/.wine is read or changed. No display: these are console programs, and an empty DISPLAY
# keeps Wine from opening windows. Mono and Gecko are not wanted (their installers would ask
# to download them).
export WINEPREFIX="$PWD/target/wine-prefix"
export WINEDEBUG=-all
export WINEDLLOVERRIDES="mscoree,mshtml="
export DISPLAY=
if [ ! -f "$WINEPREFIX/system.reg" ]; then
  step "Wine prefix $WINEPREFIX"
  started=$SECONDS
  "$WINE" wineboot --init
  /usr/lib/wine/wineserver -w
  echo "made in $((SECONDS - started)) s"
fi

# Outside cargo, ts-rs would write the TypeScript types into ./bindings: they go to a
# throwaway folder instead (`cargo test` keeps ui/src/lib/bindings up to date).
TS_RS_EXPORT_DIR=$(mktemp -d)
export TS_RS_EXPORT_DIR TS_RS_LARGE_INT=number
trap 'rm -rf "$TS_RS_EXPORT_DIR"; /usr/lib/wine/wineserver -k 2>/dev/null || true' EXIT

skip_args=()
for name in "${SKIP[@]}"; do
  skip_args+=(--skip "$name")
done

failed=0
for binary in "${binaries[@]}"; do
  step "Under Wine: $(basename "$binary")"
  started=$SECONDS
  if ! timeout 1800 "$WINE" "$binary" "${skip_args[@]}" "$@"; then
    failed=1
  fi
  echo "ran in $((SECONDS - started)) s"
done
/usr/lib/wine/wineserver -w
exit $failed
