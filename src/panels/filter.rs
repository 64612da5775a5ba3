//! Filters by region group, evidence tier, level and province; they apply to the map, the
//! charts and the table.

use std::collections::BTreeSet;

use egui::Ui;

use crate::core::model::{CityLevel, EvidenceTier, RegionGroup};
use crate::labels::{region_label, tier_label};
use crate::state::{AtlasState, Command};

fn toggle<T: Ord + Copy>(ui: &mut Ui, set: &mut BTreeSet<T>, v: T, text: &str) {
    let mut on = set.contains(&v);
    if ui.checkbox(&mut on, text).changed() {
        if on {
            set.insert(v);
        } else {
            set.remove(&v);
        }
    }
}

pub fn show(ui: &mut Ui, state: &AtlasState, commands: &mut Vec<Command>) {
    let lang = state.lang();
    let ds = &state.ds;
    let mut f = state.settings.filter.clone();
    ui.heading(lang.pick("筛选", "Filter"));
    ui.label(lang.pick("区域（不选 = 全部）", "Region (none = all)"));
    for g in RegionGroup::ALL {
        toggle(ui, &mut f.region_groups, g, region_label(g, lang));
    }
    ui.label(lang.pick("证据等级", "Evidence tier"));
    for t in EvidenceTier::ALL {
        toggle(ui, &mut f.tiers, t, tier_label(t, lang));
    }
    ui.label(lang.pick("级别", "Level"));
    toggle(
        ui,
        &mut f.levels,
        CityLevel::Prefecture,
        lang.pick("地级城市", "Prefecture-level"),
    );
    toggle(
        ui,
        &mut f.levels,
        CityLevel::Major,
        lang.pick("直辖市/计划单列市/省会城区", "Major city districts"),
    );
    let all = lang.pick("全部省份", "All provinces");
    let current = f
        .province
        .and_then(|c| ds.province(c))
        .map_or_else(|| all.to_owned(), |p| p.name_zh.clone());
    egui::ComboBox::from_label(lang.pick("省份", "Province"))
        .selected_text(current)
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut f.province, None, all);
            for p in &ds.provinces {
                ui.selectable_value(&mut f.province, Some(p.adcode), &p.name_zh);
            }
        });
    if !f.is_empty() && ui.button(lang.pick("清除筛选", "Clear filters")).clicked() {
        f = Default::default();
    }
    if f != state.settings.filter {
        commands.push(Command::SetFilter(f));
    }
}
