//! Spatial analysis of the map's indicator: Moran's I with its inference, the Moran scatter
//! plot (standardised value against its spatial lag, coloured by LISA cluster; the selected
//! units ringed; a click selects), the clusters, and beside it the concentration of the old
//! industrial cities in the Northeast and the Third Front, naming the city set.
//!
//! Results are computed once per (indicator, year, weights, seed) and kept in egui's memory;
//! the weights of a level once per rule.

use egui::{Color32, RichText, Stroke, Ui};
use egui_plot::{Line, PlotPoints, Points};

use super::{ChartContext, chart_frame, legend_swatch, static_plot, tick_label};
use crate::core::indicators::{Indicator, active_indicator};
use crate::core::place::PlaceId;
use crate::core::settings::Lang;
use crate::core::spatial::analysis::{Autocorrelation, CitySet, concentration_by_group};
use crate::core::spatial::autocorrelation::{Cluster, HotSpot, fdr_threshold};
use crate::core::spatial::weights::{Rule, UnitLevel};
use crate::state::Command;

/// GeoDa's cluster colours (the map's), not significant darker on the dark chart.
fn cluster_color(c: Cluster) -> Color32 {
    match c {
        Cluster::NotSignificant => Color32::from_gray(0x9a),
        _ => super::color(c.color()),
    }
}

fn cluster_label(c: Cluster, lang: Lang) -> &'static str {
    c.label(lang)
}

fn rule_label(rule: Rule, lang: Lang) -> String {
    crate::labels::weights_rule(rule, lang)
}

/// How near (points) the pointer must be to a point to hover or click it.
const HIT_RADIUS: f32 = 10.0;

/// "= 0.0031", or "< 0.0001" where four decimals would show a misleading 0.
fn p_text(p: f64) -> String {
    if p < 0.0001 {
        "< 0.0001".to_owned()
    } else {
        format!("= {p:.4}")
    }
}

/// 9999 as "9,999".
fn thousands(n: usize) -> String {
    crate::core::indicators::format_value(n as f64)
}

/// A path's last part (a weights file is named, its folders are the user's business).
fn file_name(path: &str) -> &str {
    std::path::Path::new(path)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(path)
}

/// The weights an analysis used: the user's file, or the rule.
fn weights_label(a: &Autocorrelation, lang: Lang) -> String {
    match &a.weights_file {
        Some(f) => format!(
            "{}{f}",
            lang.pick("用户权重文件 ", "the user's weights file ")
        ),
        None => rule_label(a.rule, lang),
    }
}

/// The map's indicator, as the charts see it.
fn indicator<'a>(cx: &ChartContext<'a>) -> Indicator<'a> {
    match cx.imported {
        Some(imp) => Indicator::Imported {
            imp,
            year: cx.imported_year,
        },
        None => active_indicator(cx.choropleth, &[]),
    }
}

fn unit_name(cx: &ChartContext<'_>, id: u32) -> String {
    let names = cx
        .ds
        .province(id)
        .map(|p| (p.name_zh.as_str(), p.name_en.as_str()))
        .or_else(|| {
            cx.ds
                .prefecture(id)
                .map(|p| (p.name_zh.as_str(), p.name_en.as_str()))
        });
    names.map_or_else(
        || id.to_string(),
        |(zh, en)| cx.lang.pick(zh, en).to_owned(),
    )
}

