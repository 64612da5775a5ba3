//! Topology checks on simplified arcs: segments that cross or touch where they should not, and
//! points (junctions, islands) that end up on the other side of a nearby arc.

use crate::topology::Pt;

fn orient(a: Pt, b: Pt, c: Pt) -> i64 {
    let (ax, ay) = (i64::from(a.x), i64::from(a.y));
    (i64::from(b.x) - ax) * (i64::from(c.y) - ay) - (i64::from(b.y) - ay) * (i64::from(c.x) - ax)
}

/// Where two segments meet, if they do.
fn segments_meet(s: (Pt, Pt), t: (Pt, Pt)) -> Meet {
    let (d1, d2) = (orient(s.0, s.1, t.0), orient(s.0, s.1, t.1));
    let (d3, d4) = (orient(t.0, t.1, s.0), orient(t.0, t.1, s.1));
    if d1.signum() * d2.signum() < 0 && d3.signum() * d4.signum() < 0 {
        return Meet::Cross;
    }
    if d1 == 0 && d2 == 0 {
        // Collinear: compare along the longer axis.
        let key = |p: Pt| {
            if (s.1.x - s.0.x).abs() >= (s.1.y - s.0.y).abs() {
                p.x
            } else {
                p.y
            }
        };
        let (s0, s1) = (key(s.0).min(key(s.1)), key(s.0).max(key(s.1)));
        let (t0, t1) = (key(t.0).min(key(t.1)), key(t.0).max(key(t.1)));
        let (lo, hi) = (s0.max(t0), s1.min(t1));
        return match lo.cmp(&hi) {
            std::cmp::Ordering::Less => Meet::Cross, // overlap along a line
            std::cmp::Ordering::Equal => {
                let q = [s.0, s.1, t.0, t.1]
                    .into_iter()
                    .find(|&p| key(p) == lo)
                    .unwrap_or(s.0);
                Meet::Touch(q)
            }
            std::cmp::Ordering::Greater => Meet::Apart,
        };
    }
    let on = |p: Pt, (a, b): (Pt, Pt)| {
        orient(a, b, p) == 0
            && p.x >= a.x.min(b.x)
            && p.x <= a.x.max(b.x)
            && p.y >= a.y.min(b.y)
            && p.y <= a.y.max(b.y)
    };
    for (p, seg) in [(t.0, s), (t.1, s), (s.0, t), (s.1, t)] {
        if on(p, seg) {
            return Meet::Touch(p);
        }
    }
    Meet::Apart
}

#[derive(Debug, PartialEq, Eq)]
enum Meet {
    Apart,
    Touch(Pt),
    Cross,
}

/// Topology conflicts between polylines (the simplified arcs): segments that cross, overlap
/// along a line, or touch anywhere except where they legitimately meet (consecutive segments of
/// one polyline, or ends of both polylines, i.e. a junction). Returns the number of conflicting
/// segment pairs (where) and, per polyline, whether it is involved. Polylines with
/// `active[i] == false` are ignored.
pub(crate) fn find_conflicts(lines: &[Vec<Pt>], active: &[bool]) -> (Vec<Pt>, Vec<bool>) {
    struct Seg {
        a: Pt,
        b: Pt,
        line: usize,
        idx: usize,
        min_x: i32,
        max_x: i32,
        min_y: i32,
        max_y: i32,
    }
    let mut segs: Vec<Seg> = lines
        .iter()
        .enumerate()
        .filter(|(line, _)| active[*line])
        .flat_map(|(line, pts)| {
            pts.windows(2).enumerate().map(move |(idx, w)| Seg {
                a: w[0],
                b: w[1],
                line,
                idx,
                min_x: w[0].x.min(w[1].x),
                max_x: w[0].x.max(w[1].x),
                min_y: w[0].y.min(w[1].y),
                max_y: w[0].y.max(w[1].y),
            })
        })
        .collect();
    segs.sort_unstable_by_key(|s| (s.min_x, s.min_y, s.max_x, s.max_y, s.line, s.idx));
    let is_end =
        |line: usize, p: Pt| lines[line].first() == Some(&p) || lines[line].last() == Some(&p);
    let allowed_touch = |s: &Seg, t: &Seg, q: Pt| {
        let shared = (q == s.a || q == s.b) && (q == t.a || q == t.b);
        if !shared {
            return false; // a vertex lying inside another segment
        }
        if s.line == t.line {
            let n = lines[s.line].len() - 1; // segments in the line
            let closed = lines[s.line].first() == lines[s.line].last();
            let adjacent = s.idx.abs_diff(t.idx) == 1
                || (closed && s.idx.min(t.idx) == 0 && s.idx.max(t.idx) == n - 1);
            adjacent || (is_end(s.line, q) && s.idx.min(t.idx) == 0 && s.idx.max(t.idx) == n - 1)
        } else {
            is_end(s.line, q) && is_end(t.line, q)
        }
    };
    let mut involved = vec![false; lines.len()];
    let mut places = Vec::new();
    for i in 0..segs.len() {
        let s = &segs[i];
        for t in &segs[i + 1..] {
            if t.min_x > s.max_x {
                break;
            }
            if t.min_y > s.max_y || t.max_y < s.min_y {
                continue;
            }
            let bad = match segments_meet((s.a, s.b), (t.a, t.b)) {
                Meet::Apart => false,
                Meet::Cross => true,
                Meet::Touch(q) => !allowed_touch(s, t, q),
            };
            if bad {
                places.push(s.a);
                involved[s.line] = true;
                involved[t.line] = true;
            }
        }
    }
    (places, involved)
}

