//! The app: one owner of state (settings, selection), panels around the map.
//! Views return actions; only this module changes state.

use std::sync::Arc;

use egui::{RichText, Ui};

use crate::core::classify::{MAX_CLASSES, MIN_CLASSES, Method};
use crate::core::dataset::Dataset;
use crate::core::indicators::{ProvinceIndicator, format_value, prefecture_gdp_2013};
use crate::core::palette::Palette;
use crate::core::summary::{Summary, summarize};
use crate::map::furniture::tier_label;
use crate::map::{MapAction, MapView};
use crate::state::{Lang, Selection, Settings};

pub struct AtlasApp {
    pub ds: Arc<Dataset>,
    pub settings: Settings,
    pub selection: Selection,
    pub map: MapView,
    summary: Summary,
}

impl AtlasApp {
    pub fn new(ds: Arc<Dataset>, settings: Settings) -> Self {
        let map = MapView::new(&ds);
        let summary = summarize(&ds);
        Self {
            ds,
            settings,
            selection: Selection::None,
            map,
            summary,
        }
    }

    /// Embedded data and default settings.
    pub fn with_embedded_data() -> Result<Self, crate::core::error::DataError> {
        Ok(Self::new(
            Arc::new(Dataset::load_embedded()?),
            Settings::default(),
        ))
    }

    fn apply(&mut self, action: MapAction) {
        match action {
            MapAction::Select(sel) => self.selection = sel,
        }
    }

