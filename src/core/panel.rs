//! The prefecture-level panel, 1990–2023: indicator values by (unit, indicator, year), in the
//! units the atlas shows (万元 converted to 亿元), each traceable to its line in the file.
//!
//! The file is a secondary compilation whose provenance is not stated (see
//! `geodata/reference/README.md`): values are shown as the file gives them, with its name and
//! line, never smoothed or filled; series break at census revisions and boundary changes.

use std::collections::HashMap;

use super::error::DataError;
use super::settings::Lang;
use super::table::for_each_row;

/// How values of one indicator combine over several units (a region, a group of cities).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Aggregate {
    /// A total: the sum over units.
    Sum,
    /// A ratio or share: Σ (value × weight) ÷ Σ weight over units with both, the weight being
    /// the summable indicator the ratio is "per" (GDP per capita is Σ GDP ÷ Σ population; the
    /// secondary share is Σ secondary output ÷ Σ GDP).
    WeightedBy(&'static str),
}

/// One indicator of the panel as the atlas shows it.
#[derive(Debug, PartialEq)]
pub struct PanelColumn {
    /// The file's column name, also the indicator's stable id (`atlas data indicators`).
    pub id: &'static str,
    pub name_zh: &'static str,
    pub name_en: &'static str,
    pub unit_zh: &'static str,
    pub unit_en: &'static str,
    /// Multiplies the file's value into the unit shown (万元 → 亿元: 0.0001).
    pub scale: f64,
    /// The file's unit, as inferred and checked (the file does not state its units).
    pub source_unit: &'static str,
    pub aggregate: Aggregate,
    /// Whole-number counts.
    pub count: bool,
}

impl PanelColumn {
    pub fn name(&self, lang: Lang) -> &'static str {
        lang.pick(self.name_zh, self.name_en)
    }

    pub fn unit(&self, lang: Lang) -> &'static str {
        lang.pick(self.unit_zh, self.unit_en)
    }

    /// Whether values can be summed over units.
    pub fn is_summable(&self) -> bool {
        self.aggregate == Aggregate::Sum
    }
}

const WAN_YUAN: f64 = 1e-4;

macro_rules! column {
    ($id:literal, $zh:literal, $en:literal, $uzh:literal, $uen:literal, $scale:expr,
     $src:literal, $agg:expr, $count:literal) => {
        PanelColumn {
            id: $id,
            name_zh: $zh,
            name_en: $en,
            unit_zh: $uzh,
            unit_en: $uen,
            scale: $scale,
            source_unit: $src,
            aggregate: $agg,
            count: $count,
        }
    };
}

