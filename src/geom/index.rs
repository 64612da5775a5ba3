//! Spatial index for hover and click: R-trees over point markers and unit bounding boxes,
//! then an exact point-in-polygon test on the few candidates.

use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{AABB, RTree};

use super::mesh::FeatureMesh;

type PointEntry = GeomWithData<[f64; 2], usize>;
type BoxEntry = GeomWithData<Rectangle<[f64; 2]>, usize>;

/// Index over points (projected metres), returning the item index.
pub struct PointIndex {
    tree: RTree<PointEntry>,
}

impl PointIndex {
    pub fn new(points: impl IntoIterator<Item = (usize, [f64; 2])>) -> Self {
        Self {
            tree: RTree::bulk_load(
                points
                    .into_iter()
                    .map(|(i, p)| PointEntry::new(p, i))
                    .collect(),
            ),
        }
    }

    /// The nearest item within `radius` metres that `accept` allows.
    pub fn nearest_within(
        &self,
        p: [f64; 2],
        radius: f64,
        accept: impl Fn(usize) -> bool,
    ) -> Option<usize> {
        self.tree
            .nearest_neighbor_iter_with_distance_2(p)
            .take_while(|(_, d2)| *d2 <= radius * radius)
            .map(|(e, _)| e.data)
            .find(|i| accept(*i))
    }
}

/// Index over polygon features by bounding box.
pub struct AreaIndex {
    tree: RTree<BoxEntry>,
}

impl AreaIndex {
    pub fn new(features: &[FeatureMesh]) -> Self {
        let entries = features
            .iter()
            .enumerate()
            .filter(|(_, f)| f.bounds.is_positive())
            .map(|(i, f)| {
                let b = f.bounds;
                BoxEntry::new(
                    Rectangle::from_corners(
                        [f64::from(b.min.x), f64::from(b.min.y)],
                        [f64::from(b.max.x), f64::from(b.max.y)],
                    ),
                    i,
                )
            })
            .collect();
        Self {
            tree: RTree::bulk_load(entries),
        }
    }

    /// The feature containing `p`.
    pub fn find(&self, features: &[FeatureMesh], p: [f64; 2]) -> Option<usize> {
        self.tree
            .locate_all_at_point(p)
            .map(|e| e.data)
            .find(|&i| features[i].contains(p))
    }

    /// The first feature whose box holds `p` and that `contains` accepts (for shapes kept
    /// elsewhere, such as a layer's lazily built finest level).
    pub fn find_by(&self, p: [f64; 2], contains: impl Fn(usize) -> bool) -> Option<usize> {
        self.tree
            .locate_all_at_point(p)
            .map(|e| e.data)
            .find(|&i| contains(i))
    }

    /// Features whose boxes meet the projected rectangle (view culling).
    pub fn in_view(&self, min: [f64; 2], max: [f64; 2]) -> impl Iterator<Item = usize> + '_ {
        self.tree
            .locate_in_envelope_intersecting(AABB::from_corners(min, max))
            .map(|e| e.data)
    }
}
