//! Colours and sizes of the map, in one place.

use egui::Color32;

pub const SEA: Color32 = Color32::from_rgb(0xe8, 0xf1, 0xf8);
pub const LAND_NEUTRAL: Color32 = Color32::from_rgb(0xf4, 0xf1, 0xea);
pub const NO_DATA: Color32 = Color32::from_rgb(0xd9, 0xd9, 0xd9);
pub const NO_DATA_HATCH: Color32 = Color32::from_rgb(0xa6, 0xa6, 0xa6);
pub const PROVINCE_LINE: Color32 = Color32::from_rgb(0x55, 0x55, 0x55);
pub const PREFECTURE_LINE: Color32 = Color32::from_rgb(0x9a, 0x9a, 0x9a);
pub const MARITIME_LINE: Color32 = Color32::from_rgb(0x40, 0x40, 0x40);
pub const FILTERED_OUT: Color32 = Color32::from_rgb(0xee, 0xee, 0xee);
pub const HIGHLIGHT: Color32 = Color32::from_rgb(0x00, 0x9e, 0xe0);
pub const SELECTION: Color32 = Color32::from_rgb(0x00, 0x00, 0x00);
pub const ZONE: Color32 = Color32::from_rgb(0x88, 0x22, 0x55);
pub const ZONE_FILL: Color32 = Color32::from_rgba_unmultiplied_const(0x88, 0x22, 0x55, 70);
pub const LABEL: Color32 = Color32::from_rgb(0x22, 0x22, 0x22);
pub const LABEL_HALO: Color32 = Color32::from_rgba_premultiplied(0xf8, 0xf8, 0xf8, 0xd0);
