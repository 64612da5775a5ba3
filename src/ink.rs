//! The presenter's ink, as in PowerPoint's slide show: a pen, a highlighter and a laser pointer
//! over the current slide. Runtime only, never saved.
//!
//! Strokes are kept per slide in coordinates relative to the slide's rectangle (0..1 in each
//! axis), so they stay on what they mark when the window is resized or the UI zoom changes.
//! The ink is drawn in a `Foreground` area; while a drawing tool is active that area takes the
//! pointer, so a drag draws instead of panning the map underneath. With the arrow (`Pointer`)
//! the area registers no widget over the slide, so clicks and drags reach the map and charts.

use std::collections::{HashMap, VecDeque};

use egui::{
    Color32, Context, CursorIcon, Event, Id, Key, KeyboardShortcut, Modifiers, Order, Painter,
    Pos2, Rect, Response, Sense, Shape, Stroke, Ui, pos2,
};

/// What the pointer does in presentation mode.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum InkTool {
    /// The arrow: the pointer reaches the slide (no ink).
    #[default]
    Pointer,
    Pen,
    Highlighter,
    Laser,
}

impl InkTool {
    const ALL: [InkTool; 4] = [
        InkTool::Pointer,
        InkTool::Pen,
        InkTool::Highlighter,
        InkTool::Laser,
    ];

    /// The tool's name for the toolbar and the accessibility label.
    pub fn name(self, lang_zh: bool) -> &'static str {
        match (self, lang_zh) {
            (InkTool::Pointer, true) => "指针",
            (InkTool::Pointer, false) => "pointer",
            (InkTool::Pen, true) => "笔",
            (InkTool::Pen, false) => "pen",
            (InkTool::Highlighter, true) => "荧光笔",
            (InkTool::Highlighter, false) => "highlighter",
            (InkTool::Laser, true) => "激光笔",
            (InkTool::Laser, false) => "laser pointer",
        }
    }

    /// PowerPoint's shortcut for the tool (Cmd on a Mac, Ctrl elsewhere).
    pub fn shortcut(self) -> KeyboardShortcut {
        let key = match self {
            InkTool::Pointer => Key::A,
            InkTool::Pen => Key::P,
            InkTool::Highlighter => Key::I,
            InkTool::Laser => Key::L,
        };
        KeyboardShortcut::new(Modifiers::COMMAND, key)
    }

    /// Draws lasting strokes.
    fn inks(self) -> bool {
        matches!(self, InkTool::Pen | InkTool::Highlighter)
    }

    /// Width in points and colour of the tool's strokes.
    fn stroke(self) -> Stroke {
        match self {
            InkTool::Highlighter => Stroke::new(HIGHLIGHTER_WIDTH, HIGHLIGHTER_COLOR),
            _ => Stroke::new(PEN_WIDTH, PEN_COLOR),
        }
    }
}

const PEN_WIDTH: f32 = 3.0;
const PEN_COLOR: Color32 = Color32::from_rgb(220, 30, 30);
const HIGHLIGHTER_WIDTH: f32 = 18.0;
/// Translucent, so the map and text under it stay readable.
const HIGHLIGHTER_COLOR: Color32 = Color32::from_rgba_unmultiplied_const(255, 220, 0, 110);
const LASER_COLOR: Color32 = Color32::from_rgb(255, 30, 30);
/// How long a point of the laser's trail stays visible, in seconds.
const LASER_TRAIL_SECS: f64 = 0.5;
/// Points closer than this (screen points) to the last one are not recorded: a still hand
/// would otherwise pile up points every frame.
const MIN_STEP: f32 = 1.0;

/// The key that erases the current slide's ink (PowerPoint's `E`).
const ERASE_KEY: Key = Key::E;

/// One finished or growing stroke; points relative to the slide's rectangle.
#[derive(Clone, Debug)]
struct InkStroke {
    tool: InkTool,
    points: Vec<Pos2>,
}

