//! Albers equal-area conic projection (Snyder, *Map Projections: A Working Manual*, 1987,
//! pp. 98–103), ellipsoidal form. The atlas uses standard parallels 25°N and 47°N and central
//! meridian 105°E on WGS 84, the usual equal-area projection for maps of China.

/// An ellipsoid given by its semi-major axis (metres) and first eccentricity squared.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Ellipsoid {
    pub a: f64,
    pub e2: f64,
}

impl Ellipsoid {
    pub const WGS84: Ellipsoid = Ellipsoid {
        a: 6_378_137.0,
        e2: 0.006_694_379_990_14,
    };
    /// Clarke 1866, used by Snyder's worked example.
    pub const CLARKE_1866: Ellipsoid = Ellipsoid {
        a: 6_378_206.4,
        e2: 0.006_768_658,
    };
}

/// Projected coordinates in metres (x east, y north).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Projected {
    pub x: f64,
    pub y: f64,
}

#[derive(Clone, Copy, Debug)]
pub struct Albers {
    ellipsoid: Ellipsoid,
    e: f64,
    lon0: f64,
    n: f64,
    c: f64,
    rho0: f64,
}

impl Albers {
    /// Angles in degrees.
    pub fn new(ellipsoid: Ellipsoid, lat1: f64, lat2: f64, lat0: f64, lon0: f64) -> Self {
        let e = ellipsoid.e2.sqrt();
        let (p1, p2, p0) = (lat1.to_radians(), lat2.to_radians(), lat0.to_radians());
        let m1 = m(ellipsoid.e2, p1);
        let m2 = m(ellipsoid.e2, p2);
        let q1 = q(ellipsoid.e2, e, p1);
        let q2 = q(ellipsoid.e2, e, p2);
        let q0 = q(ellipsoid.e2, e, p0);
        let n = if (lat1 - lat2).abs() < 1e-10 {
            p1.sin()
        } else {
            (m1 * m1 - m2 * m2) / (q2 - q1)
        };
        let c = m1 * m1 + n * q1;
        let rho0 = ellipsoid.a * (c - n * q0).sqrt() / n;
        Self {
            ellipsoid,
            e,
            lon0: lon0.to_radians(),
            n,
            c,
            rho0,
        }
    }

    /// The atlas's projection: WGS 84, parallels 25°N and 47°N, origin 0°N 105°E.
    pub fn china() -> Self {
        Self::new(Ellipsoid::WGS84, 25.0, 47.0, 0.0, 105.0)
    }

    /// Projects lon/lat in degrees to metres.
    pub fn project(&self, lon: f64, lat: f64) -> Projected {
        let a = self.ellipsoid.a;
        let qv = q(self.ellipsoid.e2, self.e, lat.to_radians());
        let rho = a * (self.c - self.n * qv).max(0.0).sqrt() / self.n;
        let theta = self.n * wrap_pi(lon.to_radians() - self.lon0);
        Projected {
            x: rho * theta.sin(),
            y: self.rho0 - rho * theta.cos(),
        }
    }

    /// Inverse: metres to lon/lat in degrees.
    pub fn unproject(&self, p: Projected) -> (f64, f64) {
        let a = self.ellipsoid.a;
        let e2 = self.ellipsoid.e2;
        let dy = self.rho0 - p.y;
        let rho = (p.x * p.x + dy * dy).sqrt().copysign(self.n);
        let theta = (p.x * self.n.signum()).atan2(dy * self.n.signum());
        let qv = (self.c - rho * rho * self.n * self.n / (a * a)) / self.n;
        let mut phi = (qv / 2.0).clamp(-1.0, 1.0).asin();
        for _ in 0..15 {
            let s = phi.sin();
            let es = self.e * s;
            let one = 1.0 - e2 * s * s;
            let delta = one * one / (2.0 * phi.cos())
                * (qv / (1.0 - e2) - s / one
                    + (1.0 / (2.0 * self.e)) * ((1.0 - es) / (1.0 + es)).ln());
            phi += delta;
            if delta.abs() < 1e-12 {
                break;
            }
        }
        let lon = self.lon0 + theta / self.n;
        (lon.to_degrees(), phi.to_degrees())
    }
}

fn m(e2: f64, phi: f64) -> f64 {
    let s = phi.sin();
    phi.cos() / (1.0 - e2 * s * s).sqrt()
}

