//! Ranking of the active indicator: horizontal bars, highest on top, Northeast and Third Front
//! core in their region colours, other provinces grey, the selected unit outlined. Each bar is
//! an AccessKit button labelled "柱形 &lt;name&gt;" ("bar &lt;name&gt;" in English).
//!
//! An active imported indicator is ranked at its own level: one bar per province, or per
//! prefecture (the top [`TOP_PREFECTURES`], said in a note), with its "imported from FILE on
//! DATE" source under the chart. Units the table has no value for are counted as no data.

use egui::{Align2, Color32, RichText, Sense, Stroke, Ui};
use egui_plot::{AxisHints, Bar, BarChart, PlotBounds, PlotPoint, PlotResponse, PlotTransform};

use crate::labels::no_data;

use super::{
    ChartContext, NEUTRAL, chart_frame, color, integer_marks, legend_outline, legend_swatch,
    paint_text, province_short, report_hover, static_plot, tick_label,
};
use crate::core::import::{ImportedIndicator, Level};
use crate::core::indicators::{ProvinceIndicator, format_value};
use crate::core::model::RegionGroup;
use crate::core::palette::region_color;
use crate::core::place::PlaceId;
use crate::core::settings::Lang;
use crate::core::stats::{self, RankEntry};
use crate::state::Command;

/// Height of one bar row on screen: at least MIN_ROW (then the chart scrolls), at most MAX_ROW.
const MIN_ROW: f32 = 14.0;
const MAX_ROW: f32 = 24.0;
/// Font size of the province names.
const NAME_SIZE: f32 = 11.5;
/// Bars drawn for a prefecture-level indicator (the highest values).
pub const TOP_PREFECTURES: usize = 30;

/// What the bars stand for, in the chart's language.
struct View {
    title: String,
    /// The value axis title, with the unit.
    axis: String,
    /// Indicator name (tooltips).
    name: String,
    /// Unit after a value in tooltips ("" when unstated or "×").
    unit: String,
    /// Values are growth multiples ("1.23×").
    multiple: bool,
    /// The values' source (tooltips).
    source: String,
    /// The bars are prefectures (select `PlaceId::Prefecture`), not provinces.
    prefectures: bool,
}

impl View {
    fn builtin(ind: ProvinceIndicator, lang: Lang) -> Self {
        let zh = lang.is_zh();
        let unit = ind.unit(zh);
        Self {
            title: format!(
                "{}{}{}",
                lang.pick("省级排名：", "Provinces ranked: "),
                ind.label(zh),
                if unit == "×" {
                    String::new()
                } else {
                    format!(" ({unit})")
                }
            ),
            axis: format!("{} ({unit})", ind.label(zh)),
            name: ind.label(zh).to_owned(),
            unit: if unit == "×" {
                String::new()
            } else {
                unit.to_owned()
            },
            multiple: ind == ProvinceIndicator::GrowthMultiple,
            source: ind.source_line(lang).to_owned(),
            prefectures: false,
        }
    }

    fn imported(imp: &ImportedIndicator, year: Option<i32>, lang: Lang) -> Self {
        // "GDP 2015" when the table has years: the year is part of the name.
        let name = match year {
            Some(y) => format!("{} {y}", imp.name),
            None => imp.name.clone(),
        };
        let prefectures = imp.level == Level::Prefecture;
        let stated = imp.unit.as_deref().map(str::trim).filter(|u| !u.is_empty());
        let unit = stated.unwrap_or(lang.pick("单位未注明", "unit not stated"));
        Self {
            title: format!(
                "{}{} ({unit})",
                if prefectures {
                    lang.pick("地级排名：", "Prefectures ranked: ")
                } else {
                    lang.pick("省级排名：", "Provinces ranked: ")
                },
                name
            ),
            axis: format!("{name} ({unit})"),
            name,
            unit: stated.unwrap_or_default().to_owned(),
            multiple: false,
            source: imp.source_line(lang),
            prefectures,
        }
    }

    fn value_text(&self, v: f64) -> String {
        if self.multiple {
            super::multiple(v)
        } else {
            format_value(v)
        }
    }
}

