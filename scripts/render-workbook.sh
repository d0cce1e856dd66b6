#!/usr/bin/env bash
# Renders every printed page of the demo workbook with LibreOffice into docs/: the first page
# of sheet N is docs/workbook-tN.png, its further pages docs/workbook-tN-2.png, -3, … These are
# the pictures the README shows, and the way to check the print layout (page breaks, repeated
# title rows, the T2 chart on a page of its own). Installs LibreOffice Calc, poppler-utils and
# the Carlito font when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v libreoffice >/dev/null || need+=(libreoffice-calc-nogui)
command -v pdftoppm >/dev/null || need+=(poppler-utils)
# Column widths are in characters of the workbook's font, Calibri: without Carlito (its metric
# twin) LibreOffice measures them in a wider font and the columns no longer fit the page.
fc-list | grep -q Carlito || need+=(fonts-crosextra-carlito)
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
pdf="$work/통계.pdf"

# Every page starts with its sheet's title (the title rows repeat on each page), which tells
# the sheet a page belongs to. The titles, in sheet order T1 … T6:
titles=("노동관련 법률상담 및 구제" "월별 상담 현황" "내담자 현황" "권리구제 상세" "유형별 복수집계" "찾아가는 상담")
rm -f docs/workbook-t*.png
declare -A count
pages=$(pdfinfo "$pdf" | awk '/^Pages:/ { print $2 }')
for page in $(seq 1 "$pages"); do
  first=$(pdftotext -layout -f "$page" -l "$page" "$pdf" - | awk 'NF { $1 = $1; print; exit }')
  sheet=
  for i in "${!titles[@]}"; do
    [ "$first" = "${titles[$i]}" ] && sheet=$((i + 1))
  done
  if [ -z "$sheet" ]; then
    echo "page $page does not start with a sheet title: '$first'" >&2
    exit 1
  fi
  count[$sheet]=$((${count[$sheet]:-0} + 1))
  name="docs/workbook-t$sheet"
  [ "${count[$sheet]}" -gt 1 ] && name="$name-${count[$sheet]}"
  pdftoppm -r 110 -png -f "$page" -l "$page" -singlefile "$pdf" "$name"
  echo "$name.png"
done
