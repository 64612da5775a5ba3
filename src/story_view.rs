//! Classroom mode: full screen, large type, one slide at a time (map, one chart, caption).
//! `slide_ui` draws a slide; the presentation and `atlas export story` both use it.

use std::sync::Arc;

use egui::{RichText, Ui, vec2};

use crate::charts::ChartContext;
use crate::core::dataset::Dataset;
use crate::core::filter::Filter;
use crate::core::settings::{Lang, Settings};
use crate::core::story::{Slide, SlideChart, Story};
use crate::map::MapView;
use crate::state::{AtlasState, Command};

/// The map settings a slide asks for, on top of the user's (language kept).
pub fn slide_settings(base: &Settings, slide: &Slide) -> Settings {
    let mut s = base.clone();
    s.layers = slide.layers.clone();
    s.choropleth.indicator = slide.indicator;
    // The slide's indicator, not an imported one the user had active.
    s.choropleth.imported = None;
    s.choropleth.panel = slide.panel.map(|c| c.id.to_owned());
    // A slide that plays shows the year playback has reached (kept in the app's settings
    // while the lesson runs); any other its own year.
    let reached = base
        .choropleth
        .year
        .filter(|_| slide.play && slide.panel.map(|c| c.id) == base.choropleth.panel.as_deref());
    s.choropleth.year = reached.or(slide.year);
    s.filter = Filter::default();
    // A slide shows the indicator's own values, whatever basis the user last chose.
    s.choropleth.per = Default::default();
    s.choropleth.change_from = None;
    if let Some(m) = slide.method {
        s.choropleth.method = m;
    }
    if let Some(k) = slide.classes {
        s.choropleth.classes = k;
    }
    // The trends chart in the view the slide names, over the years the lesson was written for.
    if slide.chart == SlideChart::Chart(crate::core::settings::ChartTab::Trends) {
        s.trends.view = slide.trend_view;
        let defaults = crate::core::settings::TrendSettings::default();
        (s.trends.from, s.trends.to) = (defaults.from, defaults.to);
    }
    // Slides compare the Northeast with the Third Front, whatever the user last chose.
    s.nbs_grouping = false;
    // A slide's statistic is computed the way the lesson was written: default weights,
    // permutations and seed, whatever the user last chose.
    s.spatial = crate::core::settings::SpatialSettings {
        map: slide.spatial_map,
        density: slide.density,
        ..Default::default()
    };
    s
}

/// A blanked screen (PowerPoint's `B` and `W`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Blank {
    Black,
    White,
}

/// Presentation state (runtime only), changed by the app as it applies commands.
#[derive(Default)]
pub struct Presentation {
    pub active: bool,
    pub index: usize,
    /// The screen blanked black or white.
    pub blank: Option<Blank>,
    /// The overview of all slides (`G`) is shown.
    pub overview: bool,
    /// The speaker notes are shown under the caption (`N`).
    pub notes: bool,
    /// Every source on its own line rather than one (`S`).
    pub sources: bool,
    /// Digits typed for "go to slide N" (then Enter), as in PowerPoint.
    typed: String,
    /// When the presentation started (egui time), for the timer.
    started_at: f64,
    /// The slide shown when the last presentation ended (F5 offers to resume there).
    pub last_index: Option<usize>,
    zoom_before: Option<f32>,
    /// The map's memory before the lesson: leaving restores the user's view.
    map_before: Option<crate::map::MapMemory>,
    /// The user's choropleth, kept aside while slides that play the years change it.
    pub choropleth_before: Option<crate::core::settings::Choropleth>,
    /// The presenter's own window (Alt+F5).
    pub presenter: crate::presenter_view::PresenterView,
    /// Pen, highlighter and laser pointer on the slides (Ctrl+P, Ctrl+I, Ctrl+L).
    pub ink: crate::ink::Ink,
    /// Where the last frame drew the slide (the ink's canvas).
    pub slide_rect: Option<egui::Rect>,
}

/// The smallest slide, in points, whose title, map, chart, caption and navigation bar fit
/// without overlapping (checked by `tests/layout.rs` at the zoom this allows).
const MIN_SLIDE: egui::Vec2 = egui::vec2(800.0, 560.0);

/// Ctrl +/− scales the whole slide in proportion (egui's UI zoom), up to the zoom at which
/// the slide would no longer fit the screen: a larger zoom is brought back to that one.
fn fit_zoom(ctx: &egui::Context) {
    let size = ctx.content_rect().size();
    let room = (size.x / MIN_SLIDE.x).min(size.y / MIN_SLIDE.y);
    if room < 0.999 {
        let zoom = ctx.zoom_factor() * room;
        ctx.set_zoom_factor(zoom.max(0.5));
    }
}

