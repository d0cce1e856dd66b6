#!/usr/bin/env bash
# `make bench`: issue 8's measures on a release build at 10,000, 100,000 and 1,000,000
# generated cases, beside what a center's data person does today (pandas and openpyxl over the
# same data as CSV) and a raw SQL floor, then bench/results.md and the summary table between
# README's bench markers. Not part of `make test`: about 10 minutes on two cores, half an hour
# the first time (a clean release build; the million-case store is generated once and kept in
# target/bench-data/).
#
# BENCH_SIZES="10000 100000" runs fewer sizes (the last one decides MET or MISSED).
# Every raw output stays in target/bench-run/.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

read -r -a SIZES <<<"${BENCH_SIZES:-10000 100000 1000000}"
AS_OF=2025-08-31 # the as-of date of the report bench
CASE_LIST_ROWS=100000
RUN=target/bench-run
CLI=target/release/labordesk
APP=target/release/labordesk-app
# pandas and openpyxl for the comparison, the sqlite3 shell to dump proceedings and sessions.
APT_PACKAGES=(python3-pandas python3-openpyxl sqlite3)
# The interpreter those packages belong to, whatever python3 comes first on PATH (pyenv, a venv).
PYTHON=/usr/bin/python3

step "Packages for the comparison"
apt_install_missing "${APT_PACKAGES[@]}"

step "Building the UI and the release binaries"
# The UI goes to a folder of its own and the app is pointed at it (TAURI_CONFIG is merged into
# tauri.conf.json at build time), so a `make test` running meanwhile never embeds, or sees, a
# half-written ui/dist. custom-protocol: the app as shipped, not Tauri's dev mode.
UI_DIST="$PWD/target/bench-ui/dist"
(cd ui && npm run build -- --outDir "$UI_DIST" --emptyOutDir)
export TAURI_CONFIG="{\"build\":{\"frontendDist\":\"$UI_DIST\"}}"
cargo build --release -p labordesk -p labordesk-app --features labordesk-app/custom-protocol
cargo bench --no-run --bench report --bench floor --bench scale --bench latency --bench export \
  --bench import

rm -rf "$RUN"
mkdir -p "$RUN"

# Runs one bench and keeps its output. A bench that exits non-zero (report does when a target is
# missed) is noted and the run goes on: every measure is reported, met or not.
run_bench() {
  local out=$1 name=$2
  shift 2
  cargo bench -q --bench "$name" "$@" | tee "$out" || echo "(cargo bench --bench $name exited non-zero)" | tee -a "$out"
}

for n in "${SIZES[@]}"; do
  dir="$RUN/n$n"
  db="target/bench-data/gen-$n-seed1.db"
  mkdir -p "$dir"
  export BENCH_CASES=$n
  # The first bench generates the store of this size if it is not there yet.
  step "Report, workbook and raw SQL floor at $n cases"
  run_bench "$dir/report.txt" report
  run_bench "$dir/floor.txt" floor -- --test --nocapture
  step "Case list, search and case save at $n cases"
  run_bench "$dir/scale.txt" scale
  run_bench "$dir/latency.txt" latency -- --test --nocapture
  step "Case-list export at $n cases"
  run_bench "$dir/export.txt" export

  step "pandas and openpyxl over the same $n cases"
  "$CLI" --db "$db" report --as-of "$AS_OF" --json >"$dir/report.json"
  # The CSV export has every statistics column of a case; the proceedings and sessions T1 and T2
  # also count are dumped from the same file (the unencrypted bench stores need no key).
  "$CLI" --db "$db" cases export "$dir/cases.csv"
  "$CLI" --db "$db" cases export "$dir/case-list.xlsx" --limit "$CASE_LIST_ROWS"
  for table in remedies sessions; do
    # The record's own columns, not the sync bookkeeping (_stamps, _seq).
    columns=$(sqlite3 -readonly "$db" "SELECT group_concat(name, ', ') FROM pragma_table_info('$table') WHERE substr(name, 1, 1) <> '_'")
    sqlite3 -readonly -header -csv "$db" "SELECT $columns FROM $table" >"$dir/$table.csv"
  done
  runs=3
  [ "$n" -lt 1000000 ] || runs=1 # pandas takes seconds a step at a million cases; once will do
  "$PYTHON" bench/compare.py --cases "$dir/cases.csv" --remedies "$dir/remedies.csv" \
    --sessions "$dir/sessions.csv" --report "$dir/report.json" --out-dir "$dir/pandas" \
    --case-list-rows "$CASE_LIST_ROWS" --ours-case-list "$dir/case-list.xlsx" \
    --runs "$runs" >"$dir/compare.json"
  rm -f "$dir"/*.csv "$dir/pandas"/*.xlsx # hundreds of MB at a million cases
done
unset BENCH_CASES

step "Import of 100,000 CSV rows"
run_bench "$RUN/import.txt" import

step "Release binary sizes"
"$PYTHON" - "$APP" "$CLI" >"$RUN/binaries.json" <<'EOF'
import json, os, sys
# MB = 10^6 bytes, the larger of the two readings of "MB".
print(json.dumps({os.path.basename(p): os.path.getsize(p) / 1e6 for p in sys.argv[1:]}))
EOF
cat "$RUN/binaries.json"

step "App cold start and idle memory"
ensure_display
node bench/coldstart.mjs --app "$APP" --cli "$CLI" --runs 5 >"$RUN/app.json"
cat "$RUN/app.json"

step "Writing bench/results.md and README.md"
"$PYTHON" bench/results.py --run "$RUN" --sizes "${SIZES[@]}"
