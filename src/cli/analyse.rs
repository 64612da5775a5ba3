//! `atlas analyse`: the spatial statistics headless — weights (built, written as GeoDa's
//! `.gal`/`.gwt`, or a file checked), Moran's I, LISA and Gi* for an indicator (built-in or
//! imported), and the concentration of the old industrial cities per region group. Every
//! result names its method, weights and permutations.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;

use crate::core::dataset::Dataset;
use crate::core::settings::Choropleth;
use crate::core::spatial::analysis::{
    Autocorrelation, CitySet, autocorrelation, concentration_by_group, level_of,
};
use crate::core::spatial::autocorrelation::{Cluster, HotSpot, fdr_threshold};
use crate::core::spatial::weights::{Rule, UnitLevel, build, to_gal, to_gwt, unit_ids};

#[derive(Subcommand, Debug)]
pub enum AnalyseCommand {
    /// Global Moran's I of an indicator: normality, randomisation and permutation inference.
    Moran(StatArgs),
    /// Local Moran (LISA) per unit: Ii, standardised value, pseudo p, quadrant and cluster.
    Lisa(StatArgs),
    /// Getis–Ord Gi* per unit (binary weights with the unit itself): G, z, p and hot or cold.
    Gi(StatArgs),
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
    /// mean centre, standard deviational ellipse, Clark–Evans ratio, kernel bandwidth.
    #[command(alias = "points")]
    Density {
        /// confirmed (default) or all (every evidence tier).
        #[arg(long, default_value = "confirmed")]
        set: String,
        #[arg(long)]
        json: bool,
    },
}

/// What an autocorrelation statistic is computed on, and how.
#[derive(clap::Args, Debug)]
pub struct StatArgs {
    /// An indicator id (`atlas data indicators`); default GDP 2023 by province.
    #[arg(long, default_value = "gdp2023")]
    pub indicator: String,
    #[arg(long)]
    pub year: Option<i32>,
    /// Import a CSV/XLSX table and analyse its first indicator (instead of --indicator).
    #[arg(long, value_name = "FILE")]
    pub import: Option<PathBuf>,
    /// The indicator's level, checked (the indicator decides it; a mismatch is an error).
    #[arg(long, value_enum)]
    pub level: Option<LevelArg>,
    /// queen, rook, knn:K or band:KM.
    #[arg(long, default_value = "queen", value_parser = parse_rule)]
    pub weights: Rule,
    /// A GeoDa .gal or .gwt file to use instead of --weights.
    #[arg(long)]
    pub weights_file: Option<PathBuf>,
    #[arg(long, default_value_t = 999)]
    pub permutations: usize,
    #[arg(long, default_value_t = 12345)]
    pub seed: u64,
    /// Significance level for LISA and Gi*.
    #[arg(long, default_value_t = 0.05)]
    pub alpha: f64,
    /// Control the false discovery rate (Benjamini–Hochberg) for LISA.
    #[arg(long)]
    pub fdr: bool,
    #[arg(long)]
    pub json: bool,
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
    crate::core::spatial::weights::read_file(path, ids)
}

