# The two commands a newcomer needs: `make run` and `make test`.
# scripts/deps.sh installs only what is missing, so every target may depend on it.

.PHONY: deps ui app run test test-windows package bench fuzz

deps:
	@scripts/deps.sh

ui: deps
	@printf '\n==> %s\n' "Building the UI"
	cd ui && npm run build

# frontendDist is embedded at compile time: the UI is built first.
app: ui
	@printf '\n==> %s\n' "Building the app"
	cargo build -p labordesk-app

# Opens the database in the user's data folder (LABORDESK_DB overrides); on a fresh machine
# the first window is the setup, which creates it encrypted.
run: app
	@printf '\n==> %s\n' "Running LaborDesk"
	cargo run -q -p labordesk-app

# Formatting, lints, the core's tests (again with the clock moved), the UI's, the end-to-end
# tests of the real window and the installed .deb, and the core's tests built for Windows and
# run under Wine; that build runs in the background from the start (scripts/test.sh).
test: deps
	@scripts/test.sh

# The .deb and .rpm, the Windows app and CLI cross-compiled with mingw-w64, and a per-user
# Windows installer (makensis), all in target/package/ with their sizes. Release builds: over an
# hour from clean on two shared cores (the Windows app alone took 70 min), minutes after that. The MSI and
# Tauri's own NSIS installer are made by the release workflow (.github/workflows/release.yml).
package: deps
	@scripts/package.sh

# Issue 8's benchmarks on a release build at 10k, 100k and 1M generated cases, beside pandas and
# a raw SQL floor: 10 minutes (half an hour the first time), so never part of `test`. Writes
# bench/results.md and the summary table in README.md.
bench: deps
	@scripts/bench.sh

# cargo-fuzz over the readers of files from outside (CSV and XLSX import, transfer and
# enrollment files), 60 s per target; fails on any crash. About 6 minutes (15 more the first
# time, for an instrumented build in fuzz/target/), so never part of `test`.
fuzz: deps
	@scripts/fuzz.sh

# The core's unit and integration tests built for Windows (x86_64-pc-windows-gnu, mingw-w64) and
# run under Wine: the last step of `test`, on its own here.
test-windows: deps
	@scripts/wine-test.sh
