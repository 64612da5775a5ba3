//! Over time: one line per group (Northeast, Third Front core, rest of China; or plan cities
//! against other prefectures) for a panel indicator, absolute or indexed to 2013 = 100, with
//! the plan's start, the census-revision years and the map's year marked, and the selected
//! city's own line.
//!
//! Lines are balanced panels (the same N units every year); see
//! [`crate::core::stats::trajectory`].

use egui::{Color32, RichText, Stroke, Ui};
use egui_plot::{AxisHints, Line, LineStyle, PlotPoints, VLine};

use super::{ChartContext, chart_frame, color, legend_line, static_plot, tick_label};
use crate::core::indicators::format_value;
use crate::core::panel::{self, COLUMNS, PanelColumn};
use crate::core::place::PlaceId;
use crate::core::settings::{Lang, TrendSettings, TrendView};
use crate::core::stats::trajectory::{
    BREAK_YEARS, Basis, LineSplit, PLAN_START, Trajectories, trajectories, unit_series,
};
use crate::state::Command;

mod multiples;
mod structure;

/// The base year of the indexed mode.
const BASE_YEAR: i32 = PLAN_START;

/// Colours of the plan-city split (Okabe–Ito: vermilion against grey-blue).
const PLAN_COLORS: [Color32; 2] = [
    Color32::from_rgb(0xD5, 0x5E, 0x00),
    Color32::from_rgb(0x56, 0x77, 0x9A),
];