/// The stroke under the pen, with the slide it belongs to (it is kept there even if the slide
/// changes before the button is released).
#[derive(Debug)]
struct Drawing {
    slide: usize,
    stroke: InkStroke,
}

/// The presenter's ink for the whole presentation.
#[derive(Default)]
pub struct Ink {
    pub tool: InkTool,
    /// Keep each slide's ink when leaving it (off: ink is cleared when the slide changes).
    pub keep: bool,
    /// Finished strokes per slide index, oldest first.
    strokes: HashMap<usize, Vec<InkStroke>>,
    drawing: Option<Drawing>,
    /// The laser's recent positions (egui time, relative position), oldest first.
    laser_trail: VecDeque<(f64, Pos2)>,
    /// Where the laser was last frame (relative), to tell a move from a still pointer.
    laser_last: Option<Pos2>,
}

impl Ink {
    /// Changes the tool, finishing a stroke in progress.
    pub fn set_tool(&mut self, tool: InkTool) {
        if tool != self.tool {
            self.finish_stroke();
            self.clear_laser();
            self.tool = tool;
        }
    }

    /// Erases a slide's ink, including a stroke being drawn on it.
    pub fn erase(&mut self, slide: usize) {
        self.strokes.remove(&slide);
        if self.drawing.as_ref().is_some_and(|d| d.slide == slide) {
            self.drawing = None;
        }
    }

    /// PowerPoint's keys: Ctrl+P pen, Ctrl+I highlighter, Ctrl+L laser pointer, Ctrl+A back to the
    /// arrow (Pointer), E erases the current slide's ink. Consumes the keys it uses. Returns true if
    /// Escape was pressed while a tool other than Pointer was active (then the tool goes back to
    /// Pointer and Escape is consumed, so Esc does not leave the presentation).
    ///
    /// Call it before the presentation's own keys, so Esc and E never reach them.
    pub fn keys(&mut self, ctx: &Context, slide: usize) -> bool {
        // A text field keeps its letters (and Ctrl+A, select all).
        if ctx.text_edit_focused() {
            return false;
        }
        let tool_active = self.tool != InkTool::Pointer;
        let (chosen, erase, escape) = ctx.input_mut(|i| {
            let chosen: Vec<InkTool> = InkTool::ALL
                .into_iter()
                .filter(|t| i.consume_shortcut(&t.shortcut()))
                .collect();
            let erase = i.consume_key(Modifiers::NONE, ERASE_KEY);
            // Only while a tool is active: otherwise Esc is the presentation's (it leaves).
            let escape = tool_active && i.consume_key(Modifiers::NONE, Key::Escape);
            (chosen, erase, escape)
        });
        if let Some(&tool) = chosen.last() {
            self.set_tool(tool);
        }
        if erase {
            self.erase(slide);
        }
        if escape {
            self.set_tool(InkTool::Pointer);
        }
        escape
    }