/// Font size of captions in presentation mode, before the UI zoom (Ctrl +/-).
const CAPTION_SIZE: f32 = 20.0;

impl Presentation {
    pub fn start(&mut self, ctx: &egui::Context, map: &mut MapView, story: &Story) {
        self.active = true;
        self.index = 0;
        self.blank = None;
        self.overview = false;
        self.typed.clear();
        self.started_at = ctx.input(|i| i.time);
        self.map_before = Some(map.memory().for_saving());
        self.zoom_before = Some(ctx.zoom_factor());
        ctx.set_zoom_factor(1.25);
        ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(true));
        self.enter_slide(map, story);
    }

    pub fn stop(&mut self, ctx: &egui::Context, map: &mut MapView) {
        if !self.active {
            return;
        }
        self.active = false;
        self.presenter.open = false;
        self.ink.clear_all();
        self.last_index = Some(self.index);
        if let Some(z) = self.zoom_before.take() {
            ctx.set_zoom_factor(z);
        }
        ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(false));
        map.set_highlights(Vec::new());
        // Back where the user was, with no slide move still running.
        if let Some(memory) = self.map_before.take() {
            map.restore_memory(memory);
        }
    }

    /// When the lesson started (egui time), for the timers.
    pub fn started_at(&self) -> f64 {
        self.started_at
    }

    pub fn go(&mut self, map: &mut MapView, story: &Story, index: usize) {
        let index = index.min(story.slides.len().saturating_sub(1));
        if index != self.index {
            // Ink belongs to its slide: cleared on leaving it unless the teacher keeps it.
            self.ink.left_slide(self.index);
            self.index = index;
            self.enter_slide(map, story);
        }
    }

    fn enter_slide(&self, map: &mut MapView, story: &Story) {
        if let Some(slide) = story.slides.get(self.index) {
            map.fly_to_lonlat(slide.view);
            map.set_highlights(slide.highlight.clone());
        }
    }

    /// Keyboard and presentation clicker, PowerPoint's keys: → PageDown Space next; ← PageUp
    /// back; Home End; a number then Enter goes to that slide; `B` / `W` blank the screen
    /// black or white (again, or any move, shows the slide); `G` the overview of all slides;
    /// Esc closes what is open, else leaves; `H` toggles high contrast. Each key press becomes
    /// a command.
    pub fn keys(
        &mut self,
        ctx: &egui::Context,
        story: &Story,
        high_contrast: bool,
        commands: &mut Vec<Command>,
    ) {
        use egui::Key;
        const DIGITS: [Key; 10] = [
            Key::Num0,
            Key::Num1,
            Key::Num2,
            Key::Num3,
            Key::Num4,
            Key::Num5,
            Key::Num6,
            Key::Num7,
            Key::Num8,
            Key::Num9,
        ];
        // Every press counts: a clicker on a slow PC can send several in one frame.
        let (next, prev, home, end, esc, b, w, g, n, h, s, enter, digits) = ctx.input_mut(|i| {
            let mut count = |key| i.count_and_consume_key(egui::Modifiers::NONE, key);
            let digits: Vec<usize> = DIGITS
                .iter()
                .enumerate()
                .filter(|(_, k)| count(**k) > 0)
                .map(|(d, _)| d)
                .collect();
            (
                count(Key::ArrowRight) + count(Key::PageDown) + count(Key::Space),
                count(Key::ArrowLeft) + count(Key::PageUp),
                count(Key::Home) > 0,
                count(Key::End) > 0,
                count(Key::Escape) > 0,
                count(Key::B) > 0,
                count(Key::W) > 0,
                count(Key::G) > 0,
                count(Key::N) > 0,
                count(Key::H) > 0,
                count(Key::S) > 0,
                count(Key::Enter) > 0,
                digits,
            )
        });
        for d in digits {
            self.typed.push(char::from(b'0' + d as u8));
        }
        let last = story.slides.len().saturating_sub(1);
        if enter && !self.typed.is_empty() {
            let n: usize = self.typed.parse().unwrap_or(0);
            self.typed.clear();
            if n >= 1 {
                commands.push(Command::GoToSlide((n - 1).min(last)));
            }
            return;
        }
        let toggle = |want: Blank| {
            if self.blank == Some(want) {
                None
            } else {
                Some(want)
            }
        };
        if b {
            commands.push(Command::BlankScreen(toggle(Blank::Black)));
        }
        if w {
            commands.push(Command::BlankScreen(toggle(Blank::White)));
        }
        if g {
            commands.push(Command::ShowOverview(!self.overview));
        }
        if n {
            commands.push(Command::ShowNotes(!self.notes));
        }
        if h {
            commands.push(Command::SetHighContrast(!high_contrast));
        }
        if s {
            commands.push(Command::ShowSources(!self.sources));
        }
        let target = if esc && (self.blank.is_some() || self.overview) {
            commands.push(Command::BlankScreen(None));
            commands.push(Command::ShowOverview(false));
            return;
        } else if esc {
            commands.push(Command::StopPresentation);
            return;
        } else if home {
            Some(0)
        } else if end {
            Some(last)
        } else if next != prev {
            Some((self.index + next).saturating_sub(prev).min(last))
        } else {
            None
        };
        if let Some(i) = target {
            commands.push(Command::GoToSlide(i));
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

/// A case's figures in Chinese: the article's numbers in the atlas's own words (the data file
/// keeps an English summary). `None` for a case the atlas has no Chinese wording for.
fn case_figures_zh(id: &str) -> Option<&'static str> {
    Some(match id {
        "ruhr" => "修复后的工业废弃地一半用于公园和绿地",
        "manchester" => "大曼彻斯特地区创意企业超过 8500 家",
        "houston" => {
            "航空航天公司及支持机构 500 多家，生物医药公司近 700 家；20 世纪 60 年代引入约翰逊航天中心和得克萨斯医学中心；80 年代中期受油价暴跌冲击"
        }
        "pittsburgh" => "依托卡内基梅隆大学和匹兹堡大学，走出对煤炭、钢铁的依赖",
        "liverpool" => {
            "20 世纪 80 年代起围绕阿尔伯特码头保护性开发（海事博物馆、美术馆、披头士博物馆）"
        }
        _ => return None,
    })
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
    // The source above the cards, so it is never scrolled out of view.
    ui.add(
        egui::Label::new(
            RichText::new(lang.pick(
                "来源：international_cases.csv（文章所述，张文忠；坐标 GeoNames）",
                "Source: international_cases.csv (as the article states, 张文忠; places: GeoNames)",
            ))
            .small()
            .weak(),
        )
        .wrap(),
    );
    egui::ScrollArea::vertical().show(ui, |ui| {
        // Two columns of cards, so the five fit a slide's chart column without scrolling.
        ui.columns(2, |cols| {
            for (i, c) in ds.cases.iter().enumerate() {
                case_card(&mut cols[i % 2], c, lang);
            }
        });
    });
}

/// One case: its name (its location on hover), the article's lessons and figures.
fn case_card(ui: &mut Ui, c: &crate::core::model::InternationalCase, lang: Lang) {
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        let name = match lang {
            Lang::Zh => c.name_zh.clone(),
            Lang::En => format!("{} {} · {}", c.name_zh, c.name_en, c.country),
        };
        let place = format!(
            "{:.2}°{}, {:.2}°{}",
            c.point.lat.abs(),
            if c.point.lat >= 0.0 { "N" } else { "S" },
            c.point.lon.abs(),
            if c.point.lon >= 0.0 { "E" } else { "W" }
        );
        ui.add(egui::Label::new(RichText::new(name).strong()).wrap())
            .on_hover_text(place);
        let lessons: Vec<&str> = c.lessons.iter().map(|l| lesson_label(l, lang)).collect();
        ui.add(
            egui::Label::new(
                RichText::new(format!(
                    "{}{}",
                    lang.pick("经验：", "Lesson: "),
                    lessons.join(lang.pick("；", "; "))
                ))
                .size(12.5),
            )
            .wrap(),
        );
        let figures = match (lang, case_figures_zh(&c.id)) {
            (Lang::Zh, Some(zh)) => zh,
            _ => c.figures.as_str(),
        };
        if !figures.is_empty() {
            ui.add(egui::Label::new(RichText::new(figures).small()).wrap());
        }
    });
}

