//! What an imported table would add to the atlas, shown before anything is applied.
//!
//! [`guess_shape`] proposes which column holds the places and which the values (the UI lets
//! the user change it); [`preview`] matches every row and parses every value, and lists what
//! matched, what did not and why; [`commit`] turns a confirmed preview into indicators.
//!
//! The truth rule: a value that is not plainly a number ("约500", "—", "N/A", "1,5") is
//! reported, never read as one; an empty cell is reported, never filled; a place that appears
//! twice is reported (the first row is the one applied, as the preview shows).

use std::collections::{BTreeMap, HashMap};

use super::names::{Level, MatchFailure, Matcher, Place, canonical};
use super::table::{Ragged, RawTable};

/// Where places and values are in a table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Shape {
    /// One row per place, one column per indicator.
    Wide {
        key_column: usize,
        value_columns: Vec<usize>,
    },
    /// One row per place and indicator (and year).
    Long {
        key_column: usize,
        indicator_column: usize,
        value_column: usize,
        year_column: Option<usize>,
        unit_column: Option<usize>,
    },
}

impl Shape {
    pub fn key_column(&self) -> usize {
        match self {
            Self::Wide { key_column, .. } | Self::Long { key_column, .. } => *key_column,
        }
    }
}

/// A row whose place matched and that has at least one value.
#[derive(Clone, Debug, PartialEq)]
pub struct MatchedRow {
    pub line: usize,
    pub key_text: String,
    pub place: Place,
    /// (indicator name, value); every value is finite.
    pub values: Vec<(String, f64)>,
}

/// A row whose place did not match.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unmatched {
    pub line: usize,
    pub key_text: String,
    pub reason: String,
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
}

/// An indicator the import would add.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndicatorColumn {
    pub name: String,
    pub unit: Option<String>,
    /// How many values it would get.
    pub values: usize,
}

/// Everything [`preview`] found. Nothing has been applied.
#[derive(Clone, Debug, PartialEq)]
pub struct Preview {
    /// The level most matched keys have; rows of the other level are in `unmatched`.
    pub level: Level,
    pub matched: Vec<MatchedRow>,
    pub unmatched: Vec<Unmatched>,
    pub type_problems: Vec<TypeProblem>,
    /// Later rows for a place (wide) or a place and indicator (long) seen before: (line,
    /// adcode). Their values are not applied.
    pub duplicates: Vec<(usize, u32)>,
    pub indicators: Vec<IndicatorColumn>,
    /// Rows that name a unit of the other level (counted, and listed in `unmatched`).
    pub mixed_levels: usize,
    /// Rows whose number of cells differs from the header's (from the reader).
    pub ragged: Vec<Ragged>,
    /// Header of the column the places were read from.
    pub key_column: String,
}

/// An indicator ready to be shown by the atlas, after the user confirmed the preview.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportedIndicator {
    pub name: String,
    pub unit: Option<String>,
    pub level: Level,
    /// Value by adcode.
    pub values: BTreeMap<u32, f64>,
    /// "imported from FILE on DATE".
    pub source: String,
    /// How many rows the values came from.
    pub rows: usize,
}

impl ImportedIndicator {
    /// The indicator's value for a place, at the indicator's own level: the province's value
    /// for a province-level indicator, the prefecture's for a prefecture-level one. `None` =
    /// no data (never 0, never borrowed from the other level).
    pub fn value_for(&self, province_adcode: u32, prefecture_adcode: u32) -> Option<f64> {
        let code = match self.level {
            Level::Province => province_adcode,
            Level::Prefecture => prefecture_adcode,
        };
        self.values.get(&code).copied()
    }

    /// "name (unit)", or the bare name when the table stated no unit.
    pub fn name_with_unit(&self) -> String {
        match &self.unit {
            Some(u) if !u.trim().is_empty() => format!("{} ({u})", self.name),
            _ => self.name.clone(),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Numbers and units

fn number_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
        '\u{2212}' => '-',
        _ => c,
    }
}

fn trim_cell(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || matches!(c, '\u{200B}'..='\u{200D}' | '\u{FEFF}'))
}

