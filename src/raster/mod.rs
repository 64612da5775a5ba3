//! A CPU renderer for egui's tessellated output: exports and the map's motion picture need no
//! GPU, GL or Vulkan. The image is cut into bands of rows, filled in parallel (rayon); within a
//! band triangles are drawn in paint order, so the bytes are the same on every run.

mod triangles;

use std::collections::HashMap;

use egui::epaint::{ClippedPrimitive, Primitive, TextureId};
use egui::{ImageData, TexturesDelta};
use rayon::prelude::*;

pub use triangles::Texture;
use triangles::{Band, Scissor, Tri};

/// Rows per band: small enough that two cores share the work evenly, large enough that a
/// triangle rarely falls into several.
const BAND_ROWS: usize = 32;

/// The textures egui has uploaded, kept as pixels.
#[derive(Default)]
pub struct CpuRenderer {
    textures: HashMap<TextureId, Texture>,
}

impl CpuRenderer {
    /// Applies egui's texture changes (new textures, patches such as new glyphs, frees).
    pub fn update(&mut self, delta: &TexturesDelta) {
        for (id, image_delta) in delta
            .set
            .iter()
            .flat_map(|(id, ds)| ds.iter().map(move |d| (id, d)))
        {
            let ImageData::Color(image) = &image_delta.image;
            let [w, h] = image.size;
            let opts = image_delta.options;
            let nearest = opts.magnification == egui::TextureFilter::Nearest;
            match image_delta.pos {
                None => {
                    self.textures.insert(
                        *id,
                        Texture {
                            width: w,
                            height: h,
                            texels: image.pixels.clone(),
                            nearest,
                            wrap: opts.wrap_mode,
                        },
                    );
                }
                Some([x0, y0]) => {
                    if let Some(tex) = self.textures.get_mut(id) {
                        for y in 0..h.min(tex.height.saturating_sub(y0)) {
                            let n = w.min(tex.width.saturating_sub(x0));
                            let dst = (y0 + y) * tex.width + x0;
                            tex.texels[dst..dst + n]
                                .copy_from_slice(&image.pixels[y * w..y * w + n]);
                        }
                    }
                }
            }
        }
        for id in &delta.free {
            self.textures.remove(id);
        }
    }

    /// Sets one texture from a whole image (the map's picture takes the font atlas this way).
    pub fn set_texture(&mut self, id: TextureId, image: &egui::ColorImage) {
        self.textures.insert(
            id,
            Texture {
                width: image.size[0],
                height: image.size[1],
                texels: image.pixels.clone(),
                nearest: false,
                wrap: egui::TextureWrapMode::ClampToEdge,
            },
        );
    }

    /// Draws `primitives` (positions in points) into a transparent RGBA8 image of
    /// `size` pixels, `pixels_per_point` pixels to the point.
    pub fn render(
        &self,
        primitives: &[ClippedPrimitive],
        pixels_per_point: f32,
        size: [u32; 2],
    ) -> image::RgbaImage {
        self.render_onto(primitives, pixels_per_point, size, [0, 0, 0, 0])
    }

    /// As [`Self::render`], on a background of `clear` (premultiplied RGBA).
    pub fn render_onto(
        &self,
        primitives: &[ClippedPrimitive],
        pixels_per_point: f32,
        size: [u32; 2],
        clear: [u8; 4],
    ) -> image::RgbaImage {
        let [w, h] = size.map(|v| v as usize);
        let mut pixels = clear.repeat(w * h);
        if w == 0 || h == 0 {
            return image::RgbaImage::from_raw(size[0], size[1], pixels).unwrap_or_default();
        }
        let scissors: Vec<Scissor> = primitives
            .iter()
            .map(|p| scissor(p.clip_rect, pixels_per_point, size))
            .collect();
        let bins = bin_triangles(primitives, &scissors, pixels_per_point, h);
        pixels
            .par_chunks_mut(BAND_ROWS * w * 4)
            .zip(bins.par_iter())
            .enumerate()
            .for_each(|(i, (rows, bin))| {
                let mut band = Band {
                    pixels: rows,
                    width: w,
                    y0: (i * BAND_ROWS) as i32,
                };
                for &(prim, first) in bin {
                    let p = &primitives[prim as usize];
                    let Primitive::Mesh(mesh) = &p.primitive else {
                        continue;
                    };
                    let idx = &mesh.indices[first as usize..first as usize + 3];
                    let (Some(a), Some(b), Some(c)) = (
                        mesh.vertices.get(idx[0] as usize),
                        mesh.vertices.get(idx[1] as usize),
                        mesh.vertices.get(idx[2] as usize),
                    ) else {
                        continue;
                    };
                    let tri = Tri {
                        v: [a, b, c],
                        ppp: pixels_per_point,
                    };
                    let tex = self.textures.get(&mesh.texture_id);
                    triangles::fill(&mut band, &tri, scissors[prim as usize], tex);
                }
            });
        image::RgbaImage::from_raw(size[0], size[1], pixels).unwrap_or_default()
    }
}

