//! GeoJSON layers the user opens, drawn like the built-in boundaries: projected, simplified
//! to two levels of detail and triangulated once (on a worker thread, behind a progress
//! bar), then only transformed to the screen each frame.

use std::sync::{Arc, mpsc};
use std::time::Instant;

use egui::{Color32, Painter, Pos2, Rect, Shape, Stroke, pos2};
use geo::{Area, LineString, MultiPolygon, Simplify};

use crate::core::error::DataError;
use crate::core::projection::Albers;
use crate::core::userlayer::{LayerData, LoadProgress, PropertyValue, Stage, read_layer_path};
use crate::state::{Choropleth, LayerColour, UserLayerRecord};

use super::camera::Camera;
use super::geometry::{FeatureMesh, build_projected, project_multipolygon};
use super::hit::{AreaIndex, PointIndex};
use super::{Classes, DETAIL_SCALE, compute_classes};

/// Simplification tolerance per level of detail, in projected metres: about a third of a
/// screen point at the coarsest scale each level is used at.
pub const TOLERANCE_M: [f64; 2] = [1_000.0, 80.0];

/// Distinct colours for single-colour layers (Okabe–Ito, colour-blind safe).
const LAYER_COLOURS: [Color32; 6] = [
    Color32::from_rgb(0x00, 0x72, 0xB2),
    Color32::from_rgb(0xD5, 0x5E, 0x00),
    Color32::from_rgb(0x00, 0x9E, 0x73),
    Color32::from_rgb(0xCC, 0x79, 0xA7),
    Color32::from_rgb(0xE6, 0x9F, 0x00),
    Color32::from_rgb(0x56, 0xB4, 0xE9),
];

/// The colour of the `k`-th layer in the list.
pub fn layer_colour(k: usize) -> Color32 {
    LAYER_COLOURS[k % LAYER_COLOURS.len()]
}

/// One loaded layer: properties for hover, meshes per level of detail, spatial indexes.
pub struct UserLayerView {
    /// Path as given (the key of its [`UserLayerRecord`]).
    pub path: String,
    pub name: String,
    pub file: String,
    pub properties: Vec<Vec<(String, PropertyValue)>>,
    pub numeric_properties: Vec<String>,
    pub notes: Vec<String>,
    /// Features with points, lines, polygons.
    pub counts: (usize, usize, usize),
    /// `[west, south, east, north]` in degrees.
    pub bounds_lonlat: [f64; 4],
    polys: [Vec<FeatureMesh>; 2],
    lines: [Vec<Vec<Vec<Pos2>>>; 2],
    points: Vec<(usize, [f64; 2])>,
    /// Each feature's polygon area in km² (equal-area projection, full detail).
    pub area_km2: Vec<Option<f64>>,
    area_index: AreaIndex,
    point_index: PointIndex,
    classes: Option<(LayerColour, Choropleth, Arc<Classes>)>,
    /// Wall time of the whole load, for the layer panel.
    pub load_seconds: f64,
}

/// Everything built for one feature.
struct BuiltFeature {
    polys: [FeatureMesh; 2],
    lines: [Vec<Vec<Pos2>>; 2],
    points: Vec<[f64; 2]>,
    area_km2: Option<f64>,
}

fn empty_mesh() -> FeatureMesh {
    build_projected(MultiPolygon::new(vec![]))
}

fn to_pos(ls: &LineString<f64>) -> Vec<Pos2> {
    ls.0.iter().map(|c| pos2(c.x as f32, c.y as f32)).collect()
}

fn build_one(proj: &Albers, f: &crate::core::userlayer::LayerFeature) -> BuiltFeature {
    let (polys, area_km2) = if f.polygons.is_empty() {
        ([empty_mesh(), empty_mesh()], None)
    } else {
        let full = project_multipolygon(proj, &MultiPolygon::new(f.polygons.clone()));
        let area = full.unsigned_area() / 1e6;
        let level = |eps: f64| {
            let mut s = full.simplify(eps);
            // Rings that collapse below a triangle draw nothing.
            s.0.retain(|p| p.exterior().0.len() >= 4);
            build_projected(s)
        };
        ([level(TOLERANCE_M[0]), level(TOLERANCE_M[1])], Some(area))
    };
    let lines = if f.lines.is_empty() {
        [vec![], vec![]]
    } else {
        let projected: Vec<LineString<f64>> = f
            .lines
            .iter()
            .map(|l| super::geometry::project_ring(proj, l))
            .collect();
        let level = |eps: f64| {
            projected
                .iter()
                .map(|l| to_pos(&l.simplify(eps)))
                .filter(|l| l.len() >= 2)
                .collect()
        };
        [level(TOLERANCE_M[0]), level(TOLERANCE_M[1])]
    };
    let points = f
        .points
        .iter()
        .map(|p| {
            let q = proj.project(p[0], p[1]);
            [q.x, q.y]
        })
        .collect();
    BuiltFeature {
        polys,
        lines,
        points,
        area_km2,
    }
}

