//! Side and bottom panels. Each reads app state and returns actions; only `app.rs` changes state.

pub mod details;
pub mod export_dialog;
pub mod file_chooser;
pub mod import_dialog;
pub mod table;
pub mod user_layers;

use crate::state::Selection;

/// What a panel asks the app to do.
#[derive(Clone, Debug, PartialEq)]
pub enum PanelAction {
    Select(Selection),
    /// Select and move the map to it.
    FlyTo(Selection),
    Notice(String),
}
