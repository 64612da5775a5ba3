//! Aggregates for the charts: region groups, province rankings, growth, heritage by batch,
//! and the national GDP from the NBS communiqués. Plain functions over the dataset; no egui.
//!
//! Nothing here fills in data: a sum over a group is only given when every province of the
//! group has a sourced value (otherwise `None`, with the provinces that lack one named), and
//! every derived number states its basis in its doc comment.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::dataset::Dataset;
use super::filter::Filter;
use super::indicators::ProvinceIndicator;
use super::model::{IndicatorLevel, IndicatorValue, NbsRegion, Province, RegionGroup};
use super::palette::{Rgb, region_color};

/// Ids of the article's figures in `article_figures.csv` that the charts use.
pub mod figure_ids {
    /// GDP of the 95 prefecture-level old industrial cities, 2013 (trillion yuan).
    pub const GDP_95_2013: &str = "gdp_95_prefecture_2013";
    /// The same, end of 2023 (trillion yuan).
    pub const GDP_95_2023: &str = "gdp_95_prefecture_2023";
    /// Growth multiple of the 95 cities' GDP, 2013→2023 (times).
    pub const GROWTH_95: &str = "gdp_growth_95_prefecture";
    /// The article's national growth multiple over the same period (times; basis unstated).
    pub const GROWTH_NATIONAL: &str = "gdp_growth_national";
    /// MIIT national industrial heritage, five batches.
    pub const NATIONAL_HERITAGE: &str = "national_industrial_heritage";
    /// China Industrial Heritage Protection List, three batches.
    pub const PROTECTION_LIST: &str = "heritage_protection_list";
    /// National industrial tourism demonstration bases.
    pub const TOURISM_BASES: &str = "industrial_tourism_bases";
    /// National mine parks, three batches.
    pub const MINE_PARKS: &str = "national_mine_parks";
    /// National-level industrial heritage after removing duplicates across the four lists.
    pub const HERITAGE_TOTAL: &str = "national_level_heritage_total";
    /// Old industrial bases in the three Northeast provinces.
    pub const NORTHEAST_BASES: &str = "northeast_bases";
}

/// How provinces are grouped for comparison.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Grouping {
    /// Northeast / Third Front core / rest of China (the atlas's main comparison).
    #[default]
    NortheastThirdFront,
    /// The National Bureau of Statistics' four economic regions.
    Nbs,
}

impl Grouping {
    pub const ALL: [Grouping; 2] = [Grouping::NortheastThirdFront, Grouping::Nbs];

    pub fn label(self, zh: bool) -> &'static str {
        match (self, zh) {
            (Self::NortheastThirdFront, true) => "东北 / 三线核心 / 其他地区",
            (Self::NortheastThirdFront, false) => "Northeast / Third Front core / rest of China",
            (Self::Nbs, true) => "国家统计局四大区域",
            (Self::Nbs, false) => "NBS four regions",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Self::NortheastThirdFront => "ne-tf",
            Self::Nbs => "nbs",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|g| g.key() == key)
    }

    /// The groups of this grouping, in display order.
    pub fn groups(self) -> &'static [Group] {
        match self {
            Self::NortheastThirdFront => {
                &[Group::Northeast, Group::ThirdFrontCore, Group::RestOfChina]
            }
            Self::Nbs => &[
                Group::NbsEast,
                Group::NbsCentral,
                Group::NbsWest,
                Group::NbsNortheast,
            ],
        }
    }

    /// The group a province belongs to, from `regions.csv`.
    ///
    /// Both groupings cover the 31 mainland provinces: Taiwan, Hong Kong and Macao are
    /// outside the NBS division and have no sourced province values in the reference data,
    /// so they are in no group (`None`) rather than counted as gaps of "rest of China".
    ///
    /// In [`Grouping::NortheastThirdFront`], Hunan, Hubei and Henan (whose western parts,
    /// 湘西, 鄂西, 豫西, the 1964 decision names) go to "rest of China": at province level
    /// the western parts cannot be separated from the rest of the province, and no source
    /// gives a prefecture-level list.
    pub fn group_of(self, p: &Province) -> Option<Group> {
        if p.nbs_region == NbsRegion::NotGrouped {
            return None;
        }
        Some(match self {
            Self::NortheastThirdFront => match p.region {
                RegionGroup::Northeast => Group::Northeast,
                RegionGroup::ThirdFrontCore => Group::ThirdFrontCore,
                RegionGroup::ThirdFrontPartial | RegionGroup::Other => Group::RestOfChina,
            },
            Self::Nbs => match p.nbs_region {
                NbsRegion::East => Group::NbsEast,
                NbsRegion::Central => Group::NbsCentral,
                NbsRegion::West => Group::NbsWest,
                NbsRegion::Northeast => Group::NbsNortheast,
                NbsRegion::NotGrouped => return None,
            },
        })
    }
}