/// The indicators shown, in menu order. Only columns whose unit the data's README states as
/// inferred and checked are here.
pub static COLUMNS: [PanelColumn; 15] = [
    column!(
        "gdp",
        "地区生产总值",
        "GDP",
        "亿元",
        "100 million yuan",
        WAN_YUAN,
        "万元",
        Aggregate::Sum,
        false
    ),
    column!(
        "gdp_per_capita",
        "人均地区生产总值",
        "GDP per capita",
        "元",
        "yuan",
        1.0,
        "元",
        Aggregate::WeightedBy("pop_avg"),
        false
    ),
    column!(
        "pop_hukou",
        "户籍人口",
        "Registered (hukou) population",
        "万人",
        "10,000 persons",
        1.0,
        "万人",
        Aggregate::Sum,
        false
    ),
    column!(
        "pop_avg",
        "年平均人口",
        "Average population",
        "万人",
        "10,000 persons",
        1.0,
        "万人",
        Aggregate::Sum,
        false
    ),
    column!(
        "employees",
        "城镇单位从业人员",
        "Urban unit employees",
        "万人",
        "10,000 persons",
        1.0,
        "万人",
        Aggregate::Sum,
        false
    ),
    column!(
        "emp_secondary",
        "第二产业从业人员",
        "Employees in industry",
        "万人",
        "10,000 persons",
        1.0,
        "万人",
        Aggregate::Sum,
        false
    ),
    column!(
        "emp_tertiary",
        "第三产业从业人员",
        "Employees in services",
        "万人",
        "10,000 persons",
        1.0,
        "万人",
        Aggregate::Sum,
        false
    ),
    column!(
        "secondary_share",
        "第二产业占GDP比重",
        "Industry share of GDP",
        "%",
        "%",
        1.0,
        "%",
        Aggregate::WeightedBy("gdp"),
        false
    ),
    column!(
        "tertiary_share",
        "第三产业占GDP比重",
        "Services share of GDP",
        "%",
        "%",
        1.0,
        "%",
        Aggregate::WeightedBy("gdp"),
        false
    ),
    column!(
        "fiscal_revenue",
        "一般公共预算收入",
        "Fiscal revenue",
        "亿元",
        "100 million yuan",
        WAN_YUAN,
        "万元",
        Aggregate::Sum,
        false
    ),
    column!(
        "fixed_asset_inv",
        "固定资产投资",
        "Fixed-asset investment",
        "亿元",
        "100 million yuan",
        WAN_YUAN,
        "万元",
        Aggregate::Sum,
        false
    ),
    column!(
        "retail_sales",
        "社会消费品零售总额",
        "Retail sales",
        "亿元",
        "100 million yuan",
        WAN_YUAN,
        "万元",
        Aggregate::Sum,
        false
    ),
    column!(
        "industrial_firms",
        "规模以上工业企业数",
        "Industrial firms above scale",
        "个",
        "firms",
        1.0,
        "个",
        Aggregate::Sum,
        true
    ),
    column!(
        "industrial_profit",
        "规模以上工业利润",
        "Industrial profit (above scale)",
        "亿元",
        "100 million yuan",
        WAN_YUAN,
        "万元",
        Aggregate::Sum,
        false
    ),
    column!(
        "exports",
        "出口额",
        "Exports",
        "亿元",
        "100 million yuan",
        WAN_YUAN,
        "万元",
        Aggregate::Sum,
        false
    ),
];

/// The panel column with this id.
pub fn column(id: &str) -> Option<&'static PanelColumn> {
    COLUMNS.iter().find(|c| c.id == id)
}

/// A panel value divided by the unit's people or land, so large units do not look big only
/// for being large.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Per {
    /// The value as the file gives it (a total, for summable indicators).
    #[default]
    Total,
    /// Per registered (hukou) resident, the yearbooks' usual denominator.
    Person,
    /// Per km² of the unit's boundary today (equal-area projection).
    Km2,
}

/// The change of a panel value between two years.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum ChangeKind {
    /// In the indicator's unit.
    Absolute,
    /// (to − from) ÷ from, in %.
    #[default]
    Percent,
    /// Compound annual growth rate, in % a year.
    Cagr,
}

/// How a panel value is shown: divided by people or land, and as a change since a year.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Transform {
    pub per: Per,
    pub change_from: Option<(i32, ChangeKind)>,
}

impl PanelColumn {
    /// Whether dividing by people or land makes sense: totals (money, people, counts), not
    /// shares or values already per person.
    pub fn can_normalise(&self) -> bool {
        self.is_summable()
    }

    /// `v` (in the unit shown) divided per `per` for a unit with `pop` 万人 and `area` km²,
    /// in the unit [`PanelColumn::unit_for`] names.
    fn normalise(&self, v: f64, per: Per, pop: Option<f64>, area: Option<f64>) -> Option<f64> {
        match per {
            Per::Total => Some(v),
            Per::Person => {
                let p = pop.filter(|p| *p > 0.0)?;
                Some(match self.unit_zh {
                    // 亿元 ÷ 万人 = 10⁴ 元 per person.
                    "亿元" => v / p * 1e4,
                    // 万人 ÷ 万人, as a share of registered residents.
                    "万人" => v / p * 100.0,
                    // Firms per 10,000 residents.
                    _ => v / p,
                })
            }
            Per::Km2 => {
                let a = area.filter(|a| *a > 0.0)?;
                Some(match self.unit_zh {
                    // 亿元 = 10⁴ 万元; 万人 = 10⁴ 人.
                    "亿元" | "万人" => v * 1e4 / a,
                    // Firms per 1,000 km².
                    _ => v / a * 1e3,
                })
            }
        }
    }

