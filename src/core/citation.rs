//! Sources as a planner cites them: the site or publisher, the document, its date and the
//! decoded link, read from the research notes in `geodata/reference` (which stay available
//! whole, behind a "details" expander). Nothing is invented: a part the note does not give is
//! left out, never guessed.

use super::model::Source;

/// One source, split into what a citation needs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Citation {
    /// The site (host name) or repository that holds the document.
    pub site: Option<String>,
    /// The document: a notice number, a file in a repository, a report.
    pub title: Option<String>,
    /// As precise as the source says (a year, a month or a day), ISO order.
    pub date: Option<String>,
    /// The link with its percent-escapes decoded, as a reader would type it.
    pub url: Option<String>,
    /// The link as stored, for opening.
    pub raw_url: Option<String>,
    /// The research note as written (may name several sources and agreements).
    pub note: String,
}

/// How much of a note the one-line citation shows when the note has no site or document.
const NOTE_LINE_CHARS: usize = 72;

/// `text` cut to `max` characters at a word or clause boundary where one is near, with "…".
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max).collect();
    let at = cut
        .rfind([' ', ',', '，', '('])
        .filter(|&i| i > max / 2)
        .unwrap_or(cut.len());
    format!("{}…", cut[..at].trim_end_matches([' ', ',', '，', '(']))
}

impl Citation {
    /// Reads a source: its link (or the first link in its note) and its note.
    pub fn of(source: &Source) -> Self {
        let note = source.citation.trim().to_owned();
        // A cell may list several links (" ; "): the first is cited, the note keeps all.
        let raw_url = source
            .url
            .as_deref()
            .and_then(|u| first_url(u).or(Some(u.trim())))
            .filter(|u| !u.is_empty())
            .or_else(|| first_url(&note))
            .map(str::to_owned);
        let mut c = Citation {
            note,
            raw_url: raw_url.clone(),
            ..Default::default()
        };
        if let Some(url) = &raw_url {
            let (site, title) = site_and_title(url);
            c.site = site;
            c.title = title;
            c.date = date_in_url(url);
            c.url = Some(decode(url));
        }
        // Notes that cite a repository file by name: "GitHub owner/repo @sha path: …".
        if c.site.is_none()
            && let Some(rest) = c.note.strip_prefix("GitHub ")
        {
            let mut words = rest.split_whitespace();
            c.site = words.next().map(|r| format!("GitHub {r}"));
            let path = words
                .find(|w| !w.starts_with('@'))
                .map(|w| w.trim_end_matches(':').to_owned());
            c.title = path;
        }
        // The data's compact form: "github:owner/repo@sha:path/in/repo.md".
        if c.site.is_none()
            && let Some(rest) = c.note.strip_prefix("github:")
            && let Some((repo, path)) = rest.split_once(':')
        {
            let repo = repo.split('@').next().unwrap_or(repo);
            c.site = Some(format!("GitHub {repo}"));
            c.title = Some(path.trim().to_owned());
        }
        // A date in the note belongs to the note's document only when no link is cited
        // (beside a link it may date another document).
        if c.date.is_none() && c.raw_url.is_none() {
            c.date = date_in_text(&c.note);
        }
        if c.title.is_none() {
            c.title = notice_number(&c.note);
        }
        c
    }

    /// One line: "site · document · date", the parts the source gives (empty when it gives
    /// none of them).
    pub fn line(&self) -> String {
        [&self.site, &self.title, &self.date]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(" · ")
    }

    /// The note's first source, shortened, for a line where the source gives no site or
    /// document (the whole note is behind Details). The research notes are in English.
    pub fn note_line(&self) -> String {
        let first = self.note.split(" | ").next().unwrap_or("").trim();
        shorten(first, NOTE_LINE_CHARS)
    }

    /// Whether there is more in the note than the line shows.
    pub fn has_details(&self) -> bool {
        !self.note.is_empty() && self.note != self.line()
    }
}

/// An evidence note split into the exact quote and its bracketed context
/// (`我省…纳入规划范围 [黑龙江 provincial list, hlj.cri.cn 2017]`).
pub fn quote_and_context(note: &str) -> (&str, Option<&str>) {
    let note = note.trim();
    match note.find(" [") {
        Some(i) if note.ends_with(']') => (note[..i].trim(), Some(&note[i + 2..note.len() - 1])),
        _ => (note, None),
    }
}

