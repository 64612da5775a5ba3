//! Importing a planner's table through the window: preview first, apply on confirmation,
//! then the choropleth, legend, ranking chart and city table use it with its "imported from"
//! source.

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use oib_atlas::app::AtlasApp;
use oib_atlas::state::Command;

#[test]
fn preview_then_apply_colours_the_map_by_the_imported_indicator() {
    let dir = std::env::temp_dir().join(format!("atlas-import-ui-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("planner.csv");
    // Synthetic fixture (not real statistics), GBK-encoded as Excel in China often saves it.
    let text = "省份,测试指标（万吨）\n黑龙江省,10\n吉林,20\n遼寧省,30\n火星省,40\n河北省,约50\n";
    let (bytes, _, _) = encoding_rs::GBK.encode(text);
    std::fs::write(&path, &bytes).unwrap();

    let app = AtlasApp::with_embedded_data().unwrap();
    let mut h = Harness::builder()
        .with_size(egui::vec2(1600.0, 1000.0))
        .with_context_setup(oib_atlas::fonts::install)
        .build_ui_state(|ui, app: &mut AtlasApp| app.ui(ui), app);
    h.run();
    let ctx = h.ctx.clone();
    h.state_mut()
        .apply(&ctx, Command::PreviewImport(path.display().to_string()));
    h.run();
    // Preview: 3 matched, 1 unknown place, 1 value that is not a number; nothing applied yet.
    assert!(
        h.query_by_label_contains("匹配 3 · 未匹配 1 · 数值问题 1")
            .is_some()
    );
    assert!(h.query_by_label_contains("GBK/GB18030").is_some());
    assert!(h.state().state.data.imported.is_empty());
    assert!(h.state().state.settings.choropleth.imported.is_none());

    h.get_by_label("确认导入").click();
    h.run();
    let st = &h.state().state;
    assert_eq!(st.data.imported.len(), 1);
    assert_eq!(st.data.imported[0].values.get(&210000), Some(&30.0));
    assert_eq!(
        st.settings.choropleth.imported.as_deref(),
        Some(st.data.imported[0].name.as_str())
    );
    assert_eq!(
        st.settings.imports.len(),
        1,
        "remembered for the next start"
    );
    assert!(
        st.data.imported[0]
            .source
            .contains("imported from planner.csv")
    );
    // The legend now classifies the three imported values.
    let rows = h.query_all_by_label_contains("图例 ").count();
    assert_eq!(rows, 3);
    // The tooltip and the details name the imported value, not the built-in indicator:
    // every place that shows the active indicator asks `AtlasState::active_indicator`.
    // (City markers off, so the pointer meets the province, not a city in it.)
    let mut layers = h.state().settings().layers.clone();
    layers.cities = false;
    h.state_mut().apply(&ctx, Command::SetLayers(layers));
    h.run();
    h.get_by_label("辽宁省").hover();
    h.run();
    let tooltip = h.get_by_label_contains("辽宁省  Liaoning\n");
    let node = tooltip.accesskit_node();
    let text = node.label().or_else(|| node.value()).unwrap_or_default();
    assert!(text.contains("测试指标: 30.0 万吨"), "tooltip: {text}");
    assert!(!text.contains("地区生产总值"), "tooltip: {text}");
    h.get_by_label("辽宁省").click();
    h.run();
    assert!(h.query_by_label("测试指标: 30.0 万吨").is_some(), "details");
    // The ranking chart ranks it, with its source under the chart.
    h.get_by_label("省级排名").click();
    h.run();
    assert_eq!(h.query_all_by_label_contains("柱形 ").count(), 3);
    assert!(h.query_by_label("柱形 辽宁省").is_some());
    assert!(
        h.query_by_label_contains("来源：导入自 planner.csv（")
            .is_some()
    );
    // The city table has its column.
    h.get_by_label("城市表").click();
    h.run();
    assert!(h.query_by_label("测试指标 (万吨) · 所在省").is_some());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Where no desktop portal runs, *Browse…* opens the atlas's own chooser, in the user's
/// language; picking a file there previews it.
#[test]
fn the_in_app_chooser_picks_a_table_where_no_portal_runs() {
    oib_atlas::panels::file_chooser::use_in_app_chooser();
    let dir = std::env::temp_dir().join(format!("atlas-chooser-ui-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // Synthetic fixtures (not real statistics).
    std::fs::write(dir.join("a.csv"), "省份,测试指标\n黑龙江省,1\n").unwrap();
    std::fs::write(dir.join("b.csv"), "省份,测试指标\n黑龙江省,1\n吉林省,2\n").unwrap();
    std::fs::write(dir.join("notes.txt"), "not a table").unwrap();

    let app = AtlasApp::with_embedded_data().unwrap();
    let mut h = Harness::builder()
        .with_size(egui::vec2(1366.0, 768.0))
        .with_context_setup(oib_atlas::fonts::install)
        .build_ui_state(|ui, app: &mut AtlasApp| app.ui(ui), app);
    h.run();
    let ctx = h.ctx.clone();
    let a = dir.join("a.csv").display().to_string();
    h.state_mut().apply(&ctx, Command::PreviewImport(a));
    h.run();
    assert!(h.query_by_label_contains("匹配 1 ").is_some());
    h.get_by_label("浏览…").click();
    h.run();
    // The chooser opens in the table's folder and lists tables only.
    assert!(
        h.query_by_label("b.csv").is_some(),
        "the chooser lists b.csv"
    );
    assert!(
        h.query_by_label("notes.txt").is_none(),
        "a text file is offered"
    );
    h.get_by_label("b.csv").click();
    h.run();
    // The window's own button (the import dialog has none of that name).
    h.get_by_label("打开").click();
    h.run();
    assert!(
        h.query_by_label("b.csv").is_none(),
        "the chooser stayed open"
    );
    assert!(
        h.query_by_label_contains("匹配 2 ").is_some(),
        "b.csv was not previewed"
    );
    std::fs::remove_dir_all(&dir).ok();
}
