//! Image export: draws a view from the same app state, with the same code as the screen, at any
//! size and scale, then writes a PNG atomically. egui_kittest lays the frame out; the pixels come
//! from the CPU rasteriser (`crate::raster`, no GPU needed) or, on request, from wgpu.

use std::path::Path;
use std::sync::Arc;

use egui::{FontId, RichText, Vec2, vec2};

use crate::charts::{ChartContext, ChartTab};
use crate::core::atomic::write_atomic;
use crate::core::dataset::{Dataset, boundary_credit};
use crate::core::indicators::Indicator;
use crate::core::place::Selection;
use crate::core::settings::{Lang, Settings, Theme};
use crate::map::MapView;
use crate::state::{AtlasData, AtlasState};

pub use crate::state::Target;

/// Export options; the same settings give the same picture in the GUI and the CLI.
#[derive(Clone, Debug)]
pub struct ExportOptions {
    /// Logical size in points; the image is `size * scale` pixels.
    pub size: Vec2,
    pub scale: f32,
    pub theme: Theme,
    pub title: bool,
    pub legend: bool,
    pub caption: bool,
    pub settings: Settings,
    /// Map view as a lon/lat box; `None` = whole China.
    pub view: Option<[f64; 4]>,
    pub selection: Selection,
    /// The story whose slides `Target::Slide` draws.
    pub story: Option<Arc<crate::core::story::Story>>,
    /// The user's data, as the app holds it: imported indicators (the settings name the
    /// active one) and loaded GeoJSON layers (the settings say which are shown and how).
    pub data: AtlasData,
    pub renderer: Renderer,
    /// PNG compression: fast (the default) or smallest files.
    pub compression: Compression,
    /// The app's spatial analyses and the weights files it read (an export from the window
    /// shows what the window shows); a fresh one for a command-line export.
    pub spatial: crate::state::spatial::SpatialRun,
}

/// What turns egui's triangles into pixels.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Renderer {
    /// The CPU rasteriser: no GPU, GL or Vulkan needed, the same bytes on every machine.
    #[default]
    Cpu,
    /// wgpu through whatever adapter the machine has (Mesa llvmpipe without a GPU).
    Wgpu,
}

/// PNG compression effort.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Compression {
    #[default]
    Fast,
    /// Smallest files, several times slower to write.
    Small,
}

impl Default for ExportOptions {
    fn default() -> Self {
        Self {
            size: vec2(1600.0, 1000.0),
            scale: 2.0,
            theme: Theme::Light,
            title: true,
            legend: true,
            caption: true,
            settings: Settings::default(),
            view: None,
            selection: Selection::default(),
            story: None,
            data: AtlasData::default(),
            renderer: Renderer::Cpu,
            compression: Compression::Fast,
            spatial: Default::default(),
        }
    }
}

impl ExportOptions {
    /// The app state these options describe, which the map, charts and slides draw from.
    pub fn state(&self, ds: Arc<Dataset>) -> AtlasState {
        let mut state = AtlasState::new(ds, self.settings.clone());
        // A picture shows the whole legend (or none), never the folded one of the window.
        state.settings.legend_collapsed = false;
        state.data = self.data.clone();
        state.interaction.selection = self.selection.clone();
        state.story.clone_from(&self.story);
        // A picture is drawn once: its spatial analysis is computed before, never on a worker.
        state.spatial = self.spatial.clone();
        state.spatial.blocking = true;
        state.spatial.repaint = None;
        state
    }
}

/// The title above an exported map (charts carry their own): the active indicator, with
/// its unit when it is imported.
pub fn title_of(target: Target, lang: Lang, indicator: &Indicator<'_>) -> String {
    match target {
        Target::Map => format!(
            "{} · {}",
            lang.pick("中国老工业城市", "China's old industrial cities"),
            match indicator {
                Indicator::BuiltIn(i) => i.label(lang.is_zh()).to_owned(),
                // "GDP 2013 (100 million yuan)": the year is in the name.
                Indicator::Imported { .. } | Indicator::Panel { .. } => {
                    indicator.name_with_unit(lang)
                }
            }
        ),
        Target::Chart(t) => crate::labels::chart_title(t, lang).to_owned(),
        Target::Slide(_) => String::new(),
    }
}

