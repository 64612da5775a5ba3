//! A GeoJSON layer through the window: it loads in the background, is listed in the layer
//! panel, shows its properties on hover, hides with its checkbox, and colours the map (with
//! the legend) by a numeric property. The fixture is synthetic: made-up squares and values.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use oib_atlas::app::AtlasApp;
use oib_atlas::core::place::PlaceId;
use oib_atlas::core::settings::LayerColor;
use oib_atlas::state::Command;

const SYNTHETIC: &str = r#"{"type":"FeatureCollection","name":"合成测试图层","features":[
{"type":"Feature","properties":{"名称":"测试区甲","value":10},"geometry":{"type":"Polygon","coordinates":[[[124,45],[127,45],[127,47],[124,47],[124,45]]]}},
{"type":"Feature","properties":{"名称":"测试区乙","value":20},"geometry":{"type":"Polygon","coordinates":[[[100,30],[103,30],[103,32],[100,32],[100,30]]]}},
{"type":"Feature","properties":{"名称":"测试区丙","value":30},"geometry":{"type":"Polygon","coordinates":[[[110,24],[113,24],[113,26],[110,26],[110,24]]]}}
]}"#;

fn screen_of(h: &Harness<'_, AtlasApp>, lon: f64, lat: f64) -> egui::Pos2 {
    let map = &h.state().map;
    let p = map.geometry().proj.project(lon, lat);
    map.camera()
        .expect("the map has a camera")
        .screen_from_projected(map.last_rect(), [p.x, p.y])
}

#[test]
fn a_geojson_layer_loads_hovers_hides_and_colours_the_map() {
    let dir = std::env::temp_dir().join(format!("atlas-layer-ui-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("synthetic.geojson");
    std::fs::write(&path, SYNTHETIC).unwrap();

    let mut app = AtlasApp::with_embedded_data().unwrap();
    // Hide the built-in markers so the pointer meets the layer.
    let mut layers = app.settings().layers.clone();
    layers.cities = false;
    app.apply(&egui::Context::default(), Command::SetLayers(layers));
    let mut h = Harness::builder()
        .with_size(egui::vec2(1600.0, 1000.0))
        .with_context_setup(oib_atlas::fonts::install)
        .build_ui_state(|ui, app: &mut AtlasApp| app.ui(ui), app);
    h.run();
    let ctx = h.ctx.clone();
    let shown = path.display().to_string();
    h.state_mut().apply(&ctx, Command::OpenLayer(shown.clone()));
    h.state_mut().wait_for_layers(&ctx);
    h.run();
    assert_eq!(h.state().state.data.user_layers.len(), 1);
    assert_eq!(h.state().settings().user_layers.len(), 1, "remembered");
    let first = PlaceId::UserFeature {
        layer: shown.as_str().into(),
        feature: 0,
    };
    // Listed with its name and counts.
    assert!(h.query_by_label("合成测试图层").is_some());
    assert!(
        h.query_by_label_contains("3 个要素 · 点 0 · 线 0 · 面 3")
            .is_some()
    );

    // Hover inside the first square: its properties are shown.
    let at = screen_of(&h, 125.5, 46.0);
    h.hover_at(at);
    h.run();
    assert_eq!(h.state().state.interaction.hovered, Some(first.clone()));
    let tip = h.get_by_label_contains("名称: 测试区甲");
    let text = format!("{tip:?}");
    assert!(text.contains("value: 10"), "{text}");
    assert!(text.contains("合成测试图层"), "{text}");

    // Click it: the details panel lists its properties and its source.
    h.drag_at(at);
    h.run();
    h.drop_at(at);
    h.run();
    assert_eq!(h.state().state.selection().primary(), Some(&first));
    assert!(
        h.query_by_label("测试区甲").is_some(),
        "property value in the details grid"
    );
    assert!(h.query_by_label_contains("来源：用户图层").is_some());

    // Colour by the numeric property: the legend classifies the three values.
    let mut records = h.state().settings().user_layers.clone();
    records[0].color = LayerColor::Property("value".into());
    h.state_mut().apply(&ctx, Command::SetUserLayers(records));
    h.run();
    let rows: Vec<String> = h
        .query_all_by_label_contains("图例 ")
        .map(|n| format!("{n:?}"))
        .collect();
    assert!(!rows.is_empty());
    assert!(rows.first().unwrap().contains("10"), "{rows:?}");
    assert!(rows.last().unwrap().contains("30"), "{rows:?}");

    // Unticking the layer hides it: the pointer now finds the province underneath.
    // The layer list may be below the fold of the side panel: scroll to it first.
    h.get_by_label("合成测试图层").scroll_to_me();
    h.run();
    h.get_by_label("合成测试图层").click();
    h.run();
    assert!(!h.state().settings().user_layers[0].visible);
    h.hover_at(at + egui::vec2(1.0, 0.0));
    h.run();
    assert!(
        matches!(
            h.state().state.interaction.hovered,
            Some(PlaceId::Province(_))
        ),
        "{:?}",
        h.state().state.interaction.hovered
    );
    // No tooltip for the hidden feature (the details panel still shows the selection).
    assert!(h.query_by_label_contains("名称: 测试区甲").is_none());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// File → Open GeoJSON layer works with the left panel hidden, also where no desktop portal
/// runs: the in-app chooser opens, and the file picked in it loads.
#[test]
fn a_layer_opens_from_the_in_app_chooser_with_the_left_panel_hidden() {
    oib_atlas::panels::file_chooser::use_in_app_chooser();
    let dir = std::env::temp_dir().join(format!("atlas-layer-chooser-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("synthetic.geojson"), SYNTHETIC).unwrap();
    let app = AtlasApp::with_embedded_data().unwrap();
    let mut h = Harness::builder()
        .with_size(egui::vec2(1366.0, 768.0))
        .with_context_setup(oib_atlas::fonts::install)
        .build_ui_state(|ui, app: &mut AtlasApp| app.ui(ui), app);
    h.run();
    let ctx = h.ctx.clone();
    h.state_mut().apply(&ctx, Command::ToggleLeftPanel);
    h.state_mut().panels.layers.path.path = dir.display().to_string();
    h.state_mut().apply(&ctx, Command::BrowseLayer);
    h.run();
    h.get_by_label("synthetic.geojson").click();
    h.run();
    h.get_by_label("打开").click();
    h.run();
    h.state_mut().wait_for_layers(&ctx);
    h.run();
    assert_eq!(h.state().state.data.user_layers.len(), 1);
    std::fs::remove_dir_all(&dir).ok();
}
