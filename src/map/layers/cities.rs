//! Old industrial cities: marker shape by evidence tier, colour by region group, optional
//! size by city GDP 2013; the selected city gets a ring.

use egui::{Painter, Rect, Stroke, Vec2};

use super::{HitCx, MapLayer, PaintCx, PaintedFrame};
use crate::core::indicators::prefecture_gdp_2013;
use crate::core::model::RegionGroup;
use crate::core::palette::region_color;
use crate::core::place::PlaceId;
use crate::map::style;
use crate::paint::{color32, paint_marker};

pub struct Cities;

impl MapLayer for Cities {
    fn name(&self) -> &'static str {
        "old-industrial-cities"
    }

    fn paint(&self, cx: &PaintCx<'_>, painter: &Painter, out: &mut PaintedFrame) {
        let ds = &cx.state.ds;
        let settings = &cx.state.settings;
        out.city_marker_rects = vec![None; ds.cities.len()];
        if !settings.layers.cities {
            return;
        }
        let gdp_max = ds
            .cities
            .iter()
            .filter_map(|c| prefecture_gdp_2013(ds, c.prefecture_adcode))
            .map(|v| v.value)
            .fold(0.0, f64::max);
        let selection = cx.state.selection();
        for (i, city) in ds.cities.iter().enumerate() {
            if !settings.filter.city_passes(ds, city) {
                continue;
            }
            let s = cx.screen(cx.geo.city_points[i]);
            if !cx.rect.expand(10.0).contains(s) {
                continue;
            }
            let group = ds
                .province(city.province_adcode)
                .map_or(RegionGroup::Other, |p| p.region);
            let radius = if settings.layers.city_size_by_gdp && gdp_max > 0.0 {
                prefecture_gdp_2013(ds, city.prefecture_adcode)
                    .map_or(3.0, |v| 3.0 + 9.0 * (v.value / gdp_max).sqrt() as f32)
            } else {
                5.0
            };
            paint_marker(
                painter,
                s,
                radius,
                city.evidence,
                color32(region_color(group)),
            );
            if selection.contains(&PlaceId::City(city.adcode)) {
                painter.circle_stroke(s, radius + 4.0, Stroke::new(2.5, style::SELECTION));
            }
            out.city_marker_rects[i] =
                Some(Rect::from_center_size(s, Vec2::splat(2.0 * radius + 4.0)));
        }
    }

    fn hit(&self, cx: &HitCx<'_>, p: [f64; 2]) -> Option<PlaceId> {
        if !cx.state.settings.layers.cities {
            return None;
        }
        let i = cx
            .geo
            .city_index
            .nearest_within(p, 8.0 / cx.cam.scale, |_| true)?;
        Some(PlaceId::City(cx.state.ds.cities[i].adcode))
    }
}
