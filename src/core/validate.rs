//! The invariants every dataset must hold, checked at load time and in tests.

use geo::{Intersects, Point};

use super::dataset::Dataset;
use super::model::LonLat;

/// One broken invariant, in words a data maintainer can act on.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    pub what: String,
}

fn problem(what: String) -> Problem {
    Problem { what }
}

fn inside(shape: &geo::MultiPolygon<f64>, p: LonLat) -> bool {
    shape.intersects(&Point::new(p.lon, p.lat))
}

/// Checks the dataset; an empty list means it is sound.
pub fn validate(ds: &Dataset) -> Vec<Problem> {
    let mut out = Vec::new();
    for c in &ds.cities {
        let at = format!("old_industrial_cities.csv line {} ({})", c.line, c.name_zh);
        if c.source.url.as_deref().is_none_or(|u| u.trim().is_empty()) {
            out.push(problem(format!("{at}: no source_url")));
        }
        if c.evidence_note.trim().is_empty() {
            out.push(problem(format!("{at}: no evidence_note")));
        }
        match ds.prefecture(c.prefecture_adcode) {
            None => out.push(problem(format!(
                "{at}: adcode {} is not a prefecture unit",
                c.adcode
            ))),
            Some(pref) if pref.province_adcode != c.province_adcode => out.push(problem(format!(
                "{at}: prefecture {} belongs to province {}, but the city says {}",
                pref.adcode, pref.province_adcode, c.province_zh
            ))),
            Some(_) => {}
        }
        match ds.province(c.province_adcode) {
            None => out.push(problem(format!(
                "{at}: unknown province {}",
                c.province_adcode
            ))),
            Some(prov) => {
                if !inside(&prov.shape_detail, c.point) {
                    out.push(problem(format!(
                        "{at}: point ({}, {}) lies outside {}",
                        c.point.lon, c.point.lat, prov.name_zh
                    )));
                }
            }
        }
    }
    for v in &ds.indicators {
        if v.source.is_empty() {
            out.push(problem(format!(
                "indicators.csv line {} ({} {} {}): no source",
                v.line, v.name_zh, v.indicator, v.year
            )));
        }
        if !v.value.is_finite() || v.value < 0.0 {
            out.push(problem(format!(
                "indicators.csv line {}: value {} is not a non-negative number",
                v.line, v.value
            )));
        }
    }
    for h in &ds.heritage {
        if h.source.is_empty() || h.notice.trim().is_empty() {
            out.push(problem(format!(
                "heritage_sites.csv line {} ({}): no source",
                h.line, h.name_zh
            )));
        }
    }
    for z in &ds.zones {
        if z.source.url.as_deref().is_none_or(|u| u.trim().is_empty()) {
            out.push(problem(format!(
                "demonstration_zones.csv ({}): no source_url",
                z.name_zh
            )));
        }
    }
    for p in ds.prefectures.iter() {
        if ds.province(p.province_adcode).is_none() {
            out.push(problem(format!(
                "prefecture {} ({}): unknown province {}",
                p.adcode, p.name_zh, p.province_adcode
            )));
        }
    }
    out
}
