#!/usr/bin/env bash
# Checks the GitHub Actions workflows (.github/workflows/*.yml) with actionlint, installed by
# scripts/deps.sh: syntax, expressions, job dependencies, runner labels, action inputs. The
# release workflow cannot run on this machine, so this is its test.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

step "Workflow lint (actionlint)"
shopt -s nullglob
workflows=(.github/workflows/*.yml .github/workflows/*.yaml)
if [ ${#workflows[@]} -eq 0 ]; then
  echo "no workflow in .github/workflows" >&2
  exit 1
fi
target/tools/actionlint/bin/actionlint -no-color "${workflows[@]}"
echo "actionlint: ${#workflows[@]} workflow(s) clean"