    /// The unit of values shown with `t`.
    pub fn unit_for(&self, t: Transform, lang: Lang) -> String {
        if let Some((_, ChangeKind::Percent)) = t.change_from {
            return "%".to_owned();
        }
        if let Some((_, ChangeKind::Cagr)) = t.change_from {
            return lang.pick("%/年", "% a year").to_owned();
        }
        let per = match (t.per, self.unit_zh) {
            (Per::Total, _) => return self.unit(lang).to_owned(),
            (Per::Person, "亿元") => lang.pick("元/人", "yuan per person"),
            (Per::Person, "万人") => lang.pick("占户籍人口 %", "% of registered residents"),
            (Per::Person, _) => lang.pick("个/万人", "per 10,000 residents"),
            (Per::Km2, "亿元") => lang.pick("万元/km²", "10,000 yuan per km²"),
            (Per::Km2, "万人") => lang.pick("人/km²", "persons per km²"),
            (Per::Km2, _) => lang.pick("个/千km²", "per 1,000 km²"),
        };
        per.to_owned()
    }

    /// The indicator's name with `t`: "GDP per person, change 2013→2020 (%)".
    pub fn name_for(&self, t: Transform, year: i32, lang: Lang) -> String {
        let per = match t.per {
            Per::Total => "",
            Per::Person => lang.pick("（人均）", " per person"),
            Per::Km2 => lang.pick("（地均）", " per km²"),
        };
        let base = format!("{}{per}", self.name(lang));
        match t.change_from {
            None => format!("{base} {year}"),
            Some((from, kind)) => {
                let what = match kind {
                    ChangeKind::Absolute => lang.pick("变化", "change"),
                    ChangeKind::Percent => lang.pick("变化率", "change"),
                    ChangeKind::Cagr => lang.pick("年均增长率", "annual growth"),
                };
                match lang {
                    Lang::Zh => format!("{base} {from}→{year} {what}"),
                    Lang::En => format!("{base}, {what} {from}→{year}"),
                }
            }
        }
    }
}

/// The file's name, for sources and messages.
pub const PANEL_FILE: &str = "china_city_panel.csv";

/// Where the panel comes from, in one line.
pub fn source_line(lang: Lang) -> &'static str {
    lang.pick(
        "china_city_panel.csv：二手汇编（GitHub JasmineHao/JasmineHao.github.io 课程项目，未注明出处；单位经核对推断；2023 为初步数）",
        "china_city_panel.csv: a secondary compilation (GitHub JasmineHao/JasmineHao.github.io course project; provenance not stated; units inferred and checked; 2023 first releases)",
    )
}

/// The same, short enough for a map legend.
pub fn source_short(lang: Lang) -> &'static str {
    lang.pick(
        "china_city_panel.csv（二手汇编，未注明出处）",
        "china_city_panel.csv (secondary compilation, provenance not stated)",
    )
}

/// A boundary change that makes a unit's series not comparable over time, or leaves it
/// without a boundary on today's map.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BoundaryChange {
    pub year: i32,
    pub zh: &'static str,
    pub en: &'static str,
}

/// The known changes, by the file's unit code (from the data's README).
const BOUNDARY_CHANGES: [(u32, BoundaryChange); 5] = [
    (
        371200,
        BoundaryChange {
            year: 2019,
            zh: "莱芜市 2019 年并入济南市，今图无此单位",
            en: "Laiwu merged into Jinan in 2019; not on today's map",
        },
    ),
    (
        370100,
        BoundaryChange {
            year: 2019,
            zh: "济南市 2019 年起含原莱芜市",
            en: "Jinan includes former Laiwu from 2019",
        },
    ),
    (
        341400,
        BoundaryChange {
            year: 2011,
            zh: "巢湖市 2011 年撤销并分入合肥、芜湖、马鞍山，今图无此单位",
            en: "Chaohu split among Hefei, Wuhu and Ma'anshan in 2011; not on today's map",
        },
    ),
    (
        220100,
        BoundaryChange {
            year: 2020,
            zh: "长春市 2020 年起含公主岭市",
            en: "Changchun includes Gongzhuling from 2020",
        },
    ),
    (
        220300,
        BoundaryChange {
            year: 2020,
            zh: "四平市 2020 年起不含公主岭市",
            en: "Siping without Gongzhuling from 2020",
        },
    ),
];

