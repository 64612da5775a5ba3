//! The article's figures beside what the atlas computes from the NBS communiqués, and the
//! article's heritage list totals. Article figures are labelled as the article's statements.

use egui::{Align2, Color32, RichText, Ui};
use egui_plot::{AxisHints, Bar, BarChart, PlotBounds, PlotPoint, Text};

use super::no_data::no_data_text;
use super::{
    ChartContext, category, category_plot, cell, chart_frame, color, format_fixed, integer_marks,
    legend_swatch, legend_swatch_stroked, multiple, static_plot, tick_label,
};
use crate::core::dataset::Dataset;
use crate::core::indicators::format_value;
use crate::core::settings::Lang;
use crate::core::stats::trajectory::{PlanCitiesGdp, plan_cities_gdp};
use crate::core::stats::{self, figure_ids};
use crate::labels::no_data;

/// Colour of the article's statements.
const ARTICLE: [u8; 3] = [0xe6, 0x9f, 0x00];
/// Colour of what the atlas computes from NBS data.
const ATLAS: [u8; 3] = [0x00, 0x72, 0xb2];
/// Colour of the 95 cities' GDP recomputed from the prefecture panel.
const PANEL: [u8; 3] = [0xcc, 0x79, 0xa7];
/// Colour of the article's de-duplicated heritage total.
const TOTAL: [u8; 3] = [0xd5, 0x5e, 0x00];

/// One bar of a panel: category label, value (None = not in the dataset), colour.
struct Item {
    label: String,
    value: Option<f64>,
    fill: Color32,
    /// Outline (the hollow 2013 bars); `Stroke::NONE` for solid bars.
    stroke: egui::Stroke,
    text: String,
}

/// The national GDP the atlas computes from the NBS communiqués (100 million yuan).
struct NationalGdp {
    gdp_2013: Option<f64>,
    gdp_2023: Option<f64>,
    /// Nominal growth multiple 2013→2023.
    growth: Option<f64>,
}

impl NationalGdp {
    fn new(ds: &Dataset) -> Self {
        Self {
            gdp_2013: stats::national_gdp(ds, 2013).map(|v| v.value),
            gdp_2023: stats::national_gdp(ds, 2023).map(|v| v.value),
            growth: stats::national_growth_nominal(ds),
        }
    }
}

/// The bars of the three panels.
struct Panels {
    gdp: Vec<Item>,
    growth: Vec<Item>,
    heritage: Vec<Item>,
}

/// Fill of a 2013 bar: hollow (a faint fill), where 2023 bars are solid.
fn hollow(c: Color32) -> Color32 {
    c.linear_multiply(0.18)
}

/// Outline of a hollow 2013 bar.
fn outline(c: Color32) -> egui::Stroke {
    egui::Stroke::new(2.0, c)
}

/// The article's figures beside the atlas's computation: GDP, growth and heritage panels.
pub(super) fn show(ui: &mut Ui, cx: &ChartContext<'_>) {
    let lang = cx.lang;
    let national = NationalGdp::new(cx.ds);
    let panels = Panels {
        gdp: gdp_items(cx, &national),
        growth: growth_items(cx, &national),
        heritage: heritage_items(cx),
    };
    let title = lang.pick(
        "文章所述数据与本图集计算值",
        "The article's figures beside the atlas's own computation",
    );
    let notes = notes(cx, &national);
    let sources = sources(cx);
    chart_frame(
        ui,
        cx,
        title,
        &notes,
        |ui| legend(ui, lang, cx.compact),
        &sources,
        |ui| {
            if cx.compact {
                // A slide shows one chart that fits: the GDP levels its caption talks about.
                let size = ui.available_size();
                gdp_panel(ui, lang, &panels, egui::vec2(size.x, size.y.max(160.0)));
            } else {
                body(ui, lang, &panels);
            }
        },
    );
}

