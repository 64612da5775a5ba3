//! GeoJSON layers the user opens, kept like the built-in boundaries: projected, simplified
//! to five levels of detail and triangulated once (on a worker thread, behind a progress
//! bar), so a frame only transforms them to the screen (`map::layers::user` draws them).

use std::sync::{Arc, mpsc};

use std::time::Instant;

use egui::{Color32, Pos2, pos2};
use geo::{Area, LineString, MapCoords, MapCoordsInPlace, MultiPolygon};

use crate::core::error::DataError;
use crate::core::projection::Albers;
use crate::core::settings::{LayerColor, UserLayerRecord};
use crate::core::userlayer::{
    LayerData, LayerFeature, LoadProgress, PropertyValue, Stage, parse_layer_into, read_layer_bytes,
};
use crate::geom::index::{AreaIndex, PointIndex};
use crate::geom::mesh::{FeatureMesh, OutlineRibbon, build_projected};

/// Simplification tolerance per level of detail, in projected metres. A frame uses the
/// coarsest level whose tolerance is under `MAX_ERROR_POINTS` on screen.
/// The whole country at 1920×1080 (about 3.7 km a point) uses the 2,000 m level: at 800 m its
/// 2,875 counties were 560,000 vertices a frame.
pub const TOLERANCE_M: [f64; LODS] = [4_000.0, 2_000.0, 800.0, 150.0, 25.0];
/// Levels of detail.
pub const LODS: usize = 5;
/// Levels built when the layer loads; the finest is built per feature when first drawn or
/// hit-tested (a whole-country view or an export of 2,875 counties never needs it).
const COARSE: usize = LODS - 1;
/// Largest simplification error allowed on screen, in points.
const MAX_ERROR_POINTS: f64 = 1.0;

/// Distinct colours for single-colour layers (Okabe–Ito, colour-blind safe).
const LAYER_COLORS: [Color32; 6] = [
    Color32::from_rgb(0x00, 0x72, 0xB2),
    Color32::from_rgb(0xD5, 0x5E, 0x00),
    Color32::from_rgb(0x00, 0x9E, 0x73),
    Color32::from_rgb(0xCC, 0x79, 0xA7),
    Color32::from_rgb(0xE6, 0x9F, 0x00),
    Color32::from_rgb(0x56, 0xB4, 0xE9),
];

/// The colour of the `k`-th layer in the list.
pub fn layer_color(k: usize) -> Color32 {
    LAYER_COLORS[k % LAYER_COLORS.len()]
}

