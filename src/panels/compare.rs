//! The compare card: up to five pinned cities or provinces side by side — population, GDP in
//! each year held, growth, evidence, heritage, zones — each value with its year, and "no
//! data (year)" where the dataset has none.

use egui::{RichText, Ui};

use crate::core::compare::{Figure, GDP_YEARS, POPULATION_YEAR, place_facts};
use crate::core::indicators::format_value;
use crate::core::place::{MAX_PINNED, PlaceId};
use crate::core::settings::Lang;
use crate::labels::{no_data, no_data_in, tier_label};
use crate::state::{AtlasState, Command};

/// A value cell: the number (marked * when preliminary) or "no data (year)".
fn figure_text(f: Option<Figure>, year: u16, lang: Lang, scale: f64) -> String {
    match f {
        Some(f) => format!(
            "{}{}",
            format_value(f.value / scale),
            if f.preliminary { "*" } else { "" }
        ),
        None => no_data_in(year, lang),
    }
}

/// The pin button for the primary selection (cities and provinces only).
pub fn pin_button(ui: &mut Ui, state: &AtlasState, place: &PlaceId, commands: &mut Vec<Command>) {
    if !matches!(place, PlaceId::City(_) | PlaceId::Province(_)) {
        return;
    }
    let lang = state.lang();
    if state.selection().pinned().contains(place) {
        if ui
            .button(lang.pick("从对比中移除", "Remove from compare"))
            .clicked()
        {
            commands.push(Command::Unpin(place.clone()));
        }
    } else {
        let full = state.selection().pinned().len() >= MAX_PINNED;
        let button = egui::Button::new(lang.pick("加入对比", "Pin to compare"));
        if ui
            .add_enabled(!full, button)
            .on_disabled_hover_text(lang.pick("最多 5 个", "at most 5"))
            .clicked()
        {
            commands.push(Command::Pin(place.clone()));
        }
    }
}

pub fn show(ui: &mut Ui, state: &AtlasState, commands: &mut Vec<Command>) {
    let pinned = state.selection().pinned();
    if pinned.is_empty() {
        return;
    }
    let (ds, lang) = (&state.ds, state.lang());
    let facts: Vec<(PlaceId, _)> = pinned
        .iter()
        .filter_map(|p| Some((p.clone(), place_facts(ds, p)?)))
        .collect();
    ui.heading(lang.pick("对比", "Compare"));
    egui::ScrollArea::horizontal().show(ui, |ui| {
        egui::Grid::new("compare_card").striped(true).show(ui, |ui| {
            ui.label("");
            for (place, f) in &facts {
                ui.vertical(|ui| {
                    ui.strong(&f.name_zh);
                    if !lang.is_zh() {
                        ui.label(&f.name_en);
                    }
                    if ui.small_button("×").on_hover_text(lang.pick("移除", "Remove")).clicked() {
                        commands.push(Command::Unpin(place.clone()));
                    }
                });
            }
            ui.end_row();
            let row = |ui: &mut Ui, label: String, cell: &dyn Fn(&crate::core::compare::PlaceFacts) -> String| {
                ui.label(label);
                for (_, f) in &facts {
                    ui.label(cell(f));
                }
                ui.end_row();
            };
            row(
                ui,
                format!("{} {POPULATION_YEAR} ({})", lang.pick("常住人口", "Population"), lang.pick("万人", "10,000")),
                &|f| figure_text(f.population, POPULATION_YEAR, lang, 10_000.0),
            );
            for (k, year) in GDP_YEARS.into_iter().enumerate() {
                row(
                    ui,
                    format!("GDP {year} ({})", lang.pick("亿元", "100M yuan")),
                    &|f| figure_text(f.gdp[k], year, lang, 1.0),
                );
            }
            row(
                ui,
                lang.pick("增长倍数 2013→2023（名义）", "Growth 2013→2023 (nominal)").to_owned(),
                &|f| f.growth.map_or_else(|| format!("{} (2013/2023)", no_data(lang)), |g| format!("{g:.2}×")),
            );
            row(
                ui,
                lang.pick("证据等级", "Evidence").to_owned(),
                &|f| f.evidence.map_or_else(|| "—".to_owned(), |t| tier_label(t, lang).to_owned()),
            );
            row(
                ui,
                lang.pick("国家工业遗产", "National heritage").to_owned(),
                &|f| f.heritage_sites.to_string(),
            );
            row(
                ui,
                lang.pick("示范区", "Demonstration zones").to_owned(),
                &|f| {
                    if f.zones.is_empty() {
                        "—".to_owned()
                    } else {
                        f.zones
                            .iter()
                            .map(|z| crate::labels::place_name(z, None, lang))
                            .collect::<Vec<_>>()
                            .join(lang.pick("、", "; "))
                    }
                },
            );
        });
    });
    ui.label(
        RichText::new(lang.pick(
            "* 工作报告中的预计数 · 数值及来源见各地详情",
            "* preliminary in the work report · values and sources in each place's details",
        ))
        .small()
        .weak(),
    );
    ui.separator();
}
