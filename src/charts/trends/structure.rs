//! The structural story in one view: the industry share of GDP, employees in industry,
//! registered population and GDP per capita, each by region over the same period, so a
//! teacher can show de-industrialisation and population loss in the Northeast at once.
//!
//! Shares and per-capita values are weighted group values; the two totals are indexed to
//! one base year (the regions' totals differ by an order of magnitude). Every line is a
//! balanced panel with its N, as in the group lines.

use egui::{RichText, Stroke, Ui};
use egui_plot::{Line, LineStyle, PlotPoints, VLine};

use super::super::{ChartContext, chart_frame, color, legend_line, static_plot, tick_label};
use super::{BASE_YEAR, period, period_controls, view_choice};
use crate::core::panel::{self, Aggregate, PanelColumn};
use crate::core::settings::{Lang, TrendSettings};
use crate::core::stats::trajectory::{
    BREAK_YEARS, LineSplit, PLAN_START, Trajectories, trajectories,
};
use crate::state::Command;

/// The four indicators, in reading order: industry's share and population first (a low
/// slide shows only those two), then industrial jobs and GDP per capita.
pub const STRUCTURE_COLUMNS: [&str; 4] = [
    "secondary_share",
    "pop_hukou",
    "emp_secondary",
    "gdp_per_capita",
];

/// The year a total is indexed to: the plan's start when the period has it, else the
/// period's first year.
pub fn index_base(years: &std::ops::RangeInclusive<i32>) -> i32 {
    if years.contains(&BASE_YEAR) {
        BASE_YEAR
    } else {
        *years.start()
    }
}

pub(super) fn show(ui: &mut Ui, cx: &ChartContext<'_>, commands: &mut Vec<Command>) {
    let lang = cx.lang;
    // Each indicator over the period asked for, within the years it has.
    let charts: Vec<Trajectories> = STRUCTURE_COLUMNS
        .iter()
        .filter_map(|id| panel::column(id))
        .map(|c| trajectories(cx.ds, c, period(cx, c), LineSplit::Regions))
        .collect();
    let base = charts
        .iter()
        .find(|t| is_indexed(t.column))
        .map_or(BASE_YEAR, |t| index_base(&t.years));
    let title = lang.pick(
        "结构变化：工业比重、工业就业、户籍人口与人均 GDP（按区域）",
        "Structure: industry share, industrial jobs, registered population and GDP per capita, by region",
    );
    let notes = vec![
        match lang {
            Lang::Zh => format!(
                "比重与人均值为各组加权值（Σ 分子 ÷ Σ 分母）；从业人员与户籍人口为各组合计，以 {base} 年 = 100 表示。平衡面板：每条线每年都是同一批地级单位（N 见各小图）；行政区划调整的单位未计入。"
            ),
            Lang::En => format!(
                "Shares and per-capita values are weighted group values (Σ numerator ÷ Σ denominator); employees and registered population are group totals as an index, {base} = 100. Balanced panels: each line has the same prefecture-level units every year (N under each chart); units whose boundaries changed are left out."
            ),
        },
        lang.pick(
            "虚线：2004、2008、2013、2018 经济普查修订年份，前后数据不完全可比。2023 为初步数。",
            "Dashed lines: 2004, 2008, 2013, 2018 economic-census revisions: values across them are not fully comparable. 2023 values are first releases.",
        )
        .to_owned(),
    ];
    let sources = vec![format!(
        "{}{}",
        lang.pick("来源：", "Source: "),
        panel::source_line(lang)
    )];
    chart_frame(
        ui,
        cx,
        title,
        &notes,
        |ui| {
            if !cx.compact {
                let mut t: TrendSettings = cx.trends.clone();
                period_controls(ui, cx, &mut t);
                view_choice(ui, lang, &mut t);
                if t != *cx.trends {
                    commands.push(Command::SetTrends(t));
                }
            }
            for g in crate::core::stats::Grouping::NortheastThirdFront.groups() {
                let label = lang.pick(g.label_zh(), g.label_en());
                legend_line(ui, Stroke::new(2.5, color(g.color())), false, label);
            }
        },
        &sources,
        |ui| grid(ui, cx, &charts),
    );
}

/// The lowest a small chart's plot gets.
const MIN_PLOT_HEIGHT: f32 = 80.0;