/// One group of a [`Grouping`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Group {
    /// 辽宁, 吉林, 黑龙江 ([`RegionGroup::Northeast`]).
    Northeast,
    /// 大三线 core ([`RegionGroup::ThirdFrontCore`]).
    ThirdFrontCore,
    /// [`RegionGroup::ThirdFrontPartial`] and [`RegionGroup::Other`] (mainland).
    RestOfChina,
    NbsEast,
    NbsCentral,
    NbsWest,
    NbsNortheast,
}

impl Group {
    pub fn key(self) -> &'static str {
        match self {
            Self::Northeast => "northeast",
            Self::ThirdFrontCore => "third_front_core",
            Self::RestOfChina => "rest_of_china",
            Self::NbsEast => "nbs_east",
            Self::NbsCentral => "nbs_central",
            Self::NbsWest => "nbs_west",
            Self::NbsNortheast => "nbs_northeast",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Northeast => "东北",
            Self::ThirdFrontCore => "三线核心",
            Self::RestOfChina => "其他地区",
            Self::NbsEast => "东部",
            Self::NbsCentral => "中部",
            Self::NbsWest => "西部",
            Self::NbsNortheast => "东北",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Self::Northeast => "Northeast",
            Self::ThirdFrontCore => "Third Front core",
            Self::RestOfChina => "Rest of China",
            Self::NbsEast => "East",
            Self::NbsCentral => "Central",
            Self::NbsWest => "West",
            Self::NbsNortheast => "Northeast",
        }
    }

    pub fn label(self, zh: bool) -> &'static str {
        if zh { self.label_zh() } else { self.label_en() }
    }

    /// Okabe–Ito colour. The Northeast/Third Front groups use the map's region colours
    /// ("rest of China" takes the colour of "other"); the NBS regions reuse the same set so
    /// that the Northeast is blue in both groupings and no two NBS regions share a colour.
    pub fn color(self) -> Rgb {
        match self {
            Self::Northeast | Self::NbsNortheast => region_color(RegionGroup::Northeast),
            Self::ThirdFrontCore => region_color(RegionGroup::ThirdFrontCore),
            Self::RestOfChina => region_color(RegionGroup::Other),
            Self::NbsEast => [0x00, 0x9e, 0x73],
            Self::NbsCentral => [0xe6, 0x9f, 0x00],
            Self::NbsWest => [0xd5, 0x5e, 0x00],
        }
    }
}

/// Which provinces of a group lack a value, per metric.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct MissingCounts {
    pub gdp_2013: usize,
    pub gdp_2023: usize,
    pub population_2020: usize,
}

