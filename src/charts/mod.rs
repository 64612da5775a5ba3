//! Charts beside the map: region comparison, province ranking, growth scatter, heritage by
//! batch and the article's figures. Each chart draws from the data core and the app state
//! (read-only) and pushes [`Command`]s for what the user asks; none changes app state.
//!
//! Every number drawn comes from the dataset or is computed from it (the basis is stated on
//! the chart); values the dataset lacks are shown as "no data", never as 0.

mod article;
mod growth;
mod heritage;
mod no_data;
mod ranking;
mod regions;
pub mod spatial;
mod trends;

pub use ranking::TOP_PREFECTURES;

use egui::{Align, Align2, Color32, Layout, RichText, Ui};
use egui_plot::{GridInput, GridMark, Plot};

use crate::core::dataset::Dataset;
use crate::core::filter::Filter;
use crate::core::import::ImportedIndicator;
use crate::core::indicators::ProvinceIndicator;
use crate::core::place::{PlaceId, Selection};
use crate::core::settings::Lang;
use crate::core::stats;
use crate::state::{AtlasState, Command};

pub use crate::core::settings::ChartTab;

/// What a chart reads.
pub struct ChartContext<'a> {
    pub ds: &'a Dataset,
    pub lang: Lang,
    pub selection: &'a Selection,
    /// Province hovered elsewhere (e.g. on the map), emphasised in the charts.
    pub hovered_province: Option<u32>,
    /// The place hovered anywhere (a prefecture too), for charts of units of any level.
    pub hovered: Option<&'a PlaceId>,
    /// The choropleth's built-in indicator, ranked by the ranking chart unless an import is
    /// the active indicator.
    pub indicator: ProvinceIndicator,
    /// The active indicator when it is imported (from `AtlasState::active_indicator`): the
    /// ranking chart then ranks it (at its own level, with its "imported from" source).
    pub imported: Option<&'a ImportedIndicator>,
    /// The year of `imported` shown, when its table has years.
    pub imported_year: Option<i32>,
    pub filter: &'a Filter,
    pub grouping: stats::Grouping,
    /// A slide's narrow chart column: a chart of several panels shows its first one only,
    /// at a size that fits, instead of a scrolled grid.
    pub compact: bool,
    /// The trends chart's settings, and the map's indicator when it has years (the chart
    /// then shows it, in the map's year).
    pub trends: &'a crate::core::settings::TrendSettings,
    pub panel_indicator: Option<(&'static crate::core::panel::PanelColumn, i32)>,
    /// The map's choropleth, which the trends chart's indicator menu changes.
    pub choropleth: &'a crate::core::settings::Choropleth,
    /// The user's own groups, compared beside the built-in ones.
    pub groups: &'a [crate::core::groups::UserGroup],
    pub spatial: &'a crate::core::settings::SpatialSettings,
    /// Where the spatial analysis comes from (shared with the map).
    pub spatial_run: &'a crate::state::spatial::SpatialRun,
    /// A window someone can click (false in an exported picture: no controls drawn).
    pub interactive: bool,
}

impl<'a> ChartContext<'a> {
    /// The context the app's state describes: language, the active indicator, filter,
    /// grouping, selection and hover.
    pub fn new(state: &'a AtlasState) -> Self {
        let settings = &state.settings;
        Self {
            ds: &state.ds,
            lang: settings.lang,
            selection: &state.interaction.selection,
            hovered_province: state.hovered_province(),
            hovered: state.interaction.hovered.as_ref(),
            indicator: settings.choropleth.indicator,
            imported: state.active_indicator().imported(),
            imported_year: state
                .active_indicator()
                .imported()
                .and_then(|_| state.active_indicator().year()),
            filter: &settings.filter,
            grouping: if settings.nbs_grouping {
                stats::Grouping::Nbs
            } else {
                stats::Grouping::NortheastThirdFront
            },
            compact: false,
            trends: &settings.trends,
            panel_indicator: match state.active_indicator() {
                crate::core::indicators::Indicator::Panel { column, year, .. } => {
                    Some((column, year))
                }
                _ => None,
            },
            choropleth: &settings.choropleth,
            groups: &settings.groups,
            spatial: &settings.spatial,
            spatial_run: &state.spatial,
            interactive: true,
        }
    }

