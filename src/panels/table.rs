//! The city table: all cities with their fields, sortable, filtered; CSV export.

use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

use super::PanelAction;
use crate::core::atomic::write_atomic;
use crate::core::dataset::Dataset;
use crate::core::filter::Filter;
use crate::core::indicators::{format_value, prefecture_gdp_2013};
use crate::core::model::City;
use crate::map::furniture::tier_label;
use crate::state::{Lang, Selection};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum SortKey {
    #[default]
    Province,
    Name,
    Tier,
    Region,
    Gdp2013,
}

/// Table view state (runtime only).
#[derive(Clone, Debug)]
pub struct TableState {
    pub sort: SortKey,
    pub descending: bool,
    pub export_path: String,
}

impl Default for TableState {
    fn default() -> Self {
        Self {
            sort: SortKey::Province,
            descending: false,
            export_path: "oib-atlas-cities.csv".to_owned(),
        }
    }
}

/// Rows in display order.
pub fn rows(ds: &Dataset, filter: &Filter, sort: SortKey, descending: bool) -> Vec<usize> {
    let mut idx: Vec<usize> = filter.cities(ds).collect();
    let gdp = |c: &City| prefecture_gdp_2013(ds, c.prefecture_adcode).map(|v| v.value);
    let region = |c: &City| ds.province(c.province_adcode).map(|p| p.region);
    idx.sort_by(|&a, &b| {
        let (ca, cb) = (&ds.cities[a], &ds.cities[b]);
        let o = match sort {
            SortKey::Province => ca
                .province_adcode
                .cmp(&cb.province_adcode)
                .then(ca.adcode.cmp(&cb.adcode)),
            SortKey::Name => ca.name_en.cmp(&cb.name_en),
            SortKey::Tier => ca.evidence.cmp(&cb.evidence),
            SortKey::Region => region(ca).cmp(&region(cb)),
            // No data sorts last either way.
            SortKey::Gdp2013 => match (gdp(ca), gdp(cb)) {
                (Some(x), Some(y)) => x.total_cmp(&y),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            },
        };
        if descending { o.reverse() } else { o }
    });
    idx
}

/// The filtered table as CSV, UTF-8 with a BOM so Excel shows Chinese correctly.
pub fn to_csv(ds: &Dataset, rows: &[usize]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(vec![0xEF, 0xBB, 0xBF]);
    let _ = w.write_record([
        "name_zh",
        "name_en",
        "province_zh",
        "adcode",
        "level",
        "scope_district_zh",
        "region_group",
        "evidence",
        "evidence_note",
        "source_url",
        "gdp_2013_yi_yuan",
        "gdp_2013_qualifier",
        "gdp_2013_source",
        "lon",
        "lat",
        "coord_source",
    ]);
    for &i in rows {
        let c = &ds.cities[i];
        let gdp = ds.city_value(c.prefecture_adcode, "GDP", 2013);
        let _ = w.write_record([
            c.name_zh.as_str(),
            &c.name_en,
            &c.province_zh,
            &c.adcode.to_string(),
            c.level.key(),
            c.scope_district.as_ref().map_or("", |d| d.name_zh.as_str()),
            ds.province(c.province_adcode)
                .map_or("", |p| p.region.key()),
            c.evidence.key(),
            &c.evidence_note,
            c.source.url.as_deref().unwrap_or(""),
            &gdp.map_or(String::new(), |v| v.value.to_string()),
            gdp.map_or("", |v| v.qualifier.as_str()),
            gdp.map_or("", |v| v.source.citation.as_str()),
            &c.point.lon.to_string(),
            &c.point.lat.to_string(),
            &c.coord_source,
        ]);
    }
    w.into_inner().unwrap_or_default()
}

