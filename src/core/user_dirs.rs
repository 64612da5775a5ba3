//! Where the user keeps pictures and documents, so exports land somewhere they will find
//! them (not in whatever directory the atlas was started from).

use std::path::{Path, PathBuf};

/// The XDG user directory `key` (`PICTURES`, `DOCUMENTS`) from `$XDG_<key>_DIR` or
/// `~/.config/user-dirs.dirs`, else `~/Pictures` / `~/Documents` if it exists, else home.
pub fn user_dir(key: &str) -> Option<PathBuf> {
    let home = std::env::var_os("HOME").map(PathBuf::from)?;
    if let Some(dir) = std::env::var_os(format!("XDG_{key}_DIR")) {
        return Some(PathBuf::from(dir));
    }
    let config = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| home.join(".config"));
    if let Ok(text) = std::fs::read_to_string(config.join("user-dirs.dirs"))
        && let Some(dir) = parse_user_dirs(&text, key, &home)
    {
        return Some(dir);
    }
    let fallback = home.join(match key {
        "PICTURES" => "Pictures",
        _ => "Documents",
    });
    Some(if fallback.is_dir() { fallback } else { home })
}

/// Reads `XDG_<key>_DIR="$HOME/…"` from the text of a `user-dirs.dirs` file.
pub fn parse_user_dirs(text: &str, key: &str, home: &Path) -> Option<PathBuf> {
    let name = format!("XDG_{key}_DIR=");
    let line = text.lines().map(str::trim).find(|l| l.starts_with(&name))?;
    let value = line[name.len()..].trim().trim_matches('"');
    let value = match value.strip_prefix("$HOME") {
        Some(rest) => home.join(rest.trim_start_matches('/')),
        None => PathBuf::from(value),
    };
    value.is_absolute().then_some(value)
}

/// `path` made absolute against the current directory (for messages the user can follow).
pub fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_dirs_are_read_with_home_expanded() {
        let text =
            "# comment\nXDG_DESKTOP_DIR=\"$HOME/Desktop\"\nXDG_PICTURES_DIR=\"$HOME/图片\"\n";
        let home = Path::new("/home/t");
        assert_eq!(
            parse_user_dirs(text, "PICTURES", home),
            Some(PathBuf::from("/home/t/图片"))
        );
        assert_eq!(parse_user_dirs(text, "DOCUMENTS", home), None);
        assert_eq!(
            parse_user_dirs("XDG_PICTURES_DIR=\"rel\"", "PICTURES", home),
            None
        );
    }
}
