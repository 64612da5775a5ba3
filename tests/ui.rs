//! UI tests: drive the real app through AccessKit labels, as a user or screen reader would.

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use oib_atlas::app::AtlasApp;
use oib_atlas::core::classify::{Method, classify};
use oib_atlas::core::indicators::{ProvinceIndicator, format_value};
use oib_atlas::state::{Lang, Selection};

fn harness() -> Harness<'static, AtlasApp> {
    let app = AtlasApp::with_embedded_data().expect("embedded data");
    let mut h = Harness::builder()
        .with_size(egui::vec2(1600.0, 1000.0))
        .with_context_setup(oib_atlas::fonts::install)
        .build_ui_state(|ui, app: &mut AtlasApp| app.ui(ui), app);
    h.run();
    h
}

#[test]
fn clicking_a_city_found_by_its_label_selects_it() {
    let mut h = harness();
    h.get_by_label("齐齐哈尔市").click();
    h.run();
    assert_eq!(h.state().selection, Selection::City(230200));
    // The details panel now names it.
    assert!(h.query_by_label_contains("Qiqihar").is_some());
}

#[test]
fn clicking_a_province_label_selects_the_province() {
    let mut h = harness();
    h.get_by_label("黑龙江省").click();
    h.run();
    assert_eq!(h.state().selection, Selection::Province(230000));
}

#[test]
fn zoom_keys_change_the_view() {
    let mut h = harness();
    let before = h.state().map.camera.unwrap().scale;
    h.key_press(egui::Key::Plus);
    h.run();
    let zoomed = h.state().map.camera.unwrap().scale;
    assert!(zoomed > before * 1.4, "{before} -> {zoomed}");
    h.key_press(egui::Key::Minus);
    h.key_press(egui::Key::Minus);
    h.run();
    assert!(h.state().map.camera.unwrap().scale < before);
    h.key_press(egui::Key::Home);
    h.run();
    assert!((h.state().map.camera.unwrap().scale - before).abs() < before * 1e-6);
}

#[test]
fn hiding_the_city_layer_hides_the_cities() {
    let mut h = harness();
    assert!(h.query_by_label("齐齐哈尔市").is_some());
    h.get_by_label("老工业城市").click();
    h.run();
    assert!(!h.state().settings.layers.cities);
    assert!(h.query_by_label("齐齐哈尔市").is_none());
}

#[test]
fn legend_shows_the_chosen_number_of_classes_with_correct_breaks() {
    let mut h = harness();
    for (classes, method) in [
        (4, Method::EqualInterval),
        (6, Method::Quantile),
        (3, Method::NaturalBreaks),
    ] {
        {
            let c = &mut h.state_mut().settings.choropleth;
            c.classes = classes;
            c.method = method;
            c.indicator = ProvinceIndicator::Gdp2023;
        }
        h.run();
        let ds = h.state().ds.clone();
        let values: Vec<f64> = ds
            .provinces
            .iter()
            .filter_map(|p| ProvinceIndicator::Gdp2023.province_value(&ds, p.adcode))
            .collect();
        let breaks = classify(method, &values, classes).unwrap();
        let rows: Vec<String> = h
            .query_all_by_label_contains("图例")
            .map(|n| {
                let a = n.accesskit_node();
                a.label().or_else(|| a.value()).unwrap_or_default()
            })
            .collect();
        assert_eq!(rows.len(), classes, "{rows:?}");
        for k in 0..classes {
            let expected = format!(
                "{} – {}",
                format_value(breaks[k]),
                format_value(breaks[k + 1])
            );
            assert!(
                rows[k].contains(&expected),
                "row {k}: {} lacks {expected}",
                rows[k]
            );
        }
    }
}

#[test]
fn switching_language_changes_the_labels() {
    let mut h = harness();
    assert!(h.query_by_label("图层").is_some());
    h.get_by_label("English").click();
    h.run();
    assert_eq!(h.state().settings.lang, Lang::En);
    assert!(h.query_by_label("Layers").is_some());
    assert!(h.query_by_label("图层").is_none());
}
