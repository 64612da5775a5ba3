//! How the old industrial cities themselves concentrate, per region group: count per
//! 10,000 km², mean centre, standard deviational ellipse, Clark–Evans nearest-neighbour ratio
//! with its z-score, and a kernel density surface. Every figure is for the city set given
//! (e.g. the 55 confirmed of the plan's 120) and says so; a partial list is not the whole.

use crate::core::dataset::Dataset;
use crate::core::projection::Albers;

/// The standard deviational ellipse (Yuill 1971): rotation from the x axis (radians, of the
/// major axis) and the standard deviations along its axes (km).
#[derive(Clone, Debug, PartialEq)]
pub struct Ellipse {
    pub angle: f64,
    pub sd_major_km: f64,
    pub sd_minor_km: f64,
}

/// Concentration figures for one set of points within an area.
#[derive(Clone, Debug, PartialEq)]
pub struct Concentration {
    pub n: usize,
    pub area_km2: f64,
    /// Points per 10,000 km².
    pub per_10k_km2: f64,
    /// Mean centre, longitude and latitude.
    pub centre: (f64, f64),
    pub ellipse: Option<Ellipse>,
    /// Clark–Evans R (observed ÷ expected mean nearest-neighbour distance; < 1 clustered,
    /// > 1 dispersed) and its z-score; `None` below 2 points.
    pub clark_evans: Option<(f64, f64)>,
}

/// The figures for points (lon, lat) in an area of `area_km2`.
pub fn concentration(points: &[(f64, f64)], area_km2: f64) -> Option<Concentration> {
    let n = points.len();
    if n == 0 || area_km2 <= 0.0 {
        return None;
    }
    let proj = Albers::china();
    let xy: Vec<[f64; 2]> = points
        .iter()
        .map(|&(lon, lat)| {
            let p = proj.project(lon, lat);
            [p.x / 1000.0, p.y / 1000.0]
        })
        .collect();
    let nf = n as f64;
    let (mx, my) = (
        xy.iter().map(|p| p[0]).sum::<f64>() / nf,
        xy.iter().map(|p| p[1]).sum::<f64>() / nf,
    );
    let centre = proj.unproject(crate::core::projection::Projected {
        x: mx * 1000.0,
        y: my * 1000.0,
    });
    let ellipse = (n >= 3).then(|| {
        let (mut sxx, mut syy, mut sxy) = (0.0, 0.0, 0.0);
        for p in &xy {
            let (dx, dy) = (p[0] - mx, p[1] - my);
            sxx += dx * dx;
            syy += dy * dy;
            sxy += dx * dy;
        }
        // The angle that maximises the spread along the rotated x axis.
        let angle = 0.5 * (2.0 * sxy).atan2(sxx - syy);
        let (c, s) = (angle.cos(), angle.sin());
        let along = |f: &dyn Fn(f64, f64) -> f64| {
            (xy.iter()
                .map(|p| f(p[0] - mx, p[1] - my).powi(2))
                .sum::<f64>()
                / nf)
                .sqrt()
        };
        let major = along(&|dx, dy| dx * c + dy * s);
        let minor = along(&|dx, dy| -dx * s + dy * c);
        Ellipse {
            angle,
            sd_major_km: major.max(minor),
            sd_minor_km: major.min(minor),
        }
    });
    let clark_evans = (n >= 2).then(|| {
        let observed = xy
            .iter()
            .enumerate()
            .map(|(i, a)| {
                xy.iter()
                    .enumerate()
                    .filter(|(j, _)| *j != i)
                    .map(|(_, b)| ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt())
                    .fold(f64::INFINITY, f64::min)
            })
            .sum::<f64>()
            / nf;
        let density = nf / area_km2;
        let expected = 0.5 / density.sqrt();
        let se = 0.261_36 / (nf * density).sqrt();
        (observed / expected, (observed - expected) / se)
    });
    Some(Concentration {
        n,
        area_km2,
        per_10k_km2: nf / area_km2 * 10_000.0,
        centre,
        ellipse,
        clark_evans,
    })
}

/// The land of a set of provinces (km²): the sum of their prefecture units.
pub fn provinces_area(ds: &Dataset, provinces: &[u32]) -> f64 {
    ds.prefectures
        .iter()
        .filter(|p| provinces.contains(&p.province_adcode))
        .map(|p| p.area_km2)
        .sum()
}

/// Kernel shapes for the density surface.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Kernel {
    Gaussian,
    /// The biweight kernel: zero beyond the bandwidth, so a city's reach is bounded.
    Quartic,
}

