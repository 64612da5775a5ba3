//! The city table: all cities with their fields, sortable, filtered; CSV export.
//!
//! Every imported indicator adds a column: the value of the city's province or prefecture
//! (the indicator's own level, said in the header), "no data" where the table has none, and
//! its "imported from FILE on DATE" source above the table and in the CSV.

use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

use crate::core::atomic::write_atomic;
use crate::core::dataset::Dataset;
use crate::core::filter::Filter;
use crate::core::import::{ImportedIndicator, Level};
use crate::core::indicators::{format_value, prefecture_gdp_2013};
use crate::core::model::City;
use crate::core::place::PlaceId;
use crate::core::settings::Lang;
use crate::labels::{no_data, no_data_in, region_label, tier_label};
use crate::state::{AtlasState, Command};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum SortKey {
    #[default]
    Province,
    Name,
    Tier,
    Region,
    Gdp2013,
    Population2020,
    Gdp2023,
    Growth,
    /// The column of the imported indicator at this index.
    Imported(usize),
}

/// Table view state (runtime only).
#[derive(Clone, Debug)]
pub struct TableState {
    pub sort: SortKey,
    pub descending: bool,
    pub export_path: String,
    /// A drag down the rows: it selects every city it crosses, as a rectangle does on the
    /// map.
    pub drag_rows: Option<RowDrag>,
}

/// Rows swept by a drag, in the table's order as it was when the drag began.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RowDrag {
    pub first: usize,
    pub current: usize,
    /// The rows' order it was begun on: if they are sorted or filtered again meanwhile
    /// (a year playing, an import arriving), the drag is dropped rather than select other
    /// cities than those swept.
    rows: u64,
    /// The pass it was last seen in: a drag the table stopped drawing (another tab) ends.
    seen: u64,
}

impl Default for TableState {
    fn default() -> Self {
        Self {
            sort: SortKey::Province,
            descending: false,
            export_path: "oib-atlas-cities.csv".to_owned(),
            drag_rows: None,
        }
    }
}

/// An imported indicator's value for a city's row: its province's value for a province-level
/// indicator, its prefecture's for a prefecture-level one; `None` = no data. A table with a
/// year column shows its last year, which the column's header names.
pub fn imported_value(imp: &ImportedIndicator, c: &City) -> Option<f64> {
    imp.value_for(imp.year_shown(None), c.province_adcode, c.prefecture_adcode)
        .filter(|v| v.is_finite())
}

