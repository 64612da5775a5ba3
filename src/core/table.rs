//! Small typed access to CSV rows, so every loader reports file, line and field alike.

use super::error::DataError;

/// One CSV record with its header, file name and 1-based line number.
pub struct Row<'a> {
    pub file: &'a str,
    pub line: usize,
    headers: &'a csv::StringRecord,
    record: &'a csv::StringRecord,
}

impl<'a> Row<'a> {
    /// The field's text, trimmed; empty if the column is missing in this row.
    pub fn text(&self, field: &str) -> Result<&'a str, DataError> {
        let idx = self
            .headers
            .iter()
            .position(|h| h.trim() == field)
            .ok_or_else(|| DataError::at_line(self.file, 1, field, "column missing from header"))?;
        Ok(self.record.get(idx).unwrap_or("").trim())
    }

    pub fn required(&self, field: &str) -> Result<&'a str, DataError> {
        let t = self.text(field)?;
        if t.is_empty() {
            Err(self.error(field, "empty value"))
        } else {
            Ok(t)
        }
    }

    pub fn optional(&self, field: &str) -> Result<Option<&'a str>, DataError> {
        let t = self.text(field)?;
        Ok((!t.is_empty()).then_some(t))
    }

    pub fn number(&self, field: &str) -> Result<f64, DataError> {
        let t = self.required(field)?;
        parse_number(t).ok_or_else(|| self.error(field, format!("not a number: '{t}'")))
    }

    pub fn optional_number(&self, field: &str) -> Result<Option<f64>, DataError> {
        match self.optional(field)? {
            None => Ok(None),
            Some(t) => parse_number(t)
                .map(Some)
                .ok_or_else(|| self.error(field, format!("not a number: '{t}'"))),
        }
    }

    pub fn adcode(&self, field: &str) -> Result<u32, DataError> {
        let t = self.required(field)?;
        parse_adcode(t).ok_or_else(|| self.error(field, format!("not a 6-digit adcode: '{t}'")))
    }

    pub fn optional_adcode(&self, field: &str) -> Result<Option<u32>, DataError> {
        match self.optional(field)? {
            None => Ok(None),
            Some(t) => parse_adcode(t)
                .map(Some)
                .ok_or_else(|| self.error(field, format!("not a 6-digit adcode: '{t}'"))),
        }
    }

    pub fn error(&self, field: &str, message: impl Into<String>) -> DataError {
        DataError::at_line(self.file, self.line, field, message)
    }
}

/// A finite number; thousands separators are accepted.
pub fn parse_number(text: &str) -> Option<f64> {
    let cleaned: String = text.trim().chars().filter(|c| *c != ',').collect();
    cleaned.parse::<f64>().ok().filter(|v| v.is_finite())
}

pub fn parse_adcode(text: &str) -> Option<u32> {
    let t = text.trim();
    (t.len() == 6 && t.bytes().all(|b| b.is_ascii_digit()))
        .then(|| t.parse().ok())
        .flatten()
}

/// Calls `each` for every record of a CSV text, with line numbers counted like an editor shows them.
/// 1-based line numbers of byte offsets, asked for in increasing order (each byte is
/// scanned once).
pub(crate) struct LineCounter<'a> {
    text: &'a [u8],
    scanned_to: usize,
    newlines: usize,
}

impl<'a> LineCounter<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Self {
            text: text.as_bytes(),
            scanned_to: 0,
            newlines: 0,
        }
    }

    pub(crate) fn line_at(&mut self, byte: u64) -> usize {
        let mut byte = (byte as usize).min(self.text.len());
        // After a CR the csv crate starts the next record at the LF that ends the line.
        if self.text.get(byte) == Some(&b'\n') {
            byte += 1;
        }
        if byte < self.scanned_to {
            // Asked out of order: count from the start.
            self.scanned_to = 0;
            self.newlines = 0;
        }
        self.newlines += self.text[self.scanned_to..byte]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        self.scanned_to = byte;
        self.newlines + 1
    }
}

pub fn for_each_row(
    file: &str,
    text: &str,
    mut each: impl FnMut(&Row<'_>) -> Result<(), DataError>,
) -> Result<(), DataError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| DataError::at_line(file, 1, "", format!("cannot read header: {e}")))?
        .clone();
    let mut record = csv::StringRecord::new();
    // Lines counted from byte offsets: the csv crate's own line count is off by one in files
    // with CRLF line ends.
    let mut lines = LineCounter::new(text);
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = record.position().map_or(0, |p| lines.line_at(p.byte()));
                each(&Row {
                    file,
                    line,
                    headers: &headers,
                    record: &record,
                })?;
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| lines.line_at(p.byte()));
                return Err(DataError::at_line(
                    file,
                    line,
                    "",
                    format!("malformed CSV: {e}"),
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_line_and_field_of_a_bad_number() {
        let text = "name,value\na,1\nb,x\n";
        let mut seen = vec![];
        let err = for_each_row("t.csv", text, |row| {
            seen.push(row.number("value")?);
            Ok(())
        })
        .unwrap_err();
        assert_eq!(seen, vec![1.0]);
        assert_eq!(err.line, Some(3));
        assert_eq!(err.field.as_deref(), Some("value"));
        assert!(err.to_string().contains("t.csv, line 3, field 'value'"));
    }

    #[test]
    fn adcodes_must_be_six_digits() {
        assert_eq!(parse_adcode("230200"), Some(230200));
        assert_eq!(parse_adcode("23020"), None);
        assert_eq!(parse_adcode("2302000"), None);
        assert_eq!(parse_adcode("23o200"), None);
    }

    #[test]
    fn lines_are_file_lines_with_crlf_line_ends_too() {
        for text in [
            "a,b\n1,2\n\"x\ny\",3\n4,5\n",
            "a,b\r\n1,2\r\n\"x\r\ny\",3\r\n4,5\r\n",
        ] {
            let mut lines = vec![];
            for_each_row("t.csv", text, |row| {
                lines.push(row.line);
                Ok(())
            })
            .unwrap();
            // The quoted field spans lines 3 and 4; the next record starts on line 5.
            assert_eq!(lines, [2, 3, 5], "{text:?}");
        }
    }

    #[test]
    fn ragged_rows_are_an_error_with_a_line() {
        let err = for_each_row("r.csv", "a,b\n1,2\n3\n", |_| Ok(())).unwrap_err();
        assert_eq!(err.line, Some(3));
    }
}