/// One loaded layer: properties for hover, meshes per level of detail, spatial indexes.
pub struct UserLayerView {
    /// Path as given (the key of its [`UserLayerRecord`]).
    pub path: String,
    /// The same path, shared: the layer part of its features' `PlaceId`s (a hover or click
    /// then costs a reference count, not an allocation).
    pub key: Arc<str>,
    pub name: String,
    pub file: String,
    pub properties: Vec<Vec<(String, PropertyValue)>>,
    pub numeric_properties: Vec<String>,
    pub notes: Vec<String>,
    /// Features with points, lines, polygons.
    pub counts: (usize, usize, usize),
    /// `[west, south, east, north]` in degrees.
    pub bounds_lonlat: [f64; 4],
    polys: [Vec<FeatureMesh>; COARSE],
    outlines: [Vec<OutlineRibbon>; COARSE],
    /// Each feature's polygons, projected and simplified to the finest level's tolerance
    /// (f32 is ample: < 1 m error); the finest mesh is triangulated from them on demand.
    finest_shape: Vec<Option<MultiPolygon<f32>>>,
    finest: Vec<std::sync::OnceLock<Fine>>,
    pub(crate) lines: [Vec<Vec<Vec<Pos2>>>; LODS],
    pub(crate) points: Vec<(usize, [f64; 2])>,
    /// Each feature's polygon area in km² (equal-area projection, full detail).
    pub area_km2: Vec<Option<f64>>,
    pub(crate) area_index: AreaIndex,
    point_index: PointIndex,
    /// Wall time of the whole load, for the layer panel.
    pub load_seconds: f64,
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

/// A feature at the finest level: its mesh (with the exact shape hit-tests use) and outline.
struct Fine {
    mesh: FeatureMesh,
    outline: OutlineRibbon,
}

/// A built feature with its index in the file and its properties.
type Built = (usize, BuiltFeature, Vec<(String, PropertyValue)>);

/// Everything built for one feature when the layer loads.
struct BuiltFeature {
    outlines: [OutlineRibbon; COARSE],
    polys: [FeatureMesh; COARSE],
    finest_shape: Option<MultiPolygon<f32>>,
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

/// A feature's shape at level `lod`, from the finest level's shape (see `cascade_step`).
/// Parts smaller than a tolerance square are under a point wherever the level is used
/// (offshore islets, mostly); each feature keeps at least its largest part.
fn simplified_shape(finer: &MultiPolygon<f64>, lod: usize) -> MultiPolygon<f64> {
    let (eps, step) = (TOLERANCE_M[lod], cascade_step(lod));
    let areas: Vec<f64> = finer.0.iter().map(Area::unsigned_area).collect();
    let largest = areas.iter().copied().fold(0.0, f64::max);
    let parts: Vec<_> = finer
        .0
        .iter()
        .zip(&areas)
        .filter(|(_, a)| **a >= eps * eps || **a >= largest)
        .map(|(p, _)| crate::geom::simplify::simplify_polygon(p, step))
        // Rings that collapse below a triangle draw nothing.
        .filter(|p| p.exterior().0.len() >= 4)
        .collect();
    MultiPolygon::new(parts)
}

/// The RDP tolerance that takes the finest level's shape to level `lod` (or the full shape
/// to the finest level). The coarse levels are simplified from the finest shape, a third of
/// the full shape's points, rather than from the full shape (RDP on the full shape once
/// instead of five times: it was the largest part of loading 2,875 counties); errors add up,
/// so each uses what is left of its tolerance and stays within it of the full shape.
fn cascade_step(lod: usize) -> f64 {
    let finest = TOLERANCE_M[LODS - 1];
    if lod + 1 == LODS {
        finest
    } else {
        TOLERANCE_M[lod] - finest
    }
}

/// The finest level's shape (the only one kept: a third of the full shape's points) and the
/// coarse levels' meshes.
fn levels(full: &MultiPolygon<f64>) -> (MultiPolygon<f64>, [FeatureMesh; COARSE]) {
    let finest = simplified_shape(full, LODS - 1);
    let mut levels: [FeatureMesh; COARSE] = std::array::from_fn(|_| empty_mesh());
    for (lod, level) in levels.iter_mut().enumerate() {
        *level = build_projected(simplified_shape(&finest, lod));
        // Only the finest level is hit-tested; the others need no exact shape.
        level.hit_shape = Default::default();
    }
    (finest, levels)
}

/// Builds one feature, projecting its coordinates where they lie (a copy of the 2,875
/// counties' coordinates is 64 MB of f64s).
fn build_one(proj: &Albers, f: LayerFeature) -> (BuiltFeature, Vec<(String, PropertyValue)>) {
    let project = |c: geo::Coord<f64>| {
        let p = proj.project(c.x, c.y);
        geo::coord! { x: p.x, y: p.y }
    };
    let (polys, finest_shape, area_km2) = if f.polygons.is_empty() {
        (std::array::from_fn(|_| empty_mesh()), None, None)
    } else {
        let mut full = MultiPolygon::new(f.polygons);
        full.map_coords_in_place(project);
        let area = full.unsigned_area() / 1e6;
        let (finest, levels) = levels(&full);
        let finest = finest.map_coords(|c| geo::coord! { x: c.x as f32, y: c.y as f32 });
        (levels, Some(finest), Some(area))
    };
    let lines = if f.lines.is_empty() {
        std::array::from_fn(|_| vec![])
    } else {
        let mut projected = geo::MultiLineString::new(f.lines);
        projected.map_coords_in_place(project);
        // As for polygons: the coarse levels simplified from the finest one.
        let simplify = |lines: &[LineString<f64>], lod: usize| -> Vec<LineString<f64>> {
            lines
                .iter()
                .map(|l| crate::geom::simplify::simplify_line(l, cascade_step(lod)))
                .collect()
        };
        let finest = simplify(&projected.0, LODS - 1);
        std::array::from_fn(|lod| {
            let level = if lod + 1 == LODS {
                finest.clone()
            } else {
                simplify(&finest, lod)
            };
            level.iter().map(to_pos).filter(|l| l.len() >= 2).collect()
        })
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
    let built = BuiltFeature {
        outlines,
        polys,
        finest_shape,
        lines,
        points,
        area_km2,
    };
    (built, f.properties)
}

/// With `ATLAS_TIMING` set: how long a load has taken and the process's resident memory.
fn timing(what: &str, start: Instant) {
    if std::env::var_os("ATLAS_TIMING").is_none() {
        return;
    }
    let rss = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .map(|l| l.trim_start_matches("VmRSS:").trim().to_owned())
        })
        .unwrap_or_default();
    eprintln!(
        "atlas:   {what}: {:.0} ms, resident {rss}",
        start.elapsed().as_secs_f64() * 1e3
    );
}

impl UserLayerView {
    /// Reads a layer and builds it (the worker thread, the CLI and tests). Parsing and
    /// building overlap: the parser hands each checked feature to builder threads as soon as it
    /// is read, so the layer's source coordinates are never all held at once.
    pub fn load(path: &str, proj: Albers, progress: &LoadProgress) -> Result<Self, DataError> {
        let start = Instant::now();
        let (name, bytes) = read_layer_bytes(std::path::Path::new(path), progress)?;
        // As many builders as cores: building takes about twice as long as parsing, so the
        // parser spends half its time blocked on a full channel and its core builds.
        let workers = std::thread::available_parallelism()
            .map_or(2, |n| n.get())
            .clamp(1, 8);
        let (tx, rx) = std::sync::mpsc::sync_channel::<(usize, LayerFeature)>(64);
        let rx = std::sync::Mutex::new(rx);
        let (parsed, built) = std::thread::scope(|s| {
            let handles: Vec<_> = (0..workers)
                .map(|_| {
                    let rx = &rx;
                    s.spawn(move || {
                        let mut out = Vec::new();
                        loop {
                            // The lock is held only to take the next feature.
                            let next = rx.lock().ok().and_then(|r| r.recv().ok());
                            let Some((i, f)) = next else {
                                break;
                            };
                            let (built, properties) = build_one(&proj, f);
                            out.push((i, built, properties));
                        }
                        out
                    })
                })
                .collect();
            let parsed = parse_layer_into(&name, &bytes, progress, &mut |i, f| {
                // A builder that has gone has panicked; the join below reports it.
                tx.send((i, f)).ok();
            });
            drop(tx);
            let built: Vec<_> = handles
                .into_iter()
                .filter_map(|h| h.join().ok())
                .flatten()
                .collect();
            (parsed, built)
        });
        drop(bytes);
        let data = parsed?;
        timing("layer read, checked and built", start);
        if progress.is_cancelled() {
            return Err(DataError::file(&data.file, "loading was cancelled"));
        }
        if built.len() != data.len {
            return Err(DataError::file(
                &data.file,
                "building the layer failed (a worker stopped); nothing was loaded",
            ));
        }
        let mut view = Self::assemble(path, data, built);
        view.load_seconds = start.elapsed().as_secs_f64();
        progress.set_stage(Stage::Done, 1);
        timing("layer indexed", start);
        Ok(view)
    }

