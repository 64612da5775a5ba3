//! The spatial statistics at the size the issue names: LISA (with Gi*, as the app computes
//! them together) with 9,999 conditional permutations on the prefecture units with GDP, and
//! the density surface of the confirmed cities. Bar: LISA ≤ 100 ms on 2 cores.

use criterion::{Criterion, criterion_group, criterion_main};
use oib_atlas::core::dataset::Dataset;
use oib_atlas::core::indicators::Indicator;
use oib_atlas::core::spatial::analysis::{CitySet, autocorrelation, city_points};
use oib_atlas::core::spatial::autocorrelation::{gi_star, lisa};
use oib_atlas::core::spatial::points::{DENSITY_CELL_KM, Kernel, density_grid_china};
use oib_atlas::core::spatial::weights::{Rule, UnitLevel, build};

fn prefecture_gdp(ds: &Dataset) -> Indicator<'_> {
    let _ = ds;
    let column = oib_atlas::core::panel::column("gdp").expect("the panel has GDP");
    Indicator::Panel {
        column,
        year: 2023,
        transform: Default::default(),
    }
}

fn bench(c: &mut Criterion) {
    let ds = Dataset::load_embedded().expect("embedded data");
    let ind = prefecture_gdp(&ds);
    let all = build(&ds, UnitLevel::Prefecture, Rule::Queen);
    // The units with values and their row-standardised weights, as the analysis uses them.
    let a = autocorrelation(&ds, &ind, &all, Rule::Queen, 0, 1);
    let n = a.ids.len();
    let mut g = c.benchmark_group("spatial");
    g.sample_size(20);
    g.bench_function(format!("lisa_9999_permutations_{n}_prefectures"), |b| {
        b.iter(|| lisa(&a.values, &a.weights, 9999, 12345));
    });
    g.bench_function(format!("gi_star_9999_permutations_{n}_prefectures"), |b| {
        b.iter(|| gi_star(&a.values, &a.weights, 9999, 12345));
    });
    g.bench_function("whole_analysis_9999_permutations_prefectures", |b| {
        b.iter(|| autocorrelation(&ds, &ind, &all, Rule::Queen, 9999, 12345));
    });
    // Every one of the 370 prefecture units (its land area has no gaps).
    let every = all.row_standardised();
    let area: Vec<f64> = every
        .ids
        .iter()
        .map(|id| ds.prefecture(*id).map_or(0.0, |p| p.area_km2))
        .collect();
    g.bench_function(
        format!("lisa_9999_permutations_{}_prefectures_area", every.len()),
        |b| {
            b.iter(|| lisa(&area, &every, 9999, 12345));
        },
    );
    let points = city_points(&ds, CitySet::Confirmed);
    g.bench_function("density_surface_confirmed_cities", |b| {
        b.iter(|| density_grid_china(&points, DENSITY_CELL_KM, None, Kernel::Quartic));
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
