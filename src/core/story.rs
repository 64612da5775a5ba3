//! Stories: a sequence of slides (map state, one chart, a caption in Chinese and English)
//! stored as readable TOML, so teachers can write their own. A malformed story is an error
//! with its line number and changes nothing.

use serde::Deserialize;
use toml::Spanned;

use super::classify::Method;
use super::dataset::Dataset;
use super::indicators::ProvinceIndicator;
use super::panel::PanelColumn;
use super::settings::{ChartTab, Layers, TrendView};

/// The built-in lesson.
pub const DEFAULT_STORY: &str = include_str!("../../assets/stories/default.toml");

/// What a slide shows beside its map.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SlideChart {
    Chart(ChartTab),
    /// Cards of the international cases.
    Cases,
    /// The confirmed cities' concentration per region (count per 10⁴ km², Clark–Evans).
    Concentration,
    /// The map alone.
    None,
}

impl SlideChart {
    /// The keys a story file may use: the charts' keys, the trends chart's other views
    /// (`provinces`, `structure`, `slope`), `cases` and `none`.
    pub fn keys() -> Vec<&'static str> {
        let mut keys: Vec<&str> = ChartTab::ALL.iter().map(|t| t.key()).collect();
        keys.extend(TREND_VIEW_KEYS.iter().map(|(k, _)| *k));
        keys.extend(["cases", "concentration", "none"]);
        keys
    }

    pub fn from_key(key: &str) -> Option<Self> {
        match key {
            "cases" => Some(SlideChart::Cases),
            "concentration" => Some(SlideChart::Concentration),
            "none" => Some(SlideChart::None),
            _ if trend_view_of(key).is_some() => Some(SlideChart::Chart(ChartTab::Trends)),
            _ => ChartTab::from_key(key).map(SlideChart::Chart),
        }
    }
}

/// Chart keys that show the trends chart in one of its other views.
const TREND_VIEW_KEYS: [(&str, TrendView); 3] = [
    ("provinces", TrendView::Provinces),
    ("structure", TrendView::Structure),
    ("slope", TrendView::Slope),
];

