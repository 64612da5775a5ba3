//! Spatial analysis (GeoDa's core, in plain Rust): spatial weights between provinces or
//! prefectures, global and local autocorrelation (Moran's I, LISA, Getis–Ord Gi*), and the
//! concentration of the city points themselves (mean centre, standard deviational ellipse,
//! nearest-neighbour ratio, kernel density).
//!
//! Units without a value are dropped before the weights are row-standardised (as PySAL's
//! `w_subset` does) and counted, never read as zero. Permutation inference is seeded, so a
//! result can be reproduced.

pub mod analysis;
pub mod autocorrelation;
pub mod points;
pub mod rng;
pub mod weights;
