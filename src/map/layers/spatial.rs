//! The spatial analysis drawn on the map, when its chart asks: the weights' links between
//! neighbouring units (the connectivity view), and each region's mean centre and standard
//! deviational ellipse of the confirmed cities.

use egui::{Align2, Color32, FontId, Painter, Pos2, Shape, Stroke};

use super::{MapLayer, PaintCx, PaintedFrame};
use crate::core::spatial::analysis::{CitySet, concentration_by_group};
use crate::core::spatial::weights::UnitLevel;
use crate::paint::color32;

pub struct SpatialOverlay;

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
