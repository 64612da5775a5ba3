//! The map view: boundaries, choropleth, city and heritage markers, labels, legend, South
//! China Sea inset, scale bar and attribution.
//!
//! Like walkers' map widget, the view is split into what it remembers ([`MapMemory`]: camera
//! and camera moves, persisted), what it caches (projected geometry, class breaks, vertex
//! buffers) and what it draws (the [`layers`], each in its own file). It reads the app's
//! [`AtlasState`] and never changes it: clicks and hovers become [`Command`]s.

mod a11y;
pub mod camera;
pub mod classes;
pub mod furniture;
pub mod geometry;
pub mod labels;
pub mod layers;
pub mod memory;
mod motion;
mod navigation;
pub mod style;
mod tooltip;
pub mod vector;

use std::sync::Arc;

use egui::{Painter, Rect, Sense, pos2};

use crate::core::dataset::Dataset;
use crate::core::place::PlaceId;
use crate::core::story::Highlight;
use crate::state::{AtlasState, Command};

use camera::Camera;
use classes::ClassCache;
use geometry::{Lod, MapGeometry};
use layers::{HitCx, LAYERS, PaintCx, PaintedFrame};
pub use memory::MapMemory;

/// Runtime map state: memory (persisted) and caches (never persisted).
pub struct MapView {
    memory: MapMemory,
    geo: MapGeometry,
    classes: ClassCache,
    /// Vertex buffers reused from frame to frame: egui drops its reference after
    /// tessellating, so `Arc::make_mut` gets them back without reallocating (no per-frame
    /// megabyte allocations and page faults).
    fill_mesh: Arc<egui::Mesh>,
    inset_mesh: Arc<egui::Mesh>,
    /// The hover last reported to the app, so the map reports changes only.
    reported_hover: Option<PlaceId>,
    /// When a click on nothing happened, if its clearing waits for a possible double-click.
    pending_clear: Option<f64>,
    /// The camera is the automatic whole-China fit (refitted when the view resizes).
    fitted_home: bool,
    /// Draw the choropleth legend (exports can leave it out).
    legend_visible: bool,
    /// Places a story slide rings.
    highlights: Vec<Highlight>,
    /// The view's rect in the last frame (intents need its size).
    last_rect: Rect,
    /// The picture a drag moves (see `motion`).
    motion: motion::MotionPicture,
    /// Counts the map's own changes that a motion picture shows (story highlights).
    epoch: u64,
    /// The last frame showed the motion picture (for tests and the frame log).
    picture_shown: bool,
    /// Where a shift-drag started: the rectangle selection being drawn.
    rect_select: Option<egui::Pos2>,
}

/// What `paint_parts` draws.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Parts {
    /// Everything: the window at rest, exports.
    All,
    /// What moves with the map (for the motion picture): no legend, inset or scale bar, no
    /// hover emphasis.
    Scene,
    /// What stays put on screen, drawn over the motion picture.
    Furniture,
}

impl MapView {
    pub fn new(ds: &Dataset) -> Self {
        Self::with_memory(ds, MapMemory::default())
    }

    /// A map that starts where `memory` left off (a saved view).
    pub fn with_memory(ds: &Dataset, memory: MapMemory) -> Self {
        Self {
            memory: memory.sanitized(),
            geo: MapGeometry::new(ds),
            classes: ClassCache::default(),
            fill_mesh: Arc::default(),
            inset_mesh: Arc::default(),
            reported_hover: None,
            pending_clear: None,
            fitted_home: false,
            legend_visible: true,
            highlights: Vec::new(),
            last_rect: Rect::NOTHING,
            motion: motion::MotionPicture::default(),
            epoch: 0,
            picture_shown: false,
            rect_select: None,
        }
    }

    /// The classes (and the spatial overlay's links) a frame of this state draws.
    pub fn frame_classes(&mut self, state: &AtlasState) -> classes::FrameClasses {
        self.classes.frame(state)
    }

    /// The list of cities changed: new points and index, and no stale motion picture.
    pub fn cities_changed(&mut self, ds: &Dataset) {
        self.geo.refresh_cities(ds);
        self.motion.clear();
        self.epoch += 1;
    }

