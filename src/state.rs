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

/// Choropleth settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Choropleth {
    pub indicator: ProvinceIndicator,
    pub method: Method,
    pub classes: usize,
    pub palette: Palette,
}

impl Default for Choropleth {
    fn default() -> Self {
        Self {
            indicator: ProvinceIndicator::Gdp2013,
            method: Method::Quantile,
            classes: 5,
            palette: Palette::YlOrRd,
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
}
