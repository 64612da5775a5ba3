#!/usr/bin/env python3
"""Compute the atlas's spatial statistics with PySAL (libpysal + esda) and write fixtures.

For each case below this script asks the atlas binary for the level's full weights (GeoDa
.gal) and for the units with values (the `units` of `atlas analyse lisa --json`: adcodes in
the atlas's order and their values), restricts the libpysal W to those units as the atlas
does (`w_subset`, before any transformation), and computes with esda:

* Moran(y, w, transformation="r", permutations=P)             (global I, normal/rand z, p_sim)
* Moran_Local(y, w, transformation="r", permutations=P, seed)  (Ii, quadrant q, p_sim)
* G_Local(y, w, transform="B", star=True, permutations=P, seed)  (Gi* G, z, p_norm, p_sim)

One JSON fixture per case goes to tests/fixtures/pysal/: the inputs (all the level's ids with
their GAL neighbour lists, the ids used and their values) and PySAL's outputs, unrounded.
`cargo test --test pysal` checks the atlas against them. The script also prints how far the
atlas CLI's own JSON output is from PySAL, as a quick look.

Not run by CI. Run from the repository root after `cargo build --release`:

    PYTHONPATH=/path/to/pysal python3 scripts/pysal/compare.py

Options: --atlas BIN, --out DIR, --permutations N, --seed S, --only CASE.
"""

import argparse
import json
import math
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

import numpy as np
import libpysal
import esda
import scipy

ROOT = Path(__file__).resolve().parents[2]

# name, level, --weights rule, the indicator's CLI arguments.
CASES = [
    ("province_gdp2023_queen", "province", "queen", ["--indicator", "gdp2023"]),
    (
        "prefecture_gdp2023_queen",
        "prefecture",
        "queen",
        ["--indicator", "gdp", "--year", "2023"],
    ),
    (
        "prefecture_gdp2023_knn6",
        "prefecture",
        "knn:6",
        ["--indicator", "gdp", "--year", "2023"],
    ),
]


def run(atlas, args):
    out = subprocess.run([str(atlas), *args], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"atlas {' '.join(args)} failed ({out.returncode}):\n{out.stderr}")
    return out.stdout


def read_gal(path):
    """The GAL's ids in file order and each one's neighbour list, as written."""
    lines = Path(path).read_text().splitlines()
    n = int(lines[0].split()[1])
    ids, neighbours, k = [], [], 1
    for _ in range(n):
        unit, count = lines[k].split()
        row = [int(t) for t in lines[k + 1].split()]
        assert len(row) == int(count), (unit, count, row)
        ids.append(int(unit))
        neighbours.append(row)
        k += 2
    return ids, neighbours


def finite(x):
    x = float(x)
    return x if math.isfinite(x) else None


def floats(a):
    return [finite(v) for v in np.asarray(a, dtype=float).ravel()]


