//! Group lines over time from the prefecture panel: one line per group (Northeast, Third
//! Front core, rest of China; or plan cities against other prefectures), over a period.
//!
//! Each line is a balanced panel: the same units in every year of the period (N stated), so a
//! line never rises because more cities report. Units whose boundaries changed (莱芜 into
//! 济南 2019, 巢湖 2011, 公主岭 to 长春 2020, and the cities that received or lost them) are
//! left out of every line and named. Totals are sums; ratios are Σ (value × weight) ÷ Σ weight
//! over the units with both in every year, else (no unit has both) the median of the units'
//! values, which the line then says.

use std::ops::RangeInclusive;

use super::groups::{Group, Grouping};
use crate::core::dataset::Dataset;
use crate::core::model::{CityLevel, EvidenceTier};
use crate::core::panel::{Aggregate, Panel, PanelColumn, column};

/// How the panel's units are split into lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum LineSplit {
    /// By region group of the unit's province.
    #[default]
    Regions,
    /// Prefecture-level plan cities found so far (confirmed tier) against all other units.
    PlanCities,
    /// One line per province (its prefecture-level units), Northeast first, then the Third
    /// Front core, then the rest: the small multiples.
    Provinces,
    /// The user's own groups, and all other units.
    MyGroups,
}

/// One line's units.
#[derive(Clone, Debug, PartialEq)]
pub struct LineGroup {
    pub label_zh: String,
    pub label_en: String,
    /// The group's colour, for the regions.
    pub group: Option<Group>,
    /// A user group's own colour.
    pub color: Option<crate::core::palette::Rgb>,
    pub units: Vec<usize>,
}

/// How a line combines its units.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Basis {
    Sum,
    Weighted(&'static str),
    /// The weight is missing for some unit and year: the median of the units' values.
    Median,
}

/// One line: the units in it (balanced), how they combine, and (year, value) points.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub group: LineGroup,
    /// Units in the group with a value in every year of the period.
    pub balanced: Vec<usize>,
    /// Units of the group left out for a missing year.
    pub incomplete: usize,
    pub basis: Basis,
    pub points: Vec<(i32, f64)>,
}

impl Line {
    /// The line as an index: `base_year` = 100 (`None` when the base year has no value).
    pub fn indexed(&self, base_year: i32) -> Option<Vec<(i32, f64)>> {
        let base = self.points.iter().find(|(y, _)| *y == base_year)?.1;
        (base != 0.0).then(|| {
            self.points
                .iter()
                .map(|&(y, v)| (y, v / base * 100.0))
                .collect()
        })
    }
}

/// The lines for one indicator and period, with the units left out for boundary changes.
#[derive(Clone, Debug, PartialEq)]
pub struct Trajectories {
    pub column: &'static PanelColumn,
    pub years: RangeInclusive<i32>,
    pub lines: Vec<Line>,
    /// Units left out because their boundaries changed.
    pub boundary_excluded: Vec<usize>,
}

