//! `atlas analyse`: weights written and read back as GeoDa files, a bad weights file refused
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

#[test]
fn lisa_and_gi_list_every_unit_with_its_statistic_and_class() {
    let out = atlas(&[
        "analyse",
        "lisa",
        "--indicator",
        "gdp",
        "--year",
        "2023",
        "--level",
        "prefecture",
        "--permutations",
        "99",
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let units = v["units"].as_array().unwrap();
    assert_eq!(units.len(), v["n"].as_u64().unwrap() as usize);
    assert!(
        v["method"]
            .as_str()
            .unwrap()
            .contains("99 conditional permutations")
    );
    assert!(v["weights"].as_str().unwrap().contains("queen"));
    for u in units {
        let (z, lag) = (u["z"].as_f64().unwrap(), u["lag"].as_f64().unwrap());
        let q = u["quadrant"].as_str().unwrap();
        let expected = match (z > 0.0, lag > 0.0) {
            (true, true) => "HH",
            (false, true) => "LH",
            (false, false) => "LL",
            (true, false) => "HL",
        };
        assert_eq!(q, expected, "{u}");
        let class = u["class"].as_str().unwrap();
        if u["p_sim"].as_f64().unwrap() <= 0.05 {
            assert_eq!(class, q);
        } else {
            assert_eq!(class, "not significant");
        }
    }
    // Prefectures without GDP are dropped and listed, never read as zero.
    assert!(!v["dropped_no_data"].as_array().unwrap().is_empty());
    let gi = atlas(&["analyse", "gi", "--permutations", "99", "--json"]);
    let g: serde_json::Value = serde_json::from_slice(&gi.stdout).unwrap();
    // Each unit's class is its permutation p at alpha and the sign of its z.
    for u in g["units"].as_array().unwrap() {
        let (p, z) = (u["p_sim"].as_f64().unwrap(), u["z"].as_f64().unwrap());
        let expected = match (p <= 0.05, z > 0.0) {
            (false, _) => "not significant",
            (true, true) => "hot",
            (true, false) => "cold",
        };
        assert_eq!(u["class"], expected, "{u}");
    }
    let hot = g["units"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| u["class"] == "hot")
        .count();
    assert!(
        hot > 0
            && g["units"]
                .as_array()
                .unwrap()
                .iter()
                .all(|u| u["Gi"].is_f64())
    );
    // A level that does not match the indicator is refused.
    let bad = atlas(&["analyse", "lisa", "--level", "prefecture"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("does not match"));
}

#[test]
fn the_spatial_pictures_export_headless() {
    let dir = std::env::temp_dir().join(format!("oib-spatial-export-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut pictures = Vec::new();
    for target in ["map", "lisa", "hotspots", "density", "moran"] {
        let path = dir.join(format!("{target}.png"));
        let out = atlas(&[
            "export",
            target,
            "--indicator",
            "gdp2023",
            "--scale",
            "1",
            "--out",
            path.to_str().unwrap(),
        ]);
        assert!(
            out.status.success(),
            "{target}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.stderr.is_empty(), "{target} prints only its result");
        let img = image::open(&path).expect("a PNG").to_rgb8();
        assert_eq!((img.width(), img.height()), (1600, 1000), "{target}");
        pictures.push((target, img));
    }
    // Each spatial picture shows something the plain map does not: a tenth of its pixels
    // at least differ (recoloured units, the density surface, or a chart instead of a map).
    let (_, map) = &pictures[0];
    for (target, img) in &pictures[1..] {
        let differ = map
            .pixels()
            .zip(img.pixels())
            .filter(|(a, b)| a.0.iter().zip(b.0).any(|(x, y)| x.abs_diff(y) > 24))
            .count();
        assert!(
            differ > map.len() / 3 / 10,
            "{target}: only {differ} pixels differ from the plain map"
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}