/// The trends chart's view a chart key asks for (`None`: not one of those keys).
fn trend_view_of(key: &str) -> Option<TrendView> {
    TREND_VIEW_KEYS
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, v)| *v)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Highlight {
    City(u32),
    Province(u32),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Slide {
    pub title_zh: String,
    pub title_en: String,
    /// The short on-screen caption.
    pub caption_zh: String,
    pub caption_en: String,
    /// Speaker notes: what the teacher says (shown on request, and in handouts).
    pub notes_zh: String,
    pub notes_en: String,
    /// Lon/lat box: west, south, east, north.
    pub view: [f64; 4],
    pub indicator: ProvinceIndicator,
    /// A panel indicator (with years) the slide shows instead of `indicator`.
    pub panel: Option<&'static PanelColumn>,
    /// The year it shows, or the year playback starts from.
    pub year: Option<i32>,
    /// Play the years when the slide opens.
    pub play: bool,
    pub layers: Layers,
    pub highlight: Vec<Highlight>,
    pub chart: SlideChart,
    /// The trends chart's view, when the chart is the trends chart.
    pub trend_view: TrendView,
    /// A spatial statistic the map shows instead of the indicator's classes (`spatial =
    /// "lisa" | "significance" | "hotspots"`), computed with the default weights.
    pub spatial_map: crate::core::settings::SpatialMap,
    /// The cities' kernel density under the map (`spatial = "density"`, or joined with `+`).
    pub density: bool,
    /// How the map's classes are made, where the slide fixes it (else the user's choice).
    pub method: Option<Method>,
    pub classes: Option<usize>,
    /// A picture shown beside the caption (a site photo), with its credit.
    pub image: Option<SlideImage>,
    pub sources: Vec<String>,
    /// The sources in Chinese, for the Chinese UI (optional; `sources` otherwise).
    pub sources_zh: Vec<String>,
    /// 1-based line where the slide starts in its file (0: made in the editor).
    pub line: usize,
}

/// A picture on a slide: a file beside the lesson, named by a relative path so the lesson
/// travels as a folder.
#[derive(Clone, Debug, PartialEq)]
pub struct SlideImage {
    /// Relative to the lesson file's folder, with `/` separators.
    pub path: String,
    /// Who took or owns the picture (shown under it; required).
    pub credit: String,
}

impl Slide {
    /// The speaker notes in the user's language (the other language's when only it has them).
    pub fn notes_in(&self, lang: crate::core::settings::Lang) -> &str {
        let (mine, other) = match lang {
            crate::core::settings::Lang::Zh => (&self.notes_zh, &self.notes_en),
            crate::core::settings::Lang::En => (&self.notes_en, &self.notes_zh),
        };
        if mine.is_empty() { other } else { mine }
    }

    /// The sources in the user's language (Chinese where the story gives them).
    pub fn sources_in(&self, lang: crate::core::settings::Lang) -> &[String] {
        if lang == crate::core::settings::Lang::Zh && !self.sources_zh.is_empty() {
            &self.sources_zh
        } else {
            &self.sources
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Story {
    pub title_zh: String,
    pub title_en: String,
    pub slides: Vec<Slide>,
    /// The folder of the file the story came from: slide pictures are found from here.
    pub dir: Option<std::path::PathBuf>,
}

impl Story {
    /// Where a slide's picture is on disk (`None`: no picture, or a story not from a file).
    pub fn image_path(&self, image: &SlideImage) -> Option<std::path::PathBuf> {
        Some(self.dir.as_ref()?.join(&image.path))
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct StoryError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for StoryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}, line {}: {}", self.file, self.line, self.message)
    }
}

impl std::error::Error for StoryError {}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStory {
    title_zh: String,
    title_en: String,
    slide: Vec<Spanned<RawSlide>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSlide {
    title_zh: String,
    title_en: String,
    caption_zh: String,
    caption_en: String,
    #[serde(default)]
    notes_zh: String,
    #[serde(default)]
    notes_en: String,
    view: Spanned<Vec<f64>>,
    indicator: Spanned<String>,
    #[serde(default)]
    year: Option<Spanned<i32>>,
    #[serde(default)]
    play: Option<Spanned<bool>>,
    layers: Spanned<String>,
    #[serde(default)]
    highlight: Vec<Spanned<String>>,
    /// Provinces to ring whose name is also a listed city's (北京市, 重庆市…): `highlight`
    /// reads such a name as the city.
    #[serde(default)]
    highlight_provinces: Vec<Spanned<String>>,
    chart: Spanned<String>,
    #[serde(default)]
    spatial: Option<Spanned<String>>,
    #[serde(default)]
    classify: Option<Spanned<String>>,
    #[serde(default)]
    classes: Option<Spanned<i64>>,
    #[serde(default)]
    image: Option<Spanned<String>>,
    #[serde(default)]
    image_credit: String,
    #[serde(default)]
    sources: Vec<String>,
    #[serde(default)]
    sources_zh: Vec<String>,
}

/// `spatial = "lisa+density"`: what the map shows of the spatial analysis.
fn parse_spatial(text: &str) -> Result<(crate::core::settings::SpatialMap, bool), String> {
    use crate::core::settings::SpatialMap;
    let mut map = SpatialMap::Off;
    let mut density = false;
    for word in text.split('+').map(str::trim) {
        let asked = match word {
            "density" => {
                density = true;
                continue;
            }
            "lisa" => SpatialMap::Clusters,
            "significance" => SpatialMap::Significance,
            "hotspots" => SpatialMap::HotSpots,
            other => {
                return Err(format!(
                    "unknown spatial view '{other}' (known: lisa, significance, hotspots, density; join two with +)"
                ));
            }
        };
        if map != SpatialMap::Off {
            return Err(format!("'{text}' asks for two statistics on one map"));
        }
        map = asked;
    }
    Ok((map, density))
}

fn line_of(text: &str, byte: usize) -> usize {
    text.as_bytes()[..byte.min(text.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// Parses and validates a story against the dataset (highlight names must exist).
pub fn parse_story(file: &str, text: &str, ds: &Dataset) -> Result<Story, StoryError> {
    let err = |byte: usize, message: String| StoryError {
        file: file.to_owned(),
        line: line_of(text, byte),
        message,
    };
    let raw: RawStory = toml::from_str(text).map_err(|e| {
        err(
            e.span().map_or(0, |s| s.start),
            e.message().trim().to_owned(),
        )
    })?;
    if raw.slide.is_empty() {
        return Err(err(0, "a story needs at least one [[slide]]".to_owned()));
    }
    let mut slides = Vec::new();
    for spanned in raw.slide {
        let line = line_of(text, spanned.span().start);
        let s = spanned.into_inner();
        let v = s.view.get_ref();
        let view = match v[..] {
            [w, so, e, n]
                if (-180.0..=180.0).contains(&w)
                    && (-180.0..=180.0).contains(&e)
                    && (-90.0..=90.0).contains(&so)
                    && (-90.0..=90.0).contains(&n)
                    && w < e
                    && so < n =>
            {
                [w, so, e, n]
            }
            _ => {
                return Err(err(
                    s.view.span().start,
                    "view must be [west, south, east, north] in degrees, west < east, south < north".to_owned(),
                ));
            }
        };
        let key = s.indicator.get_ref();
        let panel = super::panel::column(key);
        let indicator = match (ProvinceIndicator::from_key(key), panel) {
            (Some(i), _) => i,
            (None, Some(_)) => ProvinceIndicator::default(),
            (None, None) => {
                let known: Vec<&str> = ProvinceIndicator::ALL
                    .iter()
                    .map(|i| i.key())
                    .chain(super::panel::COLUMNS.iter().map(|c| c.id))
                    .collect();
                return Err(err(
                    s.indicator.span().start,
                    format!("unknown indicator '{key}' (known: {})", known.join(", ")),
                ));
            }
        };
        let play = s.play.as_ref().is_some_and(|p| *p.get_ref());
        if let Some(p) = s.play.as_ref().filter(|_| play && panel.is_none()) {
            return Err(err(
                p.span().start,
                format!("play needs an indicator with years, not '{key}'"),
            ));
        }
        let year = match (&s.year, panel) {
            (None, _) => None,
            (Some(y), Some(column)) => {
                let years = ds.panel.years_with_values(column);
                if !years.contains(y.get_ref()) {
                    return Err(err(
                        y.span().start,
                        format!(
                            "'{key}' has no values for {} (it has {}–{})",
                            y.get_ref(),
                            years.first().copied().unwrap_or_default(),
                            years.last().copied().unwrap_or_default()
                        ),
                    ));
                }
                Some(*y.get_ref())
            }
            (Some(y), None) => {
                return Err(err(
                    y.span().start,
                    format!("year needs an indicator with years, not '{key}'"),
                ));
            }
        };
        let layers =
            Layers::from_list(s.layers.get_ref()).map_err(|m| err(s.layers.span().start, m))?;
        let Some(chart) = SlideChart::from_key(s.chart.get_ref()) else {
            return Err(err(
                s.chart.span().start,
                format!(
                    "unknown chart '{}' (known: {})",
                    s.chart.get_ref(),
                    SlideChart::keys().join(", ")
                ),
            ));
        };
        let (spatial_map, density) = match &s.spatial {
            None => (crate::core::settings::SpatialMap::Off, false),
            Some(sp) => parse_spatial(sp.get_ref()).map_err(|m| err(sp.span().start, m))?,
        };
        let method = match &s.classify {
            None => None,
            Some(m) => Some(Method::from_key(m.get_ref()).ok_or_else(|| {
                let known: Vec<&str> = Method::ALL.iter().map(|m| m.key()).collect();
                err(
                    m.span().start,
                    format!(
                        "unknown classification '{}' (known: {})",
                        m.get_ref(),
                        known.join(", ")
                    ),
                )
            })?),
        };
        let classes = match &s.classes {
            None => None,
            Some(k) => {
                let range = super::classify::MIN_CLASSES..=super::classify::MAX_CLASSES;
                let n = usize::try_from(*k.get_ref())
                    .ok()
                    .filter(|n| range.contains(n));
                Some(n.ok_or_else(|| {
                    err(
                        k.span().start,
                        format!("classes must be {} to {}", range.start(), range.end()),
                    )
                })?)
            }
        };
        let image = match &s.image {
            None => None,
            Some(p) => {
                let path = p.get_ref().trim();
                if !is_relative_inside(path) {
                    return Err(err(
                        p.span().start,
                        format!(
                            "image '{path}' must be a relative path inside the lesson's folder, e.g. images/site.jpg"
                        ),
                    ));
                }
                if s.image_credit.trim().is_empty() {
                    return Err(err(
                        p.span().start,
                        "an image needs image_credit (who took it, and its licence)".to_owned(),
                    ));
                }
                Some(SlideImage {
                    path: path.to_owned(),
                    credit: s.image_credit.trim().to_owned(),
                })
            }
        };
        let mut highlight = Vec::new();
        for h in &s.highlight {
            let name = h.get_ref().as_str();
            let found = ds
                .cities
                .iter()
                .find(|c| c.name_zh == name)
                .map(|c| Highlight::City(c.adcode))
                .or_else(|| {
                    ds.provinces
                        .iter()
                        .find(|p| p.name_zh == name)
                        .map(|p| Highlight::Province(p.adcode))
                });
            match found {
                Some(x) => highlight.push(x),
                None => {
                    return Err(err(
                        h.span().start,
                        format!("'{name}' is neither a listed city nor a province"),
                    ));
                }
            }
        }
        for h in &s.highlight_provinces {
            let name = h.get_ref().as_str();
            match ds.provinces.iter().find(|p| p.name_zh == name) {
                Some(p) => highlight.push(Highlight::Province(p.adcode)),
                None => {
                    return Err(err(h.span().start, format!("'{name}' is not a province")));
                }
            }
        }
        slides.push(Slide {
            title_zh: s.title_zh,
            title_en: s.title_en,
            caption_zh: s.caption_zh.trim().to_owned(),
            caption_en: s.caption_en.trim().to_owned(),
            notes_zh: s.notes_zh.trim().to_owned(),
            notes_en: s.notes_en.trim().to_owned(),
            view,
            indicator,
            panel,
            year,
            play,
            layers,
            highlight,
            chart,
            trend_view: trend_view_of(s.chart.get_ref()).unwrap_or_default(),
            spatial_map,
            density,
            method,
            classes,
            image,
            sources: s.sources,
            sources_zh: s.sources_zh,
            line,
        });
    }
    Ok(Story {
        title_zh: raw.title_zh,
        title_en: raw.title_en,
        slides,
        dir: None,
    })
}

/// A path that stays inside the lesson's folder: relative, no `..`, no drive or root.
pub fn is_relative_inside(path: &str) -> bool {
    let p = std::path::Path::new(path);
    !path.is_empty()
        && !path.contains('\\')
        && p.components()
            .all(|c| matches!(c, std::path::Component::Normal(_)))
}

/// The story as its TOML exchange file: what `parse_story` reads back to the same slides.
/// Highlights are written by name, the chart and indicator by key.
pub fn story_to_toml(story: &Story, ds: &Dataset) -> String {
    use std::fmt::Write;
    let q = |s: &str| toml::Value::String(s.to_owned()).to_string();
    let list = |items: &[String]| -> String {
        if items.is_empty() {
            return "[]".to_owned();
        }
        let mut out = "[\n".to_owned();
        for i in items {
            let _ = writeln!(out, "  {},", q(i));
        }
        out.push(']');
        out
    };
    let mut out = String::new();
    out.push_str("# A lesson of the Old Industrial Bases Atlas (老工业基地地图集).\n");
    out.push_str(
        "# Open it in the atlas: 课件 → 编辑课件 → 打开 / Lesson → Edit lesson → Open.\n\n",
    );
    let _ = writeln!(out, "title_zh = {}", q(&story.title_zh));
    let _ = writeln!(out, "title_en = {}", q(&story.title_en));
    for slide in &story.slides {
        out.push_str("\n[[slide]]\n");
        let _ = writeln!(out, "title_zh = {}", q(&slide.title_zh));
        let _ = writeln!(out, "title_en = {}", q(&slide.title_en));
        let _ = writeln!(out, "caption_zh = {}", q(&slide.caption_zh));
        let _ = writeln!(out, "caption_en = {}", q(&slide.caption_en));
        if !slide.notes_zh.is_empty() {
            let _ = writeln!(out, "notes_zh = {}", q(&slide.notes_zh));
        }
        if !slide.notes_en.is_empty() {
            let _ = writeln!(out, "notes_en = {}", q(&slide.notes_en));
        }
        let v = slide.view;
        let _ = writeln!(
            out,
            "view = [{}, {}, {}, {}]",
            round_degrees(v[0]),
            round_degrees(v[1]),
            round_degrees(v[2]),
            round_degrees(v[3])
        );
        let indicator = slide.panel.map_or(slide.indicator.key(), |c| c.id);
        let _ = writeln!(out, "indicator = {}", q(indicator));
        if let Some(y) = slide.year {
            let _ = writeln!(out, "year = {y}");
        }
        if slide.play {
            out.push_str("play = true\n");
        }
        if let Some(m) = slide.method {
            let _ = writeln!(out, "classify = {}", q(m.key()));
        }
        if let Some(k) = slide.classes {
            let _ = writeln!(out, "classes = {k}");
        }
        let _ = writeln!(out, "layers = {}", q(&slide.layers.to_list()));
        // A province whose name is also a city's goes in a list of its own, so it reads back
        // as the province.
        let is_city_name = |name: &str| ds.cities.iter().any(|c| c.name_zh == name);
        let (mut names, mut provinces) = (Vec::new(), Vec::new());
        for h in &slide.highlight {
            let Some(name) = highlight_name(h, ds) else {
                continue;
            };
            match h {
                Highlight::Province(_) if is_city_name(&name) => provinces.push(q(&name)),
                _ => names.push(q(&name)),
            }
        }
        let _ = writeln!(out, "highlight = [{}]", names.join(", "));
        if !provinces.is_empty() {
            let _ = writeln!(out, "highlight_provinces = [{}]", provinces.join(", "));
        }
        let _ = writeln!(out, "chart = {}", q(&slide_chart_key(slide)));
        if let Some(sp) = spatial_key(slide) {
            let _ = writeln!(out, "spatial = {}", q(&sp));
        }
        if let Some(img) = &slide.image {
            let _ = writeln!(out, "image = {}", q(&img.path));
            let _ = writeln!(out, "image_credit = {}", q(&img.credit));
        }
        let _ = writeln!(out, "sources = {}", list(&slide.sources));
        if !slide.sources_zh.is_empty() {
            let _ = writeln!(out, "sources_zh = {}", list(&slide.sources_zh));
        }
    }
    out
}

/// Degrees to 4 decimals (about 10 m): enough for a view, short to read.
fn round_degrees(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}

/// A highlighted place's name as story files write it (`None`: not in this dataset).
pub fn highlight_name(h: &Highlight, ds: &Dataset) -> Option<String> {
    match *h {
        Highlight::City(code) => ds
            .cities
            .iter()
            .find(|c| c.adcode == code)
            .map(|c| c.name_zh.clone()),
        Highlight::Province(code) => ds
            .provinces
            .iter()
            .find(|p| p.adcode == code)
            .map(|p| p.name_zh.clone()),
    }
}

/// The `chart` key a slide is written with (the trends chart's view has keys of its own).
pub fn slide_chart_key(slide: &Slide) -> String {
    match slide.chart {
        SlideChart::Cases => "cases".to_owned(),
        SlideChart::Concentration => "concentration".to_owned(),
        SlideChart::None => "none".to_owned(),
        SlideChart::Chart(ChartTab::Trends) => TREND_VIEW_KEYS
            .iter()
            .find(|(_, v)| *v == slide.trend_view)
            .map_or("trends", |(k, _)| *k)
            .to_owned(),
        SlideChart::Chart(tab) => tab.key().to_owned(),
    }
}

/// The `spatial` key a slide is written with (`None`: the indicator's own classes).
fn spatial_key(slide: &Slide) -> Option<String> {
    use crate::core::settings::SpatialMap;
    let map = match slide.spatial_map {
        SpatialMap::Off => None,
        SpatialMap::Clusters => Some("lisa"),
        SpatialMap::Significance => Some("significance"),
        SpatialMap::HotSpots => Some("hotspots"),
    };
    match (map, slide.density) {
        (None, false) => None,
        (None, true) => Some("density".to_owned()),
        (Some(m), false) => Some(m.to_owned()),
        (Some(m), true) => Some(format!("{m}+density")),
    }
}

/// Reads a story file; the error names the file and line.
pub fn load_story_file(path: &std::path::Path, ds: &Dataset) -> Result<Story, StoryError> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| StoryError {
        file: name.clone(),
        line: 0,
        message: format!("cannot read: {e}"),
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let upto = e.utf8_error().valid_up_to();
        StoryError {
            file: name.clone(),
            line: e.as_bytes()[..upto].iter().filter(|b| **b == b'\n').count() + 1,
            message: "not valid UTF-8".to_owned(),
        }
    })?;
    let mut story = parse_story(&name, &text, ds)?;
    story.dir = path.parent().map(|d| {
        if d.as_os_str().is_empty() {
            std::path::PathBuf::from(".")
        } else {
            d.to_owned()
        }
    });
    Ok(story)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ds() -> Dataset {
        Dataset::load_embedded().unwrap()
    }

    #[test]
    fn the_built_in_story_is_valid_and_has_7_to_10_slides() {
        let s = parse_story("default.toml", DEFAULT_STORY, &ds()).unwrap();
        assert!((7..=12).contains(&s.slides.len()), "{}", s.slides.len());
        for sl in &s.slides {
            assert!(!sl.title_zh.is_empty() && !sl.title_en.is_empty());
            assert!(!sl.caption_zh.is_empty() && !sl.caption_en.is_empty());
            assert!(
                !sl.sources.is_empty(),
                "slide at line {} names no source",
                sl.line
            );
        }
    }

    // Synthetic fixture: a one-slide story.
    const ONE: &str = r#"title_zh = "测试"
title_en = "Test"

[[slide]]
title_zh = "一"
title_en = "One"
caption_zh = "说明"
caption_en = "Caption"
view = [118.5, 38.5, 135.0, 53.5]
indicator = "gdp2013"
layers = "province-fill,cities"
highlight = ["齐齐哈尔市", "辽宁省"]
chart = "regions"
sources = ["synthetic"]
"#;

    #[test]
    fn a_slide_can_show_a_spatial_statistic_and_the_density_surface() {
        use crate::core::settings::SpatialMap;
        let with = |v: &str| {
            ONE.replace(
                "chart = \"regions\"",
                &format!("chart = \"concentration\"\nspatial = \"{v}\""),
            )
        };
        let s = parse_story("one.toml", &with("lisa+density"), &ds()).unwrap();
        let sl = &s.slides[0];
        assert_eq!((sl.spatial_map, sl.density), (SpatialMap::Clusters, true));
        assert_eq!(sl.chart, SlideChart::Concentration);
        let s = parse_story("one.toml", &with("hotspots"), &ds()).unwrap();
        assert_eq!(
            (s.slides[0].spatial_map, s.slides[0].density),
            (SpatialMap::HotSpots, false)
        );
        // Unknown words and two statistics at once are refused, with the line.
        for (bad, message) in [
            ("kde", "unknown spatial view"),
            ("lisa+hotspots", "two statistics"),
        ] {
            let e = parse_story("one.toml", &with(bad), &ds()).unwrap_err();
            assert_eq!(e.line, 14, "{e}");
            assert!(e.message.contains(message), "{e}");
        }
        // Without the key, the map shows the indicator.
        let plain = &parse_story("one.toml", ONE, &ds()).unwrap().slides[0];
        assert_eq!((plain.spatial_map, plain.density), (SpatialMap::Off, false));
    }

    #[test]
    fn a_valid_story_resolves_names_and_layers() {
        let s = parse_story("one.toml", ONE, &ds()).unwrap();
        let sl = &s.slides[0];
        assert_eq!(sl.line, 4);
        assert_eq!(
            sl.highlight,
            vec![Highlight::City(230200), Highlight::Province(210000)]
        );
        assert!(sl.layers.cities && !sl.layers.heritage);
        assert_eq!(sl.trend_view, TrendView::Lines);
        // The trends chart's other views have keys of their own.
        for (key, view) in [
            ("trends", TrendView::Lines),
            ("structure", TrendView::Structure),
            ("provinces", TrendView::Provinces),
            ("slope", TrendView::Slope),
        ] {
            let text = ONE.replace("\"regions\"", &format!("\"{key}\""));
            let sl = &parse_story("one.toml", &text, &ds()).unwrap().slides[0];
            assert_eq!(sl.chart, SlideChart::Chart(ChartTab::Trends), "{key}");
            assert_eq!(sl.trend_view, view, "{key}");
        }
    }

    #[test]
    fn errors_name_the_line() {
        let d = ds();
        let cases = [
            (ONE.replace("gdp2013", "gdp1999"), 10, "unknown indicator"),
            (ONE.replace("\"regions\"", "\"pie\""), 13, "unknown chart"),
            (ONE.replace("齐齐哈尔市", "不存在市"), 12, "neither"),
            (
                ONE.replace("[118.5, 38.5, 135.0, 53.5]", "[135.0, 38.5, 118.5, 53.5]"),
                9,
                "view",
            ),
            (ONE.replace("cities\"", "rivers\""), 11, "unknown layer"),
            (
                ONE.replace("caption_en = \"Caption\"", "caption_en = \"Caption"),
                8,
                "",
            ),
            (ONE.replace("sources", "sauces"), 14, "sauces"),
            // Years: only for an indicator that has them, and only years it has.
            (
                ONE.replace(
                    "indicator = \"gdp2013\"",
                    "indicator = \"gdp2013\"\nyear = 2015",
                ),
                11,
                "year needs an indicator with years",
            ),
            (
                ONE.replace(
                    "indicator = \"gdp2013\"",
                    "indicator = \"gdp\"\nyear = 1980",
                ),
                11,
                "no values for 1980",
            ),
            (
                ONE.replace(
                    "indicator = \"gdp2013\"",
                    "indicator = \"cities\"\nplay = true",
                ),
                11,
                "play needs an indicator with years",
            ),
        ];
        for (text, line, needle) in cases {
            let e = parse_story("bad.toml", &text, &d).unwrap_err();
            assert_eq!(e.line, line, "{e}");
            assert!(e.message.contains(needle), "{e}");
        }
    }
}