/// An exported map's title: the indicator, or the spatial statistic of it the map shows, or
/// the cities' density when that is all the map shows.
pub fn map_title(state: &AtlasState) -> String {
    use crate::core::settings::SpatialMap;
    let lang = state.lang();
    let ind = state.active_indicator();
    let s = &state.settings.spatial;
    let head = lang.pick("中国老工业城市", "China's old industrial cities");
    let name = || match &ind {
        Indicator::BuiltIn(i) => i.label(lang.is_zh()).to_owned(),
        Indicator::Imported { .. } | Indicator::Panel { .. } => ind.name_with_unit(lang),
    };
    match s.map {
        SpatialMap::Clusters | SpatialMap::Significance => match lang {
            Lang::Zh => format!("{head} · {}的 LISA 局部空间自相关", name()),
            Lang::En => format!(
                "{head} · local spatial autocorrelation (LISA) of {}",
                name()
            ),
        },
        SpatialMap::HotSpots => match lang {
            Lang::Zh => format!("{head} · {}的 Gi* 冷热点", name()),
            Lang::En => format!("{head} · Gi* hot and cold spots of {}", name()),
        },
        SpatialMap::Off if s.density && !state.settings.layers.province_fill => {
            format!(
                "{head} · {}",
                lang.pick(
                    "已确认城市的核密度",
                    "kernel density of the confirmed cities"
                )
            )
        }
        SpatialMap::Off => title_of(Target::Map, lang, &ind),
    }
}

/// The source caption under an export. The map and the ranking chart draw an active imported
/// indicator, so their caption names it and its "imported from FILE on DATE" source.
pub fn caption_of(target: Target, lang: Lang, indicator: &Indicator<'_>) -> String {
    let imported = indicator.imported();
    let data = lang.pick(
        "数据：老工业城市及指标见 geodata/reference（每项均注明来源）；全国老工业基地调整改造规划（2013—2022年）",
        "Data: old industrial cities and indicators from geodata/reference (each with its source); national old industrial base plan 2013–2022",
    );
    let atlas = lang.pick("老工业基地地图集", "Old Industrial Bases Atlas");
    let imported_line = |imp: &crate::core::import::ImportedIndicator| {
        format!(
            "{}{} {}",
            lang.pick("数据：", "Data: "),
            imp.name_with_unit(),
            imp.source_line(lang)
        )
    };
    match (target, imported) {
        (Target::Map, Some(imp)) => format!(
            "{}{} · {} · {atlas}",
            imported_line(imp),
            lang.pick(
                "；其他图层见 geodata/reference（每项均注明来源）",
                "; other layers from geodata/reference (each with its source)"
            ),
            boundary_credit(lang),
        ),
        (Target::Chart(ChartTab::ProvinceRanking), Some(imp)) => format!(
            "{}{} · {atlas}",
            imported_line(imp),
            lang.pick(
                "；区域分组：geodata/regions.csv",
                "; region groups: geodata/regions.csv"
            ),
        ),
        (Target::Map, None) if matches!(indicator, Indicator::Panel { .. }) => format!(
            "{}{} · {} · {atlas}",
            lang.pick("数据：", "Data: "),
            crate::core::panel::source_line(lang),
            boundary_credit(lang),
        ),
        (Target::Map, None) => format!("{data} · {} · {atlas}", boundary_credit(lang)),
        (Target::Chart(_) | Target::Slide(_), _) => format!("{data} · {atlas}"),
    }
}

/// Names the visible user layers in a map caption (their data is the user's own).
fn user_layer_credit(state: &AtlasState) -> String {
    let files: Vec<&str> = state
        .settings
        .user_layers
        .iter()
        .filter(|r| r.visible)
        .filter_map(|r| state.data.user_layer(&r.path))
        .map(|v| v.file.as_str())
        .collect();
    if files.is_empty() {
        return String::new();
    }
    format!(
        " · {}{}",
        state.lang().pick("用户图层：", "User layers: "),
        files.join(", ")
    )
}

struct Scene {
    state: AtlasState,
    map: Option<MapView>,
    target: Target,
    opts: ExportOptions,
}

