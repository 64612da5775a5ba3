//! Fonts. The bundled CJK font is a subset of Noto Sans CJK SC (OFL-1.1): GB2312 plus every
//! character in the repo's text, so Chinese renders on every machine and in headless tests,
//! where egui has no system-font fallback of its own (eframe's `system_fonts` feature is off).
//!
//! Whatever else a teacher types (traditional forms, rare characters in names, CJK Extension A)
//! comes from the system: [`install`] adds a [`SystemCjkFallback`] font provider, which egui
//! asks only for a character no installed font has. The provider looks for CJK fonts by file
//! name in the usual font directories (a short list, never the whole disk; `OIB_ATLAS_CJK_FONT`
//! names one more), reads only their character maps, and reads a font file whole once, the
//! first time one of its characters is needed. A font that is missing, unreadable or not a
//! font is skipped. Without a system CJK font such characters are drawn as boxes, as before.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

pub const CJK_FONT: &[u8] = include_bytes!("../assets/fonts/NotoSansSC-AtlasSubset.otf");
pub const CJK_FONT_NAME: &str = "NotoSansSC-AtlasSubset";

/// Names one more font file to fall back on, tried before the system's (for a font installed
/// somewhere unusual).
pub const FONT_ENV: &str = "OIB_ATLAS_CJK_FONT";

/// Fonts with the CJK face after egui's defaults (so egui's own symbols still come first)
/// for both families.
pub fn font_definitions() -> egui::FontDefinitions {
    let mut fonts = egui::FontDefinitions::default();
    fonts.font_data.insert(
        CJK_FONT_NAME.to_owned(),
        Arc::new(egui::FontData::from_static(CJK_FONT)),
    );
    for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
        fonts
            .families
            .entry(family)
            .or_default()
            .push(CJK_FONT_NAME.to_owned());
    }
    fonts
}

/// The atlas's fonts, then the system's CJK fonts for characters the bundled subset lacks.
/// Nothing is read from disk here: the system fonts are looked for the first time a
/// character is missing.
pub fn install(ctx: &egui::Context) {
    ctx.set_fonts(font_definitions());
    // The provider once per context, however often the fonts are installed.
    let marker = egui::Id::unique("oib_atlas::fonts::SystemCjkFallback");
    let first = ctx.data_mut(|d| {
        let first = d.get_temp::<bool>(marker).is_none();
        d.insert_temp(marker, true);
        first
    });
    if first {
        ctx.add_font_provider(Arc::new(SystemCjkFallback));
    }
}

/// An [`egui::FontProvider`] answering with the first of [`system_cjk_fonts`] that has the
/// character (after every installed font missed it). Each font found is added to both
/// families, after the configured fonts.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemCjkFallback;

impl egui::FontProvider for SystemCjkFallback {
    fn font_for(&self, request: &egui::FallbackRequest<'_>) -> Option<egui::FontInsert> {
        let c = request.cluster.chars().next()?;
        system_cjk_fonts()
            .iter()
            .find_map(|font| font.insert_for(c))
    }
}

/// The system's CJK fonts, best first, found once per process (on first use).
pub fn system_cjk_fonts() -> &'static [SystemFont] {
    static FONTS: OnceLock<Vec<SystemFont>> = OnceLock::new();
    FONTS.get_or_init(|| {
        let mut files: Vec<PathBuf> = std::env::var_os(FONT_ENV)
            .map(PathBuf::from)
            .into_iter()
            .collect();
        files.extend(candidate_files(&font_dirs()));
        files.iter().filter_map(|p| SystemFont::open(p)).collect()
    })
}

/// Known CJK font files (lower-case file names), best first: Noto Sans CJK / Source Han Sans
/// (the bundled font's design, with Extension A), the Windows and macOS UI fonts, the common
/// Linux fallbacks, then serif and older faces.
pub const KNOWN_FONT_FILES: &[&str] = &[
    "notosanscjksc-regular.otf",
    "notosanssc-regular.otf",
    "notosanssc-regular.ttf",
    "sourcehansanssc-regular.otf",
    "sourcehansanscn-regular.otf",
    "notosanscjk-regular.ttc",
    "sourcehansans-regular.ttc",
    "notosanscjk-vf.ttc",
    "notosanscjk-vf.otf.ttc",
    "notosanssc[wght].ttf",
    "notosanssc-variablefont_wght.ttf",
    "msyh.ttc",
    "msyh.ttf",
    "pingfang.ttc",
    "hiragino sans gb.ttc",
    "deng.ttf",
    "wqy-microhei.ttc",
    "wqy-zenhei.ttc",
    "droidsansfallbackfull.ttf",
    "droidsansfallback.ttf",
    "notoserifcjk-regular.ttc",
    "sourcehanserif-regular.ttc",
    "simhei.ttf",
    "simsun.ttc",
    "songti.ttc",
    "stheiti light.ttc",
    "stheiti medium.ttc",
    "arial unicode.ttf",
    "uming.ttc",
    "ukai.ttc",
];

