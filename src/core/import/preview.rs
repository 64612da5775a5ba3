//! What an imported table would add to the atlas, shown before anything is applied.
//!
//! Given the shape [`guess_shape`] proposed (or the user chose instead), [`preview`] matches
//! every row and parses every value, and lists what matched, what did not and why; [`commit`]
//! turns a confirmed preview into indicators.
//!
//! The truth rule: a value that is not plainly a number ("约500", "—", "N/A", "1,5") is
//! reported, never read as one; an empty cell is reported, never filled; a place that appears
//! twice is reported (the first row is the one applied, as the preview shows).

use std::collections::{BTreeMap, BTreeSet, HashMap};

pub use super::indicator::ImportedIndicator;

use super::names::{Level, MatchFailure, Matcher, Place};
use super::table::{Ragged, RawRow, RawTable};
use super::values::{parse_value, split_unit, trim_cell};

// Defined in `shape` now; callers still import them from `preview`.
pub use super::shape::{Shape, guess_shape};

/// A row whose place matched and that has at least one value.
#[derive(Clone, Debug, PartialEq)]
pub struct MatchedRow {
    pub line: usize,
    pub key_text: String,
    pub place: Place,
    /// (indicator name, value); every value is finite.
    pub values: Vec<(String, f64)>,
    /// The row's year, from a long table's year column.
    pub year: Option<i32>,
}

/// A later row for a place (wide), or for a place, indicator and year (long), seen before.
/// Its values are not applied: the first row's are, as the preview shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Duplicate {
    pub line: usize,
    pub adcode: u32,
    /// The line of the row that gave the value kept.
    pub first_line: usize,
    /// The year both rows give a value for (long tables with a year column).
    pub year: Option<i32>,
}

impl Duplicate {
    /// "second value for 230600 in 2015 (first on line 7); not applied".
    pub fn reason(&self, lang: crate::core::settings::Lang) -> String {
        match (lang, self.year) {
            (crate::core::settings::Lang::Zh, Some(y)) => format!(
                "{} 在 {y} 年的第二个值（第一个在第 {} 行）；未采用",
                self.adcode, self.first_line
            ),
            (crate::core::settings::Lang::Zh, None) => {
                format!("{} 已在第 {} 行出现；未采用", self.adcode, self.first_line)
            }
            (crate::core::settings::Lang::En, Some(y)) => format!(
                "second value for {} in {y} (first on line {}); not applied",
                self.adcode, self.first_line
            ),
            (crate::core::settings::Lang::En, None) => format!(
                "{} seen before on line {}; not applied",
                self.adcode, self.first_line
            ),
        }
    }
}

/// A row whose place did not match.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unmatched {
    pub line: usize,
    pub key_text: String,
    pub reason: String,
    /// The same reason in Chinese.
    pub reason_zh: String,
}

/// A cell that should hold a value and does not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypeProblem {
    pub line: usize,
    /// The column's header (or "column N" where the header is empty).
    pub column: String,
    pub text: String,
    /// "empty", "not a number", or a sentence about a unit that does not fit.
    pub reason: String,
    /// The same reason in Chinese.
    pub reason_zh: String,
}

/// An indicator the import would add.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndicatorColumn {
    pub name: String,
    pub unit: Option<String>,
    /// How many values it would get.
    pub values: usize,
    /// The years its values are for (empty without a year column).
    pub years: BTreeSet<i32>,
}

/// Everything [`preview`] found. Nothing has been applied.
#[derive(Clone, Debug, PartialEq)]
pub struct Preview {
    /// The level most matched keys have; rows of the other level are in `unmatched`.
    pub level: Level,
    pub matched: Vec<MatchedRow>,
    pub unmatched: Vec<Unmatched>,
    pub type_problems: Vec<TypeProblem>,
    /// Later rows for a place (wide) or a place, indicator and year (long) seen before.
    /// Their values are not applied.
    pub duplicates: Vec<Duplicate>,
    pub indicators: Vec<IndicatorColumn>,
    /// Rows that name a unit of the other level (counted, and listed in `unmatched`).
    pub mixed_levels: usize,
    /// Rows whose number of cells differs from the header's (from the reader).
    pub ragged: Vec<Ragged>,
    /// Header of the column the places were read from.
    pub key_column: String,
}

