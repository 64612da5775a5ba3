//! Details of the selection: what a place is, its figures, and where each comes from.

use egui::{RichText, Ui};

use crate::core::dataset::Dataset;
use crate::core::import::Level;
use crate::core::indicators::{Indicator, ProvinceIndicator, format_value};
use crate::core::model::{CityLevel, IndicatorValue};
use crate::core::place::PlaceId;
use crate::core::settings::Lang;
use crate::labels::{no_data, region_label, tier_label};
use crate::state::{AtlasState, Command};

/// The figures the details show: (zh label, en label, indicator key, year).
type Row = (&'static str, &'static str, &'static str, u16);
const CENSUS_2020: Row = (
    "常住人口（七普）",
    "Census population",
    "resident_population_census7",
    2020,
);
const GDP_2013: Row = ("地区生产总值", "GDP", "GDP", 2013);
const GDP_2023: Row = ("地区生产总值", "GDP", "GDP", 2023);

/// A place's figures, one line each, from rows of (zh label, en label, indicator key, year)
/// and a lookup of the place's sourced values.
fn value_lines<'a>(
    ui: &mut Ui,
    lang: Lang,
    rows: &[Row],
    value: impl Fn(&str, u16) -> Option<&'a IndicatorValue>,
) {
    for &(zh, en, key, year) in rows {
        value_line(ui, lang, lang.pick(zh, en), year, value(key, year));
    }
}

/// "label YEAR: value unit" with its source, or "label YEAR: no data" (the year is always
/// named, so a missing value says which year is missing).
fn value_line(ui: &mut Ui, lang: Lang, label: &str, year: u16, v: Option<&IndicatorValue>) {
    match v {
        Some(v) => {
            let unit = if lang.is_zh() {
                v.unit.symbol_zh()
            } else {
                v.unit.symbol_en()
            };
            let qual = if v.is_preliminary() {
                lang.pick("（预计/初步）", " (preliminary)")
            } else {
                ""
            };
            let converted = v.original_unit.as_ref().map_or(String::new(), |u| {
                format!(" [{}{u}]", lang.pick("原单位 ", "source unit "))
            });
            ui.label(format!(
                "{label} {}: {} {unit}{qual}{converted}",
                v.year,
                format_value(v.value)
            ));
            super::citation::show(ui, &v.source, lang, (label, v.year));
        }
        None => {
            ui.label(format!("{label} {year}: {}", no_data(lang)));
        }
    }
}

/// The active indicator's value for a place, when it is imported (a built-in indicator is
/// already among the place's figures): the same number the map's colour and tooltip show.
fn active_indicator_line(
    ui: &mut Ui,
    state: &AtlasState,
    province: Option<u32>,
    prefecture: Option<u32>,
) {
    let lang = state.lang();
    let ind = state.active_indicator();
    if matches!(ind, Indicator::BuiltIn(_)) {
        return;
    }
    let code = match ind.level() {
        Level::Province => province,
        Level::Prefecture => prefecture,
    };
    let value = match ind.level() {
        Level::Province => code.and_then(|code| ind.province_value(&state.ds, code)),
        Level::Prefecture => code.and_then(|code| ind.prefecture_value(&state.ds, code)),
    };
    ui.separator();
    let name = ind.name(lang);
    let text = match value {
        Some(v) => format!(
            "{name}: {} {}",
            format_value(v),
            ind.unit(lang).unwrap_or_default()
        ),
        None => format!("{name}: {}", no_data(lang)),
    };
    ui.label(RichText::new(text.trim_end()).strong());
    // A panel or imported value names its row: every number shown for a year traces to it.
    if let Some(line) = code.and_then(|code| ind.value_line(&state.ds, code)) {
        ui.label(RichText::new(format!("{} {line}", lang.pick("行：", "Row:"))).small());
    }
    let unit = prefecture.and_then(|c| state.ds.panel.unit_at(c));
    if let (Indicator::Panel { .. }, Some(unit)) = (ind, unit)
        && let Some(change) = state.ds.panel.units[unit].boundary_change
    {
        ui.label(
            RichText::new(format!(
                "{}{}",
                lang.pick("注意：", "Note: "),
                lang.pick(change.zh, change.en)
            ))
            .small()
            .color(ui.visuals().warn_fg_color),
        );
    }
    ui.label(RichText::new(ind.source(lang)).small().weak());
}

