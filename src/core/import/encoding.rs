//! Text encodings of imported CSV files: UTF-8 (with or without a byte-order mark) and
//! GBK/GB18030, which Excel on a Chinese Windows writes by default.
//!
//! Detection never guesses silently: the returned [`Detected::reason`] says why, and bytes that
//! are neither encoding are an error naming the byte and the line, so the user can look.

use encoding_rs::{DecoderResult, GB18030};

use super::ImportError;

/// How many bytes at the start are looked at for NUL bytes (a sign of a binary file).
pub const SNIFF_BYTES: usize = 8 * 1024;

/// The encodings an imported text file may have. GBK is a subset of GB18030, so one decoder
/// reads both.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TextEncoding {
    Utf8,
    Utf8Bom,
    Gb18030,
}

impl TextEncoding {
    pub const ALL: [TextEncoding; 3] = [Self::Utf8, Self::Utf8Bom, Self::Gb18030];

    /// Label shown to the user.
    pub fn label(self) -> &'static str {
        match self {
            Self::Utf8 => "UTF-8",
            Self::Utf8Bom => "UTF-8 with BOM",
            Self::Gb18030 => "GBK/GB18030",
        }
    }
}

/// The encoding found and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Detected {
    pub encoding: TextEncoding,
    pub reason: String,
    /// The same in Chinese.
    pub reason_zh: String,
}

const UTF8_BOM: &[u8] = &[0xEF, 0xBB, 0xBF];
const GB18030_BOM: &[u8] = &[0x84, 0x31, 0x95, 0x33];

/// 1-based line of a byte offset (lines end with `\n`; `\n` is never part of a GBK character).
fn line_of(bytes: &[u8], offset: usize) -> usize {
    bytes
        .get(..offset)
        .unwrap_or(bytes)
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// Refuses inputs that are not text tables at all: empty files, UTF-16 text, workbooks with a
/// text file's name and binary data (NUL bytes in the first [`SNIFF_BYTES`]).
pub fn check_text(bytes: &[u8]) -> Result<(), ImportError> {
    if bytes.is_empty() {
        return Err(ImportError::new("", "empty file (0 bytes)").zh("空文件（0 字节）"));
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(ImportError::new(
            "",
            "UTF-16 text is not supported: save the table as \"CSV UTF-8\" (or GBK) and try again",
        )
        .zh("不支持 UTF-16 文本：请把表格另存为“CSV UTF-8”（或 GBK）后再试"));
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Err(ImportError::new(
            "",
            "this is a zip archive (an .xlsx workbook?), not CSV text: open it with an .xlsx name",
        )
        .zh("这是 zip 压缩文件（.xlsx 工作簿？），不是 CSV 文本：请以 .xlsx 扩展名打开"));
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(ImportError::new(
            "",
            "this is an Excel 97-2003 workbook, not CSV text: open it with an .xls name",
        )
        .zh("这是 Excel 97-2003 工作簿，不是 CSV 文本：请以 .xls 扩展名打开"));
    }
    let head = bytes.get(..SNIFF_BYTES).unwrap_or(bytes);
    if let Some(pos) = head.iter().position(|b| *b == 0) {
        return Err(ImportError::at_line(
            "",
            line_of(bytes, pos),
            format!(
                "binary file, not a table (NUL byte at byte {})",
                pos.saturating_add(1)
            ),
        )
        .zh(format!(
            "二进制文件，不是表格（第 {} 字节为 NUL）",
            pos.saturating_add(1)
        )));
    }
    let body = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(
            ImportError::new("", "empty file (nothing but blank space)").zh("空文件（只有空白）")
        );
    }
    Ok(())
}

/// Where GB18030 decoding fails: `Ok(text)` or `Err(byte offset of the bad sequence)`.
fn decode_gb18030(bytes: &[u8]) -> Result<String, Option<usize>> {
    let mut decoder = GB18030.new_decoder_without_bom_handling();
    let cap = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .ok_or(None)?;
    let mut out = String::with_capacity(cap);
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut out, true);
    match result {
        DecoderResult::InputEmpty => {
            let text = out.strip_prefix('\u{feff}').map(str::to_owned);
            Ok(text.unwrap_or(out))
        }
        DecoderResult::Malformed(bad, extra) => Err(Some(
            read.saturating_sub(usize::from(extra))
                .saturating_sub(usize::from(bad)),
        )),
        DecoderResult::OutputFull => Err(None),
    }
}

/// Counts lines that are valid UTF-8 with at least two non-ASCII characters, and lines that are
/// not valid UTF-8: many of the first beside a few of the second means a UTF-8 file with some
/// lines pasted from another encoding, not a GBK file.
fn utf8_line_counts(bytes: &[u8]) -> (usize, usize, Option<usize>) {
    let (mut good, mut bad, mut first_good) = (0, 0, None);
    for (i, line) in bytes.split(|b| *b == b'\n').enumerate() {
        match std::str::from_utf8(line) {
            Ok(s) => {
                if s.chars().filter(|c| !c.is_ascii()).count() >= 2 {
                    good += 1;
                    first_good.get_or_insert(i + 1);
                }
            }
            Err(_) => bad += 1,
        }
    }
    (good, bad, first_good)
}