/// Totals of one group over the provinces that pass the filter.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GroupAggregate {
    pub group: Group,
    pub label_zh: &'static str,
    pub label_en: &'static str,
    /// Provinces of the group that pass the filter.
    pub provinces: usize,
    /// Old industrial cities in the dataset (any evidence tier the filter lets through).
    pub sourced_cities: usize,
    /// National industrial heritage sites (all batches in the dataset), by province name.
    pub heritage_sites: usize,
    /// Sum of the provinces' GDP 2013 (亿元); `None` if any province lacks a value.
    pub gdp_2013: Option<f64>,
    /// Sum of the provinces' GDP 2023 (亿元); `None` if any province lacks a value.
    pub gdp_2023: Option<f64>,
    /// (Σ GDP 2023 − Σ GDP 2013) / Σ GDP 2013 over the provinces having both (nominal).
    pub growth_multiple: Option<f64>,
    /// Provinces that entered `growth_multiple` (those with both GDP values).
    pub growth_provinces: usize,
    /// Sum of the 2020 census resident population (persons); `None` if any province lacks it.
    pub population_2020: Option<f64>,
    /// Provinces lacking at least one of the values above (Chinese names).
    pub provinces_missing: Vec<String>,
    pub missing: MissingCounts,
}

fn gdp(ds: &Dataset, adcode: u32, year: u16) -> Option<f64> {
    ds.province_value(adcode, "GDP", year).map(|v| v.value)
}

fn population(ds: &Dataset, adcode: u32) -> Option<f64> {
    ds.province_value(adcode, "resident_population_census7", 2020)
        .map(|v| v.value)
}

/// `(b − a) / a`, the growth multiple between two sourced values.
pub fn growth_multiple(a: f64, b: f64) -> Option<f64> {
    (a > 0.0).then(|| (b - a) / a)
}

/// Sum of the values, or `None` if any is missing (and the number missing).
fn complete_sum(values: impl Iterator<Item = Option<f64>>) -> (Option<f64>, usize) {
    let mut sum = 0.0;
    let mut missing = 0;
    for v in values {
        match v {
            Some(v) => sum += v,
            None => missing += 1,
        }
    }
    ((missing == 0).then_some(sum), missing)
}

/// One aggregate per group of `grouping` that has at least one province passing `filter`,
/// in the grouping's display order.
pub fn region_aggregates(ds: &Dataset, grouping: Grouping, filter: &Filter) -> Vec<GroupAggregate> {
    grouping
        .groups()
        .iter()
        .filter_map(|&group| {
            let provinces: Vec<&Province> = ds
                .provinces
                .iter()
                .filter(|p| grouping.group_of(p) == Some(group) && filter.province_passes(p))
                .collect();
            if provinces.is_empty() {
                return None;
            }
            let codes: Vec<u32> = provinces.iter().map(|p| p.adcode).collect();
            let sourced_cities = ds
                .cities
                .iter()
                .filter(|c| codes.contains(&c.province_adcode) && filter.city_passes(ds, c))
                .count();
            let heritage_sites = ds
                .heritage
                .iter()
                .filter(|h| provinces.iter().any(|p| p.name_zh == h.province_zh))
                .count();
            let (gdp_2013, m13) = complete_sum(codes.iter().map(|&c| gdp(ds, c, 2013)));
            let (gdp_2023, m23) = complete_sum(codes.iter().map(|&c| gdp(ds, c, 2023)));
            let (population_2020, mpop) = complete_sum(codes.iter().map(|&c| population(ds, c)));
            let both: Vec<(f64, f64)> = codes
                .iter()
                .filter_map(|&c| Some((gdp(ds, c, 2013)?, gdp(ds, c, 2023)?)))
                .collect();
            let growth = if both.is_empty() {
                None
            } else {
                let a: f64 = both.iter().map(|x| x.0).sum();
                let b: f64 = both.iter().map(|x| x.1).sum();
                growth_multiple(a, b)
            };
            let provinces_missing = provinces
                .iter()
                .filter(|p| {
                    gdp(ds, p.adcode, 2013).is_none()
                        || gdp(ds, p.adcode, 2023).is_none()
                        || population(ds, p.adcode).is_none()
                })
                .map(|p| p.name_zh.clone())
                .collect();
            Some(GroupAggregate {
                group,
                label_zh: group.label_zh(),
                label_en: group.label_en(),
                provinces: provinces.len(),
                sourced_cities,
                heritage_sites,
                gdp_2013,
                gdp_2023,
                growth_multiple: growth,
                growth_provinces: both.len(),
                population_2020,
                provinces_missing,
                missing: MissingCounts {
                    gdp_2013: m13,
                    gdp_2023: m23,
                    population_2020: mpop,
                },
            })
        })
        .collect()
}

