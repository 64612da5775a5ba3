//! National industrial heritage by MIIT batch, stacked by province group.

use egui::{Align2, Color32, RichText, Ui};
use egui_plot::{AxisHints, Bar, BarChart, LineStyle, PlotBounds, PlotPoint, PlotUi, Text, VLine};

use super::{
    ChartContext, category, chart_frame, color, format_fixed, integer_marks, legend_line,
    legend_swatch, speaker, static_plot, tick_label,
};
use crate::core::stats::{self, Group, HeritageByBatch, figure_ids};

/// What the chart counts, shared by its steps.
struct Counts {
    hb: HeritageByBatch,
    groups: &'static [Group],
    /// The batches in the data, in order.
    batches: Vec<u8>,
    /// The article's number of national industrial heritage sites (the first five batches).
    article_195: Option<f64>,
    /// Sites of batches 1-5 in the data.
    first_five: usize,
}

impl Counts {
    fn new(cx: &ChartContext<'_>) -> Self {
        let hb = stats::heritage_by_batch_and_group_filtered(cx.ds, cx.grouping, cx.filter);
        let batches: Vec<u8> = hb.batches.keys().copied().collect();
        let first_five: usize = batches
            .iter()
            .filter(|&&b| b <= 5)
            .map(|&b| hb.batch_total(b))
            .sum();
        Self {
            hb,
            groups: cx.grouping.groups(),
            batches,
            article_195: stats::figure_value(cx.ds, figure_ids::NATIONAL_HERITAGE),
            first_five,
        }
    }

    /// The article's count when the data goes past batch 5: then the chart marks where the
    /// article's five batches end.
    fn article_beyond_five(&self) -> Option<f64> {
        self.article_195
            .filter(|_| self.batches.iter().any(|&b| b > 5))
    }
}

/// Heritage sites by batch, stacked by group, with the article's five batches marked.
pub(super) fn show(ui: &mut Ui, cx: &ChartContext<'_>) {
    let lang = cx.lang;
    let counts = Counts::new(cx);
    let strong = ui.visuals().strong_text_color();
    let title = lang.pick(
        "国家工业遗产：各批次数量（按区域堆叠）",
        "National industrial heritage by batch (stacked by region)",
    );
    let notes = notes(cx, &counts);
    let sources = sources(cx, &counts);
    chart_frame(
        ui,
        cx,
        title,
        &notes,
        |ui| legend(ui, cx, &counts, strong),
        &sources,
        |ui| {
            if counts.batches.is_empty() {
                ui.label(lang.pick("数据中没有工业遗产。", "No heritage sites in the data."));
                return;
            }
            plot(ui, cx, &counts, strong);
        },
    );
}

/// Notes under the title: the article's five batches, sites the filter leaves out, sites that
/// fit no group.
fn notes(cx: &ChartContext<'_>, counts: &Counts) -> Vec<String> {
    let lang = cx.lang;
    let hb = &counts.hb;
    let first_five = counts.first_five;
    let mut notes = Vec::new();
    if let Some(a) = counts.article_195 {
        notes.push(if cx.zh() {
            format!(
                "第1-5批在本数据中共 {first_five} 处；文章所称 {} 处国家工业遗产（五批，{}）即这五批，第6、7批不在其内。",
                format_fixed(a, 0),
                speaker(cx.ds, figure_ids::NATIONAL_HERITAGE)
            )
        } else {
            format!(
                "Batches 1-5 in the data: {first_five} sites. The article's {} national industrial heritage sites (five batches, {}) are these batches; batches 6 and 7 are not included.",
                format_fixed(a, 0),
                speaker(cx.ds, figure_ids::NATIONAL_HERITAGE)
            )
        });
    }
    if !cx.filter.is_empty() {
        notes.push(format!(
            "{} {} {}",
            lang.pick("已应用筛选：", "Filter applied:"),
            hb.filtered_out,
            lang.pick(
                "处遗产所在省份未通过筛选，未计入。",
                "sites in provinces outside the filter are not counted."
            ),
        ));
    }
    if hb.unmatched + hb.ungrouped > 0 {
        notes.push(format!(
            "{} {}",
            hb.unmatched + hb.ungrouped,
            lang.pick("处遗产无法归入分组（省名不匹配或不在分组内）。", "sites could not be put in a group (province name not matched or outside the grouping)."),
        ));
    }
    notes
}

/// Source lines: the MIIT lists and region groups, then each batch's notice.
fn sources(cx: &ChartContext<'_>, counts: &Counts) -> Vec<String> {
    let lang = cx.lang;
    let notices: Vec<String> = counts
        .batches
        .iter()
        .filter_map(|&b| {
            stats::heritage_batch_notice(cx.ds, b).map(|n| {
                if cx.zh() {
                    format!("第{b}批 {n}")
                } else {
                    format!("batch {b}: {n}")
                }
            })
        })
        .collect();
    vec![
        lang.pick(
            "来源：工业和信息化部国家工业遗产名单（geodata/reference/heritage_sites.csv，按所在省份计数）；区域分组：geodata/regions.csv。",
            "Source: MIIT national industrial heritage lists (geodata/reference/heritage_sites.csv, counted by the site's province); region groups: geodata/regions.csv.",
        )
        .to_owned(),
        format!("{}{}", lang.pick("公布文件：", "Notices: "), notices.join(lang.pick("；", "; "))),
    ]
}