fn bar_color(region: RegionGroup) -> egui::Color32 {
    match region {
        RegionGroup::Northeast | RegionGroup::ThirdFrontCore => color(region_color(region)),
        RegionGroup::ThirdFrontPartial | RegionGroup::Other => NEUTRAL,
    }
}

/// The label of a province's bar in the accessibility tree, in the user's language.
pub fn bar_label(name_zh: &str, name_en: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("柱形 {name_zh}"),
        Lang::En => format!("bar {name_en}"),
    }
}

/// The ranking of the active indicator; hover and click go into `commands`.
pub(super) fn show(ui: &mut Ui, cx: &ChartContext<'_>, commands: &mut Vec<Command>) {
    let lang = cx.lang;
    let (entries, view) = match cx.imported {
        Some(imp) => (
            stats::imported_ranking(cx.ds, imp, cx.imported_year, cx.filter),
            View::imported(imp, cx.imported_year, lang),
        ),
        None => (
            stats::province_ranking(cx.ds, cx.indicator, cx.filter),
            View::builtin(cx.indicator, lang),
        ),
    };
    let with_value: Vec<&RankEntry> = entries.iter().filter(|e| e.value.is_some()).collect();
    let no_data: Vec<&RankEntry> = entries.iter().filter(|e| e.value.is_none()).collect();
    let ranked: &[&RankEntry] = if view.prefectures {
        &with_value[..with_value.len().min(TOP_PREFECTURES)]
    } else {
        &with_value
    };
    let notes = notes(cx, &view, ranked.len(), with_value.len(), &no_data);
    let sources = vec![format!(
        "{}{}{}",
        lang.pick("来源：", "Source: "),
        view.source,
        lang.pick(
            "；区域分组：geodata/regions.csv",
            "; region groups: geodata/regions.csv"
        )
    )];
    let outline = Stroke::new(2.5, ui.visuals().strong_text_color());
    chart_frame(
        ui,
        cx,
        &view.title,
        &notes,
        |ui| legend(ui, lang, &view, outline),
        &sources,
        |ui| {
            if ranked.is_empty() {
                ui.label(lang.pick("没有可排名的数据。", "Nothing to rank."));
                return;
            }
            // Rows stay readable: scroll when the space is short.
            let n = ranked.len() as f32;
            let axis = 44.0;
            let row = ((ui.available_height() - axis) / n).clamp(MIN_ROW, MAX_ROW);
            let height = n * row + axis;
            egui::ScrollArea::vertical().show(ui, |ui| {
                plot(ui, cx, &view, ranked, height, outline, commands);
            });
        },
    );
}

/// Notes under the title: the basis of some built-in indicators, how many prefectures are
/// shown, and the units without data (not drawn).
fn notes(
    cx: &ChartContext<'_>,
    view: &View,
    ranked: usize,
    with_value: usize,
    no_data: &[&RankEntry],
) -> Vec<String> {
    let zh = cx.zh();
    let lang = cx.lang;
    let mut notes = Vec::new();
    if cx.imported.is_none() && cx.indicator == ProvinceIndicator::GrowthMultiple {
        notes.push(
            lang.pick(
                "增长倍数 = (GDP 2023 − GDP 2013) / GDP 2013，按当年价（名义），由两项有来源的数值计算。",
                "Growth multiple = (GDP 2023 − GDP 2013) / GDP 2013 at current prices (nominal), computed from the two sourced values.",
            )
            .to_owned(),
        );
    }
    if cx.imported.is_none() && cx.indicator == ProvinceIndicator::SourcedCities {
        notes.push(
            lang.pick(
                "仅为迄今找到来源的城市，并非规划的全部 120 个。",
                "Only the cities found with a source so far, not all 120 of the plan.",
            )
            .to_owned(),
        );
    }
    if view.prefectures && ranked < with_value {
        notes.push(if zh {
            format!("前 {ranked} 名（共 {with_value} 个地级单位有数值）")
        } else {
            format!("Top {ranked} of {with_value} prefectures with a value")
        });
    }
    if !no_data.is_empty() {
        let what = if view.prefectures {
            if zh {
                format!("{} 个地级单位", no_data.len())
            } else {
                format!("{} prefectures", no_data.len())
            }
        } else {
            let names: Vec<&str> = no_data
                .iter()
                .map(|e| {
                    if zh {
                        e.name_zh.as_str()
                    } else {
                        e.name_en.as_str()
                    }
                })
                .collect();
            names.join(lang.pick("、", ", "))
        };
        notes.push(format!(
            "{}{what}",
            lang.pick("无数据（未绘制）：", "No data (not drawn): "),
        ));
    }
    notes
}