pub(super) fn show(ui: &mut Ui, cx: &ChartContext<'_>, commands: &mut Vec<Command>) {
    let lang = cx.lang;
    let ind = indicator(cx);
    let s = cx.spatial;
    let a = match cx.spatial_run.analysis(cx.ds, &ind, s) {
        crate::state::spatial::SpatialResult::Ready(a) => a,
        crate::state::spatial::SpatialResult::Computing => {
            if !cx.compact && cx.interactive {
                controls(ui, cx, commands);
            }
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(match lang {
                    Lang::Zh => format!("正在计算 {} 次置换……", thousands(s.permutations)),
                    Lang::En => format!("Computing {} permutations…", thousands(s.permutations)),
                });
            });
            return;
        }
        crate::state::spatial::SpatialResult::Failed => {
            ui.label(lang.pick(
                "空间分析出错，未能完成（崩溃报告已写在设置文件旁）。",
                "The spatial analysis failed (a crash report was written beside the settings).",
            ));
            return;
        }
    };
    let threshold = match (&a.lisa, s.fdr) {
        (Some(l), true) => fdr_threshold(&l.p_sim, s.alpha),
        _ => s.alpha,
    };
    let clusters: Vec<Cluster> = a
        .lisa
        .as_ref()
        .map(|l| (0..a.ids.len()).map(|i| l.cluster(i, threshold)).collect())
        .unwrap_or_default();
    let title = format!(
        "{}{}",
        lang.pick("空间自相关：", "Spatial autocorrelation: "),
        ind.name_with_unit(lang)
    );
    let notes = notes(cx, &a, threshold);
    let sources = vec![
        format!("{}{}", lang.pick("来源：", "Source: "), ind.source(lang)),
        format!(
            "{}{}",
            lang.pick("邻接与面积：", "Neighbours and areas: "),
            crate::core::dataset::boundary_credit(lang)
        ),
    ];
    // Clicks in the plot, pushed after the frame (the controls hold `commands` meanwhile).
    let mut picked = Vec::new();
    chart_frame(
        ui,
        cx,
        &title,
        &notes,
        |ui| {
            if !cx.compact && cx.interactive {
                controls(ui, cx, commands);
            }
            for c in [
                Cluster::HighHigh,
                Cluster::LowLow,
                Cluster::HighLow,
                Cluster::LowHigh,
                Cluster::NotSignificant,
            ] {
                let n = clusters.iter().filter(|x| **x == c).count();
                legend_swatch(
                    ui,
                    cluster_color(c),
                    &format!("{} ({n})", cluster_label(c, lang)),
                );
            }
        },
        &sources,
        |ui| {
            if cx.compact {
                scatter(ui, cx, &a, &clusters, &mut picked);
                return;
            }
            ui.columns(2, |cols| {
                scatter(&mut cols[0], cx, &a, &clusters, &mut picked);
                egui::ScrollArea::vertical()
                    .id_salt("spatial-side")
                    .show(&mut cols[1], |ui| side(ui, cx, &a, &clusters));
            });
        },
    );
    commands.extend(picked);
}

/// Weights, seed, significance and FDR.
fn controls(ui: &mut Ui, cx: &ChartContext<'_>, commands: &mut Vec<Command>) {
    let lang = cx.lang;
    let mut s = cx.spatial.clone();
    egui::ComboBox::from_label(lang.pick("空间权重", "Weights"))
        .selected_text(rule_label(s.rule, lang))
        .show_ui(ui, |ui| {
            for r in [
                Rule::Queen,
                Rule::Rook,
                Rule::Knn(4),
                Rule::Knn(6),
                Rule::Knn(8),
                Rule::DistanceBand(300.0),
                Rule::DistanceBand(500.0),
            ] {
                let text = rule_label(r, lang);
                ui.selectable_value(&mut s.rule, r, text);
            }
        });
    ui.add(
        egui::DragValue::new(&mut s.seed)
            .range(0..=u64::from(u32::MAX))
            .prefix(lang.pick("随机种子 ", "seed ")),
    );
    for alpha in [0.05, 0.01] {
        ui.selectable_value(&mut s.alpha, alpha, format!("p ≤ {alpha}"));
    }
    ui.checkbox(
        &mut s.fdr,
        lang.pick("控制错误发现率（FDR）", "False discovery rate (FDR)"),
    );
    {
        use crate::core::settings::SpatialMap;
        let options = [
            (SpatialMap::Off, lang.pick("指标分级", "indicator classes")),
            (
                SpatialMap::Clusters,
                lang.pick("LISA 聚类", "LISA clusters"),
            ),
            (
                SpatialMap::Significance,
                lang.pick("LISA 显著性", "LISA significance"),
            ),
            (
                SpatialMap::HotSpots,
                lang.pick("Gi* 冷热点", "Gi* hot and cold spots"),
            ),
        ];
        let current = options
            .iter()
            .find(|(m, _)| *m == s.map)
            .map_or("", |(_, t)| *t);
        egui::ComboBox::from_label(lang.pick("地图显示", "Map shows"))
            .selected_text(current)
            .show_ui(ui, |ui| {
                for (m, t) in options {
                    ui.selectable_value(&mut s.map, m, t);
                }
            });
    }
    ui.checkbox(&mut s.show_links, lang.pick("邻接连线", "Neighbour links"));
    ui.checkbox(
        &mut s.show_centres,
        lang.pick("城市的中心与标准差椭圆", "Cities' centres and ellipses"),
    );
    // The rarer choices in a menu, so the row stays short on a projector.
    ui.menu_button(lang.pick("更多选项…", "More options…"), |ui| {
        ui.horizontal(|ui| {
            ui.label(lang.pick("置换次数", "Permutations"));
            for n in [99, 999, 9999] {
                ui.selectable_value(&mut s.permutations, n, thousands(n));
            }
        });
        ui.separator();
        density_controls(ui, lang, &mut s);
        ui.separator();
        weights_file_controls(ui, cx, commands);
    });
    if s != *cx.spatial {
        commands.push(Command::SetSpatial(s));
    }
}