/// One unit (city) of the panel.
#[derive(Clone, Debug, PartialEq)]
pub struct PanelUnit {
    /// The file's code for it.
    pub code: u32,
    /// Today's prefecture boundary it is drawn on (`None`: no boundary today).
    pub adcode: Option<u32>,
    pub name_zh: String,
    pub province_zh: String,
    pub boundary_change: Option<BoundaryChange>,
}

/// The whole panel: every indicator for every unit and year.
#[derive(Clone, Debug)]
pub struct Panel {
    pub file: String,
    pub first_year: i32,
    pub last_year: i32,
    pub units: Vec<PanelUnit>,
    /// Per column of [`COLUMNS`]: `unit × years + (year − first_year)`, NaN where missing.
    values: Vec<Vec<f64>>,
    /// The line of each (unit, year) in the file; 0 where the file has no row.
    lines: Vec<u32>,
    unit_by_adcode: HashMap<u32, usize>,
    /// Per column of [`COLUMNS`], the years in which some unit has a value: asked every frame
    /// (the year bar, the playback), so made once here.
    years_with_values: Vec<Vec<i32>>,
}

/// Plausible years for a statistical panel: anything else is a typing or parsing error.
const PLAUSIBLE_YEARS: std::ops::RangeInclusive<i32> = 1949..=2100;

impl Panel {
    /// Reads the panel; `prefectures` are today's prefecture adcodes (what a unit can be drawn
    /// on). A year that is not a plausible whole number, a unit with two rows for one year, or
    /// a value that is not a number is refused with its line.
    pub fn parse(file: &str, text: &str, prefectures: &[u32]) -> Result<Self, DataError> {
        struct Row {
            line: usize,
            unit: usize,
            year: i32,
            values: Vec<Option<f64>>,
        }
        let mut units: Vec<PanelUnit> = Vec::new();
        let mut unit_of_code: HashMap<u32, usize> = HashMap::new();
        let mut rows: Vec<Row> = Vec::new();
        for_each_row(file, text, |row| {
            let year_text = row.required("year")?;
            let year = year_text
                .parse::<i32>()
                .ok()
                .filter(|y| PLAUSIBLE_YEARS.contains(y))
                .ok_or_else(|| row.error("year", format!("not a plausible year: '{year_text}'")))?;
            let code = row.adcode("city_code")?;
            let unit = match unit_of_code.get(&code) {
                Some(&u) => u,
                None => {
                    units.push(PanelUnit {
                        code,
                        adcode: drawn_on(code, prefectures),
                        name_zh: row.required("city")?.to_owned(),
                        province_zh: row.required("province")?.to_owned(),
                        boundary_change: BOUNDARY_CHANGES
                            .iter()
                            .find(|(c, _)| *c == code)
                            .map(|(_, b)| *b),
                    });
                    unit_of_code.insert(code, units.len() - 1);
                    units.len() - 1
                }
            };
            let values = COLUMNS
                .iter()
                .map(|c| row.optional_number(c.id).map(|v| v.map(|v| v * c.scale)))
                .collect::<Result<_, _>>()?;
            rows.push(Row {
                line: row.line,
                unit,
                year,
                values,
            });
            Ok(())
        })?;
        let (Some(first_year), Some(last_year)) = (
            rows.iter().map(|r| r.year).min(),
            rows.iter().map(|r| r.year).max(),
        ) else {
            return Err(DataError::file(file, "the panel has no rows"));
        };
        let years = (last_year - first_year + 1) as usize;
        let mut values = vec![vec![f64::NAN; units.len() * years]; COLUMNS.len()];
        let mut lines = vec![0u32; units.len() * years];
        for r in rows {
            let at = r.unit * years + (r.year - first_year) as usize;
            if lines[at] != 0 {
                return Err(DataError::at_line(
                    file,
                    r.line,
                    "year",
                    format!(
                        "{} has a second row for {} (the first is line {})",
                        units[r.unit].name_zh, r.year, lines[at]
                    ),
                ));
            }
            lines[at] = r.line as u32;
            for (column, v) in values.iter_mut().zip(r.values) {
                column[at] = v.unwrap_or(f64::NAN);
            }
        }
        let unit_by_adcode = units
            .iter()
            .enumerate()
            .filter_map(|(i, u)| Some((u.adcode?, i)))
            .collect();
        let years_with_values = values
            .iter()
            .map(|column| {
                (first_year..=last_year)
                    .enumerate()
                    .filter(|(k, _)| column.iter().skip(*k).step_by(years).any(|v| !v.is_nan()))
                    .map(|(_, y)| y)
                    .collect()
            })
            .collect();
        Ok(Self {
            file: file.rsplit('/').next().unwrap_or(file).to_owned(),
            first_year,
            last_year,
            units,
            values,
            lines,
            unit_by_adcode,
            years_with_values,
        })
    }