/// Legend: Northeast and Third Front core colours, grey for the rest, the selection outline.
fn legend(ui: &mut Ui, lang: Lang, view: &View, outline: Stroke) {
    legend_swatch(
        ui,
        bar_color(RegionGroup::Northeast),
        lang.pick("东北", "Northeast"),
    );
    legend_swatch(
        ui,
        bar_color(RegionGroup::ThirdFrontCore),
        lang.pick("三线核心", "Third Front core"),
    );
    if view.prefectures {
        legend_swatch(
            ui,
            NEUTRAL,
            lang.pick("其他省份的地级单位", "prefectures elsewhere"),
        );
        legend_outline(
            ui,
            outline,
            lang.pick("所选地级单位", "selected prefecture"),
        );
    } else {
        legend_swatch(ui, NEUTRAL, lang.pick("其他省份", "other provinces"));
        legend_outline(ui, outline, lang.pick("所选省份", "selected province"));
    }
}

/// The ranked rows and their emphasis, shared by the plot's steps.
struct Rows<'a> {
    ranked: &'a [&'a RankEntry],
    /// Each row's name ("rank short-name"), by row from the bottom.
    names: Vec<String>,
    selected: Option<u32>,
    /// Every selected unit of the chart's level (a multiple selection), outlined alike.
    brushed: Vec<u32>,
    hovered: Option<u32>,
    strong: Color32,
}

impl Rows<'_> {
    fn len(&self) -> usize {
        self.ranked.len()
    }

    /// Row k (from the bottom) holds rank n - k: the highest value is on top.
    fn entry(&self, k: usize) -> &RankEntry {
        self.ranked[self.len() - 1 - k]
    }

    fn is_selected(&self, adcode: u32) -> bool {
        self.selected == Some(adcode) || self.brushed.contains(&adcode)
    }

    /// The selected or hovered units are emphasised.
    fn emphasised(&self, e: &RankEntry) -> bool {
        self.is_selected(e.adcode) || self.hovered == Some(e.adcode)
    }
}

/// The bars, then beside them the names and values; hover and click go into `commands`.
fn plot(
    ui: &mut Ui,
    cx: &ChartContext<'_>,
    view: &View,
    ranked: &[&RankEntry],
    height: f32,
    outline: Stroke,
    commands: &mut Vec<Command>,
) {
    let lang = cx.lang;
    let n = ranked.len();
    // Prefecture bars answer to a selected prefecture; the hovered province (from the map)
    // only marks province bars.
    let (selected, hovered) = if view.prefectures {
        let sel = match cx.selection.primary() {
            Some(PlaceId::Prefecture(code)) => Some(*code),
            _ => None,
        };
        (sel, None)
    } else {
        (cx.selected_province(), cx.hovered_province)
    };
    let mut rows = Rows {
        ranked,
        names: Vec::new(),
        selected,
        brushed: cx.selected_units(view.prefectures),
        hovered,
        strong: ui.visuals().strong_text_color(),
    };
    rows.names = (0..n)
        .map(|k| {
            let e = rows.entry(k);
            format!("{} {}", n - k, province_short(lang, &e.name_zh, &e.name_en))
        })
        .collect();
    // Province names are painted beside the axis (egui_plot hides tick labels taller than
    // the row); the axis only reserves their width.
    let name_font = egui::FontId::proportional(NAME_SIZE);
    let name_width = rows
        .names
        .iter()
        .map(|t| {
            ui.painter()
                .layout_no_wrap(t.clone(), name_font.clone(), rows.strong)
                .size()
                .x
        })
        .fold(0.0_f32, f32::max);
    let response = bar_plot(ui, view, &rows, height, name_width, outline);
    bring_selected_into_view(ui, &response.transform, &rows);
    row_names(ui, &response.transform, &rows, name_width);
    value_labels(ui, &response.transform, view, &rows);
    hover_and_click(ui, lang, view, &rows, &response, commands);
}