    /// Draws the slide's ink over `rect` (the whole slide area) in a Foreground Area, and, while a
    /// tool other than Pointer is active, takes the pointer there: a drag draws a stroke with the
    /// pen or the highlighter; the laser shows a red dot with a short fading trail and draws
    /// nothing lasting. Requests repaints only while the laser's trail fades or a stroke is drawn.
    pub fn ui(&mut self, ctx: &Context, rect: Rect, slide: usize, lang_zh: bool) {
        if !rect.is_positive() {
            return;
        }
        let active = self.tool != InkTool::Pointer;
        if !active {
            // The tool was set directly (not through `set_tool`): end what it was doing.
            self.finish_stroke();
            self.clear_laser();
        }
        let now = ctx.input(|i| i.time);
        let shown = egui::Area::new(Id::unique("presentation-ink"))
            .order(Order::Foreground)
            .fixed_pos(rect.min)
            .constrain(false)
            .fade_in(false)
            // Not interactable with the arrow, so the slide's own widgets keep the pointer.
            .interactable(active)
            // The area's own widget only hovers; the surface below takes the drags.
            .sense(Sense::hover())
            .show(ctx, |ui| {
                let pointer = if active {
                    self.take_pointer(ui, rect, slide, now)
                } else {
                    None
                };
                self.paint(&ui.painter_at(rect), rect, slide, now, pointer);
            });
        if self.drawing.is_some() || !self.laser_trail.is_empty() {
            ctx.request_repaint();
        }
        let label = self.label(slide, lang_zh);
        // The node covers the slide even when the area (arrow active) has no size of its own.
        let mut response = shown.response;
        response.rect = rect;
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Canvas, true, &label));
    }

    /// The accessibility label of the ink area, e.g. "Ink: pen (3 strokes)".
    pub fn label(&self, slide: usize, lang_zh: bool) -> String {
        let n = self.stroke_count(slide);
        let tool = self.tool.name(lang_zh);
        if lang_zh {
            format!("墨迹：{tool}（{n} 笔）")
        } else {
            let strokes = if n == 1 { "stroke" } else { "strokes" };
            format!("Ink: {tool} ({n} {strokes})")
        }
    }

    /// Buttons for the presentation's navigation bar: pointer, pen, highlighter, laser, erase,
    /// and a "keep ink" checkbox.
    pub fn toolbar(&mut self, ui: &mut Ui, slide: usize, lang_zh: bool) {
        let pick = |zh: &'static str, en: &'static str| if lang_zh { zh } else { en };
        for tool in InkTool::ALL {
            let text = match tool {
                InkTool::Pointer => pick("指针", "Pointer"),
                InkTool::Pen => pick("笔", "Pen"),
                InkTool::Highlighter => pick("荧光笔", "Highlighter"),
                InkTool::Laser => pick("激光笔", "Laser"),
            };
            let key = ui.ctx().format_shortcut(&tool.shortcut());
            let hover = match (tool, lang_zh) {
                (InkTool::Pointer, true) => format!("箭头：点击地图和图表（{key}；Esc）"),
                (InkTool::Pointer, false) => {
                    format!("Arrow: click the map and charts ({key}; Esc)")
                }
                (_, true) => format!("在幻灯片上拖动（{key}）"),
                (_, false) => format!("Drag on the slide ({key})"),
            };
            if ui
                .selectable_label(self.tool == tool, text)
                .on_hover_text(hover)
                .clicked()
            {
                self.set_tool(tool);
            }
        }
        let erase_hover = pick("擦除本张幻灯片的墨迹（E）", "Erase this slide's ink (E)");
        if ui
            .add_enabled(
                self.stroke_count(slide) > 0,
                egui::Button::new(pick("擦除", "Erase")),
            )
            .on_hover_text(erase_hover)
            .on_disabled_hover_text(erase_hover)
            .clicked()
        {
            self.erase(slide);
        }
        ui.checkbox(&mut self.keep, pick("保留墨迹", "Keep ink"))
            .on_hover_text(pick(
                "翻页时保留每张幻灯片的墨迹",
                "Keep each slide's ink when moving to another slide",
            ));
    }

    /// Called when the presentation moves from slide `from` to another: clears `from`'s ink
    /// unless `keep`.
    pub fn left_slide(&mut self, from: usize) {
        self.finish_stroke();
        self.clear_laser();
        if !self.keep {
            self.strokes.remove(&from);
        }
    }

    /// Clears everything (presentation ended); the next presentation starts with the arrow.
    /// `keep` is the presenter's preference and stays.
    pub fn clear_all(&mut self) {
        self.strokes.clear();
        self.drawing = None;
        self.clear_laser();
        self.tool = InkTool::Pointer;
    }

    /// Number of finished strokes on a slide.
    pub fn stroke_count(&self, slide: usize) -> usize {
        self.strokes.get(&slide).map_or(0, Vec::len)
    }

    fn clear_laser(&mut self) {
        self.laser_trail.clear();
        self.laser_last = None;
    }

    /// Moves the stroke being drawn to its slide's finished strokes.
    fn finish_stroke(&mut self) {
        if let Some(Drawing { slide, stroke }) = self.drawing.take()
            && !stroke.points.is_empty()
        {
            self.strokes.entry(slide).or_default().push(stroke);
        }
    }

    /// A drawing tool's surface over the slide: records strokes and the laser's trail. Returns
    /// where the pointer is over the slide, if it is.
    fn take_pointer(&mut self, ui: &mut Ui, rect: Rect, slide: usize, now: f64) -> Option<Pos2> {
        let response = ui.allocate_rect(rect, Sense::drag());
        let pointer = pointer_over(ui.ctx(), &response, rect);
        if pointer.is_some() {
            ui.ctx().set_cursor_icon(if self.tool == InkTool::Laser {
                CursorIcon::None
            } else {
                CursorIcon::Crosshair
            });
        }
        if self.tool.inks() {
            if response.drag_started() {
                self.finish_stroke();
                self.drawing = Some(Drawing {
                    slide,
                    stroke: InkStroke {
                        tool: self.tool,
                        points: Vec::new(),
                    },
                });
            }
            if response.dragged() {
                // Every move of the frame, so a fast stroke on a slow frame keeps its shape;
                // the press itself first, as the stroke starts where the button went down.
                let positions = ui.input(|i| {
                    let origin = i.pointer.press_origin().filter(|_| response.drag_started());
                    let moves = i.events.iter().filter_map(|e| match e {
                        Event::PointerMoved(p) => Some(*p),
                        _ => None,
                    });
                    origin
                        .into_iter()
                        .chain(moves)
                        .chain(i.pointer.latest_pos())
                        .collect::<Vec<_>>()
                });
                if let Some(drawing) = &mut self.drawing {
                    for p in positions {
                        push_point(&mut drawing.stroke.points, p, rect);
                    }
                }
            } else {
                self.finish_stroke();
            }
        } else if self.tool == InkTool::Laser {
            // Only a move adds to the trail: a still laser fades to its dot and stops repainting.
            let p = pointer.map(|p| to_relative(p, rect));
            if let Some(p) = p
                && self.laser_last != Some(p)
            {
                // After a pause the trail starts from where the laser rested.
                if self.laser_trail.is_empty()
                    && let Some(rest) = self.laser_last
                {
                    self.laser_trail.push_back((now, rest));
                }
                self.laser_trail.push_back((now, p));
            }
            self.laser_last = p;
            while self
                .laser_trail
                .front()
                .is_some_and(|&(t, _)| now - t > LASER_TRAIL_SECS)
            {
                self.laser_trail.pop_front();
            }
        }
        pointer
    }

    /// The slide's strokes (highlighter under pen, so pen lines stay crisp), the stroke being
    /// drawn, and the laser.
    fn paint(&self, painter: &Painter, rect: Rect, slide: usize, now: f64, pointer: Option<Pos2>) {
        let finished = self.strokes.get(&slide).into_iter().flatten();
        let drawing = self
            .drawing
            .iter()
            .filter(|d| d.slide == slide)
            .map(|d| &d.stroke);
        let all: Vec<&InkStroke> = finished.chain(drawing).collect();
        for tool in [InkTool::Highlighter, InkTool::Pen] {
            for s in all.iter().filter(|s| s.tool == tool) {
                painter.add(stroke_shape(s, rect));
            }
        }
        if self.tool == InkTool::Laser {
            let trail: Vec<(f64, Pos2)> = self
                .laser_trail
                .iter()
                .map(|&(t, p)| (t, to_screen(p, rect)))
                .collect();
            for pair in trail.windows(2) {
                let fade = (1.0 - (now - pair[0].0) / LASER_TRAIL_SECS).clamp(0.0, 1.0) as f32;
                painter.line_segment(
                    [pair[0].1, pair[1].1],
                    Stroke::new(1.5 + 4.5 * fade, LASER_COLOR.gamma_multiply(0.8 * fade)),
                );
            }
            if let Some(p) = pointer {
                painter.circle_filled(p, 11.0, LASER_COLOR.gamma_multiply(0.25));
                painter.circle_filled(p, 5.5, LASER_COLOR);
            }
        }
    }

    /// The stroke's points on screen over `rect` (for tests of the relative storage).
    #[cfg(test)]
    fn screen_points(&self, slide: usize, index: usize, rect: Rect) -> Option<Vec<Pos2>> {
        let stroke = self.strokes.get(&slide)?.get(index)?;
        Some(stroke.points.iter().map(|&p| to_screen(p, rect)).collect())
    }
}

