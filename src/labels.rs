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
        ChartTab::Trends => lang.pick("逐年变化", "Over time"),
        ChartTab::Spatial => lang.pick("空间分析", "Spatial"),
    }
}

/// "no data" wherever a value is missing (never drawn as 0).
pub fn no_data(lang: Lang) -> &'static str {
    lang.pick("无数据", "no data")
}

/// "no data (YEAR)": a missing value says which year is missing.
pub fn no_data_in(year: u16, lang: Lang) -> String {
    format!("{} ({year})", no_data(lang))
}

/// What an evidence tier means, in a sentence (shown on hover wherever a tier is named).
pub fn tier_explanation(t: EvidenceTier, lang: Lang) -> &'static str {
    match t {
        EvidenceTier::Confirmed => lang.pick(
            "已确认：省或市的来源（常为该市政府工作报告）写明该市列入 2013 年规划。",
            "Confirmed: a provincial or city source (often the city's own work report) says it is in the 2013 plan.",
        ),
        EvidenceTier::Likely => lang.pick(
            "很可能：没有写明列入，但出现在只面向规划城市的省级项目或名单中。",
            "Likely: no sentence says it is in the plan, but it is named in a provincial programme meant for plan cities.",
        ),
        EvidenceTier::Indirect => lang.pick(
            "间接证据：出现在国家激励、示范区或搬迁试点等名单中；这些名单也包括非规划城市。",
            "Indirect evidence: named on national incentive, demonstration-zone or relocation lists, which also reach cities outside the plan.",
        ),
        EvidenceTier::Described => lang.pick(
            "被描述为老工业基地：被称作老工业基地，但没有来源说明它在规划名单中。",
            "Described: called an old industrial base, but no source says it is on the plan's list.",
        ),
    }
}

/// In English, what an evidence tier's Chinese quote says, as our own words: a gloss of the
/// tier the quote was filed under, never a translation of the quote.
pub fn tier_gloss(t: EvidenceTier) -> &'static str {
    match t {
        EvidenceTier::Confirmed => "the source says this city is included in the 2013 plan",
        EvidenceTier::Likely => {
            "the source names this city in a provincial programme meant for the plan's cities"
        }
        EvidenceTier::Indirect => {
            "the source names this city on a national list that also reaches cities outside the plan"
        }
        EvidenceTier::Described => "the source calls this city an old industrial base",
    }
}

/// A place name for the user's language: Chinese alone in Chinese; in English the sourced
/// English name beside it, or, where there is none, pinyin marked as such.
pub fn place_name(zh: &str, en: Option<&str>, lang: Lang) -> String {
    match (lang, en.filter(|e| !e.trim().is_empty())) {
        (Lang::Zh, _) => zh.to_owned(),
        (Lang::En, Some(en)) => format!("{zh}  {en}"),
        (Lang::En, None) => format!(
            "{zh}  {} (pinyin)",
            crate::core::romanize::pinyin_syllables(zh)
        ),
    }
}

/// What a city level means for the plan's scope (shown on hover).
pub fn level_explanation(major: bool, lang: Lang) -> &'static str {
    if major {
        lang.pick(
            "直辖市、计划单列市和省会：规划只包括所列的一个城区，而不是整个城市。",
            "Municipalities, plan-listed cities and provincial capitals: only the named urban district is in the plan, not the whole city.",
        )
    } else {
        lang.pick(
            "地级城市：整个地级市在规划范围内。",
            "Prefecture-level city: the whole city is in the plan.",
        )
    }
}

/// A spatial weights rule in words ("后式邻接", "6 nearest neighbours").
pub fn weights_rule(rule: crate::core::spatial::weights::Rule, lang: Lang) -> String {
    use crate::core::spatial::weights::Rule;
    match (rule, lang) {
        (Rule::Queen, Lang::Zh) => "后式邻接".to_owned(),
        (Rule::Rook, Lang::Zh) => "车式邻接".to_owned(),
        (Rule::Knn(k), Lang::Zh) => format!("{k} 个最近邻"),
        (Rule::DistanceBand(d), Lang::Zh) => format!("{d} 千米距离带"),
        (r, Lang::En) => r.describe(),
    }
}
