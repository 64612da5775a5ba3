//! Colour schemes as plain RGB, so the core stays free of UI types.
//! Sequential schemes follow ColorBrewer's ramps (Cynthia A. Brewer, Pennsylvania State
//! University, colorbrewer2.org, Apache-2.0), with the classes spaced evenly for viewers with
//! deuteranopia (`tests/palettes.rs` holds neighbours ≥ 10 apart in CIEDE2000). Qualitative colours are
//! the Okabe–Ito set, designed to be told apart with colour-vision deficiencies.

use serde::{Deserialize, Serialize};

use super::model::RegionGroup;

pub type Rgb = [u8; 3];

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Palette {
    #[default]
    YlOrRd,
    YlGnBu,
    Blues,
    Purples,
}

impl Palette {
    pub const ALL: [Palette; 4] = [
        Palette::YlOrRd,
        Palette::YlGnBu,
        Palette::Blues,
        Palette::Purples,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Palette::YlOrRd => "YlOrRd",
            Palette::YlGnBu => "YlGnBu",
            Palette::Blues => "Blues",
            Palette::Purples => "Purples",
        }
    }

    /// ColorBrewer's 9-class scheme: the ramp the classes are taken from, light to dark.
    fn ramp(self) -> [u32; 9] {
        match self {
            Palette::YlOrRd => [
                0xffffcc, 0xffeda0, 0xfed976, 0xfeb24c, 0xfd8d3c, 0xfc4e2a, 0xe31a1c, 0xbd0026,
                0x800026,
            ],
            Palette::YlGnBu => [
                0xffffd9, 0xedf8b1, 0xc7e9b4, 0x7fcdbb, 0x41b6c4, 0x1d91c0, 0x225ea8, 0x253494,
                0x081d58,
            ],
            Palette::Blues => [
                0xf7fbff, 0xdeebf7, 0xc6dbef, 0x9ecae1, 0x6baed6, 0x4292c6, 0x2171b5, 0x08519c,
                0x08306b,
            ],
            Palette::Purples => [
                0xfcfbfd, 0xefedf5, 0xdadaeb, 0xbcbddc, 0x9e9ac8, 0x807dba, 0x6a51a3, 0x54278f,
                0x3f007d,
            ],
        }
    }

    /// `n` colours (1..=7), light to dark: taken along the scheme's 9-class ramp at equal
    /// steps of colour difference as a viewer with deuteranopia sees it (CIEDE2000 after
    /// simulation), so neighbouring classes stay apart for every viewer. ColorBrewer's own
    /// 4- to 7-class picks put some neighbours under 10 apart for such a viewer.
    pub fn colors(self, n: usize) -> Vec<Rgb> {
        evenly_spaced(&self.ramp().map(rgb), n)
    }
}

/// `n` colours along the piecewise-linear ramp through `anchors`, from its lightest end to
/// its darkest, placed so the smallest colour difference between neighbours (CIEDE2000 as
/// simulated for deuteranopia) is as large as it can be; one colour is the ramp's middle.
/// Made once per ramp and count (a few milliseconds) and kept.
fn evenly_spaced(anchors: &[Rgb], n: usize) -> Vec<Rgb> {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock, PoisonError};
    /// Colours made so far, by ramp and count.
    type Made = HashMap<(Vec<Rgb>, usize), Vec<Rgb>>;
    static MADE: OnceLock<Mutex<Made>> = OnceLock::new();
    let made = MADE.get_or_init(Default::default);
    let key = (anchors.to_vec(), n);
    if let Some(c) = made
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get(&key)
    {
        return c.clone();
    }
    let colors = spread(anchors, n);
    made.lock()
        .unwrap_or_else(PoisonError::into_inner)
        .insert(key, colors.clone());
    colors
}

fn spread(anchors: &[Rgb], n: usize) -> Vec<Rgb> {
    use super::colour_vision::{ciede2000, deuteranopia, lab_from_srgb};
    const STEPS: usize = 32;
    let lerp = |a: Rgb, b: Rgb, t: f64| -> Rgb {
        std::array::from_fn(|i| {
            (f64::from(a[i]) + (f64::from(b[i]) - f64::from(a[i])) * t).round() as u8
        })
    };
    let dense: Vec<Rgb> = anchors
        .windows(2)
        .flat_map(|w| (0..STEPS).map(move |k| lerp(w[0], w[1], k as f64 / STEPS as f64)))
        .chain(anchors.last().copied())
        .collect();
    let seen: Vec<_> = dense
        .iter()
        .map(|c| lab_from_srgb(deuteranopia(*c)))
        .collect();
    let last = dense.len() - 1;
    let apart = |a: usize, b: usize| ciede2000(seen[a], seen[b]);
    // Greedy from the light end: each next colour the first at least `d` from the one before;
    // the dark end must still be `d` from the last of them.
    let place = |d: f64| -> Option<Vec<usize>> {
        let mut picks = vec![0];
        for _ in 1..n.saturating_sub(1) {
            let from = *picks.last()?;
            picks.push((from + 1..last).find(|&j| apart(from, j) >= d)?);
        }
        (apart(*picks.last()?, last) >= d).then(|| {
            picks.push(last);
            picks
        })
    };
    match n {
        0 => vec![],
        1 => vec![dense[last / 2]],
        _ => {
            // The largest smallest step, by bisection.
            let (mut lo, mut hi) = (0.0, apart(0, last));
            let mut best = place(lo).unwrap_or_else(|| vec![0, last]);
            for _ in 0..30 {
                let mid = 0.5 * (lo + hi);
                match place(mid) {
                    Some(p) => {
                        best = p;
                        lo = mid;
                    }
                    None => hi = mid,
                }
            }
            best.into_iter().map(|i| dense[i]).collect()
        }
    }
}

