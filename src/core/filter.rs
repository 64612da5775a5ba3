//! Filters by region group, evidence tier, level and province, applied to map, charts and
//! table alike.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::dataset::Dataset;
use super::model::{City, CityLevel, EvidenceTier, Province, RegionGroup};

/// An empty set means "no restriction".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Filter {
    pub region_groups: BTreeSet<RegionGroup>,
    pub tiers: BTreeSet<EvidenceTier>,
    pub levels: BTreeSet<CityLevel>,
    pub province: Option<u32>,
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    pub fn province_passes(&self, p: &Province) -> bool {
        (self.region_groups.is_empty() || self.region_groups.contains(&p.region))
            && self.province.is_none_or(|code| code == p.adcode)
    }

    pub fn city_passes(&self, ds: &Dataset, c: &City) -> bool {
        let province_ok = ds
            .province(c.province_adcode)
            .is_some_and(|p| self.province_passes(p));
        province_ok
            && (self.tiers.is_empty() || self.tiers.contains(&c.evidence))
            && (self.levels.is_empty() || self.levels.contains(&c.level))
    }

    /// Indices of the cities that pass.
    pub fn cities<'a>(&'a self, ds: &'a Dataset) -> impl Iterator<Item = usize> + 'a {
        ds.cities
            .iter()
            .enumerate()
            .filter(move |(_, c)| self.city_passes(ds, c))
            .map(|(i, _)| i)
    }
}
