//! Filters by region group, evidence tier, level and province; they apply to the map, the
//! charts and the table.

use std::collections::BTreeSet;

use egui::Ui;

use crate::core::model::{CityLevel, EvidenceTier, RegionGroup};
use crate::labels::{level_explanation, region_label, tier_explanation, tier_label};
use crate::state::{AtlasState, Command};

fn toggle<T: Ord + Copy>(ui: &mut Ui, set: &mut BTreeSet<T>, v: T, text: &str) -> egui::Response {
    let mut on = set.contains(&v);
    let response = ui.checkbox(&mut on, text);
    if response.changed() {
        if on {
            set.insert(v);
        } else {
            set.remove(&v);
        }
    }
    response
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
        toggle(ui, &mut f.tiers, t, tier_label(t, lang)).on_hover_text(tier_explanation(t, lang));
    }
    ui.label(lang.pick("级别", "Level"));
    toggle(
        ui,
        &mut f.levels,
        CityLevel::Prefecture,
        lang.pick("地级城市", "Prefecture-level"),
    )
    .on_hover_text(level_explanation(false, lang));
    toggle(
        ui,
        &mut f.levels,
        CityLevel::Major,
        lang.pick("直辖市/计划单列市/省会城区", "Major city districts"),
    )
    .on_hover_text(level_explanation(true, lang));
    let all = lang.pick("全部省份", "All provinces");
    let current = f
        .province
        .and_then(|c| ds.province(c))
        .map_or_else(|| all.to_owned(), |p| p.name_zh.clone());
    egui::ComboBox::from_label(lang.pick("省份", "Province"))
        .selected_text(current)
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut f.province, None, all);
            for p in ds.provinces.iter() {
                ui.selectable_value(&mut f.province, Some(p.adcode), &p.name_zh);
            }
        });
    // The user's own groups, beside the built-in regions.
    if !state.settings.groups.is_empty() {
        let none = lang.pick("不限分组", "Any group");
        egui::ComboBox::from_label(lang.pick("我的分组", "My group"))
            .selected_text(f.group.as_ref().map_or(none, |g| g.name.as_str()))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut f.group, None, none);
                for g in &state.settings.groups {
                    ui.selectable_value(&mut f.group, Some(g.clone()), &g.name);
                }
            });
    }
    ui.horizontal(|ui| {
        if let Some(b) = f.bounds_lonlat(ds)
            && ui
                .button(lang.pick("缩放到筛选结果", "Zoom to filtered"))
                .clicked()
        {
            commands.push(Command::FlyToBounds(b));
        }
        if !f.is_empty() && ui.button(lang.pick("清除筛选", "Clear filters")).clicked() {
            f = Default::default();
        }
    });
    if f != state.settings.filter {
        commands.push(Command::SetFilter(f));
    }
}
