//! A project file opens the same on another PC: groups, an imported table and a city list
//! travel inside it; what it neither holds nor finds is named; a file that is not a project
//! changes nothing.

use oib_atlas::app::AtlasApp;
use oib_atlas::state::Command;

#[test]
fn a_project_saved_here_opens_the_same_elsewhere() {
    let dir = std::env::temp_dir().join(format!("oib-project-ui-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    // Copies of the synthetic fixtures, so "another PC" can lose them.
    let table = dir.join("synthetic_province_values.csv");
    std::fs::copy(format!("{fixtures}/synthetic_province_values.csv"), &table).unwrap();
    let list = dir.join("synthetic_city_list.csv");
    std::fs::copy(format!("{fixtures}/synthetic_city_list.csv"), &list).unwrap();
    let ds = std::sync::Arc::new(oib_atlas::core::dataset::Dataset::load_embedded().unwrap());
    let ctx = egui::Context::default();
    let mut app = AtlasApp::with_settings_file(ds.clone(), Some(dir.join("a.json")));
    // An imported table, a city list, a group.
    let record = oib_atlas::core::settings::ImportRecord {
        path: table.display().to_string(),
        encoding: None,
        date: "2026-12-02".into(),
    };
    let imported = oib_atlas::core::import::import_file(&ds, &record).unwrap();
    app.apply(&ctx, Command::ApplyImport(imported, record));
    let list_record = oib_atlas::core::city_list::CityListRecord {
        path: list.display().to_string(),
        mode: oib_atlas::core::city_list::ListMode::Replace,
        date: "2026-12-02".into(),
    };
    let cities = oib_atlas::core::city_list::load(&ds, &list_record)
        .unwrap()
        .cities;
    app.apply(&ctx, Command::ApplyCityList(list_record, cities));
    let group = oib_atlas::core::groups::from_places(
        "合成测试组",
        [1, 2, 3],
        &[210000, 220000].map(oib_atlas::core::place::PlaceId::Province),
        &[],
        "2026-12-02",
    )
    .unwrap();
    app.apply(&ctx, Command::AddGroup(group));
    let project = dir.join("lesson.zip");
    app.apply(&ctx, Command::SaveProject(project.display().to_string()));
    assert!(project.exists(), "{:?}", app.state.notice);
    let cities_here = app.state.ds.cities.len();
    assert_eq!(cities_here, 3, "the list replaces the built-in one");

    // Another PC: the originals are gone.
    std::fs::remove_file(&table).unwrap();
    std::fs::remove_file(&list).unwrap();
    let other = dir.join("other");
    std::fs::create_dir_all(&other).unwrap();
    let mut app2 = AtlasApp::with_settings_file(ds.clone(), Some(other.join("settings.json")));
    // A file that is not a project changes nothing.
    let bad = dir.join("bad.zip");
    std::fs::write(&bad, b"not a zip at all").unwrap();
    app2.apply(&ctx, Command::OpenProject(bad.display().to_string()));
    assert!(app2.state.settings.groups.is_empty());
    assert_eq!(app2.state.ds.cities.len(), ds.cities.len());
    assert!(
        app2.state
            .notice
            .as_deref()
            .is_some_and(|n| n.contains("not a project file"))
    );
    app2.apply(&ctx, Command::OpenProject(project.display().to_string()));
    let st = &app2.state;
    assert_eq!(st.settings.groups.len(), 1);
    assert_eq!(st.settings.groups[0].name, "合成测试组");
    assert_eq!(st.ds.cities.len(), cities_here, "the city list came along");
    assert_eq!(st.data.imported.len(), 1, "the imported table came along");
    assert!(
        st.settings.imports[0]
            .path
            .starts_with(&other.display().to_string()),
        "{}",
        st.settings.imports[0].path
    );
    assert_eq!(st.settings.recent_projects, [project.display().to_string()]);
    std::fs::remove_dir_all(&dir).ok();
}

/// The start screen: a returning user with projects sees them first; a project that has
/// moved is said to be missing; "do not show at start" is remembered.
#[test]
fn recent_projects_open_from_the_start_screen() {
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;
    let dir = std::env::temp_dir().join(format!("oib-start-screen-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let ds = std::sync::Arc::new(oib_atlas::core::dataset::Dataset::load_embedded().unwrap());
    let settings = dir.join("settings.json");
    // A project saved by a first session, and one that has since gone.
    let ctx = egui::Context::default();
    let project = dir.join("p.zip");
    let mut first = AtlasApp::with_settings_file(ds.clone(), Some(settings.clone()));
    first.apply(&ctx, Command::SaveProject(project.display().to_string()));
    first
        .state
        .settings
        .recent_projects
        .push(dir.join("gone.zip").display().to_string());
    oib_atlas::persist::save(
        &settings,
        &oib_atlas::persist::Stored {
            settings: first.state.settings.clone(),
            map: Default::default(),
        },
    )
    .unwrap();
    let start = |ds: &std::sync::Arc<_>| {
        let app = AtlasApp::with_settings_file(std::sync::Arc::clone(ds), Some(settings.clone()));
        let mut h = Harness::builder()
            .with_size(egui::vec2(1366.0, 768.0))
            .with_context_setup(oib_atlas::fonts::install)
            .build_ui_state(|ui, app: &mut AtlasApp| app.ui(ui), app);
        h.run();
        h
    };
    let mut h = start(&ds);
    assert!(h.query_by_label("最近的项目").is_some());
    assert!(h.query_by_label(&project.display().to_string()).is_some());
    assert!(h.query_by_label_contains("gone.zip（找不到）").is_some());
    // Opening a recent project from it closes it.
    h.get_by_label(&project.display().to_string()).click();
    h.run();
    assert!(h.query_by_label("最近的项目").is_none());
    // Turned off, it stays off at the next start.
    drop(h);
    let mut h = start(&ds);
    h.get_by_label("启动时不再显示").click();
    h.run();
    assert!(h.state().state.settings.hide_start_screen);
    h.get_by_label("浏览地图").click();
    h.run();
    let stored = oib_atlas::persist::Stored {
        settings: h.state().state.settings.clone(),
        map: Default::default(),
    };
    oib_atlas::persist::save(&settings, &stored).unwrap();
    drop(h);
    let h = start(&ds);
    assert!(h.query_by_label("最近的项目").is_none());
    std::fs::remove_dir_all(&dir).ok();
}
