//! Reading inputs: paths to files, directories walked recursively in sorted
//! order, or `-` for stdin; bytes decoded to text with a map back to the
//! original bytes.

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

use encoding_rs::{Encoding as RsEncoding, GB18030, UTF_16BE, UTF_16LE};

use crate::source_map::{LineIndex, SourceMap, SourceMapBuilder};

/// Inputs larger than this are refused rather than risk the machine's memory.
pub const MAX_INPUT_BYTES: u64 = 1 << 30;

/// File name endings read when a directory is walked. Files named on the
/// command line are always read.
const WALKED_EXTENSIONS: &[&str] = &["txt", "text", "htm", "html", "doc", "docx", "wps"];

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub enum Encoding {
    #[serde(rename = "utf-8")]
    Utf8,
    #[serde(rename = "utf-8-bom")]
    Utf8Bom,
    #[serde(rename = "utf-16le")]
    Utf16Le,
    #[serde(rename = "utf-16be")]
    Utf16Be,
    #[serde(rename = "gb18030")]
    Gb18030,
    #[serde(rename = "other")]
    Other(&'static str),
}

impl Encoding {
    pub fn name(&self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 (BOM)",
            Encoding::Utf16Le => "UTF-16LE",
            Encoding::Utf16Be => "UTF-16BE",
            Encoding::Gb18030 => "GB18030",
            Encoding::Other(n) => n,
        }
    }

    /// Decodes a byte span of a file in this encoding, for reading a
    /// result's span back.
    pub fn decode_span(&self, bytes: &[u8]) -> String {
        match self {
            Encoding::Utf8 | Encoding::Utf8Bom => String::from_utf8_lossy(bytes).into_owned(),
            Encoding::Utf16Le => UTF_16LE.decode_without_bom_handling(bytes).0.into_owned(),
            Encoding::Utf16Be => UTF_16BE.decode_without_bom_handling(bytes).0.into_owned(),
            Encoding::Gb18030 => GB18030.decode_without_bom_handling(bytes).0.into_owned(),
            Encoding::Other(n) => RsEncoding::for_label(n.as_bytes())
                .unwrap_or(GB18030)
                .decode_without_bom_handling(bytes)
                .0
                .into_owned(),
        }
    }
}

/// Where an input comes from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum InputSource {
    Path(PathBuf),
    Stdin,
}

impl InputSource {
    /// The name results carry in their `file` field.
    pub fn name(&self) -> String {
        match self {
            InputSource::Path(p) => p.display().to_string(),
            InputSource::Stdin => "-".to_string(),
        }
    }
}

/// An input that could not be read or decoded; the run goes on without it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ReadError {
    pub file: String,
    pub reason: String,
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file, self.reason)
    }
}

impl std::error::Error for ReadError {}

/// A decoded input: the original bytes, the text, and the way back.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub name: String,
    pub bytes: Vec<u8>,
    pub encoding: Encoding,
    /// The decoded text, BOM removed.
    pub text: String,
    /// Decoded byte offset → original byte offset.
    pub map: SourceMap,
    /// Original byte offset → 1-based line.
    pub lines: LineIndex,
}

impl SourceFile {
    /// The original bytes of `span`, decoded: what a result's `text` is.
    pub fn span_text(&self, span: (usize, usize)) -> String {
        let (s, e) = (span.0.min(self.bytes.len()), span.1.min(self.bytes.len()));
        self.encoding.decode_span(&self.bytes[s..e.max(s)])
    }
}

/// Expands the command-line paths into inputs: directories are walked
/// recursively in sorted order (hidden entries skipped); a path that does not
/// exist becomes an error and the others go on.
pub fn collect_inputs(paths: &[PathBuf]) -> (Vec<InputSource>, Vec<ReadError>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            inputs.push(InputSource::Stdin);
        } else if p.is_dir() {
            walk(p, &mut inputs, &mut errors);
        } else if p.exists() {
            inputs.push(InputSource::Path(p.clone()));
        } else {
            errors.push(ReadError {
                file: p.display().to_string(),
                reason: "no such file or directory".into(),
            });
        }
    }
    (inputs, errors)
}

