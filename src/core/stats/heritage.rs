//! National industrial heritage sites counted by MIIT batch and province group.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Group, Grouping};
use crate::core::dataset::Dataset;
use crate::core::filter::Filter;

/// Heritage sites per batch and group.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct HeritageByBatch {
    /// For every batch in the data: each group of the grouping (in display order) with its
    /// count (possibly 0).
    pub batches: BTreeMap<u8, Vec<(Group, usize)>>,
    /// Sites whose `province_zh` matches no province's `name_zh`.
    pub unmatched: usize,
    /// Sites in a province that the grouping leaves out (Taiwan, Hong Kong, Macao).
    pub ungrouped: usize,
    /// Sites in provinces that the filter excludes.
    pub filtered_out: usize,
}

impl HeritageByBatch {
    /// Sites counted in a group, in one batch.
    pub fn batch_total(&self, batch: u8) -> usize {
        self.batches
            .get(&batch)
            .map_or(0, |v| v.iter().map(|(_, n)| n).sum())
    }
}

/// Counts national industrial heritage sites by MIIT batch and province group, matching a
/// site's `province_zh` to a province's `name_zh`.
pub fn heritage_by_batch_and_group(ds: &Dataset, grouping: Grouping) -> HeritageByBatch {
    heritage_by_batch_and_group_filtered(ds, grouping, &Filter::default())
}

/// As [`heritage_by_batch_and_group`], counting only provinces that pass `filter`
/// (the others are counted in `filtered_out`).
pub fn heritage_by_batch_and_group_filtered(
    ds: &Dataset,
    grouping: Grouping,
    filter: &Filter,
) -> HeritageByBatch {
    let mut out = HeritageByBatch::default();
    for h in &ds.heritage {
        let row = out
            .batches
            .entry(h.batch)
            .or_insert_with(|| grouping.groups().iter().map(|&g| (g, 0)).collect());
        match ds.provinces.iter().find(|p| p.name_zh == h.province_zh) {
            None => out.unmatched += 1,
            Some(p) if !filter.province_passes(p) => out.filtered_out += 1,
            Some(p) => match grouping.group_of(p) {
                None => out.ungrouped += 1,
                Some(g) => {
                    if let Some(slot) = row.iter_mut().find(|(x, _)| *x == g) {
                        slot.1 += 1;
                    }
                }
            },
        }
    }
    out
}

/// The MIIT notice of a heritage batch as written in `heritage_sites.csv`
/// (e.g. `产业函〔2017〕589号 (2017-12)`).
pub fn heritage_batch_notice(ds: &Dataset, batch: u8) -> Option<&str> {
    ds.heritage
        .iter()
        .find(|h| h.batch == batch && !h.notice.is_empty())
        .map(|h| h.notice.as_str())
}

/// The year in a batch's notice date, read from the `(YYYY-MM)` part of the notice text.
pub fn heritage_batch_year(ds: &Dataset, batch: u8) -> Option<u16> {
    let notice = heritage_batch_notice(ds, batch)?;
    let start = notice.rfind('(')? + 1;
    let year = notice.get(start..start + 4)?;
    year.parse().ok()
}

/// Heritage sites in batches 1–5 of the dataset (the article's 195 are these batches).
pub fn heritage_batches_1_to_5(ds: &Dataset) -> usize {
    ds.heritage.iter().filter(|h| h.batch <= 5).count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::model::RegionGroup;
    use crate::core::stats::embedded_dataset as ds;

    #[test]
    fn heritage_batches_cover_every_site() {
        let ds = ds();
        let h = heritage_by_batch_and_group(&ds, Grouping::Nbs);
        assert_eq!(h.unmatched, 0);
        let total: usize = h.batches.keys().map(|&b| h.batch_total(b)).sum();
        assert_eq!(total + h.unmatched + h.ungrouped, ds.heritage.len());
        let first_five: usize = (1..=5).map(|b| h.batch_total(b)).sum();
        assert_eq!(first_five, heritage_batches_1_to_5(&ds));
        assert_eq!(heritage_batch_year(&ds, 1), Some(2017));
        let mut f = Filter::default();
        f.region_groups.insert(RegionGroup::Northeast);
        let ne = heritage_by_batch_and_group_filtered(&ds, Grouping::Nbs, &f);
        let ne_total: usize = ne.batches.keys().map(|&b| ne.batch_total(b)).sum();
        let expected = ds
            .heritage
            .iter()
            .filter(|s| ["辽宁省", "吉林省", "黑龙江省"].contains(&s.province_zh.as_str()))
            .count();
        assert_eq!(ne_total, expected);
        assert_eq!(ne_total + ne.filtered_out, ds.heritage.len());
    }
}
