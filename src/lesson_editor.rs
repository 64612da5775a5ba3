//! The lesson editor: a panel beside the map. The teacher sets up the map and the chart as
//! usual, then *adds this view as a slide*; types the caption and notes in Chinese and
//! English; reorders slides in the strip (drag, or Alt+↑/↓); and saves the lesson as its
//! TOML file. Each slide is drawn as the projector will show it (1024×768) by the export
//! renderer on a worker thread: the strip's thumbnails and the live preview.
//!
//! It reads `AtlasState::lesson` and pushes `Command::Lesson`; what is its own (the paths
//! being typed, the pictures made) it keeps here.

use egui::{RichText, Ui, vec2};

use crate::core::lesson::{
    CAPTION_MAX_EN_WORDS, CAPTION_MAX_ZH_CHARS, CaptionProblem, LessonDraft, SlideText,
    caption_problems,
};
use crate::core::settings::Lang;
use crate::core::story::Slide;
use crate::panels::file_chooser::{PathPicker, PickerMode};
use crate::slide_pictures::{PRESENT_ZOOM, PROJECTOR, SlidePictures, THUMB_SCALE, picture_key};
use crate::state::{AtlasState, Command, LessonCommand};

/// The widget state of the editor (runtime only).
pub struct LessonEditor {
    open_path: PathPicker,
    save_path: PathPicker,
    image_path: PathPicker,
    image_credit: String,
    pictures: SlidePictures,
    /// The live preview window is shown.
    pub preview: bool,
    /// A PDF of the lesson being written on a worker thread: where, and its outcome.
    pdf: Option<std::sync::mpsc::Receiver<Result<std::path::PathBuf, String>>>,
    /// The lesson file the Save-as field was filled from.
    shown_path: Option<std::path::PathBuf>,
    /// A Save as onto another existing file, waiting for the teacher's yes.
    overwrite: Option<String>,
}

impl Default for LessonEditor {
    fn default() -> Self {
        Self {
            open_path: PathPicker::new(PickerMode::Open, ("TOML", &["toml"])),
            save_path: PathPicker::new(PickerMode::Save, ("TOML", &["toml"])),
            image_path: PathPicker::new(PickerMode::Open, ("PNG/JPEG", &["png", "jpg", "jpeg"])),
            image_credit: String::new(),
            pictures: SlidePictures::default(),
            preview: true,
            pdf: None,
            shown_path: None,
            overwrite: None,
        }
    }
}

