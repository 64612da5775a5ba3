//! Totals per province group (Northeast, Third Front core, NBS regions…), given only where
//! every province of the group has a sourced value.

use serde::Serialize;

use super::{Group, Grouping, gdp, growth_multiple, population};
use crate::core::dataset::Dataset;
use crate::core::filter::Filter;
use crate::core::model::Province;

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
    /// The built-in group, or `None` for a user's group.
    pub group: Option<Group>,
    /// A stable key (the built-in group's, or "user:NAME").
    pub key: String,
    pub label_zh: String,
    pub label_en: String,
    pub color: crate::core::palette::Rgb,
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

impl GroupAggregate {
    pub fn label(&self, zh: bool) -> &str {
        if zh { &self.label_zh } else { &self.label_en }
    }
}

/// One aggregate per group of `grouping` that has at least one province passing `filter`,
/// in the grouping's display order.
pub fn region_aggregates(ds: &Dataset, grouping: Grouping, filter: &Filter) -> Vec<GroupAggregate> {
    grouping
        .groups()
        .iter()
        .filter_map(|&group| {
            let provinces = ds
                .provinces
                .iter()
                .filter(|p| grouping.group_of(p) == Some(group) && filter.province_passes(p))
                .collect();
            let who = Who {
                group: Some(group),
                key: group.key().to_owned(),
                label_zh: group.label_zh().to_owned(),
                label_en: group.label_en().to_owned(),
                color: group.color(),
            };
            aggregate(ds, who, provinces, filter)
        })
        .collect()
}

/// The totals of a user's province-level group (its members that pass `filter`); `None` for
/// a prefecture-level group (province totals do not apply to it) or when no member passes.
pub fn user_group_aggregate(
    ds: &Dataset,
    g: &crate::core::groups::UserGroup,
    filter: &Filter,
) -> Option<GroupAggregate> {
    if g.level != crate::core::groups::GroupLevel::Province {
        return None;
    }
    let provinces = ds
        .provinces
        .iter()
        .filter(|p| g.members.contains(&p.adcode) && filter.province_passes(p))
        .collect();
    let who = Who {
        group: None,
        key: format!("user:{}", g.name),
        label_zh: g.name.clone(),
        label_en: g.name.clone(),
        color: g.color,
    };
    aggregate(ds, who, provinces, filter)
}

/// What an aggregate is of.
struct Who {
    group: Option<Group>,
    key: String,
    label_zh: String,
    label_en: String,
    color: crate::core::palette::Rgb,
}

/// The totals over `provinces`, or `None` when there are none.
fn aggregate(
    ds: &Dataset,
    who: Who,
    provinces: Vec<&Province>,
    filter: &Filter,
) -> Option<GroupAggregate> {
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
        group: who.group,
        key: who.key,
        label_zh: who.label_zh,
        label_en: who.label_en,
        color: who.color,
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::model::{EvidenceTier, IndicatorLevel, NbsRegion, RegionGroup};
    use crate::core::stats::{embedded_dataset as ds, heritage_by_batch_and_group};

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
        let ne = aggs
            .iter()
            .find(|a| a.group == Some(Group::Northeast))
            .unwrap();
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
        assert_eq!(aggs[0].group, Some(Group::Northeast));
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
}
