//! The user's own region groups: provinces or prefectures chosen on the map (or read from a
//! list file), named and coloured, saved with the settings, and compared beside the built-in
//! groups. A user group always says it is the user's; a built-in group keeps its source.

use serde::{Deserialize, Serialize};

use super::dataset::Dataset;
use super::import::{Level, Matcher, RawTable};
use super::place::PlaceId;
use super::settings::Lang;

/// The level of a group's members: every member is of one level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum GroupLevel {
    #[default]
    Province,
    Prefecture,
}

impl GroupLevel {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            GroupLevel::Province => lang.pick("省级单位", "provinces"),
            GroupLevel::Prefecture => lang.pick("地级单位", "prefectures"),
        }
    }

    fn of(level: Level) -> Self {
        match level {
            Level::Province => GroupLevel::Province,
            Level::Prefecture => GroupLevel::Prefecture,
        }
    }
}

/// A group the user made.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct UserGroup {
    pub name: String,
    pub color: [u8; 3],
    pub level: GroupLevel,
    /// Adcodes of the members, in the order they were added.
    pub members: Vec<u32>,
    /// The list file it was read from (`None`: selected on the map).
    pub file: Option<String>,
    /// The day it was made.
    pub date: String,
}

/// Colours offered for new groups (Okabe–Ito, not used by the built-in groups).
pub const GROUP_COLORS: [[u8; 3]; 4] = [
    [0xcc, 0x79, 0xa7],
    [0x56, 0xb4, 0xe9],
    [0xf0, 0xe4, 0x42],
    [0x00, 0x00, 0x00],
];

impl UserGroup {
    /// The place id of each member.
    pub fn places(&self) -> Vec<PlaceId> {
        self.members
            .iter()
            .map(|&c| match self.level {
                GroupLevel::Province => PlaceId::Province(c),
                GroupLevel::Prefecture => PlaceId::Prefecture(c),
            })
            .collect()
    }

    /// Whether a province is in the group (for a prefecture group: whether any member lies
    /// in it).
    pub fn has_province(&self, ds: &Dataset, adcode: u32) -> bool {
        match self.level {
            GroupLevel::Province => self.members.contains(&adcode),
            GroupLevel::Prefecture => self.members.iter().any(|&m| {
                ds.prefecture(m)
                    .is_some_and(|p| p.province_adcode == adcode)
            }),
        }
    }

    /// Whether a province is in the group, from adcodes alone (a prefecture's first two
    /// digits are its province's), for filters that have no dataset at hand.
    pub fn touches_province(&self, province: u32) -> bool {
        match self.level {
            GroupLevel::Province => self.members.contains(&province),
            GroupLevel::Prefecture => self.members.iter().any(|m| m / 10_000 == province / 10_000),
        }
    }

    /// Whether a prefecture is in the group (for a province group: whether its province is).
    pub fn has_prefecture(&self, ds: &Dataset, adcode: u32) -> bool {
        match self.level {
            GroupLevel::Prefecture => self.members.contains(&adcode),
            GroupLevel::Province => ds
                .prefecture(adcode)
                .is_some_and(|p| self.members.contains(&p.province_adcode)),
        }
    }

    /// "the user's group: 5 provinces, selected on the map on 2026-12-02".
    pub fn describe(&self, lang: Lang) -> String {
        let (n, level, date) = (self.members.len(), self.level.label(lang), &self.date);
        match (lang, &self.file) {
            (Lang::Zh, None) => format!("用户自定义分组：{n} 个{level}，{date} 在地图上选定"),
            (Lang::Zh, Some(f)) => format!("用户自定义分组：{n} 个{level}，{date} 导入自 {f}"),
            (Lang::En, None) => {
                format!("the user's group: {n} {level}, selected on the map on {date}")
            }
            (Lang::En, Some(f)) => format!("the user's group: {n} {level}, from {f} on {date}"),
        }
    }
}

/// Why a group could not be made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupError {
    pub en: String,
    pub zh: String,
}

impl GroupError {
    fn new(en: impl Into<String>, zh: impl Into<String>) -> Self {
        Self {
            en: en.into(),
            zh: zh.into(),
        }
    }

    pub fn text(&self, lang: Lang) -> &str {
        lang.pick(&self.zh, &self.en)
    }
}

/// A name for a group: trimmed, not empty, not one already used.
pub fn check_name(name: &str, existing: &[UserGroup]) -> Result<String, GroupError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(GroupError::new(
            "the group needs a name",
            "分组需要一个名称",
        ));
    }
    if existing.iter().any(|g| g.name == name) {
        return Err(GroupError::new(
            format!("a group named '{name}' exists already"),
            format!("已有名为“{name}”的分组"),
        ));
    }
    Ok(name.to_owned())
}