/// The state a slide draws from: the app's data and interaction with the slide's settings.
/// Slides show their own indicator, never an import, and no user layers.
pub fn slide_state(state: &AtlasState, slide: &Slide) -> AtlasState {
    let mut s = AtlasState::new(state.ds.clone(), slide_settings(&state.settings, slide));
    s.interaction = state.interaction.clone();
    // The slides share the app's analyses (and its worker) rather than starting their own.
    s.spatial = state.spatial.clone();
    s
}

/// What a slide shows besides its map, chart and caption.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SlideText {
    /// The speaker notes under the caption.
    pub notes: bool,
    /// Every source on a line of its own (a handout, an export, or `S` in a lesson); else
    /// one line, shortened to fit, that a click or `S` opens.
    pub all_sources: bool,
}

/// Draws one slide filling `ui`: title, map with the slide's state, its chart, caption,
/// sources and the slide counter.
pub fn slide_ui(
    ui: &mut Ui,
    state: &AtlasState,
    map: &mut MapView,
    story: &Story,
    index: usize,
    text: SlideText,
    commands: &mut Vec<Command>,
) {
    let Some(slide) = story.slides.get(index) else {
        return;
    };
    let state = slide_state(state, slide);
    let notes = Some(slide.notes_in(state.lang()))
        .filter(|n| text.notes && !n.is_empty())
        .map(|n| format!("{}{n}", state.lang().pick("讲稿：", "Notes: ")));
    map.set_highlights(slide.highlight.clone());
    let lang = state.lang();
    let caption = if lang.is_zh() {
        &slide.caption_zh
    } else {
        &slide.caption_en
    };
    slide_title(ui, story, index, lang);
    // The caption and its sources get the height their text needs at this width and zoom
    // (measured, not guessed), so they never slide under the navigation bar; the map and
    // the chart share what is left.
    let one_line = sources_line(slide, lang);
    let sources: &[String] = if text.all_sources {
        slide.sources_in(lang)
    } else {
        std::slice::from_ref(&one_line)
    };
    let caption_h = caption_height(
        ui,
        caption,
        notes.as_deref(),
        sources,
        lang,
        text.all_sources,
    );
    let body_h = (ui.available_height() - caption_h).max(120.0);
    let gap = ui.spacing().item_spacing.x;
    let picture = slide.image.as_ref().map(|img| {
        (
            img,
            story.image_path(img).map(|p| slide_picture(ui.ctx(), &p)),
        )
    });
    let chart_w = match slide.chart {
        SlideChart::None if picture.is_some() => ui.available_width() * 0.35,
        SlideChart::None => 0.0,
        // Five cards of text need the room more than the map beside them.
        SlideChart::Cases => ui.available_width() * 0.50,
        _ => ui.available_width() * 0.40,
    };
    ui.horizontal(|ui| {
        let map_size = vec2((ui.available_width() - chart_w - gap).max(100.0), body_h);
        let (rect, resp) = ui.allocate_exact_size(map_size, egui::Sense::hover());
        let described = format!(
            "{}{}",
            lang.pick("地图：", "Map: "),
            state.active_indicator().name(lang)
        );
        resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, &described));
        if map.camera().is_none() {
            map.show_lonlat(slide.view);
        }
        map.advance(Some(ui.ctx()), rect);
        map.paint(&ui.painter_at(rect), &state, rect);
        if chart_w > 0.0 {
            ui.allocate_ui_with_layout(
                vec2(chart_w, body_h),
                egui::Layout::top_down(egui::Align::Min),
                |ui| {
                    ui.set_min_size(vec2(chart_w, body_h));
                    if let Some((img, tex)) = &picture {
                        let h = if slide.chart == SlideChart::None {
                            body_h
                        } else {
                            body_h * 0.5
                        };
                        picture_ui(ui, img, tex.as_ref(), vec2(chart_w, h), lang);
                    }
                    match slide.chart {
                        SlideChart::Cases => cases_cards(ui, &state.ds, lang),
                        SlideChart::Concentration => {
                            let cx = ChartContext {
                                compact: true,
                                ..ChartContext::new(&state)
                            };
                            crate::charts::spatial::concentration(ui, &cx);
                        }
                        SlideChart::Chart(tab) => {
                            let mut cx = ChartContext::new(&state);
                            cx.compact = true;
                            crate::charts::show(ui, tab, &cx, commands);
                        }
                        SlideChart::None => {}
                    }
                },
            );
        }
    });
    ui.add_space(6.0);
    ui.add(egui::Label::new(RichText::new(caption).size(CAPTION_SIZE)).wrap());
    if let Some(n) = &notes {
        ui.add(egui::Label::new(RichText::new(n).weak()).wrap());
    }
    if text.all_sources {
        for s in slide.sources_in(lang) {
            let text = RichText::new(format!("{}{s}", lang.pick("来源：", "Source: ")))
                .small()
                .weak();
            ui.add(egui::Label::new(text).wrap());
        }
    } else if !slide.sources_in(lang).is_empty() {
        // One line at reading size; the whole list on a click or `S`.
        let line = egui::Label::new(RichText::new(&one_line).weak())
            .truncate()
            .sense(egui::Sense::click());
        let resp = ui.add(line).on_hover_text(lang.pick(
            "点击或按 S 显示全部来源",
            "Click or press S for every source",
        ));
        if resp.clicked() {
            commands.push(Command::ShowSources(true));
        }
    }
}