/// The details of the primary selection; links push commands (fly to a place).
pub fn show(
    ui: &mut Ui,
    state: &AtlasState,
    groups: &mut super::groups::GroupsPanel,
    commands: &mut Vec<Command>,
) {
    let lang = state.lang();
    if state.selection().places().len() > 1 {
        selection_summary(ui, state, commands);
        groups.make_from_selection(ui, state, commands);
        ui.separator();
    }
    match state.selection().primary() {
        None => {
            ui.label(lang.pick(
                "点击地图上的城市或省份，或使用搜索。",
                "Click a city or province on the map, or search.",
            ));
        }
        Some(PlaceId::City(code)) => city(ui, state, *code, commands),
        Some(PlaceId::Province(code)) => province(ui, state, *code, commands),
        Some(PlaceId::Prefecture(code)) => prefecture(ui, state, *code),
        Some(PlaceId::Heritage { batch, number }) => heritage(ui, &state.ds, lang, *batch, *number),
        Some(PlaceId::UserFeature { layer, feature }) => match state.data.user_layer(layer) {
            Some(layer) => super::user_layers::feature_details(ui, lang, layer, *feature),
            None => {
                ui.weak(lang.pick("该图层已移除。", "That layer was removed."));
            }
        },
    }
}

/// Several places selected (shift-click, shift-drag): how many of each kind, their land,
/// the active indicator over them with how many have a value, and the list.
fn selection_summary(ui: &mut Ui, state: &AtlasState, commands: &mut Vec<Command>) {
    use crate::core::stats::selection::{place_names, summarize};
    let (ds, lang) = (&*state.ds, state.lang());
    let places = state.selection().places();
    let ind = state.active_indicator();
    let s = summarize(ds, &ind, places);
    ui.label(
        RichText::new(match lang {
            Lang::Zh => format!("已选 {} 处", places.len()),
            Lang::En => format!("{} places selected", places.len()),
        })
        .heading(),
    );
    let kinds: Vec<String> = [
        (s.provinces, "个省级单位", "provinces"),
        (s.prefectures, "个地级单位", "prefectures"),
        (s.cities, "个城市", "cities"),
        (s.other, "个其他要素", "other features"),
    ]
    .into_iter()
    .filter(|(n, _, _)| *n > 0)
    .map(|(n, zh, en)| match lang {
        Lang::Zh => format!("{n} {zh}"),
        Lang::En => format!("{n} {en}"),
    })
    .collect();
    ui.label(kinds.join(" · "));
    if s.area_km2 > 0.0 {
        ui.label(match lang {
            Lang::Zh => format!(
                "面积：{} 平方千米（等面积投影，省内地级单位不重复计）",
                format_value(s.area_km2)
            ),
            Lang::En => format!(
                "Area: {} km² (equal-area projection; prefectures in a selected province counted once)",
                format_value(s.area_km2)
            ),
        });
    }
    let v = &s.values;
    if v.units > 0 && !matches!(ind, Indicator::BuiltIn(ProvinceIndicator::SourcedCities)) {
        let name = ind.name(lang);
        let unit = ind.unit(lang).unwrap_or_default();
        let coverage = match lang {
            Lang::Zh => format!("{}/{} 有值", v.with_value, v.units),
            Lang::En => format!("{} of {} have a value", v.with_value, v.units),
        };
        let text = match (v.sum, v.median, v.min, v.max) {
            (Some(sum), ..) => match lang {
                Lang::Zh => format!("{name}：合计 {} {unit}（{coverage}）", format_value(sum)),
                Lang::En => format!("{name}: total {} {unit} ({coverage})", format_value(sum)),
            },
            (None, Some(m), Some(lo), Some(hi)) => match lang {
                Lang::Zh => format!(
                    "{name}：中位数 {}，范围 {}–{} {unit}（{coverage}；不可相加）",
                    format_value(m),
                    format_value(lo),
                    format_value(hi)
                ),
                Lang::En => format!(
                    "{name}: median {}, range {}–{} {unit} ({coverage}; does not add up)",
                    format_value(m),
                    format_value(lo),
                    format_value(hi)
                ),
            },
            _ => format!("{name}: {}", no_data(lang)),
        };
        ui.label(RichText::new(text).strong());
    }
    ui.horizontal_wrapped(|ui| {
        for place in places {
            let name = place_names(ds, place).map_or_else(
                || lang.pick("图层要素", "layer feature").to_owned(),
                |(zh, en)| lang.pick(&zh, &en).to_owned(),
            );
            if ui.link(name).clicked() {
                commands.push(Command::FlyTo(place.clone()));
            }
        }
    });
    if ui
        .button(lang.pick("清除选择", "Clear selection"))
        .clicked()
    {
        commands.push(Command::Select(None));
    }
    ui.label(
        RichText::new(lang.pick(
            "Shift+点击增减，Shift+拖动框选（按当前分级设色的层级）。",
            "Shift+click adds or removes; Shift+drag selects a box (at the choropleth's level).",
        ))
        .small()
        .weak(),
    );
}

