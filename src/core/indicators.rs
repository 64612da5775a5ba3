//! The indicators the map can colour by, computed from the sourced values (never filled in:
//! a unit without a sourced value has no value).

use serde::{Deserialize, Serialize};

use super::dataset::Dataset;
use super::import::{ImportedIndicator, Level};
use super::panel::{PanelColumn, Per, Transform};
use super::settings::{Choropleth, Lang};

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
    pub fn source_line(self, lang: Lang) -> &'static str {
        match self {
            Self::Gdp2013 | Self::Gdp2023 | Self::GrowthMultiple => lang.pick(
                "省级 GDP：indicators.csv（每个数值注明来源；2013 年数据版本未注明）",
                "Province GDP: indicators.csv (sources per value; 2013 vintage unstated)",
            ),
            Self::Population2020 => lang.pick(
                "第七次全国人口普查 2020：indicators.csv",
                "Seventh census 2020: indicators.csv",
            ),
            Self::SourcedCities => lang.pick(
                "old_industrial_cities.csv（迄今找到的城市，含各证据等级）",
                "old_industrial_cities.csv (cities found so far, all evidence tiers)",
            ),
            Self::HeritageSites => lang.pick(
                "工信部国家工业遗产第 1–7 批（heritage_sites.csv）",
                "MIIT national industrial heritage, batches 1–7 (heritage_sites.csv)",
            ),
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

impl ProvinceIndicator {
    /// The year its values are for, where it is one year (growth spans 2013→2023, counts are
    /// the dataset as it stands).
    pub fn year(self) -> Option<i32> {
        match self {
            Self::Gdp2013 => Some(2013),
            Self::Gdp2023 => Some(2023),
            Self::Population2020 => Some(2020),
            Self::GrowthMultiple | Self::SourcedCities | Self::HeritageSites => None,
        }
    }
}

/// The indicator the choropleth colours by, which every view that names "the active
/// indicator" shows: the legend, tooltips, details, table, charts, captions and slides.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Indicator<'a> {
    BuiltIn(ProvinceIndicator),
    /// A user's column, in one of its years when the table had a year column.
    Imported {
        imp: &'a ImportedIndicator,
        year: Option<i32>,
    },
    /// A prefecture-level panel indicator in one year, possibly per person or km², or as a
    /// change since an earlier year.
    Panel {
        column: &'static PanelColumn,
        year: i32,
        transform: Transform,
    },
}

/// The year a panel indicator shows when none is chosen: the panel's last.
pub const PANEL_DEFAULT_YEAR: i32 = 2023;

/// "The active indicator" as one value: a stable id and a year.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndicatorKey {
    /// `gdp2013`, `growth`, … for built-in indicators; `imported:NAME` for a user's column.
    pub id: String,
    pub year: Option<i32>,
}

/// The one answer to "which indicator is active": the imported indicator the choropleth
/// names, if it is loaded, else the built-in one.
pub fn active_indicator<'a>(c: &Choropleth, imported: &'a [ImportedIndicator]) -> Indicator<'a> {
    let panel = || {
        let column = super::panel::column(c.panel.as_deref()?)?;
        let transform = Transform {
            per: if column.can_normalise() {
                c.per
            } else {
                Per::Total
            },
            change_from: c.change_from.map(|y| (y, c.change_kind)),
        };
        Some(Indicator::Panel {
            column,
            year: c.year.unwrap_or(PANEL_DEFAULT_YEAR),
            transform,
        })
    };
    c.imported
        .as_deref()
        .and_then(|name| imported.iter().find(|i| i.name == name))
        .map(|imp| Indicator::Imported {
            imp,
            year: imp.year_shown(c.year),
        })
        .or_else(panel)
        .unwrap_or(Indicator::BuiltIn(c.indicator))
}

impl<'a> Indicator<'a> {
    pub fn key(&self) -> IndicatorKey {
        match self {
            Indicator::BuiltIn(i) => IndicatorKey {
                id: i.key().to_owned(),
                year: i.year(),
            },
            Indicator::Imported { imp, year } => IndicatorKey {
                id: format!("imported:{}", imp.name),
                year: *year,
            },
            Indicator::Panel { column, year, .. } => IndicatorKey {
                id: column.id.to_owned(),
                year: Some(*year),
            },
        }
    }

