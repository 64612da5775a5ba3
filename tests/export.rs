//! Headless image export: dimensions, not blank, deterministic, and failure without damage.

use std::sync::Arc;

use oib_atlas::core::dataset::Dataset;
use oib_atlas::export::{ExportOptions, Target, render, write_png};

fn small() -> ExportOptions {
    ExportOptions {
        size: egui::vec2(480.0, 300.0),
        scale: 2.0,
        ..Default::default()
    }
}

fn distinct_colours(img: &image::RgbaImage) -> usize {
    let mut seen = std::collections::HashSet::new();
    for p in img.pixels() {
        seen.insert(p.0);
        if seen.len() > 200 {
            break;
        }
    }
    seen.len()
}

#[test]
fn every_target_renders_at_the_asked_size_and_is_not_blank() {
    let ds = Arc::new(Dataset::load_embedded().unwrap());
    for target in Target::all() {
        let img = render(ds.clone(), target, &small()).unwrap();
        assert_eq!((img.width(), img.height()), (960, 600), "{target:?}");
        assert!(distinct_colours(&img) > 20, "{target:?} looks blank");
    }
}

#[test]
fn exports_are_deterministic() {
    let ds = Arc::new(Dataset::load_embedded().unwrap());
    let dir = std::env::temp_dir().join(format!("atlas-export-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for target in [Target::Map, Target::parse("growth").unwrap()] {
        let a = dir.join("a.png");
        let b = dir.join("b.png");
        write_png(&a, &render(ds.clone(), target, &small()).unwrap()).unwrap();
        write_png(&b, &render(ds.clone(), target, &small()).unwrap()).unwrap();
        assert_eq!(
            std::fs::read(&a).unwrap(),
            std::fs::read(&b).unwrap(),
            "{target:?}"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_missing_directory_fails_and_leaves_nothing() {
    let img = image::RgbaImage::new(4, 4);
    let path = std::env::temp_dir().join("atlas-no-such-dir-export/x.png");
    let err = write_png(&path, &img).unwrap_err();
    assert!(err.contains("atlas-no-such-dir-export"), "{err}");
    assert!(!path.exists());
}

#[test]
fn language_and_theme_change_the_picture() {
    let ds = Arc::new(Dataset::load_embedded().unwrap());
    let zh = render(ds.clone(), Target::Map, &small()).unwrap();
    let mut en_opts = small();
    en_opts.settings.lang = oib_atlas::state::Lang::En;
    let en = render(ds.clone(), Target::Map, &en_opts).unwrap();
    assert_ne!(zh.as_raw(), en.as_raw());
    let mut dark = small();
    dark.dark = true;
    let d = render(ds, Target::Map, &dark).unwrap();
    // The frame around the map follows the theme: the top-left pixel is dark.
    let p = d.get_pixel(2, 2).0;
    assert!(p[0] < 80 && p[1] < 80 && p[2] < 80, "{p:?}");
}
