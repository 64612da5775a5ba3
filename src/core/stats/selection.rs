//! A summary of a multiple selection (GeoDa's "selected N of M"): how many places of each
//! kind, the land they cover, and the active indicator over the selected units of its level,
//! with how many of them have a value. A sum is given only for an indicator that adds up
//! (totals and counts, not ratios, per-capita values or changes); otherwise the median and
//! the range. Nothing is filled in: units without a value are counted, never taken as 0.

use crate::core::dataset::Dataset;
use crate::core::import::Level;
use crate::core::indicators::Indicator;
use crate::core::place::PlaceId;

/// The active indicator over the selected units of its level.
#[derive(Clone, Debug, PartialEq)]
pub struct SelectedValues {
    /// Selected units at the indicator's level.
    pub units: usize,
    /// Those with a value.
    pub with_value: usize,
    /// The sum, for an indicator that adds up.
    pub sum: Option<f64>,
    pub median: Option<f64>,
    pub min: Option<f64>,
    pub max: Option<f64>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SelectionSummary {
    pub provinces: usize,
    pub prefectures: usize,
    pub cities: usize,
    /// Heritage sites and user-layer features.
    pub other: usize,
    /// Land of the selected provinces and prefectures (km², equal-area projection; a
    /// prefecture inside a selected province is counted once).
    pub area_km2: f64,
    pub values: SelectedValues,
}

/// A place's names (zh, en) where the dataset has them (a heritage site has no sourced
/// English name; a user layer's feature is named by its layer, not here).
pub fn place_names(ds: &Dataset, place: &PlaceId) -> Option<(String, String)> {
    match place {
        PlaceId::Province(c) => ds
            .province(*c)
            .map(|p| (p.name_zh.clone(), p.name_en.clone())),
        PlaceId::Prefecture(c) => ds
            .prefecture(*c)
            .map(|p| (p.name_zh.clone(), p.name_en.clone())),
        PlaceId::City(c) => ds
            .cities
            .iter()
            .find(|x| x.adcode == *c)
            .map(|x| (x.name_zh.clone(), x.name_en.clone())),
        PlaceId::Heritage { batch, number } => ds
            .heritage
            .iter()
            .find(|h| h.batch == *batch && h.number == *number)
            .map(|h| (h.name_zh.clone(), h.name_zh.clone())),
        PlaceId::UserFeature { .. } => None,
    }
}

/// Area of a province: the sum of its prefecture units (they tile it).
fn province_area(ds: &Dataset, adcode: u32) -> f64 {
    ds.prefectures
        .iter()
        .filter(|p| p.province_adcode == adcode)
        .map(|p| p.area_km2)
        .sum()
}

pub fn summarize(ds: &Dataset, ind: &Indicator<'_>, places: &[PlaceId]) -> SelectionSummary {
    let count = |f: fn(&PlaceId) -> bool| places.iter().filter(|p| f(p)).count();
    let (provinces, prefectures) = crate::core::place::unit_codes(places);
    let area_km2 = provinces.iter().map(|&c| province_area(ds, c)).sum::<f64>()
        + prefectures
            .iter()
            .filter_map(|&c| ds.prefecture(c))
            .filter(|p| !provinces.contains(&p.province_adcode))
            .map(|p| p.area_km2)
            .sum::<f64>();
    let units = match ind.level() {
        Level::Province => &provinces,
        Level::Prefecture => &prefectures,
    };
    let mut values: Vec<f64> = units
        .iter()
        .filter_map(|&c| match ind.level() {
            Level::Province => ind.province_value(ds, c),
            Level::Prefecture => ind.prefecture_value(ds, c),
        })
        .filter(|v| v.is_finite())
        .collect();
    values.sort_by(f64::total_cmp);
    let median = (!values.is_empty()).then(|| {
        let n = values.len();
        if n % 2 == 1 {
            values[n / 2]
        } else {
            (values[n / 2 - 1] + values[n / 2]) / 2.0
        }
    });
    SelectionSummary {
        provinces: provinces.len(),
        prefectures: prefectures.len(),
        cities: count(|p| matches!(p, PlaceId::City(_))),
        other: count(|p| matches!(p, PlaceId::Heritage { .. } | PlaceId::UserFeature { .. })),
        area_km2,
        values: SelectedValues {
            units: units.len(),
            with_value: values.len(),
            sum: (ind.is_summable() && !values.is_empty()).then(|| values.iter().sum()),
            median,
            min: values.first().copied(),
            max: values.last().copied(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::indicators::ProvinceIndicator;

    #[test]
    fn a_selection_sums_totals_counts_what_has_values_and_never_sums_ratios() {
        let ds = Dataset::load_embedded().unwrap();
        let ne = [210000, 220000, 230000].map(PlaceId::Province);
        let mut places = ne.to_vec();
        places.push(PlaceId::City(230200));
        let gdp = Indicator::BuiltIn(ProvinceIndicator::Gdp2023);
        let s = summarize(&ds, &gdp, &places);
        assert_eq!((s.provinces, s.cities, s.prefectures), (3, 1, 0));
        let want: f64 = [210000, 220000, 230000]
            .iter()
            .map(|&c| gdp.province_value(&ds, c).unwrap())
            .sum();
        assert_eq!(s.values.with_value, 3);
        assert!((s.values.sum.unwrap() - want).abs() < 1e-6);
        // The three provinces' prefecture units cover about 0.79 million km².
        assert!(
            (700_000.0..900_000.0).contains(&s.area_km2),
            "{}",
            s.area_km2
        );
        // A growth multiple does not add up: a median, no sum.
        let growth = Indicator::BuiltIn(ProvinceIndicator::GrowthMultiple);
        let s = summarize(&ds, &growth, &places);
        assert_eq!(s.values.sum, None);
        assert!(s.values.median.is_some());
        // A prefecture-level indicator counts the selected prefectures only, and a
        // prefecture inside a selected province adds no land twice.
        let c = crate::core::indicators::active_indicator(
            &crate::core::settings::Choropleth {
                panel: Some("gdp".into()),
                year: Some(2013),
                ..Default::default()
            },
            &[],
        );
        let mut with_pref = places.clone();
        with_pref.push(PlaceId::Prefecture(210100));
        let s2 = summarize(&ds, &c, &with_pref);
        assert_eq!((s2.values.units, s2.values.with_value), (1, 1));
        assert!((s2.area_km2 - s.area_km2).abs() < 1e-6);
    }
}
