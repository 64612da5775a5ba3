//! The geometry checks of a layer: every position in range (with a hint when it looks swapped
//! or projected), rings closed with 4+ positions, coordinates nested as the type requires.
//! For features from the streaming reader and from the geojson crate (a lone Feature or
//! geometry) alike.

use geo::{Coord, LineString, Polygon};
use geojson::GeometryValue;

use super::LayerFeature;
use crate::core::error::DataError;

/// Checks one position; the message says which way it is wrong.
fn coord(
    file: &str,
    feature: usize,
    p: &geojson::Position,
    bounds: &mut [f64; 4],
) -> Result<Coord<f64>, DataError> {
    let xy = [
        p.as_slice().first().copied().unwrap_or(f64::NAN),
        p.as_slice().get(1).copied().unwrap_or(f64::NAN),
    ];
    coord_xy(file, feature, xy, p.len(), bounds)
}

/// Checks a position given as its first two numbers and how many numbers it had.
fn coord_xy(
    file: &str,
    feature: usize,
    [x, y]: [f64; 2],
    numbers: usize,
    bounds: &mut [f64; 4],
) -> Result<Coord<f64>, DataError> {
    let field = "geometry.coordinates";
    if numbers < 2 {
        return Err(DataError::at_feature(
            file,
            feature,
            field,
            format!("a position has {numbers} number(s); it needs longitude and latitude"),
        ));
    }
    if !x.is_finite() || !y.is_finite() {
        return Err(DataError::at_feature(
            file,
            feature,
            field,
            "a coordinate is not a finite number",
        ));
    }
    if !(-180.0..=180.0).contains(&x) || !(-90.0..=90.0).contains(&y) {
        let hint = if (-180.0..=180.0).contains(&y) && (-90.0..=90.0).contains(&x) {
            " — longitude and latitude look swapped (GeoJSON order is [longitude, latitude])"
        } else if x.abs() > 1000.0 || y.abs() > 1000.0 {
            " — these look like projected metres; GeoJSON must be WGS 84 longitude/latitude degrees"
        } else {
            ""
        };
        return Err(DataError::at_feature(
            file,
            feature,
            field,
            format!("position [{x}, {y}] is outside longitude −180…180 / latitude −90…90{hint}"),
        ));
    }
    bounds[0] = bounds[0].min(x);
    bounds[1] = bounds[1].min(y);
    bounds[2] = bounds[2].max(x);
    bounds[3] = bounds[3].max(y);
    Ok(Coord { x, y })
}

fn line(
    file: &str,
    feature: usize,
    ps: &[geojson::Position],
    b: &mut [f64; 4],
) -> Result<LineString<f64>, DataError> {
    ps.iter()
        .map(|p| coord(file, feature, p, b))
        .collect::<Result<Vec<_>, _>>()
        .map(LineString::new)
}

fn polygon(
    file: &str,
    feature: usize,
    rings: &[Vec<geojson::Position>],
    b: &mut [f64; 4],
) -> Result<Option<Polygon<f64>>, DataError> {
    // Checked on the raw positions: converting to `geo` would silently close the ring.
    for r in rings {
        if r.len() < 4 || r.first() != r.last() {
            return Err(DataError::at_feature(
                file,
                feature,
                "geometry.coordinates",
                format!(
                    "a polygon ring with {} positions is not closed or has fewer than 4 (RFC 7946 §3.1.6)",
                    r.len()
                ),
            ));
        }
    }
    let mut rings = rings
        .iter()
        .map(|r| line(file, feature, r, b))
        .collect::<Result<Vec<_>, _>>()?
        .into_iter();
    Ok(rings
        .next()
        .map(|exterior| Polygon::new(exterior, rings.collect())))
}

