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

/// "Save as" for a file name and extension filter.
pub fn save(title: &str, file_name: &str, filter: (&str, &[&str])) -> PendingChoice {
    let (tx, rx) = channel();
    let (title, file_name) = (title.to_owned(), file_name.to_owned());
    let (name, exts): (String, Vec<String>) = (
        filter.0.to_owned(),
        filter.1.iter().map(|s| (*s).to_owned()).collect(),
    );
    std::thread::spawn(move || {
        let chosen = rfd::FileDialog::new()
            .set_title(title)
            .set_file_name(file_name)
            .add_filter(name, &exts)
            .save_file();
        let _ = tx.send(chosen);
    });
    PendingChoice(rx)
}

/// "Open" for an extension filter.
pub fn open(title: &str, filter: (&str, &[&str])) -> PendingChoice {
    let (tx, rx) = channel();
    let title = title.to_owned();
    let (name, exts): (String, Vec<String>) = (
        filter.0.to_owned(),
        filter.1.iter().map(|s| (*s).to_owned()).collect(),
    );
    std::thread::spawn(move || {
        let chosen = rfd::FileDialog::new()
            .set_title(title)
            .add_filter(name, &exts)
            .pick_file();
        let _ = tx.send(chosen);
    });
    PendingChoice(rx)
}
