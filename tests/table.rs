//! The city table with imported indicators: one column each (the value of the city's province
//! or prefecture), "no data" where the table has none, sortable, in the CSV with its source.
//! Set ATLAS_CHART_SHOTS=1 to also write a PNG of the table for review.

use std::sync::Arc;

mod common;
use common::synthetic_province_import;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use oib_atlas::core::dataset::Dataset;
use oib_atlas::core::filter::Filter;
use oib_atlas::core::import::{ImportedIndicator, Level};
use oib_atlas::core::settings::Lang;
use oib_atlas::panels::table::{self, SortKey, TableState};
use oib_atlas::state::AtlasState;

struct State {
    imported: Vec<ImportedIndicator>,
    st: TableState,
    app: AtlasState,
}

impl State {
    fn new(ds: Arc<Dataset>, imported: Vec<ImportedIndicator>) -> Self {
        let mut app = AtlasState::new(ds.clone(), Default::default());
        app.data.imported = Arc::new(imported.clone());
        Self {
            imported,
            st: TableState::default(),
            app,
        }
    }
}

fn harness(state: State) -> Harness<'static, State> {
    let mut h = Harness::builder()
        .with_size(egui::vec2(1400.0, 700.0))
        .with_context_setup(oib_atlas::fonts::install)
        .build_ui_state(
            |ui, s: &mut State| {
                table::show(ui, &s.app, &mut s.st, &mut Vec::new());
            },
            state,
        );
    h.run();
    h
}

fn province_of_row(ds: &Dataset, imported: &[ImportedIndicator], st: &TableState, i: usize) -> u32 {
    let rows = table::rows(ds, &Filter::default(), imported, st.sort, st.descending);
    ds.cities[rows[i]].province_adcode
}

#[test]
fn an_imported_indicator_is_a_sortable_column_with_its_source() {
    let ds = Arc::new(Dataset::load_embedded().expect("embedded data"));
    let imp = synthetic_province_import(&ds);
    let mut h = harness(State::new(ds.clone(), vec![imp]));
    let header = "合成测试值 (万吨) · 所在省";
    assert!(h.query_by_label(header).is_some(), "column header");
    assert!(
        h.query_by_label("来源：合成测试值: 导入自 synthetic_province_values.csv（2025-01-31）")
            .is_some()
    );
    // Ascending: the lowest value first (辽宁 7.25), no data (e.g. 贵州, empty cell) last.
    h.get_by_label(header).click();
    h.run();
    assert_eq!(h.state().st.sort, SortKey::Imported(0));
    assert!(!h.state().st.descending);
    {
        let s = h.state();
        assert_eq!(province_of_row(&ds, &s.imported, &s.st, 0), 210000);
        let rows = table::rows(&ds, &Filter::default(), &s.imported, s.st.sort, false);
        let last = ds.cities[*rows.last().unwrap()].province_adcode;
        assert!(table::imported_value(&s.imported[0], &ds.cities[*rows.last().unwrap()]).is_none());
        assert_ne!(last, 210000);
    }
    assert!(
        h.query_all_by_label("7.25").count() > 1,
        "Liaoning's value on top"
    );
    // Descending: 四川 48 first; no data still last.
    h.get_by_label(&format!("{header} ▲")).click();
    h.run();
    assert!(h.state().st.descending);
    {
        let s = h.state();
        assert_eq!(province_of_row(&ds, &s.imported, &s.st, 0), 510000);
        let rows = table::rows(&ds, &Filter::default(), &s.imported, s.st.sort, true);
        assert!(table::imported_value(&s.imported[0], &ds.cities[*rows.last().unwrap()]).is_none());
    }
    assert!(
        h.query_all_by_label("48.0").count() > 1,
        "Sichuan's value on top"
    );
    // ATLAS_CHART_SHOTS=1 also writes the table to /tmp/charts/table-imported-zh.png.
    if std::env::var_os("ATLAS_CHART_SHOTS").is_some() {
        std::fs::create_dir_all("/tmp/charts").expect("mkdir /tmp/charts");
        let image = h.render().expect("render");
        image
            .save("/tmp/charts/table-imported-zh.png")
            .expect("write png");
    }
}

