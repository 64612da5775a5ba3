//! Matching the place names of an imported table to the atlas's provinces and prefectures.
//!
//! A key may be an adcode, a Chinese name (full, short, traditional characters, full-width
//! characters, with or without 省/市/自治州…), "province + prefecture" ("黑龙江省齐齐哈尔市"), an
//! English name or toneless pinyin ("Qiqihar", "Qiqihaer"). Keys are tried from the strictest
//! reading to the loosest, and the first reading that finds anything decides: "吉林市" never
//! falls back to the province 吉林. A key that fits several places is reported as ambiguous,
//! never resolved by a guess; only the table's level (see [`Matcher::match_key_at`]) can pick
//! between a province and a prefecture of the same name.

use std::collections::HashMap;

use pinyin::ToPinyin;

use super::trad::simplify;
use crate::core::dataset::Dataset;

/// Which units an imported indicator describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Level {
    Province,
    Prefecture,
}

impl Level {
    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Province => "省级",
            Self::Prefecture => "地级",
        }
    }
    pub fn label_en(self) -> &'static str {
        match self {
            Self::Province => "province",
            Self::Prefecture => "prefecture",
        }
    }
}

/// A matched unit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    pub level: Level,
    pub adcode: u32,
    /// The unit's name as the atlas writes it (e.g. 齐齐哈尔市).
    pub name_zh: String,
}

/// Why a key did not match.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MatchFailure {
    NotFound,
    /// The candidates, as "name (adcode)".
    Ambiguous(Vec<String>),
    Empty,
}

impl MatchFailure {
    /// A sentence for the preview, naming the key.
    pub fn reason(&self, key: &str) -> String {
        self.sentence(key, false)
    }

    /// The same sentence in Chinese.
    pub fn reason_zh(&self, key: &str) -> String {
        self.sentence(key, true)
    }

    /// One classification of the failure, worded in either language.
    fn sentence(&self, key: &str, zh: bool) -> String {
        let key = key.trim();
        let pick = |en: String, cn: String| if zh { cn } else { en };
        match self {
            Self::Empty => pick("empty name".to_owned(), "地名为空".to_owned()),
            Self::Ambiguous(c) => pick(
                format!("ambiguous: '{key}' could be {}", c.join(" or ")),
                format!("有歧义：“{key}”可能是{}", c.join("或")),
            ),
            Self::NotFound => {
                let c = canonical(key);
                let digits = !c.is_empty() && c.bytes().all(|b| b.is_ascii_digit());
                if digits && c.len() == 6 {
                    pick(
                        format!("adcode {c} is not a province or prefecture of the atlas"),
                        format!("行政区划代码 {c} 不是本图集的省或地级单位"),
                    )
                } else if digits {
                    pick(
                        format!("'{key}' is not a 6-digit adcode"),
                        format!("“{key}”不是 6 位行政区划代码"),
                    )
                } else {
                    pick(
                        format!("no province or prefecture called '{key}'"),
                        format!("没有叫“{key}”的省或地级单位"),
                    )
                }
            }
        }
    }
}

/// Ethnic names that stand between a place name and 自治州 / 自治区 / 自治县, longest first
/// where one is the start of another.
const ETHNIC: &[&str] = &[
    "蒙古族",
    "蒙古",
    "哈萨克",
    "柯尔克孜",
    "维吾尔",
    "朝鲜族",
    "土家族",
    "布依族",
    "傈僳族",
    "景颇族",
    "哈尼族",
    "苗族",
    "侗族",
    "藏族",
    "羌族",
    "彝族",
    "傣族",
    "白族",
    "壮族",
    "回族",
    "黎族",
];

/// Administrative suffixes, longest first where one ends another.
const SUFFIXES: &[&str] = &[
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "地区",
    "林区",
    "市",
    "盟",
    "省",
    "县",
];

