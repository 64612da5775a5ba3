#!/usr/bin/env bash
# Bring the researched reference data from ../shared/data into geodata/reference,
# unchanged (source columns and SOURCES-*.md kept). Run from the repo root:
#   bash scripts/sync-reference.sh [path/to/shared/data]
# Then `cargo test` re-checks every invariant (sources present, points inside provinces...).
set -euo pipefail
src="${1:-../shared/data}"
dst="geodata/reference"
[ -d "$src" ] || { echo "sync-reference: no such directory: $src" >&2; exit 2; }
mkdir -p "$dst"
for f in old_industrial_cities.csv indicators.csv heritage_sites.csv demonstration_zones.csv \
         article_figures.csv international_cases.csv city_gdp_work_reports_with_bounds.csv \
         third_front.md README.md SOURCES-*.md; do
  for g in "$src"/$f; do
    [ -f "$g" ] || { echo "sync-reference: missing $g" >&2; exit 2; }
    cp "$g" "$dst/$(basename "$g")"
    chmod u+w "$dst/$(basename "$g")"
  done
done
echo "synced $(ls "$dst" | wc -l) files from $src into $dst"