    pub fn imported(&self) -> Option<&'a ImportedIndicator> {
        match self {
            Indicator::Imported { imp, .. } => Some(imp),
            Indicator::BuiltIn(_) | Indicator::Panel { .. } => None,
        }
    }

    pub fn name(&self, lang: Lang) -> String {
        match self {
            Indicator::BuiltIn(i) => i.label(lang.is_zh()).to_owned(),
            Indicator::Imported { imp, year } => match year {
                Some(y) => format!("{} {y}", imp.name),
                None => imp.name.clone(),
            },
            // The year is part of the name, so every place that names the indicator names it.
            Indicator::Panel {
                column,
                year,
                transform,
            } => column.name_for(*transform, *year, lang),
        }
    }

    /// The unit, if the indicator has one (an imported table may state none).
    pub fn unit(&self, lang: Lang) -> Option<String> {
        match self {
            Indicator::BuiltIn(i) => Some(i.unit(lang.is_zh()).to_owned()),
            Indicator::Imported { imp, .. } => imp.unit.clone().filter(|u| !u.trim().is_empty()),
            Indicator::Panel {
                column, transform, ..
            } => Some(column.unit_for(*transform, lang)),
        }
    }

    /// "name (unit)", for legends, titles and tooltips.
    pub fn name_with_unit(&self, lang: Lang) -> String {
        match self.unit(lang) {
            Some(u) => format!("{} ({u})", self.name(lang)),
            None => self.name(lang),
        }
    }

    pub fn year(&self) -> Option<i32> {
        self.key().year
    }

    /// Where its numbers come from, in one line, in the user's language.
    pub fn source(&self, lang: Lang) -> String {
        match self {
            Indicator::BuiltIn(i) => i.source_line(lang).to_owned(),
            Indicator::Imported { imp, .. } => imp.source_line(lang),
            Indicator::Panel { .. } => super::panel::source_short(lang).to_owned(),
        }
    }

    /// The level its values are at.
    pub fn level(&self) -> Level {
        match self {
            Indicator::BuiltIn(_) => Level::Province,
            Indicator::Imported { imp, .. } => imp.level,
            Indicator::Panel { .. } => Level::Prefecture,
        }
    }

    /// Whether values add up over units (totals and counts; not ratios, per-capita values,
    /// changes or growth multiples). An imported column's nature is not known, so it is not
    /// summed.
    pub fn is_summable(&self) -> bool {
        match self {
            Indicator::BuiltIn(i) => !matches!(i, ProvinceIndicator::GrowthMultiple),
            Indicator::Panel {
                column, transform, ..
            } => column.is_summable() && *transform == Transform::default(),
            Indicator::Imported { .. } => false,
        }
    }

    /// Whole-number counts rather than measured quantities.
    pub fn is_count(&self) -> bool {
        match self {
            Indicator::BuiltIn(i) => i.is_count(),
            Indicator::Panel {
                column, transform, ..
            } => column.count && *transform == Transform::default(),
            Indicator::Imported { .. } => false,
        }
    }

    /// A province's value; `None` = no data (a prefecture-level indicator has none).
    pub fn province_value(&self, ds: &Dataset, adcode: u32) -> Option<f64> {
        match self {
            Indicator::BuiltIn(i) => i.province_value(ds, adcode),
            Indicator::Imported { imp, year } => (imp.level == Level::Province)
                .then(|| imp.value_in(*year, adcode))
                .flatten(),
            Indicator::Panel { .. } => None,
        }
    }

    /// A prefecture's value; `None` = no data (built-in indicators are province-level).
    pub fn prefecture_value(&self, ds: &Dataset, adcode: u32) -> Option<f64> {
        match self {
            Indicator::BuiltIn(_) => None,
            Indicator::Imported { imp, year } => (imp.level == Level::Prefecture)
                .then(|| imp.value_in(*year, adcode))
                .flatten(),
            Indicator::Panel {
                column,
                year,
                transform,
            } => {
                let area = ds.prefecture(adcode).map(|p| p.area_km2);
                ds.panel
                    .value_with(column, ds.panel.unit_at(adcode)?, *year, *transform, area)
            }
        }
    }

    /// Where one unit's value (at the indicator's level) comes from: the file and line of a
    /// panel or imported indicator (every number shown for a year traces to its row).
    pub fn value_line(&self, ds: &Dataset, adcode: u32) -> Option<String> {
        match self {
            Indicator::Panel {
                year, transform, ..
            } => {
                let unit = ds.panel.unit_at(adcode)?;
                let line = ds.panel.line(unit, *year)?;
                // A change is computed from two rows.
                match transform
                    .change_from
                    .and_then(|(from, _)| ds.panel.line(unit, from))
                {
                    Some(first) => Some(format!("{}:{first}, {line}", ds.panel.file)),
                    None => Some(format!("{}:{line}", ds.panel.file)),
                }
            }
            Indicator::Imported { imp, year } => {
                let line = imp.line_of(*year, adcode)?;
                Some(format!("{}:{line}", imp.file))
            }
            Indicator::BuiltIn(_) => None,
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
    fn the_active_indicator_is_the_loaded_import_the_choropleth_names() {
        let imp = ImportedIndicator {
            name: "synthetic".into(),
            unit: Some("t".into()),
            level: Level::Province,
            values: [(210000, 3.0)].into_iter().collect(),
            by_year: Default::default(),
            lines: Default::default(),
            years: Vec::new(),
            source: "imported from synthetic.csv on 2026-12-01".into(),
            file: "synthetic.csv".into(),
            date: "2026-12-01".into(),
            rows: 1,
        };
        let mut c = Choropleth {
            indicator: ProvinceIndicator::Gdp2013,
            ..Default::default()
        };
        assert_eq!(active_indicator(&c, &[]).key().id, "gdp2013");
        assert_eq!(active_indicator(&c, &[]).year(), Some(2013));
        c.imported = Some("synthetic".into());
        // Named but not loaded: the built-in indicator, never a blank.
        assert_eq!(active_indicator(&c, &[]).key().id, "gdp2013");
        let all = [imp];
        let active = active_indicator(&c, &all);
        assert_eq!(active.key().id, "imported:synthetic");
        assert_eq!(active.name_with_unit(Lang::En), "synthetic (t)");
        let ds = Dataset::load_embedded().unwrap();
        assert_eq!(active.prefecture_value(&ds, 210000), None);
    }

    #[test]
    fn keys_round_trip() {
        for i in ProvinceIndicator::ALL {
            assert_eq!(ProvinceIndicator::from_key(i.key()), Some(i));
        }
    }
}

/// Shows the panel `column` on the map, keeping the year shown if the column has values for
/// it, else its latest year (the indicator menus of the map and of the trends chart).
pub fn show_panel_column(c: &mut Choropleth, ds: &Dataset, column: &PanelColumn) {
    c.panel = Some(column.id.to_owned());
    let years = ds.panel.years_with_values(column);
    if !c.year.is_some_and(|y| years.contains(&y)) {
        c.year = years.last().copied();
    }
}

/// Makes `id` (in `year`, for an indicator with years) the choropleth's indicator: a built-in
/// key (`gdp2013`, …, the old ids) or a panel column (`gdp`, `secondary_share`, …). An unknown
/// id, or a year the indicator has no values for, is an error naming what is known.
pub fn choose_indicator(
    c: &mut Choropleth,
    ds: &Dataset,
    id: &str,
    year: Option<i32>,
) -> Result<(), String> {
    if let Some(i) = ProvinceIndicator::from_key(id) {
        if let Some(y) = year
            && i.year() != Some(y)
        {
            return Err(match i.year() {
                Some(own) => {
                    format!("indicator '{id}' is for {own} only; --year {y} does not apply")
                }
                None => format!("indicator '{id}' has no year; --year {y} does not apply"),
            });
        }
        c.indicator = i;
        c.panel = None;
        c.imported = None;
        return Ok(());
    }
    let Some(column) = super::panel::column(id) else {
        let known: Vec<&str> = ProvinceIndicator::ALL
            .iter()
            .map(|i| i.key())
            .chain(super::panel::COLUMNS.iter().map(|c| c.id))
            .collect();
        return Err(format!(
            "unknown indicator '{id}' (known: {}; `atlas data indicators` lists them)",
            known.join(", ")
        ));
    };
    let years = ds.panel.years_with_values(column);
    if let Some(y) = year
        && !years.contains(&y)
    {
        return Err(format!(
            "indicator '{id}' has no values for {y} (it has {}–{})",
            years.first().copied().unwrap_or_default(),
            years.last().copied().unwrap_or_default()
        ));
    }
    c.panel = Some(column.id.to_owned());
    c.imported = None;
    // Default: the latest year it has values for.
    c.year = year.or_else(|| years.last().copied());
    Ok(())
}

/// One indicator as `atlas data indicators` lists it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct IndicatorInfo {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub unit_zh: String,
    pub unit_en: String,
    /// `province` or `prefecture`.
    pub level: &'static str,
    /// Years with at least one value.
    pub years: Vec<i32>,
    /// Whether values can be summed over units; otherwise how they combine.
    pub summable: bool,
    pub aggregate: String,
    pub source: String,
}

