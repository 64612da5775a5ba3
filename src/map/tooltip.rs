//! The hover tooltip: names in both languages, what the place is, and the active
//! indicator's value with its unit (the indicator the map is coloured by).

use egui::{Color32, FontId, Painter, Pos2, Rect, Stroke, vec2};

use super::style;
use crate::core::dataset::Dataset;
use crate::core::import::Level;
use crate::core::indicators::{format_value, prefecture_gdp_2013};
use crate::core::place::PlaceId;
use crate::core::settings::Lang;
use crate::labels::{no_data, tier_label};
use crate::state::AtlasState;
use crate::state::user_layer::UserLayerView;

/// Properties listed in a user feature's tooltip; the rest are counted.
const MAX_TOOLTIP_PROPERTIES: usize = 12;

/// "label: value unit", or "label: no data".
fn value_line(label: &str, value: Option<f64>, unit: Option<&str>, lang: Lang) -> String {
    match value {
        Some(v) => format!("{label}: {} {}", format_value(v), unit.unwrap_or(""))
            .trim_end()
            .to_owned(),
        None => format!("{label}: {}", no_data(lang)),
    }
}

/// City GDP 2013 of a prefecture, marked when the work report gave it as preliminary.
fn gdp_2013_line(ds: &Dataset, prefecture: u32, lang: Lang) -> String {
    match prefecture_gdp_2013(ds, prefecture) {
        Some(v) => format!(
            "GDP 2013: {} {}{}",
            format_value(v.value),
            lang.pick("亿元", "100M yuan"),
            if v.preliminary {
                lang.pick("（预计，工作报告）", " (preliminary, work report)")
            } else {
                ""
            }
        ),
        None => format!("GDP 2013: {}", no_data(lang)),
    }
}

/// The active indicator's value for a unit at its own level (`None` = not that level).
fn active_line(
    state: &AtlasState,
    province: Option<u32>,
    prefecture: Option<u32>,
) -> Option<String> {
    let lang = state.lang();
    let ind = state.active_indicator();
    let value = match ind.level() {
        Level::Province => ind.province_value(&state.ds, province?),
        Level::Prefecture => ind.prefecture_value(&state.ds, prefecture?),
    };
    // Counts (cities, sites) are whole numbers: "5 个", not "5.00 个".
    if ind.is_count()
        && let Some(v) = value
    {
        let unit = ind.unit(lang).unwrap_or_default();
        return Some(format!("{}: {v:.0} {unit}", ind.name(lang)));
    }
    Some(value_line(
        &ind.name(lang),
        value,
        ind.unit(lang).as_deref(),
        lang,
    ))
}

/// The tooltip's lines for a place: names in both languages, what it is, and the active
/// indicator's value with its unit (the same indicator the map is coloured by).
fn tooltip_lines(state: &AtlasState, place: &PlaceId) -> Vec<String> {
    let ds = &state.ds;
    let lang = state.lang();
    let mut lines: Vec<String> = Vec::new();
    match place {
        PlaceId::City(code) => {
            let Some(c) = ds.cities.iter().find(|c| c.adcode == *code) else {
                return lines;
            };
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
            if prefecture_gdp_2013(ds, c.prefecture_adcode).is_some() {
                lines.push(gdp_2013_line(ds, c.prefecture_adcode, lang));
            }
            if state.active_indicator().imported().is_some() {
                lines.extend(active_line(
                    state,
                    Some(c.province_adcode),
                    Some(c.prefecture_adcode),
                ));
            }
        }
        PlaceId::Heritage { batch, number } => {
            let Some(h) = ds
                .heritage
                .iter()
                .find(|h| h.batch == *batch && h.number == *number)
            else {
                return lines;
            };
            lines.push(crate::labels::place_name(&h.name_zh, None, lang));
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
        PlaceId::Province(code) => {
            if let Some(p) = ds.province(*code) {
                lines.push(format!("{}  {}", p.name_zh, p.name_en));
            }
            lines.extend(active_line(state, Some(*code), None));
        }
        PlaceId::Prefecture(code) => {
            if let Some(p) = ds.prefectures.iter().find(|p| p.adcode == *code) {
                lines.push(format!("{}  {}", p.name_zh, p.name_en));
            }
            match active_line(state, None, Some(*code)) {
                Some(line) => lines.push(line),
                None => lines.push(gdp_2013_line(ds, *code, lang)),
            }
        }
        PlaceId::UserFeature { layer, feature } => {
            if let Some(layer) = state.data.user_layer(layer) {
                feature_lines(&mut lines, layer, *feature, lang);
            }
        }
    }
    lines
}

/// A user feature's name, properties (the first few) and computed area.
fn feature_lines(lines: &mut Vec<String>, layer: &UserLayerView, f: usize, lang: Lang) {
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

/// The hover tooltip, painted above everything near the pointer. Returns its rect and text.
pub fn tooltip(
    painter: &Painter,
    state: &AtlasState,
    place: &PlaceId,
    at: Pos2,
    rect: Rect,
) -> (Rect, String) {
    let text = tooltip_lines(state, place).join("\n");
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