    pub fn years(&self) -> std::ops::RangeInclusive<i32> {
        self.first_year..=self.last_year
    }

    fn at(&self, unit: usize, year: i32) -> Option<usize> {
        (self.years().contains(&year) && unit < self.units.len())
            .then(|| unit * self.year_count() + (year - self.first_year) as usize)
    }

    fn year_count(&self) -> usize {
        (self.last_year - self.first_year + 1) as usize
    }

    fn column_index(column: &PanelColumn) -> Option<usize> {
        COLUMNS.iter().position(|c| c.id == column.id)
    }

    /// A unit's value in a year, in the unit shown; `None` where the file has none.
    pub fn value(&self, column: &PanelColumn, unit: usize, year: i32) -> Option<f64> {
        let c = Self::column_index(column)?;
        let v = self.values[c][self.at(unit, year)?];
        (!v.is_nan()).then_some(v)
    }

    /// A unit's value in a year as `t` shows it (`area` = the unit's km²); `None` where a
    /// value it needs is missing (never filled in).
    pub fn value_with(
        &self,
        column: &PanelColumn,
        unit: usize,
        year: i32,
        t: Transform,
        area: Option<f64>,
    ) -> Option<f64> {
        let pop = self::column("pop_hukou");
        let at = |y: i32| {
            let v = self.value(column, unit, y)?;
            let p = pop.and_then(|p| self.value(p, unit, y));
            column.normalise(v, t.per, p, area)
        };
        match t.change_from {
            None => at(year),
            Some((from, kind)) => {
                if from >= year {
                    return None;
                }
                let (a, b) = (at(from)?, at(year)?);
                match kind {
                    ChangeKind::Absolute => Some(b - a),
                    ChangeKind::Percent => (a != 0.0).then(|| (b - a) / a * 100.0),
                    ChangeKind::Cagr => (a > 0.0 && b > 0.0)
                        .then(|| ((b / a).powf(1.0 / f64::from(year - from)) - 1.0) * 100.0),
                }
            }
        }
    }

    /// The file's line a unit's values for a year come from.
    pub fn line(&self, unit: usize, year: i32) -> Option<usize> {
        let l = self.lines[self.at(unit, year)?];
        (l != 0).then_some(l as usize)
    }

    /// The unit drawn on today's prefecture `adcode`.
    pub fn unit_at(&self, adcode: u32) -> Option<usize> {
        self.unit_by_adcode.get(&adcode).copied()
    }

    /// The years in which at least one unit has a value of the column.
    pub fn years_with_values(&self, column: &PanelColumn) -> &[i32] {
        Self::column_index(column).map_or(&[], |c| &self.years_with_values[c])
    }

    /// How many units have a value of the column in a year, as `t` shows it (`area_of`
    /// gives a unit's km² for values per km²).
    pub fn coverage(
        &self,
        column: &PanelColumn,
        year: i32,
        t: Transform,
        area_of: impl Fn(usize) -> Option<f64>,
    ) -> usize {
        (0..self.units.len())
            .filter(|&u| self.value_with(column, u, year, t, area_of(u)).is_some())
            .count()
    }
}

