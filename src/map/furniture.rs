//! Map furniture: legend, South China Sea inset, scale bar and data credit.

use std::sync::Arc;

use egui::{Align2, Color32, FontId, Painter, Pos2, Rect, Shape, Stroke, Vec2, pos2, vec2};

use super::camera::Camera;
use super::classes::Classes;
use super::layers::{PaintCx, add_fill};
use super::style;
use crate::core::dataset::boundary_credit;
use crate::core::import::Level;
use crate::core::indicators::{Indicator, format_value};
use crate::core::settings::{Lang, LayerColor};
use crate::labels::{method_label, no_data};
use crate::state::AtlasState;
use crate::state::user_layer::UserLayerView;

/// What the furniture took: rects labels must avoid, the legend's rows, and its title
/// (clicking it folds the legend).
pub struct Furniture {
    pub obstacles: [Rect; 3],
    pub legend_rows: Vec<(Rect, String)>,
    pub legend_title: Option<Rect>,
}

/// Legend (top left), inset (bottom right), scale bar and credit (bottom left).
pub fn paint(
    painter: &Painter,
    cx: &PaintCx<'_>,
    legend_visible: bool,
    inset_buffer: &mut Arc<egui::Mesh>,
) -> Furniture {
    // A user layer coloured by a value owns the legend; the province classes would then be
    // unexplained in the inset, which shows neutral land instead.
    let user = classed_user_layer(cx.state).and_then(|(layer, color)| {
        let classes = cx.classes.user.get(&layer.path)?.clone();
        Some(LayerLegend::new(layer, color, classes, cx.state.lang()))
    });
    // The inset and the scale bar with its credit first: the legend must end above them.
    let inset_classes = user.is_none().then_some(&*cx.classes.province);
    let inset_rect = inset(painter, cx, inset_classes, inset_buffer);
    // The credit stops short of the inset, so the inset's label stays readable.
    let credit_right = inset_rect.left() - 8.0;
    let bottom = scale_bar_and_credit(
        painter,
        cx.state.lang(),
        cx.rect,
        cx.cam.scale,
        credit_right,
    );
    let floor = bottom.top() - 6.0;
    // A legend too tall for a short map (a small screen) is folded to its title rather than
    // drawn over the scale bar.
    let full = (legend_visible && !cx.state.settings.legend_collapsed)
        .then(|| legend(painter, cx, user.as_ref(), floor))
        .flatten();
    let (legend_rect, legend_rows, legend_title) = if !legend_visible {
        (Rect::NOTHING, vec![], None)
    } else if let Some((r, rows)) = full {
        let title = r
            .is_positive()
            .then(|| Rect::from_min_size(r.min, vec2(r.width(), 24.0)));
        (r, rows, title)
    } else {
        let (r, title) = folded_legend(painter, cx, user.as_ref());
        // Folded by the user: its title unfolds it. Folded for want of room: no button
        // that would promise to unfold it (a larger map shows it whole).
        let title = title.filter(|_| cx.state.settings.legend_collapsed);
        (r, vec![], title)
    };
    let legend_rect = match (&cx.classes.density, legend_visible) {
        (Some((g, _)), true) => {
            let at = if legend_rect.is_positive() {
                legend_rect.left_bottom() + vec2(0.0, 8.0)
            } else {
                cx.rect.min + vec2(10.0, 10.0)
            };
            legend_rect.union(density_key(painter, cx, g, at))
        }
        _ => legend_rect,
    };
    Furniture {
        obstacles: [legend_rect, inset_rect, bottom],
        legend_rows,
        legend_title,
    }
}

/// The weights a cluster map rests on: the user's file (by name) or the rule.
fn weights_text(cx: &PaintCx<'_>, lang: Lang) -> String {
    let s = &cx.state.settings.spatial;
    let level = crate::core::spatial::analysis::level_of(&cx.state.active_indicator());
    match cx.state.spatial.weights_file_for(s, level) {
        Some((path, _)) => std::path::Path::new(&path)
            .file_name()
            .map_or(path.clone(), |n| n.to_string_lossy().into_owned()),
        None => crate::labels::weights_rule(s.rule, lang),
    }
}

