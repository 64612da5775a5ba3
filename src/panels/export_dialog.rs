//! "Export image…": options, a file path, PNG, SVG or PDF, or the clipboard. Rendering (and
//! writing) runs on a worker thread through the same drawing code as the screen, so the
//! window stays responsive.

use std::sync::mpsc::{Receiver, channel};

use super::file_chooser::{PathPicker, PickerMode};
use crate::core::settings::{Lang, Theme};
use crate::core::user_dirs::absolute;
use crate::export::{ExportOptions, Format, export_to, render};
use crate::state::{AtlasState, Command, Target};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Destination {
    File,
    Clipboard,
}

pub struct ExportDialog {
    pub open: bool,
    pub target: Target,
    pub scale: f32,
    pub theme: Theme,
    pub title: bool,
    pub legend: bool,
    pub caption: bool,
    /// Draw the selection's outline in the picture.
    pub selection: bool,
    pub path: PathPicker,
    pub format: Format,
    pending: Option<Receiver<Result<Done, String>>>,
}

/// What a finished export did.
enum Done {
    /// The picture, for the clipboard.
    Image(image::RgbaImage),
    /// Written to this file, described for the status line.
    Written(std::path::PathBuf, String),
}

impl Default for ExportDialog {
    fn default() -> Self {
        Self {
            open: false,
            target: Target::Map,
            scale: 2.0,
            theme: Theme::Light,
            title: true,
            legend: true,
            caption: true,
            selection: true,
            path: PathPicker::new(
                PickerMode::Save,
                ("PNG / SVG / PDF", &["png", "svg", "pdf"]),
            ),
            format: Format::Png,
            pending: None,
        }
    }
}

impl ExportDialog {
    /// Opens the dialog for `target`, saving into `dir` unless the user changes the path.
    pub fn open_for(&mut self, target: Target, dir: &std::path::Path) {
        self.target = target;
        let file = dir.join(format!(
            "oib-atlas-{}.{}",
            target.key(),
            self.format.extension()
        ));
        self.path.path = file.display().to_string();
        self.open = true;
    }

    pub fn busy(&self) -> bool {
        self.pending.is_some()
    }

