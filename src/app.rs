//! The app: it owns the state ([`AtlasState`]) and the views, lays the panels out around the
//! map, and is the one place state changes: every view pushes [`Command`]s during the frame,
//! and [`AtlasApp::apply`] carries them out after the views have run.

use std::path::PathBuf;
use std::sync::Arc;

use egui::Ui;

mod lesson;
pub use lesson::view_lonlat;

use crate::core::dataset::Dataset;
use crate::core::place::PlaceId;
use crate::core::settings::{ImportRecord, Settings, UserLayerRecord};
use crate::core::story::{DEFAULT_STORY, parse_story};
use crate::map::MapView;
use crate::panels::Panels;
use crate::persist::Stored;
use crate::state::user_layer::{LayerLoad, UserLayerView};
use crate::state::{AtlasState, BottomTab, Command, Target};
use crate::story_view::Presentation;

/// Where and when settings were last saved.
struct Persistence {
    path: PathBuf,
    saved: Stored,
    last_save: f64,
}

pub struct AtlasApp {
    /// Data, settings, selection and hover: what every view reads.
    pub state: AtlasState,
    pub map: MapView,
    /// Widget-local state of the panels and dialogs (typed text, sort order, open windows).
    pub panels: Panels,
    pub presentation: Presentation,
    /// The lesson editor's widget state (the lesson itself is `AtlasState::lesson`).
    pub lesson_editor: crate::lesson_editor::LessonEditor,
    pub bottom: BottomTab,
    /// The view Ctrl+E exports: the map, or the chart last clicked.
    pub focus_chart: bool,
    /// Commands pushed by the views this frame, applied at its end.
    commands: Vec<Command>,
    persistence: Option<Persistence>,
}

impl AtlasApp {
    pub fn new(ds: Arc<Dataset>, stored: Stored) -> Self {
        let map = MapView::with_memory(&ds, stored.map);
        let bottom = BottomTab::Chart(stored.settings.chart_tab);
        let mut panels = Panels::new(&ds);
        let mut state = AtlasState::new(ds, stored.settings);
        // CSVs go where documents go (or where the last file went), not to the working dir.
        let csv = state.export_dir("DOCUMENTS").join("oib-atlas-cities.csv");
        panels.table.export_path = csv.display().to_string();
        // Invariants are checked at load time too; problems are shown, never hidden.
        let problems = crate::core::validate::validate(&state.ds);
        if !problems.is_empty() {
            let first: Vec<&str> = problems.iter().map(|p| p.what.as_str()).take(3).collect();
            state.notice = Some(format!(
                "{} data problem(s): {}",
                problems.len(),
                first.join("; ")
            ));
        }
        Self {
            state,
            map,
            panels,
            presentation: Presentation::default(),
            lesson_editor: Default::default(),
            bottom,
            focus_chart: false,
            commands: Vec::new(),
            persistence: None,
        }
    }

    /// Reads a weights file for the active indicator's level; on success the analyses use
    /// it, on failure the notice names the line and reason and nothing changes.
    fn load_weights_file(&mut self, path: &str) {
        // Kept as an absolute path, as the other files the settings name.
        let path = &crate::core::user_dirs::absolute(std::path::Path::new(path))
            .display()
            .to_string();
        let state = &mut self.state;
        let level = crate::core::spatial::analysis::level_of(&state.active_indicator());
        let lang = state.lang();
        match state
            .spatial
            .load_weights_file(&state.ds, std::path::Path::new(path), level)
        {
            Ok(w) => {
                let links: usize = w.neighbors.iter().map(Vec::len).sum();
                let islands = w.islands().len();
                state.settings.spatial.weights_file = Some(crate::core::settings::WeightsFile {
                    path: path.to_owned(),
                    level,
                });
                state.notice = Some(match lang {
                    crate::core::settings::Lang::Zh => format!(
                        "已读入空间权重 {path}：{} 个单位，{links} 条邻接，{islands} 个孤立单位",
                        w.len()
                    ),
                    crate::core::settings::Lang::En => format!(
                        "Weights read from {path}: {} units, {links} links, {islands} islands",
                        w.len()
                    ),
                });
            }
            Err(e) => {
                state.notice = Some(format!(
                    "{}{e}",
                    lang.pick("空间权重文件未采用：", "Weights file not used: ")
                ));
            }
        }
    }

    /// The weights file of an earlier session, read again (or dropped with a notice).
    fn reload_weights_file(&mut self) {
        let Some(f) = self.state.settings.spatial.weights_file.clone() else {
            return;
        };
        let state = &mut self.state;
        if let Err(e) =
            state
                .spatial
                .load_weights_file(&state.ds, std::path::Path::new(&f.path), f.level)
        {
            state.settings.spatial.weights_file = None;
            state.notice = Some(format!(
                "{}{e}",
                state.lang().pick(
                    "上次的空间权重文件未能读入：",
                    "Last session's weights file not read: "
                )
            ));
        }
    }

    /// The built-in story, checked against the dataset.
    fn load_default_story(&mut self) {
        match parse_story("default.toml", DEFAULT_STORY, &self.state.ds) {
            Ok(s) => self.state.story = Some(Arc::new(s)),
            Err(e) => self.state.notice = Some(e.to_string()),
        }
    }

