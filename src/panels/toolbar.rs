//! The toolbar: File and View menus, map buttons, presentation, language.

use egui::Ui;

use crate::core::settings::Lang;
use crate::state::{AtlasState, BottomTab, Command, Target};

pub fn show(ui: &mut Ui, state: &AtlasState, bottom: BottomTab, commands: &mut Vec<Command>) {
    let lang = state.lang();
    ui.horizontal(|ui| {
        ui.heading(lang.pick("老工业基地地图集", "Old Industrial Bases Atlas"));
        ui.separator();
        ui.menu_button(lang.pick("文件", "File"), |ui| {
            file_menu(ui, state, bottom, commands)
        });
        ui.menu_button(lang.pick("视图", "View"), |ui| {
            if ui
                .button(lang.pick("全国视图  Home", "Fit China  Home"))
                .clicked()
            {
                commands.push(Command::FitHome);
            }
            if ui
                .button(lang.pick("课堂演示  F5", "Classroom presentation  F5"))
                .clicked()
            {
                commands.push(Command::StartPresentation);
            }
            ui.separator();
            // Hiding the side panels leaves the map more room on a small screen.
            let settings = &state.settings;
            let mut left = !settings.left_panel_hidden;
            let text = lang.pick(
                "左侧面板（搜索、筛选、图层）",
                "Left panel (search, filters, layers)",
            );
            if ui.checkbox(&mut left, text).changed() {
                commands.push(Command::ToggleLeftPanel);
            }
            let mut right = !settings.right_panel_hidden;
            let text = lang.pick("右侧面板（详情、覆盖）", "Right panel (details, coverage)");
            if ui.checkbox(&mut right, text).changed() {
                commands.push(Command::ToggleRightPanel);
            }
        });
        ui.separator();
        let buttons: [(&str, &str, Command); 3] = [
            (lang.pick("全国视图", "Fit China"), "Home", Command::FitHome),
            (lang.pick("放大 +", "Zoom in +"), "+", Command::ZoomBy(1.5)),
            (
                lang.pick("缩小 −", "Zoom out −"),
                "-",
                Command::ZoomBy(1.0 / 1.5),
            ),
        ];
        for (text, key, command) in buttons {
            if ui.button(text).on_hover_text(key).clicked() {
                commands.push(command);
            }
        }
        if ui.button(lang.pick("演示 (F5)", "Present (F5)")).clicked() {
            commands.push(Command::StartPresentation);
        }
        // Opening a story file is in the File menu and the lesson editor: the bar keeps to
        // one line at 1024 points.
        let editing = state.lesson.is_some();
        if ui
            .add(egui::Button::new(lang.pick("编辑课件", "Edit lesson")).selected(editing))
            .on_hover_text(lang.pick(
                "把地图视图做成幻灯片，写字幕与讲稿，排序并保存",
                "Make slides from map views, write captions and notes, reorder and save",
            ))
            .clicked()
        {
            commands.push(Command::Lesson(if editing {
                crate::state::LessonCommand::Close
            } else {
                crate::state::LessonCommand::Edit
            }));
        }
        if ui
            .button(lang.pick("导出地图…", "Export map…"))
            .on_hover_text("Ctrl+E")
            .clicked()
        {
            commands.push(Command::OpenExport(Target::Map));
        }
        ui.separator();
        for (l, text) in [(Lang::Zh, "中文"), (Lang::En, "English")] {
            if ui.selectable_label(lang == l, text).clicked() {
                commands.push(Command::SetLang(l));
            }
        }
    });
}

fn file_menu(ui: &mut Ui, state: &AtlasState, bottom: BottomTab, commands: &mut Vec<Command>) {
    let lang = state.lang();
    let mut item = |ui: &mut Ui, text: &str, command: Command| {
        if ui.button(text).clicked() {
            commands.push(command);
        }
    };
    item(
        ui,
        lang.pick("保存或打开项目…", "Save or open project…"),
        Command::OpenProjectDialog,
    );
    for p in state.settings.recent_projects.iter().take(4) {
        let name = std::path::Path::new(p)
            .file_name()
            .map_or_else(|| p.clone(), |n| n.to_string_lossy().into_owned());
        item(
            ui,
            &format!("{} {name}", lang.pick("打开", "Open")),
            Command::OpenProject(p.clone()),
        );
    }
    ui.separator();
    item(
        ui,
        lang.pick("打开故事…", "Open story…"),
        Command::OpenStoryDialog,
    );
    item(
        ui,
        lang.pick(
            "导入指标表（CSV/XLSX）…",
            "Import indicator table (CSV/XLSX)…",
        ),
        Command::OpenImportDialog,
    );
    item(
        ui,
        lang.pick("打开 GeoJSON 图层…", "Open GeoJSON layer…"),
        Command::BrowseLayer,
    );
    ui.separator();
    item(
        ui,
        lang.pick("导出当前视图图像…  Ctrl+E", "Export focused view…  Ctrl+E"),
        Command::OpenExportFocused,
    );
    item(
        ui,
        lang.pick("导出地图图像…", "Export map image…"),
        Command::OpenExport(Target::Map),
    );
    if let BottomTab::Chart(tab) = bottom {
        item(
            ui,
            lang.pick("导出当前图表图像…", "Export current chart image…"),
            Command::OpenExport(Target::Chart(tab)),
        );
    }
    item(
        ui,
        lang.pick("导出城市表 CSV…", "Export city table as CSV…"),
        Command::ShowBottom(BottomTab::Table),
    );
}
