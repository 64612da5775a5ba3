//! Global and local spatial autocorrelation, as PySAL's esda computes them:
//! Moran's I with analytical (normality and randomisation) and permutation inference, local
//! Moran (LISA) with conditional permutations and its four clusters, the Benjamini–Hochberg
//! false discovery rate, and Getis–Ord Gi* hot and cold spots.

use super::rng::SplitMix64;
use super::weights::Weights;

/// The standard normal cumulative distribution (Numerical Recipes' erfc, error < 1.2e-7).
pub fn normal_cdf(z: f64) -> f64 {
    let x = z.abs() / std::f64::consts::SQRT_2;
    let t = 1.0 / (1.0 + 0.5 * x);
    let poly = -x * x - 1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98
                                + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    let erfc = t * poly.exp();
    if z >= 0.0 {
        1.0 - 0.5 * erfc
    } else {
        0.5 * erfc
    }
}

/// Two-sided p of a z-score.
fn p_two_sided(z: f64) -> f64 {
    2.0 * (1.0 - normal_cdf(z.abs()))
}

/// Global Moran's I of `x` under row-standardised weights `w` (same order).
#[derive(Clone, Debug, PartialEq)]
pub struct Moran {
    pub n: usize,
    pub i: f64,
    pub expected: f64,
    /// Under normality.
    pub z_norm: f64,
    pub p_norm: f64,
    /// Under randomisation.
    pub z_rand: f64,
    pub p_rand: f64,
    /// Permutation inference: pseudo p (folded, as esda), the permutations and the seed.
    pub p_sim: Option<f64>,
    pub permutations: usize,
    pub seed: u64,
}

/// Deviations from the mean.
fn deviations(x: &[f64]) -> Vec<f64> {
    let mean = x.iter().sum::<f64>() / x.len() as f64;
    x.iter().map(|v| v - mean).collect()
}

/// I for deviations `z`.
fn moran_i(w: &Weights, z: &[f64], s0: f64) -> f64 {
    let n = z.len() as f64;
    let lag = w.lag(z);
    let num: f64 = z.iter().zip(&lag).map(|(a, b)| a * b).sum();
    let den: f64 = z.iter().map(|a| a * a).sum();
    n / s0 * num / den
}

/// The folded pseudo p of an observed statistic among simulated ones (esda's rule).
fn pseudo_p(observed: f64, sims: &[f64]) -> f64 {
    let above = sims.iter().filter(|&&s| s >= observed).count();
    let larger = above.min(sims.len() - above);
    (larger as f64 + 1.0) / (sims.len() as f64 + 1.0)
}

/// Moran's I; `None` with fewer than 4 units or no variation (nothing to test).
pub fn moran(x: &[f64], w: &Weights, permutations: usize, seed: u64) -> Option<Moran> {
    let n = x.len();
    if n < 4 || w.len() != n {
        return None;
    }
    let z = deviations(x);
    let m2 = z.iter().map(|a| a * a).sum::<f64>() / n as f64;
    if m2 <= 0.0 {
        return None;
    }
    let s0: f64 = w.neighbors.iter().flatten().map(|(_, v)| v).sum();
    if s0 <= 0.0 {
        return None;
    }
    let i = moran_i(w, &z, s0);
    let nf = n as f64;
    let expected = -1.0 / (nf - 1.0);
    // S1 = ½ Σ_ij (w_ij + w_ji)² = Σ over unordered pairs of (w_ij + w_ji)²;
    // S2 = Σ_i (w_i. + w_.i)².
    // Summed in the weights' own order, so the result is the same on every run.
    let weight = |u: usize, v: usize| {
        w.neighbors[u]
            .iter()
            .find(|(x, _)| *x == v)
            .map_or(0.0, |(_, wt)| *wt)
    };
    let s1: f64 = w
        .neighbors
        .iter()
        .enumerate()
        .flat_map(|(u, row)| row.iter().map(move |&(v, a)| (u, v, a)))
        .map(|(u, v, a)| {
            let b = weight(v, u);
            // Each unordered pair once: from its smaller end, or from the only end listed.
            if u < v || b == 0.0 {
                (a + b).powi(2)
            } else {
                0.0
            }
        })
        .sum();
    let mut row_sum = vec![0.0; n];
    let mut col_sum = vec![0.0; n];
    for (u, row) in w.neighbors.iter().enumerate() {
        for &(v, wt) in row {
            row_sum[u] += wt;
            col_sum[v] += wt;
        }
    }
    let s2: f64 = row_sum
        .iter()
        .zip(&col_sum)
        .map(|(a, b)| (a + b).powi(2))
        .sum();
    let v_norm = (nf * nf * s1 - nf * s2 + 3.0 * s0 * s0) / ((nf * nf - 1.0) * s0 * s0)
        - expected * expected;
    let m4 = z.iter().map(|a| a.powi(4)).sum::<f64>() / nf;
    let k = m4 / (m2 * m2);
    let v_rand = (nf * ((nf * nf - 3.0 * nf + 3.0) * s1 - nf * s2 + 3.0 * s0 * s0)
        - k * (nf * (nf - 1.0) * s1 - 2.0 * nf * s2 + 6.0 * s0 * s0))
        / ((nf - 1.0) * (nf - 2.0) * (nf - 3.0) * s0 * s0)
        - expected * expected;
    let z_norm = (i - expected) / v_norm.sqrt();
    let z_rand = (i - expected) / v_rand.sqrt();
    let p_sim = (permutations > 0).then(|| {
        let mut rng = SplitMix64::new(seed);
        let mut perm = z.clone();
        let sims: Vec<f64> = (0..permutations)
            .map(|_| {
                rng.shuffle(&mut perm);
                moran_i(w, &perm, s0)
            })
            .collect();
        pseudo_p(i, &sims)
    });
    Some(Moran {
        n,
        i,
        expected,
        z_norm,
        p_norm: p_two_sided(z_norm),
        z_rand,
        p_rand: p_two_sided(z_rand),
        p_sim,
        permutations,
        seed,
    })
}

