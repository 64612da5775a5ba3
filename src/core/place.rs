//! Stable ids for the things a user can point at, and the selection built from them.
//!
//! Ids are adcodes, heritage (batch, number) and a user layer's path with a feature index, never
//! positions in a list: removing a layer or reloading data leaves every other id valid.

use std::sync::Arc;

/// Something on the map or in a chart that can be hovered, selected or pinned.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PlaceId {
    /// An old industrial city, by its adcode.
    City(u32),
    Province(u32),
    Prefecture(u32),
    /// A national industrial heritage site: its batch and its number in that batch.
    Heritage {
        batch: u8,
        number: u32,
    },
    /// A feature of a GeoJSON layer the user opened: the layer's path and the feature's index
    /// in that file.
    UserFeature {
        layer: Arc<str>,
        feature: usize,
    },
}

impl PlaceId {
    /// The province's adcode when this is a province (charts link by province).
    pub fn province(&self) -> Option<u32> {
        match self {
            PlaceId::Province(code) => Some(*code),
            _ => None,
        }
    }

    /// Whether this id points into the user layer at `path`.
    pub fn is_in_layer(&self, path: &str) -> bool {
        matches!(self, PlaceId::UserFeature { layer, .. } if &**layer == path)
    }
}

/// The adcodes of the provinces and of the prefectures among `places` (cities and other
/// places are not units), in order.
pub fn unit_codes(places: &[PlaceId]) -> (Vec<u32>, Vec<u32>) {
    let (mut provinces, mut prefectures) = (Vec::new(), Vec::new());
    for p in places {
        match p {
            PlaceId::Province(c) => provinces.push(*c),
            PlaceId::Prefecture(c) => prefectures.push(*c),
            _ => {}
        }
    }
    (provinces, prefectures)
}

/// Places the compare card holds side by side.
pub const MAX_PINNED: usize = 5;

/// What the user has selected: a set of places (in the order they were added; the last is
/// the one the details panel shows) and a pinned list for side-by-side comparison. Only the
/// app changes it, through commands.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    places: Vec<PlaceId>,
    pinned: Vec<PlaceId>,
}

impl Selection {
    /// Just `place`.
    pub fn single(place: PlaceId) -> Self {
        Self {
            places: vec![place],
            pinned: Vec::new(),
        }
    }

    /// The place the details panel shows: the one selected last.
    pub fn primary(&self) -> Option<&PlaceId> {
        self.places.last()
    }

    pub fn contains(&self, place: &PlaceId) -> bool {
        self.places.contains(place)
    }

    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }

    pub fn places(&self) -> &[PlaceId] {
        &self.places
    }

    pub fn pinned(&self) -> &[PlaceId] {
        &self.pinned
    }

    /// Replaces the selected places with `place` (or nothing); pins stay.
    pub fn set(&mut self, place: Option<PlaceId>) {
        self.places.clear();
        self.places.extend(place);
    }

    /// Adds `place` to the set, or removes it if it is there (shift-click).
    pub fn toggle(&mut self, place: PlaceId) {
        match self.places.iter().position(|p| *p == place) {
            Some(i) => {
                self.places.remove(i);
            }
            None => self.places.push(place),
        }
    }

    /// Pins `place` for comparison (once, and at most [`MAX_PINNED`] places). Returns
    /// whether it is pinned now.
    pub fn pin(&mut self, place: PlaceId) -> bool {
        if self.pinned.contains(&place) {
            return true;
        }
        if self.pinned.len() >= MAX_PINNED {
            return false;
        }
        self.pinned.push(place);
        true
    }

    pub fn unpin(&mut self, place: &PlaceId) {
        self.pinned.retain(|p| p != place);
    }

    /// Drops every id that `keep` rejects (e.g. features of a layer that was removed).
    pub fn retain(&mut self, keep: impl Fn(&PlaceId) -> bool) {
        self.places.retain(&keep);
        self.pinned.retain(&keep);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_place_added_is_primary_and_toggling_removes_it() {
        let mut s = Selection::single(PlaceId::City(230200));
        s.toggle(PlaceId::Province(210000));
        assert_eq!(s.primary(), Some(&PlaceId::Province(210000)));
        s.toggle(PlaceId::Province(210000));
        assert_eq!(s.primary(), Some(&PlaceId::City(230200)));
        s.set(None);
        assert!(s.is_empty());
    }

    #[test]
    fn removing_a_layer_keeps_other_ids_and_pins() {
        let layer: Arc<str> = Arc::from("/tmp/a.geojson");
        let mut s = Selection::single(PlaceId::UserFeature {
            layer: layer.clone(),
            feature: 3,
        });
        s.pin(PlaceId::City(230200));
        s.pin(PlaceId::City(230200));
        s.pin(PlaceId::UserFeature { layer, feature: 1 });
        s.retain(|p| !p.is_in_layer("/tmp/a.geojson"));
        assert!(s.is_empty());
        assert_eq!(s.pinned(), &[PlaceId::City(230200)]);
    }
}