    fn zh(&self) -> bool {
        self.lang.is_zh()
    }

    fn selected_province(&self) -> Option<u32> {
        self.selection.primary()?.province()
    }

    /// Every selected unit at one level (provinces or prefectures), for linked brushing: a
    /// set selected on the map is emphasised in every chart.
    fn selected_units(&self, prefectures: bool) -> Vec<u32> {
        let (p, f) = crate::core::place::unit_codes(self.selection.places());
        if prefectures { f } else { p }
    }
}

/// Draws one chart filling `ui`; what the user asks for goes into `commands`.
pub fn show(ui: &mut Ui, tab: ChartTab, cx: &ChartContext<'_>, commands: &mut Vec<Command>) {
    ui.push_id(("chart", tab.key()), |ui| match tab {
        ChartTab::RegionComparison => regions::show(ui, cx),
        ChartTab::ProvinceRanking => ranking::show(ui, cx, commands),
        ChartTab::Growth => growth::show(ui, cx, commands),
        ChartTab::Heritage => heritage::show(ui, cx),
        ChartTab::ArticleFigures => article::show(ui, cx),
        ChartTab::Trends => trends::show(ui, cx, commands),
        ChartTab::Spatial => spatial::show(ui, cx, commands),
    });
}
// ---------------------------------------------------------------------------------------
// Shared pieces.

pub(crate) use crate::paint::color32 as color;

/// Bars and points that are not highlighted.
pub(crate) const NEUTRAL: Color32 = Color32::from_rgb(0x9a, 0x9a, 0x9a);

/// The least height a chart's plots get. Below it the chart scrolls rather than squeezing
/// its plots over its sources (a small window, a projector at 1024×768).
pub(crate) const MIN_BODY_HEIGHT: f32 = 180.0;

/// Title and notes at the top, legend below them, source lines at the bottom, the body
/// (plots) filling the space in between, never less than [`MIN_BODY_HEIGHT`].
///
/// On a slide (`cx.compact`) nothing should scroll: the notes and sources fold into one
/// "说明与来源 / Notes and sources" line under the legend (the slide names its own sources
/// under its caption) and the body takes all the height left.
pub(crate) fn chart_frame(
    ui: &mut Ui,
    cx: &ChartContext<'_>,
    title: &str,
    notes: &[String],
    legend: impl FnOnce(&mut Ui),
    sources: &[String],
    body: impl FnOnce(&mut Ui),
) {
    let outer = ui.available_size();
    let compact = cx.compact;
    egui::ScrollArea::vertical()
        .id_salt(("chart_frame", title))
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let top = ui.cursor().top();
            ui.label(RichText::new(title).heading().strong());
            if !compact {
                for n in notes {
                    ui.add(egui::Label::new(RichText::new(n.as_str()).size(12.0)).wrap());
                }
            }
            ui.horizontal_wrapped(legend);
            if compact {
                egui::CollapsingHeader::new(
                    RichText::new(cx.lang.pick("说明与来源", "Notes and sources")).size(12.0),
                )
                .id_salt(("chart-notes", title))
                .show(ui, |ui| {
                    for n in notes.iter().chain(sources) {
                        ui.add(egui::Label::new(RichText::new(n.as_str()).size(11.5)).wrap());
                    }
                });
            }
            let header = ui.cursor().top() - top;
            let width = ui.available_width();
            let spacing = ui.spacing().item_spacing.y;
            let sources_h: f32 = if compact {
                0.0
            } else {
                sources
                    .iter()
                    .map(|s| {
                        let font = egui::FontId::proportional(11.5);
                        ui.painter()
                            .layout(s.clone(), font, Color32::WHITE, width)
                            .size()
                            .y
                            + spacing
                    })
                    .sum::<f32>()
                    + 4.0 * spacing
                    + 8.0
            };
            let least = if compact { 100.0 } else { MIN_BODY_HEIGHT };
            let body_h = (outer.y - header - sources_h - spacing).max(least);
            ui.allocate_ui_with_layout(
                egui::vec2(width, body_h),
                Layout::top_down(Align::Min),
                |ui| {
                    ui.set_min_height(body_h);
                    ui.set_max_height(body_h);
                    // Room on the left for the rotated y-axis titles.
                    egui::Frame::NONE
                        .inner_margin(egui::Margin {
                            left: 6,
                            ..egui::Margin::ZERO
                        })
                        .show(ui, body);
                },
            );
            if !compact {
                ui.separator();
                for s in sources {
                    ui.add(egui::Label::new(RichText::new(s.as_str()).size(11.5).weak()).wrap());
                }
            }
        });
}

