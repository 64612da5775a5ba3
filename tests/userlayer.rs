//! GeoJSON user layers: every form and geometry kind, every bad-input class of issue #7
//! (empty, binary, truncated, swapped or out-of-range coordinates, too large, mixed
//! encodings), property tests on random and mutated files, the built meshes (area, hit
//! test), cancellation, and persistence across a restart.
//!
//! All fixtures here are synthetic (made-up shapes and values), not data.

use oib_atlas::state::Command;
use std::path::PathBuf;

use oib_atlas::core::projection::Albers;
use oib_atlas::core::userlayer::{
    LoadProgress, MAX_LAYER_BYTES, PropertyValue, parse_layer, read_layer_path,
};
use oib_atlas::state::user_layer::UserLayerView;
use proptest::prelude::*;

fn parse(
    s: &[u8],
) -> Result<oib_atlas::core::userlayer::LayerData, oib_atlas::core::error::DataError> {
    parse_layer("t.geojson", s, &LoadProgress::default())
}

fn temp_dir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("atlas-layer-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&d).expect("a temporary directory");
    d
}

/// Synthetic: one of every geometry kind, in and around China.
const ALL_KINDS: &str = r#"{"type":"FeatureCollection","name":"synthetic kinds","features":[
{"type":"Feature","properties":{"name":"p","v":1},"geometry":{"type":"Point","coordinates":[116.4,39.9]}},
{"type":"Feature","properties":{"name":"mp","v":2},"geometry":{"type":"MultiPoint","coordinates":[[121.5,31.2],[113.3,23.1]]}},
{"type":"Feature","properties":{"name":"l","v":"x"},"geometry":{"type":"LineString","coordinates":[[100,30],[105,32],[110,31]]}},
{"type":"Feature","properties":{"name":"ml"},"geometry":{"type":"MultiLineString","coordinates":[[[90,40],[95,41]],[[96,41],[99,42]]]}},
{"type":"Feature","properties":{"name":"pg","v":4.5},"geometry":{"type":"Polygon","coordinates":[[[120,40],[122,40],[122,42],[120,42],[120,40]],[[120.5,40.5],[121,40.5],[121,41],[120.5,40.5]]]}},
{"type":"Feature","properties":{"name":"mpg"},"geometry":{"type":"MultiPolygon","coordinates":[[[[100,25],[101,25],[101,26],[100,25]]],[[[102,25],[103,25],[103,26],[102,25]]]]}},
{"type":"Feature","properties":{"name":"gc"},"geometry":{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[87.6,43.8]},{"type":"LineString","coordinates":[[87,43],[88,44]]}]}},
{"type":"Feature","properties":{"name":"none"},"geometry":null}
]}"#;

