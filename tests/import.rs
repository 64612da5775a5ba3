//! Importing a planner's own indicator table: encodings, shapes, names, preview counts, XLSX,
//! bad input and property tests.
//!
//! Every table in this file is a SYNTHETIC FIXTURE made up for the tests: the numbers are not
//! statistics of any place.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use oib_atlas::core::dataset::Dataset;
use oib_atlas::core::import::{
    ImportedIndicator, Level, MatchFailure, Matcher, Preview, RawTable, Shape, TextEncoding,
    commit, guess_shape, preview, read_table, read_table_path,
};
use proptest::prelude::*;

static DATASET: LazyLock<Dataset> =
    LazyLock::new(|| Dataset::load_embedded().expect("embedded data"));
static MATCHER: LazyLock<Matcher> = LazyLock::new(|| Matcher::new(&DATASET));

fn run(raw: &RawTable) -> (Shape, Preview) {
    let shape = guess_shape(raw, &MATCHER);
    let p = preview(raw, &shape, &MATCHER);
    (shape, p)
}

fn preview_of(name: &str, bytes: &[u8]) -> Preview {
    let raw = read_table(name, bytes, None).unwrap_or_else(|e| panic!("{e}"));
    run(&raw).1
}

// Synthetic fixture: a small province table (made-up values).
const PROVINCES: &str = "省份,GDP2013（亿元）,GDP2023（亿元）,备注\n\
                         黑龙江,100.5,150,合成\n\
                         吉林,200,\"1,250.25\",合成\n\
                         辽宁,300,350,合成\n\
                         内蒙古,400,450,合成\n";

fn utf8_bom(text: &str) -> Vec<u8> {
    let mut v = vec![0xEF, 0xBB, 0xBF];
    v.extend_from_slice(text.as_bytes());
    v
}

#[test]
fn each_encoding_is_detected_and_previews_identically() {
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(PROVINCES);
    assert!(!unmappable);
    // Same table; the note cell holds a character outside GBK, which GB18030 writes in four
    // bytes, so this file is GB18030 and not GBK.
    let gb18030_text = PROVINCES.replacen("合成", "合成𠀀", 1);
    let (gb18030, _, unmappable) = encoding_rs::GB18030.encode(&gb18030_text);
    assert!(!unmappable);
    assert!(
        encoding_rs::GBK.encode(&gb18030_text).2,
        "𠀀 is outside GBK"
    );
    let cases: [(&str, Vec<u8>, TextEncoding); 4] = [
        (
            "utf8.csv",
            PROVINCES.as_bytes().to_vec(),
            TextEncoding::Utf8,
        ),
        ("bom.csv", utf8_bom(PROVINCES), TextEncoding::Utf8Bom),
        ("gbk.csv", gbk.into_owned(), TextEncoding::Gb18030),
        ("gb18030.csv", gb18030.into_owned(), TextEncoding::Gb18030),
    ];
    let mut previews = Vec::new();
    for (name, bytes, expected) in &cases {
        let raw = read_table(name, bytes, None).unwrap_or_else(|e| panic!("{e}"));
        let detected = raw
            .encoding
            .clone()
            .expect("text files report their encoding");
        assert_eq!(detected.encoding, *expected, "{name}: {}", detected.reason);
        assert_eq!(
            raw.headers.first().map(String::as_str),
            Some("省份"),
            "{name}"
        );
        previews.push(run(&raw).1);
    }
    let first = previews.first().expect("four previews");
    assert_eq!(first.matched.len(), 4);
    assert_eq!(first.level, Level::Province);
    for p in &previews {
        assert_eq!(p, first);
    }
}

#[test]
fn gbk_file_decoded_as_utf8_fails_with_its_line() {
    // Synthetic: ASCII header, Chinese from line 2.
    let text = "name,GDP\n黑龙江,1\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(text);
    let e = read_table("g.csv", &gbk, Some(TextEncoding::Utf8)).unwrap_err();
    assert_eq!(e.line, Some(2), "{e}");
    assert!(e.message.contains("UTF-8"), "{e}");
    assert!(e.to_string().starts_with("g.csv, line 2"), "{e}");
    // The override the other way works: the same bytes as GBK.
    let raw = read_table("g.csv", &gbk, Some(TextEncoding::Gb18030)).unwrap();
    assert_eq!(raw.rows.first().map(|r| r.cell(0)), Some("黑龙江"));
}

