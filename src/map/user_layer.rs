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

use super::camera::{Camera, ScreenTransform};
use super::geometry::{FeatureMesh, build_projected, project_multipolygon};
use super::hit::{AreaIndex, PointIndex};
use super::{Classes, compute_classes};

/// Simplification tolerance per level of detail, in projected metres. A frame uses the
/// coarsest level whose tolerance is under [`MAX_ERROR_POINTS`] on screen.
pub const TOLERANCE_M: [f64; LODS] = [4_000.0, 800.0, 150.0, 25.0];
/// Levels of detail.
pub const LODS: usize = 4;
/// Largest simplification error allowed on screen, in points.
const MAX_ERROR_POINTS: f64 = 1.0;

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
    polys: [Vec<FeatureMesh>; LODS],
    outlines: [Vec<OutlineRibbon>; LODS],
    lines: [Vec<Vec<Vec<Pos2>>>; LODS],
    points: Vec<(usize, [f64; 2])>,
    /// Each feature's polygon area in km² (equal-area projection, full detail).
    pub area_km2: Vec<Option<f64>>,
    area_index: AreaIndex,
    point_index: PointIndex,
    /// Wall time of the whole load, for the layer panel.
    pub load_seconds: f64,
}

/// Polygon outlines as ready-made triangles: two vertices per ring point, offset along its
/// miter direction. A frame only places them at ± half the stroke width, so thousands of
/// county outlines cost a vertex transform each instead of a path tessellation.
#[derive(Clone, Debug, Default)]
pub struct OutlineRibbon {
    points: Vec<Pos2>,
    /// Unit normal scaled by the miter length (projected axes, y up).
    miters: Vec<egui::Vec2>,
    indices: Vec<u32>,
}

impl OutlineRibbon {
    fn new(rings: &[Vec<Pos2>]) -> Self {
        let mut r = Self::default();
        for ring in rings {
            // Closed rings repeat their first point; drop it.
            let pts = match ring.split_last() {
                Some((last, rest)) if Some(last) == rest.first() => rest,
                _ => &ring[..],
            };
            let n = pts.len();
            if n < 2 {
                continue;
            }
            let base = r.points.len() as u32;
            let dir = |a: Pos2, b: Pos2| (b - a).normalized();
            for i in 0..n {
                let prev = pts[(i + n - 1) % n];
                let next = pts[(i + 1) % n];
                let (d1, d2) = (dir(prev, pts[i]), dir(pts[i], next));
                let (n1, n2) = (d1.rot90(), d2.rot90());
                let sum = n1 + n2;
                let m = if sum.length_sq() > 1e-6 {
                    sum.normalized()
                } else {
                    n2
                };
                // Sharp corners would spike: cap the miter at twice the width.
                let cos = m.dot(n1).max(0.5);
                r.miters.push(m / cos);
                r.points.push(pts[i]);
            }
            for i in 0..n as u32 {
                let j = (i + 1) % n as u32;
                let (a, b, c, d) = (
                    base + 2 * i,
                    base + 2 * i + 1,
                    base + 2 * j,
                    base + 2 * j + 1,
                );
                r.indices.extend_from_slice(&[a, b, c, b, d, c]);
            }
        }
        r
    }

    /// Appends the ribbon at `half_width` points each side of the line.
    fn add_to(&self, mesh: &mut egui::Mesh, half_width: f32, color: Color32, xf: ScreenTransform) {
        let base = mesh.vertices.len() as u32;
        let vertex = |pos| egui::epaint::Vertex {
            pos,
            uv: egui::epaint::WHITE_UV,
            color,
        };
        for (p, m) in self.points.iter().zip(&self.miters) {
            let s = xf.apply(*p);
            // Screen y points down, projected y up.
            let o = egui::vec2(m.x, -m.y) * half_width;
            mesh.vertices.push(vertex(s + o));
            mesh.vertices.push(vertex(s - o));
        }
        mesh.indices.extend(self.indices.iter().map(|i| base + i));
    }
}

impl std::fmt::Debug for UserLayerView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserLayerView")
            .field("path", &self.path)
            .field("name", &self.name)
            .field("features", &self.len())
            .finish_non_exhaustive()
    }
}

