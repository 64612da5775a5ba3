//! A lesson being edited: the story, which slide is current, where it is saved, and the
//! undo history. Plain data; the editor panel shows it and the app changes it through
//! `Command::Lesson`.

use std::path::{Path, PathBuf};

use super::dataset::Dataset;
use super::story::{Slide, Story, story_to_toml};

/// The most steps kept for undo (a lesson is small: each step is a copy of it).
const UNDO_LIMIT: usize = 200;

/// A text field of a slide the editor can change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SlideText {
    TitleZh,
    TitleEn,
    CaptionZh,
    CaptionEn,
    NotesZh,
    NotesEn,
}

impl SlideText {
    pub const ALL: [SlideText; 6] = [
        SlideText::TitleZh,
        SlideText::TitleEn,
        SlideText::CaptionZh,
        SlideText::CaptionEn,
        SlideText::NotesZh,
        SlideText::NotesEn,
    ];

    pub fn of(self, slide: &Slide) -> &String {
        match self {
            SlideText::TitleZh => &slide.title_zh,
            SlideText::TitleEn => &slide.title_en,
            SlideText::CaptionZh => &slide.caption_zh,
            SlideText::CaptionEn => &slide.caption_en,
            SlideText::NotesZh => &slide.notes_zh,
            SlideText::NotesEn => &slide.notes_en,
        }
    }

    fn of_mut(self, slide: &mut Slide) -> &mut String {
        match self {
            SlideText::TitleZh => &mut slide.title_zh,
            SlideText::TitleEn => &mut slide.title_en,
            SlideText::CaptionZh => &mut slide.caption_zh,
            SlideText::CaptionEn => &mut slide.caption_en,
            SlideText::NotesZh => &mut slide.notes_zh,
            SlideText::NotesEn => &mut slide.notes_en,
        }
    }
}

/// The most on-screen caption text a room can read: 80 characters in Chinese, 20 words in
/// English (longer text belongs in the speaker notes).
pub const CAPTION_MAX_ZH_CHARS: usize = 80;
pub const CAPTION_MAX_EN_WORDS: usize = 20;