fn permutations_text(n: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{} 次条件置换", format_value(n as f64)),
        Lang::En => format!("{} conditional permutations", format_value(n as f64)),
    }
}

/// The density surface's key: what it is of (the city set and its coverage), the kernel and
/// bandwidth, and the colour ramp from 0 to the peak. Returns the rect it took.
fn density_key(
    painter: &Painter,
    cx: &PaintCx<'_>,
    g: &crate::core::spatial::points::DensityGrid,
    at: Pos2,
) -> Rect {
    use crate::core::spatial::points::Kernel;
    let lang = cx.state.lang();
    let plan = crate::core::dataset::PLAN_TOTAL_CITIES;
    let kernel = match (g.kernel, lang) {
        (Kernel::Quartic, Lang::Zh) => "四次核",
        (Kernel::Gaussian, Lang::Zh) => "高斯核",
        (Kernel::Quartic, Lang::En) => "quartic kernel",
        (Kernel::Gaussian, Lang::En) => "Gaussian kernel",
    };
    let lines = match lang {
        Lang::Zh => [
            format!("城市核密度：已确认 {} 个（规划共 {plan} 个）", g.n),
            format!(
                "{kernel}，带宽 {:.0} 千米（{}）",
                g.bandwidth_km,
                if g.scott {
                    "Scott 法则"
                } else {
                    "用户设定"
                }
            ),
            format!("0 – {:.2} 个/万平方千米", g.max),
        ],
        Lang::En => [
            format!("City density: {} confirmed of the plan's {plan}", g.n),
            format!(
                "{kernel}, bandwidth {:.0} km ({})",
                g.bandwidth_km,
                if g.scott {
                    "Scott's rule"
                } else {
                    "set by the user"
                }
            ),
            format!("0 – {:.2} per 10,000 km²", g.max),
        ],
    };
    let font = egui::FontId::proportional(12.0);
    let galleys: Vec<_> = lines
        .iter()
        .map(|l| painter.layout_no_wrap(l.clone(), font.clone(), Color32::from_gray(40)))
        .collect();
    let w = galleys.iter().map(|g| g.size().x).fold(160.0, f32::max) + 16.0;
    let line_h = galleys.first().map_or(14.0, |g| g.size().y);
    let bar_h = 10.0;
    let h = 6.0 + 3.0 * (line_h + 2.0) + bar_h + 10.0;
    let r = Rect::from_min_size(at, vec2(w, h));
    panel(painter, r);
    let mut y = r.min.y + 6.0;
    for (k, gal) in galleys.into_iter().enumerate() {
        if k == 2 {
            // The ramp sits above its range.
            let bar = Rect::from_min_size(pos2(r.min.x + 8.0, y), vec2(w - 16.0, bar_h));
            let steps = 32;
            for i in 0..steps {
                let t = (i as f32 + 0.5) / steps as f32;
                let x0 = bar.min.x + bar.width() * i as f32 / steps as f32;
                let x1 = bar.min.x + bar.width() * (i + 1) as f32 / steps as f32;
                painter.rect_filled(
                    Rect::from_min_max(pos2(x0, bar.min.y), pos2(x1, bar.max.y)),
                    0.0,
                    crate::map::layers::spatial::density_color(t),
                );
            }
            y += bar_h + 3.0;
        }
        painter.galley(pos2(r.min.x + 8.0, y), gal, Color32::from_gray(40));
        y += line_h + 2.0;
    }
    r
}

fn panel(painter: &Painter, r: Rect) {
    painter.rect(
        r,
        4.0,
        Color32::from_rgba_unmultiplied(255, 255, 255, 235),
        Stroke::new(1.0, Color32::from_gray(170)),
        egui::StrokeKind::Inside,
    );
}