/// Suffixes of English and pinyin names (folded: lower case, no spaces).
const EN_SUFFIXES: &[&str] = &[
    "specialadministrativeregion",
    "autonomousprefecture",
    "autonomousregion",
    "municipality",
    "prefecture",
    "province",
    "zizhizhou",
    "zizhiqu",
    "league",
    "sheng",
    "diqu",
    "city",
    "sar",
    "shi",
];

/// English spellings the boundary data does not carry, with the adcode they name.
const EN_ALIASES: &[(&str, u32)] = &[("macau", 820000), ("hongkongsar", 810000)];

fn half_width(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

fn is_invisible(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200B}'..='\u{200D}' | '\u{FEFF}')
}

/// Full-width to half-width, traditional to simplified (place-name characters), whitespace and
/// zero-width characters removed. Suffixes kept.
pub fn canonical(s: &str) -> String {
    s.chars()
        .map(half_width)
        .filter(|c| !is_invisible(*c))
        .map(simplify)
        .collect()
}

fn char_count_at_least(s: &str, n: usize) -> bool {
    s.chars().nth(n.saturating_sub(1)).is_some()
}

/// Strips one administrative suffix and, after 自治…, the ethnic names before it. Never strips
/// a name to fewer than two characters (内蒙古 stays 内蒙古).
fn strip_admin_suffix(name: &str) -> &str {
    let mut s = name;
    for suffix in SUFFIXES {
        if let Some(rest) = s.strip_suffix(suffix)
            && char_count_at_least(rest, 2)
        {
            s = rest;
            if suffix.starts_with("自治") {
                while let Some(rest) = ETHNIC
                    .iter()
                    .find_map(|e| s.strip_suffix(e))
                    .filter(|r| char_count_at_least(r, 2))
                {
                    s = rest;
                }
            }
            break;
        }
    }
    s
}

/// The form names are matched in: trimmed, full-width → half-width, whitespace removed,
/// traditional characters of place names → simplified, and the administrative suffix (省, 市,
/// 自治区, 特别行政区, 地区, 盟, 自治州 with its ethnic names, …) stripped:
/// "延边朝鲜族自治州" → "延边", "齊齊哈爾市" → "齐齐哈尔".
pub fn normalize_name(s: &str) -> String {
    strip_admin_suffix(&canonical(s)).to_owned()
}

/// Lower case, without spaces, hyphens, apostrophes and dots; ü as v (as typed in pinyin).
fn fold_latin(s: &str) -> String {
    s.chars()
        .map(half_width)
        .filter(|c| {
            !is_invisible(*c) && !matches!(c, '-' | '\'' | '’' | '‘' | '`' | '.' | '·' | '_')
        })
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'ü' { 'v' } else { c })
        .collect()
}

/// Indexes a folded Latin name, and where it has a v (from ü: "lvliang") also its u spelling
/// ("luliang"), as both are typed.
fn push_latin(map: &mut HashMap<String, Vec<usize>>, folded: String, i: usize) {
    if folded.contains('v') {
        push(map, folded.replace('v', "u"), i);
    }
    push(map, folded, i);
}

fn pinyin_of(name: &str) -> Option<String> {
    let mut out = String::new();
    for p in name.to_pinyin() {
        out.push_str(p?.plain());
    }
    (!out.is_empty()).then(|| fold_latin(&out))
}

#[derive(Clone, Debug)]
struct Unit {
    level: Level,
    adcode: u32,
    name_zh: String,
    /// The province a prefecture belongs to (a province's own code for a province).
    province: u32,
    /// For municipalities, SARs and Taiwan: the unit of the other level that is the same place.
    pair: Option<usize>,
}

