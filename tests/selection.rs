//! Several places selected: shift-click and a shift-drawn rectangle on the map, the summary in
//! the details panel, and the selected provinces outlined in the ranking chart.

use egui::Modifiers;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use oib_atlas::app::AtlasApp;
use oib_atlas::core::place::PlaceId;

fn harness() -> Harness<'static, AtlasApp> {
    let app = AtlasApp::with_embedded_data().expect("embedded data");
    let mut h = Harness::builder()
        .with_size(egui::vec2(1600.0, 1000.0))
        .with_context_setup(oib_atlas::fonts::install)
        .build_ui_state(|ui, app: &mut AtlasApp| app.ui(ui), app);
    h.run();
    h
}

/// Clicks a province's map label through AccessKit, with shift held or not (a pointer click
/// at the label's centre could land on a city's marker under it).
fn click_province(h: &mut Harness<'_, AtlasApp>, name: &str, shift: bool) {
    if shift {
        h.event(egui::Event::ModifiersChanged(Modifiers::SHIFT));
    }
    map_label(h, name).click_accesskit();
    h.step();
    h.event(egui::Event::ModifiersChanged(Modifiers::NONE));
    h.run();
}

fn selected(h: &Harness<'_, AtlasApp>) -> Vec<PlaceId> {
    h.state().state.selection().places().to_vec()
}

/// A province's node on the map (the details panel may name the province too).
fn map_label<'a>(h: &'a Harness<'_, AtlasApp>, name: &'a str) -> egui_kittest::Node<'a> {
    let map = h.get_by_label("地图").rect();
    h.query_all_by_label(name)
        .find(|n| map.contains_rect(n.rect()))
        .expect("a map label")
}

/// Where a province's label anchor (the point a rectangle tests) is on screen.
fn anchor_on_screen(h: &Harness<'_, AtlasApp>, adcode: u32) -> egui::Pos2 {
    let map = &h.state().map;
    let i = h
        .state()
        .state
        .ds
        .provinces
        .iter()
        .position(|p| p.adcode == adcode)
        .expect("a province");
    let a = map.geometry().provinces[map.lod() as usize][i].label_anchor;
    let rect = h.get_by_label("地图").rect();
    map.camera()
        .expect("the map has a camera")
        .screen_from_projected(rect, [f64::from(a.x), f64::from(a.y)])
}

#[test]
fn shift_click_adds_and_removes_and_the_details_sum_the_selection() {
    let mut h = harness();
    click_province(&mut h, "辽宁省", false);
    click_province(&mut h, "吉林省", true);
    click_province(&mut h, "黑龙江省", true);
    assert_eq!(
        selected(&h),
        [210000, 220000, 230000].map(PlaceId::Province).to_vec()
    );
    assert!(h.query_by_label("已选 3 处").is_some());
    assert!(h.query_by_label("3 个省级单位").is_some());
    // The built-in indicator is a count of sourced cities: the summary names the province
    // count and area; GDP 2023 is a total and sums, with its coverage.
    let ctx = h.ctx.clone();
    let mut c = h.state().state.settings.choropleth.clone();
    c.indicator = oib_atlas::core::indicators::ProvinceIndicator::Gdp2023;
    h.state_mut()
        .apply(&ctx, oib_atlas::state::Command::SetChoropleth(c));
    h.run();
    assert!(
        h.query_by_label_contains("地区生产总值 2023：合计 ")
            .is_some()
    );
    assert!(h.query_by_label_contains("面积：").is_some());
    // Shift-click again takes a province out; a plain click selects one alone.
    click_province(&mut h, "吉林省", true);
    assert_eq!(
        selected(&h),
        [210000, 230000].map(PlaceId::Province).to_vec()
    );
    click_province(&mut h, "四川省", false);
    assert_eq!(selected(&h), [PlaceId::Province(510000)]);
    assert!(h.query_by_label_contains("已选").is_none());
}

