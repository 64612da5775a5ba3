//! Settings remembered between runs: plain serde types with defaults, so an old or partial
//! settings file still loads. The app persists them; core reads them (story slides, exports).

use serde::{Deserialize, Serialize};

use super::classify::Method;
use super::indicators::ProvinceIndicator;
use super::palette::Palette;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    pub fn is_zh(self) -> bool {
        self == Lang::Zh
    }
    /// `zh` or `en`, as the CLI spells it.
    pub fn from_key(key: &str) -> Option<Self> {
        match key {
            "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// Picks the string for this language.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        if self.is_zh() { zh } else { en }
    }
}

/// Which map layers are drawn.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Layers {
    pub province_fill: bool,
    pub province_outline: bool,
    pub prefecture_outline: bool,
    /// Colour prefectures by city GDP 2013 when zoomed in.
    pub prefecture_choropleth: bool,
    pub cities: bool,
    /// Scale city markers by city GDP 2013 where sourced.
    pub city_size_by_gdp: bool,
    pub heritage: bool,
    pub zones: bool,
    pub province_labels: bool,
    pub city_labels: bool,
}

/// One built-in layer: its `--layers` key, its names, and its switch in [`Layers`].
pub struct LayerSpec {
    pub key: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    pub on: fn(&Layers) -> bool,
    pub switch: fn(&mut Layers) -> &mut bool,
}

impl LayerSpec {
    pub fn label(&self, lang: Lang) -> &'static str {
        lang.pick(self.zh, self.en)
    }
}

/// The built-in layers in the order of the layer panel. The panel's checkboxes, the CLI's
/// `--layers` and [`Layers::from_list`] all read this one table.
pub const LAYERS: [LayerSpec; 10] = [
    LayerSpec {
        key: "province-fill",
        zh: "省级填色（分级）",
        en: "Province fill (choropleth)",
        on: |l| l.province_fill,
        switch: |l| &mut l.province_fill,
    },
    LayerSpec {
        key: "province-outline",
        zh: "省界",
        en: "Province outlines",
        on: |l| l.province_outline,
        switch: |l| &mut l.province_outline,
    },
    LayerSpec {
        key: "prefecture-outline",
        zh: "地级界（放大后）",
        en: "Prefecture outlines (zoomed in)",
        on: |l| l.prefecture_outline,
        switch: |l| &mut l.prefecture_outline,
    },
    LayerSpec {
        key: "prefecture-fill",
        zh: "地级填色：GDP 2013（放大后）",
        en: "Prefecture fill: GDP 2013 (zoomed in)",
        on: |l| l.prefecture_choropleth,
        switch: |l| &mut l.prefecture_choropleth,
    },
    LayerSpec {
        key: "cities",
        zh: "老工业城市",
        en: "Old industrial cities",
        on: |l| l.cities,
        switch: |l| &mut l.cities,
    },
    LayerSpec {
        key: "city-size",
        zh: "城市大小按 GDP 2013",
        en: "City size by GDP 2013",
        on: |l| l.city_size_by_gdp,
        switch: |l| &mut l.city_size_by_gdp,
    },
    LayerSpec {
        key: "heritage",
        zh: "国家工业遗产（区县位置）",
        en: "Industrial heritage (district points)",
        on: |l| l.heritage,
        switch: |l| &mut l.heritage,
    },
    LayerSpec {
        key: "zones",
        zh: "产业转型升级示范区",
        en: "Demonstration zones",
        on: |l| l.zones,
        switch: |l| &mut l.zones,
    },
    LayerSpec {
        key: "province-labels",
        zh: "省名",
        en: "Province labels",
        on: |l| l.province_labels,
        switch: |l| &mut l.province_labels,
    },
    LayerSpec {
        key: "city-labels",
        zh: "城市名",
        en: "City labels",
        on: |l| l.city_labels,
        switch: |l| &mut l.city_labels,
    },
];

impl Default for Layers {
    fn default() -> Self {
        Self {
            province_fill: true,
            province_outline: true,
            prefecture_outline: true,
            prefecture_choropleth: false,
            cities: true,
            city_size_by_gdp: false,
            heritage: false,
            zones: false,
            province_labels: true,
            city_labels: true,
        }
    }
}