/// A group of the selected provinces or prefectures (all of one level; cities and other
/// places are not units of a group).
pub fn from_places(
    name: &str,
    color: [u8; 3],
    places: &[PlaceId],
    existing: &[UserGroup],
    date: &str,
) -> Result<UserGroup, GroupError> {
    let name = check_name(name, existing)?;
    let (provinces, prefectures) = super::place::unit_codes(places);
    let (level, members) = match (provinces.is_empty(), prefectures.is_empty()) {
        (false, true) => (GroupLevel::Province, provinces),
        (true, false) => (GroupLevel::Prefecture, prefectures),
        (false, false) => {
            return Err(GroupError::new(
                "the selection mixes provinces and prefectures; a group has units of one level",
                "所选同时有省级和地级单位；一个分组只能有一个层级",
            ));
        }
        (true, true) => {
            return Err(GroupError::new(
                "select provinces or prefectures first (cities are points, not units of a group)",
                "请先选择省级或地级单位（城市是点，不能作为分组单位）",
            ));
        }
    };
    Ok(UserGroup {
        name,
        color,
        level,
        members,
        file: None,
        date: date.to_owned(),
    })
}

/// The group as a small CSV file (UTF-8 with BOM): one row per member, with the group's name
/// and colour, so it can be shared and read back.
pub fn to_csv(ds: &Dataset, g: &UserGroup) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["adcode", "name_zh", "name_en", "group", "color", "level"])
        .ok();
    let color = format!("#{:02x}{:02x}{:02x}", g.color[0], g.color[1], g.color[2]);
    let level = match g.level {
        GroupLevel::Province => "province",
        GroupLevel::Prefecture => "prefecture",
    };
    for &m in &g.members {
        let (zh, en) = match g.level {
            GroupLevel::Province => ds
                .province(m)
                .map(|p| (p.name_zh.as_str(), p.name_en.as_str())),
            GroupLevel::Prefecture => ds
                .prefecture(m)
                .map(|p| (p.name_zh.as_str(), p.name_en.as_str())),
        }
        .unwrap_or(("", ""));
        w.write_record([m.to_string().as_str(), zh, en, &g.name, &color, level])
            .ok();
    }
    let mut out = vec![0xef, 0xbb, 0xbf];
    out.extend(w.into_inner().unwrap_or_default());
    out
}

/// What reading a group file found: the group, and the rows that named no unit (line,
/// text, reason).
#[derive(Clone, Debug, PartialEq)]
pub struct GroupRead {
    pub group: UserGroup,
    pub unmatched: Vec<(usize, String, String)>,
    /// Rows naming a member already read (line, adcode).
    pub duplicates: Vec<(usize, u32)>,
}

/// Reads a group from a table: an `adcode` column if there is one, else a name column (the
/// first whose cells match places); a `group` column names it, else `fallback_name`; a
/// `color` column (#rrggbb) colours it. Places are matched as imports match them. Nothing
/// is applied here; a file with no matched row is the error.
pub fn read_group(
    ds: &Dataset,
    raw: &RawTable,
    fallback_name: &str,
    existing: &[UserGroup],
    file: &str,
    date: &str,
) -> Result<GroupRead, GroupError> {
    let matcher = Matcher::new(ds);
    let header = |names: &[&str]| {
        raw.headers
            .iter()
            .position(|h| names.contains(&h.trim().to_lowercase().as_str()))
    };
    let key = header(&["adcode", "code", "行政区划代码", "代码"])
        .or_else(|| header(&["name_zh", "name", "名称", "地区", "省份", "城市", "地级市"]))
        .or_else(|| {
            (0..raw.headers.len()).max_by_key(|&c| {
                raw.rows
                    .iter()
                    .filter(|r| matcher.match_key(r.cell(c)).is_ok())
                    .count()
            })
        })
        .ok_or_else(|| GroupError::new("the file has no columns", "文件没有列"))?;
    let name_col = header(&["group", "分组", "组名"]);
    let color_col = header(&["color", "colour", "颜色"]);
    let mut places: Vec<(usize, super::import::Place)> = Vec::new();
    let mut unmatched = Vec::new();
    for row in &raw.rows {
        let text = row.cell(key);
        match matcher.match_key(text) {
            Ok(p) => places.push((row.line, p)),
            Err(f) => unmatched.push((row.line, text.to_owned(), f.reason(text))),
        }
    }
    let provinces = places
        .iter()
        .filter(|(_, p)| p.level == Level::Province)
        .count();
    let level = if provinces * 2 >= places.len() {
        Level::Province
    } else {
        Level::Prefecture
    };
    let mut members = Vec::new();
    let mut duplicates = Vec::new();
    for (line, p) in places {
        if p.level != level {
            let reason = format!(
                "{} is a {}, but most rows name {}s",
                p.name_zh,
                p.level.label_en(),
                level.label_en()
            );
            unmatched.push((line, p.name_zh, reason));
        } else if members.contains(&p.adcode) {
            duplicates.push((line, p.adcode));
        } else {
            members.push(p.adcode);
        }
    }
    if members.is_empty() {
        return Err(GroupError::new(
            "no row names a province or prefecture",
            "没有一行能匹配到省级或地级单位",
        ));
    }
    let first = raw.rows.first();
    let name_in_file = name_col
        .and_then(|c| first.map(|r| r.cell(c).trim().to_owned()))
        .filter(|n| !n.is_empty());
    let name = check_name(name_in_file.as_deref().unwrap_or(fallback_name), existing)?;
    let color = color_col
        .and_then(|c| first.map(|r| r.cell(c)))
        .and_then(parse_hex_color)
        .unwrap_or(GROUP_COLORS[existing.len() % GROUP_COLORS.len()]);
    Ok(GroupRead {
        group: UserGroup {
            name,
            color,
            level: GroupLevel::of(level),
            members,
            file: Some(file.to_owned()),
            date: date.to_owned(),
        },
        unmatched,
        duplicates,
    })
}