/// The visible user layer coloured by a value, topmost first: it owns the legend.
pub fn classed_user_layer(state: &AtlasState) -> Option<(&Arc<UserLayerView>, &LayerColor)> {
    state
        .settings
        .user_layers
        .iter()
        .rev()
        .filter(|r| r.visible && r.color != LayerColor::Single)
        .find_map(|r| Some((state.data.user_layer(&r.path)?, &r.color)))
}

/// "Layer name · what colours it", for legends and export titles.
pub fn layer_title(layer: &UserLayerView, color: &LayerColor, lang: Lang) -> String {
    match color {
        LayerColor::AreaKm2 => format!(
            "{} · {}",
            layer.name,
            lang.pick("面积（km²）", "area (km²)")
        ),
        LayerColor::Property(key) => format!("{} · {key}", layer.name),
        LayerColor::Single => layer.name.clone(),
    }
}

/// The legend of a user layer coloured by a value.
pub struct LayerLegend {
    pub title: String,
    pub source: String,
    pub classes: Arc<Classes>,
}

impl LayerLegend {
    pub fn new(
        layer: &UserLayerView,
        color: &LayerColor,
        classes: Arc<Classes>,
        lang: Lang,
    ) -> Self {
        let source = match color {
            LayerColor::AreaKm2 => format!(
                "{} {}",
                lang.pick(
                    "面积由图层几何计算（Albers 等积投影）：",
                    "Area computed from the layer's geometry (Albers equal-area):"
                ),
                layer.file
            ),
            LayerColor::Property(_) => format!(
                "{} {} ({})",
                lang.pick("来源：用户图层", "Source: user layer"),
                layer.file,
                lang.pick("属性值按原样显示", "property values as given in the file")
            ),
            LayerColor::Single => layer.file.clone(),
        };
        Self {
            title: layer_title(layer, color, lang),
            source,
            classes,
        }
    }
}

/// The units a legend's classes colour.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Units {
    Provinces,
    Prefectures,
    UserFeatures,
}

/// What the legend shows: its title, classes, source line and an optional note.
struct LegendSpec<'a> {
    title: String,
    classes: &'a Classes,
    units: Units,
    source: String,
    note: Option<&'static str>,
    /// Whole-number counts: each class shows the integers it holds.
    counts: bool,
}

/// The legend for this frame: a user layer's, the active indicator's, or the prefecture
/// GDP 2013 fill's when zoomed in with it on.
fn legend_spec<'a>(cx: &'a PaintCx<'_>, user: Option<&'a LayerLegend>) -> Option<LegendSpec<'a>> {
    let lang = cx.state.lang();
    if let Some(u) = user {
        return Some(LegendSpec {
            title: u.title.clone(),
            classes: &u.classes,
            units: Units::UserFeatures,
            source: u.source.clone(),
            note: None,
            counts: false,
        });
    }
    let ind = cx.state.active_indicator();
    if matches!(ind, Indicator::Imported { .. } | Indicator::Panel { .. }) || !cx.prefecture_fill {
        if !(cx.state.settings.layers.province_fill || cx.prefecture_fill) {
            return None;
        }
        let unit = ind
            .unit(lang)
            .unwrap_or_else(|| lang.pick("单位未注明", "unit not stated").to_owned());
        let (classes, units) = match ind.level() {
            Level::Prefecture => (&*cx.classes.prefecture, Units::Prefectures),
            Level::Province => (&*cx.classes.province, Units::Provinces),
        };
        return Some(LegendSpec {
            title: classes.categories.as_ref().map_or_else(
                || format!("{} ({unit})", ind.name(lang)),
                |(t, _)| t.clone(),
            ),
            classes,
            units,
            // Whose list of cities a count of cities counts.
            source: match (&ind, cx.state.ds.city_list_note(lang)) {
                (
                    Indicator::BuiltIn(crate::core::indicators::ProvinceIndicator::SourcedCities),
                    Some(note),
                ) => note,
                _ => ind.source(lang),
            },
            // The basis of the colours: a year's classes compare with other years' only when
            // the breaks are the same in all of them.
            note: panel_note(&ind, cx.state.settings.choropleth.breaks_each_year, lang)
                .filter(|_| classes.categories.is_none()),
            counts: ind.is_count(),
        });
    }
    Some(LegendSpec {
        title: lang
            .pick(
                "地级市地区生产总值 2013（亿元）",
                "Prefecture GDP 2013 (100 million yuan)",
            )
            .to_owned(),
        classes: &cx.classes.prefecture,
        units: Units::Prefectures,
        source: lang
            .pick(
                "来源：各市 2014 年政府工作报告（indicators.csv）",
                "Source: each city's 2014 government work report (indicators.csv)",
            )
            .to_owned(),
        note: Some(lang.pick(
            "* 工作报告中的预计数",
            "* preliminary (预计) in the work report",
        )),
        counts: false,
    })
}