    /// Embedded data and default settings, nothing persisted (tests, benches).
    pub fn with_embedded_data() -> Result<Self, crate::core::error::DataError> {
        let mut app = Self::new(Arc::new(Dataset::load_embedded()?), Stored::default());
        app.load_default_story();
        Ok(app)
    }

    /// Loads what was saved at `path` (falling back to defaults with a notice) and saves
    /// there as it changes.
    pub fn with_settings_file(ds: Arc<Dataset>, path: Option<PathBuf>) -> Self {
        let (stored, notice) = match &path {
            Some(p) => crate::persist::load(p),
            None => (Stored::default(), None),
        };
        let mut app = Self::new(ds, stored.clone());
        app.persistence = path.map(|path| Persistence {
            path,
            saved: stored,
            last_save: 0.0,
        });
        if notice.is_some() {
            app.state.notice = notice;
        }
        app.load_default_story();
        app.reapply_city_list();
        app.reimport();
        app.reload_weights_file();
        // A returning user with projects gets them first (tests and benches, which start
        // without a settings file, never see it).
        app.panels.start.open_at_start(&app.state);
        // Layers from earlier sessions load in the background; a vanished file is listed
        // with its error and a Retry button.
        let paths: Vec<String> = app
            .state
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

    pub fn settings(&self) -> &Settings {
        &self.state.settings
    }

    /// Starts loading a GeoJSON layer on a worker thread (again, if it is already listed).
    fn open_layer(&mut self, path: String) {
        let state = &mut self.state;
        if state.layer_loads.iter().any(|l| l.record.path == path) {
            return;
        }
        let record = state
            .settings
            .user_layers
            .iter()
            .find(|r| r.path == path)
            .cloned()
            .unwrap_or_else(|| UserLayerRecord {
                path,
                date: crate::core::import::today(),
                ..Default::default()
            });
        let proj = self.map.geometry().proj;
        state.layer_loads.push(LayerLoad::spawn(record, proj));
    }

    /// Takes finished loads: a layer joins the data (and the remembered list); a failure is
    /// reported and leaves everything as it was.
    pub fn poll_layers(&mut self, ctx: &egui::Context) {
        let finished: Vec<Command> = self
            .state
            .layer_loads
            .iter()
            .filter_map(|load| {
                Some(match load.poll()? {
                    Ok(view) => Command::LayerLoaded(load.record.clone(), Arc::new(view)),
                    Err(e) => Command::LayerFailed(load.record.path.clone(), e.to_string()),
                })
            })
            .collect();
        for command in finished {
            self.apply(ctx, command);
        }
        if !self.state.layer_loads.is_empty() {
            // Five progress frames a second: on two cores and software GL, a whole-window frame
            // every 50 ms took a fifth of the machine from the load it was reporting on.
            ctx.request_repaint_after(std::time::Duration::from_millis(200));
        }
    }

    /// A finished load: the layer joins the data and the remembered list.
    fn layer_loaded(&mut self, record: UserLayerRecord, view: Arc<UserLayerView>) {
        let state = &mut self.state;
        let lang = state.lang();
        let path = record.path.clone();
        state.layer_loads.retain(|l| l.record.path != path);
        state.notice = Some(format!(
            "{} {}: {} {} ({:.1} s)",
            lang.pick("已载入图层", "Loaded layer"),
            view.name,
            view.len(),
            lang.pick("个要素", "features"),
            view.load_seconds
        ));
        state.layer_failures.remove(&path);
        if !state.settings.user_layers.iter().any(|r| r.path == path) {
            state.settings.user_layers.push(record);
        }
        match state.data.user_layers.iter_mut().find(|l| l.path == path) {
            Some(old) => *old = view,
            None => state.data.user_layers.push(view),
        }
    }

    /// Blocks until every layer load has finished (tests, export).
    pub fn wait_for_layers(&mut self, ctx: &egui::Context) {
        while !self.state.layer_loads.is_empty() {
            std::thread::sleep(std::time::Duration::from_millis(10));
            self.poll_layers(ctx);
        }
    }

    /// Re-reads the tables imported in earlier sessions; a vanished or changed file gives a
    /// notice, not a crash, and is forgotten only when the user imports again.
    fn reimport(&mut self) {
        let state = &mut self.state;
        let mut all = Vec::new();
        let mut problems = Vec::new();
        for rec in &state.settings.imports {
            match crate::core::import::import_file(&state.ds, rec) {
                Ok(mut v) => all.append(&mut v),
                Err(e) => problems.push(e),
            }
        }
        if !problems.is_empty() {
            state.notice = Some(format!(
                "{}: {}",
                state.lang().pick("无法重新导入", "Could not re-import"),
                problems.join("; ")
            ));
        }
        let c = &mut state.settings.choropleth;
        if c.imported
            .as_ref()
            .is_some_and(|n| !all.iter().any(|i| &i.name == n))
        {
            c.imported = None;
        }
        state.data.imported = Arc::new(all);
        state.data_changed();
    }

    /// A confirmed import: its indicators replace any of the same name, and the first becomes
    /// the active indicator.
    fn apply_import(
        &mut self,
        indicators: Vec<crate::core::import::ImportedIndicator>,
        record: ImportRecord,
    ) {
        let state = &mut self.state;
        let lang = state.lang();
        let mut all: Vec<_> = state.data.imported.to_vec();
        all.retain(|old| !indicators.iter().any(|n| n.name == old.name));
        let first = indicators.first().map(|i| i.name.clone());
        let n = indicators.len();
        all.extend(indicators);
        // A new shared list: caches keyed on the old one see the change.
        state.data.imported = Arc::new(all);
        state.data_changed();
        state.settings.imports.retain(|r| r.path != record.path);
        state.notice = Some(format!(
            "{} {n} {} {}",
            lang.pick("已导入", "Imported"),
            lang.pick("个指标，来自", "indicator(s) from"),
            record.path
        ));
        state.settings.imports.push(record);
        if first.is_some() {
            state.settings.choropleth.imported = first;
        }
    }

    /// Saves a new group of the user's, unless its name is taken (checked again here: two
    /// commands in one frame must not make two groups of one name).
    fn add_group(&mut self, g: crate::core::groups::UserGroup) {
        let state = &mut self.state;
        let lang = state.lang();
        match crate::core::groups::check_name(&g.name, &state.settings.groups) {
            Ok(_) => {
                state.notice = Some(format!(
                    "{}{} ({})",
                    lang.pick("已建分组 ", "Made the group "),
                    g.name,
                    g.describe(lang)
                ));
                state.settings.groups.push(g);
            }
            Err(e) => state.notice = Some(e.text(lang).to_owned()),
        }
    }

    /// Shows the user's city list (record and cities), or the built-in list again (`None`):
    /// the data, the map's points, the coverage panel and the selection follow.
    fn set_city_list(
        &mut self,
        list: Option<(
            crate::core::city_list::CityListRecord,
            Vec<crate::core::model::City>,
        )>,
    ) {
        let state = &mut self.state;
        let lang = state.lang();
        match list {
            Some((record, cities)) => {
                let n = cities.len();
                state.ds = Arc::new(crate::core::city_list::with_list(
                    &state.builtin_ds,
                    cities,
                    &record,
                ));
                state.data_changed();
                state.notice = Some(match lang {
                    crate::core::settings::Lang::Zh => {
                        format!("已应用城市名单 {}：现有 {n} 个城市", record.path)
                    }
                    crate::core::settings::Lang::En => {
                        format!("Applied the city list {}: {n} cities now", record.path)
                    }
                });
                state.settings.city_list = Some(record);
            }
            None => {
                state.ds = state.builtin_ds.clone();
                state.data_changed();
                state.settings.city_list = None;
                state.notice = Some(
                    lang.pick("已恢复内置城市名单", "Back to the built-in city list")
                        .to_owned(),
                );
            }
        }
        let ds = state.ds.clone();
        // A selected or pinned city the list no longer has is dropped.
        state.interaction.selection.retain(
            |p| !matches!(p, PlaceId::City(c) if !ds.cities.iter().any(|x| x.adcode == *c)),
        );
        self.map.cities_changed(&ds);
        self.panels.coverage = crate::panels::coverage::CoveragePanel::new(&ds);
    }

    /// Re-applies the city list of an earlier session; a file that cannot be read is a
    /// notice, and the record stays so the list can be applied again once the file is back.
    fn reapply_city_list(&mut self) {
        let Some(record) = self.state.settings.city_list.clone() else {
            return;
        };
        match crate::core::city_list::load(&self.state.builtin_ds, &record) {
            Ok(ds) => {
                self.set_city_list(Some((record, ds.cities)));
            }
            Err(e) => {
                self.state.notice = Some(format!(
                    "{}: {e}",
                    self.state.lang().pick(
                        "城市名单无法读取，显示内置名单",
                        "The city list could not be read; showing the built-in list"
                    )
                ));
            }
        }
    }

    /// Remembers a project file as the most recent.
    fn remember_project(&mut self, path: &str) {
        let recent = &mut self.state.settings.recent_projects;
        recent.retain(|p| p != path);
        recent.insert(0, path.to_owned());
        recent.truncate(6);
    }

    /// Writes the project; the notice names what it copied, referenced and could not read.
    fn save_project(&mut self, path: &str) {
        let lang = self.state.lang();
        let p = crate::core::user_dirs::absolute(std::path::Path::new(path));
        let state = &self.state;
        match crate::core::project::save(
            &p,
            &state.settings,
            state.story_path.as_deref(),
            &crate::core::import::today(),
        ) {
            Ok(report) => {
                let mut text = match lang {
                    crate::core::settings::Lang::Zh => format!(
                        "已保存项目（复制 {} 个文件）→ {}",
                        report.copied,
                        p.display()
                    ),
                    crate::core::settings::Lang::En => format!(
                        "Saved the project ({} files copied) → {}",
                        report.copied,
                        p.display()
                    ),
                };
                if !report.referenced.is_empty() {
                    text.push_str(&format!(
                        "; {}{}",
                        lang.pick("仅记路径（文件过大）：", "referenced by path (too large): "),
                        report.referenced.join(", ")
                    ));
                }
                if !report.missing.is_empty() {
                    let names: Vec<String> = report
                        .missing
                        .iter()
                        .map(|(f, e)| format!("{f} ({e})"))
                        .collect();
                    text.push_str(&format!(
                        "; {}{}",
                        lang.pick("无法读取、未放入：", "could not be read, not included: "),
                        names.join(", ")
                    ));
                }
                self.remember_project(&p.display().to_string());
                self.saved(p, text);
            }
            Err(e) => self.state.notice = Some(e),
        }
    }

    /// Opens a project: its settings replace the current ones (the recent list stays), its
    /// files are unpacked beside the settings and read as at start; what it refers to but
    /// neither holds nor finds is named. A file that is not a project changes nothing.
    fn open_project(&mut self, path: &str) {
        let lang = self.state.lang();
        let p = crate::core::user_dirs::absolute(std::path::Path::new(path));
        let base = self
            .persistence
            .as_ref()
            .and_then(|s| s.path.parent().map(std::path::Path::to_path_buf))
            .unwrap_or_else(std::env::temp_dir);
        let folder = crate::core::project::unpack_folder(&base, &p);
        match crate::core::project::open(&p, &folder) {
            Ok(report) => {
                let recent = std::mem::take(&mut self.state.settings.recent_projects);
                self.state.settings = report.settings;
                self.state.settings.recent_projects = recent;
                self.state.interaction = Default::default();
                // The built-in cities first, then the project's list (if it has one).
                let list = self.state.settings.city_list.take();
                self.set_city_list(None);
                self.state.settings.city_list = list;
                self.reapply_city_list();
                self.reimport();
                self.reload_weights_file();
                let layers: Vec<String> = self
                    .state
                    .settings
                    .user_layers
                    .iter()
                    .map(|r| r.path.clone())
                    .collect();
                self.state.data.user_layers = Default::default();
                for l in layers {
                    self.open_layer(l);
                }
                self.remember_project(&p.display().to_string());
                let mut text = format!(
                    "{}{}",
                    lang.pick("已打开项目 ", "Opened the project "),
                    p.display()
                );
                if !report.missing.is_empty() {
                    text.push_str(&format!(
                        "; {}{}",
                        lang.pick(
                            "项目未包含、本机也找不到：",
                            "not in the project and not on this PC: "
                        ),
                        report.missing.join(", ")
                    ));
                }
                self.state.notice = Some(text);
            }
            Err(e) => self.state.notice = Some(e),
        }
    }

    /// Writes the list of cities in use (CSV with its evidence columns, UTF-8 with BOM).
    fn export_city_list(&mut self) {
        let state = &mut self.state;
        let lang = state.lang();
        let path = state
            .export_dir("DOCUMENTS")
            .join("oib-atlas-city-list.csv");
        let bytes = crate::core::city_list::to_csv(&state.ds.cities);
        match crate::core::atomic::write_atomic(&path, &bytes) {
            Ok(()) => {
                let text = format!(
                    "{} {} → {}",
                    lang.pick("已导出城市名单", "Exported the city list"),
                    state.ds.cities.len(),
                    path.display()
                );
                self.saved(path, text);
            }
            Err(e) => {
                state.notice = Some(format!(
                    "{} {}: {e}",
                    lang.pick("无法写入", "Cannot write"),
                    path.display()
                ));
            }
        }
    }

    /// Reads a group from a list file; any problem is a notice and nothing changes.
    fn import_group(&mut self, path: &str) {
        let state = &mut self.state;
        let lang = state.lang();
        let p = crate::core::user_dirs::absolute(std::path::Path::new(path));
        let raw = match crate::core::import::read_table_path(&p, None) {
            Ok(raw) => raw,
            Err(e) => {
                state.notice = Some(format!("{}: {e}", p.display()));
                return;
            }
        };
        let file = crate::core::import::file_label(&p);
        let fallback = p
            .file_stem()
            .map_or_else(|| file.clone(), |s| s.to_string_lossy().into_owned());
        match crate::core::groups::read_group(
            &state.ds,
            &raw,
            &fallback,
            &state.settings.groups,
            &file,
            &crate::core::import::today(),
        ) {
            Ok(read) => {
                let skipped = read.unmatched.len() + read.duplicates.len();
                let mut text = format!(
                    "{}{} ({})",
                    lang.pick("已读入分组 ", "Read the group "),
                    read.group.name,
                    read.group.describe(lang)
                );
                if skipped > 0 {
                    let lines: Vec<String> =
                        read.unmatched
                            .iter()
                            .map(|(l, t, why)| format!("{l}: '{t}' {why}"))
                            .chain(read.duplicates.iter().map(|(l, c)| {
                                format!("{l}: {c} {}", lang.pick("重复", "repeated"))
                            }))
                            .take(5)
                            .collect();
                    text.push_str(&format!(
                        "; {} {skipped}: {}",
                        lang.pick("未采用的行", "rows not used"),
                        lines.join("; ")
                    ));
                }
                state.notice = Some(text);
                state.settings.groups.push(read.group);
            }
            Err(e) => {
                state.notice = Some(format!("{}: {}", p.display(), e.text(lang)));
            }
        }
    }

    /// Writes a group as a small CSV file (UTF-8 with BOM) in the export folder.
    fn export_group(&mut self, name: &str) {
        let state = &mut self.state;
        let lang = state.lang();
        let Some(g) = state.settings.groups.iter().find(|g| g.name == name) else {
            return;
        };
        // The group's name may hold characters a file name cannot.
        let safe: String = g
            .name
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { '_' })
            .collect();
        let path = state
            .export_dir("DOCUMENTS")
            .join(format!("group-{safe}.csv"));
        match crate::core::atomic::write_atomic(&path, &crate::core::groups::to_csv(&state.ds, g)) {
            Ok(()) => {
                let text = format!(
                    "{} {}",
                    lang.pick("已导出分组 →", "Exported the group →"),
                    path.display()
                );
                self.saved(path, text);
            }
            Err(e) => {
                state.notice = Some(format!(
                    "{} {}: {e}",
                    lang.pick("无法写入", "Cannot write"),
                    path.display()
                ));
            }
        }
    }