/// Whether a chart shows its column as an index (totals) or as values (ratios).
fn is_indexed(column: &PanelColumn) -> bool {
    column.aggregate == Aggregate::Sum
}

/// The four small charts: one row when the panel is wide, else two by two.
fn grid(ui: &mut Ui, cx: &ChartContext<'_>, charts: &[Trajectories]) {
    let lang = cx.lang;
    let (width, height) = (ui.available_width(), ui.available_height());
    let gap = ui.spacing().item_spacing;
    // Up to two lines of title (a narrow slide column wraps them) and the N line.
    let title_h = ui.text_style_height(&egui::TextStyle::Body) * 2.0
        + ui.text_style_height(&egui::TextStyle::Small)
        + 3.0 * gap.y;
    // One row of four when the panel is wide, or too low for two rows and wide enough for
    // four narrow charts; else two by two.
    let two_rows_fit = height >= 2.0 * (MIN_PLOT_HEIGHT + title_h + gap.y);
    let columns = if width >= 4.0 * 230.0 || (!two_rows_fit && width >= 4.0 * 150.0) {
        4
    } else {
        2
    };
    // Too low for two rows and too narrow for four: the first two, and a line saying so.
    let shown = if columns == 2 && !two_rows_fit {
        ui.label(
            RichText::new(lang.pick(
                "篇幅所限只显示前两幅；另两幅（第二产业从业人员、人均 GDP）见主窗口“逐年变化”图。",
                "Room for two charts only; the other two (employees in industry, GDP per capita) are in the window's Over time chart.",
            ))
            .small()
            .weak(),
        );
        2
    } else {
        charts.len()
    };
    let charts = &charts[..shown.min(charts.len())];
    let height = ui.available_height();
    let rows = charts.len().div_ceil(columns);
    let cell_w = (width - gap.x * (columns as f32 - 1.0)) / columns as f32;
    let cell_h = ((height - gap.y * rows as f32) / rows as f32).max(MIN_PLOT_HEIGHT + title_h);
    let weak = ui.visuals().weak_text_color();
    let strong = ui.visuals().strong_text_color();
    egui::Grid::new("trends-structure")
        .num_columns(columns)
        .spacing(gap)
        .show(ui, |ui| {
            for (i, t) in charts.iter().enumerate() {
                let indexed = is_indexed(t.column);
                let base = index_base(&t.years);
                ui.vertical(|ui| {
                    ui.set_width(cell_w);
                    let top = ui.cursor().top();
                    let unit = if indexed {
                        match lang {
                            Lang::Zh => format!("指数，{base} = 100"),
                            Lang::En => format!("index, {base} = 100"),
                        }
                    } else {
                        t.column.unit(lang).to_owned()
                    };
                    let n: Vec<String> = t
                        .lines
                        .iter()
                        .map(|l| l.balanced.len().to_string())
                        .collect();
                    // The unit goes on the small line, so the title wraps at most once.
                    ui.label(RichText::new(t.column.name(lang)).strong());
                    ui.label(
                        RichText::new(format!("{unit} · N = {}", n.join(" / ")))
                            .small()
                            .weak(),
                    );
                    // The labels may wrap at a narrow width: the plot gets what they leave,
                    // less room for its top tick label, which stands above the frame.
                    ui.add_space(6.0);
                    let used = ui.cursor().top() - top;
                    static_plot(&format!("trends-structure-{}", t.column.id))
                        .width(cell_w)
                        .height((cell_h - used).max(MIN_PLOT_HEIGHT))
                        .show_grid([false, true])
                        .x_axis_formatter(|m, _| format!("{:.0}", m.value))
                        .y_axis_formatter(|m, _| tick_label(m))
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
                            for line in &t.lines {
                                let pts = if indexed {
                                    line.indexed(base).unwrap_or_default()
                                } else {
                                    line.points.clone()
                                };
                                let pts: Vec<[f64; 2]> =
                                    pts.iter().map(|&(y, v)| [f64::from(y), v]).collect();
                                let c = line
                                    .group
                                    .group
                                    .map_or(super::super::NEUTRAL, |g| color(g.color()));
                                p.line(
                                    Line::new(line.group.label_en.clone(), PlotPoints::from(pts))
                                        .stroke(Stroke::new(2.5, c)),
                                );
                            }
                        });
                });
                if (i + 1) % columns == 0 {
                    ui.end_row();
                }
            }
        });
}