/// A top-down cell of a fixed size (small multiples).
pub(crate) fn cell(ui: &mut Ui, size: egui::Vec2, add: impl FnOnce(&mut Ui)) {
    // Narrow panels (a slide's chart column, a small window) can leave no room: never ask
    // egui for a negative size.
    let size = size.max(egui::Vec2::ZERO);
    ui.allocate_ui_with_layout(size, Layout::top_down(Align::Min), |ui| {
        ui.set_width(size.x);
        add(ui);
    });
}

/// Starts a new legend row unless a swatch and `label` fit on this one. Returns whether the
/// entry is wider than a whole row (it then wraps, and ends its row).
fn legend_fits(ui: &mut Ui, sample_w: f32, label: &str) -> bool {
    let font = egui::TextStyle::Body.resolve(ui.style());
    let text_w = ui
        .painter()
        .layout_no_wrap(label.to_owned(), font, Color32::WHITE)
        .size()
        .x;
    let needed = sample_w + ui.spacing().item_spacing.x * 2.0 + text_w + 6.0;
    if ui.available_size_before_wrap().x < needed && ui.cursor().min.x > ui.max_rect().min.x + 1.0 {
        ui.end_row();
    }
    needed > ui.max_rect().width()
}

/// A legend entry's label: on one line, or, when wider than a row, wrapped within the row
/// with the row ended after it (so the next entry starts clear of its last line).
fn legend_label(ui: &mut Ui, label: &str, too_wide: bool) {
    if too_wide {
        ui.add(egui::Label::new(label).wrap());
        ui.end_row();
    } else {
        ui.add(egui::Label::new(label).extend());
        ui.add_space(6.0);
    }
}

/// A filled swatch and its label, for the legends above the plots.
pub(crate) fn legend_swatch(ui: &mut Ui, fill: Color32, label: &str) {
    legend_swatch_stroked(ui, fill, egui::Stroke::NONE, label);
}

/// A swatch with an outline (e.g. the hollow 2013 bars) and its label.
pub(crate) fn legend_swatch_stroked(ui: &mut Ui, fill: Color32, stroke: egui::Stroke, label: &str) {
    let h = ui.text_style_height(&egui::TextStyle::Body);
    let too_wide = legend_fits(ui, h * 0.9, label);
    let (rect, _) = ui.allocate_exact_size(egui::vec2(h * 0.9, h * 0.9), egui::Sense::hover());
    ui.painter().rect_filled(rect, 2.0, fill);
    if stroke != egui::Stroke::NONE {
        ui.painter()
            .rect_stroke(rect, 2.0, stroke, egui::StrokeKind::Inside);
    }
    legend_label(ui, label, too_wide);
}

