//! What the compare card shows for a pinned place: the same facts for a city or a province,
//! each value with its year, and `None` where the dataset has no sourced value (never 0).

use super::dataset::Dataset;
use super::model::EvidenceTier;
use super::place::PlaceId;
use super::stats::growth_multiple;

/// The years of GDP the dataset holds for cities and provinces.
pub const GDP_YEARS: [u16; 2] = [2013, 2023];
/// The census year of the population figures.
pub const POPULATION_YEAR: u16 = 2020;

/// One sourced number: its value and whether the source marks it preliminary.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Figure {
    pub value: f64,
    pub preliminary: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PlaceFacts {
    pub name_zh: String,
    pub name_en: String,
    /// Resident population at the 2020 census, persons.
    pub population: Option<Figure>,
    /// GDP (亿元) for each of [`GDP_YEARS`].
    pub gdp: [Option<Figure>; 2],
    /// Nominal growth multiple 2013→2023, where both years are sourced.
    pub growth: Option<f64>,
    /// A city's evidence tier (provinces have none).
    pub evidence: Option<EvidenceTier>,
    /// National industrial heritage sites (batches in the dataset).
    pub heritage_sites: usize,
    /// Demonstration zones the place is (or has members) in.
    pub zones: Vec<String>,
}

fn figure(v: Option<&super::model::IndicatorValue>) -> Option<Figure> {
    v.map(|v| Figure {
        value: v.value,
        preliminary: v.is_preliminary(),
    })
}

/// The facts for a city or a province; `None` for other places (or an unknown code).
pub fn place_facts(ds: &Dataset, place: &PlaceId) -> Option<PlaceFacts> {
    match place {
        PlaceId::City(code) => {
            let c = ds.cities.iter().find(|c| c.adcode == *code)?;
            let a = c.prefecture_adcode;
            Some(PlaceFacts {
                evidence: Some(c.evidence),
                heritage_sites: ds
                    .heritage
                    .iter()
                    .filter(|h| h.city_adcode == Some(a))
                    .count(),
                zones: zone_names(ds, |m| m == a),
                ..figures(&c.name_zh, &c.name_en, |key, y| ds.city_value(a, key, y))
            })
        }
        PlaceId::Province(code) => {
            let p = ds.province(*code)?;
            let in_province = |m: u32| {
                ds.prefecture(m)
                    .is_some_and(|pref| pref.province_adcode == *code)
            };
            Some(PlaceFacts {
                heritage_sites: ds
                    .heritage
                    .iter()
                    .filter(|h| h.province_zh == p.name_zh)
                    .count(),
                zones: zone_names(ds, in_province),
                ..figures(&p.name_zh, &p.name_en, |key, y| {
                    ds.province_value(*code, key, y)
                })
            })
        }
        _ => None,
    }
}

/// Names and sourced figures from a lookup of the place's values (the same for a city and a
/// province); evidence, heritage and zones are left for the caller.
fn figures<'a>(
    name_zh: &str,
    name_en: &str,
    value: impl Fn(&str, u16) -> Option<&'a super::model::IndicatorValue>,
) -> PlaceFacts {
    let gdp = GDP_YEARS.map(|y| figure(value("GDP", y)));
    PlaceFacts {
        name_zh: name_zh.to_owned(),
        name_en: name_en.to_owned(),
        population: figure(value("resident_population_census7", POPULATION_YEAR)),
        growth: growth_of(&gdp),
        gdp,
        evidence: None,
        heritage_sites: 0,
        zones: Vec::new(),
    }
}

/// The demonstration zones with a member prefecture that `member` accepts.
fn zone_names(ds: &Dataset, member: impl Fn(u32) -> bool) -> Vec<String> {
    ds.zones
        .iter()
        .filter(|z| z.member_adcodes.iter().any(|&m| member(m)))
        .map(|z| z.name_zh.clone())
        .collect()
}

fn growth_of(gdp: &[Option<Figure>; 2]) -> Option<f64> {
    match gdp {
        [Some(a), Some(b)] => growth_multiple(a.value, b.value),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facts_come_from_sourced_values_and_missing_ones_stay_missing() {
        let ds = Dataset::load_embedded().expect("embedded data");
        let hlj = place_facts(&ds, &PlaceId::Province(230000)).expect("Heilongjiang");
        assert_eq!(hlj.name_zh, "黑龙江省");
        let [a, b] = hlj.gdp;
        let (a, b) = (a.expect("GDP 2013"), b.expect("GDP 2023"));
        assert_eq!(hlj.growth, growth_multiple(a.value, b.value));
        assert!(hlj.evidence.is_none());
        for c in &ds.cities {
            let f = place_facts(&ds, &PlaceId::City(c.adcode)).expect("a city");
            assert_eq!(f.evidence, Some(c.evidence));
            // Growth only where both years are sourced: never from a missing value.
            assert_eq!(f.growth.is_some(), f.gdp.iter().all(Option::is_some));
        }
        assert!(place_facts(&ds, &PlaceId::Prefecture(230200)).is_none());
    }
}
