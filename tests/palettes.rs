//! Palettes checked for colour-blind viewers: with deuteranopia simulated (Machado, Oliveira &
//! Fernandes 2009, severity 1.0, in linear RGB), colours shown next to each other in a legend
//! must stay at least 10 apart in CIEDE2000 (ΔE00).

use oib_atlas::core::classify::{MAX_CLASSES, MIN_CLASSES};
use oib_atlas::core::colour_vision::{ciede2000, deuteranopia_delta_e, lab};
use oib_atlas::core::model::RegionGroup;
use oib_atlas::core::palette::{LISA_COLORS, Palette, Rgb, batch_color, diverging, region_color};
use oib_atlas::core::stats::Grouping;

const MIN_DELTA_E: f64 = 10.0;

fn hex(c: Rgb) -> String {
    format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2])
}

/// The smallest simulated ΔE00 between neighbours in `colors`, with the pair.
fn closest_neighbours(colors: &[Rgb]) -> (f64, Rgb, Rgb) {
    colors
        .windows(2)
        .map(|w| (deuteranopia_delta_e(w[0], w[1]), w[0], w[1]))
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .expect("at least two colours")
}

/// The smallest simulated ΔE00 between any two of `colors` (all shown in one legend).
fn closest_pair(colors: &[Rgb]) -> (f64, Rgb, Rgb) {
    let mut best = (f64::INFINITY, [0; 3], [0; 3]);
    for (i, &a) in colors.iter().enumerate() {
        for &b in &colors[i + 1..] {
            let d = deuteranopia_delta_e(a, b);
            if d < best.0 {
                best = (d, a, b);
            }
        }
    }
    best
}

#[test]
fn sequential_palettes_keep_adjacent_classes_apart_for_deuteranopia() {
    let mut failures = Vec::new();
    for p in Palette::ALL {
        let mut smallest = f64::INFINITY;
        // Every class count the slider offers, and the one or two classes of a layer with few
        // distinct values.
        for n in (2..MIN_CLASSES).chain(MIN_CLASSES..=MAX_CLASSES) {
            let colors = p.colors(n);
            let (d, a, b) = closest_neighbours(&colors);
            smallest = smallest.min(d);
            println!(
                "{:8} {n} classes: smallest adjacent ΔE00 {d:6.2} ({} / {}); normal vision {:.2}",
                p.name(),
                hex(a),
                hex(b),
                ciede2000(lab(a), lab(b))
            );
            if d < MIN_DELTA_E {
                failures.push(format!(
                    "{} with {n} classes: {} and {} are ΔE00 {d:.2} apart",
                    p.name(),
                    hex(a),
                    hex(b)
                ));
            }
        }
        println!(
            "{:8} smallest over all class counts: {smallest:.2}",
            p.name()
        );
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn change_maps_keep_adjacent_classes_apart_for_deuteranopia() {
    // Every split of a change map's classes into falls and rises: n classes (2 when values
    // are few) all on one side or split, and n + 1 when zero is added as a break inside a class
    // (then both sides have some).
    let mut failures = Vec::new();
    let mut smallest = f64::INFINITY;
    for n in 2..=MAX_CLASSES + 1 {
        let splits = if n > MAX_CLASSES { 1..=n - 1 } else { 0..=n };
        for falls in splits {
            let breaks: Vec<f64> = (0..=n).map(|i| i as f64 - falls as f64).collect();
            let colors = diverging(&breaks);
            assert_eq!(colors.len(), n);
            let (d, a, b) = closest_neighbours(&colors);
            smallest = smallest.min(d);
            if d < MIN_DELTA_E {
                failures.push(format!(
                    "{n} classes, {falls} falls: {} and {} are ΔE00 {d:.2} apart",
                    hex(a),
                    hex(b)
                ));
            }
        }
    }
    println!("change maps (RdBu): smallest adjacent ΔE00 {smallest:.2}");
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn lisa_clusters_region_groups_and_batches_stay_apart_for_deuteranopia() {
    let regions: Vec<Rgb> = RegionGroup::ALL.into_iter().map(region_color).collect();
    let mut legends: Vec<(String, Vec<Rgb>)> = vec![
        ("LISA clusters".into(), LISA_COLORS.to_vec()),
        ("region groups (map)".into(), regions),
    ];
    legends.push((
        "heritage batches 1-7".into(),
        (1..=7).map(batch_color).collect(),
    ));
    for g in Grouping::ALL {
        let colors = g.groups().iter().map(|g| g.color()).collect();
        legends.push((format!("chart groups: {}", g.label(false)), colors));
    }
    let mut failures = Vec::new();
    for (name, colors) in &legends {
        let (d, a, b) = closest_pair(colors);
        println!(
            "{name}: smallest ΔE00 between any two {d:.2} ({} / {})",
            hex(a),
            hex(b)
        );
        if d < MIN_DELTA_E {
            failures.push(format!(
                "{name}: {} and {} are ΔE00 {d:.2} apart",
                hex(a),
                hex(b)
            ));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}
