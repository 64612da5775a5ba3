//! What the run reports, on stdout and in the README: vertices and arcs shared between
//! neighbours, conflicts, areas per layer, and one summary line per level of detail.

use std::collections::HashSet;

use anyhow::{Context, Result, ensure};

use crate::input::{Layer, Unit};
use crate::output::unit_polygons;
use crate::simplify::LodResult;
use crate::topology::{Pt, Topology, area2};

/// 辽宁 and 吉林, two neighbouring provinces: their common vertices, in the source and at each
/// level of detail, show that borders are shared.
const LIAONING: u32 = 210000;
const JILIN: u32 = 220000;

/// The two neighbouring provinces whose common vertices are counted (see [`LIAONING`]).
pub(crate) struct BorderPair<'a> {
    liaoning: &'a Unit,
    jilin: &'a Unit,
}

impl<'a> BorderPair<'a> {
    pub(crate) fn find(units: &'a [Unit]) -> Result<Self> {
        let unit = |adcode: u32| {
            units
                .iter()
                .find(|u| u.adcode == adcode && u.layer == Layer::Province)
                .context("missing unit")
        };
        Ok(Self {
            liaoning: unit(LIAONING)?,
            jilin: unit(JILIN)?,
        })
    }

    /// Counts (and prints) the vertices the two share in the source. Fails when there are
    /// hardly any: then neighbours' borders would not meet in arcs and the topology would not
    /// keep them shared.
    pub(crate) fn source_common(&self, rings: &[Vec<Pt>]) -> Result<usize> {
        let pts_of = |u: &Unit| -> HashSet<Pt> {
            u.polygons
                .iter()
                .flatten()
                .flat_map(|&r| rings[r].iter().copied())
                .collect()
        };
        let (ln_pts, jl_pts) = (pts_of(self.liaoning), pts_of(self.jilin));
        let common = ln_pts.intersection(&jl_pts).count();
        println!(
            "source shares vertices: 辽宁 {} / 吉林 {} vertices, {} in common",
            ln_pts.len(),
            jl_pts.len(),
            common
        );
        ensure!(
            common > 100,
            "neighbours do not share vertices: arc topology would not help"
        );
        Ok(common)
    }

    /// The vertices the two share at one level of detail.
    fn output_common(&self, res: &LodResult) -> usize {
        unit_points(self.liaoning, res)
            .intersection(&unit_points(self.jilin, res))
            .count()
    }
}

fn unit_points(unit: &Unit, res: &LodResult) -> HashSet<Pt> {
    unit_polygons(unit, res)
        .into_iter()
        .flatten()
        .flatten()
        .collect()
}

/// How many arcs are used by more than one ring, and by whom.
pub(crate) struct ArcSharing {
    /// Arcs used by 2+ rings (of any layer).
    any: usize,
    /// Arcs shared by 2+ provinces.
    provinces: usize,
    /// Arcs shared by 2+ prefecture-level units.
    prefectures: usize,
    /// Arcs on the border of 辽宁 and 吉林.
    liaoning_jilin: usize,
}

impl ArcSharing {
    pub(crate) fn count(units: &[Unit], topo: &Topology) -> Self {
        let mut users: Vec<Vec<(Layer, u32)>> = vec![Vec::new(); topo.arcs.len()];
        for u in units {
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
        Self {
            any: users.iter().filter(|us| us.len() >= 2).count(),
            provinces: shared_by(Layer::Province),
            prefectures: shared_by(Layer::Prefecture),
            liaoning_jilin: users
                .iter()
                .filter(|us| {
                    us.contains(&(Layer::Province, LIAONING))
                        && us.contains(&(Layer::Province, JILIN))
                })
                .count(),
        }
    }

    pub(crate) fn print(&self, topo: &Topology) {
        let arc_vertices: usize = topo.arcs.iter().map(Vec::len).sum();
        println!(
            "topology: {} junctions, {} arcs ({} vertices), {} arcs used by 2+ rings, {} shared by 2+ provinces, {} by 2+ prefecture-level units, {} between 辽宁 and 吉林",
            topo.junctions,
            topo.arcs.len(),
            arc_vertices,
            self.any,
            self.provinces,
            self.prefectures,
            self.liaoning_jilin
        );
    }
}

/// What the README records about the source and its topology.
pub(crate) struct SourceSummary {
    pub(crate) rings: usize,
    pub(crate) vertices: usize,
    /// Vertices 辽宁 and 吉林 share.
    pub(crate) common_vertices: usize,
    pub(crate) junctions: usize,
    pub(crate) arcs: usize,
    pub(crate) sharing: ArcSharing,
    /// Crossing or touching segments between the original arcs.
    pub(crate) conflicts: usize,
}

impl SourceSummary {
    /// A Markdown list: the source, then one item per level of detail (`lod_lines`).
    pub(crate) fn markdown(&self, lod_lines: &[String]) -> String {
        format!(
            "- source: {} rings, {} vertices; 辽宁/吉林 share {} vertices\n- topology: {} junctions, {} arcs, {} arcs used by 2+ rings, {} shared by 2+ provinces, {} by 2+ prefecture-level units\n- source conflicts (crossing or touching segments) between arcs: {}\n{}",
            self.rings,
            self.vertices,
            self.common_vertices,
            self.junctions,
            self.arcs,
            self.sharing.any,
            self.sharing.provinces,
            self.sharing.prefectures,
            self.conflicts,
            lod_lines
                .iter()
                .map(|l| format!("- {l}\n"))
                .collect::<String>()
        )
    }
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

/// Prints the areas of the three source layers, which nest: they should be equal.
pub(crate) fn print_source_areas(units: &[Unit], rings: &[Vec<Pt>]) {
    let in_area = |l| input_layer_area2(units, l, rings);
    println!(
        "source areas (deg²): outline {:.4}, provinces {:.4}, prefectures {:.4}",
        in_area(Layer::Country) as f64 / 2e12,
        in_area(Layer::Province) as f64 / 2e12,
        in_area(Layer::Prefecture) as f64 / 2e12
    );
}

/// Prints the summary line of one level of detail (and where conflicts are left) and returns
/// it for the README. Fails when 辽宁 and 吉林 no longer share a vertex: the shared border was
/// lost.
pub(crate) fn lod_summary(units: &[Unit], pair: &BorderPair, res: &LodResult) -> Result<String> {
    let (lod, s) = (res.lod, &res.stats);
    let area = |l| layer_area2(units, l, res) as f64 / 2e12;
    let common = pair.output_common(res);
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
    Ok(line)
}
