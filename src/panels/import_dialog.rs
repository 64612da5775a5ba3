//! File → Import table: read a planner's CSV/XLSX, show what would match, apply only on
//! confirmation. Everything here reads `core::import`; nothing changes until "Apply".

use egui::{RichText, Ui};

use super::file_chooser::{PathPicker, PickerMode};
use crate::core::dataset::Dataset;
use crate::core::import::preview::{
    ImportedIndicator, Preview, Shape, commit, guess_shape, preview,
};
use crate::core::import::{Matcher, RawTable, TextEncoding, file_label, read_table_path, today};
use crate::core::settings::{ImportRecord, Lang};
use crate::state::{AtlasState, Command};

pub struct ImportDialog {
    pub open: bool,
    pub path: PathPicker,
    /// `None` = detect automatically.
    pub encoding: Option<TextEncoding>,
    raw: Option<RawTable>,
    shape: Option<Shape>,
    pub preview: Option<Preview>,
    pub error: Option<crate::core::import::ImportError>,
}

impl Default for ImportDialog {
    fn default() -> Self {
        Self {
            open: false,
            path: PathPicker::new(PickerMode::Open, ("CSV / Excel", &["csv", "xlsx", "xls"])),
            encoding: None,
            raw: None,
            shape: None,
            preview: None,
            error: None,
        }
    }
}

fn encoding_key(e: Option<TextEncoding>) -> Option<String> {
    e.map(|e| e.label().to_owned())
}

impl ImportDialog {
    pub fn open_with(&mut self, ds: &Dataset, path: String) {
        self.open = true;
        self.path.path = path;
        self.read(ds);
    }

    /// Reads the file and makes a fresh preview. Errors leave the app unchanged.
    pub fn read(&mut self, ds: &Dataset) {
        self.raw = None;
        self.shape = None;
        self.preview = None;
        self.error = None;
        match read_table_path(std::path::Path::new(self.path.trimmed()), self.encoding) {
            Ok(raw) => {
                let matcher = Matcher::new(ds);
                let shape = guess_shape(&raw, &matcher);
                self.preview = Some(preview(&raw, &shape, &matcher));
                self.shape = Some(shape);
                self.raw = Some(raw);
            }
            Err(e) => self.error = Some(e),
        }
    }

    fn repreview(&mut self, ds: &Dataset) {
        if let (Some(raw), Some(shape)) = (&self.raw, &self.shape) {
            self.preview = Some(preview(raw, shape, &Matcher::new(ds)));
        }
    }

    /// Shows the window; "Apply" sends the committed indicators and what to remember for
    /// the next start as a command.
    pub fn show(&mut self, ctx: &egui::Context, state: &AtlasState, commands: &mut Vec<Command>) {
        let (ds, lang) = (&*state.ds, state.lang());
        // A file chosen in the system dialog is read at once.
        if self.path.poll(ctx) {
            self.read(ds);
        }
        if !self.open {
            return;
        }
        let mut applied = None;
        let mut open = true;
        egui::Window::new(lang.pick(
            "导入指标表（CSV / XLSX）",
            "Import an indicator table (CSV / XLSX)",
        ))
        .open(&mut open)
        .default_width(620.0)
        .show(ctx, |ui| applied = self.body(ui, ds, lang));
        self.open = open && applied.is_none();
        if let Some((indicators, record)) = applied {
            commands.push(Command::ApplyImport(indicators, record));
        }
    }

    /// The window's content: file and encoding, the proposed shape, the preview and "Apply".
    fn body(
        &mut self,
        ui: &mut Ui,
        ds: &Dataset,
        lang: Lang,
    ) -> Option<(Vec<ImportedIndicator>, ImportRecord)> {
        self.path_row(ui, lang);
        if self.encoding_row(ui, lang) {
            self.read(ds);
        }
        if let Some(e) = &self.error {
            ui.colored_label(ui.visuals().error_fg_color, e.describe(lang));
            return None;
        }
        let raw = self.raw.as_ref()?;
        if let Some(d) = &raw.encoding {
            ui.label(format!(
                "{}{} — {}",
                lang.pick("编码：", "Encoding: "),
                d.encoding.label(),
                lang.pick(&d.reason_zh, &d.reason)
            ));
        }
        let changed = self
            .shape
            .as_mut()
            .is_some_and(|shape| shape_controls(ui, shape, &raw.headers, lang));
        if changed {
            self.repreview(ds);
        }
        let p = self.preview.as_ref()?;
        ui.separator();
        preview_summary(ui, p, lang);
        problem_list(ui, p, lang);
        ui.separator();
        self.apply_button(ui, p, lang)
    }

    /// The path field and "Browse…" (which opens the system's file chooser).
    fn path_row(&mut self, ui: &mut Ui, lang: Lang) {
        let label = ui.label(lang.pick("文件", "File"));
        ui.horizontal(|ui| {
            self.path.field(ui, "", 380.0).labelled_by(label.id);
            let title = lang.pick("导入指标表", "Import table");
            self.path
                .browse_button(ui, title, lang.pick("浏览…", "Browse…"), lang);
        });
    }

    /// The encoding choice and "Read"; true when the file should be read (again).
    fn encoding_row(&mut self, ui: &mut Ui, lang: Lang) -> bool {
        let mut read = false;
        ui.horizontal(|ui| {
            let current = self
                .encoding
                .map_or(lang.pick("自动识别", "Detect"), |e| e.label());
            egui::ComboBox::from_label(lang.pick("编码", "Encoding"))
                .selected_text(current)
                .show_ui(ui, |ui| {
                    read |= ui
                        .selectable_value(&mut self.encoding, None, lang.pick("自动识别", "Detect"))
                        .changed();
                    for e in TextEncoding::ALL {
                        read |= ui
                            .selectable_value(&mut self.encoding, Some(e), e.label())
                            .changed();
                    }
                });
            read |= ui.button(lang.pick("读取", "Read")).clicked();
        });
        read
    }