/// Everything built for one feature.
struct BuiltFeature {
    outlines: [OutlineRibbon; LODS],
    polys: [FeatureMesh; LODS],
    lines: [Vec<Vec<Pos2>>; LODS],
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
        (std::array::from_fn(|_| empty_mesh()), None)
    } else {
        let full = project_multipolygon(proj, &MultiPolygon::new(f.polygons.clone()));
        let area = full.unsigned_area() / 1e6;
        let level = |eps: f64| {
            // Parts smaller than a tolerance square are under a point wherever this level is
            // used (offshore islets, mostly); each feature keeps at least its largest part.
            let largest = full.0.iter().map(Area::unsigned_area).fold(0.0, f64::max);
            let kept: Vec<_> = full
                .0
                .iter()
                .filter(|p| {
                    let a = p.unsigned_area();
                    a >= eps * eps || a >= largest
                })
                .cloned()
                .collect();
            let mut s = MultiPolygon::new(kept).simplify(eps);
            // Rings that collapse below a triangle draw nothing.
            s.0.retain(|p| p.exterior().0.len() >= 4);
            build_projected(s)
        };
        let mut levels = TOLERANCE_M.map(level);
        // Only the finest level is hit-tested; the others need no exact shape.
        for coarse in &mut levels[..LODS - 1] {
            coarse.shape = MultiPolygon::new(vec![]);
        }
        (levels, Some(area))
    };
    let lines = if f.lines.is_empty() {
        std::array::from_fn(|_| vec![])
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
        TOLERANCE_M.map(level)
    };
    let outlines = std::array::from_fn(|lod| OutlineRibbon::new(&polys[lod].rings));
    let points = f
        .points
        .iter()
        .map(|p| {
            let q = proj.project(p[0], p[1]);
            [q.x, q.y]
        })
        .collect();
    BuiltFeature {
        outlines,
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
            polys: std::array::from_fn(|_| Vec::with_capacity(n)),
            outlines: std::array::from_fn(|_| Vec::with_capacity(n)),
            lines: std::array::from_fn(|_| Vec::with_capacity(n)),
            points: Vec::new(),
            area_km2: Vec::with_capacity(n),
            area_index: AreaIndex::new(&[]),
            point_index: PointIndex::new([]),
            load_seconds: 0.0,
        };
        for (i, (b, f)) in built
            .into_iter()
            .flatten()
            .flatten()
            .zip(data.features)
            .enumerate()
        {
            for (level, p) in view.polys.iter_mut().zip(b.polys) {
                level.push(p);
            }
            for (level, o) in view.outlines.iter_mut().zip(b.outlines) {
                level.push(o);
            }
            for (level, l) in view.lines.iter_mut().zip(b.lines) {
                level.push(l);
            }
            view.points.extend(b.points.into_iter().map(|p| (i, p)));
            view.area_km2.push(b.area_km2);
            view.properties.push(f.properties);
        }
        view.area_index = AreaIndex::new(&view.polys[LODS - 1]);
        // Lines are hovered through their detailed vertices.
        let line_vertices = view.lines[LODS - 1].iter().enumerate().flat_map(|(i, ls)| {
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

    /// Class breaks for a colouring (`None` for a single colour). The map caches them.
    pub fn classes(&self, colour: &LayerColour, c: &Choropleth) -> Option<Classes> {
        (*colour != LayerColour::Single).then(|| compute_classes(self.values(colour), c))
    }

    /// The level of detail for a camera.
    pub fn lod(cam: &Camera) -> usize {
        TOLERANCE_M
            .iter()
            .position(|eps| eps * cam.scale <= MAX_ERROR_POINTS)
            .unwrap_or(LODS - 1)
    }

    /// Vertices in the fill meshes and outline rings of a level (for benches and tests).
    pub fn vertex_count(&self, lod: usize) -> (usize, usize) {
        let fill = self.polys[lod].iter().map(|f| f.vertices.len()).sum();
        let outline = self.polys[lod]
            .iter()
            .flat_map(|f| &f.rings)
            .map(Vec::len)
            .sum();
        (fill, outline)
    }

    /// Adds the visible polygon fills to the frame's fill mesh.
    pub fn add_fills(
        &self,
        mesh: &mut egui::Mesh,
        cam: &Camera,
        rect: Rect,
        fill: &dyn Fn(usize) -> Color32,
    ) {
        let lod = Self::lod(cam);
        let [vmin, vmax] = cam.visible_bounds(rect);
        let xf = cam.screen_transform(rect);
        let visible: Vec<usize> = self.area_index.in_view(vmin, vmax).collect();
        // A concrete closure, so `add_fill` is monomorphised: no call through a pointer per vertex.
        let to_screen = |p: Pos2| xf.apply(p);
        for &i in &visible {
            super::add_fill(mesh, &self.polys[lod][i], fill(i), &to_screen);
        }
        // Outlines go in the same mesh, after (above) the fills.
        let outline = Color32::from_rgba_unmultiplied(40, 40, 40, 140);
        // A unit under two points across would be all outline: its fill says enough.
        let min_size = (2.0 / cam.scale) as f32;
        for &i in &visible {
            let b = self.polys[lod][i].bounds;
            if b.width() > min_size || b.height() > min_size {
                self.outlines[lod][i].add_to(mesh, 0.35, outline, xf);
            }
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
        selected: Option<usize>,
    ) {
        let lod = Self::lod(cam);
        let to_screen = |p: Pos2| cam.screen_from_projected(rect, [f64::from(p.x), f64::from(p.y)]);
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
        let emphasis = [
            (selected, Stroke::new(3.0, super::style::SELECTION)),
            (hovered, Stroke::new(2.5, super::style::HIGHLIGHT)),
        ];
        for (feature, stroke) in emphasis {
            if let Some(f) = feature.and_then(|i| self.polys[lod].get(i)) {
                super::add_outline(painter, f, stroke, &to_screen);
            }
        }
    }

    /// The feature under a projected point: points and lines first (within `radius` metres),
    /// then polygons.
    pub fn hit(&self, p: [f64; 2], radius: f64) -> Option<usize> {
        self.point_index
            .nearest_within(p, radius, |_| true)
            .or_else(|| self.area_index.find(&self.polys[LODS - 1], p))
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
