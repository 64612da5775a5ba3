//! Years as a dimension: a panel indicator on the map, driven through the year bar's buttons
//! and keys, with the legend, the details and playback following the year.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use oib_atlas::app::AtlasApp;
use oib_atlas::core::place::PlaceId;
use oib_atlas::state::Command;

fn harness() -> Harness<'static, AtlasApp> {
    let app = AtlasApp::with_embedded_data().expect("embedded data");
    let mut h = Harness::builder()
        .with_size(egui::vec2(1600.0, 1000.0))
        .with_context_setup(oib_atlas::fonts::install)
        .build_ui_state(|ui, app: &mut AtlasApp| app.ui(ui), app);
    h.run();
    let ctx = h.ctx.clone();
    let mut c = h.state().state.settings.choropleth.clone();
    c.panel = Some("gdp".to_owned());
    c.year = Some(2013);
    h.state_mut().apply(&ctx, Command::SetChoropleth(c));
    h.run();
    h
}

fn year(h: &Harness<'_, AtlasApp>) -> Option<i32> {
    h.state().state.active_indicator().year()
}

fn legend_rows(h: &Harness<'_, AtlasApp>) -> Vec<String> {
    h.query_all_by_label_contains("图例 ")
        .map(|n| format!("{n:?}"))
        .collect()
}

#[test]
fn the_year_bar_steps_the_years_and_every_view_follows() {
    let mut h = harness();
    assert_eq!(year(&h), Some(2013));
    assert_eq!(
        h.state().state.active_indicator().key().id,
        "gdp",
        "the active indicator is (id, year)"
    );
    assert!(h.query_by_label_contains("/300 个地级单位有值").is_some());
    // The legend states its basis (fixed breaks, raw totals flagged).
    assert!(h.query_by_label_contains("图例说明：总量").is_some());
    let rows_2013 = legend_rows(&h);
    assert!(!rows_2013.is_empty());

    h.get_by_label("▶|").click();
    h.run();
    assert_eq!(year(&h), Some(2014));
    assert_eq!(
        h.state()
            .state
            .active_indicator()
            .name(oib_atlas::core::settings::Lang::Zh),
        "地区生产总值 2014"
    );
    h.key_press(egui::Key::CloseBracket);
    h.run();
    assert_eq!(year(&h), Some(2015));
    h.key_press(egui::Key::OpenBracket);
    h.get_by_label("◀").click();
    h.run();
    assert_eq!(year(&h), Some(2013));

    // The details name the year, the value and the row it comes from.
    let ctx = h.ctx.clone();
    h.state_mut()
        .apply(&ctx, Command::Select(Some(PlaceId::Prefecture(210100))));
    h.run();
    assert!(
        h.query_by_label_contains("地区生产总值 2013: 7,159 亿元")
            .is_some()
    );
    assert!(
        h.query_by_label_contains("china_city_panel.csv:1147")
            .is_some()
    );

    // Colours follow the year: 1995's classes hold other counts than 2013's (breaks fixed
    // across years, so most 1995 units fall in the lower classes).
    h.state_mut().apply(&ctx, Command::SetYear(1995));
    h.run();
    assert_ne!(legend_rows(&h), rows_2013);
    // Years outside the panel are clamped, never invented.
    h.state_mut().apply(&ctx, Command::SetYear(2090));
    assert_eq!(year(&h), Some(2023));
}

#[test]
fn playing_steps_a_year_when_due_and_stops_at_the_last() {
    let mut h = harness();
    let ctx = h.ctx.clone();
    h.state_mut().apply(&ctx, Command::SetYear(2021));
    h.key_press(egui::Key::P);
    h.step();
    assert!(h.state().state.playback.playing);
    assert_eq!(year(&h), Some(2021), "the first step waits for its time");
    for want in [2022, 2023] {
        // Make the next step due now rather than waiting for it.
        h.state_mut().state.playback.next_step_at = -1.0;
        // One frame: `run` would keep stepping the clock and play on.
        h.step();
        assert_eq!(year(&h), Some(want));
    }
    assert!(!h.state().state.playback.playing, "stops at the last year");
    // Play again: from the first year.
    h.run();
    h.get_by_label("▶").click();
    h.step();
    assert_eq!(year(&h), Some(1990));
    assert!(h.state().state.playback.playing);
}

