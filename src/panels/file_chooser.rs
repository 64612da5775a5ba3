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
        let _ = tx.send(run(dialog));
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