/// The four LISA clusters, and not significant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub enum Cluster {
    HighHigh,
    LowLow,
    HighLow,
    LowHigh,
    NotSignificant,
}

/// Local Moran for every unit.
#[derive(Clone, Debug, PartialEq)]
pub struct Lisa {
    /// Standardised values and their spatial lags (the Moran scatter plot's axes).
    pub z: Vec<f64>,
    pub lag: Vec<f64>,
    pub local_i: Vec<f64>,
    /// Conditional-permutation pseudo p per unit (1 for an island: nothing to test; esda's
    /// degenerate draw, every simulated Ii 0, gives an island the smallest p, 1/(N+1)).
    pub p_sim: Vec<f64>,
    pub permutations: usize,
    pub seed: u64,
}

impl Cluster {
    /// In legend order: the four clusters, then not significant.
    pub const ALL: [Cluster; 5] = [
        Cluster::HighHigh,
        Cluster::LowLow,
        Cluster::HighLow,
        Cluster::LowHigh,
        Cluster::NotSignificant,
    ];

    pub fn index(self) -> usize {
        Self::ALL.iter().position(|c| *c == self).unwrap_or(4)
    }

    pub fn color(self) -> crate::core::palette::Rgb {
        crate::core::palette::LISA_COLORS[self.index()]
    }

    pub fn label(self, lang: crate::core::settings::Lang) -> &'static str {
        match self {
            Cluster::HighHigh => lang.pick("高-高", "High-High"),
            Cluster::LowLow => lang.pick("低-低", "Low-Low"),
            Cluster::HighLow => lang.pick("高-低", "High-Low"),
            Cluster::LowHigh => lang.pick("低-高", "Low-High"),
            Cluster::NotSignificant => lang.pick("不显著", "not significant"),
        }
    }
}

impl Lisa {
    /// The unit's quadrant (HH, LL, HL, LH) if its p is below `threshold`.
    pub fn cluster(&self, i: usize, threshold: f64) -> Cluster {
        if self.p_sim[i] > threshold {
            return Cluster::NotSignificant;
        }
        match (self.z[i] > 0.0, self.lag[i] > 0.0) {
            (true, true) => Cluster::HighHigh,
            (false, false) => Cluster::LowLow,
            (true, false) => Cluster::HighLow,
            (false, true) => Cluster::LowHigh,
        }
    }
}

/// The random stream of unit `i`'s conditional permutations: its own, derived from the seed
/// and the unit, so the result is the same whatever the number of threads.
fn unit_rng(seed: u64, i: usize) -> SplitMix64 {
    let mut mix = SplitMix64::new(seed ^ (i as u64).wrapping_mul(0xD1B5_4A32_D192_ED03));
    SplitMix64::new(mix.next_u64())
}

/// Conditional permutation of unit `i` (esda's rule): its own value kept, its `k` neighbours
/// drawn without replacement from the other units, `permutations` times; `stat` maps each
/// draw (indices of the others) to the simulated statistic.
fn conditional_sims(
    n: usize,
    i: usize,
    k: usize,
    permutations: usize,
    rng: &mut SplitMix64,
    mut stat: impl FnMut(&[usize]) -> f64,
) -> Vec<f64> {
    let mut pool: Vec<usize> = (0..n).filter(|&j| j != i).collect();
    let k = k.min(pool.len());
    (0..permutations)
        .map(|_| {
            // A partial Fisher–Yates shuffle draws k others without replacement.
            for a in 0..k {
                let b = a + rng.below(pool.len() - a);
                pool.swap(a, b);
            }
            stat(&pool[..k])
        })
        .collect()
}

