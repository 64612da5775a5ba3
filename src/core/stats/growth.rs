//! GDP growth: per province for the scatter, nationally from the NBS communiqués, and the
//! article's own 95-city figures checked against each other.

use serde::Serialize;

use super::{figure_ids, figure_value, gdp};
use crate::core::dataset::Dataset;
use crate::core::filter::Filter;
use crate::core::model::{IndicatorLevel, IndicatorValue, RegionGroup};

/// `(b − a) / a`, the growth multiple between two sourced values.
pub fn growth_multiple(a: f64, b: f64) -> Option<f64> {
    (a > 0.0).then(|| (b - a) / a)
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

/// The article's own consistency: (17.71 − 10.11) / 10.11 from its two 95-city GDP figures.
pub fn article_95_growth_from_levels(ds: &Dataset) -> Option<f64> {
    growth_multiple(
        figure_value(ds, figure_ids::GDP_95_2013)?,
        figure_value(ds, figure_ids::GDP_95_2023)?,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::stats::embedded_dataset as ds;

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
}