/// (a1) GDP levels in trillion yuan: the 95 cities (article) and the nation (atlas), 2013
/// hollow and 2023 solid.
fn gdp_items(cx: &ChartContext<'_>, national: &NationalGdp) -> Vec<Item> {
    let lang = cx.lang;
    let fig = |id: &str| stats::figure_value(cx.ds, id);
    let article = color(ARTICLE);
    let atlas = color(ATLAS);
    let trillion = |v: Option<f64>| v.map(|v| v / 10_000.0);
    let recomputed = plan_cities_gdp(cx.ds, 2013, 2023);
    vec![
        Item {
            label: lang.pick("95城\n2013", "95\n2013").to_owned(),
            value: fig(figure_ids::GDP_95_2013),
            fill: hollow(article),
            stroke: outline(article),
            text: String::new(),
        },
        Item {
            label: lang.pick("95城\n2023", "95\n2023").to_owned(),
            value: fig(figure_ids::GDP_95_2023),
            fill: article,
            stroke: egui::Stroke::NONE,
            text: String::new(),
        },
        Item {
            label: lang.pick("面板\n2013", "panel\n2013").to_owned(),
            value: trillion(recomputed.as_ref().map(|g| g.total_from)),
            fill: hollow(color(PANEL)),
            stroke: outline(color(PANEL)),
            text: String::new(),
        },
        Item {
            label: lang.pick("面板\n2023", "panel\n2023").to_owned(),
            value: trillion(recomputed.as_ref().map(|g| g.total_to)),
            fill: color(PANEL),
            stroke: egui::Stroke::NONE,
            text: String::new(),
        },
        Item {
            label: lang.pick("全国\n2013", "China\n2013").to_owned(),
            value: trillion(national.gdp_2013),
            fill: hollow(atlas),
            stroke: outline(atlas),
            text: String::new(),
        },
        Item {
            label: lang.pick("全国\n2023", "China\n2023").to_owned(),
            value: trillion(national.gdp_2023),
            fill: atlas,
            stroke: egui::Stroke::NONE,
            text: String::new(),
        },
    ]
    .into_iter()
    .map(|mut it| {
        it.text = it.value.map(|v| format_fixed(v, 2)).unwrap_or_default();
        it
    })
    .collect()
}

/// (a2) Growth multiples: the article's two and the atlas's national one.
fn growth_items(cx: &ChartContext<'_>, national: &NationalGdp) -> Vec<Item> {
    let lang = cx.lang;
    let fig = |id: &str| stats::figure_value(cx.ds, id);
    let article = color(ARTICLE);
    [
        (
            lang.pick("95城\n文章", "95 cities\narticle"),
            fig(figure_ids::GROWTH_95),
            article,
        ),
        (
            lang.pick("全国\n文章", "national\narticle"),
            fig(figure_ids::GROWTH_NATIONAL),
            article,
        ),
        (
            lang.pick("全国\n本图集计算", "national\natlas (NBS)"),
            national.growth,
            color(ATLAS),
        ),
    ]
    .into_iter()
    .map(|(label, value, fill)| Item {
        label: label.to_owned(),
        value,
        fill,
        stroke: egui::Stroke::NONE,
        text: value.map(multiple).unwrap_or_default(),
    })
    .collect()
}