/// Scrolls the ranking to the selected bar once, when the selection changes (a province
/// clicked on the map may rank below the fold); the user's own scrolling is left alone.
fn bring_selected_into_view(ui: &Ui, transform: &egui_plot::PlotTransform, rows: &Rows<'_>) {
    let id = ui.scope_id().with("ranking-scrolled-to");
    let before: Option<u32> = ui.data(|d| d.get_temp(id)).flatten();
    if rows.selected == before {
        return;
    }
    ui.data_mut(|d| d.insert_temp(id, rows.selected));
    let Some(k) = (0..rows.len()).find(|&k| Some(rows.entry(k).adcode) == rows.selected) else {
        return;
    };
    let at = transform.position_from_point(&PlotPoint::new(0.0, k as f64));
    let bar = egui::Rect::from_center_size(at, egui::vec2(1.0, 24.0));
    ui.scroll_to_rect(bar, Some(egui::Align::Center));
}

/// The plot: one horizontal bar per row, the value axis on top, room on the left for the
/// names. Returns the row under the pointer.
fn bar_plot(
    ui: &mut Ui,
    view: &View,
    rows: &Rows<'_>,
    height: f32,
    name_width: f32,
    outline: Stroke,
) -> PlotResponse<Option<usize>> {
    let n = rows.len();
    let (x_min, x_max) = value_range(rows.ranked);
    static_plot("ranking")
        .height(height)
        .width(ui.available_width())
        .show_grid([true, false])
        .y_grid_spacer(integer_marks)
        .custom_y_axes(vec![
            AxisHints::new_y()
                .formatter(|_, _| String::new())
                .min_thickness(name_width + 10.0),
        ])
        .custom_x_axes(vec![
            AxisHints::new_x()
                .label(view.axis.clone())
                .placement(egui_plot::VPlacement::Top)
                .formatter(|mark, _| tick_label(mark)),
        ])
        .show(ui, |pui| {
            pui.set_plot_bounds(PlotBounds::from_min_max(
                [x_min, -0.6],
                [x_max, n as f64 - 0.4],
            ));
            pui.bar_chart(
                BarChart::new("ranking-bars", bars(rows, outline))
                    .horizontal()
                    .allow_hover(false),
            );
            // The row under the pointer, from the plot coordinate.
            pui.pointer_coordinate().and_then(|p| {
                let k = p.y.round();
                (k >= 0.0 && (k as usize) < n && (p.y - k).abs() <= 0.5).then_some(k as usize)
            })
        })
}

/// The value axis range: from 0 (or below the lowest negative value) to past the highest
/// value, leaving room for the value labels.
fn value_range(ranked: &[&RankEntry]) -> (f64, f64) {
    let max = ranked
        .iter()
        .filter_map(|e| e.value)
        .fold(0.0_f64, f64::max);
    let min = ranked
        .iter()
        .filter_map(|e| e.value)
        .fold(0.0_f64, f64::min);
    let span = (max - min).max(f64::EPSILON);
    let x_max = max + span * 0.16;
    let x_min = if min < 0.0 { min - span * 0.05 } else { 0.0 };
    (x_min, x_max)
}

/// The bars in region colours; the selected unit outlined, the hovered one darker and ringed.
fn bars(rows: &Rows<'_>, outline: Stroke) -> Vec<Bar> {
    (0..rows.len())
        .map(|k| {
            let e = rows.entry(k);
            let mut fill = bar_color(e.region);
            if rows.hovered == Some(e.adcode) {
                fill = fill.gamma_multiply(0.7);
            }
            let mut bar = Bar::new(k as f64, e.value.unwrap_or(0.0))
                .width(0.72)
                .fill(fill)
                .name(&e.name_zh);
            if rows.is_selected(e.adcode) {
                bar = bar.stroke(outline);
            } else if rows.hovered == Some(e.adcode) {
                bar = bar.stroke(Stroke::new(1.5, rows.strong));
            }
            bar
        })
        .collect()
}

