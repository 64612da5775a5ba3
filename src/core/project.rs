//! A project file: one zip holding the settings and copies of every file they refer to
//! (imported tables, the city list, GeoJSON layers up to a size, a story), so a project opens
//! the same on another PC. What could not be packed or found is named, never dropped: saving
//! lists the files it could not read, opening lists the files a project refers to but does
//! not hold and that are not on this PC either.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::settings::Settings;

/// GeoJSON layers larger than this are referenced by path, not copied (the county layer is
/// 95 MB; a project should stay small enough to mail).
pub const MAX_COPIED_LAYER_BYTES: u64 = 32 * 1024 * 1024;

/// The largest file a project may hold when opened (a zip bomb is refused, not unpacked).
pub const MAX_PART_BYTES: u64 = 1024 * 1024 * 1024;

/// What each file in the project is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PartKind {
    Table,
    CityList,
    Layer,
    Story,
}

/// One file the settings refer to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Part {
    pub kind: PartKind,
    /// The path on the PC it was saved on.
    pub original: String,
    /// Its name inside the zip, when a copy is held.
    pub stored: Option<String>,
}

/// `project.json`: what the zip holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub saved: String,
    pub parts: Vec<Part>,
}

/// What saving did.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct SaveReport {
    /// Files copied into the project.
    pub copied: usize,
    /// Files referenced by path only (too large to copy).
    pub referenced: Vec<String>,
    /// Files the settings name that could not be read: (path, why).
    pub missing: Vec<(String, String)>,
}

/// What opening found.
#[derive(Clone, Debug, PartialEq)]
pub struct OpenReport {
    /// The project's settings, with paths pointing at the unpacked copies.
    pub settings: Settings,
    /// Where the copies were unpacked.
    pub folder: PathBuf,
    /// Files the project refers to that it does not hold and this PC does not have.
    pub missing: Vec<String>,
}

/// The file's name, safe as a zip entry and a file name.
fn entry_name(i: usize, path: &str) -> String {
    let base = Path::new(path)
        .file_name()
        .map_or_else(|| "file".to_owned(), |n| n.to_string_lossy().into_owned());
    let safe: String = base
        .chars()
        .map(|c| {
            if c == '/' || c == '\\' || c == ':' {
                '_'
            } else {
                c
            }
        })
        .collect();
    format!("files/{i:02}-{safe}")
}

/// Every file the settings refer to, with its kind (and a story file opened this session).
fn referred(settings: &Settings, story: Option<&str>) -> Vec<(PartKind, String)> {
    let mut out: Vec<(PartKind, String)> = settings
        .imports
        .iter()
        .map(|r| (PartKind::Table, r.path.clone()))
        .collect();
    out.extend(
        settings
            .city_list
            .iter()
            .map(|r| (PartKind::CityList, r.path.clone())),
    );
    out.extend(
        settings
            .user_layers
            .iter()
            .map(|r| (PartKind::Layer, r.path.clone())),
    );
    out.extend(story.map(|s| (PartKind::Story, s.to_owned())));
    out
}

