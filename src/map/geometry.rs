//! The built-in map geometry, projected and triangulated once: provinces and prefectures at
//! two levels of detail, the South China Sea islands, the maritime line, city and heritage
//! points, and the indexes that hit-test them.

use egui::{Pos2, Rect};

use crate::core::dataset::Dataset;
use crate::core::projection::Albers;
use crate::geom::index::{AreaIndex, PointIndex};
use crate::geom::mesh::{FeatureMesh, build_feature, project_lines};

/// Level of detail: whole-country or zoomed-in geometry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lod {
    Country = 0,
    Detail = 1,
}

/// Above this many screen points per metre the map switches to detailed boundaries and shows
/// prefectures.
pub const DETAIL_SCALE: f64 = 1.0 / 3_000.0;

pub struct MapGeometry {
    pub proj: Albers,
    /// Per level of detail (see [`Lod`]); the detailed level is built on first zoom-in.
    pub provinces: [Vec<FeatureMesh>; 2],
    pub prefectures: [Vec<FeatureMesh>; 2],
    pub islands: Vec<FeatureMesh>,
    pub maritime: Vec<Vec<Pos2>>,
    /// Projected points, in the order of `Dataset::cities` and `Dataset::heritage`.
    pub city_points: Vec<[f64; 2]>,
    pub heritage_points: Vec<Option<[f64; 2]>>,
    pub province_index: AreaIndex,
    pub prefecture_index: AreaIndex,
    pub city_index: PointIndex,
    pub heritage_index: PointIndex,
    /// Mainland + Hainan, the default view (the southern islands go in the inset).
    pub home_bounds: [[f64; 2]; 2],
    /// Prefectures that are members of a demonstration zone.
    pub zone_members: Vec<bool>,
}

impl MapGeometry {
    pub fn new(ds: &Dataset) -> Self {
        let proj = Albers::china();
        let build = |shapes: Vec<&geo::MultiPolygon<f64>>| -> Vec<FeatureMesh> {
            shapes
                .into_iter()
                .map(|s| build_feature(&proj, s))
                .collect()
        };
        // The detailed level is built on first zoom-in (see `ensure_detail`): most sessions
        // and exports start at the whole-country view.
        let provinces = [
            build(ds.provinces.iter().map(|p| &p.shape_country).collect()),
            Vec::new(),
        ];
        let prefectures = [
            build(ds.prefectures.iter().map(|p| &p.shape_country).collect()),
            Vec::new(),
        ];
        let islands = ds
            .scs_islands
            .0
            .iter()
            .map(|p| build_feature(&proj, &geo::MultiPolygon::new(vec![p.clone()])))
            .collect();
        let pt = |lon: f64, lat: f64| {
            let p = proj.project(lon, lat);
            [p.x, p.y]
        };
        let city_points: Vec<[f64; 2]> = ds
            .cities
            .iter()
            .map(|c| pt(c.point.lon, c.point.lat))
            .collect();
        let heritage_points: Vec<Option<[f64; 2]>> = ds
            .heritage
            .iter()
            .map(|h| h.point.map(|p| pt(p.lon, p.lat)))
            .collect();
        let zone_members = ds
            .prefectures
            .iter()
            .map(|p| {
                ds.zones
                    .iter()
                    .any(|z| z.member_adcodes.contains(&p.adcode))
            })
            .collect();
        Self {
            province_index: AreaIndex::new(&provinces[0]),
            prefecture_index: AreaIndex::new(&prefectures[0]),
            city_index: PointIndex::new(city_points.iter().copied().enumerate()),
            heritage_index: PointIndex::new(
                heritage_points
                    .iter()
                    .enumerate()
                    .filter_map(|(i, p)| p.map(|p| (i, p))),
            ),
            home_bounds: home_bounds(&provinces[0], pt(110.0, 17.0)[1] as f32),
            proj,
            provinces,
            prefectures,
            islands,
            maritime: project_lines(&proj, &ds.maritime_line),
            city_points,
            heritage_points,
            zone_members,
        }
    }

    /// The city points again, after the list of cities changed (a user's list applied).
    pub fn refresh_cities(&mut self, ds: &Dataset) {
        self.city_points = ds
            .cities
            .iter()
            .map(|c| {
                let p = self.proj.project(c.point.lon, c.point.lat);
                [p.x, p.y]
            })
            .collect();
        self.city_index = PointIndex::new(self.city_points.iter().copied().enumerate());
    }

    /// Detailed geometry once zoomed in to `scale` and built; the whole-country level otherwise.
    pub fn lod(&self, scale: f64) -> Lod {
        if scale >= DETAIL_SCALE && !self.provinces[1].is_empty() {
            Lod::Detail
        } else {
            Lod::Country
        }
    }

    /// Projects and triangulates the detailed level the first time a view at `scale` needs it.
    pub fn ensure_detail(&mut self, ds: &Dataset, scale: f64) {
        if scale >= DETAIL_SCALE && self.provinces[1].is_empty() {
            let proj = self.proj;
            self.provinces[1] = ds
                .provinces
                .iter()
                .map(|p| build_feature(&proj, &p.shape_detail))
                .collect();
            self.prefectures[1] = ds
                .prefectures
                .iter()
                .map(|p| build_feature(&proj, &p.shape_detail))
                .collect();
        }
    }

    /// A lon/lat box `[west, south, east, north]` as projected bounds.
    pub fn projected_box(&self, b: [f64; 4]) -> [[f64; 2]; 2] {
        let mut r = Rect::NOTHING;
        for lon in [b[0], (b[0] + b[2]) / 2.0, b[2]] {
            for lat in [b[1], b[3]] {
                let p = self.proj.project(lon, lat);
                r.extend_with(egui::pos2(p.x as f32, p.y as f32));
            }
        }
        [
            [f64::from(r.min.x), f64::from(r.min.y)],
            [f64::from(r.max.x), f64::from(r.max.y)],
        ]
    }
}

/// Everything north of `cut` (projected y): the islands further south are in the inset.
fn home_bounds(provinces: &[FeatureMesh], cut: f32) -> [[f64; 2]; 2] {
    let mut home = Rect::NOTHING;
    for f in provinces {
        for ring in &f.rings {
            if ring.iter().all(|p| p.y > cut) {
                for p in ring {
                    home.extend_with(*p);
                }
            }
        }
    }
    [
        [f64::from(home.min.x), f64::from(home.min.y)],
        [f64::from(home.max.x), f64::from(home.max.y)],
    ]
}
