//! 老工业基地地图集 · Old Industrial Bases Atlas.
//!
//! Layers, bottom to top (see `ARCHITECTURE.md`): `core` (data, no egui) → `geom` (projected
//! meshes and indexes) → `state` (the one owner of app state, and the `Command`s that change
//! it) → the views `map`, `charts`, `panels`, `story_view` (read `AtlasState`, push commands)
//! → `app` (applies commands). `export` and `cli` sit beside `app` and draw from the same state.

pub mod animation;
pub mod app;
pub mod charts;
pub mod cli;
pub mod core;
pub mod crash;
pub mod export;
pub mod fonts;
pub mod geom;
pub mod handout;
pub mod heap;
pub mod ink;
pub mod labels;
pub mod lesson_editor;
pub mod map;
pub mod paint;
pub mod panels;
pub mod persist;
pub mod presenter_view;
pub mod raster;
pub mod slide_pictures;
pub mod state;
pub mod story_view;
pub mod svg;

/// Window title and product name.
pub const PRODUCT_NAME: &str = "老工业基地地图集 · Old Industrial Bases Atlas";
