//! What an import yields: an indicator the atlas can show, with where its values came from.

use std::collections::BTreeMap;

use super::names::Level;

/// An indicator ready to be shown by the atlas, after the user confirmed the preview.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportedIndicator {
    pub name: String,
    pub unit: Option<String>,
    pub level: Level,
    /// Value by adcode, for a table without a year column (empty when it has one).
    pub values: BTreeMap<u32, f64>,
    /// Value by year and adcode, for a long table with a year column (empty when it has
    /// none): the table's years kept as a dimension, never merged or filled across years.
    pub by_year: BTreeMap<i32, BTreeMap<u32, f64>>,
    /// The table's line of each value, by (year, adcode); the year is `None` without a year
    /// column. Every number shown traces to its row.
    pub lines: BTreeMap<(Option<i32>, u32), usize>,
    /// The years with values, ascending (the keys of `by_year`), for the year bar.
    pub years: Vec<i32>,
    /// "imported from FILE on DATE" (the CSV's source column; the window says it in the
    /// user's language with [`ImportedIndicator::source_line`]).
    pub source: String,
    /// The file's name and the day it was imported.
    pub file: String,
    pub date: String,
    /// How many rows the values came from.
    pub rows: usize,
}

impl ImportedIndicator {
    /// Where the values came from, in the user's language.
    pub fn source_line(&self, lang: crate::core::settings::Lang) -> String {
        match lang {
            crate::core::settings::Lang::Zh => {
                format!("导入自 {}（{}）", self.file, self.date)
            }
            crate::core::settings::Lang::En => {
                format!("imported from {} on {}", self.file, self.date)
            }
        }
    }

    /// Whether the table had a year column (values are by year).
    pub fn has_years(&self) -> bool {
        !self.by_year.is_empty()
    }

    /// The year shown when `wanted` is asked for: `wanted` brought into the table's span of
    /// years (its last year when none is asked for); `None` for a table without years. A year
    /// inside the span that the table has no values for shows as no data, named as that
    /// year.
    pub fn year_shown(&self, wanted: Option<i32>) -> Option<i32> {
        let (first, last) = (*self.years.first()?, *self.years.last()?);
        Some(wanted.map_or(last, |y| y.clamp(first, last)))
    }

    /// The values of one year (`None` for a table without years); empty when the year has
    /// none.
    pub fn values_in(&self, year: Option<i32>) -> Option<&BTreeMap<u32, f64>> {
        match year {
            _ if !self.has_years() => Some(&self.values),
            Some(y) => self.by_year.get(&y),
            None => None,
        }
    }

    /// One unit's value in a year (the year is ignored by a table without years).
    pub fn value_in(&self, year: Option<i32>, adcode: u32) -> Option<f64> {
        self.values_in(year)?.get(&adcode).copied()
    }

    /// The table's line a value was read from.
    pub fn line_of(&self, year: Option<i32>, adcode: u32) -> Option<usize> {
        let year = if self.has_years() { year } else { None };
        self.lines.get(&(year, adcode)).copied()
    }

    /// The indicator's value for a place in a year, at the indicator's own level: the
    /// province's value for a province-level indicator, the prefecture's for a
    /// prefecture-level one. `None` = no data (never 0, never borrowed from the other level
    /// or another year).
    pub fn value_for(
        &self,
        year: Option<i32>,
        province_adcode: u32,
        prefecture_adcode: u32,
    ) -> Option<f64> {
        let code = match self.level {
            Level::Province => province_adcode,
            Level::Prefecture => prefecture_adcode,
        };
        self.value_in(year, code)
    }

    /// "name (unit)", or the bare name when the table stated no unit.
    pub fn name_with_unit(&self) -> String {
        self.name_with_unit_in(None)
    }

    /// "name year (unit)": the name with the year its values are for, where there is one.
    pub fn name_with_unit_in(&self, year: Option<i32>) -> String {
        let name = match year {
            Some(y) => format!("{} {y}", self.name),
            None => self.name.clone(),
        };
        match &self.unit {
            Some(u) if !u.trim().is_empty() => format!("{name} ({u})"),
            _ => name,
        }
    }
}
