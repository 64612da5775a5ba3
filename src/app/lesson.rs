//! The lesson editor's commands. A slide is made from what the map and the bottom panel
//! show, and showing a slide moves them, so the app (which owns both) carries these out.

use std::sync::Arc;

use super::AtlasApp;
use crate::core::lesson::{LessonDraft, capture_slide, import_image};
use crate::core::projection::Projected;
use crate::core::story::{Slide, SlideChart, SlideImage, load_story_file};
use crate::map::MapView;
use crate::state::{BottomTab, Command, LessonCommand};

/// The map's view as a lon/lat box `[west, south, east, north]`: the longitudes at the
/// view's left and right edges, the latitudes at its bottom and top (a slide shown later fits
/// this box into its own frame).
pub fn view_lonlat(map: &MapView) -> Option<[f64; 4]> {
    let cam = map.camera()?;
    let rect = map.last_rect();
    if !rect.is_positive() {
        return None;
    }
    let proj = map.geometry().proj;
    let at = |p: egui::Pos2| {
        let [x, y] = cam.projected_from_screen(rect, p);
        proj.unproject(Projected { x, y })
    };
    let (west, _) = at(rect.left_center());
    let (east, _) = at(rect.right_center());
    let (_, south) = at(rect.center_bottom());
    let (_, north) = at(rect.center_top());
    let b = [
        west.clamp(-180.0, 180.0),
        south.clamp(-90.0, 90.0),
        east.clamp(-180.0, 180.0),
        north.clamp(-90.0, 90.0),
    ];
    (b.iter().all(|x| x.is_finite()) && b[0] < b[2] && b[1] < b[3]).then_some(b)
}

impl AtlasApp {
    pub(super) fn apply_lesson(&mut self, ctx: &egui::Context, command: LessonCommand) {
        let lang = self.state.lang();
        match command {
            LessonCommand::Edit => {
                if self.state.lesson.is_none() {
                    let story = self.state.story.as_deref().cloned();
                    let path = self.state.story_path.clone().map(std::path::PathBuf::from);
                    let draft = match (story, path) {
                        (Some(mut s), Some(p)) => {
                            s.dir = p.parent().map(std::path::Path::to_owned);
                            LessonDraft::open(s, Some(p), false)
                        }
                        // The built-in lesson: a template to save as a copy.
                        (Some(s), None) => LessonDraft::open(s, None, true),
                        (None, _) => LessonDraft::new_lesson(),
                    };
                    self.state.lesson = Some(draft);
                }
                self.show_current_slide();
            }
            LessonCommand::New | LessonCommand::Open(_) | LessonCommand::Close
                if self
                    .state
                    .lesson
                    .as_ref()
                    .is_some_and(LessonDraft::is_dirty) =>
            {
                // Unsaved work is never dropped by one click: save it, or discard it first.
                self.state.notice = Some(
                    lang.pick(
                        "课件有未保存的修改：请先保存，或点“放弃修改”",
                        "The lesson has unsaved changes: save it first, or Discard changes",
                    )
                    .to_owned(),
                );
            }
            LessonCommand::Discard => {
                self.edit_draft(LessonDraft::discard_changes);
                self.show_current_slide();
            }
            LessonCommand::New => self.state.lesson = Some(LessonDraft::new_lesson()),
            LessonCommand::Open(path) => {
                match load_story_file(std::path::Path::new(&path), &self.state.ds) {
                    Ok(story) => {
                        self.state.lesson =
                            Some(LessonDraft::open(story, Some(path.into()), false));
                        self.show_current_slide();
                    }
                    Err(e) => self.state.notice = Some(e.to_string()),
                }
            }
            LessonCommand::Close => self.state.lesson = None,
            LessonCommand::AddView | LessonCommand::UpdateView => {
                let Some(view) = view_lonlat(&self.map) else {
                    self.state.notice = Some(
                        lang.pick("地图尚未显示，无法截取视图", "The map is not shown yet")
                            .to_owned(),
                    );
                    return;
                };
                let chart = match self.bottom {
                    BottomTab::Chart(tab) => SlideChart::Chart(tab),
                    BottomTab::Table => SlideChart::None,
                };
                let places = self.state.interaction.selection.places().to_vec();
                let Some(draft) = self.state.lesson.as_mut() else {
                    return;
                };
                // Numbered by where it goes: after the current slide.
                let number = if draft.story.slides.is_empty() {
                    1
                } else {
                    draft.current + 2
                };
                let captured = capture_slide(&self.state.settings, view, &places, chart, number);
                self.state.notice = captured.warning;
                if matches!(command, LessonCommand::AddView) {
                    draft.add_slide(captured.slide);
                } else {
                    draft.replace_view(captured.slide);
                }
            }
            LessonCommand::Duplicate => self.edit_draft(LessonDraft::duplicate),
            LessonCommand::Delete => {
                self.edit_draft(LessonDraft::delete);
                self.show_current_slide();
            }
            LessonCommand::Move { from, to } => {
                // The moved slide becomes current: the map shows it, so Update from view
                // changes the slide the teacher sees.
                self.edit_draft(|d| d.move_slide(from, to));
                self.show_current_slide();
            }
            LessonCommand::Select(i) => {
                self.edit_draft(|d| d.select(i));
                self.show_current_slide();
            }
            LessonCommand::SetText(i, field, text) => {
                self.edit_draft(|d| d.set_text(i, field, text));
            }
            LessonCommand::SetTitles(zh, en) => self.edit_draft(|d| d.set_titles(zh, en)),
            LessonCommand::AddImage { file, credit } => self.add_image(&file, credit),
            LessonCommand::RemoveImage => self.edit_draft(|d| d.set_image(None)),
            LessonCommand::Undo => {
                self.edit_draft(LessonDraft::undo);
                self.show_current_slide();
            }
            LessonCommand::Redo => {
                self.edit_draft(LessonDraft::redo);
                self.show_current_slide();
            }
            LessonCommand::Save | LessonCommand::SaveAs(_) => {
                let ds = self.state.ds.clone();
                let Some(draft) = self.state.lesson.as_mut() else {
                    return;
                };
                let result = match &command {
                    LessonCommand::SaveAs(p) => draft.save_as(std::path::Path::new(p), &ds),
                    _ => draft.save(&ds),
                };
                match result {
                    Ok(path) => {
                        // What was saved is what the lesson plays from now on.
                        self.state.story = Some(Arc::new(draft.story.clone()));
                        self.state.story_path = Some(path.display().to_string());
                        let text = format!(
                            "{}{}",
                            lang.pick("已保存课件 ", "Lesson saved: "),
                            path.display()
                        );
                        self.apply(ctx, Command::Saved(path, text));
                    }
                    Err(e) => {
                        self.state.notice = Some(format!(
                            "{}{e}",
                            lang.pick("未能保存课件：", "Lesson not saved: ")
                        ));
                    }
                }
            }
            LessonCommand::Present => {
                let Some(draft) = self.state.lesson.as_ref() else {
                    return;
                };
                if draft.story.slides.is_empty() {
                    self.state.notice = Some(
                        lang.pick(
                            "课件还没有幻灯片：先“把当前视图加为幻灯片”",
                            "The lesson has no slides yet: add this view as a slide first",
                        )
                        .to_owned(),
                    );
                    return;
                }
                let current = draft.current;
                self.state.story = Some(Arc::new(draft.story.clone()));
                self.state.story_path = draft.path.as_ref().map(|p| p.display().to_string());
                self.apply(ctx, Command::StartPresentation);
                self.apply(ctx, Command::GoToSlide(current));
            }
        }
    }