fn walk(dir: &Path, inputs: &mut Vec<InputSource>, errors: &mut Vec<ReadError>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => {
            errors.push(ReadError {
                file: dir.display().to_string(),
                reason: format!("cannot list directory: {e}"),
            });
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        let hidden = p
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        if p.is_dir() {
            walk(&p, inputs, errors);
        } else if has_walked_extension(&p) {
            inputs.push(InputSource::Path(p));
        }
    }
}

fn has_walked_extension(p: &Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| WALKED_EXTENSIONS.iter().any(|w| e.eq_ignore_ascii_case(w)))
}

/// Reads and decodes one input.
pub fn read_input(input: &InputSource) -> Result<SourceFile, ReadError> {
    let name = input.name();
    let err = |reason: String| ReadError {
        file: name.clone(),
        reason,
    };
    let bytes = match input {
        InputSource::Stdin => {
            let mut buf = Vec::new();
            std::io::stdin()
                .take(MAX_INPUT_BYTES + 1)
                .read_to_end(&mut buf)
                .map_err(|e| err(format!("cannot read stdin: {e}")))?;
            buf
        }
        InputSource::Path(p) => {
            let meta = std::fs::metadata(p).map_err(|e| err(format!("cannot read: {e}")))?;
            if meta.len() > MAX_INPUT_BYTES {
                return Err(err(format!(
                    "file is {} bytes, over the {} byte limit",
                    meta.len(),
                    MAX_INPUT_BYTES
                )));
            }
            std::fs::read(p).map_err(|e| err(format!("cannot read: {e}")))?
        }
    };
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(err(format!(
            "input is over the {MAX_INPUT_BYTES} byte limit"
        )));
    }
    decode(&name, bytes)
}

/// Decodes bytes: UTF-8 (BOM or not), UTF-16 with BOM (or plainly UTF-16 by
/// its zero bytes), else GB18030/GBK or what chardetng guesses. Binary data,
/// Word files and bytes no encoding fits are errors.
pub fn decode(name: &str, bytes: Vec<u8>) -> Result<SourceFile, ReadError> {
    let err = |reason: &str| ReadError {
        file: name.to_string(),
        reason: reason.to_string(),
    };
    if bytes.starts_with(b"PK\x03\x04") {
        return Err(err(
            "looks like a Word .docx (zip) file: save it as plain text (.txt) first",
        ));
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Err(err(
            "looks like a Word .doc/.wps (OLE) file: save it as plain text (.txt) first",
        ));
    }
    if bytes.starts_with(b"%PDF") {
        return Err(err("looks like a PDF file: convert it to plain text first"));
    }

    let (encoding, text, map) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        let text = std::str::from_utf8(rest)
            .map_err(|e| {
                err(&format!(
                    "invalid UTF-8 after a UTF-8 BOM at byte {}",
                    e.valid_up_to() + 3
                ))
            })?
            .to_string();
        let map = SourceMap::identity(3, text.len());
        (Encoding::Utf8Bom, text, map)
    } else if bytes.starts_with(b"\xFF\xFE") {
        let (text, map) =
            decode_utf16(&bytes[2..], 2, true).ok_or_else(|| err("invalid UTF-16LE"))?;
        (Encoding::Utf16Le, text, map)
    } else if bytes.starts_with(b"\xFE\xFF") {
        let (text, map) =
            decode_utf16(&bytes[2..], 2, false).ok_or_else(|| err("invalid UTF-16BE"))?;
        (Encoding::Utf16Be, text, map)
    } else if let Some(le) = bomless_utf16(&bytes) {
        let (text, map) = decode_utf16(&bytes, 0, le).ok_or_else(|| err("invalid UTF-16"))?;
        (
            if le {
                Encoding::Utf16Le
            } else {
                Encoding::Utf16Be
            },
            text,
            map,
        )
    } else {
        match std::str::from_utf8(&bytes) {
            Ok(t) => {
                let text = t.to_string();
                let map = SourceMap::identity(0, text.len());
                (Encoding::Utf8, text, map)
            }
            Err(e) if e.error_len().is_none() && e.valid_up_to() > 0 => {
                // Truncated in the middle of the last char: keep what is whole.
                let text = std::str::from_utf8(&bytes[..e.valid_up_to()])
                    .expect("valid prefix")
                    .to_string();
                let map = SourceMap::identity(0, text.len());
                (Encoding::Utf8, text, map)
            }
            Err(_) => decode_legacy(&bytes).ok_or_else(|| {
                err("not valid UTF-8, UTF-16 or GB18030/GBK text (binary or unknown encoding)")
            })?,
        }
    };
    if looks_binary(&text) {
        return Err(err("binary data (control characters), not text"));
    }
    let lines = line_index(&text, &map);
    Ok(SourceFile {
        name: name.to_string(),
        bytes,
        encoding,
        text,
        map,
        lines,
    })
}