/// Index of the provinces and prefectures by adcode, name, short name, English name and pinyin.
#[derive(Clone, Debug, Default)]
pub struct Matcher {
    units: Vec<Unit>,
    by_code: HashMap<(Level, u32), usize>,
    by_full: HashMap<String, Vec<usize>>,
    by_short: HashMap<String, Vec<usize>>,
    /// Autonomous prefectures by short name, for the common "恩施州" form.
    by_short_zhou: HashMap<String, Vec<usize>>,
    by_en: HashMap<String, Vec<usize>>,
    by_pinyin: HashMap<String, Vec<usize>>,
    /// (province index, canonical full name, short name), for "黑龙江省齐齐哈尔市".
    province_prefixes: Vec<(usize, String, String)>,
}

fn push(map: &mut HashMap<String, Vec<usize>>, key: String, i: usize) {
    if key.is_empty() {
        return;
    }
    let v = map.entry(key).or_default();
    if !v.contains(&i) {
        v.push(i);
    }
}

impl Matcher {
    pub fn new(ds: &Dataset) -> Self {
        let provinces: Vec<(u32, &str, &str)> = ds
            .provinces
            .iter()
            .map(|p| (p.adcode, p.name_zh.as_str(), p.name_en.as_str()))
            .collect();
        let prefectures: Vec<(u32, u32, &str, &str)> = ds
            .prefectures
            .iter()
            .map(|p| {
                (
                    p.adcode,
                    p.province_adcode,
                    p.name_zh.as_str(),
                    p.name_en.as_str(),
                )
            })
            .collect();
        Self::from_units(&provinces, &prefectures)
    }

    /// Builds the index from bare lists: provinces as (adcode, name_zh, name_en), prefectures
    /// as (adcode, province adcode, name_zh, name_en).
    pub fn from_units(
        provinces: &[(u32, &str, &str)],
        prefectures: &[(u32, u32, &str, &str)],
    ) -> Self {
        let mut m = Self::default();
        let mut english: Vec<(usize, &str)> = Vec::new();
        for &(adcode, zh, en) in provinces {
            m.units.push(Unit {
                level: Level::Province,
                adcode,
                name_zh: zh.to_owned(),
                province: adcode,
                pair: None,
            });
            english.push((m.units.len() - 1, en));
        }
        for &(adcode, province, zh, en) in prefectures {
            m.units.push(Unit {
                level: Level::Prefecture,
                adcode,
                name_zh: zh.to_owned(),
                province,
                pair: None,
            });
            english.push((m.units.len() - 1, en));
        }
        for (i, u) in m.units.iter().enumerate() {
            m.by_code.insert((u.level, u.adcode), i);
        }
        // Municipalities (北京市 110000 ↔ 110100, 重庆市 500000 ↔ 500000), the SARs and Taiwan:
        // the province-level unit and the prefecture unit with its name are one place. As in
        // `dataset::prefecture_for_city_adcode`, but only where the names agree, so 230000 is
        // never taken for 哈尔滨 (230100).
        let mut pairs = Vec::new();
        for (i, u) in m.units.iter().enumerate() {
            if u.level != Level::Province {
                continue;
            }
            for code in [u.adcode, u.adcode.saturating_add(100)] {
                if let Some(&j) = m.by_code.get(&(Level::Prefecture, code))
                    && m.units
                        .get(j)
                        .is_some_and(|p| canonical(&p.name_zh) == canonical(&u.name_zh))
                {
                    pairs.push((i, j));
                    break;
                }
            }
        }
        for (i, j) in pairs {
            if let Some(u) = m.units.get_mut(i) {
                u.pair = Some(j);
            }
            if let Some(u) = m.units.get_mut(j) {
                u.pair = Some(i);
            }
        }
        let mut full = Vec::new();
        for (i, u) in m.units.iter().enumerate() {
            let c = canonical(&u.name_zh);
            let short = strip_admin_suffix(&c).to_owned();
            if u.level == Level::Prefecture && c.ends_with("自治州") {
                push(&mut m.by_short_zhou, short.clone(), i);
            }
            if let Some(py) = pinyin_of(&short) {
                push_latin(&mut m.by_pinyin, py, i);
            }
            if u.level == Level::Province {
                m.province_prefixes.push((i, c.clone(), short.clone()));
            }
            full.push((i, c, short));
        }
        for (i, c, short) in full {
            push(&mut m.by_full, c, i);
            push(&mut m.by_short, short, i);
        }
        for (i, en) in english {
            push_latin(&mut m.by_en, fold_latin(en), i);
        }
        for &(alias, code) in EN_ALIASES {
            if let Some(&i) = m.by_code.get(&(Level::Province, code)) {
                push(&mut m.by_en, alias.to_owned(), i);
            }
        }
        m
    }

