//! The "My layers" panel: GeoJSON layers the user opened. Lists each layer with its
//! visibility, colouring and source; shows a progress bar (with Cancel) while one loads; and
//! offers Open, Retry and Remove. It edits the layer records in the settings directly (like
//! the built-in layer checkboxes) and returns the rest as actions for the app.

use std::collections::BTreeMap;

use egui::Ui;

use crate::map::user_layer::{LayerLoad, UserLayerView, layer_colour};
use crate::state::{Lang, LayerColour, UserLayerRecord};

/// What the panel asks the app to do.
#[derive(Clone, Debug, PartialEq)]
pub enum LayerAction {
    /// Start loading a file (new, or again).
    Open(String),
    /// Stop a load in progress.
    Cancel(String),
    /// Forget a layer (its record and its loaded data).
    Remove(String),
    /// Move the map to `[west, south, east, north]`.
    FlyTo([f64; 4]),
    /// Show the system file chooser.
    Browse,
}

/// Runtime state of the panel (never persisted).
#[derive(Default)]
pub struct LayerPanel {
    /// The path typed in the "Open GeoJSON" field.
    pub path: String,
    /// Why the last load of a path failed (shown until it loads or is removed).
    pub failures: BTreeMap<String, String>,
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
    /// Draws the panel. `records` are the persisted layers (list order = drawing order),
    /// `views` the loaded ones, `loads` those still loading.
    pub fn show(
        &mut self,
        ui: &mut Ui,
        lang: Lang,
        records: &mut [UserLayerRecord],
        views: &[std::sync::Arc<UserLayerView>],
        loads: &[LayerLoad],
    ) -> Vec<LayerAction> {
        let mut actions = Vec::new();
        ui.heading(lang.pick("我的图层（GeoJSON）", "My layers (GeoJSON)"));
        ui.horizontal(|ui| {
            ui.add(
                egui::TextEdit::singleline(&mut self.path)
                    .hint_text(lang.pick("GeoJSON 文件路径", "path to a GeoJSON file"))
                    .desired_width(150.0),
            );
            if ui.button(lang.pick("打开图层", "Open layer")).clicked()
                && !self.path.trim().is_empty()
            {
                actions.push(LayerAction::Open(self.path.trim().to_owned()));
            }
            if ui
                .button("…")
                .on_hover_text(lang.pick("浏览", "Browse"))
                .clicked()
            {
                actions.push(LayerAction::Browse);
            }
        });
        for load in loads {
            ui.label(loading_label(load, lang));
            ui.horizontal(|ui| {
                ui.add(load_progress_bar(load, lang, 170.0));
                if ui.button(lang.pick("取消", "Cancel")).clicked() {
                    actions.push(LayerAction::Cancel(load.record.path.clone()));
                }
            });
        }
        for (n, rec) in records.iter_mut().enumerate() {
            ui.separator();
            let view = views.iter().find(|v| v.path == rec.path);
            let loading = loads.iter().any(|l| l.record.path == rec.path);
            ui.horizontal(|ui| {
                let (rect, _) =
                    ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
                ui.painter().rect_filled(rect, 2.0, layer_colour(n));
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
                        colour_combo(ui, lang, n, rec, v);
                    }
                }
                None if loading => {}
                None => {
                    let why = self
                        .failures
                        .get(&rec.path)
                        .map_or(lang.pick("未载入", "not loaded"), String::as_str);
                    ui.colored_label(ui.visuals().error_fg_color, why);
                }
            }
            ui.horizontal(|ui| {
                if let Some(v) = view
                    && ui.small_button(lang.pick("定位", "Zoom to")).clicked()
                {
                    actions.push(LayerAction::FlyTo(v.bounds_lonlat));
                }
                if view.is_none()
                    && !loading
                    && ui.small_button(lang.pick("重试", "Retry")).clicked()
                {
                    actions.push(LayerAction::Open(rec.path.clone()));
                }
                if ui.small_button(lang.pick("移除", "Remove")).clicked() {
                    actions.push(LayerAction::Remove(rec.path.clone()));
                }
            });
        }
        actions
    }
}

fn colour_combo(ui: &mut Ui, lang: Lang, n: usize, rec: &mut UserLayerRecord, v: &UserLayerView) {
    let label = |c: &LayerColour| match c {
        LayerColour::Single => lang.pick("单色", "single colour").to_owned(),
        LayerColour::AreaKm2 => lang
            .pick("面积 km²（由几何计算）", "area km² (from geometry)")
            .to_owned(),
        LayerColour::Property(k) => format!("{} {k}", lang.pick("属性", "property")),
    };
    egui::ComboBox::new(("layer_colour", n), lang.pick("填色", "Fill"))
        .selected_text(label(&rec.colour))
        .show_ui(ui, |ui| {
            let mut options = vec![LayerColour::Single, LayerColour::AreaKm2];
            options.extend(
                v.numeric_properties
                    .iter()
                    .map(|k| LayerColour::Property(k.clone())),
            );
            for o in options {
                let text = label(&o);
                ui.selectable_value(&mut rec.colour, o, text);
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
