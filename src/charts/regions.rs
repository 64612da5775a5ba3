//! Region comparison: small multiples, one bar plot per metric (each with its own unit), one
//! bar per group of the chosen grouping.

use egui::{Align2, Color32, RichText, Ui};
use egui_plot::{Bar, BarChart, Line, LineStyle, PlotBounds, PlotPoint, PlotUi, Text};

use super::no_data::no_data_text;
use crate::labels::no_data;

use super::{
    ChartContext, category_plot, cell, chart_frame, color, format_fixed, legend_line,
    legend_swatch, multiple, speaker,
};
use crate::core::dataset::PLAN_TOTAL_CITIES;
use crate::core::settings::Lang;
use crate::core::stats::{self, GroupAggregate, Grouping, figure_ids};

/// One panel of the small multiples.
struct Metric {
    id: &'static str,
    title: (&'static str, &'static str),
    unit: (&'static str, &'static str),
    value: fn(&GroupAggregate) -> Option<f64>,
    /// Provinces of the group lacking the value (0 for counts, which always exist).
    missing: fn(&GroupAggregate) -> usize,
    label: fn(f64) -> String,
}

const METRICS: [Metric; 6] = [
    Metric {
        id: "regions-cities",
        title: (
            "已找到来源的老工业城市",
            "Old industrial cities found (sourced)",
        ),
        unit: ("个", "cities"),
        value: |a| Some(a.sourced_cities as f64),
        missing: |_| 0,
        label: |v| format_fixed(v, 0),
    },
    Metric {
        id: "regions-heritage",
        title: (
            "国家工业遗产（第1-7批）",
            "National industrial heritage (batches 1-7)",
        ),
        unit: ("处", "sites"),
        value: |a| Some(a.heritage_sites as f64),
        missing: |_| 0,
        label: |v| format_fixed(v, 0),
    },
    Metric {
        id: "regions-gdp2013",
        title: (
            "地区生产总值 2013（各省合计）",
            "GDP 2013 (sum of provinces)",
        ),
        unit: ("亿元", "100 million yuan"),
        value: |a| a.gdp_2013,
        missing: |a| a.missing.gdp_2013,
        label: |v| format_fixed(v, 0),
    },
    Metric {
        id: "regions-gdp2023",
        title: (
            "地区生产总值 2023（各省合计）",
            "GDP 2023 (sum of provinces)",
        ),
        unit: ("亿元", "100 million yuan"),
        value: |a| a.gdp_2023,
        missing: |a| a.missing.gdp_2023,
        label: |v| format_fixed(v, 0),
    },
    Metric {
        id: "regions-growth",
        title: (
            "增长倍数 2013→2023（名义）",
            "Growth multiple 2013→2023 (nominal)",
        ),
        unit: ("倍", "times"),
        value: |a| a.growth_multiple,
        missing: |a| a.provinces - a.growth_provinces,
        label: multiple,
    },
    Metric {
        id: "regions-population",
        title: (
            "常住人口 2020（七普，各省合计）",
            "Population 2020 (census, sum)",
        ),
        unit: ("万人", "10,000 persons"),
        value: |a| a.population_2020.map(|p| p / 10_000.0),
        missing: |a| a.missing.population_2020,
        label: |v| format_fixed(v, 0),
    },
];

/// The region comparison: one small bar plot per metric.
pub(super) fn show(ui: &mut Ui, cx: &ChartContext<'_>) {
    let lang = cx.lang;
    let mut aggs = stats::region_aggregates(cx.ds, cx.grouping, cx.filter);
    // The user's province-level groups beside the built-in ones.
    aggs.extend(
        cx.groups
            .iter()
            .filter_map(|g| stats::user_group_aggregate(cx.ds, g, cx.filter)),
    );
    let article_ne = stats::figure_value(cx.ds, figure_ids::NORTHEAST_BASES);
    let title = match cx.grouping {
        Grouping::NortheastThirdFront => lang.pick(
            "区域对比：东北、三线核心与其他地区（省级合计）",
            "Regions compared: Northeast, Third Front core, rest of China (province totals)",
        ),
        Grouping::Nbs => lang.pick(
            "区域对比：国家统计局四大区域（省级合计）",
            "Regions compared: the NBS four regions (province totals)",
        ),
    };
    let notes = notes(cx);
    let sources = sources(cx, article_ne);
    chart_frame(
        ui,
        cx,
        title,
        &notes,
        |ui| legend(ui, lang, &aggs, article_ne),
        &sources,
        |ui| {
            if aggs.is_empty() {
                ui.label(lang.pick("筛选后没有省份。", "No province passes the filter."));
                return;
            }
            small_multiples(ui, cx, &aggs, article_ne);
        },
    );
}