    /// Forgets a layer: its record, its data, a load in progress, and any selection in it.
    fn remove_layer(&mut self, path: &str) {
        let state = &mut self.state;
        for l in state.layer_loads.iter().filter(|l| l.record.path == path) {
            l.progress.cancel();
        }
        state.settings.user_layers.retain(|r| r.path != path);
        state.data.user_layers.retain(|v| v.path != path);
        state.layer_failures.remove(path);
        // Ids are stable: only this layer's features leave the selection.
        state.interaction.selection.retain(|p| !p.is_in_layer(path));
        if state
            .interaction
            .hovered
            .as_ref()
            .is_some_and(|p| p.is_in_layer(path))
        {
            state.interaction.hovered = None;
        }
    }

    /// A new filter; what it hides leaves the selection and the hover.
    fn set_filter(&mut self, f: crate::core::filter::Filter) {
        let state = &mut self.state;
        let ds = &state.ds;
        state
            .interaction
            .selection
            .retain(|p| f.place_passes(ds, p));
        if let Some(h) = &state.interaction.hovered
            && !f.place_passes(ds, h)
        {
            state.interaction.hovered = None;
        }
        state.settings.filter = f;
    }

    /// A file was written: say where, offer its folder, and save the next file there too.
    fn saved(&mut self, path: PathBuf, text: String) {
        let state = &mut self.state;
        state.notice = Some(text);
        if let Some(dir) = path.parent() {
            state.settings.export_dir = Some(dir.display().to_string());
        }
        state.last_saved = Some(path);
    }

