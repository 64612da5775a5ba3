//! Choropleth classification: class breaks for a set of values.
//!
//! Breaks are returned as `k + 1` ascending bounds (min … max); value `v` belongs to class
//! `i` when `breaks[i] <= v <= breaks[i + 1]` (the lowest class that fits).

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Method {
    #[default]
    Quantile,
    EqualInterval,
    NaturalBreaks,
}

impl Method {
    pub const ALL: [Method; 3] = [
        Method::Quantile,
        Method::EqualInterval,
        Method::NaturalBreaks,
    ];

    /// The key story files use.
    pub fn key(self) -> &'static str {
        match self {
            Method::Quantile => "quantile",
            Method::EqualInterval => "equal-interval",
            Method::NaturalBreaks => "natural-breaks",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.key() == key)
    }
}

pub const MIN_CLASSES: usize = 3;
pub const MAX_CLASSES: usize = 7;

/// Class breaks for `values` (non-finite values ignored). Fewer classes come back when there
/// are fewer distinct values than asked for; `None` when there is no finite value.
pub fn classify(method: Method, values: &[f64], classes: usize) -> Option<Vec<f64>> {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let distinct = {
        let mut d = v.clone();
        d.dedup();
        d.len()
    };
    let k = classes.clamp(1, MAX_CLASSES);
    let breaks = match method {
        Method::Quantile => classify_quantile(&v, k.min(distinct)),
        // Equal intervals keep the asked number of classes, even if some are empty.
        Method::EqualInterval if distinct > 1 => classify_equal_interval(&v, k),
        Method::EqualInterval => vec![v[0], v[0]],
        Method::NaturalBreaks => classify_jenks(&v, k.min(distinct)),
    };
    Some(breaks)
}

/// Equal counts per class; bounds are data values (the upper value of each class).
pub fn classify_quantile(sorted: &[f64], k: usize) -> Vec<f64> {
    let n = sorted.len();
    let mut b = vec![sorted[0]];
    for i in 1..k {
        // Upper bound of class i-1: the value at the i/k quantile (nearest rank).
        let idx = ((i * n).div_ceil(k)).saturating_sub(1).min(n - 1);
        b.push(sorted[idx]);
    }
    b.push(sorted[n - 1]);
    dedup_bounds(b)
}

pub fn classify_equal_interval(sorted: &[f64], k: usize) -> Vec<f64> {
    let (lo, hi) = (sorted[0], sorted[sorted.len() - 1]);
    let step = (hi - lo) / k as f64;
    let mut b: Vec<f64> = (0..k).map(|i| lo + step * i as f64).collect();
    b.push(hi);
    dedup_bounds(b)
}

/// Jenks natural breaks: the partition into `k` contiguous classes that minimises the sum of
/// squared deviations within classes (exact dynamic programme, O(k·n²); n here is ≤ a few hundred).
pub fn classify_jenks(sorted: &[f64], k: usize) -> Vec<f64> {
    let n = sorted.len();
    if k <= 1 {
        return dedup_bounds(vec![sorted[0], sorted[n - 1]]);
    }
    if n <= k {
        // One class per value.
        let mut b = vec![sorted[0]];
        b.extend(sorted.iter().copied());
        return dedup_bounds(b);
    }
    // Prefix sums for O(1) within-class variance.
    let mut s1 = vec![0.0; n + 1];
    let mut s2 = vec![0.0; n + 1];
    for (i, x) in sorted.iter().enumerate() {
        s1[i + 1] = s1[i] + x;
        s2[i + 1] = s2[i] + x * x;
    }
    let ssd = |a: usize, b: usize| {
        // Values a..b (exclusive b).
        let cnt = (b - a) as f64;
        let sum = s1[b] - s1[a];
        (s2[b] - s2[a]) - sum * sum / cnt
    };
    // cost[j][i]: best cost of splitting the first i values into j classes.
    let mut cost = vec![vec![f64::INFINITY; n + 1]; k + 1];
    let mut cut = vec![vec![0usize; n + 1]; k + 1];
    cost[0][0] = 0.0;
    for j in 1..=k {
        for i in j..=n {
            for m in (j - 1)..i {
                let c = cost[j - 1][m] + ssd(m, i);
                if c < cost[j][i] {
                    cost[j][i] = c;
                    cut[j][i] = m;
                }
            }
        }
    }
    let mut uppers = Vec::with_capacity(k);
    let mut i = n;
    for j in (1..=k).rev() {
        uppers.push(sorted[i - 1]);
        i = cut[j][i];
    }
    uppers.reverse();
    let mut b = vec![sorted[0]];
    b.extend(uppers);
    dedup_bounds(b)
}

/// Removes repeated upper bounds (empty classes). The minimum stays even when the first
/// upper bound equals it: that class holds exactly the minimum value.
fn dedup_bounds(b: Vec<f64>) -> Vec<f64> {
    let mut out = vec![b[0]];
    for (i, x) in b.into_iter().enumerate().skip(1) {
        if i == 1 || (x - out[out.len() - 1]).abs() > f64::EPSILON * x.abs().max(1.0) {
            out.push(x);
        }
    }
    out
}

/// The class index of `value` for `breaks` (values outside the range clamp to the ends).
pub fn class_of(breaks: &[f64], value: f64) -> usize {
    let classes = breaks.len().saturating_sub(1).max(1);
    (1..breaks.len())
        .find(|&i| value <= breaks[i])
        .map_or(classes - 1, |i| i - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_interval_splits_the_range_evenly() {
        let b = classify(Method::EqualInterval, &[0.0, 3.0, 10.0], 5).unwrap();
        assert_eq!(b, vec![0.0, 2.0, 4.0, 6.0, 8.0, 10.0]);
    }

    #[test]
    fn quantile_puts_equal_counts_in_each_class() {
        let v: Vec<f64> = (1..=12).map(f64::from).collect();
        let b = classify(Method::Quantile, &v, 3).unwrap();
        assert_eq!(b, vec![1.0, 4.0, 8.0, 12.0]);
        let mut counts = [0; 3];
        for x in &v {
            counts[class_of(&b, *x)] += 1;
        }
        assert_eq!(counts, [4, 4, 4]);
    }

    #[test]
    fn jenks_finds_obvious_clusters() {
        let v = [1.0, 1.1, 1.2, 5.0, 5.1, 5.2, 9.0, 9.1, 9.3];
        let b = classify(Method::NaturalBreaks, &v, 3).unwrap();
        assert_eq!(b, vec![1.0, 1.2, 5.2, 9.3]);
    }

    #[test]
    fn fewer_distinct_values_give_fewer_classes() {
        let b = classify(Method::Quantile, &[2.0, 2.0, 3.0], 5).unwrap();
        assert_eq!(b.len(), 3);
        assert!(classify(Method::Quantile, &[f64::NAN], 3).is_none());
    }

    #[test]
    fn class_of_uses_inclusive_upper_bounds() {
        let b = [0.0, 2.0, 4.0];
        assert_eq!(class_of(&b, 0.0), 0);
        assert_eq!(class_of(&b, 2.0), 0);
        assert_eq!(class_of(&b, 2.1), 1);
        assert_eq!(class_of(&b, 99.0), 1);
    }
}