impl LessonEditor {
    /// The editor panel. Call while `state.lesson` is open.
    pub fn show(&mut self, ui: &mut Ui, state: &AtlasState, commands: &mut Vec<Command>) {
        let Some(draft) = state.lesson.as_ref() else {
            return;
        };
        let lang = state.lang();
        let ctx = ui.ctx().clone();
        let mut wanted: Vec<(usize, bool)> = Vec::new();
        if self.preview && !draft.story.slides.is_empty() {
            wanted.push((draft.current, true));
        }
        wanted.extend((0..draft.story.slides.len()).map(|i| (i, false)));
        self.pictures
            .poll(&ctx, state, &draft.story, &wanted, ui.visuals().dark_mode);
        self.keys(&ctx, draft, commands);

        ui.heading(lang.pick("课件编辑", "Lesson editor"));
        header(ui, draft, lang, commands);
        self.file_row(ui, draft, lang, commands);
        self.pdf_row(ui, state, draft, lang);
        ui.separator();
        ui.horizontal_wrapped(|ui| {
            let add = ui
                .button(lang.pick("＋ 把当前视图加为幻灯片", "＋ Add this view as a slide"))
                .on_hover_text(lang.pick(
                    "地图的范围、图层、指标与年份、分级、选中的城市和省（加圈）以及下方的图表",
                    "The map's extent, layers, indicator and year, classes, the selected cities and provinces (ringed) and the chart below",
                ));
            if add.clicked() {
                commands.push(Command::Lesson(LessonCommand::AddView));
            }
            let has = draft.current_slide().is_some();
            let lesson = |c| Command::Lesson(c);
            for (enabled, text, c) in [
                (
                    has,
                    lang.pick("用当前视图更新", "Update from view"),
                    LessonCommand::UpdateView,
                ),
                (
                    has,
                    lang.pick("复制", "Duplicate"),
                    LessonCommand::Duplicate,
                ),
                (has, lang.pick("删除", "Delete"), LessonCommand::Delete),
            ] {
                if ui.add_enabled(enabled, egui::Button::new(text)).clicked() {
                    commands.push(lesson(c));
                }
            }
        });
        ui.separator();
        let strip_h = (ui.available_height() * 0.38).max(120.0);
        egui::ScrollArea::vertical()
            .id_salt("lesson-strip")
            .max_height(strip_h)
            .show(ui, |ui| self.strip(ui, draft, lang, commands));
        ui.separator();
        egui::ScrollArea::vertical()
            .id_salt("lesson-slide")
            .show(ui, |ui| {
                if let Some(slide) = draft.current_slide() {
                    self.slide_fields(ui, draft, slide, lang, commands);
                } else {
                    ui.label(lang.pick(
                        "还没有幻灯片。把地图调到要讲的样子（范围、指标、图层、下方图表），点击“把当前视图加为幻灯片”。",
                        "No slides yet. Set up the map as you want to show it (extent, indicator, layers, the chart below), then click “Add this view as a slide”.",
                    ));
                }
            });
        if self.preview {
            self.preview_window(&ctx, draft, lang);
        }
    }

    /// One slide a page, or the handout (two an A4 page with lines for notes), as the
    /// command line's `atlas export story --format pdf` makes them, written beside the lesson
    /// file (or in the export folder) on a worker thread.
    fn pdf_row(&mut self, ui: &mut Ui, state: &AtlasState, draft: &LessonDraft, lang: Lang) {
        use crate::handout::PdfLayout;
        ui.horizontal_wrapped(|ui| {
            ui.label(lang.pick("导出 PDF：", "Export PDF:"));
            let busy = self.pdf.is_some();
            let mut asked = None;
            for (layout, zh, en) in [
                (PdfLayout::Slides, "每页一张", "One slide a page"),
                (
                    PdfLayout::Handout,
                    "讲义（每页两张）",
                    "Handout (two a page)",
                ),
            ] {
                let ready = !busy && !draft.story.slides.is_empty();
                if ui
                    .add_enabled(ready, egui::Button::new(lang.pick(zh, en)))
                    .clicked()
                {
                    asked = Some(layout);
                }
            }
            if busy {
                ui.label(RichText::new(lang.pick("正在生成……", "Writing…")).weak());
            }
            let Some(layout) = asked else { return };
            let stem = draft
                .path
                .as_ref()
                .and_then(|p| p.file_stem())
                .map_or_else(|| "lesson".to_owned(), |s| s.to_string_lossy().into_owned());
            let name = match layout {
                PdfLayout::Slides => format!("{stem}.pdf"),
                PdfLayout::Handout => format!("{stem}-handout.pdf"),
            };
            let dir = draft
                .path
                .as_ref()
                .and_then(|p| p.parent())
                .filter(|d| !d.as_os_str().is_empty())
                .map_or_else(|| state.export_dir("DOCUMENTS"), std::path::Path::to_owned);
            let out = dir.join(name);
            let opts = crate::export::ExportOptions {
                size: egui::vec2(1280.0, 720.0),
                settings: state.settings.clone(),
                story: Some(std::sync::Arc::new(draft.story.clone())),
                data: state.data.clone(),
                spatial: state.spatial.clone(),
                ..Default::default()
            };
            let ds = state.ds.clone();
            let (tx, rx) = std::sync::mpsc::channel();
            let repaint = ui.ctx().clone();
            let spawned = std::thread::Builder::new()
                .name("lesson-pdf".to_owned())
                .spawn(move || {
                    let written = crate::handout::story_pdf(ds, &opts, layout).and_then(|pdf| {
                        crate::core::atomic::write_atomic(&out, &pdf)
                            .map(|()| out.clone())
                            .map_err(|e| format!("{}: {e}", out.display()))
                    });
                    let _ = tx.send(written);
                    repaint.request_repaint();
                });
            if spawned.is_ok() {
                self.pdf = Some(rx);
            }
        });
    }

