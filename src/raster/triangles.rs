//! Filling epaint's triangles on the CPU, with the rules the egui wgpu renderer follows so the
//! pictures agree: pixel centres sampled once (anti-aliasing comes from epaint's feathering, not
//! from the rasteriser), the top-left fill rule (a pixel on an edge two triangles share is drawn
//! once), vertex colours interpolated linearly, textures sampled bilinearly at texel centres, and
//! premultiplied "over" blending in gamma space, as `fs_main_gamma_framebuffer` does.

use egui::epaint::{Color32, Vertex};

/// A texture as the shader sees it.
pub struct Texture {
    pub width: usize,
    pub height: usize,
    /// Premultiplied, gamma-encoded texels, row by row.
    pub texels: Vec<Color32>,
    pub nearest: bool,
    pub wrap: egui::TextureWrapMode,
}

impl Texture {
    fn texel(&self, x: i32, y: i32) -> [f32; 4] {
        let x = wrap_index(x, self.width, self.wrap);
        let y = wrap_index(y, self.height, self.wrap);
        let c = self.texels[y * self.width + x];
        [c.r() as f32, c.g() as f32, c.b() as f32, c.a() as f32]
    }

    /// Colour (0–255 per channel) at texture coordinate `uv`.
    fn sample(&self, u: f32, v: f32) -> [f32; 4] {
        if self.width == 0 || self.height == 0 {
            return [255.0; 4];
        }
        let (w, h) = (self.width as f32, self.height as f32);
        if self.nearest {
            return self.texel((u * w).floor() as i32, (v * h).floor() as i32);
        }
        let (px, py) = (u * w - 0.5, v * h - 0.5);
        let (fx, fy) = (px.floor(), py.floor());
        let (tx, ty) = (px - fx, py - fy);
        let (x0, y0) = (fx as i32, fy as i32);
        let tl = self.texel(x0, y0);
        let tr = self.texel(x0 + 1, y0);
        let bl = self.texel(x0, y0 + 1);
        let br = self.texel(x0 + 1, y0 + 1);
        let mut out = [0.0; 4];
        for i in 0..4 {
            let top = tl[i] + (tr[i] - tl[i]) * tx;
            let bottom = bl[i] + (br[i] - bl[i]) * tx;
            out[i] = top + (bottom - top) * ty;
        }
        out
    }
}

/// A texel index in `0..n` for any `x`, as the texture's wrap mode says.
fn wrap_index(x: i32, n: usize, mode: egui::TextureWrapMode) -> usize {
    let n = n as i32;
    let i = match mode {
        egui::TextureWrapMode::ClampToEdge => x.clamp(0, n - 1),
        egui::TextureWrapMode::Repeat => x.rem_euclid(n),
        egui::TextureWrapMode::MirroredRepeat => {
            let phase = x.rem_euclid(2 * n);
            phase.min(2 * n - 1 - phase)
        }
    };
    i as usize
}

/// A scissor rectangle in whole pixels, `[x0, y0, x1, y1)`.
#[derive(Clone, Copy, Debug)]
pub struct Scissor {
    pub x0: i32,
    pub y0: i32,
    pub x1: i32,
    pub y1: i32,
}

/// One horizontal band of the target: rows `y0..y0 + rows` of an RGBA8 image `width` wide.
pub struct Band<'a> {
    pub pixels: &'a mut [u8],
    pub width: usize,
    pub y0: i32,
}

impl Band<'_> {
    fn rows(&self) -> i32 {
        (self.pixels.len() / (self.width * 4)) as i32
    }
}

/// One triangle's vertices in pixels (already scaled by pixels per point).
pub struct Tri<'a> {
    pub v: [&'a Vertex; 3],
    pub ppp: f32,
}