#[test]
fn every_geometry_kind_and_top_level_form_is_read() {
    let l = parse(ALL_KINDS.as_bytes()).unwrap();
    assert_eq!(l.name, "synthetic kinds");
    assert_eq!(l.features.len(), 8);
    // Features with points: p, mp, gc; with lines: l, ml, gc; with polygons: pg, mpg.
    assert_eq!(l.count(), (3, 3, 2));
    assert_eq!(l.features[1].points.len(), 2);
    assert_eq!(l.features[3].lines.len(), 2);
    assert_eq!(l.features[4].polygons[0].interiors().len(), 1);
    assert_eq!(l.features[5].polygons.len(), 2);
    assert_eq!(
        l.features[4].property("v"),
        Some(&PropertyValue::Number(4.5))
    );
    // Only properties that are numbers somewhere can colour the map.
    assert_eq!(l.numeric_properties, vec!["v".to_owned()]);
    assert_eq!(l.bounds, [87.0, 23.1, 122.0, 44.0]);
    assert_eq!(l.notes.len(), 1, "the feature without geometry is reported");

    let f = parse(br#"{"type":"Feature","properties":{"a":"b"},"geometry":{"type":"Point","coordinates":[1,2]}}"#).unwrap();
    assert_eq!((f.features.len(), f.count()), (1, (1, 0, 0)));
    let g = parse(br#"{"type":"LineString","coordinates":[[1,2],[3,4]]}"#).unwrap();
    assert_eq!(g.count(), (0, 1, 0));
    // A UTF-8 byte-order mark is tolerated.
    let bom = [b"\xEF\xBB\xBF".as_slice(), ALL_KINDS.as_bytes()].concat();
    assert_eq!(parse(&bom).unwrap().features.len(), 8);
}

/// Each bad input gives a message naming the problem and where it is.
#[test]
fn bad_input_classes_are_named_with_their_place() {
    let msg = |b: &[u8]| parse(b).unwrap_err();

    let e = msg(b"");
    assert!(e.message.contains("empty"), "{e}");
    let e = msg(b"  \n\t \n");
    assert!(e.message.contains("empty"), "{e}");

    // Binary junk (a PNG header).
    let e = msg(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    assert!(
        e.message.contains("binary") || e.message.contains("not GeoJSON"),
        "{e}"
    );

    // Truncated JSON: the line where it stops.
    let cut = &ALL_KINDS.as_bytes()[..ALL_KINDS.len() / 2];
    let e = msg(cut);
    assert!(e.message.contains("truncated"), "{e}");
    assert!(e.line.is_some_and(|l| l >= 4), "{e}");

    // A syntax error names its line and column.
    let e = msg(b"{\"type\":\"FeatureCollection\",\n\"features\":[}\n");
    assert_eq!(e.line, Some(2), "{e}");
    assert!(e.message.contains("column"), "{e}");

    // Swapped coordinates: feature 1, field geometry.coordinates, and the fix.
    let e = msg(br#"{"type":"FeatureCollection","features":[
        {"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[116.4,39.9]}},
        {"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[39.9,116.4]}}]}"#);
    assert_eq!(
        (e.feature, e.field.as_deref()),
        (Some(1), Some("geometry.coordinates"))
    );
    assert!(e.message.contains("swapped"), "{e}");

    // Out of range: projected metres instead of degrees.
    let e = msg(br#"{"type":"Point","coordinates":[12958000.0,4852000.0]}"#);
    assert_eq!(e.feature, Some(0));
    assert!(e.message.contains("projected metres"), "{e}");
    let e = msg(br#"{"type":"Point","coordinates":[190,95]}"#);
    assert!(e.message.contains("outside"), "{e}");

    // Mixed encodings: a GBK property value in an otherwise UTF-8 file.
    let mut mixed = br#"{"type":"Feature","properties":{"name":"#.to_vec();
    mixed.extend_from_slice(b"\"\xc6\xeb\xc6\xeb\xb9\xfe\xb6\xfb\"");
    mixed.extend_from_slice(br#"},"geometry":{"type":"Point","coordinates":[124,47]}}"#);
    let e = msg(&mixed);
    assert_eq!(e.line, Some(1));
    assert!(
        e.message.contains("not UTF-8") && e.message.contains("GBK"),
        "{e}"
    );

    // UTF-16 (as Windows Notepad may save).
    let e = msg(b"\xFF\xFE{\0}\0");
    assert!(e.message.contains("UTF-16"), "{e}");

    // JSON that is not GeoJSON.
    assert!(msg(b"[1,2,3]").message.contains("array"));
    assert!(msg(br#"{"a":1}"#).message.contains("no 'type'"));
    assert!(
        msg(br#"{"type":"Topology"}"#)
            .message
            .contains("not a GeoJSON type")
    );
    assert!(
        msg(br#"{"type":"FeatureCollection"}"#)
            .message
            .contains("'features'")
    );
    assert!(
        msg(br#"{"type":"FeatureCollection","features":[]}"#)
            .message
            .contains("no features")
    );
    // A ring that is not closed.
    let e = msg(br#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}"#);
    assert!(e.message.contains("not closed"), "{e}");
    // A position with one number.
    assert!(parse(br#"{"type":"Point","coordinates":[1]}"#).is_err());
    // Found by the property test below: a short position inside a collection.
    assert!(parse(br#"{"type":"GeometryCollection","geometries":[{"type":"MultiPoint","coordinates":[[1]]}]}"#).is_err());
}

#[test]
fn missing_and_oversized_files_are_refused_before_reading() {
    let e = read_layer_path(
        std::path::Path::new("/nonexistent/dir/layer.geojson"),
        &LoadProgress::default(),
    )
    .unwrap_err();
    assert!(e.message.contains("not found"), "{e}");
    assert!(e.file.contains("layer.geojson"));

    // A sparse multi-gigabyte file: refused by its size alone, without reading it.
    let dir = temp_dir("huge");
    let p = dir.join("huge.geojson");
    let f = std::fs::File::create(&p).unwrap();
    f.set_len(3 * 1024 * 1024 * 1024).unwrap();
    assert!(f.metadata().unwrap().len() > MAX_LAYER_BYTES);
    let e = read_layer_path(&p, &LoadProgress::default()).unwrap_err();
    assert!(e.message.contains("too large"), "{e}");
    std::fs::remove_dir_all(&dir).unwrap();

    // A directory is not a layer.
    let e = read_layer_path(&std::env::temp_dir(), &LoadProgress::default()).unwrap_err();
    assert!(e.message.contains("not a regular file"), "{e}");
}

#[test]
fn a_cancelled_load_stops_with_a_message() {
    let dir = temp_dir("cancel");
    let p = dir.join("kinds.geojson");
    std::fs::write(&p, ALL_KINDS).unwrap();
    let progress = LoadProgress::default();
    progress.cancel();
    let e = UserLayerView::load(p.to_str().unwrap(), Albers::china(), &progress)
        .err()
        .unwrap();
    assert!(e.message.contains("cancelled"), "{e}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn built_layer_has_true_areas_and_hit_tests_its_features() {
    // Synthetic: a 1°×1° cell on the equator at 100°E and a point far from it.
    let text = br#"{"type":"FeatureCollection","features":[
      {"type":"Feature","properties":{"k":"cell"},"geometry":{"type":"Polygon","coordinates":[[[100,0],[101,0],[101,1],[100,1],[100,0]]]}},
      {"type":"Feature","properties":{"k":"dot"},"geometry":{"type":"Point","coordinates":[120,40]}}]}"#;
    let progress = LoadProgress::default();
    let data = parse_layer("cells.geojson", text, &progress).unwrap();
    let proj = Albers::china();
    let view = UserLayerView::build("cells.geojson", data, proj, &progress).unwrap();
    assert_eq!(view.len(), 2);
    // The WGS 84 ellipsoidal area of a 1°×1° cell at the equator is 12,308.8 km²; the
    // equal-area projection must preserve it.
    let a = view.area_km2[0].unwrap();
    assert!((a - 12_308.8).abs() < 12.0, "area {a}");
    assert_eq!(view.area_km2[1], None);
    assert_eq!(progress.fraction(), 1.0);

    // The finest level is built per feature on demand: a hit-test builds the one it tests.
    assert_eq!(view.finest_built(), 0);
    let inside = proj.project(100.5, 0.5);
    assert_eq!(view.hit([inside.x, inside.y], 1.0), Some(0));
    assert_eq!(view.finest_built(), 1);
    let dot = proj.project(120.0, 40.0);
    assert_eq!(view.hit([dot.x + 500.0, dot.y], 1_000.0), Some(1));
    let outside = proj.project(105.0, 5.0);
    assert_eq!(view.hit([outside.x, outside.y], 1_000.0), None);
}

#[test]
fn a_layer_is_remembered_and_a_vanished_one_is_reported_after_restart() {
    let dir = temp_dir("restart");
    let layer = dir.join("kinds.geojson");
    std::fs::write(&layer, ALL_KINDS).unwrap();
    let settings = dir.join("settings.json");
    let ds = std::sync::Arc::new(oib_atlas::core::dataset::Dataset::load_embedded().unwrap());
    let ctx = egui::Context::default();

    // First session: open the layer; it is remembered once it has loaded.
    let mut app = oib_atlas::app::AtlasApp::with_settings_file(ds.clone(), Some(settings.clone()));
    app.apply(&ctx, Command::OpenLayer(layer.display().to_string()));
    app.wait_for_layers(&ctx);
    assert_eq!(app.state.data.user_layers.len(), 1);
    assert_eq!(app.settings().user_layers.len(), 1);
    let stored = oib_atlas::persist::Stored {
        settings: app.settings().clone(),
        map: Default::default(),
    };
    oib_atlas::persist::save(&settings, &stored).unwrap();

    // Second session: it comes back.
    let mut app = oib_atlas::app::AtlasApp::with_settings_file(ds.clone(), Some(settings.clone()));
    app.wait_for_layers(&ctx);
    assert_eq!(app.state.data.user_layers.len(), 1);
    assert_eq!(app.state.data.user_layers[0].len(), 8);

    // Third session, the file gone: a notice and the failure listed; the record is kept so
    // Retry works once the file is back.
    std::fs::remove_file(&layer).unwrap();
    let mut app = oib_atlas::app::AtlasApp::with_settings_file(ds.clone(), Some(settings.clone()));
    app.wait_for_layers(&ctx);
    assert!(app.state.data.user_layers.is_empty());
    assert_eq!(app.settings().user_layers.len(), 1);
    let why = app
        .state
        .layer_failures
        .get(&layer.display().to_string())
        .unwrap();
    assert!(why.contains("not found"), "{why}");
    let notice = app.state.notice.as_deref().unwrap_or("");
    assert!(notice.contains("not found"), "{notice}");

    // A bad file opened now leaves the previous state alone.
    let bad = dir.join("bad.geojson");
    std::fs::write(&bad, b"{\"type\":\"Point\",\"coordinates\":[1,").unwrap();
    app.apply(&ctx, Command::OpenLayer(bad.display().to_string()));
    app.wait_for_layers(&ctx);
    assert_eq!(
        app.settings().user_layers.len(),
        1,
        "a failed open is not remembered"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A valid file to mutate (synthetic).
fn mutate(base: &[u8], ops: &[(u8, usize, u8)]) -> Vec<u8> {
    let mut v = base.to_vec();
    for &(op, at, byte) in ops {
        if v.is_empty() {
            v.push(byte);
            continue;
        }
        let i = at % v.len();
        match op % 4 {
            0 => v[i] = byte,
            1 => v.insert(i, byte),
            2 => {
                v.remove(i);
            }
            _ => v.truncate(i),
        }
    }
    v
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = parse(&bytes);
    }

    #[test]
    fn mutated_files_never_panic_and_what_loads_is_in_range(
        ops in proptest::collection::vec((any::<u8>(), any::<usize>(), any::<u8>()), 1..8)
    ) {
        let bytes = mutate(ALL_KINDS.as_bytes(), &ops);
        if let Ok(layer) = parse(&bytes) {
            let [w, s, e, n] = layer.bounds;
            prop_assert!((-180.0..=180.0).contains(&w) && (-180.0..=180.0).contains(&e));
            prop_assert!((-90.0..=90.0).contains(&s) && (-90.0..=90.0).contains(&n));
            // Whatever loads also builds.
            let v = UserLayerView::build("m.geojson", layer, Albers::china(), &LoadProgress::default());
            prop_assert!(v.is_ok());
        }
    }
}

/// Loading from a file (parsing and building overlap on threads) gives the layer that
/// building the parsed data in order gives: same features, order, properties and areas.
#[test]
fn the_streamed_load_equals_the_in_order_build() {
    let dir = temp_dir("pipeline");
    let path = dir.join("kinds.geojson");
    std::fs::write(&path, ALL_KINDS).unwrap();
    let proj = Albers::china();
    let p = path.display().to_string();
    let loaded = UserLayerView::load(&p, proj, &LoadProgress::default()).unwrap();
    let data = parse_layer(
        "kinds.geojson",
        ALL_KINDS.as_bytes(),
        &LoadProgress::default(),
    )
    .unwrap();
    let built = UserLayerView::build(&p, data, proj, &LoadProgress::default()).unwrap();
    assert_eq!(loaded.len(), built.len());
    assert_eq!(loaded.counts, built.counts);
    assert_eq!(loaded.properties, built.properties);
    assert_eq!(loaded.area_km2, built.area_km2);
    assert_eq!(loaded.vertex_count(0), built.vertex_count(0));
    assert_eq!(loaded.vertex_count(4), built.vertex_count(4));
}