/// A slide's sources on one line, as presentation mode shows them until asked for all.
fn sources_line(slide: &Slide, lang: Lang) -> String {
    let list = slide.sources_in(lang);
    let sep = lang.pick("；", "; ");
    // The count first: a line too long for the screen is cut at its end.
    let head = match (list.len(), lang) {
        (0 | 1, Lang::Zh) => "来源：".to_owned(),
        (0 | 1, Lang::En) => "Source: ".to_owned(),
        (n, Lang::Zh) => format!("来源（共 {n} 条，S 展开）："),
        (n, Lang::En) => format!("Sources ({n}, S for all): "),
    };
    format!("{head}{}", list.join(sep))
}

/// A slide's picture, fitted into `size` with its credit under it; a picture that cannot be
/// read says why in its place.
fn picture_ui(
    ui: &mut Ui,
    img: &crate::core::story::SlideImage,
    tex: Option<&Result<egui::TextureHandle, String>>,
    size: egui::Vec2,
    lang: Lang,
) {
    let credit = format!("{}{}", lang.pick("图片：", "Picture: "), img.credit);
    let credit_h = ui.text_style_height(&egui::TextStyle::Small) + ui.spacing().item_spacing.y;
    let room = vec2(size.x, (size.y - credit_h).max(40.0));
    match tex {
        Some(Ok(tex)) => {
            let t = tex.size_vec2();
            let fit = (room.x / t.x).min(room.y / t.y);
            ui.add(egui::Image::new((tex.id(), t * fit)).alt_text(&credit));
        }
        Some(Err(e)) => {
            ui.colored_label(ui.visuals().warn_fg_color, format!("{}: {e}", img.path));
        }
        None => {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!(
                    "{}{}",
                    img.path,
                    lang.pick(
                        "（课件未保存，找不到图片）",
                        " (lesson not saved: picture not found)"
                    )
                ),
            );
        }
    }
    ui.add(egui::Label::new(RichText::new(credit).small().weak()).wrap());
}