    /// Builds a layer already read into memory (tests, small layers), feature by feature.
    pub fn build(
        path: &str,
        mut data: LayerData,
        proj: Albers,
        progress: &LoadProgress,
    ) -> Result<Self, DataError> {
        let features = std::mem::take(&mut data.features);
        let mut built = Vec::with_capacity(features.len());
        for (i, f) in features.into_iter().enumerate() {
            if progress.is_cancelled() {
                return Err(DataError::file(&data.file, "loading was cancelled"));
            }
            let (b, properties) = build_one(&proj, f);
            built.push((i, b, properties));
        }
        progress.set_stage(Stage::Done, 1);
        Ok(Self::assemble(path, data, built))
    }

    /// The view from a checked layer's metadata and its built features (any order).
    fn assemble(path: &str, data: LayerData, mut built: Vec<Built>) -> Self {
        built.sort_unstable_by_key(|(i, _, _)| *i);
        let n = built.len();
        let mut view = Self {
            path: path.to_owned(),
            key: Arc::from(path),
            counts: data.count(),
            name: data.name,
            file: data.file,
            numeric_properties: data.numeric_properties,
            notes: data.notes,
            bounds_lonlat: data.bounds,
            properties: Vec::with_capacity(n),
            polys: std::array::from_fn(|_| Vec::with_capacity(n)),
            outlines: std::array::from_fn(|_| Vec::with_capacity(n)),
            finest_shape: Vec::with_capacity(n),
            finest: (0..n).map(|_| std::sync::OnceLock::new()).collect(),
            lines: std::array::from_fn(|_| Vec::with_capacity(n)),
            points: Vec::new(),
            area_km2: Vec::with_capacity(n),
            area_index: AreaIndex::new(&[]),
            point_index: PointIndex::new([]),
            load_seconds: 0.0,
        };
        for (i, b, properties) in built {
            for (level, p) in view.polys.iter_mut().zip(b.polys) {
                level.push(p);
            }
            for (level, o) in view.outlines.iter_mut().zip(b.outlines) {
                level.push(o);
            }
            view.finest_shape.push(b.finest_shape);
            for (level, l) in view.lines.iter_mut().zip(b.lines) {
                level.push(l);
            }
            view.points.extend(b.points.into_iter().map(|p| (i, p)));
            view.area_km2.push(b.area_km2);
            view.properties.push(properties);
        }
        view.area_index = AreaIndex::new(&view.polys[COARSE - 1]);
        // Lines are hovered through their detailed vertices.
        let line_vertices = view.lines[LODS - 1].iter().enumerate().flat_map(|(i, ls)| {
            ls.iter()
                .flatten()
                .map(move |p| (i, [f64::from(p.x), f64::from(p.y)]))
        });
        view.point_index = PointIndex::new(view.points.iter().copied().chain(line_vertices));
        view
    }