/// (b) The heritage lists and their de-duplicated total, as the article states them.
fn heritage_items(cx: &ChartContext<'_>) -> Vec<Item> {
    let fig = |id: &str| stats::figure_value(cx.ds, id);
    let article = color(ARTICLE);
    [
        (
            figure_ids::NATIONAL_HERITAGE,
            (
                "国家工业遗产（工信部，5批）",
                "MIIT industrial heritage (5 batches)",
            ),
            article,
        ),
        (
            figure_ids::PROTECTION_LIST,
            (
                "中国工业遗产保护名录（3批）",
                "Heritage Protection List (3 batches)",
            ),
            article,
        ),
        (
            figure_ids::TOURISM_BASES,
            ("国家工业旅游示范基地", "Industrial tourism demo bases"),
            article,
        ),
        (
            figure_ids::MINE_PARKS,
            ("国家矿山公园（3批）", "National mine parks (3 batches)"),
            article,
        ),
        (
            figure_ids::HERITAGE_TOTAL,
            ("国家级工业遗产合计（去重）", "Total, duplicates removed"),
            color(TOTAL),
        ),
    ]
    .into_iter()
    .map(|(id, (l_zh, l_en), fill)| Item {
        label: cx.lang.pick(l_zh, l_en).to_owned(),
        value: fig(id),
        fill,
        stroke: egui::Stroke::NONE,
        text: fig(id).map(|v| format_fixed(v, 0)).unwrap_or_default(),
    })
    .collect()
}

/// Notes under the title: where the article and the atlas disagree, where the article agrees
/// with itself, and what the heritage total counts.
fn notes(cx: &ChartContext<'_>, national: &NationalGdp) -> Vec<String> {
    let lang = cx.lang;
    let fig = |id: &str| stats::figure_value(cx.ds, id);
    let mut notes = Vec::new();
    if let Some(g) = plan_cities_gdp(cx.ds, 2013, 2023) {
        notes.push(recomputed_note(cx, &g));
    }
    if let (Some(a), Some(b), Some(g), Some(art)) = (
        national.gdp_2013,
        national.gdp_2023,
        national.growth,
        fig(figure_ids::GROWTH_NATIONAL),
    ) {
        notes.push(format!(
            "{}{}{}{} → {} {}{}{}",
            lang.pick(
                "两者不一致：文章称全国增长 ",
                "They disagree: the article gives national growth of "
            ),
            multiple(art),
            lang.pick(
                "，而本图集由国家统计局公报名义 GDP 计算为 ",
                ", while the atlas computes from the NBS communiqués' nominal GDP ",
            ),
            format_value(a),
            format_value(b),
            lang.pick("亿元 = ", "100 million yuan = "),
            multiple(g),
            lang.pick(
                "；文章未说明其口径。",
                "; the article does not state its basis."
            ),
        ));
    }
    if let (Some(g), Some(stated)) = (
        stats::article_95_growth_from_levels(cx.ds),
        fig(figure_ids::GROWTH_95),
    ) {
        notes.push(format!(
            "{} ({} − {}) / {} = {}{}{}{}",
            lang.pick("文章自身一致：", "The article is self-consistent:"),
            fig(figure_ids::GDP_95_2023)
                .map(|v| format_fixed(v, 2))
                .unwrap_or_default(),
            fig(figure_ids::GDP_95_2013)
                .map(|v| format_fixed(v, 2))
                .unwrap_or_default(),
            fig(figure_ids::GDP_95_2013)
                .map(|v| format_fixed(v, 2))
                .unwrap_or_default(),
            multiple(g),
            lang.pick("，与其所称 ", ", matching its stated "),
            multiple(stated),
            lang.pick("一致。", "."),
        ));
    }
    if let Some(total) = fig(figure_ids::HERITAGE_TOTAL) {
        notes.push(format!(
            "{} = {}",
            format_fixed(total, 0),
            lang.pick(
                "四类名单去除重复后的国家级工业遗产合计（文章）。",
                "national-level industrial heritage after removing duplicates across the four lists (article).",
            )
        ));
    }
    notes
}