/// Notes under the title: how totals are formed and the scope, the provinces split across
/// groups, the filter.
fn notes(cx: &ChartContext<'_>) -> Vec<String> {
    let lang = cx.lang;
    let in_scope = cx
        .ds
        .provinces
        .iter()
        .filter(|p| cx.grouping.group_of(p).is_some())
        .count();
    let mut notes = vec![if cx.zh() {
        format!(
            "合计 = 组内各省数值之和，任一省缺值则该组不计合计；增长倍数 = (Σ2023 − Σ2013) / Σ2013，名义价格。范围：{in_scope} 个大陆省级单位（台港澳不在分组内，无省级数据）。"
        )
    } else {
        format!(
            "Totals = sum over the group's provinces, left blank if any province lacks a value; growth multiple = (Σ2023 − Σ2013) / Σ2013, nominal. Scope: the {in_scope} mainland provinces (Taiwan, Hong Kong, Macao are outside the grouping and have no province data)."
        )
    }];
    if cx.grouping == Grouping::NortheastThirdFront {
        notes.push(
            lang.pick(
                "湘、鄂、豫三省整省计入“其他地区”：其西部（湘西、鄂西、豫西）属三线，但在省级数据中无法分离。",
                "Hunan, Hubei and Henan count whole in \"rest of China\": their western parts belong to the Third Front but cannot be separated in province data.",
            )
            .to_owned(),
        );
    }
    if !cx.filter.is_empty() {
        notes.push(lang.pick("已应用筛选。", "Filter applied.").to_owned());
    }
    // The user's groups say they are the user's; prefecture groups are compared elsewhere.
    for g in cx.groups {
        let text = match g.level {
            crate::core::groups::GroupLevel::Province => {
                format!("{}: {}", g.name, g.describe(lang))
            }
            crate::core::groups::GroupLevel::Prefecture => match lang {
                Lang::Zh => format!(
                    "“{}”由地级单位组成，省级合计不适用：请在“逐年变化”图中按分组比较。",
                    g.name
                ),
                Lang::En => format!(
                    "'{}' is made of prefectures; province totals do not apply: compare it in the Over time chart.",
                    g.name
                ),
            },
        };
        notes.push(text);
    }
    notes
}

/// Source lines: province indicators, cities and heritage, and the article's Northeast figure
/// (an empty line when the dataset lacks it).
fn sources(cx: &ChartContext<'_>, article_ne: Option<f64>) -> Vec<String> {
    let zh = cx.zh();
    let lang = cx.lang;
    vec![
        format!(
            "{}{}",
            lang.pick("来源：", "Sources: "),
            lang.pick(
                "geodata/reference/indicators.csv（省级 GDP 2013、2023，第七次人口普查常住人口；每个数值的来源见文件）；",
                "geodata/reference/indicators.csv (province GDP 2013, 2023; seventh census resident population; each value's source in the file); ",
            )
        ),
        if zh {
            format!(
                "old_industrial_cities.csv：迄今找到的城市 {} 个（规划共 {} 个；含各证据等级）；heritage_sites.csv：工信部国家工业遗产第1-7批；分组：geodata/regions.csv。",
                cx.ds.cities.len(),
                PLAN_TOTAL_CITIES
            )
        } else {
            format!(
                "old_industrial_cities.csv: {} cities found so far of the plan's {} (all evidence tiers); heritage_sites.csv: MIIT national industrial heritage batches 1-7; groups: geodata/regions.csv.",
                cx.ds.cities.len(),
                PLAN_TOTAL_CITIES
            )
        },
        match article_ne {
            Some(v) => format!(
                "{} {}{}",
                lang.pick("虚线：文章称东北三省有", "Dashed mark: the article states"),
                format_fixed(v, 0),
                if zh {
                    format!(
                        " 个老工业基地（{}，article_figures.csv）。",
                        speaker(cx.ds, figure_ids::NORTHEAST_BASES)
                    )
                } else {
                    format!(
                        " old industrial bases in the three Northeast provinces ({}, article_figures.csv).",
                        speaker(cx.ds, figure_ids::NORTHEAST_BASES)
                    )
                },
            ),
            None => String::new(),
        },
    ]
}

/// Legend: each group's colour with its number of provinces, and the article's dashed mark.
fn legend(ui: &mut Ui, lang: Lang, aggs: &[GroupAggregate], article_ne: Option<f64>) {
    for a in aggs {
        legend_swatch(
            ui,
            color(a.color),
            &format!(
                "{} ({} {})",
                a.label(lang.is_zh()),
                a.provinces,
                lang.pick(
                    "省",
                    if a.provinces == 1 {
                        "province"
                    } else {
                        "provinces"
                    }
                )
            ),
        );
    }
    if article_ne.is_some() {
        legend_line(
            ui,
            egui::Stroke::new(1.5, ui.visuals().strong_text_color()),
            true,
            lang.pick("文章所称（东北）", "article's figure (Northeast)"),
        );
    }
}