    /// "Apply": commits the preview and says what to remember for the next start.
    fn apply_button(
        &self,
        ui: &mut Ui,
        p: &Preview,
        lang: Lang,
    ) -> Option<(Vec<ImportedIndicator>, ImportRecord)> {
        let can_apply = !p.matched.is_empty() && !p.indicators.is_empty();
        if !ui
            .add_enabled(can_apply, egui::Button::new(lang.pick("确认导入", "Apply")))
            .on_disabled_hover_text(lang.pick("没有可导入的值", "Nothing to import"))
            .clicked()
        {
            return None;
        }
        let path = std::path::PathBuf::from(self.path.trimmed());
        let date = today();
        let indicators = commit(p, &file_label(&path), &date);
        let record = ImportRecord {
            path: path.display().to_string(),
            encoding: encoding_key(self.encoding),
            date,
        };
        Some((indicators, record))
    }
}

/// The key column and, for a wide table, the value columns, as the user may correct them;
/// true when the user changed one.
fn shape_controls(ui: &mut Ui, shape: &mut Shape, headers: &[String], lang: Lang) -> bool {
    let mut changed = false;
    ui.horizontal(|ui| {
        let key = match shape {
            Shape::Wide { key_column, .. } | Shape::Long { key_column, .. } => key_column,
        };
        egui::ComboBox::from_label(lang.pick("地名/代码列", "Key column (name or adcode)"))
            .selected_text(headers.get(*key).cloned().unwrap_or_default())
            .show_ui(ui, |ui| {
                for (i, h) in headers.iter().enumerate() {
                    changed |= ui.selectable_value(key, i, h).changed();
                }
            });
        ui.label(match shape {
            Shape::Wide { .. } => lang.pick("宽表：每列一个指标", "wide: one column per indicator"),
            Shape::Long { .. } => {
                lang.pick("长表：指标列 + 数值列", "long: indicator and value columns")
            }
        });
    });
    if let Shape::Wide {
        key_column,
        value_columns,
    } = shape
    {
        ui.horizontal_wrapped(|ui| {
            ui.label(lang.pick("数值列：", "Value columns:"));
            for (i, h) in headers.iter().enumerate() {
                if i == *key_column {
                    continue;
                }
                let mut on = value_columns.contains(&i);
                if ui.checkbox(&mut on, h).changed() {
                    changed = true;
                    if on {
                        value_columns.push(i);
                        value_columns.sort_unstable();
                    } else {
                        value_columns.retain(|c| *c != i);
                    }
                }
            }
        });
    }
    changed
}

/// What the import would bring: counts, the level and each indicator with its unit.
fn preview_summary(ui: &mut Ui, p: &Preview, lang: Lang) {
    ui.label(
        RichText::new(format!(
            "{} {} · {} {} · {} {} · {} {}",
            lang.pick("匹配", "Matched"),
            p.matched.len(),
            lang.pick("未匹配", "unmatched"),
            p.unmatched.len(),
            lang.pick("数值问题", "value problems"),
            p.type_problems.len(),
            lang.pick("重复", "duplicates"),
            p.duplicates.len()
        ))
        .strong(),
    );
    ui.label(format!(
        "{}{}",
        lang.pick("层级：", "Level: "),
        if lang.is_zh() {
            p.level.label_zh()
        } else {
            p.level.label_en()
        }
    ));
    for ind in &p.indicators {
        let years = match (ind.years.first(), ind.years.last()) {
            (Some(a), Some(b)) => match lang {
                Lang::Zh => format!("，{} 个年份 {a}–{b}", ind.years.len()),
                Lang::En => format!(", {} years {a}–{b}", ind.years.len()),
            },
            _ => String::new(),
        };
        ui.label(format!(
            "· {} [{}] — {} {}{years}",
            ind.name,
            ind.unit
                .clone()
                .unwrap_or_else(|| lang.pick("单位未注明", "unit not stated").to_owned()),
            ind.values,
            lang.pick("个值", "values")
        ));
    }
}

/// The rows that did not match and the cells that are not values, with their lines (the
/// first 200 of each; the summary above gives the totals).
fn problem_list(ui: &mut Ui, p: &Preview, lang: Lang) {
    egui::ScrollArea::vertical()
        .max_height(220.0)
        .show(ui, |ui| {
            for u in p.unmatched.iter().take(200) {
                ui.label(
                    RichText::new(match lang {
                        Lang::Zh => format!("第 {} 行：“{}”——{}", u.line, u.key_text, u.reason_zh),
                        Lang::En => format!("line {}: “{}” — {}", u.line, u.key_text, u.reason),
                    })
                    .small(),
                );
            }
            for d in p.duplicates.iter().take(200) {
                ui.label(
                    RichText::new(match lang {
                        Lang::Zh => format!("第 {} 行：{}", d.line, d.reason(lang)),
                        Lang::En => format!("line {}: {}", d.line, d.reason(lang)),
                    })
                    .small(),
                );
            }
            for t in p.type_problems.iter().take(200) {
                ui.label(
                    RichText::new(match lang {
                        Lang::Zh => format!(
                            "第 {} 行，{}：“{}”——{}",
                            t.line, t.column, t.text, t.reason_zh
                        ),
                        Lang::En => {
                            format!("line {}, {}: “{}” — {}", t.line, t.column, t.text, t.reason)
                        }
                    })
                    .small(),
                );
            }
        });
}
