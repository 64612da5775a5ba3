//! The atlas's spatial statistics against PySAL (libpysal 4.14, esda 2.9) on the atlas's own
//! data. `scripts/pysal/compare.py` (not run by CI) wrote the fixtures in
//! `tests/fixtures/pysal/`: the level's weights as the atlas's `.gal` lists them, the units
//! with values and PySAL's results. Here the atlas recomputes everything from those inputs
//! through its own pipeline (`autocorrelation_of`: subset, row-standardise, Moran, LISA, Gi*).
//!
//! Deterministic quantities agree to 1e-9 (absolute): Moran's I, E[I], z under normality and
//! randomisation, the local Ii, Gi*'s G and z; the LISA quadrant is equal. The normal p-values
//! agree to 1.2e-7 of their size, the stated accuracy of the atlas's erfc approximation
//! (Numerical Recipes' erfcc). Permutation p-values are two independent Monte-Carlo
//! estimates of the same probability (the atlas's seeded streams, numpy's draws), both from
//! N = 9,999 permutations, so they are held within three standard errors of their difference
//! plus the discreteness of two (k+1)/(N+1) estimates: |p_atlas − p_pysal| ≤
//! 3·√(2·p(1−p)/N) + 2/(N+1). The global p must be; of the several hundred local p per case,
//! chance alone puts a few beyond 3 standard errors, so up to 1% may be, and none beyond 4.5
//! (see [`check_local_p`]).
//!
//! Two conventions differ from esda, on purpose, and are asserted as such:
//! * an island (no neighbour among the units with values) has nothing to test, so the atlas
//!   gives it p_sim = 1; esda's conditional permutation gives it a degenerate draw (every
//!   simulated statistic 0) and so the smallest p, 1/(N+1);
//! * Gi*'s p_norm is two-sided in the atlas; esda's `G_Local.p_norm` is one-sided, sf(|z|).

use std::collections::HashMap;

use oib_atlas::core::spatial::analysis::{Autocorrelation, autocorrelation_of, values_for};
use oib_atlas::core::spatial::autocorrelation::Cluster;
use oib_atlas::core::spatial::weights::{Rule, UnitLevel, Weights, build};
use serde_json::Value;

/// Deterministic quantities: the same formula on the same numbers.
const EXACT: f64 = 1e-9;
/// The atlas's normal CDF: Numerical Recipes' erfc, fractional error below 1.2e-7.
const NORMAL_P_REL: f64 = 1.2e-7;

struct Fixture {
    name: String,
    json: Value,
}

impl Fixture {
    fn load(name: &str) -> Self {
        let path = format!(
            "{}/tests/fixtures/pysal/{name}.json",
            env!("CARGO_MANIFEST_DIR")
        );
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        Self {
            name: name.to_owned(),
            json: serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}")),
        }
    }

    fn get(&self, path: &[&str]) -> &Value {
        path.iter().fold(&self.json, |v, k| &v[*k])
    }

    fn f64(&self, path: &[&str]) -> f64 {
        self.get(path)
            .as_f64()
            .unwrap_or_else(|| panic!("{}: {path:?} is not a number", self.name))
    }

    fn f64s(&self, path: &[&str]) -> Vec<f64> {
        self.get(path)
            .as_array()
            .unwrap_or_else(|| panic!("{}: {path:?} is not an array", self.name))
            .iter()
            .map(|v| v.as_f64().expect("a number"))
            .collect()
    }

    fn ids(&self, key: &str) -> Vec<u32> {
        self.f64s(&[key]).into_iter().map(|v| v as u32).collect()
    }

    fn level(&self) -> UnitLevel {
        match self.get(&["level"]).as_str() {
            Some("province") => UnitLevel::Province,
            Some("prefecture") => UnitLevel::Prefecture,
            other => panic!("{}: level {other:?}", self.name),
        }
    }

    fn rule(&self) -> Rule {
        let rule = self.get(&["rule"]).as_str().expect("a rule");
        oib_atlas::cli::analyse::parse_rule(rule).expect("a rule the CLI takes")
    }

    fn permutations(&self) -> usize {
        self.f64(&["permutations"]) as usize
    }

    /// The level's full weights as the `.gal` lists them (binary, in the file's order).
    fn all_weights(&self) -> Weights {
        let ids = self.ids("all_ids");
        let index: HashMap<u32, usize> = ids.iter().enumerate().map(|(i, &id)| (id, i)).collect();
        let neighbors = self
            .get(&["all_neighbours"])
            .as_array()
            .expect("neighbour lists")
            .iter()
            .map(|row| {
                row.as_array()
                    .expect("a neighbour list")
                    .iter()
                    .map(|id| (index[&(id.as_u64().expect("an adcode") as u32)], 1.0))
                    .collect()
            })
            .collect();
        Weights { ids, neighbors }
    }

    /// One value per unit of the level, `None` for those without (dropped by the atlas).
    fn values_by_unit(&self, all: &Weights) -> Vec<Option<f64>> {
        let by_id: HashMap<u32, f64> = self
            .ids("ids")
            .into_iter()
            .zip(self.f64s(&["values"]))
            .collect();
        all.ids.iter().map(|id| by_id.get(id).copied()).collect()
    }

    /// The atlas's analysis of the fixture's inputs, with as many permutations as PySAL's.
    fn atlas(&self) -> Autocorrelation {
        let all = self.all_weights();
        let values = self.values_by_unit(&all);
        let seed = self.f64(&["seed"]) as u64;
        autocorrelation_of(
            self.level(),
            self.rule(),
            &all,
            &values,
            self.permutations(),
            seed,
        )
    }
}

