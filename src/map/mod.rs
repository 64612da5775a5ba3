//! The map view: province and prefecture boundaries, city and heritage markers, labels,
//! choropleth, legend, South China Sea inset, scale bar and attribution.
//!
//! Geometry is projected and triangulated once in [`MapView::new`]; a frame transforms the
//! cached vertices and culls what is off screen. The view never changes app state itself:
//! it returns [`MapAction`]s for the app to apply.

pub mod camera;
pub mod furniture;
pub mod geometry;
pub mod hit;
pub mod labels;
pub mod style;
pub mod user_layer;

use std::sync::Arc;

use egui::{Color32, Painter, Pos2, Rect, Sense, Shape, Stroke, Vec2, pos2, vec2};

use crate::core::classify::{class_of, classify};
use crate::core::dataset::Dataset;
use crate::core::indicators::{ProvinceIndicator, prefecture_gdp_2013};
use crate::core::model::{EvidenceTier, RegionGroup};
use crate::core::palette::{batch_color, region_color};
use crate::core::projection::Albers;
use crate::state::{Choropleth, Lang, LayerColour, Layers, Selection, Settings, UserLayerRecord};

use camera::Camera;
use geometry::{FeatureMesh, build_feature, project_lines};
use hit::{AreaIndex, PointIndex};

/// Duration of a story's camera move between slides.
pub const ANIMATION_SECONDS: f64 = 0.8;

/// Level of detail: whole-country or zoomed-in geometry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lod {
    Country = 0,
    Detail = 1,
}

/// Above this many screen points per km the map switches to detailed boundaries and shows
/// prefectures.
pub const DETAIL_SCALE: f64 = 1.0 / 3_000.0;

/// What the pointer is over.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Hover {
    City(usize),
    Heritage(usize),
    Province(usize),
    Prefecture(usize),
    /// A feature of a user layer: (index in `MapView::user_layers`, feature).
    UserFeature(usize, usize),
}

/// What the user asked the map to do; the app applies it.
#[derive(Clone, Debug, PartialEq)]
pub enum MapAction {
    Select(Selection),
}

/// Class breaks and per-feature class for the active choropleth.
#[derive(Clone, Debug, PartialEq)]
pub struct Classes {
    pub breaks: Vec<f64>,
    pub colors: Vec<Color32>,
    /// Per feature: its class, or `None` for no data.
    pub feature_class: Vec<Option<usize>>,
    pub values: Vec<Option<f64>>,
}

pub(crate) fn compute_classes(values: Vec<Option<f64>>, c: &Choropleth) -> Classes {
    let present: Vec<f64> = values.iter().flatten().copied().collect();
    let breaks = classify(c.method, &present, c.classes).unwrap_or_default();
    let n = breaks.len().saturating_sub(1);
    let colors: Vec<Color32> = c.palette.colors(n).into_iter().map(style::c).collect();
    let feature_class = values
        .iter()
        .map(|v| v.filter(|_| n > 0).map(|v| class_of(&breaks, v)))
        .collect();
    Classes {
        breaks,
        colors,
        feature_class,
        values,
    }
}

/// Runtime caches of the map (never persisted).
pub struct MapView {
    pub camera: Option<Camera>,
    pub proj: Albers,
    pub provinces: [Vec<FeatureMesh>; 2],
    pub prefectures: [Vec<FeatureMesh>; 2],
    pub islands: Vec<FeatureMesh>,
    pub maritime: Vec<Vec<Pos2>>,
    pub city_points: Vec<[f64; 2]>,
    pub heritage_points: Vec<Option<[f64; 2]>>,
    province_index: AreaIndex,
    prefecture_index: AreaIndex,
    city_index: PointIndex,
    heritage_index: PointIndex,
    /// Mainland + Hainan, the default view (the southern islands go in the inset).
    pub home_bounds: [[f64; 2]; 2],
    province_classes: Option<(Choropleth, Arc<Classes>)>,
    prefecture_classes: Option<(Choropleth, Arc<Classes>)>,
    /// Prefectures that are members of a demonstration zone.
    zone_members: Vec<bool>,
    pub hover: Option<Hover>,
    /// Vertex buffers reused from frame to frame: egui drops its reference after
    /// tessellating, so `Arc::make_mut` gets them back without reallocating (no per-frame
    /// megabyte allocations and page faults).
    fill_mesh: Arc<egui::Mesh>,
    inset_mesh: Arc<egui::Mesh>,
    /// GeoJSON layers the user opened (runtime; re-read at start-up). Their order and style
    /// come from `Settings::user_layers`, matched by path.
    /// Shared with exports, which draw them on another thread.
    pub user_layers: Vec<Arc<user_layer::UserLayerView>>,
    /// Class breaks per user layer path, for the colouring and choropleth they were made for.
    user_classes: std::collections::HashMap<String, (LayerColour, Choropleth, Arc<Classes>)>,
    /// Indicators the user imported (runtime; re-read from their files at start-up).
    pub imported: Vec<crate::core::import::preview::ImportedIndicator>,
    /// A lon/lat box `[west, south, east, north]` to show once the view size is known.
    pub pending_view: Option<[f64; 4]>,
    /// A province to highlight because it is hovered elsewhere (a chart bar).
    pub external_highlight: Option<u32>,
    /// Draw the choropleth legend (exports can leave it out).
    pub legend_visible: bool,
    /// Places a story caption names: drawn with a highlight ring.
    pub highlights: Vec<crate::core::story::Highlight>,
    /// A smooth camera move in progress (story slides).
    animation: Option<CameraAnimation>,
    /// A move requested before the view size was known.
    pending_animation: Option<[f64; 4]>,
    pub last_rect: Rect,
}