/// Local Moran's I (esda's Moran_Local): values standardised by their (population) standard
/// deviation, I_i = (n−1) z_i lag_i / Σ z², p by conditional permutation (the unit's value
/// kept, its neighbours drawn from the others). Units are tested in parallel, each with its
/// own seeded stream.
pub fn lisa(x: &[f64], w: &Weights, permutations: usize, seed: u64) -> Option<Lisa> {
    use rayon::prelude::*;
    let n = x.len();
    if n < 4 || w.len() != n {
        return None;
    }
    let d = deviations(x);
    let sd = (d.iter().map(|a| a * a).sum::<f64>() / n as f64).sqrt();
    if sd <= 0.0 {
        return None;
    }
    let z: Vec<f64> = d.iter().map(|a| a / sd).collect();
    let den: f64 = z.iter().map(|a| a * a).sum();
    let lag = w.lag(&z);
    let scale = (n as f64 - 1.0) / den;
    let local_i: Vec<f64> = z.iter().zip(&lag).map(|(a, b)| scale * a * b).collect();
    let p_sim = (0..n)
        .into_par_iter()
        .map(|i| {
            let row = &w.neighbors[i];
            if row.is_empty() || permutations == 0 {
                return 1.0;
            }
            let mut rng = unit_rng(seed, i);
            let sims = conditional_sims(n, i, row.len(), permutations, &mut rng, |drawn| {
                let l: f64 = row.iter().zip(drawn).map(|(&(_, wt), &j)| wt * z[j]).sum();
                scale * z[i] * l
            });
            pseudo_p(local_i[i], &sims)
        })
        .collect();
    Some(Lisa {
        z,
        lag,
        local_i,
        p_sim,
        permutations,
        seed,
    })
}

/// The Benjamini–Hochberg threshold: the largest p_(k) with p_(k) ≤ k/m · alpha (0 when none
/// qualifies), so "significant under FDR" is p ≤ the threshold.
pub fn fdr_threshold(p: &[f64], alpha: f64) -> f64 {
    let mut sorted = p.to_vec();
    sorted.sort_by(f64::total_cmp);
    let m = sorted.len() as f64;
    sorted
        .iter()
        .enumerate()
        .filter(|(k, v)| **v <= (*k as f64 + 1.0) / m * alpha)
        .map(|(_, v)| *v)
        .fold(0.0, f64::max)
}

/// Getis–Ord Gi* of one unit.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GiStar {
    /// G*_i: the share of the whole sum held by the unit and its neighbours.
    pub g: f64,
    /// Its z-score under normality: positive a hot spot, negative a cold spot (whatever the
    /// sign of the mean; esda's z flips with a negative mean).
    pub z: f64,
    /// Two-sided (esda's `G_Local.p_norm` is one-sided, sf(|z|): half of this).
    pub p_norm: f64,
    /// Conditional-permutation pseudo p (1 when not tested, as an island: esda gives an
    /// island 1/(N+1)).
    pub p_sim: f64,
}

/// A unit's Gi* class at a significance level.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HotSpot {
    /// Significant at `alpha`; `strong` when also at 0.01 (the map's 99 % class).
    Hot {
        strong: bool,
    },
    Cold {
        strong: bool,
    },
    NotSignificant,
}

impl GiStar {
    /// Hot (more than chance gives) or cold, when its permutation p is at most `alpha`:
    /// the one rule the map, the chart and the command line count by.
    pub fn class(&self, alpha: f64) -> HotSpot {
        if self.p_sim > alpha {
            return HotSpot::NotSignificant;
        }
        let strong = self.p_sim <= 0.01;
        if self.z > 0.0 {
            HotSpot::Hot { strong }
        } else {
            HotSpot::Cold { strong }
        }
    }
}

