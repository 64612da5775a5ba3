//! Settings remembered between runs, as JSON in the user's config directory.
//! A missing, corrupt or old file falls back to defaults, with a notice, never a crash.

use std::path::PathBuf;

use crate::core::atomic::write_atomic;
use crate::state::Settings;

/// `$ATLAS_SETTINGS`, else `$XDG_CONFIG_HOME/oib-atlas/settings.json`, else
/// `~/.config/oib-atlas/settings.json`.
pub fn default_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("ATLAS_SETTINGS") {
        return Some(PathBuf::from(p));
    }
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    Some(base.join("oib-atlas").join("settings.json"))
}

/// Loads settings; the second value is a notice for the user when the file was unusable.
pub fn load(path: &std::path::Path) -> (Settings, Option<String>) {
    match std::fs::read(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Settings::default(), None),
        Err(e) => (
            Settings::default(),
            Some(format!(
                "{}: cannot read settings ({e}); using defaults",
                path.display()
            )),
        ),
        Ok(bytes) => match serde_json::from_slice::<Settings>(&bytes) {
            Ok(s) => (sanitize(s), None),
            Err(e) => (
                Settings::default(),
                Some(format!(
                    "{}: settings file is not valid ({e}); using defaults",
                    path.display()
                )),
            ),
        },
    }
}

/// Clamps values an edited file could put out of range.
fn sanitize(mut s: Settings) -> Settings {
    use crate::core::classify::{MAX_CLASSES, MIN_CLASSES};
    s.choropleth.classes = s.choropleth.classes.clamp(MIN_CLASSES, MAX_CLASSES);
    if let Some(v) = s.view
        && !(v.iter().all(|x| x.is_finite()) && v[2] > 0.0)
    {
        s.view = None;
    }
    s
}

pub fn save(path: &std::path::Path, settings: &Settings) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let json = serde_json::to_vec_pretty(settings).map_err(|e| e.to_string())?;
    write_atomic(path, &json).map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corrupt_and_old_files_fall_back_without_panicking() {
        let dir = std::env::temp_dir().join(format!("atlas-settings-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("settings.json");
        std::fs::write(&p, br#"{"lang": "En", "choropleth": {"classes": 99}}"#).unwrap();
        let (s, notice) = load(&p);
        assert!(notice.is_none());
        assert_eq!(s.lang, crate::state::Lang::En);
        assert_eq!(s.choropleth.classes, 7, "out-of-range classes are clamped");
        std::fs::write(&p, [0xff, 0x00, 0x7b]).unwrap();
        let (s, notice) = load(&p);
        assert_eq!(s, Settings::default());
        assert!(notice.unwrap().contains("not valid"));
        let mut custom = Settings::default();
        custom.layers.heritage = true;
        save(&p, &custom).unwrap();
        assert_eq!(load(&p).0, custom);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
