//! Bringing a planner's own indicator table (CSV or XLSX) into the atlas.
//!
//! The steps, each usable on its own so the UI can show what happened at every stage:
//!
//! 1. [`encoding`]: decide how a CSV's bytes are encoded (UTF-8, UTF-8 with BOM, GBK/GB18030),
//!    refuse empty and binary files, and decode with the user's override when asked.
//! 2. [`table`]: read the first sheet of an `.xlsx`/`.xls`, or a delimited text file, into a
//!    [`RawTable`] of text cells with their line (or sheet row) numbers.
//! 3. [`names`]: match place names (Chinese, traditional characters, pinyin/English, adcodes)
//!    to the atlas's provinces and prefectures.
//! 4. [`shape`]: guess the table's shape (wide or long): which column names the places and
//!    which hold the values.
//! 5. [`preview`](mod@preview): list what would be imported, what did not match and which cells are not
//!    numbers ([`values`] says what a number is). Nothing is applied until the user confirms
//!    and the app calls [`commit`].
//!
//! The truth rule holds throughout: no value is invented, interpolated or filled. A row or a
//! cell that does not parse is reported with its line and column and left out, never guessed.

pub mod encoding;
mod file;
mod indicator;
pub mod names;
pub mod preview;
pub mod shape;
pub mod table;
mod trad;
pub mod values;

use std::fmt;

use super::error::DataError;

pub use encoding::{Detected, TextEncoding, decode, detect};
pub use file::{file_label, import_file, today};
pub use names::{Level, MatchFailure, Matcher, Place, normalize_name};
pub use preview::{
    Duplicate, ImportedIndicator, IndicatorColumn, MatchedRow, Preview, TypeProblem, Unmatched,
    commit, preview,
};
pub use shape::{Shape, guess_shape};
pub use table::{MAX_IMPORT_BYTES, Ragged, RawRow, RawTable, read_table, read_table_path};
pub use values::{parse_value, split_unit};

/// A problem that stops a file from being read. `line` is 1-based (the header is line 1 of a
/// CSV; for a sheet, the sheet's row number); `column` is the column's header text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportError {
    /// File name as the user knows it (may be empty while decoding bare bytes).
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<String>,
    pub message: String,
    /// The message in Chinese, for the Chinese UI (the CLI and logs use `message`).
    pub message_zh: Option<String>,
}

impl ImportError {
    pub fn new(file: &str, message: impl Into<String>) -> Self {
        Self {
            file: file.to_owned(),
            line: None,
            column: None,
            message: message.into(),
            message_zh: None,
        }
    }

    /// The same error with its Chinese wording.
    #[must_use]
    pub fn zh(mut self, message: impl Into<String>) -> Self {
        self.message_zh = Some(message.into());
        self
    }

    /// "file, line N, column 'X': message" in the user's language (English where no Chinese
    /// wording was given).
    pub fn describe(&self, lang: crate::core::settings::Lang) -> String {
        match (&self.message_zh, lang) {
            (Some(zh), crate::core::settings::Lang::Zh) => self.compose(
                |line| format!("第 {line} 行"),
                |column| format!("“{column}”列"),
                ("，", "："),
                zh,
            ),
            _ => self.to_string(),
        }
    }

    /// The known parts (file, line, column) joined by `seps.0`, then `seps.1` and `message`.
    fn compose(
        &self,
        line: impl Fn(usize) -> String,
        column: impl Fn(&str) -> String,
        seps: (&str, &str),
        message: &str,
    ) -> String {
        let mut parts = Vec::new();
        if !self.file.is_empty() {
            parts.push(self.file.clone());
        }
        if let Some(l) = self.line {
            parts.push(line(l));
        }
        if let Some(c) = &self.column {
            parts.push(column(c));
        }
        if parts.is_empty() {
            message.to_owned()
        } else {
            format!("{}{}{message}", parts.join(seps.0), seps.1)
        }
    }

    pub fn at_line(file: &str, line: usize, message: impl Into<String>) -> Self {
        Self {
            line: Some(line),
            ..Self::new(file, message)
        }
    }

    /// The same error, naming `file` (used once the caller knows the file's name).
    pub fn in_file(mut self, file: &str) -> Self {
        file.clone_into(&mut self.file);
        self
    }
}

impl fmt::Display for ImportError {
    /// "file, line N, column 'X': message", leaving out the parts that are not known.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = self.compose(
            |line| format!("line {line}"),
            |column| format!("column '{column}'"),
            (", ", ": "),
            &self.message,
        );
        f.write_str(&text)
    }
}

impl std::error::Error for ImportError {}

impl From<ImportError> for DataError {
    fn from(e: ImportError) -> Self {
        DataError {
            file: e.file,
            line: e.line,
            feature: None,
            field: e.column,
            message: e.message,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_read_in_chinese_in_the_chinese_ui() {
        use crate::core::settings::Lang;
        let missing = std::path::Path::new("/atlas-no-such-dir/表.csv");
        let e = table::read_table_path(missing, None).unwrap_err();
        assert_eq!(
            e.describe(Lang::Zh),
            "/atlas-no-such-dir/表.csv：无法打开：文件不存在"
        );
        assert!(e.describe(Lang::En).contains("cannot open"));
        let e = ImportError::at_line("a.csv", 3, "bad").zh("有误");
        assert_eq!(e.describe(Lang::Zh), "a.csv，第 3 行：有误");
    }

    #[test]
    fn error_display_names_file_line_and_column() {
        let e = ImportError {
            column: Some("GDP".into()),
            ..ImportError::at_line("gdp.csv", 7, "not a number")
        };
        assert_eq!(e.to_string(), "gdp.csv, line 7, column 'GDP': not a number");
        assert_eq!(ImportError::new("", "empty file").to_string(), "empty file");
        assert_eq!(
            ImportError::at_line("", 3, "bad")
                .in_file("x.csv")
                .to_string(),
            "x.csv, line 3: bad"
        );
        let d: DataError = e.into();
        assert_eq!(d.to_string(), "gdp.csv, line 7, field 'GDP': not a number");
    }
}