/// The indicator the chart shows: the map's when it has years, else the chart's own.
fn shown_column(cx: &ChartContext<'_>) -> &'static PanelColumn {
    cx.panel_indicator
        .map(|(c, _)| c)
        .or_else(|| panel::column(&cx.trends.column))
        .unwrap_or(&COLUMNS[0])
}

/// The period asked for, within the years the indicator has.
pub(super) fn period(cx: &ChartContext<'_>, column: &PanelColumn) -> std::ops::RangeInclusive<i32> {
    let years = cx.ds.panel.years_with_values(column);
    let (first, last) = match (years.first(), years.last()) {
        (Some(&a), Some(&b)) => (a, b),
        _ => return cx.ds.panel.years(),
    };
    let from = cx.trends.from.clamp(first, last);
    let to = cx.trends.to.clamp(from, last);
    from..=to
}

pub(super) fn show(ui: &mut Ui, cx: &ChartContext<'_>, commands: &mut Vec<Command>) {
    let lang = cx.lang;
    let view = cx.trends.view;
    if view == TrendView::Structure {
        return structure::show(ui, cx, commands);
    }
    let column = shown_column(cx);
    let years = period(cx, column);
    let split = match view {
        TrendView::Provinces => LineSplit::Provinces,
        _ => cx.trends.split,
    };
    let t = match split {
        LineSplit::MyGroups => crate::core::stats::trajectory::trajectories_of(
            cx.ds,
            column,
            years.clone(),
            crate::core::stats::trajectory::user_line_groups(cx.ds, cx.groups),
        ),
        _ => trajectories(cx.ds, column, years.clone(), split),
    };
    let indexed = cx.trends.indexed && years.contains(&BASE_YEAR);
    let title = format!(
        "{}{}",
        column.name(lang),
        match view {
            TrendView::Slope => lang.pick("：老工业城市 2013→2023", ": plan cities 2013→2023"),
            TrendView::Provinces => lang.pick(
                "：分省逐年变化（平衡面板）",
                ": each province over time (balanced panel)"
            ),
            TrendView::Lines | TrendView::Structure => {
                lang.pick("：逐年变化（平衡面板）", ": over time (balanced panel)")
            }
        }
    );
    let mut notes = notes(cx, &t);
    if view == TrendView::Provinces {
        notes.push(multiples::scale_note(column, indexed, lang).to_owned());
    }
    let sources = vec![format!(
        "{}{}",
        lang.pick("来源：", "Source: "),
        panel::source_line(lang)
    )];
    let line_colors = colors(&t);
    let units = selected_units(cx);
    let slopes = (view == TrendView::Slope).then(|| {
        let (a, b) = SLOPE_YEARS;
        crate::core::stats::trajectory::plan_city_slopes(cx.ds, column, a, b)
    });
    // The selected units that get a line of their own in this view (the legend counts these,
    // not the selection).
    let drawn: Vec<usize> = match (view, &slopes) {
        (TrendView::Provinces, _) => units.first().copied().into_iter().collect(),
        (TrendView::Slope, Some(slopes)) => units
            .iter()
            .copied()
            .filter(|u| slopes.iter().any(|s| s.unit == *u))
            .take(MAX_SELECTED_LINES)
            .collect(),
        // A city's total on the scale of a group's total would be a flat line at the bottom.
        _ if !indexed && t.column.aggregate == panel::Aggregate::Sum => Vec::new(),
        _ => units.iter().copied().take(MAX_SELECTED_LINES).collect(),
    };
    chart_frame(
        ui,
        cx,
        &title,
        &notes,
        |ui| {
            // A slide shows the lesson's choice; the controls are for the window.
            if !cx.compact && cx.interactive {
                controls(ui, cx, column, commands);
            }
            if matches!(view, TrendView::Slope | TrendView::Provinces) {
                // The slope chart and the small multiples colour by region.
                for g in crate::core::stats::Grouping::NortheastThirdFront.groups() {
                    let label = lang.pick(g.label_zh(), g.label_en());
                    legend_line(ui, Stroke::new(2.5, color(g.color())), false, label);
                }
            }
            for (line, c) in t
                .lines
                .iter()
                .zip(&line_colors)
                .filter(|_| view == TrendView::Lines)
            {
                let label = format!(
                    "{} (N={})",
                    lang.pick(&line.group.label_zh, &line.group.label_en),
                    line.balanced.len()
                );
                legend_line(ui, Stroke::new(2.5, *c), false, &label);
            }
            let strong = ui.visuals().strong_text_color();
            let left_out = units.len() - drawn.len();
            if let Some(&u) = drawn.first() {
                let mut label = match (drawn.len() - 1, lang) {
                    (0, _) => unit_name(cx, u),
                    (n, Lang::Zh) => format!("{} 等 {} 个所选单位", unit_name(cx, u), n + 1),
                    (n, Lang::En) => format!("{} and {n} more selected", unit_name(cx, u)),
                };
                if left_out > 0 {
                    label += &match lang {
                        Lang::Zh => format!("（另有 {left_out} 个未画线）"),
                        Lang::En => format!(" ({left_out} more not drawn)"),
                    };
                }
                legend_line(ui, Stroke::new(2.0, strong), true, &label);
            } else if left_out > 0 {
                ui.label(
                    RichText::new(lang.pick(
                        "所选单位在此图中不单独画线（总量按组合计）",
                        "The selected units get no line of their own here (totals are summed by group)",
                    ))
                    .small()
                    .weak(),
                );
            }
        },
        &sources,
        |ui| match view {
            TrendView::Slope => {
                slope_plot(
                    ui,
                    cx,
                    column,
                    slopes.as_deref().unwrap_or_default(),
                    &drawn,
                );
            }
            TrendView::Provinces => multiples::show(ui, cx, &t, indexed, drawn.first().copied()),
            TrendView::Lines | TrendView::Structure => {
                plot(ui, cx, &t, &line_colors, indexed, &drawn);
            }
        },
    );
}

/// The years of the slope chart: the plan's start and the panel's last.
const SLOPE_YEARS: (i32, i32) = (PLAN_START, 2023);

/// Each confirmed plan city as a line from its 2013 value to its 2023 value, coloured by its
/// region group; the selected city drawn over them.
fn slope_plot(
    ui: &mut Ui,
    cx: &ChartContext<'_>,
    column: &'static PanelColumn,
    slopes: &[crate::core::stats::trajectory::Slope],
    units: &[usize],
) {
    let lang = cx.lang;
    let (a, b) = SLOPE_YEARS;
    ui.label(
        RichText::new(match lang {
            Lang::Zh => format!(
                "斜率图：{} 个已确认的地级老工业城市 {a} 与 {b} 年均有值（线色 = 所在区域）",
                slopes.len()
            ),
            Lang::En => format!(
                "Slope chart: the {} confirmed prefecture-level plan cities with values in {a} and {b} (colour = region)",
                slopes.len()
            ),
        })
        .small(),
    );
    ui.add_space(10.0);
    let size = ui.available_size().max(egui::vec2(0.0, 60.0));
    let strong = ui.visuals().strong_text_color();
    static_plot("trends-slope")
        .width(size.x)
        .height(size.y)
        .show_grid([false, true])
        .include_x(-0.1)
        .include_x(1.1)
        .custom_y_axes(vec![
            AxisHints::new_y()
                .label(column.unit(lang).to_owned())
                .formatter(|m, _| tick_label(m)),
        ])
        .custom_x_axes(vec![AxisHints::new_x().formatter(move |m, _| {
            if (m.value - 0.0).abs() < 1e-6 {
                a.to_string()
            } else if (m.value - 1.0).abs() < 1e-6 {
                b.to_string()
            } else {
                String::new()
            }
        })])
        .x_grid_spacer(super::integer_marks)
        .show(ui, |p| {
            for s in slopes {
                let c = s.group.map_or(super::NEUTRAL, |g| color(g.color()));
                let c = Color32::from_rgba_unmultiplied(c.r(), c.g(), c.b(), 170);
                let pts = PlotPoints::from(vec![[0.0, s.from], [1.0, s.to]]);
                p.line(Line::new(format!("slope {}", s.unit), pts).stroke(Stroke::new(1.2, c)));
            }
            for &u in units {
                if let Some(s) = slopes.iter().find(|s| s.unit == u) {
                    let pts = PlotPoints::from(vec![[0.0, s.from], [1.0, s.to]]);
                    p.line(Line::new(unit_name(cx, u), pts).stroke(Stroke::new(3.0, strong)));
                }
            }
        });
}

fn colors(t: &Trajectories) -> Vec<Color32> {
    t.lines
        .iter()
        .enumerate()
        .map(|(i, l)| match (l.group.group, l.group.color) {
            (Some(g), _) => color(g.color()),
            (None, Some(c)) => color(c),
            (None, None) => PLAN_COLORS[i % PLAN_COLORS.len()],
        })
        .collect()
}

/// Selected units drawn with their own line, at most (more would hide the groups' lines).
const MAX_SELECTED_LINES: usize = 12;

/// The panel units of the selected cities and prefectures that have a series, the primary
/// selection first (linked brushing: every selected unit gets its own line).
fn selected_units(cx: &ChartContext<'_>) -> Vec<usize> {
    let primary = cx.selection.primary();
    let mut units: Vec<usize> = primary
        .into_iter()
        .chain(cx.selection.places().iter().filter(|p| Some(*p) != primary))
        .filter_map(|place| {
            let adcode = match place {
                PlaceId::Prefecture(a) => *a,
                PlaceId::City(a) => {
                    cx.ds
                        .cities
                        .iter()
                        .find(|c| c.adcode == *a)?
                        .prefecture_adcode
                }
                _ => return None,
            };
            cx.ds.panel.unit_at(adcode)
        })
        .collect();
    // A city and its prefecture are one unit.
    let mut seen = std::collections::HashSet::new();
    units.retain(|u| seen.insert(*u));
    units
}

/// A panel unit's name in the user's language (the map's name for its prefecture).
fn unit_name(cx: &ChartContext<'_>, u: usize) -> String {
    let unit = &cx.ds.panel.units[u];
    match (cx.lang, unit.adcode.and_then(|a| cx.ds.prefecture(a))) {
        (Lang::Zh, _) => unit.name_zh.clone(),
        (Lang::En, Some(p)) => p.name_en.clone(),
        // No boundary today (莱芜, 巢湖): no sourced English name.
        (Lang::En, None) => format!(
            "{} (pinyin)",
            crate::core::romanize::pinyin_syllables(&unit.name_zh)
        ),
    }
}

/// Indicator, period, absolute or indexed, and the split into lines.
fn controls(
    ui: &mut Ui,
    cx: &ChartContext<'_>,
    column: &'static PanelColumn,
    commands: &mut Vec<Command>,
) {
    let lang = cx.lang;
    let mut t: TrendSettings = cx.trends.clone();
    let mut chosen = None;
    egui::ComboBox::from_label(lang.pick("指标", "Indicator"))
        .selected_text(column.name(lang))
        .show_ui(ui, |ui| {
            for c in &COLUMNS {
                if ui
                    .selectable_label(c.id == column.id, c.name(lang))
                    .clicked()
                {
                    chosen = Some(c);
                }
            }
        });
    if let Some(c) = chosen {
        t.column = c.id.to_owned();
        // A map showing a panel indicator follows the chart's choice (one active indicator).
        if cx.panel_indicator.is_some() {
            let mut ch = cx.choropleth.clone();
            crate::core::indicators::show_panel_column(&mut ch, cx.ds, c);
            commands.push(Command::SetChoropleth(ch));
        }
    }
    period_controls(ui, cx, &mut t);
    ui.checkbox(
        &mut t.indexed,
        lang.pick("指数（2013 = 100）", "Index (2013 = 100)"),
    );
    view_choice(ui, lang, &mut t);
    if t.view == TrendView::Lines {
        ui.selectable_value(
            &mut t.split,
            LineSplit::Regions,
            lang.pick("按区域", "By region"),
        );
        ui.selectable_value(
            &mut t.split,
            LineSplit::PlanCities,
            lang.pick("老工业城市与其他", "Plan cities vs others"),
        );
        if !cx.groups.is_empty() {
            ui.selectable_value(
                &mut t.split,
                LineSplit::MyGroups,
                lang.pick("我的分组", "My groups"),
            );
        }
    }
    if t != *cx.trends {
        commands.push(Command::SetTrends(t));
    }
}

/// The period, within the panel's years.
pub(super) fn period_controls(ui: &mut Ui, cx: &ChartContext<'_>, t: &mut TrendSettings) {
    let lang = cx.lang;
    let years = cx.ds.panel.years();
    ui.add(
        egui::DragValue::new(&mut t.from)
            .range(*years.start()..=t.to)
            .prefix(lang.pick("自 ", "from ")),
    );
    ui.add(
        egui::DragValue::new(&mut t.to)
            .range(t.from..=*years.end())
            .prefix(lang.pick("至 ", "to ")),
    );
}

/// Which of the chart's views is shown.
pub(super) fn view_choice(ui: &mut Ui, lang: Lang, t: &mut TrendSettings) {
    for (v, text) in [
        (TrendView::Lines, lang.pick("分组曲线", "Group lines")),
        (TrendView::Provinces, lang.pick("分省小图", "By province")),
        (TrendView::Structure, lang.pick("结构变化", "Structure")),
        (
            TrendView::Slope,
            lang.pick("斜率图 2013→2023", "Slope chart 2013→2023"),
        ),
    ] {
        ui.selectable_value(&mut t.view, v, text);
    }
}

fn notes(cx: &ChartContext<'_>, t: &Trajectories) -> Vec<String> {
    let lang = cx.lang;
    let (a, b) = (t.years.start(), t.years.end());
    let basis = match t.lines.first().map(|l| l.basis) {
        Some(Basis::Sum) | None => lang.pick("各组合计", "Group totals").to_owned(),
        Some(Basis::Weighted(w)) => {
            let w = panel::column(w).map_or(w, |c| c.name(lang));
            match lang {
                Lang::Zh => format!("按{w}加权（Σ 数值×{w} ÷ Σ {w}）"),
                Lang::En => format!("Weighted by {w} (Σ value × {w} ÷ Σ {w})"),
            }
        }
        Some(Basis::Median) => lang
            .pick(
                "组内中位数（权重数据不全，不做加权）",
                "Median of the group (weights incomplete, so not weighted)",
            )
            .to_owned(),
    };
    let incomplete: usize = t.lines.iter().map(|l| l.incomplete).sum();
    let sep = lang.pick("、", ", ");
    let excluded: Vec<String> = t
        .boundary_excluded
        .iter()
        .map(|&u| unit_name(cx, u))
        .collect();
    let excluded = excluded.join(sep);
    let mut notes = vec![match lang {
        Lang::Zh => format!(
            "{basis}。平衡面板：每条线 {a}–{b} 年每年都是同一批地级单位（N 见图例），另有 {incomplete} 个单位因缺年份未计入；因行政区划调整未计入：{excluded}。"
        ),
        Lang::En => format!(
            "{basis}. Balanced panel: each line has the same prefecture-level units in every year {a}–{b} (N in the legend); {incomplete} more lack a year and are left out; left out for boundary changes: {excluded}."
        ),
    }];
    notes.push(
        lang.pick(
            "竖线：2013 规划起始年（实线）；2004、2008、2013、2018 经济普查修订年份（虚线），前后数据不完全可比。2023 为初步数。",
            "Vertical lines: 2013, the plan's first year (solid); 2004, 2008, 2013, 2018 economic-census revisions (dashed): values across them are not fully comparable. 2023 values are first releases.",
        )
        .to_owned(),
    );
    if cx.trends.split == LineSplit::MyGroups {
        notes.extend(
            cx.groups
                .iter()
                .map(|g| format!("{}: {}", g.name, g.describe(lang))),
        );
    }
    if cx.trends.split == LineSplit::PlanCities {
        notes.push(
            lang.pick(
                "老工业城市：参考数据中“已确认”的地级城市（规划名单附件未公开，尚不完整）。",
                "Plan cities: the prefecture-level cities the reference data confirms (the plan's annex is not public; the list is incomplete).",
            )
            .to_owned(),
        );
    }
    notes
}

fn plot(
    ui: &mut Ui,
    cx: &ChartContext<'_>,
    t: &Trajectories,
    line_colors: &[Color32],
    indexed: bool,
    units: &[usize],
) {
    let lang = cx.lang;
    let y_label = if indexed {
        lang.pick("指数（2013 = 100）", "index (2013 = 100)")
            .to_owned()
    } else {
        t.column.unit(lang).to_owned()
    };
    // Room under the plot for the map year's values, and above it for the top tick label
    // (drawn half above the plot's edge, it would touch the legend).
    let below = if cx.panel_indicator.is_some() {
        20.0
    } else {
        0.0
    };
    ui.add_space(10.0);
    let size = (ui.available_size() - egui::vec2(0.0, below)).max(egui::vec2(0.0, 60.0));
    let strong = ui.visuals().strong_text_color();
    let weak = ui.visuals().weak_text_color();
    let map_year = cx.panel_indicator.map(|(_, y)| y);
    static_plot("trends")
        .width(size.x)
        .height(size.y)
        .show_grid([false, true])
        .custom_y_axes(vec![
            AxisHints::new_y()
                .label(y_label)
                .formatter(|m, _| tick_label(m)),
        ])
        .custom_x_axes(vec![
            AxisHints::new_x().formatter(|m, _| format!("{:.0}", m.value)),
        ])
        .show(ui, |p| {
            for y in BREAK_YEARS.into_iter().filter(|y| t.years.contains(y)) {
                p.vline(
                    VLine::new(format!("break {y}"), f64::from(y))
                        .stroke(Stroke::new(1.0, weak))
                        .style(LineStyle::dashed_loose()),
                );
            }
            if t.years.contains(&PLAN_START) {
                p.vline(
                    VLine::new("plan start", f64::from(PLAN_START))
                        .stroke(Stroke::new(1.5, strong)),
                );
            }
            if let Some(y) = map_year.filter(|y| t.years.contains(y)) {
                p.vline(VLine::new("map year", f64::from(y)).stroke(Stroke::new(
                    3.0,
                    Color32::from_rgba_unmultiplied(230, 159, 0, 140),
                )));
            }
            for (line, c) in t.lines.iter().zip(line_colors) {
                let points = if indexed {
                    line.indexed(BASE_YEAR).unwrap_or_default()
                } else {
                    line.points.clone()
                };
                let pts: Vec<[f64; 2]> = points.iter().map(|&(y, v)| [f64::from(y), v]).collect();
                p.line(
                    Line::new(line.group.label_en.clone(), PlotPoints::from(pts))
                        .stroke(Stroke::new(2.5, *c)),
                );
            }
            // Each selected city's own line: as an index, or for a ratio as a value (a city's
            // total on the scale of a group's total would be a flat line at the bottom).
            for &u in units {
                let own = unit_series(cx.ds, t.column, u, t.years.clone());
                let base = own.iter().find(|(y, _)| *y == BASE_YEAR).map(|p| p.1);
                let pts: Vec<[f64; 2]> = own
                    .iter()
                    .filter_map(|&(y, v)| {
                        let v = if indexed { v / base? * 100.0 } else { v };
                        Some([f64::from(y), v])
                    })
                    .collect();
                p.line(
                    Line::new(unit_name(cx, u), PlotPoints::from(pts))
                        .stroke(Stroke::new(2.0, strong))
                        .style(LineStyle::dashed_dense()),
                );
            }
        });
    if let Some((_, y)) = cx.panel_indicator {
        let values: Vec<String> = t
            .lines
            .iter()
            .filter_map(|l| {
                let v = l.points.iter().find(|(py, _)| *py == y)?.1;
                Some(format!(
                    "{} {}",
                    lang.pick(&l.group.label_zh, &l.group.label_en),
                    format_value(v)
                ))
            })
            .collect();
        if !values.is_empty() {
            ui.label(RichText::new(format!("{y}: {}", values.join(" · "))).small());
        }
    }
}
