//! Pictures of slides as the projector shows them, made one at a time on a worker thread by
//! the export renderer (the same drawing as presentation mode) and kept by content: the
//! lesson editor's thumbnails and preview, the presenter view's current and next slide.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};

use egui::vec2;

use crate::core::settings::Lang;
use crate::core::story::Story;
use crate::state::AtlasState;

/// The projector a lesson is checked against, in pixels, and the zoom presentation mode uses.
pub const PROJECTOR: egui::Vec2 = vec2(1024.0, 768.0);
pub const PRESENT_ZOOM: f32 = 1.25;

/// A thumbnail's size as a share of the projector's.
pub const THUMB_SCALE: f32 = 0.2;

/// Pictures of slides as the projector shows them, made one at a time on a worker thread
/// by the export renderer (the same drawing as presentation mode) and kept by content.
#[derive(Default)]
pub struct SlidePictures {
    done: HashMap<PictureKey, egui::TextureHandle>,
    /// Pictures that could not be made: not tried again until the slide changes.
    failed: std::collections::HashSet<PictureKey>,
    running: Option<(PictureKey, Receiver<Result<image::RgbaImage, String>>)>,
}

/// A picture's content key and whether it is the large (preview) one.
type PictureKey = (u64, bool);

/// A slide's content and the language, as a key: a picture is made again only when these
/// change.
pub fn picture_key(story: &Story, index: usize, lang: Lang, dark: bool) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    if let Some(s) = story.slides.get(index) {
        format!("{s:?}").hash(&mut h);
    }
    (index, story.slides.len(), lang.is_zh(), dark).hash(&mut h);
    story.title_zh.hash(&mut h);
    story.title_en.hash(&mut h);
    h.finish()
}

impl SlidePictures {
    /// Draws slide `index` as the projector shows it, `width` points wide; while its picture
    /// is being drawn, a placeholder of the same size (the worker asks for a repaint when the
    /// picture is ready).
    pub fn show_large(
        &self,
        ui: &mut egui::Ui,
        story: &Story,
        index: usize,
        lang: Lang,
        width: f32,
    ) {
        let size = vec2(width, width * PROJECTOR.y / PROJECTOR.x);
        let key = picture_key(story, index, lang, ui.visuals().dark_mode);
        match self.get(key, true) {
            Some(tex) => {
                ui.add(egui::Image::new((tex.id(), size)));
            }
            None => {
                let (r, _) = ui.allocate_exact_size(size, egui::Sense::hover());
                ui.painter()
                    .rect_filled(r, 4.0, ui.visuals().faint_bg_color);
                ui.painter().text(
                    r.center(),
                    egui::Align2::CENTER_CENTER,
                    lang.pick("正在绘制……", "Drawing…"),
                    egui::FontId::proportional(16.0),
                    ui.visuals().weak_text_color(),
                );
            }
        }
    }

    pub fn get(&self, key: u64, large: bool) -> Option<&egui::TextureHandle> {
        self.done.get(&(key, large))
    }

    /// Takes a finished picture; starts the next one wanted (the preview first).
    pub fn poll(
        &mut self,
        ctx: &egui::Context,
        state: &AtlasState,
        story: &Story,
        wanted: &[(usize, bool)],
        dark: bool,
    ) {
        if let Some((key, rx)) = &self.running {
            match rx.try_recv() {
                Ok(Ok(img)) => {
                    let size = [img.width() as usize, img.height() as usize];
                    let color = egui::ColorImage::from_rgba_unmultiplied(size, img.as_raw());
                    let tex = ctx.load_texture(
                        format!("slide-picture-{}", key.0),
                        color,
                        egui::TextureOptions::LINEAR,
                    );
                    self.done.insert(*key, tex);
                    self.running = None;
                }
                // A picture that cannot be made is left out (the strip shows the title) and
                // not tried again every frame.
                Ok(Err(_)) | Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                    self.failed.insert(*key);
                    self.running = None;
                }
                Err(std::sync::mpsc::TryRecvError::Empty) => return,
            }
        }
        let lang = state.lang();
        let next = wanted.iter().find(|(i, large)| {
            let key = (picture_key(story, *i, lang, dark), *large);
            !self.done.contains_key(&key) && !self.failed.contains(&key)
        });
        let Some(&(index, large)) = next else {
            return;
        };
        let key = (picture_key(story, index, lang, dark), large);
        let opts = crate::export::ExportOptions {
            size: PROJECTOR / PRESENT_ZOOM,
            scale: if large {
                PRESENT_ZOOM
            } else {
                PRESENT_ZOOM * THUMB_SCALE
            },
            // The slide as this screen shows it: light or dark as the window is.
            theme: if dark {
                crate::core::settings::Theme::Dark
            } else {
                crate::core::settings::Theme::Light
            },
            settings: state.settings.clone(),
            story: Some(Arc::new(story.clone())),
            data: state.data.clone(),
            spatial: state.spatial.clone(),
            ..Default::default()
        };
        let ds = state.ds.clone();
        let (tx, rx) = channel();
        let repaint = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("slide-picture".to_owned())
            .spawn(move || {
                let img = crate::export::render(ds, crate::state::Target::Slide(index), &opts);
                let _ = tx.send(img);
                repaint.request_repaint();
            });
        if spawned.is_ok() {
            self.running = Some((key, rx));
        }
        // Old pictures of slides that changed are dropped.
        let live: Vec<(u64, bool)> = (0..story.slides.len())
            .flat_map(|i| {
                let k = picture_key(story, i, lang, dark);
                [(k, false), (k, true)]
            })
            .collect();
        self.done.retain(|k, _| live.contains(k));
    }
}