fn line_index(text: &str, map: &SourceMap) -> LineIndex {
    let starts = text
        .match_indices('\n')
        .map(|(i, _)| map.orig_end(i + 1) as u32)
        .collect::<Vec<_>>();
    let mut all = Vec::with_capacity(starts.len() + 1);
    all.push(0);
    all.extend(starts);
    LineIndex::from_starts(all)
}

fn bomless_utf16(bytes: &[u8]) -> Option<bool> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let sample = &bytes[..bytes.len().min(4096)];
    let pairs = sample.len() / 2;
    let even_zero = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd_zero = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    // ASCII-heavy UTF-16: one byte of each pair is zero far more often.
    if odd_zero * 10 >= pairs * 3 && even_zero * 10 < pairs {
        Some(true)
    } else if even_zero * 10 >= pairs * 3 && odd_zero * 10 < pairs {
        Some(false)
    } else {
        None
    }
}

fn decode_utf16(bytes: &[u8], base: usize, le: bool) -> Option<(String, SourceMap)> {
    if !bytes.len().is_multiple_of(2) {
        return None;
    }
    let units = bytes.chunks_exact(2).map(|c| {
        if le {
            u16::from_le_bytes([c[0], c[1]])
        } else {
            u16::from_be_bytes([c[0], c[1]])
        }
    });
    let mut text = String::with_capacity(bytes.len() * 3 / 2);
    let mut b = SourceMapBuilder::new();
    let mut pos = base;
    for r in char::decode_utf16(units) {
        let c = r.ok()?;
        let olen = c.len_utf16() * 2;
        b.push_char(c.len_utf8(), pos, pos + olen);
        pos += olen;
        text.push(c);
    }
    Some((text, b.finish()))
}

/// Legacy (non-Unicode) encodings: GB18030 first, as union documents are
/// Chinese; otherwise chardetng's guess, which must decode without errors.
fn decode_legacy(bytes: &[u8]) -> Option<(Encoding, String, SourceMap)> {
    if let Some((t, m)) = decode_gb18030(bytes) {
        return Some((Encoding::Gb18030, t, m));
    }
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(bytes, true);
    let enc = det.guess(None, chardetng::Utf8Detection::Deny);
    if enc == GB18030 || enc == encoding_rs::GBK {
        return None;
    }
    let text = enc.decode_without_bom_handling_and_without_replacement(bytes)?;
    let text = text.into_owned();
    // Per-char lengths are found by encoding each char back.
    let mut b = SourceMapBuilder::new();
    let mut pos = 0;
    let mut encoder = enc.new_encoder();
    for c in text.chars() {
        let mut buf = [0u8; 16];
        let mut s = [0u8; 4];
        let (_, _, written, _) = encoder.encode_from_utf8(c.encode_utf8(&mut s), &mut buf, false);
        let olen = written.max(1);
        b.push_char(c.len_utf8(), pos, pos + olen);
        pos += olen;
    }
    if pos != bytes.len() {
        return None;
    }
    Some((Encoding::Other(enc.name()), text, b.finish()))
}

fn decode_gb18030(bytes: &[u8]) -> Option<(String, SourceMap)> {
    let text = GB18030
        .decode_without_bom_handling_and_without_replacement(bytes)?
        .into_owned();
    // GB18030 sequences are 1, 2 or 4 bytes, told apart by their first two
    // bytes; each decodes to exactly one char.
    let mut b = SourceMapBuilder::new();
    let mut pos = 0;
    for c in text.chars() {
        let lead = *bytes.get(pos)?;
        let olen = if lead < 0x80 {
            1
        } else if bytes
            .get(pos + 1)
            .is_some_and(|b| (0x30..=0x39).contains(b))
        {
            4
        } else {
            2
        };
        b.push_char(c.len_utf8(), pos, pos + olen);
        pos += olen;
    }
    (pos == bytes.len()).then(|| (text, b.finish()))
}

