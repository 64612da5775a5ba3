//! Guessing a table's shape: which column names the places and which hold the values.
//!
//! Only a proposal: the import dialog shows it and lets the user change the key and value
//! columns before anything is previewed again.

use super::names::{MatchFailure, Matcher, canonical};
use super::table::RawTable;
use super::values::{parse_value, split_unit, trim_cell};

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

/// Per column, how many of the sampled cells are of each kind.
struct CellCounts {
    /// Cells naming a place (or several, ambiguously).
    places: Vec<usize>,
    /// Non-empty cells.
    filled: Vec<usize>,
    numeric: Vec<usize>,
    /// See [`is_wordy`].
    wordy: Vec<usize>,
}

/// The count of column `c` (0 past the end).
fn count(counts: &[usize], c: usize) -> usize {
    counts.get(c).copied().unwrap_or(0)
}

fn bump(counts: &mut [usize], c: usize) {
    if let Some(n) = counts.get_mut(c) {
        *n += 1;
    }
}

impl CellCounts {
    /// Counts the first [`SHAPE_SAMPLE_ROWS`] rows.
    fn sample(raw: &RawTable, matcher: &Matcher) -> Self {
        let n = raw.headers.len();
        let mut counts = Self {
            places: vec![0; n],
            filled: vec![0; n],
            numeric: vec![0; n],
            wordy: vec![0; n],
        };
        for row in raw.rows.iter().take(SHAPE_SAMPLE_ROWS) {
            for c in 0..n {
                let cell = row.cell(c);
                if cell.is_empty() {
                    continue;
                }
                bump(&mut counts.filled, c);
                if parse_value(cell).is_ok() {
                    bump(&mut counts.numeric, c);
                } else if is_wordy(cell) {
                    bump(&mut counts.wordy, c);
                }
                if matches!(
                    matcher.match_key(cell),
                    Ok(_) | Err(MatchFailure::Ambiguous(_))
                ) {
                    bump(&mut counts.places, c);
                }
            }
        }
        counts
    }

    /// The column whose cells match places best (leftmost on a tie); with no place at all,
    /// the first column that is at most half numbers.
    fn key_column(&self) -> usize {
        let best = self.places.iter().copied().max().unwrap_or(0);
        if best > 0 {
            self.places.iter().position(|p| *p == best).unwrap_or(0)
        } else {
            (0..self.filled.len())
                .find(|&c| count(&self.numeric, c) * 2 <= count(&self.filled, c))
                .unwrap_or(0)
        }
    }

    /// Mostly numbers (more numbers than words) and mostly not places.
    fn looks_like_values(&self, c: usize) -> bool {
        let filled = count(&self.filled, c);
        filled > 0
            && count(&self.numeric, c) > count(&self.wordy, c)
            && count(&self.places, c) * 2 < filled
    }
}

/// Proposes a shape: the key column is the one whose cells match places best (leftmost on a
/// tie); the table is long if it has a column named like 指标/indicator and one like
/// 数值/值/value, otherwise wide with every mostly numeric column (more numbers than words; not
/// a place, year or unit column) as a value column.
pub fn guess_shape(raw: &RawTable, matcher: &Matcher) -> Shape {
    let counts = CellCounts::sample(raw, matcher);
    let key_column = counts.key_column();
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
    let value_columns = (0..raw.headers.len())
        .filter(|&c| {
            let role = roles.get(c).map_or("", String::as_str);
            c != key_column
                && counts.looks_like_values(c)
                && !is_year_header(role)
                && !is_unit_header(role)
        })
        .collect();
    Shape::Wide {
        key_column,
        value_columns,
    }
}