    fn edit_draft(&mut self, f: impl FnOnce(&mut LessonDraft)) {
        if let Some(d) = self.state.lesson.as_mut() {
            f(d);
        }
    }

    /// Shows the editor's current slide on the map and in the bottom panel, so the teacher
    /// sees what it shows (and can change the view and update the slide).
    fn show_current_slide(&mut self) {
        let Some(slide) = self
            .state
            .lesson
            .as_ref()
            .and_then(LessonDraft::current_slide)
            .cloned()
        else {
            return;
        };
        self.show_slide_in_window(&slide);
    }

    fn show_slide_in_window(&mut self, slide: &Slide) {
        let mut settings = crate::story_view::slide_settings(&self.state.settings, slide);
        // The window's panels stay as the user arranged them.
        settings.left_panel_hidden = self.state.settings.left_panel_hidden;
        settings.right_panel_hidden = self.state.settings.right_panel_hidden;
        self.state.settings = settings;
        if let SlideChart::Chart(tab) = slide.chart {
            self.bottom = BottomTab::Chart(tab);
        }
        let places: Vec<crate::core::place::PlaceId> = slide
            .highlight
            .iter()
            .map(|h| match *h {
                crate::core::story::Highlight::City(c) => crate::core::place::PlaceId::City(c),
                crate::core::story::Highlight::Province(p) => {
                    crate::core::place::PlaceId::Province(p)
                }
            })
            .collect();
        self.state.interaction.selection = Default::default();
        for p in places {
            self.state.interaction.selection.toggle(p);
        }
        self.map.fly_to_lonlat(slide.view);
    }

    fn add_image(&mut self, file: &str, credit: String) {
        let lang = self.state.lang();
        let Some(draft) = self.state.lesson.as_mut() else {
            return;
        };
        let Some(dir) = draft.path.as_ref().and_then(|p| p.parent()).map(|d| {
            if d.as_os_str().is_empty() {
                std::path::PathBuf::from(".")
            } else {
                d.to_owned()
            }
        }) else {
            self.state.notice = Some(
                lang.pick(
                    "请先“另存为”课件：图片会复制到课件旁边",
                    "Save the lesson first: pictures are copied beside it",
                )
                .to_owned(),
            );
            return;
        };
        if credit.trim().is_empty() {
            self.state.notice = Some(
                lang.pick(
                    "请注明图片来源（作者与许可）",
                    "Give the picture's credit (who took it, and its licence)",
                )
                .to_owned(),
            );
            return;
        }
        match import_image(std::path::Path::new(file), &dir) {
            Ok(rel) => {
                draft.story.dir = Some(dir);
                draft.set_image(Some(SlideImage {
                    path: rel,
                    credit: credit.trim().to_owned(),
                }));
            }
            Err(e) => self.state.notice = Some(e),
        }
    }
}
