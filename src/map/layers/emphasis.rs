//! Emphasis drawn above the boundaries: the province hovered anywhere (map or chart), the
//! selected provinces and prefectures, and the rings a story slide puts on places.

use egui::{Color32, Painter, Stroke};

use super::{MapLayer, PaintCx, PaintedFrame, add_outline};
use crate::core::place::PlaceId;
use crate::core::story::Highlight;
use crate::map::style;

pub struct LinkedAndSelected;

impl MapLayer for LinkedAndSelected {
    fn name(&self) -> &'static str {
        "selection-and-hover"
    }

    fn paint(&self, cx: &PaintCx<'_>, painter: &Painter, _out: &mut PaintedFrame) {
        let ds = &cx.state.ds;
        let to_screen = cx.to_screen();
        if let Some(code) = cx.state.hovered_province().filter(|_| cx.show_hover)
            && let Some(i) = ds.provinces.iter().position(|p| p.adcode == code)
        {
            let stroke = Stroke::new(3.0, style::HIGHLIGHT);
            add_outline(painter, &cx.provinces()[i], stroke, &to_screen);
        }
        let stroke = Stroke::new(3.0, style::SELECTION);
        for place in cx.state.selection().places() {
            match place {
                PlaceId::Province(code) => {
                    if let Some(i) = ds.provinces.iter().position(|p| p.adcode == *code) {
                        add_outline(painter, &cx.provinces()[i], stroke, &to_screen);
                    }
                }
                PlaceId::Prefecture(code) => {
                    if let Some(i) = ds.prefectures.iter().position(|p| p.adcode == *code) {
                        add_outline(painter, &cx.prefectures()[i], stroke, &to_screen);
                    }
                }
                _ => {}
            }
        }
    }
}

pub struct StoryRings;

impl MapLayer for StoryRings {
    fn name(&self) -> &'static str {
        "story-rings"
    }

    fn paint(&self, cx: &PaintCx<'_>, painter: &Painter, _out: &mut PaintedFrame) {
        let ds = &cx.state.ds;
        let to_screen = cx.to_screen();
        for h in cx.highlights {
            match *h {
                Highlight::City(code) => {
                    if let Some(i) = ds.cities.iter().position(|c| c.adcode == code) {
                        let s = cx.screen(cx.geo.city_points[i]);
                        painter.circle_stroke(s, 13.0, Stroke::new(5.0, Color32::WHITE));
                        painter.circle_stroke(s, 13.0, Stroke::new(3.0, style::HIGHLIGHT));
                    }
                }
                Highlight::Province(code) => {
                    if let Some(i) = ds.provinces.iter().position(|p| p.adcode == code) {
                        let stroke = Stroke::new(4.0, style::HIGHLIGHT);
                        add_outline(painter, &cx.provinces()[i], stroke, &to_screen);
                    }
                }
            }
        }
    }
}
