//! Spatial weights: who neighbours whom. Contiguity (queen: a shared boundary point; rook: a
//! shared boundary segment) is read from the detailed outlines with a small tolerance, so
//! simplification does not break it; k nearest neighbours and a distance band use the units'
//! centroids on the equal-area projection. Islands (no neighbours, e.g. Hainan under
//! contiguity) are reported, never dropped silently. GeoDa's `.gal` and `.gwt` files are read
//! and written; a malformed or mismatched file is refused with its line and reason.

use std::collections::{BTreeSet, HashMap};

use geo::{Centroid, MultiPolygon};

use crate::core::dataset::Dataset;
use crate::core::projection::Albers;

/// Which units the weights are between.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, Default,
)]
pub enum UnitLevel {
    #[default]
    Province,
    Prefecture,
}

/// How neighbours are found.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Rule {
    Queen,
    Rook,
    /// The k nearest centroids.
    Knn(usize),
    /// Centroids within this many km.
    DistanceBand(f64),
}

impl Rule {
    pub fn describe(self) -> String {
        match self {
            Rule::Queen => "queen contiguity".to_owned(),
            Rule::Rook => "rook contiguity".to_owned(),
            Rule::Knn(k) => format!("{k} nearest neighbours"),
            Rule::DistanceBand(d) => format!("distance band {d} km"),
        }
    }

    /// Whether the weights are symmetric by construction (k nearest neighbours are not).
    pub fn symmetric(self) -> bool {
        !matches!(self, Rule::Knn(_))
    }
}

/// Binary weights between units (row-standardise with [`Weights::row_standardised`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Weights {
    /// The units' ids (adcodes), in order.
    pub ids: Vec<u32>,
    /// Per unit, its neighbours (indexes into `ids`) with their weights.
    pub neighbors: Vec<Vec<(usize, f64)>>,
}

impl Weights {
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Units without neighbours.
    pub fn islands(&self) -> Vec<u32> {
        self.ids
            .iter()
            .zip(&self.neighbors)
            .filter(|(_, n)| n.is_empty())
            .map(|(id, _)| *id)
            .collect()
    }

    /// Each unit's number of neighbours.
    pub fn cardinalities(&self) -> Vec<usize> {
        self.neighbors.iter().map(Vec::len).collect()
    }

    /// The same weights with each row summing to 1 (islands keep an empty row).
    pub fn row_standardised(&self) -> Self {
        let neighbors = self
            .neighbors
            .iter()
            .map(|row| {
                let sum: f64 = row.iter().map(|(_, w)| w).sum();
                row.iter()
                    .map(|&(j, w)| (j, if sum > 0.0 { w / sum } else { 0.0 }))
                    .collect()
            })
            .collect();
        Self {
            ids: self.ids.clone(),
            neighbors,
        }
    }

    /// The weights among the units `keep` says yes to (those with data), as PySAL's
    /// `w_subset`: links to dropped units go, and a unit may become an island.
    pub fn subset(&self, keep: impl Fn(u32) -> bool) -> Self {
        let kept: Vec<usize> = (0..self.len()).filter(|&i| keep(self.ids[i])).collect();
        let new_index: HashMap<usize, usize> =
            kept.iter().enumerate().map(|(n, &o)| (o, n)).collect();
        Self {
            ids: kept.iter().map(|&i| self.ids[i]).collect(),
            neighbors: kept
                .iter()
                .map(|&i| {
                    self.neighbors[i]
                        .iter()
                        .filter_map(|&(j, w)| Some((*new_index.get(&j)?, w)))
                        .collect()
                })
                .collect(),
        }
    }

    /// The spatial lag of `values` (Σ_j w_ij x_j per unit).
    pub fn lag(&self, values: &[f64]) -> Vec<f64> {
        self.neighbors
            .iter()
            .map(|row| row.iter().map(|&(j, w)| w * values[j]).sum())
            .collect()
    }
}

/// The shapes of a level's units, with their ids.
fn shapes(ds: &Dataset, level: UnitLevel) -> Vec<(u32, &MultiPolygon<f64>)> {
    match level {
        UnitLevel::Province => ds
            .provinces
            .iter()
            .map(|p| (p.adcode, &p.shape_detail))
            .collect(),
        UnitLevel::Prefecture => ds
            .prefectures
            .iter()
            .map(|p| (p.adcode, &p.shape_detail))
            .collect(),
    }
}