    pub fn len(&self) -> usize {
        self.properties.len()
    }

    pub fn is_empty(&self) -> bool {
        self.properties.is_empty()
    }

    /// The values a colouring uses, per feature (`None` = no data).
    pub fn values(&self, color: &LayerColor) -> Vec<Option<f64>> {
        match color {
            LayerColor::Single => vec![None; self.len()],
            LayerColor::AreaKm2 => self.area_km2.clone(),
            LayerColor::Property(key) => self
                .properties
                .iter()
                .map(|props| match props.iter().find(|(k, _)| k == key) {
                    Some((_, PropertyValue::Number(v))) => Some(*v),
                    _ => None,
                })
                .collect(),
        }
    }

    /// The level of detail for a map scale (screen points per projected metre).
    pub fn lod_for_scale(scale: f64) -> usize {
        TOLERANCE_M
            .iter()
            .position(|eps| eps * scale <= MAX_ERROR_POINTS)
            .unwrap_or(LODS - 1)
    }

    /// Vertices in the fill meshes and outline rings of a level (for benches and tests;
    /// builds the finest level of every feature when asked for it).
    pub fn vertex_count(&self, lod: usize) -> (usize, usize) {
        let meshes = (0..self.len()).map(|i| self.mesh(lod, i));
        let fill = meshes.clone().map(|f| f.vertices.len()).sum();
        let outline = meshes.flat_map(|f| &f.rings).map(Vec::len).sum();
        (fill, outline)
    }

    /// Feature `i`'s fill mesh at level `lod`.
    pub(crate) fn mesh(&self, lod: usize, i: usize) -> &FeatureMesh {
        match self.polys.get(lod) {
            Some(level) => &level[i],
            None => &self.fine(i).mesh,
        }
    }

    /// Feature `i`'s outline at level `lod`.
    pub(crate) fn outline(&self, lod: usize, i: usize) -> &OutlineRibbon {
        match self.outlines.get(lod) {
            Some(level) => &level[i],
            None => &self.fine(i).outline,
        }
    }

    /// How many features have their finest level built (tests: it is built on demand).
    pub fn finest_built(&self) -> usize {
        self.finest.iter().filter(|f| f.get().is_some()).count()
    }

    /// Feature `i` at the finest level, built the first time it is asked for.
    fn fine(&self, i: usize) -> &Fine {
        self.finest[i].get_or_init(|| {
            let mesh = match &self.finest_shape[i] {
                Some(shape) => build_projected(
                    shape.map_coords(|c| geo::coord! { x: f64::from(c.x), y: f64::from(c.y) }),
                ),
                None => empty_mesh(),
            };
            let outline = OutlineRibbon::new(&mesh.rings);
            Fine { mesh, outline }
        })
    }

    /// The feature under a projected point: points and lines first (within `radius` metres),
    /// then polygons.
    pub fn hit(&self, p: [f64; 2], radius: f64) -> Option<usize> {
        self.point_index
            .nearest_within(p, radius, |_| true)
            .or_else(|| {
                self.area_index
                    .find_by(p, |i| self.fine(i).mesh.contains(p))
            })
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
                tx.send(UserLayerView::load(&path, proj, &p)).ok();
            });
        if let Err(e) = spawned {
            let (tx, rx2) = mpsc::channel();
            // `rx2` is alive right here: this send cannot fail.
            tx.send(Err(DataError::file(
                &record.path,
                format!("could not start the loader: {e}"),
            )))
            .ok();
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
