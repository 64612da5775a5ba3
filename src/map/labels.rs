//! Label placement that never overlaps: candidates in priority order, each placed at the
//! first of a few positions around its anchor that collides with nothing already placed.

use egui::{Pos2, Rect, Vec2, vec2};

/// A label to place.
pub struct Candidate {
    pub anchor: Pos2,
    pub size: Vec2,
    /// Offsets from the anchor to try, in order (label rect centre = anchor + offset).
    pub offsets: &'static [Vec2],
}

pub const CENTERED: &[Vec2] = &[Vec2::ZERO];

/// Places candidates greedily; returns each one's rect, or `None` where there was no room.
/// `obstacles` are rects labels must avoid (legend, inset).
pub fn place(candidates: &[Candidate], obstacles: &[Rect], bounds: Rect) -> Vec<Option<Rect>> {
    let mut placed: Vec<Rect> = obstacles.to_vec();
    candidates
        .iter()
        .map(|cand| {
            for off in cand.offsets {
                let r =
                    Rect::from_center_size(cand.anchor + scale_offset(*off, cand.size), cand.size);
                if bounds.contains_rect(r) && !placed.iter().any(|p| p.intersects(r)) {
                    placed.push(r.expand(1.0));
                    return Some(r);
                }
            }
            None
        })
        .collect()
}

/// Offsets are given in units of half the label size plus a gap, so they fit any label.
fn scale_offset(off: Vec2, size: Vec2) -> Vec2 {
    vec2(off.x * (size.x / 2.0 + 6.0), off.y * (size.y / 2.0 + 4.0))
}

/// Centred in an area, else nudged up, down or sideways.
pub const AROUND_AREA: &[Vec2] = &[
    Vec2 { x: 0.0, y: 0.0 },
    Vec2 { x: 0.0, y: -1.0 },
    Vec2 { x: 0.0, y: 1.0 },
    Vec2 { x: 1.0, y: 0.0 },
    Vec2 { x: -1.0, y: 0.0 },
];

/// Right, left, above, below a point marker.
pub const AROUND_POINT: &[Vec2] = &[
    Vec2 { x: 1.0, y: 0.0 },
    Vec2 { x: -1.0, y: 0.0 },
    Vec2 { x: 0.0, y: -1.0 },
    Vec2 { x: 0.0, y: 1.0 },
];

#[cfg(test)]
mod tests {
    use super::*;
    use egui::pos2;

    #[test]
    fn placed_labels_never_overlap() {
        let bounds = Rect::from_min_size(Pos2::ZERO, vec2(200.0, 200.0));
        let cands: Vec<Candidate> = (0..50)
            .map(|i| Candidate {
                anchor: pos2(100.0 + (i % 5) as f32, 100.0 + (i / 5) as f32 * 3.0),
                size: vec2(40.0, 12.0),
                offsets: AROUND_POINT,
            })
            .collect();
        let rects: Vec<Rect> = place(&cands, &[], bounds).into_iter().flatten().collect();
        assert!(rects.len() >= 4, "some labels should fit");
        for (i, a) in rects.iter().enumerate() {
            for b in &rects[i + 1..] {
                assert!(!a.intersects(*b), "{a:?} overlaps {b:?}");
            }
        }
    }

    #[test]
    fn obstacles_are_avoided() {
        let bounds = Rect::from_min_size(Pos2::ZERO, vec2(200.0, 200.0));
        let obstacle = Rect::from_min_size(pos2(90.0, 90.0), vec2(20.0, 20.0));
        let c = Candidate {
            anchor: pos2(100.0, 100.0),
            size: vec2(10.0, 10.0),
            offsets: CENTERED,
        };
        assert_eq!(place(&[c], &[obstacle], bounds), vec![None]);
    }
}