/// "#cc79a7" → [0xcc, 0x79, 0xa7].
fn parse_hex_color(text: &str) -> Option<[u8; 3]> {
    let h = text.trim().strip_prefix('#')?;
    if h.len() != 6 || !h.is_ascii() {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(&h[i..i + 2], 16).ok();
    Some([byte(0)?, byte(2)?, byte(4)?])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::import::read_table;

    fn ds() -> Dataset {
        Dataset::load_embedded().unwrap()
    }

    #[test]
    fn a_group_is_made_of_one_level_and_needs_a_fresh_name() {
        let ne = [210000, 220000, 230000].map(PlaceId::Province);
        let g = from_places(" 东北三省 ", [1, 2, 3], &ne, &[], "2026-12-02").unwrap();
        assert_eq!(g.name, "东北三省");
        assert_eq!(g.level, GroupLevel::Province);
        assert_eq!(g.members, [210000, 220000, 230000]);
        assert!(
            g.describe(Lang::En)
                .contains("the user's group: 3 provinces")
        );
        assert!(from_places("东北三省", [0; 3], &ne, &[g], "d").is_err());
        assert!(from_places("", [0; 3], &ne, &[], "d").is_err());
        let mixed = [PlaceId::Province(210000), PlaceId::Prefecture(230100)];
        assert!(from_places("x", [0; 3], &mixed, &[], "d").is_err());
        assert!(from_places("x", [0; 3], &[PlaceId::City(230200)], &[], "d").is_err());
    }

    #[test]
    fn a_group_file_round_trips_and_reports_what_it_cannot_read() {
        let ds = ds();
        let g = UserGroup {
            name: "合成测试组".into(),
            color: [0xcc, 0x79, 0xa7],
            level: GroupLevel::Prefecture,
            members: vec![230100, 230200, 210100],
            file: None,
            date: "2026-12-02".into(),
        };
        let bytes = to_csv(&ds, &g);
        assert!(bytes.starts_with(&[0xef, 0xbb, 0xbf]));
        let raw = read_table("g.csv", &bytes, None).unwrap();
        let back = read_group(&ds, &raw, "fallback", &[], "g.csv", "2026-12-02").unwrap();
        assert_eq!(back.group.members, g.members);
        assert_eq!(
            (back.group.name.as_str(), back.group.color),
            ("合成测试组", g.color)
        );
        assert_eq!(back.group.level, GroupLevel::Prefecture);
        // Names (any form the import matches), a place that is not one, a repeat.
        let text = "城市\n哈尔滨\n齐齐哈尔市\n火星市\n哈尔滨市\n";
        let raw = read_table("names.csv", text.as_bytes(), None).unwrap();
        let r = read_group(&ds, &raw, "我的组", &[], "names.csv", "2026-12-02").unwrap();
        assert_eq!(r.group.members, [230100, 230200]);
        assert_eq!(r.group.name, "我的组");
        assert_eq!(r.unmatched.len(), 1);
        assert_eq!(r.unmatched[0].0, 4);
        assert_eq!(r.duplicates, [(5, 230100)]);
        // Nothing matched: an error, nothing made.
        let raw = read_table("bad.csv", "x\nfoo\nbar\n".as_bytes(), None).unwrap();
        assert!(read_group(&ds, &raw, "g", &[], "bad.csv", "d").is_err());
    }
}
