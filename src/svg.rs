//! SVG from egui's shapes: the same frame the PNG export rasterises, written as vectors.
//! Rects, circles, lines and paths become their SVG elements; text stays text (one `<text>`
//! per row, the font named); map fills arrive as polygons (`map::vector`), one `<path>` per
//! unit inside one `<g>` per map layer; any other mesh is written as its triangles, grouped
//! by colour. Coordinates are in points, rounded to 0.1; each clip rect becomes a clip path.

use std::collections::HashMap;
use std::fmt::Write as _;

use egui::epaint::{ClippedShape, Color32, Pos2, Rect, Shape, Stroke};

use crate::map::vector::{VectorFill, VectorMark};

/// The fonts the atlas draws with, as SVG viewers and converters should look them up.
pub const FONT_FAMILY: &str =
    "'Ubuntu Light', 'Ubuntu', 'Noto Sans CJK SC', 'Noto Sans SC', sans-serif";

/// Writes `shapes` (in points) as an SVG document `size` points large, `scale` pixels to the
/// point when viewed at 100 %.
pub fn write(shapes: &[ClippedShape], size: egui::Vec2, scale: f32) -> String {
    write_with_images(shapes, size, scale, &HashMap::new())
}

/// `write`, with the pictures drawn from textures: each texture in `images` (as a `data:`
/// URI) becomes an `<image>` where a rectangle is filled with it.
pub fn write_with_images(
    shapes: &[ClippedShape],
    size: egui::Vec2,
    scale: f32,
    images: &HashMap<egui::TextureId, String>,
) -> String {
    let mut w = Writer {
        images: Some(images),
        ..Writer::default()
    };
    for s in shapes {
        w.clip(s.clip_rect);
        w.shape(&s.shape);
    }
    w.close_clip();
    let mut out = String::with_capacity(w.body.len() + w.defs.len() + 512);
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" viewBox="0 0 {} {}">"#,
        n(size.x * scale),
        n(size.y * scale),
        n(size.x),
        n(size.y)
    );
    out.push('\n');
    let _ = writeln!(
        out,
        "<style>text {{ font-family: {FONT_FAMILY}; white-space: pre; }}</style>"
    );
    if !w.defs.is_empty() {
        out.push_str("<defs>\n");
        out.push_str(&w.defs);
        out.push_str("</defs>\n");
    }
    out.push_str(&w.body);
    out.push_str("</svg>\n");
    out
}

#[derive(Default)]
struct Writer<'a> {
    /// Pictures by texture, as `data:` URIs.
    images: Option<&'a HashMap<egui::TextureId, String>>,
    defs: String,
    body: String,
    clips: HashMap<[i32; 4], usize>,
    /// The clip rect of the open `<g>`.
    open_clip: Option<[i32; 4]>,
}

