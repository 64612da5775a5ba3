//! The lesson editor end to end, driven through AccessKit labels as a teacher would: make a
//! three-slide lesson from the map, caption it, reorder it, save it, reopen it and present it.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use oib_atlas::app::AtlasApp;
use oib_atlas::core::settings::Lang;
use oib_atlas::state::Command;

fn harness() -> Harness<'static, AtlasApp> {
    let mut app = AtlasApp::with_embedded_data().expect("embedded data");
    app.apply(&egui::Context::default(), Command::SetLang(Lang::En));
    let mut h = Harness::builder()
        .with_size(egui::vec2(1920.0, 1080.0))
        .with_max_steps(400)
        .with_context_setup(oib_atlas::fonts::install)
        .build_ui_state(|ui, app: &mut AtlasApp| app.ui(ui), app);
    h.run();
    h
}

fn temp_dir(tag: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("atlas-lesson-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("a temporary directory");
    d
}

fn type_into(h: &mut Harness<'static, AtlasApp>, label: &str, text: &str) {
    h.get_by_label(label).click();
    h.run();
    h.get_by_label(label).type_text(text);
    h.run();
    // Leave the field, so the editor's keys (not the text field's) answer next.
    h.key_press(egui::Key::Escape);
    h.run();
}

fn titles(h: &Harness<'static, AtlasApp>) -> Vec<String> {
    let d = h.state().state.lesson.as_ref().expect("the editor is open");
    d.story.slides.iter().map(|s| s.title_en.clone()).collect()
}

#[test]
fn a_teacher_makes_captions_reorders_saves_reopens_and_presents_a_lesson() {
    let dir = temp_dir("e2e");
    let mut h = harness();
    h.get_by_label("Edit lesson").click();
    h.run();
    // The built-in lesson opens as a read-only template: Save is off until Save as.
    {
        let d = h.state().state.lesson.as_ref().expect("editor open");
        assert!(d.template && d.story.slides.len() >= 9);
    }
    assert!(h.query_by_label_contains("read-only template").is_some());
    h.get_by_label("New").click();
    h.run();
    assert!(h.query_by_label_contains("No slides yet").is_some());

    // Slide 1: the whole country as it opens.
    h.get_by_label("＋ Add this view as a slide").click();
    h.run();
    // Slide 2: Heilongjiang selected (ringed), the trends chart below.
    h.state_mut()
        .state
        .interaction
        .selection
        .set(Some(oib_atlas::core::place::PlaceId::Province(230000)));
    h.get_by_label("Over time").click();
    h.run();
    h.get_by_label("＋ Add this view as a slide").click();
    h.run();
    // Slide 3: zoomed in on the map, the ranking chart below.
    h.state_mut().map.zoom_by(3.0);
    h.get_by_label("Ranking").click();
    h.run();
    h.get_by_label("＋ Add this view as a slide").click();
    h.run();
    assert_eq!(titles(&h).len(), 3);
    let view3 = h.state().state.lesson.as_ref().unwrap().story.slides[2].view;
    let view1 = h.state().state.lesson.as_ref().unwrap().story.slides[0].view;
    assert!(
        view3[2] - view3[0] < (view1[2] - view1[0]) / 2.0,
        "slide 3 keeps the zoomed view: {view3:?} against {view1:?}"
    );

    // Caption slides 1 and 3; name slide 3.
    let first_title = titles(&h)[0].clone();
    h.get_by_label(&first_title).click();
    h.run();
    type_into(&mut h, "Caption (English)", "Where the old bases are");
    type_into(&mut h, "Caption (Chinese)", "老工业基地在哪里");
    let third = titles(&h)[2].clone();
    h.get_by_label(&third).click();
    h.run();
    h.get_by_label("Title (English)").click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_label("Title (English)")
        .type_text("Ranking up close");
    h.run();
    h.key_press(egui::Key::Escape);
    h.run();
    assert_eq!(titles(&h)[2], "Ranking up close");
    // A caption too long for a room is flagged.
    type_into(
        &mut h,
        "Caption (English)",
        "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty twentyone",
    );
    assert!(h.query_by_label_contains("over 20").is_some());
    h.get_by_label("↶ Undo").click();
    h.run();
    assert!(h.query_by_label_contains("over 20").is_none());

    // Reorder: slide 3 up to second place (the ▲ of the current slide), undo, redo.
    h.get_by_label("▲").click();
    h.run();
    let order = titles(&h);
    assert_eq!(order[1], "Ranking up close");
    h.get_by_label("↶ Undo").click();
    h.run();
    assert_eq!(titles(&h)[2], "Ranking up close");
    h.get_by_label("↷ Redo").click();
    h.run();
    assert_eq!(titles(&h), order);
    // Drag slide 3 by its handle onto slide 1: it goes first.
    let from = h.get_by_label("Drag slide 3").rect().center();
    let to = h.get_by_label("Drag slide 1").rect().center();
    h.hover_at(from);
    h.run();
    h.drag_at(from);
    h.step();
    for k in 1..=4 {
        h.hover_at(from + (to - from) * (k as f32 / 4.0));
        h.step();
    }
    h.drop_at(to);
    h.run();
    let dragged = titles(&h);
    assert_eq!(dragged[0], order[2], "{dragged:?}");
    assert_eq!(&dragged[1..], &order[..2]);
    h.get_by_label("↶ Undo").click();
    h.run();
    assert_eq!(titles(&h), order);

    // Save as, then the file says what the editor shows.
    let path = dir.join("my lesson.toml");
    type_into(&mut h, "Lesson file", &path.display().to_string());
    h.get_by_label("Save as").click();
    h.run();
    assert!(h.query_by_label_contains("unsaved changes").is_none());
    let text = std::fs::read_to_string(&path).expect("the lesson was written");
    let ds = h.state().state.ds.clone();
    let saved = oib_atlas::core::story::parse_story("my lesson.toml", &text, &ds).expect("valid");
    assert_eq!(saved.slides.len(), 3);
    assert_eq!(saved.slides[0].caption_en, "Where the old bases are");
    assert_eq!(saved.slides[0].caption_zh, "老工业基地在哪里");
    assert_eq!(saved.slides[1].title_en, "Ranking up close");
    assert!(text.contains("chart = \"ranking\""), "{text}");
    assert!(text.contains("chart = \"trends\""), "{text}");
    assert!(text.contains("highlight = [\"黑龙江省\"]"), "{text}");
    for (i, slide) in saved.slides.iter().enumerate() {
        assert!(
            !slide.sources.is_empty() && !slide.sources_zh.is_empty(),
            "slide {} names its source",
            i + 1
        );
    }

    // The handout, from the editor: beside the lesson file, two slides an A4 page.
    h.get_by_label("Handout (two a page)").click();
    h.run();
    let pdf = dir.join("my lesson-handout.pdf");
    let start = std::time::Instant::now();
    while !pdf.exists() && start.elapsed().as_secs() < 300 {
        std::thread::sleep(std::time::Duration::from_millis(200));
        h.step();
    }
    h.run();
    let info = std::process::Command::new("pdfinfo")
        .arg(&pdf)
        .output()
        .expect("pdfinfo (poppler-utils) runs");
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(info.contains("Pages:           2"), "{info}");
    assert!(h.query_by_label_contains("PDF written").is_some());

    // Close, reopen from the file: the same lesson.
    h.get_by_label("Close editor").click();
    h.run();
    assert!(h.state().state.lesson.is_none());
    h.get_by_label("Edit lesson").click();
    h.run();
    h.get_by_label("New").click();
    h.run();
    type_into(&mut h, "Open lesson", &path.display().to_string());
    h.get_by_label("Open").click();
    h.run();
    assert_eq!(titles(&h), order, "the reopened lesson has the saved order");
    assert!(!h.state().state.lesson.as_ref().unwrap().is_dirty());

    // Present from slide 2; the slide shows; Esc leaves and the editor is still there.
    let second = titles(&h)[1].clone();
    h.get_by_label(&second).click();
    h.run();
    h.get_by_label("▶ Present").click();
    h.run();
    assert!(h.state().presentation.active);
    assert_eq!(h.state().presentation.index, 1);
    assert!(h.query_by_label("2 / 3").is_some());
    assert!(h.query_by_label("Ranking up close").is_some());
    // Draw on the slide with the pen (Ctrl+P): one stroke, and the map did not pan.
    let camera = h.state().map.camera();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::P);
    h.run();
    let slide = h
        .state()
        .presentation
        .slide_rect
        .expect("the slide was drawn");
    let (from, to) = (
        slide.lerp_inside(egui::vec2(0.3, 0.3)),
        slide.lerp_inside(egui::vec2(0.5, 0.4)),
    );
    h.hover_at(from);
    h.run();
    h.drag_at(from);
    h.step();
    for k in 1..=5 {
        h.hover_at(from + (to - from) * (k as f32 / 5.0));
        h.step();
    }
    h.drop_at(to);
    h.run();
    assert_eq!(h.state().presentation.ink.stroke_count(1), 1);
    assert_eq!(
        h.state().map.camera(),
        camera,
        "the pen does not pan the map"
    );
    assert!(h.query_by_label_contains("Ink: pen").is_some());
    // Esc puts the pen down first; the lesson is still on.
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(h.state().presentation.active);
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(!h.state().presentation.active);
    assert!(h.state().state.lesson.is_some());
    let _ = std::fs::remove_dir_all(&dir);
}

