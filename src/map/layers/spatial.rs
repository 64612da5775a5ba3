//! The spatial analysis drawn on the map, when its chart asks: the weights' links between
//! neighbouring units (the connectivity view), and each region's mean centre and standard
//! deviational ellipse of the confirmed cities.

use egui::{Align2, Color32, FontId, Painter, Pos2, Shape, Stroke};

use super::{MapLayer, PaintCx, PaintedFrame};
use crate::core::spatial::analysis::{CitySet, concentration_by_group};
use crate::core::spatial::weights::UnitLevel;
use crate::paint::color32;

pub struct SpatialOverlay;

/// The confirmed cities' kernel density, as a smooth translucent surface over the fills
/// and under the outlines and cities.
pub struct DensitySurface;

/// Cells below this share of the peak are left out (transparent anyway).
const DENSITY_FLOOR: f32 = 0.02;

/// The surface's colour at `t` (0–1 of the peak): yellow to dark brown (ColorBrewer YlOrBr),
/// more opaque as it rises, so the map underneath stays readable where density is low.
pub fn density_color(t: f32) -> Color32 {
    const STOPS: [[f32; 3]; 4] = [
        [254.0, 227.0, 145.0],
        [254.0, 153.0, 41.0],
        [204.0, 76.0, 2.0],
        [102.0, 37.0, 6.0],
    ];
    let t = t.clamp(0.0, 1.0);
    let x = t * 3.0;
    let k = (x.floor() as usize).min(2);
    let f = x - k as f32;
    let c: [u8; 3] =
        std::array::from_fn(|i| (STOPS[k][i] + (STOPS[k + 1][i] - STOPS[k][i]) * f).round() as u8);
    let alpha = (t.powf(0.6) * 215.0).round() as u8;
    Color32::from_rgba_unmultiplied(c[0], c[1], c[2], alpha)
}

impl MapLayer for DensitySurface {
    fn name(&self) -> &'static str {
        "city-density"
    }

    fn fill(&self, cx: &PaintCx<'_>, mesh: &mut egui::Mesh) {
        let Some((g, colors)) = &cx.classes.density else {
            return;
        };
        if g.max <= 0.0 {
            return;
        }
        let shown = |v: f32| v / g.max >= DENSITY_FLOOR;
        if crate::map::vector::recording() {
            // A vector picture: one square per cell, in the cell's colour.
            let half = g.cell_m / 2.0;
            for r in 0..g.rows {
                for c in 0..g.cols {
                    let v = g.at(c, r);
                    if !shown(v) {
                        continue;
                    }
                    let [x, y] = g.centre(c, r);
                    let ring = vec![
                        cx.screen([x - half, y - half]),
                        cx.screen([x + half, y - half]),
                        cx.screen([x + half, y + half]),
                        cx.screen([x - half, y + half]),
                    ];
                    crate::map::vector::push_polygon(vec![ring], colors[r * g.cols + c]);
                }
            }
            return;
        }
        // Cell centres are the vertices; a quad joins four neighbouring centres, coloured
        // at its corners so the rasteriser blends them smoothly.
        let base = mesh.vertices.len() as u32;
        let xf = cx.cam.screen_transform(cx.rect);
        for r in 0..g.rows {
            for c in 0..g.cols {
                let [x, y] = g.centre(c, r);
                mesh.vertices.push(egui::epaint::Vertex {
                    pos: xf.apply(egui::pos2(x as f32, y as f32)),
                    uv: egui::epaint::WHITE_UV,
                    color: colors[r * g.cols + c],
                });
            }
        }
        let at = |c: usize, r: usize| base + (r * g.cols + c) as u32;
        for r in 0..g.rows.saturating_sub(1) {
            for c in 0..g.cols.saturating_sub(1) {
                let corners = [
                    g.at(c, r),
                    g.at(c + 1, r),
                    g.at(c, r + 1),
                    g.at(c + 1, r + 1),
                ];
                if !corners.iter().any(|v| shown(*v)) {
                    continue;
                }
                let (a, b, d, e) = (at(c, r), at(c + 1, r), at(c, r + 1), at(c + 1, r + 1));
                mesh.indices.extend([a, b, e, a, e, d]);
            }
        }
    }
}

impl MapLayer for SpatialOverlay {
    fn name(&self) -> &'static str {
        "spatial-analysis"
    }

    fn paint(&self, cx: &PaintCx<'_>, painter: &Painter, _out: &mut PaintedFrame) {
        links(cx, painter);
        if cx.state.settings.spatial.show_centres {
            centres(cx, painter);
        }
    }
}

/// A line between the label points of each pair of neighbours.
fn links(cx: &PaintCx<'_>, painter: &Painter) {
    let Some((level, pairs)) = &cx.classes.links else {
        return;
    };
    let features = match level {
        UnitLevel::Province => cx.provinces(),
        UnitLevel::Prefecture => cx.prefectures(),
    };
    let to_screen = cx.to_screen();
    let clip = painter.clip_rect();
    let stroke = Stroke::new(1.0, Color32::from_rgba_unmultiplied(40, 40, 40, 170));
    for &(u, v) in pairs.iter() {
        let (Some(a), Some(b)) = (features.get(u), features.get(v)) else {
            continue;
        };
        let (a, b) = (to_screen(a.label_anchor), to_screen(b.label_anchor));
        if clip.contains(a) || clip.contains(b) {
            painter.line_segment([a, b], stroke);
        }
    }
    for f in features {
        let p = to_screen(f.label_anchor);
        if clip.contains(p) {
            painter.circle_filled(p, 1.8, Color32::from_gray(40));
        }
    }
}

/// Each region's mean centre (a cross) and 1-standard-deviation ellipse.
fn centres(cx: &PaintCx<'_>, painter: &Painter) {
    let lang = cx.state.lang();
    let proj = crate::core::projection::Albers::china();
    for (g, c) in concentration_by_group(&cx.state.ds, CitySet::Confirmed) {
        let Some(c) = c else { continue };
        let color = color32(crate::core::palette::region_color(g));
        let centre = proj.project(c.centre.0, c.centre.1);
        let at = cx.screen([centre.x, centre.y]);
        if let Some(e) = &c.ellipse {
            let (cos, sin) = (e.angle.cos(), e.angle.sin());
            let ring: Vec<Pos2> = (0..=72)
                .map(|k| {
                    let t = f64::from(k) / 72.0 * std::f64::consts::TAU;
                    let (a, b) = (
                        e.sd_major_km * t.cos() * 1000.0,
                        e.sd_minor_km * t.sin() * 1000.0,
                    );
                    cx.screen([centre.x + a * cos - b * sin, centre.y + a * sin + b * cos])
                })
                .collect();
            painter.add(Shape::line(ring, Stroke::new(2.5, color)));
        }
        let s = 6.0;
        let cross = Stroke::new(3.0, color);
        painter.line_segment([at - egui::vec2(s, s), at + egui::vec2(s, s)], cross);
        painter.line_segment([at - egui::vec2(s, -s), at + egui::vec2(s, -s)], cross);
        painter.text(
            at + egui::vec2(8.0, -8.0),
            Align2::LEFT_BOTTOM,
            format!(
                "{} {}",
                crate::labels::region_label(g, lang),
                lang.pick("中心", "centre")
            ),
            FontId::proportional(12.0),
            color,
        );
    }
}
