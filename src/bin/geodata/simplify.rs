//! Simplification of the shared arcs for one level of detail: Douglas–Peucker and rounding per
//! arc, repeated with finer settings on the arcs in conflict, then every ring reassembled.

use std::collections::{HashMap, HashSet};

use geo::{LineString, SimplifyIdx};

use crate::conflicts::{SideCheck, find_conflicts, ray_parity};
use crate::topology::{Pt, SCALE, Topology, area_km2, assemble, dedup_ring, ring_ok};

/// Squared distance in degrees² from `p` to the segment `a`–`b`.
fn seg_dist2(p: Pt, a: Pt, b: Pt) -> f64 {
    let (p, a, b) = (p.coord(), a.coord(), b.coord());
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let len2 = dx * dx + dy * dy;
    let t = if len2 == 0.0 {
        0.0
    } else {
        (((p.x - a.x) * dx + (p.y - a.y) * dy) / len2).clamp(0.0, 1.0)
    };
    let (ex, ey) = (a.x + t * dx - p.x, a.y + t * dy - p.y);
    ex * ex + ey * ey
}

/// Douglas–Peucker (geo's `SimplifyIdx`, which keeps both ends) on a run of points.
pub(crate) fn dp(pts: &[Pt], eps: f64) -> Vec<Pt> {
    if pts.len() <= 2 || eps <= 0.0 {
        return pts.to_vec();
    }
    let line: LineString<f64> = pts.iter().map(|p| p.coord()).collect();
    line.simplify_idx(eps).into_iter().map(|i| pts[i]).collect()
}

/// Index (in `1..len-1`) of the interior point farthest from the segment between the ends.
fn farthest_interior(pts: &[Pt], a: Pt, b: Pt) -> Option<usize> {
    let last = pts.len().checked_sub(1)?;
    (1..last).max_by(|&i, &j| {
        seg_dist2(pts[i], a, b)
            .total_cmp(&seg_dist2(pts[j], a, b))
            .then(j.cmp(&i))
    })
}

/// Simplifies one canonical arc. A closed arc (a whole ring cut at one junction) is first cut at
/// its point farthest from the start, so it collapses to a line only when it is thinner than
/// about twice the tolerance. `force_mid` keeps one more point: the farthest interior point of
/// an open arc, or for a closed arc the point farthest from that first chord (a triangle).
fn simplify_arc(arc: &[Pt], eps: f64, force_mid: bool) -> Vec<Pt> {
    let n = arc.len();
    if n <= 2 {
        return arc.to_vec();
    }
    let (first, last) = (arc[0], arc[n - 1]);
    let mut cuts = vec![0, n - 1];
    if first == last {
        if let Some(f) = farthest_interior(arc, first, first) {
            cuts.push(f);
            if force_mid && let Some(g) = farthest_interior(arc, first, arc[f]).filter(|&g| g != f)
            {
                cuts.push(g);
            }
        }
    } else if force_mid && let Some(f) = farthest_interior(arc, first, last) {
        cuts.push(f);
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut out: Vec<Pt> = Vec::new();
    for w in cuts.windows(2) {
        let part = dp(&arc[w[0]..=w[1]], eps);
        let skip = usize::from(!out.is_empty());
        out.extend(part.into_iter().skip(skip));
    }
    out
}

/// Rounds the ends of an arc (junctions, shared with other arcs) to `end_step` millionths and
/// its other points to `step` (a divisor of `end_step`), dropping consecutive duplicates.
pub(crate) fn round_arc(arc: &[Pt], end_step: i32, step: i32) -> Vec<Pt> {
    let last = arc.len().saturating_sub(1);
    let mut out: Vec<Pt> = arc
        .iter()
        .enumerate()
        .map(|(i, p)| p.rounded(if i == 0 || i == last { end_step } else { step }))
        .collect();
    out.dedup();
    out
}

/// Parameters of one level of detail.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Lod {
    pub(crate) name: &'static str,
    pub(crate) eps: f64,
    pub(crate) decimals: u32,
    /// Drop collapsing rings smaller than this many km², unless isolated (country level only).
    pub(crate) drop_below_km2: Option<f64>,
}

impl Lod {
    fn step(&self) -> i32 {
        10_i32.pow(6 - self.decimals)
    }
}

/// What became of one input ring.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum RingOut {
    /// Assembled from the simplified shared arcs.
    Kept(Vec<Pt>),
    /// Could not be kept from the arcs: the original ring, only rounded.
    Fallback(Vec<Pt>),
    /// A tiny ring dropped on purpose (country level only).
    Dropped,
    /// Nothing left even unsimplified at this rounding.
    Degenerate,
}