    /// Shows the window; a finished export reports to the status line (a command).
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        state: &AtlasState,
        view_size: egui::Vec2,
        commands: &mut Vec<Command>,
    ) {
        let lang = state.lang();
        if let Some(done) = self.poll(ctx, lang) {
            commands.push(done);
        }
        if !self.open && !self.busy() {
            return;
        }
        let mut open = self.open;
        egui::Window::new(lang.pick("导出图像", "Export image"))
            .open(&mut open)
            .resizable(false)
            .collapsible(false)
            .show(ctx, |ui| {
                ui.label(format!(
                    "{}{}",
                    lang.pick("内容：", "View: "),
                    match self.target {
                        Target::Map => lang.pick("地图", "map"),
                        Target::Chart(tab) => crate::labels::chart_title(tab, lang),
                        Target::Slide(_) => lang.pick("幻灯片", "slide"),
                    }
                ));
                ui.horizontal(|ui| {
                    ui.label(lang.pick("倍率", "Scale"));
                    for s in [1.0, 2.0, 3.0] {
                        ui.selectable_value(&mut self.scale, s, format!("{s}×"));
                    }
                });
                ui.horizontal(|ui| {
                    ui.selectable_value(&mut self.theme, Theme::Light, lang.pick("浅色", "Light"));
                    ui.selectable_value(&mut self.theme, Theme::Dark, lang.pick("深色", "Dark"));
                });
                ui.checkbox(&mut self.title, lang.pick("标题", "Title"));
                ui.checkbox(&mut self.legend, lang.pick("图例", "Legend"));
                ui.checkbox(&mut self.caption, lang.pick("来源说明", "Source caption"));
                ui.checkbox(
                    &mut self.selection,
                    lang.pick("包含选择轮廓", "Outline the selection"),
                );
                let size = view_size.max(egui::vec2(400.0, 300.0));
                ui.label(format!(
                    "{} {:.0}×{:.0} px",
                    lang.pick("图像大小", "Image size"),
                    size.x * self.scale,
                    size.y * self.scale
                ));
                ui.horizontal(|ui| {
                    ui.label(lang.pick("格式", "Format"));
                    let before = self.format;
                    for (f, name) in [
                        (Format::Png, "PNG"),
                        (Format::Svg, lang.pick("SVG（矢量）", "SVG (vector)")),
                        (Format::Pdf, lang.pick("PDF（打印）", "PDF (print)")),
                    ] {
                        ui.selectable_value(&mut self.format, f, name);
                    }
                    if self.format != before {
                        // The file name follows the format.
                        let p = std::path::Path::new(self.path.trimmed())
                            .with_extension(self.format.extension());
                        self.path.path = p.display().to_string();
                    }
                });
                let label = ui.label(lang.pick("保存到", "Save to"));
                self.path.ui(
                    ui,
                    label.id,
                    lang.pick("导出图像", "Export image"),
                    lang.pick("浏览…", "Browse…"),
                    lang,
                );
                ui.add_enabled_ui(!self.busy(), |ui| {
                    ui.horizontal(|ui| {
                        let name = self.format.extension().to_uppercase();
                        let export = format!("{}{name}", lang.pick("导出 ", "Export "));
                        if ui.button(export).clicked() {
                            self.start(state, size, Destination::File);
                        }
                        if ui
                            .button(lang.pick("复制到剪贴板", "Copy to clipboard"))
                            .clicked()
                        {
                            self.start(state, size, Destination::Clipboard);
                        }
                    });
                });
                if self.busy() {
                    ui.horizontal(|ui| {
                        ui.spinner();
                        ui.label(lang.pick("正在渲染…", "Rendering…"));
                    });
                }
            });
        self.open = open;
        if self.busy() {
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
        }
    }

    /// Renders on a worker thread from the app's data (shared, not copied).
    fn start(&mut self, state: &AtlasState, size: egui::Vec2, dest: Destination) {
        let opts = ExportOptions {
            size,
            scale: self.scale,
            theme: self.theme,
            title: self.title,
            legend: self.legend,
            caption: self.caption,
            settings: state.settings.clone(),
            view: None,
            selection: if self.selection {
                state.interaction.selection.clone()
            } else {
                Default::default()
            },
            story: None,
            data: state.data.clone(),
            spatial: state.spatial.clone(),
            ..Default::default()
        };
        let (tx, rx) = channel();
        let ds = state.ds.clone();
        let target = self.target;
        let format = self.format;
        let path = absolute(std::path::Path::new(self.path.trimmed()));
        let lang = state.lang();
        std::thread::spawn(move || {
            let done = match dest {
                Destination::Clipboard => render(ds, target, &opts).map(Done::Image),
                Destination::File => export_to(ds, target, &opts, format, &path).map(|()| {
                    let px = opts.size * opts.scale;
                    let text = format!(
                        "{}{} ({:.0}×{:.0})",
                        lang.pick("已导出 ", "Exported "),
                        path.display(),
                        px.x,
                        px.y
                    );
                    Done::Written(path, text)
                }),
            };
            // The dialog may be gone (the app closed): nothing to report then.
            tx.send(done).ok();
        });
        self.pending = Some(rx);
    }

    /// A finished export: written (with the absolute path) or copied, or why it failed.
    fn poll(&mut self, ctx: &egui::Context, lang: Lang) -> Option<Command> {
        let rx = self.pending.as_ref()?;
        let result = rx.try_recv().ok()?;
        self.pending = None;
        Some(match result {
            Err(e) => Command::Notice(format!("{}{e}", lang.pick("导出失败：", "Export failed: "))),
            Ok(Done::Written(path, text)) => Command::Saved(path, text),
            Ok(Done::Image(img)) => {
                let size = [img.width() as usize, img.height() as usize];
                ctx.copy_image(egui::ColorImage::from_rgba_premultiplied(
                    size,
                    img.as_raw(),
                ));
                Command::Notice(
                    lang.pick("图像已复制到剪贴板", "Image copied to the clipboard")
                        .to_owned(),
                )
            }
        })
    }
}
