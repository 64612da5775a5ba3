//! The Chinese interface speaks Chinese: no Latin word of three or more letters appears in
//! its chrome (every panel, each chart tab, the F1 list, the export dialog), except proper
//! nouns and units in an allowlist and parts of file names and paths the user may need.
//! (The reference data's own citations, some of them English, are not chrome and are not
//! checked here; nor is the city table, which shows them.)

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use oib_atlas::app::AtlasApp;
use oib_atlas::charts::ChartTab;
use oib_atlas::state::{BottomTab, Command, Target};

/// Proper nouns, product and format names, key names as printed on keyboards, and the
/// language switch's own label.
const ALLOWED: [&str; 21] = [
    "GDP",
    "MIT",
    "ColorBrewer",
    "GeoJSON",
    "CSV",
    "XLSX",
    "PNG",
    "English",
    "Albers",
    "Jenks",
    "Amap",
    "MIIT",
    "PageDown",
    "PageUp",
    "Space",
    "Home",
    "End",
    "Esc",
    "Ctrl",
    "Enter",
    "Shift",
];

/// egui's own widgets' accessibility labels, and the charts' AccessKit names ("bar 辽宁省",
/// "point 辽宁省") that the UI tests address; neither is drawn text.
const NOT_DRAWN: [&str; 4] = ["Resize panel", "Close window", "bar ", "point "];

/// Latin words of 3+ letters in `text` that are not allowed and not part of a file name
/// or path (a token with `.`, `/`, `_` or `-` in it, such as `old_industrial_cities.csv`).
fn foreign_words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || "._/-".contains(c)))
        .filter(|token| !token.contains(['.', '/', '_', '-']))
        .flat_map(|token| token.split(|c: char| !c.is_ascii_alphabetic()))
        .filter(|w| w.len() >= 3 && !ALLOWED.contains(w))
        .map(str::to_owned)
        .collect()
}

fn check(h: &Harness<'_, AtlasApp>, place: &str, found: &mut Vec<String>) {
    // Places are named in both languages on purpose (a proper noun, not a translation).
    let ds = &h.state().state.ds;
    let names: Vec<&str> = ds
        .provinces
        .iter()
        .map(|p| p.name_en.as_str())
        .chain(ds.prefectures.iter().map(|p| p.name_en.as_str()))
        .chain(ds.cities.iter().map(|c| c.name_en.as_str()))
        .collect();
    for n in h.query_all_by_label_contains("") {
        let node = n.accesskit_node();
        let text = node.label().or_else(|| node.value()).unwrap_or_default();
        if NOT_DRAWN.iter().any(|t| text.starts_with(t)) {
            continue;
        }
        for w in foreign_words(&text) {
            if names.iter().any(|n| n.split(' ').any(|part| part == w)) {
                continue;
            }
            found.push(format!("{place}: {w:?} in {text:?}"));
        }
    }
}

#[test]
fn the_chinese_interface_has_no_english_words() {
    assert_eq!(
        foreign_words("来源：old_industrial_cities.csv（MIT）"),
        Vec::<String>::new()
    );
    assert_eq!(
        foreign_words("导入 imported 数据"),
        vec!["imported".to_owned()]
    );
    let app = AtlasApp::with_embedded_data().expect("embedded data");
    let mut h = Harness::builder()
        .with_size(egui::vec2(1920.0, 1080.0))
        .with_context_setup(oib_atlas::fonts::install)
        .build_ui_state(|ui, app: &mut AtlasApp| app.ui(ui), app);
    h.run();
    let mut found = Vec::new();
    check(&h, "main window", &mut found);
    let ctx = h.ctx.clone();
    for tab in ChartTab::ALL {
        h.state_mut()
            .apply(&ctx, Command::ShowBottom(BottomTab::Chart(tab)));
        h.run();
        check(&h, tab.key(), &mut found);
    }
    h.state_mut().apply(&ctx, Command::ToggleShortcuts);
    h.state_mut().apply(&ctx, Command::OpenExport(Target::Map));
    h.run();
    check(&h, "F1 and export dialog", &mut found);
    assert!(found.is_empty(), "{}", found.join("\n"));
}