/// Adds a streamed geometry ([`crate::core::geojson_stream`]) to a feature, with the same
/// checks as [`add_geometry`]: every position in range, rings closed with 4+ positions,
/// coordinates nested as the type requires.
pub(super) fn add_raw_geometry(
    file: &str,
    i: usize,
    g: &crate::core::geojson_stream::RawGeometry,
    f: &mut LayerFeature,
    b: &mut [f64; 4],
) -> Result<(), DataError> {
    use crate::core::geojson_stream::{Coords, Position};
    let kind = g.kind.as_str();
    let wrong = || {
        DataError::at_feature(
            file,
            i,
            "geometry.coordinates",
            format!("the coordinates are not nested as a {kind} needs"),
        )
    };
    let point = |p: &Position, b: &mut [f64; 4]| coord_xy(file, i, p.xy, p.numbers, b);
    let line = |ps: &[Position], b: &mut [f64; 4]| -> Result<LineString<f64>, DataError> {
        ps.iter()
            .map(|p| point(p, b))
            .collect::<Result<Vec<_>, _>>()
            .map(LineString::new)
    };
    let polygon = |rings: &Coords, b: &mut [f64; 4]| -> Result<Option<Polygon<f64>>, DataError> {
        let Coords::Nested(rings) = rings else {
            return Err(wrong());
        };
        let mut out = Vec::with_capacity(rings.len());
        for r in rings {
            let ps = positions(r).ok_or_else(wrong)?;
            if ps.len() < 4 || ps.first().map(|p| p.xy) != ps.last().map(|p| p.xy) {
                return Err(DataError::at_feature(
                    file,
                    i,
                    "geometry.coordinates",
                    format!(
                        "a polygon ring with {} positions is not closed or has fewer than 4 (RFC 7946 §3.1.6)",
                        ps.len()
                    ),
                ));
            }
            out.push(line(ps, b)?);
        }
        let mut rings = out.into_iter();
        Ok(rings
            .next()
            .map(|exterior| Polygon::new(exterior, rings.collect())))
    };
    let nested = |c| nested_of(c).ok_or_else(wrong);
    if kind == "GeometryCollection" {
        for g in g.geometries.iter().flatten() {
            add_raw_geometry(file, i, g, f, b)?;
        }
        return Ok(());
    }
    let Some(c) = &g.coordinates else {
        return Err(DataError::at_feature(
            file,
            i,
            "geometry.coordinates",
            format!("a {kind} without coordinates"),
        ));
    };
    match kind {
        "Point" => {
            let Coords::Position(p) = c else {
                return Err(wrong());
            };
            let c = point(p, b)?;
            f.points.push([c.x, c.y]);
        }
        "MultiPoint" => {
            for p in positions(c).ok_or_else(wrong)? {
                let c = point(p, b)?;
                f.points.push([c.x, c.y]);
            }
        }
        "LineString" => f.lines.push(line(positions(c).ok_or_else(wrong)?, b)?),
        "MultiLineString" => {
            for l in nested(c)? {
                f.lines.push(line(positions(l).ok_or_else(wrong)?, b)?);
            }
        }
        "Polygon" => f.polygons.extend(polygon(c, b)?),
        "MultiPolygon" => {
            for p in nested(c)? {
                f.polygons.extend(polygon(p, b)?);
            }
        }
        other => {
            return Err(DataError::at_feature(
                file,
                i,
                "geometry.type",
                format!("'{other}' is not a GeoJSON geometry type"),
            ));
        }
    }
    Ok(())
}

/// The positions of a line or ring (an empty array counts as none).
fn positions(
    c: &crate::core::geojson_stream::Coords,
) -> Option<&[crate::core::geojson_stream::Position]> {
    use crate::core::geojson_stream::Coords;
    match c {
        Coords::Positions(ps) => Some(ps),
        Coords::Nested(v) if v.is_empty() => Some(&[]),
        _ => None,
    }
}

/// The parts of a nested coordinate array.
fn nested_of(
    c: &crate::core::geojson_stream::Coords,
) -> Option<&[crate::core::geojson_stream::Coords]> {
    match c {
        crate::core::geojson_stream::Coords::Nested(v) => Some(v),
        _ => None,
    }
}

pub(super) fn add_geometry(
    file: &str,
    i: usize,
    g: &GeometryValue,
    f: &mut LayerFeature,
    b: &mut [f64; 4],
) -> Result<(), DataError> {
    match g {
        GeometryValue::Point { coordinates } => {
            let c = coord(file, i, coordinates, b)?;
            f.points.push([c.x, c.y]);
        }
        GeometryValue::MultiPoint { coordinates } => {
            for p in coordinates {
                let c = coord(file, i, p, b)?;
                f.points.push([c.x, c.y]);
            }
        }
        GeometryValue::LineString { coordinates } => {
            f.lines.push(line(file, i, coordinates, b)?);
        }
        GeometryValue::MultiLineString { coordinates } => {
            for l in coordinates {
                f.lines.push(line(file, i, l, b)?);
            }
        }
        GeometryValue::Polygon { coordinates } => {
            f.polygons.extend(polygon(file, i, coordinates, b)?);
        }
        GeometryValue::MultiPolygon { coordinates } => {
            for p in coordinates {
                f.polygons.extend(polygon(file, i, p, b)?);
            }
        }
        GeometryValue::GeometryCollection { geometries } => {
            for g in geometries {
                add_geometry(file, i, &g.value, f, b)?;
            }
        }
    }
    Ok(())
}