#[test]
fn an_old_indicator_id_still_means_what_it_meant() {
    let h = harness();
    let st = &h.state().state;
    let mut c = st.settings.choropleth.clone();
    c.panel = None;
    let old = oib_atlas::core::indicators::active_indicator(&c, &[]);
    assert_eq!(old.key().id, "cities");
    assert_eq!(
        oib_atlas::core::indicators::ProvinceIndicator::from_key("gdp2013").map(|i| i.year()),
        Some(Some(2013))
    );
}

#[test]
fn the_cli_lists_indicators_with_ids_years_and_units_and_exports_a_year() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_atlas"))
        .args(["data", "indicators", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let find = |id: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == id)
            .cloned()
            .unwrap_or_else(|| panic!("{id} missing"))
    };
    let gdp = find("gdp");
    assert_eq!(gdp["unit_zh"], "亿元");
    assert_eq!(gdp["level"], "prefecture");
    assert_eq!(gdp["years"].as_array().unwrap().len(), 34);
    assert_eq!(gdp["summable"], true);
    let share = find("secondary_share");
    assert_eq!(share["summable"], false);
    assert!(share["aggregate"].as_str().unwrap().contains("gdp"));
    // The old ids are still there.
    assert_eq!(find("gdp2013")["years"], serde_json::json!([2013]));

    let dir = std::env::temp_dir().join(format!("atlas-years-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let export = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_atlas"))
            .args(["export", "map", "--size", "400x250", "--format", "svg"])
            .args(args)
            .output()
            .unwrap()
    };
    let svg = dir.join("gdp1995.svg");
    let ok = export(&[
        "--indicator",
        "gdp",
        "--year",
        "1995",
        "--out",
        svg.to_str().unwrap(),
    ]);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(
        text.contains("地区生产总值 1995"),
        "the title and legend name the year"
    );
    assert!(
        text.contains("china_city_panel.csv"),
        "the caption names the source"
    );
    // A year the indicator does not have: exit 2, the reason, nothing written.
    let bad = dir.join("bad.svg");
    let no = export(&[
        "--indicator",
        "gdp",
        "--year",
        "1980",
        "--out",
        bad.to_str().unwrap(),
    ]);
    assert_eq!(no.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&no.stderr).contains("1990–2023"));
    assert!(!bad.exists());
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_trends_chart_shows_the_maps_indicator_by_group_and_switches_mode_and_split() {
    let mut h = harness();
    let ctx = h.ctx.clone();
    h.state_mut().apply(
        &ctx,
        Command::ShowBottom(oib_atlas::state::BottomTab::Chart(
            oib_atlas::core::settings::ChartTab::Trends,
        )),
    );
    h.run();
    // The map's indicator, one line per region group with its balanced N.
    assert!(
        h.query_by_label_contains("地区生产总值：逐年变化")
            .is_some()
    );
    for group in ["东北 (N=", "三线核心 (N=", "其他地区 (N="] {
        assert!(h.query_by_label_contains(group).is_some(), "{group}");
    }
    h.get_by_label("指数（2013 = 100）").click();
    h.run();
    assert!(h.state().state.settings.trends.indexed);
    h.get_by_label("老工业城市与其他").click();
    h.run();
    assert_eq!(
        h.state().state.settings.trends.split,
        oib_atlas::core::stats::trajectory::LineSplit::PlanCities
    );
    assert!(
        h.query_by_label_contains("老工业城市（已确认的地级市） (N=")
            .is_some()
    );
    // The selected city's own line is in the legend.
    h.state_mut()
        .apply(&ctx, Command::Select(Some(PlaceId::Prefecture(210100))));
    h.run();
    // The map's marker and the details name it too: the chart adds one more.
    let with_chart = h.query_all_by_label("沈阳市").count();
    h.state_mut().apply(
        &ctx,
        Command::ShowBottom(oib_atlas::state::BottomTab::Chart(
            oib_atlas::core::settings::ChartTab::Heritage,
        )),
    );
    h.run();
    assert_eq!(h.query_all_by_label("沈阳市").count() + 1, with_chart);
}