// ---------------------------------------------------------------------------------------------
// Preview

/// A column's header, or "column N" (1-based) where the header is empty, for messages.
fn column_label(raw: &RawTable, c: usize) -> String {
    raw.headers
        .get(c)
        .filter(|h| !h.is_empty())
        .cloned()
        .unwrap_or_else(|| format!("column {}", c + 1))
}

/// The years a year cell may hold: statistical yearbooks start in the 1940s at the
/// earliest; a later year than 2100 is a typing error, not a forecast.
pub const PLAUSIBLE_YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;

/// A year cell as a year: "2013", "2013.0" (from a sheet) and "2013年" all give 2013. Anything
/// else (empty, "2013-14", "13", "2013.5", "二〇一三") is the error: nothing is guessed.
fn parse_year(cell: &str) -> Result<i32, (&'static str, &'static str)> {
    let t = trim_cell(cell);
    let t = trim_cell(t.strip_suffix('年').unwrap_or(t));
    if t.is_empty() {
        return Err(("empty", "空"));
    }
    match parse_value(t) {
        // `as` saturates, so a huge number stays out of range.
        Ok((v, false)) if v.fract() == 0.0 && PLAUSIBLE_YEARS.contains(&(v as i32)) => Ok(v as i32),
        _ => Err((
            "not a plausible year (a whole number from 1900 to 2100)",
            "不是合理的年份（1900 至 2100 的整数）",
        )),
    }
}

/// A [`TypeProblem`] at one cell, with its reason in English and Chinese.
fn problem(
    line: usize,
    column: &str,
    text: &str,
    reason: impl Into<String>,
    reason_zh: impl Into<String>,
) -> TypeProblem {
    TypeProblem {
        line,
        column: column.to_owned(),
        text: text.to_owned(),
        reason: reason.into(),
        reason_zh: reason_zh.into(),
    }
}

/// [`parse_value`]'s reasons in Chinese.
fn value_reason_zh(reason: &str) -> &'static str {
    match reason {
        "empty" => "空",
        _ => "不是数字",
    }
}

/// Matches every row and parses every value. Nothing is applied.
pub fn preview(raw: &RawTable, shape: &Shape, matcher: &Matcher) -> Preview {
    let key_column = shape.key_column();
    let mut out = Preview {
        level: majority_level(raw, key_column, matcher),
        matched: Vec::new(),
        unmatched: Vec::new(),
        type_problems: Vec::new(),
        duplicates: Vec::new(),
        indicators: Vec::new(),
        mixed_levels: 0,
        ragged: raw.ragged.clone(),
        key_column: column_label(raw, key_column),
    };
    match shape {
        Shape::Wide { value_columns, .. } => {
            preview_wide(raw, key_column, value_columns, matcher, &mut out);
        }
        Shape::Long {
            indicator_column,
            value_column,
            year_column,
            unit_column,
            ..
        } => {
            let columns = LongColumns {
                key: key_column,
                indicator: *indicator_column,
                value: *value_column,
                year: *year_column,
                unit: *unit_column,
            };
            preview_long(raw, &columns, matcher, &mut out);
        }
    }
    out
}

/// The level most keys match at (provinces on a tie). A table holds one level; rows of the
/// other are reported as unmatched, not mixed in.
fn majority_level(raw: &RawTable, key_column: usize, matcher: &Matcher) -> Level {
    let mut provinces = 0usize;
    let mut prefectures = 0usize;
    for row in &raw.rows {
        if let Ok(p) = matcher.match_key(row.cell(key_column)) {
            match p.level {
                Level::Province => provinces += 1,
                Level::Prefecture => prefectures += 1,
            }
        }
    }
    if prefectures > provinces {
        Level::Prefecture
    } else {
        Level::Province
    }
}

