//! The data core: loading, validation, projection, classification and statistics.
//! Plain Rust with no UI dependency, so all of it is tested without a window.

pub mod atomic;
pub mod boundaries;
pub mod check;
pub mod citation;
pub mod city_list;
pub mod classify;
pub mod colour_vision;
pub mod compare;
pub mod dataset;
pub mod error;
pub mod filter;
pub mod geojson_stream;
pub mod groups;
pub mod import;
pub mod indicators;
pub mod lesson;
pub mod map_data;
pub mod model;
pub mod palette;
pub mod panel;
pub mod place;
pub mod project;
pub mod projection;
pub mod romanize;
pub mod search;
pub mod settings;
pub mod spatial;
pub mod stats;
pub mod story;
pub mod summary;
pub mod table;
pub mod user_dirs;
pub mod userlayer;
pub mod validate;
pub mod work_reports;
