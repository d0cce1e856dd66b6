#!/usr/bin/env bash
# Renders the case documents of two demo cases with LibreOffice, one PNG a page, into
# docs/documents/: how they look in an office suite, to look at after a template changes.
# Not part of `make test` (LibreOffice is a large install); run by hand: scripts/render-documents.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

step "LibreOffice Writer (headless) and poppler"
apt_install_missing libreoffice-writer-nogui poppler-utils fonts-noto-cjk

step "The CLI"
cargo build -q -p labordesk
cli=target/debug/labordesk

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db=$work/demo.db
"$cli" --db "$db" init --center "데모 노동권익센터" --device A --unencrypted >/dev/null
"$cli" --db "$db" demo >/dev/null

# The demo data are seeded: these cases are the same on every machine. A wage case with all
# the labor facts, and a dismissal case.
wage_case=2023-A0020
dismissal_case=$("$cli" --db "$db" cases list --category dismissal | awk -F'\t' 'NR == 2 { print $1 }')
# The demo data hold no employer details: the wage case gets some, so the forms show them.
"$cli" --db "$db" cases set "$wage_case" employer_representative=김대표 \
  employer_reg_no=124-81-00998 "employer_address=서울특별시 관악구 관악로 1" \
  employer_phone=02-880-1234 employer_headcount=14 "work_site=봉천동 물류센터" >/dev/null

out=docs/documents
rm -rf "$out"
mkdir -p "$out"
render() {
  local kind=$1 case_no=$2
  step "$kind of $case_no"
  "$cli" --db "$db" doc "$kind" "$case_no" --out "$work/$kind.docx" --reason "문서 모양 확인"
  # A private LibreOffice profile: nothing of the user's is read or changed.
  soffice -env:UserInstallation="file://$work/profile" --headless --convert-to pdf \
    --outdir "$work" "$work/$kind.docx" >/dev/null
  pdftoppm -png -r 60 "$work/$kind.pdf" "$out/$kind"
  ls "$out/$kind"*.png
}
render sheet "$wage_case"
render petition "$wage_case"
render dismissal "$dismissal_case"