#[test]
fn the_csv_has_the_imported_values_their_source_and_empty_cells_for_no_data() {
    let ds = Dataset::load_embedded().expect("embedded data");
    let province = synthetic_province_import(&ds);
    let qiqihar = ds
        .cities
        .iter()
        .find(|c| c.name_zh == "齐齐哈尔市")
        .unwrap();
    // Synthetic prefecture-level values (not statistics).
    let prefecture = ImportedIndicator {
        name: "synthetic".into(),
        unit: None,
        level: Level::Prefecture,
        values: [(qiqihar.prefecture_adcode, 3.5)].into_iter().collect(),
        by_year: Default::default(),
        lines: Default::default(),
        years: Vec::new(),
        source: "imported from synthetic_prefectures.csv on 2025-01-31".into(),
        file: "synthetic_prefectures.csv".into(),
        date: "2025-01-31".into(),
        rows: 1,
    };
    let imported = vec![province, prefecture];
    let rows = table::rows(&ds, &Filter::default(), &imported, SortKey::Province, false);
    let bytes = table::to_csv(&ds, &imported, &rows, Lang::En);
    let text = String::from_utf8(bytes).unwrap();
    let mut r = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name} in {headers:?}"))
    };
    let value = col("合成测试值 (万吨) [province value]");
    let source = col("合成测试值 source");
    let pref_value = col("synthetic [prefecture value]");
    let pref_source = col("synthetic source");
    let name = col("name_zh");
    let mut seen = 0;
    for rec in r.records() {
        let rec = rec.unwrap();
        let city = ds.cities.iter().find(|c| c.name_zh == rec[name]).unwrap();
        let expected = match city.province_adcode {
            230000 => Some("12.5"),
            220000 => Some("30"),
            210000 => Some("7.25"),
            510000 => Some("48"),
            420000 => Some("20"),
            _ => None,
        };
        match expected {
            Some(v) => {
                assert_eq!(&rec[value], v, "{}", city.name_zh);
                assert_eq!(
                    &rec[source],
                    "imported from synthetic_province_values.csv on 2025-01-31"
                );
            }
            // No data is an empty cell, never 0.
            None => assert_eq!((&rec[value], &rec[source]), ("", ""), "{}", city.name_zh),
        }
        if city.prefecture_adcode == qiqihar.prefecture_adcode {
            assert_eq!(&rec[pref_value], "3.5");
            assert!(rec[pref_source].starts_with("imported from synthetic_prefectures.csv"));
            seen += 1;
        } else {
            assert_eq!(&rec[pref_value], "");
        }
    }
    assert!(seen >= 1);
}

/// In the Chinese UI the CSV's headers are Chinese (the values keep their codes).
#[test]
fn csv_headers_follow_the_language() {
    let ds = Dataset::load_embedded().unwrap();
    let rows = table::rows(&ds, &Filter::default(), &[], SortKey::Province, false);
    let header = |lang| {
        let bytes = table::to_csv(&ds, &[], &rows, lang);
        let text = String::from_utf8(bytes).unwrap();
        text.trim_start_matches('\u{feff}')
            .lines()
            .next()
            .unwrap()
            .to_owned()
    };
    let zh = header(Lang::Zh);
    assert!(zh.starts_with("城市,英文名,省份,行政区划代码"), "{zh}");
    assert!(zh.contains("地区生产总值 2013（亿元）"), "{zh}");
    assert!(
        !zh.chars().any(|c| c.is_ascii_alphabetic()),
        "a Latin letter in the Chinese header: {zh}"
    );
    assert!(header(Lang::En).starts_with("name_zh,name_en,province_zh,adcode"));
}