pub fn show(
    ui: &mut Ui,
    ds: &Dataset,
    filter: &Filter,
    lang: Lang,
    selection: Selection,
    st: &mut TableState,
) -> Vec<PanelAction> {
    let mut actions = Vec::new();
    let rows = rows(ds, filter, st.sort, st.descending);
    ui.horizontal(|ui| {
        ui.label(
            RichText::new(format!(
                "{} {} / {}",
                lang.pick("行数", "Rows"),
                rows.len(),
                ds.cities.len()
            ))
            .strong(),
        );
        ui.separator();
        let label = ui.label(lang.pick("导出 CSV 到：", "Export CSV to:"));
        ui.add(egui::TextEdit::singleline(&mut st.export_path).desired_width(260.0))
            .labelled_by(label.id);
        if ui.button(lang.pick("导出 CSV", "Export CSV")).clicked() {
            let path = std::path::PathBuf::from(st.export_path.trim());
            let msg = match write_atomic(&path, &to_csv(ds, &rows)) {
                Ok(()) => format!(
                    "{} {} → {}",
                    lang.pick("已导出", "Exported"),
                    rows.len(),
                    path.display()
                ),
                Err(e) => format!(
                    "{} {}: {e}",
                    lang.pick("无法写入", "Cannot write"),
                    path.display()
                ),
            };
            actions.push(PanelAction::Notice(msg));
        }
    });
    let header = |ui: &mut Ui, st: &mut TableState, key: SortKey, text: &str| {
        let arrow = if st.sort == key {
            if st.descending { " ▼" } else { " ▲" }
        } else {
            ""
        };
        if ui.button(format!("{text}{arrow}")).clicked() {
            if st.sort == key {
                st.descending = !st.descending;
            } else {
                st.sort = key;
                st.descending = false;
            }
        }
    };
    TableBuilder::new(ui)
        .striped(true)
        .resizable(true)
        .column(Column::auto().at_least(90.0))
        .column(Column::auto().at_least(80.0))
        .column(Column::auto().at_least(90.0))
        .column(Column::auto().at_least(70.0))
        .column(Column::auto().at_least(110.0))
        .column(Column::auto().at_least(90.0))
        .column(Column::remainder())
        .header(22.0, |mut h| {
            h.col(|ui| header(ui, st, SortKey::Name, lang.pick("城市", "City")));
            h.col(|ui| header(ui, st, SortKey::Province, lang.pick("省份", "Province")));
            h.col(|ui| header(ui, st, SortKey::Region, lang.pick("区域", "Region")));
            h.col(|ui| {
                ui.label(lang.pick("级别/范围", "Level/scope"));
            });
            h.col(|ui| header(ui, st, SortKey::Tier, lang.pick("证据等级", "Evidence")));
            h.col(|ui| {
                header(
                    ui,
                    st,
                    SortKey::Gdp2013,
                    lang.pick("GDP 2013（亿元）", "GDP 2013 (100M yuan)"),
                )
            });
            h.col(|ui| {
                ui.label(lang.pick("来源", "Source"));
            });
        })
        .body(|body| {
            body.rows(20.0, rows.len(), |mut row| {
                let c = &ds.cities[rows[row.index()]];
                let selected = selection == Selection::City(c.adcode);
                row.set_selected(selected);
                row.col(|ui| {
                    if ui
                        .selectable_label(selected, format!("{} {}", c.name_zh, c.name_en))
                        .clicked()
                    {
                        actions.push(PanelAction::FlyTo(Selection::City(c.adcode)));
                    }
                });
                row.col(|ui| {
                    ui.label(&c.province_zh);
                });
                row.col(|ui| {
                    ui.label(
                        ds.province(c.province_adcode)
                            .map_or("", |p| crate::app::region_label(p.region, lang)),
                    );
                });
                row.col(|ui| {
                    let level = match c.level {
                        crate::core::model::CityLevel::Prefecture => {
                            lang.pick("地级", "prefecture").to_owned()
                        }
                        crate::core::model::CityLevel::Major => format!(
                            "{}{}",
                            lang.pick("主要城市 ", "major "),
                            c.scope_district
                                .as_ref()
                                .map_or(String::new(), |d| d.name_zh.clone())
                        ),
                    };
                    ui.label(level);
                });
                row.col(|ui| {
                    ui.label(tier_label(c.evidence, lang));
                });
                row.col(|ui| {
                    match prefecture_gdp_2013(ds, c.prefecture_adcode) {
                        Some(v) => ui.label(format!(
                            "{}{}",
                            format_value(v.value),
                            if v.preliminary { "*" } else { "" }
                        )),
                        None => ui.weak(lang.pick("无数据", "no data")),
                    };
                });
                row.col(|ui| {
                    if let Some(url) = &c.source.url {
                        ui.hyperlink_to(url.chars().take(60).collect::<String>(), url);
                    }
                });
            });
        });
    actions
}