/// What the recomputed bars are: how many cities, how many confirmed, what is left out.
fn recomputed_note(cx: &ChartContext<'_>, g: &PlanCitiesGdp) -> String {
    let lang = cx.lang;
    let (n, m) = (g.summed.len(), g.confirmed);
    let (a, b) = (
        format_fixed(g.total_from / 1e4, 2),
        format_fixed(g.total_to / 1e4, 2),
    );
    let left = g.candidates - n;
    match lang {
        Lang::Zh => format!(
            "重算：95 个地级老工业城市中，参考数据已找到 {} 个；其中 {n} 个在地级面板中 2013、2023 年均有 GDP（{m} 个已确认），合计 {a} → {b} 万亿元（名义）。其余 {left} 个（无值或行政区划调整）不计，也不外推到未找到的城市，故不可与文章的 95 城合计直接比较。",
            g.candidates
        ),
        Lang::En => format!(
            "Recomputed: of the 95 prefecture-level plan cities the reference data has found {}; {n} of them have GDP in both 2013 and 2023 in the prefecture panel ({m} confirmed), summing to {a} → {b} trillion yuan (nominal). The other {left} (no value, or a boundary change) are left out and nothing is extrapolated to the cities not found, so this is not the article's 95-city total.",
            g.candidates
        ),
    }
}

/// Source lines: the article with who stated which figures, and the atlas's NBS basis.
fn sources(cx: &ChartContext<'_>) -> Vec<String> {
    let lang = cx.lang;
    let speakers = |ids: &[&str]| {
        let mut v: Vec<&str> = ids
            .iter()
            .filter_map(|id| cx.ds.figure(id).map(|f| f.speaker.as_str()))
            .filter(|s| !s.is_empty())
            .collect();
        v.dedup();
        v.join("、")
    };
    vec![
        format!(
            "{}{}{}{}{}",
            lang.pick(
                "文章：《振兴老工业基地积聚新动能》，GDP 与增长为",
                "Article: 《振兴老工业基地积聚新动能》; GDP and growth stated by ",
            ),
            speakers(&[figure_ids::GDP_95_2013, figure_ids::GROWTH_95, figure_ids::GROWTH_NATIONAL]),
            lang.pick("所述，工业遗产为", ", heritage lists by "),
            speakers(&[figure_ids::NATIONAL_HERITAGE, figure_ids::HERITAGE_TOTAL]),
            lang.pick(
                "所述（geodata/reference/article_figures.csv）。",
                " (geodata/reference/article_figures.csv).",
            ),
        ),
        lang.pick(
            "本图集计算：全国 GDP 取国家统计局 2013、2023 年统计公报（初步核算，indicators.csv），名义（当年价）；1 万亿元 = 10,000 亿元。",
            "Atlas computation: national GDP from the NBS statistical communiqués 2013 and 2023 (preliminary, indicators.csv), nominal (current prices); 1 trillion yuan = 10,000 × 100 million yuan.",
        )
        .to_owned(),
        format!(
            "{}{}",
            lang.pick("重算：", "Recomputed: "),
            crate::core::panel::source_line(lang)
        ),
    ]
}

/// Legend: article and atlas colours, the de-duplicated total, hollow 2013 against solid 2023.
/// `compact`: the slide's single GDP panel, which has no de-duplicated total.
fn legend(ui: &mut Ui, lang: Lang, compact: bool) {
    let article = color(ARTICLE);
    legend_swatch(
        ui,
        article,
        lang.pick("文章所述", "as stated in the article"),
    );
    legend_swatch(
        ui,
        color(ATLAS),
        lang.pick(
            "本图集据国家统计局公报计算（名义，初步核算）",
            "computed by the atlas from NBS communiqués (nominal, preliminary)",
        ),
    );
    legend_swatch(
        ui,
        color(PANEL),
        lang.pick(
            "面板 = 本图集按地级面板重算（已找到的城市，名义，二手汇编）",
            "panel = recomputed by the atlas from the prefecture panel (cities found so far, nominal, secondary compilation)",
        ),
    );
    if !compact {
        legend_swatch(
            ui,
            color(TOTAL),
            lang.pick("去重合计（文章）", "de-duplicated total (article)"),
        );
    }
    legend_swatch_stroked(
        ui,
        hollow(article),
        outline(article),
        lang.pick("空心 = 2013，实心 = 2023", "hollow = 2013, solid = 2023"),
    );
}

