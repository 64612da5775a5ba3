//! Growth scatter: province GDP 2013 (x) against the nominal growth multiple 2013→2023 (y),
//! coloured by region group, with the article's two reference multiples and the atlas's own
//! national multiple from the NBS communiqués.

use egui::{Align2, Color32, Pos2, Rect, RichText, Sense, Stroke, Ui};
use egui_plot::{
    AxisHints, HLine, LineStyle, PlotBounds, PlotPoint, PlotResponse, PlotTransform, Points,
};

use super::{
    ChartContext, chart_frame, color, legend_line, legend_outline, legend_swatch, multiple,
    paint_text, province_short, report_hover, speaker, static_plot, tick_label,
};
use crate::core::indicators::format_value;
use crate::core::model::RegionGroup;
use crate::core::palette::region_color;
use crate::core::place::PlaceId;
use crate::core::settings::Lang;
use crate::core::stats::{self, GrowthPoint, figure_ids};
use crate::labels::region_label;
use crate::state::Command;

/// Points closer than this (screen points) to the pointer are hovered.
const PICK_RADIUS: f32 = 10.0;

/// The label of a province's point in the accessibility tree, in the user's language.
pub fn point_label(name_zh: &str, name_en: &str, zh: bool) -> String {
    if zh {
        format!("散点 {name_zh}")
    } else {
        format!("point {name_en}")
    }
}

/// A reference line: value, label, style.
struct Reference {
    value: f64,
    label: String,
    color: Color32,
    style: LineStyle,
    dashed: bool,
}

/// The growth scatter with its reference multiples; hover and click go into `commands`.
pub(super) fn show(ui: &mut Ui, cx: &ChartContext<'_>, commands: &mut Vec<Command>) {
    let lang = cx.lang;
    let points = stats::growth_points(cx.ds, cx.filter);
    let strong = ui.visuals().strong_text_color();
    let refs = references(cx, strong, ui.visuals().text_color());
    let title = lang.pick(
        "各省 GDP 2013 与 2013→2023 名义增长倍数",
        "Province GDP 2013 and nominal growth multiple 2013→2023",
    );
    let notes = notes(cx);
    let sources = sources(cx);
    let outline = Stroke::new(2.0, strong);
    chart_frame(
        ui,
        cx,
        title,
        &notes,
        |ui| legend(ui, lang, &points, &refs, outline),
        &sources,
        |ui| {
            if points.is_empty() {
                ui.label(lang.pick(
                    "没有两项 GDP 均有的省份。",
                    "No province has both GDP values.",
                ));
                return;
            }
            plot(ui, cx, &points, &refs, outline, commands);
        },
    );
}

/// The reference multiples, those the dataset has: the atlas's national one (solid, `strong`),
/// the article's 95 cities and its national one (dashed, the latter `weak`).
fn references(cx: &ChartContext<'_>, strong: Color32, weak: Color32) -> Vec<Reference> {
    let lang = cx.lang;
    let mut refs = Vec::new();
    if let Some(v) = stats::national_growth_nominal(cx.ds) {
        refs.push(Reference {
            value: v,
            label: format!(
                "{} {}",
                lang.pick(
                    "全国（本图集据国家统计局公报计算，名义）",
                    "national (computed by the atlas from NBS communiqués, nominal)"
                ),
                multiple(v)
            ),
            color: strong,
            style: LineStyle::Solid,
            dashed: false,
        });
    }
    if let Some(v) = stats::figure_value(cx.ds, figure_ids::GROWTH_95) {
        refs.push(Reference {
            value: v,
            label: format!(
                "{} {}",
                lang.pick(
                    "95 个地级老工业城市（文章所述）",
                    "95 prefecture-level old industrial cities (as stated in the article)"
                ),
                multiple(v)
            ),
            color: color([0xcc, 0x79, 0xa7]),
            style: LineStyle::dashed_loose(),
            dashed: true,
        });
    }
    if let Some(v) = stats::figure_value(cx.ds, figure_ids::GROWTH_NATIONAL) {
        refs.push(Reference {
            value: v,
            label: format!(
                "{} {}",
                lang.pick("全国（文章所述）", "national (as stated in the article)"),
                multiple(v)
            ),
            color: weak,
            style: LineStyle::dashed_dense(),
            dashed: true,
        });
    }
    refs
}