/// Whether a ray from `p` towards +x crosses `line` an odd number of times (half-open rule).
pub(crate) fn ray_parity(p: Pt, line: &[Pt]) -> bool {
    let mut odd = false;
    for w in line.windows(2) {
        let (a, b) = (w[0], w[1]);
        if (a.y > p.y) != (b.y > p.y) {
            // x of the crossing > p.x  <=>  this cross product has the sign of (b.y - a.y).
            let cross = (i128::from(a.x) - i128::from(p.x)) * (i128::from(b.y) - i128::from(a.y))
                + (i128::from(p.y) - i128::from(a.y)) * (i128::from(b.x) - i128::from(a.x));
            if (cross > 0) == (b.y > a.y) && cross != 0 {
                odd = !odd;
            }
        }
    }
    odd
}

/// A point that must stay on the same side of an arc: the start of arc `owner` (a junction or
/// the kept start of a closed arc) against arc `target`, whose original bounding box holds it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SideCheck {
    pub(crate) point: Pt,
    pub(crate) owner: usize,
    pub(crate) target: usize,
    pub(crate) parity: bool,
}

/// The side checks of the original arcs: each arc's start against every other arc whose
/// bounding box, grown by `margin` millionths, holds it (unless it is an end of that arc).
pub(crate) fn side_checks(arcs: &[Vec<Pt>], margin: i32) -> Vec<SideCheck> {
    let bbox: Vec<[i32; 4]> = arcs
        .iter()
        .map(|a| {
            a.iter()
                .fold([i32::MAX, i32::MAX, i32::MIN, i32::MIN], |b, p| {
                    [b[0].min(p.x), b[1].min(p.y), b[2].max(p.x), b[3].max(p.y)]
                })
        })
        .collect();
    let mut checks = Vec::new();
    for (owner, arc) in arcs.iter().enumerate() {
        let p = arc[0];
        for (target, b) in bbox.iter().enumerate() {
            let t = &arcs[target];
            if p.x < b[0] - margin
                || p.x > b[2] + margin
                || p.y < b[1] - margin
                || p.y > b[3] + margin
                || t.first() == Some(&p)
                || t.last() == Some(&p)
            {
                continue;
            }
            checks.push(SideCheck {
                point: p,
                owner,
                target,
                parity: ray_parity(p, t),
            });
        }
    }
    checks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conflicts_are_found() {
        let lines = vec![
            vec![Pt::new(0, 0), Pt::new(10, 10)],
            vec![Pt::new(0, 10), Pt::new(10, 0)], // crosses line 0
            vec![Pt::new(10, 10), Pt::new(20, 20)], // meets line 0 at a shared end: fine
            vec![Pt::new(30, 0), Pt::new(40, 0), Pt::new(35, 0)], // folds back on itself
            vec![Pt::new(50, 0), Pt::new(60, 0)],
            vec![Pt::new(55, 0), Pt::new(55, 9)], // touches line 4 inside a segment
        ];
        let (places, inv) = find_conflicts(&lines, &[true; 6]);
        assert_eq!(places.len(), 3);
        assert_eq!(inv, vec![true, true, false, true, true, true]);
        let (places, _) = find_conflicts(&lines, &[false, true, true, false, false, false]);
        assert!(places.is_empty());
    }

    #[test]
    fn an_arc_moving_across_an_island_is_detected() {
        let arc = vec![Pt::new(0, 0), Pt::new(50, 10), Pt::new(100, 0)];
        let island = Pt::new(50, 5);
        let straight = vec![Pt::new(0, 0), Pt::new(100, 0)];
        assert_ne!(ray_parity(island, &arc), ray_parity(island, &straight));
        assert_eq!(
            ray_parity(Pt::new(50, 20), &arc),
            ray_parity(Pt::new(50, 20), &straight)
        );
        let checks = side_checks(
            &[arc, vec![island, Pt::new(51, 6), Pt::new(52, 5), island]],
            0,
        );
        assert_eq!(checks.len(), 1);
        assert_eq!((checks[0].owner, checks[0].target), (1, 0));
    }
}
