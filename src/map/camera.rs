//! Pan/zoom state: maps projected metres to screen points and back.

use egui::{Pos2, Rect, Vec2, pos2};
use serde::{Deserialize, Serialize};

pub use crate::geom::mesh::ScreenTransform;

/// Projected (Albers) coordinates are metres, x east, y north. Screen y grows downwards.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Camera {
    /// Projected point at the centre of the view.
    pub center: [f64; 2],
    /// Screen points per projected metre.
    pub scale: f64,
}

/// Whole China is ~5,000 km across; the closest zoom shows a few km.
pub const MIN_SCALE: f64 = 1.0 / 40_000.0;
pub const MAX_SCALE: f64 = 1.0 / 20.0;

impl Camera {
    /// `screen_from_projected` for a whole frame's worth of f32 vertices.
    pub fn screen_transform(&self, rect: Rect) -> ScreenTransform {
        let c = rect.center();
        ScreenTransform {
            scale: self.scale as f32,
            offset: Vec2::new(
                (f64::from(c.x) - self.center[0] * self.scale) as f32,
                (f64::from(c.y) + self.center[1] * self.scale) as f32,
            ),
        }
    }

    pub fn screen_from_projected(&self, rect: Rect, p: [f64; 2]) -> Pos2 {
        let c = rect.center();
        pos2(
            c.x + ((p[0] - self.center[0]) * self.scale) as f32,
            c.y - ((p[1] - self.center[1]) * self.scale) as f32,
        )
    }

    pub fn projected_from_screen(&self, rect: Rect, s: Pos2) -> [f64; 2] {
        let c = rect.center();
        [
            self.center[0] + f64::from(s.x - c.x) / self.scale,
            self.center[1] - f64::from(s.y - c.y) / self.scale,
        ]
    }

    /// Fits projected bounds `[min, max]` into `rect` with a margin in points.
    pub fn fit(bounds: [[f64; 2]; 2], rect: Rect, margin: f32) -> Self {
        let w = (bounds[1][0] - bounds[0][0]).max(1.0);
        let h = (bounds[1][1] - bounds[0][1]).max(1.0);
        let avail = (rect.size() - Vec2::splat(2.0 * margin)).max(Vec2::splat(10.0));
        let scale = (f64::from(avail.x) / w).min(f64::from(avail.y) / h);
        Self {
            center: [
                (bounds[0][0] + bounds[1][0]) / 2.0,
                (bounds[0][1] + bounds[1][1]) / 2.0,
            ],
            scale: scale.clamp(MIN_SCALE, MAX_SCALE),
        }
    }

    /// Fits bounds into `target`, a part of the view `rect` (e.g. the view less an inset).
    pub fn fit_within(bounds: [[f64; 2]; 2], rect: Rect, target: Rect, margin: f32) -> Self {
        let mut cam = Self::fit(bounds, target, margin);
        let shift = rect.center() - target.center();
        cam.center[0] += f64::from(shift.x) / cam.scale;
        cam.center[1] -= f64::from(shift.y) / cam.scale;
        cam
    }

    /// Zooms by `factor`, keeping the projected point under `anchor` fixed on screen.
    pub fn zoom_about(&mut self, rect: Rect, anchor: Pos2, factor: f64) {
        let before = self.projected_from_screen(rect, anchor);
        self.scale = (self.scale * factor).clamp(MIN_SCALE, MAX_SCALE);
        let after = self.projected_from_screen(rect, anchor);
        self.center[0] += before[0] - after[0];
        self.center[1] += before[1] - after[1];
    }

    /// Moves the view by a screen-space drag delta.
    pub fn pan(&mut self, delta: Vec2) {
        self.center[0] -= f64::from(delta.x) / self.scale;
        self.center[1] += f64::from(delta.y) / self.scale;
    }

    /// The projected rectangle visible in `rect`: `[min, max]`.
    pub fn visible_bounds(&self, rect: Rect) -> [[f64; 2]; 2] {
        let a = self.projected_from_screen(rect, rect.left_bottom());
        let b = self.projected_from_screen(rect, rect.right_top());
        [a, b]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn screen_transform_agrees_with_screen_from_projected() {
        let cam = Camera {
            center: [1_234_567.0, 4_321_000.0],
            scale: 1.0 / 2_500.0,
        };
        let rect = Rect::from_min_size(pos2(240.0, 30.0), Vec2::new(870.0, 540.0));
        let xf = cam.screen_transform(rect);
        for p in [[1_200_000.0_f32, 4_300_000.0], [-2_000_000.0, 2_500_000.0]] {
            let a = xf.apply(pos2(p[0], p[1]));
            let b = cam.screen_from_projected(rect, [f64::from(p[0]), f64::from(p[1])]);
            assert!((a - b).length() < 0.01, "{a:?} vs {b:?}");
        }
    }

    #[test]
    fn zoom_keeps_the_anchor_fixed() {
        let rect = Rect::from_min_size(Pos2::ZERO, Vec2::new(800.0, 600.0));
        let mut cam = Camera {
            center: [0.0, 3_000_000.0],
            scale: 1.0 / 5_000.0,
        };
        let anchor = pos2(100.0, 450.0);
        let p = cam.projected_from_screen(rect, anchor);
        cam.zoom_about(rect, anchor, 2.0);
        let q = cam.screen_from_projected(rect, p);
        assert!((q - anchor).length() < 1e-3);
    }

    #[test]
    fn screen_and_projected_round_trip() {
        let rect = Rect::from_min_size(pos2(10.0, 20.0), Vec2::new(640.0, 480.0));
        let cam = Camera {
            center: [1.0e6, 4.0e6],
            scale: 1.0 / 3_000.0,
        };
        let s = pos2(123.0, 321.0);
        let back = cam.screen_from_projected(rect, cam.projected_from_screen(rect, s));
        assert!((back - s).length() < 1e-3);
    }

    #[test]
    fn fit_within_centres_the_bounds_in_the_target() {
        let rect = Rect::from_min_size(Pos2::ZERO, Vec2::new(1000.0, 600.0));
        let target = Rect::from_min_max(Pos2::ZERO, pos2(700.0, 600.0));
        let bounds = [[-1000.0, -500.0], [1000.0, 500.0]];
        let cam = Camera::fit_within(bounds, rect, target, 0.0);
        let c = cam.screen_from_projected(rect, [0.0, 0.0]);
        assert!((c - target.center()).length() < 1e-3, "{c:?}");
        let right = cam.screen_from_projected(rect, [1000.0, 0.0]);
        assert!(right.x <= target.max.x + 1e-3);
    }

    #[test]
    fn zoom_is_limited() {
        let rect = Rect::from_min_size(Pos2::ZERO, Vec2::new(800.0, 600.0));
        let mut cam = Camera {
            center: [0.0, 0.0],
            scale: MAX_SCALE,
        };
        cam.zoom_about(rect, rect.center(), 10.0);
        assert_eq!(cam.scale, MAX_SCALE);
    }
}