/// The row's place at the preview's level; otherwise the row goes to `out.unmatched` with
/// the reason (and to `out.mixed_levels` when it names a unit of the other level).
fn place_of_row(
    row: &RawRow,
    key_column: usize,
    matcher: &Matcher,
    out: &mut Preview,
) -> Option<Place> {
    let key_text = row.cell(key_column);
    let level = out.level;
    let failure = match matcher.match_key_at(key_text, level) {
        Ok(place) => return Some(place),
        Err(failure) => failure,
    };
    let (reason, reason_zh) = match (&failure, matcher.match_key(key_text)) {
        (MatchFailure::NotFound, Ok(other)) if other.level != level => {
            out.mixed_levels += 1;
            (
                format!(
                    "{} is a {}, but this table's places are {}s",
                    other.name_zh,
                    other.level.label_en(),
                    level.label_en()
                ),
                format!(
                    "{}是{}，但本表的地名是{}",
                    other.name_zh,
                    other.level.label_zh(),
                    level.label_zh()
                ),
            )
        }
        _ => (failure.reason(key_text), failure.reason_zh(key_text)),
    };
    out.unmatched.push(Unmatched {
        line: row.line,
        key_text: key_text.to_owned(),
        reason,
        reason_zh,
    });
    None
}

// ---------------------------------------------------------------------------------------------
// Wide tables

/// A value column of a wide table, as the preview reads it.
struct WideColumn {
    column: usize,
    label: String,
    name: String,
    unit: Option<String>,
    /// The unit is "%" because cells carry a % sign (the header names no unit).
    percent_from_cells: bool,
}

/// One indicator per value column; a later place row repeating an earlier place is a
/// duplicate and its values are left out.
fn preview_wide(
    raw: &RawTable,
    key_column: usize,
    value_columns: &[usize],
    matcher: &Matcher,
    out: &mut Preview,
) {
    let columns = wide_columns(raw, value_columns);
    out.indicators = columns
        .iter()
        .map(|w| IndicatorColumn {
            name: w.name.clone(),
            unit: w.unit.clone(),
            values: 0,
            years: BTreeSet::new(),
        })
        .collect();
    let mut seen_places: HashMap<u32, usize> = HashMap::new();
    for row in &raw.rows {
        let Some(place) = place_of_row(row, key_column, matcher, out) else {
            continue;
        };
        if let Some(&first_line) = seen_places.get(&place.adcode) {
            out.duplicates.push(Duplicate {
                line: row.line,
                adcode: place.adcode,
                first_line,
                year: None,
            });
            continue;
        }
        seen_places.insert(place.adcode, row.line);
        let mut values = Vec::new();
        for (w, indicator) in columns.iter().zip(out.indicators.iter_mut()) {
            match wide_value(row, w) {
                Ok(v) => {
                    values.push((w.name.clone(), v));
                    indicator.values += 1;
                }
                Err(p) => out.type_problems.push(p),
            }
        }
        if !values.is_empty() {
            out.matched.push(MatchedRow {
                line: row.line,
                key_text: row.cell(key_column).to_owned(),
                place,
                values,
                year: None,
            });
        }
    }
}

/// Names and units of the value columns. An empty header becomes "column N", a repeated one
/// gets "(column N)"; a column whose header names no unit but whose cells carry % signs is
/// in %.
fn wide_columns(raw: &RawTable, value_columns: &[usize]) -> Vec<WideColumn> {
    let mut out: Vec<WideColumn> = Vec::new();
    for &c in value_columns {
        let label = column_label(raw, c);
        let (mut name, mut unit) = split_unit(raw.headers.get(c).map_or("", String::as_str));
        if name.is_empty() {
            name = format!("column {}", c + 1);
        }
        if out.iter().any(|w| w.name == name) {
            name = format!("{name} (column {})", c + 1);
        }
        let mut percent_from_cells = false;
        if unit.is_none()
            && raw
                .rows
                .iter()
                .any(|r| matches!(parse_value(r.cell(c)), Ok((_, true))))
        {
            unit = Some("%".to_owned());
            percent_from_cells = true;
        }
        out.push(WideColumn {
            column: c,
            label,
            name,
            unit,
            percent_from_cells,
        });
    }
    out
}

