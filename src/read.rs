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

/// How bad a [`ReadError`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// The input could not be read; the run goes on without it and exits 1.
    Error,
    /// The input was read, but not all of it as it stands (bytes replaced),
    /// or an entry of a walked directory was skipped (a FIFO, a symlink
    /// loop, a file already read). Reported; the exit code stays 0.
    Warning,
}

/// An input that could not be read or decoded (the run goes on without it),
/// or a warning about one. Written to `errors.jsonl` as it is serialised.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ReadError {
    pub file: String,
    pub level: Level,
    pub reason: String,
    /// 1-based line of the first problem, for decoding warnings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// How many bytes were replaced, for decoding warnings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<usize>,
}

impl ReadError {
    /// An error about `file`.
    pub fn new(file: impl Into<String>, reason: impl Into<String>) -> ReadError {
        ReadError {
            file: file.into(),
            level: Level::Error,
            reason: reason.into(),
            line: None,
            count: None,
        }
    }

    /// A warning about `file`.
    pub fn warning(file: impl Into<String>, reason: impl Into<String>) -> ReadError {
        ReadError {
            level: Level::Warning,
            ..ReadError::new(file, reason)
        }
    }

    pub fn is_warning(&self) -> bool {
        self.level == Level::Warning
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_warning() {
            write!(f, "warning: ")?;
        }
        write!(f, "{}", self.file)?;
        if let Some(l) = self.line {
            write!(f, ":{l}")?;
        }
        write!(f, ": {}", self.reason)
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

/// The usage error of a command line whose paths cannot be read as given:
/// standard input (`-`) named more than once (it can be read only once).
pub fn check_paths(paths: &[PathBuf]) -> Result<(), String> {
    if paths.iter().filter(|p| p.as_os_str() == "-").count() > 1 {
        return Err("standard input ('-') given more than once: it can be read only once".into());
    }
    Ok(())
}

/// What a directory entry or a named path is, when it is not a regular file
/// or a directory.
fn special_kind(ft: &std::fs::FileType) -> Option<&'static str> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if ft.is_socket() {
            return Some("a socket");
        }
        if ft.is_char_device() {
            return Some("a character device");
        }
        if ft.is_block_device() {
            return Some("a block device");
        }
    }
    if ft.is_file() || ft.is_dir() {
        None
    } else {
        Some("not a regular file")
    }
}

/// Device and inode of a file: the identity of a real file whatever path
/// (symlink, hard link, `a/../a`) reaches it.
fn file_id(meta: &std::fs::Metadata) -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some((meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        None
    }
}

/// Expands the command-line paths into inputs. Directories are walked
/// recursively in sorted order (hidden entries skipped), following symlinks
/// but never into a loop and never into a directory already walked; each
/// real file (device + inode) is read once, whatever paths reach it. FIFOs,
/// sockets and devices inside a directory are skipped (they can block a read
/// forever); named on the command line, a FIFO or character device is read
/// (process substitution, `/dev/stdin`) up to the size limit. A path that
/// does not exist becomes an error and the others go on. What was skipped is
/// reported as a warning among the returned errors.
pub fn collect_inputs(paths: &[PathBuf]) -> (Vec<InputSource>, Vec<ReadError>) {
    let mut c = Collector::default();
    let mut stdin_seen = false;
    for p in paths {
        if p.as_os_str() == "-" {
            if stdin_seen {
                c.errors.push(ReadError::new(
                    "-",
                    "standard input given more than once: read once",
                ));
            } else {
                stdin_seen = true;
                c.inputs.push(InputSource::Stdin);
            }
            continue;
        }
        let meta = match std::fs::metadata(p) {
            Ok(m) => m,
            Err(e) => {
                let reason = match e.kind() {
                    std::io::ErrorKind::NotFound if p.symlink_metadata().is_ok() => {
                        "broken symlink (its target does not exist)".to_string()
                    }
                    std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
                    _ => format!("cannot read: {e}"),
                };
                c.errors.push(ReadError::new(p.display().to_string(), reason));
                continue;
            }
        };
        if meta.is_dir() {
            c.walk(p);
        } else if let Some(kind) = special_kind(&meta.file_type())
            && !is_readable_special(&meta.file_type())
        {
            c.errors.push(ReadError::new(
                p.display().to_string(),
                format!("is {kind}, not a file"),
            ));
        } else {
            c.add_file(p.clone(), &meta);
        }
    }
    (c.inputs, c.errors)
}

