//! Small painting helpers shared by every view.

use egui::{Color32, Painter, Pos2, Rect, Shape, Stroke, Vec2, pos2};

use crate::core::model::EvidenceTier;
use crate::core::palette::Rgb;

/// A palette colour as egui's.
pub fn color32(rgb: Rgb) -> Color32 {
    Color32::from_rgb(rgb[0], rgb[1], rgb[2])
}

/// City marker: filled circle (confirmed), filled square (likely), hollow circle (indirect),
/// hollow diamond (described).
pub fn paint_marker(painter: &Painter, s: Pos2, r: f32, tier: EvidenceTier, col: Color32) {
    let outline = Stroke::new(1.2, Color32::WHITE);
    match tier {
        EvidenceTier::Confirmed => {
            painter.circle(s, r, col, outline);
        }
        EvidenceTier::Likely => {
            painter.rect(
                Rect::from_center_size(s, Vec2::splat(2.0 * r * 0.9)),
                0.0,
                col,
                outline,
                egui::StrokeKind::Outside,
            );
        }
        EvidenceTier::Indirect => {
            painter.circle(s, r, Color32::WHITE, Stroke::new(2.2, col));
        }
        EvidenceTier::Described => {
            painter.add(Shape::convex_polygon(
                vec![
                    pos2(s.x, s.y - r * 1.2),
                    pos2(s.x + r * 1.2, s.y),
                    pos2(s.x, s.y + r * 1.2),
                    pos2(s.x - r * 1.2, s.y),
                ],
                Color32::WHITE,
                Stroke::new(2.2, col),
            ));
        }
    }
}

/// The rectangle a drag draws to select what is inside it (map, charts), in the theme's
/// selection colour.
pub fn selection_box(painter: &Painter, visuals: &egui::Visuals, r: egui::Rect) {
    let accent = visuals.selection.bg_fill;
    painter.rect(
        r,
        0.0,
        accent.gamma_multiply(0.15),
        egui::Stroke::new(1.5, accent),
        egui::StrokeKind::Inside,
    );
}
