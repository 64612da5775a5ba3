//! 老工业基地地图集 · Old Industrial Bases Atlas.
//!
//! `core` is the data core (no egui); `map` and `app` are the egui views.
#![forbid(unsafe_code)]

pub mod app;
pub mod charts;
pub mod cli;
pub mod core;
pub mod export;
pub mod fonts;
pub mod map;
pub mod panels;
pub mod settings_store;
pub mod state;
pub mod story_view;

/// Window title and product name.
pub const PRODUCT_NAME: &str = "老工业基地地图集 · Old Industrial Bases Atlas";
