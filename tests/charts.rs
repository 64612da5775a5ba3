//! Chart tests: each chart drawn headlessly with the embedded data, driven through AccessKit.
//! Set ATLAS_CHART_SHOTS=1 to also write PNGs to /tmp/charts/<tab>-<lang>.png for review.

use std::sync::Arc;

mod common;
use common::synthetic_province_import;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use oib_atlas::charts::{self, ChartContext, ChartTab};
use oib_atlas::core::dataset::Dataset;
use oib_atlas::core::filter::Filter;
use oib_atlas::core::import::ImportedIndicator;
use oib_atlas::core::indicators::ProvinceIndicator;
use oib_atlas::core::model::IndicatorLevel;
use oib_atlas::core::place::{PlaceId, Selection};
use oib_atlas::core::settings::Lang;
use oib_atlas::core::stats::{self, Grouping};
use oib_atlas::state::Command;

struct State {
    ds: Arc<Dataset>,
    tab: ChartTab,
    lang: Lang,
    indicator: ProvinceIndicator,
    imported: Option<ImportedIndicator>,
    grouping: Grouping,
    filter: Filter,
    selection: Selection,
    hovered: Option<u32>,
    commands: Vec<Command>,
    trends: oib_atlas::core::settings::TrendSettings,
    choropleth: oib_atlas::core::settings::Choropleth,
}

impl State {
    fn new(ds: Arc<Dataset>, tab: ChartTab, lang: Lang) -> Self {
        Self {
            ds,
            tab,
            lang,
            indicator: ProvinceIndicator::Gdp2013,
            imported: None,
            grouping: Grouping::NortheastThirdFront,
            filter: Filter::default(),
            selection: Selection::default(),
            hovered: None,
            commands: Vec::new(),
            trends: Default::default(),
            choropleth: Default::default(),
        }
    }
}

fn embedded() -> Arc<Dataset> {
    Arc::new(Dataset::load_embedded().expect("embedded data"))
}

/// The charts as the app uses them: commands applied to the selection and hover.
fn harness(state: State) -> Harness<'static, State> {
    harness_sized(state, egui::vec2(1000.0, 600.0))
}

fn harness_sized(state: State, size: egui::Vec2) -> Harness<'static, State> {
    let mut h = Harness::builder()
        .with_size(size)
        .with_context_setup(oib_atlas::fonts::install)
        .build_ui_state(
            |ui, s: &mut State| {
                let cx = ChartContext {
                    ds: &s.ds,
                    lang: s.lang,
                    selection: &s.selection,
                    hovered_province: s.hovered,
                    hovered: None,
                    indicator: s.indicator,
                    imported: s.imported.as_ref(),
                    imported_year: None,
                    filter: &s.filter,
                    grouping: s.grouping,
                    compact: false,
                    trends: &s.trends,
                    panel_indicator: None,
                    choropleth: &s.choropleth,
                    groups: &[],
                    spatial: &Default::default(),
                    spatial_run: &Default::default(),
                    interactive: true,
                };
                let mut commands = Vec::new();
                charts::show(ui, s.tab, &cx, &mut commands);
                for c in &commands {
                    match c {
                        Command::Select(place) => s.selection.set(place.clone()),
                        Command::Hover(place) => {
                            s.hovered = place.as_ref().and_then(PlaceId::province);
                        }
                        other => panic!("a chart asked for {other:?}"),
                    }
                }
                s.commands.extend(commands);
            },
            state,
        );
    h.run();
    h
}

fn lang_key(lang: Lang) -> &'static str {
    if lang.is_zh() { "zh" } else { "en" }
}

/// Writes the current frame when ATLAS_CHART_SHOTS is set.
fn maybe_shot(h: &mut Harness<'_, State>, name: &str) {
    if std::env::var_os("ATLAS_CHART_SHOTS").is_none() {
        return;
    }
    let image = h.render().expect("render");
    std::fs::create_dir_all("/tmp/charts").expect("mkdir /tmp/charts");
    image
        .save(format!("/tmp/charts/{name}.png"))
        .expect("write png");
}

#[test]
fn ranking_has_one_labelled_bar_per_province_with_data() {
    let ds = embedded();
    for ind in [
        ProvinceIndicator::Gdp2013,
        ProvinceIndicator::GrowthMultiple,
    ] {
        let mut s = State::new(ds.clone(), ChartTab::ProvinceRanking, Lang::Zh);
        s.indicator = ind;
        let h = harness(s);
        let ranking = stats::province_ranking(&ds, ind, &Filter::default());
        let with_data: Vec<_> = ranking.iter().filter(|e| e.value.is_some()).collect();
        let bars = h.query_all_by_label_contains("柱形 ").count();
        assert_eq!(bars, with_data.len(), "{ind:?}");
        for e in &with_data {
            assert!(
                h.query_by_label(&format!("柱形 {}", e.name_zh)).is_some(),
                "{ind:?}: no bar for {}",
                e.name_zh
            );
        }
        // Provinces without a value are named as no data, not drawn as 0.
        for e in ranking.iter().filter(|e| e.value.is_none()) {
            assert!(h.query_by_label(&format!("柱形 {}", e.name_zh)).is_none());
        }
        let note = h
            .query_by_label_contains("无数据（未绘制）")
            .expect("no-data note");
        let _ = note;
        assert!(h.query_by_label_contains("香港特别行政区").is_some());
    }
}