    /// Takes a finished PDF's outcome (called every frame, open or not, so a PDF finished
    /// after the editor closed is still reported).
    pub fn poll_pdf(&mut self, lang: Lang, commands: &mut Vec<Command>) {
        let Some(rx) = &self.pdf else { return };
        match rx.try_recv() {
            Ok(Ok(path)) => {
                let text = format!(
                    "{}{}",
                    lang.pick("已导出 PDF：", "PDF written: "),
                    path.display()
                );
                commands.push(Command::Saved(path, text));
                self.pdf = None;
            }
            Ok(Err(e)) => {
                commands.push(Command::Notice(format!(
                    "{}{e}",
                    lang.pick("未能导出 PDF：", "PDF not written: ")
                )));
                self.pdf = None;
            }
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                commands.push(Command::Notice(
                    lang.pick(
                        "未能导出 PDF：生成时出错",
                        "PDF not written: it failed while being made",
                    )
                    .to_owned(),
                ));
                self.pdf = None;
            }
            Err(std::sync::mpsc::TryRecvError::Empty) => {}
        }
    }

    /// Alt+↑ / Alt+↓ move the current slide; ↑ / ↓ pick another; Ctrl+Z / Ctrl+Y undo and
    /// redo. Not while a text field has the keyboard (it has its own undo).
    fn keys(&self, ctx: &egui::Context, draft: &LessonDraft, commands: &mut Vec<Command>) {
        if ctx.memory(|m| m.focused().is_some()) {
            return;
        }
        use egui::{Key, Modifiers};
        let (up_alt, down_alt, up, down, undo, redo) = ctx.input_mut(|i| {
            (
                i.consume_key(Modifiers::ALT, Key::ArrowUp),
                i.consume_key(Modifiers::ALT, Key::ArrowDown),
                i.consume_key(Modifiers::NONE, Key::ArrowUp),
                i.consume_key(Modifiers::NONE, Key::ArrowDown),
                i.consume_key(Modifiers::COMMAND, Key::Z),
                i.consume_key(Modifiers::COMMAND, Key::Y),
            )
        });
        let cur = draft.current;
        let last = draft.story.slides.len().saturating_sub(1);
        let mut push = |c| commands.push(Command::Lesson(c));
        if up_alt && cur > 0 {
            push(LessonCommand::Move {
                from: cur,
                to: cur - 1,
            });
        }
        if down_alt && cur < last {
            push(LessonCommand::Move {
                from: cur,
                to: cur + 1,
            });
        }
        if up && cur > 0 {
            push(LessonCommand::Select(cur - 1));
        }
        if down && cur < last {
            push(LessonCommand::Select(cur + 1));
        }
        if undo {
            push(LessonCommand::Undo);
        }
        if redo {
            push(LessonCommand::Redo);
        }
    }

    fn file_row(
        &mut self,
        ui: &mut Ui,
        draft: &LessonDraft,
        lang: Lang,
        commands: &mut Vec<Command>,
    ) {
        let mut push = |c| commands.push(Command::Lesson(c));
        ui.horizontal_wrapped(|ui| {
            if ui.button(lang.pick("新建", "New")).clicked() {
                push(LessonCommand::New);
            }
            let save = ui.add_enabled(
                draft.path.is_some() && !draft.template,
                egui::Button::new(lang.pick("保存", "Save")),
            );
            if save.clicked() {
                push(LessonCommand::Save);
            }
            if ui
                .add_enabled(
                    draft.can_undo(),
                    egui::Button::new(lang.pick("↶ 撤销", "↶ Undo")),
                )
                .on_hover_text("Ctrl+Z")
                .clicked()
            {
                push(LessonCommand::Undo);
            }
            if ui
                .add_enabled(
                    draft.can_redo(),
                    egui::Button::new(lang.pick("↷ 重做", "↷ Redo")),
                )
                .on_hover_text("Ctrl+Y")
                .clicked()
            {
                push(LessonCommand::Redo);
            }
            if ui.button(lang.pick("▶ 演示", "▶ Present")).clicked() {
                push(LessonCommand::Present);
            }
            ui.checkbox(&mut self.preview, lang.pick("预览", "Preview"));
            if ui.button(lang.pick("关闭编辑", "Close editor")).clicked() {
                push(LessonCommand::Close);
            }
            if draft.is_dirty()
                && ui
                    .button(lang.pick("放弃修改", "Discard changes"))
                    .on_hover_text(lang.pick(
                        "回到上次打开或保存时的课件（可撤销）",
                        "Back to the lesson as last opened or saved (can be undone)",
                    ))
                    .clicked()
            {
                push(LessonCommand::Discard);
            }
        });
        // Save as and Open: each a path typed or chosen, on a row of its own that fits the
        // panel's width (the fields take what the buttons leave). The Save-as field follows
        // the lesson: another lesson opened or made starts from its own file, never from the
        // last one's.
        if self.shown_path != draft.path {
            self.shown_path.clone_from(&draft.path);
            self.save_path.path = draft
                .path
                .as_ref()
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            self.overwrite = None;
        }
        let browse = lang.pick("浏览…", "Browse…");
        let save_label = ui.label(lang.pick("课件文件", "Lesson file"));
        let picked_save = self.save_path.poll(ui.ctx());
        ui.horizontal(|ui| {
            let button = lang.pick("另存为", "Save as");
            let width = ui.available_width() - button_width(ui, browse) - button_width(ui, button);
            self.save_path
                .field(ui, "lesson.toml", width.max(60.0))
                .labelled_by(save_label.id);
            self.save_path.browse_button(
                ui,
                lang.pick("课件另存为", "Save lesson as"),
                browse,
                lang,
            );
            let path = self.save_path.trimmed().to_owned();
            let clicked = ui
                .add_enabled(!path.is_empty(), egui::Button::new(button))
                .clicked();
            if (clicked || picked_save) && !path.is_empty() {
                // Another file already there is overwritten only when the teacher says so.
                let other = Some(std::path::PathBuf::from(&path)) != draft.path;
                if other && std::path::Path::new(&path).exists() {
                    self.overwrite = Some(path);
                } else {
                    push(LessonCommand::SaveAs(path));
                }
            }
        });
        if let Some(path) = self.overwrite.clone() {
            ui.horizontal_wrapped(|ui| {
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    match lang {
                        Lang::Zh => format!("{path} 已存在。"),
                        Lang::En => format!("{path} exists."),
                    },
                );
                if ui.button(lang.pick("覆盖", "Overwrite")).clicked() {
                    push(LessonCommand::SaveAs(path));
                    self.overwrite = None;
                }
                if ui.button(lang.pick("取消", "Cancel")).clicked() {
                    self.overwrite = None;
                }
            });
        }
        let open_label = ui.label(lang.pick("打开课件", "Open lesson"));
        let picked_open = self.open_path.poll(ui.ctx());
        ui.horizontal(|ui| {
            let button = lang.pick("打开", "Open");
            let width = ui.available_width() - button_width(ui, browse) - button_width(ui, button);
            self.open_path
                .field(ui, "lesson.toml", width.max(60.0))
                .labelled_by(open_label.id);
            self.open_path
                .browse_button(ui, lang.pick("打开课件", "Open lesson"), browse, lang);
            let clicked = ui.button(button).clicked();
            let path = self.open_path.trimmed().to_owned();
            if (clicked || picked_open) && !path.is_empty() {
                push(LessonCommand::Open(path));
            }
        });
    }

    /// The slides in order: number, thumbnail and title; click to edit, drag to reorder.
    fn strip(&self, ui: &mut Ui, draft: &LessonDraft, lang: Lang, commands: &mut Vec<Command>) {
        let n = draft.story.slides.len();
        for (i, slide) in draft.story.slides.iter().enumerate() {
            let title = lang.pick(&slide.title_zh, &slide.title_en);
            let row = ui.horizontal(|ui| {
                grip(ui, i, lang);
                ui.label(RichText::new(format!("{:>2}", i + 1)).monospace());
                let key = picture_key(&draft.story, i, lang, ui.visuals().dark_mode);
                let thumb = vec2(PROJECTOR.x * THUMB_SCALE, PROJECTOR.y * THUMB_SCALE) * 0.5;
                match self.pictures.get(key, false) {
                    Some(tex) => {
                        ui.add(egui::Image::new((tex.id(), thumb)));
                    }
                    None => {
                        let (r, _) = ui.allocate_exact_size(thumb, egui::Sense::hover());
                        ui.painter()
                            .rect_filled(r, 2.0, ui.visuals().faint_bg_color);
                        ui.painter().text(
                            r.center(),
                            egui::Align2::CENTER_CENTER,
                            "…",
                            egui::FontId::proportional(14.0),
                            ui.visuals().weak_text_color(),
                        );
                    }
                }
                let text = if caption_problems(slide).is_empty() {
                    RichText::new(title)
                } else {
                    RichText::new(format!("！{title}"))
                };
                // The arrows first, so a long title is shortened to the room left rather
                // than widening the panel (the whole title shows on hover).
                let up_down = |ui: &mut Ui, commands: &mut Vec<Command>| {
                    if ui
                        .add_enabled(i > 0, egui::Button::new("▲").small())
                        .on_hover_text(lang.pick("上移（Alt+↑）", "Move up (Alt+↑)"))
                        .clicked()
                    {
                        commands.push(Command::Lesson(LessonCommand::Move { from: i, to: i - 1 }));
                    }
                    if ui
                        .add_enabled(i + 1 < n, egui::Button::new("▼").small())
                        .on_hover_text(lang.pick("下移（Alt+↓）", "Move down (Alt+↓)"))
                        .clicked()
                    {
                        commands.push(Command::Lesson(LessonCommand::Move { from: i, to: i + 1 }));
                    }
                };
                ui.vertical(|ui| {
                    let button = egui::Button::selectable(i == draft.current, text)
                        .wrap_mode(egui::TextWrapMode::Truncate);
                    let label = ui.add(button).on_hover_text(format!(
                        "{title}\n{}",
                        lang.pick(
                            "点击编辑；拖动左侧手柄调整顺序（或 Alt+↑/↓）",
                            "Click to edit; drag the handle on the left to reorder (or Alt+↑/↓)",
                        )
                    ));
                    if label.clicked() {
                        commands.push(Command::Lesson(LessonCommand::Select(i)));
                    }
                    if i == draft.current {
                        ui.horizontal(|ui| up_down(ui, commands));
                    }
                });
            });
            // A slide dropped on this row takes its place.
            let response = row.response;
            if let Some(from) = response.dnd_hover_payload::<usize>()
                && *from != i
            {
                let y = if *from < i {
                    response.rect.bottom()
                } else {
                    response.rect.top()
                };
                ui.painter().hline(
                    response.rect.x_range(),
                    y,
                    egui::Stroke::new(2.0, ui.visuals().selection.stroke.color),
                );
            }
            if let Some(from) = response.dnd_release_payload::<usize>()
                && *from != i
            {
                commands.push(Command::Lesson(LessonCommand::Move { from: *from, to: i }));
            }
        }
    }

    /// The current slide's words, picture and checks.
    fn slide_fields(
        &mut self,
        ui: &mut Ui,
        draft: &LessonDraft,
        slide: &Slide,
        lang: Lang,
        commands: &mut Vec<Command>,
    ) {
        let i = draft.current;
        ui.strong(match lang {
            Lang::Zh => format!("第 {} 张", i + 1),
            Lang::En => format!("Slide {}", i + 1),
        });
        let fields = [
            (SlideText::TitleZh, "标题（中文）", "Title (Chinese)", false),
            (SlideText::TitleEn, "标题（英文）", "Title (English)", false),
            (
                SlideText::CaptionZh,
                "字幕（中文）",
                "Caption (Chinese)",
                true,
            ),
            (
                SlideText::CaptionEn,
                "字幕（英文）",
                "Caption (English)",
                true,
            ),
            (
                SlideText::NotesZh,
                "讲稿（中文）",
                "Speaker notes (Chinese)",
                true,
            ),
            (
                SlideText::NotesEn,
                "讲稿（英文）",
                "Speaker notes (English)",
                true,
            ),
        ];
        for (field, zh, en, multi) in fields {
            let label = ui.label(lang.pick(zh, en));
            let mut text = field.of(slide).clone();
            // Titles are one line when saved; the field wraps so all of it stays in sight.
            let edit = egui::TextEdit::multiline(&mut text).desired_rows(if multi { 2 } else { 1 });
            let resp = ui
                .add(
                    edit.desired_width(f32::INFINITY)
                        .id_salt(("lesson-field", i, field)),
                )
                .labelled_by(label.id);
            if resp.changed() {
                if !multi {
                    text = text.replace('\n', " ");
                }
                commands.push(Command::Lesson(LessonCommand::SetText(i, field, text)));
            }
            match field {
                SlideText::CaptionZh => {
                    let n = slide.caption_zh.chars().count();
                    count_line(ui, n, CAPTION_MAX_ZH_CHARS, lang.pick("字", "characters"));
                }
                SlideText::CaptionEn => {
                    let n = slide.caption_en.split_whitespace().count();
                    count_line(ui, n, CAPTION_MAX_EN_WORDS, lang.pick("词", "words"));
                }
                _ => {}
            }
        }
        for p in caption_problems(slide) {
            let text = match (p, lang) {
                (CaptionProblem::LongZh(n), Lang::Zh) => {
                    format!(
                        "中文字幕 {n} 字，超过 {CAPTION_MAX_ZH_CHARS} 字：请把多出的内容移到讲稿"
                    )
                }
                (CaptionProblem::LongZh(n), Lang::En) => format!(
                    "The Chinese caption has {n} characters, over {CAPTION_MAX_ZH_CHARS}: move the rest to the notes"
                ),
                (CaptionProblem::LongEn(n), Lang::Zh) => {
                    format!(
                        "英文字幕 {n} 个词，超过 {CAPTION_MAX_EN_WORDS} 个：请把多出的内容移到讲稿"
                    )
                }
                (CaptionProblem::LongEn(n), Lang::En) => format!(
                    "The English caption has {n} words, over {CAPTION_MAX_EN_WORDS}: move the rest to the notes"
                ),
                (CaptionProblem::NoTitle, _) => {
                    lang.pick("缺少标题", "A title is missing").to_owned()
                }
            };
            ui.colored_label(ui.visuals().warn_fg_color, format!("！{text}"));
        }
        for l in [Lang::Zh, Lang::En] {
            if let Some(w) = clipping_warning(ui, slide, l, lang) {
                ui.colored_label(ui.visuals().warn_fg_color, format!("！{w}"));
            }
        }
        ui.separator();
        self.picture_fields(ui, slide, lang, commands);
        ui.separator();
        ui.label(RichText::new(lang.pick("来源", "Sources")).strong());
        for s in slide.sources_in(lang) {
            ui.label(RichText::new(s).small().weak());
        }
    }

    fn picture_fields(
        &mut self,
        ui: &mut Ui,
        slide: &Slide,
        lang: Lang,
        commands: &mut Vec<Command>,
    ) {
        ui.label(RichText::new(lang.pick("图片", "Picture")).strong());
        if let Some(img) = &slide.image {
            ui.label(format!("{} · {}", img.path, img.credit));
            if ui.button(lang.pick("移除图片", "Remove picture")).clicked() {
                commands.push(Command::Lesson(LessonCommand::RemoveImage));
            }
            return;
        }
        let label = ui.label(lang.pick("图片文件（PNG/JPEG）", "Picture file (PNG/JPEG)"));
        self.image_path.ui(
            ui,
            label.id,
            lang.pick("选择图片", "Choose a picture"),
            lang.pick("浏览…", "Browse…"),
            lang,
        );
        let credit = ui.label(lang.pick("来源与许可（必填）", "Credit and licence (required)"));
        ui.add(egui::TextEdit::singleline(&mut self.image_credit).desired_width(f32::INFINITY))
            .labelled_by(credit.id);
        let ready = !self.image_path.trimmed().is_empty() && !self.image_credit.trim().is_empty();
        if ui
            .add_enabled(
                ready,
                egui::Button::new(lang.pick("加到本张", "Add to this slide")),
            )
            .clicked()
        {
            commands.push(Command::Lesson(LessonCommand::AddImage {
                file: self.image_path.trimmed().to_owned(),
                credit: self.image_credit.trim().to_owned(),
            }));
            self.image_path.path.clear();
            self.image_credit.clear();
        }
    }

    /// The current slide as the projector shows it (the export renderer's picture).
    fn preview_window(&mut self, ctx: &egui::Context, draft: &LessonDraft, lang: Lang) {
        let mut open = self.preview;
        // Beside the editor panel (its width, as the app sizes it), smaller on a small screen.
        let width = panel_width(ctx);
        egui::Window::new(lang.pick("预览 · 1024×768 投影", "Preview · 1024×768 projector"))
            .id(egui::Id::unique("lesson-preview"))
            .open(&mut open)
            // Over the map's top right, beside the editor, clear of the toolbar and legend.
            .pivot(egui::Align2::RIGHT_TOP)
            .default_pos(ctx.content_rect().right_top() + vec2(-width - 20.0, 60.0))
            .default_width(width * 0.6)
            .resizable(true)
            .show(ctx, |ui| {
                let w = ui.available_width().max(200.0);
                self.pictures
                    .show_large(ui, &draft.story, draft.current, lang, w);
            });
        self.preview = open;
    }
}

