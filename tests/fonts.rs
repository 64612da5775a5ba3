//! Whatever a teacher types renders: characters the bundled subset lacks come from a system CJK
//! font (CI installs `fonts-droid-fallback` so the full check runs there).
//!
//! The rare characters are written as escapes on purpose: `scripts/subset-font.py` adds every
//! character in the repo's text to the bundled subset, which would make the fallback untested.

use egui::epaint::text::{Fonts, TextOptions};
use egui::{FontFamily, FontId, MissingGlyphPolicy};
use egui_kittest::Harness;
use oib_atlas::fonts::{self, CJK_FONT, CharMap};

/// Traditional forms of a province (Liaoning), rare characters in given names, and one from
/// CJK Extension A: U+907C U+5BE7, U+5803, U+9127, U+5586, U+7287, U+6DFC, U+365F.
const RARE: &str = "\u{907C}\u{5BE7} \u{5803} \u{9127} \u{5586} \u{7287} \u{6DFC} \u{365F}";

fn rare_chars() -> impl Iterator<Item = char> {
    RARE.chars().filter(|c| !c.is_whitespace())
}

/// A context with the atlas's fonts, after one frame showing `text`, with tofu made a panic.
fn harness_showing(text: String) -> Harness<'static> {
    let mut h = Harness::builder()
        .with_size(egui::vec2(400.0, 100.0))
        .with_context_setup(|ctx| {
            fonts::install(ctx);
            ctx.set_missing_glyph_policy(MissingGlyphPolicy::Panic);
        })
        .build_ui(move |ui| {
            ui.label(egui::RichText::new(text.as_str()).size(20.0));
            ui.label(egui::RichText::new(text.as_str()).monospace());
        });
    h.run();
    h
}

#[test]
fn rare_characters_come_from_a_system_cjk_font_when_there_is_one() {
    let bundled = CharMap::of(CJK_FONT, 0).expect("bundled cmap");
    let system = fonts::system_cjk_fonts();
    for f in system {
        println!(
            "system CJK font: {} (face {}, {:?})",
            f.path().display(),
            f.face_index(),
            f.family()
        );
    }
    // The bundled subset lacks all but one of them (U+6DFC is in the repo's text), so these
    // characters test the fallback.
    let missing: Vec<char> = rare_chars().filter(|&c| !bundled.contains(c)).collect();
    assert_eq!(missing.len(), 7, "{missing:?}");

    let covered = |c: char| bundled.contains(c) || system.iter().any(|f| f.has_char(c));
    let expected: String = RARE
        .chars()
        .filter(|&c| c.is_whitespace() || covered(c))
        .collect();
    let uncovered: Vec<String> = rare_chars()
        .filter(|&c| !covered(c))
        .map(|c| format!("U+{:04X}", c as u32))
        .collect();
    if system.is_empty() {
        println!(
            "no system CJK font in {:?}: only the bundled characters can render here \
             (install fonts-droid-fallback or fonts-noto-cjk for the full check)",
            fonts::font_dirs()
        );
    } else if !uncovered.is_empty() {
        println!("no system font has {uncovered:?}: those are checked to stay missing");
    }
    if std::env::var_os("CI").is_some() {
        assert!(
            uncovered.is_empty(),
            "CI installs fonts-droid-fallback (.ci/run), which has every one of {RARE:?}; \
             missing {uncovered:?}"
        );
    }

    // Every character a font has is laid out from a font (no tofu: the policy panics), in both
    // families; and egui finds exactly those, so the provider neither misses nor invents one.
    let h = harness_showing(expected);
    for family in [FontFamily::Proportional, FontFamily::Monospace] {
        let id = FontId::new(14.0, family.clone());
        for c in rare_chars() {
            let has = h.ctx.fonts_mut(|f| f.has_glyph(&id, c));
            assert_eq!(has, covered(c), "U+{:04X} in {family:?}", c as u32);
        }
        let faces = h.ctx.fonts_mut(|f| f.characters(&family).clone());
        for c in rare_chars().filter(|&c| covered(c) && !bundled.contains(c)) {
            let from = faces.get(&c).expect("laid out from some face");
            assert!(
                from.iter().any(|name| name.starts_with("system:")),
                "U+{:04X} from {from:?}",
                c as u32
            );
            println!("U+{:04X} {family:?} from {from:?}", c as u32);
        }
    }
    // The bundled font still comes first for what it has.
    let faces = h
        .ctx
        .fonts_mut(|f| f.characters(&FontFamily::Proportional).clone());
    assert!(faces[&'老'].iter().any(|n| n == fonts::CJK_FONT_NAME));
}