/// The grid of metric cells: three columns when there is room, two when not.
fn small_multiples(
    ui: &mut Ui,
    cx: &ChartContext<'_>,
    aggs: &[GroupAggregate],
    article_ne: Option<f64>,
) {
    let avail = ui.available_size();
    // On a slide, the first panel alone, filling the column.
    let metrics = if cx.compact {
        &METRICS[..1]
    } else {
        &METRICS[..]
    };
    let cols = if cx.compact {
        1
    } else if avail.x >= 840.0 {
        3
    } else {
        2
    };
    let rows = metrics.len().div_ceil(cols);
    let gap = 8.0;
    let cell_w = ((avail.x - gap * (cols - 1) as f32) / cols as f32).max(160.0);
    let cell_h = ((avail.y - gap * (rows - 1) as f32) / rows as f32).max(170.0);
    egui::ScrollArea::vertical().show(ui, |ui| {
        for row in metrics.chunks(cols) {
            ui.horizontal_top(|ui| {
                ui.spacing_mut().item_spacing.x = gap;
                for m in row {
                    cell(ui, egui::vec2(cell_w, cell_h), |ui| {
                        metric_cell(ui, cx, m, aggs, article_ne, cell_h);
                    });
                }
            });
            ui.add_space(gap);
        }
    });
}

/// One metric's cell: its title, a bar per group, and under the plot the groups lacking data.
fn metric_cell(
    ui: &mut Ui,
    cx: &ChartContext<'_>,
    m: &Metric,
    aggs: &[GroupAggregate],
    article_ne: Option<f64>,
    cell_h: f32,
) {
    let zh = cx.zh();
    let unit = if zh { m.unit.0 } else { m.unit.1 };
    ui.add(
        egui::Label::new(
            RichText::new(format!(
                "{} ({unit})",
                if zh { m.title.0 } else { m.title.1 }
            ))
            .strong(),
        )
        .truncate(),
    );
    // The top y tick label is centred on its line and may stand above the plot's frame.
    let title_gap = 8.0;
    ui.add_space(title_gap);
    let missing = missing_notes(cx.lang, m, aggs);
    let note_h = if missing.is_empty() { 0.0 } else { 18.0 };
    let plot_h = (cell_h - 26.0 - title_gap - note_h).max(110.0);
    let panel = Panel::new(ui, cx.lang, m, unit, aggs, article_ne);
    let names: Vec<String> = aggs.iter().map(|a| axis_name(a, zh).to_owned()).collect();
    category_plot(
        m.id,
        egui::vec2(ui.available_width(), plot_h),
        names,
        unit,
        Some(11.0),
    )
    .show(ui, |pui| {
        pui.set_plot_bounds(PlotBounds::from_min_max(
            [-0.6, panel.bottom * 1.22],
            [aggs.len() as f64 - 0.4, panel.top],
        ));
        bars(pui, &panel);
        if let Some((i, r)) = panel.reference {
            article_mark(pui, &panel, i, r);
        }
    });
    if !missing.is_empty() {
        ui.label(RichText::new(missing.join(" · ")).small());
    }
}

/// "<group> n provinces lack data", for each group lacking the metric in some province.
fn missing_notes(lang: Lang, m: &Metric, aggs: &[GroupAggregate]) -> Vec<String> {
    aggs.iter()
        .filter(|a| (m.missing)(a) > 0)
        .map(|a| {
            format!(
                "{} {} {}",
                a.label(lang.is_zh()),
                (m.missing)(a),
                lang.pick(
                    "省缺数据",
                    if (m.missing)(a) == 1 {
                        "province lacks data"
                    } else {
                        "provinces lack data"
                    }
                )
            )
        })
        .collect()
}

/// What a metric cell's plot draws, shared by its steps.
struct Panel<'a> {
    lang: Lang,
    metric: &'a Metric,
    /// The metric's unit, in the chart's language.
    unit: &'a str,
    aggs: &'a [GroupAggregate],
    /// One value per group (None = a province lacks it).
    values: Vec<Option<f64>>,
    /// The article's Northeast figure, at the Northeast bar's index (the cities cell only).
    reference: Option<(usize, f64)>,
    top: f64,
    bottom: f64,
    text_color: Color32,
    strong: Color32,
}