/// The units of each line. Units without today's boundary or with a boundary change are
/// in no group (they are reported separately).
pub fn line_groups(ds: &Dataset, split: LineSplit) -> Vec<LineGroup> {
    let panel = &ds.panel;
    let comparable = |u: &usize| panel.units[*u].boundary_change.is_none();
    let province_of = |u: usize| {
        let adcode = panel.units[u].adcode?;
        ds.province(ds.prefecture(adcode)?.province_adcode)
    };
    match split {
        // The user's groups live in the settings: see `user_line_groups`.
        LineSplit::MyGroups => Vec::new(),
        LineSplit::Regions => Grouping::NortheastThirdFront
            .groups()
            .iter()
            .map(|&g| LineGroup {
                color: None,
                label_zh: g.label_zh().to_owned(),
                label_en: g.label_en().to_owned(),
                group: Some(g),
                units: (0..panel.units.len())
                    .filter(comparable)
                    .filter(|&u| {
                        province_of(u).and_then(|p| Grouping::NortheastThirdFront.group_of(p))
                            == Some(g)
                    })
                    .collect(),
            })
            .collect(),
        LineSplit::Provinces => {
            let grouping = Grouping::NortheastThirdFront;
            let mut provinces: Vec<_> = ds
                .provinces
                .iter()
                .filter_map(|p| Some((grouping.group_of(p)?, p)))
                .collect();
            // Region order, then adcode order within a region.
            let rank = |g: Group| grouping.groups().iter().position(|x| *x == g);
            provinces.sort_by_key(|(g, p)| (rank(*g), p.adcode));
            provinces
                .into_iter()
                .map(|(g, p)| LineGroup {
                    color: None,
                    label_zh: p.name_zh.clone(),
                    label_en: p.name_en.clone(),
                    group: Some(g),
                    units: (0..panel.units.len())
                        .filter(comparable)
                        .filter(|&u| province_of(u).is_some_and(|q| q.adcode == p.adcode))
                        .collect(),
                })
                // Municipalities and provinces the panel has no prefecture units for.
                .filter(|l| !l.units.is_empty())
                .collect()
        }
        LineSplit::PlanCities => {
            let plan: Vec<u32> = ds
                .cities
                .iter()
                .filter(|c| {
                    c.level == CityLevel::Prefecture && c.evidence == EvidenceTier::Confirmed
                })
                .map(|c| c.prefecture_adcode)
                .collect();
            let is_plan = |u: usize| panel.units[u].adcode.is_some_and(|a| plan.contains(&a));
            let drawn: Vec<usize> = (0..panel.units.len())
                .filter(comparable)
                .filter(|&u| panel.units[u].adcode.is_some())
                .collect();
            vec![
                LineGroup {
                    color: None,
                    label_zh: "老工业城市（已确认的地级市）".to_owned(),
                    label_en: "Old industrial cities (confirmed, prefecture-level)".to_owned(),
                    group: None,
                    units: drawn.iter().copied().filter(|&u| is_plan(u)).collect(),
                },
                LineGroup {
                    color: None,
                    label_zh: "其他地级单位".to_owned(),
                    label_en: "Other prefecture-level units".to_owned(),
                    group: None,
                    units: drawn.iter().copied().filter(|&u| !is_plan(u)).collect(),
                },
            ]
        }
    }
}

/// One line per user group (its prefecture units; a province group's are the prefectures
/// in its provinces), and one for all other units; boundary changes left out as elsewhere.
pub fn user_line_groups(ds: &Dataset, groups: &[crate::core::groups::UserGroup]) -> Vec<LineGroup> {
    let panel = &ds.panel;
    let drawn: Vec<(usize, u32)> = (0..panel.units.len())
        .filter(|&u| panel.units[u].boundary_change.is_none())
        .filter_map(|u| Some((u, panel.units[u].adcode?)))
        .collect();
    let mut lines: Vec<LineGroup> = groups
        .iter()
        .map(|g| LineGroup {
            label_zh: g.name.clone(),
            label_en: g.name.clone(),
            group: None,
            color: Some(g.color),
            units: drawn
                .iter()
                .filter(|(_, a)| g.has_prefecture(ds, *a))
                .map(|(u, _)| *u)
                .collect(),
        })
        .collect();
    lines.push(LineGroup {
        label_zh: "其余地级单位".to_owned(),
        label_en: "All other prefecture-level units".to_owned(),
        group: None,
        color: None,
        units: drawn
            .iter()
            .filter(|(_, a)| !groups.iter().any(|g| g.has_prefecture(ds, *a)))
            .map(|(u, _)| *u)
            .collect(),
    });
    lines
}

/// Lines of `column` over `years` for each group.
pub fn trajectories(
    ds: &Dataset,
    column: &'static PanelColumn,
    years: RangeInclusive<i32>,
    split: LineSplit,
) -> Trajectories {
    trajectories_of(ds, column, years, line_groups(ds, split))
}

/// Lines of `column` over `years` for the given groups of units.
pub fn trajectories_of(
    ds: &Dataset,
    column: &'static PanelColumn,
    years: RangeInclusive<i32>,
    groups: Vec<LineGroup>,
) -> Trajectories {
    let panel = &ds.panel;
    let lines = groups
        .into_iter()
        .map(|group| line(panel, column, &years, group))
        .collect();
    Trajectories {
        column,
        years,
        lines,
        boundary_excluded: (0..panel.units.len())
            .filter(|&u| panel.units[u].boundary_change.is_some())
            .collect(),
    }
}

