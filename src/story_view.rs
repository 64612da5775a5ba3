//! Classroom mode: full screen, large type, one slide at a time (map, one chart, caption).
//! `slide_ui` draws a slide; the presentation and `atlas export story` both use it.

use egui::{RichText, Ui, vec2};

use crate::charts::{ChartAction, ChartContext, ChartTab};
use crate::core::dataset::Dataset;
use crate::core::filter::Filter;
use crate::core::story::{Slide, Story};
use crate::map::MapView;
use crate::state::{Lang, Selection, Settings};

/// The map settings a slide asks for, on top of the user's (language kept).
pub fn slide_settings(base: &Settings, slide: &Slide) -> Settings {
    let mut s = base.clone();
    s.layers = slide.layers.clone();
    s.choropleth.indicator = slide.indicator;
    // The slide's indicator, not an imported one the user had active.
    s.choropleth.imported = None;
    s.filter = Filter::default();
    // Slides compare the Northeast with the Third Front, whatever the user last chose.
    s.nbs_grouping = false;
    s
}

/// Presentation state (runtime only).
#[derive(Default)]
pub struct Presentation {
    pub active: bool,
    pub index: usize,
    zoom_before: Option<f32>,
}

/// Font size of captions in presentation mode, before the UI zoom (Ctrl +/-).
const CAPTION_SIZE: f32 = 20.0;

impl Presentation {
    pub fn start(&mut self, ctx: &egui::Context, map: &mut MapView, story: &Story) {
        self.active = true;
        self.index = 0;
        self.zoom_before = Some(ctx.zoom_factor());
        ctx.set_zoom_factor(1.25);
        ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(true));
        self.enter_slide(map, story);
    }

    pub fn stop(&mut self, ctx: &egui::Context, map: &mut MapView) {
        self.active = false;
        if let Some(z) = self.zoom_before.take() {
            ctx.set_zoom_factor(z);
        }
        ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(false));
        map.highlights.clear();
    }

    pub fn go(&mut self, map: &mut MapView, story: &Story, index: usize) {
        let index = index.min(story.slides.len().saturating_sub(1));
        if index != self.index {
            self.index = index;
            self.enter_slide(map, story);
        }
    }

    fn enter_slide(&mut self, map: &mut MapView, story: &Story) {
        if let Some(slide) = story.slides.get(self.index) {
            map.animate_to_lonlat(slide.view);
            map.highlights = slide.highlight.clone();
        }
    }

    /// Keyboard and presentation clicker: → PageDown Space next; ← PageUp back; Esc leaves.
    pub fn handle_keys(&mut self, ctx: &egui::Context, map: &mut MapView, story: &Story) {
        use egui::Key;
        let (next, prev, home, end, esc) = ctx.input_mut(|i| {
            (
                i.consume_key(egui::Modifiers::NONE, Key::ArrowRight)
                    | i.consume_key(egui::Modifiers::NONE, Key::PageDown)
                    | i.consume_key(egui::Modifiers::NONE, Key::Space),
                i.consume_key(egui::Modifiers::NONE, Key::ArrowLeft)
                    | i.consume_key(egui::Modifiers::NONE, Key::PageUp),
                i.consume_key(egui::Modifiers::NONE, Key::Home),
                i.consume_key(egui::Modifiers::NONE, Key::End),
                i.consume_key(egui::Modifiers::NONE, Key::Escape),
            )
        });
        if esc {
            self.stop(ctx, map);
            return;
        }
        if next {
            self.go(map, story, self.index + 1);
        }
        if prev {
            self.go(map, story, self.index.saturating_sub(1));
        }
        if home {
            self.go(map, story, 0);
        }
        if end {
            self.go(map, story, story.slides.len().saturating_sub(1));
        }
    }
}

fn lesson_label(key: &str, lang: Lang) -> &str {
    match key {
        "retain_and_upgrade" => {
            lang.pick("保留并升级原有产业", "retain and upgrade existing industry")
        }
        "brownfield_remediation" => lang.pick("棕地治理与再利用", "brownfield remediation"),
        "diversification" => lang.pick("产业多元化", "diversification"),
        "new_technology" => lang.pick("引入新技术、新产业", "new technology and industries"),
        "heritage_reuse" => lang.pick("工业遗产再利用", "heritage-led reuse"),
        other => other,
    }
}

