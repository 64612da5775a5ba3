//! How far apart two colours look, also to a viewer with deuteranopia, for checking the
//! palettes: deuteranopia simulated as Machado, Oliveira & Fernandes (2009) do (their matrix at
//! severity 1.0, applied to linear RGB), CIELAB under D65, and the CIEDE2000 colour difference
//! as written out by Sharma, Wu & Dalal (2005).

use super::palette::Rgb;

/// Machado, Oliveira & Fernandes (2009), deuteranomaly at severity 1.0 (deuteranopia), for
/// linear sRGB.
pub const DEUTERANOPIA: [[f64; 3]; 3] = [
    [0.367_322, 0.860_646, -0.227_968],
    [0.280_085, 0.672_501, 0.047_413],
    [-0.011_820, 0.042_940, 0.968_881],
];

/// A CIELAB colour (L*, a*, b*), D65 white.
pub type Lab = [f64; 3];

/// An sRGB channel (0–255) as linear light (0–1).
pub fn srgb_to_linear(v: u8) -> f64 {
    let c = f64::from(v) / 255.0;
    if c <= 0.040_45 {
        c / 12.92
    } else {
        ((c + 0.055) / 1.055).powf(2.4)
    }
}

/// Linear light (0–1) as an sRGB channel (0–1, not rounded).
pub fn linear_to_srgb(c: f64) -> f64 {
    if c <= 0.003_130_8 {
        12.92 * c
    } else {
        1.055 * c.powf(1.0 / 2.4) - 0.055
    }
}

/// The colour as a viewer with deuteranopia sees it, as sRGB (0–1 per channel): decoded to
/// linear light, through [`DEUTERANOPIA`], clipped to the gamut and encoded again.
pub fn deuteranopia(rgb: Rgb) -> [f64; 3] {
    simulate(&DEUTERANOPIA, rgb)
}

/// `rgb` through a linear-RGB simulation matrix, as sRGB (0–1 per channel).
pub fn simulate(m: &[[f64; 3]; 3], rgb: Rgb) -> [f64; 3] {
    let lin = rgb.map(srgb_to_linear);
    m.map(|row| {
        let v = row[0] * lin[0] + row[1] * lin[1] + row[2] * lin[2];
        linear_to_srgb(v.clamp(0.0, 1.0))
    })
}

/// An sRGB colour given as 0–255 channels in CIELAB.
pub fn lab(rgb: Rgb) -> Lab {
    lab_from_srgb(rgb.map(|v| f64::from(v) / 255.0))
}

/// An sRGB colour (0–1 per channel, encoded) in CIELAB, D65 white (IEC 61966-2-1 primaries).
pub fn lab_from_srgb(srgb: [f64; 3]) -> Lab {
    let [r, g, b] = srgb.map(|c| {
        if c <= 0.040_45 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    });
    let x = 0.412_456_4 * r + 0.357_576_1 * g + 0.180_437_5 * b;
    let y = 0.212_672_9 * r + 0.715_152_2 * g + 0.072_175_0 * b;
    let z = 0.019_333_9 * r + 0.119_192_0 * g + 0.950_304_1 * b;
    // D65 white of the same matrix (its rows summed), so white is exactly L* 100, a* b* 0.
    let (xn, yn, zn) = (0.950_47, 1.0, 1.088_83);
    let f = |t: f64| {
        const D: f64 = 6.0 / 29.0;
        if t > D * D * D {
            t.cbrt()
        } else {
            t / (3.0 * D * D) + 4.0 / 29.0
        }
    };
    let (fx, fy, fz) = (f(x / xn), f(y / yn), f(z / zn));
    [116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)]
}