    fn place(&self, i: usize) -> Option<Place> {
        self.units.get(i).map(|u| Place {
            level: u.level,
            adcode: u.adcode,
            name_zh: u.name_zh.clone(),
        })
    }

    fn describe(&self, i: usize) -> String {
        self.units
            .get(i)
            .map_or_else(String::new, |u| format!("{} ({})", u.name_zh, u.adcode))
    }

    fn lookup(map: &HashMap<String, Vec<usize>>, key: &str) -> Vec<usize> {
        map.get(key).cloned().unwrap_or_default()
    }

    /// Looks a folded Latin key up as it is, then without an English suffix.
    fn lookup_latin(map: &HashMap<String, Vec<usize>>, folded: &str) -> Vec<usize> {
        let found = Self::lookup(map, folded);
        if !found.is_empty() {
            return found;
        }
        EN_SUFFIXES
            .iter()
            .filter_map(|s| folded.strip_suffix(s).filter(|r| !r.is_empty()))
            .map(|r| Self::lookup(map, r))
            .find(|v| !v.is_empty())
            .unwrap_or_default()
    }

    /// The candidates of the strictest reading of `key` that finds any.
    fn candidates(&self, key: &str) -> Result<Vec<usize>, MatchFailure> {
        let c = canonical(key);
        if c.is_empty() {
            return Err(MatchFailure::Empty);
        }
        if c.bytes().all(|b| b.is_ascii_digit()) {
            if c.len() != 6 {
                return Err(MatchFailure::NotFound);
            }
            let code: u32 = c.parse().map_err(|_| MatchFailure::NotFound)?;
            let level = if code.is_multiple_of(10_000) {
                Level::Province
            } else {
                Level::Prefecture
            };
            return self
                .by_code
                .get(&(level, code))
                .map(|&i| vec![i])
                .ok_or(MatchFailure::NotFound);
        }
        let found = Self::lookup(&self.by_full, &c);
        if !found.is_empty() {
            return Ok(found);
        }
        let short = strip_admin_suffix(&c);
        let found = Self::lookup(&self.by_short, short);
        if !found.is_empty() {
            return Ok(found);
        }
        if let Some(base) = c.strip_suffix('州') {
            let found = Self::lookup(&self.by_short_zhou, base);
            if !found.is_empty() {
                return Ok(found);
            }
        }
        // "黑龙江省齐齐哈尔市", "黑龙江齐齐哈尔": a province followed by one of its prefectures.
        let mut found = Vec::new();
        for (pi, full, pshort) in &self.province_prefixes {
            let Some(province) = self.units.get(*pi).map(|u| u.adcode) else {
                continue;
            };
            for prefix in [full.as_str(), pshort.as_str()] {
                let Some(rest) = c.strip_prefix(prefix).filter(|r| !r.is_empty()) else {
                    continue;
                };
                let rest_full = Self::lookup(&self.by_full, rest);
                let rest_found = if rest_full.is_empty() {
                    Self::lookup(&self.by_short, strip_admin_suffix(rest))
                } else {
                    rest_full
                };
                for i in rest_found {
                    if self
                        .units
                        .get(i)
                        .is_some_and(|u| u.level == Level::Prefecture && u.province == province)
                        && !found.contains(&i)
                    {
                        found.push(i);
                    }
                }
            }
        }
        if !found.is_empty() {
            return Ok(found);
        }
        let folded = fold_latin(&c);
        if folded.is_empty() || !folded.is_ascii() {
            return Err(MatchFailure::NotFound);
        }
        let found = Self::lookup_latin(&self.by_en, &folded);
        if !found.is_empty() {
            return Ok(found);
        }
        let found = Self::lookup_latin(&self.by_pinyin, &folded);
        if !found.is_empty() {
            return Ok(found);
        }
        Err(MatchFailure::NotFound)
    }

