//! The spatial statistics of an indicator as the atlas shows it: the units of its level with
//! a value, the weights among them (units without data dropped before row-standardising,
//! and counted), Moran's I, LISA and Gi*; and the concentration of the city points per
//! region group.

use super::autocorrelation::{GiStar, Lisa, Moran, gi_star, lisa, moran};
use super::points::{Concentration, concentration, provinces_area};
use super::weights::{Rule, UnitLevel, Weights, build};
use crate::core::dataset::Dataset;
use crate::core::import::Level;
use crate::core::indicators::Indicator;
use crate::core::model::{City, EvidenceTier, RegionGroup};

/// Everything computed for one indicator and weights rule.
#[derive(Clone, Debug)]
pub struct Autocorrelation {
    pub level: UnitLevel,
    pub rule: Rule,
    /// The weights file used instead of `rule`, when the user loaded one.
    pub weights_file: Option<String>,
    /// The units used (with a value), in the weights' order, and their values.
    pub ids: Vec<u32>,
    pub values: Vec<f64>,
    /// Units of the level without a value, dropped before the analysis.
    pub dropped: Vec<u32>,
    /// Units left without neighbours among those used.
    pub islands: Vec<u32>,
    pub weights: Weights,
    pub moran: Option<Moran>,
    pub lisa: Option<Lisa>,
    /// Gi* per unit used.
    pub gi: Vec<GiStar>,
}

pub fn level_of(ind: &Indicator<'_>) -> UnitLevel {
    match ind.level() {
        Level::Province => UnitLevel::Province,
        Level::Prefecture => UnitLevel::Prefecture,
    }
}

/// The value of each unit of `all` for `ind` (finite values only), in the weights' order:
/// what [`autocorrelation_of`] needs, taken on the caller's thread so the rest can run on
/// another.
pub fn values_for(ds: &Dataset, ind: &Indicator<'_>, all: &Weights) -> Vec<Option<f64>> {
    let level = level_of(ind);
    all.ids
        .iter()
        .map(|&id| {
            match level {
                UnitLevel::Province => ind.province_value(ds, id),
                UnitLevel::Prefecture => ind.prefecture_value(ds, id),
            }
            .filter(|v| v.is_finite())
        })
        .collect()
}

/// The analysis of `ind` under `rule`; `all` are the level's full weights (built once by
/// the caller and reused).
pub fn autocorrelation(
    ds: &Dataset,
    ind: &Indicator<'_>,
    all: &Weights,
    rule: Rule,
    permutations: usize,
    seed: u64,
) -> Autocorrelation {
    let values = values_for(ds, ind, all);
    autocorrelation_of(level_of(ind), rule, all, &values, permutations, seed)
}

/// The analysis of `values` (one per unit of `all`, `None` for no data): units without a
/// value are dropped before row-standardising (as PySAL's `w_subset`) and counted.
pub fn autocorrelation_of(
    level: UnitLevel,
    rule: Rule,
    all: &Weights,
    values: &[Option<f64>],
    permutations: usize,
    seed: u64,
) -> Autocorrelation {
    let by_id: std::collections::HashMap<u32, f64> = all
        .ids
        .iter()
        .zip(values)
        .filter_map(|(id, v)| Some((*id, (*v)?)))
        .collect();
    let value = |id: u32| by_id.get(&id).copied();
    let dropped: Vec<u32> = all
        .ids
        .iter()
        .zip(values)
        .filter(|(_, v)| v.is_none())
        .map(|(id, _)| *id)
        .collect();
    let used = all.subset(|id| value(id).is_some());
    let values: Vec<f64> = used.ids.iter().filter_map(|&id| value(id)).collect();
    let islands = used.islands();
    let w = used.row_standardised();
    Autocorrelation {
        level,
        rule,
        weights_file: None,
        ids: used.ids.clone(),
        moran: moran(&values, &w, permutations, seed),
        lisa: lisa(&values, &w, permutations, seed),
        gi: gi_star(&values, &used, permutations, seed),
        values,
        dropped,
        islands,
        weights: w,
    }
}

/// The weights of a level (for the caller to keep).
pub fn level_weights(ds: &Dataset, level: UnitLevel, rule: Rule) -> Weights {
    build(ds, level, rule)
}

/// Which cities a concentration is of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CitySet {
    /// The confirmed tier only.
    Confirmed,
    /// Every city in the list, any tier.
    All,
}

impl CitySet {
    fn admits(self, c: &City) -> bool {
        match self {
            CitySet::Confirmed => c.evidence == EvidenceTier::Confirmed,
            CitySet::All => true,
        }
    }
}

