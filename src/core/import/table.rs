//! Reading an imported file into rows of text cells: delimited text (.csv, .tsv, .txt) or the
//! first sheet of a workbook (.xlsx, .xlsm, .xls).
//!
//! Nothing is interpreted here beyond what the file says: numbers of a sheet become their
//! shortest decimal text, dates are marked as dates (never read as serial numbers), rows with
//! a different number of cells than the header are listed in [`RawTable::ragged`].

use std::io::Cursor;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use calamine::{Data, DataRef, Reader, Xls, Xlsx};

use super::ImportError;
use super::encoding::{self, Detected, TextEncoding};

/// Largest file read (200 MiB); larger files are refused before they are read.
pub const MAX_IMPORT_BYTES: u64 = 200 * 1024 * 1024;
/// Largest number of columns of a sheet (a cell further right is an error, not dropped).
pub const MAX_COLUMNS: u32 = 1024;
/// Largest number of non-empty cells read from a sheet.
pub const MAX_CELLS: usize = 20_000_000;

/// One data row: its line in the file (1-based; a sheet's row number for workbooks) and its
/// cells, trimmed. A row shorter than the header has fewer cells.
#[derive(Clone, Debug, PartialEq)]
pub struct RawRow {
    pub line: usize,
    pub cells: Vec<String>,
}

impl RawRow {
    /// The cell of a column, or "" where the row is short.
    pub fn cell(&self, column: usize) -> &str {
        self.cells.get(column).map_or("", String::as_str)
    }
}

/// A row whose number of cells differs from the header's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ragged {
    pub line: usize,
    pub cells: usize,
    pub expected: usize,
}

/// A table as read, before any interpretation.
#[derive(Clone, Debug, PartialEq)]
pub struct RawTable {
    pub headers: Vec<String>,
    pub rows: Vec<RawRow>,
    /// For text files: the encoding and why.
    pub encoding: Option<Detected>,
    /// 1-based line of the header row.
    pub header_line: usize,
    /// Lines above the header with at most one cell (a title such as "2023年各省GDP").
    pub preamble: Vec<String>,
    /// Rows with fewer cells than the header, or with text beyond the header's last column.
    pub ragged: Vec<Ragged>,
    /// For text files: the delimiter found.
    pub delimiter: Option<char>,
    /// For workbooks: the sheet read (always the first) and how many sheets there are.
    pub sheet: Option<String>,
    pub sheet_count: usize,
}

/// An I/O error as a Chinese reader is told it.
fn io_zh(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "文件不存在".to_owned(),
        std::io::ErrorKind::PermissionDenied => "没有读取权限".to_owned(),
        _ => e.to_string(),
    }
}

fn too_big(file: &str, len: u64) -> ImportError {
    ImportError::new(
        file,
        format!(
            "file is too large ({:.0} MB); the limit is {} MB",
            len as f64 / (1024.0 * 1024.0),
            MAX_IMPORT_BYTES / (1024 * 1024)
        ),
    )
    .zh(format!(
        "文件太大（{:.0} MB），上限为 {} MB",
        len as f64 / (1024.0 * 1024.0),
        MAX_IMPORT_BYTES / (1024 * 1024)
    ))
}

/// Reads a file after checking its size on disk, so a huge file is refused without being read.
pub fn read_table_path(
    path: &Path,
    encoding: Option<TextEncoding>,
) -> Result<RawTable, ImportError> {
    let shown = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| {
        ImportError::new(&shown, format!("cannot open: {e}")).zh(format!("无法打开：{}", io_zh(&e)))
    })?;
    if !meta.is_file() {
        return Err(ImportError::new(&shown, "not a regular file").zh("不是普通文件"));
    }
    if meta.len() > MAX_IMPORT_BYTES {
        return Err(too_big(&shown, meta.len()));
    }
    let bytes = std::fs::read(path).map_err(|e| {
        ImportError::new(&shown, format!("cannot read: {e}")).zh(format!("无法读取：{}", io_zh(&e)))
    })?;
    let name = path
        .file_name()
        .map_or_else(|| shown.clone(), |n| n.to_string_lossy().into_owned());
    read_table(&name, &bytes, encoding)
}