/// True for `d{1,3}(,ddd)*` or plain digits (possibly empty when `allow_empty`).
fn integer_part_ok(s: &str, allow_empty: bool) -> bool {
    if s.is_empty() {
        return allow_empty;
    }
    if !s.contains(',') {
        return s.bytes().all(|b| b.is_ascii_digit());
    }
    let mut groups = s.split(',');
    let first_ok = groups
        .next()
        .is_some_and(|g| (1..=3).contains(&g.len()) && g.bytes().all(|b| b.is_ascii_digit()));
    first_ok && groups.all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
}

/// Parses a cell as a number: `Ok((value, had_percent_sign))`, or the reason it is not one
/// ("empty" or "not a number"). Accepted: surrounding spaces, full-width digits, a sign,
/// thousands separators in groups of three ("12,345.6"), a decimal point, an exponent
/// ("1.2E+11", as Excel writes large numbers) and a trailing %. Everything else — "约500",
/// "—", "N/A", "1,5", "500万", "(12)" — is not a number: nothing is guessed.
pub fn parse_value(text: &str) -> Result<(f64, bool), &'static str> {
    let converted: String = text.chars().map(number_char).collect();
    let mut s = trim_cell(&converted);
    if s.is_empty() {
        return Err("empty");
    }
    let percent = s.ends_with('%');
    if percent {
        s = trim_cell(s.strip_suffix('%').unwrap_or(s));
    }
    let unsigned = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(i) => (
            unsigned.get(..i).unwrap_or(""),
            Some(unsigned.get(i + 1..).unwrap_or("")),
        ),
        None => (unsigned, None),
    };
    let (int, frac) = match mantissa.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (mantissa, None),
    };
    let frac_ok = frac.is_none_or(|f| f.bytes().all(|b| b.is_ascii_digit()));
    let has_digits = int.bytes().any(|b| b.is_ascii_digit())
        || frac.is_some_and(|f| f.bytes().any(|b| b.is_ascii_digit()));
    let exp_ok = exponent.is_none_or(|e| {
        let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
        !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
    });
    if !(has_digits && frac_ok && exp_ok && integer_part_ok(int, frac.is_some())) {
        return Err("not a number");
    }
    let plain: String = s.chars().filter(|c| *c != ',').collect();
    match plain.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok((v, percent)),
        _ => Err("not a number"),
    }
}

/// Splits a header into name and unit: "GDP（亿元）", "GDP (亿元)", "GDP[亿元]", "人口/万人",
/// "GDP（单位：亿元）". No unit found: the whole header and `None`.
pub fn split_unit(header: &str) -> (String, Option<String>) {
    let h = trim_cell(header);
    for (open, close) in [('（', '）'), ('(', ')'), ('[', ']'), ('【', '】')] {
        if let Some(body) = h.strip_suffix(close)
            && let Some(i) = body.rfind(open)
        {
            let name = trim_cell(body.get(..i).unwrap_or(""));
            let inner = trim_cell(body.get(i + open.len_utf8()..).unwrap_or(""));
            let unit = inner
                .strip_prefix("单位")
                .map(|u| trim_cell(u.trim_start_matches([':', '：'])))
                .unwrap_or(inner);
            if !name.is_empty() && !unit.is_empty() {
                return (name.to_owned(), Some(unit.to_owned()));
            }
        }
    }
    for slash in ['/', '／'] {
        if let Some(i) = h.rfind(slash) {
            let name = trim_cell(h.get(..i).unwrap_or(""));
            let unit = trim_cell(h.get(i + slash.len_utf8()..).unwrap_or(""));
            let unit_like = !unit.is_empty()
                && unit.chars().count() <= 12
                && !unit.chars().all(|c| c.is_ascii_digit());
            if !name.is_empty() && unit_like {
                return (name.to_owned(), Some(unit.to_owned()));
            }
        }
    }
    (h.to_owned(), None)
}

// ---------------------------------------------------------------------------------------------
// Shape

/// Header folded for recognising column roles: canonical, lower case, unit removed.
fn role_name(header: &str) -> String {
    canonical(&split_unit(header).0).to_lowercase()
}