impl<'a> Panel<'a> {
    fn new(
        ui: &Ui,
        lang: Lang,
        metric: &'a Metric,
        unit: &'a str,
        aggs: &'a [GroupAggregate],
        article_ne: Option<f64>,
    ) -> Self {
        let values: Vec<Option<f64>> = aggs.iter().map(|a| (metric.value)(a)).collect();
        let is_cities = metric.id == "regions-cities";
        let ne_index = aggs.iter().position(|a| {
            matches!(
                a.group,
                Some(stats::Group::Northeast | stats::Group::NbsNortheast)
            )
        });
        let reference = if is_cities {
            ne_index.zip(article_ne)
        } else {
            None
        };
        let top = values
            .iter()
            .flatten()
            .copied()
            .chain(reference.map(|r| r.1))
            .fold(0.0_f64, f64::max);
        let bottom = values.iter().flatten().copied().fold(0.0_f64, f64::min);
        // Headroom for the value labels above the bars.
        let top = if top <= 0.0 { 1.0 } else { top * 1.22 };
        Self {
            lang,
            metric,
            unit,
            aggs,
            values,
            reference,
            top,
            bottom,
            text_color: ui.visuals().text_color(),
            strong: ui.visuals().strong_text_color(),
        }
    }
}

/// A bar per group with its value above it, or "no data" where the value is missing.
fn bars(pui: &mut PlotUi<'_>, panel: &Panel<'_>) {
    let m = panel.metric;
    let label_fn = m.label;
    for (i, (a, v)) in panel.aggs.iter().zip(&panel.values).enumerate() {
        let x = i as f64;
        match v {
            Some(v) => {
                let c = color(a.color);
                let group_label = a.label(panel.lang.is_zh()).to_owned();
                let unit = panel.unit.to_owned();
                pui.bar_chart(
                    BarChart::new(
                        format!("{}-{}", m.id, a.key),
                        vec![Bar::new(x, *v).width(0.62).fill(c).name(&group_label)],
                    )
                    .color(c)
                    .element_formatter(Box::new(move |b, _| {
                        format!("{}\n{} {}", b.name, label_fn(b.value), unit)
                    })),
                );
                pui.text(
                    Text::new(
                        "",
                        PlotPoint::new(x, v.max(0.0)),
                        RichText::new(label_fn(*v)).size(12.0).color(panel.strong),
                    )
                    .anchor(Align2::CENTER_BOTTOM)
                    .id((m.id, "value", i)),
                );
            }
            None => {
                pui.text(no_data_text(
                    no_data(panel.lang),
                    PlotPoint::new(x, panel.top * 0.04),
                    Align2::CENTER_BOTTOM,
                    panel.text_color,
                    (m.id, "nodata", i),
                ));
            }
        }
    }
}

/// The article's figure `r` as a labelled dashed mark across bar `i`. Its label goes above
/// the mark, or, when the bar's own value label would meet it (the bar ends within a label's
/// height of the mark), just under the mark inside the bar.
fn article_mark(pui: &mut PlotUi<'_>, panel: &Panel<'_>, i: usize, r: f64) {
    let id = panel.metric.id;
    let x = i as f64;
    pui.line(
        Line::new("", vec![[x - 0.42, r], [x + 0.42, r]])
            .color(panel.strong)
            .width(1.5)
            .style(LineStyle::dashed_dense())
            .id((id, "article")),
    );
    // The bar's value label takes a label's height above the bar; how far apart are they,
    // in points (from the plot's transform)?
    let units_per_point = pui.transform().dvalue_dpos()[1].abs();
    let label = 16.0 * units_per_point;
    let (at, anchor) = match panel.values.get(i).copied().flatten() {
        // The bar reaches the mark: the label goes under the mark, inside the bar.
        Some(v) if (v - r).abs() < label && v >= r => (r, Align2::CENTER_TOP),
        // The bar ends just under the mark: the label goes above the bar's value label.
        Some(v) if (v - r).abs() < label => (v + label, Align2::CENTER_BOTTOM),
        _ => (r, Align2::CENTER_BOTTOM),
    };
    pui.text(
        Text::new(
            "",
            PlotPoint::new(x, at),
            RichText::new(format!(
                "{} {}",
                panel.lang.pick("文章", "article"),
                format_fixed(r, 0)
            ))
            .size(11.0)
            .color(panel.strong),
        )
        .anchor(anchor)
        .id((id, "article-label")),
    );
}

/// Group names for the category axis (two lines where long).
fn axis_name(a: &GroupAggregate, zh: bool) -> &str {
    use stats::Group::*;
    match (a.group, zh) {
        (Some(ThirdFrontCore), false) => "Third Front\ncore",
        (Some(RestOfChina), false) => "Rest of\nChina",
        _ => a.label(zh),
    }
}