/// The largest difference seen for each quantity, printed for the record.
#[derive(Default)]
struct Report {
    rows: Vec<(String, f64)>,
}

impl Report {
    fn exact(&mut self, what: &str, atlas: f64, pysal: f64) {
        self.close(what, atlas, pysal, EXACT);
    }

    fn close(&mut self, what: &str, atlas: f64, pysal: f64, tol: f64) {
        let d = (atlas - pysal).abs();
        assert!(
            d <= tol,
            "{what}: atlas {atlas} vs PySAL {pysal} (|Δ| = {d:e} > {tol:e})"
        );
        self.note(what, d);
    }

    /// A normal p-value: within the erfc approximation's fractional error.
    fn normal_p(&mut self, what: &str, atlas: f64, pysal: f64) {
        self.close(what, atlas, pysal, NORMAL_P_REL * pysal + 1e-15);
    }

    /// Two independent Monte-Carlo estimates of one permutation p from N draws each, with
    /// their difference's standard error √(2·p(1−p)/N) and a slack of 2/(N+1) for the
    /// discreteness of two (k+1)/(N+1) estimates.
    fn monte_carlo(&mut self, what: &str, atlas: f64, pysal: f64, n: usize) -> McDiff {
        let nf = n as f64;
        let p = 0.5 * (atlas + pysal);
        let d = McDiff {
            what: what.to_owned(),
            atlas,
            pysal,
            diff: (atlas - pysal).abs(),
            se: (2.0 * p * (1.0 - p) / nf).sqrt(),
            slack: 2.0 / (nf + 1.0),
        };
        self.note(what, d.diff);
        d
    }

    fn note(&mut self, what: &str, d: f64) {
        let key = what.split('[').next().unwrap_or(what).to_owned();
        match self.rows.iter_mut().find(|(k, _)| *k == key) {
            Some((_, m)) => *m = m.max(d),
            None => self.rows.push((key, d)),
        }
    }

    fn summary(&self, name: &str) -> String {
        let mut out = format!("{name}: largest |atlas − PySAL|\n");
        for (k, d) in &self.rows {
            out.push_str(&format!("  {k:<22} {d:.3e}\n"));
        }
        out
    }
}

/// The difference of two permutation p-values, with its Monte-Carlo standard error.
#[derive(Debug)]
struct McDiff {
    what: String,
    atlas: f64,
    pysal: f64,
    diff: f64,
    se: f64,
    slack: f64,
}

impl McDiff {
    fn within(&self, k: f64) -> bool {
        self.diff <= k * self.se + self.slack
    }

    /// The difference in standard errors (beyond the discreteness slack).
    fn in_se(&self) -> f64 {
        if self.se > 0.0 {
            (self.diff - self.slack).max(0.0) / self.se
        } else {
            0.0
        }
    }
}