#[test]
fn an_animation_has_one_frame_per_year_all_the_same_size() {
    let dir = std::env::temp_dir().join(format!("atlas-anim-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_atlas"))
            .args(["export", "animation", "--size", "320x200"])
            .args(args)
            .output()
            .unwrap()
    };
    let gif_path = dir.join("share.gif");
    let out = run(&[
        "--indicator",
        "secondary_share",
        "--from",
        "2019",
        "--to",
        "2023",
        "--out",
        gif_path.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut options = gif::DecodeOptions::new();
    options.set_color_output(gif::ColorOutput::RGBA);
    let mut decoder = options
        .read_info(std::fs::File::open(&gif_path).unwrap())
        .unwrap();
    let mut sizes = Vec::new();
    while let Some(frame) = decoder.read_next_frame().unwrap() {
        sizes.push((frame.width, frame.height, frame.delay));
    }
    // 2019..=2023: five years, five frames, each the whole 320×200 picture.
    assert_eq!(sizes, vec![(320, 200, 80); 5]);

    let frames = dir.join("frames");
    let out = run(&[
        "--indicator",
        "gdp",
        "--from",
        "2021",
        "--to",
        "2023",
        "--out-dir",
    ])
    .status;
    assert!(!out.success(), "--out-dir needs a value");
    let out = run(&[
        "--indicator",
        "gdp",
        "--from",
        "2021",
        "--to",
        "2023",
        "--out-dir",
        frames.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut names: Vec<String> = std::fs::read_dir(&frames)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["gdp-001-2021.png", "gdp-002-2022.png", "gdp-003-2023.png"]
    );

    // Not a GIF name, or an indicator without years: exit 2 with the reason.
    let out = run(&[
        "--indicator",
        "gdp",
        "--out",
        dir.join("a.png").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains(".gif"));
    let out = run(&[
        "--indicator",
        "gdp2013",
        "--out",
        gif_path.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_lesson_slide_plays_the_years_and_leaving_restores_the_users_map() {
    let mut h = harness();
    let ctx = h.ctx.clone();
    let before = h.state().state.settings.choropleth.clone();
    h.state_mut().apply(&ctx, Command::StartPresentation);
    h.state_mut().apply(&ctx, Command::GoToSlide(5));
    // Checked before a frame runs: a frame may take longer than a year's step.
    let st = &h.state().state;
    let slide = &st.story.as_ref().unwrap().slides[5];
    assert!(slide.play && slide.panel.map(|c| c.id) == Some("secondary_share"));
    assert!(st.playback.playing);
    assert_eq!(st.active_indicator().key().id, "secondary_share");
    assert_eq!(st.active_indicator().year(), Some(2000));
    h.state_mut().state.playback.next_step_at = -1.0;
    h.step();
    assert_eq!(h.state().state.active_indicator().year(), Some(2001));
    // The next slide does not play; leaving the lesson gives the user's map back.
    h.state_mut().apply(&ctx, Command::GoToSlide(6));
    assert!(!h.state().state.playback.playing);
    h.state_mut().apply(&ctx, Command::StopPresentation);
    assert_eq!(h.state().state.settings.choropleth, before);
}

#[test]
fn values_per_person_per_km2_and_changes_are_computed_from_their_rows() {
    use oib_atlas::core::panel::{ChangeKind, Per, Transform, column};
    let ds = oib_atlas::core::dataset::Dataset::load_embedded().unwrap();
    let p = &ds.panel;
    let gdp = column("gdp").unwrap();
    let pop = column("pop_hukou").unwrap();
    let shenyang = p.unit_at(210100).unwrap();
    let area = ds.prefecture(210100).unwrap().area_km2;
    assert!(
        (10_000.0..15_000.0).contains(&area),
        "沈阳 is about 12,900 km²: {area}"
    );
    let (g13, p13) = (
        p.value(gdp, shenyang, 2013).unwrap(),
        p.value(pop, shenyang, 2013).unwrap(),
    );
    let t = |per, change_from| Transform { per, change_from };
    // 亿元 per 万人 → 元 per person.
    let per_person = p
        .value_with(gdp, shenyang, 2013, t(Per::Person, None), Some(area))
        .unwrap();
    assert!((per_person - g13 / p13 * 1e4).abs() < 1e-6);
    assert!((80_000.0..120_000.0).contains(&per_person), "{per_person}");
    // 亿元 per km² → 万元 per km².
    let per_km2 = p
        .value_with(gdp, shenyang, 2013, t(Per::Km2, None), Some(area))
        .unwrap();
    assert!((per_km2 - g13 * 1e4 / area).abs() < 1e-6);
    // Change 2013 → 2023: percent and compound annual growth.
    let g23 = p.value(gdp, shenyang, 2023).unwrap();
    let pct = p
        .value_with(
            gdp,
            shenyang,
            2023,
            t(Per::Total, Some((2013, ChangeKind::Percent))),
            None,
        )
        .unwrap();
    assert!((pct - (g23 - g13) / g13 * 100.0).abs() < 1e-9);
    let cagr = p
        .value_with(
            gdp,
            shenyang,
            2023,
            t(Per::Total, Some((2013, ChangeKind::Cagr))),
            None,
        )
        .unwrap();
    assert!(((1.0 + cagr / 100.0).powi(10) - g23 / g13).abs() < 1e-9);
    // No registered population in 2023 in the file: per person is no data, never filled.
    assert_eq!(
        p.value_with(gdp, shenyang, 2023, t(Per::Person, None), Some(area)),
        None
    );
    // A change "since" a later year has no value.
    assert_eq!(
        p.value_with(
            gdp,
            shenyang,
            2013,
            t(Per::Total, Some((2020, ChangeKind::Absolute))),
            None
        ),
        None
    );
}

#[test]
fn the_legend_names_the_basis_and_flags_raw_totals() {
    let mut h = harness();
    // GDP as a total: flagged.
    assert!(
        h.query_by_label_contains("总量（未按人口或面积标准化）")
            .is_some()
    );
    let ctx = h.ctx.clone();
    let mut c = h.state().state.settings.choropleth.clone();
    c.per = oib_atlas::core::panel::Per::Person;
    c.change_from = Some(2000);
    c.change_kind = oib_atlas::core::panel::ChangeKind::Percent;
    h.state_mut().apply(&ctx, Command::SetChoropleth(c));
    h.run();
    let ind = h.state().state.active_indicator();
    assert_eq!(
        ind.name(oib_atlas::core::settings::Lang::Zh),
        "地区生产总值（人均） 2000→2013 变化率"
    );
    assert_eq!(
        ind.unit(oib_atlas::core::settings::Lang::Zh).as_deref(),
        Some("%")
    );
    assert!(
        h.query_by_label_contains("总量（未按人口或面积标准化）")
            .is_none()
    );
}

#[test]
fn map_data_exports_every_prefecture_with_its_value_basis_and_rows() {
    let dir = std::env::temp_dir().join(format!("atlas-mapdata-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_atlas"))
            .args(["export", "data", "--indicator", "gdp", "--year", "2023"])
            .args(args)
            .output()
            .unwrap()
    };
    let csv_path = dir.join("gdp.csv");
    let out = run(&["--out", csv_path.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&csv_path).unwrap();
    assert!(text.starts_with('\u{feff}'), "BOM for Excel");
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    assert_eq!(&reader.headers().unwrap()[4], "地区生产总值 2023 (亿元)");
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 370, "every prefecture, with or without a value");
    let shenyang = rows.iter().find(|r| &r[0] == "210100").unwrap();
    assert_eq!(&shenyang[4], "8122");
    assert_eq!(&shenyang[5], "china_city_panel.csv:1157");
    // No value: an empty cell, never 0.
    assert!(rows.iter().any(|r| r[4].is_empty()));
    assert!(rows.iter().all(|r| &r[4] != "0"));

    let geo_path = dir.join("cagr.geojson");
    let out = run(&[
        "--change-from",
        "2013",
        "--change",
        "cagr",
        "--lang",
        "en",
        "--out",
        geo_path.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let geo: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&geo_path).unwrap()).unwrap();
    assert_eq!(geo["unit"], "% a year");
    assert_eq!(geo["year"], 2023);
    let features = geo["features"].as_array().unwrap();
    assert_eq!(features.len(), 370);
    let f = features
        .iter()
        .find(|f| f["properties"]["adcode"] == 210100)
        .unwrap();
    assert_eq!(
        f["properties"]["source_rows"],
        "china_city_panel.csv:1147, 1157"
    );
    let cagr = f["properties"]["value"].as_f64().unwrap();
    assert!(((1.0 + cagr / 100.0).powi(10) - 8122.0 / 7158.5745).abs() < 1e-6);
    assert_eq!(f["geometry"]["type"], "MultiPolygon");

    // A basis without an indicator with years, or a bad extension: exit 2.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_atlas"))
        .args(["export", "map", "--per", "person", "--out"])
        .arg(dir.join("x.png"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = run(&["--out", dir.join("x.txt").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_slope_chart_draws_one_line_per_confirmed_plan_city_with_both_years() {
    let ds = oib_atlas::core::dataset::Dataset::load_embedded().unwrap();
    let gdp = oib_atlas::core::panel::column("gdp").unwrap();
    let slopes = oib_atlas::core::stats::trajectory::plan_city_slopes(&ds, gdp, 2013, 2023);
    assert!(!slopes.is_empty() && slopes.len() <= 55);
    for s in &slopes {
        assert_eq!(ds.panel.value(gdp, s.unit, 2013), Some(s.from));
        assert_eq!(ds.panel.value(gdp, s.unit, 2023), Some(s.to));
        assert!(ds.panel.units[s.unit].boundary_change.is_none());
    }
    let mut h = harness();
    let ctx = h.ctx.clone();
    h.state_mut().apply(
        &ctx,
        Command::ShowBottom(oib_atlas::state::BottomTab::Chart(
            oib_atlas::core::settings::ChartTab::Trends,
        )),
    );
    h.run();
    h.get_by_label("斜率图 2013→2023").click();
    h.run();
    assert_eq!(
        h.state().state.settings.trends.view,
        oib_atlas::core::settings::TrendView::Slope
    );
    let want = format!("斜率图：{} 个已确认的地级老工业城市", slopes.len());
    assert!(h.query_by_label_contains(&want).is_some(), "{want}");
}

/// The synthetic long table with a year column (made-up numbers, not statistics).
fn years_fixture() -> oib_atlas::core::settings::ImportRecord {
    oib_atlas::core::settings::ImportRecord {
        path: concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/synthetic_prefecture_years_long.csv"
        )
        .to_owned(),
        encoding: None,
        date: "2026-12-02".to_owned(),
    }
}

#[test]
fn a_long_table_with_a_year_column_keeps_its_years_and_reports_bad_ones() {
    use oib_atlas::core::import::{Matcher, guess_shape, preview, read_table_path};
    let ds = oib_atlas::core::dataset::Dataset::load_embedded().unwrap();
    let record = years_fixture();
    let raw = read_table_path(std::path::Path::new(&record.path), None).unwrap();
    let m = Matcher::new(&ds);
    let p = preview(&raw, &guess_shape(&raw, &m), &m);
    // "2013-14" is not a year: reported with its line, not read as 2013.
    assert_eq!(p.type_problems.len(), 1, "{:?}", p.type_problems);
    assert_eq!(p.type_problems[0].line, 10);
    assert!(p.type_problems[0].reason.contains("plausible year"));
    // 大连 twice in 2015: the second is reported with the first's line, and not applied.
    assert_eq!(
        p.duplicates
            .iter()
            .map(|d| (d.line, d.adcode, d.first_line, d.year))
            .collect::<Vec<_>>(),
        vec![(11, 210200, 8, Some(2015))]
    );
    assert_eq!(p.indicators.len(), 1, "one indicator, not one per year");
    let imp = oib_atlas::core::import::import_file(&ds, &record)
        .unwrap()
        .remove(0);
    assert_eq!(imp.name, "合成测试产量");
    assert_eq!(imp.years, [2010, 2012, 2015]);
    assert_eq!(imp.value_in(Some(2015), 210200), Some(22.0));
    assert_eq!(
        imp.value_in(Some(2012), 230100),
        None,
        "no 2012 row: no data"
    );
    assert_eq!(
        imp.value_in(Some(2011), 210100),
        None,
        "never filled between years"
    );
    assert_eq!(imp.line_of(Some(2015), 230100), Some(9));
}

#[test]
fn an_imported_table_with_years_plays_on_the_year_bar() {
    let app = AtlasApp::with_embedded_data().expect("embedded data");
    let mut h = Harness::builder()
        .with_size(egui::vec2(1600.0, 1000.0))
        .with_context_setup(oib_atlas::fonts::install)
        .build_ui_state(|ui, app: &mut AtlasApp| app.ui(ui), app);
    h.run();
    let ds = h.state().state.ds.clone();
    let record = years_fixture();
    let imported = oib_atlas::core::import::import_file(&ds, &record).unwrap();
    let ctx = h.ctx.clone();
    h.state_mut()
        .apply(&ctx, Command::ApplyImport(imported, record));
    h.run();
    // The last year first, named with its year.
    assert_eq!(year(&h), Some(2015));
    assert_eq!(
        h.state().state.active_indicator().key().id,
        "imported:合成测试产量"
    );
    assert!(h.query_by_label_contains("2/370").is_none());
    assert!(h.query_by_label_contains("3/370 个地级单位有值").is_some());
    // Steps go to the years the table has (2015 → 2012 → 2010), not through the gap.
    h.key_press(egui::Key::OpenBracket);
    h.run();
    assert_eq!(year(&h), Some(2012));
    assert!(h.query_by_label_contains("2/370 个地级单位有值").is_some());
    h.get_by_label("◀").click();
    h.run();
    assert_eq!(year(&h), Some(2010));
    h.key_press(egui::Key::CloseBracket);
    h.run();
    assert_eq!(year(&h), Some(2012));
    // 哈尔滨 has no 2012 row: no data, named as 2012; in 2015 its value and its line.
    h.state_mut()
        .apply(&ctx, Command::Select(Some(PlaceId::Prefecture(230100))));
    h.run();
    assert!(
        h.query_by_label_contains("合成测试产量 2012: 无数据")
            .is_some()
    );
    h.state_mut().apply(&ctx, Command::SetYear(2015));
    h.run();
    assert!(
        h.query_by_label_contains("合成测试产量 2015: 32.0 万吨")
            .is_some()
    );
    assert!(
        h.query_by_label_contains("synthetic_prefecture_years_long.csv:9")
            .is_some()
    );
}

#[test]
fn the_trends_chart_shows_small_multiples_by_province_and_the_structure_view() {
    let mut h = harness();
    let ctx = h.ctx.clone();
    h.state_mut().apply(
        &ctx,
        Command::ShowBottom(oib_atlas::state::BottomTab::Chart(
            oib_atlas::core::settings::ChartTab::Trends,
        )),
    );
    h.run();
    h.get_by_label("分省小图").click();
    h.run();
    assert_eq!(
        h.state().state.settings.trends.view,
        oib_atlas::core::settings::TrendView::Provinces
    );
    // One small chart per province with prefecture units, the Northeast first, each with N.
    assert!(
        h.query_by_label_contains("地区生产总值：分省逐年变化")
            .is_some()
    );
    for name in ["辽宁省 (N=", "吉林省 (N=", "黑龙江省 (N=", "四川省 (N="] {
        assert!(h.query_by_label_contains(name).is_some(), "{name}");
    }
    // Totals: each chart its own scale, and the chart says so.
    assert!(h.query_by_label_contains("各小图纵轴刻度不同").is_some());
    h.get_by_label("指数（2013 = 100）").click();
    h.run();
    assert!(h.query_by_label_contains("各小图纵轴刻度相同").is_some());

    h.get_by_label("结构变化").click();
    h.run();
    assert_eq!(
        h.state().state.settings.trends.view,
        oib_atlas::core::settings::TrendView::Structure
    );
    for title in [
        "第二产业占GDP比重",
        "第二产业从业人员",
        "户籍人口",
        "人均地区生产总值",
    ] {
        assert!(h.query_by_label(title).is_some(), "{title}");
    }
    // Each chart names its unit (totals as an index) and its balanced panels' sizes.
    for (unit, n) in [
        ("% · N = ", 1),
        ("指数，2013 = 100 · N = ", 2),
        ("元 · N = ", 1),
    ] {
        assert_eq!(h.query_all_by_label_contains(unit).count(), n, "{unit}");
    }
    assert_eq!(h.query_all_by_label_contains("N = ").count(), 4);
}

#[test]
fn a_province_lists_its_work_report_gdp_with_bounds_as_bounds() {
    let mut h = harness();
    let ctx = h.ctx.clone();
    h.state_mut()
        .apply(&ctx, Command::Select(Some(PlaceId::Province(110000))));
    h.run();
    h.get_by_label_contains("政府工作报告所述 GDP").click();
    h.run();
    assert!(h.query_by_label("2012: 17,800 亿元 · 初步").is_some());
    // "超过4万亿元" is a lower bound: shown as one, never as 40,000.
    assert!(
        h.query_by_label("2021：超过 40,000 亿元（下限，不是数值）")
            .is_some()
    );
    assert!(h.query_by_label_contains("2021: 40,000").is_none());
}
