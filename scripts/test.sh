#!/usr/bin/env bash
# `make test`: every test, in the order a failure is cheapest to find. The Windows build of the
# core's tests (mingw-w64, vendored OpenSSL and SQLCipher) is the longest single build; it runs
# in the background at the lowest CPU priority from the start, in its own target folder, so it
# uses the cores the Linux tests leave idle (the end-to-end tests mostly wait on the window),
# and the tests run under Wine at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

mkdir -p target
windows_log=target/windows-build.log
step "Windows build of the core's tests: in the background, log in $windows_log"
# In a process group of its own (job control on for this one start), so that a failed step,
# which ends this script, stops it with its cargo and compilers instead of leaving them running.
# Not in a session of its own (setsid): Linux schedules each session as one group
# (autogroup), and between groups a nice value counts for nothing.
set -m
nice -n 19 scripts/wine-test.sh --build-only >"$windows_log" 2>&1 &
windows_build=$!
set +m
trap 'kill -- -"$windows_build" 2>/dev/null || true' EXIT

step "Formatting"
cargo fmt --all --check
scripts/lint-workflows.sh

step "Lints of the core"
cargo clippy --all-targets -- -D warnings

step "Core tests"
cargo test
scripts/clock-moved.sh

step "UI type check and unit tests"
(cd ui && npm run check && npm test)

scripts/e2e.sh

step "Waiting for the Windows build of the core's tests"
started=$SECONDS
if ! wait "$windows_build"; then
  tail -n 60 "$windows_log"
  echo "the Windows build of the core's tests failed; its whole log: $windows_log" >&2
  exit 1
fi
trap - EXIT
echo "waited $((SECONDS - started)) s; $(grep -m1 '^built in' "$windows_log" || true)"
scripts/wine-test.sh
