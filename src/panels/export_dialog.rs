//! "Export image…": options, a file path, PNG or clipboard. Rendering runs on a worker
//! thread through the same drawing code as the screen, so the window stays responsive.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};

use crate::core::dataset::Dataset;
use crate::core::import::ImportedIndicator;
use crate::export::{ExportOptions, Target, render, write_png};
use crate::state::{Lang, Selection, Settings};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Destination {
    File,
    Clipboard,
}

pub struct ExportDialog {
    pub open: bool,
    pub target: Target,
    pub scale: f32,
    pub dark: bool,
    pub title: bool,
    pub legend: bool,
    pub caption: bool,
    pub path: String,
    pending: Option<(Destination, Receiver<Result<image::RgbaImage, String>>)>,
    choosing: Option<super::file_chooser::PendingChoice>,
    /// The map's loaded GeoJSON layers (set by the app; shared, not copied).
    pub user_layers: Vec<Arc<crate::map::user_layer::UserLayerView>>,
}

impl Default for ExportDialog {
    fn default() -> Self {
        Self {
            open: false,
            target: Target::Map,
            user_layers: Vec::new(),
            scale: 2.0,
            dark: false,
            title: true,
            legend: true,
            caption: true,
            path: String::new(),
            pending: None,
            choosing: None,
        }
    }
}

impl ExportDialog {
    pub fn open_for(&mut self, target: Target) {
        self.target = target;
        self.path = format!("oib-atlas-{}.png", target.key());
        self.open = true;
    }

    pub fn busy(&self) -> bool {
        self.pending.is_some()
    }

    /// Shows the window; returns a message for the status line when an export finished.
    /// `imported` is every imported indicator (the settings name the active one).
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        ds: &Arc<Dataset>,
        settings: &Settings,
        imported: &[ImportedIndicator],
        selection: Selection,
        view_size: egui::Vec2,
    ) -> Option<String> {
        let lang = settings.lang;
        let mut message = self.poll(ctx, lang);
        if let Some(choice) = self.choosing.as_ref().and_then(|c| c.poll()) {
            self.choosing = None;
            if let Some(p) = choice {
                self.path = p.display().to_string();
            }
        }
        if self.choosing.is_some() {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
        if !self.open && !self.busy() {
            return message;
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
                    self.target.key()
                ));
                ui.horizontal(|ui| {
                    ui.label(lang.pick("倍率", "Scale"));
                    for s in [1.0, 2.0, 3.0] {
                        ui.selectable_value(&mut self.scale, s, format!("{s}×"));
                    }
                });
                ui.horizontal(|ui| {
                    ui.selectable_value(&mut self.dark, false, lang.pick("浅色", "Light"));
                    ui.selectable_value(&mut self.dark, true, lang.pick("深色", "Dark"));
                });
                ui.checkbox(&mut self.title, lang.pick("标题", "Title"));
                ui.checkbox(&mut self.legend, lang.pick("图例", "Legend"));
                ui.checkbox(&mut self.caption, lang.pick("来源说明", "Source caption"));
                let size = view_size.max(egui::vec2(400.0, 300.0));
                ui.label(format!(
                    "{} {:.0}×{:.0} px",
                    lang.pick("图像大小", "Image size"),
                    size.x * self.scale,
                    size.y * self.scale
                ));
                let label = ui.label(lang.pick("保存到", "Save to"));
                ui.horizontal(|ui| {
                    ui.text_edit_singleline(&mut self.path)
                        .labelled_by(label.id);
                    if ui
                        .add_enabled(
                            self.choosing.is_none(),
                            egui::Button::new(lang.pick("浏览…", "Browse…")),
                        )
                        .clicked()
                    {
                        self.choosing = Some(super::file_chooser::save(
                            lang.pick("导出图像", "Export image"),
                            &self.path,
                            ("PNG", &["png"]),
                        ));
                    }
                });
                ui.add_enabled_ui(!self.busy(), |ui| {
                    ui.horizontal(|ui| {
                        if ui.button(lang.pick("导出 PNG", "Export PNG")).clicked() {
                            self.start(ds, settings, imported, selection, size, Destination::File);
                        }
                        if ui
                            .button(lang.pick("复制到剪贴板", "Copy to clipboard"))
                            .clicked()
                        {
                            self.start(
                                ds,
                                settings,
                                imported,
                                selection,
                                size,
                                Destination::Clipboard,
                            );
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
        message.take()
    }

    fn start(
        &mut self,
        ds: &Arc<Dataset>,
        settings: &Settings,
        imported: &[ImportedIndicator],
        selection: Selection,
        size: egui::Vec2,
        dest: Destination,
    ) {
        // Only the active imported indicator is drawn; the others need not be copied.
        let imported = crate::charts::active_imported(settings, imported)
            .map(|i| vec![i.clone()])
            .unwrap_or_default();
        let opts = ExportOptions {
            size,
            scale: self.scale,
            dark: self.dark,
            title: self.title,
            legend: self.legend,
            caption: self.caption,
            settings: settings.clone(),
            view: None,
            selection,
            story: None,
            imported: Arc::new(imported),
            user_layers: self.user_layers.clone(),
        };
        let (tx, rx) = channel();
        let ds = ds.clone();
        let target = self.target;
        std::thread::spawn(move || {
            let _ = tx.send(render(ds, target, &opts));
        });
        self.pending = Some((dest, rx));
    }

    fn poll(&mut self, ctx: &egui::Context, lang: Lang) -> Option<String> {
        let (dest, rx) = self.pending.as_ref()?;
        let result = rx.try_recv().ok()?;
        let dest = *dest;
        self.pending = None;
        Some(match (result, dest) {
            (Err(e), _) => format!("{}{e}", lang.pick("导出失败：", "Export failed: ")),
            (Ok(img), Destination::File) => {
                let path = std::path::PathBuf::from(self.path.trim());
                match write_png(&path, &img) {
                    Ok(()) => format!(
                        "{}{} ({}×{})",
                        lang.pick("已导出 ", "Exported "),
                        path.display(),
                        img.width(),
                        img.height()
                    ),
                    Err(e) => e,
                }
            }
            (Ok(img), Destination::Clipboard) => {
                let size = [img.width() as usize, img.height() as usize];
                ctx.copy_image(egui::ColorImage::from_rgba_premultiplied(
                    size,
                    img.as_raw(),
                ));
                lang.pick("图像已复制到剪贴板", "Image copied to the clipboard")
                    .to_owned()
            }
        })
    }
}
