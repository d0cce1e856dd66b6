#!/usr/bin/env bash
# Retakes the pictures in docs/screenshots/ (home, intake, list, detail, outreach, settings,
# review, statistics, import, sync) from the real window on a demo database: the end-to-end
# test that visits every screen takes them; setup and about (설정 → 정보) come from the desktop
# tests, the case's 계산 tab and a document's preview from the law desk's test. A plain test run
# writes them to a temporary folder instead.
set -euo pipefail
cd "$(dirname "$0")/.."
LABORDESK_SCREENSHOT_DIR="$PWD/docs/screenshots" scripts/e2e.sh \
  --test-name-pattern='every screen|setup screen opens|설정 → 정보 shows|the law desk'
ls -1 docs/screenshots/*.png