/// The positions (lon, lat) of the set's cities.
pub fn city_points(ds: &Dataset, set: CitySet) -> Vec<(f64, f64)> {
    ds.cities
        .iter()
        .filter(|c| set.admits(c))
        .map(|c| (c.point.lon, c.point.lat))
        .collect()
}

/// The concentration of the set's cities in each region group (Northeast, Third Front core,
/// the rest of the mainland), with the group's name and its number of cities in the set.
pub fn concentration_by_group(
    ds: &Dataset,
    set: CitySet,
) -> Vec<(RegionGroup, Option<Concentration>)> {
    [
        RegionGroup::Northeast,
        RegionGroup::ThirdFrontCore,
        RegionGroup::Other,
    ]
    .into_iter()
    .map(|g| {
        let in_group = |region: RegionGroup| match g {
            RegionGroup::Other => {
                matches!(region, RegionGroup::Other | RegionGroup::ThirdFrontPartial)
            }
            _ => region == g,
        };
        let provinces: Vec<u32> = ds
            .provinces
            .iter()
            .filter(|p| {
                p.nbs_region != crate::core::model::NbsRegion::NotGrouped && in_group(p.region)
            })
            .map(|p| p.adcode)
            .collect();
        let points: Vec<(f64, f64)> = ds
            .cities
            .iter()
            .filter(|c| set.admits(c) && provinces.contains(&c.province_adcode))
            .map(|c| (c.point.lon, c.point.lat))
            .collect();
        (g, concentration(&points, provinces_area(ds, &provinces)))
    })
    .collect()
}

/// The concentration of the set's cities in one of the user's groups: its provinces (or its
/// prefectures) and their land.
pub fn concentration_of_group(
    ds: &Dataset,
    g: &crate::core::groups::UserGroup,
    set: CitySet,
) -> Option<Concentration> {
    use crate::core::groups::GroupLevel;
    let area = match g.level {
        GroupLevel::Province => provinces_area(ds, &g.members),
        GroupLevel::Prefecture => ds
            .prefectures
            .iter()
            .filter(|p| g.members.contains(&p.adcode))
            .map(|p| p.area_km2)
            .sum(),
    };
    let points: Vec<(f64, f64)> = ds
        .cities
        .iter()
        .filter(|c| set.admits(c) && g.has_prefecture(ds, c.prefecture_adcode))
        .map(|c| (c.point.lon, c.point.lat))
        .collect();
    concentration(&points, area)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::indicators::ProvinceIndicator;

    #[test]
    fn province_gdp_is_analysed_over_the_provinces_with_values() {
        let ds = Dataset::load_embedded().unwrap();
        let ind = Indicator::BuiltIn(ProvinceIndicator::Gdp2023);
        let all = level_weights(&ds, UnitLevel::Province, Rule::Queen);
        let a = autocorrelation(&ds, &ind, &all, Rule::Queen, 99, 1);
        // Taiwan, Hong Kong and Macao have no province GDP: dropped and counted, not zero.
        assert_eq!(a.dropped.len(), 3, "{:?}", a.dropped);
        assert_eq!(a.ids.len(), 31);
        assert!(a.islands.contains(&460000), "Hainan");
        let m = a.moran.unwrap();
        assert_eq!(m.n, 31);
        assert!(m.i.is_finite() && (0.0..=1.0).contains(&m.p_sim.unwrap()));
    }

    #[test]
    fn a_users_group_is_measured_like_a_region() {
        let ds = Dataset::load_embedded().unwrap();
        let ne = crate::core::groups::from_places(
            "合成测试组",
            [0; 3],
            &[210000, 220000, 230000].map(crate::core::place::PlaceId::Province),
            &[],
            "2026-12-02",
        )
        .unwrap();
        let mine = concentration_of_group(&ds, &ne, CitySet::Confirmed).unwrap();
        let built_in = concentration_by_group(&ds, CitySet::Confirmed)[0]
            .1
            .clone()
            .unwrap();
        assert_eq!(mine.n, built_in.n);
        assert!((mine.area_km2 - built_in.area_km2).abs() < 1e-6);
    }

    #[test]
    fn the_northeast_and_the_third_front_are_compared_on_the_same_city_set() {
        let ds = Dataset::load_embedded().unwrap();
        let by = concentration_by_group(&ds, CitySet::Confirmed);
        assert_eq!(by.len(), 3);
        let ne = by[0].1.as_ref().unwrap();
        let confirmed_ne = ds
            .cities
            .iter()
            .filter(|c| {
                c.evidence == EvidenceTier::Confirmed
                    && [210000, 220000, 230000].contains(&c.province_adcode)
            })
            .count();
        assert_eq!(ne.n, confirmed_ne);
        // The three northeastern provinces cover about 0.79 million km².
        assert!((700_000.0..900_000.0).contains(&ne.area_km2));
    }
}