/// The slide pictures drawn so far in this context, by texture, as `data:` URIs for a
/// vector export (the SVG embeds the file as it is: PNG or JPEG).
pub fn slide_picture_uris(
    ctx: &egui::Context,
) -> std::collections::HashMap<egui::TextureId, String> {
    use base64::Engine as _;
    let cache = ctx.data(|d| d.get_temp::<Arc<PictureCache>>(picture_cache_id()));
    let mut out = std::collections::HashMap::new();
    for (path, tex) in cache.iter().flat_map(|c| c.iter()) {
        let (Ok(tex), Ok(bytes)) = (tex, std::fs::read(path)) else {
            continue;
        };
        let jpeg = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("jpg") || e.eq_ignore_ascii_case("jpeg"));
        let mime = if jpeg { "image/jpeg" } else { "image/png" };
        let data = base64::engine::general_purpose::STANDARD.encode(bytes);
        out.insert(tex.id(), format!("data:{mime};base64,{data}"));
    }
    out
}

type PictureCache =
    std::collections::HashMap<std::path::PathBuf, Result<egui::TextureHandle, String>>;

fn picture_cache_id() -> egui::Id {
    egui::Id::unique("slide-pictures")
}

/// A picture file as a texture, read and decoded once per path (kept in egui's memory).
fn slide_picture(
    ctx: &egui::Context,
    path: &std::path::Path,
) -> Result<egui::TextureHandle, String> {
    type Cache = PictureCache;
    let id = picture_cache_id();
    if let Some(hit) = ctx.data(|d| {
        d.get_temp::<Arc<Cache>>(id)
            .and_then(|c| c.get(path).cloned())
    }) {
        return hit;
    }
    let loaded = std::fs::read(path)
        .map_err(|e| e.to_string())
        .and_then(|bytes| image::load_from_memory(&bytes).map_err(|e| e.to_string()))
        .map(|img| {
            // Large photos are brought to a size a slide can use (and a texture can hold).
            let img = if img.width().max(img.height()) > 2048 {
                img.thumbnail(2048, 2048)
            } else {
                img
            };
            let rgba = img.to_rgba8();
            let size = [rgba.width() as usize, rgba.height() as usize];
            let color = egui::ColorImage::from_rgba_unmultiplied(size, rgba.as_raw());
            ctx.load_texture(
                path.display().to_string(),
                color,
                egui::TextureOptions::LINEAR,
            )
        });
    ctx.data_mut(|d| {
        let mut cache: Cache = d
            .get_temp::<Arc<Cache>>(id)
            .map(|c| (*c).clone())
            .unwrap_or_default();
        cache.insert(path.to_owned(), loaded.clone());
        d.insert_temp(id, Arc::new(cache));
    });
    loaded
}