fn city(ui: &mut Ui, state: &AtlasState, code: u32, commands: &mut Vec<Command>) {
    let (ds, lang) = (&*state.ds, state.lang());
    let Some(c) = ds.cities.iter().find(|c| c.adcode == code) else {
        return;
    };
    ui.label(RichText::new(format!("{}  {}", c.name_zh, c.name_en)).heading());
    ui.horizontal(|ui| {
        if ui.link(&c.province_zh).clicked() {
            commands.push(Command::FlyTo(PlaceId::Province(c.province_adcode)));
        }
        if let Some(p) = ds.province(c.province_adcode) {
            ui.label(format!("· {}", region_label(p.region, lang)));
        }
    });
    match c.level {
        CityLevel::Prefecture => ui.label(lang.pick("地级城市", "Prefecture-level city")),
        CityLevel::Major => ui.label(format!(
            "{}{}",
            lang.pick(
                "直辖市/计划单列市/省会：仅所列城区在规划范围内：",
                "Major city: only the named district is in scope: "
            ),
            c.scope_district.as_ref().map_or_else(
                || lang
                    .pick("（城区未知）", "(district not yet known)")
                    .to_owned(),
                |d| d.name_zh.clone()
            )
        )),
    };
    ui.separator();
    ui.label(RichText::new(tier_label(c.evidence, lang)).strong())
        .on_hover_text(crate::labels::tier_explanation(c.evidence, lang));
    if let Some((file, date)) = &c.list_source {
        ui.label(
            RichText::new(match lang {
                Lang::Zh => format!("来自用户城市名单 {file}（{date}）"),
                Lang::En => format!("from the user's city list {file} on {date}"),
            })
            .strong(),
        );
    }
    evidence_quote(ui, c, lang);
    ui.separator();
    let a = c.prefecture_adcode;
    value_lines(ui, lang, &[CENSUS_2020, GDP_2013, GDP_2023], |key, year| {
        ds.city_value(a, key, year)
    });
    active_indicator_line(ui, state, Some(c.province_adcode), Some(a));
    ui.label(
        RichText::new(lang.pick(
            "城市 GDP 取自各市次年政府工作报告。",
            "City GDP as stated in the city's work report of the following year.",
        ))
        .small()
        .weak(),
    );
    ui.separator();
    city_heritage_and_zones(ui, ds, lang, a);
    // Where the point comes from, said for a reader (the reference file keeps the package
    // path).
    let point = if c.coord_source.starts_with("cpca") {
        lang.pick(
            "坐标：城市政府驻地，取自开源软件包 cpca 的行政区划坐标",
            "Point: the city seat, from the administrative coordinates of the open-source cpca package",
        )
        .to_owned()
    } else {
        format!("{}{}", lang.pick("坐标来源：", "Point: "), c.coord_source)
    };
    ui.label(RichText::new(point).small().weak());
}

/// National heritage sites and demonstration zones of a city's prefecture.
fn city_heritage_and_zones(ui: &mut Ui, ds: &Dataset, lang: Lang, a: u32) {
    let sites: Vec<_> = ds
        .heritage
        .iter()
        .filter(|h| h.city_adcode == Some(a))
        .collect();
    ui.label(
        RichText::new(format!(
            "{} ({})",
            lang.pick("国家工业遗产", "National industrial heritage"),
            sites.len()
        ))
        .strong(),
    );
    for h in sites {
        ui.label(format!(
            "{} {} · {}",
            lang.pick("第", "batch"),
            h.batch,
            crate::labels::place_name(&h.name_zh, None, lang)
        ));
    }
    let zones: Vec<_> = ds
        .zones
        .iter()
        .filter(|z| z.member_adcodes.contains(&a))
        .collect();
    if !zones.is_empty() {
        ui.label(RichText::new(lang.pick("产业转型升级示范区", "Demonstration zone")).strong());
        for z in zones {
            ui.label(format!(
                "{} · {} {}",
                crate::labels::place_name(&z.name_zh, None, lang),
                z.batch,
                z.year.map_or(String::new(), |y| y.to_string())
            ));
            if !z.evaluation_2020.is_empty() {
                ui.label(
                    RichText::new(format!(
                        "{}{}",
                        lang.pick("2020 评估：", "2020 evaluation: "),
                        z.evaluation_2020
                    ))
                    .small(),
                );
            }
        }
    }
}