/// Reads a table from bytes; the file name's extension says which kind of file it is.
/// `encoding` overrides detection for text files (ignored for workbooks).
pub fn read_table(
    file_name: &str,
    bytes: &[u8],
    encoding: Option<TextEncoding>,
) -> Result<RawTable, ImportError> {
    if bytes.len() as u64 > MAX_IMPORT_BYTES {
        return Err(too_big(file_name, bytes.len() as u64));
    }
    let ext = Path::new(file_name)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "csv" | "tsv" | "txt" => read_text(bytes, encoding).map_err(|e| e.in_file(file_name)),
        "xlsx" | "xlsm" | "xls" => read_workbook(&ext, bytes).map_err(|e| e.in_file(file_name)),
        "" => Err(ImportError::new(
            file_name,
            "file has no extension (expected .csv, .xlsx or .xls)",
        )
        .zh("文件没有扩展名（应为 .csv、.xlsx 或 .xls）")),
        other => Err(ImportError::new(
            file_name,
            format!("unknown file type '.{other}' (expected .csv, .tsv, .txt, .xlsx or .xls)"),
        )
        .zh(format!(
            "无法识别的文件类型“.{other}”（应为 .csv、.tsv、.txt、.xlsx 或 .xls）"
        ))),
    }
}

fn clean(cell: &str) -> String {
    cell.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, '\u{200B}'..='\u{200D}' | '\u{FEFF}')
    })
    .to_owned()
}

/// Comma, tab or semicolon: whichever occurs most often (outside quotes) in the first line
/// that is not blank; comma on a tie or when none occurs.
fn sniff_delimiter(text: &str) -> u8 {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let mut counts = [(b',', 0usize), (b'\t', 0), (b';', 0)];
    let mut quoted = false;
    for b in first.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted && let Some(c) = counts.iter_mut().find(|(d, _)| *d == b) {
            c.1 += 1;
        }
    }
    let mut best = (b',', 0);
    for (d, n) in counts {
        if n > best.1 {
            best = (d, n);
        }
    }
    best.0
}

fn read_text(bytes: &[u8], choice: Option<TextEncoding>) -> Result<RawTable, ImportError> {
    let detected = match choice {
        Some(enc) => {
            encoding::check_text(bytes)?;
            Detected {
                encoding: enc,
                reason: "chosen by hand".to_owned(),
                reason_zh: "手动选择".to_owned(),
            }
        }
        None => encoding::detect(bytes)?,
    };
    let text = encoding::decode(bytes, detected.encoding)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    if text.trim().is_empty() {
        return Err(ImportError::new("", "empty file").zh("空文件"));
    }
    let delimiter = sniff_delimiter(text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut lines = Vec::new();
    let mut record = csv::StringRecord::new();
    // CRLF files (most from Excel) would be a line off with the csv crate's own count.
    let mut counter = crate::core::table::LineCounter::new(text);
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = record.position().map_or(0, |p| counter.line_at(p.byte()));
                lines.push((line, record.iter().map(clean).collect::<Vec<_>>()));
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| counter.line_at(p.byte()));
                return Err(
                    ImportError::at_line("", line, format!("malformed CSV: {e}"))
                        .zh(format!("CSV 格式有误：{e}")),
                );
            }
        }
    }
    let mut table = assemble(lines, true)?;
    table.encoding = Some(detected);
    table.delimiter = Some(char::from(delimiter));
    Ok(table)
}

/// Splits rows into preamble, header and data; drops blank rows; lists ragged rows (short rows
/// only for text files: a sheet's row simply ends at its last filled cell).
fn assemble(
    lines: Vec<(usize, Vec<String>)>,
    short_is_ragged: bool,
) -> Result<RawTable, ImportError> {
    let filled = |cells: &[String]| cells.iter().filter(|c| !c.is_empty()).count();
    let mut rows: Vec<(usize, Vec<String>)> = lines
        .into_iter()
        .filter(|(_, cells)| filled(cells) > 0)
        .collect();
    if rows.is_empty() {
        return Err(
            ImportError::new("", "empty table: no cells with text").zh("空表：没有含文字的单元格")
        );
    }
    // A title above the header: leading rows with a single cell, when some row has more.
    let mut preamble = Vec::new();
    if rows.iter().any(|(_, c)| filled(c) >= 2) {
        while rows.first().is_some_and(|(_, c)| filled(c) < 2) {
            let (_, cells) = rows.remove(0);
            preamble.push(
                cells
                    .into_iter()
                    .find(|c| !c.is_empty())
                    .unwrap_or_default(),
            );
        }
    }
    let mut rows = rows.into_iter();
    let Some((header_line, mut headers)) = rows.next() else {
        return Err(ImportError::new("", "empty table: no header row").zh("空表：没有表头行"));
    };
    while headers.last().is_some_and(String::is_empty) {
        headers.pop();
    }
    let data: Vec<RawRow> = rows.map(|(line, cells)| RawRow { line, cells }).collect();
    if data.is_empty() {
        return Err(
            ImportError::at_line("", header_line, "only a header row, no data rows")
                .zh("只有表头行，没有数据行"),
        );
    }
    let expected = headers.len();
    let ragged = data
        .iter()
        .filter(|r| {
            (short_is_ragged && r.cells.len() < expected)
                || r.cells.iter().skip(expected).any(|c| !c.is_empty())
        })
        .map(|r| Ragged {
            line: r.line,
            cells: r.cells.len(),
            expected,
        })
        .collect();
    Ok(RawTable {
        headers,
        rows: data,
        encoding: None,
        header_line,
        preamble,
        ragged,
        delimiter: None,
        sheet: None,
        sheet_count: 0,
    })
}