/// The pointer's position over the slide, when it is there and nothing covers the ink.
fn pointer_over(ctx: &Context, response: &Response, rect: Rect) -> Option<Pos2> {
    if response.contains_pointer() || response.dragged() {
        ctx.pointer_latest_pos().filter(|p| rect.contains(*p))
    } else {
        None
    }
}

/// Adds a screen position to a stroke, unless it is where the last point already is.
fn push_point(points: &mut Vec<Pos2>, screen: Pos2, rect: Rect) {
    let p = to_relative(screen.clamp(rect.min, rect.max), rect);
    let moved = points
        .last()
        .is_none_or(|&last| ((p - last) * rect.size()).length() >= MIN_STEP);
    if moved {
        points.push(p);
    }
}

fn to_relative(screen: Pos2, rect: Rect) -> Pos2 {
    let v = (screen - rect.min) / rect.size();
    pos2(v.x, v.y)
}

fn to_screen(relative: Pos2, rect: Rect) -> Pos2 {
    rect.min + relative.to_vec2() * rect.size()
}

/// A stroke as a shape over `rect`: a line, or a dot for a press that did not move.
fn stroke_shape(s: &InkStroke, rect: Rect) -> Shape {
    let stroke = s.tool.stroke();
    let points: Vec<Pos2> = s.points.iter().map(|&p| to_screen(p, rect)).collect();
    match points.as_slice() {
        [p] => Shape::circle_filled(*p, stroke.width / 2.0, stroke.color),
        _ => Shape::line(points, stroke),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::{PointerButton, RawInput};

    const SCREEN: Rect = Rect::from_min_max(Pos2::ZERO, pos2(1000.0, 800.0));
    const SLIDE: Rect = Rect::from_min_max(pos2(100.0, 100.0), pos2(500.0, 400.0));

    /// A bare egui context running frames: a "map" that senses drags fills the screen
    /// underneath, as the slide's map would, and the ink is drawn over `rect`.
    struct Harness {
        ctx: Context,
        time: f64,
        rect: Rect,
        /// The background widget was dragged during the last frame.
        map_dragged: bool,
        /// Shapes painted during the last frame.
        shapes: Vec<Shape>,
    }

    impl Harness {
        fn new() -> Self {
            let ctx = Context::default();
            ctx.enable_accesskit();
            Harness {
                ctx,
                time: 0.0,
                rect: SLIDE,
                map_dragged: false,
                shapes: Vec::new(),
            }
        }

        fn frame(&mut self, ink: &mut Ink, slide: usize, events: Vec<Event>) -> egui::FullOutput {
            self.time += 1.0 / 60.0;
            let input = RawInput {
                screen_rect: Some(SCREEN),
                time: Some(self.time),
                events,
                ..Default::default()
            };
            let rect = self.rect;
            let mut map_dragged = false;
            let mut output = self.ctx.run_ui(input, |ui| {
                let map = ui.allocate_rect(SCREEN, Sense::drag());
                map_dragged = map.dragged();
                let ctx = ui.ctx().clone();
                ink.keys(&ctx, slide);
                ink.ui(&ctx, rect, slide, false);
            });
            self.map_dragged = map_dragged;
            self.shapes = output.shapes.iter().map(|s| s.shape.clone()).collect();
            // No renderer takes the font atlas; egui panics on dropping it unapplied.
            output.textures_delta.clear();
            output
        }

        /// Frames without input, so the area exists and its widgets are known to egui's hit test.
        fn settle(&mut self, ink: &mut Ink, slide: usize) {
            for _ in 0..3 {
                let _ = self.frame(ink, slide, Vec::new());
            }
        }

        /// A drag through `points`; returns whether the map underneath was dragged at any frame.
        fn drag(&mut self, ink: &mut Ink, slide: usize, points: &[Pos2]) -> bool {
            let button = |pos, pressed| Event::PointerButton {
                pos,
                button: PointerButton::Primary,
                pressed,
                modifiers: Modifiers::NONE,
            };
            let (first, last) = (points[0], points[points.len() - 1]);
            let mut map_dragged = false;
            let _ = self.frame(ink, slide, vec![Event::PointerMoved(first)]);
            let _ = self.frame(ink, slide, vec![button(first, true)]);
            map_dragged |= self.map_dragged;
            for &p in &points[1..] {
                let _ = self.frame(ink, slide, vec![Event::PointerMoved(p)]);
                map_dragged |= self.map_dragged;
            }
            let _ = self.frame(ink, slide, vec![button(last, false)]);
            let _ = self.frame(ink, slide, Vec::new());
            map_dragged
        }

        fn key(&mut self, ink: &mut Ink, slide: usize, key: Key, modifiers: Modifiers) {
            let event = Event::Key {
                key,
                physical_key: None,
                pressed: true,
                repeat: false,
                modifiers,
            };
            let _ = self.frame(ink, slide, vec![event]);
        }
    }

    /// Ctrl as a PC keyboard reports it (egui sets `command` along with `ctrl`).
    const CTRL: Modifiers = Modifiers {
        ctrl: true,
        command: true,
        ..Modifiers::NONE
    };

    fn line_points(shapes: &[Shape], color: Color32) -> Vec<Vec<Pos2>> {
        let mut found = Vec::new();
        for shape in shapes {
            match shape {
                Shape::Vec(inner) => found.extend(line_points(inner, color)),
                Shape::Path(path) if path.stroke.color == egui::epaint::ColorMode::Solid(color) => {
                    found.push(path.points.clone());
                }
                _ => {}
            }
        }
        found
    }

    #[track_caller]
    fn assert_near(got: Pos2, want: Pos2) {
        assert!((got - want).length() < 1e-3, "{got:?} is not {want:?}");
    }

    fn stroke_path() -> Vec<Pos2> {
        vec![pos2(150.0, 150.0), pos2(200.0, 180.0), pos2(300.0, 250.0)]
    }

    #[test]
    fn pen_drag_makes_one_relative_stroke() {
        let mut h = Harness::new();
        let mut ink = Ink {
            tool: InkTool::Pen,
            ..Default::default()
        };
        h.settle(&mut ink, 0);
        let map_dragged = h.drag(&mut ink, 0, &stroke_path());
        assert!(!map_dragged, "the pen's drag reached the map underneath");
        assert_eq!(ink.stroke_count(0), 1);
        assert_eq!(ink.stroke_count(1), 0);

        let on_slide = ink.screen_points(0, 0, SLIDE).unwrap();
        assert_near(on_slide[0], pos2(150.0, 150.0));
        assert_near(*on_slide.last().unwrap(), pos2(300.0, 250.0));
        assert_eq!(on_slide.len(), 3, "{on_slide:?}");
        // Stored relative to the slide, not in screen points.
        let stored = &ink.strokes[&0][0].points;
        assert!(
            stored
                .iter()
                .all(|p| (0.0..=1.0).contains(&p.x) && (0.0..=1.0).contains(&p.y))
        );
        assert_near(stored[0], pos2(0.125, 50.0 / 300.0));
        let painted = line_points(&h.shapes, PEN_COLOR);
        assert_eq!(painted.len(), 1, "one red line on screen");
        assert_near(painted[0][0], pos2(150.0, 150.0));

        // The window grows: the slide is twice as large, from the same corner. The stroke
        // scales with it.
        h.rect = Rect::from_min_size(SLIDE.min, SLIDE.size() * 2.0);
        let _ = h.frame(&mut ink, 0, Vec::new());
        let painted = line_points(&h.shapes, PEN_COLOR);
        assert_eq!(painted.len(), 1);
        let expected = |p: Pos2| SLIDE.min + (p - SLIDE.min) * 2.0;
        assert_near(painted[0][0], expected(pos2(150.0, 150.0)));
        assert_near(*painted[0].last().unwrap(), expected(pos2(300.0, 250.0)));
    }

    #[test]
    fn highlighter_strokes_are_wide_and_translucent() {
        let mut h = Harness::new();
        let mut ink = Ink {
            tool: InkTool::Highlighter,
            ..Default::default()
        };
        h.settle(&mut ink, 0);
        h.drag(&mut ink, 0, &stroke_path());
        assert_eq!(ink.stroke_count(0), 1);
        assert_eq!(line_points(&h.shapes, HIGHLIGHTER_COLOR).len(), 1);
        assert!(HIGHLIGHTER_COLOR.a() < 255);
        assert_eq!(InkTool::Highlighter.stroke().width, 18.0);
    }

    #[test]
    fn pointer_records_nothing_and_leaves_the_drag_to_the_map() {
        let mut h = Harness::new();
        let mut ink = Ink::default();
        h.settle(&mut ink, 0);
        let map_dragged = h.drag(&mut ink, 0, &stroke_path());
        assert!(
            map_dragged,
            "with the arrow the map underneath must get the drag"
        );
        assert_eq!(ink.stroke_count(0), 0);
        assert!(ink.drawing.is_none());
    }

    #[test]
    fn laser_records_no_stroke_and_its_trail_fades() {
        let mut h = Harness::new();
        let mut ink = Ink {
            tool: InkTool::Laser,
            ..Default::default()
        };
        h.settle(&mut ink, 0);
        let map_dragged = h.drag(&mut ink, 0, &stroke_path());
        assert!(!map_dragged, "the laser's drag reached the map underneath");
        assert_eq!(ink.stroke_count(0), 0);
        assert!(!ink.laser_trail.is_empty(), "the laser leaves a trail");
        // Repaints keep coming while the trail fades, and stop once it is gone.
        let out = h.frame(&mut ink, 0, Vec::new());
        assert!(
            out.viewport_output
                .values()
                .any(|v| v.repaint_delay.is_zero())
        );
        h.time += 1.0;
        let _ = h.frame(&mut ink, 0, Vec::new());
        assert!(
            ink.laser_trail.is_empty(),
            "the trail is gone after half a second"
        );
        let out = h.frame(&mut ink, 0, Vec::new());
        assert!(
            out.viewport_output
                .values()
                .all(|v| !v.repaint_delay.is_zero()),
            "no repaint once the trail has faded"
        );
    }

    #[test]
    fn e_erases_the_current_slide() {
        let mut h = Harness::new();
        let mut ink = Ink {
            tool: InkTool::Pen,
            keep: true,
            ..Default::default()
        };
        h.settle(&mut ink, 0);
        h.drag(&mut ink, 0, &stroke_path());
        h.drag(&mut ink, 1, &stroke_path());
        assert_eq!((ink.stroke_count(0), ink.stroke_count(1)), (1, 1));
        h.key(&mut ink, 1, Key::E, Modifiers::NONE);
        assert_eq!((ink.stroke_count(0), ink.stroke_count(1)), (1, 0));
    }

    #[test]
    fn leaving_a_slide_clears_its_ink_unless_kept() {
        let mut h = Harness::new();
        let mut ink = Ink {
            tool: InkTool::Pen,
            ..Default::default()
        };
        h.settle(&mut ink, 0);
        h.drag(&mut ink, 0, &stroke_path());
        ink.left_slide(0);
        assert_eq!(ink.stroke_count(0), 0);

        ink.keep = true;
        h.drag(&mut ink, 0, &stroke_path());
        ink.left_slide(0);
        assert_eq!(ink.stroke_count(0), 1);

        ink.clear_all();
        assert_eq!(ink.stroke_count(0), 0);
        assert_eq!(ink.tool, InkTool::Pointer);
    }

    #[test]
    fn keys_switch_tools_and_escape_returns_to_the_arrow() {
        let mut h = Harness::new();
        let mut ink = Ink::default();
        for (key, tool) in [
            (Key::P, InkTool::Pen),
            (Key::I, InkTool::Highlighter),
            (Key::L, InkTool::Laser),
            (Key::A, InkTool::Pointer),
        ] {
            h.key(&mut ink, 0, key, CTRL);
            assert_eq!(ink.tool, tool, "Ctrl+{key:?}");
        }
        // A P without Ctrl is not the pen.
        h.key(&mut ink, 0, Key::P, Modifiers::NONE);
        assert_eq!(ink.tool, InkTool::Pointer);

        // Esc with a tool active: back to the arrow, reported, and consumed.
        ink.tool = InkTool::Pen;
        let esc = Event::Key {
            key: Key::Escape,
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers: Modifiers::NONE,
        };
        let mut reported = false;
        let mut left_for_others = true;
        h.ctx
            .run_ui(
                RawInput {
                    screen_rect: Some(SCREEN),
                    events: vec![esc.clone()],
                    ..Default::default()
                },
                |ui| {
                    reported = ink.keys(ui.ctx(), 0);
                    left_for_others = ui.input(|i| i.key_pressed(Key::Escape));
                },
            )
            .drop_without_applying_deltas();
        assert!(reported);
        assert!(!left_for_others, "Esc must not also leave the presentation");
        assert_eq!(ink.tool, InkTool::Pointer);

        // With the arrow, Esc is the presentation's.
        h.ctx
            .run_ui(
                RawInput {
                    screen_rect: Some(SCREEN),
                    events: vec![esc],
                    ..Default::default()
                },
                |ui| {
                    reported = ink.keys(ui.ctx(), 0);
                    left_for_others = ui.input(|i| i.key_pressed(Key::Escape));
                },
            )
            .drop_without_applying_deltas();
        assert!(!reported);
        assert!(left_for_others);
    }

    #[test]
    fn the_area_is_labelled_for_screen_readers() {
        let mut h = Harness::new();
        let mut ink = Ink {
            tool: InkTool::Pen,
            ..Default::default()
        };
        h.settle(&mut ink, 0);
        h.drag(&mut ink, 0, &stroke_path());
        h.drag(&mut ink, 0, &[pos2(120.0, 300.0), pos2(160.0, 320.0)]);
        let out = h.frame(&mut ink, 0, Vec::new());
        let labels: Vec<String> = out
            .platform_output
            .accesskit_update
            .expect("accesskit is on")
            .nodes
            .iter()
            .filter_map(|(_, node)| node.label().map(str::to_owned))
            .collect();
        assert!(
            labels.iter().any(|l| l == "Ink: pen (2 strokes)"),
            "{labels:?}"
        );
        assert_eq!(ink.label(0, true), "墨迹：笔（2 笔）");
        ink.set_tool(InkTool::Laser);
        assert_eq!(ink.label(3, false), "Ink: laser pointer (0 strokes)");
    }

    #[test]
    fn a_stroke_stays_on_the_slide_it_was_started_on() {
        let mut ink = Ink {
            tool: InkTool::Pen,
            keep: true,
            ..Default::default()
        };
        ink.drawing = Some(Drawing {
            slide: 2,
            stroke: InkStroke {
                tool: InkTool::Pen,
                points: vec![pos2(0.5, 0.5)],
            },
        });
        ink.set_tool(InkTool::Pointer);
        assert_eq!(ink.stroke_count(2), 1);
        // A press that did not move is a dot.
        let shape = stroke_shape(&ink.strokes[&2][0], SLIDE);
        assert!(matches!(shape, Shape::Circle(c) if c.center == SLIDE.center()));
    }
}