/// The CIEDE2000 colour difference ΔE00 (kL = kC = kH = 1), following Sharma, Wu & Dalal
/// (2005), "The CIEDE2000 color-difference formula: implementation notes, supplementary test
/// data, and mathematical observations", Color Res. Appl. 30(1), 21–30.
pub fn ciede2000(lab1: Lab, lab2: Lab) -> f64 {
    let [l1, a1, b1] = lab1;
    let [l2, a2, b2] = lab2;
    let pow7 = |x: f64| x.powi(7);
    let c_bar = (a1.hypot(b1) + a2.hypot(b2)) / 2.0;
    let g = 0.5 * (1.0 - (pow7(c_bar) / (pow7(c_bar) + pow7(25.0))).sqrt());
    let (a1p, a2p) = ((1.0 + g) * a1, (1.0 + g) * a2);
    let (c1p, c2p) = (a1p.hypot(b1), a2p.hypot(b2));
    let hue = |b: f64, a: f64| {
        if a == 0.0 && b == 0.0 {
            0.0
        } else {
            b.atan2(a).to_degrees().rem_euclid(360.0)
        }
    };
    let (h1p, h2p) = (hue(b1, a1p), hue(b2, a2p));

    let dl = l2 - l1;
    let dc = c2p - c1p;
    let chroma_product = c1p * c2p;
    let dh = if chroma_product == 0.0 {
        0.0
    } else {
        let d = h2p - h1p;
        if d.abs() <= 180.0 {
            d
        } else if d > 180.0 {
            d - 360.0
        } else {
            d + 360.0
        }
    };
    let d_big_h = 2.0 * chroma_product.sqrt() * (dh / 2.0).to_radians().sin();

    let l_bar = (l1 + l2) / 2.0;
    let c_bar_p = (c1p + c2p) / 2.0;
    let h_bar = if chroma_product == 0.0 {
        h1p + h2p
    } else if (h1p - h2p).abs() <= 180.0 {
        (h1p + h2p) / 2.0
    } else if h1p + h2p < 360.0 {
        (h1p + h2p + 360.0) / 2.0
    } else {
        (h1p + h2p - 360.0) / 2.0
    };
    let cos_deg = |d: f64| d.to_radians().cos();
    let t = 1.0 - 0.17 * cos_deg(h_bar - 30.0)
        + 0.24 * cos_deg(2.0 * h_bar)
        + 0.32 * cos_deg(3.0 * h_bar + 6.0)
        - 0.20 * cos_deg(4.0 * h_bar - 63.0);
    let d_theta = 30.0 * (-((h_bar - 275.0) / 25.0).powi(2)).exp();
    let r_c = 2.0 * (pow7(c_bar_p) / (pow7(c_bar_p) + pow7(25.0))).sqrt();
    let l50 = (l_bar - 50.0).powi(2);
    let s_l = 1.0 + 0.015 * l50 / (20.0 + l50).sqrt();
    let s_c = 1.0 + 0.045 * c_bar_p;
    let s_h = 1.0 + 0.015 * c_bar_p * t;
    let r_t = -(2.0 * d_theta).to_radians().sin() * r_c;

    let (l, c, h) = (dl / s_l, dc / s_c, d_big_h / s_h);
    (l * l + c * c + h * h + r_t * c * h).sqrt()
}