/// The bandwidth by Scott's rule for two dimensions: σ̄ · n^(−1/6), σ̄ the mean of the two
/// coordinate standard deviations (km).
pub fn scott_bandwidth_km(points: &[(f64, f64)]) -> Option<f64> {
    let n = points.len();
    if n < 2 {
        return None;
    }
    let proj = Albers::china();
    let xy: Vec<(f64, f64)> = points
        .iter()
        .map(|&(lon, lat)| {
            let p = proj.project(lon, lat);
            (p.x / 1000.0, p.y / 1000.0)
        })
        .collect();
    let sd = |f: fn(&(f64, f64)) -> f64| {
        let m = xy.iter().map(f).sum::<f64>() / n as f64;
        (xy.iter().map(|p| (f(p) - m).powi(2)).sum::<f64>() / (n as f64 - 1.0)).sqrt()
    };
    let sigma = 0.5 * (sd(|p| p.0) + sd(|p| p.1));
    (sigma > 0.0).then(|| sigma * (n as f64).powf(-1.0 / 6.0))
}

/// Density (points per km²) at a projected position (km) from points (km).
pub fn density_at(at: (f64, f64), points_km: &[(f64, f64)], h: f64, kernel: Kernel) -> f64 {
    points_km
        .iter()
        .map(|p| {
            let d2 = (p.0 - at.0).powi(2) + (p.1 - at.1).powi(2);
            match kernel {
                Kernel::Gaussian => {
                    (-(d2) / (2.0 * h * h)).exp() / (2.0 * std::f64::consts::PI * h * h)
                }
                Kernel::Quartic if d2 < h * h => {
                    3.0 / (std::f64::consts::PI * h * h) * (1.0 - d2 / (h * h)).powi(2)
                }
                Kernel::Quartic => 0.0,
            }
        })
        .sum()
}

/// A kernel density surface on a regular grid in the equal-area projection.
#[derive(Clone, Debug, PartialEq)]
pub struct DensityGrid {
    /// South-west corner of the first cell, projected metres.
    pub origin: [f64; 2],
    /// Cell size, metres.
    pub cell_m: f64,
    pub cols: usize,
    pub rows: usize,
    /// Points per 10,000 km² at each cell centre, row by row from the south.
    pub values: Vec<f32>,
    pub max: f32,
    pub bandwidth_km: f64,
    /// Whether the bandwidth came from Scott's rule (else the user set it).
    pub scott: bool,
    pub kernel: Kernel,
    pub n: usize,
}

impl DensityGrid {
    /// The value at cell (col, row).
    pub fn at(&self, col: usize, row: usize) -> f32 {
        self.values[row * self.cols + col]
    }

    /// The projected centre of cell (col, row).
    pub fn centre(&self, col: usize, row: usize) -> [f64; 2] {
        [
            self.origin[0] + (col as f64 + 0.5) * self.cell_m,
            self.origin[1] + (row as f64 + 0.5) * self.cell_m,
        ]
    }
}

/// The density surface's cells (km): fine enough to look smooth at the national view.
pub const DENSITY_CELL_KM: f64 = 20.0;

/// [`density_grid`] over the mainland and Hainan (73–135.5°E, 17–54°N, projected).
pub fn density_grid_china(
    points: &[(f64, f64)],
    cell_km: f64,
    bandwidth_km: Option<f64>,
    kernel: Kernel,
) -> Option<DensityGrid> {
    let proj = Albers::china();
    let mut bounds = [[f64::MAX; 2], [f64::MIN; 2]];
    // The box's edges, sampled: a conic projection bends them.
    for k in 0..=40 {
        let t = f64::from(k) / 40.0;
        for (lon, lat) in [
            (73.0 + t * 62.5, 17.0),
            (73.0 + t * 62.5, 54.0),
            (73.0, 17.0 + t * 37.0),
            (135.5, 17.0 + t * 37.0),
        ] {
            let p = proj.project(lon, lat);
            bounds[0] = [bounds[0][0].min(p.x), bounds[0][1].min(p.y)];
            bounds[1] = [bounds[1][0].max(p.x), bounds[1][1].max(p.y)];
        }
    }
    density_grid(points, bounds, cell_km, bandwidth_km, kernel)
}