fn q(e2: f64, e: f64, phi: f64) -> f64 {
    let s = phi.sin();
    if e < 1e-12 {
        return 2.0 * s;
    }
    (1.0 - e2) * (s / (1.0 - e2 * s * s) - (1.0 / (2.0 * e)) * ((1.0 - e * s) / (1.0 + e * s)).ln())
}

fn wrap_pi(x: f64) -> f64 {
    let two_pi = std::f64::consts::TAU;
    (x + std::f64::consts::PI).rem_euclid(two_pi) - std::f64::consts::PI
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Snyder (1987) p. 292, ellipsoidal worked example: Clarke 1866, φ1 29.5°, φ2 45.5°,
    /// φ0 23°, λ0 −96°; the point 35°N 75°W projects to x = 1 885 472.7 m, y = 1 535 925.0 m.
    #[test]
    fn matches_snyders_ellipsoidal_example() {
        let p = Albers::new(Ellipsoid::CLARKE_1866, 29.5, 45.5, 23.0, -96.0);
        let xy = p.project(-75.0, 35.0);
        assert!((xy.x - 1_885_472.7).abs() < 0.5, "x = {}", xy.x);
        assert!((xy.y - 1_535_925.0).abs() < 0.5, "y = {}", xy.y);
    }

    /// Snyder p. 291, spherical example (R = 1): the same point gives x = 0.2952720, y = 0.2416774.
    #[test]
    fn matches_snyders_spherical_example() {
        let p = Albers::new(Ellipsoid { a: 1.0, e2: 0.0 }, 29.5, 45.5, 23.0, -96.0);
        let xy = p.project(-75.0, 35.0);
        assert!((xy.x - 0.295_272_0).abs() < 1e-6, "x = {}", xy.x);
        assert!((xy.y - 0.241_677_4).abs() < 1e-6, "y = {}", xy.y);
    }

    #[test]
    fn central_meridian_projects_to_x_zero_and_north_is_up() {
        let p = Albers::china();
        let south = p.project(105.0, 20.0);
        let north = p.project(105.0, 50.0);
        assert!(south.x.abs() < 1e-6 && north.x.abs() < 1e-6);
        assert!(north.y > south.y);
        // East of the central meridian is positive x.
        assert!(p.project(120.0, 30.0).x > 0.0);
    }

    #[test]
    fn inverse_round_trips_across_china() {
        let p = Albers::china();
        for &(lon, lat) in &[
            (73.5, 39.4),
            (135.0, 48.4),
            (110.0, 3.8),
            (123.9, 47.35),
            (105.0, 25.0),
        ] {
            let (lon2, lat2) = p.unproject(p.project(lon, lat));
            assert!(
                (lon - lon2).abs() < 1e-8 && (lat - lat2).abs() < 1e-8,
                "{lon},{lat} -> {lon2},{lat2}"
            );
        }
    }

    /// Equal area: a 1°×1° cell's projected area equals its area on the ellipsoid,
    /// (a²/2)·Δλ·(q(φ2) − q(φ1)) (Snyder eq. 3-12).
    #[test]
    fn preserves_area() {
        let p = Albers::china();
        let wgs = Ellipsoid::WGS84;
        let cell = |lon: f64, lat: f64| {
            // Edges along parallels are arcs, so sample them densely.
            let mut ring = Vec::new();
            for i in 0..=100 {
                ring.push(p.project(lon + i as f64 / 100.0, lat));
            }
            for i in 0..=100 {
                ring.push(p.project(lon + 1.0 - i as f64 / 100.0, lat + 1.0));
            }
            let mut a = 0.0;
            for i in 0..ring.len() {
                let (u, v) = (ring[i], ring[(i + 1) % ring.len()]);
                a += u.x * v.y - v.x * u.y;
            }
            a.abs() / 2.0
        };
        let e = wgs.e2.sqrt();
        let exact = |lat: f64| {
            wgs.a * wgs.a / 2.0
                * 1f64.to_radians()
                * (q(wgs.e2, e, (lat + 1.0).to_radians()) - q(wgs.e2, e, lat.to_radians()))
        };
        for &(lon, lat) in &[(80.0, 40.0), (125.0, 45.0), (105.0, 20.0)] {
            let ratio = cell(lon, lat) / exact(lat);
            assert!((ratio - 1.0).abs() < 1e-5, "ratio {ratio} at {lon},{lat}");
        }
    }
}
