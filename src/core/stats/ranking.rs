//! Provinces (or an imported table's units) ranked by an indicator's value.

use serde::Serialize;

use crate::core::dataset::Dataset;
use crate::core::filter::Filter;
use crate::core::import::{ImportedIndicator, Level};
use crate::core::indicators::ProvinceIndicator;
use crate::core::model::RegionGroup;

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
    imported: &ImportedIndicator,
    year: Option<i32>,
    filter: &Filter,
) -> Vec<RankEntry> {
    let value = |code: u32| imported.value_in(year, code).filter(|v| v.is_finite());
    match imported.level {
        Level::Province => rank_provinces(ds, filter, value),
        Level::Prefecture => {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::stats::embedded_dataset as ds;

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
            by_year: Default::default(),
            lines: Default::default(),
            years: Vec::new(),
            source: "imported from synthetic.csv on 2025-01-01".into(),
            file: "synthetic.csv".into(),
            date: "2025-01-01".into(),
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
        let r = imported_ranking(&ds, &imp, None, &Filter::default());
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
        let r = imported_ranking(&ds, &imp, None, &Filter::default());
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
        let r = imported_ranking(&ds, &imp, None, &filter);
        assert!(!r.is_empty());
        assert!(r.iter().all(|e| e.adcode / 10000 == 23));
        assert_eq!(r.iter().filter(|e| e.value.is_some()).count(), 1);
        assert_eq!(imp.value_for(None, 230000, 230100), Some(5.0));
        assert_eq!(imp.value_for(None, 230100, 230200), None);
    }
}