/// Notes under the title: how the multiple is computed, and why the article's national
/// multiple cannot be reproduced.
fn notes(cx: &ChartContext<'_>) -> Vec<String> {
    let lang = cx.lang;
    let national = stats::national_gdp(cx.ds, 2013).zip(stats::national_gdp(cx.ds, 2023));
    let mut notes = vec![
        lang.pick(
            "增长倍数 = (GDP 2023 − GDP 2013) / GDP 2013，当年价（名义），由 indicators.csv 中两项有来源的省级数值计算；仅绘两项均有的省份。",
            "Growth multiple = (GDP 2023 − GDP 2013) / GDP 2013 at current prices (nominal), computed from the two sourced province values in indicators.csv; only provinces with both are drawn.",
        )
        .to_owned(),
    ];
    if let (Some((a, b)), Some(art)) = (
        national,
        stats::figure_value(cx.ds, figure_ids::GROWTH_NATIONAL),
    ) {
        notes.push(if lang.is_zh() {
            format!(
                "文章的全国 {} 无法由国家统计局公报的名义 GDP 复现：{} → {} 亿元（初步核算）；文章未说明其口径。",
                multiple(art),
                format_value(a.value),
                format_value(b.value)
            )
        } else {
            format!(
                "The article's national {} is not reproducible from the NBS communiqués' nominal GDP: {} → {} 100 million yuan (preliminary); the article does not state its basis.",
                multiple(art),
                format_value(a.value),
                format_value(b.value)
            )
        });
    }
    notes
}

/// Source lines: province and national GDP, the article's multiples, the region groups.
fn sources(cx: &ChartContext<'_>) -> Vec<String> {
    let lang = cx.lang;
    vec![
        lang.pick(
            "来源：省级 GDP：indicators.csv（每个数值的来源见文件；2013 年数据版本未注明）；全国 GDP：国家统计局 2013、2023 年统计公报（indicators.csv，初步核算）；",
            "Sources: province GDP: indicators.csv (source per value; 2013 vintage unstated); national GDP: NBS statistical communiqués 2013 and 2023 (indicators.csv, preliminary); ",
        )
        .to_owned(),
        format!(
            "{}{}{}",
            lang.pick(
                "95 城与全国增长倍数（虚线）：文章所述（",
                "Dashed lines: growth multiples as stated in the article ("
            ),
            speaker(cx.ds, figure_ids::GROWTH_NATIONAL),
            lang.pick(
                "，article_figures.csv）；区域分组：geodata/regions.csv。",
                ", article_figures.csv); region groups: geodata/regions.csv."
            ),
        ),
    ]
}

/// Legend: the region groups drawn, the selected province's ring, then the reference lines.
fn legend(ui: &mut Ui, lang: Lang, points: &[GrowthPoint], refs: &[Reference], outline: Stroke) {
    for g in RegionGroup::ALL {
        if points.iter().any(|p| p.region == g) {
            legend_swatch(ui, color(region_color(g)), region_label(g, lang));
        }
    }
    legend_outline(ui, outline, lang.pick("所选省份", "selected province"));
    ui.end_row();
    for r in refs {
        legend_line(ui, Stroke::new(1.5, r.color), r.dashed, &r.label);
    }
}

/// The points on screen, shared by the steps drawn over the plot.
struct Placed<'a> {
    points: &'a [GrowthPoint],
    /// Screen position of each point.
    screen: Vec<Pos2>,
    /// The plot's frame on screen.
    frame: Rect,
    selected: Option<u32>,
    /// Every selected province (a multiple selection), ringed alike.
    brushed: Vec<u32>,
    /// Province hovered elsewhere (e.g. on the map).
    hovered: Option<u32>,
}

