//! The indicators the map can colour by, computed from the sourced values (never filled in:
//! a unit without a sourced value has no value).

use serde::{Deserialize, Serialize};

use super::dataset::Dataset;

/// A province-level indicator for the choropleth.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum ProvinceIndicator {
    #[default]
    Gdp2013,
    Gdp2023,
    /// (GDP 2023 − GDP 2013) / GDP 2013, nominal, from the two sourced values.
    GrowthMultiple,
    Population2020,
    /// Old industrial cities in the dataset (any evidence tier).
    SourcedCities,
    /// National industrial heritage sites (all batches in the dataset).
    HeritageSites,
}

impl ProvinceIndicator {
    pub const ALL: [ProvinceIndicator; 6] = [
        Self::Gdp2013,
        Self::Gdp2023,
        Self::GrowthMultiple,
        Self::Population2020,
        Self::SourcedCities,
        Self::HeritageSites,
    ];

    pub fn label(self, zh: bool) -> &'static str {
        match (self, zh) {
            (Self::Gdp2013, true) => "地区生产总值 2013",
            (Self::Gdp2013, false) => "GDP 2013",
            (Self::Gdp2023, true) => "地区生产总值 2023",
            (Self::Gdp2023, false) => "GDP 2023",
            (Self::GrowthMultiple, true) => "增长倍数 2013→2023（名义）",
            (Self::GrowthMultiple, false) => "Growth multiple 2013→2023 (nominal)",
            (Self::Population2020, true) => "常住人口 2020（七普）",
            (Self::Population2020, false) => "Resident population 2020 (census)",
            (Self::SourcedCities, true) => "已有来源的老工业城市数",
            (Self::SourcedCities, false) => "Sourced old industrial cities",
            (Self::HeritageSites, true) => "国家工业遗产数",
            (Self::HeritageSites, false) => "National industrial heritage sites",
        }
    }

    pub fn unit(self, zh: bool) -> &'static str {
        match (self, zh) {
            (Self::Gdp2013 | Self::Gdp2023, true) => "亿元",
            (Self::Gdp2013 | Self::Gdp2023, false) => "100 million yuan",
            (Self::GrowthMultiple, _) => "×",
            (Self::Population2020, true) => "万人",
            (Self::Population2020, false) => "10,000 persons",
            (Self::SourcedCities, true) => "个",
            (Self::SourcedCities, false) => "cities",
            (Self::HeritageSites, true) => "处",
            (Self::HeritageSites, false) => "sites",
        }
    }

    /// Where the numbers come from, in one line for legends and captions.
    pub fn source_line(self) -> &'static str {
        match self {
            Self::Gdp2013 | Self::Gdp2023 | Self::GrowthMultiple => {
                "Province GDP: indicators.csv (sources per value; 2013 vintage unstated)"
            }
            Self::Population2020 => "Seventh census 2020: indicators.csv",
            Self::SourcedCities => {
                "old_industrial_cities.csv (cities found so far, all evidence tiers)"
            }
            Self::HeritageSites => {
                "MIIT national industrial heritage, batches 1–7 (heritage_sites.csv)"
            }
        }
    }

    /// Whole-number counts (cities, sites) rather than measured quantities.
    pub fn is_count(self) -> bool {
        matches!(self, Self::SourcedCities | Self::HeritageSites)
    }

    pub fn key(self) -> &'static str {
        match self {
            Self::Gdp2013 => "gdp2013",
            Self::Gdp2023 => "gdp2023",
            Self::GrowthMultiple => "growth",
            Self::Population2020 => "population2020",
            Self::SourcedCities => "cities",
            Self::HeritageSites => "heritage",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|i| i.key() == key)
    }

    /// The value for a province, in the display unit, if sourced.
    pub fn province_value(self, ds: &Dataset, adcode: u32) -> Option<f64> {
        let gdp = |y| ds.province_value(adcode, "GDP", y).map(|v| v.value);
        match self {
            Self::Gdp2013 => gdp(2013),
            Self::Gdp2023 => gdp(2023),
            Self::GrowthMultiple => match (gdp(2013), gdp(2023)) {
                (Some(a), Some(b)) if a > 0.0 => Some((b - a) / a),
                _ => None,
            },
            Self::Population2020 => ds
                .province_value(adcode, "resident_population_census7", 2020)
                .map(|v| v.value / 10_000.0),
            // Counts only exist where the dataset has covered the province.
            Self::SourcedCities => {
                let p = ds.province(adcode)?;
                (p.nbs_region != super::model::NbsRegion::NotGrouped).then(|| {
                    ds.cities
                        .iter()
                        .filter(|c| c.province_adcode == adcode)
                        .count() as f64
                })
            }
            Self::HeritageSites => {
                let p = ds.province(adcode)?;
                (p.nbs_region != super::model::NbsRegion::NotGrouped).then(|| {
                    ds.heritage
                        .iter()
                        .filter(|h| h.province_zh == p.name_zh)
                        .count() as f64
                })
            }
        }
    }
}

/// A prefecture-level value for the zoomed-in choropleth.
#[derive(Clone, Debug, PartialEq)]
pub struct CityValue {
    pub value: f64,
    pub preliminary: bool,
}

/// City GDP 2013 (亿元) as stated in the city's work report of the following year.
pub fn prefecture_gdp_2013(ds: &Dataset, adcode: u32) -> Option<CityValue> {
    ds.city_value(adcode, "GDP", 2013).map(|v| CityValue {
        value: v.value,
        preliminary: v.is_preliminary(),
    })
}

/// Formats a value for labels: thousands separators, sensible decimals.
pub fn format_value(v: f64) -> String {
    let decimals = if v.abs() >= 100.0 {
        0
    } else if v.abs() >= 10.0 {
        1
    } else {
        2
    };
    let s = format!("{v:.decimals$}");
    let (int, frac) = s
        .split_once('.')
        .map_or((s.as_str(), None), |(a, b)| (a, Some(b)));
    let (sign, digits) = int.strip_prefix('-').map_or(("", int), |d| ("-", d));
    let mut grouped = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_with_separators() {
        assert_eq!(format_value(568845.0), "568,845");
        assert_eq!(format_value(12.34), "12.3");
        assert_eq!(format_value(0.754), "0.75");
        assert_eq!(format_value(-1234.0), "-1,234");
    }

    #[test]
    fn keys_round_trip() {
        for i in ProvinceIndicator::ALL {
            assert_eq!(ProvinceIndicator::from_key(i.key()), Some(i));
        }
    }
}