/// Every indicator the atlas can show, with stable ids: the built-in province indicators, then
/// the panel's columns.
pub fn list_indicators(ds: &Dataset) -> Vec<IndicatorInfo> {
    let builtin = ProvinceIndicator::ALL.iter().map(|&i| {
        let summable = !matches!(i, ProvinceIndicator::GrowthMultiple);
        IndicatorInfo {
            id: i.key().to_owned(),
            name_zh: i.label(true).to_owned(),
            name_en: i.label(false).to_owned(),
            unit_zh: i.unit(true).to_owned(),
            unit_en: i.unit(false).to_owned(),
            level: "province",
            years: i.year().into_iter().collect(),
            summable,
            aggregate: if summable {
                "sum".to_owned()
            } else {
                "ratio of the sums of GDP 2023 and GDP 2013".to_owned()
            },
            source: i.source_line(Lang::En).to_owned(),
        }
    });
    let panel = super::panel::COLUMNS.iter().map(|c| IndicatorInfo {
        id: c.id.to_owned(),
        name_zh: c.name_zh.to_owned(),
        name_en: c.name_en.to_owned(),
        unit_zh: c.unit_zh.to_owned(),
        unit_en: c.unit_en.to_owned(),
        level: "prefecture",
        years: ds.panel.years_with_values(c).to_vec(),
        summable: c.is_summable(),
        aggregate: match c.aggregate {
            super::panel::Aggregate::Sum => "sum".to_owned(),
            super::panel::Aggregate::WeightedBy(w) => {
                format!("weighted by {w} (sum of value × {w} / sum of {w})")
            }
        },
        source: super::panel::source_line(Lang::En).to_owned(),
    });
    builtin.chain(panel).collect()
}
