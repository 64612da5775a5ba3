//! The "My layers" panel: GeoJSON layers the user opened. Lists each layer with its
//! visibility, colouring and source; shows a progress bar (with Cancel) while one loads; and
//! offers Open, Retry and Remove, all as commands; a changed visibility or fill is sent as
//! the new list of layer records.

use egui::Ui;

use super::file_chooser::{PathPicker, PickerMode};
use crate::core::settings::{Lang, LayerColor, UserLayerRecord};
use crate::state::user_layer::{LayerLoad, UserLayerView, layer_color};
use crate::state::{AtlasState, Command};

/// Runtime state of the panel (never persisted): the path typed or chosen.
pub struct LayerPanel {
    pub path: PathPicker,
}

impl Default for LayerPanel {
    fn default() -> Self {
        Self {
            path: PathPicker::new(PickerMode::Open, ("GeoJSON", &["geojson", "json"])),
        }
    }
}

fn stage_label(load: &LayerLoad, lang: Lang) -> &'static str {
    use crate::core::userlayer::Stage;
    match load.progress.stage() {
        Stage::Reading => lang.pick("读取文件", "reading"),
        Stage::Parsing => lang.pick("解析 JSON", "parsing"),
        Stage::Checking => lang.pick("检查坐标", "checking"),
        Stage::Building => lang.pick("投影与三角化", "projecting and triangulating"),
        Stage::Done => lang.pick("完成", "done"),
    }
}

/// The progress of a layer load, as the panel and the status bar show it.
pub fn load_progress_bar(load: &LayerLoad, lang: Lang, width: f32) -> egui::ProgressBar {
    let f = load.progress.fraction();
    egui::ProgressBar::new(f).desired_width(width).text(format!(
        "{:.0} % · {}",
        f * 100.0,
        stage_label(load, lang)
    ))
}

/// "Loading FILE", the label beside or above a load's progress bar.
pub fn loading_label(load: &LayerLoad, lang: Lang) -> String {
    format!(
        "{} {}",
        lang.pick("正在载入", "Loading"),
        file_name(&load.record.path)
    )
}

fn file_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

impl LayerPanel {
    /// Draws the panel: the path field, loads in progress, then each listed layer (list
    /// order = drawing order).
    pub fn show(&mut self, ui: &mut Ui, state: &AtlasState, commands: &mut Vec<Command>) {
        let lang = state.lang();
        ui.heading(lang.pick("我的图层（GeoJSON）", "My layers (GeoJSON)"));
        let picked = self.path.poll(ui.ctx());
        let mut open = false;
        ui.horizontal(|ui| {
            let hint = lang.pick("GeoJSON 文件路径", "path to a GeoJSON file");
            self.path.field(ui, hint, 150.0);
            open = ui.button(lang.pick("打开图层", "Open layer")).clicked();
            let title = lang.pick("打开 GeoJSON 图层", "Open GeoJSON layer");
            self.path
                .browse_button(ui, title, "…", lang)
                .on_hover_text(lang.pick("浏览", "Browse"));
        });
        if (picked || open) && !self.path.trimmed().is_empty() {
            commands.push(Command::OpenLayer(self.path.trimmed().to_owned()));
        }
        for load in &state.layer_loads {
            ui.label(loading_label(load, lang));
            ui.horizontal(|ui| {
                ui.add(load_progress_bar(load, lang, 170.0));
                if ui.button(lang.pick("取消", "Cancel")).clicked() {
                    commands.push(Command::CancelLayer(load.record.path.clone()));
                }
            });
        }
        let mut records = state.settings.user_layers.clone();
        for (n, rec) in records.iter_mut().enumerate() {
            ui.separator();
            layer_entry(ui, state, n, rec, commands);
        }
        if records != state.settings.user_layers {
            commands.push(Command::SetUserLayers(records));
        }
    }
}