fn by_name(v: &[ImportedIndicator]) -> BTreeMap<String, (Option<String>, BTreeMap<u32, f64>)> {
    v.iter()
        .map(|i| (i.name.clone(), (i.unit.clone(), i.values.clone())))
        .collect()
}

#[test]
fn wide_and_long_tables_commit_the_same_values() {
    // Synthetic fixtures holding the same made-up values in the two shapes.
    let wide = "省份,GDP2013（亿元）,GDP2023（亿元）\n\
                黑龙江,100,150\n\
                吉林,200,250\n\
                辽宁,300.5,350\n";
    let long = "地区,指标,年份,数值,单位\n\
                黑龙江,GDP,2013,100,亿元\n\
                黑龙江,GDP,2023,150,亿元\n\
                吉林,GDP,2013,200,亿元\n\
                吉林,GDP,2023,250,亿元\n\
                辽宁,GDP,2013,300.5,亿元\n\
                辽宁,GDP,2023,350,亿元\n";
    let wide_raw = read_table("wide.csv", wide.as_bytes(), None).unwrap();
    let long_raw = read_table("long.csv", long.as_bytes(), None).unwrap();
    let (wide_shape, wide_p) = run(&wide_raw);
    let (long_shape, long_p) = run(&long_raw);
    assert_eq!(
        wide_shape,
        Shape::Wide {
            key_column: 0,
            value_columns: vec![1, 2]
        }
    );
    assert_eq!(
        long_shape,
        Shape::Long {
            key_column: 0,
            indicator_column: 1,
            value_column: 3,
            year_column: Some(2),
            unit_column: Some(4)
        }
    );
    let a = commit(&wide_p, "synthetic.csv", "2025-01-31");
    let b = commit(&long_p, "synthetic.csv", "2025-01-31");
    // The wide table's columns name their years; the long table keeps its years as years:
    // one indicator with the same values by year.
    assert_eq!(b.len(), 1);
    assert_eq!(b[0].name, "GDP");
    assert_eq!(b[0].years, [2013, 2023]);
    let m = by_name(&a);
    for (year, column) in [(2013, "GDP2013"), (2023, "GDP2023")] {
        assert_eq!(b[0].values_in(Some(year)), Some(&m[column].1), "{year}");
    }
    assert_eq!(b[0].unit, m["GDP2013"].0);
    assert_eq!(m.len(), 2);
    let (unit, values) = m.get("GDP2013").expect("GDP2013");
    assert_eq!(unit.as_deref(), Some("亿元"));
    assert_eq!(values.get(&210000), Some(&300.5));
    assert_eq!(values.len(), 3);
    let first = a.first().expect("indicators");
    assert_eq!(first.source, "imported from synthetic.csv on 2025-01-31");
    assert_eq!(first.level, Level::Province);
    assert_eq!(first.rows, 3);
}

