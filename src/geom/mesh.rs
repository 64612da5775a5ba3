//! Boundaries projected and triangulated once, at start-up, per level of detail.
//! Each frame only transforms these vertices to the screen.

use egui::{Color32, Pos2, Rect, Vec2, pos2};
use geo::{Area, BoundingRect, Centroid, MultiPolygon, TriangulateEarcut};
use geo::{LineString, Polygon};

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
    pub hit_shape: HitShape,
}

impl FeatureMesh {
    pub fn contains(&self, p: [f64; 2]) -> bool {
        let pt = pos2(p[0] as f32, p[1] as f32);
        self.bounds.contains(pt) && self.hit_shape.contains(p)
    }
}

/// Polygons with their bounding boxes computed once: geo's `Intersects` recomputes a
/// polygon's box on every call, which was most of a hover over the 2,875 counties.
#[derive(Clone, Debug, Default)]
pub struct HitShape {
    polygons: Vec<(geo::Rect<f64>, Polygon<f64>)>,
}

impl HitShape {
    pub fn new(shape: MultiPolygon<f64>) -> Self {
        let polygons = shape
            .0
            .into_iter()
            .filter_map(|p| Some((p.bounding_rect()?, p)))
            .collect();
        Self { polygons }
    }

    /// Whether `p` lies in a polygon or on its boundary (as `Intersects` counts it).
    pub fn contains(&self, p: [f64; 2]) -> bool {
        use geo::coordinate_position::{CoordPos, coord_pos_relative_to_ring};
        let c = geo::coord! { x: p[0], y: p[1] };
        self.polygons.iter().any(|(b, poly)| {
            let (lo, hi) = (b.min(), b.max());
            lo.x <= c.x
                && c.x <= hi.x
                && lo.y <= c.y
                && c.y <= hi.y
                && coord_pos_relative_to_ring(c, poly.exterior()) != CoordPos::Outside
                && poly
                    .interiors()
                    .iter()
                    .all(|hole| coord_pos_relative_to_ring(c, hole) != CoordPos::Inside)
        })
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
        hit_shape: HitShape::default(),
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
    mesh.hit_shape = HitShape::new(shape);
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

/// The camera as an f32 affine map from projected metres to screen points, for
/// transforming many cached vertices per frame (the f64 per-vertex transform showed up in
/// profiles of the county layer).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScreenTransform {
    pub scale: f32,
    pub offset: Vec2,
}

impl ScreenTransform {
    #[inline]
    pub fn apply(&self, p: Pos2) -> Pos2 {
        pos2(
            p.x * self.scale + self.offset.x,
            self.offset.y - p.y * self.scale,
        )
    }
}

/// Polygon outlines as ready-made triangles: two vertices per ring point, offset along its
/// miter direction. A frame only places them at ± half the stroke width, so thousands of
/// county outlines cost a vertex transform each instead of a path tessellation.
#[derive(Clone, Debug, Default)]
pub struct OutlineRibbon {
    points: Vec<Pos2>,
    /// Unit normal scaled by the miter length (projected axes, y up).
    miters: Vec<egui::Vec2>,
    /// Points per ring. The triangles follow from them, so they are made when the ribbon is
    /// placed rather than stored (stored indices were 60% of a county layer's outlines).
    ring_lens: Vec<u32>,
}

impl OutlineRibbon {
    pub fn new(rings: &[Vec<Pos2>]) -> Self {
        let mut r = Self::default();
        for ring in rings {
            // Closed rings repeat their first point; drop it.
            let pts = match ring.split_last() {
                Some((last, rest)) if Some(last) == rest.first() => rest,
                _ => &ring[..],
            };
            let n = pts.len();
            if n < 2 {
                continue;
            }
            let dir = |a: Pos2, b: Pos2| (b - a).normalized();
            for i in 0..n {
                let prev = pts[(i + n - 1) % n];
                let next = pts[(i + 1) % n];
                let (d1, d2) = (dir(prev, pts[i]), dir(pts[i], next));
                let (n1, n2) = (d1.rot90(), d2.rot90());
                let sum = n1 + n2;
                let m = if sum.length_sq() > 1e-6 {
                    sum.normalized()
                } else {
                    n2
                };
                // Sharp corners would spike: cap the miter at twice the width.
                let cos = m.dot(n1).max(0.5);
                r.miters.push(m / cos);
                r.points.push(pts[i]);
            }
            r.ring_lens.push(n as u32);
        }
        r
    }