/// Whether a note is mostly Chinese (a quote), as opposed to an English paraphrase that
/// names a few places in Chinese.
pub fn is_chinese(text: &str) -> bool {
    let cjk = text
        .chars()
        .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
        .count();
    let latin = text.chars().filter(char::is_ascii_alphabetic).count();
    cjk > 0 && cjk >= latin
}

fn first_url(text: &str) -> Option<&str> {
    let start = text.find("http://").or_else(|| text.find("https://"))?;
    let rest = &text[start..];
    let end = rest
        .find(|c: char| c.is_whitespace() || matches!(c, ')' | '（' | '）' | ',' | ';' | '|'))
        .unwrap_or(rest.len());
    Some(&rest[..end])
}

/// The site and, for repository links, the file: `github.com/o/r/blob/sha/path` gives
/// ("GitHub o/r", path); a `gate/big5/HOST/…` proxy link gives HOST.
fn site_and_title(url: &str) -> (Option<String>, Option<String>) {
    let rest = url
        .split_once("://")
        .map_or(url, |(_, r)| r)
        .trim_end_matches('/');
    let mut parts = rest.split('/');
    let host = parts.next().unwrap_or_default();
    let path: Vec<&str> = parts.collect();
    if host == "github.com" && path.len() >= 2 {
        let repo = format!("GitHub {}/{}", path[0], path[1]);
        let file = (path.len() > 4 && matches!(path[2], "blob" | "tree" | "raw"))
            .then(|| decode(&path[4..].join("/")));
        return (Some(repo), file);
    }
    if let Some(i) = path.iter().position(|p| *p == "gate")
        && path.get(i + 1).is_some()
        && let Some(real) = path.get(i + 2)
    {
        return (Some(strip_www(real).to_owned()), None);
    }
    ((!host.is_empty()).then(|| strip_www(host).to_owned()), None)
}

fn strip_www(host: &str) -> &str {
    host.strip_prefix("www.").unwrap_or(host)
}

/// A date the link's path spells out: `/20170417/` or `/2017/04/17/`, else `/2015/` alone.
fn date_in_url(url: &str) -> Option<String> {
    let segments: Vec<&str> = url.split(['/', '_', '-', '.']).collect();
    for s in &segments {
        if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
            let (y, m, d) = (&s[..4], &s[4..6], &s[6..]);
            if plausible(y, Some(m), Some(d)) {
                return Some(format!("{y}-{m}-{d}"));
            }
        }
    }
    for w in segments.windows(3) {
        if w[0].len() == 4
            && w[1].len() == 2
            && w[2].len() == 2
            && plausible(w[0], Some(w[1]), Some(w[2]))
        {
            return Some(format!("{}-{}-{}", w[0], w[1], w[2]));
        }
    }
    None
}

/// A "(2017-12)" style date in a note.
fn date_in_text(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    (0..bytes.len().saturating_sub(6)).find_map(|i| {
        let s = text.get(i..i + 7)?;
        let (y, m) = s.split_once('-')?;
        let before = i.checked_sub(1).map(|j| bytes[j]);
        let after = bytes.get(i + 7).copied();
        let bounded = !before.is_some_and(|b| b.is_ascii_digit())
            && !after.is_some_and(|b| b.is_ascii_digit());
        (bounded && y.len() == 4 && m.len() == 2 && plausible(y, Some(m), None))
            .then(|| s.to_owned())
    })
}

