//! While the map is dragged it is drawn as one picture: the scene (fills, outlines, markers,
//! labels) rendered once by the CPU rasteriser, with a margin around the view, and moved as a
//! single textured rectangle. On software GL (Mesa llvmpipe, many school PCs) filling a few
//! hundred thousand triangles every frame is what makes a drag stutter; one rectangle is
//! cheap. The picture is drawn at full resolution with its labels and feathered edges; the
//! frame after the drag ends is drawn from the vectors again.
//!
//! The legend, inset, scale bar and credit do not move and do not change while the zoom stays
//! put: they are rendered with the picture, each as a small texture of its own rect.
//!
//! Pictures are rasterised on a worker thread: the drag goes on with vector frames until the
//! first picture arrives, and a new one is started when the drag nears the old one's edge.

use std::sync::mpsc::{Receiver, channel};

use egui::epaint::{ClippedPrimitive, TextureId};
use egui::{Color32, ColorImage, Rect, TextureHandle, TextureOptions, pos2};

use super::camera::Camera;
use crate::raster::CpuRenderer;

/// How far the picture reaches beyond the view on each side, as a share of the view's size.
const MARGIN: f32 = 0.5;

/// What a picture shows, apart from the camera: when any of it changes, the picture is stale.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SceneKey {
    /// `AtlasState::revision`: data, settings, selection.
    pub revision: u64,
    /// The map's own changes (story highlights).
    pub epoch: u64,
    pub view_size: egui::Vec2,
    pub pixels_per_point: f32,
}

/// What the worker hands back.
struct Rendered {
    scene: ColorImage,
    /// Each piece of furniture: its rect (points, from the view's top-left) and its pixels.
    furniture: Vec<(Rect, ColorImage)>,
}

/// What to render: the scene around the view and the furniture over it, tessellated.
pub struct Job {
    pub scene: Vec<ClippedPrimitive>,
    /// The screen rect (points) the scene covers: the view grown by the margin.
    pub covered: Rect,
    pub furniture: Vec<ClippedPrimitive>,
    /// The furniture's rects, in points from the view's top-left corner.
    pub furniture_rects: Vec<Rect>,
    pub view_size: egui::Vec2,
}

/// A rendered picture of the scene around the view.
struct Picture {
    texture: TextureHandle,
    furniture: Vec<(Rect, TextureHandle)>,
    /// The camera it was drawn with, and the screen rect it covers at that camera (the view
    /// grown by the margin; the camera is centred on it).
    cam: Camera,
    covered: Rect,
    key: SceneKey,
}

/// A picture being rasterised.
struct Pending {
    rx: Receiver<Rendered>,
    cam: Camera,
    covered: Rect,
    key: SceneKey,
}

#[derive(Default)]
pub struct MotionPicture {
    current: Option<Picture>,
    pending: Option<Pending>,
}

impl MotionPicture {
    /// The screen rect (points) the view grown by the margin, out to whole pixels: what a
    /// new picture covers. On the pixel grid, its texels land on screen pixels one to one.
    pub fn covered_rect(view: Rect, pixels_per_point: f32) -> Rect {
        let grown = view.expand2(view.size() * MARGIN);
        let snap = |v: f32, f: fn(f32) -> f32| f(v * pixels_per_point) / pixels_per_point;
        Rect::from_min_max(
            pos2(snap(grown.min.x, f32::floor), snap(grown.min.y, f32::floor)),
            pos2(snap(grown.max.x, f32::ceil), snap(grown.max.y, f32::ceil)),
        )
    }

    /// Takes a finished picture from the worker, if one is ready.
    pub fn poll(&mut self, ctx: &egui::Context) {
        let Some(p) = &self.pending else {
            return;
        };
        match p.rx.try_recv() {
            Ok(rendered) => {
                let texture =
                    ctx.load_texture("atlas-map-motion", rendered.scene, TextureOptions::LINEAR);
                let furniture = rendered
                    .furniture
                    .into_iter()
                    .map(|(r, image)| {
                        let t =
                            ctx.load_texture("atlas-map-furniture", image, TextureOptions::LINEAR);
                        (r, t)
                    })
                    .collect();
                self.current = Some(Picture {
                    texture,
                    furniture,
                    cam: p.cam,
                    covered: p.covered,
                    key: p.key,
                });
                self.pending = None;
            }
            Err(std::sync::mpsc::TryRecvError::Empty) => ctx.request_repaint(),
            Err(std::sync::mpsc::TryRecvError::Disconnected) => self.pending = None,
        }
    }