#[test]
fn names_match_in_every_spelling() {
    for key in ["黑龙江", "黑龍江省", "Heilongjiang", "230000"] {
        let p = MATCHER
            .match_key(key)
            .unwrap_or_else(|e| panic!("{key}: {e:?}"));
        assert_eq!((p.level, p.adcode), (Level::Province, 230000), "{key}");
    }
    for key in ["齐齐哈尔", "齊齊哈爾市", "Qiqihar", "Qiqihaer", "230200"] {
        let p = MATCHER
            .match_key(key)
            .unwrap_or_else(|e| panic!("{key}: {e:?}"));
        assert_eq!((p.level, p.adcode), (Level::Prefecture, 230200), "{key}");
        assert_eq!(p.name_zh, "齐齐哈尔市");
    }
    for (key, code) in [
        ("延边朝鲜族自治州", 222400),
        ("延边", 222400),
        ("瀋陽市", 210100),
        ("廣西壯族自治區", 450000),
        ("大连", 210200),
        ("Urumqi", 650100),
        ("香港", 810000),
    ] {
        assert_eq!(MATCHER.match_key(key).map(|p| p.adcode), Ok(code), "{key}");
    }
    assert_eq!(MATCHER.match_key("火星市"), Err(MatchFailure::NotFound));
    assert!(matches!(
        MATCHER.match_key("Suzhou"),
        Err(MatchFailure::Ambiguous(c)) if c.len() == 2
    ));

    // Synthetic fixture: a prefecture table with unknown and ambiguous names.
    let text = "城市,值\n齐齐哈尔,1\n大庆,2\n哈尔滨,3\n火星市,4\nSuzhou,5\n黑龙江,6\n";
    let p = preview_of("names.csv", text.as_bytes());
    assert_eq!(p.level, Level::Prefecture);
    assert_eq!(p.matched.len(), 3);
    let reasons: Vec<(usize, &str)> = p
        .unmatched
        .iter()
        .map(|u| (u.line, u.reason.as_str()))
        .collect();
    assert_eq!(reasons.len(), 3, "{reasons:?}");
    assert!(
        reasons[0]
            .1
            .contains("no province or prefecture called '火星市'")
    );
    assert!(reasons[1].1.contains("ambiguous") && reasons[1].1.contains("苏州市"));
    assert!(reasons[2].1.contains("province"), "{:?}", reasons[2]);
    assert_eq!((reasons[0].0, reasons[1].0, reasons[2].0), (5, 6, 7));
    assert_eq!(p.mixed_levels, 1);
}

#[test]
fn every_unit_of_the_atlas_matches_itself() {
    for pr in DATASET.provinces.iter() {
        for key in [
            pr.name_zh.clone(),
            pr.adcode.to_string(),
            pr.name_en.clone(),
        ] {
            let p = MATCHER.match_key_at(&key, Level::Province);
            assert_eq!(p.map(|p| p.adcode), Ok(pr.adcode), "{key}");
        }
    }
    for pf in DATASET.prefectures.iter() {
        for key in [pf.name_zh.clone(), pf.adcode.to_string()] {
            let p = MATCHER.match_key_at(&key, Level::Prefecture);
            assert_eq!(p.map(|p| p.adcode), Ok(pf.adcode), "{key}");
        }
        // English names some prefectures share (Suzhou, Yichun, …) are ambiguous, never wrong.
        match MATCHER.match_key_at(&pf.name_en, Level::Prefecture) {
            Ok(p) => assert_eq!(p.adcode, pf.adcode, "{}", pf.name_en),
            Err(MatchFailure::Ambiguous(c)) => {
                assert!(c.iter().any(|c| c.contains(&pf.name_zh)), "{}", pf.name_en)
            }
            Err(e) => panic!("{}: {e:?}", pf.name_en),
        }
    }
}

// Synthetic fixture: 3 matched rows, 1 unknown name, 1 "约500", 1 empty value, 1 duplicate.
const COUNTS: &str = "省份,GDP（亿元）\n\
                      黑龙江,100\n\
                      吉林,200\n\
                      辽宁,300\n\
                      火星省,400\n\
                      河北,约500\n\
                      山西,\n\
                      辽宁,301\n";

fn assert_counts(p: &Preview) {
    assert_eq!(p.level, Level::Province);
    assert_eq!(p.matched.len(), 3, "{:?}", p.matched);
    assert_eq!(p.unmatched.len(), 1);
    assert_eq!(p.unmatched[0].line, 5);
    assert_eq!(p.type_problems.len(), 2, "{:?}", p.type_problems);
    assert_eq!(
        (p.type_problems[0].line, p.type_problems[0].reason.as_str()),
        (6, "not a number")
    );
    assert_eq!(p.type_problems[0].text, "约500");
    assert_eq!(p.type_problems[0].column, "GDP（亿元）");
    assert_eq!(
        (p.type_problems[1].line, p.type_problems[1].reason.as_str()),
        (7, "empty")
    );
    assert_eq!(
        p.duplicates
            .iter()
            .map(|d| (d.line, d.adcode, d.year))
            .collect::<Vec<_>>(),
        vec![(8, 210000, None)]
    );
    assert_eq!(p.mixed_levels, 0);
    assert_eq!(p.indicators.len(), 1);
    assert_eq!(p.indicators[0].name, "GDP");
    assert_eq!(p.indicators[0].unit.as_deref(), Some("亿元"));
    assert_eq!(p.indicators[0].values, 3);
}

