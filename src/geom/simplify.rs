//! Ramer–Douglas–Peucker simplification on squared distances. geo's `Simplify` gives the same
//! points but measures each distance with `hypot`, which was half of loading the 2,875-county
//! layer; comparing squares needs no square root.

use geo::{Coord, LineString, Polygon};

/// The points of `points` RDP keeps at tolerance `eps` (first and last always), in order.
pub fn rdp(points: &[Coord<f64>], eps: f64) -> Vec<Coord<f64>> {
    let n = points.len();
    if n < 3 || eps <= 0.0 {
        return points.to_vec();
    }
    let eps2 = eps * eps;
    let mut keep = vec![false; n];
    keep[0] = true;
    keep[n - 1] = true;
    let mut stack = vec![(0, n - 1)];
    while let Some((a, b)) = stack.pop() {
        if b <= a + 1 {
            continue;
        }
        let (pa, pb) = (points[a], points[b]);
        let (dx, dy) = (pb.x - pa.x, pb.y - pa.y);
        let len2 = dx * dx + dy * dy;
        let mut far = (0.0, a);
        for (i, p) in points.iter().enumerate().take(b).skip(a + 1) {
            // Distance to the segment (not the line), as geo measures it.
            let t = if len2 > 0.0 {
                (((p.x - pa.x) * dx + (p.y - pa.y) * dy) / len2).clamp(0.0, 1.0)
            } else {
                0.0
            };
            let (qx, qy) = (pa.x + t * dx, pa.y + t * dy);
            let d2 = (p.x - qx) * (p.x - qx) + (p.y - qy) * (p.y - qy);
            if d2 > far.0 {
                far = (d2, i);
            }
        }
        if far.0 > eps2 {
            keep[far.1] = true;
            stack.push((a, far.1));
            stack.push((far.1, b));
        }
    }
    points
        .iter()
        .zip(&keep)
        .filter(|(_, k)| **k)
        .map(|(p, _)| *p)
        .collect()
}

pub fn simplify_line(line: &LineString<f64>, eps: f64) -> LineString<f64> {
    LineString::new(rdp(&line.0, eps))
}

/// Each ring of a polygon simplified on its own, as geo's `Simplify` does.
pub fn simplify_polygon(p: &Polygon<f64>, eps: f64) -> Polygon<f64> {
    Polygon::new(
        simplify_line(p.exterior(), eps),
        p.interiors()
            .iter()
            .map(|r| simplify_line(r, eps))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::Simplify;

    #[test]
    fn keeps_the_points_geo_keeps() {
        // A synthetic wiggly ring, closed.
        let mut pts: Vec<Coord<f64>> = (0..400)
            .map(|i| {
                let a = f64::from(i) / 400.0 * std::f64::consts::TAU;
                let r = 1000.0 + 80.0 * (a * 7.0).sin() + 13.0 * (a * 31.0).cos();
                Coord {
                    x: r * a.cos(),
                    y: r * a.sin(),
                }
            })
            .collect();
        pts.push(pts[0]);
        let line = LineString::new(pts);
        for eps in [1.0, 10.0, 50.0, 300.0] {
            assert_eq!(simplify_line(&line, eps), line.simplify(eps), "eps {eps}");
        }
    }
}
