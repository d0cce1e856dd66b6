#!/usr/bin/env bash
# Runs the core's tests again with the machine's clock moved 1 and 10 years ahead
# (libfaketime), proving that no test and no rule reads the wall clock: every "now" comes from
# the store's Clock, in SQL too. The CLI the tests start inherits the moved clock.
# Extra arguments go to the test binaries (e.g. a name filter).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

# The test binaries as `cargo test` built them: the library's and the CLI's unit tests and
# tests/main.rs.
built=$(test_binaries)
mapfile -t binaries <<<"$built"

# Outside cargo, ts-rs would write the TypeScript types into ./bindings: they go to a
# throwaway folder instead (`cargo test` keeps ui/src/lib/bindings up to date).
TS_RS_EXPORT_DIR=$(mktemp -d)
export TS_RS_EXPORT_DIR TS_RS_LARGE_INT=number
trap 'rm -rf "$TS_RS_EXPORT_DIR"' EXIT

# A year ahead moves every date past a year's end; ten years past the five-year retention and
# into a leap year. (A third run, three years ahead, was dropped to keep `make test`, with the
# Windows tests, within its hour.)
for ahead in 1y 10y; do
  step "Core tests with the clock moved ahead by $ahead"
  for bin in "${binaries[@]}"; do
    faketime -f "+$ahead" "$bin" -q "$@"
  done
done