/// The row's value in one column, if it is a number whose % sign (or its absence) fits the
/// column's unit.
fn wide_value(row: &RawRow, w: &WideColumn) -> Result<f64, TypeProblem> {
    let cell = row.cell(w.column);
    let (v, percent) =
        parse_value(cell).map_err(|r| problem(row.line, &w.label, cell, r, value_reason_zh(r)))?;
    let is_pct_column = w.unit.as_deref() == Some("%");
    if percent && !is_pct_column {
        let unit = w.unit.as_deref().unwrap_or("");
        return Err(problem(
            row.line,
            &w.label,
            cell,
            format!("has a % sign, but the column's unit is {unit}"),
            format!("带 % 号，但该列的单位是 {unit}"),
        ));
    }
    if !percent && w.percent_from_cells {
        return Err(problem(
            row.line,
            &w.label,
            cell,
            "no % sign, unlike other cells of this column",
            "没有 % 号，与该列其他单元格不同",
        ));
    }
    Ok(v)
}

// ---------------------------------------------------------------------------------------------
// Long tables

/// The columns of a long table ([`Shape::Long`]).
struct LongColumns {
    key: usize,
    indicator: usize,
    value: usize,
    year: Option<usize>,
    unit: Option<usize>,
}

/// What a long table's rows are checked against from the rows before them.
#[derive(Default)]
struct LongSeen {
    /// (adcode, indicator name, year) already given a value (or a problem) by an earlier
    /// row, with that row's line.
    pairs: HashMap<(u32, String, Option<i32>), usize>,
    /// The first line of each of `Preview::indicators`, for unit conflicts.
    first_lines: Vec<usize>,
}

/// One indicator per indicator name, its values by year when there is a year column; a later
/// row repeating a place, indicator and year is a duplicate and its value is left out.
fn preview_long(raw: &RawTable, columns: &LongColumns, matcher: &Matcher, out: &mut Preview) {
    let mut seen = LongSeen::default();
    for row in &raw.rows {
        let Some(place) = place_of_row(row, columns.key, matcher, out) else {
            continue;
        };
        if let Err(p) = add_long_row(raw, columns, row, place, &mut seen, out) {
            out.type_problems.push(p);
        }
    }
}

/// Adds a long table's row whose place matched: to `out.matched`, or to `out.duplicates`.
/// A cell that does not fit is the error.
fn add_long_row(
    raw: &RawTable,
    columns: &LongColumns,
    row: &RawRow,
    place: Place,
    seen: &mut LongSeen,
    out: &mut Preview,
) -> Result<(), TypeProblem> {
    let (name, unit_in_name, year) = long_indicator_name(raw, columns, row)?;
    // Taken before the value is read: a repeat of a row with a bad value is still a repeat.
    let key = (place.adcode, name.clone(), year);
    if let Some(&first_line) = seen.pairs.get(&key) {
        out.duplicates.push(Duplicate {
            line: row.line,
            adcode: place.adcode,
            first_line,
            year,
        });
        return Ok(());
    }
    seen.pairs.insert(key, row.line);
    let value = long_value(raw, columns, row, unit_in_name)?;
    count_long_value(
        out,
        &mut seen.first_lines,
        row.line,
        &name,
        value.unit,
        &value.unit_label,
        year,
    )?;
    out.matched.push(MatchedRow {
        line: row.line,
        key_text: row.cell(columns.key).to_owned(),
        place,
        values: vec![(name, value.value)],
        year,
    });
    Ok(())
}

/// The indicator's name, the unit written in the indicator cell ("GDP（亿元）") and the
/// row's year when there is a year column.
fn long_indicator_name(
    raw: &RawTable,
    columns: &LongColumns,
    row: &RawRow,
) -> Result<(String, Option<String>, Option<i32>), TypeProblem> {
    let indicator_cell = row.cell(columns.indicator);
    let (name, unit) = split_unit(indicator_cell);
    if name.is_empty() {
        let label = column_label(raw, columns.indicator);
        return Err(problem(row.line, &label, indicator_cell, "empty", "空"));
    }
    let Some(year_column) = columns.year else {
        return Ok((name, unit, None));
    };
    let cell = row.cell(year_column);
    match parse_year(cell) {
        Ok(year) => Ok((name, unit, Some(year))),
        Err((reason, reason_zh)) => {
            let label = column_label(raw, year_column);
            Err(problem(row.line, &label, cell, reason, reason_zh))
        }
    }
}

