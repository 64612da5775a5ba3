//! Quantised points and rings, and the arc topology: rings cut into shared arcs at junctions.

use std::collections::{HashMap, HashSet};

use anyhow::{Result, ensure};
use geo::Coord;

/// Coordinates are integers in millionths of a degree (the source has 6 decimals).
pub(crate) const SCALE: f64 = 1e6;

/// A quantised point: longitude and latitude in millionths of a degree.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct Pt {
    pub(crate) x: i32,
    pub(crate) y: i32,
}

impl Pt {
    pub(crate) const fn new(x: i32, y: i32) -> Self {
        Self { x, y }
    }

    pub(crate) fn from_deg(lon: f64, lat: f64) -> Result<Self> {
        ensure!(
            lon.is_finite() && lat.is_finite() && lon.abs() <= 180.0 && lat.abs() <= 90.0,
            "bad coordinate {lon},{lat}"
        );
        // In range by the check above.
        Ok(Self::new(
            (lon * SCALE).round() as i32,
            (lat * SCALE).round() as i32,
        ))
    }

    pub(crate) fn coord(self) -> Coord<f64> {
        Coord {
            x: f64::from(self.x) / SCALE,
            y: f64::from(self.y) / SCALE,
        }
    }

    /// Rounds to a multiple of `step` millionths (half away from zero).
    pub(crate) fn rounded(self, step: i32) -> Self {
        let r = |v: i32| {
            let half = step / 2;
            let q = if v >= 0 {
                (v + half) / step
            } else {
                -((-v + half) / step)
            };
            q * step
        };
        Self::new(r(self.x), r(self.y))
    }
}

/// Twice the signed area of an open ring (positive = counter-clockwise), exact.
pub(crate) fn area2(ring: &[Pt]) -> i128 {
    let n = ring.len();
    (0..n)
        .map(|i| {
            let (a, b) = (ring[i], ring[(i + 1) % n]);
            i128::from(a.x) * i128::from(b.y) - i128::from(b.x) * i128::from(a.y)
        })
        .sum()
}

/// Approximate area of an open ring in km² (planar in degrees, scaled at its mean latitude).
pub(crate) fn area_km2(ring: &[Pt]) -> f64 {
    if ring.is_empty() {
        return 0.0;
    }
    let mean_lat =
        ring.iter().map(|p| i64::from(p.y)).sum::<i64>() as f64 / ring.len() as f64 / SCALE;
    let deg2 = (area2(ring).abs() as f64) / 2.0 / (SCALE * SCALE);
    deg2 * 111.32 * 111.32 * mean_lat.to_radians().cos()
}

/// Removes consecutive duplicates, including between the last and the first point.
pub(crate) fn dedup_ring(ring: &mut Vec<Pt>) {
    ring.dedup();
    while ring.len() > 1 && ring.first() == ring.last() {
        ring.pop();
    }
}

/// A ring is usable when it has at least three distinct points and a non-zero area.
pub(crate) fn ring_ok(ring: &[Pt]) -> bool {
    ring.len() >= 3 && area2(ring) != 0
}

/// One arc of a ring, possibly walked backwards.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ArcRef {
    pub(crate) arc: u32,
    pub(crate) rev: bool,
}

#[derive(Debug)]
pub(crate) struct Topology {
    /// Canonical arcs (of two orientations, the lexicographically smaller one), junction to
    /// junction, both ends included.
    pub(crate) arcs: Vec<Vec<Pt>>,
    /// Each input ring as a cycle of arcs.
    pub(crate) rings: Vec<Vec<ArcRef>>,
    /// Number of junction vertices (including one start vertex per junction-free ring).
    pub(crate) junctions: usize,
}

/// Distinct neighbours of a vertex over all ring occurrences, saturating at "junction".
#[derive(Default, Clone, Copy)]
struct Neighbours {
    a: Option<Pt>,
    b: Option<Pt>,
    junction: bool,
}

impl Neighbours {
    fn add(&mut self, p: Pt) {
        if self.junction || self.a == Some(p) || self.b == Some(p) {
            return;
        }
        if self.a.is_none() {
            self.a = Some(p);
        } else if self.b.is_none() {
            self.b = Some(p);
        } else {
            self.junction = true;
        }
    }
}

/// Builds the arc topology of open rings (no closing point, no consecutive duplicates).
pub(crate) fn build_topology(rings: &[Vec<Pt>]) -> Topology {
    let junctions = find_junctions(rings);
    let mut index: HashMap<Vec<Pt>, u32> = HashMap::new();
    let mut arcs: Vec<Vec<Pt>> = Vec::new();
    let mut out_rings = Vec::with_capacity(rings.len());
    for ring in rings {
        let n = ring.len();
        let cuts: Vec<usize> = (0..n).filter(|&i| junctions.contains(&ring[i])).collect();
        let mut refs = Vec::with_capacity(cuts.len());
        for (k, &start) in cuts.iter().enumerate() {
            let end = if k + 1 < cuts.len() {
                cuts[k + 1]
            } else {
                cuts[0] + n
            };
            let fwd: Vec<Pt> = (start..=end).map(|i| ring[i % n]).collect();
            let bwd: Vec<Pt> = fwd.iter().rev().copied().collect();
            let (key, rev) = if bwd < fwd { (bwd, true) } else { (fwd, false) };
            let id = *index.entry(key).or_insert_with_key(|key| {
                arcs.push(key.clone());
                u32::try_from(arcs.len() - 1).expect("fewer than 2^32 arcs")
            });
            refs.push(ArcRef { arc: id, rev });
        }
        out_rings.push(refs);
    }
    Topology {
        arcs,
        rings: out_rings,
        junctions: junctions.len(),
    }
}