    /// The map's prefecture values as CSV and GeoJSON in the export folder (written
    /// atomically); the status line names them, or the reason they could not be written.
    fn export_map_data(&mut self) {
        let state = &self.state;
        let lang = state.lang();
        let ind = state.active_indicator();
        let key = ind.key();
        let stem = match key.year {
            Some(y) => format!("oib-atlas-{}-{y}", key.id.replace(':', "-")),
            None => format!("oib-atlas-{}", key.id.replace(':', "-")),
        };
        let dir = state.export_dir("DOCUMENTS");
        let csv = dir.join(format!("{stem}.csv"));
        let geojson = dir.join(format!("{stem}.geojson"));
        let written = crate::core::atomic::write_atomic(
            &csv,
            crate::core::map_data::values_csv(&state.ds, &ind, lang).as_bytes(),
        )
        .and_then(|()| {
            crate::core::atomic::write_atomic(
                &geojson,
                crate::core::map_data::values_geojson(&state.ds, &ind, lang).as_bytes(),
            )
        });
        match written {
            Ok(()) => {
                let text = format!(
                    "{}{} · {}",
                    lang.pick("已导出地图数据：", "Map data exported: "),
                    csv.display(),
                    geojson.display()
                );
                self.saved(csv, text);
            }
            Err(e) => {
                self.state.notice = Some(format!(
                    "{}{}: {e}",
                    lang.pick("无法写入 ", "Cannot write "),
                    dir.display()
                ));
            }
        }
    }

