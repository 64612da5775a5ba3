//! The panels and dialogs around the map, one file each. They follow one rule: a panel
//! reads [`AtlasState`] and never changes it, pushing a [`Command`] for anything the user
//! asks; what is the panel's own (text being typed, a table's sort order, an open dialog)
//! it keeps in its own struct and edits directly, as egui widgets do.

pub mod analysis;
pub mod citation;
pub mod city_list_dialog;
pub mod compare;
pub mod coverage;
pub mod details;
pub mod export_dialog;
pub mod file_chooser;
pub mod filter;
pub mod folder_browser;
pub mod groups;
pub mod help;
pub mod import_dialog;
pub mod layers;
pub mod project_dialog;
pub mod search;
pub mod start_screen;
pub mod status;
pub mod story_dialog;
pub mod table;
pub mod toolbar;
pub mod user_layers;
pub mod year_bar;

use egui::Ui;

use crate::core::dataset::Dataset;
use crate::state::{AtlasState, BottomTab, Command};

/// Widget-local state of every panel and dialog (runtime only).
pub struct Panels {
    pub search: search::SearchBox,
    pub layers: user_layers::LayerPanel,
    pub groups: groups::GroupsPanel,
    pub coverage: coverage::CoveragePanel,
    pub table: table::TableState,
    pub export: export_dialog::ExportDialog,
    pub import: import_dialog::ImportDialog,
    pub city_list: city_list_dialog::CityListDialog,
    pub project: project_dialog::ProjectDialog,
    pub start: start_screen::StartScreen,
    pub story_dialog: story_dialog::StoryDialog,
    /// The F1 list of shortcuts is open.
    pub shortcuts_open: bool,
}

impl Panels {
    pub fn new(ds: &Dataset) -> Self {
        Self {
            search: Default::default(),
            layers: Default::default(),
            groups: Default::default(),
            coverage: coverage::CoveragePanel::new(ds),
            table: Default::default(),
            export: Default::default(),
            import: Default::default(),
            city_list: Default::default(),
            project: Default::default(),
            start: Default::default(),
            story_dialog: Default::default(),
            shortcuts_open: false,
        }
    }

    /// The left panel: search, filters, layers and the choropleth.
    pub fn left(&mut self, ui: &mut Ui, state: &AtlasState, commands: &mut Vec<Command>) {
        egui::ScrollArea::vertical().show(ui, |ui| {
            self.search.show(ui, state, commands);
            ui.separator();
            filter::show(ui, state, commands);
            ui.separator();
            layers::show(ui, state, &mut self.layers, commands);
            ui.separator();
            self.groups.show(ui, state, commands);
        });
    }

    /// The right panel: details of the selection, then coverage.
    pub fn right(&mut self, ui: &mut Ui, state: &AtlasState, commands: &mut Vec<Command>) {
        egui::ScrollArea::vertical().show(ui, |ui| {
            compare::show(ui, state, commands);
            ui.heading(state.lang().pick("详情", "Details"));
            if let Some(place) = state.selection().primary() {
                compare::pin_button(ui, state, place, commands);
            }
            details::show(ui, state, &mut self.groups, commands);
            ui.separator();
            self.coverage.show(ui, state, commands);
        });
    }

    /// The bottom panel: a chart or the city table.
    pub fn bottom(
        &mut self,
        ui: &mut Ui,
        state: &AtlasState,
        tab: BottomTab,
        commands: &mut Vec<Command>,
    ) {
        analysis::show(ui, state, tab, &mut self.table, commands);
    }

    /// The floating windows: export, import preview, open story.
    pub fn dialogs(
        &mut self,
        ctx: &egui::Context,
        state: &AtlasState,
        map_size: egui::Vec2,
        focus_chart: bool,
        commands: &mut Vec<Command>,
    ) {
        self.story_dialog.show(ctx, state, commands);
        help::shortcuts_window(ctx, state.lang(), &mut self.shortcuts_open);
        self.import.show(ctx, state, commands);
        self.city_list.show(ctx, state, commands);
        self.project.show(ctx, state, commands);
        self.start.show(ctx, state, commands);
        // Charts export at a fixed size; the map at the size it has on screen.
        let size = if focus_chart {
            egui::vec2(1280.0, 720.0)
        } else {
            map_size
        };
        self.export.show(ctx, state, size, commands);
    }
}

/// Whether a pointer button went down inside `ui` this frame (focus follows clicks).
pub fn pressed_inside(ui: &Ui) -> bool {
    ui.input(|i| {
        i.pointer.any_pressed()
            && i.pointer
                .interact_pos()
                .is_some_and(|p| ui.max_rect().contains(p))
    })
}