/// The local permutation p-values: each within 3 standard errors of PySAL's, but with some
/// 600 of them compared per case chance alone puts about 0.27% (two-sided normal tail at 3)
/// beyond that, and a unit's LISA and Gi* p coincide (the same draws rank both the same way
/// under these weights), so up to 1% may be; none may be beyond 4.5 standard errors, a
/// family-wise bound (P(|Z| > 4.5) · 600 ≈ 0.4%). A systematic difference (a wrong draw, a
/// wrong tail) moves most units by many standard errors and fails both.
fn check_local_p(name: &str, diffs: &[McDiff]) -> String {
    let beyond: Vec<&McDiff> = diffs.iter().filter(|d| !d.within(3.0)).collect();
    let allowed = (diffs.len() as f64 * 0.01).ceil() as usize;
    assert!(
        beyond.len() <= allowed,
        "{name}: {} of {} permutation p-values beyond 3 standard errors (at most {allowed}): {beyond:#?}",
        beyond.len(),
        diffs.len()
    );
    for d in diffs {
        assert!(
            d.within(4.5),
            "{name}: {}: atlas p {} vs PySAL p {} ({:.2} standard errors)",
            d.what,
            d.atlas,
            d.pysal,
            d.in_se()
        );
    }
    let worst = diffs.iter().map(McDiff::in_se).fold(0.0, f64::max);
    format!(
        "  local permutation p: {} of {} beyond 3 standard errors{}; the largest {worst:.2}\n",
        beyond.len(),
        diffs.len(),
        beyond
            .iter()
            .map(|d| format!(
                " ({}: {} vs {}, {:.2})",
                d.what,
                d.atlas,
                d.pysal,
                d.in_se()
            ))
            .collect::<String>()
    )
}

/// esda's quadrant code `q` for an atlas cluster: 1 HH, 2 LH, 3 LL, 4 HL.
fn esda_q(c: Cluster) -> i64 {
    match c {
        Cluster::HighHigh => 1,
        Cluster::LowHigh => 2,
        Cluster::LowLow => 3,
        Cluster::HighLow => 4,
        Cluster::NotSignificant => 0,
    }
}

fn compare(name: &str) {
    let fx = Fixture::load(name);
    let a = fx.atlas();
    let n_perm = fx.permutations();
    let mut r = Report::default();

    // The same units, values and islands as PySAL's subset.
    assert_eq!(a.ids, fx.ids("ids"), "{name}: the units with values");
    assert_eq!(a.values, fx.f64s(&["values"]), "{name}: their values");
    assert_eq!(a.islands, fx.ids("islands"), "{name}: the islands");
    let islands: Vec<bool> = a.ids.iter().map(|id| a.islands.contains(id)).collect();
    let n = a.ids.len();

    // Global Moran's I.
    let m = a.moran.as_ref().expect("Moran's I");
    let mo = |k: &str| fx.f64(&["moran", k]);
    assert_eq!(m.permutations, n_perm);
    r.exact("moran I", m.i, mo("I"));
    r.exact("moran EI", m.expected, mo("EI"));
    r.exact("moran z_norm", m.z_norm, mo("z_norm"));
    r.exact("moran z_rand", m.z_rand, mo("z_rand"));
    r.normal_p("moran p_norm", m.p_norm, mo("p_norm"));
    r.normal_p("moran p_rand", m.p_rand, mo("p_rand"));
    // One global p per case: within 3 standard errors.
    let global = r.monte_carlo(
        "moran p_sim",
        m.p_sim.expect("a permutation p"),
        mo("p_sim"),
        n_perm,
    );
    assert!(global.within(3.0), "{name}: {global:?}");
    let mut local_p = Vec::new();

    // Local Moran.
    let l = a.lisa.as_ref().expect("LISA");
    let is = fx.f64s(&["moran_local", "Is"]);
    let q = fx.f64s(&["moran_local", "q"]);
    let lp = fx.f64s(&["moran_local", "p_sim"]);
    assert_eq!((is.len(), q.len(), lp.len()), (n, n, n));
    for i in 0..n {
        let id = a.ids[i];
        r.exact(&format!("lisa Ii[{id}]"), l.local_i[i], is[i]);
        // Every unit's quadrant, whatever its p (a threshold of 1 admits all).
        assert_eq!(
            esda_q(l.cluster(i, 1.0)),
            q[i] as i64,
            "{name}: quadrant of {id} (z {}, lag {})",
            l.z[i],
            l.lag[i]
        );
        if islands[i] {
            // Nothing to test: the atlas says 1, esda's degenerate draw its smallest p.
            assert_eq!(l.p_sim[i], 1.0, "{name}: island {id}");
            assert_eq!(
                lp[i],
                1.0 / (n_perm as f64 + 1.0),
                "{name}: esda, island {id}"
            );
        } else {
            local_p.push(r.monte_carlo(&format!("lisa p_sim[{id}]"), l.p_sim[i], lp[i], n_perm));
        }
    }

    // Getis–Ord Gi* (binary weights, the unit itself included).
    let g = fx.f64s(&["g_local_star", "G"]);
    let gz = fx.f64s(&["g_local_star", "z"]);
    let gpn = fx.f64s(&["g_local_star", "p_norm"]);
    let gp = fx.f64s(&["g_local_star", "p_sim"]);
    assert_eq!(a.gi.len(), n);
    for (i, gi) in a.gi.iter().enumerate() {
        let id = a.ids[i];
        r.exact(&format!("gi G[{id}]"), gi.g, g[i]);
        r.exact(&format!("gi z[{id}]"), gi.z, gz[i]);
        // Two-sided in the atlas, one-sided in esda.
        r.normal_p(&format!("gi p_norm/2[{id}]"), gi.p_norm / 2.0, gpn[i]);
        if islands[i] {
            assert_eq!(gi.p_sim, 1.0, "{name}: island {id}");
            // esda keeps its p_sim in single precision.
            let smallest = 1.0 / (n_perm as f64 + 1.0);
            assert!((gp[i] - smallest).abs() < 1e-7, "{name}: esda, island {id}");
        } else {
            local_p.push(r.monte_carlo(&format!("gi p_sim[{id}]"), gi.p_sim, gp[i], n_perm));
        }
    }
    let mut out = r.summary(name);
    out.push_str(&format!(
        "  global permutation p: {:.2} standard errors\n",
        global.in_se()
    ));
    out.push_str(&check_local_p(name, &local_p));
    eprint!("{out}");
}