#[test]
fn a_shift_drawn_rectangle_selects_the_provinces_inside_it() {
    let mut h = harness();
    // A box just around the three northeastern provinces' label anchors.
    let r = egui::Rect::from_points(&[210000, 220000, 230000].map(|c| anchor_on_screen(&h, c)))
        .expand(3.0);
    h.event(egui::Event::PointerMoved(r.left_top()));
    h.event(egui::Event::ModifiersChanged(Modifiers::SHIFT));
    h.event(egui::Event::PointerButton {
        pos: r.left_top(),
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: Modifiers::SHIFT,
    });
    h.step();
    for t in [0.3, 0.7, 1.0] {
        h.event(egui::Event::PointerMoved(r.left_top() + r.size() * t));
        h.step();
    }
    let camera_before = h.state().map.camera();
    h.event(egui::Event::PointerButton {
        pos: r.right_bottom(),
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: Modifiers::SHIFT,
    });
    h.event(egui::Event::ModifiersChanged(Modifiers::NONE));
    h.run();
    let mut got = selected(&h);
    got.sort_by_key(|p| p.province());
    assert_eq!(
        got,
        [210000, 220000, 230000].map(PlaceId::Province).to_vec()
    );
    assert_eq!(h.state().map.camera(), camera_before, "the map did not pan");
    // The ranking chart outlines every selected province (linked brushing).
    let ctx = h.ctx.clone();
    h.state_mut().apply(
        &ctx,
        oib_atlas::state::Command::ShowBottom(oib_atlas::state::BottomTab::Chart(
            oib_atlas::core::settings::ChartTab::ProvinceRanking,
        )),
    );
    h.run();
    assert!(h.query_by_label("已选 3 处").is_some());
}

/// A plain drag with the primary button from `from` to `to`, moving in `steps` frames.
fn drag(h: &mut Harness<'_, AtlasApp>, from: egui::Pos2, to: egui::Pos2, steps: u16) {
    h.hover_at(from);
    h.run();
    h.event(egui::Event::PointerButton {
        pos: from,
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: Modifiers::NONE,
    });
    h.step();
    for k in 1..=steps {
        h.hover_at(from + (to - from) * (f32::from(k) / f32::from(steps)));
        h.step();
    }
    h.event(egui::Event::PointerButton {
        pos: to,
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: Modifiers::NONE,
    });
    h.run();
}

/// Selects the three northeastern provinces with a shift-drawn rectangle.
fn box_select_northeast(h: &mut Harness<'_, AtlasApp>) {
    let r = egui::Rect::from_points(&[210000, 220000, 230000].map(|c| anchor_on_screen(h, c)))
        .expand(3.0);
    h.event(egui::Event::PointerMoved(r.left_top()));
    h.event(egui::Event::ModifiersChanged(Modifiers::SHIFT));
    h.event(egui::Event::PointerButton {
        pos: r.left_top(),
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: Modifiers::SHIFT,
    });
    h.step();
    for t in [0.5, 1.0] {
        h.event(egui::Event::PointerMoved(r.left_top() + r.size() * t));
        h.step();
    }
    h.event(egui::Event::PointerButton {
        pos: r.right_bottom(),
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: Modifiers::SHIFT,
    });
    h.event(egui::Event::ModifiersChanged(Modifiers::NONE));
    h.run();
}

