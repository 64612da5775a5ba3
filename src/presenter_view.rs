//! The presenter view: a second window for the teacher's own screen while the slide fills
//! the projector (PowerPoint's Alt+F5). It shows the current slide and the next as the room
//! sees them, the speaker notes in large type, the slide number, the time since the lesson
//! started and the clock, and buttons to move on. Where the system has one window only (or
//! in tests) egui draws it as a window inside the main one.

use egui::{RichText, Ui};

use crate::core::settings::Lang;
use crate::core::story::Story;
use crate::slide_pictures::SlidePictures;
use crate::state::{AtlasState, Command};

/// The presenter view's own state (runtime only).
#[derive(Default)]
pub struct PresenterView {
    pub open: bool,
    pictures: SlidePictures,
}

impl PresenterView {
    /// Draws the presenter window for slide `index` of the lesson. `started_at` is when the
    /// lesson started (egui time).
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        state: &AtlasState,
        index: usize,
        started_at: f64,
        commands: &mut Vec<Command>,
    ) {
        if !self.open {
            return;
        }
        let Some(story) = state.story.clone() else {
            return;
        };
        let lang = state.lang();
        let title = lang.pick(
            "演讲者视图 · 老工业基地地图集",
            "Presenter view · Old Industrial Bases Atlas",
        );
        let builder = egui::ViewportBuilder::default()
            .with_title(title)
            .with_inner_size([1280.0, 720.0]);
        let id = egui::ViewportId::from_hash_of("atlas-presenter-view");
        let dark = ctx.global_style().visuals.dark_mode;
        let wanted: Vec<(usize, bool)> = [index, index + 1]
            .into_iter()
            .filter(|&i| i < story.slides.len())
            .map(|i| (i, true))
            .collect();
        self.pictures.poll(ctx, state, &story, &wanted, dark);
        let pictures = &self.pictures;
        let close = ctx.show_viewport_immediate(id, builder, |ui, _class| {
            egui::CentralPanel::default().show(ui, |ui| {
                presenter_ui(ui, &story, pictures, index, started_at, lang, commands);
            });
            ui.input(|i| i.viewport().close_requested())
        });
        if close {
            commands.push(Command::ShowPresenterView(false));
        }
    }
}

/// The presenter view's contents (public for the layout tests, which draw it alone).
pub fn presenter_ui(
    ui: &mut Ui,
    story: &Story,
    pictures: &SlidePictures,
    index: usize,
    started_at: f64,
    lang: Lang,
    commands: &mut Vec<Command>,
) {
    let n = story.slides.len();
    let Some(slide) = story.slides.get(index) else {
        return;
    };
    // The presenter's keys, when this window has the keyboard.
    let (next, prev) = ui.input_mut(|i| {
        use egui::{Key, Modifiers};
        let mut c = |k| i.count_and_consume_key(Modifiers::NONE, k);
        (
            c(Key::ArrowRight) + c(Key::PageDown) + c(Key::Space),
            c(Key::ArrowLeft) + c(Key::PageUp),
        )
    });
    if next != prev {
        let to = (index + next).saturating_sub(prev).min(n.saturating_sub(1));
        commands.push(Command::GoToSlide(to));
    }
    let now = ui.input(|i| i.time);
    let secs = (now - started_at).max(0.0) as u64;
    ui.horizontal(|ui| {
        if ui
            .button(RichText::new(lang.pick("◀ 上一张", "◀ Previous")).size(18.0))
            .clicked()
        {
            commands.push(Command::GoToSlide(index.saturating_sub(1)));
        }
        if ui
            .button(RichText::new(lang.pick("下一张 ▶", "Next ▶")).size(18.0))
            .clicked()
        {
            commands.push(Command::GoToSlide((index + 1).min(n.saturating_sub(1))));
        }
        ui.label(
            RichText::new(match lang {
                Lang::Zh => format!("第 {} / {n} 张", index + 1),
                Lang::En => format!("Slide {} of {n}", index + 1),
            })
            .size(22.0)
            .strong(),
        );
        ui.label(
            RichText::new(format!(
                "{} {:02}:{:02}",
                lang.pick("用时", "Elapsed"),
                secs / 60,
                secs % 60
            ))
            .size(22.0),
        );
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_secs(1));
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui
                .button(lang.pick("关闭演讲者视图", "Close presenter view"))
                .clicked()
            {
                commands.push(Command::ShowPresenterView(false));
            }
        });
    });
    ui.separator();
    let w = ui.available_width();
    let current_w = (w * 0.6).max(200.0);
    let next_w = (w - current_w - 16.0).max(120.0);
    let picture = |ui: &mut Ui, i: usize, width: f32| {
        pictures.show_large(ui, story, i, lang, width);
    };
    ui.horizontal_top(|ui| {
        ui.vertical(|ui| {
            ui.set_width(current_w);
            ui.label(RichText::new(lang.pick("当前", "Now")).weak());
            picture(ui, index, current_w);
        });
        ui.vertical(|ui| {
            ui.set_width(next_w);
            match story.slides.get(index + 1) {
                Some(next) => {
                    ui.label(RichText::new(lang.pick("下一张", "Next")).weak());
                    picture(ui, index + 1, next_w);
                    ui.label(RichText::new(lang.pick(&next.title_zh, &next.title_en)).size(18.0));
                }
                None => {
                    ui.label(
                        RichText::new(lang.pick("这是最后一张", "This is the last slide"))
                            .size(18.0),
                    );
                }
            }
        });
    });
    ui.separator();
    ui.label(RichText::new(lang.pick("讲稿", "Speaker notes")).weak());
    egui::ScrollArea::vertical()
        .id_salt("presenter-notes")
        .show(ui, |ui| {
            let notes = slide.notes_in(lang);
            let text = if notes.is_empty() {
                lang.pick("（本张没有讲稿）", "(no notes for this slide)")
            } else {
                notes
            };
            ui.add(egui::Label::new(RichText::new(text).size(22.0)).wrap());
        });
}
