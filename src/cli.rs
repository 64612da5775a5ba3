//! Command line: `atlas` opens the window; `atlas data …` works without one.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::core::check::check_path;
use crate::core::dataset::Dataset;
use crate::core::summary::summarize;
use crate::core::validate::validate;

#[derive(Parser, Debug)]
#[command(
    name = "atlas",
    version,
    about = "老工业基地地图集 · Old Industrial Bases Atlas"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Interface language of the window.
    #[arg(long, value_parser = ["zh", "en"])]
    pub lang: Option<String>,
    /// Open the window on a lon/lat box: WEST,SOUTH,EAST,NORTH (e.g. 118.5,38.5,135,53.5 for the Northeast).
    #[arg(long, value_parser = parse_lonlat_box, allow_hyphen_values = true)]
    pub view: Option<[f64; 4]>,
    /// Layers shown, comma-separated (`all`, or names like cities,heritage,zones).
    #[arg(long, value_parser = crate::state::Layers::from_list)]
    pub layers: Option<crate::state::Layers>,
}

/// Parses `WEST,SOUTH,EAST,NORTH` in degrees.
pub fn parse_lonlat_box(text: &str) -> Result<[f64; 4], String> {
    let v: Vec<f64> = text
        .split(',')
        .map(|s| {
            s.trim()
                .parse::<f64>()
                .map_err(|_| format!("not a number: '{s}'"))
        })
        .collect::<Result<_, _>>()?;
    let [w, s, e, n] = v[..] else {
        return Err(format!(
            "expected WEST,SOUTH,EAST,NORTH (4 numbers), got {}",
            v.len()
        ));
    };
    if !(-180.0..=180.0).contains(&w) || !(-180.0..=180.0).contains(&e) || w >= e {
        return Err(format!(
            "longitudes must be in -180..180 with WEST < EAST: {w}, {e}"
        ));
    }
    if !(-90.0..=90.0).contains(&s) || !(-90.0..=90.0).contains(&n) || s >= n {
        return Err(format!(
            "latitudes must be in -90..90 with SOUTH < NORTH: {s}, {n}"
        ));
    }
    Ok([w, s, e, n])
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Inspect and check data.
    Data {
        #[command(subcommand)]
        command: DataCommand,
    },
}

#[derive(Subcommand, Debug)]
pub enum DataCommand {
    /// Counts of the embedded dataset and its coverage of the plan's 120 cities.
    Summary {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Parse a CSV or GeoJSON file and report problems (exit 2 naming line/feature and field).
    Check { file: PathBuf },
}

/// Runs a `data` subcommand; returns the process exit code.
pub fn run_data(cmd: &DataCommand) -> ExitCode {
    match cmd {
        DataCommand::Summary { json } => {
            let ds = match Dataset::load_embedded() {
                Ok(ds) => ds,
                Err(e) => {
                    eprintln!("atlas: embedded data: {e}");
                    return ExitCode::from(2);
                }
            };
            let summary = summarize(&ds);
            let problems = validate(&ds);
            if *json {
                let mut v = serde_json::to_value(&summary).unwrap_or_default();
                if let Some(obj) = v.as_object_mut() {
                    obj.insert(
                        "validation_problems".into(),
                        problems
                            .iter()
                            .map(|p| p.what.clone())
                            .collect::<Vec<_>>()
                            .into(),
                    );
                }
                println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
            } else {
                print_summary(&summary);
                println!("validation problems: {}", problems.len());
                for p in &problems {
                    println!("  {}", p.what);
                }
            }
            ExitCode::SUCCESS
        }
        DataCommand::Check { file } => match check_path(file) {
            Ok(report) => {
                println!(
                    "{}: OK ({} file, {} items)",
                    file.display(),
                    report.kind,
                    report.items
                );
                for n in report.notes {
                    println!("  note: {n}");
                }
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("atlas: {e}");
                ExitCode::from(2)
            }
        },
    }
}

fn print_summary(s: &crate::core::summary::Summary) {
    let c = &s.coverage;
    println!(
        "provincial units: {}   prefecture units: {}",
        s.provinces, s.prefectures
    );
    println!(
        "old industrial cities found: {} of the plan's {} ({} prefecture-level of {}, {} major of {})",
        c.sourced_total,
        c.plan_total,
        c.sourced_prefecture,
        c.plan_prefecture,
        c.sourced_major,
        c.plan_major
    );
    println!("  by evidence tier: {:?}", s.cities_by_evidence);
    println!("  by region group: {:?}", s.cities_by_region_group);
    println!("  by NBS region: {:?}", s.cities_by_nbs_region);
    println!("  by province: {:?}", s.cities_by_province);
    if let Some(ne) = c.article_northeast {
        println!(
            "  Northeast: {} in the dataset; the article states {}",
            c.sourced_northeast, ne
        );
    }
    println!(
        "  provinces with none yet: {}",
        c.provinces_without_cities.join(", ")
    );
    println!(
        "heritage sites: {} ({} in batches 1-5); by batch: {:?}",
        s.heritage_sites, s.heritage_batches_1_to_5, s.heritage_by_batch
    );
    println!(
        "demonstration zones: {}   indicator values: {}   article figures: {}   international cases: {}",
        s.demonstration_zones, s.indicator_values, s.article_figures, s.international_cases
    );
}