def case(atlas, name, level, rule, indicator, permutations, seed, outdir):
    with tempfile.TemporaryDirectory() as tmp:
        gal = Path(tmp) / f"{name}.gal"
        run(atlas, ["analyse", "weights", "--level", level, "--weights", rule, "--out", str(gal)])
        all_ids, all_neighbours = read_gal(gal)
        f = libpysal.io.open(str(gal), "r")
        f.data_type = int  # adcodes, not the default strings
        w_full = f.read()
        f.close()
    stat = ["--weights", rule, "--json", "--permutations", str(permutations), "--seed", str(seed)]
    lisa_json = json.loads(run(atlas, ["analyse", "lisa", *indicator, *stat]))
    assert lisa_json["level"] == level, lisa_json["level"]
    ids = [u["adcode"] for u in lisa_json["units"]]
    y = np.array([u["value"] for u in lisa_json["units"]], dtype=float)

    # The units with values, as the atlas keeps them: links to dropped units go, and the
    # weights are transformed only afterwards.
    def w_used():
        return libpysal.weights.w_subset(w_full, ids, silence_warnings=True)

    w = w_used()
    assert list(w.id_order) == ids
    # The same links as the GAL's, less those to dropped units.
    used = set(ids)
    gal_rows = dict(zip(all_ids, all_neighbours))
    for i in ids:
        assert sorted(w.neighbors[i]) == sorted(j for j in gal_rows[i] if j in used), i
    islands = [i for i in ids if w.cardinalities[i] == 0]

    np.random.seed(seed)
    mo = esda.Moran(y, w_used(), transformation="r", permutations=permutations)
    lm = esda.Moran_Local(
        y, w_used(), transformation="r", permutations=permutations, seed=seed, n_jobs=1
    )
    gi = esda.G_Local(
        y, w_used(), transform="B", star=True, permutations=permutations, seed=seed, n_jobs=1
    )

    fixture = {
        "case": name,
        "about": "PySAL (libpysal + esda) on the atlas's own weights and values; written by "
        "scripts/pysal/compare.py, checked by tests/pysal.rs",
        "versions": {
            "libpysal": libpysal.__version__,
            "esda": esda.__version__,
            "numpy": np.__version__,
            "scipy": scipy.__version__,
        },
        "level": level,
        "rule": rule,
        "indicator": indicator,
        "permutations": permutations,
        "seed": seed,
        # The level's full weights, as the atlas's .gal lists them.
        "all_ids": all_ids,
        "all_neighbours": all_neighbours,
        # The units with values, in the atlas's order, and their values.
        "ids": ids,
        "values": floats(y),
        "islands": islands,
        "moran": {
            "I": float(mo.I),
            "EI": float(mo.EI),
            "z_norm": float(mo.z_norm),
            "p_norm": float(mo.p_norm),
            "z_rand": float(mo.z_rand),
            "p_rand": float(mo.p_rand),
            "p_sim": float(mo.p_sim),
        },
        "moran_local": {
            "Is": floats(lm.Is),
            # esda's q: 1 HH, 2 LH, 3 LL, 4 HL.
            "q": [int(v) for v in lm.q],
            "p_sim": floats(lm.p_sim),
        },
        "g_local_star": {
            "G": floats(gi.Gs),
            "z": floats(gi.Zs),
            # esda's G_Local p_norm is one-sided: sf(|z|).
            "p_norm": floats(gi.p_norm),
            "p_sim": floats(gi.p_sim),
        },
    }
    outdir.mkdir(parents=True, exist_ok=True)
    path = outdir / f"{name}.json"
    # One key per line, arrays on one line: small and diffable; floats unrounded (repr).
    body = ",\n".join(f" {json.dumps(k)}: {json.dumps(v)}" for k, v in fixture.items())
    path.write_text("{\n" + body + "\n}\n")
    print(f"{name}: {len(ids)} units ({len(all_ids) - len(ids)} without values dropped), "
          f"islands {islands} -> {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")

    # A quick look at the atlas's own output (the tests make the exact checks).
    moran_json = json.loads(run(atlas, ["analyse", "moran", *indicator, *stat]))
    gi_json = json.loads(run(atlas, ["analyse", "gi", *indicator, *stat]))
    assert [u["adcode"] for u in gi_json["units"]] == ids
    diffs = {
        "I": abs(moran_json["I"] - mo.I),
        "z_norm": abs(moran_json["z"] - mo.z_norm),
        "z_rand": abs(moran_json["z_rand"] - mo.z_rand),
        "p_norm": abs(moran_json["p_norm"] - mo.p_norm),
        "Ii": max(abs(u["Ii"] - v) for u, v in zip(lisa_json["units"], lm.Is)),
        "Gi": max(abs(u["Gi"] - v) for u, v in zip(gi_json["units"], gi.Gs)),
        "Gi z": max(abs(u["z"] - v) for u, v in zip(gi_json["units"], gi.Zs)),
    }
    print("  atlas CLI vs PySAL, max |difference|: "
          + ", ".join(f"{k} {v:.2e}" for k, v in diffs.items()))
    print(f"  global p_sim: atlas {moran_json['p_sim']}, PySAL {mo.p_sim}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--atlas", default=ROOT / "target" / "release" / "atlas", type=Path)
    ap.add_argument("--out", default=ROOT / "tests" / "fixtures" / "pysal", type=Path)
    ap.add_argument("--permutations", default=9999, type=int)
    ap.add_argument("--seed", default=12345, type=int)
    ap.add_argument("--only", help="one case by name")
    args = ap.parse_args()
    if not args.atlas.exists():
        sys.exit(f"{args.atlas} not found: run `cargo build --release` first (or pass --atlas)")
    # esda warns about its coming change of alternative and libpysal about islands.
    warnings.simplefilter("ignore")
    print(f"libpysal {libpysal.__version__}, esda {esda.__version__}, numpy {np.__version__}")
    for name, level, rule, indicator in CASES:
        if args.only and args.only != name:
            continue
        case(args.atlas, name, level, rule, indicator, args.permutations, args.seed, args.out)


if __name__ == "__main__":
    main()
