//! The bundled CJK font (a subset of Noto Sans CJK SC, OFL-1.1), so Chinese renders on every
//! machine and in headless tests, where egui has no system-font fallback.

use std::sync::Arc;

pub const CJK_FONT: &[u8] = include_bytes!("../assets/fonts/NotoSansSC-AtlasSubset.otf");
pub const CJK_FONT_NAME: &str = "NotoSansSC-AtlasSubset";

/// Fonts with the CJK face after egui's defaults (so egui's own symbols still come first)
/// for both families.
pub fn font_definitions() -> egui::FontDefinitions {
    let mut fonts = egui::FontDefinitions::default();
    fonts.font_data.insert(
        CJK_FONT_NAME.to_owned(),
        Arc::new(egui::FontData::from_static(CJK_FONT)),
    );
    for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
        fonts
            .families
            .entry(family)
            .or_default()
            .push(CJK_FONT_NAME.to_owned());
    }
    fonts
}

pub fn install(ctx: &egui::Context) {
    ctx.set_fonts(font_definitions());
}
