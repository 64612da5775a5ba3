//! The year slider over the map, shown while the active indicator has years: step, play or
//! pause at a chosen speed, class breaks fixed across years or per year, and how many units
//! have a value in the year shown. Keys: `[` and `]` step a year, `P` plays or pauses.

use egui::{RichText, Ui};

use crate::core::indicators::Indicator;
use crate::core::panel::{ChangeKind, PanelColumn, Per};
use crate::state::{AtlasState, Command};

/// Speeds offered, in years per second.
const SPEEDS: [f32; 4] = [1.0, 2.0, 4.0, 8.0];

pub fn show(ui: &mut Ui, state: &AtlasState, commands: &mut Vec<Command>) {
    let Indicator::Panel {
        column,
        year,
        transform,
    } = state.active_indicator()
    else {
        return;
    };
    let years = state.indicator_years();
    let (Some(&first), Some(&last)) = (years.first(), years.last()) else {
        return;
    };
    let lang = state.lang();
    keys(ui, year, state.playback.playing, commands);
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(lang.pick("年份", "Year")).strong());
        if ui
            .add_enabled(year > first, egui::Button::new("◀"))
            .on_hover_text(lang.pick("上一年 [", "Previous year ["))
            .clicked()
        {
            commands.push(Command::SetYear(year - 1));
        }
        let (icon, tip) = if state.playback.playing {
            ("||", lang.pick("暂停 (P)", "Pause (P)"))
        } else {
            ("▶", lang.pick("逐年播放 (P)", "Play the years (P)"))
        };
        if ui.button(icon).on_hover_text(tip).clicked() {
            commands.push(Command::SetPlaying(!state.playback.playing));
        }
        if ui
            .add_enabled(year < last, egui::Button::new("▶|"))
            .on_hover_text(lang.pick("下一年 ]", "Next year ]"))
            .clicked()
        {
            commands.push(Command::SetYear(year + 1));
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
            options(ui, state, column, first, year, &mut c, commands);
        })
        .response
        .on_hover_text(lang.pick(
            "播放速度、分级断点、人均或地均、与某年相比的变化、导出数据",
            "Speed, class breaks, per person or km², change since a year, export data",
        ));
        if c != state.settings.choropleth {
            commands.push(Command::SetChoropleth(c));
        }
        let panel = &state.ds.panel;
        let area_of = |u: usize| {
            let adcode = panel.units[u].adcode?;
            state.ds.prefecture(adcode).map(|p| p.area_km2)
        };
        let n = panel.coverage(column, year, transform, area_of);
        let total = state.ds.panel.units.len();
        ui.label(
            RichText::new(match lang {
                crate::core::settings::Lang::Zh => format!("{n}/{total} 个地级单位有值"),
                crate::core::settings::Lang::En => format!("{n}/{total} units have values"),
            })
            .weak(),
        );
    });
}

/// The year bar's menu: playback speed, class breaks, per person or km² (for totals), the
/// change since an earlier year, and the map data export.
fn options(
    ui: &mut Ui,
    state: &AtlasState,
    column: &PanelColumn,
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
fn keys(ui: &Ui, year: i32, playing: bool, commands: &mut Vec<Command>) {
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
    if back {
        commands.push(Command::SetYear(year - 1));
    }
    if forward {
        commands.push(Command::SetYear(year + 1));
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
    match (state.active_indicator().year(), years.last()) {
        (Some(year), Some(&last)) if year < last => {
            commands.push(Command::SetYear(year + 1));
            // Re-arms the timer for the year after, and wakes the app for it (nothing else
            // may ask for a frame while the user only watches).
            commands.push(Command::SetPlaying(year + 1 < last));
            let step = state.playback.step();
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(step));
        }
        _ => commands.push(Command::SetPlaying(false)),
    }
}
