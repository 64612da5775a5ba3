//! Vector export mode. While a vector picture is recorded, map fills are kept as polygons
//! (each feature's rings and colour) instead of triangles, and each layer's shapes are
//! bracketed by markers, so the SVG writer can draw one `<path>` per unit and one `<g>` per
//! layer. The marks travel as egui paint callbacks, which the renderers ignore.
//!
//! The switch is thread-local because the map paints deep inside egui's frame, on the
//! export's own thread; nothing else reads it.

use std::cell::RefCell;
use std::sync::Arc;

use egui::{Color32, Pos2, Rect, Shape};

/// One unit's fill: its rings (exterior and holes, even-odd) in screen points.
pub struct VectorFill {
    pub rings: Vec<Vec<Pos2>>,
    pub color: Color32,
    /// The unit's outline, where its layer draws one with the fill (user layers).
    pub stroke: egui::Stroke,
}

/// What a paint callback carries in vector mode.
pub enum VectorMark {
    /// The fills of a frame (or of the inset), in paint order.
    Fills(Vec<VectorFill>),
    /// The shapes after this, up to the matching `End`, are one layer.
    Begin(&'static str),
    End,
}

thread_local! {
    static RECORDING: RefCell<Option<Vec<VectorFill>>> = const { RefCell::new(None) };
}

/// Runs `f` with vector recording on.
pub fn record<R>(f: impl FnOnce() -> R) -> R {
    RECORDING.with(|r| *r.borrow_mut() = Some(Vec::new()));
    let out = f();
    RECORDING.with(|r| *r.borrow_mut() = None);
    out
}

pub fn recording() -> bool {
    RECORDING.with(|r| r.borrow().is_some())
}

/// Keeps a fill (vector mode only).
fn push_fill(rings: Vec<Vec<Pos2>>, color: Color32, stroke: egui::Stroke) {
    RECORDING.with(|r| {
        if let Some(list) = r.borrow_mut().as_mut() {
            list.push(VectorFill {
                rings,
                color,
                stroke,
            });
        }
    });
}

/// The shape that paints a frame's fills: the fill mesh, or in vector mode the fills kept
/// since the last call, as one mark in the mesh's place.
pub(crate) fn fills_or_mesh(rect: Rect, mesh: Arc<egui::Mesh>) -> Shape {
    take_fills(rect).unwrap_or_else(|| Shape::mesh(mesh))
}

/// Keeps a polygon's fill, already in screen points (vector mode only).
pub(crate) fn push_polygon(rings: Vec<Vec<Pos2>>, color: Color32) {
    push_fill(rings, color, egui::Stroke::NONE);
}

/// Keeps a unit's fill (and outline) as its rings on screen (vector mode only).
pub(crate) fn push_feature(
    f: &crate::geom::mesh::FeatureMesh,
    color: Color32,
    stroke: egui::Stroke,
    to_screen: &impl Fn(Pos2) -> Pos2,
) {
    let rings = f
        .rings
        .iter()
        .map(|r| r.iter().map(|p| to_screen(*p)).collect())
        .collect();
    push_fill(rings, color, stroke);
}

/// In vector mode, the fills kept since the last call, as one mark to paint in their place.
fn take_fills(rect: Rect) -> Option<Shape> {
    RECORDING.with(|r| {
        let mut r = r.borrow_mut();
        let list = r.as_mut()?;
        Some(mark(rect, VectorMark::Fills(std::mem::take(list))))
    })
}

/// A layer's start or end mark, in vector mode.
pub(crate) fn layer_mark(rect: Rect, m: VectorMark) -> Option<Shape> {
    recording().then(|| mark(rect, m))
}

fn mark(rect: Rect, m: VectorMark) -> Shape {
    Shape::Callback(egui::PaintCallback {
        rect,
        callback: Arc::new(m),
    })
}