/// Tolerance for shared boundary points on the equal-area projection, in metres: outlines
/// simplified to tens of metres still meet within it.
pub const CONTIGUITY_TOLERANCE_M: f64 = 200.0;

/// Builds weights by `rule` between the units of `level`.
pub fn build(ds: &Dataset, level: UnitLevel, rule: Rule) -> Weights {
    let units = shapes(ds, level);
    let proj = Albers::china();
    let ids: Vec<u32> = units.iter().map(|(id, _)| *id).collect();
    let neighbors = match rule {
        Rule::Queen | Rule::Rook => contiguity(&units, &proj, rule == Rule::Rook),
        Rule::Knn(k) => {
            let c = centroids(&units, &proj);
            knn(&c, k)
        }
        Rule::DistanceBand(km) => {
            let c = centroids(&units, &proj);
            distance_band(&c, km * 1000.0)
        }
    };
    Weights { ids, neighbors }
}

/// Projected centroids (metres).
pub fn centroids(units: &[(u32, &MultiPolygon<f64>)], proj: &Albers) -> Vec<[f64; 2]> {
    units
        .iter()
        .map(|(_, s)| {
            let c = s.centroid().map_or((0.0, 0.0), |c| (c.x(), c.y()));
            let p = proj.project(c.0, c.1);
            [p.x, p.y]
        })
        .collect()
}

/// Queen or rook contiguity from shared boundary points: every vertex is put in a grid cell
/// of the tolerance's size; units with vertices in the same or an adjacent cell share a
/// point (queen); sharing two or more such points means a shared segment (rook).
fn contiguity(
    units: &[(u32, &MultiPolygon<f64>)],
    proj: &Albers,
    rook: bool,
) -> Vec<Vec<(usize, f64)>> {
    let cell = CONTIGUITY_TOLERANCE_M;
    let mut grid: HashMap<(i64, i64), BTreeSet<usize>> = HashMap::new();
    // Per unit, its distinct cells (a vertex counts once per cell).
    let mut unit_cells: Vec<BTreeSet<(i64, i64)>> = vec![BTreeSet::new(); units.len()];
    for (u, (_, shape)) in units.iter().enumerate() {
        for poly in &shape.0 {
            for ring in std::iter::once(poly.exterior()).chain(poly.interiors()) {
                for c in &ring.0 {
                    let p = proj.project(c.x, c.y);
                    let key = ((p.x / cell).floor() as i64, (p.y / cell).floor() as i64);
                    unit_cells[u].insert(key);
                    grid.entry(key).or_default().insert(u);
                }
            }
        }
    }
    let mut shared: Vec<HashMap<usize, usize>> = vec![HashMap::new(); units.len()];
    for (u, cells) in unit_cells.iter().enumerate() {
        // The other units near each of u's vertex cells, each cell counted once per unit.
        for &(x, y) in cells {
            let mut near: BTreeSet<usize> = BTreeSet::new();
            for dx in -1..=1 {
                for dy in -1..=1 {
                    if let Some(us) = grid.get(&(x + dx, y + dy)) {
                        near.extend(us.iter().filter(|&&v| v != u));
                    }
                }
            }
            for v in near {
                *shared[u].entry(v).or_default() += 1;
            }
        }
    }
    let need = if rook { 2 } else { 1 };
    (0..units.len())
        .map(|u| {
            let mut row: Vec<(usize, f64)> = shared[u]
                .iter()
                // Symmetric: both sides must see the contact.
                .filter(|&(&v, &n)| n >= need && shared[v].get(&u).is_some_and(|&m| m >= need))
                .map(|(&v, _)| (v, 1.0))
                .collect();
            row.sort_by_key(|(v, _)| *v);
            row
        })
        .collect()
}

fn dist(a: [f64; 2], b: [f64; 2]) -> f64 {
    ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt()
}

