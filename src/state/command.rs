//! The one language views use to ask for change. Each variant is an intent; only
//! `AtlasApp::apply` carries them out.

use std::sync::Arc;

use crate::core::filter::Filter;
use crate::core::import::ImportedIndicator;
use crate::core::place::PlaceId;
use crate::core::settings::{ChartTab, Choropleth, ImportRecord, Lang, Layers, UserLayerRecord};
use crate::core::story::Story;

/// What a picture shows: the map, a chart, or one slide of a story (0-based).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Map,
    Chart(ChartTab),
    Slide(usize),
}

impl Target {
    pub fn key(self) -> &'static str {
        match self {
            Target::Map => "map",
            Target::Chart(t) => t.key(),
            Target::Slide(_) => "slide",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        if name == "map" {
            return Some(Target::Map);
        }
        ChartTab::from_key(name).map(Target::Chart)
    }

    /// Every target, for `export all`.
    pub fn all() -> Vec<Target> {
        std::iter::once(Target::Map)
            .chain(ChartTab::ALL.into_iter().map(Target::Chart))
            .collect()
    }

    pub fn names() -> String {
        Self::all()
            .iter()
            .map(|t| t.key())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// What the bottom panel shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BottomTab {
    Chart(ChartTab),
    Table,
}

#[derive(Clone, Debug)]
pub enum Command {
    /// Select one place (replacing the selection), or clear it with `None`.
    Select(Option<PlaceId>),
    /// Add a place to the selection, or take it out if it is in (shift-click).
    SelectToggle(PlaceId),
    /// Add places to the selection (a rectangle drawn with shift held), keeping the others.
    SelectAdd(Vec<PlaceId>),
    /// Save a new group of the user's (its name is checked again: names are unique).
    AddGroup(crate::core::groups::UserGroup),
    /// Forget the user's group of this name.
    RemoveGroup(String),
    /// Read a group from a list file (CSV or XLSX); a file that cannot be read changes nothing.
    ImportGroup(String),
    /// Write the group of this name as a CSV file in the export folder.
    ExportGroup(String),
    /// Open the city-list dialog with a file's preview.
    PreviewCityList(String),
    /// Apply a confirmed city list: its record and the cities it makes.
    ApplyCityList(
        crate::core::city_list::CityListRecord,
        Vec<crate::core::model::City>,
    ),
    /// Go back to the built-in list of cities.
    RemoveCityList,
    /// Write the list of cities in use as CSV in the export folder.
    ExportCityList,
    /// The spatial analysis chart's weights, seed, significance and FDR.
    SetSpatial(crate::core::settings::SpatialSettings),
    /// Read a GeoDa `.gal`/`.gwt` file for the units of the active indicator's level and use
    /// it instead of the weights rule; a bad file is refused with its line, nothing changed.
    LoadWeightsFile(String),
    /// Go back to the weights rule.
    ClearWeightsFile,
    /// Show the project dialog (save, open, recent projects).
    OpenProjectDialog,
    /// Whether the start screen stays off at start.
    SetHideStartScreen(bool),
    /// Write the project (settings and copies of the files they name) to this path.
    SaveProject(String),
    /// Open a project file: its settings replace the current ones, its files are unpacked.
    OpenProject(String),
    /// The pointer entered a place (map, chart bar, table row) or left with `None`.
    Hover(Option<PlaceId>),
    /// Pin a city or province to the compare card (up to five), or take it off.
    Pin(PlaceId),
    Unpin(PlaceId),
    /// Select a place and move the map to it.
    FlyTo(PlaceId),
    /// Move the map smoothly to a lon/lat box `[west, south, east, north]`.
    FlyToBounds([f64; 4]),
    /// Fit China beside the South China Sea inset.
    FitHome,
    /// Zoom about the view's centre by a factor (> 1 zooms in).
    ZoomBy(f64),

