//! What the app remembers between runs, as JSON in the user's config directory: the settings
//! and the map's memory (its camera). A missing, corrupt or old file falls back to defaults,
//! with a notice, never a crash. Writes are atomic.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::core::atomic::write_atomic;
use crate::core::settings::Settings;
use crate::map::MapMemory;

/// The saved file: the settings' fields at the top level (as older files have them) and the
/// map's memory under `map`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Stored {
    #[serde(flatten)]
    pub settings: Settings,
    pub map: MapMemory,
}

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

/// Loads what was saved; the second value is a notice for the user when the file was
/// unusable.
pub fn load(path: &std::path::Path) -> (Stored, Option<String>) {
    match std::fs::read(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Stored::default(), None),
        Err(e) => (
            Stored::default(),
            Some(format!(
                "{}: cannot read settings ({e}); using defaults",
                path.display()
            )),
        ),
        Ok(bytes) => match serde_json::from_slice::<Stored>(&bytes) {
            Ok(s) => (sanitize(s), None),
            Err(e) => (
                Stored::default(),
                Some(format!(
                    "{}: settings file is not valid ({e}); using defaults",
                    path.display()
                )),
            ),
        },
    }
}

/// Clamps values an edited file could put out of range.
fn sanitize(mut s: Stored) -> Stored {
    use crate::core::classify::{MAX_CLASSES, MIN_CLASSES};
    let c = &mut s.settings.choropleth;
    c.classes = c.classes.clamp(MIN_CLASSES, MAX_CLASSES);
    // A hand-edited file must not ask for a run that would never end, or a bandwidth of 0.
    let sp = &mut s.settings.spatial;
    sp.permutations = sp.permutations.min(99_999);
    sp.bandwidth_km = sp
        .bandwidth_km
        .filter(|h| h.is_finite())
        .map(|h| h.clamp(20.0, 2000.0));
    s.map = s.map.sanitized();
    s
}

pub fn save(path: &std::path::Path, stored: &Stored) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let json = serde_json::to_vec_pretty(stored).map_err(|e| e.to_string())?;
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
        assert_eq!(s.settings.lang, crate::core::settings::Lang::En);
        let classes = s.settings.choropleth.classes;
        assert_eq!(classes, 7, "out-of-range classes are clamped");
        std::fs::write(&p, [0xff, 0x00, 0x7b]).unwrap();
        let (s, notice) = load(&p);
        assert_eq!(s, Stored::default());
        assert!(notice.unwrap().contains("not valid"));
        let mut custom = Stored::default();
        custom.settings.layers.heritage = true;
        custom.map.camera = Some(crate::map::camera::Camera {
            center: [1.0e6, 4.0e6],
            scale: 1.0 / 2000.0,
        });
        save(&p, &custom).unwrap();
        assert_eq!(load(&p).0, custom);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