/// Values first (ascending, or descending), no data last either way.
fn by_value(a: Option<f64>, b: Option<f64>, descending: bool) -> std::cmp::Ordering {
    match (a, b) {
        (Some(x), Some(y)) if descending => y.total_cmp(&x),
        (Some(x), Some(y)) => x.total_cmp(&y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    }
}

/// Rows in display order. `imported` are the imported indicators `SortKey::Imported` indexes
/// (an index past the end sorts by province).
pub fn rows(
    ds: &Dataset,
    filter: &Filter,
    imported: &[ImportedIndicator],
    sort: SortKey,
    descending: bool,
) -> Vec<usize> {
    let mut idx: Vec<usize> = filter.cities(ds).collect();
    let gdp = |c: &City| prefecture_gdp_2013(ds, c.prefecture_adcode).map(|v| v.value);
    let value = |c: &City, key: SortKey| match key {
        SortKey::Population2020 => population_2020(ds, c),
        SortKey::Gdp2023 => gdp_2023(ds, c),
        _ => growth(ds, c),
    };
    let region = |c: &City| ds.province(c.province_adcode).map(|p| p.region);
    let sort = match sort {
        SortKey::Imported(i) if i >= imported.len() => SortKey::Province,
        s => s,
    };
    idx.sort_by(|&a, &b| {
        let (ca, cb) = (&ds.cities[a], &ds.cities[b]);
        let by_province = ca
            .province_adcode
            .cmp(&cb.province_adcode)
            .then(ca.adcode.cmp(&cb.adcode));
        let o = match sort {
            SortKey::Province => by_province,
            SortKey::Name => ca.name_en.cmp(&cb.name_en),
            SortKey::Tier => ca.evidence.cmp(&cb.evidence),
            SortKey::Region => region(ca).cmp(&region(cb)),
            // No data sorts last either way.
            SortKey::Gdp2013 => by_value(gdp(ca), gdp(cb), descending),
            SortKey::Population2020 | SortKey::Gdp2023 | SortKey::Growth => {
                by_value(value(ca, sort), value(cb, sort), descending).then(by_province)
            }
            SortKey::Imported(i) => {
                let imp = &imported[i];
                // Equal values (e.g. cities of one province) keep the province order.
                by_value(imported_value(imp, ca), imported_value(imp, cb), descending)
                    .then(by_province)
            }
        };
        match sort {
            SortKey::Gdp2013
            | SortKey::Population2020
            | SortKey::Gdp2023
            | SortKey::Growth
            | SortKey::Imported(_) => o,
            _ if descending => o.reverse(),
            _ => o,
        }
    });
    idx
}

/// The city's resident population at the 2020 census, in 万人 (as the table shows it).
pub fn population_2020(ds: &Dataset, c: &City) -> Option<f64> {
    ds.city_value(c.prefecture_adcode, "resident_population_census7", 2020)
        .map(|v| v.value / 10_000.0)
}

/// The city's GDP 2023 (亿元), as its work report states it.
pub fn gdp_2023(ds: &Dataset, c: &City) -> Option<f64> {
    ds.city_value(c.prefecture_adcode, "GDP", 2023)
        .map(|v| v.value)
}

/// Nominal growth multiple 2013→2023, only where both years are sourced.
pub fn growth(ds: &Dataset, c: &City) -> Option<f64> {
    let a = prefecture_gdp_2013(ds, c.prefecture_adcode)?.value;
    crate::core::stats::growth_multiple(a, gdp_2023(ds, c)?)
}

/// The CSV header of an imported indicator's value column: name, unit and level.
pub fn imported_csv_header(imp: &ImportedIndicator, lang: Lang) -> String {
    let level = match imp.level {
        Level::Province => lang.pick("省级数值", "province value"),
        Level::Prefecture => lang.pick("地级市数值", "prefecture value"),
    };
    format!("{} [{level}]", imp.name_with_unit_in(imp.year_shown(None)))
}

/// The table's fixed CSV columns: the English key and the Chinese header.
const CSV_COLUMNS: [(&str, &str); 19] = [
    ("name_zh", "城市"),
    ("name_en", "英文名"),
    ("province_zh", "省份"),
    ("adcode", "行政区划代码"),
    ("level", "级别"),
    ("scope_district_zh", "规划范围城区"),
    ("region_group", "区域分组"),
    ("evidence", "证据等级"),
    ("evidence_note", "证据原文"),
    ("source_url", "来源链接"),
    ("gdp_2013_yi_yuan", "地区生产总值 2013（亿元）"),
    ("gdp_2013_qualifier", "地区生产总值 2013 说明"),
    ("gdp_2013_source", "地区生产总值 2013 来源"),
    ("population_2020_wan", "常住人口 2020（万人）"),
    ("gdp_2023_yi_yuan", "地区生产总值 2023（亿元）"),
    ("growth_2013_2023", "增长倍数 2013—2023"),
    ("lon", "经度"),
    ("lat", "纬度"),
    ("coord_source", "坐标来源"),
];

/// The header of an imported indicator's column in the window.
fn imported_header(imp: &ImportedIndicator, lang: Lang) -> String {
    let level = match imp.level {
        Level::Province => lang.pick("所在省", "province"),
        Level::Prefecture => lang.pick("所在地级市", "prefecture"),
    };
    format!("{} · {level}", imp.name_with_unit_in(imp.year_shown(None)))
}

/// The filtered table as CSV, UTF-8 with a BOM so Excel shows Chinese correctly. Each
/// imported indicator adds a value column (empty = no data) and a source column.
pub fn to_csv(ds: &Dataset, imported: &[ImportedIndicator], rows: &[usize], lang: Lang) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(vec![0xEF, 0xBB, 0xBF]);
    let mut header: Vec<String> = CSV_COLUMNS
        .iter()
        .map(|(en, zh)| lang.pick(zh, en).to_owned())
        .collect();
    for imp in imported {
        header.push(imported_csv_header(imp, lang));
        header.push(format!("{} {}", imp.name, lang.pick("来源", "source")));
    }
    // Writing to a Vec cannot fail.
    w.write_record(&header).ok();
    for &i in rows {
        let c = &ds.cities[i];
        let gdp = ds.city_value(c.prefecture_adcode, "GDP", 2013);
        let mut record: Vec<String> = [
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
            &population_2020(ds, c).map_or(String::new(), |v| v.to_string()),
            &gdp_2023(ds, c).map_or(String::new(), |v| v.to_string()),
            &growth(ds, c).map_or(String::new(), |v| format!("{v:.4}")),
            &c.point.lon.to_string(),
            &c.point.lat.to_string(),
            &c.coord_source,
        ]
        .map(str::to_owned)
        .to_vec();
        for imp in imported {
            match imported_value(imp, c) {
                Some(v) => {
                    record.push(v.to_string());
                    record.push(imp.source.clone());
                }
                None => record.extend([String::new(), String::new()]),
            }
        }
        w.write_record(&record).ok();
    }
    w.into_inner().unwrap_or_default()
}