/// The kernel density of `points` (lon, lat) over projected `bounds` ([min, max], metres)
/// on cells of `cell_km`, bandwidth `bandwidth_km` or Scott's rule; `None` below 2 points.
/// Rows are computed in parallel.
pub fn density_grid(
    points: &[(f64, f64)],
    bounds: [[f64; 2]; 2],
    cell_km: f64,
    bandwidth_km: Option<f64>,
    kernel: Kernel,
) -> Option<DensityGrid> {
    use rayon::prelude::*;
    let scott = scott_bandwidth_km(points)?;
    let h = bandwidth_km
        .filter(|h| h.is_finite() && *h > 0.0)
        .unwrap_or(scott);
    let proj = Albers::china();
    let km: Vec<(f64, f64)> = points
        .iter()
        .map(|&(lon, lat)| {
            let p = proj.project(lon, lat);
            (p.x / 1000.0, p.y / 1000.0)
        })
        .collect();
    let cell_m = cell_km * 1000.0;
    let cols = (((bounds[1][0] - bounds[0][0]) / cell_m).ceil() as usize).clamp(1, 2000);
    let rows = (((bounds[1][1] - bounds[0][1]) / cell_m).ceil() as usize).clamp(1, 2000);
    let origin = bounds[0];
    let values: Vec<f32> = (0..rows)
        .into_par_iter()
        .flat_map_iter(|r| {
            let km = &km;
            (0..cols).map(move |c| {
                let at = (
                    (origin[0] + (c as f64 + 0.5) * cell_m) / 1000.0,
                    (origin[1] + (r as f64 + 0.5) * cell_m) / 1000.0,
                );
                // Per km² to per 10,000 km².
                (density_at(at, km, h, kernel) * 1e4) as f32
            })
        })
        .collect();
    let max = values.iter().copied().fold(0.0, f32::max);
    Some(DensityGrid {
        origin,
        cell_m,
        cols,
        rows,
        values,
        max,
        bandwidth_km: h,
        scott: bandwidth_km.is_none_or(|b| !(b.is_finite() && b > 0.0)),
        kernel,
        n: points.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_regular_grid_is_dispersed_and_a_clump_is_clustered() {
        // Synthetic points: a 5×5 grid 1° apart and a tight clump, in the same area.
        let grid: Vec<(f64, f64)> = (0..25)
            .map(|i| (110.0 + (i % 5) as f64, 30.0 + (i / 5) as f64))
            .collect();
        let area = 5.0 * 111.0 * 5.0 * 96.0;
        let g = concentration(&grid, area).unwrap();
        let (r, z) = g.clark_evans.unwrap();
        assert!(r > 1.5 && z > 3.0, "{r} {z}");
        let clump: Vec<(f64, f64)> = (0..25)
            .map(|i| (112.0 + (i % 5) as f64 * 0.01, 32.0 + (i / 5) as f64 * 0.01))
            .collect();
        let (r, z) = concentration(&clump, area).unwrap().clark_evans.unwrap();
        assert!(r < 0.2 && z < -3.0, "{r} {z}");
        assert!((g.per_10k_km2 - 25.0 / area * 1e4).abs() < 1e-9);
        // The centre of a symmetric grid is its middle.
        assert!((g.centre.0 - 112.0).abs() < 0.05 && (g.centre.1 - 32.0).abs() < 0.05);
        // A line of points: the ellipse is long and thin, along it.
        let line: Vec<(f64, f64)> = (0..10).map(|i| (100.0 + i as f64, 35.0)).collect();
        let e = concentration(&line, area).unwrap().ellipse.unwrap();
        assert!(e.sd_major_km > 10.0 * e.sd_minor_km.max(1.0));
    }

    #[test]
    fn kernel_density_integrates_to_the_number_of_points() {
        let pts = [(0.0, 0.0), (30.0, 10.0)];
        for kernel in [Kernel::Gaussian, Kernel::Quartic] {
            let h = 20.0;
            let mut total = 0.0;
            let step = 1.0;
            let mut x = -150.0;
            while x < 180.0 {
                let mut y = -150.0;
                while y < 160.0 {
                    total += density_at((x, y), &pts, h, kernel) * step * step;
                    y += step;
                }
                x += step;
            }
            assert!((total - 2.0).abs() < 0.02, "{kernel:?}: {total}");
        }
    }

    #[test]
    fn a_density_grid_peaks_at_its_points_and_sums_to_their_number() {
        // Synthetic: three points near 105°E 35°N.
        let pts = [(105.0, 35.0), (105.5, 35.2), (104.8, 34.7)];
        let proj = Albers::china();
        let c = proj.project(105.0, 35.0);
        let half = 800_000.0;
        let bounds = [[c.x - half, c.y - half], [c.x + half, c.y + half]];
        let g = density_grid(&pts, bounds, 10.0, Some(150.0), Kernel::Quartic).unwrap();
        assert_eq!((g.cols, g.rows), (160, 160));
        assert!(!g.scott && (g.bandwidth_km - 150.0).abs() < 1e-9);
        // Per 10,000 km² over cells of 100 km²: the sum is the number of points.
        let total: f64 = g.values.iter().map(|v| f64::from(*v) * 100.0 / 1e4).sum();
        assert!((total - 3.0).abs() < 0.05, "{total}");
        // The peak lies near the points, and the corners are empty (quartic: bounded reach).
        let peak = g.values.iter().position(|v| *v == g.max).unwrap();
        let p = g.centre(peak % g.cols, peak / g.cols);
        assert!((p[0] - c.x).abs() < 100_000.0 && (p[1] - c.y).abs() < 100_000.0);
        assert_eq!(g.at(0, 0), 0.0);
        // Scott's rule when no bandwidth is given.
        let s = density_grid(&pts, bounds, 20.0, None, Kernel::Gaussian).unwrap();
        assert!(s.scott && s.bandwidth_km > 0.0);
    }
}