/// Text of a sheet number: integers without ".0", others in Rust's shortest round-trip form.
fn float_text(f: f64) -> String {
    if f.is_finite() {
        f.to_string()
    } else {
        format!("invalid number ({f})")
    }
}

fn data_ref_text(d: &DataRef<'_>) -> String {
    match d {
        DataRef::Empty => String::new(),
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => clean(s),
        DataRef::SharedString(s) => clean(s),
        DataRef::Float(f) => float_text(*f),
        DataRef::Int(i) => i.to_string(),
        DataRef::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
        // Never the serial number: a date is not a value.
        DataRef::DateTime(dt) => format!("(date {dt})"),
        DataRef::Error(e) => format!("#{e:?}"),
    }
}

fn data_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => clean(s),
        Data::Float(f) => float_text(*f),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
        Data::DateTime(dt) => format!("(date {dt})"),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// Cells by (row, column), 0-based, in reading order.
type Cells = Vec<(u32, u32, String)>;

fn rows_from_cells(mut cells: Cells) -> Result<Vec<(usize, Vec<String>)>, ImportError> {
    cells.sort_by_key(|(r, c, _)| (*r, *c));
    let mut out: Vec<(usize, Vec<String>)> = Vec::new();
    for (r, c, text) in cells {
        if c >= MAX_COLUMNS {
            return Err(ImportError::at_line(
                "",
                r as usize + 1,
                format!(
                    "a cell in column {} is beyond the {MAX_COLUMNS} columns supported",
                    c as usize + 1
                ),
            )
            .zh(format!(
                "第 {} 列的单元格超出支持的 {MAX_COLUMNS} 列",
                c as usize + 1
            )));
        }
        let line = r as usize + 1;
        if out.last().is_none_or(|(l, _)| *l != line) {
            out.push((line, Vec::new()));
        }
        if let Some((_, row)) = out.last_mut() {
            let c = c as usize;
            if row.len() <= c {
                row.resize(c + 1, String::new());
            }
            if let Some(slot) = row.get_mut(c) {
                *slot = text;
            }
        }
    }
    Ok(out)
}

fn damaged(kind: &str, e: impl std::fmt::Display) -> ImportError {
    ImportError::new(
        "",
        format!("not a readable {kind} workbook (damaged or truncated?): {e}"),
    )
    .zh(format!(
        "无法读取的 {kind} 工作簿（文件损坏或不完整？）：{e}"
    ))
}

fn read_xlsx(bytes: &[u8]) -> Result<(String, usize, Cells), ImportError> {
    let mut wb = Xlsx::new(Cursor::new(bytes)).map_err(|e| damaged(".xlsx", e))?;
    let names = wb.sheet_names();
    let Some(first) = names.first().cloned() else {
        return Err(ImportError::new("", "the workbook has no sheets").zh("工作簿中没有工作表"));
    };
    let mut reader = wb
        .worksheet_cells_reader(&first)
        .map_err(|e| damaged(".xlsx", e))?;
    let mut cells = Vec::new();
    while let Some(cell) = reader.next_cell().map_err(|e| damaged(".xlsx", e))? {
        let text = data_ref_text(cell.get_value());
        if text.is_empty() {
            continue;
        }
        if cells.len() >= MAX_CELLS {
            return Err(
                ImportError::new("", format!("the sheet has more than {MAX_CELLS} cells"))
                    .zh(format!("工作表超过 {MAX_CELLS} 个单元格")),
            );
        }
        let (r, c) = cell.get_position();
        cells.push((r, c, text));
    }
    Ok((first, names.len(), cells))
}

fn read_xls(bytes: &[u8]) -> Result<(String, usize, Cells), ImportError> {
    let mut wb = Xls::new(Cursor::new(bytes)).map_err(|e| {
        damaged(
            ".xls",
            format!("{e} (password-protected workbooks cannot be read)"),
        )
    })?;
    let names = wb.sheet_names();
    let Some(first) = names.first().cloned() else {
        return Err(ImportError::new("", "the workbook has no sheets").zh("工作簿中没有工作表"));
    };
    let range = wb.worksheet_range(&first).map_err(|e| damaged(".xls", e))?;
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let cells = range
        .cells()
        .filter_map(|(r, c, d)| {
            let text = data_text(d);
            let r = u32::try_from(r).ok()?.checked_add(r0)?;
            let c = u32::try_from(c).ok()?.checked_add(c0)?;
            (!text.is_empty()).then_some((r, c, text))
        })
        .collect();
    Ok((first, names.len(), cells))
}