/// The editor panel's width: narrower on a small screen, so the map keeps room beside it.
pub fn panel_width(ctx: &egui::Context) -> f32 {
    (ctx.content_rect().width() * 0.3).clamp(300.0, 420.0)
}

/// The handle a slide is dragged by (a drag anywhere else on the row would swallow the
/// title's click).
fn grip(ui: &mut Ui, index: usize, lang: Lang) {
    let (rect, resp) = ui.allocate_exact_size(vec2(12.0, 18.0), egui::Sense::drag());
    let color = if resp.hovered() || resp.dragged() {
        ui.visuals().strong_text_color()
    } else {
        ui.visuals().weak_text_color()
    };
    for dy in [-4.0, 0.0, 4.0] {
        let y = rect.center().y + dy;
        ui.painter()
            .hline(rect.x_range().shrink(2.0), y, egui::Stroke::new(1.5, color));
    }
    let resp = resp.on_hover_cursor(egui::CursorIcon::Grab);
    resp.widget_info(|| {
        egui::WidgetInfo::labeled(
            egui::Role::Button,
            true,
            match lang {
                Lang::Zh => format!("拖动第 {} 张", index + 1),
                Lang::En => format!("Drag slide {}", index + 1),
            },
        )
    });
    resp.dnd_set_drag_payload(index);
}

