#!/usr/bin/env bash
# Bring the researched reference data from ../shared/data into geodata/reference,
# unchanged (source columns and SOURCES-*.md kept), except the prefecture panel, which is cut
# to the columns the atlas shows (rows unchanged and in order: line N of the cut file is
# line N of the source file). Run from the repo root:
#   bash scripts/sync-reference.sh [path/to/shared/data]
# Then `cargo test` re-checks every invariant (sources present, points inside provinces...).
set -euo pipefail
src="${1:-../shared/data}"
dst="geodata/reference"
[ -d "$src" ] || { echo "sync-reference: no such directory: $src" >&2; exit 2; }
mkdir -p "$dst"
for f in old_industrial_cities.csv indicators.csv heritage_sites.csv demonstration_zones.csv \
         article_figures.csv international_cases.csv city_gdp_work_reports_with_bounds.csv \
         province_gdp_work_reports.csv city_gdp_panel.csv third_front.md README.md SOURCES-*.md; do
  for g in "$src"/$f; do
    [ -f "$g" ] || { echo "sync-reference: missing $g" >&2; exit 2; }
    cp "$g" "$dst/$(basename "$g")"
    chmod u+w "$dst/$(basename "$g")"
  done
done
# The panel: the identifying columns and those with a stated unit that the atlas shows
# (see src/core/panel.rs); the others (unknown units, or not shown) stay in the source.
python3 - "$src/china_city_panel.csv" "$dst/china_city_panel.csv" <<'PY'
import csv, sys
keep = ["year", "province", "city", "city_code", "gdp", "gdp_per_capita", "pop_hukou",
        "pop_avg", "employees", "emp_secondary", "emp_tertiary", "secondary_share",
        "tertiary_share", "fiscal_revenue", "fixed_asset_inv", "retail_sales",
        "industrial_firms", "industrial_profit", "exports"]
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    rows = list(csv.reader(f))
col = [rows[0].index(k) for k in keep]
with open(sys.argv[2], "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    for r in rows:
        w.writerow([r[i] for i in col])
PY
echo "synced $(ls "$dst" | wc -l) files from $src into $dst"