/// Writes the project to `path` (a temporary file renamed into place).
pub fn save(
    path: &Path,
    settings: &Settings,
    story: Option<&str>,
    date: &str,
) -> Result<SaveReport, String> {
    let mut report = SaveReport::default();
    let mut parts = Vec::new();
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for (i, (kind, original)) in referred(settings, story).into_iter().enumerate() {
        let size = std::fs::metadata(&original).map(|m| m.len());
        let stored = match size {
            Err(e) => {
                report.missing.push((original.clone(), e.to_string()));
                None
            }
            Ok(n) if kind == PartKind::Layer && n > MAX_COPIED_LAYER_BYTES => {
                report.referenced.push(original.clone());
                None
            }
            Ok(_) => match std::fs::read(&original) {
                Ok(bytes) => {
                    let name = entry_name(i, &original);
                    files.push((name.clone(), bytes));
                    report.copied += 1;
                    Some(name)
                }
                Err(e) => {
                    report.missing.push((original.clone(), e.to_string()));
                    None
                }
            },
        };
        parts.push(Part {
            kind,
            original,
            stored,
        });
    }
    let manifest = Manifest {
        format: 1,
        saved: date.to_owned(),
        parts,
    };
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut add = |name: &str, bytes: &[u8]| -> Result<(), String> {
        zip.start_file(name, options).map_err(|e| e.to_string())?;
        zip.write_all(bytes).map_err(|e| e.to_string())
    };
    let manifest_json = serde_json::to_string_pretty(&manifest).map_err(|e| e.to_string())?;
    let settings_json = serde_json::to_string_pretty(settings).map_err(|e| e.to_string())?;
    add("project.json", manifest_json.as_bytes())?;
    add("settings.json", settings_json.as_bytes())?;
    for (name, bytes) in &files {
        add(name, bytes)?;
    }
    let bytes = zip.finish().map_err(|e| e.to_string())?.into_inner();
    super::atomic::write_atomic(path, &bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(report)
}

/// Reads a project: unpacks its copies into `folder` and returns its settings with their
/// paths pointing at them. A file that is not a project, or a project with a bad part, is
/// the error, and nothing is unpacked into `folder` before the whole zip has been read.
pub fn open(path: &Path, folder: &Path) -> Result<OpenReport, String> {
    let name = path.display().to_string();
    let file = std::fs::File::open(path).map_err(|e| format!("{name}: {e}"))?;
    let mut zip =
        zip::ZipArchive::new(file).map_err(|e| format!("{name}: not a project file ({e})"))?;
    let mut read = |entry: &str| -> Result<Vec<u8>, String> {
        let mut f = zip
            .by_name(entry)
            .map_err(|e| format!("{name}: {entry}: {e}"))?;
        if f.size() > MAX_PART_BYTES {
            return Err(format!("{name}: {entry} is too large ({} bytes)", f.size()));
        }
        let mut bytes = Vec::new();
        f.by_ref()
            .take(MAX_PART_BYTES)
            .read_to_end(&mut bytes)
            .map_err(|e| format!("{name}: {entry}: {e}"))?;
        Ok(bytes)
    };
    let manifest: Manifest = serde_json::from_slice(&read("project.json")?)
        .map_err(|e| format!("{name}: project.json: {e}"))?;
    let mut settings: Settings = serde_json::from_slice(&read("settings.json")?)
        .map_err(|e| format!("{name}: settings.json: {e}"))?;
    let mut copies: Vec<(String, PathBuf, Vec<u8>)> = Vec::new();
    for part in &manifest.parts {
        if let Some(stored) = &part.stored {
            // Only names this format writes: no path leaves `folder`.
            let base = stored
                .strip_prefix("files/")
                .filter(|b| !b.is_empty() && !b.contains(['/', '\\']) && *b != ".." && *b != ".")
                .ok_or_else(|| format!("{name}: unexpected entry '{stored}'"))?;
            copies.push((part.original.clone(), folder.join(base), read(stored)?));
        }
    }
    std::fs::create_dir_all(folder).map_err(|e| format!("{}: {e}", folder.display()))?;
    let mut missing = Vec::new();
    let mut moved: Vec<(String, String)> = Vec::new();
    for (original, target, bytes) in copies {
        super::atomic::write_atomic(&target, &bytes)
            .map_err(|e| format!("{}: {e}", target.display()))?;
        moved.push((original, target.display().to_string()));
    }
    for part in manifest.parts.iter().filter(|p| p.stored.is_none()) {
        if !Path::new(&part.original).exists() {
            missing.push(part.original.clone());
        }
    }
    let to_copy = |p: &mut String| {
        if let Some((_, new)) = moved.iter().find(|(old, _)| old == p) {
            p.clone_from(new);
        }
    };
    settings
        .imports
        .iter_mut()
        .for_each(|r| to_copy(&mut r.path));
    settings
        .user_layers
        .iter_mut()
        .for_each(|r| to_copy(&mut r.path));
    if let Some(r) = settings.city_list.as_mut() {
        to_copy(&mut r.path);
    }
    Ok(OpenReport {
        settings,
        folder: folder.to_owned(),
        missing,
    })
}

/// Where a project's copies are unpacked: beside the settings, one folder per project file.
pub fn unpack_folder(settings_dir: &Path, project: &Path) -> PathBuf {
    let stem = project.file_stem().map_or_else(
        || "project".to_owned(),
        |s| s.to_string_lossy().into_owned(),
    );
    settings_dir.join("projects").join(stem)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("oib-project-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn a_project_carries_its_files_and_names_what_it_could_not() {
        let dir = temp("roundtrip");
        // Synthetic files: a table and a layer.
        let table = dir.join("synthetic.csv");
        std::fs::write(&table, "省份,合成测试值\n辽宁,1\n").unwrap();
        let layer = dir.join("synthetic.geojson");
        std::fs::write(&layer, r#"{"type":"Point","coordinates":[120,40]}"#).unwrap();
        let mut settings = Settings::default();
        settings.imports.push(super::super::settings::ImportRecord {
            path: table.display().to_string(),
            encoding: None,
            date: "2026-12-02".into(),
        });
        settings
            .user_layers
            .push(super::super::settings::UserLayerRecord {
                path: layer.display().to_string(),
                ..Default::default()
            });
        settings
            .user_layers
            .push(super::super::settings::UserLayerRecord {
                path: dir.join("gone.geojson").display().to_string(),
                ..Default::default()
            });
        let zip = dir.join("p.zip");
        let report = save(&zip, &settings, None, "2026-12-02").unwrap();
        assert_eq!(report.copied, 2);
        assert_eq!(report.missing.len(), 1, "{report:?}");
        assert!(report.missing[0].0.ends_with("gone.geojson"));
        // On "another PC": the originals are gone; the copies open.
        std::fs::remove_file(&table).unwrap();
        std::fs::remove_file(&layer).unwrap();
        let unpacked = dir.join("unpacked");
        let opened = open(&zip, &unpacked).unwrap();
        let t = &opened.settings.imports[0].path;
        assert!(t.starts_with(&unpacked.display().to_string()), "{t}");
        assert_eq!(
            std::fs::read_to_string(t).unwrap(),
            "省份,合成测试值\n辽宁,1\n"
        );
        assert!(Path::new(&opened.settings.user_layers[0].path).exists());
        assert_eq!(opened.missing.len(), 1, "the vanished layer is named");
        // Not a project: refused, nothing unpacked.
        let bad = dir.join("bad.zip");
        std::fs::write(&bad, b"PK\x03\x04 not really").unwrap();
        let empty = dir.join("never");
        assert!(open(&bad, &empty).is_err());
        assert!(!empty.exists());
        std::fs::remove_dir_all(&dir).ok();
    }
}