    SetLang(Lang),
    SetLayers(Layers),
    SetChoropleth(Choropleth),
    /// Show this year of an indicator with years (clamped to the years it has).
    SetYear(i32),
    /// Play the years forward (from the first, if at the last), or pause.
    SetPlaying(bool),
    /// Years per second while playing.
    SetPlaySpeed(f32),
    SetTrends(crate::core::settings::TrendSettings),
    /// Write the map's prefecture values as CSV and GeoJSON beside the other exports.
    ExportMapData,
    SetFilter(Filter),
    /// Group the charts by the NBS four regions instead of Northeast / Third Front.
    SetNbsGrouping(bool),
    ShowBottom(BottomTab),
    /// The user dragged the bottom panel to this height (points); remembered.
    SetBottomPanelHeight(f32),
    /// Fold the map legend to its title, or unfold it.
    ToggleLegend,
    /// Hide or show the left (search, filters, layers) or right (details) panel.
    ToggleLeftPanel,
    ToggleRightPanel,
    /// Hide the first-run hint for good.
    DismissHint,
    /// Show or hide the keyboard shortcuts (F1).
    ToggleShortcuts,

    /// A layer finished loading on its worker thread: it joins the data (and the list).
    LayerLoaded(
        crate::core::settings::UserLayerRecord,
        Arc<crate::state::user_layer::UserLayerView>,
    ),
    /// A layer could not be loaded: path and reason (listed with a Retry button).
    LayerFailed(String, String),
    /// Start loading a GeoJSON layer (again, if it is listed).
    OpenLayer(String),
    CancelLayer(String),
    RemoveLayer(String),
    /// Change how listed layers are shown (visibility, fill), in list order.
    SetUserLayers(Vec<UserLayerRecord>),
    /// Ask for a GeoJSON file with the file dialog.
    BrowseLayer,
    /// Apply a confirmed import: its indicators replace any of the same name.
    ApplyImport(Vec<ImportedIndicator>, ImportRecord),
    OpenImportDialog,
    /// Open a file in the import preview (nothing is applied until confirmed).
    PreviewImport(String),

    OpenExport(Target),
    /// The export dialog for the view the user last worked in (Ctrl+E).
    OpenExportFocused,
    /// Which view Ctrl+E exports: the map (`false`) or the bottom panel's chart.
    FocusChart(bool),

    OpenStoryDialog,
    /// A story file was read and checked: it becomes the lesson.
    SetStory(Arc<Story>, String),
    StartPresentation,
    StopPresentation,
    /// Presenter tools: blank the screen black or white (`None`: show the slide again).
    BlankScreen(Option<crate::story_view::Blank>),
    /// Presenter tools: the overview of all slides (G), shown or hidden.
    ShowOverview(bool),
    /// Show or hide the speaker notes under the slide's caption (`N`).
    ShowNotes(bool),
    /// Every source of the slide on its own line, or all on one (`S`).
    ShowSources(bool),
    GoToSlide(usize),
    /// The presenter view (current and next slide, notes, timer) in a window of its own.
    ShowPresenterView(bool),
    /// Slides in high contrast for a washed-out projector (`H`).
    SetHighContrast(bool),
    /// The lesson editor's requests (the lesson being edited is `AtlasState::lesson`).
    Lesson(LessonCommand),

    /// A message for the status line.
    Notice(String),
    /// A file was written (an export, a CSV): say so with its absolute path, offer to open
    /// its folder, and save the next file there too.
    Saved(std::path::PathBuf, String),
    /// Show a folder in the system's file manager.
    OpenFolder(std::path::PathBuf),
}

/// What the lesson editor asks of the app. Slides are made from what the map and the bottom
/// panel show, so the app (which owns both) carries these out.
#[derive(Clone, Debug)]
pub enum LessonCommand {
    /// Opens the editor on the current lesson (the built-in one as a read-only template).
    Edit,
    /// A new, empty lesson.
    New,
    /// Opens a lesson file for editing.
    Open(String),
    /// Leaves the editor (the lesson stays what presentation mode plays). New, Open and Close
    /// are refused while the lesson has unsaved changes.
    Close,
    /// Takes back every change since the lesson was opened or saved.
    Discard,
    /// Adds what the map and the chart show as a slide after the current one.
    AddView,
    /// Replaces the current slide's view with what the map shows, keeping its text.
    UpdateView,
    Duplicate,
    Delete,
    Move {
        from: usize,
        to: usize,
    },
    /// Makes a slide current and shows it on the map.
    Select(usize),
    SetText(usize, crate::core::lesson::SlideText, String),
    SetTitles(String, String),
    /// Copies a picture beside the lesson and puts it on the current slide.
    AddImage {
        file: String,
        credit: String,
    },
    RemoveImage,
    Undo,
    Redo,
    Save,
    SaveAs(String),
    /// Plays the lesson being edited, from the current slide.
    Present,
}
