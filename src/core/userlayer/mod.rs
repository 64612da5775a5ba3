//! GeoJSON user layers: reading and checking a researcher's own GeoJSON file.
//!
//! Accepts a FeatureCollection, a single Feature or a bare geometry; points, lines, polygons,
//! their multi forms and geometry collections. Every problem is a [`DataError`] naming the
//! file and the line (syntax), or the feature and field (content); nothing is guessed or
//! repaired. A coordinate outside −180…180 / −90…90 rejects the file, with a hint when the
//! pair looks swapped or projected.
//!
//! Reading reports progress through [`LoadProgress`] and stops when it is cancelled, so the
//! app can run it on a worker thread behind a progress bar.

use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicU64, Ordering};

use geo::{LineString, Polygon};
use geojson::{Feature, Geometry};

use super::error::DataError;

mod geometry;
use geometry::{add_geometry, add_raw_geometry};

/// Largest layer file read (1 GiB); larger files are refused before a byte is read.
pub const MAX_LAYER_BYTES: u64 = 1 << 30;

/// What a loading layer is doing, for the progress bar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Stage {
    Reading = 0,
    Parsing = 1,
    Checking = 2,
    /// Projecting, simplifying and triangulating (done by the map, reported here).
    Building = 3,
    Done = 4,
}

/// Progress shared between the loading thread and the UI: `done` of `total` units (bytes
/// while parsing, features while building) and a cancel flag.
#[derive(Debug, Default)]
pub struct LoadProgress {
    done: AtomicU64,
    total: AtomicU64,
    stage: AtomicU8,
    cancel: AtomicBool,
}

impl LoadProgress {
    pub fn set_stage(&self, stage: Stage, total: u64) {
        self.total.store(total, Ordering::Relaxed);
        self.done.store(0, Ordering::Relaxed);
        self.stage.store(stage as u8, Ordering::Relaxed);
    }
    pub fn advance_to(&self, done: u64) {
        self.done.store(done, Ordering::Relaxed);
    }
    pub fn stage(&self) -> Stage {
        match self.stage.load(Ordering::Relaxed) {
            0 => Stage::Reading,
            1 => Stage::Parsing,
            2 => Stage::Checking,
            3 => Stage::Building,
            _ => Stage::Done,
        }
    }
    /// Fraction of the whole load, 0…1. Parsing and building overlap (features are built as
    /// they are read), so parsing counts for nearly all of it.
    pub fn fraction(&self) -> f32 {
        let total = self.total.load(Ordering::Relaxed).max(1) as f32;
        let part = (self.done.load(Ordering::Relaxed) as f32 / total).clamp(0.0, 1.0);
        match self.stage() {
            Stage::Reading => 0.0,
            Stage::Parsing => 0.95 * part,
            Stage::Checking => 0.6 + 0.05 * part,
            Stage::Building => 0.65 + 0.35 * part,
            Stage::Done => 1.0,
        }
    }
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }
    pub fn is_cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }
}

/// A property value as the file gives it.
#[derive(Clone, Debug, PartialEq)]
pub enum PropertyValue {
    Number(f64),
    Text(String),
    Bool(bool),
    Null,
    /// Arrays and objects, shown as compact JSON.
    Json(String),
}

impl std::fmt::Display for PropertyValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PropertyValue::Number(v) => write!(f, "{v}"),
            PropertyValue::Text(s) | PropertyValue::Json(s) => write!(f, "{s}"),
            PropertyValue::Bool(b) => write!(f, "{b}"),
            PropertyValue::Null => write!(f, "null"),
        }
    }
}

/// One feature: its geometry split by kind (a geometry collection may hold all three) and
/// its properties in file order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LayerFeature {
    pub points: Vec<[f64; 2]>,
    pub lines: Vec<LineString<f64>>,
    pub polygons: Vec<Polygon<f64>>,
    pub properties: Vec<(String, PropertyValue)>,
}

impl LayerFeature {
    pub fn property(&self, key: &str) -> Option<&PropertyValue> {
        self.properties
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }
    fn is_empty(&self) -> bool {
        self.points.is_empty() && self.lines.is_empty() && self.polygons.is_empty()
    }
}