/// The density surface: on or off, its kernel, and its bandwidth (Scott's rule or the
/// user's).
fn density_controls(ui: &mut Ui, lang: Lang, s: &mut crate::core::settings::SpatialSettings) {
    use crate::core::spatial::points::Kernel;
    ui.checkbox(
        &mut s.density,
        lang.pick("城市核密度面", "City density surface"),
    );
    if !s.density {
        return;
    }
    egui::ComboBox::from_label(lang.pick("核函数", "Kernel"))
        .selected_text(match s.kernel {
            Kernel::Quartic => lang.pick("四次核", "quartic"),
            Kernel::Gaussian => lang.pick("高斯核", "Gaussian"),
        })
        .show_ui(ui, |ui| {
            ui.selectable_value(
                &mut s.kernel,
                Kernel::Quartic,
                lang.pick("四次核", "quartic"),
            );
            ui.selectable_value(
                &mut s.kernel,
                Kernel::Gaussian,
                lang.pick("高斯核", "Gaussian"),
            );
        });
    let mut scott = s.bandwidth_km.is_none();
    if ui
        .checkbox(
            &mut scott,
            lang.pick("带宽按 Scott 法则", "Bandwidth by Scott's rule"),
        )
        .changed()
    {
        s.bandwidth_km = if scott { None } else { Some(300.0) };
    }
    if let Some(h) = &mut s.bandwidth_km {
        ui.add(
            egui::DragValue::new(h)
                .range(20.0..=2000.0)
                .speed(5.0)
                .prefix(lang.pick("带宽 ", "bandwidth "))
                .suffix(" km"),
        );
    }
}

/// A GeoDa weights file for the indicator's level: typed path, Load, and Clear.
fn weights_file_controls(ui: &mut Ui, cx: &ChartContext<'_>, commands: &mut Vec<Command>) {
    let lang = cx.lang;
    let id = egui::Id::NULL.with("spatial-weights-file-path");
    let mut path: String = ui.data(|d| d.get_temp(id)).unwrap_or_default();
    ui.vertical(|ui| {
        let label = ui.label(lang.pick("权重文件（.gal/.gwt）", "Weights file (.gal/.gwt)"));
        ui.add(egui::TextEdit::singleline(&mut path).desired_width(180.0))
            .labelled_by(label.id);
        if ui
            .add_enabled(
                !path.trim().is_empty(),
                egui::Button::new(lang.pick("读入", "Load")),
            )
            .clicked()
        {
            commands.push(Command::LoadWeightsFile(path.trim().to_owned()));
        }
        // The file in use (by name: the full path would show the user's folders in pictures).
        if let Some(f) = &cx.spatial.weights_file
            && cx
                .spatial_run
                .weights_file_for(cx.spatial, f.level)
                .is_some()
        {
            ui.label(RichText::new(file_name(&f.path)).small());
            if ui.button(lang.pick("改用规则", "Use the rule")).clicked() {
                commands.push(Command::ClearWeightsFile);
            }
        }
    });
    ui.data_mut(|d| d.insert_temp(id, path));
}

