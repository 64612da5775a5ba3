//! GeoJSON layers the user opened, in list order: fills (one colour, or classes of a value)
//! with their outline ribbons, then lines, points and the hovered or selected feature.

use std::sync::Arc;

use egui::{Color32, Painter, Pos2, Rect, Shape, Stroke};

use super::{HitCx, MapLayer, PaintCx, PaintedFrame, add_fill, add_outline};
use crate::core::place::PlaceId;
use crate::map::style;
use crate::state::user_layer::{UserLayerView, layer_color};

pub struct UserLayers;

/// The visible, loaded layers in list order, with their list position.
fn drawn<'a>(cx: &'a PaintCx<'_>) -> impl Iterator<Item = (usize, &'a Arc<UserLayerView>)> + 'a {
    cx.state
        .settings
        .user_layers
        .iter()
        .enumerate()
        .filter(|(_, rec)| rec.visible)
        .filter_map(|(n, rec)| Some((n, cx.state.data.user_layer(&rec.path)?)))
}

/// The feature of `layer` that `place` points at.
fn feature_of(place: Option<&PlaceId>, layer: &UserLayerView) -> Option<usize> {
    match place {
        Some(PlaceId::UserFeature {
            layer: path,
            feature,
        }) if **path == *layer.path => Some(*feature),
        _ => None,
    }
}

impl MapLayer for UserLayers {
    fn name(&self) -> &'static str {
        "user-layers"
    }

    fn fill(&self, cx: &PaintCx<'_>, mesh: &mut egui::Mesh) {
        for (n, layer) in drawn(cx) {
            let color = layer_color(n);
            let single = Color32::from_rgba_unmultiplied(color.r(), color.g(), color.b(), 70);
            let classes = cx.classes.user.get(&layer.path);
            let fill_of = |i: usize| match classes {
                Some(c) => c.fill(i, style::NO_DATA),
                None => single,
            };
            add_fills(layer, mesh, cx, &fill_of);
        }
    }

    fn paint(&self, cx: &PaintCx<'_>, painter: &Painter, _out: &mut PaintedFrame) {
        let hovered = cx
            .state
            .interaction
            .hovered
            .as_ref()
            .filter(|_| cx.show_hover);
        let selected = cx.state.selection().primary();
        for (n, layer) in drawn(cx) {
            let emphasis = Emphasis {
                hovered: feature_of(hovered, layer),
                selected: feature_of(selected, layer),
            };
            paint_overlays(layer, painter, cx, layer_color(n), emphasis);
        }
    }

    fn hit(&self, cx: &HitCx<'_>, p: [f64; 2]) -> Option<PlaceId> {
        // Topmost (last in the list) first.
        cx.state
            .settings
            .user_layers
            .iter()
            .rev()
            .filter(|r| r.visible)
            .find_map(|rec| {
                let layer = cx.state.data.user_layer(&rec.path)?;
                let feature = layer.hit(p, 6.0 / cx.cam.scale)?;
                Some(PlaceId::UserFeature {
                    layer: layer.key.clone(),
                    feature,
                })
            })
    }
}

/// Adds the visible polygon fills, then their outlines, to the frame's fill mesh.
fn add_fills(
    layer: &UserLayerView,
    mesh: &mut egui::Mesh,
    cx: &PaintCx<'_>,
    fill: &dyn Fn(usize) -> Color32,
) {
    let lod = UserLayerView::lod_for_scale(cx.cam.scale);
    let [vmin, vmax] = cx.cam.visible_bounds(cx.rect);
    let xf = cx.cam.screen_transform(cx.rect);
    let visible: Vec<usize> = layer.area_index.in_view(vmin, vmax).collect();
    // A concrete closure, so `add_fill` is monomorphised: no call through a pointer per vertex.
    let to_screen = |p: Pos2| xf.apply(p);
    let outline = Color32::from_rgba_unmultiplied(40, 40, 40, 140);
    if super::super::vector::recording() {
        // A vector export: each unit one path, filled and outlined.
        for &i in &visible {
            let stroke = Stroke::new(0.7, outline);
            super::super::vector::push_feature(layer.mesh(lod, i), fill(i), stroke, &to_screen);
        }
        return;
    }
    for &i in &visible {
        add_fill(mesh, layer.mesh(lod, i), fill(i), &to_screen);
    }
    // Outlines go in the same mesh, after (above) the fills.
    // A unit under two points across would be all outline: its fill says enough.
    let min_size = (2.0 / cx.cam.scale) as f32;
    for &i in &visible {
        let b = layer.mesh(lod, i).bounds;
        if b.width() > min_size || b.height() > min_size {
            layer.outline(lod, i).add_to(mesh, 0.35, outline, xf);
        }
    }
}

/// The features of a layer drawn with emphasis.
#[derive(Clone, Copy)]
struct Emphasis {
    hovered: Option<usize>,
    selected: Option<usize>,
}

/// Draws lines, points and the outlines of the hovered and selected features.
fn paint_overlays(
    layer: &UserLayerView,
    painter: &Painter,
    cx: &PaintCx<'_>,
    color: Color32,
    emphasis: Emphasis,
) {
    let lod = UserLayerView::lod_for_scale(cx.cam.scale);
    let to_screen = cx.to_screen();
    let clip = painter.clip_rect().expand(10.0);
    for (i, lines) in layer.lines[lod].iter().enumerate() {
        let stroke = if emphasis.hovered == Some(i) {
            Stroke::new(3.5, style::HIGHLIGHT)
        } else {
            Stroke::new(1.8, color)
        };
        for l in lines {
            let pts: Vec<Pos2> = l.iter().map(|p| to_screen(*p)).collect();
            let mut b = Rect::NOTHING;
            for p in &pts {
                b.extend_with(*p);
            }
            if b.intersects(clip) {
                painter.add(Shape::line(pts, stroke));
            }
        }
    }
    for &(i, p) in &layer.points {
        let s = cx.screen(p);
        if clip.contains(s) {
            let r = if emphasis.hovered == Some(i) {
                6.0
            } else {
                4.0
            };
            painter.circle(s, r, color, Stroke::new(1.2, Color32::WHITE));
        }
    }
    let strokes = [
        (emphasis.selected, Stroke::new(3.0, style::SELECTION)),
        (emphasis.hovered, Stroke::new(2.5, style::HIGHLIGHT)),
    ];
    for (feature, stroke) in strokes {
        if let Some(i) = feature.filter(|&i| i < layer.len()) {
            add_outline(painter, layer.mesh(lod, i), stroke, &to_screen);
        }
    }
}
