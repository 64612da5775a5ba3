//! The map's layers, bottom to top. Each is a small type in its own file with its fills,
//! its strokes and markers, and its hit-test; [`LAYERS`] is the one list that orders them.
//!
//! A frame draws in two passes so that all fills share one mesh (one draw call) under every
//! outline: first each layer's [`MapLayer::fill`], then each layer's [`MapLayer::paint`].
//! Hit-testing asks the layers top to bottom; the first hit wins.

mod boundaries;
mod cities;
mod emphasis;
mod heritage;
pub mod spatial;
mod user;
mod zones;

use egui::{Color32, Painter, Pos2, Rect, Shape, Stroke};

use super::camera::Camera;
use super::classes::FrameClasses;
use super::geometry::{Lod, MapGeometry};
use crate::core::place::PlaceId;
use crate::core::story::Highlight;
use crate::geom::mesh::FeatureMesh;
use crate::state::AtlasState;

/// What a layer reads to draw one frame.
pub struct PaintCx<'a> {
    pub state: &'a AtlasState,
    pub geo: &'a MapGeometry,
    pub classes: &'a FrameClasses,
    pub cam: Camera,
    pub rect: Rect,
    pub lod: Lod,
    /// Places a story slide rings.
    pub highlights: &'a [Highlight],
    /// Provinces and prefectures whose bounds meet the view.
    pub visible_provinces: Vec<usize>,
    pub visible_prefectures: Vec<usize>,
    /// Prefectures are coloured (zoomed in with the prefecture fill on, or a prefecture-level
    /// import at any zoom).
    pub prefecture_fill: bool,
    /// Draw the hover emphasis (the motion picture leaves it out: nothing is hovered while
    /// the map is dragged).
    pub show_hover: bool,
}

impl PaintCx<'_> {
    /// Projected metres (f32 mesh vertices) to screen points.
    pub fn to_screen(&self) -> impl Fn(Pos2) -> Pos2 + '_ {
        let cam = self.cam;
        let rect = self.rect;
        move |p: Pos2| cam.screen_from_projected(rect, [f64::from(p.x), f64::from(p.y)])
    }

    pub fn screen(&self, p: [f64; 2]) -> Pos2 {
        self.cam.screen_from_projected(self.rect, p)
    }

    pub fn provinces(&self) -> &[FeatureMesh] {
        &self.geo.provinces[self.lod as usize]
    }

    pub fn prefectures(&self) -> &[FeatureMesh] {
        &self.geo.prefectures[self.lod as usize]
    }
}

/// What a layer reads to hit-test a point.
pub struct HitCx<'a> {
    pub state: &'a AtlasState,
    pub geo: &'a MapGeometry,
    pub cam: Camera,
    pub lod: Lod,
}

/// Where interactive things ended up in a painted frame.
#[derive(Default)]
pub struct PaintedFrame {
    pub province_label_rects: Vec<Option<Rect>>,
    /// Per city in `Dataset::cities`: its marker's rect, if drawn.
    pub city_marker_rects: Vec<Option<Rect>>,
    /// Legend class rows and their text ("legend class 1: 0 – 10 (3)").
    pub legend_rows: Vec<(Rect, String)>,
    /// The legend's title: a click folds or unfolds the legend.
    pub legend_title: Option<Rect>,
    /// Where the legend, inset, and scale bar with the credit were drawn.
    pub furniture_rects: Vec<Rect>,
}

pub trait MapLayer: Sync {
    /// The layer's name (a vector export's group id).
    fn name(&self) -> &'static str;
    /// Adds this layer's fills to the frame's one fill mesh.
    fn fill(&self, _cx: &PaintCx<'_>, _mesh: &mut egui::Mesh) {}
    /// Draws outlines, markers and rings above all fills.
    fn paint(&self, _cx: &PaintCx<'_>, _painter: &Painter, _out: &mut PaintedFrame) {}
    /// The place under projected point `p`, if this layer has one there.
    fn hit(&self, _cx: &HitCx<'_>, _p: [f64; 2]) -> Option<PlaceId> {
        None
    }
}

/// Bottom to top. The user's layers sit above the built-in fills and under the built-in
/// outlines and markers.
pub static LAYERS: [&dyn MapLayer; 10] = [
    &boundaries::BoundaryFills,
    &zones::Zones,
    &user::UserLayers,
    &spatial::DensitySurface,
    &boundaries::BoundaryOutlines,
    &emphasis::LinkedAndSelected,
    &heritage::Heritage,
    &cities::Cities,
    // Above the cities: it is shown only when the spatial chart asks for it.
    &spatial::SpatialOverlay,
    &emphasis::StoryRings,
];

/// The topmost place under projected point `p`.
pub fn hit_test(cx: &HitCx<'_>, p: [f64; 2]) -> Option<PlaceId> {
    LAYERS.iter().rev().find_map(|layer| layer.hit(cx, p))
}

/// Appends a feature's triangles to a mesh in one colour.
pub fn add_fill(
    mesh: &mut egui::Mesh,
    f: &FeatureMesh,
    color: Color32,
    to_screen: &impl Fn(Pos2) -> Pos2,
) {
    if super::vector::recording() {
        super::vector::push_feature(f, color, Stroke::NONE, to_screen);
        return;
    }
    let base = mesh.vertices.len() as u32;
    mesh.vertices
        .extend(f.vertices.iter().map(|p| egui::epaint::Vertex {
            pos: to_screen(*p),
            uv: egui::epaint::WHITE_UV,
            color,
        }));
    mesh.indices.extend(f.indices.iter().map(|i| base + i));
}

/// Strokes a feature's rings, skipping rings off screen or under a point across.
pub fn add_outline(
    painter: &Painter,
    f: &FeatureMesh,
    stroke: Stroke,
    to_screen: &impl Fn(Pos2) -> Pos2,
) {
    let clip = painter.clip_rect().expand(20.0);
    for ring in &f.rings {
        let pts: Vec<Pos2> = ring.iter().map(|p| to_screen(*p)).collect();
        // The tessellator would still walk rings entirely off screen.
        let mut b = Rect::NOTHING;
        for p in &pts {
            b.extend_with(*p);
        }
        if b.intersects(clip) && (b.width() > 0.8 || b.height() > 0.8) {
            painter.add(Shape::line(pts, stroke));
        }
    }
}
