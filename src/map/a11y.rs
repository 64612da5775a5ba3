//! AccessKit nodes for the painted map: provinces, cities, legend rows and the tooltip get
//! nodes with their names, so screen readers (and UI tests) find them; clicking a province or
//! city node selects it.

use egui::{Rect, Sense, Ui, Vec2};

use super::MapView;
use super::layers::PaintedFrame;
use crate::core::place::PlaceId;
use crate::state::{AtlasState, Command};

pub fn expose(
    ui: &Ui,
    map: &MapView,
    state: &AtlasState,
    rect: Rect,
    frame: &PaintedFrame,
    commands: &mut Vec<Command>,
) {
    let ds = &state.ds;
    let Some(cam) = map.camera() else {
        return;
    };
    let lod = map.lod() as usize;
    // Provinces whose label found no room still get a node, at their label anchor.
    for (i, r) in frame.province_label_rects.iter().enumerate() {
        let anchor = map.geometry().provinces[lod][i].label_anchor;
        let at = cam.screen_from_projected(rect, [f64::from(anchor.x), f64::from(anchor.y)]);
        let r = r.unwrap_or_else(|| Rect::from_center_size(at, Vec2::splat(6.0)));
        if rect.contains_rect(r) {
            let place = PlaceId::Province(ds.provinces[i].adcode);
            node(
                ui,
                r,
                ("province", i),
                &ds.provinces[i].name_zh,
                place,
                commands,
            );
        }
    }
    for (i, r) in frame.city_marker_rects.iter().enumerate() {
        if let Some(r) = r {
            let place = PlaceId::City(ds.cities[i].adcode);
            node(ui, *r, ("city", i), &ds.cities[i].name_zh, place, commands);
        }
    }
    if let Some(r) = frame.legend_title {
        let lang = state.lang();
        let text = if state.settings.legend_collapsed {
            lang.pick("展开图例", "Unfold the legend")
        } else {
            lang.pick("收起图例", "Fold the legend")
        };
        let resp = ui.interact(r, ui.scope_id().with("legend_title"), Sense::click());
        resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, text));
        if resp.on_hover_text(text).clicked() {
            commands.push(Command::ToggleLegend);
        }
    }
    for (k, (r, text)) in frame.legend_rows.iter().enumerate() {
        let resp = ui.interact(*r, ui.scope_id().with(("legend", k)), Sense::hover());
        resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, text));
    }
}

/// A clickable node that selects `place`.
fn node(
    ui: &Ui,
    r: Rect,
    id: (&str, usize),
    name: &str,
    place: PlaceId,
    commands: &mut Vec<Command>,
) {
    let resp = ui.interact(r, ui.scope_id().with(id), Sense::click());
    resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, name));
    if resp.clicked() {
        // Shift adds to (or takes from) the selection, as on the map itself.
        if ui.input(|i| i.modifiers.shift) {
            commands.push(Command::SelectToggle(place));
        } else {
            commands.push(Command::Select(Some(place)));
        }
    }
}

/// The tooltip is painted, not a widget: give screen readers (and tests) its text.
pub fn expose_tooltip(ui: &Ui, r: Rect, text: &str) {
    let resp = ui.interact(r, ui.scope_id().with("map_tooltip"), Sense::hover());
    resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, text));
}
