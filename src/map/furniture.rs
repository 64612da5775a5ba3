//! Map furniture: legend, South China Sea inset, scale bar, data credit, tooltip.

use egui::{Align2, Color32, FontId, Painter, Pos2, Rect, Shape, Stroke, pos2, vec2};

use super::camera::Camera;
use super::{Classes, Hover, MapView, add_fill, style};
use crate::core::dataset::{BOUNDARY_CREDIT, Dataset};
use crate::core::indicators::{ProvinceIndicator, format_value, prefecture_gdp_2013};
use crate::core::model::EvidenceTier;
use crate::state::{Lang, Settings};

fn panel(painter: &Painter, r: Rect) {
    painter.rect(
        r,
        4.0,
        Color32::from_rgba_unmultiplied(255, 255, 255, 235),
        Stroke::new(1.0, Color32::from_gray(170)),
        egui::StrokeKind::Inside,
    );
}

/// Legend for the active choropleth, with class breaks, units, no-data and the source.
/// Returns the rect it took and, per class row, its rect and text (for accessibility).
/// "Layer name · what colours it", for legends and export titles.
pub fn layer_title(
    layer: &super::user_layer::UserLayerView,
    colour: &crate::state::LayerColour,
    lang: Lang,
) -> String {
    use crate::state::LayerColour;
    match colour {
        LayerColour::AreaKm2 => format!(
            "{} · {}",
            layer.name,
            lang.pick("面积（km²）", "area (km²)")
        ),
        LayerColour::Property(key) => format!("{} · {key}", layer.name),
        LayerColour::Single => layer.name.clone(),
    }
}

/// The legend of a user layer coloured by a value.
pub struct LayerLegend {
    pub title: String,
    pub source: String,
    pub classes: std::sync::Arc<Classes>,
}

impl LayerLegend {
    pub fn new(
        layer: &super::user_layer::UserLayerView,
        colour: &crate::state::LayerColour,
        classes: std::sync::Arc<Classes>,
        lang: Lang,
    ) -> Self {
        use crate::state::LayerColour;
        let (title, source) = match colour {
            LayerColour::AreaKm2 => (
                format!(
                    "{} · {}",
                    layer.name,
                    lang.pick("面积（km²）", "area (km²)")
                ),
                format!(
                    "{} {}",
                    lang.pick(
                        "面积由图层几何计算（Albers 等积投影）：",
                        "Area computed from the layer's geometry (Albers equal-area):"
                    ),
                    layer.file
                ),
            ),
            LayerColour::Property(_) => (
                layer_title(layer, colour, lang),
                format!(
                    "{} {} ({})",
                    lang.pick("来源：用户图层", "Source: user layer"),
                    layer.file,
                    lang.pick("属性值按原样显示", "property values as given in the file")
                ),
            ),
            LayerColour::Single => (layer.name.clone(), layer.file.clone()),
        };
        Self {
            title,
            source,
            classes,
        }
    }
}

