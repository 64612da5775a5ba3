//! The atlas's own file chooser, for machines where no desktop portal runs (a bare X server,
//! minimal desktops, many classroom images). A small window: the folder's path (editable),
//! *Up*, the home, Documents and Pictures folders, the folder's entries (folders first, then
//! the files the filter allows), a file name field and Open/Save and Cancel. It draws only
//! text, so it needs no icon font, and speaks the user's language.
//!
//! (`egui_file` 0.29 supports egui 0.37, but draws emoji icons that the bundled fonts lack.)

use std::path::{Path, PathBuf};

use crate::core::settings::Lang;
use crate::core::user_dirs::user_dir;

/// What the chooser is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    Open,
    Save,
}

/// The outcome of one frame.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Open,
    Chosen(PathBuf),
    Cancelled,
}

/// One entry of the folder being shown.
struct Entry {
    name: String,
    is_dir: bool,
}

pub struct FolderBrowser {
    title: String,
    purpose: Purpose,
    lang: Lang,
    /// File extensions offered (lower case, no dot); empty = all files.
    extensions: Vec<String>,
    dir: PathBuf,
    /// The path field's text (an edited path is applied with Enter).
    dir_text: String,
    entries: Vec<Entry>,
    /// The file name field: the selected file, or the name to save as.
    file_name: String,
    error: Option<String>,
}

impl FolderBrowser {
    /// Opens at `start` (a folder, or a file whose folder is used), else the current folder.
    pub fn new(
        title: &str,
        purpose: Purpose,
        lang: Lang,
        extensions: &[&str],
        start: &Path,
    ) -> Self {
        let (dir, file_name) = if start.is_dir() {
            (start.to_path_buf(), String::new())
        } else {
            let name = start
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let dir = start
                .parent()
                .filter(|p| p.is_dir())
                .map(Path::to_path_buf)
                .or_else(|| std::env::current_dir().ok())
                .unwrap_or_else(|| PathBuf::from("/"));
            (dir, name)
        };
        let mut browser = Self {
            title: title.to_owned(),
            purpose,
            lang,
            extensions: extensions.iter().map(|e| e.to_lowercase()).collect(),
            dir: PathBuf::new(),
            dir_text: String::new(),
            entries: Vec::new(),
            file_name,
            error: None,
        };
        browser.enter(dir);
        browser
    }

    /// Shows the folder `dir`; an unreadable folder is reported and the current one stays.
    fn enter(&mut self, dir: PathBuf) {
        match list(&dir, &self.extensions) {
            Ok(entries) => {
                self.dir_text = dir.display().to_string();
                self.dir = dir;
                self.entries = entries;
                self.error = None;
            }
            Err(e) => {
                self.dir_text = self.dir.display().to_string();
                self.error = Some(format!("{}: {e}", dir.display()));
            }
        }
    }

    fn chosen(&self) -> Option<PathBuf> {
        let name = self.file_name.trim();
        if name.is_empty() {
            return None;
        }
        let path = self.dir.join(name);
        match self.purpose {
            Purpose::Open => path.is_file().then_some(path),
            Purpose::Save => (!path.is_dir()).then_some(path),
        }
    }