/// Province GDP year by year as the province's own work reports state it, each with its
/// sentence and source; a bound is shown as a bound ("more than 40,000"), never as a value.
fn work_reports(ui: &mut Ui, ds: &Dataset, code: u32, lang: Lang) {
    use crate::core::work_reports::{Reading, of_province};
    let rows: Vec<_> = of_province(&ds.work_reports, code).collect();
    if rows.is_empty() {
        return;
    }
    let values = rows.iter().filter(|r| r.value().is_some()).count();
    let header = match lang {
        Lang::Zh => format!(
            "政府工作报告所述 GDP（{} 个数值，{} 个仅为上下限）",
            values,
            rows.len() - values
        ),
        Lang::En => format!(
            "GDP as the work reports state it ({} values, {} only bounds)",
            values,
            rows.len() - values
        ),
    };
    egui::CollapsingHeader::new(header)
        .id_salt(("work-reports", code))
        .show(ui, |ui| {
            for r in rows {
                let number = format_value(r.number);
                let mut text = match (r.reading, lang) {
                    (Reading::Value, _) => format!("{}: {number} {}", r.year, lang.pick("亿元", "100 million yuan")),
                    (Reading::LowerBound, Lang::Zh) => {
                        format!("{}：超过 {number} 亿元（下限，不是数值）", r.year)
                    }
                    (Reading::LowerBound, Lang::En) => format!(
                        "{}: more than {number} (a lower bound, not a value)",
                        r.year
                    ),
                    (Reading::UpperBound, Lang::Zh) => {
                        format!("{}：不到 {number} 亿元（上限，不是数值）", r.year)
                    }
                    (Reading::UpperBound, Lang::En) => format!(
                        "{}: less than {number} (an upper bound, not a value)",
                        r.year
                    ),
                };
                let mut flags = Vec::new();
                if r.approx {
                    flags.push(lang.pick("约数", "approximate"));
                }
                if r.preliminary {
                    flags.push(lang.pick("初步", "preliminary"));
                }
                if r.later_report {
                    flags.push(lang.pick("后一年报告回顾", "from a later report"));
                }
                if !flags.is_empty() {
                    text.push_str(&format!(" · {}", flags.join(lang.pick("、", ", "))));
                }
                ui.label(RichText::new(text).small())
                    .on_hover_text(format!("“{}”", r.quote));
                let source = crate::core::model::Source::new(r.source.clone(), None);
                super::citation::show(ui, &source, lang, ("work-report", code, r.year, r.line));
            }
            ui.label(
                RichText::new(lang.pick(
                    "province_gdp_work_reports.csv：报告发布时多为初步数；未列出的年份报告只给了增速。悬停可见原文。",
                    "province_gdp_work_reports.csv: mostly preliminary figures as reported; years not listed give only a growth rate. Hover for the sentence.",
                ))
                .small()
                .weak(),
            );
        });
}

