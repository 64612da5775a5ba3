//! Typed model of everything the atlas shows. Plain data, no UI types.

use geo::MultiPolygon;
use serde::{Deserialize, Serialize};

/// Longitude/latitude in degrees (datum as stated by each record's coordinate source).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct LonLat {
    pub lon: f64,
    pub lat: f64,
}

impl LonLat {
    pub fn new(lon: f64, lat: f64) -> Self {
        Self { lon, lat }
    }
}

/// Where a value, a city or a boundary comes from. Shown to the user next to the value.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Source {
    /// Human-readable citation (document, data set, notice number).
    pub citation: String,
    /// Link, where the source has one.
    pub url: Option<String>,
}

impl Source {
    pub fn new(citation: impl Into<String>, url: Option<String>) -> Self {
        Self {
            citation: citation.into(),
            url,
        }
    }
    pub fn is_empty(&self) -> bool {
        self.citation.trim().is_empty() && self.url.as_deref().is_none_or(|u| u.trim().is_empty())
    }
}

/// How firmly the reference data places a city on the 2013 plan's list of 120.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceTier {
    /// A provincial or city source says it is in the 2013 plan.
    Confirmed,
    /// Named among the province's units in a programme specific to plan cities.
    Likely,
    /// On national incentive / demonstration / relocation lists that also reach non-plan cities.
    Indirect,
    /// Called an old industrial base elsewhere (some before the plan).
    Described,
}

impl EvidenceTier {
    pub const ALL: [EvidenceTier; 4] = [
        EvidenceTier::Confirmed,
        EvidenceTier::Likely,
        EvidenceTier::Indirect,
        EvidenceTier::Described,
    ];
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim() {
            "confirmed" => Some(Self::Confirmed),
            "likely" => Some(Self::Likely),
            "indirect" => Some(Self::Indirect),
            "described" => Some(Self::Described),
            _ => None,
        }
    }
    pub fn key(self) -> &'static str {
        match self {
            Self::Confirmed => "confirmed",
            Self::Likely => "likely",
            Self::Indirect => "indirect",
            Self::Described => "described",
        }
    }
}

/// Prefecture-level city, or one of the 25 major cities (municipality, plan-listed city or
/// provincial capital) of which only a named urban district is in scope.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CityLevel {
    Prefecture,
    Major,
}

impl CityLevel {
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim() {
            "prefecture" => Some(Self::Prefecture),
            "major" => Some(Self::Major),
            _ => None,
        }
    }
    pub fn key(self) -> &'static str {
        match self {
            Self::Prefecture => "prefecture",
            Self::Major => "major",
        }
    }
}

/// The atlas's main comparison: the Northeast against the inland Third Front.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegionGroup {
    /// 辽宁, 吉林, 黑龙江.
    Northeast,
    /// 大三线: 四川, 重庆, 贵州, 云南, 陕西, 甘肃, 宁夏, 青海.
    ThirdFrontCore,
    /// Provinces whose western parts the 1964 decision names (湘西, 鄂西, 豫西).
    ThirdFrontPartial,
    /// Everything else.
    Other,
}

impl RegionGroup {
    pub const ALL: [RegionGroup; 4] = [
        RegionGroup::Northeast,
        RegionGroup::ThirdFrontCore,
        RegionGroup::ThirdFrontPartial,
        RegionGroup::Other,
    ];
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim() {
            "northeast" => Some(Self::Northeast),
            "third_front_core" => Some(Self::ThirdFrontCore),
            "third_front_partial" => Some(Self::ThirdFrontPartial),
            "other" => Some(Self::Other),
            _ => None,
        }
    }
    pub fn key(self) -> &'static str {
        match self {
            Self::Northeast => "northeast",
            Self::ThirdFrontCore => "third_front_core",
            Self::ThirdFrontPartial => "third_front_partial",
            Self::Other => "other",
        }
    }
}

/// The National Bureau of Statistics' four economic regions (2011).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NbsRegion {
    East,
    Central,
    West,
    Northeast,
    /// Taiwan, Hong Kong and Macao are outside the NBS grouping.
    NotGrouped,
}

impl NbsRegion {
    pub const ALL: [NbsRegion; 5] = [
        NbsRegion::East,
        NbsRegion::Central,
        NbsRegion::West,
        NbsRegion::Northeast,
        NbsRegion::NotGrouped,
    ];
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim() {
            "east" => Some(Self::East),
            "central" => Some(Self::Central),
            "west" => Some(Self::West),
            "northeast" => Some(Self::Northeast),
            "none" => Some(Self::NotGrouped),
            _ => None,
        }
    }
    pub fn key(self) -> &'static str {
        match self {
            Self::East => "east",
            Self::Central => "central",
            Self::West => "west",
            Self::Northeast => "northeast",
            Self::NotGrouped => "none",
        }
    }
}

/// A named urban district, for the major cities whose district alone is in scope.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ScopeDistrict {
    pub name_zh: String,
    pub adcode: Option<u32>,
    pub point: Option<LonLat>,
}

