//! Nothing on the map is clipped or overprinted, at the projector and desktop sizes, in both
//! languages: every text the map paints (place names, the legend, the credit, the inset's
//! label) lies inside the map and overlaps no other. Painted text has no AccessKit node, so
//! this reads the frame's text shapes.

use egui_kittest::Harness;
use oib_atlas::app::AtlasApp;
use oib_atlas::core::settings::Lang;
use oib_atlas::state::Command;

const SIZES: [(f32, f32); 3] = [(1024.0, 768.0), (1366.0, 768.0), (1920.0, 1080.0)];

fn texts(shape: &egui::Shape, out: &mut Vec<(egui::Rect, String)>) {
    match shape {
        egui::Shape::Text(t) if !t.galley.text().trim().is_empty() => {
            out.push((t.visual_bounding_rect(), t.galley.text().to_owned()));
        }
        egui::Shape::Vec(v) => v.iter().for_each(|s| texts(s, out)),
        _ => {}
    }
}

/// Pairs of texts whose rects overlap by more than `min_area` square points.
fn overprints(texts: &[(egui::Rect, &String)], min_area: f32) -> Vec<String> {
    let mut problems = Vec::new();
    for (i, (a, ta)) in texts.iter().enumerate() {
        for (b, tb) in &texts[i + 1..] {
            let overlap = a.intersect(*b);
            if overlap.is_positive() && overlap.area() > min_area {
                problems.push(format!("{ta:?} overprints {tb:?}"));
            }
        }
    }
    problems
}