/// Special files that can stand for a stream the user means to read.
fn is_readable_special(ft: &std::fs::FileType) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        ft.is_fifo() || ft.is_char_device()
    }
    #[cfg(not(unix))]
    {
        let _ = ft;
        false
    }
}

#[derive(Default)]
struct Collector {
    inputs: Vec<InputSource>,
    errors: Vec<ReadError>,
    /// Real files taken so far, and the path each was first taken by.
    files: std::collections::HashMap<(u64, u64), PathBuf>,
    /// Real directories walked so far.
    dirs: std::collections::HashSet<(u64, u64)>,
}

impl Collector {
    fn add_file(&mut self, p: PathBuf, meta: &std::fs::Metadata) {
        if let Some(id) = file_id(meta) {
            if let Some(first) = self.files.get(&id) {
                self.errors.push(ReadError::warning(
                    p.display().to_string(),
                    format!("skipped: the same file as {}, read once", first.display()),
                ));
                return;
            }
            self.files.insert(id, p.clone());
        }
        self.inputs.push(InputSource::Path(p));
    }

    fn walk(&mut self, root: &Path) {
        let hidden = |e: &walkdir::DirEntry| {
            e.depth() > 0 && e.file_name().to_str().is_some_and(|n| n.starts_with('.'))
        };
        let mut it = walkdir::WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| !hidden(e));
        while let Some(entry) = it.next() {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let path = e
                        .path()
                        .map_or_else(|| root.display().to_string(), |p| p.display().to_string());
                    if let Some(ancestor) = e.loop_ancestor() {
                        self.errors.push(ReadError::warning(
                            path,
                            format!(
                                "skipped: symlink loop back to {}",
                                ancestor.display()
                            ),
                        ));
                    } else if e.io_error().is_some_and(|io| io.kind() == std::io::ErrorKind::NotFound)
                        && e.depth() > 0
                    {
                        self.errors.push(ReadError::warning(
                            path,
                            "skipped: broken symlink (its target does not exist)",
                        ));
                    } else {
                        let reason = e
                            .io_error()
                            .map_or_else(|| e.to_string(), |io| io.to_string());
                        self.errors
                            .push(ReadError::new(path, format!("cannot list or read: {reason}")));
                    }
                    continue;
                }
            };
            let ft = entry.file_type();
            let path = entry.path();
            if ft.is_dir() {
                let id = entry.metadata().ok().as_ref().and_then(file_id);
                if let Some(id) = id
                    && !self.dirs.insert(id)
                {
                    // Reached again through a symlink: walked once already.
                    self.errors.push(ReadError::warning(
                        path.display().to_string(),
                        "skipped: a directory already walked (reached again through a symlink)",
                    ));
                    it.skip_current_dir();
                }
                continue;
            }
            if !has_walked_extension(path) {
                continue;
            }
            if let Some(kind) = special_kind(&ft) {
                self.errors.push(ReadError::warning(
                    path.display().to_string(),
                    format!("skipped: {kind}, not a regular file"),
                ));
                continue;
            }
            match entry.metadata() {
                Ok(meta) => self.add_file(path.to_path_buf(), &meta),
                Err(e) => self
                    .errors
                    .push(ReadError::new(path.display().to_string(), format!("cannot read: {e}"))),
            }
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
    let err = |reason: String| ReadError::new(name.clone(), reason);
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
            let file = std::fs::File::open(p).map_err(|e| err(format!("cannot read: {e}")))?;
            let meta = file
                .metadata()
                .map_err(|e| err(format!("cannot read: {e}")))?;
            if meta.len() > MAX_INPUT_BYTES {
                return Err(err(format!(
                    "file is {} bytes, over the {} byte limit",
                    meta.len(),
                    MAX_INPUT_BYTES
                )));
            }
            // Bounded: a FIFO or device named on the command line has no
            // length to check first.
            let mut buf = Vec::with_capacity(meta.len() as usize);
            file.take(MAX_INPUT_BYTES + 1)
                .read_to_end(&mut buf)
                .map_err(|e| err(format!("cannot read: {e}")))?;
            buf
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
    let err = |reason: &str| ReadError::new(name, reason);
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