impl Layers {
    /// Every layer off.
    pub fn none() -> Self {
        let mut layers = Self::default();
        for spec in &LAYERS {
            *(spec.switch)(&mut layers) = false;
        }
        layers
    }

    /// The layers that are on, as `from_list` reads them.
    pub fn to_list(&self) -> String {
        LAYERS
            .iter()
            .filter(|spec| (spec.on)(self))
            .map(|spec| spec.key)
            .collect::<Vec<_>>()
            .join(",")
    }

    /// Exactly the named layers on (`all` = every layer), e.g. `cities,heritage,province-fill`.
    pub fn from_list(list: &str) -> Result<Self, String> {
        let mut layers = Self::none();
        for name in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            if name == "all" {
                for spec in &LAYERS {
                    *(spec.switch)(&mut layers) = true;
                }
                continue;
            }
            match LAYERS.iter().find(|spec| spec.key == name) {
                Some(spec) => *(spec.switch)(&mut layers) = true,
                None => {
                    let known: Vec<&str> = LAYERS.iter().map(|s| s.key).collect();
                    return Err(format!(
                        "unknown layer '{name}' (known: all, {})",
                        known.join(", ")
                    ));
                }
            }
        }
        Ok(layers)
    }
}

/// Light or dark pictures (exports) and window.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Theme {
    #[default]
    Light,
    Dark,
}

impl Theme {
    pub fn is_dark(self) -> bool {
        self == Theme::Dark
    }

    /// `light` or `dark`, as the CLI spells it.
    pub fn from_key(key: &str) -> Option<Self> {
        match key {
            "light" => Some(Theme::Light),
            "dark" => Some(Theme::Dark),
            _ => None,
        }
    }
}

/// The charts of the bottom panel. Serialised by key, as older settings files stored it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum ChartTab {
    #[default]
    #[serde(rename = "regions")]
    RegionComparison,
    #[serde(rename = "ranking")]
    ProvinceRanking,
    #[serde(rename = "growth")]
    Growth,
    #[serde(rename = "heritage")]
    Heritage,
    #[serde(rename = "article")]
    ArticleFigures,
    /// Group lines over time from the prefecture panel.
    #[serde(rename = "trends")]
    Trends,
    /// Moran's I, LISA and the concentration of the cities.
    #[serde(rename = "spatial")]
    Spatial,
}

impl ChartTab {
    pub const ALL: [ChartTab; 7] = [
        ChartTab::RegionComparison,
        ChartTab::ProvinceRanking,
        ChartTab::Growth,
        ChartTab::Trends,
        ChartTab::Spatial,
        ChartTab::Heritage,
        ChartTab::ArticleFigures,
    ];

    /// The key used by the CLI, story files and settings.
    pub fn key(self) -> &'static str {
        match self {
            Self::RegionComparison => "regions",
            Self::ProvinceRanking => "ranking",
            Self::Growth => "growth",
            Self::Heritage => "heritage",
            Self::ArticleFigures => "article",
            Self::Trends => "trends",
            Self::Spatial => "spatial",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        // "trend" as `atlas export trend` reads.
        let key = if key == "trend" { "trends" } else { key };
        Self::ALL.into_iter().find(|t| t.key() == key)
    }
}

/// The trends chart: period, absolute or indexed, and how units are split into lines (the
/// indicator is the map's when it has years, else `column`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TrendSettings {
    pub column: String,
    pub from: i32,
    pub to: i32,
    /// Index each line to 2013 = 100 (the plan's first year).
    pub indexed: bool,
    pub split: super::stats::trajectory::LineSplit,
    pub view: TrendView,
}

/// What the map shows of the spatial analysis.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum SpatialMap {
    /// The indicator's own classes.
    #[default]
    Off,
    /// LISA clusters (high-high, low-low, high-low, low-high, not significant).
    Clusters,
    /// LISA pseudo p-values in bands (0.001, 0.01, 0.05).
    Significance,
    /// Getis–Ord Gi* hot and cold spots at 99 % and 95 %.
    HotSpots,
}