impl MapView {
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
        // Home view: everything north of 17°N (the islands further south are in the inset).
        let cut = pt(110.0, 17.0)[1] as f32;
        let mut home = Rect::NOTHING;
        for f in &provinces[0] {
            for ring in &f.rings {
                if ring.iter().all(|p| p.y > cut) {
                    for p in ring {
                        home.extend_with(*p);
                    }
                }
            }
        }
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
            home_bounds: [
                [f64::from(home.min.x), f64::from(home.min.y)],
                [f64::from(home.max.x), f64::from(home.max.y)],
            ],
            camera: None,
            proj,
            provinces,
            prefectures,
            islands,
            maritime: project_lines(&proj, &ds.maritime_line),
            city_points,
            heritage_points,
            province_classes: None,
            prefecture_classes: None,
            zone_members,
            hover: None,
            fill_mesh: Arc::default(),
            inset_mesh: Arc::default(),
            imported: Vec::new(),
            user_layers: Vec::new(),
            user_classes: Default::default(),
            pending_view: None,
            external_highlight: None,
            legend_visible: true,
            highlights: Vec::new(),
            animation: None,
            pending_animation: None,
            last_rect: Rect::NOTHING,
        }
    }

    /// Detailed geometry once zoomed in and built; the whole-country level otherwise.
    pub fn lod(&self) -> Lod {
        match self.camera {
            Some(c) if c.scale >= DETAIL_SCALE && !self.provinces[1].is_empty() => Lod::Detail,
            _ => Lod::Country,
        }
    }

    /// Projects and triangulates the detailed level the first time the view needs it.
    pub fn ensure_detail(&mut self, ds: &Dataset) {
        let zoomed = self.camera.is_some_and(|c| c.scale >= DETAIL_SCALE);
        if zoomed && self.provinces[1].is_empty() {
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

    /// Fits the mainland and Hainan beside the South China Sea inset.
    pub fn fit_home(&mut self, rect: Rect) {
        let inset_w = furniture::inset_rect(rect).width() + 10.0;
        let target = Rect::from_min_max(rect.min, pos2(rect.max.x - inset_w * 0.8, rect.max.y));
        self.camera = Some(Camera::fit_within(self.home_bounds, rect, target, 24.0));
    }

    /// Moves smoothly to a lon/lat box over `ANIMATION_SECONDS`.
    pub fn animate_to_lonlat(&mut self, b: [f64; 4]) {
        self.pending_animation = Some(b);
    }

    /// The camera that shows a lon/lat box in `rect`.
    pub fn camera_for_lonlat(&self, rect: Rect, b: [f64; 4]) -> Camera {
        let mut r = Rect::NOTHING;
        for lon in [b[0], (b[0] + b[2]) / 2.0, b[2]] {
            for lat in [b[1], b[3]] {
                let p = self.proj.project(lon, lat);
                r.extend_with(pos2(p.x as f32, p.y as f32));
            }
        }
        let bounds = [
            [f64::from(r.min.x), f64::from(r.min.y)],
            [f64::from(r.max.x), f64::from(r.max.y)],
        ];
        Camera::fit(bounds, rect, 30.0)
    }

    /// Whether a camera move is still running.
    pub fn is_animating(&self) -> bool {
        self.animation.is_some() || self.pending_animation.is_some()
    }

    /// Advances a running camera move; call once per frame with the view rect.
    pub fn step_animation(&mut self, ctx: &egui::Context, rect: Rect) {
        let now = ctx.input(|i| i.time);
        if let Some(b) = self.pending_animation.take() {
            match self.camera {
                Some(from) => {
                    self.animation = Some(CameraAnimation {
                        from,
                        to_box: b,
                        start: now,
                        duration: ANIMATION_SECONDS,
                    })
                }
                None => self.camera = Some(self.camera_for_lonlat(rect, b)),
            }
        }
        if let Some(anim) = self.animation {
            let (cam, done) = anim.at(now, self.camera_for_lonlat(rect, anim.to_box));
            self.camera = Some(cam);
            if done {
                self.animation = None;
            } else {
                ctx.request_repaint();
            }
        }
    }

    /// Shows a lon/lat box `[west, south, east, north]`.
    pub fn fit_lonlat(&mut self, rect: Rect, b: [f64; 4]) {
        self.animation = None;
        self.camera = Some(self.camera_for_lonlat(rect, b));
    }

    /// Centres and zooms on a projected rectangle (e.g. a province).
    pub fn fly_to(&mut self, rect: Rect, bounds: Rect) {
        let b = [
            [f64::from(bounds.min.x), f64::from(bounds.min.y)],
            [f64::from(bounds.max.x), f64::from(bounds.max.y)],
        ];
        self.camera = Some(Camera::fit(b, rect, 60.0));
    }

    /// Replaces the imported indicators (the cached classes depend on them).
    pub fn set_imported(&mut self, imported: Vec<crate::core::import::preview::ImportedIndicator>) {
        self.imported = imported;
        self.province_classes = None;
        self.prefecture_classes = None;
    }

    /// The imported indicator the choropleth uses, if any.
    pub fn active_import(
        &self,
        c: &Choropleth,
    ) -> Option<&crate::core::import::preview::ImportedIndicator> {
        let name = c.imported.as_deref()?;
        self.imported.iter().find(|i| i.name == name)
    }

    /// Class breaks of the province choropleth for these settings (cached).
    pub fn province_classes(&mut self, ds: &Dataset, c: &Choropleth) -> Arc<Classes> {
        if let Some((key, classes)) = &self.province_classes
            && key == c
        {
            return classes.clone();
        }
        use crate::core::import::Level;
        let values = match self.active_import(c) {
            Some(imp) if imp.level == Level::Province => ds
                .provinces
                .iter()
                .map(|p| imp.values.get(&p.adcode).copied())
                .collect(),
            // A prefecture-level import has no province values: provinces (e.g. in the South
            // China Sea inset) show no data, not the built-in indicator under its legend.
            Some(_) => vec![None; ds.provinces.len()],
            _ => ds
                .provinces
                .iter()
                .map(|p| c.indicator.province_value(ds, p.adcode))
                .collect(),
        };
        let classes = Arc::new(compute_classes(values, c));
        self.province_classes = Some((c.clone(), classes.clone()));
        classes
    }

    /// Class breaks of the prefecture choropleth (city GDP 2013, 亿元).
    pub fn prefecture_classes(&mut self, ds: &Dataset, c: &Choropleth) -> Arc<Classes> {
        if let Some((key, classes)) = &self.prefecture_classes
            && key == c
        {
            return classes.clone();
        }
        use crate::core::import::Level;
        let values = match self.active_import(c) {
            Some(imp) if imp.level == Level::Prefecture => ds
                .prefectures
                .iter()
                .map(|p| imp.values.get(&p.adcode).copied())
                .collect(),
            _ => ds
                .prefectures
                .iter()
                .map(|p| prefecture_gdp_2013(ds, p.adcode).map(|v| v.value))
                .collect(),
        };
        let classes = Arc::new(compute_classes(values, c));
        self.prefecture_classes = Some((c.clone(), classes.clone()));
        classes
    }

    /// What lies under a screen point.
    pub fn hit_test(
        &self,
        ds: &Dataset,
        layers: &Layers,
        user: &[UserLayerRecord],
        rect: Rect,
        pos: Pos2,
    ) -> Option<Hover> {
        let cam = self.camera?;
        let p = cam.projected_from_screen(rect, pos);
        let radius = 8.0 / cam.scale;
        if layers.cities
            && let Some(i) = self.city_index.nearest_within(p, radius, |_| true)
        {
            return Some(Hover::City(i));
        }
        if layers.heritage
            && let Some(i) = self
                .heritage_index
                .nearest_within(p, 6.0 / cam.scale, |_| true)
        {
            return Some(Hover::Heritage(i));
        }
        let _ = ds;
        // User layers, topmost (last in the list) first.
        for rec in user.iter().rev().filter(|r| r.visible) {
            if let Some(k) = self.user_layer_index(&rec.path)
                && let Some(f) = self.user_layers[k].hit(p, 6.0 / cam.scale)
            {
                return Some(Hover::UserFeature(k, f));
            }
        }
        if self.lod() == Lod::Detail
            && let Some(i) = self.prefecture_index.find(&self.prefectures[0], p)
        {
            return Some(Hover::Prefecture(i));
        }
        self.province_index
            .find(&self.provinces[0], p)
            .map(Hover::Province)
    }

    /// Where the loaded layer for `path` is in `user_layers`.
    pub fn user_layer_index(&self, path: &str) -> Option<usize> {
        self.user_layers.iter().position(|l| l.path == path)
    }

    /// Adds a loaded layer, replacing one from the same path.
    pub fn add_user_layer(&mut self, view: user_layer::UserLayerView) {
        let view = Arc::new(view);
        self.user_classes.remove(&view.path);
        match self.user_layer_index(&view.path) {
            Some(k) => self.user_layers[k] = view,
            None => self.user_layers.push(view),
        }
    }

    /// Class breaks of user layer `k` for a colouring (cached).
    pub fn user_layer_classes(
        &mut self,
        k: usize,
        colour: &LayerColour,
        c: &Choropleth,
    ) -> Option<Arc<Classes>> {
        let layer = self.user_layers.get(k)?;
        if let Some((kc, kch, classes)) = self.user_classes.get(&layer.path)
            && kc == colour
            && kch == c
        {
            return Some(classes.clone());
        }
        let classes = Arc::new(layer.classes(colour, c)?);
        self.user_classes.insert(
            layer.path.clone(),
            (colour.clone(), c.clone(), classes.clone()),
        );
        Some(classes)
    }

    /// The visible user layer coloured by a value, topmost first: it owns the legend.
    pub fn classed_user_layer(&self, user: &[UserLayerRecord]) -> Option<(usize, LayerColour)> {
        user.iter()
            .rev()
            .filter(|r| r.visible && r.colour != LayerColour::Single)
            .find_map(|r| Some((self.user_layer_index(&r.path)?, r.colour.clone())))
    }

    /// Draws the map into `ui`'s available space and handles navigation.
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        ds: &Dataset,
        settings: &Settings,
        selection: Selection,
    ) -> Vec<MapAction> {
        let (rect, response) = ui.allocate_exact_size(ui.available_size(), Sense::click_and_drag());
        response.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::Image, true, settings.lang.pick("地图", "Map"))
        });
        let mut actions = Vec::new();
        if let Some(b) = self.pending_view.take() {
            self.fit_lonlat(rect, b);
        } else if self.camera.is_none() {
            self.fit_home(rect);
        }
        self.last_rect = rect;
        self.step_animation(ui.ctx(), rect);
        self.handle_navigation(ui, &response, rect);
        let lang = settings.lang;
        let layers = &settings.layers;

        // Hover and click go through the spatial index.
        let pointer = ui
            .input(|i| i.pointer.hover_pos())
            .filter(|p| rect.contains(*p));
        self.hover =
            pointer.and_then(|p| self.hit_test(ds, layers, &settings.user_layers, rect, p));
        if response.clicked()
            && let Some(pos) = response.interact_pointer_pos()
        {
            let sel = match self.hit_test(ds, layers, &settings.user_layers, rect, pos) {
                Some(Hover::City(i)) => Selection::City(ds.cities[i].adcode),
                Some(Hover::Heritage(i)) => Selection::Heritage(i),
                Some(Hover::Prefecture(i)) => Selection::Prefecture(ds.prefectures[i].adcode),
                Some(Hover::Province(i)) => Selection::Province(ds.provinces[i].adcode),
                Some(Hover::UserFeature(k, f)) => Selection::UserFeature(k, f),
                None => Selection::None,
            };
            actions.push(MapAction::Select(sel));
        }

        let painter = ui.painter_at(rect);
        let frame = self.paint(&painter, ds, settings, selection, rect);

        // Accessibility: provinces and cities are nodes with their names, so screen readers
        // and tests find them; clicking a node selects it.
        // Provinces whose label found no room still get a node, at their label anchor.
        let cam = self.camera.unwrap_or(Camera {
            center: [0.0, 0.0],
            scale: 1e-4,
        });
        let lod = self.lod() as usize;
        for (i, r) in frame.province_label_rects.iter().enumerate() {
            let anchor = self.provinces[lod][i].label_anchor;
            let at = cam.screen_from_projected(rect, [f64::from(anchor.x), f64::from(anchor.y)]);
            let r = r.unwrap_or_else(|| Rect::from_center_size(at, Vec2::splat(6.0)));
            if rect.contains_rect(r) {
                let id = ui.scope_id().with(("province", i));
                let name = ds.provinces[i].name_zh.clone();
                let resp = ui.interact(r, id, Sense::click());
                resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
                if resp.clicked() {
                    actions.push(MapAction::Select(Selection::Province(
                        ds.provinces[i].adcode,
                    )));
                }
            }
        }
        for (i, r) in frame.city_marker_rects.iter().enumerate() {
            if let Some(r) = r {
                let id = ui.scope_id().with(("city", i));
                let name = ds.cities[i].name_zh.clone();
                let resp = ui.interact(*r, id, Sense::click());
                resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
                if resp.clicked() {
                    actions.push(MapAction::Select(Selection::City(ds.cities[i].adcode)));
                }
            }
        }
        for (k, (r, text)) in frame.legend_rows.iter().enumerate() {
            let resp = ui.interact(*r, ui.scope_id().with(("legend", k)), Sense::hover());
            resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, text));
        }
        if let (Some(h), Some(p)) = (self.hover, pointer) {
            let (r, text) = furniture::tooltip(&painter, ds, settings, self, h, p, rect);
            // The tooltip is painted, not a widget: give screen readers (and tests) its text.
            let resp = ui.interact(r, ui.scope_id().with("map_tooltip"), Sense::hover());
            resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, &text));
        }
        let _ = lang;
        actions
    }

    fn handle_navigation(&mut self, ui: &egui::Ui, response: &egui::Response, rect: Rect) {
        let Some(cam) = self.camera.as_mut() else {
            return;
        };
        if response.dragged() {
            cam.pan(response.drag_delta());
        }
        let (scroll, pinch, hover) = ui.input(|i| {
            (
                i.smooth_scroll_delta.y,
                i.zoom_delta(),
                i.pointer.hover_pos(),
            )
        });
        let anchor = hover.filter(|p| rect.contains(*p)).unwrap_or(rect.center());
        if response.hovered() || rect.contains(anchor) && hover.is_some() {
            if scroll != 0.0 {
                cam.zoom_about(rect, anchor, f64::from((scroll * 0.002).exp()));
            }
            if pinch != 1.0 {
                cam.zoom_about(rect, anchor, f64::from(pinch));
            }
        }
        if response.double_clicked()
            && let Some(p) = response.interact_pointer_pos()
        {
            cam.zoom_about(rect, p, 2.0);
        }
        if !ui.ctx().egui_wants_keyboard_input() {
            let (zoom_in, zoom_out, home) = ui.input(|i| {
                (
                    !i.modifiers.command
                        && (i.key_pressed(egui::Key::Plus) || i.key_pressed(egui::Key::Equals)),
                    !i.modifiers.command && i.key_pressed(egui::Key::Minus),
                    i.key_pressed(egui::Key::Home),
                )
            });
            if zoom_in {
                cam.zoom_about(rect, rect.center(), 1.5);
            }
            if zoom_out {
                cam.zoom_about(rect, rect.center(), 1.0 / 1.5);
            }
            if home {
                self.fit_home(rect);
            }
        }
    }

    /// Paints everything; used by the window and by exports alike.
    pub fn paint(
        &mut self,
        painter: &Painter,
        ds: &Dataset,
        settings: &Settings,
        selection: Selection,
        rect: Rect,
    ) -> PaintedFrame {
        if self.camera.is_none() {
            self.fit_home(rect);
        }
        self.ensure_detail(ds);
        let cam = self.camera.unwrap_or(Camera {
            center: [0.0, 0.0],
            scale: 1e-4,
        });
        let layers = &settings.layers;
        let lod = self.lod() as usize;
        painter.rect_filled(rect, 0.0, style::SEA);
        let [vmin, vmax] = cam.visible_bounds(rect);
        let to_screen = |p: Pos2| cam.screen_from_projected(rect, [f64::from(p.x), f64::from(p.y)]);

        let prov_classes = self.province_classes(ds, &settings.choropleth);
        // An imported prefecture-level indicator colours prefectures at every zoom.
        let imported_prefectures = self
            .active_import(&settings.choropleth)
            .is_some_and(|i| i.level == crate::core::import::Level::Prefecture);
        let pref_choropleth =
            imported_prefectures || layers.prefecture_choropleth && lod == Lod::Detail as usize;
        let pref_classes = self.prefecture_classes(ds, &settings.choropleth);

        let visible_provinces: Vec<usize> = self.province_index.in_view(vmin, vmax).collect();
        // Fills.
        let fill_of = |classes: &Classes, i: usize| match classes.feature_class[i] {
            Some(k) => classes.colors[k],
            None => style::NO_DATA,
        };
        let mut fill = std::mem::take(&mut self.fill_mesh);
        let mesh = Arc::make_mut(&mut fill);
        mesh.clear();
        for &i in &visible_provinces {
            let color = if !settings.filter.province_passes(&ds.provinces[i]) {
                style::FILTERED_OUT
            } else if layers.province_fill {
                fill_of(&prov_classes, i)
            } else {
                style::LAND_NEUTRAL
            };
            add_fill(mesh, &self.provinces[lod][i], color, &to_screen);
        }
        let visible_prefectures: Vec<usize> = if lod == Lod::Detail as usize || pref_choropleth {
            self.prefecture_index.in_view(vmin, vmax).collect()
        } else {
            vec![]
        };
        if pref_choropleth {
            for &i in &visible_prefectures {
                add_fill(
                    mesh,
                    &self.prefectures[lod][i],
                    fill_of(&pref_classes, i),
                    &to_screen,
                );
            }
        }
        if layers.zones {
            for (i, member) in self.zone_members.iter().enumerate() {
                if *member {
                    add_fill(
                        mesh,
                        &self.prefectures[lod][i],
                        Color32::from_rgba_unmultiplied(0x88, 0x22, 0x55, 70),
                        &to_screen,
                    );
                }
            }
        }
        // User layers above the built-in fills, in list order.
        let user_hover = match self.hover {
            Some(Hover::UserFeature(k, f)) => Some((k, f)),
            _ => None,
        };
        let mut user_drawn: Vec<(usize, Color32)> = Vec::new();
        for (n, rec) in settings.user_layers.iter().enumerate() {
            let Some(k) = self.user_layer_index(&rec.path).filter(|_| rec.visible) else {
                continue;
            };
            let colour = user_layer::layer_colour(n);
            let classes = self.user_layer_classes(k, &rec.colour, &settings.choropleth);
            let single = Color32::from_rgba_unmultiplied(colour.r(), colour.g(), colour.b(), 70);
            let fill_of = |i: usize| match &classes {
                Some(c) => c.feature_class[i].map_or(style::NO_DATA, |k| c.colors[k]),
                None => single,
            };
            self.user_layers[k].add_fills(mesh, &cam, rect, &fill_of);
            user_drawn.push((k, colour));
        }
        painter.add(Shape::mesh(fill.clone()));
        self.fill_mesh = fill;
        for &(k, colour) in &user_drawn {
            let hovered = user_hover.filter(|h| h.0 == k).map(|h| h.1);
            let selected = match selection {
                Selection::UserFeature(sk, f) if sk == k => Some(f),
                _ => None,
            };
            self.user_layers[k].paint_overlays(painter, &cam, rect, colour, hovered, selected);
        }

        // Outlines.
        if layers.prefecture_outline {
            for &i in &visible_prefectures {
                add_outline(
                    painter,
                    &self.prefectures[lod][i],
                    Stroke::new(0.6, style::PREFECTURE_LINE),
                    &to_screen,
                );
            }
        }
        if layers.zones {
            for (i, member) in self.zone_members.iter().enumerate() {
                if *member {
                    add_outline(
                        painter,
                        &self.prefectures[lod][i],
                        Stroke::new(2.0, style::ZONE),
                        &to_screen,
                    );
                }
            }
        }
        if layers.province_outline {
            for &i in &visible_provinces {
                add_outline(
                    painter,
                    &self.provinces[lod][i],
                    Stroke::new(1.0, style::PROVINCE_LINE),
                    &to_screen,
                );
            }
        }
        for line in &self.maritime {
            let pts: Vec<Pos2> = line.iter().map(|p| to_screen(*p)).collect();
            painter.add(Shape::line(pts, Stroke::new(1.6, style::MARITIME_LINE)));
        }
        // Highlight from a linked view (chart hover).
        if let Some(code) = self.external_highlight
            && let Some(i) = ds.provinces.iter().position(|p| p.adcode == code)
        {
            add_outline(
                painter,
                &self.provinces[lod][i],
                Stroke::new(3.0, style::HIGHLIGHT),
                &to_screen,
            );
        }
        // Selection outline.
        match selection {
            Selection::Province(code) => {
                if let Some(i) = ds.provinces.iter().position(|p| p.adcode == code) {
                    add_outline(
                        painter,
                        &self.provinces[lod][i],
                        Stroke::new(3.0, style::SELECTION),
                        &to_screen,
                    );
                }
            }
            Selection::Prefecture(code) => {
                if let Some(i) = ds.prefectures.iter().position(|p| p.adcode == code) {
                    add_outline(
                        painter,
                        &self.prefectures[lod][i],
                        Stroke::new(3.0, style::SELECTION),
                        &to_screen,
                    );
                }
            }
            _ => {}
        }

        // Heritage points: small triangles coloured by batch.
        if layers.heritage {
            for (i, p) in self.heritage_points.iter().enumerate() {
                if let Some(p) = p {
                    let s = cam.screen_from_projected(rect, *p);
                    if rect.contains(s) {
                        let col = style::c(batch_color(ds.heritage[i].batch));
                        let r = 4.0;
                        painter.add(Shape::convex_polygon(
                            vec![
                                pos2(s.x, s.y - r),
                                pos2(s.x + r, s.y + r * 0.8),
                                pos2(s.x - r, s.y + r * 0.8),
                            ],
                            col,
                            Stroke::new(0.7, Color32::WHITE),
                        ));
                    }
                }
            }
        }

        // City markers: shape by evidence tier, colour by region group.
        let mut city_marker_rects = vec![None; ds.cities.len()];
        let gdp_max = ds
            .cities
            .iter()
            .filter_map(|c| prefecture_gdp_2013(ds, c.prefecture_adcode))
            .map(|v| v.value)
            .fold(0.0, f64::max);
        if layers.cities {
            for (i, city) in ds.cities.iter().enumerate() {
                if !settings.filter.city_passes(ds, city) {
                    continue;
                }
                let s = cam.screen_from_projected(rect, self.city_points[i]);
                if !rect.expand(10.0).contains(s) {
                    continue;
                }
                let group = ds
                    .province(city.province_adcode)
                    .map_or(RegionGroup::Other, |p| p.region);
                let col = style::c(region_color(group));
                let radius = if layers.city_size_by_gdp && gdp_max > 0.0 {
                    prefecture_gdp_2013(ds, city.prefecture_adcode)
                        .map_or(3.0, |v| 3.0 + 9.0 * (v.value / gdp_max).sqrt() as f32)
                } else {
                    5.0
                };
                paint_marker(painter, s, radius, city.evidence, col);
                if selection == Selection::City(city.adcode) {
                    painter.circle_stroke(s, radius + 4.0, Stroke::new(2.5, style::SELECTION));
                }
                city_marker_rects[i] =
                    Some(Rect::from_center_size(s, Vec2::splat(2.0 * radius + 4.0)));
            }
        }

        // Highlight rings on the places a story caption names.
        for h in &self.highlights {
            match *h {
                crate::core::story::Highlight::City(code) => {
                    if let Some(i) = ds.cities.iter().position(|c| c.adcode == code) {
                        let s = cam.screen_from_projected(rect, self.city_points[i]);
                        painter.circle_stroke(s, 13.0, Stroke::new(5.0, Color32::WHITE));
                        painter.circle_stroke(s, 13.0, Stroke::new(3.0, style::HIGHLIGHT));
                    }
                }
                crate::core::story::Highlight::Province(code) => {
                    if let Some(i) = ds.provinces.iter().position(|p| p.adcode == code) {
                        add_outline(
                            painter,
                            &self.provinces[lod][i],
                            Stroke::new(4.0, style::HIGHLIGHT),
                            &to_screen,
                        );
                    }
                }
            }
        }

        // Furniture first, so labels can avoid it.
        let user_legend = self
            .classed_user_layer(&settings.user_layers)
            .and_then(|(k, colour)| {
                let classes = self.user_layer_classes(k, &colour, &settings.choropleth)?;
                Some(furniture::LayerLegend::new(
                    &self.user_layers[k],
                    &colour,
                    classes,
                    settings.lang,
                ))
            });
        let (legend_rect, legend_rows) = if self.legend_visible {
            furniture::legend(
                painter,
                settings,
                rect,
                &prov_classes,
                &pref_classes,
                pref_choropleth,
                self.active_import(&settings.choropleth),
                user_legend.as_ref(),
            )
        } else {
            (Rect::NOTHING, vec![])
        };
        let mut inset_buf = std::mem::take(&mut self.inset_mesh);
        let inset_classes = user_legend.is_none().then_some(&*prov_classes);
        let inset_rect =
            furniture::inset(painter, self, settings, rect, inset_classes, &mut inset_buf);
        self.inset_mesh = inset_buf;
        let bottom = furniture::scale_bar_and_credit(painter, settings.lang, rect, cam.scale);

        let province_label_rects = self.paint_labels(
            painter,
            ds,
            settings.lang,
            layers,
            rect,
            &cam,
            selection,
            &[legend_rect, inset_rect, bottom],
            &city_marker_rects,
        );
        PaintedFrame {
            province_label_rects,
            city_marker_rects,
            legend_rows,
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn paint_labels(
        &self,
        painter: &Painter,
        ds: &Dataset,
        lang: Lang,
        layers: &Layers,
        rect: Rect,
        cam: &Camera,
        selection: Selection,
        obstacles: &[Rect],
        city_markers: &[Option<Rect>],
    ) -> Vec<Option<Rect>> {
        let lod = self.lod() as usize;
        let font_prov = egui::FontId::proportional(13.0);
        let font_city = egui::FontId::proportional(12.0);
        struct Item {
            text: String,
            font: egui::FontId,
            anchor: Pos2,
            around_point: bool,
            province: Option<usize>,
        }
        let mut items: Vec<Item> = Vec::new();
        let name = |zh: &str, en: &str| {
            if lang.is_zh() || en.is_empty() {
                zh.to_owned()
            } else {
                en.to_owned()
            }
        };
        // Priority: selected city, then cities by evidence, then provinces by area.
        let mut city_order: Vec<usize> = (0..ds.cities.len())
            .filter(|&i| city_markers[i].is_some())
            .collect();
        city_order.sort_by_key(|&i| {
            (
                selection != Selection::City(ds.cities[i].adcode),
                ds.cities[i].evidence,
            )
        });
        let mut prov_order: Vec<usize> = (0..ds.provinces.len()).collect();
        prov_order.sort_by(|&a, &b| {
            self.provinces[0][b]
                .area
                .total_cmp(&self.provinces[0][a].area)
        });
        if layers.province_labels {
            // Large provinces first; their labels sit in the middle of the unit.
            for &i in prov_order.iter().take(12) {
                let p = &ds.provinces[i];
                let f = &self.provinces[lod][i];
                items.push(Item {
                    text: name(&p.name_zh, &p.name_en),
                    font: font_prov.clone(),
                    anchor: cam.screen_from_projected(
                        rect,
                        [f64::from(f.label_anchor.x), f64::from(f.label_anchor.y)],
                    ),
                    around_point: false,
                    province: Some(i),
                });
            }
        }
        if layers.city_labels {
            for &i in &city_order {
                let c = &ds.cities[i];
                items.push(Item {
                    text: name(&c.name_zh, &c.name_en),
                    font: font_city.clone(),
                    anchor: cam.screen_from_projected(rect, self.city_points[i]),
                    around_point: true,
                    province: None,
                });
            }
        }
        if layers.province_labels {
            for &i in prov_order.iter().skip(12) {
                let p = &ds.provinces[i];
                let f = &self.provinces[lod][i];
                items.push(Item {
                    text: name(&p.name_zh, &p.name_en),
                    font: font_prov.clone(),
                    anchor: cam.screen_from_projected(
                        rect,
                        [f64::from(f.label_anchor.x), f64::from(f.label_anchor.y)],
                    ),
                    around_point: false,
                    province: Some(i),
                });
            }
        }
        let galleys: Vec<Arc<egui::Galley>> = items
            .iter()
            .map(|it| painter.layout_no_wrap(it.text.clone(), it.font.clone(), style::LABEL))
            .collect();
        let candidates: Vec<labels::Candidate> = items
            .iter()
            .zip(&galleys)
            .map(|(it, g)| labels::Candidate {
                anchor: it.anchor,
                size: g.size() + vec2(4.0, 0.0),
                offsets: if it.around_point {
                    labels::AROUND_POINT
                } else {
                    labels::AROUND_AREA
                },
            })
            .collect();
        let mut blocked: Vec<Rect> = obstacles.to_vec();
        blocked.extend(city_markers.iter().flatten().map(|r| r.shrink(2.0)));
        let placed = labels::place(&candidates, &blocked, rect.shrink(2.0));
        let mut province_rects = vec![None; ds.provinces.len()];
        for ((it, g), r) in items.iter().zip(galleys).zip(placed) {
            if let Some(r) = r {
                painter.rect_filled(r, 3.0, style::LABEL_HALO);
                painter.galley(r.min + vec2(2.0, 0.0), g, style::LABEL);
                if let Some(i) = it.province {
                    province_rects[i] = Some(r);
                }
            }
        }
        province_rects
    }
}

/// Eased move between two cameras: centre linear, scale geometric (constant zoom speed).
#[derive(Clone, Copy, Debug)]
struct CameraAnimation {
    from: Camera,
    /// Target as a lon/lat box, resolved against the view each frame (the view may resize
    /// mid-move, e.g. when presentation mode enlarges the type).
    to_box: [f64; 4],
    start: f64,
    duration: f64,
}

impl CameraAnimation {
    fn at(&self, now: f64, to: Camera) -> (Camera, bool) {
        let t = ((now - self.start) / self.duration).clamp(0.0, 1.0);
        let e = t * t * (3.0 - 2.0 * t); // smoothstep
        let cam = Camera {
            center: [
                self.from.center[0] + (to.center[0] - self.from.center[0]) * e,
                self.from.center[1] + (to.center[1] - self.from.center[1]) * e,
            ],
            scale: self.from.scale * (to.scale / self.from.scale).powf(e),
        };
        (cam, t >= 1.0)
    }
}

/// Where interactive things ended up in a painted frame.
pub struct PaintedFrame {
    pub province_label_rects: Vec<Option<Rect>>,
    pub city_marker_rects: Vec<Option<Rect>>,
    /// Legend class rows and their text ("legend class 1: 0 – 10 (3)").
    pub legend_rows: Vec<(Rect, String)>,
}

pub(crate) fn add_fill(
    mesh: &mut egui::Mesh,
    f: &FeatureMesh,
    color: Color32,
    to_screen: &impl Fn(Pos2) -> Pos2,
) {
    let base = mesh.vertices.len() as u32;
    mesh.vertices
        .extend(f.vertices.iter().map(|p| egui::epaint::Vertex {
            pos: to_screen(*p),
            uv: egui::epaint::WHITE_UV,
            color,
        }));
    mesh.indices.extend(f.indices.iter().map(|i| base + i));
}

pub(crate) fn add_outline(
    painter: &Painter,
    f: &FeatureMesh,
    stroke: Stroke,
    to_screen: &impl Fn(Pos2) -> Pos2,
) {
    let clip = painter.clip_rect().expand(20.0);
    for ring in &f.rings {
        let pts: Vec<Pos2> = ring.iter().map(|p| to_screen(*p)).collect();
        // Skip rings entirely off screen; the tessellator would still walk them.
        let mut b = Rect::NOTHING;
        for p in &pts {
            b.extend_with(*p);
        }
        if b.intersects(clip) && (b.width() > 0.8 || b.height() > 0.8) {
            painter.add(Shape::line(pts, stroke));
        }
    }
}

/// City marker: filled circle (confirmed), filled square (likely), hollow circle (indirect),
/// hollow diamond (described).
pub fn paint_marker(painter: &Painter, s: Pos2, r: f32, tier: EvidenceTier, col: Color32) {
    let outline = Stroke::new(1.2, Color32::WHITE);
    match tier {
        EvidenceTier::Confirmed => {
            painter.circle(s, r, col, outline);
        }
        EvidenceTier::Likely => {
            painter.rect(
                Rect::from_center_size(s, Vec2::splat(2.0 * r * 0.9)),
                0.0,
                col,
                outline,
                egui::StrokeKind::Outside,
            );
        }
        EvidenceTier::Indirect => {
            painter.circle(s, r, Color32::WHITE, Stroke::new(2.2, col));
        }
        EvidenceTier::Described => {
            painter.add(Shape::convex_polygon(
                vec![
                    pos2(s.x, s.y - r * 1.2),
                    pos2(s.x + r * 1.2, s.y),
                    pos2(s.x, s.y + r * 1.2),
                    pos2(s.x - r * 1.2, s.y),
                ],
                Color32::WHITE,
                Stroke::new(2.2, col),
            ));
        }
    }
}

impl ProvinceIndicator {
    /// Short label with unit, for legends.
    pub fn legend_title(self, lang: Lang) -> String {
        format!("{} ({})", self.label(lang.is_zh()), self.unit(lang.is_zh()))
    }
}
