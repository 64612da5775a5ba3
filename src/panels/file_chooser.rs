//! Choosing a file: the system chooser (XDG desktop portal via `rfd`, on a worker thread so
//! the window keeps drawing), or, where no portal runs (a bare X server, minimal desktops,
//! many classroom images), the atlas's own chooser window (`folder_browser`) in the user's
//! language.
//! A portal that answers "nothing chosen" faster than a person could is taken as missing,
//! and the in-app chooser opens instead for the rest of the session.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use crate::core::settings::Lang;

/// Set once the system chooser is known not to work here.
static NO_PORTAL: AtomicBool = AtomicBool::new(false);

/// A portal answer quicker than this was no person cancelling: there is no portal.
const NO_PORTAL_ANSWER: Duration = Duration::from_millis(400);

/// Uses the in-app chooser from now on (tests; a user never needs it, the fallback is
/// automatic).
pub fn use_in_app_chooser() {
    NO_PORTAL.store(true, Ordering::Relaxed);
}

/// Whether to use the in-app chooser: no session bus to reach a portal, or one failed.
fn in_app_chooser() -> bool {
    NO_PORTAL.load(Ordering::Relaxed)
        || std::env::var_os("ATLAS_IN_APP_CHOOSER").is_some()
        || std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none()
}

/// A chooser that is open; poll it each frame.
pub struct PendingChoice(Receiver<Option<PathBuf>>, Instant);

impl PendingChoice {
    /// `Some(result)` once the user has chosen (or cancelled: `Some(None)`).
    pub fn poll(&self) -> Option<Option<PathBuf>> {
        self.0.try_recv().ok()
    }

    /// The chooser answered "nothing" at once: no portal is running.
    fn failed_fast(&self, choice: &Option<PathBuf>) -> bool {
        choice.is_none() && self.1.elapsed() < NO_PORTAL_ANSWER
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
    PendingChoice(rx, Instant::now())
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
    /// The in-app chooser, while open.
    in_app: Option<super::folder_browser::FolderBrowser>,
    /// What the last `browse` asked for, to reopen it in-app if the portal fails.
    asked: Option<(String, Lang)>,
}

impl PathPicker {
    pub fn new(mode: PickerMode, filter: (&'static str, &'static [&'static str])) -> Self {
        Self {
            path: String::new(),
            mode,
            filter,
            pending: None,
            in_app: None,
            asked: None,
        }
    }

    /// Whether a chooser (system or in-app) is open.
    pub fn is_choosing(&self) -> bool {
        self.pending.is_some() || self.in_app.is_some()
    }

    /// Opens a chooser (e.g. from a menu item) without drawing the field.
    pub fn browse(&mut self, title: &str, lang: Lang) {
        if self.is_choosing() {
            return;
        }
        self.asked = Some((title.to_owned(), lang));
        if in_app_chooser() {
            self.open_in_app(title, lang);
            return;
        }
        self.pending = Some(match self.mode {
            PickerMode::Open => open(title, self.filter),
            PickerMode::Save => save(title, &self.path, self.filter),
        });
    }

    /// The in-app chooser, in the user's language, starting at the typed path's folder.
    fn open_in_app(&mut self, title: &str, lang: Lang) {
        use super::folder_browser::{FolderBrowser, Purpose};
        let purpose = match self.mode {
            PickerMode::Open => Purpose::Open,
            PickerMode::Save => Purpose::Save,
        };
        let start = std::path::Path::new(self.path.trim());
        self.in_app = Some(FolderBrowser::new(
            title,
            purpose,
            lang,
            self.filter.1,
            start,
        ));
    }

    /// Takes the chooser's answer; `true` when the user picked a file (now in `path`).
    /// Draws the in-app chooser while it is open, so call it every frame.
    pub fn poll(&mut self, ctx: &egui::Context) -> bool {
        if let Some(browser) = &mut self.in_app {
            use super::folder_browser::Outcome;
            match browser.show(ctx) {
                Outcome::Open => return false,
                Outcome::Chosen(path) => {
                    self.in_app = None;
                    self.path = path.display().to_string();
                    return true;
                }
                Outcome::Cancelled => {
                    self.in_app = None;
                    return false;
                }
            }
        }
        let Some(pending) = &self.pending else {
            return false;
        };
        match pending.poll() {
            Some(choice) => {
                let failed = pending.failed_fast(&choice);
                self.pending = None;
                if let Some(p) = choice {
                    self.path = p.display().to_string();
                    return true;
                }
                if failed {
                    NO_PORTAL.store(true, Ordering::Relaxed);
                    if let Some((title, lang)) = self.asked.clone() {
                        self.open_in_app(&title, lang);
                    }
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
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        label: egui::Id,
        title: &str,
        browse: &str,
        lang: Lang,
    ) -> bool {
        let picked = self.poll(ui.ctx());
        ui.horizontal(|ui| {
            ui.text_edit_singleline(&mut self.path).labelled_by(label);
            self.browse_button(ui, title, browse, lang);
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
    pub fn browse_button(
        &mut self,
        ui: &mut egui::Ui,
        title: &str,
        text: &str,
        lang: Lang,
    ) -> egui::Response {
        let button = ui.add_enabled(!self.is_choosing(), egui::Button::new(text));
        if button.clicked() {
            self.browse(title, lang);
        }
        button
    }

    /// The typed or chosen path, trimmed.
    pub fn trimmed(&self) -> &str {
        self.path.trim()
    }
}