#[test]
fn preview_counts_each_kind_of_problem() {
    let p = preview_of("counts.csv", COUNTS.as_bytes());
    assert_counts(&p);
    // The first 辽宁 row is the one applied; nothing is filled for 河北 or 山西.
    let committed = commit(&p, "counts.csv", "2025-01-31");
    let values = &committed[0].values;
    assert_eq!(values.get(&210000), Some(&300.0));
    assert_eq!(values.len(), 3);
    assert!(!values.contains_key(&130000) && !values.contains_key(&140000));
}

/// The COUNTS table as a workbook: numbers as numbers, text as text, the empty cell left out.
fn counts_xlsx() -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (r, line) in COUNTS.lines().enumerate() {
        let r = u32::try_from(r).expect("small");
        for (c, cell) in line.split(',').enumerate() {
            let c = u16::try_from(c).expect("small");
            if cell.is_empty() {
                continue;
            }
            match cell.parse::<f64>() {
                Ok(v) => ws.write_number(r, c, v).map(|_| ()),
                Err(_) => ws.write_string(r, c, cell).map(|_| ()),
            }
            .expect("write cell");
        }
    }
    wb.save_to_buffer().expect("xlsx")
}

static COUNTS_XLSX: LazyLock<Vec<u8>> = LazyLock::new(counts_xlsx);

#[test]
fn xlsx_previews_like_the_csv() {
    let raw = read_table("counts.xlsx", &COUNTS_XLSX, None).unwrap();
    assert_eq!(raw.sheet.as_deref(), Some("Sheet1"));
    assert!(raw.encoding.is_none());
    let (_, p) = run(&raw);
    assert_counts(&p);
    assert_eq!(p, preview_of("counts.csv", COUNTS.as_bytes()));
}

#[test]
fn xlsx_lines_are_sheet_rows_and_titles_are_kept_apart() {
    // Synthetic: a title in A1, the table from B3.
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "合成数据（测试用）").unwrap();
    ws.write_string(2, 1, "地区").unwrap();
    ws.write_string(2, 2, "人口/万人").unwrap();
    ws.write_string(3, 1, "230200").unwrap();
    ws.write_number(3, 2, 12.5).unwrap();
    ws.write_string(4, 1, "大庆市").unwrap();
    ws.write_string(4, 2, "—").unwrap();
    let bytes = wb.save_to_buffer().unwrap();
    let raw = read_table("offset.xlsx", &bytes, None).unwrap();
    assert_eq!(raw.preamble, vec!["合成数据（测试用）"]);
    assert_eq!(raw.header_line, 3);
    let (_, p) = run(&raw);
    assert_eq!(p.level, Level::Prefecture);
    assert_eq!(p.matched.len(), 1);
    assert_eq!(p.matched[0].line, 4);
    assert_eq!(p.matched[0].values, vec![("人口".to_owned(), 12.5)]);
    assert_eq!(p.indicators[0].unit.as_deref(), Some("万人"));
    assert_eq!(p.type_problems[0].line, 5);
    assert_eq!(p.type_problems[0].reason, "not a number");
}

fn pseudo_random(n: usize, seed: u64) -> Vec<u8> {
    let mut x = seed;
    (0..n)
        .map(|_| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (x >> 56) as u8
        })
        .collect()
}

