//! Classroom mode: step through every slide by keyboard and check what each shows.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use oib_atlas::app::AtlasApp;
use oib_atlas::core::settings::Lang;
use oib_atlas::state::Command;

fn harness(lang: Lang) -> Harness<'static, AtlasApp> {
    let mut app = AtlasApp::with_embedded_data().expect("embedded data");
    app.apply(&egui::Context::default(), Command::SetLang(lang));
    let mut h = Harness::builder()
        .with_size(egui::vec2(1920.0, 1080.0))
        .with_max_steps(400)
        .with_context_setup(oib_atlas::fonts::install)
        .build_ui_state(|ui, app: &mut AtlasApp| app.ui(ui), app);
    h.run();
    h
}

fn step_through(lang: Lang) {
    let mut h = harness(lang);
    h.key_press(egui::Key::F5);
    h.run();
    assert!(h.state().presentation.active);
    let story = h.state().state.story.clone().expect("the built-in story");
    let n = story.slides.len();
    for (i, slide) in story.slides.iter().enumerate() {
        assert_eq!(h.state().presentation.index, i);
        let (title, counter) = (
            if lang.is_zh() {
                &slide.title_zh
            } else {
                &slide.title_en
            },
            format!("{} / {n}", i + 1),
        );
        assert!(
            h.query_by_label(title).is_some(),
            "slide {i}: title {title}"
        );
        assert!(
            h.query_by_label(&counter).is_some(),
            "slide {i}: counter {counter}"
        );
        // Map state: the slide's indicator is on the map, its places ringed, and the camera
        // has arrived at the slide's view.
        let ind = match slide.panel {
            Some(column) => column.name(lang),
            None => slide.indicator.label(lang.is_zh()),
        };
        assert!(
            h.query_all_by_label_contains(ind).next().is_some(),
            "slide {i}: indicator {ind}"
        );
        let map = &h.state().map;
        assert_eq!(map.highlights(), slide.highlight, "slide {i}");
        assert!(!map.is_animating(), "slide {i}: camera still moving");
        let want = map.camera_for_lonlat(map.last_rect(), slide.view);
        let got = map.camera().expect("the map has a camera");
        assert!(
            (got.scale / want.scale - 1.0).abs() < 1e-6,
            "slide {i}: scale {} vs {}",
            got.scale,
            want.scale
        );
        assert!(
            (got.center[0] - want.center[0]).abs() < 1.0
                && (got.center[1] - want.center[1]).abs() < 1.0,
            "slide {i}"
        );
        // Alternate the keys a clicker sends.
        h.key_press(if i % 2 == 0 {
            egui::Key::ArrowRight
        } else {
            egui::Key::PageDown
        });
        h.run();
    }
    // Past the end it stays on the last slide; back goes back; Esc leaves.
    assert_eq!(h.state().presentation.index, n - 1);
    h.key_press(egui::Key::ArrowLeft);
    h.run();
    assert_eq!(h.state().presentation.index, n - 2);
    h.key_press(egui::Key::PageUp);
    h.run();
    assert_eq!(h.state().presentation.index, n - 3);
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(!h.state().presentation.active);
    assert!(h.state().map.highlights().is_empty());
}

#[test]
fn every_slide_by_keyboard_in_chinese() {
    step_through(Lang::Zh);
}

#[test]
fn every_slide_by_keyboard_in_english() {
    step_through(Lang::En);
}