/// The scissor rectangle the wgpu renderer sets for a clip rect: rounded to whole pixels and
/// clamped to the target.
fn scissor(clip: egui::Rect, ppp: f32, size: [u32; 2]) -> Scissor {
    let round = |v: f32, max: u32| ((v * ppp).round().max(0.0) as u32).min(max) as i32;
    let x0 = round(clip.min.x, size[0]);
    let y0 = round(clip.min.y, size[1]);
    Scissor {
        x0,
        y0,
        x1: round(clip.max.x, size[0]).max(x0),
        y1: round(clip.max.y, size[1]).max(y0),
    }
}

/// For each band, the triangles (primitive, first index) that may touch it, in paint order.
fn bin_triangles(
    primitives: &[ClippedPrimitive],
    scissors: &[Scissor],
    ppp: f32,
    height: usize,
) -> Vec<Vec<(u32, u32)>> {
    let bands = height.div_ceil(BAND_ROWS);
    let mut bins = vec![Vec::new(); bands];
    for (pi, (p, clip)) in primitives.iter().zip(scissors).enumerate() {
        let Primitive::Mesh(mesh) = &p.primitive else {
            continue;
        };
        if clip.x0 >= clip.x1 || clip.y0 >= clip.y1 {
            continue;
        }
        for (ti, idx) in mesh.indices.chunks_exact(3).enumerate() {
            let mut y_min = f32::INFINITY;
            let mut y_max = f32::NEG_INFINITY;
            let mut x_min = f32::INFINITY;
            let mut x_max = f32::NEG_INFINITY;
            for &i in idx {
                if let Some(v) = mesh.vertices.get(i as usize) {
                    y_min = y_min.min(v.pos.y);
                    y_max = y_max.max(v.pos.y);
                    x_min = x_min.min(v.pos.x);
                    x_max = x_max.max(v.pos.x);
                }
            }
            let (y_min, y_max) = (y_min * ppp - 0.5, y_max * ppp - 0.5);
            let (x_min, x_max) = (x_min * ppp - 0.5, x_max * ppp - 0.5);
            if !(y_max >= clip.y0 as f32 - 1.0
                && y_min < clip.y1 as f32
                && x_max >= clip.x0 as f32 - 1.0
                && x_min < clip.x1 as f32)
            {
                continue;
            }
            let top = (y_min.ceil().max(clip.y0 as f32) as usize) / BAND_ROWS;
            let bottom = ((y_max.floor().min(clip.y1 as f32 - 1.0)).max(0.0) as usize) / BAND_ROWS;
            for bin in bins.iter_mut().take((bottom + 1).min(bands)).skip(top) {
                bin.push((pi as u32, (ti * 3) as u32));
            }
        }
    }
    bins
}

/// The renderer behind `egui_kittest`'s `Harness::render`: exports and snapshot tests draw
/// through it, with no GPU.
impl egui_kittest::TestRenderer for CpuRenderer {
    fn handle_delta(&mut self, delta: &mut TexturesDelta) {
        self.update(delta);
        delta.set.clear();
        delta.free.clear();
    }

    fn render(
        &mut self,
        ctx: &egui::Context,
        output: &egui::FullOutput,
    ) -> Result<image::RgbaImage, String> {
        let ppp = ctx.pixels_per_point();
        let size = ctx.content_rect().size() * ppp;
        let size = [size.x.round() as u32, size.y.round() as u32];
        let primitives = ctx.tessellate(output.shapes.clone(), ppp);
        Ok(CpuRenderer::render(self, &primitives, ppp, size))
    }
}
