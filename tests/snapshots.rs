//! Pixel snapshots of what users see: the map (zh/en, light/dark), each chart, two story
//! slides and the whole window, at a fixed size. They guard refactors that must not change
//! the picture. After an intended visual change, regenerate with
//! `UPDATE_SNAPSHOTS=1 cargo test --test snapshots` and look at every changed PNG in
//! `tests/snapshots/` before committing it.

use std::sync::Arc;

use egui_kittest::{SnapshotOptions, SnapshotResults};
use oib_atlas::core::dataset::Dataset;
use oib_atlas::core::settings::{Lang, Theme};
use oib_atlas::export::{ExportOptions, Target, render};

/// Pictures come from the CPU rasteriser, the same on every machine; the tolerance leaves
/// room for a font or egui patch release (a moved label or legend changes thousands).
fn options() -> SnapshotOptions {
    SnapshotOptions::new().threshold(1.0).max_failed_pixels(40)
}

fn opts(lang: Lang, dark: bool) -> ExportOptions {
    let mut o = ExportOptions {
        size: egui::vec2(800.0, 500.0),
        scale: 1.0,
        theme: if dark { Theme::Dark } else { Theme::Light },
        ..Default::default()
    };
    o.settings.lang = lang;
    o
}

fn lang_key(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "zh",
        Lang::En => "en",
    }
}

#[test]
fn map_matches_its_snapshots_in_both_languages_and_themes() {
    let ds = Arc::new(Dataset::load_embedded().unwrap());
    let mut results = SnapshotResults::new();
    for lang in [Lang::Zh, Lang::En] {
        for dark in [false, true] {
            let img = render(ds.clone(), Target::Map, &opts(lang, dark)).unwrap();
            let theme = if dark { "dark" } else { "light" };
            results.add(egui_kittest::try_image_snapshot_options(
                &img,
                format!("map_{}_{theme}", lang_key(lang)),
                &options(),
            ));
        }
    }
    results.unwrap();
}

#[test]
fn every_chart_matches_its_snapshot() {
    let ds = Arc::new(Dataset::load_embedded().unwrap());
    let mut results = SnapshotResults::new();
    for target in Target::all().into_iter().filter(|t| *t != Target::Map) {
        let img = render(ds.clone(), target, &opts(Lang::Zh, false)).unwrap();
        results.add(egui_kittest::try_image_snapshot_options(
            &img,
            format!("chart_{}", target.key()),
            &options(),
        ));
    }
    results.unwrap();
}

#[test]
fn two_story_slides_match_their_snapshots() {
    let ds = Arc::new(Dataset::load_embedded().unwrap());
    let story = oib_atlas::core::story::parse_story(
        "default.toml",
        oib_atlas::core::story::DEFAULT_STORY,
        &ds,
    )
    .unwrap();
    let mut o = opts(Lang::Zh, false);
    o.size = egui::vec2(960.0, 540.0);
    o.story = Some(Arc::new(story));
    let mut results = SnapshotResults::new();
    for i in [0, 3] {
        let img = render(ds.clone(), Target::Slide(i), &o).unwrap();
        results.add(egui_kittest::try_image_snapshot_options(
            &img,
            format!("slide_{i}"),
            &options(),
        ));
    }
    results.unwrap();
}

#[test]
fn whole_window_matches_its_snapshot_in_both_languages() {
    let mut results = SnapshotResults::new();
    for lang in [Lang::Zh, Lang::En] {
        let mut app = oib_atlas::app::AtlasApp::with_embedded_data().unwrap();
        let ctx = egui::Context::default();
        app.apply(&ctx, oib_atlas::state::Command::SetLang(lang));
        let mut h = egui_kittest::Harness::builder()
            .renderer(oib_atlas::raster::CpuRenderer::default())
            .with_size(egui::vec2(1366.0, 768.0))
            .with_context_setup(oib_atlas::fonts::install)
            .build_ui_state(|ui, app: &mut oib_atlas::app::AtlasApp| app.ui(ui), app);
        h.run_steps(3);
        results.add(h.try_snapshot_options(format!("window_{}", lang_key(lang)), &options()));
    }
    results.unwrap();
}