fn is_indicator_header(h: &str) -> bool {
    !is_value_header(h)
        && (h.contains("指标")
            || h.contains("indicator")
            || matches!(h, "项目" | "变量" | "variable" | "measure"))
}

fn is_value_header(h: &str) -> bool {
    matches!(
        h,
        "value" | "values" | "数值" | "值" | "数据" | "指标值" | "数" | "amount"
    ) || h.starts_with("value")
        || h.contains("数值")
}

fn is_year_header(h: &str) -> bool {
    matches!(h, "年份" | "年" | "年度" | "year" | "统计年份") || h.contains("年份")
}

fn is_unit_header(h: &str) -> bool {
    matches!(h, "单位" | "计量单位" | "unit" | "units")
}

/// Text that says a column holds words, not numbers: a cell that is not a number, has no
/// digit and is not a no-data mark ("—", "…", "N/A", "无"). "约500" is a failed number, not a
/// word, so one column with many "—" or "约…" cells is still a value column, and every such
/// cell is reported in the preview rather than the whole column being dropped.
fn is_wordy(cell: &str) -> bool {
    let t = trim_cell(cell);
    let no_data = t.chars().all(|c| !c.is_alphanumeric())
        || matches!(
            t.to_lowercase().as_str(),
            "n/a" | "na" | "nan" | "null" | "none" | "无" | "空" | "缺" | "暂无" | "不详"
        );
    !t.is_empty() && !t.chars().any(|c| c.is_ascii_digit()) && !no_data
}

/// How many rows are looked at to guess the shape.
const SHAPE_SAMPLE_ROWS: usize = 2000;

/// Proposes a shape: the key column is the one whose cells match places best (leftmost on a
/// tie); the table is long if it has a column named like 指标/indicator and one like
/// 数值/值/value, otherwise wide with every mostly numeric column (more numbers than words; not
/// a place, year or unit column) as a value column.
pub fn guess_shape(raw: &RawTable, matcher: &Matcher) -> Shape {
    let n = raw.headers.len();
    let mut places = vec![0usize; n];
    let mut filled = vec![0usize; n];
    let mut numeric = vec![0usize; n];
    let mut wordy = vec![0usize; n];
    for row in raw.rows.iter().take(SHAPE_SAMPLE_ROWS) {
        for c in 0..n {
            let cell = row.cell(c);
            if cell.is_empty() {
                continue;
            }
            if let Some(f) = filled.get_mut(c) {
                *f += 1;
            }
            let counter = if parse_value(cell).is_ok() {
                numeric.get_mut(c)
            } else if is_wordy(cell) {
                wordy.get_mut(c)
            } else {
                None
            };
            if let Some(x) = counter {
                *x += 1;
            }
            if matches!(
                matcher.match_key(cell),
                Ok(_) | Err(MatchFailure::Ambiguous(_))
            ) && let Some(p) = places.get_mut(c)
            {
                *p += 1;
            }
        }
    }
    let best = places.iter().copied().max().unwrap_or(0);
    let key_column = if best > 0 {
        places.iter().position(|p| *p == best).unwrap_or(0)
    } else {
        (0..n)
            .find(|&c| {
                numeric.get(c).copied().unwrap_or(0) * 2 <= filled.get(c).copied().unwrap_or(0)
            })
            .unwrap_or(0)
    };
    let roles: Vec<String> = raw.headers.iter().map(|h| role_name(h)).collect();
    let find = |pred: fn(&str) -> bool, not: &[usize]| {
        roles
            .iter()
            .enumerate()
            .position(|(i, h)| !not.contains(&i) && pred(h))
    };
    if let Some(value_column) = find(is_value_header, &[key_column])
        && let Some(indicator_column) = find(is_indicator_header, &[key_column, value_column])
    {
        let taken = [key_column, value_column, indicator_column];
        let year_column = find(is_year_header, &taken);
        let mut taken = taken.to_vec();
        taken.extend(year_column);
        let unit_column = find(is_unit_header, &taken);
        return Shape::Long {
            key_column,
            indicator_column,
            value_column,
            year_column,
            unit_column,
        };
    }
    let value_columns = (0..n)
        .filter(|&c| {
            let f = filled.get(c).copied().unwrap_or(0);
            let role = roles.get(c).map_or("", String::as_str);
            c != key_column
                && f > 0
                && numeric.get(c).copied().unwrap_or(0) > wordy.get(c).copied().unwrap_or(0)
                && places.get(c).copied().unwrap_or(0) * 2 < f
                && !is_year_header(role)
                && !is_unit_header(role)
        })
        .collect();
    Shape::Wide {
        key_column,
        value_columns,
    }
}

