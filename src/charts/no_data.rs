//! The "no data" mark the bar panels put where a value is missing, so that a missing value
//! never reads as a bar of 0.

use std::hash::Hash;

use egui::{Align2, Color32, RichText};
use egui_plot::{PlotPoint, Text};

/// The italic `label` at `at`, standing in for a missing bar (plot item `id`).
pub(super) fn no_data_text(
    label: &str,
    at: PlotPoint,
    anchor: Align2,
    color: Color32,
    id: impl Hash,
) -> Text {
    Text::new(
        "",
        at,
        RichText::new(label).size(12.0).italics().color(color),
    )
    .anchor(anchor)
    .id(id)
}