/// A province's place in a ranking.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RankEntry {
    pub adcode: u32,
    pub name_zh: String,
    pub name_en: String,
    /// In the indicator's display unit ([`ProvinceIndicator::unit`]); `None` = no data.
    pub value: Option<f64>,
    pub region: RegionGroup,
}

/// Provinces passing `filter`, by the indicator's value, highest first; provinces without a
/// value come last (in adcode order).
pub fn province_ranking(
    ds: &Dataset,
    indicator: ProvinceIndicator,
    filter: &Filter,
) -> Vec<RankEntry> {
    rank_provinces(ds, filter, |code| indicator.province_value(ds, code))
}

/// Provinces passing `filter`, ranked by `value` of their adcode.
fn rank_provinces(
    ds: &Dataset,
    filter: &Filter,
    value: impl Fn(u32) -> Option<f64>,
) -> Vec<RankEntry> {
    let mut out: Vec<RankEntry> = ds
        .provinces
        .iter()
        .filter(|p| filter.province_passes(p))
        .map(|p| RankEntry {
            adcode: p.adcode,
            name_zh: p.name_zh.clone(),
            name_en: p.name_en.clone(),
            value: value(p.adcode),
            region: p.region,
        })
        .collect();
    sort_ranking(&mut out);
    out
}

/// Highest value first (ties by adcode); units without a value last, in adcode order.
fn sort_ranking(out: &mut [RankEntry]) {
    out.sort_by(|a, b| match (a.value, b.value) {
        (Some(x), Some(y)) => y.total_cmp(&x).then(a.adcode.cmp(&b.adcode)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.adcode.cmp(&b.adcode),
    });
}

/// The units of an imported indicator's level passing `filter` (provinces, or prefectures
/// whose province passes), ranked by the imported value like [`province_ranking`]. Units the
/// table has no value for come last with `None`; a prefecture's `region` is its province's.
/// Values are the table's own, in its unit; nothing is converted or filled.
pub fn imported_ranking(
    ds: &Dataset,
    imported: &crate::core::import::ImportedIndicator,
    filter: &Filter,
) -> Vec<RankEntry> {
    let value = |code: u32| {
        imported
            .values
            .get(&code)
            .copied()
            .filter(|v| v.is_finite())
    };
    match imported.level {
        crate::core::import::Level::Province => rank_provinces(ds, filter, value),
        crate::core::import::Level::Prefecture => {
            let mut out: Vec<RankEntry> = ds
                .prefectures
                .iter()
                .filter_map(|f| {
                    let p = ds.province(f.province_adcode)?;
                    filter.province_passes(p).then(|| RankEntry {
                        adcode: f.adcode,
                        name_zh: f.name_zh.clone(),
                        name_en: f.name_en.clone(),
                        value: value(f.adcode),
                        region: p.region,
                    })
                })
                .collect();
            sort_ranking(&mut out);
            out
        }
    }
}

/// A province with both GDP values, for the growth scatter.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GrowthPoint {
    pub adcode: u32,
    pub name_zh: String,
    pub name_en: String,
    /// 亿元, as sourced.
    pub gdp_2013: f64,
    /// 亿元, as sourced.
    pub gdp_2023: f64,
    /// (GDP 2023 − GDP 2013) / GDP 2013, nominal.
    pub growth_multiple: f64,
    pub region: RegionGroup,
}

/// Provinces passing `filter` that have both GDP 2013 and GDP 2023.
pub fn growth_points(ds: &Dataset, filter: &Filter) -> Vec<GrowthPoint> {
    ds.provinces
        .iter()
        .filter(|p| filter.province_passes(p))
        .filter_map(|p| {
            let a = gdp(ds, p.adcode, 2013)?;
            let b = gdp(ds, p.adcode, 2023)?;
            Some(GrowthPoint {
                adcode: p.adcode,
                name_zh: p.name_zh.clone(),
                name_en: p.name_en.clone(),
                gdp_2013: a,
                gdp_2023: b,
                growth_multiple: growth_multiple(a, b)?,
                region: p.region,
            })
        })
        .collect()
}

