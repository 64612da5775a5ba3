//! The start screen: what a returning user reaches for first — the recent projects, the map,
//! the lesson — shown over the map at start while the user has recent projects (and has not
//! turned it off). Closing it leaves the map exactly as the settings left it.

use egui::RichText;

use crate::state::{AtlasState, Command};

#[derive(Default)]
pub struct StartScreen {
    pub open: bool,
    /// The recent projects not found when the screen opened (checked once: a path on an
    /// unplugged network drive may take seconds to answer).
    missing: Vec<String>,
}

impl StartScreen {
    /// Opens the screen if the settings want it, checking once which projects are there.
    pub fn open_at_start(&mut self, state: &AtlasState) {
        self.open = Self::wanted(state);
        self.missing = if self.open {
            state
                .settings
                .recent_projects
                .iter()
                .filter(|p| !std::path::Path::new(p).is_file())
                .cloned()
                .collect()
        } else {
            Vec::new()
        };
    }

    /// Whether the screen opens at start for these settings.
    pub fn wanted(state: &AtlasState) -> bool {
        !state.settings.hide_start_screen && !state.settings.recent_projects.is_empty()
    }

    pub fn show(&mut self, ctx: &egui::Context, state: &AtlasState, commands: &mut Vec<Command>) {
        if !self.open {
            return;
        }
        let lang = state.lang();
        let mut open = true;
        let mut done = false;
        egui::Window::new(lang.pick("开始", "Start"))
            .open(&mut open)
            .collapsible(false)
            .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
            .default_width(460.0)
            .show(ctx, |ui| {
                ui.heading(lang.pick("老工业基地地图集", "Old Industrial Bases Atlas"));
                ui.add_space(4.0);
                ui.horizontal_wrapped(|ui| {
                    if ui
                        .button(lang.pick("浏览地图", "Explore the map"))
                        .clicked()
                    {
                        done = true;
                    }
                    if ui
                        .button(lang.pick("课堂演示（F5）", "Present the lesson (F5)"))
                        .clicked()
                    {
                        commands.push(Command::StartPresentation);
                        done = true;
                    }
                    if ui
                        .button(lang.pick("打开项目…", "Open a project…"))
                        .clicked()
                    {
                        commands.push(Command::OpenProjectDialog);
                        done = true;
                    }
                });
                ui.separator();
                ui.label(RichText::new(lang.pick("最近的项目", "Recent projects")).strong());
                for p in &state.settings.recent_projects {
                    if !self.missing.contains(p) {
                        if ui.link(p).clicked() {
                            commands.push(Command::OpenProject(p.clone()));
                            done = true;
                        }
                    } else {
                        // Moved or on a drive not attached: said, not hidden.
                        ui.label(
                            RichText::new(format!(
                                "{p}{}",
                                lang.pick("（找不到）", " (not found)")
                            ))
                            .weak(),
                        );
                    }
                }
                ui.separator();
                let mut hide = state.settings.hide_start_screen;
                if ui
                    .checkbox(
                        &mut hide,
                        lang.pick("启动时不再显示", "Do not show at start"),
                    )
                    .changed()
                {
                    commands.push(Command::SetHideStartScreen(hide));
                }
            });
        self.open = open && !done;
    }
}