fn line(
    panel: &Panel,
    column: &'static PanelColumn,
    years: &RangeInclusive<i32>,
    group: LineGroup,
) -> Line {
    let complete =
        |c: &PanelColumn, u: usize| years.clone().all(|y| panel.value(c, u, y).is_some());
    let with_value: Vec<usize> = group
        .units
        .iter()
        .copied()
        .filter(|&u| complete(column, u))
        .collect();
    // A ratio is weighted over the units with its weight in every year too; only when no
    // unit has both does the line fall back to the median (and says so).
    let (basis, balanced) = match column.aggregate {
        Aggregate::Sum => (Basis::Sum, with_value),
        Aggregate::WeightedBy(w) => {
            let weighted: Vec<usize> = match crate::core::panel::column(w) {
                Some(wc) => with_value
                    .iter()
                    .copied()
                    .filter(|&u| complete(wc, u))
                    .collect(),
                None => Vec::new(),
            };
            if weighted.is_empty() {
                (Basis::Median, with_value)
            } else {
                (Basis::Weighted(w), weighted)
            }
        }
    };
    let incomplete = group.units.len() - balanced.len();
    let points = if balanced.is_empty() {
        Vec::new()
    } else {
        years
            .clone()
            .filter_map(|y| {
                let value = |u: usize| panel.value(column, u, y);
                let v = match basis {
                    Basis::Sum => balanced.iter().filter_map(|&u| value(u)).sum(),
                    Basis::Weighted(w) => {
                        let wc = crate::core::panel::column(w)?;
                        let (num, den) = balanced.iter().fold((0.0, 0.0), |(n, d), &u| {
                            let (v, w) = (
                                value(u).unwrap_or(0.0),
                                panel.value(wc, u, y).unwrap_or(0.0),
                            );
                            (n + v * w, d + w)
                        });
                        if den == 0.0 {
                            return None;
                        }
                        num / den
                    }
                    Basis::Median => median(balanced.iter().filter_map(|&u| value(u)).collect())?,
                };
                Some((y, v))
            })
            .collect()
    };
    Line {
        group,
        balanced,
        incomplete,
        basis,
        points,
    }
}

fn median(mut v: Vec<f64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    })
}

/// A unit's own series over the period (the selected city's line), with gaps where the file
/// has none.
pub fn unit_series(
    ds: &Dataset,
    column: &PanelColumn,
    unit: usize,
    years: RangeInclusive<i32>,
) -> Vec<(i32, f64)> {
    years
        .filter_map(|y| Some((y, ds.panel.value(column, unit, y)?)))
        .collect()
}

/// One plan city's values at the two ends of a slope chart.
#[derive(Clone, Debug, PartialEq)]
pub struct Slope {
    pub unit: usize,
    pub group: Option<Group>,
    pub from: f64,
    pub to: f64,
}

/// The confirmed prefecture-level plan cities with a value in both years, each with its
/// region group (boundary changes left out, as in the lines).
pub fn plan_city_slopes(ds: &Dataset, column: &PanelColumn, from: i32, to: i32) -> Vec<Slope> {
    let panel = &ds.panel;
    let Some(plan) = line_groups(ds, LineSplit::PlanCities).into_iter().next() else {
        return Vec::new();
    };
    plan.units
        .into_iter()
        .filter_map(|u| {
            let group = panel.units[u]
                .adcode
                .and_then(|a| ds.prefecture(a))
                .and_then(|p| ds.province(p.province_adcode))
                .and_then(|p| Grouping::NortheastThirdFront.group_of(p));
            Some(Slope {
                unit: u,
                group,
                from: panel.value(column, u, from)?,
                to: panel.value(column, u, to)?,
            })
        })
        .collect()
}

/// Years in which the data's README says series break (economic-census revisions), marked on
/// the charts so a step is not read as growth or decline.
pub const BREAK_YEARS: [i32; 4] = [2004, 2008, 2013, 2018];

