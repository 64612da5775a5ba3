//! The year slider over the map, shown while the active indicator has years: step, play or
//! pause at a chosen speed, class breaks fixed across years or per year, and how many units
//! have a value in the year shown. Keys: `[` and `]` step a year, `P` plays or pauses.

use egui::{RichText, Ui};

use crate::core::indicators::Indicator;
use crate::core::panel::{ChangeKind, Per};
use crate::state::{AtlasState, Command};

/// Speeds offered, in years per second.
const SPEEDS: [f32; 4] = [1.0, 2.0, 4.0, 8.0];

/// The year before `year` that has values, if any.
fn previous_year(years: &[i32], year: i32) -> Option<i32> {
    years.iter().rev().copied().find(|&y| y < year)
}

/// The year after `year` that has values, if any (an imported table's years may have gaps).
fn next_year(years: &[i32], year: i32) -> Option<i32> {
    years.iter().copied().find(|&y| y > year)
}

pub fn show(ui: &mut Ui, state: &AtlasState, commands: &mut Vec<Command>) {
    let indicator = state.active_indicator();
    let Some(year) = indicator.year() else {
        return;
    };
    let years = state.indicator_years();
    let (Some(&first), Some(&last)) = (years.first(), years.last()) else {
        return;
    };
    let lang = state.lang();
    let (previous, next) = (previous_year(years, year), next_year(years, year));
    keys(ui, previous, next, state.playback.playing, commands);
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(lang.pick("年份", "Year")).strong());
        if let Some(y) = previous
            && ui
                .button("◀")
                .on_hover_text(lang.pick("上一年 [", "Previous year ["))
                .clicked()
        {
            commands.push(Command::SetYear(y));
        }
        if previous.is_none() {
            ui.add_enabled(false, egui::Button::new("◀"));
        }
        let (icon, tip) = if state.playback.playing {
            ("||", lang.pick("暂停 (P)", "Pause (P)"))
        } else {
            ("▶", lang.pick("逐年播放 (P)", "Play the years (P)"))
        };
        if ui.button(icon).on_hover_text(tip).clicked() {
            commands.push(Command::SetPlaying(!state.playback.playing));
        }
        if let Some(y) = next
            && ui
                .button("▶|")
                .on_hover_text(lang.pick("下一年 ]", "Next year ]"))
                .clicked()
        {
            commands.push(Command::SetYear(y));
        }
        if next.is_none() {
            ui.add_enabled(false, egui::Button::new("▶|"));
        }
        let mut y = year;
        let slider = egui::Slider::new(&mut y, first..=last)
            .integer()
            .clamping(egui::SliderClamping::Always);
        if ui
            .add(slider)
            .on_hover_text(lang.pick("拖动或用方向键选择年份", "Drag, or use the arrow keys"))
            .changed()
        {
            commands.push(Command::SetYear(y));
        }
        // Everything else in one menu, so the bar stays one line on a projector.
        let mut c = state.settings.choropleth.clone();
        ui.menu_button(lang.pick("选项…", "Options…"), |ui| {
            options(ui, state, &indicator, first, year, &mut c, commands);
        })
        .response
        .on_hover_text(lang.pick(
            "播放速度、分级断点、人均或地均、与某年相比的变化、导出数据",
            "Speed, class breaks, per person or km², change since a year, export data",
        ));
        if c != state.settings.choropleth {
            commands.push(Command::SetChoropleth(c));
        }
        let (n, total) = coverage(state, &indicator, year);
        let text = match lang {
            crate::core::settings::Lang::Zh => format!("{n}/{total} 个地级单位有值"),
            crate::core::settings::Lang::En => format!("{n}/{total} units have values"),
        };
        // Only where it fits on the line (a narrow map, e.g. beside the lesson editor, has
        // the count in the legend too).
        let font = egui::TextStyle::Body.resolve(ui.style());
        let needed = ui
            .painter()
            .layout_no_wrap(text.clone(), font, egui::Color32::WHITE)
            .size()
            .x;
        if needed + 8.0 < ui.available_width() {
            ui.label(RichText::new(text).weak());
        }
    });
}

/// How many units have a value in the year shown, of how many the indicator covers.
fn coverage(state: &AtlasState, indicator: &Indicator<'_>, year: i32) -> (usize, usize) {
    match indicator {
        Indicator::Panel {
            column, transform, ..
        } => {
            let panel = &state.ds.panel;
            let area_of = |u: usize| {
                let adcode = panel.units[u].adcode?;
                state.ds.prefecture(adcode).map(|p| p.area_km2)
            };
            let n = panel.coverage(column, year, *transform, area_of);
            (n, panel.units.len())
        }
        Indicator::Imported { imp, .. } => {
            let n = imp.values_in(Some(year)).map_or(0, |v| v.len());
            let total = match imp.level {
                crate::core::import::Level::Province => state.ds.provinces.len(),
                crate::core::import::Level::Prefecture => state.ds.prefectures.len(),
            };
            (n, total)
        }
        Indicator::BuiltIn(_) => (0, 0),
    }
}