fn draw(ui: &mut egui::Ui, scene: &mut Scene) {
    let opts = scene.opts.clone();
    let state = &scene.state;
    let lang = state.lang();
    let frame = egui::Frame::new()
        .fill(ui.visuals().panel_fill)
        .inner_margin(12.0);
    frame.show(ui, |ui| {
        // Charts carry their own title; the map gets one here.
        if opts.title && scene.target == Target::Map {
            // A user layer coloured by a value owns the legend, so it names the map.
            let layer_title = crate::map::furniture::classed_user_layer(state)
                .map(|(layer, color)| crate::map::furniture::layer_title(layer, color, lang));
            let title = match layer_title {
                Some(t) => format!(
                    "{} · {t}",
                    lang.pick("中国老工业城市", "China's old industrial cities")
                ),
                None => map_title(state),
            };
            ui.label(RichText::new(title).size(22.0).strong());
            ui.add_space(4.0);
        }
        // The caption wraps rather than running off the image (a long file name, a narrow
        // export); the view gives up the height it needs.
        let caption = opts.caption.then(|| {
            let mut text = caption_of(scene.target, lang, &state.active_indicator());
            if matches!(scene.target, Target::Map | Target::Slide(_)) {
                text += &user_layer_credit(state);
            }
            if let Some(note) = state.ds.city_list_note(lang) {
                text = format!("{note} · {text}");
            }
            ui.painter().layout(
                text,
                FontId::proportional(12.0),
                ui.visuals().weak_text_color(),
                ui.available_width(),
            )
        });
        let caption_h = caption
            .as_ref()
            .map_or(0.0, |g| (g.size().y + 6.0).max(22.0));
        let avail = ui.available_size() - vec2(0.0, caption_h);
        let (rect, _) = ui.allocate_exact_size(avail, egui::Sense::hover());
        match scene.target {
            Target::Map => {
                if let Some(map) = scene.map.as_mut() {
                    if let Some(b) = opts.view {
                        map.show_lonlat(b);
                    }
                    map.set_legend_visible(opts.legend);
                    map.paint(&ui.painter_at(rect), state, rect);
                }
            }
            Target::Slide(i) => {
                if let (Some(story), Some(map)) = (opts.story.as_ref(), scene.map.as_mut()) {
                    let mut child = ui.new_child(egui::UiBuilder::new().max_rect(rect));
                    // A picture has no one to click: what a slide's chart asks is dropped.
                    crate::story_view::slide_ui(
                        &mut child,
                        state,
                        map,
                        story,
                        i,
                        // On paper every source is shown; there is no key to press.
                        crate::story_view::SlideText {
                            notes: false,
                            all_sources: true,
                        },
                        &mut Vec::new(),
                    );
                }
            }
            Target::Chart(tab) => {
                let mut child = ui.new_child(egui::UiBuilder::new().max_rect(rect));
                let cx = ChartContext {
                    interactive: false,
                    ..ChartContext::new(state)
                };
                crate::charts::show(&mut child, tab, &cx, &mut Vec::new());
            }
        }
        if let Some(galley) = caption {
            // One line sits centred in an 18-point band under the view, as before.
            let top = rect.bottom() + 4.0 + ((18.0 - galley.size().y) / 2.0).max(0.0);
            let color = ui.visuals().weak_text_color();
            ui.painter()
                .galley(egui::pos2(rect.left(), top), galley, color);
        }
    });
}

/// The file formats an export writes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    #[default]
    Png,
    /// Vectors: text as text, one group per map layer.
    Svg,
    /// The SVG converted for print, with the fonts embedded.
    Pdf,
}

impl Format {
    /// The format a file name asks for (`.svg`, `.pdf`, else PNG).
    pub fn from_path(path: &Path) -> Self {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("svg") => Self::Svg,
            Some("pdf") => Self::Pdf,
            _ => Self::Png,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Self::Png => "png",
            Self::Svg => "svg",
            Self::Pdf => "pdf",
        }
    }
}

/// The harness that lays a target out exactly as the window would.
fn harness(
    ds: Arc<Dataset>,
    target: Target,
    opts: &ExportOptions,
) -> egui_kittest::Harness<'static, Scene> {
    let map = matches!(target, Target::Map | Target::Slide(_)).then(|| MapView::new(&ds));
    let scene = Scene {
        state: opts.state(ds),
        map,
        target,
        opts: opts.clone(),
    };
    let theme = match opts.theme {
        Theme::Dark => egui::Theme::Dark,
        Theme::Light => egui::Theme::Light,
    };
    let mut builder = egui_kittest::Harness::builder();
    if opts.renderer == Renderer::Cpu {
        builder = builder.renderer(crate::raster::CpuRenderer::default());
    }
    builder
        .with_size(opts.size)
        .with_pixels_per_point(opts.scale)
        .with_theme(theme)
        .with_context_setup(crate::fonts::install)
        // A user's text (an imported indicator's name, a layer's, a story's) may hold a
        // character no bundled font has: draw a box for it, never fail the export.
        .allow_missing_glyphs()
        .build_ui_state(
            |ui, scene: &mut Scene| {
                egui::CentralPanel::default()
                    .frame(egui::Frame::NONE)
                    .show(ui, |ui| draw(ui, scene));
            },
            scene,
        )
}

