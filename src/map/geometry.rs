//! Boundaries projected and triangulated once, at start-up, per level of detail.
//! Each frame only transforms these vertices to the screen.

use egui::{Pos2, Rect, pos2};
use geo::{Area, BoundingRect, Centroid, MultiPolygon, TriangulateEarcut};
use geo::{Intersects, LineString, Point, Polygon};

use crate::core::projection::Albers;

/// One unit's fill triangles and outline rings in projected metres (f32 is ample: < 1 m error).
#[derive(Clone, Debug)]
pub struct FeatureMesh {
    pub vertices: Vec<Pos2>,
    pub indices: Vec<u32>,
    /// Closed outline rings (last point repeated).
    pub rings: Vec<Vec<Pos2>>,
    /// Projected bounding box.
    pub bounds: Rect,
    /// Where the label goes: the centroid of the largest polygon.
    pub label_anchor: Pos2,
    /// Projected area in m² (label priority).
    pub area: f64,
    /// Projected shape for exact hit-tests.
    pub shape: MultiPolygon<f64>,
}

impl FeatureMesh {
    pub fn contains(&self, p: [f64; 2]) -> bool {
        let pt = pos2(p[0] as f32, p[1] as f32);
        self.bounds.contains(pt) && self.shape.intersects(&Point::new(p[0], p[1]))
    }
}

pub fn project_ring(proj: &Albers, ring: &LineString<f64>) -> LineString<f64> {
    ring.0
        .iter()
        .map(|c| {
            let p = proj.project(c.x, c.y);
            geo::coord! { x: p.x, y: p.y }
        })
        .collect()
}

pub fn project_multipolygon(proj: &Albers, mp: &MultiPolygon<f64>) -> MultiPolygon<f64> {
    MultiPolygon::new(
        mp.0.iter()
            .map(|p| {
                Polygon::new(
                    project_ring(proj, p.exterior()),
                    p.interiors()
                        .iter()
                        .map(|r| project_ring(proj, r))
                        .collect(),
                )
            })
            .collect(),
    )
}

fn to_pos(c: &geo::Coord<f64>) -> Pos2 {
    pos2(c.x as f32, c.y as f32)
}

/// Projects and triangulates one unit.
pub fn build_feature(proj: &Albers, lonlat: &MultiPolygon<f64>) -> FeatureMesh {
    build_projected(project_multipolygon(proj, lonlat))
}

/// Triangulates a shape already in projected metres.
pub fn build_projected(shape: MultiPolygon<f64>) -> FeatureMesh {
    let mut mesh = FeatureMesh {
        vertices: Vec::new(),
        indices: Vec::new(),
        rings: Vec::new(),
        bounds: Rect::NOTHING,
        label_anchor: Pos2::ZERO,
        area: 0.0,
        shape: MultiPolygon::new(vec![]),
    };
    let mut largest: Option<(f64, Pos2)> = None;
    for poly in &shape.0 {
        let tri = poly.earcut_triangles_raw();
        let base = mesh.vertices.len() as u32;
        mesh.vertices
            .extend(tri.vertices.iter().map(|v| pos2(v[0] as f32, v[1] as f32)));
        mesh.indices
            .extend(tri.triangle_indices.iter().map(|&i| base + i as u32));
        for ring in std::iter::once(poly.exterior()).chain(poly.interiors()) {
            let pts: Vec<Pos2> = ring.0.iter().map(to_pos).collect();
            for p in &pts {
                mesh.bounds.extend_with(*p);
            }
            mesh.rings.push(pts);
        }
        let a = poly.unsigned_area();
        mesh.area += a;
        if largest.is_none_or(|(la, _)| a > la)
            && let Some(c) = poly.centroid()
        {
            largest = Some((a, pos2(c.x() as f32, c.y() as f32)));
        }
    }
    mesh.label_anchor = largest
        .map(|(_, c)| c)
        .or_else(|| shape.bounding_rect().map(|r| to_pos(&r.center())))
        .unwrap_or_default();
    mesh.shape = shape;
    mesh
}

/// Lines (maritime boundary) projected once.
pub fn project_lines(proj: &Albers, lines: &geo::MultiLineString<f64>) -> Vec<Vec<Pos2>> {
    lines
        .0
        .iter()
        .map(|l| {
            l.0.iter()
                .map(|c| {
                    let p = proj.project(c.x, c.y);
                    pos2(p.x as f32, p.y as f32)
                })
                .collect()
        })
        .collect()
}