/// Heritage sites per batch and group.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct HeritageByBatch {
    /// For every batch in the data: each group of the grouping (in display order) with its
    /// count (possibly 0).
    pub batches: BTreeMap<u8, Vec<(Group, usize)>>,
    /// Sites whose `province_zh` matches no province's `name_zh`.
    pub unmatched: usize,
    /// Sites in a province that the grouping leaves out (Taiwan, Hong Kong, Macao).
    pub ungrouped: usize,
    /// Sites in provinces that the filter excludes.
    pub filtered_out: usize,
}

impl HeritageByBatch {
    /// Sites counted in a group, in one batch.
    pub fn batch_total(&self, batch: u8) -> usize {
        self.batches
            .get(&batch)
            .map_or(0, |v| v.iter().map(|(_, n)| n).sum())
    }
}

/// Counts national industrial heritage sites by MIIT batch and province group, matching a
/// site's `province_zh` to a province's `name_zh`.
pub fn heritage_by_batch_and_group(ds: &Dataset, grouping: Grouping) -> HeritageByBatch {
    heritage_by_batch_and_group_filtered(ds, grouping, &Filter::default())
}

/// As [`heritage_by_batch_and_group`], counting only provinces that pass `filter`
/// (the others are counted in `filtered_out`).
pub fn heritage_by_batch_and_group_filtered(
    ds: &Dataset,
    grouping: Grouping,
    filter: &Filter,
) -> HeritageByBatch {
    let mut out = HeritageByBatch::default();
    for h in &ds.heritage {
        let row = out
            .batches
            .entry(h.batch)
            .or_insert_with(|| grouping.groups().iter().map(|&g| (g, 0)).collect());
        match ds.provinces.iter().find(|p| p.name_zh == h.province_zh) {
            None => out.unmatched += 1,
            Some(p) if !filter.province_passes(p) => out.filtered_out += 1,
            Some(p) => match grouping.group_of(p) {
                None => out.ungrouped += 1,
                Some(g) => {
                    if let Some(slot) = row.iter_mut().find(|(x, _)| *x == g) {
                        slot.1 += 1;
                    }
                }
            },
        }
    }
    out
}

/// The MIIT notice of a heritage batch as written in `heritage_sites.csv`
/// (e.g. `产业函〔2017〕589号 (2017-12)`).
pub fn heritage_batch_notice(ds: &Dataset, batch: u8) -> Option<&str> {
    ds.heritage
        .iter()
        .find(|h| h.batch == batch && !h.notice.is_empty())
        .map(|h| h.notice.as_str())
}

/// The year in a batch's notice date, read from the `(YYYY-MM)` part of the notice text.
pub fn heritage_batch_year(ds: &Dataset, batch: u8) -> Option<u16> {
    let notice = heritage_batch_notice(ds, batch)?;
    let start = notice.rfind('(')? + 1;
    let year = notice.get(start..start + 4)?;
    year.parse().ok()
}

/// National GDP for a year from the NBS statistical communiqué (level `country` in
/// `indicators.csv`; 亿元, preliminary).
pub fn national_gdp(ds: &Dataset, year: u16) -> Option<&IndicatorValue> {
    ds.indicators
        .iter()
        .find(|v| v.level == IndicatorLevel::Country && v.indicator == "GDP" && v.year == year)
}

/// (GDP 2023 − GDP 2013) / GDP 2013 from the two NBS communiqués: nominal (current prices),
/// both preliminary figures. About 1.22 with the embedded data; the article's 0.58 is not
/// reproducible from these.
pub fn national_growth_nominal(ds: &Dataset) -> Option<f64> {
    growth_multiple(national_gdp(ds, 2013)?.value, national_gdp(ds, 2023)?.value)
}