fn read_workbook(ext: &str, bytes: &[u8]) -> Result<RawTable, ImportError> {
    if bytes.is_empty() {
        return Err(ImportError::new("", "empty file (0 bytes)"));
    }
    let is_zip = bytes.starts_with(b"PK\x03\x04");
    let is_cfb = bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    if !is_zip && !is_cfb {
        let head = bytes.get(..512).unwrap_or(bytes);
        let text_like = !head.contains(&0);
        let trimmed = String::from_utf8_lossy(head)
            .trim_start()
            .to_ascii_lowercase();
        let (hint, hint_zh) = if text_like && trimmed.starts_with('<') {
            (
                "it is an HTML or XML page with a workbook's name; open it in Excel and save as .xlsx, or export CSV",
                "这是带工作簿扩展名的 HTML 或 XML 页面；请在 Excel 中打开并另存为 .xlsx，或导出 CSV",
            )
        } else if text_like {
            (
                "it looks like text; if it is a CSV, give it a .csv name",
                "看起来是文本；如果是 CSV，请改用 .csv 扩展名",
            )
        } else {
            (
                "it may be damaged or not a spreadsheet",
                "文件可能已损坏，或不是电子表格",
            )
        };
        return Err(ImportError::new(
            "",
            format!(
                "not a valid .{ext} file: a workbook is a zip archive (.xlsx) or an OLE file (.xls), this is neither; {hint}"
            ),
        )
        .zh(format!(
            "不是有效的 .{ext} 文件：工作簿应为 zip 压缩文件（.xlsx）或 OLE 文件（.xls），此文件两者都不是；{hint_zh}"
        )));
    }
    // A reader bug on a damaged file must not take the app down.
    let read = catch_unwind(AssertUnwindSafe(|| {
        if is_zip {
            read_xlsx(bytes)
        } else {
            read_xls(bytes)
        }
    }));
    let (sheet, sheet_count, cells) = match read {
        Ok(r) => r?,
        Err(_) => {
            return Err(damaged(
                if is_zip { ".xlsx" } else { ".xls" },
                "the reader failed",
            ));
        }
    };
    let rows = rows_from_cells(cells)?;
    if rows.is_empty() {
        return Err(
            ImportError::new("", format!("the first sheet ('{sheet}') is empty"))
                .zh(format!("第一个工作表（“{sheet}”）是空的")),
        );
    }
    let mut table = assemble(rows, false).map_err(|mut e| {
        e.message = format!("first sheet ('{sheet}'): {}", e.message);
        e
    })?;
    table.sheet = Some(sheet);
    table.sheet_count = sheet_count;
    Ok(table)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Synthetic fixtures.

    #[test]
    fn sniffs_delimiters() {
        assert_eq!(sniff_delimiter("a,b,c\n"), b',');
        assert_eq!(sniff_delimiter("a\tb\tc\n"), b'\t');
        assert_eq!(sniff_delimiter("a;b;c\n1,5;2,5;3\n"), b';');
        assert_eq!(sniff_delimiter("\"a;b\",c\n"), b',');
        assert_eq!(sniff_delimiter("only\n"), b',');
    }

    #[test]
    fn reads_csv_with_title_ragged_rows_and_blank_lines() {
        let text = "2023年各省GDP,,\n省份,GDP,人口\n黑龙江,15901,3062\n\n,,\n辽宁,28627\n吉林,13531,2339,多余\n";
        let t = read_table("t.csv", text.as_bytes(), None).unwrap();
        assert_eq!(t.preamble, vec!["2023年各省GDP"]);
        assert_eq!(t.header_line, 2);
        assert_eq!(t.headers, vec!["省份", "GDP", "人口"]);
        assert_eq!(t.rows.len(), 3);
        assert_eq!(t.rows[1].line, 6);
        assert_eq!(t.rows[1].cell(2), "");
        assert_eq!(
            t.ragged.iter().map(|r| r.line).collect::<Vec<_>>(),
            vec![6, 7]
        );
        assert_eq!(t.delimiter, Some(','));
    }

    #[test]
    fn header_only_and_unknown_types_are_errors() {
        let e = read_table("h.csv", b"a,b\n", None).unwrap_err();
        assert!(e.message.contains("only a header"), "{e}");
        let e = read_table("h.pdf", b"a,b\n", None).unwrap_err();
        assert!(e.message.contains("unknown file type"), "{e}");
        let e = read_table("h.xlsx", b"a,b\n1,2\n", None).unwrap_err();
        assert!(e.message.contains("not a valid .xlsx"), "{e}");
    }

    #[test]
    fn sheet_numbers_keep_their_value() {
        assert_eq!(float_text(230000.0), "230000");
        assert_eq!(float_text(15901.2), "15901.2");
        assert_eq!(float_text(-0.5), "-0.5");
    }
}