/// Steps through every slide of the lesson (already started), collecting `check`'s problems
/// prefixed with `what` and the slide's number.
fn on_every_slide(
    h: &mut Harness<'_, AtlasApp>,
    what: &str,
    check: fn(&Harness<'_, AtlasApp>) -> Vec<String>,
    problems: &mut Vec<String>,
) {
    let n = h.state().state.story.as_ref().expect("story").slides.len();
    for i in 0..n {
        for p in check(h) {
            problems.push(format!("{what} slide {}: {p}", i + 1));
        }
        h.key_press(egui::Key::ArrowRight);
        h.run();
    }
}

/// Fails with every problem listed (the same problem on successive steps once).
fn assert_none(mut problems: Vec<String>) {
    problems.dedup();
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

fn harness(w: f32, h: f32, lang: Lang) -> Harness<'static, AtlasApp> {
    let mut app = AtlasApp::with_embedded_data().expect("embedded data");
    app.apply(&egui::Context::default(), Command::SetLang(lang));
    let mut h = Harness::builder()
        .with_size(egui::vec2(w, h))
        .with_max_steps(400)
        .with_context_setup(oib_atlas::fonts::install)
        .build_ui_state(|ui, app: &mut AtlasApp| app.ui(ui), app);
    h.run();
    h
}

/// Problems with the map's painted text in the last frame.
fn map_text_problems(h: &Harness<'_, AtlasApp>) -> Vec<String> {
    let map = h.state().map.last_rect();
    let mut on_map = Vec::new();
    for clipped in &h.output().shapes {
        // The map paints with a painter clipped to its own rect.
        if clipped.clip_rect == map {
            texts(&clipped.shape, &mut on_map);
        }
    }
    let mut problems = Vec::new();
    if on_map.len() < 10 {
        problems.push(format!("only {} texts found on the map", on_map.len()));
    }
    for (r, t) in &on_map {
        if !map.expand(0.5).contains_rect(*r) {
            problems.push(format!("{t:?} leaves the map: {r:?} not in {map:?}"));
        }
    }
    let on_map: Vec<_> = on_map.iter().map(|(r, t)| (*r, t)).collect();
    problems.extend(overprints(&on_map, 2.0));
    problems
}

#[test]
fn the_map_paints_no_clipped_or_overlapping_text_at_any_size() {
    let mut problems = Vec::new();
    for (w, hgt) in SIZES {
        for lang in [Lang::Zh, Lang::En] {
            let h = harness(w, hgt, lang);
            for p in map_text_problems(&h) {
                problems.push(format!("{w}×{hgt} {lang:?}: {p}"));
            }
        }
    }
    assert_none(problems);
}

#[test]
fn slide_maps_paint_no_clipped_or_overlapping_text_at_projector_sizes() {
    let mut problems = Vec::new();
    for (w, hgt) in SIZES {
        for lang in [Lang::Zh, Lang::En] {
            let mut h = harness(w, hgt, lang);
            h.key_press(egui::Key::F5);
            h.run();
            let what = format!("{w}×{hgt} {lang:?}");
            on_every_slide(&mut h, &what, map_text_problems, &mut problems);
        }
    }
    assert_none(problems);
}

/// Every text the window paints, with its clip rect.
fn all_texts_of<S>(h: &Harness<'_, S>) -> Vec<(egui::Rect, egui::Rect, String)> {
    let mut out = Vec::new();
    for clipped in &h.output().shapes {
        let mut here = Vec::new();
        texts(&clipped.shape, &mut here);
        out.extend(here.into_iter().map(|(r, t)| (clipped.clip_rect, r, t)));
    }
    out
}

/// Text cut off or overprinted anywhere in the window. A text cut at the top or bottom of its
/// clip rect is a row scrolled half out of view (the user scrolls to it) and is allowed; cut
/// at the left or right it has lost letters, which is not.
fn window_text_problems(h: &Harness<'_, AtlasApp>) -> Vec<String> {
    text_problems(h, true)
}

/// A slide has nothing to scroll: any text cut off at its clip rect is a problem.
fn slide_text_problems(h: &Harness<'_, AtlasApp>) -> Vec<String> {
    text_problems(h, false)
}

fn text_problems<S>(h: &Harness<'_, S>, scrolling: bool) -> Vec<String> {
    let texts = all_texts_of(h);
    let mut visible = Vec::new();
    let mut problems = Vec::new();
    for (clip, r, t) in &texts {
        let shown = r.intersect(*clip);
        if !shown.is_positive() {
            continue;
        }
        if r.left() < clip.left() - 0.5 || r.right() > clip.right() + 0.5 {
            problems.push(format!("{t:?} is cut at the side: {r:?} in clip {clip:?}"));
        } else if !scrolling && (r.top() < clip.top() - 0.5 || r.bottom() > clip.bottom() + 0.5) {
            problems.push(format!(
                "{t:?} is cut at the top or bottom: {r:?} in clip {clip:?}"
            ));
        }
        visible.push((shown, t));
    }
    problems.extend(overprints(&visible, 4.0));
    problems
}

#[test]
fn the_window_paints_no_clipped_or_overlapping_text_in_any_view() {
    use oib_atlas::charts::ChartTab;
    use oib_atlas::state::BottomTab;
    let mut problems = Vec::new();
    for (w, hgt) in SIZES {
        for lang in [Lang::Zh, Lang::En] {
            let mut h = harness(w, hgt, lang);
            let ctx = h.ctx.clone();
            let views = ChartTab::ALL
                .into_iter()
                .map(BottomTab::Chart)
                .chain([BottomTab::Table]);
            for view in views {
                h.state_mut().apply(&ctx, Command::ShowBottom(view));
                h.run();
                for p in window_text_problems(&h) {
                    // The city table scrolls sideways (checked below): a column half in view
                    // is not cut off.
                    if view == BottomTab::Table && p.contains("cut at the side") {
                        continue;
                    }
                    problems.push(format!("{w}×{hgt} {lang:?} {view:?}: {p}"));
                }
            }
        }
    }
    assert_none(problems);
}

/// The city table's last column, cut off at a small window's edge, scrolls fully into view.
#[test]
fn the_city_tables_last_column_scrolls_into_view() {
    use egui_kittest::kittest::Queryable;
    use oib_atlas::state::BottomTab;
    let mut h = harness(1024.0, 768.0, Lang::Zh);
    let ctx = h.ctx.clone();
    h.state_mut()
        .apply(&ctx, Command::ShowBottom(BottomTab::Table));
    h.run();
    let last = "增长倍数 2013→2023";
    let panel_right = h.state().map.last_rect().right();
    let before = h.get_by_label_contains(last).rect();
    assert!(
        before.right() > panel_right,
        "the column fits already: {before:?}"
    );
    h.get_by_label_contains(last).scroll_to_me();
    h.run();
    let after = h.get_by_label_contains(last).rect();
    assert!(
        after.right() <= panel_right + 1.0,
        "the last column did not scroll into view: {after:?}, panel ends at {panel_right}"
    );
}

#[test]
fn slides_paint_no_clipped_or_overlapping_text_at_any_size() {
    let mut problems = Vec::new();
    for (w, hgt) in SIZES {
        for lang in [Lang::Zh, Lang::En] {
            let mut h = harness(w, hgt, lang);
            h.key_press(egui::Key::F5);
            h.run();
            let what = format!("{w}×{hgt} {lang:?}");
            on_every_slide(&mut h, &what, slide_text_problems, &mut problems);
        }
    }
    assert_none(problems);
}

/// Ctrl + enlarges a slide in proportion only as far as it still fits: asked for 300 %, each
/// projector size settles at its largest zoom and no slide text is cut or overprinted.
#[test]
fn slides_at_the_largest_zoom_still_fit() {
    let mut problems = Vec::new();
    for (w, hgt) in SIZES {
        let mut h = harness(w, hgt, Lang::Zh);
        h.key_press(egui::Key::F5);
        h.run();
        h.ctx.set_zoom_factor(3.0);
        h.run();
        let zoom = h.ctx.zoom_factor();
        let room = h.ctx.content_rect().size();
        assert!(zoom < 3.0 && zoom > 1.2, "{w}×{hgt}: zoom {zoom}");
        assert!(
            room.x >= 799.0 && room.y >= 559.0,
            "{w}×{hgt}: {room:?} at zoom {zoom}"
        );
        let what = format!("{w}×{hgt} at {:.0} %", zoom * 100.0);
        on_every_slide(&mut h, &what, slide_text_problems, &mut problems);
    }
    assert_none(problems);
}

#[test]
fn the_lesson_editor_and_the_presenter_view_paint_no_clipped_or_overlapping_text() {
    use oib_atlas::state::LessonCommand;
    let ds = oib_atlas::core::dataset::Dataset::load_embedded().unwrap();
    let story = oib_atlas::core::story::parse_story(
        "default.toml",
        oib_atlas::core::story::DEFAULT_STORY,
        &ds,
    )
    .unwrap();
    let mut problems = Vec::new();
    for (w, hgt) in SIZES {
        for lang in [Lang::Zh, Lang::En] {
            let mut h = harness(w, hgt, lang);
            let ctx = h.ctx.clone();
            // The built-in lesson in the editor, on a slide with long notes. (The preview
            // is a window over the map, so its text lies over the map's by design.)
            h.state_mut().lesson_editor.preview = false;
            h.state_mut()
                .apply(&ctx, Command::Lesson(LessonCommand::Edit));
            h.state_mut()
                .apply(&ctx, Command::Lesson(LessonCommand::Select(5)));
            h.run();
            for p in window_text_problems(&h) {
                problems.push(format!("{w}×{hgt} {lang:?} editor: {p}"));
            }
            // The presenter view on its own screen of this size.
            let pictures = oib_atlas::slide_pictures::SlidePictures::default();
            let story = story.clone();
            let mut p = Harness::builder()
                .with_size(egui::vec2(w, hgt))
                .with_context_setup(oib_atlas::fonts::install)
                .build_ui(move |ui| {
                    egui::CentralPanel::default().show(ui, |ui| {
                        oib_atlas::presenter_view::presenter_ui(
                            ui,
                            &story,
                            &pictures,
                            5,
                            0.0,
                            lang,
                            &mut Vec::new(),
                        );
                    });
                });
            p.run_steps(2);
            for problem in text_problems(&p, true) {
                problems.push(format!("{w}×{hgt} {lang:?} presenter: {problem}"));
            }
        }
    }
    assert_none(problems);
}