/// The k nearest centroids of each unit (ties broken by index).
fn knn(c: &[[f64; 2]], k: usize) -> Vec<Vec<(usize, f64)>> {
    (0..c.len())
        .map(|i| {
            let mut others: Vec<(f64, usize)> = (0..c.len())
                .filter(|&j| j != i)
                .map(|j| (dist(c[i], c[j]), j))
                .collect();
            others.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            let mut row: Vec<(usize, f64)> =
                others.into_iter().take(k).map(|(_, j)| (j, 1.0)).collect();
            row.sort_by_key(|(j, _)| *j);
            row
        })
        .collect()
}

/// Centroids within `band` metres.
fn distance_band(c: &[[f64; 2]], band: f64) -> Vec<Vec<(usize, f64)>> {
    (0..c.len())
        .map(|i| {
            (0..c.len())
                .filter(|&j| j != i && dist(c[i], c[j]) <= band)
                .map(|j| (j, 1.0))
                .collect()
        })
        .collect()
}

/// Why a weights file was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WeightsError {
    pub line: usize,
    pub reason: String,
}

impl std::fmt::Display for WeightsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.reason)
    }
}

/// GeoDa's `.gal`: a header `0 N shapefile key`, then per unit `id count` and a line of
/// neighbour ids.
pub fn to_gal(w: &Weights, key: &str) -> String {
    let mut out = format!("0 {} atlas {key}\n", w.len());
    for (id, row) in w.ids.iter().zip(&w.neighbors) {
        out.push_str(&format!("{id} {}\n", row.len()));
        let ns: Vec<String> = row.iter().map(|(j, _)| w.ids[*j].to_string()).collect();
        out.push_str(&ns.join(" "));
        out.push('\n');
    }
    out
}

/// GeoDa's `.gwt`: a header `0 N shapefile key`, then one `from to weight` line per link.
pub fn to_gwt(w: &Weights, key: &str) -> String {
    let mut out = format!("0 {} atlas {key}\n", w.len());
    for (id, row) in w.ids.iter().zip(&w.neighbors) {
        for (j, weight) in row {
            out.push_str(&format!("{id} {} {weight}\n", w.ids[*j]));
        }
    }
    out
}

/// The header's unit count (GAL/GWT: `0 N …`, or just `N`).
fn header_count(text: &str) -> Result<(usize, usize), WeightsError> {
    let (i, line) = text
        .lines()
        .enumerate()
        .find(|(_, l)| !l.trim().is_empty())
        .ok_or(WeightsError {
            line: 1,
            reason: "empty file".into(),
        })?;
    let f: Vec<&str> = line.split_whitespace().collect();
    let n = match f.as_slice() {
        [n] => n.parse().ok(),
        [_, n, ..] => n.parse().ok(),
        _ => None,
    };
    n.map(|n| (i, n)).ok_or(WeightsError {
        line: i + 1,
        reason: format!("header '{line}' does not give the number of units"),
    })
}