#[derive(Debug, Default, Clone)]
pub(crate) struct LodStats {
    pub(crate) iterations: usize,
    pub(crate) conflicts_first: usize,
    pub(crate) conflicts_last: usize,
    pub(crate) conflict_places: Vec<Pt>,
    pub(crate) finer_rounding_arcs: usize,
    pub(crate) refined_arcs: usize,
    pub(crate) forced_arcs: usize,
    pub(crate) dropped_tiny: usize,
    pub(crate) dropped_tiny_km2: f64,
    pub(crate) fallback: usize,
    pub(crate) degenerate: usize,
    pub(crate) arc_points: usize,
}

#[derive(Debug)]
pub(crate) struct LodResult {
    pub(crate) lod: Lod,
    pub(crate) rings: Vec<RingOut>,
    pub(crate) stats: LodStats,
}

/// Simplifies all arcs for one level of detail and assembles every ring. `isolated` marks rings
/// never dropped (islands far from other land, see [`isolated_rings`]); `sides` are the
/// points that must stay on their side of nearby arcs (see
/// [`side_checks`](crate::conflicts::side_checks)).
pub(crate) fn run_lod(
    topo: &Topology,
    orig: &[Vec<Pt>],
    isolated: &[bool],
    sides: &[SideCheck],
    lod: Lod,
) -> LodResult {
    let mut set = ArcSet::new(topo, lod);
    let mut stats = LodStats::default();
    // Rounds until no arc changes: rings that collapse get arcs that keep more points, arcs in
    // conflict get finer settings; each changed arc is then simplified again. A round count cap
    // keeps a pathological case from looping forever.
    loop {
        stats.iterations += 1;
        let mut changed: Vec<usize> = Vec::new();
        let rings = set.assemble_rings(orig, isolated, &mut changed);
        let active = active_arcs(topo, &rings);
        let involved = involved_arcs(&set.arcs, &active, sides, &mut stats);
        set.refine(&involved, &mut changed);
        if changed.is_empty() || stats.iterations >= 24 {
            set.final_stats(&rings, orig, &mut stats);
            return LodResult { lod, rings, stats };
        }
        set.recompute(changed);
    }
}

/// The arcs of one level of detail while they are being simplified, with the settings each one
/// is currently simplified with.
struct ArcSet<'a> {
    topo: &'a Topology,
    lod: Lod,
    /// The level's rounding step in millionths (see [`Lod::step`]).
    step: i32,
    /// Douglas–Peucker tolerance per arc, lowered while the arc is in conflict.
    eps: Vec<f64>,
    /// Rounding step of each arc's inner points, made finer once its tolerance is down to none.
    steps: Vec<i32>,
    /// Arcs of rings that would collapse: they keep their farthest points.
    force: Vec<bool>,
    /// Closed arcs that are a whole ring on their own (see [`lone_arcs`]).
    lone: Vec<bool>,
    /// Each arc simplified and rounded with its current settings.
    arcs: Vec<Vec<Pt>>,
    /// Arcs whose tolerance or rounding was refined at least once.
    refined: HashSet<usize>,
}

impl<'a> ArcSet<'a> {
    fn new(topo: &'a Topology, lod: Lod) -> Self {
        let step = lod.step();
        let n_arcs = topo.arcs.len();
        let mut set = Self {
            topo,
            lod,
            step,
            eps: vec![lod.eps; n_arcs],
            steps: vec![step; n_arcs],
            force: vec![false; n_arcs],
            lone: lone_arcs(topo),
            arcs: Vec::new(),
            refined: HashSet::new(),
        };
        set.arcs = (0..n_arcs).map(|a| set.compute(a)).collect();
        set
    }

    /// Arc `a` simplified and rounded with its current settings.
    fn compute(&self, a: usize) -> Vec<Pt> {
        let arc_step = self.steps[a];
        let end_step = if self.lone[a] { arc_step } else { self.step };
        round_arc(
            &simplify_arc(&self.topo.arcs[a], self.eps[a], self.force[a]),
            end_step,
            arc_step,
        )
    }