#[test]
fn bad_input_is_refused_with_a_clear_message() {
    let msg = |name: &str, bytes: &[u8]| read_table(name, bytes, None).unwrap_err().to_string();

    let e = msg("empty.csv", b"");
    assert!(e.contains("empty.csv") && e.contains("empty file"), "{e}");
    assert!(msg("empty.xlsx", b"").contains("empty file"));

    let mut junk = pseudo_random(4096, 7);
    junk[10] = 0;
    junk[2000] = 0;
    let e = msg("junk.csv", &junk);
    assert!(e.contains("binary file, not a table"), "{e}");

    let truncated = COUNTS_XLSX.get(..100).expect("xlsx longer than 100 bytes");
    let e = msg("truncated.xlsx", truncated);
    assert!(
        e.contains("xlsx") && e.contains("damaged or truncated"),
        "{e}"
    );
    assert!(msg("junk.xlsx", &junk).contains("not a valid .xlsx"));

    let e = msg("header.csv", "省份,GDP（亿元）\n".as_bytes());
    assert!(
        e.contains("line 1") && e.contains("only a header row"),
        "{e}"
    );

    // A UTF-8 file with one line saved in GBK.
    let mut mixed = "省份,GDP\n黑龙江,1\n吉林,2\n辽宁,3\n".as_bytes().to_vec();
    mixed.extend_from_slice(&encoding_rs::GBK.encode("河北,4\n").0);
    let e = read_table("mixed.csv", &mixed, None).unwrap_err();
    assert_eq!(e.line, Some(5));
    assert!(e.message.contains("mixed encodings"), "{e}");
    // Choosing an encoding by hand is still possible: as GBK the UTF-8 lines become
    // mojibake that matches nothing, and the preview says so rather than guessing.
    if let Ok(raw) = read_table("mixed.csv", &mixed, Some(TextEncoding::Gb18030)) {
        let (_, p) = run(&raw);
        assert!(p.matched.len() <= 1);
    }

    assert!(msg("x.pdf", b"a,b\n1,2\n").contains("unknown file type"));
}

#[test]
fn files_over_the_limit_are_refused_before_reading() {
    let path = std::env::temp_dir().join(format!("oib-import-{}-big.csv", std::process::id()));
    let f = std::fs::File::create(&path).unwrap();
    f.set_len(250 * 1024 * 1024).unwrap(); // sparse: nothing is written
    drop(f);
    let e = read_table_path(&path, None).unwrap_err();
    std::fs::remove_file(&path).ok();
    assert!(
        e.message.contains("too large") && e.message.contains("200 MB"),
        "{e}"
    );

    let small = std::env::temp_dir().join(format!("oib-import-{}-small.csv", std::process::id()));
    std::fs::write(&small, COUNTS).unwrap();
    let raw = read_table_path(&small, None);
    std::fs::remove_file(&small).ok();
    assert_counts(&run(&raw.unwrap()).1);
}

// ---------------------------------------------------------------------------------------------
// Property tests

/// Reads, previews and commits; checks that every value that comes out is finite.
fn read_everything(name: &str, bytes: &[u8]) -> Result<(), TestCaseError> {
    if let Ok(raw) = read_table(name, bytes, None) {
        let (_, p) = run(&raw);
        for row in &p.matched {
            for (_, v) in &row.values {
                prop_assert!(v.is_finite());
            }
        }
        for ind in commit(&p, name, "2025-01-31") {
            prop_assert!(ind.values.values().all(|v| v.is_finite()));
        }
        // The same table read as a city list and as a group file: never a panic, and a
        // replacing list never shows more cities than rows that named one.
        use oib_atlas::core::city_list::{ListMode, apply_list, preview_list};
        let list = preview_list(&DATASET, &raw);
        let cities = apply_list(&DATASET, &list, ListMode::Replace, name, "2026-12-02");
        prop_assert!(cities.len() <= list.rows.len());
        prop_assert!(
            cities
                .iter()
                .all(|c| c.point.lon.is_finite() && c.point.lat.is_finite())
        );
        let _ = oib_atlas::core::groups::read_group(&DATASET, &raw, "g", &[], name, "2026-12-02");
    }
    Ok(())
}

#[derive(Clone, Debug)]
enum Mutation {
    Flip(prop::sample::Index, u8),
    Truncate(prop::sample::Index),
    Insert(prop::sample::Index, u8),
    Remove(prop::sample::Index),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<prop::sample::Index>(), 0u8..8).prop_map(|(i, b)| Mutation::Flip(i, b)),
        any::<prop::sample::Index>().prop_map(Mutation::Truncate),
        (any::<prop::sample::Index>(), any::<u8>()).prop_map(|(i, b)| Mutation::Insert(i, b)),
        any::<prop::sample::Index>().prop_map(Mutation::Remove),
    ]
}

