//! App state: persisted settings apart from the runtime selection and hover.

use serde::{Deserialize, Serialize};

use crate::core::classify::Method;
use crate::core::indicators::ProvinceIndicator;
use crate::core::palette::Palette;

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
    /// Layer names for `--layers`, in the order of the layer panel.
    pub const NAMES: [&'static str; 10] = [
        "province-fill",
        "province-outline",
        "prefecture-outline",
        "prefecture-fill",
        "cities",
        "city-size",
        "heritage",
        "zones",
        "province-labels",
        "city-labels",
    ];

    fn flag(&mut self, name: &str) -> Option<&mut bool> {
        Some(match name {
            "province-fill" => &mut self.province_fill,
            "province-outline" => &mut self.province_outline,
            "prefecture-outline" => &mut self.prefecture_outline,
            "prefecture-fill" => &mut self.prefecture_choropleth,
            "cities" => &mut self.cities,
            "city-size" => &mut self.city_size_by_gdp,
            "heritage" => &mut self.heritage,
            "zones" => &mut self.zones,
            "province-labels" => &mut self.province_labels,
            "city-labels" => &mut self.city_labels,
            _ => return None,
        })
    }

    /// Exactly the named layers on (`all` = every layer), e.g. `cities,heritage,province-fill`.
    pub fn from_list(list: &str) -> Result<Self, String> {
        let mut layers = Layers {
            province_fill: false,
            province_outline: false,
            prefecture_outline: false,
            prefecture_choropleth: false,
            cities: false,
            city_size_by_gdp: false,
            heritage: false,
            zones: false,
            province_labels: false,
            city_labels: false,
        };
        for name in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            if name == "all" {
                for n in Self::NAMES {
                    if let Some(f) = layers.flag(n) {
                        *f = true;
                    }
                }
                continue;
            }
            match layers.flag(name) {
                Some(f) => *f = true,
                None => {
                    return Err(format!(
                        "unknown layer '{name}' (known: all, {})",
                        Self::NAMES.join(", ")
                    ));
                }
            }
        }
        Ok(layers)
    }
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
}

impl Default for Choropleth {
    fn default() -> Self {
        Self {
            indicator: ProvinceIndicator::Gdp2013,
            method: Method::Quantile,
            classes: 5,
            palette: Palette::YlOrRd,
            imported: None,
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
    pub filter: crate::core::filter::Filter,
    /// Last map view: projected centre x, y (m) and scale (points per m).
    pub view: Option<[f64; 3]>,
    /// Active chart tab key.
    pub chart_tab: String,
    /// Region grouping of the charts: NBS four regions instead of Northeast / Third Front.
    pub nbs_grouping: bool,
    /// Imported tables, re-read at start-up.
    pub imports: Vec<ImportRecord>,
    /// GeoJSON layers the user opened, re-opened at start-up (bottom of the list is on top).
    pub user_layers: Vec<UserLayerRecord>,
}

/// A GeoJSON layer the user opened and how it is drawn.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct UserLayerRecord {
    pub path: String,
    pub visible: bool,
    pub colour: LayerColour,
    /// The day it was opened (for "FILE, opened on DATE").
    pub date: String,
}

impl Default for UserLayerRecord {
    fn default() -> Self {
        Self {
            path: String::new(),
            visible: true,
            colour: LayerColour::Single,
            date: String::new(),
        }
    }
}

/// How a user layer's polygons are filled.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LayerColour {
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

/// What is selected: a city (by its adcode) or a province.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Selection {
    #[default]
    None,
    City(u32),
    Province(u32),
    Prefecture(u32),
    Heritage(usize),
    /// A feature of a loaded user layer: (index in `MapView::user_layers`, feature).
    UserFeature(usize, usize),
}