/// The scatter with its reference lines, then over it the line values, emphasis rings and
/// point labels; hover and click go into `commands`.
fn plot(
    ui: &mut Ui,
    cx: &ChartContext<'_>,
    points: &[GrowthPoint],
    refs: &[Reference],
    outline: Stroke,
    commands: &mut Vec<Command>,
) {
    let response = scatter(ui, cx.lang, points, refs);
    let transform = response.transform;
    let frame = *transform.frame();
    let painter = ui.painter().with_clip_rect(frame);
    let placed = Placed {
        points,
        screen: points
            .iter()
            .map(|p| transform.position_from_point(&PlotPoint::new(p.gdp_2013, p.growth_multiple)))
            .collect(),
        frame,
        selected: cx.selected_province(),
        brushed: cx.selected_units(false),
        hovered: cx.hovered_province,
    };
    let nearest = nearest_point(ui, &response, &placed);
    let hover_now = nearest.map(|i| points[i].adcode);
    let mut taken = reference_labels(&painter, &transform, refs);
    emphasis_rings(&painter, &placed, hover_now, outline);
    point_labels(ui, &painter, cx.lang, &placed, &mut taken);
    hover_and_click(ui, cx.zh(), &placed, &response, nearest, commands);
}

/// The plot itself: reference lines and one point series per region group. Returns the
/// pointer's plot coordinate.
fn scatter(
    ui: &mut Ui,
    lang: Lang,
    points: &[GrowthPoint],
    refs: &[Reference],
) -> PlotResponse<Option<PlotPoint>> {
    let bounds = bounds(points, refs);
    static_plot("growth")
        .height(ui.available_height())
        .width(ui.available_width())
        .custom_x_axes(vec![
            AxisHints::new_x()
                .label(lang.pick("GDP 2013（亿元）", "GDP 2013 (100 million yuan)"))
                .formatter(|m, _| tick_label(m))
                .label_spacing(40.0..=60.0),
        ])
        .custom_y_axes(vec![
            AxisHints::new_y()
                .label(lang.pick("增长倍数（名义，倍）", "Growth multiple (nominal, ×)"))
                .formatter(|m, _| tick_label(m)),
        ])
        .show(ui, |pui| {
            pui.set_plot_bounds(bounds);
            for r in refs {
                pui.hline(
                    HLine::new("", r.value)
                        .color(r.color)
                        .width(1.5)
                        .style(r.style)
                        .allow_hover(false)
                        .id(("ref", r.label.as_str())),
                );
            }
            for g in RegionGroup::ALL {
                let series: Vec<[f64; 2]> = points
                    .iter()
                    .filter(|p| p.region == g)
                    .map(|p| [p.gdp_2013, p.growth_multiple])
                    .collect();
                if series.is_empty() {
                    continue;
                }
                pui.points(
                    Points::new(region_label(g, lang), series)
                        .color(color(region_color(g)))
                        .radius(4.5)
                        .filled(true)
                        .allow_hover(false)
                        .id(("growth-points", g.key())),
                );
            }
            pui.pointer_coordinate()
        })
}

/// Plot bounds holding every point and reference line, with a margin.
fn bounds(points: &[GrowthPoint], refs: &[Reference]) -> PlotBounds {
    let x_max = points.iter().map(|p| p.gdp_2013).fold(0.0_f64, f64::max);
    let y_max = points
        .iter()
        .map(|p| p.growth_multiple)
        .chain(refs.iter().map(|r| r.value))
        .fold(0.0_f64, f64::max);
    let y_min = points
        .iter()
        .map(|p| p.growth_multiple)
        .fold(0.0_f64, f64::min);
    PlotBounds::from_min_max(
        [-x_max * 0.02, y_min - 0.08 * (y_max - y_min).max(0.1)],
        [x_max * 1.1, y_max * 1.08],
    )
}

/// The point nearest the pointer within PICK_RADIUS, if any.
fn nearest_point(
    ui: &Ui,
    response: &PlotResponse<Option<PlotPoint>>,
    placed: &Placed<'_>,
) -> Option<usize> {
    let pointer = response
        .inner
        .map(|p| response.transform.position_from_point(&p))
        .or_else(|| {
            ui.ctx()
                .pointer_hover_pos()
                .filter(|p| placed.frame.contains(*p))
        });
    pointer.and_then(|pos| {
        placed
            .screen
            .iter()
            .enumerate()
            .map(|(i, s)| (i, s.distance(pos)))
            .filter(|(_, d)| *d <= PICK_RADIUS)
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(i, _)| i)
    })
}