/// A number rounded to 0.1, without a trailing ".0".
fn n(v: f32) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r == r.trunc() {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

fn color(c: Color32) -> String {
    let [r, g, b, _] = c.to_srgba_unmultiplied();
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// ` fill="#rrggbb"` (with its opacity), or ` fill="none"`.
fn fill_attr(c: Color32) -> String {
    if c.a() == 0 {
        return r#" fill="none""#.to_owned();
    }
    let a = c.to_srgba_unmultiplied()[3];
    if a == 255 {
        format!(r#" fill="{}""#, color(c))
    } else {
        format!(
            r#" fill="{}" fill-opacity="{:.3}""#,
            color(c),
            f32::from(a) / 255.0
        )
    }
}

fn stroke_attr(s: Stroke) -> String {
    if s.width <= 0.0 || s.color.a() == 0 {
        return String::new();
    }
    let a = s.color.to_srgba_unmultiplied()[3];
    let opacity = if a == 255 {
        String::new()
    } else {
        format!(r#" stroke-opacity="{:.3}""#, f32::from(a) / 255.0)
    };
    format!(
        r#" stroke="{}" stroke-width="{}"{opacity}"#,
        color(s.color),
        n(s.width.max(0.1))
    )
}

fn escape(t: &str) -> String {
    t.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn points(pts: &[Pos2]) -> String {
    let mut s = String::with_capacity(pts.len() * 12);
    for (i, p) in pts.iter().enumerate() {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(&n(p.x));
        s.push(',');
        s.push_str(&n(p.y));
    }
    s
}

/// A path's data for closed rings: "M x y L … Z" per ring.
fn rings_d(rings: &[Vec<Pos2>]) -> String {
    let mut d = String::new();
    for ring in rings.iter().filter(|r| r.len() >= 3) {
        for (i, p) in ring.iter().enumerate() {
            d.push(if i == 0 { 'M' } else { 'L' });
            d.push_str(&n(p.x));
            d.push(' ');
            d.push_str(&n(p.y));
        }
        d.push('Z');
    }
    d
}

impl Writer<'_> {
    fn clip(&mut self, r: Rect) {
        let key = [r.min.x, r.min.y, r.max.x, r.max.y].map(|v| (v * 10.0).round() as i32);
        if self.open_clip == Some(key) {
            return;
        }
        self.close_clip();
        let next = self.clips.len();
        let id = *self.clips.entry(key).or_insert_with(|| {
            let _ = writeln!(
                self.defs,
                r#"<clipPath id="c{next}"><rect x="{}" y="{}" width="{}" height="{}"/></clipPath>"#,
                n(r.min.x),
                n(r.min.y),
                n(r.width()),
                n(r.height())
            );
            next
        });
        let _ = writeln!(self.body, r#"<g clip-path="url(#c{id})">"#);
        self.open_clip = Some(key);
    }

    fn close_clip(&mut self) {
        if self.open_clip.take().is_some() {
            self.body.push_str("</g>\n");
        }
    }

    fn shape(&mut self, shape: &Shape) {
        let b = &mut self.body;
        match shape {
            Shape::Noop => {}
            Shape::Vec(v) => {
                for s in v {
                    self.shape(s);
                }
            }
            Shape::Circle(c) => {
                let _ = writeln!(
                    b,
                    r#"<circle cx="{}" cy="{}" r="{}"{}{}/>"#,
                    n(c.center.x),
                    n(c.center.y),
                    n(c.radius),
                    fill_attr(c.fill),
                    stroke_attr(c.stroke)
                );
            }
            Shape::Ellipse(e) => {
                let _ = writeln!(
                    b,
                    r#"<ellipse cx="{}" cy="{}" rx="{}" ry="{}"{}{}/>"#,
                    n(e.center.x),
                    n(e.center.y),
                    n(e.radius.x),
                    n(e.radius.y),
                    fill_attr(e.fill),
                    stroke_attr(e.stroke)
                );
            }
            Shape::LineSegment { points: p, stroke } => {
                let _ = writeln!(
                    b,
                    r#"<line x1="{}" y1="{}" x2="{}" y2="{}"{}/>"#,
                    n(p[0].x),
                    n(p[0].y),
                    n(p[1].x),
                    n(p[1].y),
                    stroke_attr(*stroke)
                );
            }
            Shape::Path(p) => {
                let stroke = match p.stroke.color {
                    egui::epaint::ColorMode::Solid(c) => Stroke::new(p.stroke.width, c),
                    egui::epaint::ColorMode::UV(_) => Stroke::NONE,
                };
                let tag = if p.closed { "polygon" } else { "polyline" };
                let fill = if p.closed {
                    fill_attr(p.fill)
                } else {
                    r#" fill="none""#.to_owned()
                };
                let _ = writeln!(
                    b,
                    r#"<{tag} points="{}"{fill}{} stroke-linejoin="round"/>"#,
                    points(&p.points),
                    stroke_attr(stroke)
                );
            }
            Shape::Rect(r)
                if let Some(uri) = r
                    .brush
                    .as_ref()
                    .and_then(|brush| self.images?.get(&brush.fill_texture_id)) =>
            {
                let _ = writeln!(
                    b,
                    r#"<image x="{}" y="{}" width="{}" height="{}" preserveAspectRatio="none" href="{uri}"/>"#,
                    n(r.rect.min.x),
                    n(r.rect.min.y),
                    n(r.rect.width()),
                    n(r.rect.height()),
                );
            }
            Shape::Rect(r) => {
                let radius = f32::from(r.corner_radius.nw);
                let rx = if radius > 0.0 {
                    format!(r#" rx="{}""#, n(radius))
                } else {
                    String::new()
                };
                let _ = writeln!(
                    b,
                    r#"<rect x="{}" y="{}" width="{}" height="{}"{rx}{}{}/>"#,
                    n(r.rect.min.x),
                    n(r.rect.min.y),
                    n(r.rect.width()),
                    n(r.rect.height()),
                    fill_attr(r.fill),
                    stroke_attr(r.stroke)
                );
            }
            Shape::Band(band) => {
                // The outline: along the upper edge, back along the lower one.
                let mut pts: Vec<Pos2> = band
                    .points
                    .iter()
                    .map(|p| Pos2::new(p.x, p.y.min))
                    .collect();
                pts.extend(band.points.iter().rev().map(|p| Pos2::new(p.x, p.y.max)));
                let _ = writeln!(
                    b,
                    r#"<polygon points="{}"{}{}/>"#,
                    points(&pts),
                    fill_attr(band.fill),
                    stroke_attr(band.stroke)
                );
            }
            Shape::Text(t) => self.text(t),
            Shape::Mesh(m) => self.mesh(m),
            Shape::QuadraticBezier(q) => {
                let p = q.to_path_shape(None);
                self.shape(&Shape::Path(p));
            }
            Shape::CubicBezier(c) => {
                for p in c.to_path_shapes(None, None) {
                    self.shape(&Shape::Path(p));
                }
            }
            Shape::Callback(cb) => {
                if let Some(mark) = cb.callback.downcast_ref::<VectorMark>() {
                    self.mark(mark);
                }
            }
        }
    }

    fn mark(&mut self, mark: &VectorMark) {
        match mark {
            VectorMark::Begin(name) => {
                let _ = writeln!(self.body, r#"<g id="{name}">"#);
            }
            VectorMark::End => self.body.push_str("</g>\n"),
            VectorMark::Fills(fills) => {
                self.body.push_str("<g class=\"fills\">\n");
                for VectorFill {
                    rings,
                    color,
                    stroke,
                } in fills
                {
                    let d = rings_d(rings);
                    if !d.is_empty() {
                        let _ = writeln!(
                            self.body,
                            r#"<path d="{d}"{}{} fill-rule="evenodd"/>"#,
                            fill_attr(*color),
                            stroke_attr(*stroke)
                        );
                    }
                }
                self.body.push_str("</g>\n");
            }
        }
    }

    /// One `<text>` per row, at its baseline, in the colour its glyphs were laid out with.
    fn text(&mut self, t: &egui::epaint::TextShape) {
        let g = &t.galley;
        let size = g
            .job
            .sections
            .first()
            .map_or(14.0, |s| s.format.font_id.size);
        let transform = if t.angle == 0.0 {
            String::new()
        } else {
            format!(
                r#" transform="rotate({} {} {})""#,
                n(t.angle.to_degrees()),
                n(t.pos.x),
                n(t.pos.y)
            )
        };
        for row in &g.rows {
            let text: String = row.row.glyphs.iter().map(|gl| gl.chr).collect();
            if text.trim().is_empty() {
                continue;
            }
            let Some(first) = row.row.glyphs.first() else {
                continue;
            };
            let row_color = row
                .row
                .visuals
                .mesh
                .vertices
                .first()
                .map(|v| v.color)
                // Text laid out without a colour is painted in the shape's fallback colour.
                .filter(|c| *c != Color32::PLACEHOLDER)
                .unwrap_or(t.fallback_color);
            let c = t
                .override_text_color
                .unwrap_or(row_color)
                .gamma_multiply(t.opacity_factor);
            // Every glyph at the x egui laid it out at, so a viewer's fallback font for a
            // character (a "·", a CJK glyph) cannot shift the rest of the row.
            let xs: Vec<String> = row
                .row
                .glyphs
                .iter()
                .map(|gl| n(t.pos.x + row.pos.x + gl.pos.x))
                .collect();
            let y = t.pos.y + row.pos.y + first.pos.y;
            let _ = writeln!(
                self.body,
                r#"<text xml:space="preserve" x="{}" y="{}" font-size="{}"{}{transform}>{}</text>"#,
                xs.join(" "),
                n(y),
                n(size),
                fill_attr(c),
                escape(&text)
            );
        }
    }

    /// Any other mesh (plot fills, swatches): its triangles, one path per colour.
    fn mesh(&mut self, m: &egui::Mesh) {
        let mut by_color: Vec<(Color32, String)> = Vec::new();
        for tri in m.indices.chunks_exact(3) {
            let (Some(a), Some(b), Some(c)) = (
                m.vertices.get(tri[0] as usize),
                m.vertices.get(tri[1] as usize),
                m.vertices.get(tri[2] as usize),
            ) else {
                continue;
            };
            if a.color.a() == 0 && b.color.a() == 0 && c.color.a() == 0 {
                continue;
            }
            let d = rings_d(&[vec![a.pos, b.pos, c.pos]]);
            match by_color.iter_mut().find(|(col, _)| *col == a.color) {
                Some((_, path)) => path.push_str(&d),
                None => by_color.push((a.color, d)),
            }
        }
        for (c, d) in by_color {
            let _ = writeln!(self.body, r#"<path d="{d}"{}/>"#, fill_attr(c));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short_and_text_is_escaped() {
        assert_eq!(n(12.0), "12");
        assert_eq!(n(12.34), "12.3");
        assert_eq!(n(-0.04), "0");
        assert_eq!(escape("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
        assert_eq!(fill_attr(Color32::TRANSPARENT), r#" fill="none""#);
        assert_eq!(
            fill_attr(Color32::from_rgb(255, 0, 16)),
            r##" fill="#ff0010""##
        );
    }
}
