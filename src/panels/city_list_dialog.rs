//! The city-list dialog: read a planner's own list of old industrial cities (CSV or XLSX),
//! see what it would change against the built-in list, choose replace or extend, and apply.
//! Nothing changes until "Apply"; a file that cannot be read changes nothing.

use egui::{RichText, Ui};

use super::file_chooser::{PathPicker, PickerMode};
use crate::core::city_list::{
    Change, CityListRecord, ListMode, ListPreview, apply_list, preview_list,
};
use crate::core::dataset::Dataset;
use crate::core::import::{file_label, read_table_path, today};
use crate::core::settings::Lang;
use crate::labels::tier_label;
use crate::state::{AtlasState, Command};

pub struct CityListDialog {
    pub open: bool,
    pub path: PathPicker,
    pub mode: ListMode,
    pub preview: Option<ListPreview>,
    pub error: Option<String>,
}

impl Default for CityListDialog {
    fn default() -> Self {
        Self {
            open: false,
            path: PathPicker::new(PickerMode::Open, ("CSV / Excel", &["csv", "xlsx", "xls"])),
            mode: ListMode::Extend,
            preview: None,
            error: None,
        }
    }
}

impl CityListDialog {
    pub fn open_with(&mut self, ds: &Dataset, path: String) {
        self.open = true;
        self.path.path = path;
        self.read(ds);
    }

    /// Reads the file against the built-in list.
    pub fn read(&mut self, builtin: &Dataset) {
        self.preview = None;
        self.error = None;
        match read_table_path(std::path::Path::new(self.path.trimmed()), None) {
            Ok(raw) => self.preview = Some(preview_list(builtin, &raw)),
            Err(e) => self.error = Some(e.to_string()),
        }
    }

    pub fn show(&mut self, ctx: &egui::Context, state: &AtlasState, commands: &mut Vec<Command>) {
        let builtin = &*state.builtin_ds;
        let lang = state.lang();
        if self.path.poll(ctx) {
            self.read(builtin);
        }
        if !self.open {
            return;
        }
        let mut open = true;
        let mut applied = false;
        egui::Window::new(lang.pick("城市名单（CSV / XLSX）", "City list (CSV / XLSX)"))
            .open(&mut open)
            .default_width(600.0)
            .show(ctx, |ui| applied = self.body(ui, builtin, lang, commands));
        self.open = open && !applied;
    }

    /// File, preview, mode and Apply; true once applied.
    fn body(
        &mut self,
        ui: &mut Ui,
        builtin: &Dataset,
        lang: Lang,
        commands: &mut Vec<Command>,
    ) -> bool {
        let label = ui.label(lang.pick("城市名单文件", "City list file"));
        ui.horizontal(|ui| {
            self.path.field(ui, "", 360.0).labelled_by(label.id);
            self.path.browse_button(
                ui,
                lang.pick("城市名单", "City list"),
                lang.pick("浏览…", "Browse…"),
                lang,
            );
            if ui.button(lang.pick("预览", "Preview")).clicked() {
                self.read(builtin);
            }
        });
        if let Some(e) = &self.error {
            ui.colored_label(ui.visuals().error_fg_color, e);
            return false;
        }
        let Some(p) = &self.preview else {
            return false;
        };
        summary(ui, p, lang);
        problems(ui, p, lang);
        ui.separator();
        ui.radio_value(
            &mut self.mode,
            ListMode::Extend,
            lang.pick(
                "扩展内置名单（名单中的行只覆盖其填写的字段）",
                "Extend the built-in list (a row overrides only the fields it fills)",
            ),
        );
        ui.radio_value(
            &mut self.mode,
            ListMode::Replace,
            match lang {
                Lang::Zh => format!(
                    "替换内置名单（名单未列出的 {} 个内置城市不再显示）",
                    p.not_in_list.len()
                ),
                Lang::En => format!(
                    "Replace the built-in list (the {} built-in cities it does not name are not shown)",
                    p.not_in_list.len()
                ),
            },
        );
        if p.rows.is_empty() {
            ui.label(lang.pick("没有一行能匹配到城市。", "No row names a city."));
            return false;
        }
        if ui
            .button(RichText::new(lang.pick("应用名单", "Apply the list")).strong())
            .clicked()
        {
            let path = self.path.trimmed().to_owned();
            let record = CityListRecord {
                path: crate::core::user_dirs::absolute(std::path::Path::new(&path))
                    .display()
                    .to_string(),
                mode: self.mode,
                date: today(),
            };
            let file = file_label(std::path::Path::new(&path));
            let cities = apply_list(builtin, p, self.mode, &file, &record.date);
            commands.push(Command::ApplyCityList(record, cities));
            return true;
        }
        false
    }
}

