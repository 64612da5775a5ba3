//! Aggregates for the charts: region groups, province rankings, growth, heritage by batch,
//! and the national GDP from the NBS communiqués. Plain functions over the dataset, no UI.
//!
//! Nothing here fills in data: a sum over a group is only given when every province of the
//! group has a sourced value (otherwise `None`, with the provinces that lack one named), and
//! every derived number states its basis in its doc comment.

mod groups;
mod growth;
mod heritage;
mod ranking;
mod regions;
pub mod selection;
pub mod trajectory;

use super::dataset::Dataset;

pub use groups::{Group, Grouping};
pub use growth::{
    GrowthPoint, article_95_growth_from_levels, growth_multiple, growth_points, national_gdp,
    national_growth_nominal,
};
pub use heritage::{
    HeritageByBatch, heritage_batch_notice, heritage_batch_year, heritage_batches_1_to_5,
    heritage_by_batch_and_group, heritage_by_batch_and_group_filtered,
};
pub use ranking::{RankEntry, imported_ranking, province_ranking};
pub use regions::{GroupAggregate, MissingCounts, region_aggregates, user_group_aggregate};

/// Ids of the article's figures in `article_figures.csv` that the charts use.
pub mod figure_ids {
    /// GDP of the 95 prefecture-level old industrial cities, 2013 (trillion yuan).
    pub const GDP_95_2013: &str = "gdp_95_prefecture_2013";
    /// The same, end of 2023 (trillion yuan).
    pub const GDP_95_2023: &str = "gdp_95_prefecture_2023";
    /// Growth multiple of the 95 cities' GDP, 2013→2023 (times).
    pub const GROWTH_95: &str = "gdp_growth_95_prefecture";
    /// The article's national growth multiple over the same period (times; basis unstated).
    pub const GROWTH_NATIONAL: &str = "gdp_growth_national";
    /// MIIT national industrial heritage, five batches.
    pub const NATIONAL_HERITAGE: &str = "national_industrial_heritage";
    /// China Industrial Heritage Protection List, three batches.
    pub const PROTECTION_LIST: &str = "heritage_protection_list";
    /// National industrial tourism demonstration bases.
    pub const TOURISM_BASES: &str = "industrial_tourism_bases";
    /// National mine parks, three batches.
    pub const MINE_PARKS: &str = "national_mine_parks";
    /// National-level industrial heritage after removing duplicates across the four lists.
    pub const HERITAGE_TOTAL: &str = "national_level_heritage_total";
    /// Old industrial bases in the three Northeast provinces.
    pub const NORTHEAST_BASES: &str = "northeast_bases";
}

/// A province's sourced GDP for a year (亿元), for the topics that sum or compare it.
fn gdp(ds: &Dataset, adcode: u32, year: u16) -> Option<f64> {
    ds.province_value(adcode, "GDP", year).map(|v| v.value)
}

/// A province's resident population in the 2020 census (persons).
fn population(ds: &Dataset, adcode: u32) -> Option<f64> {
    ds.province_value(adcode, "resident_population_census7", 2020)
        .map(|v| v.value)
}

/// The value of one of the article's figures, if the dataset has it.
pub fn figure_value(ds: &Dataset, id: &str) -> Option<f64> {
    ds.figure(id).map(|f| f.value)
}

/// The embedded dataset, which the tests of every topic check against.
#[cfg(test)]
fn embedded_dataset() -> Dataset {
    Dataset::load_embedded().expect("embedded data")
}