fn province(ui: &mut Ui, state: &AtlasState, code: u32, commands: &mut Vec<Command>) {
    let (ds, lang) = (&*state.ds, state.lang());
    let Some(p) = ds.province(code) else {
        return;
    };
    ui.label(RichText::new(format!("{}  {}", p.name_zh, p.name_en)).heading());
    ui.label(format!(
        "{} · {} {}",
        region_label(p.region, lang),
        lang.pick("行政区划代码", "adcode"),
        p.adcode
    ));
    super::citation::show(ui, &p.region_source, lang, ("region", p.adcode));
    ui.separator();
    value_lines(ui, lang, &[GDP_2013, GDP_2023, CENSUS_2020], |key, year| {
        ds.province_value(code, key, year)
    });
    if let Some(g) = ProvinceIndicator::GrowthMultiple.province_value(ds, code) {
        ui.label(format!(
            "{}: {:.2}×",
            ProvinceIndicator::GrowthMultiple.label(lang.is_zh()),
            g
        ));
        ui.label(
            RichText::new(lang.pick(
                "由上面两个 GDP 值计算（名义）",
                "computed from the two GDP values above (nominal)",
            ))
            .small()
            .weak(),
        );
    }
    work_reports(ui, ds, code, lang);
    active_indicator_line(ui, state, Some(code), None);
    ui.separator();
    let cities: Vec<_> = ds
        .cities
        .iter()
        .filter(|c| c.province_adcode == code)
        .collect();
    ui.label(
        RichText::new(format!(
            "{} ({})",
            lang.pick("已有来源的老工业城市", "Sourced old industrial cities"),
            cities.len()
        ))
        .strong(),
    );
    for c in cities {
        if ui
            .link(format!(
                "{} {} · {}",
                c.name_zh,
                c.name_en,
                tier_label(c.evidence, lang)
            ))
            .clicked()
        {
            commands.push(Command::FlyTo(PlaceId::City(c.adcode)));
        }
    }
    let heritage = ds
        .heritage
        .iter()
        .filter(|h| h.province_zh == p.name_zh)
        .count();
    ui.label(format!(
        "{}: {heritage}",
        lang.pick(
            "国家工业遗产（第 1–7 批）",
            "National industrial heritage (batches 1–7)"
        )
    ));
}

fn prefecture(ui: &mut Ui, state: &AtlasState, code: u32) {
    let (ds, lang) = (&*state.ds, state.lang());
    let Some(p) = ds.prefecture(code) else {
        return;
    };
    ui.label(RichText::new(format!("{}  {}", p.name_zh, p.name_en)).heading());
    ui.label(format!("adcode {}", p.adcode));
    ui.label(lang.pick(
        "不在已找到的老工业城市名单中（名单尚不完整）。",
        "Not among the old industrial cities found so far (the list is incomplete).",
    ));
    value_lines(ui, lang, &[GDP_2013], |key, year| {
        ds.city_value(code, key, year)
    });
    active_indicator_line(ui, state, None, Some(code));
}

fn heritage(ui: &mut Ui, ds: &Dataset, lang: Lang, batch: u8, number: u32) {
    let Some(h) = ds
        .heritage
        .iter()
        .find(|h| h.batch == batch && h.number == number)
    else {
        return;
    };
    ui.label(RichText::new(crate::labels::place_name(&h.name_zh, None, lang)).heading());
    ui.label(format!(
        "{} {} · {} {}",
        lang.pick("第", "Batch"),
        h.batch,
        h.province_zh,
        h.city_zh
    ));
    ui.label(&h.notice);
    ui.label(lang.pick(
        "位置为所在区县中心，并非遗产本身。",
        "Placed at its district centre, not the site itself.",
    ));
    super::citation::show(ui, &h.source, lang, ("heritage", h.batch, h.number));
}

/// The evidence for a city: the source's own words (Chinese, never translated), in English a
/// gloss of what they establish, then the citation with the quote's context behind Details.
fn evidence_quote(ui: &mut Ui, c: &crate::core::model::City, lang: Lang) {
    use crate::core::citation::{Citation, is_chinese, quote_and_context};
    let (quote, context) = quote_and_context(&c.evidence_note);
    if is_chinese(quote) {
        ui.label(format!("“{quote}”"));
        if !lang.is_zh() {
            ui.label(
                RichText::new(format!(
                    "Quoted in Chinese as the source prints it. Gloss, not a translation: {}.",
                    crate::labels::tier_gloss(c.evidence)
                ))
                .small()
                .weak(),
            );
        }
    } else {
        // A few rows hold the researchers' English paraphrase: no exact sentence was
        // recorded. The Chinese UI says so and keeps the paraphrase behind Details.
        if !lang.is_zh() {
            ui.label(RichText::new(quote).italics());
        }
        ui.label(
            RichText::new(lang.pick(
                "（来源原句尚未记录；研究者的英文转述见“详细来源”）",
                "(the researchers' paraphrase: the source's exact sentence is not yet recorded)",
            ))
            .small()
            .weak(),
        );
    }
    let mut cite = Citation::of(&c.source);
    // The note is the quote itself, shown above; the context goes behind Details (with the
    // paraphrase, in the Chinese UI).
    cite.note.clear();
    let context = match (is_chinese(quote), lang.is_zh()) {
        (false, true) => Some(c.evidence_note.as_str()),
        _ => context,
    };
    super::citation::show_citation(ui, &cite, context, lang, ("city", c.adcode));
}