#[test]
fn a_malformed_story_file_reports_its_line_and_changes_nothing() {
    let mut h = harness(Lang::Zh);
    let before = h.state().state.story.clone().unwrap();
    let dir = std::env::temp_dir().join(format!("atlas-story-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.toml");
    // Synthetic fixture: the built-in story with an unknown chart on one slide.
    let text =
        oib_atlas::core::story::DEFAULT_STORY.replacen("chart = \"growth\"", "chart = \"pie\"", 1);
    let line = text[..text.find("chart = \"pie\"").unwrap()]
        .lines()
        .count()
        + 1;
    std::fs::write(&bad, &text).unwrap();
    h.state_mut()
        .panels
        .story_dialog
        .open_with(bad.display().to_string());
    h.run();
    h.get_by_label("打开").click();
    h.run();
    let err = h.state().panels.story_dialog.error.clone().unwrap();
    assert!(
        err.contains(&format!("line {line}")) && err.contains("pie"),
        "{err}"
    );
    assert!(h.query_by_label_contains(&format!("line {line}")).is_some());
    assert!(
        std::sync::Arc::ptr_eq(&before, h.state().state.story.as_ref().unwrap()),
        "story unchanged"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The built-in lesson's own counts are the dataset's: a data update that changes them fails
/// here until the captions are rewritten (the truth rule: no stale number on a slide).
#[test]
fn the_lessons_counts_match_the_dataset() {
    use oib_atlas::core::model::{EvidenceTier, IndicatorLevel, RegionGroup};
    use oib_atlas::core::story::{DEFAULT_STORY, Highlight, parse_story};
    let ds = oib_atlas::core::dataset::Dataset::load_embedded().unwrap();
    let story = parse_story("default.toml", DEFAULT_STORY, &ds).unwrap();
    let count = |f: &dyn Fn(&oib_atlas::core::model::City) -> bool| {
        ds.cities.iter().filter(|c| f(c)).count()
    };
    let in_ne =
        |c: &oib_atlas::core::model::City| matches!(c.province_adcode, 210000 | 220000 | 230000);
    let tier = |t| move |c: &oib_atlas::core::model::City| in_ne(c) && c.evidence == t;
    // What a slide says: its on-screen caption and its speaker notes.
    let said = |i: usize| {
        let sl = &story.slides[i];
        format!("{}\n{}", sl.caption_zh, sl.notes_zh)
    };
    let slide2 = &said(1);
    for expected in [
        format!("找到{}个", count(&in_ne)),
        format!(
            "{}个有省或市的文件直接确认",
            count(&tier(EvidenceTier::Confirmed))
        ),
        format!("{}个只有间接证据", count(&tier(EvidenceTier::Indirect))),
        format!(
            "{}个只被描述为老工业基地",
            count(&tier(EvidenceTier::Described))
        ),
    ] {
        assert!(
            slide2.contains(&expected),
            "slide 2 should say {expected}: {slide2}"
        );
    }
    let region =
        |c: &oib_atlas::core::model::City| ds.province(c.province_adcode).map(|p| p.region);
    let third_front = count(&|c| region(c) == Some(RegionGroup::ThirdFrontCore));
    let slide3 = &said(2);
    assert!(
        slide3.contains(&format!("已找到{third_front}个城市")),
        "{slide3}"
    );
    let confirmed = count(&|c| c.evidence == EvidenceTier::Confirmed);
    // The last slide (after the one on change over time).
    let last = story.slides.len() - 1;
    let slide9 = &said(last);
    let expected = format!(
        "已找到{}个，其中{confirmed}个直接确认，{}个尚待确认",
        ds.cities.len(),
        120 - confirmed
    );
    assert!(slide9.contains(&expected), "{slide9}");
    let gdp_2023 = ds
        .indicators
        .iter()
        .filter(|v| v.level == IndicatorLevel::City && v.indicator == "GDP" && v.year == 2023)
        .count();
    assert!(slide9.contains(&format!("只有{gdp_2023}个城市有数据")));
    // The ringed provinces are exactly the mainland provinces with no city yet.
    let mut empty: Vec<u32> = ds
        .provinces
        .iter()
        .filter(|p| p.adcode < 710000) // the 31 mainland provinces
        .filter(|p| !ds.cities.iter().any(|c| c.province_adcode == p.adcode))
        .map(|p| p.adcode)
        .collect();
    let mut ringed: Vec<u32> = story.slides[last]
        .highlight
        .iter()
        .filter_map(|h| match h {
            Highlight::Province(a) => Some(*a),
            Highlight::City(_) => None,
        })
        .collect();
    empty.sort_unstable();
    ringed.sort_unstable();
    assert_eq!(ringed, empty);
}

/// Slides made for a room: a short caption on screen (at most 80 characters in Chinese, 20
/// words in English), the long text as speaker notes, which `N` shows under the caption.
#[test]
fn captions_are_short_and_the_notes_show_on_request() {
    use oib_atlas::core::story::{DEFAULT_STORY, parse_story};
    let ds = oib_atlas::core::dataset::Dataset::load_embedded().unwrap();
    let story = parse_story("default.toml", DEFAULT_STORY, &ds).unwrap();
    for (i, sl) in story.slides.iter().enumerate() {
        let zh = sl.caption_zh.chars().count();
        let en = sl.caption_en.split_whitespace().count();
        assert!(
            zh <= 80,
            "slide {}: {zh} characters: {}",
            i + 1,
            sl.caption_zh
        );
        assert!(en <= 20, "slide {}: {en} words: {}", i + 1, sl.caption_en);
        assert!(
            !sl.notes_zh.is_empty() && !sl.notes_en.is_empty(),
            "slide {} has notes in both languages",
            i + 1
        );
    }
    let mut h = harness(Lang::Zh);
    h.key_press(egui::Key::F5);
    h.run();
    let first_notes = &story.slides[0].notes_zh;
    let prefix: String = first_notes.chars().take(12).collect();
    assert!(
        h.query_by_label_contains(&prefix).is_none(),
        "notes hidden at first"
    );
    h.key_press(egui::Key::N);
    h.run();
    assert!(
        h.query_by_label_contains(&format!("讲稿：{prefix}"))
            .is_some()
    );
    h.key_press(egui::Key::N);
    h.run();
    assert!(h.query_by_label_contains(&prefix).is_none());
}

#[test]
fn presenter_keys_blank_the_screen_jump_and_show_the_overview() {
    let mut h = harness(Lang::Zh);
    h.key_press(egui::Key::F5);
    h.run();
    let p = |h: &Harness<'_, AtlasApp>| {
        let p = &h.state().presentation;
        (p.index, p.blank, p.overview)
    };
    use oib_atlas::story_view::Blank;
    h.key_press(egui::Key::B);
    h.run();
    assert_eq!(p(&h), (0, Some(Blank::Black), false));
    assert!(h.query_by_label_contains("再按 B / W").is_some());
    h.key_press(egui::Key::B);
    h.run();
    assert_eq!(p(&h), (0, None, false));
    h.key_press(egui::Key::W);
    h.run();
    assert_eq!(p(&h).1, Some(Blank::White));
    // Moving on shows the slide again.
    h.key_press(egui::Key::ArrowRight);
    h.run();
    assert_eq!(p(&h), (1, None, false));
    // 7, Enter: slide 7.
    h.key_press(egui::Key::Num7);
    h.step();
    assert!(h.query_by_label_contains("转到第 7").is_some());
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(p(&h).0, 6);
    // G: the overview; a click there goes to that slide and closes it.
    h.key_press(egui::Key::G);
    h.run();
    assert!(p(&h).2);
    let story = h.state().state.story.clone().unwrap();
    h.get_by_label(&format!("3  {}", story.slides[2].title_zh))
        .click();
    h.run();
    assert_eq!(p(&h), (2, None, false));
    // Esc closes the overview first, then leaves.
    h.key_press(egui::Key::G);
    h.run();
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(h.state().presentation.active && !p(&h).2);
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(!h.state().presentation.active);
}

#[test]
fn the_presenter_view_shows_now_next_notes_and_time_and_moves_the_slides() {
    let mut h = harness(Lang::Zh);
    h.key_press(egui::Key::F5);
    h.run();
    h.key_press_modifiers(egui::Modifiers::ALT, egui::Key::F5);
    h.run();
    assert!(h.state().presentation.presenter.open);
    let story = h.state().state.story.clone().unwrap();
    let n = story.slides.len();
    // Without a second window (tests), egui draws it inside the main one.
    let window = h.get_by_label("演讲者视图 · 老工业基地地图集");
    assert!(
        window.query_by_label(&format!("第 1 / {n} 张")).is_some(),
        "slide number"
    );
    assert!(window.query_by_label_contains("用时 00:").is_some());
    let notes_start: String = story.slides[0].notes_zh.chars().take(10).collect();
    assert!(
        window.query_by_label_contains(&notes_start).is_some(),
        "the notes in full, without pressing N"
    );
    assert!(
        window.query_by_label(&story.slides[1].title_zh).is_some(),
        "next title"
    );
    window.get_by_label("下一张 ▶").click();
    h.run();
    assert_eq!(h.state().presentation.index, 1);
    let window = h.get_by_label("演讲者视图 · 老工业基地地图集");
    assert!(window.query_by_label(&format!("第 2 / {n} 张")).is_some());
    // Alt+F5 again closes it; leaving the lesson closes it too.
    h.key_press_modifiers(egui::Modifiers::ALT, egui::Key::F5);
    h.run();
    assert!(!h.state().presentation.presenter.open);
    assert!(h.query_by_label("演讲者视图 · 老工业基地地图集").is_none());
    h.key_press_modifiers(egui::Modifiers::ALT, egui::Key::F5);
    h.run();
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(!h.state().presentation.active && !h.state().presentation.presenter.open);
}

#[test]
fn high_contrast_turns_the_slide_black_on_white_and_back() {
    let mut h = harness(Lang::En);
    h.key_press(egui::Key::F5);
    h.run();
    assert!(!h.state().state.settings.high_contrast);
    // The colour the slide's caption is painted in (its first glyph's).
    let caption_colour = |h: &Harness<'_, AtlasApp>| {
        let story = h.state().state.story.clone().unwrap();
        let caption = story.slides[0].caption_en.clone();
        h.output()
            .shapes
            .iter()
            .find_map(|clipped| match &clipped.shape {
                egui::Shape::Text(t) if t.galley.text() == caption => {
                    Some(t.override_text_color.unwrap_or_else(|| {
                        t.galley
                            .job
                            .sections
                            .first()
                            .map_or(t.fallback_color, |s| s.format.color)
                    }))
                }
                _ => None,
            })
            .expect("the caption is painted")
    };
    let normal = caption_colour(&h);
    assert_ne!(normal, egui::Color32::BLACK);
    h.key_press(egui::Key::H);
    h.run();
    assert!(h.state().state.settings.high_contrast);
    assert_eq!(caption_colour(&h), egui::Color32::BLACK);
    // The switch is in the bar's Tools menu too.
    h.get_by_label_contains("Tools: ").click();
    h.run();
    h.get_by_label("High contrast (H)").click();
    h.run();
    assert!(!h.state().state.settings.high_contrast);
    assert_eq!(caption_colour(&h), normal);
}

#[test]
fn sources_take_one_readable_line_until_asked_for() {
    let mut h = harness(Lang::En);
    h.key_press(egui::Key::F5);
    h.run();
    let story = h.state().state.story.clone().unwrap();
    let sources = &story.slides[0].sources;
    assert!(sources.len() > 1, "the first slide names several sources");
    let n = sources.len();
    assert!(
        h.query_by_label_contains(&format!("Sources ({n}, S for all): "))
            .is_some(),
        "one line, saying how many"
    );
    assert!(
        h.query_by_label(&format!("Source: {}", sources[1]))
            .is_none()
    );
    h.key_press(egui::Key::S);
    h.run();
    for s in sources {
        assert!(
            h.query_by_label(&format!("Source: {s}")).is_some(),
            "each source on its own line: {s}"
        );
    }
    h.key_press(egui::Key::S);
    h.run();
    assert!(
        h.query_by_label(&format!("Source: {}", sources[1]))
            .is_none()
    );
}