/// A long table's value with its unit and where the unit came from.
struct LongValue {
    value: f64,
    unit: Option<String>,
    /// Header of the column the unit was read from, for reporting a conflict.
    unit_label: String,
}

/// The row's value and its unit: from the unit column when the row fills it, else from the
/// indicator cell or the value column's header; a % sign sets an unstated unit to "%".
fn long_value(
    raw: &RawTable,
    columns: &LongColumns,
    row: &RawRow,
    unit_in_name: Option<String>,
) -> Result<LongValue, TypeProblem> {
    let value_label = column_label(raw, columns.value);
    let cell = row.cell(columns.value);
    let (value, percent) = parse_value(cell)
        .map_err(|r| problem(row.line, &value_label, cell, r, value_reason_zh(r)))?;
    let (unit_label, mut unit) = match columns
        .unit
        .map(|uc| (column_label(raw, uc), row.cell(uc)))
        .filter(|(_, u)| !u.is_empty())
    {
        Some((label, u)) => (label, Some(u.to_owned())),
        None => (
            value_label.clone(),
            unit_in_name.or_else(|| split_unit(&value_label).1),
        ),
    };
    if percent {
        match unit.as_deref() {
            None => unit = Some("%".to_owned()),
            Some("%") => {}
            Some(u) => {
                return Err(problem(
                    row.line,
                    &value_label,
                    cell,
                    format!("has a % sign, but the unit is {u}"),
                    format!("带 % 号，但单位是 {u}"),
                ));
            }
        }
    }
    Ok(LongValue {
        value,
        unit,
        unit_label,
    })
}