    /// Shows a folder in the system's file manager; a failure is a notice.
    fn open_folder(&mut self, dir: &std::path::Path) {
        let opener = if cfg!(target_os = "windows") {
            "explorer"
        } else if cfg!(target_os = "macos") {
            "open"
        } else {
            "xdg-open"
        };
        if let Err(e) = std::process::Command::new(opener).arg(dir).spawn() {
            self.state.notice = Some(format!("{opener} {}: {e}", dir.display()));
        }
    }

    /// Carries out one command: the only place app state changes.
    pub fn apply(&mut self, ctx: &egui::Context, command: Command) {
        let state = &mut self.state;
        if !matches!(command, Command::Hover(_)) {
            state.revision = state.revision.wrapping_add(1);
        }
        match command {
            Command::Select(place) => state.interaction.selection.set(place),
            Command::SelectToggle(place) => state.interaction.selection.toggle(place),
            Command::AddGroup(g) => self.add_group(g),
            Command::RemoveGroup(name) => {
                state.settings.groups.retain(|g| g.name != name);
                if state
                    .settings
                    .filter
                    .group
                    .as_ref()
                    .is_some_and(|g| g.name == name)
                {
                    state.settings.filter.group = None;
                }
            }
            Command::ImportGroup(path) => self.import_group(&path),
            Command::ExportGroup(name) => self.export_group(&name),
            Command::PreviewCityList(path) => {
                self.panels.city_list.open_with(&state.builtin_ds, path);
            }
            Command::ApplyCityList(record, cities) => self.set_city_list(Some((record, cities))),
            Command::RemoveCityList => self.set_city_list(None),
            Command::ExportCityList => self.export_city_list(),
            Command::SelectAdd(places) => {
                for p in places {
                    if !state.interaction.selection.contains(&p) {
                        state.interaction.selection.toggle(p);
                    }
                }
            }
            Command::Hover(place) => state.interaction.hovered = place,
            Command::Pin(place) => {
                if !state.interaction.selection.pin(place) {
                    state.notice = Some(
                        state
                            .lang()
                            .pick(
                                "对比卡最多放 5 个地方；请先移除一个。",
                                "The compare card holds at most 5 places; remove one first.",
                            )
                            .to_owned(),
                    );
                }
            }
            Command::Unpin(place) => state.interaction.selection.unpin(&place),
            Command::FlyTo(place) => {
                self.map.fly_to_place(&place, &state.ds);
                state.interaction.selection.set(Some(place));
            }
            Command::FlyToBounds(b) => self.map.fly_to_lonlat(b),
            Command::FitHome => self.map.fit_home(),
            Command::ZoomBy(f) => self.map.zoom_by(f),
            Command::SetLang(lang) => state.settings.lang = lang,
            Command::SetLayers(layers) => state.settings.layers = layers,
            Command::SetChoropleth(c) => state.settings.choropleth = c,
            Command::SetYear(year) => {
                let years = state.indicator_years();
                if let (Some(&first), Some(&last)) = (years.first(), years.last()) {
                    state.settings.choropleth.year = Some(year.clamp(first, last));
                }
            }
            Command::SetPlaying(on) => {
                let years = state.indicator_years();
                let (first, last) = (years.first().copied(), years.last().copied());
                let year = state.active_indicator().year();
                if on && year.is_some() && year == last {
                    // Play again from the start.
                    state.settings.choropleth.year = first;
                }
                let now = ctx.input(|i| i.time);
                state.playback.set_playing(on && last.is_some(), now);
            }
            Command::SetPlaySpeed(v) => state.playback.years_per_second = v.clamp(0.25, 10.0),
            Command::SetTrends(t) => state.settings.trends = t,
            Command::SetSpatial(s) => state.settings.spatial = s,
            Command::LoadWeightsFile(path) => self.load_weights_file(&path),
            Command::ClearWeightsFile => state.settings.spatial.weights_file = None,
            Command::ExportMapData => self.export_map_data(),
            Command::SetFilter(f) => self.set_filter(f),
            Command::SetNbsGrouping(on) => state.settings.nbs_grouping = on,
            Command::ShowBottom(tab) => {
                self.bottom = tab;
                // The chart that reported a hover is gone.
                state.interaction.hovered = None;
                if let BottomTab::Chart(t) = tab {
                    state.settings.chart_tab = t;
                }
            }
            Command::SetBottomPanelHeight(h) => state.settings.bottom_panel_height = Some(h),
            Command::DismissHint => state.settings.hint_dismissed = true,
            Command::ToggleLegend => state.settings.legend_collapsed ^= true,
            Command::ToggleLeftPanel => state.settings.left_panel_hidden ^= true,
            Command::ToggleRightPanel => state.settings.right_panel_hidden ^= true,
            Command::ToggleShortcuts => self.panels.shortcuts_open ^= true,
            Command::LayerLoaded(record, view) => self.layer_loaded(record, view),
            Command::LayerFailed(path, why) => {
                state.layer_loads.retain(|l| l.record.path != path);
                state.notice = Some(format!(
                    "{} {why}",
                    state.lang().pick("图层未载入：", "Layer not loaded:")
                ));
                state.layer_failures.insert(path, why);
            }
            Command::OpenLayer(path) => self.open_layer(path),
            Command::CancelLayer(path) => {
                for l in state.layer_loads.iter().filter(|l| l.record.path == path) {
                    l.progress.cancel();
                }
            }
            Command::RemoveLayer(path) => self.remove_layer(&path),
            Command::SetUserLayers(records) => state.settings.user_layers = records,
            Command::BrowseLayer => self.panels.layers.path.browse(
                state.lang().pick("打开 GeoJSON 图层", "Open GeoJSON layer"),
                state.lang(),
            ),
            Command::ApplyImport(indicators, record) => self.apply_import(indicators, record),
            Command::OpenImportDialog => self.panels.import.open = true,
            Command::PreviewImport(path) => self.panels.import.open_with(&state.ds, path),
            Command::OpenExport(target) => {
                let dir = state.export_dir("PICTURES");
                self.panels.export.open_for(target, &dir);
            }
            Command::OpenExportFocused => {
                let target = match self.bottom {
                    BottomTab::Chart(tab) if self.focus_chart => Target::Chart(tab),
                    _ => Target::Map,
                };
                let dir = state.export_dir("PICTURES");
                self.panels.export.open_for(target, &dir);
            }
            Command::FocusChart(on) => self.focus_chart = on,
            Command::OpenStoryDialog => self.panels.story_dialog.open(),
            Command::OpenProjectDialog => self.panels.project.open = true,
            Command::SetHideStartScreen(hide) => state.settings.hide_start_screen = hide,
            Command::SaveProject(path) => self.save_project(&path),
            Command::OpenProject(path) => self.open_project(&path),
            Command::SetStory(story, path) => {
                state.notice = Some(format!(
                    "{}{path} ({} {})",
                    state.lang().pick("已打开故事 ", "Opened story "),
                    story.slides.len(),
                    state.lang().pick("张", "slides")
                ));
                state.story = Some(story);
                state.story_path = Some(path);
            }
            Command::StartPresentation => {
                // The lesson takes the screen: the start screen has had its turn.
                self.panels.start.open = false;
                // A slide remembered from an earlier run can be resumed.
                let p = &mut self.presentation;
                p.last_index = p.last_index.or(state.settings.last_slide);
                if let Some(story) = state.story.clone() {
                    self.presentation.start(ctx, &mut self.map, &story);
                }
                self.slide_years(ctx);
            }
            Command::BlankScreen(b) => self.presentation.blank = b,
            Command::ShowOverview(on) => self.presentation.overview = on,
            Command::ShowNotes(on) => self.presentation.notes = on,
            Command::ShowSources(on) => self.presentation.sources = on,
            Command::SetHighContrast(on) => state.settings.high_contrast = on,
            Command::ShowPresenterView(on) => {
                if on && !self.presentation.active {
                    self.apply(ctx, Command::StartPresentation);
                }
                self.presentation.presenter.open = on;
            }
            Command::StopPresentation => {
                self.presentation.stop(ctx, &mut self.map);
                state.settings.last_slide = self.presentation.last_index;
                self.slide_years(ctx);
            }
            Command::GoToSlide(i) => {
                if let Some(story) = state.story.clone() {
                    self.presentation.go(&mut self.map, &story, i);
                }
                // Moving on shows the slide again, as in PowerPoint.
                self.presentation.blank = None;
                self.presentation.overview = false;
                self.slide_years(ctx);
            }
            Command::Lesson(c) => self.apply_lesson(ctx, c),
            Command::Notice(text) => state.notice = Some(text),
            Command::Saved(path, text) => self.saved(path, text),
            Command::OpenFolder(dir) => self.open_folder(&dir),
        }
    }

