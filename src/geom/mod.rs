//! Runtime geometry shared by the map, user layers and exports: boundaries projected and
//! triangulated once, outline ribbons, and R-tree indexes for hit-testing. Built from the
//! data core; drawn by `map`.

pub mod index;
pub mod mesh;
pub mod simplify;