/// Decides the encoding of a text file. Rules, in order: a UTF-8 byte-order mark; valid UTF-8;
/// a file that is mostly UTF-8 with some lines in another encoding is an error ("mixed
/// encodings"); otherwise GB18030 (which includes GBK), accepted only if every byte decodes.
pub fn detect(bytes: &[u8]) -> Result<Detected, ImportError> {
    check_text(bytes)?;
    if let Some(rest) = bytes.strip_prefix(UTF8_BOM) {
        return match std::str::from_utf8(rest) {
            Ok(_) => Ok(Detected {
                encoding: TextEncoding::Utf8Bom,
                reason: "starts with a UTF-8 byte-order mark".to_owned(),
                reason_zh: "以 UTF-8 字节顺序标记开头".to_owned(),
            }),
            Err(e) => {
                let at = e.valid_up_to() + UTF8_BOM.len();
                let line = line_of(bytes, at);
                Err(ImportError::at_line(
                    "",
                    line,
                    format!(
                        "starts with a UTF-8 byte-order mark, but byte {} on line {line} is not UTF-8",
                        at + 1
                    ),
                )
                .zh(format!(
                    "以 UTF-8 字节顺序标记开头，但第 {line} 行的第 {} 字节不是 UTF-8",
                    at + 1
                )))
            }
        };
    }
    if bytes.starts_with(GB18030_BOM) {
        return Ok(Detected {
            encoding: TextEncoding::Gb18030,
            reason: "starts with a GB18030 byte-order mark".to_owned(),
            reason_zh: "以 GB18030 字节顺序标记开头".to_owned(),
        });
    }
    let utf8_error = match std::str::from_utf8(bytes) {
        Ok(text) => {
            let (reason, reason_zh) = if text.is_ascii() {
                ("plain ASCII (read as UTF-8)", "纯 ASCII（按 UTF-8 读取）")
            } else {
                ("valid UTF-8", "有效的 UTF-8")
            };
            return Ok(Detected {
                encoding: TextEncoding::Utf8,
                reason: reason.to_owned(),
                reason_zh: reason_zh.to_owned(),
            });
        }
        Err(e) => e.valid_up_to(),
    };
    let utf8_line = line_of(bytes, utf8_error);
    let (good, bad, first_good) = utf8_line_counts(bytes);
    if let Some(good_line) = first_good
        && good.saturating_mul(4) >= bad
    {
        return Err(ImportError::at_line(
            "",
            utf8_line,
            format!(
                "mixed encodings: line {good_line} is UTF-8, but byte {} on line {utf8_line} is not \
                 (a line pasted from a GBK file?); save the whole file in one encoding, or choose \
                 the encoding by hand",
                utf8_error + 1
            ),
        )
        .zh(format!(
            "编码混杂：第 {good_line} 行是 UTF-8，但第 {utf8_line} 行的第 {} 字节不是（是从 GBK 文件粘贴的行吗？）；请用同一种编码保存整个文件，或手动选择编码",
            utf8_error + 1
        )));
    }
    match decode_gb18030(bytes) {
        Ok(_) => Ok(Detected {
            encoding: TextEncoding::Gb18030,
            reason: format!(
                "not valid UTF-8 (byte {} on line {utf8_line}); every byte decodes as GBK/GB18030",
                utf8_error + 1
            ),
            reason_zh: format!(
                "不是有效的 UTF-8（第 {utf8_line} 行第 {} 字节）；全部字节都能按 GBK/GB18030 解码",
                utf8_error + 1
            ),
        }),
        Err(at) => {
            let at = at.unwrap_or(utf8_error);
            let line = line_of(bytes, at);
            Err(ImportError::at_line(
                "",
                line,
                format!(
                    "not UTF-8 and not GBK/GB18030 (byte {} on line {line})",
                    at + 1
                ),
            )
            .zh(format!(
                "既不是 UTF-8 也不是 GBK/GB18030（第 {line} 行第 {} 字节）",
                at + 1
            )))
        }
    }
}