/// Reads a `.gal` against the units `ids` (every id must be one of them, the count must
/// match, and the neighbour relation must be symmetric, as contiguity is).
pub fn from_gal(text: &str, ids: &[u32]) -> Result<Weights, WeightsError> {
    let (header, n) = header_count(text)?;
    let index: HashMap<u32, usize> = ids.iter().enumerate().map(|(i, &id)| (id, i)).collect();
    let err = |line: usize, reason: String| WeightsError { line, reason };
    let parse_id = |t: &str, line: usize| -> Result<usize, WeightsError> {
        let id: u32 = t
            .parse()
            .map_err(|_| err(line, format!("'{t}' is not a unit id")))?;
        index
            .get(&id)
            .copied()
            .ok_or_else(|| err(line, format!("unknown id {id}")))
    };
    let mut neighbors: Vec<Option<Vec<(usize, f64)>>> = vec![None; ids.len()];
    // The line each unit's entry starts on, for messages.
    let mut row_line = vec![header + 1; ids.len()];
    let mut lines = text
        .lines()
        .enumerate()
        .skip(header + 1)
        .filter(|(_, l)| !l.trim().is_empty());
    let mut seen = 0;
    while let Some((i, head)) = lines.next() {
        let f: Vec<&str> = head.split_whitespace().collect();
        let [id, count] = f.as_slice() else {
            return Err(err(i + 1, format!("expected 'id count', found '{head}'")));
        };
        let u = parse_id(id, i + 1)?;
        let count: usize = count
            .parse()
            .map_err(|_| err(i + 1, format!("'{count}' is not a count")))?;
        let row: Vec<(usize, f64)> = if count == 0 {
            Vec::new()
        } else {
            let (j, list) = lines
                .next()
                .ok_or_else(|| err(i + 2, "the neighbour line is missing".into()))?;
            let ns: Vec<&str> = list.split_whitespace().collect();
            if ns.len() != count {
                return Err(err(
                    j + 1,
                    format!("{} neighbours listed, {count} announced", ns.len()),
                ));
            }
            ns.iter()
                .map(|t| parse_id(t, j + 1).map(|v| (v, 1.0)))
                .collect::<Result<_, _>>()?
        };
        row_line[u] = i + 1;
        if neighbors[u].replace(row).is_some() {
            return Err(err(i + 1, format!("unit {id} is listed twice")));
        }
        seen += 1;
    }
    if seen != n || n != ids.len() {
        return Err(err(
            header + 1,
            format!(
                "the file has {seen} units (header {n}); the atlas has {} at this level",
                ids.len()
            ),
        ));
    }
    let neighbors: Vec<Vec<(usize, f64)>> = neighbors
        .into_iter()
        .map(Option::unwrap_or_default)
        .collect();
    for (u, row) in neighbors.iter().enumerate() {
        for &(v, _) in row {
            if !neighbors[v].iter().any(|&(x, _)| x == u) {
                return Err(err(
                    row_line[u],
                    format!(
                        "not symmetric: {} lists {} but not the other way",
                        ids[u], ids[v]
                    ),
                ));
            }
        }
    }
    Ok(Weights {
        ids: ids.to_vec(),
        neighbors,
    })
}

/// Reads a `.gwt` against the units `ids` (ids known, weights finite and positive).
pub fn from_gwt(text: &str, ids: &[u32]) -> Result<Weights, WeightsError> {
    let (header, n) = header_count(text)?;
    if n != ids.len() {
        return Err(WeightsError {
            line: header + 1,
            reason: format!(
                "header gives {n} units; the atlas has {} at this level",
                ids.len()
            ),
        });
    }
    let index: HashMap<u32, usize> = ids.iter().enumerate().map(|(i, &id)| (id, i)).collect();
    let mut neighbors = vec![Vec::new(); ids.len()];
    for (i, line) in text.lines().enumerate().skip(header + 1) {
        if line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split_whitespace().collect();
        let [a, b, w] = f.as_slice() else {
            return Err(WeightsError {
                line: i + 1,
                reason: format!("expected 'from to weight', found '{line}'"),
            });
        };
        let id = |t: &str| -> Result<usize, WeightsError> {
            t.parse::<u32>()
                .ok()
                .and_then(|id| index.get(&id).copied())
                .ok_or_else(|| WeightsError {
                    line: i + 1,
                    reason: format!("unknown id '{t}'"),
                })
        };
        let (u, v) = (id(a)?, id(b)?);
        let w: f64 = w
            .parse()
            .ok()
            .filter(|w: &f64| w.is_finite() && *w > 0.0)
            .ok_or_else(|| WeightsError {
                line: i + 1,
                reason: format!("'{w}' is not a positive weight"),
            })?;
        if neighbors[u].iter().any(|&(x, _)| x == v) {
            return Err(WeightsError {
                line: i + 1,
                reason: format!("the link {a} → {b} is given twice"),
            });
        }
        neighbors[u].push((v, w));
    }
    Ok(Weights {
        ids: ids.to_vec(),
        neighbors,
    })
}

/// The ids of a level's units, in the order weights use.
/// Reads a GeoDa `.gwt` (by its extension) or `.gal` file and checks it against `ids`; the
/// error names the file, and the line and reason when its text is wrong.
pub fn read_file(path: &std::path::Path, ids: &[u32]) -> Result<Weights, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let gwt = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gwt"));
    let read = if gwt {
        from_gwt(&text, ids)
    } else {
        from_gal(&text, ids)
    };
    read.map_err(|e| format!("{}: {e}", path.display()))
}

