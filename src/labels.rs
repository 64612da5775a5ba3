//! Every user-facing name of a concept, in Chinese and English, in one place: the map,
//! charts, panels and exports all call these, so a concept reads the same everywhere.

use crate::core::classify::Method;
use crate::core::model::{EvidenceTier, RegionGroup};
use crate::core::settings::{ChartTab, Lang};

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

/// A region group's name, with the provinces it holds where that is short enough to say.
pub fn region_label(g: RegionGroup, lang: Lang) -> &'static str {
    match g {
        RegionGroup::Northeast => lang.pick("东北（辽吉黑）", "Northeast"),
        RegionGroup::ThirdFrontCore => lang.pick("三线核心（大三线）", "Third Front core"),
        RegionGroup::ThirdFrontPartial => lang.pick(
            "三线西部地区所在省（湘鄂豫）",
            "Third Front west (Hunan, Hubei, Henan)",
        ),
        RegionGroup::Other => lang.pick("其他", "Other"),
    }
}

/// Region group names where space is short (chart legends and axes).
pub fn region_short_label(g: RegionGroup, lang: Lang) -> &'static str {
    match g {
        RegionGroup::Northeast => lang.pick("东北", "Northeast"),
        RegionGroup::ThirdFrontCore => lang.pick("三线核心", "Third Front core"),
        RegionGroup::ThirdFrontPartial => lang.pick(
            "湘鄂豫（西部属三线）",
            "Hunan, Hubei, Henan (west: Third Front)",
        ),
        RegionGroup::Other => lang.pick("其他", "Other"),
    }
}

pub fn method_label(m: Method, lang: Lang) -> &'static str {
    match m {
        Method::Quantile => lang.pick("分位数", "Quantile"),
        Method::EqualInterval => lang.pick("等间距", "Equal interval"),
        Method::NaturalBreaks => lang.pick("自然断点（Jenks）", "Natural breaks (Jenks)"),
    }
}

pub fn chart_title(tab: ChartTab, lang: Lang) -> &'static str {
    match tab {
        ChartTab::RegionComparison => lang.pick("区域对比", "Regions"),
        ChartTab::ProvinceRanking => lang.pick("省级排名", "Ranking"),
        ChartTab::Growth => lang.pick("增长", "Growth"),
        ChartTab::Heritage => lang.pick("工业遗产", "Heritage"),
        ChartTab::ArticleFigures => lang.pick("文章数据", "Article figures"),
    }
}

/// "no data" wherever a value is missing (never drawn as 0).
pub fn no_data(lang: Lang) -> &'static str {
    lang.pick("无数据", "no data")
}
