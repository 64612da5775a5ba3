//! Orientation for newcomers: the first-run hint and the keyboard shortcuts (F1).

use egui::{Align2, RichText};

use crate::core::settings::Lang;
use crate::state::{AtlasState, Command};

/// Every shortcut the atlas answers to, as (keys, what it does) in both languages.
pub const SHORTCUTS: [(&str, &str, &str); 18] = [
    ("F1", "显示或隐藏本列表", "show or hide this list"),
    (
        "F5",
        "开始或结束课堂演示",
        "start or leave the classroom presentation",
    ),
    (
        "→ PageDown Space",
        "演示：下一张",
        "presentation: next slide",
    ),
    ("← PageUp", "演示：上一张", "presentation: previous slide"),
    (
        "Home / End",
        "演示：第一张 / 最后一张；地图：全国视图",
        "presentation: first / last slide; map: fit China",
    ),
    (
        "Esc",
        "演示：关闭黑屏或总览，再按退出演示",
        "presentation: close the blank screen or overview, else leave",
    ),
    (
        "B / W",
        "演示：黑屏 / 白屏（再按返回）",
        "presentation: black / white screen (again to return)",
    ),
    (
        "G",
        "演示：全部幻灯片总览",
        "presentation: overview of all slides",
    ),
    (
        "N",
        "演示：显示或隐藏讲稿（在字幕下方）",
        "presentation: show or hide the speaker notes (under the caption)",
    ),
    (
        "S",
        "演示：显示全部来源（或只显示一行）",
        "presentation: every source (or one line)",
    ),
    (
        "H",
        "演示：高对比度（黑字白底）",
        "presentation: high contrast (black on white)",
    ),
    (
        "Ctrl+P / Ctrl+I / Ctrl+L",
        "演示：笔 / 荧光笔 / 激光笔（Ctrl+A 或 Esc 放下，E 擦除）",
        "presentation: pen / highlighter / laser (Ctrl+A or Esc puts it down, E erases)",
    ),
    (
        "Alt+F5",
        "演讲者视图：当前与下一张、讲稿、计时",
        "presenter view: current and next slide, notes, time",
    ),
    (
        "1 2 … Enter",
        "演示：转到第 N 张",
        "presentation: go to slide N",
    ),
    ("+ / −", "放大 / 缩小地图", "zoom the map in / out"),
    ("Ctrl +/−", "放大 / 缩小界面文字", "larger / smaller text"),
    (
        "Ctrl+E",
        "导出当前视图的图像",
        "export the focused view as an image",
    ),
    ("↓ ↑ Enter", "搜索结果中选择", "choose among search results"),
];

/// The F1 window listing the shortcuts.
pub fn shortcuts_window(ctx: &egui::Context, lang: Lang, open: &mut bool) {
    egui::Window::new(lang.pick("键盘快捷键", "Keyboard shortcuts"))
        .open(open)
        .collapsible(false)
        .resizable(false)
        .anchor(Align2::CENTER_CENTER, [0.0, 0.0])
        .show(ctx, |ui| {
            egui::Grid::new("shortcuts").striped(true).show(ui, |ui| {
                for (keys, zh, en) in SHORTCUTS {
                    ui.label(RichText::new(keys).strong());
                    ui.label(lang.pick(zh, en));
                    ui.end_row();
                }
            });
        });
}

/// A one-line hint in the status line until the user dismisses it (it covers nothing).
pub fn first_run_hint(ui: &mut egui::Ui, state: &AtlasState, commands: &mut Vec<Command>) {
    if state.settings.hint_dismissed {
        return;
    }
    let lang = state.lang();
    let text = lang.pick(
        "提示：点击城市查看其证据与来源 · 按 F5 开始课堂导览 · F1 查看快捷键",
        "Tip: click a city for its evidence and source · F5 for the guided tour · F1 for shortcuts",
    );
    ui.label(
        RichText::new(text)
            .strong()
            .color(ui.visuals().warn_fg_color),
    );
    if ui.small_button(lang.pick("知道了", "Got it")).clicked() {
        commands.push(Command::DismissHint);
    }
}