fn mutate(base: &[u8], mutations: &[Mutation]) -> Vec<u8> {
    let mut v = base.to_vec();
    for m in mutations {
        if v.is_empty() {
            break;
        }
        match m {
            Mutation::Flip(i, bit) => {
                let i = i.index(v.len());
                v[i] ^= 1 << bit;
            }
            Mutation::Truncate(i) => v.truncate(i.index(v.len())),
            Mutation::Insert(i, b) => {
                let i = i.index(v.len() + 1);
                v.insert(i, *b);
            }
            Mutation::Remove(i) => {
                let i = i.index(v.len());
                v.remove(i);
            }
        }
    }
    v
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        read_everything("random.csv", &bytes)?;
        read_everything("random.xlsx", &bytes)?;
        let mut zip = b"PK\x03\x04".to_vec();
        zip.extend_from_slice(&bytes);
        read_everything("random.xlsx", &zip)?;
    }

    #[test]
    fn mutated_csv_never_panics(mutations in prop::collection::vec(mutation(), 1..8)) {
        read_everything("mutated.csv", &mutate(COUNTS.as_bytes(), &mutations))?;
        let (gbk, _, _) = encoding_rs::GBK.encode(PROVINCES);
        read_everything("mutated.csv", &mutate(&gbk, &mutations))?;
    }

    #[test]
    fn mutated_city_lists_never_panic(mutations in prop::collection::vec(mutation(), 1..8)) {
        let list = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/synthetic_city_list.csv"
        ))
        .expect("fixture");
        read_everything("mutated_list.csv", &mutate(&list, &mutations))?;
    }

    #[test]
    fn mutated_xlsx_never_panics(mutations in prop::collection::vec(mutation(), 1..8)) {
        read_everything("mutated.xlsx", &mutate(&COUNTS_XLSX, &mutations))?;
    }

    #[test]
    fn text_cells_never_panic(cells in prop::collection::vec("[^\r\n\",]{0,12}", 2..24)) {
        // Arbitrary Unicode text in a two-column table.
        let mut text = String::from("名称,值\n");
        for pair in cells.chunks(2) {
            text.push_str(&pair.join(","));
            text.push('\n');
        }
        read_everything("text.csv", text.as_bytes())?;
    }
}

/// `atlas data check TABLE` reads a table as the import does and says what an import would
/// do; it fails (exit 2) only when nothing could be imported.
#[test]
fn data_check_reports_what_an_import_would_do() {
    let dir = std::env::temp_dir().join(format!("atlas-check-table-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // Synthetic fixtures (not real statistics), the first GBK-encoded.
    let good = dir.join("synthetic.csv");
    let text = "省份,测试指标（万吨）\n黑龙江省,10\n吉林,20\n遼寧省,30\n火星省,40\n河北省,约50\n";
    std::fs::write(&good, encoding_rs::GBK.encode(text).0).unwrap();
    let none = dir.join("nothing.csv");
    std::fs::write(&none, "x,y\nfoo,bar\n").unwrap();
    let run = |p: &std::path::Path| {
        std::process::Command::new(env!("CARGO_BIN_EXE_atlas"))
            .args(["data", "check"])
            .arg(p)
            .output()
            .unwrap()
    };
    let out = run(&good);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(stdout.contains("GBK/GB18030"), "{stdout}");
    assert!(
        stdout.contains("matched 3 · unmatched 1 · value problems 1"),
        "{stdout}"
    );
    assert!(stdout.contains("unmatched: line 5: '火星省'"), "{stdout}");
    assert!(
        stdout.contains("would import: 测试指标 (万吨): 3 values"),
        "{stdout}"
    );
    let out = run(&none);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nothing could be imported"));
    assert_eq!(run(&dir.join("missing.csv")).status.code(), Some(2));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn lines_of_a_crlf_file_are_its_lines() {
    // Synthetic: a table as Excel saves it, with CRLF line ends and a bad cell on line 3.
    let text = "城市,GDP（亿元）\r\n沈阳,100\r\n大连,约200\r\n";
    let raw = read_table("crlf.csv", text.as_bytes(), None).unwrap();
    assert_eq!(raw.rows.iter().map(|r| r.line).collect::<Vec<_>>(), [2, 3]);
    let (_, p) = run(&raw);
    assert_eq!(p.type_problems.len(), 1);
    assert_eq!(p.type_problems[0].line, 3);
}