/// One listed layer: visibility, counts, source, fill, and Zoom to / Retry / Remove.
fn layer_entry(
    ui: &mut Ui,
    state: &AtlasState,
    n: usize,
    rec: &mut UserLayerRecord,
    commands: &mut Vec<Command>,
) {
    let lang = state.lang();
    let view = state.data.user_layer(&rec.path);
    let loading = state.layer_loads.iter().any(|l| l.record.path == rec.path);
    ui.horizontal(|ui| {
        let (rect, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
        ui.painter().rect_filled(rect, 2.0, layer_color(n));
        let name = view.map_or_else(|| file_name(&rec.path).to_owned(), |v| v.name.clone());
        ui.checkbox(&mut rec.visible, name);
    });
    match view {
        Some(v) => {
            let (p, l, a) = v.counts;
            ui.small(format!(
                "{} {} · {} {p} · {} {l} · {} {a}",
                v.len(),
                lang.pick("个要素", "features"),
                lang.pick("点", "points"),
                lang.pick("线", "lines"),
                lang.pick("面", "polygons"),
            ));
            ui.small(format!(
                "{} {} ({} {})",
                lang.pick("来源：", "Source:"),
                rec.path,
                lang.pick("打开于", "opened on"),
                rec.date
            ));
            for note in &v.notes {
                ui.small(note);
            }
            if a > 0 {
                color_combo(ui, lang, n, rec, v);
            }
        }
        None if loading => {}
        None => {
            let why = state
                .layer_failures
                .get(&rec.path)
                .map_or(lang.pick("未载入", "not loaded"), String::as_str);
            ui.colored_label(ui.visuals().error_fg_color, why);
        }
    }
    ui.horizontal(|ui| {
        if let Some(v) = view
            && ui.small_button(lang.pick("定位", "Zoom to")).clicked()
        {
            commands.push(Command::FlyToBounds(v.bounds_lonlat));
        }
        if view.is_none() && !loading && ui.small_button(lang.pick("重试", "Retry")).clicked() {
            commands.push(Command::OpenLayer(rec.path.clone()));
        }
        if ui.small_button(lang.pick("移除", "Remove")).clicked() {
            commands.push(Command::RemoveLayer(rec.path.clone()));
        }
    });
}

fn color_combo(ui: &mut Ui, lang: Lang, n: usize, rec: &mut UserLayerRecord, v: &UserLayerView) {
    let label = |c: &LayerColor| match c {
        LayerColor::Single => lang.pick("单色", "single colour").to_owned(),
        LayerColor::AreaKm2 => lang
            .pick("面积 km²（由几何计算）", "area km² (from geometry)")
            .to_owned(),
        LayerColor::Property(k) => format!("{} {k}", lang.pick("属性", "property")),
    };
    egui::ComboBox::new(("layer_color", n), lang.pick("填色", "Fill"))
        .selected_text(label(&rec.color))
        .show_ui(ui, |ui| {
            let mut options = vec![LayerColor::Single, LayerColor::AreaKm2];
            options.extend(
                v.numeric_properties
                    .iter()
                    .map(|k| LayerColor::Property(k.clone())),
            );
            for o in options {
                let text = label(&o);
                ui.selectable_value(&mut rec.color, o, text);
            }
        });
}

/// The details panel for a selected feature of a user layer: every property as the file
/// gives it, the computed area, and where the layer came from.
pub fn feature_details(ui: &mut Ui, lang: Lang, layer: &UserLayerView, feature: usize) {
    ui.label(
        egui::RichText::new(format!(
            "{} · {} {feature}",
            layer.name,
            lang.pick("要素", "feature")
        ))
        .heading(),
    );
    let Some(props) = layer.properties.get(feature) else {
        return;
    };
    egui::Grid::new("user_feature_properties")
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            for (k, v) in props {
                ui.label(k);
                ui.label(v.to_string());
                ui.end_row();
            }
            if let Some(Some(a)) = layer.area_km2.get(feature) {
                ui.label(lang.pick("面积（由几何计算）", "Area (from geometry)"));
                ui.label(format!("{a:.1} km²"));
                ui.end_row();
            }
        });
    if props.is_empty() {
        ui.weak(lang.pick("此要素没有属性", "This feature has no properties"));
    }
    ui.add_space(6.0);
    ui.small(format!(
        "{} {} ({})",
        lang.pick("来源：用户图层", "Source: user layer"),
        layer.path,
        lang.pick(
            "属性按文件原样显示；面积按 Albers 等积投影计算",
            "properties as given in the file; area on the Albers equal-area projection"
        )
    ));
}