/// ΔE00 between two colours as a viewer with deuteranopia sees them.
pub fn deuteranopia_delta_e(a: Rgb, b: Rgb) -> f64 {
    ciede2000(
        lab_from_srgb(deuteranopia(a)),
        lab_from_srgb(deuteranopia(b)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sharma, Wu & Dalal (2005), Table 1: all 34 pairs, (L1, a1, b1, L2, a2, b2, ΔE00).
    const SHARMA: [[f64; 7]; 34] = [
        [50.0000, 2.6772, -79.7751, 50.0000, 0.0000, -82.7485, 2.0425],
        [50.0000, 3.1571, -77.2803, 50.0000, 0.0000, -82.7485, 2.8615],
        [50.0000, 2.8361, -74.0200, 50.0000, 0.0000, -82.7485, 3.4412],
        [
            50.0000, -1.3802, -84.2814, 50.0000, 0.0000, -82.7485, 1.0000,
        ],
        [
            50.0000, -1.1848, -84.8006, 50.0000, 0.0000, -82.7485, 1.0000,
        ],
        [
            50.0000, -0.9009, -85.5211, 50.0000, 0.0000, -82.7485, 1.0000,
        ],
        [50.0000, 0.0000, 0.0000, 50.0000, -1.0000, 2.0000, 2.3669],
        [50.0000, -1.0000, 2.0000, 50.0000, 0.0000, 0.0000, 2.3669],
        [50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0009, 7.1792],
        [50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0010, 7.1792],
        [50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0011, 7.2195],
        [50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0012, 7.2195],
        [50.0000, -0.0010, 2.4900, 50.0000, 0.0009, -2.4900, 4.8045],
        [50.0000, -0.0010, 2.4900, 50.0000, 0.0010, -2.4900, 4.8045],
        [50.0000, -0.0010, 2.4900, 50.0000, 0.0011, -2.4900, 4.7461],
        [50.0000, 2.5000, 0.0000, 50.0000, 0.0000, -2.5000, 4.3065],
        [50.0000, 2.5000, 0.0000, 73.0000, 25.0000, -18.0000, 27.1492],
        [50.0000, 2.5000, 0.0000, 61.0000, -5.0000, 29.0000, 22.8977],
        [50.0000, 2.5000, 0.0000, 56.0000, -27.0000, -3.0000, 31.9030],
        [50.0000, 2.5000, 0.0000, 58.0000, 24.0000, 15.0000, 19.4535],
        [50.0000, 2.5000, 0.0000, 50.0000, 3.1736, 0.5854, 1.0000],
        [50.0000, 2.5000, 0.0000, 50.0000, 3.2972, 0.0000, 1.0000],
        [50.0000, 2.5000, 0.0000, 50.0000, 1.8634, 0.5757, 1.0000],
        [50.0000, 2.5000, 0.0000, 50.0000, 3.2592, 0.3350, 1.0000],
        [
            60.2574, -34.0099, 36.2677, 60.4626, -34.1751, 39.4387, 1.2644,
        ],
        [
            63.0109, -31.0961, -5.8663, 62.8187, -29.7946, -4.0864, 1.2630,
        ],
        [61.2901, 3.7196, -5.3901, 61.4292, 2.2480, -4.9620, 1.8731],
        [35.0831, -44.1164, 3.7933, 35.0232, -40.0716, 1.5901, 1.8645],
        [
            22.7233, 20.0904, -46.6940, 23.0331, 14.9730, -42.5619, 2.0373,
        ],
        [36.4612, 47.8580, 18.3852, 36.2715, 50.5065, 21.2231, 1.4146],
        [90.8027, -2.0831, 1.4410, 91.1528, -1.6435, 0.0447, 1.4441],
        [90.9257, -0.5406, -0.9208, 88.6381, -0.8985, -0.7239, 1.5381],
        [6.7747, -0.2908, -2.4247, 5.8714, -0.0985, -2.2286, 0.6377],
        [2.0776, 0.0795, -1.1350, 0.9033, -0.0636, -0.5514, 0.9082],
    ];

    #[test]
    fn ciede2000_matches_sharma_wu_dalal_table_1() {
        for (i, p) in SHARMA.iter().enumerate() {
            let (a, b) = ([p[0], p[1], p[2]], [p[3], p[4], p[5]]);
            let de = ciede2000(a, b);
            // The published values are rounded to 4 decimals.
            assert!(
                (de - p[6]).abs() <= 0.5e-4 + 1e-9,
                "pair {}: {de} vs {}",
                i + 1,
                p[6]
            );
            assert!((ciede2000(b, a) - de).abs() < 1e-12, "symmetric");
        }
        assert_eq!(ciede2000([50.0, 10.0, -3.0], [50.0, 10.0, -3.0]), 0.0);
    }

    #[test]
    fn lab_of_white_black_and_primaries() {
        let close = |x: Lab, y: Lab, tol: f64| x.iter().zip(y).all(|(a, b)| (a - b).abs() < tol);
        assert!(close(lab([255, 255, 255]), [100.0, 0.0, 0.0], 1e-4));
        assert!(close(lab([0, 0, 0]), [0.0, 0.0, 0.0], 1e-9));
        // sRGB red and mid grey (well-known values, D65).
        assert!(close(lab([255, 0, 0]), [53.2408, 80.0925, 67.2032], 2e-3));
        assert!(close(lab([119, 119, 119]), [50.0, 0.0, 0.0], 0.1));
    }

    #[test]
    fn deuteranopia_keeps_greys_and_merges_red_with_green() {
        for v in [0, 60, 128, 200, 255] {
            let s = deuteranopia([v, v, v]);
            let want = f64::from(v) / 255.0;
            assert!(s.iter().all(|c| (c - want).abs() < 1e-4), "{v}: {s:?}");
        }
        // A red and a green of similar lightness that normal vision tells apart easily.
        let (red, green) = ([0xd5, 0x5e, 0x00], [0x4d, 0x8c, 0x00]);
        let normal = ciede2000(lab(red), lab(green));
        let simulated = deuteranopia_delta_e(red, green);
        assert!(normal > 25.0, "{normal}");
        assert!(simulated < normal / 2.0, "{simulated} vs {normal}");
    }
}
