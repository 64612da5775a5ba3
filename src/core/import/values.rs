//! Reading a cell as a number and a header as a name with its unit.
//!
//! Strict on purpose (the truth rule): only text that is plainly a number is read as one;
//! "约500", "—", "N/A" or "1,5" are reported by the preview, never guessed at.

/// A full-width character (typed with a Chinese input method) or the minus sign U+2212 as
/// its ASCII form, so "１２３" and "−5" read as numbers.
fn number_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
        '\u{2212}' => '-',
        _ => c,
    }
}

/// The cell without surrounding spaces and zero-width characters (Excel and web copies carry
/// them).
pub(super) fn trim_cell(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || matches!(c, '\u{200B}'..='\u{200D}' | '\u{FEFF}'))
}

/// True for `d{1,3}(,ddd)*` or plain digits (possibly empty when `allow_empty`).
fn integer_part_ok(s: &str, allow_empty: bool) -> bool {
    if s.is_empty() {
        return allow_empty;
    }
    if !s.contains(',') {
        return s.bytes().all(|b| b.is_ascii_digit());
    }
    let mut groups = s.split(',');
    let first_ok = groups
        .next()
        .is_some_and(|g| (1..=3).contains(&g.len()) && g.bytes().all(|b| b.is_ascii_digit()));
    first_ok && groups.all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
}

/// Parses a cell as a number: `Ok((value, had_percent_sign))`, or the reason it is not one
/// ("empty" or "not a number"). Accepted: surrounding spaces, full-width digits, a sign,
/// thousands separators in groups of three ("12,345.6"), a decimal point, an exponent
/// ("1.2E+11", as Excel writes large numbers) and a trailing %. Everything else — "约500",
/// "—", "N/A", "1,5", "500万", "(12)" — is not a number: nothing is guessed.
pub fn parse_value(text: &str) -> Result<(f64, bool), &'static str> {
    let converted: String = text.chars().map(number_char).collect();
    let mut s = trim_cell(&converted);
    if s.is_empty() {
        return Err("empty");
    }
    let percent = s.ends_with('%');
    if percent {
        s = trim_cell(s.strip_suffix('%').unwrap_or(s));
    }
    let unsigned = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(i) => (
            unsigned.get(..i).unwrap_or(""),
            Some(unsigned.get(i + 1..).unwrap_or("")),
        ),
        None => (unsigned, None),
    };
    let (int, frac) = match mantissa.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (mantissa, None),
    };
    let frac_ok = frac.is_none_or(|f| f.bytes().all(|b| b.is_ascii_digit()));
    let has_digits = int.bytes().any(|b| b.is_ascii_digit())
        || frac.is_some_and(|f| f.bytes().any(|b| b.is_ascii_digit()));
    let exp_ok = exponent.is_none_or(|e| {
        let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
        !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
    });
    if !(has_digits && frac_ok && exp_ok && integer_part_ok(int, frac.is_some())) {
        return Err("not a number");
    }
    let plain: String = s.chars().filter(|c| *c != ',').collect();
    match plain.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok((v, percent)),
        _ => Err("not a number"),
    }
}

/// Splits a header into name and unit: "GDP（亿元）", "GDP (亿元)", "GDP\[亿元\]", "人口/万人",
/// "GDP（单位：亿元）". No unit found: the whole header and `None`.
pub fn split_unit(header: &str) -> (String, Option<String>) {
    let h = trim_cell(header);
    for (open, close) in [('（', '）'), ('(', ')'), ('[', ']'), ('【', '】')] {
        if let Some(body) = h.strip_suffix(close)
            && let Some(i) = body.rfind(open)
        {
            let name = trim_cell(body.get(..i).unwrap_or(""));
            let inner = trim_cell(body.get(i + open.len_utf8()..).unwrap_or(""));
            let unit = inner
                .strip_prefix("单位")
                .map(|u| trim_cell(u.trim_start_matches([':', '：'])))
                .unwrap_or(inner);
            if !name.is_empty() && !unit.is_empty() {
                return (name.to_owned(), Some(unit.to_owned()));
            }
        }
    }
    for slash in ['/', '／'] {
        if let Some(i) = h.rfind(slash) {
            let name = trim_cell(h.get(..i).unwrap_or(""));
            let unit = trim_cell(h.get(i + slash.len_utf8()..).unwrap_or(""));
            let unit_like = !unit.is_empty()
                && unit.chars().count() <= 12
                && !unit.chars().all(|c| c.is_ascii_digit());
            if !name.is_empty() && unit_like {
                return (name.to_owned(), Some(unit.to_owned()));
            }
        }
    }
    (h.to_owned(), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_parsed_strictly() {
        let ok = |s: &str| parse_value(s).map(|(v, _)| v);
        assert_eq!(ok("12,345.6"), Ok(12345.6));
        assert_eq!(ok(" １２３ "), Ok(123.0));
        assert_eq!(ok("-0.5"), Ok(-0.5));
        assert_eq!(ok("1.2E+11"), Ok(1.2e11));
        assert_eq!(ok(".5"), Ok(0.5));
        assert_eq!(parse_value("12.5%"), Ok((12.5, true)));
        assert_eq!(parse_value("12.5 ％"), Ok((12.5, true)));
        assert_eq!(parse_value(""), Err("empty"));
        assert_eq!(parse_value("　"), Err("empty"));
        for bad in [
            "约500", "—", "-", "N/A", "1,5", "1,23,456", "500万", "(12)", "inf", "NaN", "1e",
            "1 234", "%", "1e999", "..",
        ] {
            assert_eq!(parse_value(bad), Err("not a number"), "{bad}");
        }
    }

    #[test]
    fn units_come_from_headers() {
        let s = |h: &str| split_unit(h);
        assert_eq!(
            s("GDP2013（亿元）"),
            ("GDP2013".into(), Some("亿元".into()))
        );
        assert_eq!(s("GDP (亿元)"), ("GDP".into(), Some("亿元".into())));
        assert_eq!(s("人口/万人"), ("人口".into(), Some("万人".into())));
        assert_eq!(s("GDP（单位：亿元）"), ("GDP".into(), Some("亿元".into())));
        assert_eq!(s("增长率(%)"), ("增长率".into(), Some("%".into())));
        assert_eq!(s("GDP"), ("GDP".into(), None));
        assert_eq!(s("GDP 2013/2023"), ("GDP 2013/2023".into(), None));
        assert_eq!(s("(亿元)"), ("(亿元)".into(), None));
    }
}
