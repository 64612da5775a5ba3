//! Save and open a project (one zip: settings, imported tables, the city list, groups, GeoJSON
//! layers, a story), with the recent ones a click away.

use egui::RichText;

use super::file_chooser::{PathPicker, PickerMode};
use crate::state::{AtlasState, Command};

pub struct ProjectDialog {
    pub open: bool,
    pub path: PathPicker,
}

impl Default for ProjectDialog {
    fn default() -> Self {
        Self {
            open: false,
            path: PathPicker::new(PickerMode::Save, ("Atlas project", &["zip"])),
        }
    }
}

impl ProjectDialog {
    pub fn show(&mut self, ctx: &egui::Context, state: &AtlasState, commands: &mut Vec<Command>) {
        self.path.poll(ctx);
        if !self.open {
            return;
        }
        let lang = state.lang();
        if self.path.path.is_empty() {
            self.path.path = state
                .export_dir("DOCUMENTS")
                .join("oib-atlas-project.zip")
                .display()
                .to_string();
        }
        let mut open = true;
        let mut done = false;
        egui::Window::new(lang.pick("项目", "Project"))
            .open(&mut open)
            .default_width(520.0)
            .show(ctx, |ui| {
                ui.label(
                    RichText::new(lang.pick(
                        "项目文件是一个 zip：设置、导入的表、城市名单、分组、GeoJSON 图层（32 MB 以下复制，更大的记路径）和打开的故事。",
                        "A project is one zip: the settings, imported tables, the city list, groups, GeoJSON layers (copied up to 32 MB, larger ones by path) and an opened story.",
                    ))
                    .small(),
                );
                let label = ui.label(lang.pick("项目文件", "Project file"));
                ui.horizontal(|ui| {
                    self.path.field(ui, "", 340.0).labelled_by(label.id);
                    self.path.browse_button(
                        ui,
                        lang.pick("项目文件", "Project file"),
                        lang.pick("浏览…", "Browse…"),
                        lang,
                    );
                });
                ui.horizontal(|ui| {
                    let path = self.path.trimmed().to_owned();
                    if ui.button(lang.pick("保存项目", "Save project")).clicked() {
                        commands.push(Command::SaveProject(path.clone()));
                        done = true;
                    }
                    if ui.button(lang.pick("打开项目", "Open project")).clicked() {
                        commands.push(Command::OpenProject(path));
                        done = true;
                    }
                });
                if !state.settings.recent_projects.is_empty() {
                    ui.separator();
                    ui.label(RichText::new(lang.pick("最近的项目", "Recent projects")).strong());
                    for p in &state.settings.recent_projects {
                        if ui.link(p).clicked() {
                            commands.push(Command::OpenProject(p.clone()));
                            done = true;
                        }
                    }
                }
            });
        self.open = open && !done;
    }
}
