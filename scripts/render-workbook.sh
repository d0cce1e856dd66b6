#!/usr/bin/env bash
# Renders the demo workbook (T1 and T2 sheets) with LibreOffice into docs/workbook-t{1,2}.png,
# the pictures the README shows. Installs LibreOffice Calc and poppler-utils when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v libreoffice >/dev/null || need+=(libreoffice-calc-nogui)
command -v pdftoppm >/dev/null || need+=(poppler-utils)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" fonts-noto-cjk
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo build -q --bin labordesk
./target/debug/labordesk --db "$work/demo.db" demo >/dev/null
./target/debug/labordesk --db "$work/demo.db" report --as-of 2024-08-31 --xlsx "$work/통계.xlsx"
# LibreOffice keeps its profile in HOME; a throwaway one keeps runs independent.
HOME="$work" libreoffice --headless --convert-to pdf --outdir "$work" "$work/통계.xlsx" >/dev/null
# Sheets print in order: page 1 is T1, page 2 the T2 tables.
pdftoppm -r 110 -png -f 1 -l 1 -singlefile "$work/통계.pdf" docs/workbook-t1
pdftoppm -r 110 -png -f 2 -l 2 -singlefile "$work/통계.pdf" docs/workbook-t2
echo "docs/workbook-t1.png docs/workbook-t2.png"