    /// Whether a new picture should be drawn for this view: none is on its way, and the
    /// current one is missing, stale, of another zoom, or no longer covers the view.
    pub fn wants_new(&self, key: SceneKey, cam: Camera, view: Rect) -> bool {
        if self.pending.as_ref().is_some_and(|p| p.key == key) {
            return false;
        }
        match &self.current {
            None => true,
            Some(pic) => {
                pic.key != key
                    || !same_zoom(pic.cam, cam)
                    || !placed(pic, cam, view).contains_rect(view)
            }
        }
    }

    /// Starts rasterising a job on a worker thread, the scene onto the sea colour.
    pub fn start(
        &mut self,
        ctx: &egui::Context,
        job: Job,
        key: SceneKey,
        cam: Camera,
        background: Color32,
    ) {
        let ppp = key.pixels_per_point;
        let font_atlas = ctx.fonts(|f| f.image());
        let covered = job.covered;
        let (tx, rx) = channel();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let mut renderer = CpuRenderer::default();
            renderer.set_texture(TextureId::default(), &font_atlas);
            let pixels = |size: egui::Vec2| {
                [
                    (size.x * ppp).round().max(1.0) as u32,
                    (size.y * ppp).round().max(1.0) as u32,
                ]
            };
            // The primitives were laid out with the picture's top-left corner at the origin.
            let size = pixels(job.covered.size());
            let scene = renderer.render_onto(&job.scene, ppp, size, background.to_array());
            let scene = ColorImage::from_rgba_premultiplied(
                [size[0] as usize, size[1] as usize],
                scene.as_raw(),
            );
            let size = pixels(job.view_size);
            let over = renderer.render(&job.furniture, ppp, size);
            let furniture = job
                .furniture_rects
                .iter()
                .filter_map(|r| crop(&over, *r, ppp))
                .collect();
            // The view may be gone (the app closed): nothing to do then.
            if tx.send(Rendered { scene, furniture }).is_ok() {
                ctx.request_repaint();
            }
        });
        self.pending = Some(Pending {
            rx,
            cam,
            covered,
            key,
        });
    }

    /// Draws the current picture where the camera now puts it; false when there is none
    /// fit for this scene and zoom.
    pub fn draw(&self, painter: &egui::Painter, key: SceneKey, cam: Camera, view: Rect) -> bool {
        let Some(pic) = &self.current else {
            return false;
        };
        if pic.key != key || !same_zoom(pic.cam, cam) {
            return false;
        }
        painter.rect_filled(view, 0.0, super::style::SEA);
        let at = placed(pic, cam, view);
        let uv = Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0));
        painter.image(pic.texture.id(), at, uv, Color32::WHITE);
        for (r, texture) in &pic.furniture {
            painter.image(
                texture.id(),
                r.translate(view.min.to_vec2()),
                uv,
                Color32::WHITE,
            );
        }
        true
    }

    /// Drops the pictures (the memory of a large texture is not kept between drags).
    pub fn clear(&mut self) {
        self.current = None;
        self.pending = None;
    }
}

/// Where a picture sits on screen under camera `cam` in `view`.
fn placed(pic: &Picture, cam: Camera, view: Rect) -> Rect {
    let a = pic.cam.projected_from_screen(pic.covered, pic.covered.min);
    let b = pic.cam.projected_from_screen(pic.covered, pic.covered.max);
    Rect::from_two_pos(
        cam.screen_from_projected(view, a),
        cam.screen_from_projected(view, b),
    )
}

/// A drag does not zoom; a wheel turned during it does, and then the picture would blur.
fn same_zoom(a: Camera, b: Camera) -> bool {
    (a.scale / b.scale - 1.0).abs() < 1e-6
}

/// The pixels of `r` (points) grown to whole pixels, as an image with the rect it covers.
fn crop(img: &image::RgbaImage, r: Rect, ppp: f32) -> Option<(Rect, ColorImage)> {
    if !r.is_positive() {
        return None;
    }
    let x0 = (r.min.x * ppp).floor().max(0.0) as u32;
    let y0 = (r.min.y * ppp).floor().max(0.0) as u32;
    let x1 = ((r.max.x * ppp).ceil() as u32).min(img.width());
    let y1 = ((r.max.y * ppp).ceil() as u32).min(img.height());
    if x1 <= x0 || y1 <= y0 {
        return None;
    }
    let part = image::imageops::crop_imm(img, x0, y0, x1 - x0, y1 - y0).to_image();
    let image = ColorImage::from_rgba_premultiplied(
        [part.width() as usize, part.height() as usize],
        part.as_raw(),
    );
    let at = Rect::from_min_max(
        pos2(x0 as f32 / ppp, y0 as f32 / ppp),
        pos2(x1 as f32 / ppp, y1 as f32 / ppp),
    );
    Some((at, image))
}