#[test]
fn clicking_and_hovering_a_ranking_bar() {
    let mut h = harness(State::new(embedded(), ChartTab::ProvinceRanking, Lang::En));
    h.get_by_label("bar Heilongjiang").hover();
    h.run();
    assert_eq!(h.state().hovered, Some(230000));
    assert!(
        h.state()
            .commands
            .iter()
            .any(|c| matches!(c, Command::Hover(Some(PlaceId::Province(230000)))))
    );
    h.get_by_label("bar Heilongjiang").click();
    h.run();
    assert_eq!(
        h.state().selection.primary(),
        Some(&PlaceId::Province(230000))
    );
    // The same labels in English.
    assert!(h.query_by_label("bar Guangdong").is_some());
}

#[test]
fn growth_points_select_their_province() {
    let ds = embedded();
    let mut h = harness(State::new(ds.clone(), ChartTab::Growth, Lang::Zh));
    let n = stats::growth_points(&ds, &Filter::default()).len();
    assert_eq!(h.query_all_by_label_contains("散点 ").count(), n);
    h.get_by_label("散点 辽宁省").click();
    h.run();
    assert_eq!(
        h.state().selection.primary(),
        Some(&PlaceId::Province(210000))
    );
    // Both national multiples are on the chart, each labelled with its basis.
    let computed = stats::national_growth_nominal(&ds).unwrap();
    assert!(
        h.query_by_label_contains(&format!("{computed:.2}×"))
            .is_some()
    );
    assert!(
        h.query_by_label_contains("全国（文章所述） 0.58×")
            .is_some()
    );
}

#[test]
fn article_figures_show_the_article_and_the_computation_apart() {
    let ds = embedded();
    let h = harness(State::new(ds.clone(), ChartTab::ArticleFigures, Lang::En));
    assert!(h.query_by_label("as stated in the article").is_some());
    assert!(
        h.query_by_label("computed by the atlas from NBS communiqués (nominal, preliminary)")
            .is_some()
    );
    let disagree = h
        .query_by_label_contains("They disagree")
        .expect("disagreement note");
    let _ = disagree;
    assert!(h.query_by_label_contains("568,845 → 1,260,582").is_some());
    assert!(
        h.query_by_label_contains("the article does not state its basis")
            .is_some()
    );
    assert!(h.query_by_label_contains("648 = ").is_some());
}

#[test]
fn a_missing_province_value_is_reported_not_summed() {
    let mut ds = Dataset::load_embedded().expect("embedded data");
    ds.indicators.retain(|v| {
        !(v.level == IndicatorLevel::Province
            && v.adcode == Some(220000)
            && v.indicator == "GDP"
            && v.year == 2023)
    });
    let h = harness(State::new(
        Arc::new(ds),
        ChartTab::RegionComparison,
        Lang::En,
    ));
    // GDP 2023 and the growth multiple each lack Jilin.
    assert_eq!(
        h.query_all_by_label_contains("Northeast 1 province lacks data")
            .count(),
        2
    );
}

#[test]
fn every_chart_draws_in_both_languages() {
    let ds = embedded();
    for lang in [Lang::Zh, Lang::En] {
        for tab in ChartTab::ALL {
            for grouping in [Grouping::NortheastThirdFront, Grouping::Nbs] {
                if grouping == Grouping::Nbs
                    && !matches!(tab, ChartTab::RegionComparison | ChartTab::Heritage)
                {
                    continue;
                }
                let mut s = State::new(ds.clone(), tab, lang);
                s.grouping = grouping;
                s.selection = Selection::single(PlaceId::Province(230000));
                let mut h = harness(s);
                // Every chart names its sources.
                let sources = h
                    .query_all_by_label_contains(lang.pick("来源：", "Source"))
                    .count()
                    + h.query_all_by_label_contains(lang.pick("文章：", "Article:"))
                        .count();
                assert!(sources > 0, "{tab:?} {lang:?}: no source line");
                let suffix = if grouping == Grouping::Nbs {
                    "-nbs"
                } else {
                    ""
                };
                maybe_shot(&mut h, &format!("{}-{}{suffix}", tab.key(), lang_key(lang)));
            }
        }
    }
}

