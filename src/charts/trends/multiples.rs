//! Small multiples: one small chart per province, in region order, so a teacher can point at
//! the provinces whose line bends. Shares, per-capita values and indexes share one scale;
//! totals get a scale each (a province's total on 广东's scale would be a flat line).

use egui::{RichText, Stroke, Ui};
use egui_plot::{Line, LineStyle, PlotPoints, VLine};

use super::super::{ChartContext, color, static_plot};
use super::BASE_YEAR;
use crate::core::panel::{Aggregate, PanelColumn};
use crate::core::settings::Lang;
use crate::core::stats::trajectory::{PLAN_START, Trajectories};

/// The narrowest a small chart gets before the grid drops a column.
const MIN_CELL_WIDTH: f32 = 170.0;
/// The lowest a small chart gets; more rows scroll.
const MIN_CELL_HEIGHT: f32 = 96.0;

/// Whether the small charts share one value scale.
fn shared_scale(column: &PanelColumn, indexed: bool) -> bool {
    indexed || column.aggregate != Aggregate::Sum
}

/// The note saying how the small charts are scaled.
pub(super) fn scale_note(column: &PanelColumn, indexed: bool, lang: Lang) -> &'static str {
    if shared_scale(column, indexed) {
        lang.pick(
            "各小图纵轴刻度相同，可直接比较高低。",
            "All small charts share one vertical scale, so heights compare directly.",
        )
    } else {
        lang.pick(
            "总量各省相差悬殊，各小图纵轴刻度不同：比较形状，不比较高低（勾选“指数”可统一刻度）。",
            "Totals differ greatly between provinces, so each small chart has its own vertical scale: compare shapes, not heights (tick Index for one scale).",
        )
    }
}

/// The points a province's line draws: as values, or indexed to [`BASE_YEAR`] = 100.
fn points(line: &crate::core::stats::trajectory::Line, indexed: bool) -> Vec<(i32, f64)> {
    if indexed {
        line.indexed(BASE_YEAR).unwrap_or_default()
    } else {
        line.points.clone()
    }
}

pub(super) fn show(
    ui: &mut Ui,
    cx: &ChartContext<'_>,
    t: &Trajectories,
    indexed: bool,
    selected_unit: Option<usize>,
) {
    let lang = cx.lang;
    let lines: Vec<_> = t.lines.iter().filter(|l| !l.points.is_empty()).collect();
    let shared = shared_scale(t.column, indexed);
    let range = shared
        .then(|| {
            let all = lines.iter().flat_map(|l| points(l, indexed)).map(|p| p.1);
            let (lo, hi) = all.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
                (a.min(v), b.max(v))
            });
            (lo.is_finite() && hi.is_finite()).then_some((lo.min(0.0), hi))
        })
        .flatten();
    let width = ui.available_width();
    let columns = ((width / MIN_CELL_WIDTH).floor() as usize).clamp(1, lines.len().max(1));
    let rows = lines.len().div_ceil(columns);
    let gap = ui.spacing().item_spacing;
    let cell_w = (width - gap.x * (columns as f32 - 1.0)) / columns as f32;
    let title_h = ui.text_style_height(&egui::TextStyle::Small) + gap.y;
    let cell_h = ((ui.available_height() - gap.y * rows as f32) / rows as f32)
        .max(MIN_CELL_HEIGHT + title_h);
    let strong = ui.visuals().strong_text_color();
    let weak = ui.visuals().weak_text_color();
    let selected_line =
        selected_unit.and_then(|u| lines.iter().position(|l| l.group.units.contains(&u)));
    egui::ScrollArea::vertical()
        .id_salt("trends-provinces")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            egui::Grid::new("trends-provinces-grid")
                .num_columns(columns)
                .spacing(gap)
                .show(ui, |ui| {
                    for (i, line) in lines.iter().enumerate() {
                        let c = line
                            .group
                            .group
                            .map_or(super::super::NEUTRAL, |g| color(g.color()));
                        let selected = selected_line == Some(i);
                        ui.vertical(|ui| {
                            ui.set_width(cell_w);
                            let name = lang.pick(&line.group.label_zh, &line.group.label_en);
                            let mut title =
                                RichText::new(format!("{name} (N={})", line.balanced.len()))
                                    .small();
                            if selected {
                                title = title.strong().color(strong);
                            }
                            ui.label(title);
                            let mut plot = static_plot(&format!("trends-province-{i}"))
                                .width(cell_w)
                                .height(cell_h - title_h)
                                .show_grid([false, true])
                                .show_axes([true, !shared || i % columns == 0])
                                .x_axis_formatter(|m, _| format!("{:.0}", m.value))
                                .y_axis_formatter(|m, _| super::super::tick_label(m))
                                .include_x(f64::from(*t.years.start()))
                                .include_x(f64::from(*t.years.end()));
                            if let Some((lo, hi)) = range {
                                plot = plot.include_y(lo).include_y(hi);
                            }
                            plot.show(ui, |p| {
                                if t.years.contains(&PLAN_START) {
                                    p.vline(
                                        VLine::new("plan start", f64::from(PLAN_START))
                                            .stroke(Stroke::new(1.0, weak))
                                            .style(LineStyle::dashed_loose()),
                                    );
                                }
                                let pts: Vec<[f64; 2]> = points(line, indexed)
                                    .iter()
                                    .map(|&(y, v)| [f64::from(y), v])
                                    .collect();
                                let width = if selected { 3.0 } else { 2.0 };
                                let c = if selected { strong } else { c };
                                p.line(
                                    Line::new(line.group.label_en.clone(), PlotPoints::from(pts))
                                        .stroke(Stroke::new(width, c)),
                                );
                            });
                        });
                        if (i + 1) % columns == 0 {
                            ui.end_row();
                        }
                    }
                });
        });
}