/// The value of one of the article's figures, if the dataset has it.
pub fn figure_value(ds: &Dataset, id: &str) -> Option<f64> {
    ds.figure(id).map(|f| f.value)
}

/// The article's own consistency: (17.71 − 10.11) / 10.11 from its two 95-city GDP figures.
pub fn article_95_growth_from_levels(ds: &Dataset) -> Option<f64> {
    growth_multiple(
        figure_value(ds, figure_ids::GDP_95_2013)?,
        figure_value(ds, figure_ids::GDP_95_2023)?,
    )
}

/// Heritage sites in batches 1–5 of the dataset (the article's 195 are these batches).
pub fn heritage_batches_1_to_5(ds: &Dataset) -> usize {
    ds.heritage.iter().filter(|h| h.batch <= 5).count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::model::EvidenceTier;

    fn ds() -> Dataset {
        Dataset::load_embedded().expect("embedded data")
    }

    #[test]
    fn growth_multiple_formula() {
        assert_eq!(growth_multiple(100.0, 175.0), Some(0.75));
        assert_eq!(growth_multiple(200.0, 200.0), Some(0.0));
        assert_eq!(growth_multiple(0.0, 5.0), None);
        let g = growth_multiple(568_845.0, 1_260_582.0).unwrap();
        assert!((g - 1.216_03).abs() < 1e-4, "{g}");
    }

    #[test]
    fn national_growth_is_computed_from_the_nbs_values() {
        let ds = ds();
        assert_eq!(national_gdp(&ds, 2013).map(|v| v.value), Some(568_845.0));
        assert_eq!(national_gdp(&ds, 2023).map(|v| v.value), Some(1_260_582.0));
        let g = national_growth_nominal(&ds).unwrap();
        assert!((g - 1.216).abs() < 0.001, "{g}");
        // Not the article's national figure: the chart must show both, labelled.
        let article = figure_value(&ds, figure_ids::GROWTH_NATIONAL).unwrap();
        assert!((g - article).abs() > 0.5);
    }

    #[test]
    fn article_95_city_growth_agrees_with_its_levels() {
        let ds = ds();
        let from_levels = article_95_growth_from_levels(&ds).unwrap();
        let stated = figure_value(&ds, figure_ids::GROWTH_95).unwrap();
        assert!(
            (from_levels - stated).abs() < 0.01,
            "{from_levels} vs {stated}"
        );
    }

    #[test]
    fn group_aggregates_sum_to_the_all_province_totals() {
        let ds = ds();
        let f = Filter::default();
        let mainland: Vec<&Province> = ds
            .provinces
            .iter()
            .filter(|p| p.nbs_region != NbsRegion::NotGrouped)
            .collect();
        for grouping in Grouping::ALL {
            let aggs = region_aggregates(&ds, grouping, &f);
            assert_eq!(aggs.len(), grouping.groups().len());
            let provinces: usize = aggs.iter().map(|a| a.provinces).sum();
            assert_eq!(provinces, mainland.len());
            let cities: usize = aggs.iter().map(|a| a.sourced_cities).sum();
            let mainland_cities = ds
                .cities
                .iter()
                .filter(|c| mainland.iter().any(|p| p.adcode == c.province_adcode))
                .count();
            assert_eq!(cities, mainland_cities);
            let heritage: usize = aggs.iter().map(|a| a.heritage_sites).sum();
            let by_batch = heritage_by_batch_and_group(&ds, grouping);
            assert_eq!(
                heritage + by_batch.unmatched + by_batch.ungrouped,
                ds.heritage.len()
            );
            for (year, pick) in [(2013, 0), (2023, 1)] {
                let total: f64 = mainland
                    .iter()
                    .filter_map(|p| gdp(&ds, p.adcode, year))
                    .sum();
                let groups: f64 = aggs
                    .iter()
                    .map(|a| [a.gdp_2013, a.gdp_2023][pick].expect("mainland GDP is complete"))
                    .sum();
                assert!((total - groups).abs() < 1e-6 * total, "{grouping:?} {year}");
            }
            let pop: f64 = mainland
                .iter()
                .filter_map(|p| population(&ds, p.adcode))
                .sum();
            let groups_pop: f64 = aggs.iter().map(|a| a.population_2020.unwrap()).sum();
            assert!((pop - groups_pop).abs() < 1.0);
            // Group growth is computed from the group's sums.
            for a in &aggs {
                let g = growth_multiple(a.gdp_2013.unwrap(), a.gdp_2023.unwrap()).unwrap();
                assert!((a.growth_multiple.unwrap() - g).abs() < 1e-12);
                assert!(a.provinces_missing.is_empty());
            }
        }
    }

    #[test]
    fn a_missing_value_makes_the_group_sum_unknown() {
        let mut ds = ds();
        // Drop Jilin's GDP 2013: the Northeast sum must become unknown, not smaller.
        ds.indicators.retain(|v| {
            !(v.level == IndicatorLevel::Province
                && v.adcode == Some(220000)
                && v.indicator == "GDP"
                && v.year == 2013)
        });
        let aggs = region_aggregates(&ds, Grouping::NortheastThirdFront, &Filter::default());
        let ne = aggs.iter().find(|a| a.group == Group::Northeast).unwrap();
        assert_eq!(ne.gdp_2013, None);
        assert_eq!(ne.missing.gdp_2013, 1);
        assert_eq!(ne.provinces_missing, vec!["吉林省".to_owned()]);
        assert!(ne.gdp_2023.is_some());
        // Growth uses the two provinces that have both values.
        assert_eq!(ne.growth_provinces, 2);
        let (a, b) = [210000, 230000].iter().fold((0.0, 0.0), |(a, b), &c| {
            (
                a + gdp(&ds, c, 2013).unwrap(),
                b + gdp(&ds, c, 2023).unwrap(),
            )
        });
        assert_eq!(ne.growth_multiple, growth_multiple(a, b));
    }

    #[test]
    fn filters_restrict_the_groups_and_cities() {
        let ds = ds();
        let mut f = Filter::default();
        f.region_groups.insert(RegionGroup::Northeast);
        let aggs = region_aggregates(&ds, Grouping::NortheastThirdFront, &f);
        assert_eq!(aggs.len(), 1);
        assert_eq!(aggs[0].group, Group::Northeast);
        assert_eq!(aggs[0].provinces, 3);
        f.tiers.insert(EvidenceTier::Confirmed);
        let confirmed = region_aggregates(&ds, Grouping::NortheastThirdFront, &f)[0].sourced_cities;
        let expected = ds
            .cities
            .iter()
            .filter(|c| {
                c.evidence == EvidenceTier::Confirmed
                    && [210000, 220000, 230000].contains(&c.province_adcode)
            })
            .count();
        assert_eq!(confirmed, expected);
    }

    #[test]
    fn ranking_is_descending_with_no_data_last() {
        let ds = ds();
        for ind in ProvinceIndicator::ALL {
            let r = province_ranking(&ds, ind, &Filter::default());
            assert_eq!(r.len(), ds.provinces.len());
            let first_none = r.iter().position(|e| e.value.is_none()).unwrap_or(r.len());
            assert!(r[first_none..].iter().all(|e| e.value.is_none()), "{ind:?}");
            assert!(
                r[..first_none]
                    .windows(2)
                    .all(|w| w[0].value.unwrap() >= w[1].value.unwrap()),
                "{ind:?}"
            );
            // Taiwan, Hong Kong and Macao have no sourced value: no data, never 0.
            for code in [710000, 810000, 820000] {
                let e = r.iter().find(|e| e.adcode == code).unwrap();
                assert_eq!(e.value, None, "{ind:?} {code}");
            }
        }
    }

    #[test]
    fn growth_points_have_both_values() {
        let ds = ds();
        let pts = growth_points(&ds, &Filter::default());
        assert_eq!(pts.len(), 31);
        for p in &pts {
            assert_eq!(
                growth_multiple(p.gdp_2013, p.gdp_2023),
                Some(p.growth_multiple)
            );
        }
    }

    #[test]
    fn heritage_batches_cover_every_site() {
        let ds = ds();
        let h = heritage_by_batch_and_group(&ds, Grouping::Nbs);
        assert_eq!(h.unmatched, 0);
        let total: usize = h.batches.keys().map(|&b| h.batch_total(b)).sum();
        assert_eq!(total + h.unmatched + h.ungrouped, ds.heritage.len());
        let first_five: usize = (1..=5).map(|b| h.batch_total(b)).sum();
        assert_eq!(first_five, heritage_batches_1_to_5(&ds));
        assert_eq!(heritage_batch_year(&ds, 1), Some(2017));
        let mut f = Filter::default();
        f.region_groups.insert(RegionGroup::Northeast);
        let ne = heritage_by_batch_and_group_filtered(&ds, Grouping::Nbs, &f);
        let ne_total: usize = ne.batches.keys().map(|&b| ne.batch_total(b)).sum();
        let expected = ds
            .heritage
            .iter()
            .filter(|s| ["辽宁省", "吉林省", "黑龙江省"].contains(&s.province_zh.as_str()))
            .count();
        assert_eq!(ne_total, expected);
        assert_eq!(ne_total + ne.filtered_out, ds.heritage.len());
    }

    #[test]
    fn grouping_keys_round_trip() {
        for g in Grouping::ALL {
            assert_eq!(Grouping::from_key(g.key()), Some(g));
        }
    }

    /// Synthetic values (not real statistics) for the imported rankings.
    fn synthetic(
        level: crate::core::import::Level,
        values: &[(u32, f64)],
    ) -> crate::core::import::ImportedIndicator {
        crate::core::import::ImportedIndicator {
            name: "synthetic".into(),
            unit: Some("t".into()),
            level,
            values: values.iter().copied().collect(),
            source: "imported from synthetic.csv on 2025-01-01".into(),
            rows: values.len(),
        }
    }

    #[test]
    fn imported_rankings_rank_the_table_values_and_keep_missing_units_apart() {
        use crate::core::import::Level;
        let ds = ds();
        let imp = synthetic(
            Level::Province,
            &[(220000, 20.0), (230000, 10.0), (210000, 30.0)],
        );
        let r = imported_ranking(&ds, &imp, &Filter::default());
        assert_eq!(r.len(), ds.provinces.len());
        let ranked: Vec<(u32, f64)> = r
            .iter()
            .filter_map(|e| Some((e.adcode, e.value?)))
            .collect();
        assert_eq!(ranked, [(210000, 30.0), (220000, 20.0), (230000, 10.0)]);
        assert!(
            r[3..].iter().all(|e| e.value.is_none()),
            "no data is last, not 0"
        );

        // Prefecture level: prefectures, each with its province's region group.
        let imp = synthetic(
            Level::Prefecture,
            &[(230100, 5.0), (210200, 7.5), (999999, 1.0)],
        );
        let r = imported_ranking(&ds, &imp, &Filter::default());
        assert_eq!(r.len(), ds.prefectures.len());
        assert_eq!((r[0].adcode, r[0].value), (210200, Some(7.5)));
        assert_eq!((r[1].adcode, r[1].value), (230100, Some(5.0)));
        assert_eq!(r[0].region, RegionGroup::Northeast);
        assert!(r[2].value.is_none());
        assert!(
            r.iter().all(|e| e.adcode != 999999),
            "unknown codes are not units"
        );

        // The filter applies to the prefectures' provinces.
        let filter = Filter {
            province: Some(230000),
            ..Filter::default()
        };
        let r = imported_ranking(&ds, &imp, &filter);
        assert!(!r.is_empty());
        assert!(r.iter().all(|e| e.adcode / 10000 == 23));
        assert_eq!(r.iter().filter(|e| e.value.is_some()).count(), 1);
        assert_eq!(imp.value_for(230000, 230100), Some(5.0));
        assert_eq!(imp.value_for(230100, 230200), None);
    }
}
