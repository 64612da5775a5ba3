//! Search by Chinese name, pinyin/English or adcode; choosing a hit flies the map there.

use egui::{RichText, Ui};

use crate::core::place::PlaceId;
use crate::core::search::{HitKind, search};
use crate::state::{AtlasState, Command};

/// The text being typed (the panel's own state).
#[derive(Default)]
pub struct SearchBox {
    pub text: String,
}

impl SearchBox {
    pub fn show(&mut self, ui: &mut Ui, state: &AtlasState, commands: &mut Vec<Command>) {
        let lang = state.lang();
        let label = ui.label(RichText::new(lang.pick("搜索", "Search")).strong());
        ui.add(
            egui::TextEdit::singleline(&mut self.text)
                .hint_text(lang.pick("名称、拼音或行政区划代码", "name, pinyin or adcode"))
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
        let hits = search(&state.ds, &self.text, 12);
        if !self.text.trim().is_empty() && hits.is_empty() {
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
                let place = match h.kind {
                    HitKind::City => PlaceId::City(h.adcode),
                    HitKind::Province => PlaceId::Province(h.adcode),
                    HitKind::Prefecture => PlaceId::Prefecture(h.adcode),
                };
                commands.push(Command::FlyTo(place));
                self.text.clear();
            }
        }
    }
}