/// Counts of what the list would change.
fn summary(ui: &mut Ui, p: &ListPreview, lang: Lang) {
    let added = p.count(|c| *c == Change::Added);
    let tier = p.count(|c| matches!(c, Change::Tier(..)));
    let filled = p.count(|c| matches!(c, Change::DistrictFilled(_)));
    let district = p.count(|c| matches!(c, Change::District(..)));
    let level = p.count(|c| matches!(c, Change::Level(..)));
    let same = p.count(|c| *c == Change::Same);
    ui.label(
        RichText::new(match lang {
            Lang::Zh => format!(
                "{} 行匹配到城市（城市取自“{}”列）：新增 {added} · 证据等级改变 {tier} · 补上规划城区 {filled} · 规划城区不同 {district} · 级别不同 {level} · 无变化 {same}",
                p.rows.len(),
                p.key_column
            ),
            Lang::En => format!(
                "{} rows name a city (from column '{}'): added {added} · tier changed {tier} · district filled {filled} · district differs {district} · level differs {level} · unchanged {same}",
                p.rows.len(),
                p.key_column
            ),
        })
        .strong(),
    );
    if p.no_tier > 0 {
        ui.label(match lang {
            Lang::Zh => format!(
                "{} 行未给证据等级：其中内置名单没有的城市按“已确认”读入，证据为您的名单本身。",
                p.no_tier
            ),
            Lang::En => format!(
                "{} rows give no evidence tier: a city among them that the built-in list lacks is read as confirmed, with your list as its evidence.",
                p.no_tier
            ),
        });
    }
    egui::CollapsingHeader::new(lang.pick("逐行变化", "Row by row"))
        .id_salt("city-list-changes")
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .max_height(180.0)
                .show(ui, |ui| {
                    for (r, changes) in p.rows.iter().zip(&p.changes) {
                        let what: Vec<String> =
                            changes.iter().map(|c| change_text(c, lang)).collect();
                        ui.label(
                            RichText::new(format!(
                                "{} {}: {}",
                                r.line,
                                r.name_zh,
                                what.join(lang.pick("；", "; "))
                            ))
                            .small(),
                        );
                    }
                });
        });
}

fn change_text(c: &Change, lang: Lang) -> String {
    match c {
        Change::Added => lang.pick("新增", "added").to_owned(),
        Change::Tier(a, b) => format!(
            "{} {} → {}",
            lang.pick("证据等级", "tier"),
            tier_label(*a, lang),
            tier_label(*b, lang)
        ),
        Change::DistrictFilled(d) => format!("{} {d}", lang.pick("补上规划城区", "district")),
        Change::District(a, b) => format!("{} {a} → {b}", lang.pick("规划城区", "district")),
        Change::Level(a, b) => format!("{} {} → {}", lang.pick("级别", "level"), a.key(), b.key()),
        Change::Evidence => lang
            .pick("给出原文或来源", "gives a quote or source")
            .to_owned(),
        Change::Same => lang.pick("无变化", "unchanged").to_owned(),
    }
}

/// Rows not used, with their lines and reasons; repeated cities.
fn problems(ui: &mut Ui, p: &ListPreview, lang: Lang) {
    if p.problems.is_empty() && p.duplicates.is_empty() {
        return;
    }
    ui.label(
        RichText::new(match lang {
            Lang::Zh => format!(
                "未采用 {} 行，重复 {} 行",
                p.problems.len(),
                p.duplicates.len()
            ),
            Lang::En => format!(
                "{} rows not used, {} repeated",
                p.problems.len(),
                p.duplicates.len()
            ),
        })
        .color(ui.visuals().warn_fg_color),
    );
    egui::ScrollArea::vertical()
        .id_salt("city-list-problems")
        .max_height(160.0)
        .show(ui, |ui| {
            for x in p.problems.iter().take(200) {
                ui.label(
                    RichText::new(match lang {
                        Lang::Zh => format!("第 {} 行：“{}”——{}", x.line, x.text, x.reason(lang)),
                        Lang::En => format!("line {}: “{}” — {}", x.line, x.text, x.reason(lang)),
                    })
                    .small(),
                );
            }
            for (line, first, conflict) in p.duplicates.iter().take(200) {
                let text = match (lang, conflict) {
                    (Lang::Zh, true) => {
                        format!("第 {line} 行：与第 {first} 行同一城市，证据等级不同；采用第 {first} 行")
                    }
                    (Lang::Zh, false) => format!("第 {line} 行：与第 {first} 行同一城市；采用第 {first} 行"),
                    (Lang::En, true) => format!(
                        "line {line}: the same city as line {first}, with a conflicting tier; line {first} is used"
                    ),
                    (Lang::En, false) => {
                        format!("line {line}: the same city as line {first}; line {first} is used")
                    }
                };
                ui.label(RichText::new(text).small());
            }
        });
}