/// The height the caption and its source lines take at the current width.
fn caption_height(
    ui: &Ui,
    caption: &str,
    notes: Option<&str>,
    sources: &[String],
    lang: Lang,
    wrap_sources: bool,
) -> f32 {
    caption_height_at(
        ui,
        ui.available_width(),
        caption,
        notes,
        sources,
        lang,
        wrap_sources,
    )
}

/// The height the caption, notes and source lines take at `width` points: each source
/// wrapped in small type, or (`wrap_sources` off) the one line of `sources_line`.
fn caption_height_at(
    ui: &Ui,
    width: f32,
    caption: &str,
    notes: Option<&str>,
    sources: &[String],
    lang: Lang,
    wrap_sources: bool,
) -> f32 {
    let spacing = ui.spacing().item_spacing.y;
    let measure = |text: String, font: egui::FontId| {
        ui.painter()
            .layout(text, font, egui::Color32::WHITE, width)
            .size()
            .y
            + spacing
    };
    let small = egui::TextStyle::Small.resolve(ui.style());
    let body = egui::TextStyle::Body.resolve(ui.style());
    let sources_h: f32 = if wrap_sources {
        sources
            .iter()
            .map(|s| {
                measure(
                    format!("{}{s}", lang.pick("来源：", "Source: ")),
                    small.clone(),
                )
            })
            .sum()
    } else if sources.iter().any(|s| !s.is_empty()) {
        ui.text_style_height(&egui::TextStyle::Body) + spacing
    } else {
        0.0
    };
    let notes_h = notes.map_or(0.0, |n| measure(n.to_owned(), body));
    6.0 + measure(caption.to_owned(), egui::FontId::proportional(CAPTION_SIZE))
        + notes_h
        + sources_h
        + 4.0
}

/// The least height a slide's map needs to be read in a room, in points.
pub const MIN_MAP_HEIGHT: f32 = 220.0;

/// How a slide's parts share a screen of `size` points (the projector's pixels over the
/// presentation's zoom).
pub struct SlideFit {
    /// What is left for the map (and the chart beside it).
    pub map_height: f32,
}

/// Lays a slide's text out as presentation mode would on a screen of `size` points, without
/// drawing it: the navigation bar, the title row, then the caption and sources.
pub fn slide_fit(ui: &Ui, slide: &Slide, lang: Lang, size: egui::Vec2) -> SlideFit {
    let margin = 8.0;
    let nav = ui.spacing().interact_size.y + 2.0 * margin;
    let title_font = egui::FontId::proportional(30.0);
    let title = ui
        .painter()
        .layout_no_wrap(
            lang.pick(&slide.title_zh, &slide.title_en).to_owned(),
            title_font,
            egui::Color32::WHITE,
        )
        .size()
        .y
        + ui.spacing().item_spacing.y;
    let caption = lang.pick(&slide.caption_zh, &slide.caption_en);
    let line = sources_line(slide, lang);
    let text = caption_height_at(
        ui,
        size.x - 2.0 * margin,
        caption,
        None,
        std::slice::from_ref(&line),
        lang,
        false,
    );
    SlideFit {
        map_height: size.y - nav - 2.0 * margin - title - text,
    }
}

/// The slide's title, with the story's title and the slide counter on the right.
fn slide_title(ui: &mut Ui, story: &Story, index: usize, lang: Lang) {
    let Some(slide) = story.slides.get(index) else {
        return;
    };
    let title = if lang.is_zh() {
        &slide.title_zh
    } else {
        &slide.title_en
    };
    ui.horizontal(|ui| {
        ui.label(RichText::new(title).size(30.0).strong());
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            ui.label(RichText::new(format!("{} / {}", index + 1, story.slides.len())).size(20.0));
            let deck = if lang.is_zh() {
                &story.title_zh
            } else {
                &story.title_en
            };
            // The deck's title only where it fits beside the slide's own.
            let font = egui::TextStyle::Body.resolve(ui.style());
            let needed = ui
                .painter()
                .layout_no_wrap(deck.clone(), font, egui::Color32::WHITE)
                .size()
                .x;
            if needed + 12.0 < ui.available_width() {
                ui.label(RichText::new(deck).weak());
            }
        });
    });
}