/// Fills one triangle into a band, inside `clip`.
pub fn fill(band: &mut Band<'_>, tri: &Tri<'_>, clip: Scissor, tex: Option<&Texture>) {
    let p = tri.v.map(|v| [v.pos.x * tri.ppp, v.pos.y * tri.ppp]);
    let area = edge(p[0], p[1], p[2]);
    if area == 0.0 || !area.is_finite() {
        return;
    }
    // Counter-clockwise in screen space from here on.
    let (order, area) = if area > 0.0 {
        ([0, 1, 2], area)
    } else {
        ([0, 2, 1], -area)
    };
    let p = order.map(|i| p[i]);
    let verts = order.map(|i| tri.v[i]);

    let y_min = p.iter().map(|q| q[1]).fold(f32::INFINITY, f32::min);
    let y_max = p.iter().map(|q| q[1]).fold(f32::NEG_INFINITY, f32::max);
    let row_lo = ((y_min - 0.5).ceil() as i32).max(clip.y0).max(band.y0);
    let row_hi = ((y_max - 0.5).floor() as i32 + 1)
        .min(clip.y1)
        .min(band.y0 + band.rows());
    if row_lo >= row_hi {
        return;
    }

    // Edge i is opposite vertex i: w_i(p) = edge(p[i+1], p[i+2], p), positive inside.
    let edges = [(p[1], p[2]), (p[2], p[0]), (p[0], p[1])];
    let shade = Shade::new(&verts, tex);
    let inv_area = 1.0 / area;
    for y in row_lo..row_hi {
        let yc = y as f32 + 0.5;
        let mut x_lo = f32::NEG_INFINITY;
        let mut x_hi = f32::INFINITY;
        let mut empty = false;
        for &(a, b) in &edges {
            // edge(a, b, (x, yc)) = A·x + B
            let ca = b[1] - a[1];
            let cb = -a[0] * ca - (yc - a[1]) * (b[0] - a[0]);
            if ca > 0.0 {
                // Interior to the right: a left edge, its pixel centres are inside.
                let x0 = -cb / ca;
                x_lo = x_lo.max(x0);
            } else if ca < 0.0 {
                // A right edge: centres on it belong to the neighbour.
                x_hi = x_hi.min(-cb / ca);
            } else {
                // Horizontal: a top edge (interior below) keeps its centres.
                let top = a[0] > b[0];
                if cb < 0.0 || (cb == 0.0 && !top) {
                    empty = true;
                }
            }
        }
        if empty {
            continue;
        }
        let first = ((x_lo - 0.5).ceil() as i32).max(clip.x0);
        let end = ((x_hi - 0.5).ceil() as i32).min(clip.x1);
        if first >= end {
            continue;
        }
        let row = (y - band.y0) as usize * band.width * 4;
        let span = &mut band.pixels[row + first as usize * 4..row + end as usize * 4];
        match shade.constant {
            Some(src) if src[3] >= 254.5 => {
                let px = src.map(|c| c.round() as u8);
                for out in span.chunks_exact_mut(4) {
                    out.copy_from_slice(&px);
                }
            }
            Some(src) => {
                if src[3] > 0.0 {
                    for out in span.chunks_exact_mut(4) {
                        blend(out, src);
                    }
                }
            }
            None => {
                let xc = first as f32 + 0.5;
                // Barycentric weights of vertices 1 and 2 along the row, stepped in x.
                let mut w1 = edge(p[2], p[0], [xc, yc]) * inv_area;
                let mut w2 = edge(p[0], p[1], [xc, yc]) * inv_area;
                let d1 = (p[0][1] - p[2][1]) * inv_area;
                let d2 = (p[1][1] - p[0][1]) * inv_area;
                for out in span.chunks_exact_mut(4) {
                    let src = shade.at(1.0 - w1 - w2, w1, w2);
                    if src[3] > 0.0 {
                        blend(out, src);
                    }
                    w1 += d1;
                    w2 += d2;
                }
            }
        }
    }
}

/// edge(a, b, c): twice the signed area of (a, b, c); positive when c is left of a→b in
/// y-down screen space, i.e. (a, b, c) runs counter-clockwise on screen.
fn edge(a: [f32; 2], b: [f32; 2], c: [f32; 2]) -> f32 {
    (c[0] - a[0]) * (b[1] - a[1]) - (c[1] - a[1]) * (b[0] - a[0])
}

/// What colour a pixel gets: the vertex colour times the texture.
struct Shade<'a> {
    colors: [[f32; 4]; 3],
    uvs: [[f32; 2]; 3],
    tex: Option<&'a Texture>,
    /// Set when every pixel of the triangle gets the same colour.
    constant: Option<[f32; 4]>,
}

impl<'a> Shade<'a> {
    fn new(v: &[&Vertex; 3], tex: Option<&'a Texture>) -> Self {
        let colors = v.map(|v| {
            let c = v.color;
            [c.r() as f32, c.g() as f32, c.b() as f32, c.a() as f32]
        });
        let uvs = v.map(|v| [v.uv.x, v.uv.y]);
        let mut shade = Self {
            colors,
            uvs,
            tex,
            constant: None,
        };
        if v[0].color == v[1].color
            && v[1].color == v[2].color
            && v[0].uv == v[1].uv
            && v[1].uv == v[2].uv
        {
            shade.constant = Some(shade.at(1.0, 0.0, 0.0));
        }
        shade
    }

    fn at(&self, l0: f32, l1: f32, l2: f32) -> [f32; 4] {
        let c = &self.colors;
        let mut out = [0.0; 4];
        for i in 0..4 {
            out[i] = c[0][i] * l0 + c[1][i] * l1 + c[2][i] * l2;
        }
        if let Some(tex) = self.tex {
            let uv = &self.uvs;
            let u = uv[0][0] * l0 + uv[1][0] * l1 + uv[2][0] * l2;
            let v = uv[0][1] * l0 + uv[1][1] * l1 + uv[2][1] * l2;
            let t = tex.sample(u, v);
            for i in 0..4 {
                out[i] *= t[i] / 255.0;
            }
        }
        out
    }
}

/// Premultiplied "over": colour = src + dst·(1 − αs); alpha = αs·(1 − αd) + αd, as the egui
/// wgpu pipeline's blend state.
fn blend(dst: &mut [u8], src: [f32; 4]) {
    let sa = src[3] / 255.0;
    let keep = 1.0 - sa;
    for i in 0..3 {
        let v = src[i] + dst[i] as f32 * keep;
        dst[i] = (v + 0.5).clamp(0.0, 255.0) as u8;
    }
    let da = dst[3] as f32;
    let a = src[3] * (1.0 - da / 255.0) + da;
    dst[3] = (a + 0.5).clamp(0.0, 255.0) as u8;
}