/// The lesson's titles, its file, and whether it has unsaved changes.
fn header(ui: &mut Ui, draft: &LessonDraft, lang: Lang, commands: &mut Vec<Command>) {
    let mut zh = draft.story.title_zh.clone();
    let mut en = draft.story.title_en.clone();
    let mut changed = false;
    // Multi-line fields, so a long title wraps instead of running out of sight.
    for (text, zh_label, en_label) in [
        (&mut zh, "课件标题（中文）", "Lesson title (Chinese)"),
        (&mut en, "课件标题（英文）", "Lesson title (English)"),
    ] {
        let l = ui.label(lang.pick(zh_label, en_label));
        let edit = egui::TextEdit::multiline(text)
            .desired_rows(1)
            .desired_width(f32::INFINITY);
        changed |= ui.add(edit).labelled_by(l.id).changed();
    }
    if changed {
        let one_line = |t: String| t.replace('\n', " ");
        commands.push(Command::Lesson(LessonCommand::SetTitles(
            one_line(zh),
            one_line(en),
        )));
    }
    let file = match (&draft.path, draft.template) {
        (_, true) => lang
            .pick(
                "内置课件（只读模板：请“另存为”一份副本）",
                "Built-in lesson (a read-only template: Save as a copy)",
            )
            .to_owned(),
        (Some(p), false) => p.display().to_string(),
        (None, false) => lang.pick("尚未保存", "Not saved yet").to_owned(),
    };
    let dirty = if draft.is_dirty() {
        lang.pick(" · 有未保存的修改", " · unsaved changes")
    } else {
        ""
    };
    ui.label(RichText::new(format!("{file}{dirty}")).small().weak());
}