/// The spatial analysis chart's choices.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SpatialSettings {
    pub rule: super::spatial::weights::Rule,
    /// The permutations' seed (the same seed, the same pseudo p-values).
    pub seed: u64,
    pub alpha: f64,
    /// Benjamini–Hochberg control of the false discovery rate for LISA.
    pub fdr: bool,
    /// What the map colours by: the indicator's classes, or a spatial statistic's classes.
    pub map: SpatialMap,
    /// Draw the weights' links between neighbours' label points on the map.
    pub show_links: bool,
    /// Draw each region's mean centre and standard deviational ellipse of the confirmed
    /// cities on the map.
    pub show_centres: bool,
    /// Permutations for the pseudo p-values (GeoDa's default 999; 9,999 runs on a worker).
    pub permutations: usize,
    /// A GeoDa `.gal`/`.gwt` file used instead of `rule` for units of its level.
    pub weights_file: Option<WeightsFile>,
    /// Draw the kernel density of the confirmed cities as a surface under the map.
    pub density: bool,
    pub kernel: super::spatial::points::Kernel,
    /// The kernel's bandwidth in km; `None` for Scott's rule.
    pub bandwidth_km: Option<f64>,
}

/// A weights file the user loaded, and the level its ids are of.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WeightsFile {
    pub path: String,
    pub level: super::spatial::weights::UnitLevel,
}

impl Default for SpatialSettings {
    fn default() -> Self {
        Self {
            rule: super::spatial::weights::Rule::Queen,
            seed: 12345,
            alpha: 0.05,
            fdr: false,
            map: SpatialMap::Off,
            show_links: false,
            show_centres: false,
            permutations: 999,
            weights_file: None,
            density: false,
            kernel: super::spatial::points::Kernel::Quartic,
            bandwidth_km: None,
        }
    }
}

/// What the trends chart draws.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum TrendView {
    /// One line per group (regions, or plan cities against the rest).
    #[default]
    Lines,
    /// Small multiples: one small chart per province, on one scale.
    Provinces,
    /// The structural story in one view: industry share, industrial employment, registered
    /// population and GDP per capita by region.
    Structure,
    /// A slope chart 2013 → 2023 of the plan cities.
    Slope,
}

impl Default for TrendSettings {
    fn default() -> Self {
        Self {
            column: "gdp".to_owned(),
            from: 2000,
            to: 2023,
            indexed: false,
            split: Default::default(),
            view: TrendView::Lines,
        }
    }
}

/// Choropleth settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Choropleth {
    pub indicator: ProvinceIndicator,
    pub method: Method,
    pub classes: usize,
    pub palette: Palette,
    /// Name of an imported indicator to colour by instead of `indicator`.
    pub imported: Option<String>,
    /// Id of a panel indicator (`gdp`, `secondary_share`, …) to colour by instead of
    /// `indicator` (an import named in `imported` comes first).
    pub panel: Option<String>,
    /// The year shown for indicators with years (`None`: the latest).
    pub year: Option<i32>,
    /// Class breaks per year rather than fixed across all years (fixed by default, so colours
    /// compare over time).
    pub breaks_each_year: bool,
    /// A panel indicator per person or per km² (totals only).
    pub per: super::panel::Per,
    /// Show the change from this year to `year`, as `change_kind`.
    pub change_from: Option<i32>,
    pub change_kind: super::panel::ChangeKind,
}

impl Default for Choropleth {
    fn default() -> Self {
        Self {
            // The atlas opens on its subject: where the old industrial cities are.
            indicator: ProvinceIndicator::SourcedCities,
            method: Method::Quantile,
            classes: 5,
            palette: Palette::YlOrRd,
            imported: None,
            panel: None,
            year: None,
            breaks_each_year: false,
            per: Default::default(),
            change_from: None,
            change_kind: Default::default(),
        }
    }
}

