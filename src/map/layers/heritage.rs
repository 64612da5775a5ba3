//! National industrial heritage sites: small triangles coloured by batch, at their district
//! centres (not the sites themselves).

use egui::{Color32, Painter, Shape, Stroke, pos2};

use super::{HitCx, MapLayer, PaintCx, PaintedFrame};
use crate::core::palette::batch_color;
use crate::core::place::PlaceId;
use crate::paint::color32;

pub struct Heritage;

impl MapLayer for Heritage {
    fn name(&self) -> &'static str {
        "industrial-heritage"
    }

    fn paint(&self, cx: &PaintCx<'_>, painter: &Painter, _out: &mut PaintedFrame) {
        if !cx.state.settings.layers.heritage {
            return;
        }
        let ds = &cx.state.ds;
        for (i, p) in cx.geo.heritage_points.iter().enumerate() {
            let Some(p) = p else { continue };
            let s = cx.screen(*p);
            if cx.rect.contains(s) {
                let r = 4.0;
                painter.add(Shape::convex_polygon(
                    vec![
                        pos2(s.x, s.y - r),
                        pos2(s.x + r, s.y + r * 0.8),
                        pos2(s.x - r, s.y + r * 0.8),
                    ],
                    color32(batch_color(ds.heritage[i].batch)),
                    Stroke::new(0.7, Color32::WHITE),
                ));
            }
        }
    }

    fn hit(&self, cx: &HitCx<'_>, p: [f64; 2]) -> Option<PlaceId> {
        if !cx.state.settings.layers.heritage {
            return None;
        }
        let i = cx
            .geo
            .heritage_index
            .nearest_within(p, 6.0 / cx.cam.scale, |_| true)?;
        let site = &cx.state.ds.heritage[i];
        Some(PlaceId::Heritage {
            batch: site.batch,
            number: site.number,
        })
    }
}