/// The plan's first year, marked on the charts.
pub const PLAN_START: i32 = 2013;

/// The article's "GDP of the 95 cities" recomputed from the panel: the sum over the
/// prefecture-level plan cities found so far that have a value in both years (the same cities
/// in both), never extrapolated to the cities not found or without values.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanCitiesGdp {
    pub from_year: i32,
    pub to_year: i32,
    /// Prefecture-level cities in the reference list (any evidence tier).
    pub candidates: usize,
    /// Units summed, and how many of them are confirmed plan cities.
    pub summed: Vec<usize>,
    pub confirmed: usize,
    /// Sums in 亿元 (nominal).
    pub total_from: f64,
    pub total_to: f64,
    /// Candidates left out for a boundary change, and for a missing value.
    pub boundary_excluded: Vec<usize>,
    pub missing: usize,
}

pub fn plan_cities_gdp(ds: &Dataset, from_year: i32, to_year: i32) -> Option<PlanCitiesGdp> {
    let gdp = column("gdp")?;
    let panel = &ds.panel;
    let candidates: Vec<_> = ds
        .cities
        .iter()
        .filter(|c| c.level == CityLevel::Prefecture)
        .collect();
    let mut summed = Vec::new();
    let (mut confirmed, mut missing) = (0, 0);
    let mut boundary_excluded = Vec::new();
    for c in &candidates {
        let Some(u) = panel.unit_at(c.prefecture_adcode) else {
            missing += 1;
            continue;
        };
        if panel.units[u].boundary_change.is_some() {
            boundary_excluded.push(u);
            continue;
        }
        if panel.value(gdp, u, from_year).is_none() || panel.value(gdp, u, to_year).is_none() {
            missing += 1;
            continue;
        }
        if summed.contains(&u) {
            continue;
        }
        summed.push(u);
        confirmed += usize::from(c.evidence == EvidenceTier::Confirmed);
    }
    let total = |y: i32| summed.iter().filter_map(|&u| panel.value(gdp, u, y)).sum();
    Some(PlanCitiesGdp {
        from_year,
        to_year,
        candidates: candidates.len(),
        total_from: total(from_year),
        total_to: total(to_year),
        summed,
        confirmed,
        boundary_excluded,
        missing,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ds() -> Dataset {
        Dataset::load_embedded().expect("embedded data")
    }

    #[test]
    fn province_lines_cover_each_prefecture_unit_once_in_region_order() {
        let ds = ds();
        let gdp = column("gdp").unwrap();
        let t = trajectories(&ds, gdp, 2000..=2023, LineSplit::Provinces);
        let names: Vec<&str> = t.lines.iter().map(|l| l.group.label_zh.as_str()).collect();
        assert_eq!(&names[..3], ["辽宁省", "吉林省", "黑龙江省"]);
        // A province without units in the panel gets no line, not an empty one.
        assert!(
            t.lines.iter().all(|l| !l.group.units.is_empty()),
            "{names:?}"
        );
        let region = |l: &Line| l.group.group;
        assert!(
            t.lines
                .windows(2)
                .all(|w| region(&w[0]) == region(&w[1]) || region(&w[1]) != Some(Group::Northeast)),
            "regions stay together"
        );
        // The provinces' units are the regions' units, each once.
        let mut by_province: Vec<usize> =
            t.lines.iter().flat_map(|l| l.group.units.clone()).collect();
        let mut by_region: Vec<usize> = line_groups(&ds, LineSplit::Regions)
            .into_iter()
            .flat_map(|g| g.units)
            .collect();
        by_province.sort_unstable();
        by_region.sort_unstable();
        assert_eq!(by_province, by_region);
        // 辽宁's line is the sum of its balanced units.
        let ln = &t.lines[0];
        let (y, v) = ln.points[0];
        let sum: f64 = ln
            .balanced
            .iter()
            .filter_map(|&u| ds.panel.value(gdp, u, y))
            .sum();
        assert!((v - sum).abs() < 1e-6);
    }

    #[test]
    fn a_sum_line_is_balanced_and_adds_up_its_units() {
        let ds = ds();
        let gdp = column("gdp").unwrap();
        let t = trajectories(&ds, gdp, 2000..=2023, LineSplit::Regions);
        assert_eq!(t.lines.len(), 3);
        for line in &t.lines {
            assert_eq!(line.basis, Basis::Sum);
            assert_eq!(line.points.len(), 24, "{}", line.group.label_en);
            assert!(!line.balanced.is_empty());
            // The same units every year: each year's point is the sum over `balanced`.
            for &(y, v) in &line.points {
                let sum: f64 = line
                    .balanced
                    .iter()
                    .map(|&u| ds.panel.value(gdp, u, y).unwrap())
                    .sum();
                assert!((sum - v).abs() < 1e-6);
            }
        }
        let ne = &t.lines[0];
        assert_eq!(ne.group.group, Some(Group::Northeast));
        // Boundary changes are named and in no line.
        for name in ["济南市", "莱芜市", "巢湖市", "长春市", "四平市"] {
            let u = ds
                .panel
                .units
                .iter()
                .position(|u| u.name_zh == name)
                .unwrap();
            assert!(t.boundary_excluded.contains(&u), "{name}");
            assert!(
                t.lines.iter().all(|l| !l.group.units.contains(&u)),
                "{name}"
            );
        }
        // Indexed: the base year is 100.
        let idx = ne.indexed(2013).unwrap();
        assert!(
            idx.iter()
                .any(|&(y, v)| y == 2013 && (v - 100.0).abs() < 1e-9)
        );
    }

    #[test]
    fn a_share_is_weighted_by_its_base_or_a_stated_median_when_weights_lack() {
        let ds = ds();
        let share = column("secondary_share").unwrap();
        let t = trajectories(&ds, share, 2000..=2019, LineSplit::Regions);
        let line = &t.lines[0];
        assert_eq!(line.basis, Basis::Weighted("gdp"));
        let (y, v) = line.points[0];
        let values: Vec<f64> = line
            .balanced
            .iter()
            .map(|&u| ds.panel.value(share, u, y).unwrap())
            .collect();
        let (lo, hi) = values
            .iter()
            .fold((f64::MAX, f64::MIN), |(a, b), &x| (a.min(x), b.max(x)));
        assert!(lo <= v && v <= hi, "{lo} ≤ {v} ≤ {hi}");
        // GDP per capita weighs by average population, which the file lacks after 2019.
        let pc = column("gdp_per_capita").unwrap();
        let t = trajectories(&ds, pc, 2000..=2023, LineSplit::Regions);
        assert!(t.lines.iter().all(|l| l.basis == Basis::Median));
        let t = trajectories(&ds, pc, 2000..=2019, LineSplit::Regions);
        assert!(
            t.lines
                .iter()
                .all(|l| l.basis == Basis::Weighted("pop_avg"))
        );
    }

    #[test]
    fn the_plan_cities_gdp_sums_the_same_cities_in_both_years_and_counts_its_coverage() {
        let ds = ds();
        let g = plan_cities_gdp(&ds, 2013, 2023).unwrap();
        let gdp = column("gdp").unwrap();
        assert_eq!(
            g.summed.len() + g.boundary_excluded.len() + g.missing,
            g.candidates,
            "every candidate is summed or accounted for"
        );
        assert!(g.summed.len() <= 95 && g.confirmed <= g.summed.len());
        let manual: f64 = g
            .summed
            .iter()
            .map(|&u| ds.panel.value(gdp, u, 2023).unwrap())
            .sum();
        assert!((manual - g.total_to).abs() < 1e-6);
        // Nominal growth over the decade: more in 2023 than 2013.
        assert!(g.total_to > g.total_from && g.total_from > 0.0);
    }

    #[test]
    fn plan_cities_and_the_rest_split_the_drawn_units() {
        let ds = ds();
        let groups = line_groups(&ds, LineSplit::PlanCities);
        assert_eq!(groups.len(), 2);
        let plan = &groups[0].units;
        assert!(!plan.is_empty() && plan.len() < 95);
        assert!(plan.iter().all(|u| !groups[1].units.contains(u)));
    }
}