/// Settings remembered between runs. Every field has a default, so an old or partial
/// settings file still loads.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Settings {
    pub lang: Lang,
    pub layers: Layers,
    pub choropleth: Choropleth,
    pub filter: super::filter::Filter,
    /// Active chart tab.
    pub chart_tab: ChartTab,
    /// Region grouping of the charts: NBS four regions instead of Northeast / Third Front.
    pub nbs_grouping: bool,
    /// Imported tables, re-read at start-up.
    pub imports: Vec<ImportRecord>,
    /// GeoJSON layers the user opened, re-opened at start-up (bottom of the list is on top).
    pub user_layers: Vec<UserLayerRecord>,
    /// Height of the bottom (charts and table) panel the user dragged it to, in points.
    pub bottom_panel_height: Option<f32>,
    /// The first-run hint ("click a city … F5 for the tour") was dismissed.
    pub hint_dismissed: bool,
    /// The slide a presentation last ended on (F5 offers to resume there).
    pub last_slide: Option<usize>,
    /// The folder the last image or CSV was saved to (the next one goes there too).
    pub export_dir: Option<String>,
    /// The map legend is folded to its title (it covers less of the map).
    pub legend_collapsed: bool,
    /// The side panels are hidden (more room for the map on a small screen).
    pub left_panel_hidden: bool,
    pub right_panel_hidden: bool,
    pub trends: TrendSettings,
    /// The user's own region groups, compared beside the built-in ones.
    pub groups: Vec<super::groups::UserGroup>,
    /// The user's city list, if one is applied (read again at start).
    pub city_list: Option<super::city_list::CityListRecord>,
    /// Project files saved or opened, the latest first.
    pub recent_projects: Vec<String>,
    pub spatial: SpatialSettings,
    /// The user turned the start screen (recent projects) off.
    pub hide_start_screen: bool,
    /// Slides in high contrast (black on white, heavier lines and outlines) for a
    /// washed-out projector.
    pub high_contrast: bool,
}

/// A GeoJSON layer the user opened and how it is drawn.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct UserLayerRecord {
    pub path: String,
    pub visible: bool,
    #[serde(alias = "colour")]
    pub color: LayerColor,
    /// The day it was opened (for "FILE, opened on DATE").
    pub date: String,
}

impl Default for UserLayerRecord {
    fn default() -> Self {
        Self {
            path: String::new(),
            visible: true,
            color: LayerColor::Single,
            date: String::new(),
        }
    }
}

/// How a user layer's polygons are filled.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LayerColor {
    /// One translucent colour per layer.
    #[default]
    Single,
    /// Classes of a numeric property of the file (the choropleth's method, classes, palette).
    Property(String),
    /// Classes of each feature's area in km², computed from its geometry (equal-area).
    AreaKm2,
}

/// A table the user imported: where it was and how it was read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct ImportRecord {
    pub path: String,
    /// Encoding label chosen by the user; `None` = detected.
    pub encoding: Option<String>,
    /// The day it was imported (for "imported from FILE on DATE").
    pub date: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layer_lists_parse_and_reject_unknown_names() {
        let l = Layers::from_list("cities, heritage").unwrap();
        assert!(l.cities && l.heritage && !l.province_fill);
        let all = Layers::from_list("all").unwrap();
        assert!(all.zones && all.prefecture_choropleth && all.city_labels);
        assert!(
            Layers::from_list("cities,rivers")
                .unwrap_err()
                .contains("rivers")
        );
    }

    #[test]
    fn each_layer_in_the_table_switches_its_own_field() {
        let keys: std::collections::BTreeSet<&str> = LAYERS.iter().map(|s| s.key).collect();
        assert_eq!(keys.len(), LAYERS.len(), "keys are unique");
        for spec in &LAYERS {
            let mut l = Layers::none();
            *(spec.switch)(&mut l) = true;
            assert!((spec.on)(&l), "{}", spec.key);
            let on = LAYERS.iter().filter(|other| (other.on)(&l)).count();
            assert_eq!(on, 1, "{} switches exactly one layer", spec.key);
            assert_eq!(Layers::from_list(spec.key).unwrap(), l);
        }
    }

    #[test]
    fn chart_tabs_keep_their_old_settings_keys() {
        for t in ChartTab::ALL {
            assert_eq!(ChartTab::from_key(t.key()), Some(t));
            let json = serde_json::to_string(&t).unwrap();
            assert_eq!(json, format!("\"{}\"", t.key()));
        }
        let s: Settings = serde_json::from_str(r#"{"chart_tab":"growth","view":[1,2,3]}"#).unwrap();
        assert_eq!(s.chart_tab, ChartTab::Growth);
    }

    #[test]
    fn old_or_partial_settings_fall_back_to_defaults() {
        let s: Settings =
            serde_json::from_str(r#"{"lang":"En","layers":{"heritage":true}}"#).unwrap();
        assert_eq!(s.lang, Lang::En);
        assert!(
            s.layers.heritage && s.layers.cities,
            "missing fields take defaults"
        );
        assert_eq!(s.choropleth, Choropleth::default());
    }
}