/// What the analysis rests on: units used and dropped, islands, weights, inference.
fn notes(cx: &ChartContext<'_>, a: &Autocorrelation, threshold: f64) -> Vec<String> {
    let lang = cx.lang;
    let names = |ids: &[u32]| -> String {
        let v: Vec<String> = ids.iter().take(12).map(|&i| unit_name(cx, i)).collect();
        let more = ids.len().saturating_sub(12);
        let mut s = v.join(lang.pick("、", ", "));
        if more > 0 {
            s.push_str(&format!(" (+{more})"));
        }
        s
    };
    let mut out = vec![match lang {
        Lang::Zh => format!(
            "{} 个单位有值参与计算；{} 个无值，行标准化前剔除（不按 0 计）{}。权重：{}，行标准化。",
            a.ids.len(),
            a.dropped.len(),
            if a.dropped.is_empty() {
                String::new()
            } else {
                format!("：{}", names(&a.dropped))
            },
            weights_label(a, lang)
        ),
        Lang::En => format!(
            "{} units with values; {} without, dropped before row-standardising (never read as 0){}. Weights: {}, row-standardised.",
            a.ids.len(),
            a.dropped.len(),
            if a.dropped.is_empty() {
                String::new()
            } else {
                format!(": {}", names(&a.dropped))
            },
            weights_label(a, lang)
        ),
    }];
    if !a.islands.is_empty() {
        out.push(match lang {
            Lang::Zh => format!("孤立单位（无邻居，空间滞后为 0）：{}", names(&a.islands)),
            Lang::En => format!("Islands (no neighbours, lag 0): {}", names(&a.islands)),
        });
    }
    if let Some(m) = &a.moran {
        out.push(match lang {
            Lang::Zh => format!(
                "Moran's I = {:.3}（期望 {:.3}）；正态假设 z = {:.2}，p {}；随机化 z = {:.2}，p {}；{} 次置换 p = {:.4}（种子 {}）。LISA 显著性阈值 p ≤ {:.4}。",
                m.i, m.expected, m.z_norm, p_text(m.p_norm), m.z_rand, p_text(m.p_rand), thousands(m.permutations),
                m.p_sim.unwrap_or(1.0), m.seed, threshold
            ),
            Lang::En => format!(
                "Moran's I = {:.3} (expected {:.3}); normality z = {:.2}, p {}; randomisation z = {:.2}, p {}; {} permutations p = {:.4} (seed {}). LISA significant at p ≤ {:.4}.",
                m.i, m.expected, m.z_norm, p_text(m.p_norm), m.z_rand, p_text(m.p_rand), thousands(m.permutations),
                m.p_sim.unwrap_or(1.0), m.seed, threshold
            ),
        });
    } else {
        out.push(
            lang.pick(
                "有值的单位太少或数值无差异：无法检验。",
                "Too few units with values, or no variation: nothing to test.",
            )
            .to_owned(),
        );
    }
    out
}

