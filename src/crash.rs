//! Crash reports and unclean exits, so a window that vanishes leaves a trace.
//!
//! A panic writes a report (message, place, backtrace, version) next to the settings file
//! before the default hook prints it. A run marker is written when the window opens and
//! removed when it closes normally; a marker still there at the next start means the last
//! run ended some other way (a panic, a kill, a crash in a driver), and the app says so.

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::core::atomic::write_atomic;
use crate::core::settings::Lang;

const MARKER: &str = "running.marker";
const REPORT_PREFIX: &str = "crash-";

/// The marker of a running window; [`RunMarker::finish`] removes it on a normal exit.
pub struct RunMarker {
    path: PathBuf,
}

impl RunMarker {
    /// Writes the marker in `dir`. Returns it and, if the last run did not end normally, what
    /// to tell the user (with the newest crash report, if one was written).
    pub fn start(dir: &Path, lang: Lang) -> (Option<RunMarker>, Option<String>) {
        let path = dir.join(MARKER);
        let unclean = path.exists().then(|| unclean_exit_notice(dir, lang));
        if std::fs::create_dir_all(dir).is_err() {
            return (None, unclean);
        }
        let stamp = format!("pid {} started {}\n", std::process::id(), unix_seconds());
        let marker = write_atomic(&path, stamp.as_bytes())
            .ok()
            .map(|()| RunMarker { path });
        (marker, unclean)
    }

    /// The window closed normally.
    pub fn finish(self) {
        // Nothing to do if it is already gone.
        std::fs::remove_file(&self.path).ok();
    }
}

fn unix_seconds() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// The newest crash report in `dir`, if any.
pub fn newest_report(dir: &Path) -> Option<PathBuf> {
    std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_str()
                .is_some_and(|n| n.starts_with(REPORT_PREFIX) && n.ends_with(".txt"))
        })
        .max_by_key(|e| e.file_name())
        .map(|e| e.path())
}

fn unclean_exit_notice(dir: &Path, lang: Lang) -> String {
    let head = lang.pick(
        "上次运行没有正常结束。",
        "The atlas did not close normally last time.",
    );
    match newest_report(dir) {
        Some(report) => format!(
            "{head} {}{}",
            lang.pick("崩溃报告：", "Crash report: "),
            report.display()
        ),
        None => format!(
            "{head} {}",
            lang.pick(
                "没有崩溃报告（可能是被系统结束）。",
                "No crash report was written (it may have been ended from outside)."
            )
        ),
    }
}

/// The text of a crash report.
pub fn report_text(message: &str, location: &str, backtrace: &str) -> String {
    format!(
        "{} {}\ntime: {} (unix seconds)\npanic: {message}\nat: {location}\n\nbacktrace:\n{backtrace}\n",
        crate::PRODUCT_NAME,
        env!("CARGO_PKG_VERSION"),
        unix_seconds()
    )
}

/// Installs a panic hook that writes a report into `dir`, then runs the default hook.
pub fn install_panic_hook(dir: PathBuf) {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "(no message)".to_owned());
        let location = info
            .location()
            .map_or_else(String::new, |l| format!("{}:{}", l.file(), l.line()));
        let backtrace = std::backtrace::Backtrace::force_capture().to_string();
        let path = dir.join(format!("{REPORT_PREFIX}{}.txt", unix_seconds()));
        // Best effort: the hook must not panic itself.
        if std::fs::create_dir_all(&dir).is_ok() {
            let text = report_text(&message, &location, &backtrace);
            if write_atomic(&path, text.as_bytes()).is_ok() {
                eprintln!("atlas: crash report written to {}", path.display());
            }
        }
        default(info);
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_marker_left_behind_is_reported_with_the_newest_crash_report() {
        let dir = std::env::temp_dir().join(format!("atlas-crash-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let (marker, notice) = RunMarker::start(&dir, Lang::En);
        assert!(notice.is_none(), "first run: nothing to report");
        // The run "crashes": the marker stays, a report is written.
        drop(marker);
        std::fs::write(dir.join("crash-100.txt"), report_text("boom", "x.rs:1", "")).unwrap();
        std::fs::write(dir.join("crash-200.txt"), report_text("boom", "x.rs:2", "")).unwrap();
        let (marker, notice) = RunMarker::start(&dir, Lang::En);
        let notice = notice.expect("an unclean exit is reported");
        assert!(notice.contains("did not close normally"), "{notice}");
        assert!(notice.contains("crash-200.txt"), "{notice}");
        // A clean exit removes the marker: the next start says nothing.
        marker.unwrap().finish();
        let (marker, notice) = RunMarker::start(&dir, Lang::Zh);
        assert!(notice.is_none());
        marker.unwrap().finish();
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
