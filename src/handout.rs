//! A lesson as one PDF: every slide a page (landscape, the slide's own vectors), or a
//! printable handout (A4 portrait, two slides a page, each with ruled lines for notes).
//! Each page is an SVG made by the export path; `svg2pdf` turns each into a PDF object and
//! `pdf-writer` puts the pages together, the atlas's fonts embedded.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::Arc;

use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref};

use crate::core::dataset::Dataset;
use crate::export::{ExportOptions, Target};

/// How a lesson's slides are laid out on paper.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum PdfLayout {
    /// One slide a page, landscape.
    Slides,
    /// A4 portrait, two slides a page, each with ruled lines for the students' notes.
    Handout,
}

/// A4 in PDF points.
const A4: (f32, f32) = (595.0, 842.0);
const MARGIN: f32 = 36.0;
const NOTE_LINES: usize = 6;

/// The lesson in `opts.story` as a PDF in `layout`.
pub fn story_pdf(
    ds: Arc<Dataset>,
    opts: &ExportOptions,
    layout: PdfLayout,
) -> Result<Vec<u8>, String> {
    let story = opts.story.as_ref().ok_or("no story to export")?;
    let slides: Vec<String> = (0..story.slides.len())
        .map(|i| crate::export::render_svg(ds.clone(), Target::Slide(i), opts))
        .collect();
    let size = opts.size;
    let pages: Vec<(String, (f32, f32))> = match layout {
        // A4 landscape wide, the slide's own shape.
        PdfLayout::Slides => slides
            .iter()
            .map(|svg| (svg.clone(), (A4.1, A4.1 * size.y / size.x)))
            .collect(),
        PdfLayout::Handout => slides
            .chunks(2)
            .enumerate()
            .map(|(p, pair)| {
                let title = format!("{} · {}", story.title_zh, story.title_en);
                (handout_page(pair, p * 2, size, &title), A4)
            })
            .collect(),
    };
    pages_to_pdf(&pages)
}

/// An A4 page of up to two slides (scaled to the page's width), each followed by ruled
/// lines, and the lesson's title and page's slide numbers at the foot.
fn handout_page(pair: &[String], first: usize, size: egui::Vec2, title: &str) -> String {
    let width = A4.0 - 2.0 * MARGIN;
    let slide_h = width * size.y / size.x;
    let block = (A4.1 - 2.0 * MARGIN - 18.0) / 2.0;
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" viewBox="0 0 {} {}">"#,
        A4.0, A4.1, A4.0, A4.1
    );
    out.push_str(r#"<rect width="100%" height="100%" fill="white"/>"#);
    for (k, svg) in pair.iter().enumerate() {
        let top = MARGIN + k as f32 * block;
        // The slide, its ids made unique on the page, framed.
        let inner = nested(
            svg,
            &format!("s{}-", first + k),
            MARGIN,
            top,
            width,
            slide_h,
        );
        out.push_str(&inner);
        let _ = writeln!(
            out,
            r##"<rect x="{MARGIN}" y="{top}" width="{width}" height="{slide_h}" fill="none" stroke="#888" stroke-width="0.5"/>"##
        );
        // Lines to write on, in the room the slide leaves.
        let lines_top = top + slide_h + 10.0;
        let gap = (block - slide_h - 20.0) / NOTE_LINES as f32;
        for l in 1..=NOTE_LINES {
            let y = lines_top + l as f32 * gap;
            let _ = writeln!(
                out,
                r##"<line x1="{MARGIN}" y1="{y}" x2="{}" y2="{y}" stroke="#bbb" stroke-width="0.5"/>"##,
                MARGIN + width
            );
        }
    }
    let _ = writeln!(
        out,
        r##"<text x="{MARGIN}" y="{}" font-size="8" fill="#666" style="font-family: sans-serif">{} · {}</text>"##,
        A4.1 - MARGIN / 2.0,
        escape(title),
        match pair.len() {
            1 => format!("{}", first + 1),
            _ => format!("{}–{}", first + 1, first + pair.len()),
        }
    );
    out.push_str("</svg>\n");
    out
}

/// `svg` (a whole document) as a nested `<svg>` at (x, y), `w` × `h`, every id prefixed so
/// two slides on a page keep their own clip paths.
fn nested(svg: &str, prefix: &str, x: f32, y: f32, w: f32, h: f32) -> String {
    let body = svg
        .replace("id=\"", &format!("id=\"{prefix}"))
        .replace("url(#", &format!("url(#{prefix}"));
    // The root element's own size gives way to the place on the page.
    match body.find("<svg ").zip(body.find("viewBox=")) {
        Some((at, vb)) if vb > at => format!(
            "{}<svg x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" {}",
            &body[..at],
            &body[vb..]
        ),
        _ => body,
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// One PDF of `pages`, each an SVG drawn to fill a page of the given size (points).
pub fn pages_to_pdf(pages: &[(String, (f32, f32))]) -> Result<Vec<u8>, String> {
    let options = crate::export::usvg_options();
    let mut alloc = Ref::new(1);
    let catalog = alloc.bump();
    let tree_id = alloc.bump();
    let mut pdf = Pdf::new();
    let mut page_ids = Vec::new();
    let mut chunks = Vec::new();
    for (n, (svg, (w, h))) in pages.iter().enumerate() {
        let tree = svg2pdf::usvg::Tree::from_str(svg, &options)
            .map_err(|e| format!("page {}: {e}", n + 1))?;
        let (chunk, xobject) = svg2pdf::to_chunk(&tree, svg2pdf::ConversionOptions::default())
            .map_err(|e| format!("page {}: {e:?}", n + 1))?;
        // Number the page's objects after those already written.
        let mut map = HashMap::new();
        let chunk = chunk.renumber(|old| *map.entry(old).or_insert_with(|| alloc.bump()));
        let xobject = map
            .get(&xobject)
            .copied()
            .ok_or("a page lost its drawing")?;
        let (page_id, content_id) = (alloc.bump(), alloc.bump());
        let mut page = pdf.page(page_id);
        page.media_box(Rect::new(0.0, 0.0, *w, *h));
        page.parent(tree_id);
        page.contents(content_id);
        page.resources().x_objects().pair(Name(b"P"), xobject);
        page.finish();
        // svg2pdf's drawing is one unit square: stretch it over the page.
        let mut content = Content::new();
        content
            .transform([*w, 0.0, 0.0, *h, 0.0, 0.0])
            .x_object(Name(b"P"));
        pdf.stream(content_id, &content.finish());
        page_ids.push(page_id);
        chunks.push(chunk);
    }
    pdf.catalog(catalog).pages(tree_id);
    pdf.pages(tree_id)
        .kids(page_ids.iter().copied())
        .count(page_ids.len() as i32);
    for c in &chunks {
        pdf.extend(c);
    }
    Ok(pdf.finish())
}
