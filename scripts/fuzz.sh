#!/usr/bin/env bash
# `make fuzz`: runs each cargo-fuzz target of fuzz/ for a bounded time and fails if any input
# crashes one: a panic, an abort, a memory bomb (over 512 MB), an input slower than 10 s, or an
# error message echoing a whole hostile value. Not part of `make test`: about 6 minutes, plus
# 10-15 minutes the first time (an instrumented build of everything, SQLCipher and OpenSSL
# included, in fuzz/target/).
#
# FUZZ_SECONDS=300 runs each target longer; FUZZ_TARGETS="import_csv" runs fewer.
# A crashing input is kept in fuzz/artifacts/<target>/; `cargo fuzz run <target> <file>`
# replays it, `cargo fuzz tmin <target> <file>` makes it smaller. The corpus grown by each run
# stays in fuzz/corpus/ (not committed) and seeds the next run.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

CARGO_FUZZ_VERSION=0.13.2
SECONDS_EACH=${FUZZ_SECONDS:-60}
read -r -a TARGETS <<<"${FUZZ_TARGETS:-import_csv import_xlsx import_xlsx_sheet sync_transfer sync_enrollment}"

# The longest input per target: room for every real shape of the file, small enough that the
# fuzzer spends its time on structure rather than on length.
declare -A MAX_LEN=(
  [import_csv]=16384
  [import_xlsx]=65536
  [import_xlsx_sheet]=32768
  [sync_transfer]=65536
  [sync_enrollment]=4096
)

step "cargo-fuzz"
if command -v cargo-fuzz >/dev/null; then
  echo "present: $(command -v cargo-fuzz)"
else
  cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked
fi

# The stable toolchain, without a sanitizer: the Rust code is memory-safe, and what is looked
# for is panics, aborts and memory. cargo-fuzz 0.13 then passes only stable flags;
# RUSTC_BOOTSTRAP lets a run by hand add `--sanitizer address` (a -Z flag) on stable too, and
# stays set here because a change to it rebuilds everything.
export RUSTC_BOOTSTRAP=1
FUZZ=(cargo fuzz)
BUILD_FLAGS=(--fuzz-dir fuzz --sanitizer none --release --debug-assertions)

step "Building the fuzz targets"
"${FUZZ[@]}" build "${BUILD_FLAGS[@]}"

# Seeds: the shipped examples (their sheets unpacked for the sheet target), fuzz/seeds/ (a
# transfer payload and an enrollment made as the tests make them, and edits of the payload), and
# the import inputs that once crashed a target (tests/fixtures/fuzz/). The corpus of earlier runs
# is kept beside them.
seed_examples() {
  local target=$1 dir=$2 f
  case $target in
    import_csv) cp assets/examples/*.csv "$dir"/ ;;
    import_xlsx) cp assets/examples/*.xlsx tests/fixtures/fuzz/*.xlsx "$dir"/ ;;
    import_xlsx_sheet)
      # The sheet, a NUL byte, the shared strings: the target's input format.
      for f in assets/examples/*.xlsx; do
        python3 -c '
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
sys.stdout.buffer.write(z.read("xl/worksheets/sheet1.xml") + b"\0" + z.read("xl/sharedStrings.xml"))
' "$f" >"$dir/$(basename "$f" .xlsx)"
      done
      ;;
  esac
}

failed=()
for target in "${TARGETS[@]}"; do
  step "Fuzzing $target for ${SECONDS_EACH} s"
  corpus=fuzz/corpus/$target
  mkdir -p "$corpus" "fuzz/artifacts/$target"
  seed_examples "$target" "$corpus"
  seeds=()
  [ -d "fuzz/seeds/$target" ] && seeds=("fuzz/seeds/$target")
  if ! "${FUZZ[@]}" run "${BUILD_FLAGS[@]}" "$target" "$corpus" "${seeds[@]}" -- \
    -max_total_time="$SECONDS_EACH" -rss_limit_mb=512 -malloc_limit_mb=512 -timeout=10 \
    -max_len="${MAX_LEN[$target]}" -print_final_stats=1; then
    failed+=("$target")
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo >&2
  echo "Crashes found by: ${failed[*]} (inputs in fuzz/artifacts/)" >&2
  exit 1
fi
echo
echo "No crash in ${#TARGETS[@]} targets, ${SECONDS_EACH} s each."
