//! Label placement that never overlaps: candidates in priority order, each placed at the
//! first of a few positions around its anchor that collides with nothing already placed;
//! and the map's province and city names placed that way.

use std::sync::Arc;

use egui::{FontId, Painter, Pos2, Rect, Vec2, vec2};

use super::layers::PaintCx;
use super::style;
use crate::core::place::PlaceId;

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

/// Province and city names, placed by priority where they overlap nothing: the selected
/// city, then cities by evidence tier, then provinces by area (the 12 largest before the
/// cities). Returns each province label's rect, for accessibility.
pub fn paint_labels(
    painter: &Painter,
    cx: &PaintCx<'_>,
    obstacles: &[Rect],
    city_markers: &[Option<Rect>],
) -> Vec<Option<Rect>> {
    let ds = &cx.state.ds;
    let layers = &cx.state.settings.layers;
    let lang = cx.state.lang();
    let name = |zh: &str, en: &str| {
        if lang.is_zh() || en.is_empty() {
            zh.to_owned()
        } else {
            en.to_owned()
        }
    };
    let selection = cx.state.selection();
    let mut city_order: Vec<usize> = (0..ds.cities.len())
        .filter(|&i| city_markers.get(i).is_some_and(Option::is_some))
        .collect();
    city_order.sort_by_key(|&i| {
        (
            !selection.contains(&PlaceId::City(ds.cities[i].adcode)),
            ds.cities[i].evidence,
        )
    });
    let areas = &cx.geo.provinces[0];
    let mut prov_order: Vec<usize> = (0..ds.provinces.len()).collect();
    prov_order.sort_by(|&a, &b| areas[b].area.total_cmp(&areas[a].area));
    let province_item = |i: usize| {
        let anchor = cx.provinces()[i].label_anchor;
        Item {
            text: name(&ds.provinces[i].name_zh, &ds.provinces[i].name_en),
            font: FontId::proportional(13.0),
            anchor: cx.screen([f64::from(anchor.x), f64::from(anchor.y)]),
            around_point: false,
            province: Some(i),
        }
    };
    let mut items: Vec<Item> = Vec::new();
    if layers.province_labels {
        items.extend(prov_order.iter().take(12).map(|&i| province_item(i)));
    }
    if layers.city_labels {
        items.extend(city_order.iter().map(|&i| Item {
            text: name(&ds.cities[i].name_zh, &ds.cities[i].name_en),
            font: FontId::proportional(12.0),
            anchor: cx.screen(cx.geo.city_points[i]),
            around_point: true,
            province: None,
        }));
    }
    if layers.province_labels {
        items.extend(prov_order.iter().skip(12).map(|&i| province_item(i)));
    }
    let mut blocked: Vec<Rect> = obstacles.to_vec();
    blocked.extend(city_markers.iter().flatten().map(|r| r.shrink(2.0)));
    place_and_paint(painter, cx.rect, &items, &blocked, ds.provinces.len())
}

/// A label to place.
struct Item {
    text: String,
    font: FontId,
    anchor: Pos2,
    around_point: bool,
    province: Option<usize>,
}

fn place_and_paint(
    painter: &Painter,
    rect: Rect,
    items: &[Item],
    blocked: &[Rect],
    provinces: usize,
) -> Vec<Option<Rect>> {
    let galleys: Vec<Arc<egui::Galley>> = items
        .iter()
        .map(|it| painter.layout_no_wrap(it.text.clone(), it.font.clone(), style::LABEL))
        .collect();
    let candidates: Vec<Candidate> = items
        .iter()
        .zip(&galleys)
        .map(|(it, g)| Candidate {
            anchor: it.anchor,
            size: g.size() + vec2(4.0, 0.0),
            offsets: if it.around_point {
                AROUND_POINT
            } else {
                AROUND_AREA
            },
        })
        .collect();
    let placed = place(&candidates, blocked, rect.shrink(2.0));
    let mut province_rects = vec![None; provinces];
    for ((it, g), r) in items.iter().zip(galleys).zip(placed) {
        if let Some(r) = r {
            painter.rect_filled(r, 3.0, style::LABEL_HALO);
            painter.galley(r.min + vec2(2.0, 0.0), g, style::LABEL);
            if let Some(i) = it.province {
                province_rects[i] = Some(r);
            }
        }
    }
    province_rects
}

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
