//! `atlas analyze`: weights written and read back as GeoDa files, a bad weights file refused
//! with its line (exit 2), Moran's I reproducible from its seed, city concentration naming
//! its city set.

use std::process::Command;

fn atlas(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_atlas"))
        .args(args)
        .output()
        .expect("atlas runs")
}

#[test]
fn weights_round_trip_and_a_bad_file_is_refused_with_its_line() {
    let dir = std::env::temp_dir().join(format!("oib-analyze-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let gal = dir.join("p.gal");
    let out = atlas(&[
        "analyse",
        "weights",
        "--level",
        "province",
        "--out",
        gal.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("islands (no neighbours): [460000, 710000]"),
        "{text}"
    );
    let out = atlas(&[
        "analyse",
        "weights",
        "--level",
        "province",
        "--check",
        gal.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    // A synthetic break: an id the atlas does not know.
    let broken = std::fs::read_to_string(&gal)
        .unwrap()
        .replacen("\n110000 ", "\n999999 ", 1);
    let bad = dir.join("bad.gal");
    std::fs::write(&bad, broken).unwrap();
    let out = atlas(&[
        "analyse",
        "weights",
        "--level",
        "province",
        "--check",
        bad.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 2: unknown id 999999"), "{err}");
    // The wrong level: the counts do not match.
    let out = atlas(&[
        "analyse",
        "weights",
        "--level",
        "prefecture",
        "--check",
        gal.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn moran_is_reproducible_from_its_seed_and_names_what_it_dropped() {
    let args = [
        "analyse",
        "moran",
        "--indicator",
        "gdp2023",
        "--json",
        "--seed",
        "7",
    ];
    let a = atlas(&args);
    let b = atlas(&args);
    assert!(a.status.success());
    assert_eq!(a.stdout, b.stdout, "same seed, same result");
    let v: serde_json::Value = serde_json::from_slice(&a.stdout).unwrap();
    assert_eq!(v["n"], 31);
    assert_eq!(v["dropped_no_data"].as_array().unwrap().len(), 3);
    assert!(
        v["islands"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!(460000))
    );
    let i = v["I"].as_f64().unwrap();
    assert!((-1.0..=1.0).contains(&i));
    let out = atlas(&["analyse", "points"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("confirmed of the plan's 120 cities"),
        "{text}"
    );
}

mod never_panics {
    use oib_atlas::core::spatial::weights::{from_gal, from_gwt};
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Any text as a weights file: refused or read, never a panic.
        #[test]
        fn any_weights_text_is_read_or_refused(text in "[0-9 \\n.\\-a-z]{0,400}") {
            let ids = [110000, 120000, 130000];
            let _ = from_gal(&text, &ids);
            let _ = from_gwt(&text, &ids);
        }

        /// Any bytes as a project file: refused, and nothing unpacked.
        #[test]
        fn any_bytes_as_a_project_are_refused(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
            let dir = std::env::temp_dir().join(format!("oib-project-fuzz-{}", std::process::id()));
            std::fs::create_dir_all(&dir).unwrap();
            let file = dir.join("p.zip");
            std::fs::write(&file, &bytes).unwrap();
            let target = dir.join("out");
            prop_assert!(oib_atlas::core::project::open(&file, &target).is_err());
            prop_assert!(!target.exists());
        }
    }
}