    /// A slide that plays the years starts them from its first year (the user's choropleth
    /// kept aside until the lesson ends); any other slide, or leaving, stops playback.
    fn slide_years(&mut self, ctx: &egui::Context) {
        let state = &mut self.state;
        let p = &mut self.presentation;
        if !p.active {
            if let Some(c) = p.choropleth_before.take() {
                state.settings.choropleth = c;
            }
            state.playback.playing = false;
            return;
        }
        let slide = state.story.as_ref().and_then(|s| s.slides.get(p.index));
        match slide.and_then(|s| Some((s.panel.filter(|_| s.play)?, s.year))) {
            Some((column, year)) => {
                if p.choropleth_before.is_none() {
                    p.choropleth_before = Some(state.settings.choropleth.clone());
                }
                let first = state.ds.panel.years_with_values(column).first().copied();
                state.settings.choropleth.panel = Some(column.id.to_owned());
                state.settings.choropleth.imported = None;
                state.settings.choropleth.year = year.or(first);
                state.playback.set_playing(true, ctx.input(|i| i.time));
            }
            None => state.playback.playing = false,
        }
    }

    /// Applies the frame's commands in order. Hovers are settled first: a view reporting that
    /// the pointer left never overrides one reporting that it entered in the same frame.
    fn apply_queued(&mut self, ctx: &egui::Context) {
        let commands = std::mem::take(&mut self.commands);
        let hovers: Vec<&Option<PlaceId>> = commands
            .iter()
            .filter_map(|c| match c {
                Command::Hover(h) => Some(h),
                _ => None,
            })
            .collect();
        if !hovers.is_empty() {
            let entered = hovers.iter().rev().find_map(|h| h.as_ref()).cloned();
            self.state.interaction.hovered = entered;
        }
        for c in commands {
            if !matches!(c, Command::Hover(_)) {
                self.apply(ctx, c);
            }
        }
    }