/// Presentation mode: the navigation bar and the current slide, full window.
pub fn presentation_ui(
    ui: &mut Ui,
    state: &AtlasState,
    map: &mut MapView,
    presentation: &mut Presentation,
    commands: &mut Vec<Command>,
) {
    let Some(story) = state.story.clone() else {
        return;
    };
    let lang = state.lang();
    fit_zoom(ui.ctx());
    if state.settings.high_contrast {
        high_contrast(ui.style_mut());
    }
    egui::Panel::bottom("slide_nav").show(ui, |ui| {
        ui.horizontal(|ui| {
            if ui.button(lang.pick("◀ 上一张", "◀ Previous")).clicked() {
                commands.push(Command::GoToSlide(presentation.index.saturating_sub(1)));
            }
            if ui.button(lang.pick("下一张 ▶", "Next ▶")).clicked() {
                commands.push(Command::GoToSlide(presentation.index + 1));
            }
            // F5 starts from the beginning; offer the slide the last run ended on.
            if let Some(last) = presentation.last_index.filter(|&l| l > 0)
                && presentation.index == 0
            {
                let text = match lang {
                    Lang::Zh => format!("从第 {} 张继续", last + 1),
                    Lang::En => format!("Resume at slide {}", last + 1),
                };
                if ui.button(text).clicked() {
                    commands.push(Command::GoToSlide(last));
                }
            }
            // Pen, highlighter, laser, high contrast and the presenter view in one menu, so
            // the bar stays one line on a 1024×768 projector (each has its key too).
            let tool = presentation.ink.tool.name(lang.is_zh());
            let tools = format!("{}{tool}…", lang.pick("工具：", "Tools: "));
            ui.menu_button(tools, |ui| {
                presentation
                    .ink
                    .toolbar(ui, presentation.index, lang.is_zh());
                ui.separator();
                let hc = state.settings.high_contrast;
                if ui
                    .selectable_label(hc, lang.pick("高对比度（H）", "High contrast (H)"))
                    .on_hover_text(lang.pick(
                        "黑字白底、线条加粗，适合发白的投影",
                        "Black on white with heavier lines, for a washed-out projector",
                    ))
                    .clicked()
                {
                    commands.push(Command::SetHighContrast(!hc));
                }
                let on = presentation.presenter.open;
                if ui
                    .selectable_label(
                        on,
                        lang.pick("演讲者视图（Alt+F5）", "Presenter view (Alt+F5)"),
                    )
                    .on_hover_text(lang.pick(
                        "当前与下一张、讲稿和计时，在另一个窗口",
                        "Current and next slide, notes and time, in a window of its own",
                    ))
                    .clicked()
                {
                    commands.push(Command::ShowPresenterView(!on));
                }
            });
            // The presenter's timer (and the slide number being typed, if any).
            let now = ui.input(|i| i.time);
            let secs = (now - presentation.started_at).max(0.0) as u64;
            ui.label(format!(
                "{} {:02}:{:02}",
                lang.pick("用时", "Time"),
                secs / 60,
                secs % 60
            ));
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_secs(1));
            if !presentation.typed.is_empty() {
                ui.strong(format!(
                    "{} {}…",
                    lang.pick("转到第", "Go to slide"),
                    presentation.typed
                ));
            }
            // The text size Ctrl +/− set, so a teacher sees where it stands.
            let zoom = ui.ctx().zoom_factor();
            ui.label(format!(
                "{} {:.0} %",
                lang.pick("字号", "Text"),
                zoom * 100.0
            ));
            // The key reminder only where it fits beside the buttons on the right (F1 lists
            // the keys too).
            let hint = lang.pick(
                "→ / PageDown / 空格 下一张 · ← / PageUp 上一张 · Ctrl +/− 字号 · Esc 退出",
                "→ / PageDown / Space next · ← / PageUp back · Ctrl +/− text size · Esc leaves",
            );
            let font = egui::TextStyle::Body.resolve(ui.style());
            let needed = ui
                .painter()
                .layout_no_wrap(hint.to_owned(), font, egui::Color32::WHITE)
                .size()
                .x;
            if needed + 360.0 < ui.available_width() {
                ui.weak(hint);
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui
                    .button(lang.pick("退出演示", "Leave presentation"))
                    .clicked()
                {
                    commands.push(Command::StopPresentation);
                }
                for (l, text) in [(Lang::En, "English"), (Lang::Zh, "中文")] {
                    if ui.selectable_label(lang == l, text).clicked() {
                        commands.push(Command::SetLang(l));
                    }
                }
            });
        });
    });
    let slide = egui::CentralPanel::default().show(ui, |ui| {
        slide_ui(
            ui,
            state,
            map,
            &story,
            presentation.index,
            SlideText {
                notes: presentation.notes,
                all_sources: presentation.sources,
            },
            commands,
        );
    });
    let rect = slide.response.rect;
    presentation.slide_rect = Some(rect);
    // The ink over the slide, unless the overview or a blank screen covers it.
    if !presentation.overview && presentation.blank.is_none() {
        let index = presentation.index;
        presentation.ink.ui(ui.ctx(), rect, index, lang.is_zh());
    }
    if presentation.overview {
        overview(ui.ctx(), &story, presentation.index, lang, commands);
    }
    if let Some(b) = presentation.blank {
        blank_screen(ui.ctx(), b, lang, commands);
    }
}

