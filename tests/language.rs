//! The Chinese interface speaks Chinese: no Latin word of three or more letters appears in
//! its chrome (every panel, each chart tab, the F1 list, the export dialog), except proper
//! nouns and units in an allowlist and parts of file names and paths the user may need.
//! Sources are checked too: the details of cities, provinces and heritage sites show
//! citations (site, document, date, link) and quotes; the researchers' raw notes, some in
//! English, stay behind the collapsed "详细来源" expander. (The city table, which lists those
//! notes, is not checked.)

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use oib_atlas::app::AtlasApp;
use oib_atlas::charts::ChartTab;
use oib_atlas::core::place::PlaceId;
use oib_atlas::state::{BottomTab, Command, Target};

/// Proper nouns, product and format names, key names as printed on keyboards, and the
/// language switch's own label.
const ALLOWED: [&str; 36] = [
    "SVG",
    "PDF",
    "GeoNames",
    "GitHub",
    "cpca",
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
    "Alt",
    "JPEG",
    // The names of spatial statistics, used as they are in Chinese literature.
    "Moran",
    "LISA",
    "Getis",
    "Ord",
    "FDR",
    "Clark",
    "Evans",
    "Scott",
];

/// egui's own widgets' accessibility labels (not drawn text, and not ours to translate).
const NOT_DRAWN: [&str; 4] = ["Resize panel", "Close window", "Resize window", "Hide"];

/// Latin words of 3+ letters in `text` that are not allowed and not part of a file name
/// or path (a token with `.`, `/`, `_` or `-` in it, such as `old_industrial_cities.csv`).
fn foreign_words(text: &str) -> Vec<String> {
    // A link is an address to copy, like a file name.
    let text: String = text
        .split(' ')
        .filter(|t| !t.starts_with("http://") && !t.starts_with("https://"))
        .collect::<Vec<_>>()
        .join(" ");
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
        // Slides fly the camera: a move takes a few dozen frames.
        .with_max_steps(400)
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
    h.state_mut().apply(&ctx, Command::ToggleShortcuts);
    // A city's and a heritage site's details: citations, evidence, sources.
    for place in [
        PlaceId::City(230200),
        PlaceId::City(210700),
        PlaceId::Province(230000),
        PlaceId::Heritage {
            batch: 1,
            number: 1,
        },
    ] {
        h.state_mut()
            .apply(&ctx, Command::Select(Some(place.clone())));
        h.run();
        check(&h, &format!("details of {place:?}"), &mut found);
    }
    // The import dialog: a table with every kind of problem (synthetic), then a missing file.
    let dir = std::env::temp_dir().join(format!("atlas-language-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let table = dir.join("problems.csv");
    let text = "省份,测试指标（万吨）\n黑龙江省,10\n火星省,40\n河北省,约50\n齐齐哈尔市,5\n";
    std::fs::write(&table, encoding_rs::GBK.encode(text).0).unwrap();
    h.state_mut()
        .apply(&ctx, Command::PreviewImport(table.display().to_string()));
    h.run();
    check(&h, "import preview", &mut found);
    let missing = dir.join("missing.csv");
    h.state_mut()
        .apply(&ctx, Command::PreviewImport(missing.display().to_string()));
    h.run();
    check(&h, "import error", &mut found);
    std::fs::remove_dir_all(&dir).ok();
    // The lesson editor on the built-in lesson, and the presenter view.
    h.state_mut()
        .apply(&ctx, Command::Lesson(oib_atlas::state::LessonCommand::Edit));
    h.run();
    check(&h, "lesson editor", &mut found);
    h.state_mut().apply(
        &ctx,
        Command::Lesson(oib_atlas::state::LessonCommand::Close),
    );
    // Every slide of the built-in lesson.
    h.state_mut().apply(&ctx, Command::Select(None));
    h.key_press(egui::Key::Escape);
    h.run();
    h.key_press(egui::Key::F5);
    h.run();
    let n = h.state().state.story.as_ref().expect("story").slides.len();
    h.state_mut().apply(&ctx, Command::ShowPresenterView(true));
    h.run();
    for i in 0..n {
        check(
            &h,
            &format!("slide {} with the presenter view", i + 1),
            &mut found,
        );
        h.key_press(egui::Key::ArrowRight);
        h.run();
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}
