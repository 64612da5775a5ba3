//! `atlas data check FILE`: a GeoJSON file through the map's layer reader ([`check_path`]), a
//! table (CSV, TSV, XLSX, XLS) through the import's reader ([`check_table`]), reporting what
//! opening or importing it would do. ([`check_csv`], the reference-data format check, is no
//! longer what the command runs for tables.)

use std::path::Path;

use super::error::DataError;
use super::table::{for_each_row, parse_adcode, parse_number};

/// What a successful check found.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckReport {
    pub kind: &'static str,
    pub items: usize,
    pub notes: Vec<String>,
}

/// Largest file the checker reads (bigger files are refused rather than exhausting memory).
pub const MAX_CHECK_BYTES: u64 = 512 * 1024 * 1024;

pub fn check_path(path: &Path) -> Result<CheckReport, DataError> {
    let name = path.display().to_string();
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if matches!(ext.as_str(), "geojson" | "json") {
        // The map's layer reader, with its own checks and its larger size limit.
        return super::userlayer::read_layer_path(path, &Default::default())
            .map(|layer| check_geojson_report(&layer));
    }
    let meta =
        std::fs::metadata(path).map_err(|e| DataError::file(&name, format!("cannot open: {e}")))?;
    if !meta.is_file() {
        return Err(DataError::file(&name, "not a regular file"));
    }
    if meta.len() > MAX_CHECK_BYTES {
        return Err(DataError::file(
            &name,
            format!(
                "file is {} bytes; the limit is {MAX_CHECK_BYTES}",
                meta.len()
            ),
        ));
    }
    let bytes =
        std::fs::read(path).map_err(|e| DataError::file(&name, format!("cannot read: {e}")))?;
    match ext.as_str() {
        "csv" => check_csv(&name, &bytes),
        other => Err(DataError::file(
            &name,
            format!("unknown file type '.{other}' (expected .csv, .geojson or .json)"),
        )),
    }
}

/// What importing a table would do, in lines for the terminal.
#[derive(Clone, Debug, PartialEq)]
pub struct TableCheck {
    pub lines: Vec<String>,
    /// Values an import would take (0: nothing could be imported).
    pub values: usize,
}

/// Whether a path is a table the import reads.
pub fn is_table(path: &Path) -> bool {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    matches!(ext.as_str(), "csv" | "tsv" | "txt" | "xlsx" | "xls")
}

/// Reads a table with the import's reader (encoding detection, GBK, wide or long shape,
/// place names matched against the atlas) and reports what an import would do: the rows
/// matched, the rows not matched and why, the cells that are not values, the duplicates.
pub fn check_table(
    path: &Path,
    ds: &super::dataset::Dataset,
) -> Result<TableCheck, super::import::ImportError> {
    use super::import::{Matcher, Shape, guess_shape, preview, read_table_path};
    let raw = read_table_path(path, None)?;
    let matcher = Matcher::new(ds);
    let shape = guess_shape(&raw, &matcher);
    let p = preview(&raw, &shape, &matcher);
    let mut lines = Vec::new();
    if let Some(d) = &raw.encoding {
        lines.push(format!("encoding: {} ({})", d.encoding.label(), d.reason));
    }
    let shape_text = match &shape {
        Shape::Wide { .. } => "wide (one column per indicator)",
        Shape::Long { .. } => "long (one row per place and indicator)",
    };
    lines.push(format!(
        "table: {} data rows, {shape_text}; places in column '{}', read as {}s",
        raw.rows.len(),
        p.key_column,
        p.level.label_en()
    ));
    lines.push(format!(
        "matched {} · unmatched {} · value problems {} · duplicates {}",
        p.matched.len(),
        p.unmatched.len(),
        p.type_problems.len(),
        p.duplicates.len()
    ));
    for ic in &p.indicators {
        let unit = ic
            .unit
            .as_deref()
            .map_or(String::new(), |u| format!(" ({u})"));
        let years = match (ic.years.first(), ic.years.last()) {
            (Some(a), Some(b)) => format!(" in {} years, {a}–{b}", ic.years.len()),
            _ => String::new(),
        };
        lines.push(format!(
            "would import: {}{unit}: {} values{years}",
            ic.name, ic.values
        ));
    }
    for u in &p.unmatched {
        lines.push(format!(
            "unmatched: line {}: '{}' — {}",
            u.line, u.key_text, u.reason
        ));
    }
    for t in &p.type_problems {
        lines.push(format!(
            "value problem: line {}, column '{}': '{}' — {}",
            t.line, t.column, t.text, t.reason
        ));
    }
    for d in &p.duplicates {
        lines.push(format!(
            "duplicate: line {}: {}",
            d.line,
            d.reason(crate::core::settings::Lang::En)
        ));
    }
    for r in &p.ragged {
        lines.push(format!(
            "ragged: line {} has {} cells, the header {}",
            r.line, r.cells, r.expected
        ));
    }
    let values = p.indicators.iter().map(|ic| ic.values).sum();
    Ok(TableCheck { lines, values })
}

