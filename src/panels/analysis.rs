//! The bottom panel: chart tabs, the city table, the region grouping and the chart's export.

use egui::Ui;

use super::table::TableState;
use crate::charts::{ChartContext, ChartTab};
use crate::labels::chart_title;
use crate::state::{AtlasState, BottomTab, Command, Target};

pub fn show(
    ui: &mut Ui,
    state: &AtlasState,
    tab: BottomTab,
    table: &mut TableState,
    commands: &mut Vec<Command>,
) {
    // A click in this panel makes its chart the view Ctrl+E exports.
    if super::pressed_inside(ui) {
        commands.push(Command::FocusChart(true));
    }
    // A visible grip on the top edge: the panel's height can be dragged (and is remembered).
    let top = ui.max_rect().center_top();
    let grip = egui::Rect::from_center_size(top + egui::vec2(0.0, -3.0), egui::vec2(36.0, 3.0));
    ui.painter()
        .rect_filled(grip, 1.5, ui.visuals().widgets.inactive.fg_stroke.color);
    let lang = state.lang();
    // Wraps on a narrow window, so the export button is never cut off.
    ui.horizontal_wrapped(|ui| {
        for t in ChartTab::ALL {
            let chart = BottomTab::Chart(t);
            if ui
                .selectable_label(tab == chart, chart_title(t, lang))
                .clicked()
            {
                commands.push(Command::ShowBottom(chart));
            }
        }
        ui.separator();
        let table_text = lang.pick("城市表", "City table");
        if ui
            .selectable_label(tab == BottomTab::Table, table_text)
            .clicked()
        {
            commands.push(Command::ShowBottom(BottomTab::Table));
        }
        ui.separator();
        let mut nbs = state.settings.nbs_grouping;
        let text = lang.pick("按国家统计局四大区域分组", "Group by NBS four regions");
        if ui.checkbox(&mut nbs, text).changed() {
            commands.push(Command::SetNbsGrouping(nbs));
        }
        if let BottomTab::Chart(t) = tab
            && ui.button(lang.pick("导出此图…", "Export chart…")).clicked()
        {
            commands.push(Command::OpenExport(Target::Chart(t)));
        }
    });
    ui.separator();
    match tab {
        BottomTab::Chart(t) => crate::charts::show(ui, t, &ChartContext::new(state), commands),
        BottomTab::Table => super::table::show(ui, state, table, commands),
    }
}