/// The three panels: GDP and growth side by side, heritage beside them when the chart is wide
/// and under them when it is not.
fn body(ui: &mut Ui, lang: Lang, panels: &Panels) {
    let avail = ui.available_size();
    let wide = avail.x >= 900.0;
    let gap = 10.0;
    let (w_small, w_big, h) = if wide {
        let w = (avail.x - 2.0 * gap) / 3.6;
        (w, avail.x - 2.0 * (w + gap) - 1.0, avail.y.max(200.0))
    } else {
        let w = (avail.x - gap) / 2.0;
        (w, avail.x, (avail.y / 2.0 - gap).max(200.0))
    };
    let small = egui::vec2(w_small, h);
    let big = egui::vec2(w_big, h);
    egui::ScrollArea::vertical().show(ui, |ui| {
        if wide {
            ui.horizontal_top(|ui| {
                ui.spacing_mut().item_spacing.x = gap;
                gdp_and_growth(ui, lang, panels, small);
                cell(ui, big, |ui| {
                    heritage_panel(ui, &panels.heritage, h, lang);
                });
            });
        } else {
            ui.horizontal_top(|ui| {
                ui.spacing_mut().item_spacing.x = gap;
                gdp_and_growth(ui, lang, panels, small);
            });
            cell(ui, big, |ui| {
                heritage_panel(ui, &panels.heritage, h, lang);
            });
        }
    });
}

/// The GDP panel in a cell of `size`.
fn gdp_panel(ui: &mut Ui, lang: Lang, panels: &Panels, size: egui::Vec2) {
    cell(ui, size, |ui| {
        vertical_panel(
            ui,
            "article-gdp",
            lang.pick("GDP 总量（万亿元）", "GDP (trillion yuan)"),
            lang.pick("万亿元", "trillion yuan"),
            &panels.gdp,
            size.y,
            lang,
        );
    });
}

/// The GDP panel and the growth panel, one cell of `size` each.
fn gdp_and_growth(ui: &mut Ui, lang: Lang, panels: &Panels, size: egui::Vec2) {
    gdp_panel(ui, lang, panels, size);
    cell(ui, size, |ui| {
        vertical_panel(
            ui,
            "article-growth",
            lang.pick("增长倍数 2013→2023（倍）", "Growth multiple 2013→2023 (×)"),
            lang.pick("倍", "times"),
            &panels.growth,
            size.y,
            lang,
        );
    });
}

/// Space between a panel's title and its plot, for the top tick label's upper half.
const TITLE_GAP: f32 = 8.0;

/// A vertical bar panel with category labels under the bars and values above them.
fn vertical_panel(
    ui: &mut Ui,
    id: &str,
    caption: &str,
    unit: &str,
    items: &[Item],
    h: f32,
    lang: Lang,
) {
    ui.set_width(ui.available_width());
    ui.label(RichText::new(caption).strong());
    // The top y tick label is centred on its line and may stand above the plot's frame.
    ui.add_space(TITLE_GAP);
    let n = items.len();
    let labels: Vec<String> = items.iter().map(|i| i.label.clone()).collect();
    let top = items.iter().filter_map(|i| i.value).fold(0.0_f64, f64::max);
    let top = if top > 0.0 { top * 1.2 } else { 1.0 };
    let strong = ui.visuals().strong_text_color();
    let text_color = ui.visuals().text_color();
    category_plot(
        id,
        egui::vec2(ui.available_width(), h - 26.0 - TITLE_GAP),
        labels,
        unit,
        None,
    )
    .show(ui, |pui| {
        pui.set_plot_bounds(PlotBounds::from_min_max([-0.6, 0.0], [n as f64 - 0.4, top]));
        for (i, it) in items.iter().enumerate() {
            let x = i as f64;
            match it.value {
                Some(v) => {
                    pui.bar_chart(
                        BarChart::new(
                            format!("{id}-{i}"),
                            vec![
                                Bar::new(x, v)
                                    .width(0.66)
                                    .fill(it.fill)
                                    .stroke(it.stroke)
                                    .name(it.label.replace('\n', " ")),
                            ],
                        )
                        .color(it.fill)
                        .element_formatter(Box::new(|b, _| {
                            format!("{}: {}", b.name, format_fixed(b.value, 2))
                        })),
                    );
                    pui.text(
                        Text::new(
                            "",
                            PlotPoint::new(x, v),
                            RichText::new(&it.text).size(12.5).color(strong),
                        )
                        .anchor(Align2::CENTER_BOTTOM)
                        .id((id, "value", i)),
                    );
                }
                None => {
                    pui.text(no_data_text(
                        no_data(lang),
                        PlotPoint::new(x, top * 0.03),
                        Align2::CENTER_BOTTOM,
                        text_color,
                        (id, "nodata", i),
                    ));
                }
            }
        }
    });
}