    /// Assembles every ring from the current arcs. A ring that collapses is dropped when tiny
    /// (country level, unless isolated); otherwise its arcs not yet forced are made to keep more
    /// points (and listed in `changed`, the ring being provisionally degenerate), and once all
    /// of them are, the original ring, only rounded, stands in.
    fn assemble_rings(
        &mut self,
        orig: &[Vec<Pt>],
        isolated: &[bool],
        changed: &mut Vec<usize>,
    ) -> Vec<RingOut> {
        let drop_below_km2 = self.lod.drop_below_km2;
        let mut rings = Vec::with_capacity(orig.len());
        for ((refs, ring), &keep) in self.topo.rings.iter().zip(orig).zip(isolated) {
            let out = assemble(refs, &self.arcs);
            if ring_ok(&out) {
                rings.push(RingOut::Kept(out));
                continue;
            }
            if !keep && drop_below_km2.is_some_and(|min| area_km2(ring) < min) {
                rings.push(RingOut::Dropped);
                continue;
            }
            let fresh: Vec<usize> = refs
                .iter()
                .map(|r| r.arc as usize)
                .filter(|&a| !self.force[a])
                .collect();
            if fresh.is_empty() {
                rings.push(fallback(ring, self.step));
            } else {
                for a in fresh {
                    self.force[a] = true;
                    changed.push(a);
                }
                rings.push(RingOut::Degenerate); // provisional; recomputed next round
            }
        }
        rings
    }

    /// Refines the arcs marked in `involved` (listing them in `changed`): halves the tolerance a
    /// few times, then none, then rounds the arc's inner points more finely (its ends stay on
    /// the level's grid, shared with other arcs). An arc already at full precision stays as it
    /// is.
    fn refine(&mut self, involved: &[bool], changed: &mut Vec<usize>) {
        for (a, &bad) in involved.iter().enumerate() {
            if !bad {
                continue;
            }
            if self.eps[a] > 0.0 {
                self.eps[a] = if self.eps[a] < self.lod.eps / 16.0 {
                    0.0
                } else {
                    self.eps[a] / 2.0
                };
            } else if self.steps[a] > 1 {
                self.steps[a] /= 10;
            } else {
                continue;
            }
            self.refined.insert(a);
            changed.push(a);
        }
    }

    /// Simplifies the changed arcs again with their new settings.
    fn recompute(&mut self, mut changed: Vec<usize>) {
        changed.sort_unstable();
        changed.dedup();
        for a in changed {
            self.arcs[a] = self.compute(a);
        }
    }

    /// Fills in the totals of `stats` once the rounds are over.
    fn final_stats(&self, rings: &[RingOut], orig: &[Vec<Pt>], stats: &mut LodStats) {
        stats.refined_arcs = self.refined.len();
        stats.finer_rounding_arcs = self.steps.iter().filter(|&&st| st < self.step).count();
        stats.forced_arcs = self.force.iter().filter(|&&f| f).count();
        for (r, ring) in rings.iter().zip(orig) {
            match r {
                RingOut::Dropped => {
                    stats.dropped_tiny += 1;
                    stats.dropped_tiny_km2 += area_km2(ring);
                }
                RingOut::Fallback(_) => stats.fallback += 1,
                RingOut::Degenerate => stats.degenerate += 1,
                RingOut::Kept(_) => {}
            }
        }
        stats.arc_points = self.arcs.iter().map(Vec::len).sum();
    }
}

/// Closed arcs that are a whole ring on their own: their start touches no other arc, so it may
/// be rounded more finely with the rest of the arc. Ends shared with another arc must stay on
/// the level's grid, where all the arcs meeting there put them.
fn lone_arcs(topo: &Topology) -> Vec<bool> {
    let mut end_count: HashMap<Pt, usize> = HashMap::new();
    for arc in &topo.arcs {
        for end in [arc[0], arc[arc.len() - 1]] {
            *end_count.entry(end).or_default() += 1;
        }
    }
    topo.arcs
        .iter()
        .map(|arc| arc[0] == arc[arc.len() - 1] && end_count[&arc[0]] == 2)
        .collect()
}

/// A collapsing ring whose arcs already keep all they can: the original ring, only rounded to
/// `step` millionths, if that still is a ring.
fn fallback(ring: &[Pt], step: i32) -> RingOut {
    let mut plain: Vec<Pt> = ring.iter().map(|p| p.rounded(step)).collect();
    dedup_ring(&mut plain);
    if ring_ok(&plain) {
        RingOut::Fallback(plain)
    } else {
        RingOut::Degenerate
    }
}

/// Arcs still drawn by some ring: a dropped ring's arcs need not be checked for conflicts.
fn active_arcs(topo: &Topology, rings: &[RingOut]) -> Vec<bool> {
    let mut active = vec![false; topo.arcs.len()];
    for (refs, r) in topo.rings.iter().zip(rings) {
        if !matches!(r, RingOut::Dropped) {
            for a in refs {
                active[a.arc as usize] = true;
            }
        }
    }
    active
}

