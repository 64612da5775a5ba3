//! "My groups": the user's own region groups, made from the selection on the map or read
//! from a list file; each can be selected on the map, saved as a small CSV file or removed.
//! The group being made (its name, colour) is this panel's own state until it is saved.

use egui::{RichText, Ui};

use crate::core::groups::{GROUP_COLORS, UserGroup};
use crate::state::{AtlasState, Command};

/// Text being typed for the next group and the path of a list file to read.
#[derive(Default)]
pub struct GroupsPanel {
    pub name: String,
    pub color: Option<[u8; 3]>,
    pub file: String,
}

impl GroupsPanel {
    /// Making a group of the selected places: shown under the selection's summary.
    pub fn make_from_selection(
        &mut self,
        ui: &mut Ui,
        state: &AtlasState,
        commands: &mut Vec<Command>,
    ) {
        let lang = state.lang();
        let groups = &state.settings.groups;
        let mut color = self
            .color
            .unwrap_or(GROUP_COLORS[groups.len() % GROUP_COLORS.len()]);
        let mut made = false;
        ui.horizontal_wrapped(|ui| {
            let label = ui.label(lang.pick("分组名称", "Group name"));
            ui.add(egui::TextEdit::singleline(&mut self.name).desired_width(120.0))
                .labelled_by(label.id);
            ui.color_edit_button_srgb(&mut color)
                .on_hover_text(lang.pick("分组颜色", "Group colour"));
            if ui.button(lang.pick("建为分组", "Make a group")).clicked() {
                let places = state.selection().places();
                match crate::core::groups::from_places(
                    &self.name,
                    color,
                    places,
                    groups,
                    &crate::core::import::today(),
                ) {
                    Ok(g) => {
                        commands.push(Command::AddGroup(g));
                        made = true;
                    }
                    Err(e) => commands.push(Command::Notice(e.text(lang).to_owned())),
                }
            }
        });
        if made {
            // The next group starts with a fresh name and the next colour.
            self.name.clear();
            self.color = None;
        } else {
            self.color = Some(color);
        }
    }

    /// The list of the user's groups, and reading one from a file.
    pub fn show(&mut self, ui: &mut Ui, state: &AtlasState, commands: &mut Vec<Command>) {
        let lang = state.lang();
        ui.heading(lang.pick("我的分组", "My groups"));
        if state.settings.groups.is_empty() {
            ui.label(
                RichText::new(lang.pick(
                    "Shift+拖动框选省份或地级单位，再在“详情”中建为分组；或读入名单文件。",
                    "Shift+drag on the map to select provinces or prefectures, then make a group under Details; or read a list file.",
                ))
                .small()
                .weak(),
            );
        }
        for g in &state.settings.groups {
            group_row(ui, state, g, commands);
        }
        ui.horizontal(|ui| {
            let label = ui.label(lang.pick("名单文件", "List file"));
            ui.add(
                egui::TextEdit::singleline(&mut self.file)
                    .hint_text(lang.pick("CSV 或 XLSX 路径", "CSV or XLSX path"))
                    .desired_width(130.0),
            )
            .labelled_by(label.id);
            if ui.button(lang.pick("读入", "Read")).clicked() && !self.file.trim().is_empty() {
                commands.push(Command::ImportGroup(self.file.trim().to_owned()));
            }
        });
    }
}

/// One group: its colour, name, what it is, and what can be done with it.
fn group_row(ui: &mut Ui, state: &AtlasState, g: &UserGroup, commands: &mut Vec<Command>) {
    let lang = state.lang();
    ui.horizontal_wrapped(|ui| {
        let (rect, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
        ui.painter().rect_filled(
            rect,
            2.0,
            egui::Color32::from_rgb(g.color[0], g.color[1], g.color[2]),
        );
        ui.label(RichText::new(&g.name).strong());
        if ui.small_button(lang.pick("选中", "Select")).clicked() {
            commands.push(Command::Select(None));
            commands.push(Command::SelectAdd(g.places()));
        }
        if ui.small_button(lang.pick("导出", "Export")).clicked() {
            commands.push(Command::ExportGroup(g.name.clone()));
        }
        if ui.small_button(lang.pick("删除", "Remove")).clicked() {
            commands.push(Command::RemoveGroup(g.name.clone()));
        }
    });
    ui.label(RichText::new(g.describe(lang)).small().weak());
}