fn plausible(y: &str, m: Option<&str>, d: Option<&str>) -> bool {
    let num = |s: &str| {
        s.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let year_ok = num(y).is_some_and(|y| (1949..=2100).contains(&y));
    let month_ok = m.is_none_or(|m| num(m).is_some_and(|m| (1..=12).contains(&m)));
    let day_ok = d.is_none_or(|d| num(d).is_some_and(|d| (1..=31).contains(&d)));
    year_ok && month_ok && day_ok
}

/// A government notice number such as 产业函〔2017〕589号.
fn notice_number(text: &str) -> Option<String> {
    let open = text.find('〔')?;
    let start = text[..open]
        .char_indices()
        .rev()
        .take_while(|(_, c)| !c.is_whitespace() && !c.is_ascii_punctuation())
        .last()
        .map_or(open, |(i, _)| i);
    let end = text[open..]
        .find('号')
        .map(|i| open + i + '号'.len_utf8())?;
    Some(text[start..end].to_owned())
}

/// Percent-escapes decoded as UTF-8 (a link to a Chinese page name reads as Chinese); bytes
/// that do not decode stay escaped.
pub fn decode(url: &str) -> String {
    percent_encoding::percent_decode_str(url)
        .decode_utf8()
        .map_or_else(|_| url.to_owned(), |s| s.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cite(citation: &str, url: Option<&str>) -> Citation {
        Citation::of(&Source::new(citation, url.map(str::to_owned)))
    }

    #[test]
    fn compact_repository_paths_and_bare_notes_still_give_a_line() {
        let c = cite(
            "github:lawtext/gov@fc1a2f67a589763dc905aaa90f2b1ba356bbccde:政府工作报告-主要城市/北京市/2013.md",
            None,
        );
        assert_eq!(
            c.line(),
            "GitHub lawtext/gov · 政府工作报告-主要城市/北京市/2013.md"
        );
        // A note naming no site or document: its first source, shortened, never blank.
        let c = cite(
            "public GitHub data file (repository not attributable), id 38165880352 (echarts dashboard JS: gdp_data, provinces 北京..台湾) | AGREES WITH another file",
            None,
        );
        assert_eq!(c.line(), "");
        let line = c.note_line();
        assert!(line.starts_with("public GitHub data file"), "{line}");
        assert!(line.ends_with('…') && line.chars().count() <= 73, "{line}");
        assert!(!line.contains("AGREES"));
    }

    #[test]
    fn a_proxied_news_link_names_the_real_site_and_its_date() {
        let c = cite(
            "",
            Some("https://big5.cri.cn/gate/big5/hlj.cri.cn/20170417/1b16e89e-2f57.html"),
        );
        assert_eq!(c.site.as_deref(), Some("hlj.cri.cn"));
        assert_eq!(c.date.as_deref(), Some("2017-04-17"));
        assert_eq!(c.line(), "hlj.cri.cn · 2017-04-17");
    }

    #[test]
    fn a_repository_file_is_cited_by_repository_and_decoded_path() {
        let c = cite(
            "",
            Some("https://github.com/o/r/blob/4c9a81f/data/%E5%B9%BF%E5%B7%9E.json"),
        );
        assert_eq!(c.site.as_deref(), Some("GitHub o/r"));
        assert_eq!(c.title.as_deref(), Some("data/广州.json"));
        assert_eq!(
            c.url.as_deref(),
            Some("https://github.com/o/r/blob/4c9a81f/data/广州.json")
        );
    }

    #[test]
    fn a_note_naming_a_repository_file_is_cited_by_it() {
        let c = cite(
            "GitHub lawtext/gov @fc1a2f6 政府工作报告-其他地市/齐齐哈尔市/2014.md: \"实现地区生产总值1230.4亿元\"",
            None,
        );
        assert_eq!(c.site.as_deref(), Some("GitHub lawtext/gov"));
        assert_eq!(
            c.title.as_deref(),
            Some("政府工作报告-其他地市/齐齐哈尔市/2014.md")
        );
        assert!(c.has_details());
    }

    #[test]
    fn a_notice_number_and_its_month_are_read_from_the_note() {
        let c = cite("产业函〔2017〕589号 (2017-12)", None);
        assert_eq!(c.title.as_deref(), Some("产业函〔2017〕589号"));
        assert_eq!(c.date.as_deref(), Some("2017-12"));
    }

    #[test]
    fn nothing_is_guessed_from_a_bare_note() {
        let c = cite("article figure", None);
        assert_eq!(c.line(), "");
        assert!(c.has_details());
        assert_eq!(c.note_line(), "article figure");
        // Digits that are not a date stay digits.
        assert_eq!(date_in_url("http://x.cn/content/2015/188268.html"), None);
        assert_eq!(date_in_text("id 38165880352"), None);
    }

    #[test]
    fn a_quote_is_split_from_its_context() {
        let (q, ctx) =
            quote_and_context("我省…纳入规划范围 [黑龙江 provincial list, hlj.cri.cn 2017]");
        assert_eq!(q, "我省…纳入规划范围");
        assert_eq!(ctx, Some("黑龙江 provincial list, hlj.cri.cn 2017"));
        assert_eq!(quote_and_context("no context"), ("no context", None));
        assert!(is_chinese(q) && !is_chinese("relocation work"));
        assert!(!is_chinese(
            "古塔区 doing 老工业区 relocation work (2015 report)"
        ));
    }
}