/// A checked layer, in lon/lat degrees.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LayerData {
    /// The collection's `name` member, or the file name.
    pub name: String,
    /// The file as the user knows it.
    pub file: String,
    pub features: Vec<LayerFeature>,
    /// Properties that are numbers in at least one feature (the choropleth can use them).
    pub numeric_properties: Vec<String>,
    /// `[west, south, east, north]`.
    pub bounds: [f64; 4],
    /// Things worth telling the user that did not stop the load.
    pub notes: Vec<String>,
    /// Features with points, lines, polygons.
    pub counts: (usize, usize, usize),
    /// How many features were read (also when they were handed on rather than kept).
    pub len: usize,
}

impl LayerData {
    pub fn count(&self) -> (usize, usize, usize) {
        self.counts
    }
}

/// Reads a layer file after checking its size on disk (a huge file is refused unread).
pub fn read_layer_path(path: &Path, progress: &LoadProgress) -> Result<LayerData, DataError> {
    let (name, bytes) = read_layer_bytes(path, progress)?;
    parse_layer(&name, &bytes, progress)
}

/// The file's name (as messages show it) and its bytes, after the size check.
pub fn read_layer_bytes(
    path: &Path,
    progress: &LoadProgress,
) -> Result<(String, Vec<u8>), DataError> {
    let shown = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| DataError::file(&shown, describe_io(&e)))?;
    if !meta.is_file() {
        return Err(DataError::file(&shown, "not a regular file"));
    }
    if meta.len() > MAX_LAYER_BYTES {
        return Err(DataError::file(
            &shown,
            format!(
                "file is too large ({:.1} GB); a layer may be at most {} MB. Simplify or split it first",
                meta.len() as f64 / 1e9,
                MAX_LAYER_BYTES / (1024 * 1024)
            ),
        ));
    }
    progress.set_stage(Stage::Reading, meta.len());
    let bytes = std::fs::read(path).map_err(|e| DataError::file(&shown, describe_io(&e)))?;
    let name = path
        .file_name()
        .map_or_else(|| shown.clone(), |n| n.to_string_lossy().into_owned());
    Ok((name, bytes))
}

fn describe_io(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "file not found".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => format!("cannot read: {e}"),
    }
}

/// 1-based line and column of a byte offset.
fn line_col(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let col = before.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
    (line, col)
}

/// Checks that the bytes can be GeoJSON text at all: not empty, not binary, UTF-8.
fn check_text(file: &str, bytes: &[u8]) -> Result<usize, DataError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(DataError::file(
            file,
            "the file is UTF-16 text; GeoJSON must be UTF-8 (RFC 7946 §11). Save it as UTF-8",
        ));
    }
    // A UTF-8 byte-order mark is not allowed by the RFC but harmless; skip it.
    let start = if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        3
    } else {
        0
    };
    let body = &bytes[start..];
    let Some(first) = body.iter().position(|b| !b.is_ascii_whitespace()) else {
        return Err(DataError::file(file, "the file is empty"));
    };
    if let Some(nul) = body.iter().take(64 * 1024).position(|&b| b == 0) {
        let (line, _) = line_col(body, nul);
        return Err(DataError::at_line(
            file,
            line,
            "",
            format!(
                "binary data (a NUL byte at byte {}); this is not a GeoJSON text file",
                nul + start
            ),
        ));
    }
    match body[first] {
        b'{' => {}
        b'[' => {
            return Err(DataError::at_line(
                file,
                line_col(body, first).0,
                "",
                "the top level is a JSON array; GeoJSON needs an object (a FeatureCollection, a Feature or a geometry)",
            ));
        }
        other => {
            let (line, col) = line_col(body, first);
            let shown = if other.is_ascii_graphic() {
                format!("'{}'", other as char)
            } else {
                format!("byte 0x{other:02X}")
            };
            return Err(DataError::at_line(
                file,
                line,
                "",
                format!("column {col}: starts with {shown}, not '{{'; this is not GeoJSON"),
            ));
        }
    }
    if let Err(e) = std::str::from_utf8(body) {
        let at = e.valid_up_to();
        let (line, col) = line_col(body, at);
        let gbk = encoding_rs::GB18030
            .decode_without_bom_handling_and_without_replacement(body)
            .is_some();
        let hint = if gbk {
            "; the text decodes as GBK/GB18030: re-save the file as UTF-8"
        } else {
            ""
        };
        return Err(DataError::at_line(
            file,
            line,
            "",
            format!("column {col}: not UTF-8 (GeoJSON must be UTF-8, RFC 7946 §11){hint}"),
        ));
    }
    Ok(start)
}

