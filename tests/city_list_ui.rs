//! A planner's own city list, through the dialog: preview, apply (extend or replace), the
//! details and coverage following it, a bad file changing nothing, and the list read again
//! after a restart.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use oib_atlas::app::AtlasApp;
use oib_atlas::core::city_list::ListMode;
use oib_atlas::core::place::PlaceId;
use oib_atlas::state::Command;

const LIST: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/synthetic_city_list.csv"
);

fn harness(app: AtlasApp) -> Harness<'static, AtlasApp> {
    let mut h = Harness::builder()
        .with_size(egui::vec2(1600.0, 1000.0))
        .with_context_setup(oib_atlas::fonts::install)
        .build_ui_state(|ui, app: &mut AtlasApp| app.ui(ui), app);
    h.run();
    h
}

#[test]
fn a_city_list_is_previewed_applied_shown_and_remembered() {
    let dir = std::env::temp_dir().join(format!("oib-city-list-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let settings = dir.join("settings.json");
    let ds = std::sync::Arc::new(oib_atlas::core::dataset::Dataset::load_embedded().unwrap());
    let builtin = ds.cities.len();
    let mut h = harness(AtlasApp::with_settings_file(
        ds.clone(),
        Some(settings.clone()),
    ));
    h.get_by_label("读入城市名单…").click();
    h.run();
    h.get_by_label("城市名单文件").click();
    h.run();
    h.get_by_label("城市名单文件").type_text(LIST);
    h.run();
    h.get_by_label("预览").click();
    h.run();
    // The preview: 3 rows name a city, 黑河 is new, 火星市 is reported with its line.
    assert!(h.query_by_label_contains("3 行匹配到城市").is_some());
    assert!(h.query_by_label_contains("新增 1").is_some());
    assert!(h.query_by_label_contains("第 5 行：“火星市”").is_some());
    // Nothing has changed yet.
    assert_eq!(h.state().state.ds.cities.len(), builtin);
    h.get_by_label("应用名单").click();
    h.run();
    let st = &h.state().state;
    assert_eq!(st.ds.cities.len(), builtin + 1, "extend adds 黑河");
    assert_eq!(
        st.settings.city_list.as_ref().map(|r| r.mode),
        Some(ListMode::Extend)
    );
    assert!(h.query_by_label_contains("城市名单：").is_some());
    // 齐齐哈尔's details say where its tier now comes from.
    let ctx = h.ctx.clone();
    h.state_mut()
        .apply(&ctx, Command::Select(Some(PlaceId::City(230200))));
    h.run();
    assert!(
        h.query_by_label_contains("来自用户城市名单 synthetic_city_list.csv")
            .is_some()
    );
    // A file that is not a list leaves everything as it was.
    let bad = dir.join("bad.csv");
    std::fs::write(&bad, "x\n\u{0}\u{1}\n").unwrap();
    h.state_mut()
        .apply(&ctx, Command::PreviewCityList(bad.display().to_string()));
    h.run();
    assert_eq!(h.state().state.ds.cities.len(), builtin + 1);
    // Saved with the settings, the list is read again at start.
    let stored = oib_atlas::persist::Stored {
        settings: h.state().settings().clone(),
        map: Default::default(),
    };
    oib_atlas::persist::save(&settings, &stored).unwrap();
    let again = AtlasApp::with_settings_file(ds.clone(), Some(settings.clone()));
    assert_eq!(again.state.ds.cities.len(), builtin + 1);
    // Removing it goes back to the built-in list.
    let mut h = harness(again);
    h.get_by_label("移除名单").click();
    h.run();
    assert_eq!(h.state().state.ds.cities.len(), builtin);
    assert!(h.state().state.settings.city_list.is_none());
    std::fs::remove_dir_all(&dir).ok();
}