#[allow(clippy::too_many_arguments)]
pub fn legend(
    painter: &Painter,
    settings: &Settings,
    map: Rect,
    prov: &Classes,
    pref: &Classes,
    prefecture_mode: bool,
    imported: Option<&crate::core::import::preview::ImportedIndicator>,
    user: Option<&LayerLegend>,
) -> (Rect, Vec<(Rect, String)>) {
    let lang = settings.lang;
    let zh = lang.is_zh();
    let layers = &settings.layers;
    if !(layers.province_fill || prefecture_mode || user.is_some()) {
        return (Rect::NOTHING, vec![]);
    }
    let imported_source;
    let (title, classes, source, prelim_note) = if let Some(u) = user {
        (u.title.clone(), &*u.classes, u.source.as_str(), None)
    } else if let Some(imp) = imported {
        imported_source = imp.source.clone();
        let unit = imp
            .unit
            .clone()
            .unwrap_or_else(|| lang.pick("单位未注明", "unit not stated").to_owned());
        let classes = if imp.level == crate::core::import::Level::Prefecture {
            pref
        } else {
            prov
        };
        (
            format!("{} ({unit})", imp.name),
            classes,
            imported_source.as_str(),
            None,
        )
    } else if prefecture_mode {
        (
            lang.pick(
                "地级市地区生产总值 2013（亿元）",
                "Prefecture GDP 2013 (100 million yuan)",
            )
            .to_owned(),
            pref,
            lang.pick(
                "来源：各市 2014 年政府工作报告（indicators.csv）",
                "Source: each city's 2014 government work report (indicators.csv)",
            ),
            Some(lang.pick(
                "* 工作报告中的预计数",
                "* preliminary (预计) in the work report",
            )),
        )
    } else {
        (
            settings.choropleth.indicator.legend_title(lang),
            prov,
            settings.choropleth.indicator.source_line(),
            None,
        )
    };
    let method = match settings.choropleth.method {
        crate::core::classify::Method::Quantile => lang.pick("分位数", "quantile"),
        crate::core::classify::Method::EqualInterval => lang.pick("等间距", "equal interval"),
        crate::core::classify::Method::NaturalBreaks => {
            lang.pick("自然断点（Jenks）", "natural breaks (Jenks)")
        }
    };
    let font = FontId::proportional(12.0);
    let small = FontId::proportional(10.5);
    let n = classes.colors.len();
    let row_h = 17.0;
    let width = 250.0_f32.min(map.width() * 0.4);
    let rows = n + 1 + usize::from(prelim_note.is_some());
    let height = 22.0 + 16.0 + rows as f32 * row_h + 30.0;
    let r = Rect::from_min_size(map.min + vec2(10.0, 10.0), vec2(width, height));
    panel(painter, r);
    let mut rows_out = Vec::new();
    let mut y = r.min.y + 6.0;
    let x = r.min.x + 8.0;
    painter.text(
        pos2(x, y),
        Align2::LEFT_TOP,
        title,
        FontId::proportional(13.0),
        style::LABEL,
    );
    y += 20.0;
    painter.text(
        pos2(x, y),
        Align2::LEFT_TOP,
        format!("{} · {} {}", method, n, lang.pick("级", "classes")),
        small.clone(),
        Color32::from_gray(90),
    );
    y += 16.0;
    for k in 0..n {
        let sw = Rect::from_min_size(pos2(x, y + 2.0), vec2(22.0, 12.0));
        painter.rect(
            sw,
            0.0,
            classes.colors[k],
            Stroke::new(0.5, Color32::from_gray(120)),
            egui::StrokeKind::Inside,
        );
        let count = classes
            .feature_class
            .iter()
            .filter(|c| **c == Some(k))
            .count();
        // Counts are whole numbers: show each class as the integers it holds.
        let counts = !prefecture_mode
            && imported.is_none()
            && user.is_none()
            && settings.choropleth.indicator.is_count();
        let (lo, hi) = (classes.breaks[k], classes.breaks[k + 1]);
        let text = if counts {
            let lo = if k == 0 { lo } else { lo.floor() + 1.0 };
            if lo >= hi {
                format!("{hi:.0}   ({count})")
            } else {
                format!("{lo:.0} – {hi:.0}   ({count})")
            }
        } else {
            format!("{} – {}   ({})", format_value(lo), format_value(hi), count)
        };
        let tr = painter.text(
            pos2(x + 30.0, y + 1.0),
            Align2::LEFT_TOP,
            &text,
            font.clone(),
            style::LABEL,
        );
        rows_out.push((
            tr.union(sw),
            format!("{} {}: {text}", lang.pick("图例", "legend class"), k + 1),
        ));
        y += row_h;
    }
    let sw = Rect::from_min_size(pos2(x, y + 2.0), vec2(22.0, 12.0));
    no_data_swatch(painter, sw);
    let missing = classes.values.iter().filter(|v| v.is_none()).count();
    painter.text(
        pos2(x + 30.0, y + 1.0),
        Align2::LEFT_TOP,
        format!("{}   ({missing})", lang.pick("无数据", "no data")),
        font.clone(),
        style::LABEL,
    );
    y += row_h;
    if let Some(note) = prelim_note {
        painter.text(
            pos2(x, y + 1.0),
            Align2::LEFT_TOP,
            note,
            small.clone(),
            Color32::from_gray(90),
        );
        y += row_h;
    }
    let galley = painter.layout(
        source.to_owned(),
        small,
        Color32::from_gray(70),
        width - 16.0,
    );
    let src_rect = Rect::from_min_size(pos2(x, y + 2.0), galley.size());
    painter.galley(src_rect.min, galley, Color32::from_gray(70));
    let _ = zh;
    (r.union(src_rect.expand(4.0)), rows_out)
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
pub fn inset(
    painter: &Painter,
    map: &MapView,
    settings: &Settings,
    rect: Rect,
    prov: Option<&Classes>,
    buffer: &mut std::sync::Arc<egui::Mesh>,
) -> Rect {
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
        let p = map.proj.project(lon, lat);
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
    let mesh = std::sync::Arc::make_mut(buffer);
    mesh.clear();
    for (i, f) in map.provinces[0].iter().enumerate() {
        // `None` when a user layer owns the legend: the province classes would be unexplained.
        let color = match prov {
            Some(prov) if settings.layers.province_fill => {
                prov.feature_class[i].map_or(style::NO_DATA, |k| prov.colors[k])
            }
            _ => style::LAND_NEUTRAL,
        };
        add_fill(mesh, f, color, &to_screen);
    }
    for f in &map.islands {
        add_fill(mesh, f, Color32::from_gray(90), &to_screen);
    }
    clip.add(Shape::mesh(buffer.clone()));
    for f in &map.provinces[0] {
        for ring in &f.rings {
            clip.add(Shape::line(
                ring.iter().map(|p| to_screen(*p)).collect(),
                Stroke::new(0.5, style::PROVINCE_LINE),
            ));
        }
    }
    // Islands too small to show as shapes get a dot, so none disappears.
    for f in &map.islands {
        let c = to_screen(f.label_anchor);
        clip.circle_filled(c, 0.9, Color32::from_gray(60));
    }
    for line in &map.maritime {
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
    painter.text(
        r.right_bottom() - vec2(4.0, 3.0),
        Align2::RIGHT_BOTTOM,
        lang.pick("南海诸岛", "South China Sea Islands"),
        FontId::proportional(11.0),
        style::LABEL,
    );
    r
}

/// Where the inset sits in a map of this size.
pub fn inset_rect(map: Rect) -> Rect {
    let h = (map.height() * 0.30).clamp(110.0, 260.0);
    let w = h * 0.72;
    Rect::from_min_size(map.max - vec2(w + 10.0, h + 10.0), vec2(w, h))
}

/// Scale bar and the data credit along the bottom left. Returns the rect they took.
pub fn scale_bar_and_credit(painter: &Painter, lang: Lang, rect: Rect, scale: f64) -> Rect {
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
    let y0 = rect.max.y - 44.0;
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
    let credit = format!(
        "{} · {} · {}",
        BOUNDARY_CREDIT,
        lang.pick(
            "城市与指标：见“来源”面板（geodata/reference）",
            "Cities & indicators: see Sources (geodata/reference)"
        ),
        lang.pick(
            "Albers 等积圆锥投影 25°N/47°N, 105°E",
            "Albers equal-area conic 25°N/47°N, 105°E"
        )
    );
    let g = painter.layout_no_wrap(credit, FontId::proportional(10.5), Color32::from_gray(60));
    let credit_rect =
        Rect::from_min_size(pos2(x0 - 4.0, rect.max.y - 22.0), g.size() + vec2(8.0, 4.0));
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

/// The hover tooltip: names in both languages and the active indicator's value and unit.
/// Properties listed in a user feature's tooltip; the rest are counted.
const MAX_TOOLTIP_PROPERTIES: usize = 12;

pub fn tooltip(
    painter: &Painter,
    ds: &Dataset,
    settings: &Settings,
    map: &MapView,
    hover: Hover,
    at: Pos2,
    rect: Rect,
) -> (Rect, String) {
    let lang = settings.lang;
    let ind: ProvinceIndicator = settings.choropleth.indicator;
    let mut lines: Vec<String> = Vec::new();
    match hover {
        Hover::City(i) => {
            let c = &ds.cities[i];
            lines.push(format!("{}  {}", c.name_zh, c.name_en));
            lines.push(format!(
                "{} · {}",
                c.province_zh,
                tier_label(c.evidence, lang)
            ));
            if let Some(d) = &c.scope_district {
                lines.push(format!(
                    "{}{}",
                    lang.pick("规划范围：", "In scope: "),
                    d.name_zh
                ));
            }
            if let Some(v) = prefecture_gdp_2013(ds, c.prefecture_adcode) {
                lines.push(format!(
                    "{} {} {}{}",
                    lang.pick("GDP 2013：", "GDP 2013:"),
                    format_value(v.value),
                    lang.pick("亿元", "100M yuan"),
                    if v.preliminary {
                        lang.pick("（预计）", " (preliminary)")
                    } else {
                        ""
                    }
                ));
            }
        }
        Hover::Heritage(i) => {
            let h = &ds.heritage[i];
            lines.push(h.name_zh.clone());
            lines.push(format!(
                "{} {} · {}{}",
                lang.pick("第", "Batch"),
                h.batch,
                h.city_zh,
                lang.pick(" 批", "")
            ));
            lines.push(
                lang.pick(
                    "位置为所在区县中心，并非遗产本身",
                    "Placed at its district centre, not the site itself",
                )
                .to_owned(),
            );
        }
        Hover::Province(i) => {
            let p = &ds.provinces[i];
            lines.push(format!("{}  {}", p.name_zh, p.name_en));
            let v = ind.province_value(ds, p.adcode);
            lines.push(format!(
                "{}: {}",
                ind.label(lang.is_zh()),
                v.map_or_else(
                    || lang.pick("无数据", "no data").to_owned(),
                    |v| format!("{} {}", format_value(v), ind.unit(lang.is_zh()))
                )
            ));
        }
        Hover::Prefecture(i) => {
            let p = &ds.prefectures[i];
            lines.push(format!("{}  {}", p.name_zh, p.name_en));
            match prefecture_gdp_2013(ds, p.adcode) {
                Some(v) => lines.push(format!(
                    "GDP 2013: {} {}{}",
                    format_value(v.value),
                    lang.pick("亿元", "100M yuan"),
                    if v.preliminary {
                        lang.pick("（预计，工作报告）", " (preliminary, work report)")
                    } else {
                        ""
                    }
                )),
                None => lines.push(format!("GDP 2013: {}", lang.pick("无数据", "no data"))),
            }
        }
        Hover::UserFeature(k, f) => {
            if let Some(layer) = map.user_layers.get(k) {
                lines.push(format!(
                    "{} · {} {}",
                    layer.name,
                    lang.pick("要素", "feature"),
                    f
                ));
                let props = layer.properties.get(f).map_or(&[][..], |p| &p[..]);
                for (key, value) in props.iter().take(MAX_TOOLTIP_PROPERTIES) {
                    let mut v = value.to_string();
                    if v.chars().count() > 60 {
                        v = v.chars().take(59).collect::<String>() + "…";
                    }
                    lines.push(format!("{key}: {v}"));
                }
                if props.len() > MAX_TOOLTIP_PROPERTIES {
                    lines.push(format!(
                        "… {} {}",
                        props.len() - MAX_TOOLTIP_PROPERTIES,
                        lang.pick("个属性未列出", "more properties")
                    ));
                }
                if let Some(Some(a)) = layer.area_km2.get(f) {
                    lines.push(format!(
                        "{} {} km²",
                        lang.pick("面积（由几何计算）：", "Area (from geometry):"),
                        format_value(*a)
                    ));
                }
            }
        }
    }
    let text = lines.join("\n");
    let g = painter.layout(
        text.clone(),
        FontId::proportional(13.0),
        style::LABEL,
        340.0,
    );
    let size = g.size() + vec2(12.0, 10.0);
    let mut min = at + vec2(16.0, 16.0);
    if min.x + size.x > rect.max.x {
        min.x = at.x - 16.0 - size.x;
    }
    if min.y + size.y > rect.max.y {
        min.y = at.y - 16.0 - size.y;
    }
    let r = Rect::from_min_size(min, size);
    let top = painter.clone().with_layer_id(egui::LayerId::new(
        egui::Order::Tooltip,
        egui::Id::unique("map_tooltip"),
    ));
    top.rect(
        r,
        4.0,
        Color32::from_rgb(255, 255, 250),
        Stroke::new(1.0, Color32::from_gray(120)),
        egui::StrokeKind::Inside,
    );
    top.galley(r.min + vec2(6.0, 5.0), g, style::LABEL);
    (r, text)
}

pub fn tier_label(t: EvidenceTier, lang: Lang) -> &'static str {
    match t {
        EvidenceTier::Confirmed => {
            lang.pick("已确认（在 2013 年规划中）", "confirmed (in the 2013 plan)")
        }
        EvidenceTier::Likely => lang.pick("很可能", "likely"),
        EvidenceTier::Indirect => lang.pick("间接证据", "indirect evidence"),
        EvidenceTier::Described => {
            lang.pick("被描述为老工业基地", "described as an old industrial base")
        }
    }
}