#[test]
fn a_character_no_font_has_would_fail_these_checks() {
    // Plane 16 private use: in no font, so the harness's tofu policy panics (the checks above
    // are not vacuous).
    let tofu = std::panic::catch_unwind(|| harness_showing("\u{10FFFD}".to_owned()));
    assert!(tofu.is_err());
}

#[test]
fn the_bundled_text_never_needs_the_fallback() {
    // Laid out with tofu as a panic: common Chinese, punctuation and the rare U+6DFC.
    let h = harness_showing("老工业基地地图集 辽宁省 齐齐哈尔市 （1990–2023）\u{6DFC}".to_owned());
    let id = FontId::proportional(14.0);
    assert!(h.ctx.fonts_mut(|f| f.has_glyphs(&id, "辽宁省 齐齐哈尔市")));
}

/// The character map reader agrees with egui (skrifa) on every BMP character and the first
/// supplementary planes, for the bundled font and each system font found.
#[test]
fn the_character_map_reader_agrees_with_egui() {
    let mut fonts: Vec<(String, std::sync::Arc<Vec<u8>>, u32)> =
        vec![("bundled".into(), std::sync::Arc::new(CJK_FONT.to_vec()), 0)];
    for f in fonts::system_cjk_fonts() {
        let bytes = f.bytes().expect("readable");
        fonts.push((f.path().display().to_string(), bytes, f.face_index()));
    }
    for (name, bytes, index) in fonts {
        let map = CharMap::of(&bytes, index).expect("cmap");
        let mut defs = egui::FontDefinitions::empty();
        defs.font_data.insert(
            "f".into(),
            std::sync::Arc::new(egui::FontData::from_blob(bytes.clone(), index)),
        );
        defs.families
            .insert(FontFamily::Proportional, vec!["f".into()]);
        let mut egui_fonts = Fonts::new(TextOptions::default(), defs);
        let id = FontId::proportional(14.0);
        let mut count = 0;
        let chars = (0x20..0x3_0000)
            .filter_map(char::from_u32)
            .filter(|&c| !drawn_without_the_cmap(c));
        for c in chars {
            let ours = map.contains(c);
            assert_eq!(
                ours,
                egui_fonts.has_glyph(&id, c),
                "{name}: U+{:04X}",
                c as u32
            );
            count += usize::from(ours);
        }
        println!("{name} (face {index}): {count} characters");
        assert!(count > 7_000, "{name}");
    }
}

/// Characters egui resolves without asking the font's character map: thin spaces (drawn as a
/// space) and invisible format characters (epaint's `invisible_char`).
fn drawn_without_the_cmap(c: char) -> bool {
    matches!(
        c,
        '\u{2009}'
            | '\u{202F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206F}'
            | '\u{FEFF}'
    )
}

#[test]
fn font_files_are_found_by_name_best_first_and_bad_ones_skipped() {
    let root = std::env::temp_dir().join(format!("atlas-fonts-test-{}", std::process::id()));
    let files = [
        "truetype/wqy/wqy-microhei.ttc",
        "opentype/noto/NotoSansCJK-Regular.ttc",
        "DroidSansFallbackFull.ttf",
        "other/copy/wqy-microhei.ttc",
        "a/b/c/d/msyh.ttc",
        "truetype/dejavu/DejaVuSans.ttf",
    ];
    for f in files {
        let p = root.join(f);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(&p, b"not a font").expect("write");
    }
    let found = fonts::candidate_files(&[root.join("missing-dir"), root.clone()]);
    let rel: Vec<String> = found
        .iter()
        .map(|p| {
            p.strip_prefix(&root)
                .expect("under root")
                .display()
                .to_string()
        })
        .collect();
    // Noto first; one wqy (the first in directory order); msyh is too deep; DejaVu is not CJK.
    assert_eq!(
        rel,
        [
            "opentype/noto/NotoSansCJK-Regular.ttc",
            "other/copy/wqy-microhei.ttc",
            "DroidSansFallbackFull.ttf",
        ]
    );
    // Not fonts, or missing: skipped without a panic.
    assert!(found.iter().all(|p| fonts::SystemFont::open(p).is_none()));
    assert!(fonts::SystemFont::open(&root.join("nothing.ttc")).is_none());
    std::fs::remove_dir_all(&root).expect("clean up");
}