// ---------------------------------------------------------------------------------------------
// Preview

fn column_label(raw: &RawTable, c: usize) -> String {
    raw.headers
        .get(c)
        .filter(|h| !h.is_empty())
        .cloned()
        .unwrap_or_else(|| format!("column {}", c + 1))
}

/// "GDP" + "2013" → "GDP2013"; "GDP2" + "2013" → "GDP2 2013".
fn join_year(name: &str, year: &str) -> String {
    if name.ends_with(|c: char| c.is_ascii_digit()) {
        format!("{name} {year}")
    } else {
        format!("{name}{year}")
    }
}

/// A year cell as text: "2013", "2013.0" (from a sheet) and "2013年" all give "2013"; other
/// text is kept as written.
fn year_text(cell: &str) -> String {
    let t = trim_cell(cell);
    let t = trim_cell(t.strip_suffix('年').unwrap_or(t));
    match parse_value(t) {
        Ok((v, false)) if v.fract() == 0.0 && (0.0..=9999.0).contains(&v) => format!("{v:.0}"),
        _ => t.to_owned(),
    }
}

struct WideColumn {
    column: usize,
    label: String,
    name: String,
    unit: Option<String>,
    /// The unit is "%" because cells carry a % sign (the header names no unit).
    percent_from_cells: bool,
}

fn problem(line: usize, column: &str, text: &str, reason: impl Into<String>) -> TypeProblem {
    TypeProblem {
        line,
        column: column.to_owned(),
        text: text.to_owned(),
        reason: reason.into(),
    }
}