/// Decodes with a given encoding (the detected one, or the user's override). A byte-order mark
/// is dropped. Bytes the encoding cannot read are an error naming the byte and the line.
pub fn decode(bytes: &[u8], encoding: TextEncoding) -> Result<String, ImportError> {
    match encoding {
        TextEncoding::Utf8 | TextEncoding::Utf8Bom => {
            let body = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
            let skipped = bytes.len() - body.len();
            std::str::from_utf8(body).map(str::to_owned).map_err(|e| {
                let at = e.valid_up_to() + skipped;
                let line = line_of(bytes, at);
                ImportError::at_line(
                    "",
                    line,
                    format!(
                        "not valid UTF-8: byte {} on line {line} (is the file GBK/GB18030?)",
                        at + 1
                    ),
                )
                .zh(format!(
                    "不是有效的 UTF-8：第 {line} 行第 {} 字节（文件是 GBK/GB18030 吗？）",
                    at + 1
                ))
            })
        }
        TextEncoding::Gb18030 => decode_gb18030(bytes).map_err(|at| match at {
            Some(at) => {
                let line = line_of(bytes, at);
                ImportError::at_line(
                    "",
                    line,
                    format!("not valid GBK/GB18030: byte {} on line {line}", at + 1),
                )
                .zh(format!(
                    "不是有效的 GBK/GB18030：第 {line} 行第 {} 字节",
                    at + 1
                ))
            }
            None => ImportError::new("", "file too large to decode").zh("文件太大，无法解码"),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Synthetic fixtures throughout.
    const TEXT: &str = "省份,GDP\n黑龙江,15901\n辽宁,28627\n";

    #[test]
    fn detects_each_encoding() {
        let d = detect(TEXT.as_bytes()).unwrap();
        assert_eq!(d.encoding, TextEncoding::Utf8);
        let mut bom = UTF8_BOM.to_vec();
        bom.extend_from_slice(TEXT.as_bytes());
        assert_eq!(detect(&bom).unwrap().encoding, TextEncoding::Utf8Bom);
        assert_eq!(decode(&bom, TextEncoding::Utf8Bom).unwrap(), TEXT);
        let (gbk, _, unmappable) = encoding_rs::GBK.encode(TEXT);
        assert!(!unmappable);
        let d = detect(&gbk).unwrap();
        assert_eq!(d.encoding, TextEncoding::Gb18030);
        assert!(d.reason.contains("GBK/GB18030"), "{}", d.reason);
        assert_eq!(decode(&gbk, TextEncoding::Gb18030).unwrap(), TEXT);
        assert_eq!(
            detect(b"a,b\n1,2\n").unwrap().reason,
            "plain ASCII (read as UTF-8)"
        );
    }

    #[test]
    fn gbk_read_as_utf8_names_the_line() {
        let (gbk, _, _) = encoding_rs::GBK.encode(TEXT);
        let e = decode(&gbk, TextEncoding::Utf8).unwrap_err();
        assert_eq!(e.line, Some(1));
        assert!(e.message.contains("not valid UTF-8"), "{e}");
        let (gbk, _, _) = encoding_rs::GBK.encode("a,b\n1,2\n黑龙江,3\n");
        assert_eq!(decode(&gbk, TextEncoding::Utf8).unwrap_err().line, Some(3));
    }

    #[test]
    fn junk_is_refused() {
        assert!(detect(b"").unwrap_err().message.contains("empty"));
        assert!(detect(b"  \r\n\n").unwrap_err().message.contains("empty"));
        assert!(
            detect(b"a,b\n\x00\x01\x02")
                .unwrap_err()
                .message
                .contains("binary")
        );
        assert!(
            detect(b"\xff\xfea\x00")
                .unwrap_err()
                .message
                .contains("UTF-16")
        );
        assert!(
            detect(b"PK\x03\x04rest")
                .unwrap_err()
                .message
                .contains("xlsx")
        );
        // 0x80 and 0xFF are not GB18030 lead bytes.
        let e = detect(b"a,b\n1,\x80\xff\n").unwrap_err();
        assert!(e.message.contains("not UTF-8 and not GBK/GB18030"), "{e}");
        assert_eq!(e.line, Some(2));
    }

    #[test]
    fn utf8_with_a_gbk_line_is_mixed() {
        let mut bytes = "省份,GDP\n黑龙江,15901\n辽宁,28627\n吉林,13531\n"
            .as_bytes()
            .to_vec();
        let (gbk, _, _) = encoding_rs::GBK.encode("河北,43944\n");
        bytes.extend_from_slice(&gbk);
        let e = detect(&bytes).unwrap_err();
        assert!(e.message.contains("mixed encodings"), "{e}");
        assert_eq!(e.line, Some(5));
    }

    #[test]
    fn gbk_file_with_an_accidental_utf8_line_is_still_gbk() {
        // Synthetic: many GBK lines; whatever a single line happens to be, GBK wins the count.
        let mut text = String::from("地区,值\n");
        for name in [
            "哈尔滨",
            "齐齐哈尔",
            "鸡西",
            "鹤岗",
            "双鸭山",
            "大庆",
            "伊春",
            "佳木斯",
        ] {
            text.push_str(&format!("{name},1\n"));
        }
        let (gbk, _, _) = encoding_rs::GBK.encode(&text);
        assert_eq!(detect(&gbk).unwrap().encoding, TextEncoding::Gb18030);
    }
}
