//! Filters by region group, evidence tier, level and province, applied to map, charts and
//! table alike.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use geo::BoundingRect;

use super::dataset::Dataset;
use super::model::{City, CityLevel, EvidenceTier, Province, RegionGroup};
use super::place::PlaceId;

/// An empty set means "no restriction".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Filter {
    pub region_groups: BTreeSet<RegionGroup>,
    pub tiers: BTreeSet<EvidenceTier>,
    pub levels: BTreeSet<CityLevel>,
    pub province: Option<u32>,
    /// One of the user's groups: only its units (a copy, so the filter stands alone).
    pub group: Option<super::groups::UserGroup>,
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    pub fn province_passes(&self, p: &Province) -> bool {
        (self.region_groups.is_empty() || self.region_groups.contains(&p.region))
            && self.province.is_none_or(|code| code == p.adcode)
            && self
                .group
                .as_ref()
                .is_none_or(|g| g.touches_province(p.adcode))
    }

    pub fn city_passes(&self, ds: &Dataset, c: &City) -> bool {
        let province_ok = ds
            .province(c.province_adcode)
            .is_some_and(|p| self.province_passes(p));
        province_ok
            && self
                .group
                .as_ref()
                .is_none_or(|g| g.has_prefecture(ds, c.prefecture_adcode))
            && (self.tiers.is_empty() || self.tiers.contains(&c.evidence))
            && (self.levels.is_empty() || self.levels.contains(&c.level))
    }

    /// Whether a place is shown under this filter: a city as [`Filter::city_passes`], a
    /// province, or a prefecture by its province. Heritage sites and user features are not
    /// filtered.
    pub fn place_passes(&self, ds: &Dataset, place: &PlaceId) -> bool {
        let province_code_passes =
            |code: u32| ds.province(code).is_some_and(|p| self.province_passes(p));
        match place {
            PlaceId::City(code) => ds
                .cities
                .iter()
                .find(|c| c.adcode == *code)
                .is_some_and(|c| self.city_passes(ds, c)),
            PlaceId::Province(code) => province_code_passes(*code),
            PlaceId::Prefecture(code) => ds
                .prefecture(*code)
                .is_some_and(|p| province_code_passes(p.province_adcode)),
            PlaceId::Heritage { .. } | PlaceId::UserFeature { .. } => true,
        }
    }

    /// The lon/lat box `[west, south, east, north]` of what passes: the provinces the filter
    /// keeps, or (when it restricts only tiers or levels) the cities it keeps. `None` when
    /// nothing passes or nothing is filtered.
    pub fn bounds_lonlat(&self, ds: &Dataset) -> Option<[f64; 4]> {
        if self.is_empty() {
            return None;
        }
        let mut b: Option<[f64; 4]> = None;
        let mut add = |w: f64, s: f64, e: f64, n: f64| {
            b = Some(match b {
                None => [w, s, e, n],
                Some(o) => [o[0].min(w), o[1].min(s), o[2].max(e), o[3].max(n)],
            });
        };
        if self.tiers.is_empty() && self.levels.is_empty() {
            for p in ds.provinces.iter().filter(|p| self.province_passes(p)) {
                if let Some(r) = p.shape_country.bounding_rect() {
                    add(r.min().x, r.min().y, r.max().x, r.max().y);
                }
            }
        } else {
            for c in ds.cities.iter().filter(|c| self.city_passes(ds, c)) {
                add(c.point.lon, c.point.lat, c.point.lon, c.point.lat);
            }
        }
        // A lone city gets some room around it.
        b.map(|[w, s, e, n]| [w - 0.5, s - 0.5, e + 0.5, n + 0.5])
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_users_group_filters_provinces_and_cities_at_its_own_level() {
        use crate::core::groups::{GroupLevel, UserGroup};
        let ds = Dataset::load_embedded().expect("embedded data");
        let province = |c: u32| ds.province(c).expect("province");
        let group = |level, members: Vec<u32>| Filter {
            group: Some(UserGroup {
                name: "合成测试组".into(),
                level,
                members,
                ..Default::default()
            }),
            ..Default::default()
        };
        let f = group(GroupLevel::Province, vec![210000, 220000]);
        assert!(f.province_passes(province(210000)));
        assert!(!f.province_passes(province(510000)));
        let passing: Vec<u32> = ds
            .cities
            .iter()
            .filter(|c| f.city_passes(&ds, c))
            .map(|c| c.province_adcode)
            .collect();
        assert!(!passing.is_empty());
        assert!(passing.iter().all(|p| [210000, 220000].contains(p)));
        // A prefecture group: its province passes, but only its own prefecture's cities.
        let f = group(GroupLevel::Prefecture, vec![230100]);
        assert!(f.province_passes(province(230000)));
        assert!(!f.province_passes(province(220000)));
        let city = |a: u32| ds.cities.iter().find(|c| c.adcode == a).expect("city");
        assert!(f.city_passes(&ds, city(230100)));
        assert!(!f.city_passes(&ds, city(230200)));
    }

    #[test]
    fn places_pass_by_their_province_and_the_box_covers_what_passes() {
        let ds = Dataset::load_embedded().expect("embedded data");
        let mut f = Filter::default();
        assert!(f.bounds_lonlat(&ds).is_none(), "nothing filtered");
        f.region_groups.insert(RegionGroup::Northeast);
        assert!(f.place_passes(&ds, &PlaceId::Province(230000)));
        assert!(!f.place_passes(&ds, &PlaceId::Province(510000)));
        assert!(f.place_passes(&ds, &PlaceId::City(230200)));
        assert!(f.place_passes(&ds, &PlaceId::Prefecture(210100)));
        assert!(!f.place_passes(&ds, &PlaceId::Prefecture(510400)));
        let [w, s, e, n] = f.bounds_lonlat(&ds).expect("the Northeast");
        // Liaoning to Heilongjiang: about 118–135°E, 38–54°N.
        assert!(
            w > 115.0 && e < 136.0 && s > 37.0 && n < 54.5,
            "{w} {s} {e} {n}"
        );
        f.tiers.insert(EvidenceTier::Confirmed);
        let b = f.bounds_lonlat(&ds).expect("confirmed Northeast cities");
        assert!(b[0] >= w - 0.5 && b[2] <= e + 0.5);
    }
}