/// A short line sample (reference lines) and its label.
pub(crate) fn legend_line(ui: &mut Ui, stroke: egui::Stroke, dashed: bool, label: &str) {
    let h = ui.text_style_height(&egui::TextStyle::Body);
    let too_wide = legend_fits(ui, h * 1.6, label);
    let (rect, _) = ui.allocate_exact_size(egui::vec2(h * 1.6, h), egui::Sense::hover());
    let y = rect.center().y;
    if dashed {
        ui.painter().extend(egui::Shape::dashed_line(
            &[egui::pos2(rect.left(), y), egui::pos2(rect.right(), y)],
            stroke,
            4.0,
            3.0,
        ));
    } else {
        ui.painter().line_segment(
            [egui::pos2(rect.left(), y), egui::pos2(rect.right(), y)],
            stroke,
        );
    }
    legend_label(ui, label, too_wide);
}

/// An outline sample (the selected province) and its label.
pub(crate) fn legend_outline(ui: &mut Ui, stroke: egui::Stroke, label: &str) {
    legend_swatch_stroked(ui, Color32::TRANSPARENT, stroke, label);
}

/// A plot that does not pan or zoom: the charts set their bounds every frame.
pub(crate) fn static_plot<'a>(id: &str) -> Plot<'a> {
    Plot::new(id)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .show_x(false)
        .show_y(false)
        .grid_spacing(egui::Rangef::new(16.0, 160.0))
        .x_grid_spacer(nice_marks)
        .y_grid_spacer(nice_marks)
}

/// A static bar plot with one named category at each integer x and a value axis with its
/// unit (the small multiples of the region and article charts).
pub(crate) fn category_plot<'a>(
    id: &str,
    size: egui::Vec2,
    names: Vec<String>,
    unit: &str,
    y_tick_font: Option<f32>,
) -> Plot<'a> {
    let n = names.len();
    // Two-line category names ("Rest of\nChina") need a thicker axis than egui_plot's
    // default, or their second line is cut off.
    let lines = names.iter().map(|s| s.lines().count()).max().unwrap_or(1) as f32;
    let mut y_axis = egui_plot::AxisHints::new_y()
        .label(unit.to_owned())
        .formatter(|m, _| tick_label(m));
    if let Some(size) = y_tick_font {
        y_axis = y_axis.tick_label_font(egui::FontId::proportional(size));
    }
    static_plot(id)
        .height(size.y)
        .width(size.x)
        .show_grid([false, true])
        .x_grid_spacer(integer_marks)
        .custom_x_axes(vec![
            egui_plot::AxisHints::new_x()
                .formatter(move |m, _| category(m, n).map(|i| names[i].clone()).unwrap_or_default())
                .label_spacing(20.0..=30.0)
                .tick_label_font(egui::FontId::proportional(12.0))
                .min_thickness(8.0 + 15.0 * lines),
        ])
        .custom_y_axes(vec![y_axis])
}

/// About five grid marks at a 1-2-5 step over the visible range.
pub(crate) fn nice_marks(input: GridInput) -> Vec<GridMark> {
    let (lo, hi) = input.bounds;
    let range = hi - lo;
    if !(range.is_finite() && range > 0.0) {
        return Vec::new();
    }
    let raw = range / 5.0;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * magnitude);
    let first = (lo / step).ceil() as i64;
    let last = (hi / step).floor() as i64;
    (first..=last)
        .map(|i| GridMark {
            value: i as f64 * step,
            step_size: step,
        })
        .collect()
}

/// Grid marks at every integer (categorical axes).
pub(crate) fn integer_marks(input: GridInput) -> Vec<GridMark> {
    let (lo, hi) = input.bounds;
    let (lo, hi) = (lo.ceil() as i64, hi.floor() as i64);
    (lo..=hi)
        .map(|v| GridMark {
            value: v as f64,
            step_size: 1.0,
        })
        .collect()
}