/// What is wrong with a slide's on-screen text, if anything (empty: fine).
pub fn caption_problems(slide: &Slide) -> Vec<CaptionProblem> {
    let mut out = Vec::new();
    let zh = slide.caption_zh.chars().count();
    if zh > CAPTION_MAX_ZH_CHARS {
        out.push(CaptionProblem::LongZh(zh));
    }
    let en = slide.caption_en.split_whitespace().count();
    if en > CAPTION_MAX_EN_WORDS {
        out.push(CaptionProblem::LongEn(en));
    }
    if slide.title_zh.trim().is_empty() || slide.title_en.trim().is_empty() {
        out.push(CaptionProblem::NoTitle);
    }
    out
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaptionProblem {
    /// The Chinese caption's length in characters.
    LongZh(usize),
    /// The English caption's length in words.
    LongEn(usize),
    NoTitle,
}

#[derive(Clone, Debug, PartialEq)]
struct Snapshot {
    story: Story,
    current: usize,
}

/// A lesson open in the editor.
#[derive(Clone, Debug)]
pub struct LessonDraft {
    pub story: Story,
    /// The slide shown in the editor.
    pub current: usize,
    /// Where Save writes (`None`: a new lesson, or the built-in template).
    pub path: Option<PathBuf>,
    /// The built-in lesson: read-only, saved only as a copy.
    pub template: bool,
    /// The story as last opened or saved, to tell unsaved changes.
    saved: Story,
    undo: Vec<Snapshot>,
    redo: Vec<Snapshot>,
    /// The text field the last step typed into: further typing there joins that step, so
    /// undo takes back a word or a sentence, not a keystroke.
    typing: Option<(usize, SlideText)>,
}

impl LessonDraft {
    /// A story opened for editing.
    pub fn open(story: Story, path: Option<PathBuf>, template: bool) -> Self {
        Self {
            saved: story.clone(),
            story,
            current: 0,
            path,
            template,
            undo: Vec::new(),
            redo: Vec::new(),
            typing: None,
        }
    }

    /// A new, empty lesson (slides are added from the map).
    pub fn new_lesson() -> Self {
        let story = Story {
            title_zh: "新课件".to_owned(),
            title_en: "New lesson".to_owned(),
            slides: Vec::new(),
            dir: None,
        };
        Self::open(story, None, false)
    }

    pub fn is_dirty(&self) -> bool {
        self.story != self.saved
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    pub fn current_slide(&self) -> Option<&Slide> {
        self.story.slides.get(self.current)
    }

    fn snapshot(&self) -> Snapshot {
        Snapshot {
            story: self.story.clone(),
            current: self.current,
        }
    }

    /// Records the state before a change, for undo.
    fn checkpoint(&mut self) {
        self.typing = None;
        self.undo.push(self.snapshot());
        if self.undo.len() > UNDO_LIMIT {
            self.undo.remove(0);
        }
        self.redo.clear();
    }

    /// Puts a slide after the current one and makes it current.
    pub fn add_slide(&mut self, slide: Slide) {
        self.checkpoint();
        let at = if self.story.slides.is_empty() {
            0
        } else {
            (self.current + 1).min(self.story.slides.len())
        };
        self.story.slides.insert(at, slide);
        self.current = at;
    }

    /// Replaces the current slide's map (view, layers, indicator, chart…) and keeps its text.
    pub fn replace_view(&mut self, captured: Slide) {
        let Some(old) = self.story.slides.get(self.current).cloned() else {
            return;
        };
        self.checkpoint();
        let slide = &mut self.story.slides[self.current];
        *slide = Slide {
            title_zh: old.title_zh,
            title_en: old.title_en,
            caption_zh: old.caption_zh,
            caption_en: old.caption_en,
            notes_zh: old.notes_zh,
            notes_en: old.notes_en,
            image: old.image,
            // The sources are the new view's: its indicator may be another.
            ..captured
        };
    }

    /// Takes back every change since the lesson was opened or saved.
    pub fn discard_changes(&mut self) {
        if self.is_dirty() {
            self.checkpoint();
            self.story = self.saved.clone();
            self.current = self.current.min(self.story.slides.len().saturating_sub(1));
        }
    }

    pub fn duplicate(&mut self) {
        if let Some(s) = self.current_slide().cloned() {
            self.add_slide(s);
        }
    }

    pub fn delete(&mut self) {
        if self.current < self.story.slides.len() {
            self.checkpoint();
            self.story.slides.remove(self.current);
            self.current = self.current.min(self.story.slides.len().saturating_sub(1));
        }
    }

    /// Moves slide `from` to position `to`; it stays current.
    pub fn move_slide(&mut self, from: usize, to: usize) {
        let n = self.story.slides.len();
        if from >= n || from == to.min(n - 1) {
            return;
        }
        self.checkpoint();
        let s = self.story.slides.remove(from);
        let to = to.min(self.story.slides.len());
        self.story.slides.insert(to, s);
        self.current = to;
    }

    pub fn select(&mut self, i: usize) {
        if i < self.story.slides.len() {
            self.current = i;
            self.typing = None;
        }
    }

    /// Sets a text of slide `i`. Typing on in the same field is one undo step.
    pub fn set_text(&mut self, i: usize, field: SlideText, text: String) {
        let Some(slide) = self.story.slides.get(i) else {
            return;
        };
        if *field.of(slide) == text {
            return;
        }
        if self.typing != Some((i, field)) {
            self.checkpoint();
            self.typing = Some((i, field));
        }
        *field.of_mut(&mut self.story.slides[i]) = text;
    }

    /// Sets the lesson's own title.
    pub fn set_titles(&mut self, zh: String, en: String) {
        if self.story.title_zh != zh || self.story.title_en != en {
            self.checkpoint();
            self.story.title_zh = zh;
            self.story.title_en = en;
        }
    }

    /// Sets or removes the current slide's picture.
    pub fn set_image(&mut self, image: Option<super::story::SlideImage>) {
        if let Some(slide) = self.story.slides.get(self.current)
            && slide.image != image
        {
            self.checkpoint();
            self.story.slides[self.current].image = image;
        }
    }

    pub fn undo(&mut self) {
        if let Some(s) = self.undo.pop() {
            self.redo.push(self.snapshot());
            self.story = s.story;
            self.current = s.current;
            self.typing = None;
        }
    }

    pub fn redo(&mut self) {
        if let Some(s) = self.redo.pop() {
            self.undo.push(self.snapshot());
            self.story = s.story;
            self.current = s.current;
            self.typing = None;
        }
    }

    /// Writes the lesson where it came from. The template has no place of its own.
    pub fn save(&mut self, ds: &Dataset) -> Result<PathBuf, String> {
        match (&self.path, self.template) {
            (Some(p), false) => {
                let p = p.clone();
                self.save_as(&p, ds)
            }
            _ => Err("this lesson has no file yet: use Save as".to_owned()),
        }
    }

    /// Writes the lesson to `path` (atomically) and edits that file from now on. Pictures
    /// named by the slides are copied beside it, so the lesson folder travels whole.
    pub fn save_as(&mut self, path: &Path, ds: &Dataset) -> Result<PathBuf, String> {
        if self.story.slides.is_empty() {
            return Err("a lesson needs at least one slide".to_owned());
        }
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_owned);
        copy_images(&self.story, &dir)?;
        let text = story_to_toml(&self.story, ds);
        super::atomic::write_atomic(path, text.as_bytes())
            .map_err(|e| format!("{}: {e}", path.display()))?;
        self.path = Some(path.to_owned());
        self.template = false;
        self.story.dir = Some(dir);
        self.saved = self.story.clone();
        Ok(path.to_owned())
    }
}

/// Copies each slide's picture from the folder the story came from into `dir`, keeping its
/// relative path (nothing to do when the folders are the same). A picture that has gone
/// is left out of the copy, not a reason to lose the lesson: the slide names it as missing.
fn copy_images(story: &Story, dir: &Path) -> Result<(), String> {
    for slide in &story.slides {
        let Some(image) = &slide.image else { continue };
        let Some(from) = story.image_path(image) else {
            continue;
        };
        let to = dir.join(&image.path);
        if from == to || !from.exists() || same_file(&from, &to) {
            continue;
        }
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        let bytes = std::fs::read(&from).map_err(|e| format!("{}: {e}", from.display()))?;
        super::atomic::write_atomic(&to, &bytes).map_err(|e| format!("{}: {e}", to.display()))?;
    }
    Ok(())
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Copies a picture the teacher picked into `images/` beside the lesson (or into `dir`
/// when the lesson has no file yet) and returns the relative path slides name it by.
pub fn import_image(file: &Path, lesson_dir: &Path) -> Result<String, String> {
    let ext = file
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    if !["png", "jpg", "jpeg"].contains(&ext.as_str()) {
        return Err(format!("{}: pictures must be PNG or JPEG", file.display()));
    }
    let bytes = std::fs::read(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let name = file
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| format!("{}: no file name", file.display()))?;
    // A different picture already there under this name keeps its place: this one gets a
    // numbered name (the slides that use the first still show it).
    let (stem, ext) = match name.rsplit_once('.') {
        Some((s, e)) => (s.to_owned(), format!(".{e}")),
        None => (name.to_owned(), String::new()),
    };
    let mut rel = format!("images/{name}");
    let mut n = 2;
    while let Ok(there) = std::fs::read(lesson_dir.join(&rel)) {
        if there == bytes {
            break;
        }
        rel = format!("images/{stem}-{n}{ext}");
        n += 1;
    }
    let to = lesson_dir.join(&rel);
    if !to.exists() {
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        super::atomic::write_atomic(&to, &bytes).map_err(|e| format!("{}: {e}", to.display()))?;
    }
    Ok(rel)
}

/// What the map and the chart beside it show, captured as a slide. An imported indicator
/// cannot travel in a lesson file, so the slide falls back to the built-in one and says so
/// in the returned warning.
pub struct Captured {
    pub slide: Slide,
    pub warning: Option<String>,
}

/// Makes a slide of the current view: camera (as a lon/lat box), layers, indicator and year,
/// classification, the chart shown, the spatial statistic, and the selected cities and
/// provinces ringed. Its sources are the indicator's, so the slide names them.
pub fn capture_slide(
    settings: &super::settings::Settings,
    view: [f64; 4],
    places: &[super::place::PlaceId],
    chart: super::story::SlideChart,
    number: usize,
) -> Captured {
    use super::indicators::Indicator;
    use super::place::PlaceId;
    use super::settings::Lang;
    use super::story::Highlight;
    let c = &settings.choropleth;
    let panel = c.panel.as_deref().and_then(super::panel::column);
    let year = panel.and(c.year);
    let warning = c
        .imported
        .as_ref()
        .map(|name| {
            format!(
                "“{name}” is your own imported data and cannot be saved in a lesson file; the slide shows the built-in indicator instead / 导入的数据“{name}”无法存入课件，幻灯片改用内置指标"
            )
        })
        .or_else(|| {
            // Slides show totals as they are: a basis or a change is not kept.
            (panel.is_some() && (c.per != Default::default() || c.change_from.is_some())).then(|| {
                "A slide shows the indicator's own values: per person, per km² or a change since a year is not kept / 幻灯片显示指标本身的数值：人均、地均或与某年相比的变化不会保存".to_owned()
            })
        });
    let indicator = match panel {
        Some(column) => Indicator::Panel {
            column,
            year: year.unwrap_or(super::indicators::PANEL_DEFAULT_YEAR),
            transform: Default::default(),
        },
        None => Indicator::BuiltIn(c.indicator),
    };
    let source = |lang: Lang| indicator.source(lang);
    let highlight = places
        .iter()
        .filter_map(|p| match p {
            PlaceId::City(code) => Some(Highlight::City(*code)),
            PlaceId::Province(code) => Some(Highlight::Province(*code)),
            _ => None,
        })
        .collect();
    let trend_view = settings.trends.view;
    let slide = Slide {
        title_zh: format!("第 {number} 张：{}", indicator.name(Lang::Zh)),
        title_en: format!("Slide {number}: {}", indicator.name(Lang::En)),
        caption_zh: String::new(),
        caption_en: String::new(),
        notes_zh: String::new(),
        notes_en: String::new(),
        view,
        // With a panel indicator the province one is unused; a file read back holds the
        // default there, so the slide does too.
        indicator: if panel.is_some() {
            Default::default()
        } else {
            c.indicator
        },
        panel,
        year,
        play: false,
        layers: settings.layers.clone(),
        highlight,
        chart,
        trend_view,
        spatial_map: settings.spatial.map,
        density: settings.spatial.density,
        method: Some(c.method),
        classes: Some(c.classes),
        image: None,
        sources: vec![source(Lang::En)],
        sources_zh: vec![source(Lang::Zh)],
        line: 0,
    };
    Captured { slide, warning }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::story::{DEFAULT_STORY, Highlight, parse_story};

    fn ds() -> Dataset {
        Dataset::load_embedded().unwrap()
    }

    /// A fresh folder under the system's temp dir, for one test.
    fn temp_dir(tag: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("oib-lesson-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    fn built_in(ds: &Dataset) -> Story {
        parse_story("default.toml", DEFAULT_STORY, ds).unwrap()
    }

    /// Slides as read back: the line they start on is the file's business, not the slide's.
    fn without_lines(mut s: Story) -> Story {
        for sl in &mut s.slides {
            sl.line = 0;
        }
        s.dir = None;
        s
    }

    #[test]
    fn the_built_in_lesson_round_trips_through_its_toml() {
        let ds = ds();
        let story = built_in(&ds);
        let text = story_to_toml(&story, &ds);
        let back = parse_story("written.toml", &text, &ds).unwrap();
        assert_eq!(without_lines(back), without_lines(story));
    }

    #[test]
    fn edits_undo_and_redo_in_order_and_typing_is_one_step() {
        let ds = ds();
        let story = built_in(&ds);
        let first = story.slides[0].clone();
        let mut d = LessonDraft::open(story.clone(), None, true);
        assert!(!d.is_dirty() && !d.can_undo());
        d.set_text(0, SlideText::CaptionEn, "A".to_owned());
        d.set_text(0, SlideText::CaptionEn, "AB".to_owned());
        d.set_text(0, SlideText::CaptionEn, "ABC".to_owned());
        d.move_slide(0, 2);
        assert_eq!(d.story.slides[2].caption_en, "ABC");
        assert_eq!(d.current, 2);
        d.undo();
        assert_eq!(d.story.slides[0].caption_en, "ABC");
        d.undo(); // the three keystrokes are one step
        assert_eq!(d.story.slides[0], first);
        assert!(!d.is_dirty() && !d.can_undo());
        d.redo();
        d.redo();
        assert_eq!(d.story.slides[2].caption_en, "ABC");
        // A new edit drops what could be redone.
        d.undo();
        d.delete();
        assert!(!d.can_redo());
        assert_eq!(d.story.slides.len(), story.slides.len() - 1);
    }

    #[test]
    fn add_duplicate_and_delete_keep_the_current_slide_sensible() {
        let ds = ds();
        let story = built_in(&ds);
        let mut d = LessonDraft::new_lesson();
        d.delete(); // nothing to delete: no step
        assert!(!d.can_undo());
        d.add_slide(story.slides[0].clone());
        d.add_slide(story.slides[1].clone());
        assert_eq!(d.current, 1);
        d.select(0);
        d.duplicate();
        assert_eq!(d.current, 1);
        assert_eq!(d.story.slides[1], story.slides[0]);
        assert_eq!(d.story.slides.len(), 3);
        d.select(2);
        d.delete();
        assert_eq!(d.current, 1);
        // Replacing the view keeps the slide's words.
        d.replace_view(story.slides[3].clone());
        let s = &d.story.slides[1];
        assert_eq!(s.caption_zh, story.slides[0].caption_zh);
        assert_eq!(s.view, story.slides[3].view);
    }

    #[test]
    fn the_template_saves_only_as_a_copy_and_saving_writes_what_reopens() {
        let ds = ds();
        let dir = temp_dir("save");
        let mut d = LessonDraft::open(built_in(&ds), None, true);
        assert!(d.save(&ds).is_err());
        d.set_text(1, SlideText::TitleEn, "Renamed".to_owned());
        let path = dir.as_path().join("my lesson.toml");
        d.save_as(&path, &ds).unwrap();
        assert!(!d.is_dirty() && !d.template);
        let back = crate::core::story::load_story_file(&path, &ds).unwrap();
        assert_eq!(back.slides[1].title_en, "Renamed");
        assert_eq!(back.dir.as_deref(), Some(dir.as_path()));
        // An empty lesson is not written.
        let mut empty = LessonDraft::new_lesson();
        assert!(
            empty
                .save_as(&dir.as_path().join("empty.toml"), &ds)
                .is_err()
        );
        assert!(!dir.as_path().join("empty.toml").exists());
    }

    #[test]
    fn a_picture_is_copied_beside_the_lesson_and_travels_with_it() {
        let ds = ds();
        let dir = temp_dir("picture");
        // Synthetic fixture: a 1×1 PNG.
        let photo = dir.as_path().join("photo.png");
        let img = image::RgbaImage::from_pixel(1, 1, image::Rgba([200, 10, 10, 255]));
        img.save(&photo).unwrap();
        let a = dir.as_path().join("a");
        std::fs::create_dir_all(&a).unwrap();
        let rel = import_image(&photo, &a).unwrap();
        assert_eq!(rel, "images/photo.png");
        assert!(a.join(&rel).exists());
        assert!(import_image(&dir.as_path().join("notes.txt"), &a).is_err());
        // Another picture of the same name does not replace the first.
        let other = dir.join("other");
        std::fs::create_dir_all(&other).unwrap();
        image::RgbaImage::from_pixel(2, 1, image::Rgba([0, 0, 255, 255]))
            .save(other.join("photo.png"))
            .unwrap();
        assert_eq!(
            import_image(&other.join("photo.png"), &a).unwrap(),
            "images/photo-2.png"
        );
        assert_eq!(import_image(&photo, &a).unwrap(), "images/photo.png");
        let mut d = LessonDraft::open(built_in(&ds), None, true);
        d.story.dir = Some(a.clone());
        d.set_image(Some(crate::core::story::SlideImage {
            path: rel.clone(),
            credit: "Synthetic test picture".to_owned(),
        }));
        // Saved elsewhere, the picture goes along.
        let b = dir.as_path().join("b");
        std::fs::create_dir_all(&b).unwrap();
        d.save_as(&b.join("lesson.toml"), &ds).unwrap();
        assert!(b.join(&rel).exists());
        let back = crate::core::story::load_story_file(&b.join("lesson.toml"), &ds).unwrap();
        let image = back.slides[0].image.clone().unwrap();
        assert_eq!(back.image_path(&image).unwrap(), b.join(&rel));
    }

    #[test]
    fn a_captured_view_keeps_what_the_map_shows_and_names_its_source() {
        use crate::core::place::PlaceId;
        use crate::core::story::SlideChart;
        let ds = ds();
        let mut settings = crate::core::settings::Settings::default();
        settings.choropleth.panel = Some("gdp".to_owned());
        settings.choropleth.year = Some(2015);
        settings.choropleth.classes = 6;
        settings.layers.heritage = true;
        let places = [
            PlaceId::City(230200),
            PlaceId::Province(210000),
            PlaceId::Prefecture(210100), // not a highlight kind: left out
        ];
        let view = [118.5, 38.5, 135.0, 53.5];
        let chart = SlideChart::Chart(crate::core::settings::ChartTab::Trends);
        let c = capture_slide(&settings, view, &places, chart, 3);
        assert!(c.warning.is_none());
        let s = &c.slide;
        assert_eq!((s.panel.map(|p| p.id), s.year), (Some("gdp"), Some(2015)));
        assert_eq!(s.classes, Some(6));
        assert!(s.layers.heritage);
        assert_eq!(s.highlight.len(), 2);
        let lang = crate::core::settings::Lang::En;
        assert_eq!(s.sources, vec![crate::core::panel::source_short(lang)]);
        // Written and read back, it is the same slide.
        let story = Story {
            title_zh: "t".into(),
            title_en: "t".into(),
            slides: vec![s.clone()],
            dir: None,
        };
        let back = parse_story("c.toml", &story_to_toml(&story, &ds), &ds).unwrap();
        assert_eq!(without_lines(back).slides[0], *s);
        // Imported data cannot travel: the slide says so.
        settings.choropleth.imported = Some("my table".to_owned());
        assert!(
            capture_slide(&settings, view, &[], chart, 1)
                .warning
                .is_some()
        );
    }

    #[test]
    fn a_province_named_like_a_city_reads_back_as_the_province() {
        let ds = ds();
        let mut slide = built_in(&ds).slides[0].clone();
        // Every province whose name a listed city shares (the municipalities), ringed as a
        // province, and the city of that name beside it.
        let shared: Vec<u32> = ds
            .provinces
            .iter()
            .filter(|p| ds.cities.iter().any(|c| c.name_zh == p.name_zh))
            .map(|p| p.adcode)
            .collect();
        assert!(!shared.is_empty(), "the test needs a shared name");
        slide.highlight = shared.iter().map(|&c| Highlight::Province(c)).collect();
        let story = Story {
            title_zh: "t".into(),
            title_en: "t".into(),
            slides: vec![slide.clone()],
            dir: None,
        };
        let text = story_to_toml(&story, &ds);
        assert!(text.contains("highlight_provinces = ["), "{text}");
        let back = parse_story("p.toml", &text, &ds).unwrap();
        assert_eq!(back.slides[0].highlight, slide.highlight);
    }

    #[test]
    fn a_lesson_whose_picture_has_gone_still_saves() {
        let ds = ds();
        let dir = temp_dir("gone");
        let mut d = LessonDraft::open(built_in(&ds), None, true);
        d.story.dir = Some(dir.join("nowhere"));
        d.set_image(Some(crate::core::story::SlideImage {
            path: "images/gone.png".to_owned(),
            credit: "Synthetic".to_owned(),
        }));
        d.save_as(&dir.join("kept.toml"), &ds)
            .expect("saved without the picture");
        let back = crate::core::story::load_story_file(&dir.join("kept.toml"), &ds).unwrap();
        assert_eq!(
            back.slides[0].image.as_ref().map(|i| i.path.as_str()),
            Some("images/gone.png")
        );
    }

    #[test]
    fn long_captions_are_named() {
        let ds = ds();
        let mut slide = built_in(&ds).slides[0].clone();
        assert!(caption_problems(&slide).is_empty());
        slide.caption_zh = "字".repeat(81);
        slide.caption_en = "word ".repeat(21);
        assert_eq!(
            caption_problems(&slide),
            vec![CaptionProblem::LongZh(81), CaptionProblem::LongEn(21)]
        );
    }
}