#[test]
fn province_gdp_2023_under_queen_contiguity_matches_pysal() {
    compare("province_gdp2023_queen");
}

#[test]
fn prefecture_gdp_2023_under_queen_contiguity_matches_pysal() {
    compare("prefecture_gdp2023_queen");
}

#[test]
fn prefecture_gdp_2023_under_six_nearest_neighbours_matches_pysal() {
    compare("prefecture_gdp2023_knn6");
}

/// The fixtures were made from the atlas's embedded data: if the weights or the values
/// change, this fails, and `scripts/pysal/compare.py` must be run again.
#[test]
fn the_fixtures_are_the_atlas_data_of_today() {
    use oib_atlas::core::dataset::Dataset;
    use oib_atlas::core::indicators::{active_indicator, choose_indicator};
    use oib_atlas::core::settings::Choropleth;

    let ds = Dataset::load_embedded().expect("the embedded data");
    for name in [
        "province_gdp2023_queen",
        "prefecture_gdp2023_queen",
        "prefecture_gdp2023_knn6",
    ] {
        let fx = Fixture::load(name);
        let stale = "the atlas's data changed: run scripts/pysal/compare.py again";
        let all = build(&ds, fx.level(), fx.rule());
        assert_eq!(all, fx.all_weights(), "{name}: the weights; {stale}");
        let args: Vec<&str> = fx
            .get(&["indicator"])
            .as_array()
            .expect("the indicator's arguments")
            .iter()
            .map(|v| v.as_str().expect("an argument"))
            .collect();
        let (id, year) = match args.as_slice() {
            ["--indicator", id] => (*id, None),
            ["--indicator", id, "--year", y] => (*id, Some(y.parse().expect("a year"))),
            other => panic!("{name}: indicator arguments {other:?}"),
        };
        let mut c = Choropleth::default();
        choose_indicator(&mut c, &ds, id, year).expect("a known indicator");
        let values = values_for(&ds, &active_indicator(&c, &[]), &all);
        assert_eq!(
            values,
            fx.values_by_unit(&all),
            "{name}: the values; {stale}"
        );
    }
}