/// ColorBrewer RdBu (colour-blind safe): falls in reds, rises in blues, each side darker
/// with distance from zero; the neutral middle for a class that holds zero itself.
const FALL: [u32; 6] = [0xfbe9df, 0xfddbc7, 0xf4a582, 0xd6604d, 0xb2182b, 0x67001f];
const RISE: [u32; 5] = [0xd1e5f0, 0x92c5de, 0x4393c3, 0x2166ac, 0x053061];
const NEUTRAL: u32 = 0xf7f7f7;

/// Breaks for a change map: `breaks` with zero added as a break where the values span it, so
/// no class mixes falls and rises.
pub fn breaks_with_zero(breaks: &[f64]) -> Vec<f64> {
    let mut out = breaks.to_vec();
    if let (Some(&lo), Some(&hi)) = (breaks.first(), breaks.last())
        && lo < 0.0
        && hi > 0.0
        && !breaks.contains(&0.0)
    {
        let at = breaks.partition_point(|&b| b < 0.0);
        out.insert(at, 0.0);
    }
    out
}

/// Colours for the classes between `breaks` (a change map): classes below zero in reds,
/// above in blues, darker the further from zero (taken evenly along each side's ramp, as the
/// sequential schemes are, so up to 7 classes a side stay apart); a class spanning zero
/// neutral.
pub fn diverging(breaks: &[f64]) -> Vec<Rgb> {
    let classes: Vec<(f64, f64)> = breaks.windows(2).map(|w| (w[0], w[1])).collect();
    let falls = classes.iter().filter(|(_, hi)| *hi <= 0.0).count();
    let rises = classes.iter().filter(|(lo, _)| *lo >= 0.0).count();
    // Each side from its lightest to its darkest shade; one class alone takes the second.
    let side = |ramp: &[u32], n: usize| -> Vec<Rgb> {
        if n == 1 {
            vec![rgb(ramp[ramp.len() / 3])]
        } else {
            evenly_spaced(&ramp.iter().map(|h| rgb(*h)).collect::<Vec<_>>(), n)
        }
    };
    let fall = side(&FALL, falls);
    let rise = side(&RISE, rises);
    classes
        .iter()
        .enumerate()
        .map(|(i, (lo, hi))| {
            if *hi <= 0.0 && *lo < 0.0 {
                // Falls are listed from the largest fall: class i is (falls - 1 - i) from zero.
                fall[falls - 1 - i]
            } else if *lo >= 0.0 && *hi > 0.0 {
                rise[i - (classes.len() - rises)]
            } else {
                rgb(NEUTRAL)
            }
        })
        .collect()
}

/// GeoDa's LISA cluster colours: high-high, low-low, high-low, low-high, not significant.
pub const LISA_COLORS: [Rgb; 5] = [
    [0xe4, 0x1a, 0x1c],
    [0x37, 0x7e, 0xb8],
    [0xf4, 0xa5, 0x82],
    [0x92, 0xc5, 0xde],
    [0xd9, 0xd9, 0xd9],
];

const fn rgb(hex: u32) -> Rgb {
    [(hex >> 16) as u8, (hex >> 8) as u8, hex as u8]
}

/// Okabe–Ito colours for the region groups.
pub fn region_color(group: RegionGroup) -> Rgb {
    match group {
        RegionGroup::Northeast => rgb(0x0072b2),
        RegionGroup::ThirdFrontCore => rgb(0xd55e00),
        RegionGroup::ThirdFrontPartial => rgb(0xe69f00),
        RegionGroup::Other => rgb(0x009e73),
    }
}

/// Okabe–Ito colours (plus black) for heritage batches 1–7.
pub fn batch_color(batch: u8) -> Rgb {
    const C: [u32; 7] = [
        0x000000, 0xe69f00, 0x56b4e9, 0x009e73, 0xf0e442, 0x0072b2, 0xcc79a7,
    ];
    rgb(C[(batch.max(1) as usize - 1) % C.len()])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn change_maps_split_at_zero_and_colour_falls_and_rises_apart() {
        let b = breaks_with_zero(&[-30.0, -10.0, 5.0, 20.0, 60.0]);
        assert_eq!(b, [-30.0, -10.0, 0.0, 5.0, 20.0, 60.0]);
        let c = diverging(&b);
        assert_eq!(c.len(), 5);
        // The largest fall is the darkest red, the largest rise the darkest blue; the classes
        // nearest zero the lightest of each side.
        assert_eq!(c[0], rgb(FALL[5]));
        assert_eq!(c[1], rgb(FALL[0]));
        assert_eq!(c[2], rgb(RISE[0]));
        assert_eq!(c[4], rgb(RISE[4]));
        assert!(c[..2].iter().all(|x| x[0] > x[2]), "falls are red");
        assert!(c[2..].iter().all(|x| x[2] > x[0]), "rises are blue");
        // All rises: blues only, nothing added.
        let up = [1.0, 2.0, 3.0];
        assert_eq!(breaks_with_zero(&up), up);
        assert!(diverging(&up).iter().all(|x| x[2] > x[0]));
    }

    #[test]
    fn every_palette_has_the_asked_number_of_colors() {
        for p in Palette::ALL {
            for n in 1..=7 {
                assert_eq!(p.colors(n).len(), n, "{p:?} {n}");
            }
        }
    }
}
