#!/usr/bin/env bash
# Runs the core's tests again with the machine's clock moved 1, 3 and 10 years ahead
# (libfaketime), proving that no test and no rule reads the wall clock: every "now" comes from
# the store's Clock, in SQL too. The CLI the tests start inherits the moved clock.
# Extra arguments go to the test binaries (e.g. a name filter).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

# The test binaries as `cargo test` built them: the library's and the CLI's unit tests and
# tests/main.rs.
mapfile -t binaries < <(cargo test --no-run --message-format=json 2>/dev/null |
  python3 -c '
import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m.get("executable") and m["profile"]["test"]:
        print(m["executable"])
')
if [ ${#binaries[@]} -lt 2 ]; then
  echo "expected the core's unit and integration test binaries, found: ${binaries[*]:-none}" >&2
  exit 1
fi

# Outside cargo, ts-rs would write the TypeScript types into ./bindings: they go to a
# throwaway folder instead (`cargo test` keeps ui/src/lib/bindings up to date).
TS_RS_EXPORT_DIR=$(mktemp -d)
export TS_RS_EXPORT_DIR TS_RS_LARGE_INT=number
trap 'rm -rf "$TS_RS_EXPORT_DIR"' EXIT

for ahead in 1y 3y 10y; do
  step "Core tests with the clock moved ahead by $ahead"
  for bin in "${binaries[@]}"; do
    faketime -f "+$ahead" "$bin" -q "$@"
  done
done