/// Horizontal bars for the heritage lists (long names on the category axis).
fn heritage_panel(ui: &mut Ui, items: &[Item], h: f32, lang: Lang) {
    ui.set_width(ui.available_width());
    ui.label(
        RichText::new(lang.pick(
            "工业遗产相关名单（文章所述，处/个）",
            "Industrial heritage lists (as stated in the article; sites, bases, parks)",
        ))
        .strong(),
    );
    let n = items.len();
    // Top row = first item.
    let labels: Vec<String> = items.iter().rev().map(|i| i.label.clone()).collect();
    let max = items.iter().filter_map(|i| i.value).fold(0.0_f64, f64::max);
    let right = if max > 0.0 { max * 1.15 } else { 1.0 };
    let strong = ui.visuals().strong_text_color();
    let text_color = ui.visuals().text_color();
    static_plot("article-heritage")
        .height(h - 26.0)
        .width(ui.available_width())
        .show_grid([true, false])
        .y_grid_spacer(integer_marks)
        .custom_y_axes(vec![
            AxisHints::new_y()
                .formatter(move |m, _| {
                    category(m, n)
                        .map(|i| labels[i].clone())
                        .unwrap_or_default()
                })
                .label_spacing(10.0..=12.0)
                .tick_label_font(egui::FontId::proportional(12.0)),
        ])
        .custom_x_axes(vec![
            AxisHints::new_x()
                .label(lang.pick("数量（处/个）", "Count"))
                .formatter(|m, _| tick_label(m))
                .label_spacing(30.0..=45.0),
        ])
        .show(ui, |pui| {
            pui.set_plot_bounds(PlotBounds::from_min_max(
                [0.0, -0.6],
                [right, n as f64 - 0.4],
            ));
            for (i, it) in items.iter().enumerate() {
                let y = (n - 1 - i) as f64;
                match it.value {
                    Some(v) => {
                        pui.bar_chart(
                            BarChart::new(
                                format!("article-heritage-{i}"),
                                vec![Bar::new(y, v).width(0.6).fill(it.fill).name(&it.label)],
                            )
                            .horizontal()
                            .color(it.fill)
                            .element_formatter(Box::new(|b, _| {
                                format!("{}: {}", b.name, format_fixed(b.value, 0))
                            })),
                        );
                        pui.text(
                            Text::new(
                                "",
                                PlotPoint::new(v, y),
                                RichText::new(format!(" {}", it.text))
                                    .size(12.5)
                                    .color(strong),
                            )
                            .anchor(Align2::LEFT_CENTER)
                            .id(("article-heritage-value", i)),
                        );
                    }
                    None => {
                        // A space keeps the mark off the axis, as the value labels do.
                        pui.text(no_data_text(
                            &format!(" {}", no_data(lang)),
                            PlotPoint::new(0.0, y),
                            Align2::LEFT_CENTER,
                            text_color,
                            ("article-heritage-nodata", i),
                        ));
                    }
                }
            }
        });
}
