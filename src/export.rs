//! Image export: draws a view with the same code as the screen, offscreen through wgpu
//! (egui_kittest's renderer), at any size and scale, then writes a PNG atomically.

use std::path::Path;
use std::sync::Arc;

use egui::{FontId, RichText, Vec2, vec2};

use crate::charts::{ChartContext, ChartTab};
use crate::core::atomic::write_atomic;
use crate::core::dataset::{BOUNDARY_CREDIT, Dataset};
use crate::core::import::ImportedIndicator;
use crate::map::MapView;
use crate::state::{Lang, Selection, Settings};

/// What to draw.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Map,
    Chart(ChartTab),
    /// One slide of a story (0-based).
    Slide(usize),
}

impl Target {
    pub fn key(self) -> &'static str {
        match self {
            Target::Map => "map",
            Target::Chart(t) => t.key(),
            Target::Slide(_) => "slide",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        if name == "map" {
            return Some(Target::Map);
        }
        ChartTab::from_key(name).map(Target::Chart)
    }

    /// Every target, for `export all`.
    pub fn all() -> Vec<Target> {
        std::iter::once(Target::Map)
            .chain(ChartTab::ALL.into_iter().map(Target::Chart))
            .collect()
    }

    pub fn names() -> String {
        Self::all()
            .iter()
            .map(|t| t.key())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Export options; the same settings give the same picture in the GUI and the CLI.
#[derive(Clone, Debug)]
pub struct ExportOptions {
    /// Logical size in points; the image is `size * scale` pixels.
    pub size: Vec2,
    pub scale: f32,
    pub dark: bool,
    pub title: bool,
    pub legend: bool,
    pub caption: bool,
    pub settings: Settings,
    /// Map view as a lon/lat box; `None` = whole China.
    pub view: Option<[f64; 4]>,
    pub selection: Selection,
    /// The story whose slides `Target::Slide` draws.
    pub story: Option<Arc<crate::core::story::Story>>,
    /// Imported indicators; `settings.choropleth.imported` names the active one, which the
    /// map and the ranking chart then show with its "imported from FILE on DATE" source.
    pub imported: Arc<Vec<ImportedIndicator>>,
    /// Loaded GeoJSON layers; `settings.user_layers` says which are shown and how.
    pub user_layers: Vec<Arc<crate::map::user_layer::UserLayerView>>,
}

impl Default for ExportOptions {
    fn default() -> Self {
        Self {
            size: vec2(1600.0, 1000.0),
            scale: 2.0,
            dark: false,
            title: true,
            legend: true,
            caption: true,
            settings: Settings::default(),
            view: None,
            selection: Selection::None,
            story: None,
            imported: Arc::default(),
            user_layers: Vec::new(),
        }
    }
}

impl ExportOptions {
    /// The imported indicator the settings make active, if any.
    pub fn active_imported(&self) -> Option<&ImportedIndicator> {
        crate::charts::active_imported(&self.settings, &self.imported)
    }
}

/// The title above an exported map (charts carry their own): the active imported indicator's
/// name and unit when one is active.
pub fn title_of(
    target: Target,
    settings: &Settings,
    imported: Option<&ImportedIndicator>,
) -> String {
    let lang = settings.lang;
    match target {
        Target::Map => format!(
            "{} · {}",
            lang.pick("中国老工业城市", "China's old industrial cities"),
            imported.map_or_else(
                || settings.choropleth.indicator.label(lang.is_zh()).to_owned(),
                ImportedIndicator::name_with_unit
            )
        ),
        Target::Chart(t) => t.title(lang).to_owned(),
        Target::Slide(_) => String::new(),
    }
}

/// The source caption under an export. The map and the ranking chart draw an active imported
/// indicator, so their caption names it and its "imported from FILE on DATE" source.
pub fn caption_of(target: Target, lang: Lang, imported: Option<&ImportedIndicator>) -> String {
    let data = lang.pick(
        "数据：老工业城市及指标见 geodata/reference（每项均注明来源）；全国老工业基地调整改造规划（2013—2022年）",
        "Data: old industrial cities and indicators from geodata/reference (each with its source); national old industrial base plan 2013–2022",
    );
    let atlas = lang.pick("老工业基地地图集", "Old Industrial Bases Atlas");
    let imported_line = |imp: &ImportedIndicator| {
        format!(
            "{}{} {}",
            lang.pick("数据：", "Data: "),
            imp.name_with_unit(),
            imp.source
        )
    };
    match (target, imported) {
        (Target::Map, Some(imp)) => format!(
            "{}{} · {BOUNDARY_CREDIT} · {atlas}",
            imported_line(imp),
            lang.pick(
                "；其他图层见 geodata/reference（每项均注明来源）",
                "; other layers from geodata/reference (each with its source)"
            ),
        ),
        (Target::Chart(ChartTab::ProvinceRanking), Some(imp)) => format!(
            "{}{} · {atlas}",
            imported_line(imp),
            lang.pick(
                "；区域分组：geodata/regions.csv",
                "; region groups: geodata/regions.csv"
            ),
        ),
        (Target::Map, None) => format!("{data} · {BOUNDARY_CREDIT} · {atlas}"),
        (Target::Chart(_) | Target::Slide(_), _) => format!("{data} · {atlas}"),
    }
}

/// Names the visible user layers in a map caption (their data is the user's own).
fn user_layer_credit(opts: &ExportOptions) -> String {
    let files: Vec<&str> = opts
        .settings
        .user_layers
        .iter()
        .filter(|r| r.visible)
        .filter_map(|r| opts.user_layers.iter().find(|v| v.path == r.path))
        .map(|v| v.file.as_str())
        .collect();
    if files.is_empty() {
        return String::new();
    }
    format!(
        " · {}{}",
        opts.settings.lang.pick("用户图层：", "User layers: "),
        files.join(", ")
    )
}

struct Scene {
    ds: Arc<Dataset>,
    map: Option<MapView>,
    target: Target,
    opts: ExportOptions,
}

fn draw(ui: &mut egui::Ui, scene: &mut Scene) {
    let opts = scene.opts.clone();
    let lang = opts.settings.lang;
    let frame = egui::Frame::new()
        .fill(ui.visuals().panel_fill)
        .inner_margin(12.0);
    frame.show(ui, |ui| {
        // Charts carry their own title; the map gets one here.
        if opts.title && scene.target == Target::Map {
            // A user layer coloured by a value owns the legend, so it names the map.
            let layer_title = scene.map.as_ref().and_then(|m| {
                let (k, colour) = m.classed_user_layer(&opts.settings.user_layers)?;
                Some(crate::map::furniture::layer_title(
                    &m.user_layers[k],
                    &colour,
                    lang,
                ))
            });
            let title = match layer_title {
                Some(t) => format!(
                    "{} · {t}",
                    lang.pick("中国老工业城市", "China's old industrial cities")
                ),
                None => title_of(scene.target, &opts.settings, opts.active_imported()),
            };
            ui.label(RichText::new(title).size(22.0).strong());
            ui.add_space(4.0);
        }
        // The caption wraps rather than running off the image (a long file name, a narrow
        // export); the view gives up the height it needs.
        let caption = opts.caption.then(|| {
            let mut text = caption_of(scene.target, lang, opts.active_imported());
            if matches!(scene.target, Target::Map | Target::Slide(_)) {
                text += &user_layer_credit(&opts);
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
                        map.fit_lonlat(rect, b);
                    } else if map.camera.is_none() {
                        map.fit_home(rect);
                    }
                    map.legend_visible = opts.legend;
                    let painter = ui.painter_at(rect);
                    map.paint(&painter, &scene.ds, &opts.settings, opts.selection, rect);
                }
            }
            Target::Slide(i) => {
                if let (Some(story), Some(map)) = (opts.story.as_ref(), scene.map.as_mut()) {
                    let mut child = ui.new_child(egui::UiBuilder::new().max_rect(rect));
                    let _ = crate::story_view::slide_ui(
                        &mut child,
                        &scene.ds,
                        map,
                        story,
                        i,
                        &opts.settings,
                        opts.selection,
                    );
                }
            }
            Target::Chart(tab) => {
                let cx = ChartContext::from_settings(
                    &scene.ds,
                    &opts.settings,
                    &opts.imported,
                    opts.selection,
                    None,
                );
                let mut child = ui.new_child(egui::UiBuilder::new().max_rect(rect));
                let _ = crate::charts::show(&mut child, tab, &cx);
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
    let map = matches!(target, Target::Map | Target::Slide(_)).then(|| {
        let mut map = MapView::new(&ds);
        map.set_imported(opts.imported.to_vec());
        map.user_layers = opts.user_layers.clone();
        map
    });
    lap("map meshes");
    let scene = Scene {
        ds,
        map,
        target,
        opts: opts.clone(),
    };
    let theme = if opts.dark {
        egui::Theme::Dark
    } else {
        egui::Theme::Light
    };
    let mut harness = egui_kittest::Harness::builder()
        .with_size(opts.size)
        .with_pixels_per_point(opts.scale)
        .with_theme(theme)
        .with_context_setup(crate::fonts::install)
        .build_ui_state(
            |ui, scene: &mut Scene| {
                egui::CentralPanel::default()
                    .frame(egui::Frame::NONE)
                    .show(ui, |ui| draw(ui, scene));
            },
            scene,
        );
    lap("renderer set up");
    harness.run_steps(2);
    lap("frames laid out");
    let img = harness.render();
    lap("rendered on the GPU device");
    img
}

/// Encodes a PNG and writes it atomically (temporary file, then rename).
pub fn write_png(path: &Path, img: &image::RgbaImage) -> Result<(), String> {
    use image::ImageEncoder;
    let mut bytes = Vec::new();
    image::codecs::png::PngEncoder::new(&mut bytes)
        .write_image(
            img.as_raw(),
            img.width(),
            img.height(),
            image::ExtendedColorType::Rgba8,
        )
        .map_err(|e| format!("{}: cannot encode PNG: {e}", path.display()))?;
    write_atomic(path, &bytes).map_err(|e| format!("{}: cannot write: {e}", path.display()))
}