    pub fn memory(&self) -> &MapMemory {
        &self.memory
    }

    pub fn camera(&self) -> Option<Camera> {
        self.memory.camera
    }

    pub fn geometry(&self) -> &MapGeometry {
        &self.geo
    }

    /// The view's rect in the last frame.
    pub fn last_rect(&self) -> Rect {
        self.last_rect
    }

    /// Detailed geometry once zoomed in and built; the whole-country level otherwise.
    pub fn lod(&self) -> Lod {
        self.memory
            .camera
            .map_or(Lod::Country, |c| self.geo.lod(c.scale))
    }

    pub fn set_legend_visible(&mut self, visible: bool) {
        self.legend_visible = visible;
    }

    pub fn highlights(&self) -> &[Highlight] {
        &self.highlights
    }

    pub fn set_highlights(&mut self, highlights: Vec<Highlight>) {
        self.highlights = highlights;
        self.epoch += 1;
    }

    /// Whether the last frame moved the motion picture rather than drawing the vectors.
    pub fn showed_motion_picture(&self) -> bool {
        self.picture_shown
    }

    pub fn is_animating(&self) -> bool {
        self.memory.is_animating()
    }

    /// The camera that shows a lon/lat box `[west, south, east, north]` in `rect`.
    pub fn camera_for_lonlat(&self, rect: Rect, b: [f64; 4]) -> Camera {
        Camera::fit(self.geo.projected_box(b), rect, 30.0)
    }

    // --- Intents -------------------------------------------------------------------------

    /// Fits the mainland and Hainan beside the South China Sea inset.
    pub fn fit_home(&mut self) {
        if self.last_rect.is_positive() {
            self.fit_home_in(self.last_rect);
        } else {
            self.memory.camera = None;
        }
    }

    fn fit_home_in(&mut self, rect: Rect) {
        let inset_w = furniture::inset_rect(rect).width() + 10.0;
        let target = Rect::from_min_max(rect.min, pos2(rect.max.x - inset_w * 0.8, rect.max.y));
        self.memory.animation = None;
        self.memory.camera = Some(Camera::fit_within(self.geo.home_bounds, rect, target, 24.0));
        self.fitted_home = true;
    }

    /// Goes back to a remembered state (leaving a presentation), dropping any move.
    pub fn restore_memory(&mut self, memory: MapMemory) {
        self.fitted_home = false;
        self.memory = memory.sanitized();
        self.memory.animation = None;
        self.memory.pending_animation = None;
    }

    /// Puts the camera exactly here (benches and tests that need a fixed view).
    pub fn set_camera(&mut self, camera: Camera) {
        self.fitted_home = false;
        self.memory.animation = None;
        self.memory.camera = Some(camera);
    }

    /// Zooms about the view's centre (`factor` > 1 zooms in).
    pub fn zoom_by(&mut self, factor: f64) {
        self.fitted_home = false;
        let rect = self.last_rect;
        if let Some(c) = self.memory.camera.as_mut() {
            c.zoom_about(rect, rect.center(), factor);
        }
    }

    /// Moves smoothly to a lon/lat box `[west, south, east, north]`.
    pub fn fly_to_lonlat(&mut self, b: [f64; 4]) {
        self.fitted_home = false;
        self.memory.pending_animation = Some(b);
    }

    /// Shows a lon/lat box at once (on the next frame, when the view size is known).
    pub fn show_lonlat(&mut self, b: [f64; 4]) {
        self.memory.animation = None;
        self.memory.pending_view = Some(b);
    }