    /// The whole UI; called by eframe and by tests.
    pub fn ui(&mut self, ui: &mut Ui) {
        let lang = self.settings.lang;
        egui::Panel::top("toolbar").show(ui, |ui| self.toolbar(ui));
        egui::Panel::left("layers")
            .resizable(true)
            .default_size(230.0)
            .show(ui, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| self.layer_panel(ui));
            });
        egui::Panel::right("details")
            .resizable(true)
            .default_size(300.0)
            .show(ui, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| {
                    self.selection_panel(ui);
                    ui.separator();
                    self.coverage_panel(ui);
                });
            });
        egui::CentralPanel::default()
            .frame(egui::Frame::NONE)
            .show(ui, |ui| {
                let ds = self.ds.clone();
                let actions = self.map.show(ui, &ds, &self.settings, self.selection);
                for a in actions {
                    self.apply(a);
                }
            });
        let _ = lang;
    }

    fn toolbar(&mut self, ui: &mut Ui) {
        let lang = self.settings.lang;
        ui.horizontal(|ui| {
            ui.heading(lang.pick("老工业基地地图集", "Old Industrial Bases Atlas"));
            ui.separator();
            if ui
                .button(lang.pick("全国视图", "Fit China"))
                .on_hover_text("Home")
                .clicked()
            {
                self.map.fit_home(self.map.last_rect);
            }
            if ui.button(lang.pick("放大 +", "Zoom in +")).clicked()
                && let Some(c) = self.map.camera.as_mut()
            {
                c.zoom_about(self.map.last_rect, self.map.last_rect.center(), 1.5);
            }
            if ui.button(lang.pick("缩小 −", "Zoom out −")).clicked()
                && let Some(c) = self.map.camera.as_mut()
            {
                c.zoom_about(self.map.last_rect, self.map.last_rect.center(), 1.0 / 1.5);
            }
            ui.separator();
            ui.selectable_value(&mut self.settings.lang, Lang::Zh, "中文");
            ui.selectable_value(&mut self.settings.lang, Lang::En, "English");
        });
    }

    fn layer_panel(&mut self, ui: &mut Ui) {
        let lang = self.settings.lang;
        let l = &mut self.settings.layers;
        ui.heading(lang.pick("图层", "Layers"));
        ui.checkbox(
            &mut l.province_fill,
            lang.pick("省级填色（分级）", "Province fill (choropleth)"),
        );
        ui.checkbox(
            &mut l.province_outline,
            lang.pick("省界", "Province outlines"),
        );
        ui.checkbox(
            &mut l.prefecture_outline,
            lang.pick("地级界（放大后）", "Prefecture outlines (zoomed in)"),
        );
        ui.checkbox(
            &mut l.prefecture_choropleth,
            lang.pick(
                "地级填色：GDP 2013（放大后）",
                "Prefecture fill: GDP 2013 (zoomed in)",
            ),
        );
        ui.checkbox(
            &mut l.cities,
            lang.pick("老工业城市", "Old industrial cities"),
        );
        ui.checkbox(
            &mut l.city_size_by_gdp,
            lang.pick("城市大小按 GDP 2013", "City size by GDP 2013"),
        );
        ui.checkbox(
            &mut l.heritage,
            lang.pick(
                "国家工业遗产（区县位置）",
                "Industrial heritage (district points)",
            ),
        );
        ui.checkbox(
            &mut l.zones,
            lang.pick("产业转型升级示范区", "Demonstration zones"),
        );
        ui.checkbox(&mut l.province_labels, lang.pick("省名", "Province labels"));
        ui.checkbox(&mut l.city_labels, lang.pick("城市名", "City labels"));
        ui.separator();
        ui.heading(lang.pick("分级设色", "Choropleth"));
        let c = &mut self.settings.choropleth;
        egui::ComboBox::from_label(lang.pick("指标", "Indicator"))
            .selected_text(c.indicator.label(lang.is_zh()))
            .show_ui(ui, |ui| {
                for i in ProvinceIndicator::ALL {
                    ui.selectable_value(&mut c.indicator, i, i.label(lang.is_zh()));
                }
            });
        egui::ComboBox::from_label(lang.pick("分级方法", "Method"))
            .selected_text(method_label(c.method, lang))
            .show_ui(ui, |ui| {
                for m in Method::ALL {
                    ui.selectable_value(&mut c.method, m, method_label(m, lang));
                }
            });
        ui.add(
            egui::Slider::new(&mut c.classes, MIN_CLASSES..=MAX_CLASSES)
                .text(lang.pick("级数", "Classes")),
        );
        egui::ComboBox::from_label(lang.pick("配色（ColorBrewer）", "Palette (ColorBrewer)"))
            .selected_text(c.palette.name())
            .show_ui(ui, |ui| {
                for p in Palette::ALL {
                    ui.selectable_value(&mut c.palette, p, p.name());
                }
            });
        ui.separator();
        self.symbol_legend(ui);
    }

    /// Marker shapes (evidence tier), colours (region group) and heritage batches, drawn with
    /// the map's own symbols.
    fn symbol_legend(&self, ui: &mut Ui) {
        use crate::core::model::{EvidenceTier, RegionGroup};
        use crate::core::palette::{batch_color, region_color};
        use crate::map::style::c;
        let lang = self.settings.lang;
        let swatch = |ui: &mut Ui, paint: &dyn Fn(&egui::Painter, egui::Pos2)| {
            let (r, _) = ui.allocate_exact_size(egui::vec2(16.0, 16.0), egui::Sense::hover());
            paint(ui.painter(), r.center());
        };
        ui.label(RichText::new(lang.pick("城市：形状 = 证据等级", "Cities: shape = evidence tier")).strong());
        for tier in EvidenceTier::ALL {
            ui.horizontal(|ui| {
                let ink = ui.visuals().strong_text_color();
                swatch(ui, &|p, at| crate::map::paint_marker(p, at, 5.0, tier, ink));
                ui.label(tier_label(tier, lang));
            });
        }
        ui.label(RichText::new(lang.pick("颜色 = 区域", "Colour = region group")).strong());
        for g in RegionGroup::ALL {
            ui.horizontal(|ui| {
                swatch(ui, &|p, at| {
                    p.circle_filled(at, 5.0, c(region_color(g)));
                });
                ui.label(region_label(g, lang));
            });
        }
        if self.settings.layers.heritage {
            ui.label(RichText::new(lang.pick("国家工业遗产批次（区县中心位置）", "Heritage batch (at district centres)")).strong());
            ui.horizontal_wrapped(|ui| {
                for b in 1..=7u8 {
                    swatch(ui, &|p, at| {
                        p.circle_filled(at, 5.0, c(batch_color(b)));
                    });
                    ui.label(format!("{b}"));
                }
            });
        }
    }

    fn selection_panel(&mut self, ui: &mut Ui) {
        let lang = self.settings.lang;
        let ds = self.ds.clone();
        ui.heading(lang.pick("所选", "Selection"));
        match self.selection {
            Selection::None => {
                ui.label(lang.pick(
                    "点击地图上的城市或省份。",
                    "Click a city or province on the map.",
                ));
            }
            Selection::City(code) => {
                if let Some(c) = ds.cities.iter().find(|c| c.adcode == code) {
                    ui.label(RichText::new(format!("{}  {}", c.name_zh, c.name_en)).strong());
                    ui.label(format!(
                        "{} · {}",
                        c.province_zh,
                        tier_label(c.evidence, lang)
                    ));
                    if let Some(d) = &c.scope_district {
                        ui.label(format!(
                            "{}{}",
                            lang.pick("规划范围：", "In scope: "),
                            d.name_zh
                        ));
                    }
                    ui.label(format!(
                        "{}{}",
                        lang.pick("依据：", "Evidence: "),
                        c.evidence_note
                    ));
                    if let Some(url) = &c.source.url {
                        ui.hyperlink_to(lang.pick("来源", "Source"), url);
                        ui.label(RichText::new(url).small());
                    }
                    if let Some(v) = prefecture_gdp_2013(&ds, c.prefecture_adcode) {
                        ui.label(format!(
                            "GDP 2013: {} {}{}",
                            format_value(v.value),
                            lang.pick("亿元", "100 million yuan"),
                            if v.preliminary {
                                lang.pick("（预计）", " (preliminary)")
                            } else {
                                ""
                            }
                        ));
                    }
                    ui.label(
                        RichText::new(format!(
                            "{}{}",
                            lang.pick("坐标来源：", "Point: "),
                            c.coord_source
                        ))
                        .small(),
                    );
                }
            }
            Selection::Province(code) | Selection::Prefecture(code) => {
                let (zh, en) = ds
                    .province(code)
                    .map(|p| (p.name_zh.clone(), p.name_en.clone()))
                    .or_else(|| {
                        ds.prefecture(code)
                            .map(|p| (p.name_zh.clone(), p.name_en.clone()))
                    })
                    .unwrap_or_default();
                ui.label(RichText::new(format!("{zh}  {en}")).strong());
                ui.label(format!("adcode {code}"));
                if let Some(p) = ds.province(code) {
                    for ind in ProvinceIndicator::ALL {
                        let v = ind.province_value(&ds, p.adcode);
                        ui.label(format!(
                            "{}: {}",
                            ind.label(lang.is_zh()),
                            v.map_or_else(
                                || lang.pick("无数据", "no data").to_owned(),
                                |v| format!("{} {}", format_value(v), ind.unit(lang.is_zh()))
                            )
                        ));
                    }
                    ui.label(RichText::new(p.region_source.citation.clone()).small());
                }
            }
            Selection::Heritage(i) => {
                if let Some(h) = ds.heritage.get(i) {
                    ui.label(RichText::new(&h.name_zh).strong());
                    ui.label(format!(
                        "{} {} · {} {}",
                        lang.pick("第", "Batch"),
                        h.batch,
                        h.province_zh,
                        h.city_zh
                    ));
                    ui.label(&h.notice);
                    ui.label(lang.pick(
                        "位置为所在区县中心，并非遗产本身。",
                        "Placed at its district centre, not the site itself.",
                    ));
                }
            }
        }
    }

    fn coverage_panel(&mut self, ui: &mut Ui) {
        let lang = self.settings.lang;
        let cov = &self.summary.coverage;
        ui.heading(lang.pick("数据覆盖", "Coverage"));
        ui.label(format!(
            "{} {} / {} ({} {})",
            lang.pick("已找到的老工业城市：", "Old industrial cities found:"),
            cov.sourced_total,
            cov.plan_total,
            cov.confirmed_total,
            lang.pick("个已确认", "confirmed")
        ));
        for tier in crate::core::model::EvidenceTier::ALL {
            let n = self
                .summary
                .cities_by_evidence
                .get(tier.key())
                .copied()
                .unwrap_or(0);
            ui.label(format!("  {}: {n}", tier_label(tier, lang)));
        }
        ui.label(format!(
            "{} {} / {} · {} {} / {}",
            lang.pick("地级：", "Prefecture-level:"),
            cov.sourced_prefecture,
            cov.plan_prefecture,
            lang.pick("直辖市/计划单列/省会：", "Major cities:"),
            cov.sourced_major,
            cov.plan_major
        ));
        if let Some(ne) = cov.article_northeast {
            ui.label(format!(
                "{} {} ({} {})",
                lang.pick("东北：", "Northeast:"),
                cov.sourced_northeast,
                lang.pick("文章称", "article states"),
                ne
            ));
        }
        ui.label(lang.pick("尚无城市的省份：", "Provinces with none yet:"));
        ui.label(RichText::new(cov.provinces_without_cities.join("、")).small());
    }
}

pub fn region_label(g: crate::core::model::RegionGroup, lang: Lang) -> &'static str {
    use crate::core::model::RegionGroup::*;
    match g {
        Northeast => lang.pick("东北（辽吉黑）", "Northeast"),
        ThirdFrontCore => lang.pick("三线核心（大三线）", "Third Front core"),
        ThirdFrontPartial => lang.pick("三线西部地区所在省（湘鄂豫）", "Third Front west (Hunan, Hubei, Henan)"),
        Other => lang.pick("其他", "Other"),
    }
}

pub fn method_label(m: Method, lang: Lang) -> &'static str {
    match m {
        Method::Quantile => lang.pick("分位数", "Quantile"),
        Method::EqualInterval => lang.pick("等间距", "Equal interval"),
        Method::NaturalBreaks => lang.pick("自然断点（Jenks）", "Natural breaks (Jenks)"),
    }
}

/// eframe wrapper.
pub struct EframeApp(pub AtlasApp);

impl eframe::App for EframeApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.0.ui(ui);
    }
}