/// Text with NULs or many C0 controls (other than tab, CR, LF, FF) is binary.
fn looks_binary(text: &str) -> bool {
    let sample: Vec<char> = text.chars().take(8192).collect();
    if sample.is_empty() {
        return false;
    }
    let controls = sample
        .iter()
        .filter(|&&c| (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r' | '\x0c'))
        .count();
    sample.contains(&'\0') || controls * 100 > sample.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roundtrip(sf: &SourceFile, needle: &str) {
        let i = sf.text.find(needle).expect("needle in text");
        let span = sf.map.orig_span(i, i + needle.len());
        assert_eq!(sf.span_text(span), needle);
    }

    const SAMPLE: &str = "县总工会2018年工作总结\r\n全年发放帮扶资金134.1911万元。\n";

    #[test]
    fn utf8_and_bom() {
        let sf = decode("a", SAMPLE.as_bytes().to_vec()).unwrap();
        assert_eq!(sf.encoding, Encoding::Utf8);
        roundtrip(&sf, "134.1911万元");
        let mut b = b"\xEF\xBB\xBF".to_vec();
        b.extend_from_slice(SAMPLE.as_bytes());
        let sf = decode("a", b).unwrap();
        assert_eq!(sf.encoding, Encoding::Utf8Bom);
        roundtrip(&sf, "134.1911万元");
        assert_eq!(
            sf.lines
                .line_of(sf.map.orig_start(sf.text.find("全年").unwrap())),
            2
        );
    }

    #[test]
    fn gbk_spans_read_back() {
        let (bytes, _, _) = GB18030.encode(SAMPLE);
        let sf = decode("g", bytes.into_owned()).unwrap();
        assert_eq!(sf.encoding, Encoding::Gb18030);
        assert_eq!(sf.text, SAMPLE);
        roundtrip(&sf, "134.1911万元");
        roundtrip(&sf, "工作总结\r\n全年");
        let i = sf.text.find("全年").unwrap();
        assert_eq!(sf.lines.line_of(sf.map.orig_start(i)), 2);
    }

    #[test]
    fn utf16_with_and_without_bom() {
        for le in [true, false] {
            let mut bytes = if le {
                vec![0xFF, 0xFE]
            } else {
                vec![0xFE, 0xFF]
            };
            for u in SAMPLE.encode_utf16() {
                bytes.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
            }
            let sf = decode("u", bytes).unwrap();
            assert_eq!(sf.text, SAMPLE);
            roundtrip(&sf, "134.1911万元");
            let i = sf.text.find("全年").unwrap();
            assert_eq!(sf.lines.line_of(sf.map.orig_start(i)), 2);
        }
        let ascii = "plan 2018\nitem 1\n";
        let bytes: Vec<u8> = ascii.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        let sf = decode("u", bytes).unwrap();
        assert_eq!(sf.encoding, Encoding::Utf16Le);
        assert_eq!(sf.text, ascii);
    }

    #[test]
    fn garbage_is_a_clear_error() {
        let e = decode("bin", vec![0, 1, 2, 3, 0xFF, 0xD8, 0, 0, 7]).unwrap_err();
        assert!(
            e.reason.contains("binary") || e.reason.contains("not valid"),
            "{e}"
        );
        let e = decode("x.docx", b"PK\x03\x04rest".to_vec()).unwrap_err();
        assert!(e.reason.contains("docx"));
        assert!(decode("empty", Vec::new()).unwrap().text.is_empty());
    }

    #[test]
    fn truncated_utf8_keeps_the_whole_chars() {
        let mut b = "工会工作".as_bytes().to_vec();
        b.extend_from_slice(&"计".as_bytes()[..2]);
        let sf = decode("t", b).unwrap();
        assert_eq!(sf.text, "工会工作");
    }
}