/// Today's prefecture a unit code is drawn on: itself, or for the municipalities (coded at
/// province level in the file, 110000) their one prefecture-level unit (110100).
fn drawn_on(code: u32, prefectures: &[u32]) -> Option<u32> {
    if prefectures.contains(&code) {
        Some(code)
    } else if code.is_multiple_of(10_000) && prefectures.contains(&(code + 100)) {
        Some(code + 100)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Synthetic panel text (not real figures).
    const SYNTHETIC: &str = "year,province,city,city_code,gdp,gdp_per_capita,pop_hukou,pop_avg,employees,emp_secondary,emp_tertiary,secondary_share,tertiary_share,fiscal_revenue,fixed_asset_inv,retail_sales,industrial_firms,industrial_profit,exports
2000,甲省,甲市,110000,20000,,,,,,,,,,,,,,
2001,甲省,甲市,110000,30000,,,,,,,,,,,,,,
2000,乙省,乙市,371200,,5,,,,,,,,,,,,,
";

    #[test]
    fn values_are_converted_keyed_by_unit_and_year_and_traced_to_their_line() {
        let p = Panel::parse("synthetic-panel.csv", SYNTHETIC, &[110100, 370100]).unwrap();
        assert_eq!((p.first_year, p.last_year), (2000, 2001));
        let gdp = column("gdp").unwrap();
        let u = p
            .unit_at(110100)
            .expect("the municipality is drawn on 110100");
        // 万元 → 亿元.
        assert_eq!(p.value(gdp, u, 2000), Some(2.0));
        assert_eq!(p.value(gdp, u, 2001), Some(3.0));
        assert_eq!(p.value(gdp, u, 1999), None);
        assert_eq!(p.line(u, 2001), Some(3));
        assert_eq!(p.years_with_values(gdp), [2000, 2001]);
        // 莱芜: no boundary today, flagged, its values kept.
        let laiwu = p.units.iter().position(|u| u.code == 371200).unwrap();
        assert_eq!(p.units[laiwu].adcode, None);
        assert_eq!(p.units[laiwu].boundary_change.map(|b| b.year), Some(2019));
        let pc = column("gdp_per_capita").unwrap();
        assert_eq!(p.value(pc, laiwu, 2000), Some(5.0));
        assert_eq!(p.value(pc, laiwu, 2001), None, "never filled in");
    }

    #[test]
    fn an_implausible_year_or_a_second_row_for_a_year_is_refused_with_its_line() {
        let bad_year = SYNTHETIC.replace("2001,甲省", "20x1,甲省");
        let err = Panel::parse("p.csv", &bad_year, &[]).unwrap_err();
        assert_eq!(
            (err.line, err.field.as_deref()),
            (Some(3), Some("year")),
            "{err}"
        );
        let far = SYNTHETIC.replace("2001,甲省", "3001,甲省");
        assert!(Panel::parse("p.csv", &far, &[]).is_err());
        let twice = SYNTHETIC.replace("2001,甲省", "2000,甲省");
        let err = Panel::parse("p.csv", &twice, &[]).unwrap_err();
        assert_eq!(err.line, Some(3), "{err}");
        assert!(err.to_string().contains("second row"), "{err}");
        let not_number = SYNTHETIC.replace("30000", "3万");
        let err = Panel::parse("p.csv", &not_number, &[]).unwrap_err();
        assert_eq!(err.field.as_deref(), Some("gdp"), "{err}");
    }

    #[test]
    fn every_column_has_a_name_a_unit_and_a_summable_weight() {
        for c in &COLUMNS {
            assert!(!c.name_zh.is_empty() && !c.name_en.is_empty() && !c.unit_zh.is_empty());
            if let Aggregate::WeightedBy(w) = c.aggregate {
                assert!(column(w).is_some_and(PanelColumn::is_summable), "{}", c.id);
            }
        }
    }
}