/// The font directories looked in: fontconfig's usual ones on Linux and the BSDs, the
/// system and user font folders on Windows and macOS.
pub fn font_dirs() -> Vec<PathBuf> {
    let var = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    let home = var("HOME").or_else(|| var("USERPROFILE"));
    let mut dirs = Vec::new();
    if cfg!(windows) {
        let windows = var("WINDIR")
            .or_else(|| var("SystemRoot"))
            .unwrap_or_else(|| PathBuf::from(r"C:\Windows"));
        dirs.push(windows.join("Fonts"));
        if let Some(local) = var("LOCALAPPDATA") {
            dirs.push(local.join(r"Microsoft\Windows\Fonts"));
        }
    } else if cfg!(target_os = "macos") {
        dirs.push(PathBuf::from("/System/Library/Fonts"));
        dirs.push(PathBuf::from("/Library/Fonts"));
        if let Some(home) = &home {
            dirs.push(home.join("Library/Fonts"));
        }
    } else {
        let data_home =
            var("XDG_DATA_HOME").or_else(|| home.as_ref().map(|h| h.join(".local/share")));
        dirs.extend(data_home.map(|d| d.join("fonts")));
        dirs.extend(home.as_ref().map(|h| h.join(".fonts")));
        let data_dirs = std::env::var_os("XDG_DATA_DIRS")
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| "/usr/local/share:/usr/share".into());
        dirs.extend(std::env::split_paths(&data_dirs).map(|d| d.join("fonts")));
        for d in ["/usr/local/share/fonts", "/usr/share/fonts"] {
            let d = PathBuf::from(d);
            if !dirs.contains(&d) {
                dirs.push(d);
            }
        }
    }
    dirs
}

/// Files named in [`KNOWN_FONT_FILES`] in `dirs` and their subfolders (three levels, a
/// bounded number of entries), best first; a file name found twice is kept once.
pub fn candidate_files(dirs: &[PathBuf]) -> Vec<PathBuf> {
    const MAX_DEPTH: usize = 3;
    const MAX_ENTRIES: usize = 20_000;
    let mut found: Vec<(usize, String, PathBuf)> = Vec::new();
    let mut stack: Vec<(PathBuf, usize)> = dirs.iter().rev().map(|d| (d.clone(), 0)).collect();
    let mut seen = 0;
    'walk: while let Some((dir, depth)) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut subdirs = Vec::new();
        for entry in entries.flatten() {
            seen += 1;
            if seen > MAX_ENTRIES {
                break 'walk;
            }
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            let name = entry.file_name().to_string_lossy().to_lowercase();
            if kind.is_dir() {
                if depth < MAX_DEPTH {
                    subdirs.push(entry.path());
                }
            } else if let Some(rank) = KNOWN_FONT_FILES.iter().position(|k| *k == name)
                && !found.iter().any(|(_, n, _)| *n == name)
            {
                found.push((rank, name, entry.path()));
            }
        }
        subdirs.sort();
        stack.extend(subdirs.into_iter().rev().map(|d| (d, depth + 1)));
    }
    found.sort_by_key(|(rank, _, _)| *rank);
    found.into_iter().map(|(_, _, path)| path).collect()
}

/// One face of a system font file: its character map read at discovery, its bytes read on
/// first use and then shared by every context.
#[derive(Debug)]
pub struct SystemFont {
    path: PathBuf,
    index: u32,
    family: String,
    variable: bool,
    chars: CharMap,
    bytes: OnceLock<Option<Arc<Vec<u8>>>>,
}