/// The Moran scatter plot: standardised value against its spatial lag, the slope I.
fn scatter(
    ui: &mut Ui,
    cx: &ChartContext<'_>,
    a: &Autocorrelation,
    clusters: &[Cluster],
    commands: &mut Vec<Command>,
) {
    let lang = cx.lang;
    let Some(l) = &a.lisa else {
        ui.label(crate::labels::no_data(lang));
        return;
    };
    let size = ui.available_size().max(egui::vec2(120.0, 120.0));
    let strong = ui.visuals().strong_text_color();
    let place = |id: u32| match a.level {
        UnitLevel::Province => PlaceId::Province(id),
        UnitLevel::Prefecture => PlaceId::Prefecture(id),
    };
    let slope = a.moran.as_ref().map_or(0.0, |m| m.i);
    let accent = ui.visuals().selection.stroke.color;
    let resp = static_plot("moran-scatter")
        .width(size.x)
        .height(size.y)
        .data_aspect(1.0)
        .show_grid([true, true])
        .x_axis_label(lang.pick("标准化值 z", "standardised value z"))
        .y_axis_label(lang.pick("空间滞后 Wz", "spatial lag Wz"))
        .x_axis_formatter(|m, _| tick_label(m))
        .y_axis_formatter(|m, _| tick_label(m))
        .show(ui, |p| {
            let span = l.z.iter().map(|v| v.abs()).fold(1.0_f64, f64::max);
            p.line(
                Line::new(
                    "I",
                    PlotPoints::from(vec![[-span, -span * slope], [span, span * slope]]),
                )
                .stroke(Stroke::new(1.5, strong)),
            );
            for c in [
                Cluster::NotSignificant,
                Cluster::LowHigh,
                Cluster::HighLow,
                Cluster::LowLow,
                Cluster::HighHigh,
            ] {
                let pts: Vec<[f64; 2]> = (0..l.z.len())
                    .filter(|&i| clusters[i] == c)
                    .map(|i| [l.z[i], l.lag[i]])
                    .collect();
                if !pts.is_empty() {
                    p.points(
                        Points::new(cluster_label(c, lang), pts)
                            .color(cluster_color(c))
                            .radius(4.0)
                            .filled(true)
                            .allow_hover(false),
                    );
                }
            }
            // The units selected anywhere (map, table, a rectangle) are ringed here.
            let selected: Vec<[f64; 2]> = (0..l.z.len())
                .filter(|&i| cx.selection.contains(&place(a.ids[i])))
                .map(|i| [l.z[i], l.lag[i]])
                .collect();
            if !selected.is_empty() {
                p.points(
                    Points::new("selected", selected)
                        .color(strong)
                        .radius(7.0)
                        .filled(false)
                        .allow_hover(false),
                );
            }
            // The unit hovered anywhere (here or on the map) is ringed in the accent colour.
            let hovered: Vec<[f64; 2]> = (0..l.z.len())
                .filter(|&i| cx.hovered == Some(&place(a.ids[i])))
                .map(|i| [l.z[i], l.lag[i]])
                .collect();
            if !hovered.is_empty() {
                p.points(
                    Points::new("hovered", hovered)
                        .color(accent)
                        .radius(9.0)
                        .filled(false)
                        .allow_hover(false),
                );
            }
            p.pointer_coordinate()
        });
    resp.response.widget_info(|| {
        egui::WidgetInfo::labeled(
            egui::Role::Image,
            true,
            lang.pick("Moran 散点图", "Moran scatter plot"),
        )
    });
    // Where each unit's point is on screen: one hit-test for hover, click and rectangle.
    let t = &resp.transform;
    let on_screen: Vec<egui::Pos2> = (0..l.z.len())
        .map(|i| t.position_from_point(&egui_plot::PlotPoint::new(l.z[i], l.lag[i])))
        .collect();
    let nearest = |at: egui::Pos2| {
        on_screen
            .iter()
            .enumerate()
            .map(|(i, p)| (p.distance(at), i))
            .filter(|(d, _)| *d < HIT_RADIUS)
            .min_by(|x, y| x.0.total_cmp(&y.0))
            .map(|(_, i)| place(a.ids[i]))
    };
    // Hovering a point hovers its unit everywhere (the map outlines it); leaving the plot
    // lets go of what it hovered.
    let hover_id = egui::Id::NULL.with("moran-scatter-hover");
    let reported: Option<PlaceId> = ui.data(|d| d.get_temp(hover_id)).flatten();
    let now = if resp.response.hovered() {
        resp.inner
            .map(|at| t.position_from_point(&at))
            .and_then(nearest)
    } else {
        None
    };
    if now != reported {
        if now.is_some() || reported.as_ref() == cx.hovered {
            commands.push(Command::Hover(now.clone()));
        }
        ui.data_mut(|d| d.insert_temp(hover_id, now));
    }
    // A dragged rectangle selects the units inside it (GeoDa's brushing); shift adds them
    // to the selection. The drag is forgotten if the plot was not drawn in between.
    let box_id = egui::Id::NULL.with("moran-scatter-box");
    let frame = ui.ctx().cumulative_pass_nr();
    if resp.response.drag_started()
        && let Some(p) = ui.input(|i| i.pointer.press_origin())
    {
        ui.data_mut(|d| d.insert_temp(box_id, (p, frame)));
    }
    match ui.data(|d| d.get_temp::<(egui::Pos2, u64)>(box_id)) {
        Some((_, seen)) if seen + 1 < frame => {
            ui.data_mut(|d| d.remove::<(egui::Pos2, u64)>(box_id));
        }
        Some((start, _)) => {
            ui.data_mut(|d| d.insert_temp(box_id, (start, frame)));
            if let Some(now) = ui.input(|i| i.pointer.latest_pos()) {
                let drawn = egui::Rect::from_two_pos(start, now).intersect(resp.response.rect);
                crate::paint::selection_box(ui.painter(), ui.visuals(), drawn);
                if resp.response.drag_stopped() || !ui.input(|i| i.pointer.any_down()) {
                    ui.data_mut(|d| d.remove::<(egui::Pos2, u64)>(box_id));
                    let inside: Vec<PlaceId> = on_screen
                        .iter()
                        .enumerate()
                        .filter(|(_, p)| drawn.contains(**p))
                        .map(|(i, _)| place(a.ids[i]))
                        .collect();
                    if !ui.input(|i| i.modifiers.shift) {
                        commands.push(Command::Select(None));
                    }
                    commands.push(Command::SelectAdd(inside));
                }
            }
        }
        None => {}
    }
    // A click selects the nearest unit; shift adds it.
    if resp.response.clicked()
        && let Some(p) = resp
            .inner
            .map(|at| t.position_from_point(&at))
            .and_then(nearest)
    {
        if ui.input(|i| i.modifiers.shift) {
            commands.push(Command::SelectToggle(p));
        } else {
            commands.push(Command::Select(Some(p)));
        }
    }
}