/// Counts a value for its indicator, adding the indicator on its first value. A unit other
/// than the one the indicator was first seen with is the error: the value is not counted.
fn count_long_value(
    out: &mut Preview,
    first_lines: &mut Vec<usize>,
    line: usize,
    name: &str,
    unit: Option<String>,
    unit_label: &str,
    year: Option<i32>,
) -> Result<(), TypeProblem> {
    let Some(k) = out.indicators.iter().position(|ic| ic.name == name) else {
        out.indicators.push(IndicatorColumn {
            name: name.to_owned(),
            unit,
            values: 1,
            years: year.into_iter().collect(),
        });
        first_lines.push(line);
        return Ok(());
    };
    let known = out.indicators.get(k).and_then(|ic| ic.unit.clone());
    if known != unit {
        let first_line = first_lines.get(k).copied().unwrap_or(0);
        let unit = unit.as_deref().unwrap_or("");
        return Err(problem(
            line,
            unit_label,
            unit,
            format!(
                "unit '{unit}' differs from '{}' of {name} on line {first_line}",
                known.as_deref().unwrap_or("")
            ),
            format!(
                "单位“{unit}”与第 {first_line} 行{name}的单位“{}”不同",
                known.as_deref().unwrap_or("")
            ),
        ));
    }
    if let Some(ic) = out.indicators.get_mut(k) {
        ic.values += 1;
        ic.years.extend(year);
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Commit

/// Turns a confirmed preview into indicators, one per indicator with at least one value.
/// `file_label` and `date` make the source line ("imported from gdp.xlsx on 2025-01-31").
pub fn commit(preview: &Preview, file_label: &str, date: &str) -> Vec<ImportedIndicator> {
    preview
        .indicators
        .iter()
        .filter_map(|ic| {
            let mut values = BTreeMap::new();
            let mut by_year: BTreeMap<i32, BTreeMap<u32, f64>> = BTreeMap::new();
            let mut lines = BTreeMap::new();
            for row in &preview.matched {
                for (name, v) in &row.values {
                    if *name != ic.name || !v.is_finite() {
                        continue;
                    }
                    let adcode = row.place.adcode;
                    let into = match row.year {
                        Some(y) => by_year.entry(y).or_default(),
                        None => &mut values,
                    };
                    if let std::collections::btree_map::Entry::Vacant(e) = into.entry(adcode) {
                        e.insert(*v);
                        lines.insert((row.year, adcode), row.line);
                    }
                }
            }
            (!lines.is_empty()).then(|| ImportedIndicator {
                name: ic.name.clone(),
                unit: ic.unit.clone(),
                level: preview.level,
                rows: lines.len(),
                years: by_year.keys().copied().collect(),
                values,
                by_year,
                lines,
                source: format!("imported from {file_label} on {date}"),
                file: file_label.to_owned(),
                date: date.to_owned(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Synthetic units and tables.
    fn matcher() -> Matcher {
        Matcher::from_units(
            &[
                (230000, "黑龙江省", "Heilongjiang"),
                (220000, "吉林省", "Jilin"),
            ],
            &[
                (230100, 230000, "哈尔滨市", "Harbin"),
                (230200, 230000, "齐齐哈尔市", "Qiqihar"),
                (230600, 230000, "大庆市", "Daqing"),
            ],
        )
    }

    fn table(headers: &[&str], rows: &[&[&str]]) -> RawTable {
        RawTable {
            headers: headers.iter().map(|h| (*h).to_owned()).collect(),
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, r)| super::super::RawRow {
                    line: i + 2,
                    cells: r.iter().map(|c| (*c).to_owned()).collect(),
                })
                .collect(),
            encoding: None,
            header_line: 1,
            preamble: vec![],
            ragged: vec![],
            delimiter: None,
            sheet: None,
            sheet_count: 0,
        }
    }

    #[test]
    fn percent_signs_set_the_unit_and_are_never_assumed() {
        let m = matcher();
        let raw = table(
            &["城市", "增长率", "GDP（亿元）"],
            &[
                &["哈尔滨", "5%", "10"],
                &["齐齐哈尔", "6 %", "20%"],
                &["大庆", "7", "30"],
            ],
        );
        let shape = guess_shape(&raw, &m);
        let p = preview(&raw, &shape, &m);
        assert_eq!(p.indicators[0].unit.as_deref(), Some("%"));
        assert_eq!(p.indicators[0].values, 2);
        assert_eq!(p.indicators[1].values, 2);
        let reasons: Vec<(usize, &str)> = p
            .type_problems
            .iter()
            .map(|t| (t.line, t.reason.as_str()))
            .collect();
        assert_eq!(
            reasons,
            vec![
                (3, "has a % sign, but the column's unit is 亿元"),
                (4, "no % sign, unlike other cells of this column"),
            ]
        );
    }

    #[test]
    fn long_tables_keep_one_unit_per_indicator() {
        let m = matcher();
        let raw = table(
            &["地区", "指标", "数值", "单位"],
            &[
                &["哈尔滨", "GDP", "100", "亿元"],
                &["大庆", "GDP", "2000000", "万元"],
                &["大庆", "GDP", "200", "亿元"],
                &["黑龙江", "GDP", "300", "亿元"],
            ],
        );
        let shape = guess_shape(&raw, &m);
        assert!(matches!(
            shape,
            Shape::Long {
                unit_column: Some(3),
                year_column: None,
                ..
            }
        ));
        let p = preview(&raw, &shape, &m);
        assert_eq!(p.level, Level::Prefecture);
        assert_eq!(p.matched.len(), 1);
        assert_eq!(p.type_problems.len(), 1);
        assert!(p.type_problems[0].reason.contains("differs from '亿元'"));
        // The 大庆 row after the unit conflict repeats the place and indicator.
        assert_eq!(
            p.duplicates,
            vec![Duplicate {
                line: 4,
                adcode: 230600,
                first_line: 3,
                year: None
            }]
        );
        assert_eq!(p.mixed_levels, 1);
        assert!(p.unmatched[0].reason.contains("黑龙江省 is a province"));
        let c = commit(&p, "t.csv", "2025-01-31");
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].values.len(), 1);
    }

    #[test]
    fn years_are_whole_numbers_in_a_plausible_range() {
        assert_eq!(parse_year("2013"), Ok(2013));
        assert_eq!(parse_year("2013年"), Ok(2013));
        assert_eq!(parse_year(" 2013.0 "), Ok(2013));
        for bad in [
            "",
            "13",
            "2013.5",
            "2013-14",
            "二〇一三",
            "2200",
            "1e12",
            "2013%",
        ] {
            assert!(parse_year(bad).is_err(), "{bad:?} read as a year");
        }
    }
}