/// A narrow chart panel: every chart still draws its title and sources (and the PNGs show
/// whether it stays readable).
#[test]
fn charts_draw_in_a_small_panel() {
    let ds = embedded();
    for tab in ChartTab::ALL {
        let mut h = harness_sized(
            State::new(ds.clone(), tab, Lang::Zh),
            egui::vec2(640.0, 420.0),
        );
        let sources = h.query_all_by_label_contains("来源：").count()
            + h.query_all_by_label_contains("文章：").count();
        assert!(sources > 0, "{tab:?}: no source line");
        maybe_shot(&mut h, &format!("small-{}-zh", tab.key()));
    }
}

#[test]
fn ranking_ranks_an_imported_province_indicator_with_its_source() {
    let ds = embedded();
    let imp = synthetic_province_import(&ds);
    assert_eq!(imp.unit.as_deref(), Some("万吨"));
    let mut s = State::new(ds.clone(), ChartTab::ProvinceRanking, Lang::Zh);
    s.imported = Some(imp);
    let mut h = harness(s);
    // One bar per province with a value, highest on top; 贵州 (empty cell) is not drawn as 0.
    let order = ["四川省", "吉林省", "湖北省", "黑龙江省", "辽宁省"];
    assert_eq!(h.query_all_by_label_contains("柱形 ").count(), order.len());
    let ys: Vec<f32> = order
        .iter()
        .map(|n| h.get_by_label(&format!("柱形 {n}")).rect().center().y)
        .collect();
    assert!(ys.windows(2).all(|w| w[0] < w[1]), "not in order: {ys:?}");
    assert!(h.query_by_label("柱形 贵州省").is_none());
    assert!(
        h.query_by_label_contains("贵州省").is_some(),
        "named as no data"
    );
    assert!(h.query_by_label_contains("无数据（未绘制）").is_some());
    // Title and axis carry the name and unit; the source line is the import's.
    assert!(h.query_by_label("省级排名：合成测试值 (万吨)").is_some());
    assert!(
        h.query_by_label_contains("来源：导入自 synthetic_province_values.csv（2025-01-31）")
            .is_some()
    );
    // The tooltip of a bar gives its value and unit.
    h.get_by_label("柱形 四川省").hover();
    h.run();
    assert!(h.query_by_label("合成测试值: 48.0 万吨").is_some());
    h.get_by_label("柱形 吉林省").click();
    h.run();
    assert_eq!(
        h.state().selection.primary(),
        Some(&PlaceId::Province(220000))
    );
    maybe_shot(&mut h, "ranking-imported-province-zh");
}

#[test]
fn ranking_of_an_imported_prefecture_indicator_shows_the_top_prefectures() {
    let ds = embedded();
    // Synthetic values (not statistics) for the first 40 prefectures: 1, 2, … 40.
    let values: std::collections::BTreeMap<u32, f64> = ds
        .prefectures
        .iter()
        .take(40)
        .zip(1..)
        .map(|(p, i)| (p.adcode, f64::from(i)))
        .collect();
    let top = ds.prefectures[39].clone();
    let imp = ImportedIndicator {
        name: "synthetic".into(),
        unit: Some("t".into()),
        level: oib_atlas::core::import::Level::Prefecture,
        values,
        by_year: Default::default(),
        lines: Default::default(),
        years: Vec::new(),
        source: "imported from synthetic_prefectures.csv on 2025-01-31".into(),
        file: "synthetic_prefectures.csv".into(),
        date: "2025-01-31".into(),
        rows: 40,
    };
    let mut s = State::new(ds.clone(), ChartTab::ProvinceRanking, Lang::En);
    s.imported = Some(imp);
    let mut h = harness(s);
    assert_eq!(
        h.query_all_by_label_contains("bar ").count(),
        charts::TOP_PREFECTURES
    );
    assert!(
        h.query_by_label("Top 30 of 40 prefectures with a value")
            .is_some()
    );
    let missing = ds.prefectures.len() - 40;
    assert!(
        h.query_by_label(&format!("No data (not drawn): {missing} prefectures"))
            .is_some()
    );
    assert!(
        h.query_by_label("Prefectures ranked: synthetic (t)")
            .is_some()
    );
    assert!(
        h.query_by_label_contains("imported from synthetic_prefectures.csv on 2025-01-31")
            .is_some()
    );
    // Values 40 down to 11 are drawn (prefectures[39] … prefectures[10]); value 10 is not.
    assert!(
        h.query_by_label(&format!("bar {}", ds.prefectures[10].name_en))
            .is_some()
    );
    assert!(
        h.query_by_label(&format!("bar {}", ds.prefectures[9].name_en))
            .is_none()
    );
    // A prefecture bar selects the prefecture and leaves the province hover alone.
    h.get_by_label(&format!("bar {}", top.name_en)).click();
    h.run();
    assert_eq!(
        h.state().selection.primary(),
        Some(&PlaceId::Prefecture(top.adcode))
    );
    assert_eq!(h.state().hovered, None);
    maybe_shot(&mut h, "ranking-imported-prefecture-en");
}
