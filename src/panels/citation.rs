//! A source shown as a citation (site · document · date, the decoded link) with the research
//! note as written behind a "详细来源 / Details" expander. Used by every place that names
//! where a value or a city comes from.

use egui::{RichText, Ui};

use crate::core::citation::Citation;
use crate::core::model::Source;
use crate::core::settings::Lang;

/// Shows `source` as a citation; `id` tells the expanders of one panel apart.
pub fn show(ui: &mut Ui, source: &Source, lang: Lang, id: impl std::hash::Hash + std::fmt::Debug) {
    show_citation(ui, &Citation::of(source), None, lang, id);
}

/// As [`show`], with extra context (an evidence quote's bracketed notes) in the details.
pub fn show_citation(
    ui: &mut Ui,
    c: &Citation,
    context: Option<&str>,
    lang: Lang,
    id: impl std::hash::Hash + std::fmt::Debug,
) {
    let line = c.line();
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 4.0;
        ui.label(RichText::new(lang.pick("来源：", "Source:")).small().weak());
        if !line.is_empty() {
            ui.label(RichText::new(line).small());
        } else if c.raw_url.is_none() && !c.note.is_empty() {
            // No site or document to name: the research note's first source (in English), or
            // in the Chinese interface a pointer to it, never an empty "Source:".
            let text = match lang {
                Lang::Zh => "研究记录（英文），见下方“详细来源”".to_owned(),
                Lang::En => c.note_line(),
            };
            ui.label(RichText::new(text).small());
        }
        if let (Some(url), Some(raw)) = (&c.url, &c.raw_url) {
            ui.hyperlink_to(RichText::new(url).small(), raw);
        }
    });
    if c.has_details() || context.is_some() {
        egui::CollapsingHeader::new(RichText::new(lang.pick("详细来源", "Details")).small())
            .id_salt(("citation-details", id))
            .show(ui, |ui| {
                if let Some(ctx) = context {
                    ui.label(RichText::new(ctx).small().weak());
                }
                if c.has_details() {
                    ui.label(RichText::new(&c.note).small().weak());
                }
            });
    }
}
