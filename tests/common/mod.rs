//! Helpers shared by several test files.

use oib_atlas::core::dataset::Dataset;
use oib_atlas::core::import::ImportedIndicator;

/// The synthetic province-level table in tests/fixtures (made-up numbers, not statistics),
/// imported as File → Import does, dated 2025-01-31.
pub fn synthetic_province_import(ds: &Dataset) -> ImportedIndicator {
    let record = oib_atlas::core::settings::ImportRecord {
        path: concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/synthetic_province_values.csv"
        )
        .to_owned(),
        encoding: None,
        date: "2025-01-31".to_owned(),
    };
    let mut v = oib_atlas::core::import::import_file(ds, &record).expect("fixture");
    assert_eq!(v.len(), 1);
    v.remove(0)
}