    /// Draws the window; call every frame while it is open.
    pub fn show(&mut self, ctx: &egui::Context) -> Outcome {
        let lang = self.lang;
        let mut outcome = Outcome::Open;
        let mut open = true;
        let mut go_to: Option<PathBuf> = None;
        egui::Window::new(self.title.clone())
            .id(egui::Id::unique("atlas-folder-browser"))
            .open(&mut open)
            .collapsible(false)
            .default_size([600.0, 420.0])
            .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
            .show(ctx, |ui| {
                ui.horizontal_wrapped(|ui| {
                    if ui.button(lang.pick("上一级", "Up")).clicked()
                        && let Some(parent) = self.dir.parent()
                    {
                        go_to = Some(parent.to_path_buf());
                    }
                    let places = [
                        (
                            lang.pick("主目录", "Home"),
                            std::env::var_os("HOME").map(PathBuf::from),
                        ),
                        (lang.pick("文档", "Documents"), user_dir("DOCUMENTS")),
                        (lang.pick("图片", "Pictures"), user_dir("PICTURES")),
                    ];
                    for (name, place) in places {
                        if let Some(place) = place.filter(|p| p.is_dir())
                            && ui.button(name).clicked()
                        {
                            go_to = Some(place);
                        }
                    }
                });
                ui.horizontal(|ui| {
                    let label = ui.label(lang.pick("文件夹", "Folder"));
                    let field = ui
                        .add(
                            egui::TextEdit::singleline(&mut self.dir_text)
                                .desired_width(f32::INFINITY),
                        )
                        .labelled_by(label.id);
                    if field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                        go_to = Some(PathBuf::from(self.dir_text.trim()));
                    }
                });
                if let Some(e) = &self.error {
                    ui.colored_label(ui.visuals().error_fg_color, e.as_str());
                }
                ui.separator();
                let list_height = (ui.available_height() - 70.0).max(120.0);
                egui::ScrollArea::vertical()
                    .max_height(list_height)
                    .auto_shrink([false, false])
                    .show(ui, |ui| {
                        if self.entries.is_empty() {
                            ui.weak(lang.pick(
                                "（此文件夹中没有可选的文件）",
                                "(nothing to choose in this folder)",
                            ));
                        }
                        for entry in &self.entries {
                            // Folders read like `ls -F`: a trailing slash.
                            let text = if entry.is_dir {
                                format!("{}/", entry.name)
                            } else {
                                entry.name.clone()
                            };
                            let selected = !entry.is_dir && entry.name == self.file_name;
                            let row = ui.selectable_label(selected, text);
                            if entry.is_dir && (row.clicked() || row.double_clicked()) {
                                go_to = Some(self.dir.join(&entry.name));
                            } else if row.clicked() {
                                self.file_name.clone_from(&entry.name);
                            }
                            if !entry.is_dir && row.double_clicked() {
                                outcome = Outcome::Chosen(self.dir.join(&entry.name));
                            }
                        }
                    });
                ui.separator();
                ui.horizontal(|ui| {
                    let label = ui.label(lang.pick("文件名", "File name"));
                    ui.add(egui::TextEdit::singleline(&mut self.file_name).desired_width(280.0))
                        .labelled_by(label.id);
                    let action = match self.purpose {
                        Purpose::Open => lang.pick("打开", "Open"),
                        Purpose::Save => lang.pick("保存", "Save"),
                    };
                    let chosen = self.chosen();
                    if ui
                        .add_enabled(chosen.is_some(), egui::Button::new(action))
                        .clicked()
                        && let Some(path) = chosen
                    {
                        outcome = Outcome::Chosen(path);
                    }
                    if ui.button(lang.pick("取消", "Cancel")).clicked() {
                        outcome = Outcome::Cancelled;
                    }
                });
            });
        if let Some(dir) = go_to {
            self.enter(dir);
        }
        if !open || ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
            return Outcome::Cancelled;
        }
        outcome
    }
}

/// A folder's entries: folders, then files with one of `extensions`, each sorted by name;
/// hidden ones (a leading dot) left out.
fn list(dir: &Path, extensions: &[String]) -> std::io::Result<Vec<Entry>> {
    let mut entries: Vec<Entry> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                return None;
            }
            // Follows links, so a linked folder opens like a folder.
            let is_dir = e.path().is_dir();
            let wanted = is_dir
                || extensions.is_empty()
                || Path::new(&name)
                    .extension()
                    .and_then(|x| x.to_str())
                    .is_some_and(|x| extensions.contains(&x.to_lowercase()));
            wanted.then_some(Entry { name, is_dir })
        })
        .collect();
    entries.sort_by(|a, b| {
        b.is_dir
            .cmp(&a.is_dir)
            .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
    });
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_folders_first_and_only_the_wanted_files() {
        let dir = std::env::temp_dir().join(format!("atlas-browser-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        std::fs::write(dir.join("B.CSV"), "").unwrap();
        std::fs::write(dir.join("a.xlsx"), "").unwrap();
        std::fs::write(dir.join("notes.txt"), "").unwrap();
        std::fs::write(dir.join(".hidden.csv"), "").unwrap();
        let names: Vec<String> = list(&dir, &["csv".into(), "xlsx".into()])
            .unwrap()
            .into_iter()
            .map(|e| e.name)
            .collect();
        assert_eq!(names, ["sub", "a.xlsx", "B.CSV"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn an_unreadable_folder_is_reported_and_the_current_one_stays() {
        let here = std::env::temp_dir();
        let mut b = FolderBrowser::new("t", Purpose::Open, Lang::En, &["csv"], &here);
        b.enter(here.join("atlas-no-such-folder"));
        assert_eq!(b.dir, here);
        assert!(b.error.as_deref().unwrap().contains("atlas-no-such-folder"));
    }
}
