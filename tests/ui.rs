//! UI tests: drive the real app through AccessKit labels, as a user or screen reader would.

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use oib_atlas::app::AtlasApp;
use oib_atlas::core::classify::{Method, classify};
use oib_atlas::core::indicators::{ProvinceIndicator, format_value};
use oib_atlas::core::place::PlaceId;
use oib_atlas::core::settings::Lang;
use oib_atlas::state::Command;

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
    assert_eq!(
        h.state().state.selection().primary(),
        Some(&PlaceId::City(230200))
    );
    // The details panel now names it (the pointer moves off the map, so no tooltip does).
    h.hover_at(egui::pos2(5.0, 5.0));
    h.run();
    assert!(h.query_by_label_contains("Qiqihar").is_some());
}

#[test]
fn clicking_a_province_label_selects_the_province() {
    let mut h = harness();
    h.get_by_label("黑龙江省").click();
    h.run();
    assert_eq!(
        h.state().state.selection().primary(),
        Some(&PlaceId::Province(230000))
    );
}

#[test]
fn zoom_keys_change_the_view() {
    let mut h = harness();
    let before = h.state().map.camera().unwrap().scale;
    h.key_press(egui::Key::Plus);
    h.run();
    let zoomed = h.state().map.camera().unwrap().scale;
    assert!(zoomed > before * 1.4, "{before} -> {zoomed}");
    h.key_press(egui::Key::Minus);
    h.key_press(egui::Key::Minus);
    h.run();
    assert!(h.state().map.camera().unwrap().scale < before);
    h.key_press(egui::Key::Home);
    h.run();
    assert!((h.state().map.camera().unwrap().scale - before).abs() < before * 1e-6);
}

#[test]
fn hiding_the_city_layer_hides_the_cities() {
    let mut h = harness();
    assert!(h.query_by_label("齐齐哈尔市").is_some());
    h.get_by_label("老工业城市").click();
    h.run();
    assert!(!h.state().state.settings.layers.cities);
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
        let mut c = h.state().state.settings.choropleth.clone();
        c.classes = classes;
        c.method = method;
        c.indicator = ProvinceIndicator::Gdp2023;
        let ctx = h.ctx.clone();
        h.state_mut().apply(&ctx, Command::SetChoropleth(c));
        h.run();
        let ds = h.state().state.ds.clone();
        let values: Vec<f64> = ds
            .provinces
            .iter()
            .filter_map(|p| ProvinceIndicator::Gdp2023.province_value(&ds, p.adcode))
            .collect();
        let breaks = classify(method, &values, classes).unwrap();
        let rows: Vec<String> = h
            .query_all_by_label_contains("图例 ")
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
    assert_eq!(h.state().state.settings.lang, Lang::En);
    assert!(h.query_by_label("Layers").is_some());
    assert!(h.query_by_label("图层").is_none());
}

#[test]
fn selecting_a_city_shows_its_source() {
    let mut h = harness();
    h.get_by_label("齐齐哈尔市").click();
    h.run();
    let ds = h.state().state.ds.clone();
    let url = ds
        .city_by_name("齐齐哈尔市")
        .unwrap()
        .source
        .url
        .clone()
        .unwrap();
    assert!(
        h.query_by_label_contains(&url).is_some(),
        "source link {url} shown"
    );
    let note = ds.city_by_name("齐齐哈尔市").unwrap().evidence_note.clone();
    // The source's exact words, without the researchers' bracketed context (behind Details).
    let (quote, context) = oib_atlas::core::citation::quote_and_context(&note);
    assert!(context.is_some());
    assert!(
        h.query_by_label(&format!("“{quote}”")).is_some(),
        "evidence quote shown"
    );
    // The citation names the site and the date the link gives.
    assert!(h.query_by_label("hlj.cri.cn · 2017-04-17").is_some());
    assert!(h.query_by_label_contains(context.unwrap()).is_none());
    // The first expander is the evidence's (the figures' sources follow).
    h.get_all_by_label("详细来源").next().unwrap().click();
    h.run();
    assert!(
        h.query_by_label_contains(context.unwrap()).is_some(),
        "the context shows behind Details"
    );
}

#[test]
fn search_finds_qiqihar_by_pinyin_and_by_partial_chinese() {
    for query in ["qiqihar", "齐齐"] {
        let mut h = harness();
        h.state_mut().panels.search.text = query.to_owned();
        h.run();
        let hit = h.get_by_label_contains("齐齐哈尔市 · Qiqihar");
        hit.click();
        h.run();
        assert_eq!(
            h.state().state.selection().primary(),
            Some(&PlaceId::City(230200)),
            "query {query}"
        );
        assert!(
            h.state().panels.search.text.is_empty(),
            "search clears after choosing"
        );
    }
}

/// The "Rows n / m" label of the city table.
fn table_rows(h: &Harness<'static, AtlasApp>) -> usize {
    let label = h
        .get_by_label_contains("行数")
        .accesskit_node()
        .label()
        .unwrap_or_default();
    let label = if label.is_empty() {
        h.get_by_label_contains("行数")
            .accesskit_node()
            .value()
            .unwrap_or_default()
    } else {
        label
    };
    let n = label.split_whitespace().nth(1).expect("\"Rows n / m\"");
    n.parse().expect("a row count")
}

#[test]
fn a_filter_changes_the_table_row_count() {
    let mut h = harness();
    h.get_by_label("城市表").click();
    h.run();
    let all = table_rows(&h);
    assert_eq!(all, h.state().state.ds.cities.len());
    // Only the Northeast.
    h.get_by_role_and_label(egui::Role::CheckBox, "东北（辽吉黑）")
        .click();
    h.run();
    let ne = table_rows(&h);
    let ds = h.state().state.ds.clone();
    let expected = ds
        .cities
        .iter()
        .filter(|c| {
            ds.province(c.province_adcode).unwrap().region
                == oib_atlas::core::model::RegionGroup::Northeast
        })
        .count();
    assert_eq!(ne, expected);
    assert!(ne < all);
}

#[test]
fn clicking_a_ranking_bar_selects_that_province_on_the_map() {
    let mut h = harness();
    h.get_by_label("省级排名").click();
    h.run();
    // The ranking scrolls; bring the bar into view as a user would.
    h.get_by_label("柱形 黑龙江省").scroll_to_me();
    h.run();
    // Point at it first, as a user does (hover emphasis settles), then click.
    h.get_by_label("柱形 黑龙江省").hover();
    h.run();
    h.get_by_label("柱形 黑龙江省").click();
    h.run();
    assert_eq!(
        h.state().state.selection().primary(),
        Some(&PlaceId::Province(230000))
    );
}

#[test]
fn ctrl_e_opens_the_export_dialog_for_the_focused_view() {
    let mut h = harness();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::E);
    h.run();
    assert!(h.state().panels.export.open);
    assert_eq!(
        h.state().panels.export.target,
        oib_atlas::export::Target::Map
    );
    assert!(h.query_by_label("导出 PNG").is_some());
}
