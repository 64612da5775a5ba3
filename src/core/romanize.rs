//! Pinyin for names that have no sourced English form (heritage sites, zones), always marked
//! as pinyin where it is shown: it is a reading aid, not a translation.

use pinyin::ToPinyin;

/// Toneless pinyin, one capitalised syllable per character ("张裕酿酒公司" → "Zhang Yu Niang
/// Jiu Gong Si"); characters without a reading (digits, Latin, punctuation) are kept as they
/// are. Word boundaries are not guessed.
pub fn pinyin_syllables(name: &str) -> String {
    let mut out = String::new();
    for (ch, py) in name.chars().zip(name.to_pinyin()) {
        match py {
            Some(p) => {
                if !out.is_empty() && !out.ends_with([' ', '(', '（']) {
                    out.push(' ');
                }
                let mut s = p.plain().chars();
                if let Some(first) = s.next() {
                    out.extend(first.to_uppercase());
                    out.push_str(s.as_str());
                }
            }
            None => {
                if ch.is_alphanumeric() && out.chars().last().is_some_and(char::is_alphabetic) {
                    out.push(' ');
                }
                out.push(ch);
            }
        }
    }
    out.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syllables_are_capitalised_and_other_characters_kept() {
        assert_eq!(
            pinyin_syllables("张裕酿酒公司"),
            "Zhang Yu Niang Jiu Gong Si"
        );
        assert_eq!(pinyin_syllables("156工程"), "156 Gong Cheng");
    }
}