/// Reference line values at the right end of each line: above it, or, where that would meet
/// a value already placed (two close lines on a short plot), below it, else further left.
/// Returns the rects they take.
fn reference_labels(
    painter: &egui::Painter,
    transform: &PlotTransform,
    refs: &[Reference],
) -> Vec<Rect> {
    let frame = *transform.frame();
    let mut taken: Vec<Rect> = Vec::new();
    for r in refs {
        let text = multiple(r.value);
        let size = painter
            .layout_no_wrap(text.clone(), egui::FontId::proportional(12.0), r.color)
            .size();
        let y = transform.position_from_point_y(r.value);
        let right = frame.right() - 4.0;
        let candidates = [
            (egui::pos2(right, y - 2.0), Align2::RIGHT_BOTTOM),
            (egui::pos2(right, y + 2.0), Align2::RIGHT_TOP),
            (
                egui::pos2(right - size.x - 10.0, y - 2.0),
                Align2::RIGHT_BOTTOM,
            ),
            (
                egui::pos2(right - size.x - 10.0, y + 2.0),
                Align2::RIGHT_TOP,
            ),
        ];
        let free = candidates.iter().find(|(at, anchor)| {
            let rect = anchor.anchor_size(*at, size);
            frame.contains_rect(rect) && !taken.iter().any(|t| t.intersects(rect))
        });
        let (at, anchor) = *free.unwrap_or(&candidates[0]);
        taken.push(paint_text(painter, at, anchor, &text, 12.0, r.color));
    }
    taken
}

/// Rings around the selected province's point and the hovered one's.
fn emphasis_rings(
    painter: &egui::Painter,
    placed: &Placed<'_>,
    hover_now: Option<u32>,
    outline: Stroke,
) {
    for (p, s) in placed.points.iter().zip(&placed.screen) {
        if placed.selected == Some(p.adcode) || placed.brushed.contains(&p.adcode) {
            painter.circle_stroke(*s, 8.0, outline);
        } else if placed.hovered == Some(p.adcode) || hover_now == Some(p.adcode) {
            painter.circle_stroke(*s, 7.0, Stroke::new(1.5, outline.color.gamma_multiply(0.8)));
        }
    }
}

/// Point labels: short names beside their points, where they overlap neither another label
/// nor a point (`taken`); the selected and hovered provinces are always labelled.
fn point_labels(
    ui: &Ui,
    painter: &egui::Painter,
    lang: Lang,
    placed: &Placed<'_>,
    taken: &mut Vec<Rect>,
) {
    let (points, selected, hovered) = (placed.points, placed.selected, placed.hovered);
    taken.extend(
        placed
            .screen
            .iter()
            .map(|s| Rect::from_center_size(*s, egui::vec2(8.0, 8.0))),
    );
    let font = egui::FontId::proportional(11.5);
    let mut order: Vec<usize> = (0..points.len()).collect();
    // Selected and hovered first, then larger economies (they are sparser on the right).
    order.sort_by(|&a, &b| {
        let key = |i: usize| {
            let p = &points[i];
            (
                selected != Some(p.adcode),
                hovered != Some(p.adcode),
                -(p.gdp_2013 as i64),
            )
        };
        key(a).cmp(&key(b))
    });
    for i in order {
        let p = &points[i];
        let s = placed.screen[i];
        let name = province_short(lang, &p.name_zh, &p.name_en);
        let emphasised = selected == Some(p.adcode) || hovered == Some(p.adcode);
        let text_color = if emphasised {
            ui.visuals().strong_text_color()
        } else {
            ui.visuals().text_color()
        };
        let galley = painter.layout_no_wrap(name, font.clone(), text_color);
        let size = galley.size();
        let place = label_candidates(s)
            .iter()
            .map(|(a, pos)| a.anchor_size(*pos, size))
            .find(|r| placed.frame.contains_rect(*r) && !taken.iter().any(|t| t.intersects(*r)));
        match place {
            Some(r) => {
                painter.galley(r.min, galley, text_color);
                taken.push(r);
            }
            None if emphasised => {
                let r = Align2::LEFT_CENTER.anchor_size(s + egui::vec2(6.0, 0.0), size);
                painter.galley(r.min, galley, text_color);
            }
            None => {}
        }
    }
}