    fn resolve(&self, chosen: Vec<usize>, all: &[usize]) -> Result<Place, MatchFailure> {
        let mut unique: Vec<usize> = Vec::new();
        for i in chosen {
            if !unique.contains(&i) {
                unique.push(i);
            }
        }
        match unique.as_slice() {
            [] => Err(MatchFailure::NotFound),
            [one] => self.place(*one).ok_or(MatchFailure::NotFound),
            _ => {
                let mut names: Vec<String> = all.iter().map(|&i| self.describe(i)).collect();
                names.sort();
                names.dedup();
                Err(MatchFailure::Ambiguous(names))
            }
        }
    }

    /// Matches a key at either level. A municipality (北京, 110000, 110100) is taken as the
    /// province; a name shared by a province and a prefecture (吉林, 海南) is ambiguous.
    pub fn match_key(&self, key: &str) -> Result<Place, MatchFailure> {
        let all = self.candidates(key)?;
        let chosen = all
            .iter()
            .map(|&i| match self.units.get(i) {
                Some(u) if u.level == Level::Prefecture => u.pair.unwrap_or(i),
                _ => i,
            })
            .collect();
        self.resolve(chosen, &all)
    }

    /// Matches a key at one level: 吉林 in a province table is 吉林省; 北京 or 110000 in a
    /// prefecture table is the unit 北京市 (110100). `NotFound` if the key names a unit of the
    /// other level only.
    pub fn match_key_at(&self, key: &str, level: Level) -> Result<Place, MatchFailure> {
        let all = self.candidates(key)?;
        let chosen = all
            .iter()
            .filter_map(|&i| {
                let u = self.units.get(i)?;
                if u.level == level { Some(i) } else { u.pair }
            })
            .collect();
        self.resolve(chosen, &all)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Synthetic excerpt of the atlas's units (names and codes as in the boundary data).
    fn matcher() -> Matcher {
        Matcher::from_units(
            &[
                (110000, "北京市", "Beijing"),
                (220000, "吉林省", "Jilin"),
                (230000, "黑龙江省", "Heilongjiang"),
                (140000, "山西省", "Shanxi"),
                (610000, "陕西省", "Shaanxi"),
                (150000, "内蒙古自治区", "Inner Mongolia"),
                (500000, "重庆市", "Chongqing"),
            ],
            &[
                (110100, 110000, "北京市", "Beijing"),
                (500000, 500000, "重庆市", "Chongqing"),
                (220200, 220000, "吉林市", "Jilin"),
                (222400, 220000, "延边朝鲜族自治州", "Yanbian"),
                (230100, 230000, "哈尔滨市", "Harbin"),
                (230200, 230000, "齐齐哈尔市", "Qiqihar"),
                (230700, 230000, "伊春市", "Yichun"),
                (141100, 140000, "吕梁市", "Lüliang"),
                (360900, 360000, "宜春市", "Yichun"),
            ],
        )
    }

    #[test]
    fn normalizes_names() {
        assert_eq!(normalize_name(" 延边朝鲜族自治州 "), "延边");
        assert_eq!(normalize_name("齊齊哈爾市"), "齐齐哈尔");
        assert_eq!(normalize_name("黑龍江省"), "黑龙江");
        assert_eq!(normalize_name("内蒙古自治区"), "内蒙古");
        assert_eq!(normalize_name("广西壮族自治区"), "广西");
        assert_eq!(normalize_name("新疆维吾尔自治区"), "新疆");
        assert_eq!(normalize_name("香港特别行政区"), "香港");
        assert_eq!(normalize_name("海西蒙古族藏族自治州"), "海西");
        assert_eq!(normalize_name("大 兴 安 岭 地区"), "大兴安岭");
        assert_eq!(normalize_name("２３０２００"), "230200");
        assert_eq!(normalize_name("沈陽"), "沈阳");
    }

    #[test]
    fn matches_provinces_and_prefectures() {
        let m = matcher();
        for k in [
            "黑龙江",
            "黑龍江省",
            "Heilongjiang",
            "230000",
            "HEILONGJIANG PROVINCE",
        ] {
            assert_eq!(m.match_key(k).map(|p| p.adcode), Ok(230000), "{k}");
        }
        for k in [
            "齐齐哈尔",
            "齊齊哈爾市",
            "Qiqihar",
            "qiqihaer",
            "230200",
            "黑龙江省齐齐哈尔市",
        ] {
            let p = m.match_key(k).unwrap();
            assert_eq!((p.level, p.adcode), (Level::Prefecture, 230200), "{k}");
        }
        assert_eq!(m.match_key("延边州").map(|p| p.adcode), Ok(222400));
        for k in ["Lüliang", "Lvliang", "Luliang", "呂梁"] {
            assert_eq!(m.match_key(k).map(|p| p.adcode), Ok(141100), "{k}");
        }
        assert_eq!(m.match_key("Shanxi").map(|p| p.adcode), Ok(140000));
        assert_eq!(m.match_key("Shaanxi").map(|p| p.adcode), Ok(610000));
        assert_eq!(m.match_key("内蒙古").map(|p| p.adcode), Ok(150000));
    }

    #[test]
    fn failures_are_reported_not_guessed() {
        let m = matcher();
        assert_eq!(m.match_key("  "), Err(MatchFailure::Empty));
        assert_eq!(m.match_key("火星"), Err(MatchFailure::NotFound));
        assert_eq!(m.match_key("23020"), Err(MatchFailure::NotFound));
        assert!(MatchFailure::NotFound.reason("23020").contains("6-digit"));
        assert!(matches!(m.match_key("Yichun"), Err(MatchFailure::Ambiguous(c)) if c.len() == 2));
        assert!(matches!(
            m.match_key("吉林"),
            Err(MatchFailure::Ambiguous(_))
        ));
        // 230000 is the province, never 哈尔滨 (230100).
        assert_eq!(
            m.match_key_at("230000", Level::Prefecture),
            Err(MatchFailure::NotFound)
        );
        // 吉林市 is the prefecture even in a province table: no fallback to 吉林省.
        assert_eq!(
            m.match_key_at("吉林市", Level::Province),
            Err(MatchFailure::NotFound)
        );
    }

    #[test]
    fn level_and_municipalities() {
        let m = matcher();
        assert_eq!(
            m.match_key_at("吉林", Level::Province).map(|p| p.adcode),
            Ok(220000)
        );
        assert_eq!(
            m.match_key_at("吉林", Level::Prefecture).map(|p| p.adcode),
            Ok(220200)
        );
        let bj = m.match_key("北京").unwrap();
        assert_eq!((bj.level, bj.adcode), (Level::Province, 110000));
        assert_eq!(
            m.match_key_at("北京", Level::Prefecture).map(|p| p.adcode),
            Ok(110100)
        );
        assert_eq!(
            m.match_key_at("110000", Level::Prefecture)
                .map(|p| p.adcode),
            Ok(110100)
        );
        assert_eq!(
            m.match_key_at("110100", Level::Province).map(|p| p.adcode),
            Ok(110000)
        );
        let cq = m.match_key_at("重庆", Level::Prefecture).unwrap();
        assert_eq!((cq.level, cq.adcode), (Level::Prefecture, 500000));
    }
}