/// The clusters' members and the cities' concentration by region.
fn side(ui: &mut Ui, cx: &ChartContext<'_>, a: &Autocorrelation, clusters: &[Cluster]) {
    let lang = cx.lang;
    for c in [
        Cluster::HighHigh,
        Cluster::LowLow,
        Cluster::HighLow,
        Cluster::LowHigh,
    ] {
        let members: Vec<String> = a
            .ids
            .iter()
            .zip(clusters)
            .filter(|(_, x)| **x == c)
            .map(|(id, _)| unit_name(cx, *id))
            .collect();
        if !members.is_empty() {
            ui.label(
                RichText::new(format!(
                    "{}: {}",
                    cluster_label(c, lang),
                    members.join(lang.pick("、", ", "))
                ))
                .color(cluster_color(c))
                .small(),
            );
        }
    }
    let hot =
        a.gi.iter()
            .filter(|g| matches!(g.class(cx.spatial.alpha), HotSpot::Hot { .. }))
            .count();
    let cold =
        a.gi.iter()
            .filter(|g| matches!(g.class(cx.spatial.alpha), HotSpot::Cold { .. }))
            .count();
    ui.label(
        RichText::new(match lang {
            Lang::Zh => format!(
                "Getis-Ord Gi*（p < {}）：热点 {hot}，冷点 {cold}",
                cx.spatial.alpha
            ),
            Lang::En => format!(
                "Getis-Ord Gi* (p < {}): {hot} hot spots, {cold} cold spots",
                cx.spatial.alpha
            ),
        })
        .small(),
    );
    neighbour_counts(ui, cx, a);
    ui.separator();
    concentration(ui, cx);
}

/// How many neighbours the units have (the weights' histogram): an island has 0.
fn neighbour_counts(ui: &mut Ui, cx: &ChartContext<'_>, a: &Autocorrelation) {
    let lang = cx.lang;
    let counts = a.weights.cardinalities();
    let max = counts.iter().copied().max().unwrap_or(0);
    let bars: Vec<String> = (0..=max)
        .map(|k| (k, counts.iter().filter(|&&c| c == k).count()))
        .filter(|(_, n)| *n > 0)
        .map(|(k, n)| format!("{k}: {n}"))
        .collect();
    ui.label(
        RichText::new(format!(
            "{}{}",
            lang.pick("邻居数（个数：单位数）：", "Neighbours (count: units): "),
            bars.join(" · ")
        ))
        .small(),
    );
}