    /// Saves settings and the map's memory when they changed, at most once a second.
    fn persist(&mut self, now: f64) {
        let Some(p) = self.persistence.as_mut() else {
            return;
        };
        let stored = Stored {
            settings: self.state.settings.clone(),
            map: self.map.memory().for_saving(),
        };
        if stored != p.saved && now - p.last_save > 1.0 {
            if let Err(e) = crate::persist::save(&p.path, &stored) {
                self.state.notice = Some(e);
            }
            p.saved = stored;
            p.last_save = now;
        }
    }

    /// Keys that work everywhere: F5 starts or leaves the lesson, Ctrl+E exports; in a
    /// presentation the slide keys.
    fn global_keys(&mut self, ctx: &egui::Context) {
        // Alt+F5, as in PowerPoint: the presenter view (starting the lesson if need be).
        if ctx.input_mut(|i| i.consume_key(egui::Modifiers::ALT, egui::Key::F5)) {
            let on = !(self.presentation.active && self.presentation.presenter.open);
            self.commands.push(Command::ShowPresenterView(on));
        }
        let f5 = ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::F5));
        if self.presentation.active {
            if f5 {
                self.commands.push(Command::StopPresentation);
            } else if self.presentation.ink.keys(ctx, self.presentation.index) {
                // Esc put the pen down: it does not also leave the lesson.
            } else if let Some(story) = self.state.story.clone() {
                let high_contrast = self.state.settings.high_contrast;
                self.presentation
                    .keys(ctx, &story, high_contrast, &mut self.commands);
            }
        } else if f5 {
            self.commands.push(Command::StartPresentation);
        }
        if ctx.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::E)) {
            self.commands.push(Command::OpenExportFocused);
        }
        if ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::F1)) {
            self.commands.push(Command::ToggleShortcuts);
        }
    }

    /// Dropped files: GeoJSON becomes a layer; a table goes to the import preview (nothing
    /// is applied until confirmed).
    fn dropped_files(&mut self, ctx: &egui::Context) {
        let dropped = ctx.input(|i| i.raw.dropped_files.first().map(|f| f.path().to_path_buf()));
        if let Some(p) = dropped {
            let is_geojson = p.extension().is_some_and(|e| {
                e.eq_ignore_ascii_case("geojson") || e.eq_ignore_ascii_case("json")
            });
            let path = p.display().to_string();
            self.commands.push(if is_geojson {
                Command::OpenLayer(path)
            } else {
                Command::PreviewImport(path)
            });
        }
    }

    /// The whole UI; called by eframe and by tests.
    pub fn ui(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        if self.state.spatial.repaint.is_none() {
            self.state.spatial.repaint = Some(ctx.clone());
        }
        self.poll_layers(&ctx);
        self.global_keys(&ctx);
        if self.presentation.active {
            crate::story_view::presentation_ui(
                ui,
                &self.state,
                &mut self.map,
                &mut self.presentation,
                &mut self.commands,
            );
            let (index, started) = (self.presentation.index, self.presentation.started_at());
            self.presentation
                .presenter
                .show(&ctx, &self.state, index, started, &mut self.commands);
        } else {
            self.dropped_files(&ctx);
            self.main_window(ui);
        }
        crate::panels::year_bar::advance(&ctx, &self.state, &mut self.commands);
        self.lesson_editor
            .poll_pdf(self.state.lang(), &mut self.commands);
        self.apply_queued(&ctx);
        let now = ui.input(|i| i.time);
        self.persist(now);
    }

    /// Toolbar, status line, side panels, the bottom panel and the map.
    fn main_window(&mut self, ui: &mut Ui) {
        let (state, commands) = (&self.state, &mut self.commands);
        let panels = &mut self.panels;
        panels.dialogs(
            ui.ctx(),
            state,
            self.map.last_rect().size(),
            self.focus_chart,
            commands,
        );
        egui::Panel::top("toolbar").show(ui, |ui| {
            crate::panels::toolbar::show(ui, state, self.bottom, commands);
        });
        egui::Panel::bottom("status")
            .show(ui, |ui| crate::panels::status::show(ui, state, commands));
        if !state.settings.left_panel_hidden {
            egui::Panel::left("layers")
                .resizable(true)
                .default_size(240.0)
                .show(ui, |ui| panels.left(ui, state, commands));
        } else if panels.layers.path.poll(ui.ctx()) {
            // File → Open GeoJSON layer with the panel hidden: its chooser still answers
            // (and the in-app chooser still draws) here.
            let path = panels.layers.path.trimmed().to_owned();
            if !path.is_empty() {
                commands.push(Command::OpenLayer(path));
            }
        }
        if state.lesson.is_some() {
            // The lesson editor takes the details' place while a lesson is edited.
            let editor = &mut self.lesson_editor;
            let width = crate::lesson_editor::panel_width(ui.ctx());
            egui::Panel::right("lesson-editor")
                .resizable(true)
                .default_size(width)
                .show(ui, |ui| editor.show(ui, state, commands));
        } else if !state.settings.right_panel_hidden {
            egui::Panel::right("details")
                .resizable(true)
                .default_size(320.0)
                .show(ui, |ui| panels.right(ui, state, commands));
        }
        let height = state.settings.bottom_panel_height.unwrap_or(330.0);
        let bottom = egui::Panel::bottom("analysis")
            .resizable(true)
            .default_size(height)
            .show(ui, |ui| panels.bottom(ui, state, self.bottom, commands));
        // Remember a height the user dragged to (not the frame-to-frame jitter of layout).
        let now = bottom.response.rect.height();
        if ui.input(|i| !i.pointer.any_down()) && (now - height).abs() > 2.0 {
            commands.push(Command::SetBottomPanelHeight(now));
        }
        let map = &mut self.map;
        egui::CentralPanel::default()
            .frame(egui::Frame::NONE)
            .show(ui, |ui| {
                if crate::panels::pressed_inside(ui) {
                    commands.push(Command::FocusChart(false));
                }
                if !state.indicator_years().is_empty() {
                    egui::Frame::NONE
                        .inner_margin(egui::Margin::symmetric(8, 4))
                        .show(ui, |ui| crate::panels::year_bar::show(ui, state, commands));
                }
                map.show(ui, state, commands);
            });
    }
}

/// eframe wrapper.
pub struct EframeApp(pub AtlasApp);

impl eframe::App for EframeApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.0.ui(ui);
    }
}