    /// Moves the map to a place: a city at a close zoom, a unit's bounds.
    pub fn fly_to_place(&mut self, place: &PlaceId, ds: &Dataset) {
        self.fitted_home = false;
        let rect = self.last_rect;
        if !rect.is_positive() {
            return;
        }
        let lod = self.lod() as usize;
        let bounds = match place {
            PlaceId::City(code) => {
                if let Some(i) = ds.cities.iter().position(|c| c.adcode == *code) {
                    let scale = self
                        .memory
                        .camera
                        .map_or(1.0 / 1500.0, |c| c.scale.max(1.0 / 1500.0));
                    self.memory.camera = Some(Camera {
                        center: self.geo.city_points[i],
                        scale,
                    });
                }
                return;
            }
            PlaceId::Province(code) => ds
                .provinces
                .iter()
                .position(|p| p.adcode == *code)
                .map(|i| self.geo.provinces[lod][i].bounds),
            PlaceId::Prefecture(code) => ds
                .prefectures
                .iter()
                .position(|p| p.adcode == *code)
                .map(|i| self.geo.prefectures[lod][i].bounds),
            PlaceId::Heritage { .. } | PlaceId::UserFeature { .. } => None,
        };
        if let Some(b) = bounds {
            let b = [
                [f64::from(b.min.x), f64::from(b.min.y)],
                [f64::from(b.max.x), f64::from(b.max.y)],
            ];
            self.memory.animation = None;
            self.memory.camera = Some(Camera::fit(b, rect, 60.0));
        }
    }

    // --- Frame -----------------------------------------------------------------------------

    /// Resolves pending views and advances a camera move for a view of `rect` (the map
    /// calls it itself in `show`; a slide that paints the map calls it first).
    pub fn advance(&mut self, ctx: Option<&egui::Context>, rect: Rect) {
        // China stays fitted while the view resizes (panels settling, the window resized)
        // until the user moves the map.
        let resized = rect != self.last_rect && self.last_rect.is_positive();
        self.last_rect = rect;
        if self.fitted_home && resized && self.memory.pending_view.is_none() {
            self.fit_home_in(rect);
        }
        if let Some(b) = self.memory.pending_view.take() {
            self.fitted_home = false;
            self.memory.animation = None;
            self.memory.camera = Some(self.camera_for_lonlat(rect, b));
        } else if self.memory.camera.is_none() {
            self.fit_home_in(rect);
        }
        let Some(ctx) = ctx else {
            return;
        };
        let now = ctx.input(|i| i.time);
        if let Some(b) = self.memory.pending_animation.take() {
            match self.memory.camera {
                Some(from) => {
                    self.memory.animation = Some(memory::CameraAnimation {
                        from,
                        to_box: b,
                        start: now,
                        duration: memory::ANIMATION_SECONDS,
                    });
                }
                None => {
                    self.memory.camera = Some(self.camera_for_lonlat(rect, b));
                }
            }
        }
        if let Some(anim) = self.memory.animation {
            let to = self.camera_for_lonlat(rect, anim.to_box);
            let (cam, done) = anim.at(now, to);
            self.memory.camera = Some(cam);
            if done {
                self.memory.animation = None;
            } else {
                ctx.request_repaint();
            }
        }
    }

    /// The place under a screen point.
    pub fn hit_test(&self, state: &AtlasState, rect: Rect, pos: egui::Pos2) -> Option<PlaceId> {
        let cam = self.memory.camera?;
        let cx = HitCx {
            state,
            geo: &self.geo,
            cam,
            lod: self.geo.lod(cam.scale),
        };
        layers::hit_test(&cx, cam.projected_from_screen(rect, pos))
    }

