//! Counts for `atlas data summary` and the coverage panel.

use std::collections::BTreeMap;

use serde::Serialize;

use super::dataset::{Dataset, PLAN_MAJOR_CITIES, PLAN_PREFECTURE_CITIES, PLAN_TOTAL_CITIES};
use super::model::{CityLevel, EvidenceTier, RegionGroup};

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Coverage {
    /// What the plan names.
    pub plan_total: usize,
    pub plan_prefecture: usize,
    pub plan_major: usize,
    /// What the dataset holds (any evidence tier).
    pub sourced_total: usize,
    pub sourced_prefecture: usize,
    pub sourced_major: usize,
    pub confirmed_total: usize,
    /// The article's figure for the three Northeast provinces (23), and what the dataset holds there.
    pub article_northeast: Option<f64>,
    pub sourced_northeast: usize,
    /// Provinces with no city in the dataset yet (mainland only).
    pub provinces_without_cities: Vec<String>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Summary {
    pub provinces: usize,
    pub prefectures: usize,
    pub cities: usize,
    pub cities_by_evidence: BTreeMap<String, usize>,
    pub cities_by_level: BTreeMap<String, usize>,
    pub cities_by_province: BTreeMap<String, usize>,
    pub cities_by_region_group: BTreeMap<String, usize>,
    pub cities_by_nbs_region: BTreeMap<String, usize>,
    pub heritage_sites: usize,
    pub heritage_by_batch: BTreeMap<u8, usize>,
    pub heritage_batches_1_to_5: usize,
    pub demonstration_zones: usize,
    pub indicator_values: usize,
    pub article_figures: usize,
    pub international_cases: usize,
    pub coverage: Coverage,
}

pub fn summarize(ds: &Dataset) -> Summary {
    let mut by_evidence: BTreeMap<String, usize> = EvidenceTier::ALL
        .iter()
        .map(|t| (t.key().to_owned(), 0))
        .collect();
    let mut by_level = BTreeMap::new();
    let mut by_province = BTreeMap::new();
    let mut by_group: BTreeMap<String, usize> = RegionGroup::ALL
        .iter()
        .map(|g| (g.key().to_owned(), 0))
        .collect();
    let mut by_nbs = BTreeMap::new();
    for c in &ds.cities {
        *by_evidence.entry(c.evidence.key().to_owned()).or_default() += 1;
        *by_level.entry(c.level.key().to_owned()).or_default() += 1;
        *by_province.entry(c.province_zh.clone()).or_default() += 1;
        if let Some(p) = ds.province(c.province_adcode) {
            *by_group.entry(p.region.key().to_owned()).or_default() += 1;
            *by_nbs.entry(p.nbs_region.key().to_owned()).or_default() += 1;
        }
    }
    let mut by_batch = BTreeMap::new();
    for h in &ds.heritage {
        *by_batch.entry(h.batch).or_default() += 1;
    }
    let count_level = |l: CityLevel| ds.cities.iter().filter(|c| c.level == l).count();
    let provinces_without_cities = ds
        .provinces
        .iter()
        .filter(|p| p.nbs_region != super::model::NbsRegion::NotGrouped)
        .filter(|p| !ds.cities.iter().any(|c| c.province_adcode == p.adcode))
        .map(|p| p.name_zh.clone())
        .collect();
    Summary {
        provinces: ds.provinces.len(),
        prefectures: ds.prefectures.len(),
        cities: ds.cities.len(),
        cities_by_evidence: by_evidence,
        cities_by_level: by_level,
        cities_by_province: by_province,
        cities_by_nbs_region: by_nbs,
        heritage_sites: ds.heritage.len(),
        heritage_batches_1_to_5: ds.heritage.iter().filter(|h| h.batch <= 5).count(),
        heritage_by_batch: by_batch,
        demonstration_zones: ds.zones.len(),
        indicator_values: ds.indicators.len(),
        article_figures: ds.figures.len(),
        international_cases: ds.cases.len(),
        coverage: Coverage {
            plan_total: PLAN_TOTAL_CITIES,
            plan_prefecture: PLAN_PREFECTURE_CITIES,
            plan_major: PLAN_MAJOR_CITIES,
            sourced_total: ds.cities.len(),
            sourced_prefecture: count_level(CityLevel::Prefecture),
            sourced_major: count_level(CityLevel::Major),
            confirmed_total: ds
                .cities
                .iter()
                .filter(|c| c.evidence == EvidenceTier::Confirmed)
                .count(),
            article_northeast: ds.figure("northeast_bases").map(|f| f.value),
            sourced_northeast: *by_group.get("northeast").unwrap_or(&0),
            provinces_without_cities,
        },
        cities_by_region_group: by_group,
    }
}
