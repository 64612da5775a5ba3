//! Importing a file end to end, as the app does on start-up and the CLI does for exports:
//! read, detect the shape, match places, keep only what previews as importable.

use super::{Matcher, TextEncoding, commit, guess_shape, preview, read_table_path};
use crate::core::dataset::Dataset;
use crate::core::import::ImportedIndicator;
use crate::core::settings::ImportRecord;

/// Reads a table the user imported before (its path, encoding choice and date) and returns
/// what the import preview would apply.
pub fn import_file(ds: &Dataset, record: &ImportRecord) -> Result<Vec<ImportedIndicator>, String> {
    let encoding = record
        .encoding
        .as_deref()
        .and_then(|k| TextEncoding::ALL.into_iter().find(|e| e.label() == k));
    let path = std::path::Path::new(&record.path);
    let raw = read_table_path(path, encoding).map_err(|e| e.to_string())?;
    let matcher = Matcher::new(ds);
    let shape = guess_shape(&raw, &matcher);
    let p = preview(&raw, &shape, &matcher);
    Ok(commit(&p, &file_label(path), &record.date))
}

/// The file name, as "imported from FILE" names it.
pub fn file_label(path: &std::path::Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Today's date (UTC) as YYYY-MM-DD, for "imported from FILE on DATE".
pub fn today() -> String {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400) as i64;
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn today_is_a_date() {
        let t = super::today();
        assert_eq!(t.len(), 10);
        assert!(t.starts_with("20"));
        assert_eq!(&t[4..5], "-");
    }
}