/// Matches every row and parses every value. Nothing is applied.
pub fn preview(raw: &RawTable, shape: &Shape, matcher: &Matcher) -> Preview {
    let key_column = shape.key_column();
    let mut counts = [0usize; 2];
    for row in &raw.rows {
        if let Ok(p) = matcher.match_key(row.cell(key_column)) {
            match p.level {
                Level::Province => counts[0] += 1,
                Level::Prefecture => counts[1] += 1,
            }
        }
    }
    let level = if counts[1] > counts[0] {
        Level::Prefecture
    } else {
        Level::Province
    };
    let mut out = Preview {
        level,
        matched: Vec::new(),
        unmatched: Vec::new(),
        type_problems: Vec::new(),
        duplicates: Vec::new(),
        indicators: Vec::new(),
        mixed_levels: 0,
        ragged: raw.ragged.clone(),
        key_column: column_label(raw, key_column),
    };
    let wide_columns = match shape {
        Shape::Wide { value_columns, .. } => wide_columns(raw, value_columns),
        Shape::Long { .. } => Vec::new(),
    };
    if matches!(shape, Shape::Wide { .. }) {
        out.indicators = wide_columns
            .iter()
            .map(|w| IndicatorColumn {
                name: w.name.clone(),
                unit: w.unit.clone(),
                values: 0,
            })
            .collect();
    }
    let mut seen_places: HashMap<u32, usize> = HashMap::new();
    let mut seen_long: HashMap<(u32, String), usize> = HashMap::new();
    // Long tables: the first line each indicator was seen on, for unit conflicts.
    let mut first_line: Vec<usize> = Vec::new();
    for row in &raw.rows {
        let key_text = row.cell(key_column);
        let place = match matcher.match_key_at(key_text, level) {
            Ok(p) => p,
            Err(failure) => {
                let reason = match (&failure, matcher.match_key(key_text)) {
                    (MatchFailure::NotFound, Ok(other)) if other.level != level => {
                        out.mixed_levels += 1;
                        format!(
                            "{} is a {}, but this table's places are {}s",
                            other.name_zh,
                            other.level.label_en(),
                            level.label_en()
                        )
                    }
                    _ => failure.reason(key_text),
                };
                out.unmatched.push(Unmatched {
                    line: row.line,
                    key_text: key_text.to_owned(),
                    reason,
                });
                continue;
            }
        };
        match shape {
            Shape::Wide { .. } => {
                if seen_places.contains_key(&place.adcode) {
                    out.duplicates.push((row.line, place.adcode));
                    continue;
                }
                seen_places.insert(place.adcode, row.line);
                let mut values = Vec::new();
                for (j, w) in wide_columns.iter().enumerate() {
                    let cell = row.cell(w.column);
                    let (v, percent) = match parse_value(cell) {
                        Ok(x) => x,
                        Err(reason) => {
                            out.type_problems
                                .push(problem(row.line, &w.label, cell, reason));
                            continue;
                        }
                    };
                    let is_pct_column = w.unit.as_deref() == Some("%");
                    if percent && !is_pct_column {
                        let unit = w.unit.as_deref().unwrap_or("");
                        out.type_problems.push(problem(
                            row.line,
                            &w.label,
                            cell,
                            format!("has a % sign, but the column's unit is {unit}"),
                        ));
                        continue;
                    }
                    if !percent && w.percent_from_cells {
                        out.type_problems.push(problem(
                            row.line,
                            &w.label,
                            cell,
                            "no % sign, unlike other cells of this column",
                        ));
                        continue;
                    }
                    values.push((w.name.clone(), v));
                    if let Some(ic) = out.indicators.get_mut(j) {
                        ic.values += 1;
                    }
                }
                if !values.is_empty() {
                    out.matched.push(MatchedRow {
                        line: row.line,
                        key_text: key_text.to_owned(),
                        place,
                        values,
                    });
                }
            }
            Shape::Long {
                indicator_column,
                value_column,
                year_column,
                unit_column,
                ..
            } => {
                let ind_label = column_label(raw, *indicator_column);
                let ind_cell = row.cell(*indicator_column);
                let (ind_name, ind_unit) = split_unit(ind_cell);
                if ind_name.is_empty() {
                    out.type_problems
                        .push(problem(row.line, &ind_label, ind_cell, "empty"));
                    continue;
                }
                let name = match year_column {
                    Some(yc) => {
                        let year = year_text(row.cell(*yc));
                        if year.is_empty() {
                            out.type_problems.push(problem(
                                row.line,
                                &column_label(raw, *yc),
                                "",
                                "empty",
                            ));
                            continue;
                        }
                        join_year(&ind_name, &year)
                    }
                    None => ind_name,
                };
                if seen_long.contains_key(&(place.adcode, name.clone())) {
                    out.duplicates.push((row.line, place.adcode));
                    continue;
                }
                seen_long.insert((place.adcode, name.clone()), row.line);
                let value_label = column_label(raw, *value_column);
                let cell = row.cell(*value_column);
                let (v, percent) = match parse_value(cell) {
                    Ok(x) => x,
                    Err(reason) => {
                        out.type_problems
                            .push(problem(row.line, &value_label, cell, reason));
                        continue;
                    }
                };
                let (unit_label, mut unit) = match unit_column
                    .map(|uc| (column_label(raw, uc), row.cell(uc)))
                    .filter(|(_, u)| !u.is_empty())
                {
                    Some((label, u)) => (label, Some(u.to_owned())),
                    None => (
                        value_label.clone(),
                        ind_unit.or_else(|| split_unit(&value_label).1),
                    ),
                };
                if percent {
                    match unit.as_deref() {
                        None => unit = Some("%".to_owned()),
                        Some("%") => {}
                        Some(u) => {
                            out.type_problems.push(problem(
                                row.line,
                                &value_label,
                                cell,
                                format!("has a % sign, but the unit is {u}"),
                            ));
                            continue;
                        }
                    }
                }
                match out.indicators.iter().position(|ic| ic.name == name) {
                    Some(k) => {
                        let known = out.indicators.get(k).and_then(|ic| ic.unit.clone());
                        if known != unit {
                            let line = first_line.get(k).copied().unwrap_or(0);
                            out.type_problems.push(problem(
                                row.line,
                                &unit_label,
                                unit.as_deref().unwrap_or(""),
                                format!(
                                    "unit '{}' differs from '{}' of {name} on line {line}",
                                    unit.as_deref().unwrap_or(""),
                                    known.as_deref().unwrap_or("")
                                ),
                            ));
                            continue;
                        }
                        if let Some(ic) = out.indicators.get_mut(k) {
                            ic.values += 1;
                        }
                    }
                    None => {
                        out.indicators.push(IndicatorColumn {
                            name: name.clone(),
                            unit,
                            values: 1,
                        });
                        first_line.push(row.line);
                    }
                }
                out.matched.push(MatchedRow {
                    line: row.line,
                    key_text: key_text.to_owned(),
                    place,
                    values: vec![(name, v)],
                });
            }
        }
    }
    out
}

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