/// Legend: the groups' colours, and the dashed end of the article's five batches.
fn legend(ui: &mut Ui, cx: &ChartContext<'_>, counts: &Counts, strong: Color32) {
    let lang = cx.lang;
    for g in counts.groups {
        legend_swatch(ui, color(g.color()), g.label(cx.zh()));
    }
    if let Some(a) = counts.article_beyond_five() {
        legend_line(
            ui,
            egui::Stroke::new(1.5, strong),
            true,
            &format!(
                "{} {}",
                lang.pick("第1-5批 = 文章所称", "batches 1-5 = the article's"),
                format_fixed(a, 0)
            ),
        );
    }
}

/// The plot: one stacked bar per batch (named with its year), its total above it, and the
/// end of the article's five batches.
fn plot(ui: &mut Ui, cx: &ChartContext<'_>, counts: &Counts, strong: Color32) {
    let lang = cx.lang;
    let batches = &counts.batches;
    let labels = batch_labels(cx, batches);
    let first = f64::from(batches[0]);
    let last = f64::from(*batches.last().unwrap_or(&batches[0]));
    let max_total = batches
        .iter()
        .map(|&b| counts.hb.batch_total(b))
        .max()
        .unwrap_or(0) as f64;
    // The axis counts categories from 0, the plot's x is the batch number.
    let offset = first as usize;
    let nb = labels.len();
    static_plot("heritage")
        .height(ui.available_height())
        .width(ui.available_width())
        .show_grid([false, true])
        .x_grid_spacer(integer_marks)
        .custom_x_axes(vec![
            AxisHints::new_x()
                .label(lang.pick("批次（公布年份）", "Batch (year of the notice)"))
                .formatter(move |mark, _| {
                    let shifted = egui_plot::GridMark {
                        value: mark.value - offset as f64,
                        ..mark
                    };
                    category(shifted, nb)
                        .map(|i| labels[i].clone())
                        .unwrap_or_default()
                })
                .label_spacing(20.0..=30.0),
        ])
        .custom_y_axes(vec![
            AxisHints::new_y()
                .label(lang.pick("遗产数（处）", "Sites"))
                .formatter(|m, _| tick_label(m)),
        ])
        .show(ui, |pui| {
            // Headroom above the tallest bar: its total, then the batches 1-5 label above that.
            pui.set_plot_bounds(PlotBounds::from_min_max(
                [first - 0.6, 0.0],
                [last + 0.6, (max_total * 1.36).max(1.0)],
            ));
            stacked_bars(pui, cx, counts);
            batch_totals(pui, counts, strong);
            if counts.article_beyond_five().is_some() {
                first_five_mark(pui, cx, counts, max_total, strong);
            }
        });
}

/// Category axis names: the batch and, where known, its notice's year.
fn batch_labels(cx: &ChartContext<'_>, batches: &[u8]) -> Vec<String> {
    batches
        .iter()
        .map(|&b| {
            let year = stats::heritage_batch_year(cx.ds, b)
                .map(|y| format!("\n{y}"))
                .unwrap_or_default();
            if cx.zh() {
                format!("第{b}批{year}")
            } else {
                format!("batch {b}{year}")
            }
        })
        .collect()
}

/// The bars: one chart per group, each stacked on the groups before it.
fn stacked_bars(pui: &mut PlotUi<'_>, cx: &ChartContext<'_>, counts: &Counts) {
    let (lang, zh) = (cx.lang, cx.zh());
    let mut charts: Vec<BarChart> = Vec::new();
    for (gi, g) in counts.groups.iter().enumerate() {
        let c = color(g.color());
        let bars: Vec<Bar> = counts
            .batches
            .iter()
            .map(|&b| {
                let n = counts
                    .hb
                    .batches
                    .get(&b)
                    .and_then(|row| row.get(gi))
                    .map_or(0, |(_, n)| *n);
                Bar::new(f64::from(b), n as f64)
                    .width(0.62)
                    .fill(c)
                    .name(g.label(zh))
            })
            .collect();
        let unit = lang.pick("处", "sites").to_owned();
        let refs: Vec<&BarChart> = charts.iter().collect();
        let chart = BarChart::new(format!("heritage-{}", g.key()), bars)
            .color(c)
            .element_formatter(Box::new(move |b, _| {
                format!("{}: {} {unit}", b.name, b.value)
            }))
            .stack_on(&refs);
        charts.push(chart);
    }
    for chart in charts {
        pui.bar_chart(chart);
    }
}

/// Each batch's total above its bar.
fn batch_totals(pui: &mut PlotUi<'_>, counts: &Counts, strong: Color32) {
    for &b in &counts.batches {
        let total = counts.hb.batch_total(b);
        pui.text(
            Text::new(
                "",
                PlotPoint::new(f64::from(b), total as f64),
                RichText::new(total.to_string()).size(12.5).color(strong),
            )
            .anchor(Align2::CENTER_BOTTOM)
            .id(("heritage-total", b)),
        );
    }
}

/// A dashed line after batch 5, labelled with the data's count of batches 1-5 (the batches
/// the article's figure covers).
fn first_five_mark(
    pui: &mut PlotUi<'_>,
    cx: &ChartContext<'_>,
    counts: &Counts,
    max_total: f64,
    strong: Color32,
) {
    let lang = cx.lang;
    pui.vline(
        VLine::new("", 5.5)
            .color(strong)
            .width(1.5)
            .style(LineStyle::dashed_dense())
            .allow_hover(false)
            .id("heritage-195"),
    );
    pui.text(
        Text::new(
            "",
            PlotPoint::new(5.45, max_total * 1.34),
            RichText::new(format!(
                "{} {}",
                lang.pick("第1-5批：", "batches 1-5:"),
                counts.first_five
            ))
            .size(12.0)
            .color(strong),
        )
        .anchor(Align2::RIGHT_TOP)
        .id("heritage-195-label"),
    );
}
