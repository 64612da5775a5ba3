//! Search by Chinese name, pinyin/English or adcode; choosing a hit flies the map there.

use egui::{RichText, Ui};

use crate::core::place::PlaceId;
use crate::core::search::{HitKind, search};
use crate::state::{AtlasState, Command};

/// The text being typed and the hit ↓/↑ point at (the panel's own state).
#[derive(Default)]
pub struct SearchBox {
    pub text: String,
    /// The hit Enter chooses (the first until ↓/↑ move it).
    pub highlighted: usize,
}

impl SearchBox {
    pub fn show(&mut self, ui: &mut Ui, state: &AtlasState, commands: &mut Vec<Command>) {
        let lang = state.lang();
        let label = ui.label(RichText::new(lang.pick("搜索", "Search")).strong());
        let field = ui
            .add(
                egui::TextEdit::singleline(&mut self.text)
                    .hint_text(lang.pick("名称、拼音或行政区划代码", "name, pinyin or adcode"))
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        if field.changed() {
            self.highlighted = 0;
        }
        let hits = search(&state.ds, &self.text, 12);
        if !self.text.trim().is_empty() && hits.is_empty() {
            ui.weak(lang.pick("无匹配", "No match"));
        }
        // ↓/↑ move through the hits while typing; Enter chooses the highlighted one.
        if field.has_focus() && !hits.is_empty() {
            ui.input_mut(|i| {
                let down = i.count_and_consume_key(egui::Modifiers::NONE, egui::Key::ArrowDown);
                let up = i.count_and_consume_key(egui::Modifiers::NONE, egui::Key::ArrowUp);
                self.highlighted = (self.highlighted + down).saturating_sub(up);
            });
        }
        self.highlighted = self.highlighted.min(hits.len().saturating_sub(1));
        let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        for (k, h) in hits.into_iter().enumerate() {
            let kind = match h.kind {
                HitKind::City => lang.pick("老工业城市", "city"),
                HitKind::Province => lang.pick("省级", "province"),
                HitKind::Prefecture => lang.pick("地级", "prefecture"),
            };
            let text = format!("{} · {} · {kind}", h.name_zh, h.name_en);
            let on = k == self.highlighted && !self.text.trim().is_empty();
            if ui.selectable_label(on, text).clicked() || enter && on {
                let place = match h.kind {
                    HitKind::City => PlaceId::City(h.adcode),
                    HitKind::Province => PlaceId::Province(h.adcode),
                    HitKind::Prefecture => PlaceId::Prefecture(h.adcode),
                };
                commands.push(Command::FlyTo(place));
                self.text.clear();
                self.highlighted = 0;
            }
        }
    }
}
