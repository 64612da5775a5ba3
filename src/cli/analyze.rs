//! `atlas analyze`: the spatial statistics headless — weights (built, written as GeoDa's
//! `.gal`/`.gwt`, or a file checked), Moran's I with LISA and Gi* for an indicator, and the
//! concentration of the old industrial cities per region group.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;

use crate::core::dataset::Dataset;
use crate::core::settings::Choropleth;
use crate::core::spatial::analysis::{CitySet, autocorrelation, concentration_by_group};
use crate::core::spatial::autocorrelation::{Cluster, fdr_threshold};
use crate::core::spatial::weights::{
    Rule, UnitLevel, build, from_gal, from_gwt, to_gal, to_gwt, unit_ids,
};

#[derive(Subcommand, Debug)]
pub enum AnalyzeCommand {
    /// Global and local autocorrelation of an indicator: Moran's I (normality, randomisation,
    /// permutations), LISA clusters and Gi* hot and cold spots.
    Moran {
        /// An indicator id (`atlas data indicators`); default GDP 2023 by province.
        #[arg(long, default_value = "gdp2023")]
        indicator: String,
        #[arg(long)]
        year: Option<i32>,
        /// queen, rook, knn:K or band:KM.
        #[arg(long, default_value = "queen", value_parser = parse_rule)]
        weights: Rule,
        /// A GeoDa .gal or .gwt file to use instead of --weights.
        #[arg(long)]
        weights_file: Option<PathBuf>,
        #[arg(long, default_value_t = 999)]
        permutations: usize,
        #[arg(long, default_value_t = 12345)]
        seed: u64,
        /// Significance level for LISA and Gi*.
        #[arg(long, default_value_t = 0.05)]
        alpha: f64,
        /// Control the false discovery rate (Benjamini–Hochberg) for LISA.
        #[arg(long)]
        fdr: bool,
        #[arg(long)]
        json: bool,
    },
    /// Build weights and write them as .gal (binary) or .gwt (weighted), or check a file.
    Weights {
        #[arg(long, value_enum, default_value = "province")]
        level: LevelArg,
        #[arg(long, default_value = "queen", value_parser = parse_rule)]
        weights: Rule,
        /// Write to this .gal or .gwt file.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Check a .gal or .gwt file against the level's units instead.
        #[arg(long)]
        check: Option<PathBuf>,
    },
    /// Concentration of the old industrial cities per region group: count per 10,000 km²,
    /// mean centre, standard deviational ellipse, Clark–Evans ratio.
    Points {
        /// confirmed (default) or all (every evidence tier).
        #[arg(long, default_value = "confirmed")]
        set: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum LevelArg {
    Province,
    Prefecture,
}

impl From<LevelArg> for UnitLevel {
    fn from(l: LevelArg) -> Self {
        match l {
            LevelArg::Province => UnitLevel::Province,
            LevelArg::Prefecture => UnitLevel::Prefecture,
        }
    }
}

/// "queen", "rook", "knn:6", "band:300".
pub fn parse_rule(s: &str) -> Result<Rule, String> {
    match s.split_once(':') {
        None if s == "queen" => Ok(Rule::Queen),
        None if s == "rook" => Ok(Rule::Rook),
        Some(("knn", k)) => k
            .parse::<usize>()
            .ok()
            .filter(|k| *k >= 1)
            .map(Rule::Knn)
            .ok_or_else(|| format!("knn needs a whole number of neighbours, not '{k}'")),
        Some(("band", d)) => d
            .parse::<f64>()
            .ok()
            .filter(|d| d.is_finite() && *d > 0.0)
            .map(Rule::DistanceBand)
            .ok_or_else(|| format!("band needs a distance in km, not '{d}'")),
        _ => Err(format!(
            "unknown weights '{s}' (queen, rook, knn:K, band:KM)"
        )),
    }
}

fn fail(msg: impl std::fmt::Display) -> ExitCode {
    eprintln!("atlas: {msg}");
    ExitCode::from(2)
}

fn read_weights_file(
    path: &std::path::Path,
    ids: &[u32],
) -> Result<crate::core::spatial::weights::Weights, String> {
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

pub fn run(cmd: &AnalyzeCommand) -> ExitCode {
    let ds = match Dataset::load_embedded() {
        Ok(ds) => ds,
        Err(e) => return fail(format!("embedded data: {e}")),
    };
    match cmd {
        AnalyzeCommand::Weights {
            level,
            weights,
            out,
            check,
        } => {
            let level = UnitLevel::from(*level);
            let ids = unit_ids(&ds, level);
            if let Some(path) = check {
                return match read_weights_file(path, &ids) {
                    Ok(w) => {
                        say!(
                            "{}: OK, {} units, {} links, islands: {:?}",
                            path.display(),
                            w.len(),
                            w.neighbors.iter().map(Vec::len).sum::<usize>(),
                            w.islands()
                        );
                        ExitCode::SUCCESS
                    }
                    Err(e) => fail(e),
                };
            }
            let w = build(&ds, level, *weights);
            let islands = w.islands();
            say!(
                "{} units, {}; {} links; islands (no neighbours): {}",
                w.len(),
                weights.describe(),
                w.neighbors.iter().map(Vec::len).sum::<usize>(),
                if islands.is_empty() {
                    "none".to_owned()
                } else {
                    format!("{islands:?}")
                }
            );
            if let Some(path) = out {
                let gwt = path
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("gwt"));
                let text = if gwt {
                    to_gwt(&w, "adcode")
                } else {
                    to_gal(&w, "adcode")
                };
                if let Err(e) = crate::core::atomic::write_atomic(path, text.as_bytes()) {
                    return fail(format!("{}: {e}", path.display()));
                }
                say!("{}", path.display());
            }
            ExitCode::SUCCESS
        }
        AnalyzeCommand::Moran {
            indicator,
            year,
            weights,
            weights_file,
            permutations,
            seed,
            alpha,
            fdr,
            json,
        } => {
            let mut c = Choropleth::default();
            if let Err(e) = crate::core::indicators::choose_indicator(&mut c, &ds, indicator, *year)
            {
                return fail(e);
            }
            let ind = crate::core::indicators::active_indicator(&c, &[]);
            let level = crate::core::spatial::analysis::level_of(&ind);
            let all = match weights_file {
                Some(p) => match read_weights_file(p, &unit_ids(&ds, level)) {
                    Ok(w) => w,
                    Err(e) => return fail(e),
                },
                None => build(&ds, level, *weights),
            };
            let a = autocorrelation(&ds, &ind, &all, *weights, *permutations, *seed);
            let Some(m) = &a.moran else {
                return fail("too few units with values, or no variation: nothing to test");
            };
            let threshold = match (&a.lisa, fdr) {
                (Some(l), true) => fdr_threshold(&l.p_sim, *alpha),
                _ => *alpha,
            };
            let clusters: Vec<Cluster> = a
                .lisa
                .as_ref()
                .map(|l| (0..a.ids.len()).map(|i| l.cluster(i, threshold)).collect())
                .unwrap_or_default();
            let count = |k: Cluster| clusters.iter().filter(|c| **c == k).count();
            let name = |id: u32| {
                ds.province(id)
                    .map(|p| p.name_zh.clone())
                    .or_else(|| ds.prefecture(id).map(|p| p.name_zh.clone()))
                    .unwrap_or_else(|| id.to_string())
            };
            let members = |k: Cluster| -> Vec<String> {
                a.ids
                    .iter()
                    .zip(&clusters)
                    .filter(|(_, c)| **c == k)
                    .map(|(id, _)| name(*id))
                    .collect()
            };
            let hot = a.gi.iter().filter(|(z, p)| *z > 0.0 && *p < *alpha).count();
            let cold = a.gi.iter().filter(|(z, p)| *z < 0.0 && *p < *alpha).count();
            if *json {
                let v = serde_json::json!({
                    "indicator": ind.key().id, "year": ind.key().year,
                    "weights": weights_file.as_ref().map_or_else(|| weights.describe(), |p| p.display().to_string()),
                    "n": m.n, "dropped_no_data": a.dropped, "islands": a.islands,
                    "moran_i": m.i, "expected": m.expected,
                    "z_norm": m.z_norm, "p_norm": m.p_norm, "z_rand": m.z_rand, "p_rand": m.p_rand,
                    "p_sim": m.p_sim, "permutations": m.permutations, "seed": m.seed,
                    "lisa_threshold": threshold, "fdr": fdr,
                    "high_high": members(Cluster::HighHigh), "low_low": members(Cluster::LowLow),
                    "high_low": members(Cluster::HighLow), "low_high": members(Cluster::LowHigh),
                    "gi_hot": hot, "gi_cold": cold,
                });
                say!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
                return ExitCode::SUCCESS;
            }
            say!(
                "{} · {} · {} units with values ({} without, dropped before row-standardising)",
                ind.name_with_unit(crate::core::settings::Lang::En),
                weights_file
                    .as_ref()
                    .map_or_else(|| weights.describe(), |p| p.display().to_string()),
                m.n,
                a.dropped.len()
            );
            if !a.islands.is_empty() {
                let names: Vec<String> = a.islands.iter().map(|&i| name(i)).collect();
                say!("islands (no neighbours, lag 0): {}", names.join(", "));
            }
            say!("Moran's I = {:.4}  (E[I] = {:.4})", m.i, m.expected);
            say!("  normality:     z = {:.3}, p = {:.4}", m.z_norm, m.p_norm);
            say!("  randomisation: z = {:.3}, p = {:.4}", m.z_rand, m.p_rand);
            if let Some(p) = m.p_sim {
                say!(
                    "  permutations:  p = {p:.4} ({} permutations, seed {})",
                    m.permutations,
                    m.seed
                );
            }
            say!(
                "LISA (p ≤ {threshold:.4}{}): high-high {}, low-low {}, high-low {}, low-high {}, not significant {}",
                if *fdr { ", FDR" } else { "" },
                count(Cluster::HighHigh),
                count(Cluster::LowLow),
                count(Cluster::HighLow),
                count(Cluster::LowHigh),
                count(Cluster::NotSignificant)
            );
            for (label, k) in [
                ("high-high", Cluster::HighHigh),
                ("low-low", Cluster::LowLow),
                ("high-low", Cluster::HighLow),
                ("low-high", Cluster::LowHigh),
            ] {
                let m = members(k);
                if !m.is_empty() {
                    say!("  {label}: {}", m.join(", "));
                }
            }
            say!("Gi* (p < {alpha}): {hot} hot spots, {cold} cold spots");
            ExitCode::SUCCESS
        }
        AnalyzeCommand::Points { set, json } => {
            let set = match set.as_str() {
                "confirmed" => CitySet::Confirmed,
                "all" => CitySet::All,
                other => return fail(format!("unknown --set '{other}' (confirmed, all)")),
            };
            let total = ds
                .cities
                .iter()
                .filter(|c| match set {
                    CitySet::Confirmed => c.evidence == crate::core::model::EvidenceTier::Confirmed,
                    CitySet::All => true,
                })
                .count();
            let coverage = format!(
                "{total} {} of the plan's {} cities",
                match set {
                    CitySet::Confirmed => "confirmed",
                    CitySet::All => "found (any evidence tier)",
                },
                crate::core::dataset::PLAN_TOTAL_CITIES
            );
            let rows = concentration_by_group(&ds, set);
            if *json {
                let v: Vec<serde_json::Value> = rows
                    .iter()
                    .map(|(g, c)| {
                        serde_json::json!({
                            "group": g.key(),
                            "n": c.as_ref().map(|c| c.n),
                            "area_km2": c.as_ref().map(|c| c.area_km2),
                            "per_10k_km2": c.as_ref().map(|c| c.per_10k_km2),
                            "centre": c.as_ref().map(|c| [c.centre.0, c.centre.1]),
                            "ellipse_sd_km": c.as_ref().and_then(|c| c.ellipse.as_ref()).map(|e| [e.sd_major_km, e.sd_minor_km]),
                            "clark_evans_r_z": c.as_ref().and_then(|c| c.clark_evans),
                        })
                    })
                    .collect();
                say!(
                    "{}",
                    serde_json::to_string_pretty(
                        &serde_json::json!({"set": coverage, "groups": v})
                    )
                    .unwrap_or_default()
                );
                return ExitCode::SUCCESS;
            }
            say!("cities: {coverage} (a partial list is not the whole)");
            for (g, c) in rows {
                match c {
                    Some(c) => {
                        say!(
                            "{:<18} n={:<3} {:>9.0} km²  {:.2} per 10,000 km²  centre {:.2}°E {:.2}°N",
                            g.key(),
                            c.n,
                            c.area_km2,
                            c.per_10k_km2,
                            c.centre.0,
                            c.centre.1
                        );
                        if let Some(e) = &c.ellipse {
                            say!(
                                "{:<18} ellipse: sd {:.0} km × {:.0} km, major axis {:.0}° from east",
                                "",
                                e.sd_major_km,
                                e.sd_minor_km,
                                e.angle.to_degrees()
                            );
                        }
                        if let Some((r, z)) = c.clark_evans {
                            say!(
                                "{:<18} Clark–Evans R = {r:.3}, z = {z:.2} ({})",
                                "",
                                match (r < 1.0, z.abs() >= 1.96) {
                                    (_, false) => "not different from random at 5%",
                                    (true, true) => "clustered",
                                    (false, true) => "dispersed",
                                }
                            );
                        }
                    }
                    None => say!("{:<18} no cities in the set", g.key()),
                }
            }
            ExitCode::SUCCESS
        }
    }
}
