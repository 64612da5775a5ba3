//! The layer panel: the built-in layers (from the one table in `core::settings`), the user's
//! GeoJSON layers, the choropleth's indicator and classification, and the symbol key.

use egui::{RichText, Ui};

use super::user_layers::LayerPanel;
use crate::core::classify::{MAX_CLASSES, MIN_CLASSES, Method};
use crate::core::indicators::{Indicator, ProvinceIndicator};
use crate::core::model::{EvidenceTier, RegionGroup};
use crate::core::palette::{Palette, batch_color, region_color};
use crate::core::settings::LAYERS;
use crate::labels::{method_label, region_label, tier_explanation, tier_label};
use crate::paint::{color32, paint_marker};
use crate::state::{AtlasState, Command};

pub fn show(
    ui: &mut Ui,
    state: &AtlasState,
    user_layers: &mut LayerPanel,
    commands: &mut Vec<Command>,
) {
    let lang = state.lang();
    ui.heading(lang.pick("图层", "Layers"));
    let mut layers = state.settings.layers.clone();
    for spec in &LAYERS {
        ui.checkbox((spec.switch)(&mut layers), spec.label(lang));
    }
    if layers != state.settings.layers {
        commands.push(Command::SetLayers(layers));
    }
    ui.separator();
    // The user's own layers sit right under the built-in ones.
    user_layers.show(ui, state, commands);
    ui.separator();
    choropleth(ui, state, commands);
    ui.separator();
    symbol_key(ui, state);
}

/// The indicator (built-in or imported), method, number of classes and palette.
fn choropleth(ui: &mut Ui, state: &AtlasState, commands: &mut Vec<Command>) {
    let lang = state.lang();
    ui.heading(lang.pick("分级设色", "Choropleth"));
    let mut c = state.settings.choropleth.clone();
    let imported = lang.pick("导入", "imported");
    egui::ComboBox::from_label(lang.pick("指标", "Indicator"))
        .selected_text(match state.active_indicator() {
            Indicator::Imported { imp, .. } => format!("{} ({imported})", imp.name),
            Indicator::Panel { column, .. } => column.name(lang).to_owned(),
            Indicator::BuiltIn(i) => i.label(lang.is_zh()).to_owned(),
        })
        .show_ui(ui, |ui| {
            for i in ProvinceIndicator::ALL {
                let on = c.imported.is_none() && c.panel.is_none() && c.indicator == i;
                if ui.selectable_label(on, i.label(lang.is_zh())).clicked() {
                    c.indicator = i;
                    c.imported = None;
                    c.panel = None;
                }
            }
            ui.separator();
            ui.label(
                RichText::new(lang.pick(
                    "地级市逐年（1990–2023，二手汇编）",
                    "Prefectures by year (1990–2023, secondary compilation)",
                ))
                .weak(),
            );
            for col in &crate::core::panel::COLUMNS {
                let on = c.imported.is_none() && c.panel.as_deref() == Some(col.id);
                if ui.selectable_label(on, col.name(lang)).clicked() {
                    crate::core::indicators::show_panel_column(&mut c, &state.ds, col);
                    c.imported = None;
                }
            }
            ui.separator();
            for imp in state.data.imported.iter() {
                let on = c.imported.as_ref() == Some(&imp.name);
                let text = format!("{} ({imported})", imp.name);
                if ui.selectable_label(on, text).clicked() {
                    c.imported = Some(imp.name.clone());
                }
            }
        });
    egui::ComboBox::from_label(lang.pick("分级方法", "Method"))
        .selected_text(method_label(c.method, lang))
        .show_ui(ui, |ui| {
            for m in Method::ALL {
                ui.selectable_value(&mut c.method, m, method_label(m, lang));
            }
        });
    ui.add(
        egui::Slider::new(&mut c.classes, MIN_CLASSES..=MAX_CLASSES)
            .text(lang.pick("级数", "Classes")),
    );
    egui::ComboBox::from_label(lang.pick("配色（ColorBrewer）", "Palette (ColorBrewer)"))
        .selected_text(c.palette.name())
        .show_ui(ui, |ui| {
            for p in Palette::ALL {
                ui.selectable_value(&mut c.palette, p, p.name());
            }
        });
    if c != state.settings.choropleth {
        commands.push(Command::SetChoropleth(c));
    }
}

/// Marker shapes (evidence tier), colours (region group) and heritage batches, drawn with
/// the map's own symbols.
fn symbol_key(ui: &mut Ui, state: &AtlasState) {
    let lang = state.lang();
    let swatch = |ui: &mut Ui, paint: &dyn Fn(&egui::Painter, egui::Pos2)| {
        let (r, _) = ui.allocate_exact_size(egui::vec2(16.0, 16.0), egui::Sense::hover());
        paint(ui.painter(), r.center());
    };
    ui.label(
        RichText::new(lang.pick("城市：形状 = 证据等级", "Cities: shape = evidence tier")).strong(),
    );
    for tier in EvidenceTier::ALL {
        ui.horizontal(|ui| {
            // A mid grey, so the filled (confirmed) and hollow (indirect) shapes differ in
            // both themes: the hollow ones have a white fill.
            let ink = egui::Color32::from_gray(110);
            swatch(ui, &|p, at| paint_marker(p, at, 5.0, tier, ink));
            ui.label(tier_label(tier, lang))
                .on_hover_text(tier_explanation(tier, lang));
        });
    }
    ui.label(RichText::new(lang.pick("颜色 = 区域", "Colour = region group")).strong());
    for g in RegionGroup::ALL {
        ui.horizontal(|ui| {
            swatch(ui, &|p, at| {
                p.circle_filled(at, 5.0, color32(region_color(g)));
            });
            ui.label(region_label(g, lang));
        });
    }
    if state.settings.layers.heritage {
        ui.label(
            RichText::new(lang.pick(
                "国家工业遗产批次（区县中心位置）",
                "Heritage batch (at district centres)",
            ))
            .strong(),
        );
        ui.horizontal_wrapped(|ui| {
            for b in 1..=7u8 {
                swatch(ui, &|p, at| {
                    p.circle_filled(at, 5.0, color32(batch_color(b)));
                });
                ui.label(format!("{b}"));
            }
        });
    }
}