const CANCELLED: &str = "loading was cancelled";

fn json_error(file: &str, e: &serde_json::Error) -> DataError {
    if e.is_io() {
        return DataError::file(file, CANCELLED);
    }
    let what = if e.is_eof() {
        "the file ends in the middle of the JSON (truncated?)".to_owned()
    } else {
        e.to_string()
            .split(" at line ")
            .next()
            .unwrap_or_default()
            .to_owned()
    };
    DataError::at_line(
        file,
        e.line().max(1),
        "",
        format!("column {}: {what}", e.column()),
    )
}

/// Parses and checks GeoJSON bytes. `file` names the file in messages.
pub fn parse_layer(
    file: &str,
    bytes: &[u8],
    progress: &LoadProgress,
) -> Result<LayerData, DataError> {
    let mut features = Vec::new();
    let mut data = parse_layer_into(file, bytes, progress, &mut |_, f| features.push(f))?;
    data.features = features;
    Ok(data)
}

/// Parses and checks GeoJSON bytes, handing each checked feature (with its index) to `sink`
/// as soon as it is read, so a caller can build features while the rest is parsed and the
/// whole layer is never held twice. The returned `LayerData` has everything but `features`,
/// and its `counts` and `len` say what was handed over.
pub fn parse_layer_into(
    file: &str,
    bytes: &[u8],
    progress: &LoadProgress,
    sink: &mut dyn FnMut(usize, LayerFeature),
) -> Result<LayerData, DataError> {
    let start = check_text(file, bytes)?;
    let body = &bytes[start..];
    // Features are counted ahead (a quick byte search) so the bar can move per feature.
    let expected = memchr::memmem::find_iter(body, b"\"Feature\"")
        .count()
        .max(1) as u64;
    progress.set_stage(Stage::Parsing, expected);
    let mut out = LayerData {
        file: file.to_owned(),
        bounds: [
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        ],
        ..LayerData::default()
    };
    let mut without_geometry = 0;
    let mut deliver = |out: &mut LayerData, lf: LayerFeature| {
        for (k, v) in &lf.properties {
            if matches!(v, PropertyValue::Number(_)) && !out.numeric_properties.contains(k) {
                out.numeric_properties.push(k.clone());
            }
        }
        without_geometry += usize::from(lf.is_empty());
        out.counts.0 += usize::from(!lf.points.is_empty());
        out.counts.1 += usize::from(!lf.lines.is_empty());
        out.counts.2 += usize::from(!lf.polygons.is_empty());
        sink(out.len, lf);
        out.len += 1;
    };
    // A problem found in a feature, which stops the stream (serde only carries text).
    let mut stopped: Option<DataError> = None;
    let streamed = crate::core::geojson_stream::stream(body, |i, f| {
        if progress.is_cancelled() {
            stopped = Some(DataError::file(file, CANCELLED));
            return Err(CANCELLED.to_owned());
        }
        let mut lf = LayerFeature {
            properties: properties(f.properties),
            ..LayerFeature::default()
        };
        if let Some(g) = &f.geometry
            && let Err(e) = add_raw_geometry(file, i, g, &mut lf, &mut out.bounds)
        {
            let text = e.message.clone();
            stopped = Some(e);
            return Err(text);
        }
        deliver(&mut out, lf);
        if i % 64 == 0 {
            progress.advance_to(i as u64);
        }
        Ok(())
    });
    let top = match streamed {
        Ok(top) => top,
        Err(e) => return Err(stopped.unwrap_or_else(|| json_error(file, &e))),
    };
    finish_top_level(file, body, top, &mut out, &mut deliver)?;
    if out.len == 0 {
        return Err(DataError::file(file, "the layer has no features"));
    }
    if without_geometry == out.len {
        return Err(DataError::file(
            file,
            "no feature has a geometry; there is nothing to draw",
        ));
    }
    if without_geometry > 0 {
        out.notes.push(format!(
            "{without_geometry} of {} features have no geometry and are not drawn",
            out.len
        ));
    }
    Ok(out)
}

