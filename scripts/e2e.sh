#!/usr/bin/env bash
# Builds the UI, the CLI and the app, runs the desktop shell's tests, then the end-to-end
# suite against the real window (tests/e2e), under Xvfb when there is no display. Extra
# arguments go to `node --test` (e.g. --test-name-pattern=...).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

step "Building the UI"
(cd ui && npm run build)

step "Building the CLI, and the app with its .deb"
# frontendDist is embedded at compile time, so this must come after the UI build. The app is
# built by the Tauri CLI as a package build is (custom-protocol, debug profile), which also
# makes the .deb that package.test.mjs installs; update artifacts are signed by the release
# workflow only.
cargo build -p labordesk
(cd src-tauri && ../ui/node_modules/.bin/tauri build --ci --debug --bundles deb \
  --config '{"bundle":{"createUpdaterArtifacts":false}}')

# The shell's own tests (session states, refusals while locked): they need the built UI too,
# and so do its lints. With the feature the Tauri CLI's build turned on, so that they reuse its
# Tauri stack instead of compiling it a second time without.
step "Desktop shell lints and tests"
cargo clippy -p labordesk-app --all-targets --features custom-protocol -- -D warnings
cargo test -p labordesk-app --features custom-protocol

step "End-to-end tests"
ensure_display
# One file at a time: every file drives the one window through the same driver ports.
# Inside a private D-Bus session bus: the single-instance plugin finds the running app there.
# A CI machine under Xvfb has no session bus, and a developer's own bus would lead a second
# start to their own LaborDesk instead of the test's.
(cd tests/e2e && dbus-run-session -- node --test --test-reporter=spec --test-concurrency=1 "$@" app.test.mjs reports.test.mjs security.test.mjs sync.test.mjs desktop.test.mjs package.test.mjs)
