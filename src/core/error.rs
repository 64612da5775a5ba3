//! Errors that name the file, the line or feature, and the field.

use std::fmt;

/// A problem found while reading a data file. `line` is 1-based (header = line 1) for CSV,
/// `feature` is 0-based for GeoJSON.
#[derive(Clone, Debug, PartialEq)]
pub struct DataError {
    pub file: String,
    pub line: Option<usize>,
    pub feature: Option<usize>,
    pub field: Option<String>,
    pub message: String,
}

impl DataError {
    pub fn file(file: &str, message: impl Into<String>) -> Self {
        Self {
            file: file.to_owned(),
            line: None,
            feature: None,
            field: None,
            message: message.into(),
        }
    }
    pub fn at_line(file: &str, line: usize, field: &str, message: impl Into<String>) -> Self {
        Self {
            line: Some(line),
            field: (!field.is_empty()).then(|| field.to_owned()),
            ..Self::file(file, message)
        }
    }
    pub fn at_feature(file: &str, feature: usize, field: &str, message: impl Into<String>) -> Self {
        Self {
            feature: Some(feature),
            field: (!field.is_empty()).then(|| field.to_owned()),
            ..Self::file(file, message)
        }
    }
}

impl DataError {
    /// The same error, naming the field it is about.
    pub fn with_field(mut self, field: &str) -> Self {
        self.field = Some(field.to_owned());
        self
    }
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ", line {line}")?;
        }
        if let Some(feature) = self.feature {
            write!(f, ", feature {feature}")?;
        }
        if let Some(field) = &self.field {
            write!(f, ", field '{field}'")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for DataError {}
