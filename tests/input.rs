//! Input that behaves: the wheel, double-clicks, search by keyboard, quick presenter keys,
//! leaving a lesson, filters that hide the selection, F1. Each drives the real app.

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use oib_atlas::app::AtlasApp;
use oib_atlas::core::model::RegionGroup;
use oib_atlas::core::place::PlaceId;
use oib_atlas::state::Command;

fn harness(size: egui::Vec2) -> Harness<'static, AtlasApp> {
    let app = AtlasApp::with_embedded_data().expect("embedded data");
    let mut h = Harness::builder()
        .with_size(size)
        // A frame at 60 Hz, so two clicks a step apart are a double-click.
        .with_step_dt(1.0 / 60.0)
        .with_max_steps(400)
        .with_context_setup(oib_atlas::fonts::install)
        .build_ui_state(|ui, app: &mut AtlasApp| app.ui(ui), app);
    h.run();
    h
}

fn wheel(h: &Harness<'_, AtlasApp>, at: egui::Pos2) {
    h.hover_at(at);
    h.event(egui::Event::MouseWheel {
        unit: egui::MouseWheelUnit::Point,
        delta: egui::vec2(0.0, 120.0),
        phase: egui::TouchPhase::Move,
        source: egui::MouseWheelSource::Unknown,
        modifiers: egui::Modifiers::NONE,
    });
}

/// A press and release of the primary button at `at`, in the next frame.
fn click_at(h: &Harness<'_, AtlasApp>, at: egui::Pos2) {
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos: at,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        });
    }
}

/// Half a second of frames: past the double-click window.
fn past_the_double_click_window(h: &mut Harness<'_, AtlasApp>) {
    for _ in 0..30 {
        h.step();
    }
}

fn scale(h: &Harness<'_, AtlasApp>) -> f64 {
    h.state().map.camera().expect("a camera").scale
}

#[test]
fn the_wheel_zooms_the_map_only_with_the_pointer_over_it() {
    let mut h = harness(egui::vec2(1366.0, 768.0));
    let before = scale(&h);
    // Over the left panel (which may scroll): the map keeps its zoom.
    wheel(&h, egui::pos2(100.0, 500.0));
    h.run();
    assert_eq!(scale(&h), before, "a panel's wheel reached the map");
    // Over the map: it zooms.
    let centre = h.state().map.last_rect().center();
    wheel(&h, centre);
    h.run();
    assert!(scale(&h) > before * 1.05, "{before} -> {}", scale(&h));
}

#[test]
fn a_double_click_on_empty_map_zooms_and_keeps_the_selection() {
    let mut h = harness(egui::vec2(1366.0, 768.0));
    let ctx = h.ctx.clone();
    let selected = Some(PlaceId::Province(230000));
    h.state_mut().apply(&ctx, Command::Select(selected.clone()));
    h.run();
    assert_eq!(h.state().state.selection().primary(), selected.as_ref());
    // The lower left corner of the map, beyond China's border: nothing to hit.
    let at = h.state().map.last_rect().left_bottom() + egui::vec2(30.0, -90.0);
    assert!(
        h.state()
            .map
            .hit_test(&h.state().state, h.state().map.last_rect(), at)
            .is_none()
    );
    let before = scale(&h);
    h.hover_at(at);
    h.step();
    // Two clicks one frame apart.
    for _ in 0..2 {
        click_at(&h, at);
        h.step();
    }
    past_the_double_click_window(&mut h);
    h.run();
    assert!(scale(&h) > before * 1.5, "double-click zooms");
    assert_eq!(h.state().state.selection().primary(), selected.as_ref());
    // A single click there does clear it (once no second click follows).
    click_at(&h, at);
    past_the_double_click_window(&mut h);
    h.run();
    assert!(h.state().state.selection().is_empty());
}

#[test]
fn enter_and_arrows_choose_among_search_results() {
    let mut h = harness(egui::vec2(1366.0, 768.0));
    let field = h.get_by_label("搜索");
    field.focus();
    h.run();
    h.get_by_label("搜索").type_text("shenyang");
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    let first = h.state().state.selection().primary().cloned();
    assert!(
        matches!(first, Some(PlaceId::City(_) | PlaceId::Prefecture(_))),
        "{first:?}"
    );
    // ↓ then Enter picks the second hit, which differs from the first.
    h.get_by_label("搜索").focus();
    h.run();
    h.get_by_label("搜索").type_text("shan");
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    let one = h.state().state.selection().primary().cloned();
    h.get_by_label("搜索").focus();
    h.run();
    h.get_by_label("搜索").type_text("shan");
    h.run();
    h.key_press(egui::Key::ArrowDown);
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    let two = h.state().state.selection().primary().cloned();
    assert!(
        one.is_some() && two.is_some() && one != two,
        "{one:?} {two:?}"
    );
}