/// The category index a grid mark stands for, if it is one.
pub(crate) fn category(mark: GridMark, n: usize) -> Option<usize> {
    let i = mark.value.round();
    ((mark.value - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < n).then_some(i as usize)
}

/// `v` with `decimals` decimals and thousands separators.
pub(crate) fn format_fixed(v: f64, decimals: usize) -> String {
    let s = format!("{:.*}", decimals, v.abs());
    let (int, frac) = s
        .split_once('.')
        .map_or((s.as_str(), None), |(a, b)| (a, Some(b)));
    let mut grouped = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    let sign = if v < 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0') {
        "-"
    } else {
        ""
    };
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// Tick labels with as many decimals as the grid step needs, and thousands separators.
pub(crate) fn tick_label(mark: GridMark) -> String {
    let decimals = (-mark.step_size.log10()).ceil().max(0.0) as usize;
    format_fixed(mark.value, decimals.min(4))
}

/// Who stated an article figure (from `article_figures.csv`), or "" if the figure is missing.
pub(crate) fn speaker<'a>(ds: &'a Dataset, id: &str) -> &'a str {
    ds.figure(id).map_or("", |f| f.speaker.as_str())
}

/// A growth multiple as shown: two decimals and "×".
pub(crate) fn multiple(v: f64) -> String {
    format!("{v:.2}×")
}

/// Province name without its administrative suffix (黑龙江省 → 黑龙江, 广西壮族自治区 → 广西).
pub(crate) fn short_name_zh(name: &str) -> &str {
    for suffix in [
        "壮族自治区",
        "回族自治区",
        "维吾尔自治区",
        "特别行政区",
        "自治区",
        "省",
        "市",
    ] {
        if let Some(s) = name.strip_suffix(suffix)
            && !s.is_empty()
        {
            return s;
        }
    }
    name
}

pub(crate) fn province_short(lang: Lang, name_zh: &str, name_en: &str) -> String {
    if lang.is_zh() {
        short_name_zh(name_zh).to_owned()
    } else {
        name_en.to_owned()
    }
}

/// Reports a hover when the chart's hovered province changes (remembered per chart), so
/// the chart clears its hover when the pointer leaves but never overrides the map's.
pub(crate) fn report_hover(ui: &Ui, id: egui::Id, now: Option<u32>, commands: &mut Vec<Command>) {
    let before: Option<u32> = ui.data(|d| d.get_temp(id)).flatten();
    if now != before {
        commands.push(Command::Hover(now.map(PlaceId::Province)));
        ui.data_mut(|d| d.insert_temp(id, now));
    }
}

/// Text painted with the plot's clip rect.
pub(crate) fn paint_text(
    painter: &egui::Painter,
    pos: egui::Pos2,
    anchor: Align2,
    text: &str,
    size: f32,
    color: Color32,
) -> egui::Rect {
    painter.text(pos, anchor, text, egui::FontId::proportional(size), color)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names_drop_the_suffix() {
        assert_eq!(short_name_zh("黑龙江省"), "黑龙江");
        assert_eq!(short_name_zh("广西壮族自治区"), "广西");
        assert_eq!(short_name_zh("新疆维吾尔自治区"), "新疆");
        assert_eq!(short_name_zh("内蒙古自治区"), "内蒙古");
        assert_eq!(short_name_zh("香港特别行政区"), "香港");
        assert_eq!(short_name_zh("北京市"), "北京");
    }

    #[test]
    fn nice_marks_use_one_two_five_steps() {
        let marks = nice_marks(GridInput {
            bounds: (0.0, 1_000_000.0),
            base_step_size: 1.0,
        });
        let values: Vec<f64> = marks.iter().map(|m| m.value).collect();
        assert_eq!(
            values,
            [0.0, 200_000.0, 400_000.0, 600_000.0, 800_000.0, 1_000_000.0]
        );
        let marks = nice_marks(GridInput {
            bounds: (-0.1, 1.6),
            base_step_size: 1.0,
        });
        assert_eq!(marks[0].value, 0.0);
        assert!((marks[1].value - 0.5).abs() < 1e-12);
    }

    #[test]
    fn fixed_formatting_groups_thousands() {
        assert_eq!(format_fixed(1_260_582.0, 0), "1,260,582");
        assert_eq!(format_fixed(0.5, 1), "0.5");
        assert_eq!(format_fixed(-1234.5, 1), "-1,234.5");
        assert_eq!(format_fixed(-0.0, 0), "0");
    }
}