    /// Appends the ribbon at `half_width` points each side of the line.
    pub fn add_to(
        &self,
        mesh: &mut egui::Mesh,
        half_width: f32,
        color: Color32,
        xf: ScreenTransform,
    ) {
        let base = mesh.vertices.len() as u32;
        let vertex = |pos| egui::epaint::Vertex {
            pos,
            uv: egui::epaint::WHITE_UV,
            color,
        };
        // Exact-size iterators: one capacity check per ring set, not one per vertex.
        mesh.vertices.reserve(self.points.len() * 2);
        mesh.vertices
            .extend(self.points.iter().zip(&self.miters).flat_map(|(p, m)| {
                let s = xf.apply(*p);
                // Screen y points down, projected y up.
                let o = egui::vec2(m.x, -m.y) * half_width;
                [vertex(s + o), vertex(s - o)]
            }));
        // Each ring closes on itself: quad i joins its point i to point i + 1, the last
        // point to the first (no modulo per point: it showed up in profiles).
        mesh.indices.reserve(self.points.len() * 6);
        let mut start = base;
        for &n in &self.ring_lens {
            let quad = |a: u32, c: u32| [a, a + 1, c, a + 1, c + 1, c];
            mesh.indices.extend(
                (0..n - 1)
                    .flat_map(|i| quad(start + 2 * i, start + 2 * i + 2))
                    .chain(quad(start + 2 * (n - 1), start)),
            );
            start += 2 * n;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Intersects, Point, polygon};

    #[test]
    fn a_ribbon_closes_every_ring_with_two_triangles_per_side() {
        let square = vec![
            pos2(0.0, 0.0),
            pos2(10.0, 0.0),
            pos2(10.0, 10.0),
            pos2(0.0, 10.0),
            pos2(0.0, 0.0),
        ];
        let triangle = vec![pos2(20.0, 0.0), pos2(30.0, 0.0), pos2(25.0, 5.0)];
        let ribbon = OutlineRibbon::new(&[square, triangle]);
        let mut mesh = egui::Mesh::default();
        // Something already in the mesh: the ribbon's indices must start after it.
        mesh.vertices.push(egui::epaint::Vertex::default());
        let xf = ScreenTransform {
            scale: 1.0,
            offset: Vec2::ZERO,
        };
        ribbon.add_to(&mut mesh, 1.0, Color32::BLACK, xf);
        assert_eq!(mesh.vertices.len(), 1 + 2 * (4 + 3));
        assert_eq!(mesh.indices.len(), 6 * (4 + 3));
        assert!(mesh.indices.iter().all(|&i| (1..15).contains(&i)));
        // The square's last side joins its 4th point (vertices 7, 8) to its first (1, 2);
        // the triangle's to its own first point (9, 10), not the square's.
        assert_eq!(mesh.indices[18..24], [7, 8, 1, 8, 2, 1]);
        assert_eq!(mesh.indices[36..42], [13, 14, 9, 14, 10, 9]);
        // Each point is offset by ± half the width along its miter.
        let (outer, inner) = (mesh.vertices[1].pos, mesh.vertices[2].pos);
        assert!(
            (outer - inner).length() >= 2.0 - 1e-4,
            "{outer:?} {inner:?}"
        );
    }

    #[test]
    fn hit_shape_agrees_with_geo_intersects_inside_on_edges_and_in_holes() {
        let shape = MultiPolygon::new(vec![
            polygon![
                exterior: [(x: 0.0, y: 0.0), (x: 10.0, y: 0.0), (x: 10.0, y: 10.0), (x: 0.0, y: 10.0)],
                interiors: [[(x: 3.0, y: 3.0), (x: 6.0, y: 3.0), (x: 6.0, y: 6.0), (x: 3.0, y: 6.0)]],
            ],
            polygon![(x: 20.0, y: 0.0), (x: 25.0, y: 5.0), (x: 20.0, y: 10.0)],
        ]);
        let hit = HitShape::new(shape.clone());
        for i in 0..=60 {
            for j in 0..=24 {
                let p = [f64::from(i) * 0.5 - 2.0, f64::from(j) * 0.5 - 1.0];
                let want = shape.intersects(&Point::new(p[0], p[1]));
                assert_eq!(hit.contains(p), want, "{p:?}");
            }
        }
    }
}