impl SystemFont {
    /// The face to use from `path` (in a collection the Simplified Chinese regular face, else
    /// the first), or `None` if the file cannot be read or is not a font.
    pub fn open(path: &Path) -> Option<Self> {
        let mut file = File::open(path).ok()?;
        let mut read = |offset: u64, len: usize| -> Option<Vec<u8>> {
            file.seek(SeekFrom::Start(offset)).ok()?;
            let mut buf = vec![0; len];
            file.read_exact(&mut buf).ok()?;
            Some(buf)
        };
        let face = parse_face(&mut read, None)?;
        Some(Self {
            path: path.to_owned(),
            index: face.index,
            family: face.family,
            variable: face.variable,
            chars: face.chars,
            bytes: OnceLock::new(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The face's index in a collection (0 for a single font).
    pub fn face_index(&self) -> u32 {
        self.index
    }

    /// The face's family name (from its `name` table; empty if it has none).
    pub fn family(&self) -> &str {
        &self.family
    }

    pub fn has_char(&self, c: char) -> bool {
        self.chars.contains(c)
    }

    /// The whole file, read the first time it is asked for (`None` if it cannot be read then,
    /// or is over 256 MB).
    pub fn bytes(&self) -> Option<Arc<Vec<u8>>> {
        self.bytes
            .get_or_init(|| {
                let len = std::fs::metadata(&self.path).ok()?.len();
                (len <= 256 << 20)
                    .then(|| std::fs::read(&self.path).ok())
                    .flatten()
                    .map(Arc::new)
            })
            .clone()
    }

    /// The name egui knows this face by.
    pub fn egui_name(&self) -> String {
        format!("system:{}#{}", self.path.display(), self.index)
    }

    fn insert_for(&self, c: char) -> Option<egui::FontInsert> {
        if !self.has_char(c) {
            return None;
        }
        let mut data = egui::FontData::from_blob(self.bytes()?, self.index);
        if self.variable {
            // A variable font's default instance may be thin; draw it at Regular.
            data.tweak.coords = egui::epaint::text::VariationCoords::new([("wght", 400.0)]);
        }
        let families = [egui::FontFamily::Proportional, egui::FontFamily::Monospace]
            .into_iter()
            .map(|family| egui::InsertFontFamily {
                family,
                priority: egui::FontPriority::Lowest,
            })
            .collect();
        Some(egui::FontInsert::new(&self.egui_name(), data, families))
    }
}

/// Which characters a font face maps to a glyph (its best Unicode `cmap` subtable, format 12
/// or 4). Parsed without a font library, every read bounds-checked.
#[derive(Clone, Debug)]
pub struct CharMap {
    format: u16,
    table: Vec<u8>,
}

impl CharMap {
    /// The character map of face `index` of a font file's bytes (`None` if it has no
    /// Unicode map or is not a font).
    pub fn of(font: &[u8], index: u32) -> Option<Self> {
        let mut read = |offset: u64, len: usize| -> Option<Vec<u8>> {
            let start = usize::try_from(offset).ok()?;
            font.get(start..start.checked_add(len)?).map(<[u8]>::to_vec)
        };
        parse_face(&mut read, Some(index)).map(|face| face.chars)
    }

    pub fn contains(&self, c: char) -> bool {
        let c = c as u32;
        let t = &self.table;
        match self.format {
            12 => {
                let Some(groups) = be32(t, 12) else {
                    return false;
                };
                // Groups are sorted by start code: find the last starting at or before c.
                let (mut lo, mut hi) = (0_usize, groups as usize);
                while lo < hi {
                    let mid = lo + (hi - lo) / 2;
                    let Some(start) = be32(t, 16 + 12 * mid) else {
                        return false;
                    };
                    if start <= c {
                        lo = mid + 1;
                    } else {
                        hi = mid;
                    }
                }
                let Some(g) = lo.checked_sub(1) else {
                    return false;
                };
                match (
                    be32(t, 16 + 12 * g),
                    be32(t, 20 + 12 * g),
                    be32(t, 24 + 12 * g),
                ) {
                    (Some(start), Some(end), Some(glyph)) => {
                        c <= end && glyph.wrapping_add(c - start) != 0
                    }
                    _ => false,
                }
            }
            4 => {
                let Ok(c) = u16::try_from(c) else {
                    return false;
                };
                let Some(seg_x2) = be16(t, 6).map(usize::from) else {
                    return false;
                };
                let segs = seg_x2 / 2;
                let (ends, starts, deltas, offsets) =
                    (14, 16 + seg_x2, 16 + 2 * seg_x2, 16 + 3 * seg_x2);
                // The first segment ending at or after c.
                let (mut lo, mut hi) = (0_usize, segs);
                while lo < hi {
                    let mid = lo + (hi - lo) / 2;
                    let Some(end) = be16(t, ends + 2 * mid) else {
                        return false;
                    };
                    if end < c {
                        lo = mid + 1;
                    } else {
                        hi = mid;
                    }
                }
                let i = lo;
                if i >= segs {
                    return false;
                }
                let (Some(start), Some(delta), Some(range)) = (
                    be16(t, starts + 2 * i),
                    be16(t, deltas + 2 * i),
                    be16(t, offsets + 2 * i),
                ) else {
                    return false;
                };
                if c < start {
                    return false;
                }
                let glyph = if range == 0 {
                    c.wrapping_add(delta)
                } else {
                    let at = offsets + 2 * i + usize::from(range) + 2 * usize::from(c - start);
                    match be16(t, at) {
                        Some(0) | None => 0,
                        Some(g) => g.wrapping_add(delta),
                    }
                };
                glyph != 0
            }
            _ => false,
        }
    }
}

struct ParsedFace {
    index: u32,
    family: String,
    variable: bool,
    chars: CharMap,
}

/// Face `index` (or, if `None`, the best face of a collection: Simplified Chinese, regular)
/// through `read(offset, len)`, which returns exactly `len` bytes or `None`.
fn parse_face(
    read: &mut dyn FnMut(u64, usize) -> Option<Vec<u8>>,
    index: Option<u32>,
) -> Option<ParsedFace> {
    const MAX_FACES: u32 = 64;
    let head = read(0, 12)?;
    let offsets: Vec<u32> = if head.get(..4)? == b"ttcf" {
        let n = be32(&head, 8)?.min(MAX_FACES);
        let table = read(12, 4 * n as usize)?;
        (0..n as usize)
            .map(|i| be32(&table, 4 * i))
            .collect::<Option<_>>()?
    } else {
        vec![0]
    };
    let faces: Vec<(u32, FaceTables)> = offsets
        .iter()
        .enumerate()
        .filter(|(i, _)| index.is_none_or(|want| *i as u32 == want))
        .filter_map(|(i, &offset)| Some((i as u32, face_tables(read, offset)?)))
        .collect();
    let named: Vec<(u32, &FaceTables, String, String)> = faces
        .iter()
        .map(|(i, t)| {
            let (family, style) = t
                .name
                .and_then(|(off, len)| read(u64::from(off), len as usize))
                .map(|name| face_names(&name))
                .unwrap_or_default();
            (*i, t, family, style)
        })
        .collect();
    let score = |family: &str, style: &str| {
        let simplified = family
            .split(|c: char| c.is_whitespace() || c == '-' || c == '_')
            .any(|w| matches!(w, "SC" | "CN" | "GB" | "Hans"));
        let regular = matches!(style, "Regular" | "Book" | "Normal");
        2 * u8::from(simplified) + u8::from(regular)
    };
    // The best score, the first face on a tie.
    let (index, tables, family, _) = named
        .into_iter()
        .rev()
        .max_by_key(|(_, _, family, style)| score(family, style))?;
    let (off, len) = tables.cmap?;
    let cmap = read(u64::from(off), len as usize)?;
    Some(ParsedFace {
        index,
        family,
        variable: tables.variable,
        chars: unicode_subtable(&cmap)?,
    })
}

struct FaceTables {
    cmap: Option<(u32, u32)>,
    name: Option<(u32, u32)>,
    variable: bool,
}

fn face_tables(
    read: &mut dyn FnMut(u64, usize) -> Option<Vec<u8>>,
    offset: u32,
) -> Option<FaceTables> {
    const MAX_TABLE: u32 = 16 << 20;
    let dir = read(u64::from(offset), 12)?;
    if !matches!(be32(&dir, 0)?, 0x0001_0000 | 0x4F54_544F | 0x7472_7565) {
        return None; // not TrueType, 'OTTO' or 'true'
    }
    let n = usize::from(be16(&dir, 4)?);
    let records = read(u64::from(offset) + 12, 16 * n)?;
    let mut tables = FaceTables {
        cmap: None,
        name: None,
        variable: false,
    };
    for r in records.chunks_exact(16) {
        let (off, len) = (be32(r, 8)?, be32(r, 12)?);
        match &r[..4] {
            b"cmap" if len <= MAX_TABLE => tables.cmap = Some((off, len)),
            b"name" if len <= MAX_TABLE => tables.name = Some((off, len)),
            b"fvar" => tables.variable = true,
            _ => {}
        }
    }
    Some(tables)
}

/// The family and style names (typographic ones when given), in English where there is a
/// choice.
fn face_names(name: &[u8]) -> (String, String) {
    let (Some(count), Some(storage)) = (be16(name, 2), be16(name, 4)) else {
        return Default::default();
    };
    // (preference, name ID, text); lower preference is better.
    let mut best: Vec<(u8, u16, String)> = Vec::new();
    for i in 0..usize::from(count) {
        let r = 6 + 12 * i;
        let (Some(platform), Some(encoding), Some(language), Some(id), Some(len), Some(off)) = (
            be16(name, r),
            be16(name, r + 2),
            be16(name, r + 4),
            be16(name, r + 6),
            be16(name, r + 8),
            be16(name, r + 10),
        ) else {
            break;
        };
        if !matches!(id, 1 | 2 | 16 | 17) {
            continue;
        }
        let start = usize::from(storage) + usize::from(off);
        let Some(bytes) = name.get(start..start + usize::from(len)) else {
            continue;
        };
        let (preference, text) = match (platform, encoding) {
            (3, 1 | 10) | (0, _) => {
                let units = bytes
                    .chunks_exact(2)
                    .map(|b| u16::from_be_bytes([b[0], b[1]]));
                let text: String = char::decode_utf16(units)
                    .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
                    .collect();
                (if language == 0x0409 { 0 } else { 1 }, text)
            }
            (1, 0) => (2, bytes.iter().map(|&b| char::from(b)).collect()),
            _ => continue,
        };
        best.push((preference, id, text));
    }
    best.sort_by_key(|(preference, _, _)| *preference);
    let pick = |ids: [u16; 2]| {
        ids.iter()
            .find_map(|id| best.iter().find(|(_, i, _)| i == id))
            .map(|(_, _, t)| t.clone())
            .unwrap_or_default()
    };
    (pick([16, 1]), pick([17, 2]))
}

/// The best Unicode subtable of a `cmap` table: format 12 (all planes) over format 4 (BMP).
fn unicode_subtable(cmap: &[u8]) -> Option<CharMap> {
    let n = usize::from(be16(cmap, 2)?);
    let mut best: Option<(u8, u16, usize, usize)> = None;
    for i in 0..n {
        let r = 4 + 8 * i;
        let (platform, encoding, off) = (be16(cmap, r)?, be16(cmap, r + 2)?, be32(cmap, r + 4)?);
        let unicode = platform == 0 || (platform == 3 && matches!(encoding, 1 | 10));
        let off = off as usize;
        let Some(format) = be16(cmap, off).filter(|_| unicode) else {
            continue;
        };
        let (rank, len) = match format {
            12 => (0, be32(cmap, off + 4).map(|l| l as usize)),
            4 => (1, be16(cmap, off + 2).map(usize::from)),
            _ => continue,
        };
        let Some(len) = len.filter(|&l| off.checked_add(l).is_some_and(|e| e <= cmap.len())) else {
            continue;
        };
        if best.is_none_or(|(r, ..)| rank < r) {
            best = Some((rank, format, off, len));
        }
    }
    let (_, format, off, len) = best?;
    Some(CharMap {
        format,
        table: cmap.get(off..off + len)?.to_vec(),
    })
}

fn be16(b: &[u8], at: usize) -> Option<u16> {
    let s = b.get(at..at.checked_add(2)?)?;
    Some(u16::from_be_bytes([s[0], s[1]]))
}

fn be32(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at.checked_add(4)?)?;
    Some(u32::from_be_bytes([s[0], s[1], s[2], s[3]]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_subsets_character_map_is_read() {
        let map = CharMap::of(CJK_FONT, 0).expect("the bundled font has a Unicode cmap");
        for c in ['A', 'z', '老', '工', '淼', '，', '燊'] {
            assert!(map.contains(c), "{c}");
        }
        // Not GB2312 and not in the repo's text (so not in the subset).
        for c in ['\u{907C}', '\u{5803}', '\u{365F}', '\u{1F600}', '\u{E000}'] {
            assert!(!map.contains(c), "{c}");
        }
        assert!(
            CharMap::of(CJK_FONT, 1).is_none(),
            "a single font has one face"
        );
        assert!(CharMap::of(b"not a font at all", 0).is_none());
        assert!(CharMap::of(&CJK_FONT[..100], 0).is_none(), "truncated");
    }
}