/// Draws the table of the cities that pass the filter; every imported indicator adds a
/// column. The sort order and the CSV path are the table's own state.
pub fn show(ui: &mut Ui, state: &AtlasState, st: &mut TableState, commands: &mut Vec<Command>) {
    let (ds, lang) = (&*state.ds, state.lang());
    let imported = &state.data.imported[..];
    let rows = rows(ds, &state.settings.filter, imported, st.sort, st.descending);
    csv_row(ui, ds, imported, &rows, lang, st, commands);
    // Where the imported columns come from.
    for imp in imported {
        ui.label(
            RichText::new(format!(
                "{}{}: {}",
                lang.pick("来源：", "Source: "),
                imp.name,
                imp.source_line(lang)
            ))
            .size(12.0)
            .weak(),
        );
    }
    // Wider than a small window's panel: the table scrolls sideways rather than cut columns.
    egui::ScrollArea::horizontal()
        .id_salt("city-table-columns")
        .show(ui, |ui| city_table(ui, state, &rows, st, commands));
}

/// The row count and the CSV export of the rows shown.
fn csv_row(
    ui: &mut Ui,
    ds: &Dataset,
    imported: &[ImportedIndicator],
    rows: &[usize],
    lang: Lang,
    st: &mut TableState,
    commands: &mut Vec<Command>,
) {
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
            let path =
                crate::core::user_dirs::absolute(std::path::Path::new(st.export_path.trim()));
            commands.push(
                match write_atomic(&path, &to_csv(ds, imported, rows, lang)) {
                    Ok(()) => {
                        let text = format!(
                            "{} {} → {}",
                            lang.pick("已导出", "Exported"),
                            rows.len(),
                            path.display()
                        );
                        Command::Saved(path, text)
                    }
                    Err(e) => Command::Notice(format!(
                        "{} {}: {e}",
                        lang.pick("无法写入", "Cannot write"),
                        path.display()
                    )),
                },
            );
        }
    });
}

/// A column header that sorts by `key`; a second click reverses the order.
fn sort_header(ui: &mut Ui, st: &mut TableState, key: SortKey, text: &str) {
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
}

/// "prefecture", or "major" with the district in the plan's scope.
fn level_text(c: &City, lang: Lang) -> String {
    match c.level {
        crate::core::model::CityLevel::Prefecture => lang.pick("地级", "prefecture").to_owned(),
        crate::core::model::CityLevel::Major => format!(
            "{}{}",
            lang.pick("主要城市 ", "major "),
            c.scope_district
                .as_ref()
                .map_or(String::new(), |d| d.name_zh.clone())
        ),
    }
}

/// The column headers; the sortable ones sort on click.
fn header_row(
    h: &mut egui_extras::TableRow<'_, '_>,
    st: &mut TableState,
    imported: &[ImportedIndicator],
    lang: Lang,
) {
    h.col(|ui| sort_header(ui, st, SortKey::Name, lang.pick("城市", "City")));
    h.col(|ui| sort_header(ui, st, SortKey::Province, lang.pick("省份", "Province")));
    h.col(|ui| sort_header(ui, st, SortKey::Region, lang.pick("区域", "Region")));
    h.col(|ui| {
        ui.label(lang.pick("级别/范围", "Level/scope"));
    });
    h.col(|ui| sort_header(ui, st, SortKey::Tier, lang.pick("证据等级", "Evidence")));
    h.col(|ui| {
        sort_header(
            ui,
            st,
            SortKey::Gdp2013,
            lang.pick("GDP 2013（亿元）", "GDP 2013 (100M yuan)"),
        )
    });
    for (key, text) in [
        (
            SortKey::Gdp2023,
            lang.pick("GDP 2023（亿元）", "GDP 2023 (100M yuan)"),
        ),
        (
            SortKey::Growth,
            lang.pick("增长倍数 2013→2023", "Growth 2013→2023"),
        ),
        (
            SortKey::Population2020,
            lang.pick("常住人口 2020（万人）", "Population 2020 (10k)"),
        ),
    ] {
        h.col(|ui| sort_header(ui, st, key, text));
    }
    for (i, imp) in imported.iter().enumerate() {
        h.col(|ui| {
            sort_header(ui, st, SortKey::Imported(i), &imported_header(imp, lang));
        });
    }
    h.col(|ui| {
        ui.label(lang.pick("来源", "Source"));
    });
}

/// How far down the pointer is (a row compares it with its own height).
fn pointer_y(resp: &egui::Response) -> Option<f32> {
    resp.ctx.input(|i| i.pointer.latest_pos()).map(|p| p.y)
}