pub fn run(cmd: &AnalyseCommand) -> ExitCode {
    let ds = match Dataset::load_embedded() {
        Ok(ds) => ds,
        Err(e) => return fail(format!("embedded data: {e}")),
    };
    match cmd {
        AnalyseCommand::Weights {
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
        AnalyseCommand::Moran(args) => statistic(&ds, args, Statistic::Moran),
        AnalyseCommand::Lisa(args) => statistic(&ds, args, Statistic::Lisa),
        AnalyseCommand::Gi(args) => statistic(&ds, args, Statistic::Gi),
        AnalyseCommand::Density { set, json } => {
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

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Statistic {
    Moran,
    Lisa,
    Gi,
}

/// GeoDa's quadrant codes: the unit's value above or below the mean, and its neighbours'.
fn quadrant(z: f64, lag: f64) -> &'static str {
    match (z > 0.0, lag > 0.0) {
        (true, true) => "HH",
        (false, true) => "LH",
        (false, false) => "LL",
        (true, false) => "HL",
    }
}

/// The names of the analysed units whose class is `wanted`, in the weights' order.
fn members_of(
    ds: &Dataset,
    a: &Autocorrelation,
    class: impl Fn(usize) -> &'static str,
    wanted: &str,
) -> Vec<String> {
    (0..a.ids.len())
        .filter(|&i| class(i) == wanted)
        .map(|i| unit_name(ds, a.ids[i]))
        .collect()
}

fn unit_name(ds: &Dataset, id: u32) -> String {
    ds.province(id)
        .map(|p| p.name_zh.clone())
        .or_else(|| ds.prefecture(id).map(|p| p.name_zh.clone()))
        .unwrap_or_else(|| id.to_string())
}

/// `atlas analyse moran|lisa|gi`.
fn statistic(ds: &Dataset, args: &StatArgs, stat: Statistic) -> ExitCode {
    let mut c = Choropleth::default();
    let imported = match &args.import {
        Some(path) => {
            let record = crate::core::settings::ImportRecord {
                path: path.display().to_string(),
                encoding: None,
                date: crate::core::import::today(),
            };
            match crate::core::import::import_file(ds, &record) {
                Ok(list) if !list.is_empty() => list,
                Ok(_) => {
                    return fail(format!(
                        "{}: no values to import (no row matched a province or prefecture with a number)",
                        path.display()
                    ));
                }
                Err(e) => return fail(e),
            }
        }
        None => {
            if let Err(e) =
                crate::core::indicators::choose_indicator(&mut c, ds, &args.indicator, args.year)
            {
                return fail(e);
            }
            Vec::new()
        }
    };
    let ind = match imported.first() {
        Some(imp) => crate::core::indicators::Indicator::Imported {
            imp,
            year: match args.year {
                Some(y) if imp.years.contains(&y) => Some(y),
                Some(y) if imp.has_years() => {
                    return fail(format!(
                        "{}: no values in {y} (years: {:?})",
                        imp.name, imp.years
                    ));
                }
                _ => imp.years.last().copied(),
            },
        },
        None => crate::core::indicators::active_indicator(&c, &[]),
    };
    let level = level_of(&ind);
    if let Some(asked) = args.level
        && UnitLevel::from(asked) != level
    {
        return fail(format!(
            "{} is a {} indicator; --level {} does not match",
            ind.name_with_unit(crate::core::settings::Lang::En),
            level_word(level),
            level_word(asked.into())
        ));
    }
    let all = match &args.weights_file {
        Some(p) => match read_weights_file(p, &unit_ids(ds, level)) {
            Ok(w) => w,
            Err(e) => return fail(e),
        },
        None => build(ds, level, args.weights),
    };
    let a = autocorrelation(ds, &ind, &all, args.weights, args.permutations, args.seed);
    let Some(m) = &a.moran else {
        return fail("too few units with values, or no variation: nothing to test (undefined)");
    };
    let weights = args.weights_file.as_ref().map_or_else(
        || format!("{}, row-standardised", args.weights.describe()),
        |p| format!("{} (GeoDa file), row-standardised", p.display()),
    );
    let key = ind.key();
    let header = serde_json::json!({
        "indicator": key.id, "year": key.year, "level": level_word(level),
        "weights": weights, "permutations": args.permutations, "seed": args.seed,
        "n": m.n,
        "islands": a.islands,
        "island_names": a.islands.iter().map(|&i| unit_name(ds, i)).collect::<Vec<_>>(),
        "dropped_no_data": a.dropped,
    });
    match stat {
        Statistic::Moran => moran_out(ds, args, &ind, &a, header, &weights),
        Statistic::Lisa => lisa_out(ds, args, &a, header, &weights),
        Statistic::Gi => gi_out(ds, args, &a, header, &weights),
    }
}

fn level_word(level: UnitLevel) -> &'static str {
    match level {
        UnitLevel::Province => "province",
        UnitLevel::Prefecture => "prefecture",
    }
}

fn with_fields(mut header: serde_json::Value, fields: serde_json::Value) -> serde_json::Value {
    if let (Some(h), serde_json::Value::Object(f)) = (header.as_object_mut(), fields) {
        h.extend(f);
    }
    header
}

fn moran_out(
    ds: &Dataset,
    args: &StatArgs,
    ind: &crate::core::indicators::Indicator<'_>,
    a: &Autocorrelation,
    header: serde_json::Value,
    weights: &str,
) -> ExitCode {
    let Some(m) = &a.moran else {
        return ExitCode::from(2);
    };
    if args.json {
        let v = with_fields(
            header,
            serde_json::json!({
                "statistic": "moran",
                "method": format!("global Moran's I; normality and randomisation z; pseudo p from {} random permutations (folded, as esda)", m.permutations),
                "I": m.i, "expected_I": m.expected,
                "z": m.z_norm, "p_norm": m.p_norm, "z_rand": m.z_rand, "p_rand": m.p_rand,
                "p_sim": m.p_sim,
            }),
        );
        say!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
        return ExitCode::SUCCESS;
    }
    say!(
        "{} · {weights} · {} units with values ({} without, dropped before row-standardising)",
        ind.name_with_unit(crate::core::settings::Lang::En),
        m.n,
        a.dropped.len()
    );
    if !a.islands.is_empty() {
        let names: Vec<String> = a.islands.iter().map(|&i| unit_name(ds, i)).collect();
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
    ExitCode::SUCCESS
}

fn lisa_out(
    ds: &Dataset,
    args: &StatArgs,
    a: &Autocorrelation,
    header: serde_json::Value,
    weights: &str,
) -> ExitCode {
    let Some(l) = &a.lisa else {
        return fail("too few units with values, or no variation: nothing to test (undefined)");
    };
    let threshold = if args.fdr {
        fdr_threshold(&l.p_sim, args.alpha)
    } else {
        args.alpha
    };
    let class = |i: usize| match l.cluster(i, threshold) {
        Cluster::NotSignificant => "not significant",
        _ => quadrant(l.z[i], l.lag[i]),
    };
    if args.json {
        let units: Vec<serde_json::Value> = (0..a.ids.len())
            .map(|i| {
                serde_json::json!({
                    "adcode": a.ids[i], "name": unit_name(ds, a.ids[i]), "value": a.values[i],
                    "Ii": l.local_i[i], "z": l.z[i], "lag": l.lag[i], "p_sim": l.p_sim[i],
                    "quadrant": quadrant(l.z[i], l.lag[i]), "class": class(i),
                })
            })
            .collect();
        let v = with_fields(
            header,
            serde_json::json!({
                "statistic": "lisa",
                "method": format!("local Moran (LISA), esda's Ii = (n-1) z_i lag_i / sum z^2; z the value standardised by its population sd; pseudo p from {} conditional permutations (folded); significant at p <= {threshold}{}", l.permutations, if args.fdr { " (Benjamini-Hochberg FDR)" } else { "" }),
                "alpha": args.alpha, "fdr": args.fdr, "threshold": threshold,
                "units": units,
            }),
        );
        say!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
        return ExitCode::SUCCESS;
    }
    say!(
        "LISA · {weights} · {} permutations (seed {}) · p ≤ {threshold:.4}{}",
        l.permutations,
        l.seed,
        if args.fdr { " (FDR)" } else { "" }
    );
    for q in ["HH", "LL", "HL", "LH"] {
        let members = members_of(ds, a, class, q);
        say!("  {q} ({}): {}", members.len(), members.join(", "));
    }
    let ns = (0..a.ids.len())
        .filter(|&i| class(i) == "not significant")
        .count();
    say!("  not significant: {ns}");
    ExitCode::SUCCESS
}

fn gi_out(
    ds: &Dataset,
    args: &StatArgs,
    a: &Autocorrelation,
    header: serde_json::Value,
    weights: &str,
) -> ExitCode {
    let class = |i: usize| match a.gi[i].class(args.alpha) {
        HotSpot::NotSignificant => "not significant",
        HotSpot::Hot { .. } => "hot",
        HotSpot::Cold { .. } => "cold",
    };
    if args.json {
        let units: Vec<serde_json::Value> = (0..a.ids.len())
            .map(|i| {
                let g = &a.gi[i];
                serde_json::json!({
                    "adcode": a.ids[i], "name": unit_name(ds, a.ids[i]), "value": a.values[i],
                    "Gi": g.g, "z": g.z, "p_norm": g.p_norm, "p_sim": g.p_sim, "class": class(i),
                })
            })
            .collect();
        let v = with_fields(
            header,
            serde_json::json!({
                "statistic": "gi",
                "method": format!("Getis-Ord Gi* (binary weights, the unit itself included, as esda's G_Local(star=True, transform='B')); z under normality; pseudo p from {} conditional permutations; hot or cold at p_sim <= {}", args.permutations, args.alpha),
                "alpha": args.alpha,
                "units": units,
            }),
        );
        say!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
        return ExitCode::SUCCESS;
    }
    say!(
        "Getis-Ord Gi* · {weights} (binary, self included) · {} permutations (seed {}) · p ≤ {}",
        args.permutations,
        args.seed,
        args.alpha
    );
    for k in ["hot", "cold"] {
        let members = members_of(ds, a, class, k);
        say!("  {k} spots ({}): {}", members.len(), members.join(", "));
    }
    ExitCode::SUCCESS
}