/// What the streamed top level turned out to be: a FeatureCollection (its features already
/// delivered), or a lone Feature or geometry, read again whole here (the stream kept only its
/// `type`) and delivered; anything else is refused.
fn finish_top_level(
    file: &str,
    body: &[u8],
    top: crate::core::geojson_stream::TopLevel,
    out: &mut LayerData,
    deliver: &mut dyn FnMut(&mut LayerData, LayerFeature),
) -> Result<(), DataError> {
    match top.kind.as_deref() {
        Some("FeatureCollection") => {
            if !top.has_features {
                return Err(DataError::file(
                    file,
                    "a FeatureCollection without a 'features' array",
                ));
            }
            out.name = top.name.unwrap_or_else(|| file.to_owned());
        }
        // A lone feature or geometry is small: read again whole (the stream kept only `type`).
        Some("Feature") => {
            let f: Feature = serde_json::from_slice(body).map_err(|e| json_error(file, &e))?;
            out.name = file.to_owned();
            let mut lf = LayerFeature {
                properties: properties(f.properties),
                ..LayerFeature::default()
            };
            if let Some(g) = f.geometry {
                add_geometry(file, 0, &g.value, &mut lf, &mut out.bounds)?;
            }
            deliver(out, lf);
        }
        Some(
            "Point" | "MultiPoint" | "LineString" | "MultiLineString" | "Polygon" | "MultiPolygon"
            | "GeometryCollection",
        ) => {
            let g: Geometry = serde_json::from_slice(body).map_err(|e| json_error(file, &e))?;
            out.name = file.to_owned();
            let mut lf = LayerFeature::default();
            add_geometry(file, 0, &g.value, &mut lf, &mut out.bounds)?;
            deliver(out, lf);
        }
        Some(other) => {
            return Err(DataError::at_line(
                file,
                1,
                "type",
                format!(
                    "'{other}' is not a GeoJSON type (expected FeatureCollection, Feature or a geometry)"
                ),
            ));
        }
        None => {
            return Err(DataError::file(
                file,
                "the object has no 'type' member; this is JSON but not GeoJSON",
            )
            .with_field("type"));
        }
    }
    Ok(())
}

/// A feature's properties in file order, as [`PropertyValue`]s.
fn properties(
    p: Option<serde_json::Map<String, serde_json::Value>>,
) -> Vec<(String, PropertyValue)> {
    p.unwrap_or_default()
        .into_iter()
        .map(|(k, v)| (k, property_value(v)))
        .collect()
}

fn property_value(v: serde_json::Value) -> PropertyValue {
    match v {
        serde_json::Value::Null => PropertyValue::Null,
        serde_json::Value::Bool(b) => PropertyValue::Bool(b),
        serde_json::Value::Number(n) => n
            .as_f64()
            .map_or_else(|| PropertyValue::Text(n.to_string()), PropertyValue::Number),
        serde_json::Value::String(s) => PropertyValue::Text(s),
        other => PropertyValue::Json(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<LayerData, DataError> {
        parse_layer("t.geojson", s.as_bytes(), &LoadProgress::default())
    }

    #[test]
    fn reads_every_top_level_form() {
        let fc = parse(r#"{"type":"FeatureCollection","name":"n","features":[
            {"type":"Feature","properties":{"a":1,"b":"x"},"geometry":{"type":"Point","coordinates":[120,40]}},
            {"type":"Feature","properties":null,"geometry":{"type":"LineString","coordinates":[[100,30],[101,31]]}}]}"#)
        .unwrap();
        assert_eq!(fc.name, "n");
        assert_eq!(fc.count(), (1, 1, 0));
        assert_eq!(fc.numeric_properties, vec!["a".to_owned()]);
        assert_eq!(fc.bounds, [100.0, 30.0, 120.0, 40.0]);
        let f = parse(r#"{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}"#).unwrap();
        assert_eq!(f.count(), (0, 0, 1));
        let g = parse(r#"{"type":"MultiPoint","coordinates":[[1,2],[3,4]]}"#).unwrap();
        assert_eq!(g.features[0].points, vec![[1.0, 2.0], [3.0, 4.0]]);
    }

    #[test]
    fn swapped_coordinates_name_the_feature_and_the_fix() {
        let e = parse(r#"{"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[116,40]}},
            {"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[40,116]}}]}"#)
        .unwrap_err();
        assert_eq!(e.feature, Some(1));
        assert_eq!(e.field.as_deref(), Some("geometry.coordinates"));
        assert!(e.message.contains("swapped"), "{e}");
    }
}
