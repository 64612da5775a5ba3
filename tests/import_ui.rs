//! Importing a planner's table through the window: preview first, apply on confirmation,
//! then the choropleth, legend, ranking chart and city table use it with its "imported from"
//! source.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use oib_atlas::app::AtlasApp;

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
    let ds = h.state().ds.clone();
    h.state_mut()
        .import
        .open_with(&ds, path.display().to_string());
    h.run();
    // Preview: 3 matched, 1 unknown place, 1 value that is not a number; nothing applied yet.
    assert!(
        h.query_by_label_contains("匹配 3 · 未匹配 1 · 数值问题 1")
            .is_some()
    );
    assert!(h.query_by_label_contains("GBK/GB18030").is_some());
    assert!(h.state().map.imported.is_empty());
    assert!(h.state().settings.choropleth.imported.is_none());

    h.get_by_label("确认导入").click();
    h.run();
    let st = h.state();
    assert_eq!(st.map.imported.len(), 1);
    assert_eq!(st.map.imported[0].values.get(&210000), Some(&30.0));
    assert_eq!(
        st.settings.choropleth.imported.as_deref(),
        Some(st.map.imported[0].name.as_str())
    );
    assert_eq!(
        st.settings.imports.len(),
        1,
        "remembered for the next start"
    );
    assert!(
        st.map.imported[0]
            .source
            .contains("imported from planner.csv")
    );
    // The legend now classifies the three imported values.
    let rows = h.query_all_by_label_contains("图例").count();
    assert_eq!(rows, 3);
    // The ranking chart ranks it, with its source under the chart.
    h.get_by_label("省级排名").click();
    h.run();
    assert_eq!(h.query_all_by_label_contains("bar ").count(), 3);
    assert!(h.query_by_label("bar 辽宁省").is_some());
    assert!(
        h.query_by_label_contains("来源：imported from planner.csv on")
            .is_some()
    );
    // The city table has its column.
    h.get_by_label("城市表").click();
    h.run();
    assert!(h.query_by_label("测试指标 (万吨) · 所在省").is_some());
    std::fs::remove_dir_all(&dir).unwrap();
}