/// Cards of the international cases with their locations, as the article gives them.
pub fn cases_cards(ui: &mut Ui, ds: &Dataset, lang: Lang) {
    ui.label(
        RichText::new(lang.pick(
            "国外老工业区的经验（文章所述）",
            "Lessons from abroad (as the article gives them)",
        ))
        .strong()
        .size(16.0),
    );
    egui::ScrollArea::vertical().show(ui, |ui| {
        for c in &ds.cases {
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(RichText::new(format!("{} {} · {}", c.name_zh, c.name_en, c.country)).strong());
                ui.label(RichText::new(format!(
                    "{:.2}°{}, {:.2}°{}",
                    c.point.lat.abs(),
                    if c.point.lat >= 0.0 { "N" } else { "S" },
                    c.point.lon.abs(),
                    if c.point.lon >= 0.0 { "E" } else { "W" }
                )).small().weak());
                let lessons: Vec<&str> = c.lessons.iter().map(|l| lesson_label(l, lang)).collect();
                ui.label(format!("{}{}", lang.pick("经验：", "Lesson: "), lessons.join(lang.pick("；", "; "))));
                if !c.figures.is_empty() {
                    ui.label(RichText::new(&c.figures).small());
                }
            });
        }
        ui.label(RichText::new(lang.pick(
            "来源：international_cases.csv（文章所述经验与数字，张文忠；坐标来自 GeoNames）",
            "Source: international_cases.csv (lessons and figures as stated in the article, 张文忠; locations from GeoNames)",
        )).small().weak());
    });
}

/// Draws one slide filling `ui`: title, map with the slide's state, its chart, caption,
/// sources and the slide counter.
pub fn slide_ui(
    ui: &mut Ui,
    ds: &Dataset,
    map: &mut MapView,
    story: &Story,
    index: usize,
    base: &Settings,
    selection: Selection,
) -> Vec<ChartAction> {
    let Some(slide) = story.slides.get(index) else {
        return vec![];
    };
    let settings = slide_settings(base, slide);
    map.highlights.clone_from(&slide.highlight);
    let lang = settings.lang;
    let (title, caption) = if lang.is_zh() {
        (&slide.title_zh, &slide.caption_zh)
    } else {
        (&slide.title_en, &slide.caption_en)
    };
    let mut actions = Vec::new();
    let full = ui.available_rect_before_wrap();
    let caption_h = (full.height() * 0.17).clamp(110.0, 240.0);
    ui.horizontal(|ui| {
        ui.label(RichText::new(title).size(30.0).strong());
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            ui.label(RichText::new(format!("{} / {}", index + 1, story.slides.len())).size(20.0));
            ui.label(
                RichText::new(if lang.is_zh() {
                    &story.title_zh
                } else {
                    &story.title_en
                })
                .weak(),
            );
        });
    });
    let body_h = (ui.available_height() - caption_h).max(100.0);
    let chart_w = if slide.chart == "none" {
        0.0
    } else {
        ui.available_width() * 0.40
    };
    ui.horizontal(|ui| {
        let map_size = vec2((ui.available_width() - chart_w).max(100.0), body_h);
        let (rect, resp) = ui.allocate_exact_size(map_size, egui::Sense::hover());
        let described = format!(
            "{}{}",
            lang.pick("地图：", "Map: "),
            settings.choropleth.indicator.label(lang.is_zh())
        );
        resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, &described));
        if map.camera.is_none() {
            map.fit_lonlat(rect, slide.view);
        }
        map.last_rect = rect;
        map.step_animation(ui.ctx(), rect);
        let painter = ui.painter_at(rect);
        map.paint(&painter, ds, &settings, selection, rect);
        if chart_w > 0.0 {
            ui.allocate_ui_with_layout(
                vec2(chart_w, body_h),
                egui::Layout::top_down(egui::Align::Min),
                |ui| {
                    ui.set_min_size(vec2(chart_w, body_h));
                    if slide.chart == "cases" {
                        cases_cards(ui, ds, lang);
                    } else if let Some(tab) = ChartTab::from_key(&slide.chart) {
                        // Slides show their own indicator, never an import.
                        let cx = ChartContext::from_settings(ds, &settings, &[], selection, None);
                        actions = crate::charts::show(ui, tab, &cx);
                    }
                },
            );
        }
    });
    ui.add_space(6.0);
    ui.add(egui::Label::new(RichText::new(caption).size(CAPTION_SIZE)).wrap());
    for s in &slide.sources {
        let text = RichText::new(format!("{}{s}", lang.pick("来源：", "Source: ")))
            .small()
            .weak();
        ui.add(egui::Label::new(text).wrap());
    }
    actions
}