/// The vertices where rings are cut: those with more than two distinct neighbours, plus the
/// smallest vertex of each ring that has none of them.
fn find_junctions(rings: &[Vec<Pt>]) -> HashSet<Pt> {
    let mut neighbours: HashMap<Pt, Neighbours> = HashMap::new();
    for ring in rings {
        let n = ring.len();
        for i in 0..n {
            let entry = neighbours.entry(ring[i]).or_default();
            entry.add(ring[(i + n - 1) % n]);
            entry.add(ring[(i + 1) % n]);
        }
    }
    let mut junctions: HashSet<Pt> = neighbours
        .iter()
        .filter(|(_, nb)| nb.junction)
        .map(|(p, _)| *p)
        .collect();
    drop(neighbours);
    // A ring without junctions is cut at its smallest vertex; identical rings elsewhere (same
    // vertex cycle, any start or direction) get the same cut.
    for ring in rings {
        if !ring.iter().any(|p| junctions.contains(p))
            && let Some(min) = ring.iter().min()
        {
            junctions.insert(*min);
        }
    }
    junctions
}

/// Walks a ring's arcs (already simplified) into an open ring without consecutive duplicates.
pub(crate) fn assemble(refs: &[ArcRef], arcs: &[Vec<Pt>]) -> Vec<Pt> {
    let mut ring = Vec::new();
    for r in refs {
        let arc = &arcs[r.arc as usize];
        if r.rev {
            ring.extend(arc.iter().rev());
        } else {
            ring.extend(arc.iter());
        }
    }
    dedup_ring(&mut ring);
    ring
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    const M: i32 = 1_000_000; // one degree

    /// Square A (0..2°) and square B (2..4°) share the edge x = 2°, which wiggles by 0.0003–0.0005°.
    pub(crate) fn two_squares() -> Vec<Vec<Pt>> {
        let edge = [
            Pt::new(2 * M, 0),
            Pt::new(2 * M + 300, M / 2),
            Pt::new(2 * M - 200, M),
            Pt::new(2 * M + 500, 3 * M / 2),
            Pt::new(2 * M, 2 * M),
        ];
        let mut a = vec![Pt::new(0, 0)];
        a.extend(edge);
        a.push(Pt::new(0, 2 * M));
        // B walks the shared edge the other way and starts elsewhere.
        let mut b = vec![Pt::new(4 * M, 0), Pt::new(4 * M, 2 * M)];
        b.extend(edge.iter().rev());
        vec![a, b]
    }

    #[test]
    fn shared_edge_becomes_one_arc() {
        let rings = two_squares();
        let topo = build_topology(&rings);
        assert_eq!(topo.junctions, 2, "the two ends of the shared edge");
        assert_eq!(topo.arcs.len(), 3, "shared edge + rest of A + rest of B");
        let shared: Vec<u32> = topo.rings[0]
            .iter()
            .filter(|r| topo.rings[1].iter().any(|s| s.arc == r.arc))
            .map(|r| r.arc)
            .collect();
        assert_eq!(shared.len(), 1);
        let arc = &topo.arcs[shared[0] as usize];
        assert_eq!(arc.len(), 5);
        // Used once forwards and once backwards.
        let dir = |ring: &[ArcRef]| ring.iter().find(|r| r.arc == shared[0]).unwrap().rev;
        assert_ne!(dir(&topo.rings[0]), dir(&topo.rings[1]));
        // Reassembling unsimplified arcs gives the input rings back (as cycles).
        for (refs, ring) in topo.rings.iter().zip(&rings) {
            let out = assemble(refs, &topo.arcs);
            assert_eq!(out.len(), ring.len());
            assert_eq!(area2(&out), area2(ring));
        }
    }

    #[test]
    fn junction_free_rings_match_whatever_their_start_and_direction() {
        let island = vec![
            Pt::new(10, 10),
            Pt::new(5000, 0),
            Pt::new(9000, 4000),
            Pt::new(6000, 9000),
            Pt::new(1000, 7000),
        ];
        let mut other = island.clone();
        other.rotate_left(2);
        other.reverse();
        let topo = build_topology(&[island, other]);
        assert_eq!(topo.arcs.len(), 1);
        assert_eq!(topo.junctions, 1);
        assert_eq!(topo.arcs[0].first(), topo.arcs[0].last());
        assert_ne!(topo.rings[0][0].rev, topo.rings[1][0].rev);
    }

    #[test]
    fn points_round_half_away_from_zero() {
        assert_eq!(
            Pt::new(1_234_567, -1_234_567).rounded(1000),
            Pt::new(1_235_000, -1_235_000)
        );
    }
}
