//! The industrial transformation demonstration zones: their member prefectures tinted and
//! outlined.

use egui::{Painter, Stroke};

use super::{MapLayer, PaintCx, PaintedFrame, add_fill, add_outline};
use crate::map::style;

pub struct Zones;

impl MapLayer for Zones {
    fn name(&self) -> &'static str {
        "demonstration-zones"
    }

    fn fill(&self, cx: &PaintCx<'_>, mesh: &mut egui::Mesh) {
        if !cx.state.settings.layers.zones {
            return;
        }
        let to_screen = cx.to_screen();
        for (i, member) in cx.geo.zone_members.iter().enumerate() {
            if *member {
                add_fill(mesh, &cx.prefectures()[i], style::ZONE_FILL, &to_screen);
            }
        }
    }

    fn paint(&self, cx: &PaintCx<'_>, painter: &Painter, _out: &mut PaintedFrame) {
        if !cx.state.settings.layers.zones {
            return;
        }
        let to_screen = cx.to_screen();
        for (i, member) in cx.geo.zone_members.iter().enumerate() {
            if *member {
                add_outline(
                    painter,
                    &cx.prefectures()[i],
                    Stroke::new(2.0, style::ZONE),
                    &to_screen,
                );
            }
        }
    }
}