#[test]
fn three_quick_presses_move_three_slides_and_leaving_restores_the_view() {
    let mut h = harness(egui::vec2(1366.0, 768.0));
    let camera_before = h.state().map.camera();
    h.key_press(egui::Key::F5);
    h.run();
    assert!(h.state().presentation.active);
    // Three presses in one frame, as a clicker on a slow PC sends them.
    h.key_press(egui::Key::ArrowRight);
    h.key_press(egui::Key::ArrowRight);
    h.key_press(egui::Key::PageDown);
    h.run();
    assert_eq!(h.state().presentation.index, 3);
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(!h.state().presentation.active);
    assert!(h.state().map.highlights().is_empty(), "no slide rings left");
    assert_eq!(
        h.state().map.camera(),
        camera_before,
        "the user's view is back"
    );
    assert_eq!(h.state().settings().last_slide, Some(3));
    // F5 again offers to resume where the lesson ended.
    h.key_press(egui::Key::F5);
    h.run();
    h.get_by_label("从第 4 张继续").click();
    h.run();
    assert_eq!(h.state().presentation.index, 3);
}

#[test]
fn a_filter_that_hides_the_selection_clears_it() {
    let mut h = harness(egui::vec2(1366.0, 768.0));
    h.get_by_label("四川省").click();
    h.run();
    assert_eq!(
        h.state().state.selection().primary(),
        Some(&PlaceId::Province(510000))
    );
    let mut f = h.state().settings().filter.clone();
    f.region_groups.insert(RegionGroup::Northeast);
    let ctx = h.ctx.clone();
    h.state_mut().apply(&ctx, Command::SetFilter(f));
    h.run();
    assert!(h.state().state.selection().is_empty());
    // "Zoom to filtered" frames the Northeast.
    h.get_by_label("缩放到筛选结果").click();
    h.run();
    let map = &h.state().map;
    let harbin = map.geometry().proj.project(126.6, 45.8);
    let s = map
        .camera()
        .expect("camera")
        .screen_from_projected(map.last_rect(), [harbin.x, harbin.y]);
    assert!(map.last_rect().contains(s), "Harbin is in view");
}

#[test]
fn f1_lists_the_shortcuts() {
    let mut h = harness(egui::vec2(1024.0, 768.0));
    assert!(h.query_by_label("键盘快捷键").is_none());
    h.key_press(egui::Key::F1);
    h.run();
    assert!(h.query_by_label("键盘快捷键").is_some());
    assert!(h.query_by_label_contains("开始或结束课堂演示").is_some());
}

/// A window once vanished after F5 then "English" (UX review, persona 2). Every slide in
/// both languages, at the projector sizes, switching language on a slide, must not panic.
#[test]
fn switching_language_during_a_presentation_at_projector_sizes_does_not_crash() {
    for size in [egui::vec2(1024.0, 768.0), egui::vec2(1366.0, 768.0)] {
        let mut h = harness(size);
        h.key_press(egui::Key::F5);
        h.run();
        h.get_by_label("English").click();
        h.run();
        let n = h.state().state.story.as_ref().expect("story").slides.len();
        for _ in 0..n {
            h.key_press(egui::Key::ArrowRight);
            h.run();
        }
        h.get_by_label("中文").click();
        h.run();
        h.key_press(egui::Key::Escape);
        h.run();
        assert!(!h.state().presentation.active);
    }
}