/// Arcs that cross or touch another arc (or themselves), or that moved across a junction or an
/// island; records how many such places there are (and where) in `stats`.
fn involved_arcs(
    arcs: &[Vec<Pt>],
    active: &[bool],
    sides: &[SideCheck],
    stats: &mut LodStats,
) -> Vec<bool> {
    let (places, mut involved) = find_conflicts(arcs, active);
    let count = places.len();
    let mut flips = 0;
    let mut flip_places = Vec::new();
    for c in sides {
        if active[c.owner]
            && active[c.target]
            && ray_parity(arcs[c.owner][0], &arcs[c.target]) != c.parity
        {
            flips += 1;
            flip_places.push(c.point);
            involved[c.target] = true;
        }
    }
    if stats.iterations == 1 {
        stats.conflicts_first = count + flips;
    }
    stats.conflicts_last = count + flips;
    stats.conflict_places = places.into_iter().chain(flip_places).collect();
    involved
}

/// Rings smaller than `min_km2` with no vertex of a larger ring within about `radius_deg`
/// (checked on a grid of `radius_deg / 3` cells): remote islands such as those of the South
/// China Sea or 赤尾屿, which would vanish from a map if dropped. Identical rings in different
/// layers get the same answer.
pub(crate) fn isolated_rings(rings: &[Vec<Pt>], min_km2: f64, radius_deg: f64) -> Vec<bool> {
    let cell = (radius_deg / 3.0 * SCALE).max(1.0) as i64;
    let key = |p: Pt| {
        (
            i64::from(p.x).div_euclid(cell),
            i64::from(p.y).div_euclid(cell),
        )
    };
    let small: Vec<bool> = rings.iter().map(|r| area_km2(r) < min_km2).collect();
    let mut land: HashSet<(i64, i64)> = HashSet::new();
    for (ring, &is_small) in rings.iter().zip(&small) {
        if !is_small {
            land.extend(ring.iter().map(|&p| key(p)));
        }
    }
    rings
        .iter()
        .zip(&small)
        .map(|(ring, &is_small)| {
            let Some(&min) = ring.iter().min() else {
                return false;
            };
            let (cx, cy) = key(min);
            is_small && !(-3..=3).any(|dx| (-3..=3).any(|dy| land.contains(&(cx + dx, cy + dy))))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::topology::{area2, build_topology, tests::two_squares};

    const M: i32 = 1_000_000; // one degree

    fn lod(eps: f64) -> Lod {
        Lod {
            name: "test",
            eps,
            decimals: 6,
            drop_below_km2: None,
        }
    }

    fn kept(r: &RingOut) -> &[Pt] {
        match r {
            RingOut::Kept(p) => p,
            other => panic!("ring not kept: {other:?}"),
        }
    }

    #[test]
    fn both_neighbours_get_identical_simplified_border() {
        let rings = two_squares();
        let topo = build_topology(&rings);
        for (eps, expect_on_edge) in [(0.0001, 5), (0.01, 2)] {
            let res = run_lod(&topo, &rings, &[false, false], &[], lod(eps));
            let a: HashSet<Pt> = kept(&res.rings[0]).iter().copied().collect();
            let b: HashSet<Pt> = kept(&res.rings[1]).iter().copied().collect();
            let common: Vec<Pt> = a.intersection(&b).copied().collect();
            assert_eq!(common.len(), expect_on_edge, "eps {eps}");
            assert!(common.iter().all(|p| (p.x - 2 * M).abs() <= 500));
            // No gap, no overlap: the two areas add up to the 4° × 2° rectangle exactly.
            let total = area2(kept(&res.rings[0])).abs() + area2(kept(&res.rings[1])).abs();
            assert_eq!(total, 2 * i128::from(4 * M) * i128::from(2 * M));
        }
    }

    #[test]
    fn small_islands_keep_a_triangle_or_are_dropped_at_country_level() {
        // About 500 m across at 30°N: collapses under a 0.01° tolerance.
        let island: Vec<Pt> = (0..12)
            .map(|i| {
                let t = f64::from(i) / 12.0 * std::f64::consts::TAU;
                Pt::from_deg(120.0 + 0.0025 * t.cos(), 30.0 + 0.0025 * t.sin()).unwrap()
            })
            .collect();
        let rings = vec![island];
        let topo = build_topology(&rings);
        let detail = run_lod(&topo, &rings, &[false], &[], lod(0.01));
        assert!(kept(&detail.rings[0]).len() >= 3);
        let country = run_lod(
            &topo,
            &rings,
            &[false],
            &[],
            Lod {
                name: "country",
                eps: 0.01,
                decimals: 3,
                drop_below_km2: Some(2.0),
            },
        );
        assert_eq!(country.rings[0], RingOut::Dropped);
    }
}
