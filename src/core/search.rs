//! Search over Chinese names, English/pinyin names and adcodes, with partial matches.

use super::dataset::Dataset;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum HitKind {
    City,
    Province,
    Prefecture,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SearchHit {
    pub kind: HitKind,
    /// City: its adcode in the reference data; province/prefecture: the unit's adcode.
    pub adcode: u32,
    pub name_zh: String,
    pub name_en: String,
    /// Lower is better: exact 0, prefix 1, contains 2.
    pub rank: u8,
}

/// Lower-cased, without spaces, hyphens and apostrophes ("Xi'an" ~ "xian").
fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, ' ' | '-' | '\'' | '’'))
        .flat_map(char::to_lowercase)
        .collect()
}

fn rank(query: &str, text: &str) -> Option<u8> {
    if text.is_empty() {
        return None;
    }
    let t = fold(text);
    if t == query {
        Some(0)
    } else if t.starts_with(query) {
        Some(1)
    } else if t.contains(query) {
        Some(2)
    } else {
        None
    }
}

/// Matches, best first (cities before units at equal rank), at most `limit`.
pub fn search(ds: &Dataset, query: &str, limit: usize) -> Vec<SearchHit> {
    let q = fold(query.trim());
    if q.is_empty() {
        return vec![];
    }
    let score = |zh: &str, en: &str, code: u32| {
        [rank(&q, zh), rank(&q, en), rank(&q, &code.to_string())]
            .into_iter()
            .flatten()
            .min()
    };
    let mut hits = Vec::new();
    for c in &ds.cities {
        if let Some(r) = score(&c.name_zh, &c.name_en, c.adcode) {
            hits.push(SearchHit {
                kind: HitKind::City,
                adcode: c.adcode,
                name_zh: c.name_zh.clone(),
                name_en: c.name_en.clone(),
                rank: r,
            });
        }
    }
    for p in ds.provinces.iter() {
        if let Some(r) = score(&p.name_zh, &p.name_en, p.adcode) {
            hits.push(SearchHit {
                kind: HitKind::Province,
                adcode: p.adcode,
                name_zh: p.name_zh.clone(),
                name_en: p.name_en.clone(),
                rank: r,
            });
        }
    }
    for p in ds.prefectures.iter() {
        // A prefecture that is also a listed city is found as the city.
        if ds.cities.iter().any(|c| c.prefecture_adcode == p.adcode) {
            continue;
        }
        if let Some(r) = score(&p.name_zh, &p.name_en, p.adcode) {
            hits.push(SearchHit {
                kind: HitKind::Prefecture,
                adcode: p.adcode,
                name_zh: p.name_zh.clone(),
                name_en: p.name_en.clone(),
                rank: r,
            });
        }
    }
    hits.sort_by_key(|h| (h.rank, h.kind));
    hits.truncate(limit);
    hits
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ignores_case_spaces_and_apostrophes() {
        assert_eq!(fold("Xi'an"), "xian");
        assert_eq!(fold("Inner Mongolia"), "innermongolia");
    }
}
