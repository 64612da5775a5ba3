//! File → Open story: a path (typed or chosen), checked against the dataset before it
//! replaces the lesson; a malformed file is reported with its line and nothing changes.

use std::sync::Arc;

use super::file_chooser::{PathPicker, PickerMode};
use crate::core::story::load_story_file;
use crate::state::{AtlasState, Command};

pub struct StoryDialog {
    pub open: bool,
    pub path: PathPicker,
    /// Why the last file could not be opened (with its line).
    pub error: Option<String>,
}

impl Default for StoryDialog {
    fn default() -> Self {
        Self {
            open: false,
            path: PathPicker::new(PickerMode::Open, ("TOML", &["toml"])),
            error: None,
        }
    }
}

impl StoryDialog {
    pub fn open(&mut self) {
        self.open = true;
        self.error = None;
    }

    /// Opens the dialog on a path and tries it at once (tests, the command line).
    pub fn open_with(&mut self, path: String) {
        self.open();
        self.path.path = path;
    }

    pub fn show(&mut self, ctx: &egui::Context, state: &AtlasState, commands: &mut Vec<Command>) {
        if !self.open {
            return;
        }
        let lang = state.lang();
        let mut open = true;
        let mut load = false;
        egui::Window::new(lang.pick("打开故事", "Open story"))
            .open(&mut open)
            .collapsible(false)
            .show(ctx, |ui| {
                ui.label(lang.pick(
                    "故事文件（TOML，与内置课程格式相同）",
                    "Story file (TOML, the same format as the built-in lesson)",
                ));
                let label = ui.label(lang.pick("路径", "Path"));
                self.path.ui(
                    ui,
                    label.id,
                    lang.pick("打开故事", "Open story"),
                    lang.pick("浏览…", "Browse…"),
                    lang,
                );
                load = ui.button(lang.pick("打开", "Open")).clicked();
                if let Some(e) = &self.error {
                    ui.colored_label(ui.visuals().error_fg_color, e.as_str());
                }
            });
        if load {
            let path = self.path.trimmed().to_owned();
            match load_story_file(std::path::Path::new(&path), &state.ds) {
                Ok(story) => {
                    commands.push(Command::SetStory(Arc::new(story), path));
                    self.open = false;
                    return;
                }
                // The current story stays; the error names the line.
                Err(e) => self.error = Some(e.to_string()),
            }
        }
        if !open {
            self.open = false;
        }
    }
}