/// One of the old industrial cities found so far.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct City {
    pub name_zh: String,
    pub name_en: String,
    pub province_zh: String,
    /// Adcode as given by the reference data (municipalities use the provincial code).
    pub adcode: u32,
    /// Adcode of the prefecture unit in the boundary data that holds this city.
    pub prefecture_adcode: u32,
    pub province_adcode: u32,
    pub level: CityLevel,
    pub scope_district: Option<ScopeDistrict>,
    pub point: LonLat,
    pub evidence: EvidenceTier,
    pub evidence_note: String,
    pub source: Source,
    pub coord_source: String,
    /// 1-based line in the embedded CSV, for error messages (in a user's list: its line).
    pub line: usize,
    /// (file, date) when a user's city list added or changed this city.
    pub list_source: Option<(String, String)>,
}

/// Province-level unit (34: 31 mainland provinces, Taiwan, Hong Kong, Macao).
#[derive(Clone, Debug)]
pub struct Province {
    pub adcode: u32,
    pub name_zh: String,
    pub name_en: String,
    pub region: RegionGroup,
    pub nbs_region: NbsRegion,
    pub region_source: Source,
    /// Whole-country level of detail.
    pub shape_country: MultiPolygon<f64>,
    /// Zoomed-in level of detail.
    pub shape_detail: MultiPolygon<f64>,
}

/// Prefecture-level unit of the boundary data (370).
#[derive(Clone, Debug)]
pub struct Prefecture {
    pub adcode: u32,
    pub name_zh: String,
    pub name_en: String,
    pub province_adcode: u32,
    /// Area of the detailed boundary on the equal-area projection.
    pub area_km2: f64,
    pub shape_country: MultiPolygon<f64>,
    pub shape_detail: MultiPolygon<f64>,
}

/// Unit a value is expressed in. Population is stored in persons (万人 converted on load);
/// GDP is kept in 亿元 as stated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Unit {
    /// 人
    Persons,
    /// 亿元 (100 million yuan)
    HundredMillionYuan,
}

impl Unit {
    pub fn symbol_zh(self) -> &'static str {
        match self {
            Unit::Persons => "人",
            Unit::HundredMillionYuan => "亿元",
        }
    }
    pub fn symbol_en(self) -> &'static str {
        match self {
            Unit::Persons => "persons",
            Unit::HundredMillionYuan => "100 million yuan",
        }
    }
}

/// Which geography a value describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IndicatorLevel {
    Country,
    Province,
    City,
}

/// One sourced value from `indicators.csv`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct IndicatorValue {
    pub level: IndicatorLevel,
    pub name_zh: String,
    pub adcode: Option<u32>,
    /// e.g. `GDP`, `resident_population_census7`.
    pub indicator: String,
    pub year: u16,
    /// Value in `unit` (after conversion).
    pub value: f64,
    pub unit: Unit,
    /// Unit as written in the source when it differed (e.g. 万人).
    pub original_unit: Option<String>,
    pub confidence: String,
    /// e.g. `preliminary` (预计 in a work report).
    pub qualifier: String,
    pub source: Source,
    pub line: usize,
}

impl IndicatorValue {
    /// A first release a later one may revise. A census count is final once published,
    /// whatever its row's qualifier says, so it is never shown as preliminary.
    pub fn is_preliminary(&self) -> bool {
        self.qualifier.starts_with("preliminary") && !self.indicator.contains("census")
    }
}

/// A national industrial heritage site (MIIT list). Its point is the district or city
/// centre, not the site itself.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HeritageSite {
    pub batch: u8,
    pub number: u32,
    pub name_zh: String,
    pub province_zh: String,
    pub city_zh: String,
    pub city_adcode: Option<u32>,
    pub point: Option<LonLat>,
    pub coord_level: String,
    pub coord_source: String,
    pub notice: String,
    pub source: Source,
    pub line: usize,
}

/// One of the 20 industrial transformation and upgrading demonstration zones, or a county park.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DemoZone {
    pub name_zh: String,
    pub kind: String,
    pub batch: String,
    pub year: Option<u16>,
    pub province_zh: String,
    /// Member names as printed in the source (short names, e.g. 沈阳).
    pub members: Vec<String>,
    /// Prefecture adcodes the members resolve to (members that are not prefectures do not resolve).
    pub member_adcodes: Vec<u32>,
    pub evaluation_2018: String,
    pub evaluation_2020: String,
    pub source: Source,
    pub note: String,
}

/// A figure stated in the 2024 article, with who stated it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ArticleFigure {
    pub id: String,
    pub value: f64,
    pub unit: String,
    pub meaning: String,
    pub speaker: String,
}

/// A foreign old industrial region the article draws lessons from.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct InternationalCase {
    pub id: String,
    pub name_en: String,
    pub name_zh: String,
    pub country: String,
    pub point: LonLat,
    pub coord_source: String,
    pub lessons: Vec<String>,
    pub figures: String,
}