pub fn unit_ids(ds: &Dataset, level: UnitLevel) -> Vec<u32> {
    shapes(ds, level).into_iter().map(|(id, _)| id).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ds() -> Dataset {
        Dataset::load_embedded().unwrap()
    }

    fn neighbours_of(w: &Weights, id: u32) -> Vec<u32> {
        let i = w.ids.iter().position(|&x| x == id).unwrap();
        w.neighbors[i].iter().map(|(j, _)| w.ids[*j]).collect()
    }

    #[test]
    fn province_contiguity_finds_the_real_borders_and_reports_islands() {
        let ds = ds();
        let w = build(&ds, UnitLevel::Province, Rule::Queen);
        let mut jilin = neighbours_of(&w, 220000);
        jilin.sort_unstable();
        // 吉林 borders 辽宁, 黑龙江 and 内蒙古.
        assert_eq!(jilin, [150000, 210000, 230000]);
        // Hainan and Taiwan are islands under contiguity: reported, not dropped.
        let islands = w.islands();
        assert!(
            islands.contains(&460000) && islands.contains(&710000),
            "{islands:?}"
        );
        // Symmetric.
        for (u, row) in w.neighbors.iter().enumerate() {
            for &(v, _) in row {
                assert!(w.neighbors[v].iter().any(|&(x, _)| x == u));
            }
        }
        let rook = build(&ds, UnitLevel::Province, Rule::Rook);
        let links = |w: &Weights| w.neighbors.iter().map(Vec::len).sum::<usize>();
        assert!(links(&rook) <= links(&w), "rook is a subset of queen");
        assert!(links(&rook) > 100);
    }

    #[test]
    fn knn_gives_k_neighbours_and_row_standardised_rows_sum_to_one() {
        let ds = ds();
        let w = build(&ds, UnitLevel::Prefecture, Rule::Knn(4));
        assert!(w.neighbors.iter().all(|r| r.len() == 4));
        let r = w.row_standardised();
        for row in &r.neighbors {
            let s: f64 = row.iter().map(|(_, w)| w).sum();
            assert!((s - 1.0).abs() < 1e-12);
        }
        // Dropping units removes their links; nothing is read as zero.
        let sub = w.subset(|id| id / 10_000 == 23);
        assert!(sub.ids.iter().all(|id| id / 10_000 == 23));
        assert!(sub.neighbors.iter().flatten().all(|(j, _)| *j < sub.len()));
    }

    #[test]
    fn gal_and_gwt_round_trip_and_bad_files_are_refused_with_their_line() {
        let ds = ds();
        let w = build(&ds, UnitLevel::Province, Rule::Queen);
        let ids = unit_ids(&ds, UnitLevel::Province);
        assert_eq!(from_gal(&to_gal(&w, "adcode"), &ids).unwrap(), w);
        assert_eq!(from_gwt(&to_gwt(&w, "adcode"), &ids).unwrap(), w);
        // Synthetic broken files.
        let gal = to_gal(&w, "adcode");
        let unknown = gal.replacen("220000 ", "999999 ", 1);
        let e = from_gal(&unknown, &ids).unwrap_err();
        assert!(e.reason.contains("unknown id 999999"), "{e}");
        let mut lines: Vec<&str> = gal.lines().collect();
        let jilin = lines.iter().position(|l| l.starts_with("220000 ")).unwrap();
        lines[jilin + 1] = "210000 230000";
        let e = from_gal(&(lines.join("\n") + "\n"), &ids).unwrap_err();
        assert!(e.reason.contains("2 neighbours listed, 3 announced"), "{e}");
        assert_eq!(e.line, jilin + 2);
        let short = gal.replacen(&format!("0 {}", ids.len()), "0 3", 1);
        assert!(
            from_gal(&short, &ids)
                .unwrap_err()
                .reason
                .contains("header 3")
        );
        let gwt = to_gwt(&w, "adcode") + "110000 120000 -1\n";
        assert!(
            from_gwt(&gwt, &ids)
                .unwrap_err()
                .reason
                .contains("not a positive weight")
        );
    }
}