/// Getis–Ord Gi* with binary weights including the unit itself (esda's `G_Local(star=True,
/// transform="B")`), with normal and conditional-permutation inference; `w` is read for its
/// links only, so raw or row-standardised weights give the same result. The self-weight is 1
/// and counts in the unit's weight sum W*_i = k_i + 1; the moments are esda's, with the
/// population variance s² of all n values: E\[G*_i\] = W*_i / n and z = (Σ_{j∈N*_i} x_j −
/// x̄ W*_i) / (s √((n W*_i − W*_i²)/(n − 1))). `tests/pysal.rs` checks it against esda.
pub fn gi_star(x: &[f64], w: &Weights, permutations: usize, seed: u64) -> Vec<GiStar> {
    use rayon::prelude::*;
    let n = x.len();
    let nf = n as f64;
    let total: f64 = x.iter().sum();
    let mean = total / nf;
    let s = (x.iter().map(|v| v * v).sum::<f64>() / nf - mean * mean).sqrt();
    (0..n)
        .into_par_iter()
        .map(|i| {
            let row = &w.neighbors[i];
            let wsum = row.len() as f64 + 1.0;
            let sum_x = x[i] + row.iter().map(|(j, _)| x[*j]).sum::<f64>();
            let den = s * ((nf * wsum - wsum * wsum) / (nf - 1.0)).sqrt();
            let z = if den > 0.0 {
                (sum_x - mean * wsum) / den
            } else {
                0.0
            };
            let g = if total != 0.0 { sum_x / total } else { 0.0 };
            let p_sim = if row.is_empty() || permutations == 0 || total == 0.0 {
                1.0
            } else {
                let mut rng = unit_rng(seed, i);
                let sims = conditional_sims(n, i, row.len(), permutations, &mut rng, |drawn| {
                    (x[i] + drawn.iter().map(|&j| x[j]).sum::<f64>()) / total
                });
                pseudo_p(g, &sims)
            };
            GiStar {
                g,
                z,
                p_norm: p_two_sided(z),
                p_sim,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A rook lattice of `side`×`side` cells (synthetic, for checking the formulas).
    fn lattice(side: usize) -> Weights {
        let n = side * side;
        let neighbors = (0..n)
            .map(|i| {
                let (r, c) = (i / side, i % side);
                let mut row = Vec::new();
                if r > 0 {
                    row.push((i - side, 1.0));
                }
                if c > 0 {
                    row.push((i - 1, 1.0));
                }
                if c + 1 < side {
                    row.push((i + 1, 1.0));
                }
                if r + 1 < side {
                    row.push((i + side, 1.0));
                }
                row
            })
            .collect();
        Weights {
            ids: (0..n as u32).collect(),
            neighbors,
        }
        .row_standardised()
    }

    #[test]
    fn the_normal_cdf_is_accurate() {
        assert!((normal_cdf(0.0) - 0.5).abs() < 1e-7);
        assert!((normal_cdf(1.959_963_985) - 0.975).abs() < 1e-6);
        assert!((normal_cdf(-1.0) - 0.158_655_254).abs() < 1e-6);
    }

    #[test]
    fn a_gradient_is_positively_autocorrelated_and_a_checkerboard_negatively() {
        let w = lattice(5);
        // Values rising left to right: neighbours alike.
        let gradient: Vec<f64> = (0..25).map(|i| (i % 5) as f64).collect();
        let m = moran(&gradient, &w, 999, 7).unwrap();
        assert!(m.i > 0.5, "{}", m.i);
        assert!(m.z_norm > 3.0 && m.p_norm < 0.01);
        assert!(m.p_sim.unwrap() <= 0.002);
        assert!((m.expected + 1.0 / 24.0).abs() < 1e-12);
        // The same seed gives the same result.
        assert_eq!(moran(&gradient, &w, 999, 7).unwrap(), m);
        // A checkerboard: neighbours unlike.
        let checker: Vec<f64> = (0..25).map(|i| ((i / 5 + i % 5) % 2) as f64).collect();
        let c = moran(&checker, &w, 99, 7).unwrap();
        assert!(
            (c.i + 1.0).abs() < 1e-9,
            "perfect alternation: I = -1, got {}",
            c.i
        );
        // No variation: nothing to test.
        assert!(moran(&[3.0; 25], &w, 9, 1).is_none());
    }

    #[test]
    fn lisa_finds_the_hot_corner_and_fdr_is_stricter() {
        let w = lattice(7);
        // A high corner (top left 3×3) in a low field.
        let x: Vec<f64> = (0..49)
            .map(|i| if i / 7 < 3 && i % 7 < 3 { 10.0 } else { 1.0 })
            .collect();
        let l = lisa(&x, &w, 999, 42).unwrap();
        assert_eq!(l.cluster(8, 0.05), Cluster::HighHigh, "the corner's centre");
        assert_eq!(l.cluster(48, 0.05), Cluster::NotSignificant);
        let t = fdr_threshold(&l.p_sim, 0.05);
        assert!(t <= 0.05);
        // Gi*: the corner is a hot spot.
        let g = gi_star(&x, &w, 999, 42);
        assert!(g[8].z > 3.0 && g[8].p_norm < 0.01 && g[8].p_sim < 0.01);
        assert!(g[48].z < 0.0);
        assert_eq!(
            g,
            gi_star(&x, &w, 999, 42),
            "the same seed, the same result"
        );
    }
}