/// Black text on white, with heavier lines, for a projector that washes colours out. Applied
/// to the presentation's own `Ui` only, so the window's theme is untouched.
fn high_contrast(style: &mut egui::Style) {
    use egui::{Color32, Stroke};
    let mut v = egui::Visuals::light();
    v.override_text_color = Some(Color32::BLACK);
    v.panel_fill = Color32::WHITE;
    v.window_fill = Color32::WHITE;
    v.extreme_bg_color = Color32::WHITE;
    v.faint_bg_color = Color32::from_gray(230);
    v.window_stroke = Stroke::new(2.0, Color32::BLACK);
    let w = &mut v.widgets;
    for state in [
        &mut w.noninteractive,
        &mut w.inactive,
        &mut w.hovered,
        &mut w.active,
        &mut w.open,
    ] {
        state.fg_stroke = Stroke::new(state.fg_stroke.width.max(2.0), Color32::BLACK);
        state.bg_stroke = Stroke::new(state.bg_stroke.width.max(1.5), Color32::BLACK);
    }
    v.selection.bg_fill = Color32::from_rgb(0xff, 0xd7, 0x00);
    v.selection.stroke = Stroke::new(2.0, Color32::BLACK);
    style.visuals = v;
}

/// `G`: every slide's number and title; a click goes there.
fn overview(
    ctx: &egui::Context,
    story: &Story,
    current: usize,
    lang: Lang,
    commands: &mut Vec<Command>,
) {
    egui::Window::new(lang.pick("全部幻灯片（G）", "All slides (G)"))
        .collapsible(false)
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .show(ctx, |ui| {
            egui::Grid::new("slide-overview")
                .num_columns(2)
                .spacing([16.0, 10.0])
                .show(ui, |ui| {
                    for (i, s) in story.slides.iter().enumerate() {
                        let title = lang.pick(&s.title_zh, &s.title_en);
                        let text = RichText::new(format!("{}  {title}", i + 1)).size(16.0);
                        if ui.selectable_label(i == current, text).clicked() {
                            commands.push(Command::GoToSlide(i));
                        }
                        if i % 2 == 1 {
                            ui.end_row();
                        }
                    }
                });
        });
}

/// `B` / `W`: the whole screen black or white; a click (or the key again) shows the slide.
fn blank_screen(ctx: &egui::Context, b: Blank, lang: Lang, commands: &mut Vec<Command>) {
    let rect = ctx.content_rect();
    egui::Area::new(egui::Id::NULL.with("blank-screen"))
        .order(egui::Order::Foreground)
        .fixed_pos(rect.min)
        .show(ctx, |ui| {
            let (fill, text) = match b {
                Blank::Black => (egui::Color32::BLACK, egui::Color32::from_gray(60)),
                Blank::White => (egui::Color32::WHITE, egui::Color32::from_gray(200)),
            };
            let hint = lang.pick(
                "再按 B / W、翻页键或点击返回幻灯片",
                "B / W again, a slide key or a click shows the slide",
            );
            let resp = ui.allocate_rect(rect, egui::Sense::click());
            // Screen readers (and tests) learn what the blank screen is and how to leave it.
            resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, hint));
            ui.painter().rect_filled(rect, 0.0, fill);
            ui.painter().text(
                rect.center_bottom() - egui::vec2(0.0, 12.0),
                egui::Align2::CENTER_BOTTOM,
                hint,
                egui::FontId::proportional(12.0),
                text,
            );
            if resp.clicked() {
                commands.push(Command::BlankScreen(None));
            }
        });
}
