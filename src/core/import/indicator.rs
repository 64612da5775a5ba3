//! What an import yields: an indicator the atlas can show, with where its values came from.

use std::collections::BTreeMap;

use super::names::Level;

/// An indicator ready to be shown by the atlas, after the user confirmed the preview.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportedIndicator {
    pub name: String,
    pub unit: Option<String>,
    pub level: Level,
    /// Value by adcode.
    pub values: BTreeMap<u32, f64>,
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