/// Where a label may go around the point at `s`, in order of preference.
fn label_candidates(s: Pos2) -> [(Align2, Pos2); 8] {
    [
        (Align2::LEFT_CENTER, s + egui::vec2(6.0, 0.0)),
        (Align2::RIGHT_CENTER, s - egui::vec2(6.0, 0.0)),
        (Align2::CENTER_BOTTOM, s - egui::vec2(0.0, 5.0)),
        (Align2::CENTER_TOP, s + egui::vec2(0.0, 5.0)),
        (Align2::LEFT_BOTTOM, s + egui::vec2(4.0, -3.0)),
        (Align2::LEFT_TOP, s + egui::vec2(4.0, 3.0)),
        (Align2::RIGHT_BOTTOM, s + egui::vec2(-4.0, -3.0)),
        (Align2::RIGHT_TOP, s + egui::vec2(-4.0, 3.0)),
    ]
}

/// One AccessKit button per point (hover, click and tooltip also work through these); the
/// hovered and clicked province go into `commands`.
fn hover_and_click(
    ui: &Ui,
    zh: bool,
    placed: &Placed<'_>,
    response: &PlotResponse<Option<PlotPoint>>,
    nearest: Option<usize>,
    commands: &mut Vec<Command>,
) {
    let points = placed.points;
    let mut hover_now = nearest.map(|i| points[i].adcode);
    let mut clicked = None;
    let mut node_hovered = false;
    for (p, s) in points.iter().zip(&placed.screen) {
        let rect = Rect::from_center_size(*s, egui::vec2(2.0 * PICK_RADIUS, 2.0 * PICK_RADIUS));
        if !placed.frame.intersects(rect) {
            continue;
        }
        let resp = ui.interact(
            rect,
            ui.scope_id().with(("growth-point", p.adcode)),
            Sense::click(),
        );
        let label = point_label(&p.name_zh, &p.name_en, zh);
        resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
        node_hovered |= resp.hovered();
        if resp.hovered() && hover_now.is_none() {
            hover_now = Some(p.adcode);
        }
        if resp.clicked() {
            clicked = Some(nearest.map_or(p.adcode, |i| points[i].adcode));
        }
        resp.on_hover_ui(|ui| tooltip(ui, p, zh));
    }
    if clicked.is_none() && response.response.clicked() {
        clicked = nearest.map(|i| points[i].adcode);
    }
    // The point the ring marks shows its values too, not only the one exactly under the
    // pointer.
    if let Some(i) = nearest.filter(|_| !node_hovered) {
        response
            .response
            .clone()
            .on_hover_ui_at_pointer(|ui| tooltip(ui, &points[i], zh));
    }
    report_hover(ui, ui.scope_id().with("growth-hover"), hover_now, commands);
    if let Some(code) = clicked {
        commands.push(Command::Select(Some(PlaceId::Province(code))));
    }
}

fn tooltip(ui: &mut Ui, p: &GrowthPoint, zh: bool) {
    ui.label(RichText::new(format!("{}  {}", p.name_zh, p.name_en)).strong());
    let unit = if zh { "亿元" } else { "100 million yuan" };
    ui.label(format!("GDP 2013: {} {unit}", format_value(p.gdp_2013)));
    ui.label(format!("GDP 2023: {} {unit}", format_value(p.gdp_2023)));
    ui.label(format!(
        "{}: {}",
        if zh {
            "增长倍数（名义）"
        } else {
            "growth multiple (nominal)"
        },
        multiple(p.growth_multiple)
    ));
}