/// Row names, right-aligned against the plot's left edge.
fn row_names(ui: &Ui, transform: &PlotTransform, rows: &Rows<'_>, name_width: f32) {
    let frame = *transform.frame();
    let names_painter = ui
        .painter()
        .with_clip_rect(frame.expand2(egui::vec2(name_width + 12.0, 0.0)));
    for (k, name) in rows.names.iter().enumerate() {
        let y = transform.position_from_point_y(k as f64);
        let c = if rows.emphasised(rows.entry(k)) {
            rows.strong
        } else {
            ui.visuals().text_color()
        };
        paint_text(
            &names_painter,
            egui::pos2(frame.left() - 5.0, y),
            Align2::RIGHT_CENTER,
            name,
            NAME_SIZE,
            c,
        );
    }
}

/// Value labels at the end of each bar, strong for the selected unit.
fn value_labels(ui: &Ui, transform: &PlotTransform, view: &View, rows: &Rows<'_>) {
    let painter = ui.painter().with_clip_rect(*transform.frame());
    for k in 0..rows.len() {
        let e = rows.entry(k);
        // Only ranked (valued) entries are drawn; there is no 0 stand-in to label.
        let Some(v) = e.value else { continue };
        let at = transform.position_from_point(&PlotPoint::new(v.max(0.0), k as f64));
        let text = view.value_text(v);
        let weight = if rows.is_selected(e.adcode) {
            rows.strong
        } else {
            ui.visuals().text_color()
        };
        paint_text(
            &painter,
            at + egui::vec2(4.0, 0.0),
            Align2::LEFT_CENTER,
            &text,
            11.5,
            weight,
        );
    }
}

/// One AccessKit button per bar (its row band) with a tooltip, and the plot's pointer row;
/// the hovered and clicked unit go into `commands`.
fn hover_and_click(
    ui: &Ui,
    lang: Lang,
    view: &View,
    rows: &Rows<'_>,
    response: &PlotResponse<Option<usize>>,
    commands: &mut Vec<Command>,
) {
    let transform = &response.transform;
    let frame = *transform.frame();
    let mut hover_now = if response.response.hovered() || ui.rect_contains_pointer(frame) {
        response.inner.map(|k| rows.entry(k).adcode)
    } else {
        None
    };
    let mut clicked = None;
    for k in 0..rows.len() {
        let e = rows.entry(k);
        let band = transform
            .rect_from_values(
                &PlotPoint::new(transform.bounds().min()[0], k as f64 - 0.5),
                &PlotPoint::new(transform.bounds().max()[0], k as f64 + 0.5),
            )
            .intersect(frame);
        if !band.is_positive() {
            continue;
        }
        let id = ui.scope_id().with(("ranking-bar", e.adcode));
        let resp = ui.interact(band, id, Sense::click());
        let label = bar_label(&e.name_zh, &e.name_en, lang);
        resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
        if resp.hovered() {
            hover_now = Some(e.adcode);
        }
        if resp.clicked() {
            clicked = Some(e.adcode);
        }
        let value_text = tooltip_value(lang, view, e);
        resp.on_hover_ui(|ui| {
            ui.label(RichText::new(format!("{}  {}", e.name_zh, e.name_en)).strong());
            ui.label(format!("{}: {value_text}", view.name));
            ui.label(RichText::new(view.source.as_str()).small());
        });
    }
    if clicked.is_none() && response.response.clicked() {
        clicked = response.inner.map(|k| rows.entry(k).adcode);
    }
    if view.prefectures {
        // A prefecture is not a province: the map's province hover is left alone.
        hover_now = None;
    }
    report_hover(ui, ui.scope_id().with("ranking-hover"), hover_now, commands);
    if let Some(code) = clicked {
        commands.push(Command::Select(Some(if view.prefectures {
            PlaceId::Prefecture(code)
        } else {
            PlaceId::Province(code)
        })));
    }
}

/// A unit's value in its tooltip, with the unit, or "no data".
fn tooltip_value(lang: Lang, view: &View, e: &RankEntry) -> String {
    e.value
        .map(|v| {
            let text = view.value_text(v);
            if view.unit.is_empty() {
                text
            } else {
                format!("{text} {}", view.unit)
            }
        })
        .unwrap_or_else(|| no_data(lang).to_owned())
}
