//! The year slider as an animation: the map of a panel indicator rendered once per year, the
//! same size every frame, written as an animated GIF (teachers drop it into slides) or as a
//! numbered PNG sequence.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::core::atomic::write_atomic;
use crate::core::dataset::Dataset;
use crate::export::{ExportOptions, Target, render, write_png};

/// How long each year stays on screen, by default.
pub const DEFAULT_FRAME_MS: u16 = 800;

/// The years to animate: `from..=to` within the years the active indicator has values
/// for. An indicator without years, or a range with none of its years, is an error.
pub fn animation_years(
    ds: &Dataset,
    opts: &ExportOptions,
    from: Option<i32>,
    to: Option<i32>,
) -> Result<Vec<i32>, String> {
    let c = &opts.settings.choropleth;
    let column = c
        .panel
        .as_deref()
        .and_then(crate::core::panel::column)
        .ok_or("an animation needs --indicator with years (`atlas data indicators` lists them)")?;
    let have = ds.panel.years_with_values(column);
    let (first, last) = match (have.first(), have.last()) {
        (Some(&a), Some(&b)) => (a, b),
        _ => return Err(format!("indicator '{}' has no values", column.id)),
    };
    let (from, to) = (from.unwrap_or(first), to.unwrap_or(last));
    if from > to {
        return Err(format!("--from {from} is after --to {to}"));
    }
    let years: Vec<i32> = have
        .iter()
        .copied()
        .filter(|y| (from..=to).contains(y))
        .collect();
    if years.is_empty() {
        return Err(format!(
            "indicator '{}' has no values in {from}–{to} (it has {first}–{last})",
            column.id
        ));
    }
    Ok(years)
}

/// One map per year, rendered in parallel (every frame the same size).
fn frames(
    ds: &Arc<Dataset>,
    opts: &ExportOptions,
    years: &[i32],
) -> Result<Vec<image::RgbaImage>, String> {
    years
        .par_iter()
        .map(|&y| {
            let mut o = opts.clone();
            o.settings.choropleth.year = Some(y);
            render(ds.clone(), Target::Map, &o)
        })
        .collect()
}

/// Writes an animated GIF that loops, `frame_ms` per year. Frames are quantised to 256
/// colours in parallel; the file is written atomically.
pub fn write_gif(
    ds: Arc<Dataset>,
    opts: &ExportOptions,
    years: &[i32],
    frame_ms: u16,
    path: &Path,
) -> Result<(), String> {
    let images = frames(&ds, opts, years)?;
    let (w, h) = images
        .first()
        .map(|i| (i.width(), i.height()))
        .ok_or("no frames")?;
    let too_big = || format!("{w}×{h} is larger than a GIF can hold (65,535 pixels a side)");
    let (w16, h16) = (
        u16::try_from(w).map_err(|_| too_big())?,
        u16::try_from(h).map_err(|_| too_big())?,
    );
    let delay = frame_ms / 10; // GIF delays are in hundredths of a second.
    let gif_frames: Vec<gif::Frame<'static>> = images
        .into_par_iter()
        .map(|img| {
            let mut rgba = img.into_raw();
            let mut f = gif::Frame::from_rgba_speed(w16, h16, &mut rgba, 10);
            f.delay = delay;
            f
        })
        .collect();
    let mut bytes = Vec::new();
    {
        let mut enc = gif::Encoder::new(&mut bytes, w16, h16, &[]).map_err(|e| e.to_string())?;
        enc.set_repeat(gif::Repeat::Infinite)
            .map_err(|e| e.to_string())?;
        for f in &gif_frames {
            enc.write_frame(f).map_err(|e| e.to_string())?;
        }
    }
    write_atomic(path, &bytes).map_err(|e| format!("{}: cannot write: {e}", path.display()))
}

/// Writes one PNG per year into `dir`: `NAME-001-1990.png`, … (numbered so they sort in
/// order, with the year for people). Returns the files written.
pub fn write_png_sequence(
    ds: Arc<Dataset>,
    opts: &ExportOptions,
    years: &[i32],
    dir: &Path,
    name: &str,
) -> Result<Vec<PathBuf>, String> {
    let images = frames(&ds, opts, years)?;
    images
        .iter()
        .zip(years)
        .enumerate()
        .map(|(i, (img, y))| {
            let path = dir.join(format!("{name}-{:03}-{y}.png", i + 1));
            write_png(&path, img, opts.compression)?;
            Ok(path)
        })
        .collect()
}