/// The concentration of the confirmed cities in the Northeast, the Third Front core and the
/// rest, naming the set: small in the chart's side column, full size on a slide
/// (`cx.compact`).
pub fn concentration(ui: &mut Ui, cx: &ChartContext<'_>) {
    let lang = cx.lang;
    let sized = |t: RichText| if cx.compact { t } else { t.small() };
    let confirmed = cx
        .ds
        .cities
        .iter()
        .filter(|c| c.evidence == crate::core::model::EvidenceTier::Confirmed)
        .count();
    let plan = crate::core::dataset::PLAN_TOTAL_CITIES;
    ui.add(egui::Label::new(sized(
        RichText::new(match lang {
            Lang::Zh => format!(
                "老工业城市的集聚（已确认的 {confirmed} 个，规划共 {plan} 个；名单不全，不代表全部）"
            ),
            Lang::En => format!(
                "How the cities concentrate ({confirmed} confirmed of the plan's {plan}; a partial list, not the whole)"
            ),
        })
        .strong(),
    ))
    .wrap());
    // The built-in regions, then the user's groups (each says it is the user's).
    let rows: Vec<(String, Option<crate::core::spatial::points::Concentration>)> =
        concentration_by_group(cx.ds, CitySet::Confirmed)
            .into_iter()
            .map(|(g, c)| (crate::labels::region_label(g, lang).to_owned(), c))
            .chain(cx.groups.iter().map(|g| {
                (
                    format!("{} ({})", g.name, lang.pick("用户分组", "user's group")),
                    crate::core::spatial::analysis::concentration_of_group(
                        cx.ds,
                        g,
                        CitySet::Confirmed,
                    ),
                )
            }))
            .collect();
    if cx.compact {
        // A slide's narrow column: one wrapped line per region, in full-size type.
        for (name, c) in &rows {
            let line = match (c, lang) {
                (None, Lang::Zh) => format!("{name}：0 个城市"),
                (None, Lang::En) => format!("{name}: no cities"),
                (Some(c), Lang::Zh) => format!(
                    "{name}：{} 个城市，每万平方千米 {:.3} 个{}",
                    c.n,
                    c.per_10k_km2,
                    c.clark_evans
                        .map(|(r, z)| format!("，最近邻比 R = {r:.2}（z = {z:.2}）"))
                        .unwrap_or_default()
                ),
                (Some(c), Lang::En) => format!(
                    "{name}: {} cities, {:.3} per 10⁴ km²{}",
                    c.n,
                    c.per_10k_km2,
                    c.clark_evans
                        .map(|(r, z)| format!(", nearest-neighbour R = {r:.2} (z = {z:.2})"))
                        .unwrap_or_default()
                ),
            };
            ui.add(egui::Label::new(RichText::new(line)).wrap());
        }
    } else {
        egui::Grid::new("spatial-concentration")
            .striped(true)
            .show(ui, |ui| {
                for h in [
                    lang.pick("区域", "Region"),
                    lang.pick("城市", "Cities"),
                    lang.pick("每万平方千米", "per 10⁴ km²"),
                    lang.pick("最近邻比 R", "NN ratio R"),
                    "z",
                ] {
                    ui.label(RichText::new(h).small().strong());
                }
                ui.end_row();
                for (name, c) in &rows {
                    ui.label(RichText::new(name).small());
                    let cells = match c {
                        Some(c) => {
                            let (r, z) = c
                                .clark_evans
                                .map_or(("—".to_owned(), "—".to_owned()), |(r, z)| {
                                    (format!("{r:.2}"), format!("{z:.2}"))
                                });
                            [c.n.to_string(), format!("{:.3}", c.per_10k_km2), r, z]
                        }
                        None => ["0".to_owned(), "—".into(), "—".into(), "—".into()],
                    };
                    for cell in cells {
                        ui.label(RichText::new(cell).small());
                    }
                    ui.end_row();
                }
            });
    }
    ui.add(egui::Label::new(sized(
        RichText::new(lang.pick(
            "R < 1 为集聚、> 1 为分散（Clark–Evans），|z| ≥ 1.96 时在 5% 水平显著；面积为各区域地级单位面积之和（等面积投影）。",
            "R < 1 clustered, > 1 dispersed (Clark–Evans), significant at 5% where |z| ≥ 1.96; areas are the regions' prefecture units on the equal-area projection.",
        ))
        .weak(),
    ))
    .wrap());
}