#[test]
fn an_export_names_its_absolute_path_and_the_next_one_goes_to_the_same_folder() {
    let mut h = harness(egui::vec2(1366.0, 768.0));
    let dir = std::env::temp_dir().join(format!("atlas-save-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let ctx = h.ctx.clone();
    h.state_mut()
        .apply(&ctx, Command::OpenExport(oib_atlas::state::Target::Map));
    // The default is a folder (Pictures or home), never a bare file name.
    let default = h.state().panels.export.path.path.clone();
    assert!(std::path::Path::new(&default).is_absolute(), "{default}");
    let out = dir.join("map.png");
    h.state_mut().panels.export.path.path = out.display().to_string();
    h.state_mut().panels.export.scale = 1.0;
    h.run();
    h.get_by_label("导出 PNG").click();
    for _ in 0..600 {
        h.step();
        if h.state().state.last_saved.is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    h.run();
    assert_eq!(h.state().state.last_saved.as_deref(), Some(out.as_path()));
    assert!(out.exists());
    let notice = h.state().state.notice.clone().unwrap_or_default();
    assert!(notice.contains(&out.display().to_string()), "{notice}");
    assert!(h.query_by_label("打开文件夹").is_some());
    // The next export is proposed in the same folder.
    h.state_mut()
        .apply(&ctx, Command::OpenExport(oib_atlas::state::Target::Map));
    let next = h.state().panels.export.path.path.clone();
    assert_eq!(next, dir.join("oib-atlas-map.png").display().to_string());
    std::fs::remove_dir_all(&dir).expect("cleanup");
}

#[test]
fn pinned_places_are_compared_side_by_side_with_years_on_missing_values() {
    let mut h = harness(egui::vec2(1920.0, 1080.0));
    let ctx = h.ctx.clone();
    // 沈阳 has no GDP 2023 in the reference data; 黑龙江 has both years.
    let shenyang = h
        .state()
        .state
        .ds
        .city_by_name("沈阳市")
        .expect("沈阳")
        .adcode;
    h.state_mut()
        .apply(&ctx, Command::Select(Some(PlaceId::City(shenyang))));
    h.run();
    h.get_by_label("加入对比").click();
    h.run();
    h.state_mut()
        .apply(&ctx, Command::Select(Some(PlaceId::Province(230000))));
    h.run();
    h.get_by_label("加入对比").click();
    h.run();
    assert_eq!(h.state().state.selection().pinned().len(), 2);
    assert!(h.query_by_label("对比").is_some());
    // Each name is on the map and now in the card too.
    assert!(h.query_all_by_label("沈阳市").count() >= 2);
    assert!(h.query_all_by_label("黑龙江省").count() >= 2);
    assert!(
        h.query_by_label("无数据 (2023)").is_some(),
        "a missing year is named"
    );
    // Unpinning from the card removes it.
    h.get_all_by_label("×")
        .next()
        .expect("a remove button")
        .click();
    h.run();
    assert_eq!(h.state().state.selection().pinned().len(), 1);
}

#[test]
fn the_legend_folds_to_its_title_and_unfolds() {
    let mut h = harness(egui::vec2(1366.0, 768.0));
    assert!(h.query_all_by_label_contains("图例 1").count() == 1);
    h.get_by_label("收起图例").click();
    h.run();
    assert!(h.state().settings().legend_collapsed);
    assert_eq!(h.query_all_by_label_contains("图例 1").count(), 0);
    h.get_by_label("展开图例").click();
    h.run();
    assert!(!h.state().settings().legend_collapsed);
    assert_eq!(h.query_all_by_label_contains("图例 1").count(), 1);
}

#[test]
fn selecting_a_province_brings_its_ranking_bar_into_view() {
    let mut h = harness(egui::vec2(1366.0, 768.0));
    let ctx = h.ctx.clone();
    h.state_mut().apply(
        &ctx,
        Command::ShowBottom(oib_atlas::state::BottomTab::Chart(
            oib_atlas::charts::ChartTab::ProvinceRanking,
        )),
    );
    h.run();
    // The bar lowest in the list sits below the window until something scrolls to it.
    let (name, bottom) = h
        .query_all_by_label_contains("柱形 ")
        .map(|n| {
            (
                n.accesskit_node().label().unwrap_or_default(),
                n.rect().max.y,
            )
        })
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .expect("ranking bars");
    assert!(bottom > 768.0, "{name} is already in view at {bottom}");
    let province = name.trim_start_matches("柱形 ").to_owned();
    let code = h
        .state()
        .state
        .ds
        .provinces
        .iter()
        .find(|p| p.name_zh == province)
        .expect("a province")
        .adcode;
    h.state_mut()
        .apply(&ctx, Command::Select(Some(PlaceId::Province(code))));
    h.run();
    let rect = h.get_by_label(&name).rect();
    assert!(rect.max.y <= 768.0, "{name} still out of view at {rect:?}");
}

#[test]
fn side_panels_hide_and_come_back() {
    let mut h = harness(egui::vec2(1024.0, 768.0));
    let ctx = h.ctx.clone();
    let map_width = h.state().map.last_rect().width();
    assert!(h.query_by_label("搜索").is_some());
    h.state_mut().apply(&ctx, Command::ToggleLeftPanel);
    h.state_mut().apply(&ctx, Command::ToggleRightPanel);
    h.run();
    assert!(h.query_by_label("搜索").is_none());
    assert!(h.query_by_label("详情").is_none());
    assert!(
        h.state().map.last_rect().width() > map_width + 300.0,
        "the map gets the room"
    );
    h.state_mut().apply(&ctx, Command::ToggleLeftPanel);
    h.run();
    assert!(h.query_by_label("搜索").is_some());
}

/// Dragging moves one picture of the map (smooth on software GL), and that picture is the
/// map the vectors draw when the drag ends: same places, labels, markers and legend.
#[test]
fn a_drag_moves_a_picture_of_the_map_that_matches_the_map_after_it() {
    let app = AtlasApp::with_embedded_data().expect("embedded data");
    let mut h = Harness::builder()
        .with_size(egui::vec2(1366.0, 768.0))
        .with_step_dt(1.0 / 60.0)
        .renderer(oib_atlas::raster::CpuRenderer::default())
        .with_context_setup(oib_atlas::fonts::install)
        .build_ui_state(|ui, app: &mut AtlasApp| app.ui(ui), app);
    h.run();
    let rect = h.state().map.last_rect();
    let start = rect.center();
    h.event(egui::Event::PointerButton {
        pos: start,
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: egui::Modifiers::NONE,
    });
    h.step();
    // Whole-pixel steps, as a mouse moves (a fractional move would resample the picture).
    let end = start + egui::vec2(60.0, 42.0);
    for i in 1..=6 {
        h.hover_at(start + (end - start) * (i as f32 / 6.0));
        h.step();
    }
    // The picture is rasterised on a worker thread; the drag shows vectors until it is ready.
    let mut waited = 0;
    while !h.state().map.showed_motion_picture() {
        assert!(waited < 500, "no motion picture after 5 s of dragging");
        std::thread::sleep(std::time::Duration::from_millis(10));
        h.step();
        waited += 1;
    }
    let during = h.render().unwrap();

    h.event(egui::Event::PointerButton {
        pos: end,
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: egui::Modifiers::NONE,
    });
    h.step();
    assert!(!h.state().map.showed_motion_picture());
    let after = h.render().unwrap();
    // Compare the map, leaving out the tooltip that appears at the pointer once the drag ends.
    let tooltip = egui::Rect::from_min_size(end - egui::vec2(20.0, 20.0), egui::vec2(340.0, 140.0));
    let (mut sum, mut far, mut n) = (0u64, 0u64, 0u64);
    for y in rect.top() as u32 + 1..rect.bottom() as u32 - 1 {
        for x in rect.left() as u32 + 1..rect.right() as u32 - 1 {
            if tooltip.contains(egui::pos2(x as f32, y as f32)) {
                continue;
            }
            let (a, b) = (during.get_pixel(x, y).0, after.get_pixel(x, y).0);
            let d = (0..3)
                .map(|i| u64::from(a[i].abs_diff(b[i])))
                .max()
                .unwrap();
            sum += d;
            far += u64::from(d > 16);
            n += 1;
        }
    }
    let (mean, share) = (sum as f64 / n as f64, far as f64 / n as f64);
    eprintln!(
        "dragged picture against the map: mean {mean:.2}, {:.2} % of pixels off by more than 16",
        share * 100.0
    );
    assert!(
        mean < 2.0 && share < 0.03,
        "the dragged picture differs from the map: mean {mean:.2}, {:.2} % of pixels",
        share * 100.0
    );
    // And the picture is not the empty sea: the map moved with it.
    let distinct: std::collections::HashSet<[u8; 4]> = (0..200)
        .map(|i| {
            during
                .get_pixel(rect.center().x as u32 + i, rect.center().y as u32)
                .0
        })
        .collect();
    assert!(distinct.len() > 3, "the dragged picture looks empty");
}

/// The export dialog offers SVG and PDF beside PNG: choosing one renames the file and the
/// button, and the file written is that format.
#[test]
fn the_export_dialog_writes_svg_and_pdf() {
    let mut h = harness(egui::vec2(1366.0, 768.0));
    let dir = std::env::temp_dir().join(format!("atlas-vector-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let ctx = h.ctx.clone();
    for (choice, button, magic) in [
        ("SVG（矢量）", "导出 SVG", &b"<svg"[..]),
        ("PDF（打印）", "导出 PDF", &b"%PDF"[..]),
    ] {
        h.state_mut()
            .apply(&ctx, Command::OpenExport(oib_atlas::state::Target::Map));
        h.state_mut().panels.export.path.path = dir.join("map.png").display().to_string();
        h.state_mut().state.last_saved = None;
        h.run();
        h.get_by_label(choice).click();
        h.run();
        let path = h.state().panels.export.path.path.clone();
        let ext = &button[button.len() - 3..].to_lowercase();
        assert!(path.ends_with(&format!("map.{ext}")), "{path}");
        h.get_by_label(button).click();
        for _ in 0..600 {
            h.step();
            if h.state().state.last_saved.is_some() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let bytes = std::fs::read(&path).expect("the export was written");
        assert!(bytes.starts_with(magic), "{path} is not {button}");
    }
    std::fs::remove_dir_all(&dir).ok();
}
