//! The two ways provinces are grouped for comparison, and their groups' names and colours.

use serde::{Deserialize, Serialize};

use crate::core::model::{NbsRegion, Province, RegionGroup};
use crate::core::palette::{Rgb, region_color};

/// How provinces are grouped for comparison.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Grouping {
    /// Northeast / Third Front core / rest of China (the atlas's main comparison).
    #[default]
    NortheastThirdFront,
    /// The National Bureau of Statistics' four economic regions.
    Nbs,
}

impl Grouping {
    pub const ALL: [Grouping; 2] = [Grouping::NortheastThirdFront, Grouping::Nbs];

    pub fn label(self, zh: bool) -> &'static str {
        match (self, zh) {
            (Self::NortheastThirdFront, true) => "东北 / 三线核心 / 其他地区",
            (Self::NortheastThirdFront, false) => "Northeast / Third Front core / rest of China",
            (Self::Nbs, true) => "国家统计局四大区域",
            (Self::Nbs, false) => "NBS four regions",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Self::NortheastThirdFront => "ne-tf",
            Self::Nbs => "nbs",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|g| g.key() == key)
    }

    /// The groups of this grouping, in display order.
    pub fn groups(self) -> &'static [Group] {
        match self {
            Self::NortheastThirdFront => {
                &[Group::Northeast, Group::ThirdFrontCore, Group::RestOfChina]
            }
            Self::Nbs => &[
                Group::NbsEast,
                Group::NbsCentral,
                Group::NbsWest,
                Group::NbsNortheast,
            ],
        }
    }

    /// The group a province belongs to, from `regions.csv`.
    ///
    /// Both groupings cover the 31 mainland provinces: Taiwan, Hong Kong and Macao are
    /// outside the NBS division and have no sourced province values in the reference data,
    /// so they are in no group (`None`) rather than counted as gaps of "rest of China".
    ///
    /// In [`Grouping::NortheastThirdFront`], Hunan, Hubei and Henan (whose western parts,
    /// 湘西, 鄂西, 豫西, the 1964 decision names) go to "rest of China": at province level
    /// the western parts cannot be separated from the rest of the province, and no source
    /// gives a prefecture-level list.
    pub fn group_of(self, p: &Province) -> Option<Group> {
        if p.nbs_region == NbsRegion::NotGrouped {
            return None;
        }
        Some(match self {
            Self::NortheastThirdFront => match p.region {
                RegionGroup::Northeast => Group::Northeast,
                RegionGroup::ThirdFrontCore => Group::ThirdFrontCore,
                RegionGroup::ThirdFrontPartial | RegionGroup::Other => Group::RestOfChina,
            },
            Self::Nbs => match p.nbs_region {
                NbsRegion::East => Group::NbsEast,
                NbsRegion::Central => Group::NbsCentral,
                NbsRegion::West => Group::NbsWest,
                NbsRegion::Northeast => Group::NbsNortheast,
                NbsRegion::NotGrouped => return None,
            },
        })
    }
}

/// One group of a [`Grouping`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Group {
    /// 辽宁, 吉林, 黑龙江 ([`RegionGroup::Northeast`]).
    Northeast,
    /// 大三线 core ([`RegionGroup::ThirdFrontCore`]).
    ThirdFrontCore,
    /// [`RegionGroup::ThirdFrontPartial`] and [`RegionGroup::Other`] (mainland).
    RestOfChina,
    NbsEast,
    NbsCentral,
    NbsWest,
    NbsNortheast,
}

impl Group {
    pub fn key(self) -> &'static str {
        match self {
            Self::Northeast => "northeast",
            Self::ThirdFrontCore => "third_front_core",
            Self::RestOfChina => "rest_of_china",
            Self::NbsEast => "nbs_east",
            Self::NbsCentral => "nbs_central",
            Self::NbsWest => "nbs_west",
            Self::NbsNortheast => "nbs_northeast",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Northeast => "东北",
            Self::ThirdFrontCore => "三线核心",
            Self::RestOfChina => "其他地区",
            Self::NbsEast => "东部",
            Self::NbsCentral => "中部",
            Self::NbsWest => "西部",
            Self::NbsNortheast => "东北",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Self::Northeast => "Northeast",
            Self::ThirdFrontCore => "Third Front core",
            Self::RestOfChina => "Rest of China",
            Self::NbsEast => "East",
            Self::NbsCentral => "Central",
            Self::NbsWest => "West",
            Self::NbsNortheast => "Northeast",
        }
    }

    pub fn label(self, zh: bool) -> &'static str {
        if zh { self.label_zh() } else { self.label_en() }
    }

    /// Okabe–Ito colour. The Northeast/Third Front groups use the map's region colours
    /// ("rest of China" takes the colour of "other"); the NBS regions reuse the same set so
    /// that the Northeast is blue in both groupings and no two NBS regions share a colour.
    pub fn color(self) -> Rgb {
        match self {
            Self::Northeast | Self::NbsNortheast => region_color(RegionGroup::Northeast),
            Self::ThirdFrontCore => region_color(RegionGroup::ThirdFrontCore),
            Self::RestOfChina => region_color(RegionGroup::Other),
            Self::NbsEast => [0x00, 0x9e, 0x73],
            Self::NbsCentral => [0xe6, 0x9f, 0x00],
            Self::NbsWest => [0xd5, 0x5e, 0x00],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grouping_keys_round_trip() {
        for g in Grouping::ALL {
            assert_eq!(Grouping::from_key(g.key()), Some(g));
        }
    }
}