/// The width a button with `text` takes, with the spacing after it.
fn button_width(ui: &Ui, text: &str) -> f32 {
    let font = egui::TextStyle::Button.resolve(ui.style());
    let text_w = ui
        .painter()
        .layout_no_wrap(text.to_owned(), font, egui::Color32::WHITE)
        .size()
        .x;
    text_w + 2.0 * ui.spacing().button_padding.x + ui.spacing().item_spacing.x + 2.0
}

fn count_line(ui: &mut Ui, n: usize, max: usize, unit: &str) {
    let text = RichText::new(format!("{n} / {max} {unit}")).small();
    if n > max {
        ui.label(text.color(ui.visuals().warn_fg_color));
    } else {
        ui.label(text.weak());
    }
}

/// Whether the slide, in `text_lang`, leaves its map too little room on a 1024×768
/// projector (the caption, notes and sources measured at the presentation's type size).
fn clipping_warning(ui: &Ui, slide: &Slide, text_lang: Lang, lang: Lang) -> Option<String> {
    let fit = crate::story_view::slide_fit(ui, slide, text_lang, PROJECTOR / PRESENT_ZOOM);
    if fit.map_height >= crate::story_view::MIN_MAP_HEIGHT {
        return None;
    }
    let which = match (text_lang, lang) {
        (Lang::Zh, Lang::Zh) => "中文",
        (Lang::En, Lang::Zh) => "英文",
        (Lang::Zh, Lang::En) => "Chinese",
        (Lang::En, Lang::En) => "English",
    };
    Some(match lang {
        Lang::Zh => format!(
            "在 1024×768 投影上，{which}字幕和来源占去太多高度，地图只剩 {:.0} 点：请缩短字幕或把内容移到讲稿",
            fit.map_height.max(0.0)
        ),
        Lang::En => format!(
            "On a 1024×768 projector the {which} caption and sources leave the map only {:.0} points: shorten the caption or move text to the notes",
            fit.map_height.max(0.0)
        ),
    })
}
