//! Colour schemes as plain RGB, so the core stays free of UI types.
//! Sequential schemes are ColorBrewer's (Cynthia A. Brewer, Pennsylvania State University,
//! colorbrewer2.org, Apache-2.0), all marked colour-blind safe there. Qualitative colours are
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

    /// `n` colours (3..=7), light to dark.
    pub fn colors(self, n: usize) -> Vec<Rgb> {
        let table: [&[u32]; 5] = match self {
            Palette::YlOrRd => [
                &[0xffeda0, 0xfeb24c, 0xf03b20],
                &[0xffffb2, 0xfecc5c, 0xfd8d3c, 0xe31a1c],
                &[0xffffb2, 0xfecc5c, 0xfd8d3c, 0xf03b20, 0xbd0026],
                &[0xffffb2, 0xfed976, 0xfeb24c, 0xfd8d3c, 0xf03b20, 0xbd0026],
                &[
                    0xffffb2, 0xfed976, 0xfeb24c, 0xfd8d3c, 0xfc4e2a, 0xe31a1c, 0xb10026,
                ],
            ],
            Palette::YlGnBu => [
                &[0xedf8b1, 0x7fcdbb, 0x2c7fb8],
                &[0xffffcc, 0xa1dab4, 0x41b6c4, 0x225ea8],
                &[0xffffcc, 0xa1dab4, 0x41b6c4, 0x2c7fb8, 0x253494],
                &[0xffffcc, 0xc7e9b4, 0x7fcdbb, 0x41b6c4, 0x2c7fb8, 0x253494],
                &[
                    0xffffcc, 0xc7e9b4, 0x7fcdbb, 0x41b6c4, 0x1d91c0, 0x225ea8, 0x0c2c84,
                ],
            ],
            Palette::Blues => [
                &[0xdeebf7, 0x9ecae1, 0x3182bd],
                &[0xeff3ff, 0xbdd7e7, 0x6baed6, 0x2171b5],
                &[0xeff3ff, 0xbdd7e7, 0x6baed6, 0x3182bd, 0x08519c],
                &[0xeff3ff, 0xc6dbef, 0x9ecae1, 0x6baed6, 0x3182bd, 0x08519c],
                &[
                    0xeff3ff, 0xc6dbef, 0x9ecae1, 0x6baed6, 0x4292c6, 0x2171b5, 0x084594,
                ],
            ],
            Palette::Purples => [
                &[0xefedf5, 0xbcbddc, 0x756bb1],
                &[0xf2f0f7, 0xcbc9e2, 0x9e9ac8, 0x6a51a3],
                &[0xf2f0f7, 0xcbc9e2, 0x9e9ac8, 0x756bb1, 0x54278f],
                &[0xf2f0f7, 0xdadaeb, 0xbcbddc, 0x9e9ac8, 0x756bb1, 0x54278f],
                &[
                    0xf2f0f7, 0xdadaeb, 0xbcbddc, 0x9e9ac8, 0x807dba, 0x6a51a3, 0x4a1486,
                ],
            ],
        };
        // Fewer than 3 classes (few distinct values) use the ends of the 3-class scheme.
        let row = table[n.clamp(3, 7) - 3];
        let picked: Vec<u32> = match n {
            0 => vec![],
            1 => vec![row[1]],
            2 => vec![row[0], row[2]],
            _ => row.to_vec(),
        };
        picked.into_iter().map(rgb).collect()
    }
}

/// ColorBrewer RdBu (colour-blind safe): falls in reds, rises in blues, each side darker
/// with distance from zero; the neutral middle for a class that holds zero itself.
const FALL: [u32; 5] = [0xfddbc7, 0xf4a582, 0xd6604d, 0xb2182b, 0x67001f];
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
/// above in blues, darker the further from zero; a class spanning zero neutral.
pub fn diverging(breaks: &[f64]) -> Vec<Rgb> {
    let classes: Vec<(f64, f64)> = breaks.windows(2).map(|w| (w[0], w[1])).collect();
    let falls = classes.iter().filter(|(_, hi)| *hi <= 0.0).count();
    let rises = classes.iter().filter(|(lo, _)| *lo >= 0.0).count();
    // The shade for the k-th class away from zero (0 = nearest) of `n` on one side.
    let shade = |side: &[u32; 5], k: usize, n: usize| {
        let i = if n <= 1 {
            1
        } else {
            k * (side.len() - 1) / (n - 1)
        };
        rgb(side[i.min(side.len() - 1)])
    };
    classes
        .iter()
        .enumerate()
        .map(|(i, (lo, hi))| {
            if *hi <= 0.0 && *lo < 0.0 {
                // Falls are listed from the largest fall: class i is (falls - 1 - i) from zero.
                shade(&FALL, falls - 1 - i, falls)
            } else if *lo >= 0.0 && *hi > 0.0 {
                shade(&RISE, i - (classes.len() - rises), rises)
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
        // The largest fall is the darkest red, the largest rise the darkest blue.
        assert_eq!(c[0], rgb(FALL[4]));
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