/// Renders one target to an RGBA image of `size * scale` pixels.
pub fn render(
    ds: Arc<Dataset>,
    target: Target,
    opts: &ExportOptions,
) -> Result<image::RgbaImage, String> {
    let timing = std::env::var_os("ATLAS_TIMING").is_some();
    let t0 = std::time::Instant::now();
    let lap = |what: &str| {
        if timing {
            eprintln!(
                "atlas:   {what}: {:.0} ms",
                t0.elapsed().as_secs_f64() * 1e3
            );
        }
    };
    let mut harness = harness(ds, target, opts);
    lap("renderer set up");
    harness.run_steps(2);
    lap("frames laid out");
    let img = harness.render();
    lap("rendered");
    img
}

/// The same picture as an SVG document: the frame laid out as for the PNG, its shapes
/// written as vectors (`crate::svg`).
pub fn render_svg(ds: Arc<Dataset>, target: Target, opts: &ExportOptions) -> String {
    let mut harness = harness(ds, target, opts);
    crate::map::vector::record(|| harness.run_steps(2));
    let images = crate::story_view::slide_picture_uris(&harness.ctx);
    crate::svg::write_with_images(&harness.output().shapes, opts.size, opts.scale, &images)
}

/// SVG reading options with the atlas's fonts, so a PDF embeds the fonts the screen uses.
pub fn usvg_options() -> svg2pdf::usvg::Options<'static> {
    let mut options = svg2pdf::usvg::Options::default();
    let db = options.fontdb_mut();
    for data in egui::FontDefinitions::default().font_data.values() {
        db.load_font_data(data.font.as_ref().as_ref().to_vec());
    }
    db.load_font_data(crate::fonts::CJK_FONT.to_vec());
    options
}

/// A PDF of an SVG picture, the atlas's fonts embedded (subset) so it prints anywhere.
pub fn svg_to_pdf(svg: &str) -> Result<Vec<u8>, String> {
    let options = usvg_options();
    let tree = svg2pdf::usvg::Tree::from_str(svg, &options).map_err(|e| e.to_string())?;
    svg2pdf::to_pdf(
        &tree,
        svg2pdf::ConversionOptions::default(),
        svg2pdf::PageOptions::default(),
    )
    .map_err(|e| format!("{e:?}"))
}

/// Renders a target in `format` and writes it atomically.
pub fn export_to(
    ds: Arc<Dataset>,
    target: Target,
    opts: &ExportOptions,
    format: Format,
    path: &Path,
) -> Result<(), String> {
    let written =
        |r: std::io::Result<()>| r.map_err(|e| format!("{}: cannot write: {e}", path.display()));
    match format {
        Format::Png => write_png(path, &render(ds, target, opts)?, opts.compression),
        Format::Svg => written(write_atomic(path, render_svg(ds, target, opts).as_bytes())),
        Format::Pdf => {
            let pdf = svg_to_pdf(&render_svg(ds, target, opts))
                .map_err(|e| format!("{}: cannot make the PDF: {e}", path.display()))?;
            written(write_atomic(path, &pdf))
        }
    }
}

/// Encodes a PNG and writes it atomically (temporary file, then rename).
pub fn write_png(
    path: &Path,
    img: &image::RgbaImage,
    compression: Compression,
) -> Result<(), String> {
    let bytes = encode_png(img, compression)
        .map_err(|e| format!("{}: cannot encode PNG: {e}", path.display()))?;
    write_atomic(path, &bytes).map_err(|e| format!("{}: cannot write: {e}", path.display()))
}

/// PNG bytes for an image. An opaque picture (every export is) is stored as RGB, a quarter
/// less to compress; the fast setting uses `png`'s fdeflate path.
pub fn encode_png(img: &image::RgbaImage, compression: Compression) -> Result<Vec<u8>, String> {
    let opaque = img.pixels().all(|p| p.0[3] == 255);
    let (color, data) = if opaque {
        let rgb: Vec<u8> = img
            .as_raw()
            .chunks_exact(4)
            .flat_map(|p| [p[0], p[1], p[2]])
            .collect();
        (png::ColorType::Rgb, std::borrow::Cow::Owned(rgb))
    } else {
        (
            png::ColorType::Rgba,
            std::borrow::Cow::Borrowed(img.as_raw()),
        )
    };
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, img.width(), img.height());
    encoder.set_color(color);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(match compression {
        Compression::Fast => png::Compression::Fast,
        Compression::Small => png::Compression::High,
    });
    let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
    writer.write_image_data(&data).map_err(|e| e.to_string())?;
    writer.finish().map_err(|e| e.to_string())?;
    Ok(bytes)
}