/// Turns a confirmed preview into indicators, one per indicator with at least one value.
/// `file_label` and `date` make the source line ("imported from gdp.xlsx on 2025-01-31").
pub fn commit(preview: &Preview, file_label: &str, date: &str) -> Vec<ImportedIndicator> {
    preview
        .indicators
        .iter()
        .filter_map(|ic| {
            let mut values = BTreeMap::new();
            for row in &preview.matched {
                for (name, v) in &row.values {
                    if *name == ic.name && v.is_finite() {
                        values.entry(row.place.adcode).or_insert(*v);
                    }
                }
            }
            (!values.is_empty()).then(|| ImportedIndicator {
                name: ic.name.clone(),
                unit: ic.unit.clone(),
                level: preview.level,
                rows: values.len(),
                values,
                source: format!("imported from {file_label} on {date}"),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_parsed_strictly() {
        let ok = |s: &str| parse_value(s).map(|(v, _)| v);
        assert_eq!(ok("12,345.6"), Ok(12345.6));
        assert_eq!(ok(" １２３ "), Ok(123.0));
        assert_eq!(ok("-0.5"), Ok(-0.5));
        assert_eq!(ok("1.2E+11"), Ok(1.2e11));
        assert_eq!(ok(".5"), Ok(0.5));
        assert_eq!(parse_value("12.5%"), Ok((12.5, true)));
        assert_eq!(parse_value("12.5 ％"), Ok((12.5, true)));
        assert_eq!(parse_value(""), Err("empty"));
        assert_eq!(parse_value("　"), Err("empty"));
        for bad in [
            "约500", "—", "-", "N/A", "1,5", "1,23,456", "500万", "(12)", "inf", "NaN", "1e",
            "1 234", "%", "1e999", "..",
        ] {
            assert_eq!(parse_value(bad), Err("not a number"), "{bad}");
        }
    }

    #[test]
    fn units_come_from_headers() {
        let s = |h: &str| split_unit(h);
        assert_eq!(
            s("GDP2013（亿元）"),
            ("GDP2013".into(), Some("亿元".into()))
        );
        assert_eq!(s("GDP (亿元)"), ("GDP".into(), Some("亿元".into())));
        assert_eq!(s("人口/万人"), ("人口".into(), Some("万人".into())));
        assert_eq!(s("GDP（单位：亿元）"), ("GDP".into(), Some("亿元".into())));
        assert_eq!(s("增长率(%)"), ("增长率".into(), Some("%".into())));
        assert_eq!(s("GDP"), ("GDP".into(), None));
        assert_eq!(s("GDP 2013/2023"), ("GDP 2013/2023".into(), None));
        assert_eq!(s("(亿元)"), ("(亿元)".into(), None));
    }

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
        assert_eq!(p.duplicates, vec![(4, 230600)]);
        assert_eq!(p.mixed_levels, 1);
        assert!(p.unmatched[0].reason.contains("黑龙江省 is a province"));
        let c = commit(&p, "t.csv", "2025-01-31");
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].values.len(), 1);
    }

    #[test]
    fn years_join_names() {
        assert_eq!(join_year("GDP", &year_text("2013")), "GDP2013");
        assert_eq!(join_year("GDP", &year_text("2013年")), "GDP2013");
        assert_eq!(join_year("GDP2", &year_text(" 2013 ")), "GDP2 2013");
    }
}
