//! Pan and zoom: drag, wheel and pinch about the pointer, double-click, `+`/`-`/`Home`.

use egui::{Rect, Response, Ui};

use super::camera::Camera;

/// What navigation could not do on its own.
#[derive(Debug, PartialEq, Eq)]
pub enum Asked {
    Nothing,
    /// `Home`: fit China (the map knows the home view).
    Home,
}

/// Applies this frame's pointer and key input to the camera.
pub fn navigate(ui: &Ui, response: &Response, rect: Rect, cam: &mut Camera) -> Asked {
    if response.dragged() {
        cam.pan(response.drag_delta());
    }
    let (scroll, pinch, hover) = ui.input(|i| {
        (
            i.smooth_scroll_delta.y,
            i.zoom_delta(),
            i.pointer.hover_pos(),
        )
    });
    // The wheel zooms only with the pointer over the map itself: a panel scrolled past its
    // end, or a window over the map, keeps its wheel.
    if let Some(anchor) = hover.filter(|_| ui.rect_contains_pointer(rect)) {
        if scroll != 0.0 {
            cam.zoom_about(rect, anchor, f64::from((scroll * 0.002).exp()));
        }
        if pinch != 1.0 {
            cam.zoom_about(rect, anchor, f64::from(pinch));
        }
    }
    if response.double_clicked()
        && let Some(p) = response.interact_pointer_pos()
    {
        cam.zoom_about(rect, p, 2.0);
    }
    if ui.ctx().egui_wants_keyboard_input() {
        return Asked::Nothing;
    }
    let (zoom_in, zoom_out, home) = ui.input(|i| {
        (
            !i.modifiers.command
                && (i.key_pressed(egui::Key::Plus) || i.key_pressed(egui::Key::Equals)),
            !i.modifiers.command && i.key_pressed(egui::Key::Minus),
            i.key_pressed(egui::Key::Home),
        )
    });
    if zoom_in {
        cam.zoom_about(rect, rect.center(), 1.5);
    }
    if zoom_out {
        cam.zoom_about(rect, rect.center(), 1.0 / 1.5);
    }
    if home { Asked::Home } else { Asked::Nothing }
}