fn utf8<'a>(file: &str, bytes: &'a [u8]) -> Result<&'a str, DataError> {
    std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1;
        DataError::at_line(
            file,
            line,
            "",
            "not valid UTF-8 (GBK files need conversion to UTF-8)",
        )
    })
}

/// Checks a CSV: UTF-8 (BOM allowed), a header, equal field counts, and for the columns the
/// atlas knows (`adcode`, `value`, `lon`, `lat`, `year`) that each value parses.
pub fn check_csv(file: &str, bytes: &[u8]) -> Result<CheckReport, DataError> {
    let text = utf8(file, bytes)?;
    if text.trim().is_empty() {
        return Err(DataError::file(file, "empty file"));
    }
    let mut rows = 0;
    let mut notes = Vec::new();
    for_each_row(file, text, |row| {
        rows += 1;
        for field in ["adcode", "city_adcode", "province_adcode"] {
            if let Ok(Some(t)) = row.optional(field)
                && parse_adcode(t).is_none()
            {
                return Err(row.error(field, format!("not a 6-digit adcode: '{t}'")));
            }
        }
        for field in ["value", "year"] {
            if let Ok(Some(t)) = row.optional(field)
                && parse_number(t).is_none()
            {
                return Err(row.error(field, format!("not a number: '{t}'")));
            }
        }
        for (field, range) in [("lon", -180.0..=180.0), ("lat", -90.0..=90.0)] {
            if let Ok(Some(t)) = row.optional(field) {
                match parse_number(t) {
                    Some(v) if range.contains(&v) => {}
                    _ => return Err(row.error(field, format!("not a {field} in range: '{t}'"))),
                }
            }
        }
        // A `source` column, where the file has one, must be filled in every row.
        if row.text("source").is_ok_and(str::is_empty) {
            return Err(row.error("source", "empty source"));
        }
        Ok(())
    })?;
    if rows == 0 {
        notes.push("header only: no data rows".to_owned());
    }
    Ok(CheckReport {
        kind: "CSV",
        items: rows,
        notes,
    })
}

/// Checks GeoJSON with the same reader the map's layers use (see [`super::userlayer`]).
pub fn check_geojson(file: &str, bytes: &[u8]) -> Result<CheckReport, DataError> {
    let layer = super::userlayer::parse_layer(file, bytes, &Default::default())?;
    Ok(check_geojson_report(&layer))
}

fn check_geojson_report(layer: &super::userlayer::LayerData) -> CheckReport {
    let (points, lines, polygons) = layer.count();
    let mut notes = layer.notes.clone();
    notes.push(format!(
        "{points} with points, {lines} with lines, {polygons} with polygons; bounds {:.3}, {:.3} – {:.3}, {:.3}",
        layer.bounds[0], layer.bounds[1], layer.bounds[2], layer.bounds[3]
    ));
    if !layer.numeric_properties.is_empty() {
        notes.push(format!(
            "numeric properties: {}",
            layer.numeric_properties.join(", ")
        ));
    }
    CheckReport {
        kind: "GeoJSON",
        items: layer.features.len(),
        notes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_problem_names_line_and_field() {
        let e = check_csv("x.csv", b"name,adcode,value\na,230200,1\nb,23020,2\n").unwrap_err();
        assert_eq!((e.line, e.field.as_deref()), (Some(3), Some("adcode")));
    }

    #[test]
    fn gbk_bytes_are_reported_not_panicked() {
        // "齐齐哈尔" in GBK.
        let e = check_csv("g.csv", b"name\n\xc6\xeb\xc6\xeb\xb9\xfe\xb6\xfb\n").unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(e.message.contains("UTF-8"));
    }

    #[test]
    fn swapped_coordinates_get_a_hint() {
        let e = check_geojson(
            "s.geojson",
            br#"{"type":"Point","coordinates":[45.0,126.0]}"#,
        )
        .unwrap_err();
        assert!(e.message.contains("swapped"), "{e}");
    }

    #[test]
    fn open_ring_is_reported_with_its_feature() {
        let gj = br#"{"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,2]}},
            {"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}}]}"#;
        let e = check_geojson("o.geojson", gj).unwrap_err();
        assert_eq!(e.feature, Some(1));
    }

    #[test]
    fn junk_is_an_error() {
        assert!(check_geojson("j.geojson", &[0xff, 0x00, 0x13]).is_err());
        assert!(check_csv("e.csv", b"").is_err());
    }
}
