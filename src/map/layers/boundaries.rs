//! Province and prefecture boundaries: choropleth fills, outlines and the maritime line;
//! hit-testing finds the prefecture (zoomed in) or the province under the pointer.

use egui::{Painter, Pos2, Shape, Stroke};

use super::{HitCx, MapLayer, PaintCx, PaintedFrame, add_fill, add_outline};
use crate::core::place::PlaceId;
use crate::map::geometry::Lod;
use crate::map::style;

pub struct BoundaryFills;

impl MapLayer for BoundaryFills {
    fn name(&self) -> &'static str {
        "province-and-prefecture-fills"
    }

    fn fill(&self, cx: &PaintCx<'_>, mesh: &mut egui::Mesh) {
        let settings = &cx.state.settings;
        let ds = &cx.state.ds;
        let to_screen = cx.to_screen();
        for &i in &cx.visible_provinces {
            let color = if !settings.filter.province_passes(&ds.provinces[i]) {
                style::FILTERED_OUT
            } else if settings.layers.province_fill {
                cx.classes.province.fill(i, style::NO_DATA)
            } else {
                style::LAND_NEUTRAL
            };
            add_fill(mesh, &cx.provinces()[i], color, &to_screen);
        }
        if cx.prefecture_fill {
            for &i in &cx.visible_prefectures {
                let province = ds.province(ds.prefectures[i].province_adcode);
                let color = if province.is_some_and(|p| !settings.filter.province_passes(p)) {
                    style::FILTERED_OUT
                } else {
                    cx.classes.prefecture.fill(i, style::NO_DATA)
                };
                add_fill(mesh, &cx.prefectures()[i], color, &to_screen);
            }
        }
    }

    fn hit(&self, cx: &HitCx<'_>, p: [f64; 2]) -> Option<PlaceId> {
        let ds = &cx.state.ds;
        if cx.lod == Lod::Detail
            && let Some(i) = cx.geo.prefecture_index.find(&cx.geo.prefectures[0], p)
        {
            return Some(PlaceId::Prefecture(ds.prefectures[i].adcode));
        }
        let i = cx.geo.province_index.find(&cx.geo.provinces[0], p)?;
        Some(PlaceId::Province(ds.provinces[i].adcode))
    }
}

pub struct BoundaryOutlines;

impl MapLayer for BoundaryOutlines {
    fn name(&self) -> &'static str {
        "boundaries"
    }

    fn paint(&self, cx: &PaintCx<'_>, painter: &Painter, _out: &mut PaintedFrame) {
        let layers = &cx.state.settings.layers;
        let to_screen = cx.to_screen();
        if layers.prefecture_outline {
            let stroke = Stroke::new(0.6, style::PREFECTURE_LINE);
            for &i in &cx.visible_prefectures {
                add_outline(painter, &cx.prefectures()[i], stroke, &to_screen);
            }
        }
        if layers.province_outline {
            let stroke = Stroke::new(1.0, style::PROVINCE_LINE);
            for &i in &cx.visible_provinces {
                add_outline(painter, &cx.provinces()[i], stroke, &to_screen);
            }
        }
        for line in &cx.geo.maritime {
            let pts: Vec<Pos2> = line.iter().map(|p| to_screen(*p)).collect();
            painter.add(Shape::line(pts, Stroke::new(1.6, style::MARITIME_LINE)));
        }
    }
}