#[test]
fn a_group_made_by_rectangle_selection_is_compared_and_remembered() {
    let dir = std::env::temp_dir().join(format!("oib-groups-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let settings = dir.join("settings.json");
    let ds = std::sync::Arc::new(oib_atlas::core::dataset::Dataset::load_embedded().unwrap());
    let app = AtlasApp::with_settings_file(ds.clone(), Some(settings.clone()));
    let mut h = Harness::builder()
        .with_size(egui::vec2(1600.0, 1000.0))
        .with_context_setup(oib_atlas::fonts::install)
        .build_ui_state(|ui, app: &mut AtlasApp| app.ui(ui), app);
    h.run();
    box_select_northeast(&mut h);
    assert_eq!(selected(&h).len(), 3);
    h.get_by_label("分组名称").click();
    h.run();
    h.get_by_label("分组名称").type_text("我的东北");
    h.run();
    h.get_by_label("建为分组").click();
    h.run();
    let groups = &h.state().state.settings.groups;
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].name, "我的东北");
    assert_eq!(groups[0].members, [210000, 220000, 230000]);
    // The region chart has a bar for it beside the built-in groups, and says it is the
    // user's.
    let ctx = h.ctx.clone();
    h.state_mut().apply(
        &ctx,
        oib_atlas::state::Command::ShowBottom(oib_atlas::state::BottomTab::Chart(
            oib_atlas::core::settings::ChartTab::RegionComparison,
        )),
    );
    h.run();
    assert!(h.query_by_label_contains("我的东北 (3 省)").is_some());
    assert!(
        h.query_by_label_contains("我的东北: 用户自定义分组：3 个省级单位")
            .is_some()
    );
    // The spatial chart measures the cities' concentration in it too.
    h.state_mut().apply(
        &ctx,
        oib_atlas::state::Command::ShowBottom(oib_atlas::state::BottomTab::Chart(
            oib_atlas::core::settings::ChartTab::Spatial,
        )),
    );
    h.run();
    assert!(h.query_by_label("我的东北 (用户分组)").is_some());
    // A second group of the same name is refused, and nothing changes.
    h.get_by_label("分组名称").click();
    h.run();
    h.get_by_label("分组名称").type_text("我的东北");
    h.run();
    h.get_by_label("建为分组").click();
    h.run();
    assert_eq!(h.state().state.settings.groups.len(), 1);
    assert!(
        h.state()
            .state
            .notice
            .as_deref()
            .is_some_and(|n| n.contains("已有名为“我的东北”的分组"))
    );
    // Saved with the settings, it comes back after a restart.
    let stored = oib_atlas::persist::Stored {
        settings: h.state().settings().clone(),
        map: Default::default(),
    };
    oib_atlas::persist::save(&settings, &stored).unwrap();
    let again = AtlasApp::with_settings_file(ds, Some(settings));
    assert_eq!(again.settings().groups, h.state().state.settings.groups);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn shift_click_in_the_city_table_adds_cities_to_the_selection() {
    let mut h = harness();
    let ctx = h.ctx.clone();
    h.state_mut().apply(
        &ctx,
        oib_atlas::state::Command::ShowBottom(oib_atlas::state::BottomTab::Table),
    );
    h.run();
    // The table's first two rows (it shows only the rows in view).
    let ds = h.state().state.ds.clone();
    let rows =
        oib_atlas::panels::table::rows(&ds, &Default::default(), &[], Default::default(), false);
    let (a, b) = (&ds.cities[rows[0]], &ds.cities[rows[1]]);
    h.get_by_label(&format!("{} {}", a.name_zh, a.name_en))
        .click();
    h.run();
    h.get_by_label(&format!("{} {}", b.name_zh, b.name_en))
        .click_modifiers(Modifiers::SHIFT);
    h.run();
    assert_eq!(
        selected(&h),
        [PlaceId::City(a.adcode), PlaceId::City(b.adcode)]
    );
    assert!(h.query_by_label("已选 2 处").is_some());
    assert!(h.query_by_label("2 个城市").is_some());
}

#[test]
fn the_map_shows_lisa_clusters_with_their_legend_when_asked() {
    let mut h = harness();
    let ctx = h.ctx.clone();
    let mut c = h.state().state.settings.choropleth.clone();
    c.indicator = oib_atlas::core::indicators::ProvinceIndicator::Gdp2023;
    h.state_mut()
        .apply(&ctx, oib_atlas::state::Command::SetChoropleth(c));
    h.state_mut().apply(
        &ctx,
        oib_atlas::state::Command::ShowBottom(oib_atlas::state::BottomTab::Chart(
            oib_atlas::core::settings::ChartTab::Spatial,
        )),
    );
    h.run();
    assert!(h.query_by_label_contains("Moran's I = ").is_some());
    h.get_by_label("地图显示").click();
    h.run();
    h.get_by_label("LISA 聚类").click();
    h.run();
    assert_eq!(
        h.state().state.settings.spatial.map,
        oib_atlas::core::settings::SpatialMap::Clusters
    );
    // The legend names the clusters with their counts; 31 provinces have GDP.
    let rows: Vec<String> = h
        .query_all_by_label_contains("图例 ")
        .map(|n| format!("{n:?}"))
        .collect();
    assert!(rows.iter().any(|r| r.contains("高-高")), "{rows:?}");
    assert!(rows.iter().any(|r| r.contains("不显著")), "{rows:?}");
    // Each row's count, "(N)" in its text.
    let counted: usize = rows
        .iter()
        .filter_map(|r| {
            let at = r.find("   (")? + 4;
            r[at..].split(')').next()?.parse::<usize>().ok()
        })
        .sum();
    assert_eq!(counted, 31, "{rows:?}");
    // Gi* hot and cold spots instead, and back to the indicator's own classes.
    h.get_by_label("地图显示").click();
    h.run();
    h.get_by_label("Gi* 冷热点").click();
    h.run();
    assert!(h.query_by_label_contains("热点 99%").is_some());
    h.get_by_label("地图显示").click();
    h.run();
    h.get_by_label("指标分级").click();
    h.run();
    assert!(h.query_by_label_contains("热点 99%").is_none());
}

#[test]
fn the_connectivity_view_draws_one_line_per_neighbour_pair() {
    let mut h = harness();
    let ctx = h.ctx.clone();
    let mut s = h.state().state.settings.spatial.clone();
    s.show_links = true;
    h.state_mut()
        .apply(&ctx, oib_atlas::state::Command::SetSpatial(s));
    h.run();
    let ds = h.state().state.ds.clone();
    let w = oib_atlas::core::spatial::weights::build(
        &ds,
        oib_atlas::core::spatial::weights::UnitLevel::Province,
        oib_atlas::core::spatial::weights::Rule::Queen,
    );
    let pairs: usize = w.neighbors.iter().map(Vec::len).sum::<usize>() / 2;
    let app = h.state_mut();
    let frame = app.map.frame_classes(&app.state);
    let (level, links) = frame.links.expect("links asked for");
    assert_eq!(
        level,
        oib_atlas::core::spatial::weights::UnitLevel::Province
    );
    assert_eq!(links.len(), pairs, "each neighbour pair once");
}

#[test]
fn a_rectangle_in_the_moran_scatter_plot_selects_its_units_on_the_map() {
    let mut h = harness();
    let ctx = h.ctx.clone();
    let mut c = h.state().state.settings.choropleth.clone();
    c.indicator = oib_atlas::core::indicators::ProvinceIndicator::Gdp2023;
    h.state_mut()
        .apply(&ctx, oib_atlas::state::Command::SetChoropleth(c));
    h.state_mut().apply(
        &ctx,
        oib_atlas::state::Command::ShowBottom(oib_atlas::state::BottomTab::Chart(
            oib_atlas::core::settings::ChartTab::Spatial,
        )),
    );
    h.run();
    let plot = h.get_by_label("Moran 散点图").rect();
    let drag = |h: &mut Harness<'_, AtlasApp>, from, to| drag(h, from, to, 4);
    // The whole plot: every province with a value (31; Taiwan, Hong Kong and Macao have none).
    drag(
        &mut h,
        plot.min + egui::vec2(2.0, 2.0),
        plot.max - egui::vec2(2.0, 2.0),
    );
    assert_eq!(selected(&h).len(), 31);
    // Its right half: a cut in the standardised value, every unit right of it and none left.
    drag(
        &mut h,
        egui::pos2(plot.center().x, plot.top() + 2.0),
        plot.max - egui::vec2(2.0, 2.0),
    );
    let picked = selected(&h);
    let oib_atlas::state::spatial::SpatialResult::Ready(a) = h.state().state.spatial_analysis()
    else {
        panic!("the analysis is small enough to be ready");
    };
    let lisa = a.lisa.as_ref().expect("LISA");
    let z_of = |p: &PlaceId| {
        let i = a
            .ids
            .iter()
            .position(|id| PlaceId::Province(*id) == *p)
            .unwrap();
        lisa.z[i]
    };
    assert!(!picked.is_empty() && picked.len() < 31, "{picked:?}");
    let min_in = picked.iter().map(z_of).fold(f64::MAX, f64::min);
    let max_out = a
        .ids
        .iter()
        .enumerate()
        .filter(|(_, id)| !picked.contains(&PlaceId::Province(**id)))
        .map(|(i, _)| lisa.z[i])
        .fold(f64::MIN, f64::max);
    assert!(min_in > max_out, "{min_in} > {max_out}");
    // The map outlines the same selection: the details sum it.
    assert!(
        h.query_by_label(&format!("已选 {} 处", picked.len()))
            .is_some()
    );
}

#[test]
fn nine_thousand_permutations_run_on_a_worker_while_the_window_keeps_drawing() {
    let mut h = harness();
    let ctx = h.ctx.clone();
    let mut c = h.state().state.settings.choropleth.clone();
    c.panel = Some("gdp".to_owned());
    c.year = Some(2023);
    h.state_mut()
        .apply(&ctx, oib_atlas::state::Command::SetChoropleth(c));
    h.state_mut().apply(
        &ctx,
        oib_atlas::state::Command::ShowBottom(oib_atlas::state::BottomTab::Chart(
            oib_atlas::core::settings::ChartTab::Spatial,
        )),
    );
    let mut s = h.state().state.settings.spatial.clone();
    s.permutations = 9999;
    s.map = oib_atlas::core::settings::SpatialMap::Clusters;
    h.state_mut()
        .apply(&ctx, oib_atlas::state::Command::SetSpatial(s));
    h.step();
    // The frame after the change draws at once, saying what is being computed.
    assert!(h.query_by_label_contains("正在计算 9,999 次置换").is_some());
    assert!(h.state().state.spatial.is_computing());
    let started = std::time::Instant::now();
    while h.query_by_label_contains("Moran's I = ").is_none() {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(30),
            "the worker never finished"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
        h.step();
    }
    assert!(
        h.query_by_label_contains("9,999 permutations p =")
            .is_some()
            || h.query_by_label_contains("9,999 次置换 p =").is_some()
    );
    // Once back, the map's cluster legend counts every prefecture with a value.
    let counted: usize = h
        .query_all_by_label_contains("图例 ")
        .filter_map(|n| {
            let r = format!("{n:?}");
            let at = r.find("   (")? + 4;
            r[at..].split(')').next()?.parse::<usize>().ok()
        })
        .sum();
    let oib_atlas::state::spatial::SpatialResult::Ready(a) = h.state().state.spatial_analysis()
    else {
        panic!("the worker's result is kept");
    };
    assert_eq!(
        counted,
        a.ids.len(),
        "every prefecture with a value is classed"
    );
    assert_eq!(a.lisa.as_ref().map(|l| l.permutations), Some(9999));
}

#[test]
fn a_weights_file_is_used_when_good_and_refused_with_its_line_when_not() {
    let mut h = harness();
    let ctx = h.ctx.clone();
    let mut c = h.state().state.settings.choropleth.clone();
    c.indicator = oib_atlas::core::indicators::ProvinceIndicator::Gdp2023;
    h.state_mut()
        .apply(&ctx, oib_atlas::state::Command::SetChoropleth(c));
    let dir = std::env::temp_dir().join(format!("oib-weights-ui-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // Six nearest neighbours, written as GeoDa does and read back by the window.
    let ds = h.state().state.ds.clone();
    let w = oib_atlas::core::spatial::weights::build(
        &ds,
        oib_atlas::core::spatial::weights::UnitLevel::Province,
        oib_atlas::core::spatial::weights::Rule::Knn(6),
    );
    let good = dir.join("knn6.gwt");
    std::fs::write(
        &good,
        oib_atlas::core::spatial::weights::to_gwt(&w, "adcode"),
    )
    .unwrap();
    h.state_mut().apply(
        &ctx,
        oib_atlas::state::Command::LoadWeightsFile(good.display().to_string()),
    );
    let file = h.state().state.settings.spatial.weights_file.clone();
    assert_eq!(file.map(|f| f.path), Some(good.display().to_string()));
    let oib_atlas::state::spatial::SpatialResult::Ready(a) = h.state().state.spatial_analysis()
    else {
        panic!("ready");
    };
    assert_eq!(a.weights_file.as_deref(), Some(good.to_str().unwrap()));
    // Under six nearest neighbours Hainan has neighbours: no island any more.
    assert!(a.islands.is_empty(), "{:?}", a.islands);
    let links = |w: &oib_atlas::core::spatial::weights::Weights| -> usize {
        w.neighbors.iter().map(Vec::len).sum()
    };
    // The same file, edited (two neighbours each) and read again: the analysis follows.
    let w2 = oib_atlas::core::spatial::weights::build(
        &ds,
        oib_atlas::core::spatial::weights::UnitLevel::Province,
        oib_atlas::core::spatial::weights::Rule::Knn(2),
    );
    std::fs::write(
        &good,
        oib_atlas::core::spatial::weights::to_gwt(&w2, "adcode"),
    )
    .unwrap();
    h.state_mut().apply(
        &ctx,
        oib_atlas::state::Command::LoadWeightsFile(good.display().to_string()),
    );
    let oib_atlas::state::spatial::SpatialResult::Ready(a2) = h.state().state.spatial_analysis()
    else {
        panic!("ready");
    };
    assert!(
        links(&a2.weights) < links(&a.weights),
        "the edited file is used"
    );
    // A file naming a unit that does not exist: refused with its line, nothing changed.
    let bad = dir.join("bad.gal");
    std::fs::write(&bad, "0 2 adcode\n110000 1\n999999\n120000 1\n110000\n").unwrap();
    let before = h.state().state.settings.spatial.clone();
    h.state_mut().apply(
        &ctx,
        oib_atlas::state::Command::LoadWeightsFile(bad.display().to_string()),
    );
    assert_eq!(h.state().state.settings.spatial, before);
    let notice = h.state().state.notice.clone().unwrap_or_default();
    assert!(
        notice.contains("bad.gal") && notice.contains("line 3"),
        "{notice}"
    );
    // Back to the rule: queen contiguity, under which Hainan is an island again.
    h.state_mut()
        .apply(&ctx, oib_atlas::state::Command::ClearWeightsFile);
    assert!(h.state().state.settings.spatial.weights_file.is_none());
    let oib_atlas::state::spatial::SpatialResult::Ready(a3) = h.state().state.spatial_analysis()
    else {
        panic!("ready");
    };
    assert!(a3.weights_file.is_none() && a3.islands.contains(&460000));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_density_surface_is_drawn_with_a_key_naming_its_city_set() {
    let mut h = harness();
    let ctx = h.ctx.clone();
    let mut s = h.state().state.settings.spatial.clone();
    s.density = true;
    s.bandwidth_km = Some(250.0);
    h.state_mut()
        .apply(&ctx, oib_atlas::state::Command::SetSpatial(s));
    h.run();
    let app = h.state_mut();
    let frame = app.map.frame_classes(&app.state);
    let (g, colors) = frame.density.expect("the surface is asked for");
    assert_eq!(colors.len(), g.values.len(), "a colour per cell");
    let confirmed = app
        .state
        .ds
        .cities
        .iter()
        .filter(|c| c.evidence == oib_atlas::core::model::EvidenceTier::Confirmed)
        .count();
    assert_eq!(g.n, confirmed);
    assert!(!g.scott && (g.bandwidth_km - 250.0).abs() < 1e-9 && g.max > 0.0);
    // Each city adds one unit of mass: the surface sums to the number of cities (cells of
    // 20 km, values per 10,000 km²), less what spills past the grid's edge.
    let cell_km2 = (g.cell_m / 1000.0).powi(2);
    let mass: f64 = g
        .values
        .iter()
        .map(|v| f64::from(*v) * cell_km2 / 1e4)
        .sum();
    assert!((mass - confirmed as f64).abs() < 0.5, "{mass}");
}

#[test]
fn every_selected_prefecture_gets_its_own_line_in_the_trends_chart() {
    let mut h = harness();
    let ctx = h.ctx.clone();
    let mut c = h.state().state.settings.choropleth.clone();
    c.panel = Some("secondary_share".to_owned());
    c.year = Some(2013);
    h.state_mut()
        .apply(&ctx, oib_atlas::state::Command::SetChoropleth(c));
    h.state_mut().apply(
        &ctx,
        oib_atlas::state::Command::ShowBottom(oib_atlas::state::BottomTab::Chart(
            oib_atlas::core::settings::ChartTab::Trends,
        )),
    );
    // 沈阳 and 大连 (prefectures), and 鞍山 (as its city): three units, 鞍山 primary.
    for (k, place) in [
        PlaceId::Prefecture(210100),
        PlaceId::Prefecture(210200),
        PlaceId::City(210300),
    ]
    .into_iter()
    .enumerate()
    {
        let cmd = if k == 0 {
            oib_atlas::state::Command::Select(Some(place))
        } else {
            oib_atlas::state::Command::SelectToggle(place)
        };
        h.state_mut().apply(&ctx, cmd);
    }
    h.run();
    // The primary selection is the one made last.
    assert!(
        h.query_by_label_contains("鞍山市 等 3 个所选单位")
            .is_some(),
        "the legend names the primary selection and counts the rest"
    );
    // A total (GDP, not indexed) is summed by group: no city gets a line, and it says so.
    let mut c = h.state().state.settings.choropleth.clone();
    c.panel = Some("gdp".to_owned());
    h.state_mut()
        .apply(&ctx, oib_atlas::state::Command::SetChoropleth(c));
    let mut t = h.state().state.settings.trends.clone();
    t.indexed = false;
    h.state_mut()
        .apply(&ctx, oib_atlas::state::Command::SetTrends(t));
    h.run();
    assert!(h.query_by_label_contains("不单独画线").is_some());
}

#[test]
fn a_drag_down_the_city_table_selects_every_row_it_crosses() {
    let mut h = harness();
    let ctx = h.ctx.clone();
    h.state_mut().apply(
        &ctx,
        oib_atlas::state::Command::ShowBottom(oib_atlas::state::BottomTab::Table),
    );
    h.run();
    let ds = h.state().state.ds.clone();
    let rows =
        oib_atlas::panels::table::rows(&ds, &Default::default(), &[], Default::default(), false);
    let name = |r: usize| {
        let c = &ds.cities[rows[r]];
        format!("{} {}", c.name_zh, c.name_en)
    };
    let from = h.get_by_label(&name(0)).rect().center();
    let to = h.get_by_label(&name(3)).rect().center();
    drag(&mut h, from, to, 6);
    let expected: Vec<PlaceId> = (0..4)
        .map(|r| PlaceId::City(ds.cities[rows[r]].adcode))
        .collect();
    assert_eq!(selected(&h), expected);
    assert!(h.query_by_label("已选 4 处").is_some());
}