/// The sortable table itself; clicking a city selects it and moves the map there.
fn city_table(
    ui: &mut Ui,
    state: &AtlasState,
    rows: &[usize],
    st: &mut TableState,
    commands: &mut Vec<Command>,
) {
    let (ds, lang) = (&*state.ds, state.lang());
    let imported = &state.data.imported[..];
    let rows_id = {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        rows.hash(&mut h);
        h.finish()
    };
    let pass = ui.ctx().cumulative_pass_nr();
    if st
        .drag_rows
        .is_some_and(|d| d.rows != rows_id || d.seen + 1 < pass)
    {
        st.drag_rows = None;
    }
    TableBuilder::new(ui)
        .striped(true)
        .resizable(true)
        .column(Column::auto().at_least(90.0))
        .column(Column::auto().at_least(80.0))
        .column(Column::auto().at_least(90.0))
        .column(Column::auto().at_least(70.0))
        .column(Column::auto().at_least(110.0))
        .column(Column::auto().at_least(90.0))
        .columns(Column::auto().at_least(90.0), 3)
        .columns(Column::auto().at_least(90.0), imported.len())
        .column(Column::remainder())
        .sense(egui::Sense::click_and_drag())
        .header(22.0, |mut h| header_row(&mut h, st, imported, lang))
        .body(|body| {
            body.rows(20.0, rows.len(), |mut row| {
                let i = row.index();
                let c = &ds.cities[rows[i]];
                let selected = state.selection().contains(&PlaceId::City(c.adcode));
                let swept = st.drag_rows.is_some_and(|d| {
                    (d.first.min(d.current)..=d.first.max(d.current)).contains(&i)
                });
                row.set_selected(selected || swept);
                row.col(|ui| {
                    if ui
                        .selectable_label(selected, format!("{} {}", c.name_zh, c.name_en))
                        .clicked()
                    {
                        // Shift adds the city to the selection (or takes it out), as on the map.
                        if ui.input(|i| i.modifiers.shift) {
                            commands.push(Command::SelectToggle(PlaceId::City(c.adcode)));
                        } else {
                            commands.push(Command::FlyTo(PlaceId::City(c.adcode)));
                        }
                    }
                });
                row.col(|ui| {
                    ui.label(&c.province_zh);
                });
                row.col(|ui| {
                    ui.label(
                        ds.province(c.province_adcode)
                            .map_or("", |p| region_label(p.region, lang)),
                    );
                });
                row.col(|ui| {
                    ui.label(level_text(c, lang));
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
                        None => ui.weak(no_data_in(2013, lang)),
                    };
                });
                let cells = [
                    (gdp_2023(ds, c).map(format_value), 2023),
                    (growth(ds, c).map(|g| format!("{g:.2}×")), 2023),
                    (population_2020(ds, c).map(format_value), 2020),
                ];
                for (text, year) in cells {
                    row.col(|ui| {
                        match text {
                            Some(t) => ui.label(t),
                            None => ui.weak(no_data_in(year, lang)),
                        };
                    });
                }
                for imp in imported {
                    row.col(|ui| {
                        match imported_value(imp, c) {
                            Some(v) => ui
                                .label(format_value(v))
                                .on_hover_text(imp.source_line(lang)),
                            None => ui.weak(no_data(lang)),
                        };
                    });
                }
                row.col(|ui| {
                    if let Some(url) = &c.source.url {
                        ui.hyperlink_to(url.chars().take(60).collect::<String>(), url);
                    }
                });
                let resp = row.response();
                if resp.drag_started() {
                    st.drag_rows = Some(RowDrag {
                        first: i,
                        current: i,
                        rows: rows_id,
                        seen: pass,
                    });
                }
                // The row level with the pointer (other widgets do not count as hovered
                // while something is dragged, so compare heights).
                if let Some(d) = &mut st.drag_rows {
                    d.seen = pass;
                    if pointer_y(&resp).is_some_and(|y| resp.rect.y_range().contains(y)) {
                        d.current = i;
                    }
                }
            });
        });
    // The drag ended: select the swept rows (shift adds them to the selection).
    if let Some(d) = st.drag_rows
        && !ui.input(|inp| inp.pointer.any_down())
    {
        st.drag_rows = None;
        let (a, b) = (d.first.min(d.current), d.first.max(d.current));
        if a != b
            && let Some(range) = rows.get(a..=b)
        {
            let swept: Vec<PlaceId> = range
                .iter()
                .map(|&r| PlaceId::City(ds.cities[r].adcode))
                .collect();
            if !ui.input(|inp| inp.modifiers.shift) {
                commands.push(Command::Select(None));
            }
            commands.push(Command::SelectAdd(swept));
        }
    }
}
