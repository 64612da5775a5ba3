//! App state: the one owner of data and interaction.
//!
//! Views (map, charts, panels, story) read [`AtlasState`] and never change it: they push
//! [`Command`]s, which `AtlasApp::apply` carries out, one after another, after the frame's
//! views have run. Widget-local state (text being typed, a table's sort order) stays in
//! the view that owns the widget.

pub mod command;
pub mod spatial;
pub mod user_layer;

use std::collections::BTreeMap;
use std::sync::Arc;

pub use command::{BottomTab, Command, LessonCommand, Target};

use crate::core::dataset::Dataset;
use crate::core::import::ImportedIndicator;
use crate::core::indicators::{Indicator, active_indicator};
use crate::core::place::{PlaceId, Selection};
use crate::core::settings::{Lang, Settings};
use crate::core::story::Story;
use user_layer::{LayerLoad, UserLayerView};

/// Data the user brought, beside the embedded dataset: imported indicators and GeoJSON
/// layers. Cheap to clone (shared), so exports on another thread draw the same data.
#[derive(Clone, Debug, Default)]
pub struct AtlasData {
    /// Imported indicators (re-read from their files at start-up).
    pub imported: Arc<Vec<ImportedIndicator>>,
    /// GeoJSON layers that finished loading; `Settings::user_layers` gives their order and
    /// style, matched by path.
    pub user_layers: Vec<Arc<UserLayerView>>,
}

impl AtlasData {
    /// The loaded layer for `path`.
    pub fn user_layer(&self, path: &str) -> Option<&Arc<UserLayerView>> {
        self.user_layers.iter().find(|l| l.path == path)
    }
}

/// What is selected and what the pointer is over, wherever that is (map, chart, table).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Interaction {
    pub selection: Selection,
    pub hovered: Option<PlaceId>,
}

/// Everything the views read.
pub struct AtlasState {
    /// The data shown: the embedded dataset, or it with the user's city list applied.
    pub ds: Arc<Dataset>,
    /// The embedded dataset as built in (what removing the user's city list goes back to).
    pub builtin_ds: Arc<Dataset>,
    pub data: AtlasData,
    pub settings: Settings,
    pub interaction: Interaction,
    /// The lesson presentation mode plays (built-in or opened from a file).
    pub story: Option<Arc<Story>>,
    /// The file the story was opened from, if not the built-in one (a project carries it).
    pub story_path: Option<String>,
    /// The lesson open in the editor, if the editor is open.
    pub lesson: Option<crate::core::lesson::LessonDraft>,
    /// Last message for the user (export done, settings unreadable…).
    pub notice: Option<String>,
    /// GeoJSON layers loading on worker threads.
    pub layer_loads: Vec<LayerLoad>,
    /// Layers that could not be loaded: path → reason (listed with a Retry button).
    pub layer_failures: BTreeMap<String, String>,
    /// The file written last (the status line offers to open its folder).
    pub last_saved: Option<std::path::PathBuf>,
    /// Counts the commands applied, hovers aside: a cache of something drawn from the state
    /// (the map's motion picture) is stale when this has moved on.
    pub revision: u64,
    /// Playing the years of an indicator (runtime only).
    pub playback: Playback,
    /// The spatial analyses of the active indicator, shared by the map, the chart and
    /// slides (runtime only).
    pub spatial: spatial::SpatialRun,
    /// Counts the replacements of the dataset or the imported tables: caches of something
    /// made from the data key on it (never on an address, which a new copy may reuse).
    pub data_generation: u64,
}

/// The year slider's play state.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Playback {
    pub playing: bool,
    pub years_per_second: f32,
    /// When the next year is due (egui time, seconds).
    pub next_step_at: f64,
}

impl Playback {
    /// Seconds between two years.
    pub fn step(&self) -> f64 {
        1.0 / f64::from(self.years_per_second)
    }

    /// Plays (or pauses) from `now`, the first step one interval away.
    pub fn set_playing(&mut self, on: bool, now: f64) {
        self.playing = on;
        self.next_step_at = now + self.step();
    }
}

impl Default for Playback {
    fn default() -> Self {
        Self {
            playing: false,
            years_per_second: 2.0,
            next_step_at: 0.0,
        }
    }
}

impl AtlasState {
    pub fn new(ds: Arc<Dataset>, settings: Settings) -> Self {
        Self {
            builtin_ds: ds.clone(),
            ds,
            data: AtlasData::default(),
            settings,
            interaction: Interaction::default(),
            story: None,
            story_path: None,
            lesson: None,
            notice: None,
            layer_loads: Vec::new(),
            layer_failures: BTreeMap::new(),
            last_saved: None,
            revision: 0,
            playback: Playback::default(),
            spatial: spatial::SpatialRun::default(),
            data_generation: 0,
        }
    }

    /// After the dataset or the imported tables were replaced: what was made from the old
    /// ones is dropped.
    pub fn data_changed(&mut self) {
        self.data_generation += 1;
        self.spatial.clear();
    }

    /// The years the active indicator has values in (empty for one without years).
    pub fn indicator_years(&self) -> &[i32] {
        match self.active_indicator() {
            Indicator::Panel { column, .. } => self.ds.panel.years_with_values(column),
            Indicator::Imported { imp, .. } => &imp.years,
            Indicator::BuiltIn(_) => &[],
        }
    }

    /// The spatial analysis of the active indicator under the spatial settings, for every
    /// view that shows it.
    pub fn spatial_analysis(&self) -> spatial::SpatialResult {
        self.spatial
            .analysis(&self.ds, &self.active_indicator(), &self.settings.spatial)
    }

    pub fn lang(&self) -> Lang {
        self.settings.lang
    }

    /// The active indicator (built-in or imported), for every view that shows it.
    pub fn active_indicator(&self) -> Indicator<'_> {
        active_indicator(&self.settings.choropleth, &self.data.imported)
    }

    pub fn selection(&self) -> &Selection {
        &self.interaction.selection
    }

    /// The province selected, if the primary selection is one (charts emphasise it).
    pub fn selected_province(&self) -> Option<u32> {
        self.interaction.selection.primary()?.province()
    }

    /// The folder new exports go to: the last one used, else the user's pictures folder.
    pub fn export_dir(&self, kind: &str) -> std::path::PathBuf {
        self.settings
            .export_dir
            .as_ref()
            .map(std::path::PathBuf::from)
            .filter(|d| d.is_dir())
            .or_else(|| crate::core::user_dirs::user_dir(kind))
            .unwrap_or_default()
    }

    /// The province hovered anywhere (map or chart).
    pub fn hovered_province(&self) -> Option<u32> {
        self.interaction.hovered.as_ref()?.province()
    }
}