impl UserLayerView {
    /// Projects, simplifies and triangulates a checked layer, on all cores.
    pub fn build(
        path: &str,
        data: LayerData,
        proj: Albers,
        progress: &LoadProgress,
    ) -> Result<Self, DataError> {
        let n = data.features.len();
        progress.set_stage(Stage::Building, n as u64);
        let done = std::sync::atomic::AtomicU64::new(0);
        let threads = std::thread::available_parallelism().map_or(2, |n| n.get().min(8));
        let chunk = n.div_ceil(threads).max(1);
        let built: Vec<Option<Vec<BuiltFeature>>> = std::thread::scope(|s| {
            let handles: Vec<_> = data
                .features
                .chunks(chunk)
                .map(|features| {
                    let done = &done;
                    s.spawn(move || {
                        let mut out = Vec::with_capacity(features.len());
                        for f in features {
                            if progress.is_cancelled() {
                                return None;
                            }
                            out.push(build_one(&proj, f));
                            let d = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                            progress.advance_to(d);
                        }
                        Some(out)
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().ok().flatten())
                .collect()
        });
        if progress.is_cancelled() || built.iter().any(Option::is_none) {
            return Err(DataError::file(&data.file, "loading was cancelled"));
        }
        let mut view = Self {
            path: path.to_owned(),
            counts: data.count(),
            name: data.name,
            file: data.file,
            numeric_properties: data.numeric_properties,
            notes: data.notes,
            bounds_lonlat: data.bounds,
            properties: Vec::with_capacity(n),
            polys: [Vec::with_capacity(n), Vec::with_capacity(n)],
            lines: [Vec::with_capacity(n), Vec::with_capacity(n)],
            points: Vec::new(),
            area_km2: Vec::with_capacity(n),
            area_index: AreaIndex::new(&[]),
            point_index: PointIndex::new([]),
            classes: None,
            load_seconds: 0.0,
        };
        for (i, (b, f)) in built
            .into_iter()
            .flatten()
            .flatten()
            .zip(data.features)
            .enumerate()
        {
            let [p0, p1] = b.polys;
            view.polys[0].push(p0);
            view.polys[1].push(p1);
            let [l0, l1] = b.lines;
            view.lines[0].push(l0);
            view.lines[1].push(l1);
            view.points.extend(b.points.into_iter().map(|p| (i, p)));
            view.area_km2.push(b.area_km2);
            view.properties.push(f.properties);
        }
        view.area_index = AreaIndex::new(&view.polys[1]);
        // Lines are hovered through their detailed vertices.
        let line_vertices = view.lines[1].iter().enumerate().flat_map(|(i, ls)| {
            ls.iter()
                .flatten()
                .map(move |p| (i, [f64::from(p.x), f64::from(p.y)]))
        });
        view.point_index = PointIndex::new(view.points.iter().copied().chain(line_vertices));
        progress.set_stage(Stage::Done, 1);
        Ok(view)
    }

    /// Reads and builds synchronously (the worker thread, the CLI and tests).
    pub fn load(path: &str, proj: Albers, progress: &LoadProgress) -> Result<Self, DataError> {
        let start = Instant::now();
        let data = read_layer_path(std::path::Path::new(path), progress)?;
        let mut view = Self::build(path, data, proj, progress)?;
        view.load_seconds = start.elapsed().as_secs_f64();
        Ok(view)
    }

    pub fn len(&self) -> usize {
        self.properties.len()
    }

    pub fn is_empty(&self) -> bool {
        self.properties.is_empty()
    }

    /// The values a colouring uses, per feature (`None` = no data).
    pub fn values(&self, colour: &LayerColour) -> Vec<Option<f64>> {
        match colour {
            LayerColour::Single => vec![None; self.len()],
            LayerColour::AreaKm2 => self.area_km2.clone(),
            LayerColour::Property(key) => self
                .properties
                .iter()
                .map(|props| match props.iter().find(|(k, _)| k == key) {
                    Some((_, PropertyValue::Number(v))) => Some(*v),
                    _ => None,
                })
                .collect(),
        }
    }

    /// Class breaks for a colouring (cached until the colouring or the choropleth changes).
    pub fn classes(&mut self, colour: &LayerColour, c: &Choropleth) -> Option<Arc<Classes>> {
        if *colour == LayerColour::Single {
            return None;
        }
        if let Some((k, kc, classes)) = &self.classes
            && k == colour
            && kc == c
        {
            return Some(classes.clone());
        }
        let classes = Arc::new(compute_classes(self.values(colour), c));
        self.classes = Some((colour.clone(), c.clone(), classes.clone()));
        Some(classes)
    }

    /// The level of detail for a camera.
    fn lod(cam: &Camera) -> usize {
        usize::from(cam.scale >= DETAIL_SCALE)
    }

    /// Adds the visible polygon fills to the frame's fill mesh.
    pub fn add_fills(
        &self,
        mesh: &mut egui::Mesh,
        cam: &Camera,
        view: [[f64; 2]; 2],
        fill: &dyn Fn(usize) -> Color32,
        to_screen: &dyn Fn(Pos2) -> Pos2,
    ) {
        let lod = Self::lod(cam);
        for i in self.area_index.in_view(view[0], view[1]) {
            super::add_fill(mesh, &self.polys[lod][i], fill(i), &to_screen);
        }
    }

    /// Draws outlines, lines and points.
    pub fn paint_overlays(
        &self,
        painter: &Painter,
        cam: &Camera,
        rect: Rect,
        colour: Color32,
        hovered: Option<usize>,
    ) {
        let lod = Self::lod(cam);
        let [vmin, vmax] = cam.visible_bounds(rect);
        let to_screen = |p: Pos2| cam.screen_from_projected(rect, [f64::from(p.x), f64::from(p.y)]);
        let outline = Stroke::new(0.5, Color32::from_rgba_unmultiplied(40, 40, 40, 150));
        for i in self.area_index.in_view(vmin, vmax) {
            super::add_outline(painter, &self.polys[lod][i], outline, &to_screen);
        }
        let clip = painter.clip_rect().expand(10.0);
        for (i, lines) in self.lines[lod].iter().enumerate() {
            let stroke = if hovered == Some(i) {
                Stroke::new(3.5, super::style::HIGHLIGHT)
            } else {
                Stroke::new(1.8, colour)
            };
            for l in lines {
                let pts: Vec<Pos2> = l.iter().map(|p| to_screen(*p)).collect();
                let mut b = Rect::NOTHING;
                for p in &pts {
                    b.extend_with(*p);
                }
                if b.intersects(clip) {
                    painter.add(Shape::line(pts, stroke));
                }
            }
        }
        for &(i, p) in &self.points {
            let s = cam.screen_from_projected(rect, p);
            if clip.contains(s) {
                let r = if hovered == Some(i) { 6.0 } else { 4.0 };
                painter.circle(s, r, colour, Stroke::new(1.2, Color32::WHITE));
            }
        }
        if let Some(i) = hovered
            && let Some(f) = self.polys[lod].get(i)
        {
            super::add_outline(
                painter,
                f,
                Stroke::new(2.5, super::style::HIGHLIGHT),
                &to_screen,
            );
        }
    }

    /// The feature under a projected point: points and lines first (within `radius` metres),
    /// then polygons.
    pub fn hit(&self, p: [f64; 2], radius: f64) -> Option<usize> {
        self.point_index
            .nearest_within(p, radius, |_| true)
            .or_else(|| self.area_index.find(&self.polys[1], p))
    }

    /// Projected bounds of everything in the layer (to fly there).
    pub fn bounds_lonlat(&self) -> [f64; 4] {
        self.bounds_lonlat
    }
}

/// A layer loading on a worker thread.
pub struct LayerLoad {
    pub record: UserLayerRecord,
    pub progress: Arc<LoadProgress>,
    rx: mpsc::Receiver<Result<UserLayerView, DataError>>,
}

impl LayerLoad {
    /// Starts reading `record.path` in the background.
    pub fn spawn(record: UserLayerRecord, proj: Albers) -> Self {
        let progress = Arc::new(LoadProgress::default());
        let (tx, rx) = mpsc::channel();
        let path = record.path.clone();
        let p = progress.clone();
        let spawned = std::thread::Builder::new()
            .name("layer-loader".into())
            .spawn(move || {
                // The receiver may be gone (the app closed); nothing to do then.
                let _ = tx.send(UserLayerView::load(&path, proj, &p));
            });
        if let Err(e) = spawned {
            let (tx, rx2) = mpsc::channel();
            let _ = tx.send(Err(DataError::file(
                &record.path,
                format!("could not start the loader: {e}"),
            )));
            return Self {
                record,
                progress,
                rx: rx2,
            };
        }
        Self {
            record,
            progress,
            rx,
        }
    }

    /// The result once the worker is done.
    pub fn poll(&self) -> Option<Result<UserLayerView, DataError>> {
        match self.rx.try_recv() {
            Ok(r) => Some(r),
            Err(mpsc::TryRecvError::Empty) => None,
            Err(mpsc::TryRecvError::Disconnected) => Some(Err(DataError::file(
                &self.record.path,
                "the loader stopped unexpectedly",
            ))),
        }
    }

    /// Blocks until the worker is done (tests and the CLI).
    pub fn wait(self) -> Result<UserLayerView, DataError> {
        self.rx.recv().unwrap_or_else(|_| {
            Err(DataError::file(
                &self.record.path,
                "the loader stopped unexpectedly",
            ))
        })
    }
}
