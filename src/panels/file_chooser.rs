//! The system file chooser (XDG desktop portal via `rfd`), run on a worker thread so the
//! window keeps drawing. Where no portal is running (a bare X server, some minimal
//! desktops) the chooser returns nothing and the typed path is used instead.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, channel};

/// A chooser that is open; poll it each frame.
pub struct PendingChoice(Receiver<Option<PathBuf>>);

impl PendingChoice {
    /// `Some(result)` once the user has chosen (or cancelled: `Some(None)`).
    pub fn poll(&self) -> Option<Option<PathBuf>> {
        self.0.try_recv().ok()
    }
}

/// Runs a configured dialog on a worker thread.
fn spawn(
    title: &str,
    filter: (&str, &[&str]),
    run: impl FnOnce(rfd::FileDialog) -> Option<PathBuf> + Send + 'static,
) -> PendingChoice {
    let (tx, rx) = channel();
    let dialog = rfd::FileDialog::new()
        .set_title(title)
        .add_filter(filter.0, filter.1);
    std::thread::spawn(move || {
        // The dialog that asked may be gone; nothing to tell then.
        tx.send(run(dialog)).ok();
    });
    PendingChoice(rx)
}

/// "Save as" for a file name and extension filter.
pub fn save(title: &str, file_name: &str, filter: (&str, &[&str])) -> PendingChoice {
    let file_name = file_name.to_owned();
    spawn(title, filter, move |d| {
        d.set_file_name(file_name).save_file()
    })
}

/// "Open" for an extension filter.
pub fn open(title: &str, filter: (&str, &[&str])) -> PendingChoice {
    spawn(title, filter, |d| d.pick_file())
}

/// Whether a [`PathPicker`] asks for a file to open or a place to save.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PickerMode {
    Open,
    Save,
}

/// A path field with a *Browse…* button that opens the system chooser on a worker thread.
/// Owns the typed path and the chooser in flight; where no chooser runs, typing still works.
pub struct PathPicker {
    pub path: String,
    mode: PickerMode,
    filter: (&'static str, &'static [&'static str]),
    pending: Option<PendingChoice>,
}

impl PathPicker {
    pub fn new(mode: PickerMode, filter: (&'static str, &'static [&'static str])) -> Self {
        Self {
            path: String::new(),
            mode,
            filter,
            pending: None,
        }
    }

    /// Opens the system chooser (e.g. from a menu item) without drawing the field.
    pub fn browse(&mut self, title: &str) {
        if self.pending.is_none() {
            self.pending = Some(match self.mode {
                PickerMode::Open => open(title, self.filter),
                PickerMode::Save => save(title, &self.path, self.filter),
            });
        }
    }

    /// Takes the chooser's answer; `true` when the user picked a file (now in `path`).
    pub fn poll(&mut self, ctx: &egui::Context) -> bool {
        let Some(pending) = &self.pending else {
            return false;
        };
        match pending.poll() {
            Some(choice) => {
                self.pending = None;
                if let Some(p) = choice {
                    self.path = p.display().to_string();
                    return true;
                }
                false
            }
            None => {
                ctx.request_repaint_after(std::time::Duration::from_millis(100));
                false
            }
        }
    }

    /// The field (labelled `label` for screen readers) and the *Browse…* button. Returns
    /// `true` when a file was picked in the chooser this frame.
    pub fn ui(&mut self, ui: &mut egui::Ui, label: egui::Id, title: &str, browse: &str) -> bool {
        let picked = self.poll(ui.ctx());
        ui.horizontal(|ui| {
            ui.text_edit_singleline(&mut self.path).labelled_by(label);
            self.browse_button(ui, title, browse);
        });
        picked
    }

    /// Just the text field, `width` points wide, with a hint while empty.
    pub fn field(&mut self, ui: &mut egui::Ui, hint: &str, width: f32) -> egui::Response {
        ui.add(
            egui::TextEdit::singleline(&mut self.path)
                .hint_text(hint)
                .desired_width(width),
        )
    }

    /// Just the button that opens the chooser (disabled while one is open).
    pub fn browse_button(&mut self, ui: &mut egui::Ui, title: &str, text: &str) -> egui::Response {
        let button = ui.add_enabled(self.pending.is_none(), egui::Button::new(text));
        if button.clicked() {
            self.browse(title);
        }
        button
    }

    /// The typed or chosen path, trimmed.
    pub fn trimmed(&self) -> &str {
        self.path.trim()
    }
}