/// A panel indicator's legend note: whether colours compare across years, and a flag on raw
/// totals (a big unit looks big for being big).
fn panel_note(ind: &Indicator<'_>, each_year: bool, lang: Lang) -> Option<&'static str> {
    let Indicator::Panel {
        column, transform, ..
    } = ind
    else {
        return None;
    };
    if transform.change_from.is_some() {
        return Some(if each_year {
            lang.pick(
                "红色为下降，蓝色为上升；分级按本年",
                "red: fall, blue: rise; breaks from this year",
            )
        } else {
            lang.pick(
                "红色为下降，蓝色为上升；分级取自全部年份",
                "red: fall, blue: rise; breaks from all years",
            )
        });
    }
    let raw = column.can_normalise() && *transform == crate::core::panel::Transform::default();
    Some(match (raw, each_year) {
        (true, false) => lang.pick(
            "总量（未按人口或面积标准化）；分级取自全部年份",
            "totals, not per person or km²; breaks from all years",
        ),
        (true, true) => lang.pick(
            "总量（未按人口或面积标准化）；分级按本年",
            "totals, not per person or km²; breaks from this year",
        ),
        (false, false) => lang.pick(
            "分级取自全部年份，各年可比",
            "breaks from all years: colours compare across years",
        ),
        (false, true) => lang.pick("分级按本年数值", "breaks from this year's values"),
    })
}

/// The legend folded to one line: its title and a mark that it unfolds.
fn folded_legend(
    painter: &Painter,
    cx: &PaintCx<'_>,
    user: Option<&LayerLegend>,
) -> (Rect, Option<Rect>) {
    let Some(spec) = legend_spec(cx, user) else {
        return (Rect::NOTHING, None);
    };
    let g = painter.layout_no_wrap(spec.title, FontId::proportional(13.0), style::LABEL);
    let r = Rect::from_min_size(cx.rect.min + vec2(10.0, 10.0), g.size() + vec2(28.0, 10.0));
    panel(painter, r);
    // A drawn triangle, not a glyph: the bundled fonts need not have one.
    let c = pos2(r.min.x + 11.0, r.center().y);
    painter.add(Shape::convex_polygon(
        vec![
            c + vec2(-3.0, -5.0),
            c + vec2(4.0, 0.0),
            c + vec2(-3.0, 5.0),
        ],
        style::LABEL,
        Stroke::NONE,
    ));
    painter.galley(r.min + vec2(20.0, 5.0), g, style::LABEL);
    (r, Some(r))
}

/// A class's range (or category) as the legend writes it.
fn class_text(spec: &LegendSpec<'_>, k: usize, count: usize) -> String {
    if let Some((_, labels)) = &spec.classes.categories {
        return format!("{}   ({count})", labels.get(k).map_or("", String::as_str));
    }
    let (lo, hi) = (spec.classes.breaks[k], spec.classes.breaks[k + 1]);
    if spec.counts {
        let lo = if k == 0 { lo } else { lo.floor() + 1.0 };
        if lo >= hi {
            format!("{hi:.0}   ({count})")
        } else {
            format!("{lo:.0} – {hi:.0}   ({count})")
        }
    } else {
        format!("{} – {}   ({})", format_value(lo), format_value(hi), count)
    }
}

/// Legend for the active choropleth, with class breaks, units, no-data and the source.
/// Returns the rect it took and, per class row, its rect and text (for accessibility).
/// `None` when it would not fit between the map's top and `floor` (nothing is drawn).
fn legend(
    painter: &Painter,
    cx: &PaintCx<'_>,
    user: Option<&LayerLegend>,
    floor: f32,
) -> Option<(Rect, Vec<(Rect, String)>)> {
    let Some(spec) = legend_spec(cx, user) else {
        return Some((Rect::NOTHING, vec![]));
    };
    let lang = cx.state.lang();
    let classes = spec.classes;
    // Counts follow the filter: a unit the filter greys out is not counted.
    let (ds, filter) = (&cx.state.ds, &cx.state.settings.filter);
    let shown = |i: usize| match spec.units {
        Units::Provinces => ds
            .provinces
            .get(i)
            .is_some_and(|p| filter.province_passes(p)),
        Units::Prefectures => ds.prefectures.get(i).is_some_and(|p| {
            ds.province(p.province_adcode)
                .is_some_and(|p| filter.province_passes(p))
        }),
        Units::UserFeatures => true,
    };
    let font = FontId::proportional(12.0);
    let small = FontId::proportional(10.5);
    let n = classes.colors.len();
    let row_h = 17.0;
    let width = 250.0_f32.min(cx.rect.width() * 0.4);
    let rows = n + 1 + usize::from(spec.note.is_some());
    // A long title (an imported indicator's name) wraps inside the panel.
    let title = painter.layout(
        spec.title.clone(),
        FontId::proportional(13.0),
        style::LABEL,
        width - 16.0,
    );
    let title_h = title.size().y + 4.0;
    // The source line wraps too: measured first, so the corner is chosen for the real height.
    let source = painter.layout(
        spec.source.clone(),
        small.clone(),
        Color32::from_gray(70),
        width - 16.0,
    );
    let height = title_h + 2.0 + 16.0 + rows as f32 * row_h + source.size().y + 14.0;
    if cx.rect.top() + 10.0 + height > floor {
        return None;
    }
    let r = Rect::from_min_size(
        legend_corner(cx, vec2(width, height), floor),
        vec2(width, height),
    );
    panel(painter, r);
    let mut rows_out = Vec::new();
    let mut y = r.min.y + 6.0;
    let x = r.min.x + 8.0;
    let text = |y: f32, t: String, font: &FontId, color: Color32| {
        painter.text(pos2(x, y), Align2::LEFT_TOP, t, font.clone(), color)
    };
    painter.galley(pos2(x, y), title, style::LABEL);
    y += title_h;
    let method = method_label(cx.state.settings.choropleth.method, lang);
    let classes_line = match &classes.categories {
        // A cluster map: what makes a unit significant.
        Some(_) => {
            use crate::core::settings::SpatialMap;
            let s = &cx.state.settings.spatial;
            match s.map {
                SpatialMap::HotSpots => format!(
                    "Getis-Ord Gi* · {} · {}",
                    permutations_text(s.permutations, lang),
                    weights_text(cx, lang)
                ),
                SpatialMap::Significance => format!(
                    "{} · {} · {}",
                    lang.pick("局部 Moran 伪 p 值", "local Moran pseudo p"),
                    permutations_text(s.permutations, lang),
                    weights_text(cx, lang)
                ),
                _ => format!(
                    "{} · p ≤ {}{} · {} · {}",
                    lang.pick("局部 Moran", "local Moran"),
                    s.alpha,
                    if s.fdr { " FDR" } else { "" },
                    permutations_text(s.permutations, lang),
                    weights_text(cx, lang)
                ),
            }
        }
        None => format!("{method} · {n} {}", lang.pick("级", "classes")),
    };
    text(y, classes_line, &small, Color32::from_gray(90));
    y += 16.0;
    for k in 0..n {
        let sw = Rect::from_min_size(pos2(x, y + 2.0), vec2(22.0, 12.0));
        let outline = Stroke::new(0.5, Color32::from_gray(120));
        painter.rect(
            sw,
            0.0,
            classes.colors[k],
            outline,
            egui::StrokeKind::Inside,
        );
        let count = (0..classes.feature_class.len())
            .filter(|&i| classes.feature_class[i] == Some(k) && shown(i))
            .count();
        let row = class_text(&spec, k, count);
        let tr = painter.text(
            pos2(x + 30.0, y + 1.0),
            Align2::LEFT_TOP,
            &row,
            font.clone(),
            style::LABEL,
        );
        let label = format!("{} {}: {row}", lang.pick("图例", "legend class"), k + 1);
        rows_out.push((tr.union(sw), label));
        y += row_h;
    }
    no_data_swatch(
        painter,
        Rect::from_min_size(pos2(x, y + 2.0), vec2(22.0, 12.0)),
    );
    let missing = (0..classes.values.len())
        .filter(|&i| classes.values[i].is_none() && shown(i))
        .count();
    painter.text(
        pos2(x + 30.0, y + 1.0),
        Align2::LEFT_TOP,
        format!("{}   ({missing})", no_data(lang)),
        font,
        style::LABEL,
    );
    y += row_h;
    if let Some(note) = spec.note {
        let r = text(y + 1.0, note.to_owned(), &small, Color32::from_gray(90));
        // Screen readers (and tests) get the note too.
        rows_out.push((
            r,
            format!("{}{note}", lang.pick("图例说明：", "legend note: ")),
        ));
        y += row_h;
    }
    let src_rect = Rect::from_min_size(pos2(x, y + 2.0), source.size());
    painter.galley(src_rect.min, source, Color32::from_gray(70));
    Some((r.union(src_rect.expand(4.0)), rows_out))
}

/// Where the legend goes: the free corner that hides the least of the map, counting land and,
/// far more, city markers (the top-left over the sparse north-west in the whole-country view;
/// another corner when the map is moved or zoomed so that cities fill it). The bottom-right
/// belongs to the inset, the bottom edge to the scale bar and credit. Ties keep the top-left,
/// so the legend does not jump between near equals.
fn legend_corner(cx: &PaintCx<'_>, size: Vec2, floor: f32) -> Pos2 {
    let m = cx.rect;
    let corners = [
        m.min + vec2(10.0, 10.0),
        pos2(m.right() - size.x - 10.0, m.top() + 10.0),
        // Above the scale bar and credit (`floor`), however many lines the credit took.
        pos2(m.left() + 10.0, floor - size.y),
    ];
    let land = |at: Pos2| hidden(cx, Rect::from_min_size(at, size));
    let mut best = (corners[0], land(corners[0]));
    for &c in &corners[1..] {
        // Only a corner inside the map, clear of the top-left and of the inset counts.
        let r = Rect::from_min_size(c, size);
        if c.y < m.top() || c.x < m.left() || r.intersects(inset_rect(m)) {
            continue;
        }
        let share = land(c);
        if share + 0.05 < best.1 {
            best = (c, share);
        }
    }
    best.0
}

/// What a panel at `r` would hide: its share of land plus a tenth per city marker under it.
fn hidden(cx: &PaintCx<'_>, r: Rect) -> f32 {
    let markers = if cx.state.settings.layers.cities {
        cx.geo
            .city_points
            .iter()
            .filter(|p| r.contains(cx.cam.screen_from_projected(cx.rect, **p)))
            .count()
    } else {
        0
    };
    land_share(cx, r) + 0.1 * markers as f32
}

/// The share of a screen rect that is land (inside a province), from a grid of samples.
fn land_share(cx: &PaintCx<'_>, r: Rect) -> f32 {
    const N: usize = 12;
    let provinces = &cx.geo.provinces[0];
    let mut land = 0;
    for i in 0..N {
        for j in 0..N {
            let s = pos2(
                r.left() + r.width() * (i as f32 + 0.5) / N as f32,
                r.top() + r.height() * (j as f32 + 0.5) / N as f32,
            );
            let p = cx.cam.projected_from_screen(cx.rect, s);
            land += usize::from(cx.geo.province_index.find(provinces, p).is_some());
        }
    }
    land as f32 / (N * N) as f32
}

/// Grey with diagonal hatching: distinct from every palette colour.
pub fn no_data_swatch(painter: &Painter, r: Rect) {
    painter.rect_filled(r, 0.0, style::NO_DATA);
    let clip = painter.with_clip_rect(r);
    let mut t = -r.height();
    while t < r.width() {
        clip.line_segment(
            [
                pos2(r.min.x + t, r.max.y),
                pos2(r.min.x + t + r.height(), r.min.y),
            ],
            Stroke::new(1.0, style::NO_DATA_HATCH),
        );
        t += 5.0;
    }
    painter.rect_stroke(
        r,
        0.0,
        Stroke::new(0.5, Color32::from_gray(120)),
        egui::StrokeKind::Inside,
    );
}

/// The South China Sea inset, lower right, as Chinese national maps draw it: the islands and
/// the maritime boundary line at a smaller scale. Returns its rect.
fn inset(
    painter: &Painter,
    cx: &PaintCx<'_>,
    prov: Option<&Classes>,
    buffer: &mut Arc<egui::Mesh>,
) -> Rect {
    let (geo, settings, rect) = (cx.geo, &cx.state.settings, cx.rect);
    let r = inset_rect(rect);
    // Region shown: 106–123°E, 2.5–24.5°N, projected.
    let mut b = Rect::NOTHING;
    for (lon, lat) in [
        (106.0, 2.5),
        (123.0, 2.5),
        (106.0, 24.5),
        (123.0, 24.5),
        (114.5, 2.5),
    ] {
        let p = geo.proj.project(lon, lat);
        b.extend_with(pos2(p.x as f32, p.y as f32));
    }
    let cam = Camera::fit(
        [
            [f64::from(b.min.x), f64::from(b.min.y)],
            [f64::from(b.max.x), f64::from(b.max.y)],
        ],
        r,
        4.0,
    );
    let to_screen = |p: Pos2| cam.screen_from_projected(r, [f64::from(p.x), f64::from(p.y)]);
    painter.rect_filled(r, 0.0, style::SEA);
    let clip = painter.with_clip_rect(r);
    let mesh = Arc::make_mut(buffer);
    mesh.clear();
    for (i, f) in geo.provinces[0].iter().enumerate() {
        // `None` when a user layer owns the legend: the province classes would be unexplained.
        let passes = settings.filter.province_passes(&cx.state.ds.provinces[i]);
        let color = match prov {
            _ if !passes => style::FILTERED_OUT,
            Some(prov) if settings.layers.province_fill => prov.fill(i, style::NO_DATA),
            _ => style::LAND_NEUTRAL,
        };
        add_fill(mesh, f, color, &to_screen);
    }
    for f in &geo.islands {
        add_fill(mesh, f, Color32::from_gray(90), &to_screen);
    }
    clip.add(super::vector::fills_or_mesh(r, buffer.clone()));
    for f in &geo.provinces[0] {
        for ring in &f.rings {
            clip.add(Shape::line(
                ring.iter().map(|p| to_screen(*p)).collect(),
                Stroke::new(0.5, style::PROVINCE_LINE),
            ));
        }
    }
    // Islands too small to show as shapes get a dot, so none disappears.
    for f in &geo.islands {
        let c = to_screen(f.label_anchor);
        clip.circle_filled(c, 0.9, Color32::from_gray(60));
    }
    for line in &geo.maritime {
        clip.add(Shape::line(
            line.iter().map(|p| to_screen(*p)).collect(),
            Stroke::new(1.4, style::MARITIME_LINE),
        ));
    }
    painter.rect_stroke(
        r,
        0.0,
        Stroke::new(1.0, Color32::from_gray(80)),
        egui::StrokeKind::Inside,
    );
    let lang = settings.lang;
    // Wrapped to the inset's width, so a narrow inset keeps its label inside.
    let label = painter.layout(
        lang.pick("南海诸岛", "South China Sea Islands").to_owned(),
        FontId::proportional(11.0),
        style::LABEL,
        r.width() - 8.0,
    );
    let at = r.right_bottom() - vec2(4.0, 3.0) - label.size();
    painter.galley(at, label, style::LABEL);
    r
}

/// Where the inset sits in a map of this size.
pub fn inset_rect(map: Rect) -> Rect {
    let h = (map.height() * 0.30).clamp(110.0, 260.0);
    let w = h * 0.72;
    Rect::from_min_size(map.max - vec2(w + 10.0, h + 10.0), vec2(w, h))
}

/// Scale bar and the data credit along the bottom left; the credit wraps before `right`.
/// Returns the rect they took.
pub fn scale_bar_and_credit(
    painter: &Painter,
    lang: Lang,
    rect: Rect,
    scale: f64,
    right: f32,
) -> Rect {
    // A round length of about 120 points.
    let target_m = 120.0 / scale;
    let exp = target_m.log10().floor();
    let base = 10f64.powf(exp);
    let nice = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * base)
        .rfind(|l| *l <= target_m)
        .unwrap_or(base);
    let len_pts = (nice * scale) as f32;
    let x0 = rect.min.x + 14.0;
    let credit = format!(
        "{} · {} · {}",
        boundary_credit(lang),
        lang.pick(
            "城市与指标：见“来源”面板（geodata/reference）",
            "Cities & indicators: see Sources (geodata/reference)"
        ),
        lang.pick(
            "Albers 等积圆锥投影 25°N/47°N, 105°E",
            "Albers equal-area conic 25°N/47°N, 105°E"
        )
    );
    // Wraps onto a second line rather than running under the inset.
    let wrap = (right - x0 - 4.0).max(160.0);
    let g = painter.layout(
        credit,
        FontId::proportional(10.5),
        Color32::from_gray(60),
        wrap,
    );
    let size = g.size() + vec2(8.0, 4.0);
    let credit_rect = Rect::from_min_size(pos2(x0 - 4.0, rect.max.y - 4.0 - size.y), size);
    // The bar sits just above the credit, however many lines the credit took.
    let y0 = credit_rect.min.y - 18.0;
    let stroke = Stroke::new(2.0, style::LABEL);
    painter.line_segment([pos2(x0, y0), pos2(x0 + len_pts, y0)], stroke);
    painter.line_segment([pos2(x0, y0 - 5.0), pos2(x0, y0 + 1.0)], stroke);
    painter.line_segment(
        [pos2(x0 + len_pts, y0 - 5.0), pos2(x0 + len_pts, y0 + 1.0)],
        stroke,
    );
    let label = if nice >= 1000.0 {
        format!("{} km", format_value(nice / 1000.0))
    } else {
        format!("{} m", nice as i64)
    };
    painter.text(
        pos2(x0 + len_pts + 6.0, y0),
        Align2::LEFT_CENTER,
        label,
        FontId::proportional(12.0),
        style::LABEL,
    );
    painter.rect_filled(
        credit_rect,
        2.0,
        Color32::from_rgba_unmultiplied(255, 255, 255, 200),
    );
    painter.galley(credit_rect.min + vec2(4.0, 2.0), g, Color32::from_gray(60));
    Rect::from_min_max(
        pos2(x0 - 4.0, y0 - 12.0),
        pos2((x0 + len_pts + 60.0).max(credit_rect.max.x), rect.max.y),
    )
}