    /// Draws the map into `ui`'s available space, handles navigation, and reports clicks and
    /// hover changes as commands.
    pub fn show(&mut self, ui: &mut egui::Ui, state: &AtlasState, commands: &mut Vec<Command>) {
        let (rect, response) = ui.allocate_exact_size(ui.available_size(), Sense::click_and_drag());
        let lang = state.lang();
        response.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::Image, true, lang.pick("地图", "Map"))
        });
        self.advance(Some(ui.ctx()), rect);
        // While the map moves, edges skip their anti-aliasing feather (about half the
        // triangles a software rasteriser has to fill); the frame after the motion stops is
        // drawn smooth again.
        // A drag that starts with shift held draws a selection rectangle instead of panning.
        if response.drag_started() && ui.input(|i| i.modifiers.shift) {
            // From where the button went down, not where the drag was first recognised.
            self.rect_select = ui
                .input(|i| i.pointer.press_origin())
                .or(response.interact_pointer_pos());
        }
        let selecting = self.rect_select.is_some();
        let moving = (response.dragged() && !selecting) || self.memory.is_animating();
        ui.ctx()
            .tessellation_options_mut(|o| o.feathering = !moving);
        let before = self.memory.camera;
        if selecting {
            // The camera stays put while the rectangle is drawn.
        } else if let Some(cam) = self.memory.camera.as_mut()
            && navigation::navigate(ui, &response, rect, cam) == navigation::Asked::Home
        {
            self.fit_home_in(rect);
        } else if self.memory.camera != before {
            self.fitted_home = false;
        }

        // Hover and click go through the spatial index.
        // Nothing is hovered while the map is dragged.
        let dragging = response.dragged() && !selecting;
        let pointer = ui
            .input(|i| i.pointer.hover_pos())
            .filter(|p| rect.contains(*p) && !dragging);
        let hovered = pointer.and_then(|p| self.hit_test(state, rect, p));
        if hovered != self.reported_hover {
            commands.push(Command::Hover(hovered.clone()));
            self.reported_hover.clone_from(&hovered);
        }
        self.clicks(ui, &response, state, rect, commands);

        let painter = ui.painter_at(rect);
        self.picture_shown = false;
        let frame = if dragging {
            self.paint_dragged(ui.ctx(), &painter, state, rect)
        } else {
            self.motion.clear();
            self.paint(&painter, state, rect)
        };
        self.rectangle_selection(ui, &response, &painter, state, rect, commands);
        a11y::expose(ui, self, state, rect, &frame, commands);
        if let (Some(place), Some(p)) = (&hovered, pointer) {
            let (r, text) = tooltip::tooltip(&painter, state, place, p, rect);
            a11y::expose_tooltip(ui, r, &text);
        }
    }

    /// While a shift-drag lasts, the rectangle; when it ends, the units whose label point is
    /// inside join the selection: prefectures for a prefecture-level indicator, else
    /// provinces (the level the choropleth colours).
    fn rectangle_selection(
        &mut self,
        ui: &egui::Ui,
        response: &egui::Response,
        painter: &Painter,
        state: &AtlasState,
        rect: Rect,
        commands: &mut Vec<Command>,
    ) {
        let (Some(start), Some(now)) = (self.rect_select, ui.input(|i| i.pointer.latest_pos()))
        else {
            return;
        };
        let drawn = Rect::from_two_pos(start, now).intersect(rect);
        crate::paint::selection_box(painter, ui.visuals(), drawn);
        if !response.drag_stopped() {
            return;
        }
        self.rect_select = None;
        let Some(cam) = self.memory.camera else {
            return;
        };
        commands.push(Command::SelectAdd(self.places_in(state, cam, rect, drawn)));
    }

    /// The units of the choropleth's level whose label point lies in `area` (screen).
    pub fn places_in(
        &self,
        state: &AtlasState,
        cam: Camera,
        rect: Rect,
        area: Rect,
    ) -> Vec<PlaceId> {
        let lod = self.geo.lod(cam.scale);
        let inside = |f: &crate::geom::mesh::FeatureMesh| {
            let p = f.label_anchor;
            area.contains(cam.screen_from_projected(rect, [f64::from(p.x), f64::from(p.y)]))
        };
        let ds = &state.ds;
        match state.active_indicator().level() {
            crate::core::import::Level::Prefecture => self.geo.prefectures[lod as usize]
                .iter()
                .zip(ds.prefectures.iter())
                .filter(|(f, _)| inside(f))
                .map(|(_, p)| PlaceId::Prefecture(p.adcode))
                .collect(),
            crate::core::import::Level::Province => self.geo.provinces[lod as usize]
                .iter()
                .zip(ds.provinces.iter())
                .filter(|(f, _)| inside(f))
                .map(|(_, p)| PlaceId::Province(p.adcode))
                .collect(),
        }
    }

    /// A click selects what it hits; with shift held it adds it to the selection or takes it
    /// out. A click on nothing clears the selection, but only once it is clear that it was not
    /// the first half of a double-click (which zooms).
    fn clicks(
        &mut self,
        ui: &egui::Ui,
        response: &egui::Response,
        state: &AtlasState,
        rect: Rect,
        commands: &mut Vec<Command>,
    ) {
        let now = ui.input(|i| i.time);
        if response.double_clicked() {
            self.pending_clear = None;
        } else if response.clicked()
            && let Some(pos) = response.interact_pointer_pos()
        {
            let shift = ui.input(|i| i.modifiers.shift);
            match self.hit_test(state, rect, pos) {
                Some(place) if shift => commands.push(Command::SelectToggle(place)),
                Some(place) => commands.push(Command::Select(Some(place))),
                None if shift => {}
                None => self.pending_clear = Some(now),
            }
        }
        if let Some(at) = self.pending_clear {
            let wait = ui.ctx().options(|o| o.input_options.max_double_click_delay);
            if now - at > wait {
                self.pending_clear = None;
                commands.push(Command::Select(None));
            } else {
                ui.ctx()
                    .request_repaint_after(std::time::Duration::from_secs_f64(wait));
            }
        }
    }

    /// Paints everything; used by the window and by exports alike.
    pub fn paint(&mut self, painter: &Painter, state: &AtlasState, rect: Rect) -> PaintedFrame {
        if self.memory.camera.is_none() || self.memory.pending_view.is_some() {
            self.advance(None, rect);
        }
        self.last_rect = rect;
        let cam = self.memory.camera.unwrap_or(Camera {
            center: [0.0, 0.0],
            scale: 1e-4,
        });
        self.paint_parts(painter, state, rect, cam, Parts::All)
    }

    /// A drag frame: the motion picture moved under the live legend and inset once it is
    /// ready, the vectors until then.
    fn paint_dragged(
        &mut self,
        ctx: &egui::Context,
        painter: &Painter,
        state: &AtlasState,
        rect: Rect,
    ) -> PaintedFrame {
        self.motion.poll(ctx);
        let Some(cam) = self.memory.camera else {
            return self.paint(painter, state, rect);
        };
        let key = motion::SceneKey {
            revision: state.revision,
            epoch: self.epoch,
            view_size: rect.size(),
            pixels_per_point: ctx.pixels_per_point(),
        };
        if self.motion.wants_new(key, cam, rect) {
            self.start_motion_picture(ctx, state, key, cam, rect);
        }
        if self.motion.draw(painter, key, cam, rect) {
            self.last_rect = rect;
            self.picture_shown = true;
            PaintedFrame::default()
        } else {
            self.paint(painter, state, rect)
        }
    }

    /// Paints the scene around the view into a private layer, takes its shapes back out
    /// (so egui never draws them) and hands them, tessellated, to the motion picture.
    fn start_motion_picture(
        &mut self,
        ctx: &egui::Context,
        state: &AtlasState,
        key: motion::SceneKey,
        cam: Camera,
        rect: Rect,
    ) {
        let covered = motion::MotionPicture::covered_rect(rect, key.pixels_per_point);
        // The camera that puts every place in `covered` where `cam` puts it in the view.
        let covered_cam = Camera {
            center: cam.projected_from_screen(rect, covered.center()),
            scale: cam.scale,
        };
        let ppp = key.pixels_per_point;
        let (scene, _) = self.capture(ctx, state, covered, covered_cam, Parts::Scene, ppp);
        let (furniture, frame) = self.capture(ctx, state, rect, cam, Parts::Furniture, ppp);
        let job = motion::Job {
            scene,
            covered,
            furniture,
            furniture_rects: frame
                .furniture_rects
                .iter()
                .map(|r| r.translate(-rect.min.to_vec2()))
                .collect(),
            view_size: rect.size(),
        };
        self.motion.start(ctx, job, key, covered_cam, style::SEA);
    }

    /// Paints `parts` into a private layer, takes the shapes back out (so egui never draws
    /// them), moves them so `rect`'s corner is the origin, and tessellates them smooth.
    fn capture(
        &mut self,
        ctx: &egui::Context,
        state: &AtlasState,
        rect: Rect,
        cam: Camera,
        parts: Parts,
        pixels_per_point: f32,
    ) -> (Vec<egui::epaint::ClippedPrimitive>, PaintedFrame) {
        let layer = egui::LayerId::new(
            egui::Order::Background,
            egui::Id::unique("atlas-map-motion-capture"),
        );
        let painter = Painter::new(ctx.clone(), layer, rect);
        let frame = self.paint_parts(&painter, state, rect, cam, parts);
        let shapes: Vec<egui::epaint::ClippedShape> = ctx
            .graphics_mut(|g| {
                g.get_mut(layer).map(|list| {
                    list.transform(egui::emath::TSTransform::from_translation(
                        -rect.min.to_vec2(),
                    ));
                    std::mem::take(list)
                })
            })
            .map(|list| list.all_entries().cloned().collect())
            .unwrap_or_default();
        // The picture is drawn smooth, whatever the moving frames do.
        let feathering = ctx.tessellation_options(|o| o.feathering);
        ctx.tessellation_options_mut(|o| o.feathering = true);
        let primitives = ctx.tessellate(shapes, pixels_per_point);
        ctx.tessellation_options_mut(|o| o.feathering = feathering);
        (primitives, frame)
    }

    /// Draws `parts` of the map for the camera into `rect`.
    fn paint_parts(
        &mut self,
        painter: &Painter,
        state: &AtlasState,
        rect: Rect,
        cam: Camera,
        parts: Parts,
    ) -> PaintedFrame {
        self.geo.ensure_detail(&state.ds, cam.scale);
        if parts != Parts::Furniture {
            painter.rect_filled(rect, 0.0, style::SEA);
        }
        let classes = self.classes.frame(state);
        let lod = self.geo.lod(cam.scale);
        // An imported prefecture-level indicator colours prefectures at every zoom.
        let prefecture_fill = state.active_indicator().level()
            == crate::core::import::Level::Prefecture
            || state.settings.layers.prefecture_choropleth && lod == Lod::Detail;
        let [vmin, vmax] = cam.visible_bounds(rect);
        let cx = PaintCx {
            state,
            geo: &self.geo,
            classes: &classes,
            cam,
            rect,
            lod,
            highlights: &self.highlights,
            visible_provinces: self.geo.province_index.in_view(vmin, vmax).collect(),
            visible_prefectures: if lod == Lod::Detail || prefecture_fill {
                self.geo.prefecture_index.in_view(vmin, vmax).collect()
            } else {
                Vec::new()
            },
            prefecture_fill,
            show_hover: parts != Parts::Scene,
        };
        let mut frame = PaintedFrame::default();
        if parts != Parts::Furniture {
            paint_layers(&mut self.fill_mesh, painter, &cx, &mut frame);
        }
        if parts == Parts::Scene {
            frame.province_label_rects =
                labels::paint_labels(painter, &cx, &[], &frame.city_marker_rects);
            return frame;
        }
        // Furniture before labels, so labels can avoid it.
        let mut inset_buf = std::mem::take(&mut self.inset_mesh);
        let furniture = furniture::paint(painter, &cx, self.legend_visible, &mut inset_buf);
        self.inset_mesh = inset_buf;
        frame.legend_rows = furniture.legend_rows;
        frame.legend_title = furniture.legend_title;
        frame.furniture_rects = furniture.obstacles.to_vec();
        if parts == Parts::All {
            frame.province_label_rects =
                labels::paint_labels(painter, &cx, &furniture.obstacles, &frame.city_marker_rects);
        }
        frame
    }
}

/// The fills (one mesh, its buffer reused from frame to frame) and each layer's outlines and
/// markers.
fn paint_layers(
    fill_mesh: &mut Arc<egui::Mesh>,
    painter: &Painter,
    cx: &PaintCx<'_>,
    frame: &mut PaintedFrame,
) {
    let mut fill = std::mem::take(fill_mesh);
    let mesh = Arc::make_mut(&mut fill);
    mesh.clear();
    for layer in &LAYERS {
        layer.fill(cx, mesh);
    }
    // A vector export keeps the fills as polygons (see `vector`).
    painter.add(vector::fills_or_mesh(cx.rect, fill.clone()));
    // Back for the next frame: egui drops its clone after tessellating.
    *fill_mesh = fill;
    for layer in &LAYERS {
        if let Some(m) = vector::layer_mark(cx.rect, vector::VectorMark::Begin(layer.name())) {
            painter.add(m);
        }
        layer.paint(cx, painter, frame);
        if let Some(m) = vector::layer_mark(cx.rect, vector::VectorMark::End) {
            painter.add(m);
        }
    }
}
