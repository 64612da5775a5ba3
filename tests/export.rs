//! Headless image export: dimensions, not blank, deterministic, and failure without damage.

use std::sync::Arc;

use oib_atlas::core::dataset::Dataset;
use oib_atlas::export::{Compression, ExportOptions, Renderer, Target, render, write_png};

fn small() -> ExportOptions {
    ExportOptions {
        size: egui::vec2(480.0, 300.0),
        scale: 2.0,
        ..Default::default()
    }
}

fn distinct_colors(img: &image::RgbaImage) -> usize {
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
        assert!(distinct_colors(&img) > 20, "{target:?} looks blank");
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
        write_png(
            &a,
            &render(ds.clone(), target, &small()).unwrap(),
            Compression::Fast,
        )
        .unwrap();
        write_png(
            &b,
            &render(ds.clone(), target, &small()).unwrap(),
            Compression::Fast,
        )
        .unwrap();
        assert_eq!(
            std::fs::read(&a).unwrap(),
            std::fs::read(&b).unwrap(),
            "{target:?}"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Mean absolute difference per channel, and the share of pixels where some channel is off by
/// more than 16 levels.
fn difference(a: &image::RgbaImage, b: &image::RgbaImage) -> (f64, f64) {
    assert_eq!(a.dimensions(), b.dimensions());
    let mut sum = 0u64;
    let mut far = 0usize;
    for (p, q) in a.pixels().zip(b.pixels()) {
        let d: Vec<u8> = p.0.iter().zip(q.0).map(|(x, y)| x.abs_diff(y)).collect();
        sum += d.iter().map(|&v| u64::from(v)).sum::<u64>();
        far += usize::from(d.iter().any(|&v| v > 16));
    }
    let n = (a.width() * a.height()) as f64;
    (sum as f64 / (n * 4.0), far as f64 / n)
}

/// The CPU rasteriser (the default) draws the picture wgpu draws: the map with its text,
/// a bar chart and a story slide, at 2×.
#[test]
fn cpu_pictures_match_the_wgpu_pictures() {
    // Mesa's EGL prints an error when XDG_RUNTIME_DIR is unset (as in CI or a bare shell).
    // Setting it here would take `unsafe`; the test runs itself again with it set instead, and
    // shows the child's output only if it fails.
    if std::env::var_os("XDG_RUNTIME_DIR").is_none() {
        let dir = std::env::temp_dir().join(format!("atlas-xdg-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "cpu_pictures_match_the_wgpu_pictures",
                "--nocapture",
            ])
            .env("XDG_RUNTIME_DIR", &dir)
            .output()
            .unwrap();
        std::fs::remove_dir_all(&dir).ok();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && text.contains("1 passed"),
            "{text}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        return;
    }
    let ds = Arc::new(Dataset::load_embedded().unwrap());
    let story = Arc::new(
        oib_atlas::core::story::parse_story(
            "default.toml",
            oib_atlas::core::story::DEFAULT_STORY,
            &ds,
        )
        .unwrap(),
    );
    for target in [
        Target::Map,
        Target::parse("ranking").unwrap(),
        Target::Slide(2),
    ] {
        let mut opts = small();
        opts.story = Some(story.clone());
        let cpu = render(ds.clone(), target, &opts).unwrap();
        opts.renderer = Renderer::Wgpu;
        let gpu = render(ds.clone(), target, &opts).unwrap();
        let (mean, far) = difference(&cpu, &gpu);
        assert!(
            mean <= 1.0 && far <= 0.005,
            "{target:?}: mean difference {mean:.3}, {:.3} % of pixels off by more than 16",
            far * 100.0
        );
        // A renderer that drew nothing would fail the comparison: check the test can fail.
        let blank = image::RgbaImage::from_pixel(cpu.width(), cpu.height(), image::Rgba([255; 4]));
        assert!(difference(&cpu, &blank).1 > 0.005);
    }
}

#[test]
fn a_missing_directory_fails_and_leaves_nothing() {
    let img = image::RgbaImage::new(4, 4);
    let path = std::env::temp_dir().join("atlas-no-such-dir-export/x.png");
    let err = write_png(&path, &img, Compression::Fast).unwrap_err();
    assert!(err.contains("atlas-no-such-dir-export"), "{err}");
    assert!(!path.exists());
}

#[test]
fn language_and_theme_change_the_picture() {
    let ds = Arc::new(Dataset::load_embedded().unwrap());
    let zh = render(ds.clone(), Target::Map, &small()).unwrap();
    let mut en_opts = small();
    en_opts.settings.lang = oib_atlas::core::settings::Lang::En;
    let en = render(ds.clone(), Target::Map, &en_opts).unwrap();
    assert_ne!(zh.as_raw(), en.as_raw());
    let mut dark = small();
    dark.theme = oib_atlas::core::settings::Theme::Dark;
    let d = render(ds, Target::Map, &dark).unwrap();
    // The frame around the map follows the theme: the top-left pixel is dark.
    let p = d.get_pixel(2, 2).0;
    assert!(p[0] < 80 && p[1] < 80 && p[2] < 80, "{p:?}");
}

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/synthetic_province_values.csv"
);

/// Options with the synthetic fixture (made-up numbers) imported as `atlas export --import`
/// does.
fn with_import(ds: &Dataset) -> ExportOptions {
    let mut opts = small();
    oib_atlas::cli::import_for_export(ds, std::path::Path::new(FIXTURE), &mut opts)
        .expect("the synthetic fixture imports");
    opts
}

#[test]
fn an_imported_indicator_is_named_in_the_title_and_caption_of_map_and_ranking() {
    use oib_atlas::export::{caption_of, title_of};
    let ds = Arc::new(Dataset::load_embedded().unwrap());
    let opts = with_import(&ds);
    assert_eq!(
        opts.settings.choropleth.imported.as_deref(),
        Some("合成测试值")
    );
    let state = opts.state(ds.clone());
    let active = state.active_indicator();
    let imp = active.imported().expect("active");
    assert_eq!(imp.values.len(), 5, "贵州's empty cell is not imported");
    let lang = opts.settings.lang;
    let today = oib_atlas::core::import::today();
    let source = format!("导入自 synthetic_province_values.csv（{today}）");
    for target in [Target::Map, Target::parse("ranking").unwrap()] {
        let caption = caption_of(target, lang, &active);
        assert!(caption.contains("合成测试值 (万吨)"), "{caption}");
        assert!(caption.contains(&source), "{caption}");
    }
    assert_eq!(
        title_of(Target::Map, lang, &active),
        "中国老工业城市 · 合成测试值 (万吨)"
    );
    // A prefecture-level table (synthetic too) is imported at its level; 六盘水's empty
    // cell is left out, not read as 0.
    let mut pref = small();
    oib_atlas::cli::import_for_export(
        &ds,
        std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/synthetic_prefecture_values.csv"
        )),
        &mut pref,
    )
    .unwrap();
    let pref_state = pref.state(ds.clone());
    let p = pref_state.active_indicator().imported().expect("active");
    assert_eq!(p.level, oib_atlas::core::import::Level::Prefecture);
    assert_eq!(p.values.len(), 9);
    assert!(!p.values.contains_key(&520200), "六盘水 has no value");
    // Charts that do not draw the import keep the reference-data caption.
    let growth = caption_of(Target::parse("growth").unwrap(), lang, &active);
    assert!(!growth.contains("imported from"), "{growth}");
    // And the picture changes: the map is coloured by the imported values.
    let plain = render(ds.clone(), Target::Map, &small()).unwrap();
    let imported = render(ds.clone(), Target::Map, &opts).unwrap();
    assert_eq!((imported.width(), imported.height()), (960, 600));
    assert_ne!(plain.as_raw(), imported.as_raw());
}