/// A slide's picture is drawn with its credit on the slide, and embedded in the SVG and the
/// PDF (not left as an empty box). Synthetic fixture: a magenta PNG and a made-up credit.
#[test]
fn a_slide_picture_shows_with_its_credit_in_png_svg_and_pdf() {
    let dir = temp_dir("picture");
    std::fs::create_dir_all(dir.join("images")).unwrap();
    let magenta = image::Rgba([255, 0, 255, 255]);
    image::RgbaImage::from_pixel(64, 48, magenta)
        .save(dir.join("images/site.png"))
        .unwrap();
    let lesson = r#"title_zh = "测试"
title_en = "Test"

[[slide]]
title_zh = "图片"
title_en = "Picture"
caption_zh = "一张图"
caption_en = "A picture"
view = [118.5, 38.5, 135.0, 53.5]
indicator = "gdp2013"
layers = "province-fill"
chart = "none"
image = "images/site.png"
image_credit = "Synthetic test picture, public domain"
sources = ["synthetic"]
"#;
    let path = dir.join("lesson.toml");
    std::fs::write(&path, lesson).unwrap();
    let ds = std::sync::Arc::new(oib_atlas::core::dataset::Dataset::load_embedded().unwrap());
    let story = oib_atlas::core::story::load_story_file(&path, &ds).expect("valid lesson");
    let mut opts = oib_atlas::export::ExportOptions {
        size: egui::vec2(1024.0, 768.0),
        scale: 1.0,
        story: Some(std::sync::Arc::new(story)),
        ..Default::default()
    };
    opts.settings.lang = Lang::En;
    let target = oib_atlas::state::Target::Slide(0);
    let png = oib_atlas::export::render(ds.clone(), target, &opts).expect("rendered");
    let is_magenta = |p: &image::Rgba<u8>| p[0] > 240 && p[1] < 20 && p[2] > 240;
    let shown = png.pixels().filter(|p| is_magenta(p)).count();
    assert!(shown > 1000, "the picture is drawn: {shown} magenta pixels");
    let svg = oib_atlas::export::render_svg(ds.clone(), target, &opts);
    assert!(svg.contains("<image ") && svg.contains("data:image/png;base64,"));
    assert!(svg.contains("Synthetic test picture"), "the credit is text");
    // The SVG as a real renderer reads it shows the picture too.
    let tree = resvg::usvg::Tree::from_str(&svg, &oib_atlas::export::usvg_options()).unwrap();
    let mut pixmap = resvg::tiny_skia::Pixmap::new(1024, 768).unwrap();
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::default(),
        &mut pixmap.as_mut(),
    );
    let rendered = pixmap
        .pixels()
        .iter()
        .filter(|p| p.red() > 240 && p.green() < 20 && p.blue() > 240)
        .count();
    assert!(rendered > 1000, "resvg draws the picture: {rendered}");
    let pdf = oib_atlas::export::svg_to_pdf(&svg).expect("a PDF");
    let pdf_path = dir.join("slide.pdf");
    std::fs::write(&pdf_path, pdf).unwrap();
    let list = std::process::Command::new("pdfimages")
        .arg("-list")
        .arg(&pdf_path)
        .output()
        .expect("pdfimages (poppler-utils) runs");
    let list = String::from_utf8_lossy(&list.stdout);
    assert!(
        list.lines()
            .any(|l| l.contains(" 64 ") && l.contains(" 48 ")),
        "the PDF holds the 64×48 picture: {list}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