/// The year bar's menu: playback speed, class breaks, per person or km² (for totals), the
/// change since an earlier year (panel indicators), and the map data export.
fn options(
    ui: &mut Ui,
    state: &AtlasState,
    indicator: &Indicator<'_>,
    first: i32,
    year: i32,
    c: &mut crate::core::settings::Choropleth,
    commands: &mut Vec<Command>,
) {
    let lang = state.lang();
    ui.label(RichText::new(lang.pick("播放速度", "Speed")).strong());
    let speed = state.playback.years_per_second;
    ui.horizontal(|ui| {
        for s in SPEEDS {
            let text = format!("{s} {}", lang.pick("年/秒", "years/s"));
            if ui.selectable_label(speed == s, text).clicked() {
                commands.push(Command::SetPlaySpeed(s));
            }
        }
    });
    ui.separator();
    ui.label(RichText::new(lang.pick("分级断点", "Class breaks")).strong());
    ui.radio_value(
        &mut c.breaks_each_year,
        false,
        lang.pick(
            "各年统一（颜色在各年可比）",
            "all years (colours compare across years)",
        ),
    );
    ui.radio_value(
        &mut c.breaks_each_year,
        true,
        lang.pick("逐年", "each year"),
    );
    let Indicator::Panel { column, .. } = indicator else {
        return;
    };
    if column.can_normalise() {
        ui.separator();
        ui.label(RichText::new(lang.pick("口径", "Basis")).strong());
        for (p, text) in [
            (Per::Total, lang.pick("总量", "total")),
            (
                Per::Person,
                lang.pick("人均（户籍人口）", "per person (registered residents)"),
            ),
            (Per::Km2, lang.pick("地均（每平方千米）", "per km²")),
        ] {
            ui.radio_value(&mut c.per, p, text);
        }
    }
    ui.separator();
    ui.label(RichText::new(lang.pick("显示", "Show")).strong());
    let mut kind = c.change_from.map(|_| c.change_kind);
    for (k, text) in [
        (None, lang.pick("当年数值", "the value in the year")),
        (Some(ChangeKind::Absolute), lang.pick("变化量", "change")),
        (Some(ChangeKind::Percent), lang.pick("变化率 %", "change %")),
        (
            Some(ChangeKind::Cagr),
            lang.pick("年均增长率", "annual growth rate"),
        ),
    ] {
        ui.radio_value(&mut kind, k, text);
    }
    match kind {
        None => c.change_from = None,
        Some(k) => {
            c.change_kind = k;
            // Since the plan's first year, or the first year the indicator has.
            let mut from = c.change_from.unwrap_or(2013.max(first)).clamp(first, year);
            ui.add(
                egui::DragValue::new(&mut from)
                    .range(first..=year)
                    .prefix(lang.pick("自 ", "since ")),
            );
            c.change_from = Some(from);
        }
    }
    ui.separator();
    if ui
        .button(lang.pick(
            "导出本图数据（CSV、GeoJSON）",
            "Export this map's data (CSV, GeoJSON)",
        ))
        .on_hover_text(lang.pick(
            "各地级单位的数值，含单位、口径与来源行",
            "Each prefecture's value, with unit, basis and source rows",
        ))
        .clicked()
    {
        commands.push(Command::ExportMapData);
        ui.close();
    }
}

/// `[` and `]` step a year, `P` plays or pauses, unless a text field has the keyboard.
fn keys(
    ui: &Ui,
    previous: Option<i32>,
    next: Option<i32>,
    playing: bool,
    commands: &mut Vec<Command>,
) {
    if ui.ctx().egui_wants_keyboard_input() {
        return;
    }
    let (back, forward, play) = ui.input_mut(|i| {
        let none = egui::Modifiers::NONE;
        (
            i.consume_key(none, egui::Key::OpenBracket),
            i.consume_key(none, egui::Key::CloseBracket),
            i.consume_key(none, egui::Key::P),
        )
    });
    if let Some(y) = previous.filter(|_| back) {
        commands.push(Command::SetYear(y));
    }
    if let Some(y) = next.filter(|_| forward) {
        commands.push(Command::SetYear(y));
    }
    if play {
        commands.push(Command::SetPlaying(!playing));
    }
}

/// While playing: the next year when it is due, and a stop at the last. Called once a frame.
pub fn advance(ctx: &egui::Context, state: &AtlasState, commands: &mut Vec<Command>) {
    if !state.playback.playing {
        return;
    }
    let now = ctx.input(|i| i.time);
    let due = state.playback.next_step_at;
    if now < due {
        ctx.request_repaint_after(std::time::Duration::from_secs_f64(due - now));
        return;
    }
    let years = state.indicator_years();
    match state
        .active_indicator()
        .year()
        .and_then(|y| next_year(years, y))
    {
        Some(next) => {
            commands.push(Command::SetYear(next));
            // Re-arms the timer for the year after, and wakes the app for it (nothing else
            // may ask for a frame while the user only watches).
            commands.push(Command::SetPlaying(next_year(years, next).is_some()));
            let step = state.playback.step();
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(step));
        }
        None => commands.push(Command::SetPlaying(false)),
    }
}