#[test]
fn cli_export_with_import_writes_a_png_and_refuses_a_bad_table() {
    let dir = std::env::temp_dir().join(format!("atlas-export-import-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("ranking.png");
    let run = |args: &[&std::ffi::OsStr]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_atlas"))
            .args(["export", "ranking", "--scale", "1", "--size", "480x300"])
            .args(args)
            .output()
            .unwrap()
    };
    let o = run(&[
        "--import".as_ref(),
        FIXTURE.as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let img = image::open(&out).unwrap();
    assert_eq!((img.width(), img.height()), (480, 300));

    // A missing file and a table with nothing to import: exit 2, a clear message, no PNG.
    let bad = dir.join("synthetic_nothing_matches.csv");
    std::fs::write(&bad, "place,value\nAtlantis,1\n").unwrap();
    for (table, says) in [
        (dir.join("no-such-table.csv"), "cannot open"),
        (bad, "no values to import"),
    ] {
        let out = dir.join("bad.png");
        let o = run(&[
            "--import".as_ref(),
            table.as_os_str(),
            "--out".as_ref(),
            out.as_os_str(),
        ]);
        assert_eq!(o.status.code(), Some(2));
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.contains("atlas export: ") && err.contains(says),
            "{err}"
        );
        assert!(!out.exists());
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_character_no_font_has_draws_a_box_instead_of_failing_the_export() {
    use oib_atlas::core::import::{ImportedIndicator, Level};
    let ds = Arc::new(Dataset::load_embedded().unwrap());
    let mut opts = small();
    // Synthetic indicator: made-up values under a name with characters outside the
    // bundled font subset (a snowman and a rare CJK character).
    let name = "合成☃堃指标".to_owned();
    opts.data.imported = Arc::new(vec![ImportedIndicator {
        name: name.clone(),
        unit: None,
        level: Level::Province,
        values: [(210000, 1.0), (220000, 2.0), (230000, 3.0)]
            .into_iter()
            .collect(),
        by_year: Default::default(),
        lines: Default::default(),
        years: Vec::new(),
        source: "synthetic test fixture".into(),
        file: "synthetic.csv".into(),
        date: "2026-12-01".into(),
        rows: 3,
    }]);
    opts.settings.choropleth.imported = Some(name);
    let img = render(ds, Target::Map, &opts).expect("the export still renders");
    assert_eq!((img.width(), img.height()), (960, 600));
}

#[test]
fn out_dir_is_created_if_missing_and_a_file_in_its_place_is_refused() {
    let base = std::env::temp_dir().join(format!("atlas-outdir-{}", std::process::id()));
    let dir = base.join("new/nested");
    let run = |out: &std::path::Path| {
        std::process::Command::new(env!("CARGO_BIN_EXE_atlas"))
            .args([
                "export",
                "all",
                "--scale",
                "1",
                "--size",
                "320x200",
                "--out-dir",
            ])
            .arg(out)
            .output()
            .unwrap()
    };
    let o = run(&dir);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(dir.join("map.png").exists());
    let file = base.join("a-file");
    std::fs::write(&file, b"x").unwrap();
    let o = run(&file);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("not a directory"));
    std::fs::remove_dir_all(&base).unwrap();
}

/// resvg's rendering of an exported SVG (the fonts the atlas draws with loaded), as RGBA.
fn rasterise_svg(svg: &str, w: u32, h: u32) -> image::RgbaImage {
    let mut options = resvg::usvg::Options::default();
    for data in egui::FontDefinitions::default().font_data.values() {
        options
            .fontdb_mut()
            .load_font_data(data.font.as_ref().as_ref().to_vec());
    }
    options
        .fontdb_mut()
        .load_font_data(oib_atlas::fonts::CJK_FONT.to_vec());
    let tree = resvg::usvg::Tree::from_str(svg, &options).expect("a valid SVG");
    let mut pixmap = resvg::tiny_skia::Pixmap::new(w, h).expect("a non-empty image");
    pixmap.fill(resvg::tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        // The SVG's own size is in pixels (its viewBox in points).
        resvg::tiny_skia::Transform::identity(),
        &mut pixmap.as_mut(),
    );
    image::RgbaImage::from_raw(w, h, pixmap.take()).expect("w × h pixels")
}

/// The SVG export draws the PNG's picture in vectors: a real SVG renderer (resvg) draws it
/// to nearly the same pixels, the map's units are paths in one group per layer, and text is
/// text.
#[test]
fn svg_exports_render_like_the_png() {
    let ds = Arc::new(Dataset::load_embedded().unwrap());
    for target in [Target::Map, Target::parse("ranking").unwrap()] {
        let opts = ExportOptions {
            size: egui::vec2(800.0, 500.0),
            scale: 2.0,
            ..Default::default()
        };
        let png = render(ds.clone(), target, &opts).unwrap();
        let svg = oib_atlas::export::render_svg(ds.clone(), target, &opts);
        let drawn = rasterise_svg(&svg, png.width(), png.height());
        if std::env::var_os("ATLAS_DUMP").is_some() {
            drawn
                .save(format!("/tmp/svg-{}.png", target.key()))
                .unwrap();
            png.save(format!("/tmp/png-{}.png", target.key())).unwrap();
        }
        // The PNG's margin is transparent; resvg draws on white. Compare both on white.
        let mut png = png;
        for p in png.pixels_mut() {
            let keep = 255 - u16::from(p.0[3]);
            for c in 0..3 {
                p.0[c] = (u16::from(p.0[c]) + keep).min(255) as u8;
            }
            p.0[3] = 255;
        }
        let (mean, far) = difference(&png, &drawn);
        eprintln!(
            "{target:?}: SVG via resvg against the PNG: mean {mean:.2}, {:.2} % of pixels off by more than 16",
            far * 100.0
        );
        assert!(
            mean < 4.0 && far < 0.06,
            "{target:?}: mean {mean:.2}, far {far:.4}"
        );
        assert!(svg.contains("<text"), "text is text");
        if target == Target::Map {
            assert!(
                svg.contains(r#"<g id="boundaries">"#),
                "one group per layer"
            );
            assert!(svg.contains(r#"<g class="fills">"#));
            assert!(svg.contains(">齐齐哈尔市</text>"), "place names are text");
        }
    }
}

/// The PDF export is the SVG picture with its fonts embedded: its text can be searched and
/// copied (pdftotext, from poppler-utils, finds a city's name).
#[test]
fn pdf_exports_keep_their_text_and_fonts() {
    let ds = Arc::new(Dataset::load_embedded().unwrap());
    let dir = std::env::temp_dir().join(format!("atlas-pdf-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("northeast.pdf");
    let opts = ExportOptions {
        size: egui::vec2(1200.0, 900.0),
        scale: 1.0,
        view: Some([118.5, 38.5, 135.2, 53.6]),
        ..Default::default()
    };
    oib_atlas::export::export_to(
        ds,
        Target::Map,
        &opts,
        oib_atlas::export::Format::Pdf,
        &path,
    )
    .unwrap();
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    let text = std::process::Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is needed by this test; .ci/run installs it");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("沈阳"), "no 沈阳 in the PDF's text: {text}");
    let fonts = std::process::Command::new("pdffonts")
        .arg(&path)
        .output()
        .unwrap();
    let fonts = String::from_utf8_lossy(&fonts.stdout);
    assert!(
        fonts.contains("NotoSansCJK") && fonts.contains("yes yes"),
        "{fonts}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// A lesson as one PDF: a page per slide with its title as text, or a handout of two slides
/// an A4 page with lines for notes.
#[test]
fn a_lesson_exports_as_one_pdf_of_slides_or_a_handout() {
    let dir = std::env::temp_dir().join(format!("atlas-lesson-pdf-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let ds = Dataset::load_embedded().unwrap();
    let story = oib_atlas::core::story::parse_story(
        "default.toml",
        oib_atlas::core::story::DEFAULT_STORY,
        &ds,
    )
    .unwrap();
    let n = story.slides.len();
    let info = |path: &std::path::Path, key: &str| -> String {
        let out = std::process::Command::new("pdfinfo")
            .arg(path)
            .output()
            .expect("pdfinfo (poppler-utils) is needed; .ci/run installs it");
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .find(|l| l.starts_with(key))
            .unwrap_or_default()
            .to_owned()
    };
    for (layout, pages, size) in [
        ("slides", n, "842 x 473"),
        ("handout", n.div_ceil(2), "595 x 842"),
    ] {
        let path = dir.join(format!("{layout}.pdf"));
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_atlas"))
            .args(["export", "story", "--format", "pdf", "--pdf-layout", layout])
            .args(["--scale", "1", "--size", "1280x720", "--out"])
            .arg(&path)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.stderr.is_empty(), "prints only its result");
        assert_eq!(
            info(&path, "Pages:").split_whitespace().last(),
            Some(pages.to_string().as_str()),
            "{layout}"
        );
        assert!(info(&path, "Page size:").contains(size), "{layout}");
        // Every slide's title is text in the PDF, on its page.
        let text = std::process::Command::new("pdftotext")
            .arg(&path)
            .arg("-")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&text.stdout);
        for s in &story.slides {
            assert!(text.contains(&s.title_zh), "{layout}: no {}", s.title_zh);
        }
    }
    std::fs::remove_dir_all(&dir).ok();
}
