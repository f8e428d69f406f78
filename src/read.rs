//! Reading inputs: paths to files, directories walked recursively in sorted
//! order, or `-` for stdin; each input, whatever its format, becomes one
//! [`SourceFile`]: a text view with a map back to where it came from.
//!
//! The format is told by content ([`sniff`]), the name's extension only as
//! a tiebreak: plain text is decoded here ([`decode`]: the original bytes
//! are the file's); a saved web page (`html`) is decoded the same way, and
//! its main text maps into the page's bytes; Word (`docx`, `doc`: .doc and
//! .wps), web archives (`mht`) and PDF (`pdf`) are extracted to a text view
//! that is itself the "original" (`bytes` = the view, a line = a line of
//! `gonghui text`), with [`SourceFile::origins`] naming the part and
//! paragraph of each line.

mod doc;
mod docx;
mod html;
mod mht;
mod pdf;

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

use encoding_rs::{BIG5, Encoding as RsEncoding, GB18030, UTF_16BE, UTF_16LE};

use crate::source_map::{LineIndex, SourceMap, SourceMapBuilder};

/// Inputs larger than this are refused rather than risk the machine's memory.
pub const MAX_INPUT_BYTES: u64 = 1 << 30;

/// File name endings read when a directory is walked. Files named on the
/// command line are always read.
const WALKED_EXTENSIONS: &[&str] = &[
    "txt", "text", "htm", "html", "xhtml", "shtml", "mht", "mhtml", "doc", "docx", "wps", "pdf",
];

/// What an input is, told by its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Plain text in any encoding [`decode`] reads.
    Text,
    /// A saved web page: its main text, mapped into the page's bytes.
    Html,
    /// A web archive (.mht): the page inside it.
    Mht,
    /// Word 2007+ (.docx).
    Docx,
    /// Word 97–2003 or WPS (.doc, .wps).
    Doc,
    /// PDF with a text layer.
    Pdf,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Html => "html",
            Format::Mht => "mht",
            Format::Docx => "docx",
            Format::Doc => "doc",
            Format::Pdf => "pdf",
        }
    }

    /// Whether [`SourceFile::bytes`] is an extracted text view rather than
    /// the file's own bytes.
    pub fn is_view(self) -> bool {
        matches!(self, Format::Mht | Format::Docx | Format::Doc | Format::Pdf)
    }
}

/// Where a stretch of the text view came from (Word, PDF, web archives):
/// `start..end` in the text (a line without its line break) and the place,
/// e.g. `word/document.xml paragraph 12`, `word/document.xml table 1 row 3`,
/// `page 2`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Origin {
    pub start: usize,
    pub end: usize,
    pub place: String,
}

/// The format of `bytes`, by content: a zip (Word .docx), an OLE compound
/// file (.doc/.wps), `%PDF`, a MIME web archive, markup of a web page —
/// else text. `name`'s extension decides only what content cannot (markup
/// fragments in a file named .htm).
pub fn sniff(name: &str, bytes: &[u8]) -> Format {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return Format::Docx;
    }
    if bytes.starts_with(&OLE_MAGIC) {
        return Format::Doc;
    }
    if bytes.starts_with(b"%PDF") {
        return Format::Pdf;
    }
    if find_ci_bytes(&bytes[..bytes.len().min(1024)], b"%PDF-").is_some()
        && !bytes.starts_with(b"\xEF\xBB\xBF")
    {
        let at = find_ci_bytes(bytes, b"%PDF-").unwrap_or(0);
        if at == 0
            || bytes[..at]
                .iter()
                .all(|b| !b.is_ascii_graphic() || *b == b'\0')
        {
            return Format::Pdf;
        }
    }
    if bytes.first().is_some_and(|b| b.is_ascii_alphabetic()) && mht::sniff(bytes) {
        return Format::Mht;
    }
    if html::sniff(bytes) {
        return Format::Html;
    }
    let ext = Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase());
    if matches!(ext.as_deref(), Some("htm" | "html" | "xhtml" | "shtml"))
        && bytes[..bytes.len().min(4096)].contains(&b'<')
        && find_ci_bytes(&bytes[..bytes.len().min(4096)], b"</").is_some()
    {
        return Format::Html;
    }
    Format::Text
}

const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Position of `needle` (lowercase ASCII) in `hay`, ignoring ASCII case.
pub(crate) fn find_ci_bytes(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

/// Reads bytes of any format into a [`SourceFile`] (see [`sniff`]).
pub fn read_bytes(name: &str, bytes: Vec<u8>) -> Result<SourceFile, ReadError> {
    match sniff(name, &bytes) {
        Format::Text => decode(name, bytes),
        Format::Html => html::read(name, bytes),
        Format::Mht => mht::read(name, &bytes),
        Format::Docx => docx::read(name, &bytes),
        Format::Doc => doc::read(name, &bytes),
        Format::Pdf => pdf::read(name, &bytes),
    }
}

/// A [`SourceFile`] whose original is the extracted text view itself.
fn view_source(
    name: &str,
    format: Format,
    text: String,
    origins: Vec<Origin>,
    warnings: Vec<ReadError>,
) -> SourceFile {
    let map = SourceMap::identity(0, text.len());
    let mut starts = vec![0u32];
    starts.extend(text.match_indices('\n').map(|(i, _)| (i + 1) as u32));
    SourceFile {
        name: name.to_string(),
        bytes: text.as_bytes().to_vec(),
        encoding: Encoding::Utf8,
        text,
        map,
        lines: LineIndex::from_starts(starts),
        segments: Vec::new(),
        replaced: 0,
        warnings,
        format,
        origins,
    }
}

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
    /// Big5 with the HKSCS additions (WHATWG Big5), traditional script.
    #[serde(rename = "big5")]
    Big5,
    /// Some lines UTF-8, some GB18030 (see [`SourceFile::segments`]).
    #[serde(rename = "mixed")]
    Mixed,
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
            Encoding::Big5 => "Big5",
            Encoding::Mixed => "UTF-8 and GB18030, by line",
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
            // Bad sequences read back as the decoder replaced them.
            Encoding::Gb18030 => gb18030_lossy_string(bytes),
            Encoding::Big5 => BIG5.decode_without_bom_handling(bytes).0.into_owned(),
            // Without the file's segments: UTF-8 if it is, else GB18030.
            Encoding::Mixed => match std::str::from_utf8(bytes) {
                Ok(s) => s.to_string(),
                Err(_) => gb18030_lossy_string(bytes),
            },
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
    /// For [`Encoding::Mixed`]: the stretches of whole lines and the
    /// encoding each was read in, in order, covering the file. Empty
    /// otherwise.
    pub segments: Vec<Segment>,
    /// Original bytes replaced by U+FFFD in `text`.
    pub replaced: usize,
    /// What was not read as it stands (bytes replaced, mixed encodings): the
    /// run reports these and goes on.
    pub warnings: Vec<ReadError>,
    /// What the input was. For [`Format::is_view`] formats `bytes` is the
    /// text view (UTF-8), spans are its offsets, lines its lines.
    pub format: Format,
    /// Where each line of a text view came from (part, paragraph, table
    /// row, page); empty for text and web pages, whose spans are the file's.
    pub origins: Vec<Origin>,
}

/// A stretch of whole lines of a mixed-encoding file, `start..end` in the
/// original bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub start: usize,
    pub end: usize,
    /// Read as GB18030 (else UTF-8).
    pub gbk: bool,
}

impl SourceFile {
    /// The original bytes of `span`, decoded: what a result's `text` is.
    pub fn span_text(&self, span: (usize, usize)) -> String {
        let raw = self.raw_span_text(span);
        if self.format == Format::Html {
            // A quote of a page reads as the page shows it.
            return html::fragment_text(&raw);
        }
        raw
    }

    /// The original bytes of `span` decoded, as they are.
    pub fn raw_span_text(&self, span: (usize, usize)) -> String {
        let (s, e) = (span.0.min(self.bytes.len()), span.1.min(self.bytes.len()));
        let e = e.max(s);
        if self.segments.is_empty() {
            return self.encoding.decode_span(&self.bytes[s..e]);
        }
        let mut out = String::new();
        for seg in &self.segments {
            let (a, b) = (s.max(seg.start), e.min(seg.end));
            if a < b {
                let part = &self.bytes[a..b];
                if seg.gbk {
                    out.push_str(&gb18030_lossy_string(part));
                } else {
                    out.push_str(&String::from_utf8_lossy(part));
                }
            }
        }
        out
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
                c.errors
                    .push(ReadError::new(p.display().to_string(), reason));
                continue;
            }
        };
        if meta.is_dir() {
            let before = c.inputs.len();
            c.walk(p);
            if c.inputs.len() == before {
                c.errors.push(ReadError::new(
                    p.display().to_string(),
                    format!("no .{} files found under it", WALKED_EXTENSIONS.join("/.")),
                ));
            }
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
                            format!("skipped: symlink loop back to {}", ancestor.display()),
                        ));
                    } else if e
                        .io_error()
                        .is_some_and(|io| io.kind() == std::io::ErrorKind::NotFound)
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
                        self.errors.push(ReadError::new(
                            path,
                            format!("cannot list or read: {reason}"),
                        ));
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
                Err(e) => self.errors.push(ReadError::new(
                    path.display().to_string(),
                    format!("cannot read: {e}"),
                )),
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
    read_bytes(&name, bytes)
}

/// Decodes bytes, never silently dropping text:
///
/// - a UTF-8 BOM, a UTF-16 BOM, or UTF-16 without one (by its zero bytes,
///   or by its code units being CJK text) decide the encoding;
/// - valid UTF-8 is UTF-8; text that is UTF-8 but for some bad bytes is
///   UTF-8 with each bad sequence replaced by U+FFFD, and a warning;
/// - a file whose lines are some UTF-8 and some GBK (pasted together) is
///   decoded line by line ([`Encoding::Mixed`]), with a warning;
/// - otherwise Big5 (HKSCS) when it reads as more common chars than GBK
///   (see `decode_big5`), else GB18030/GBK (bad sequences replaced, with a warning, when the
///   rest reads as Chinese), and only then what chardetng guesses: a
///   single-byte guess (windows-1252 …) is never taken for bytes that read
///   as Chinese in GB18030.
///
/// Binary data, Word and PDF files, and bytes no encoding fits are errors.
/// Warnings are in [`SourceFile::warnings`].
pub fn decode(name: &str, bytes: Vec<u8>) -> Result<SourceFile, ReadError> {
    let err = |reason: &str| ReadError::new(name, reason);
    // Other formats are read by `read_bytes`, never as text.
    if bytes.starts_with(b"PK\x03\x04") {
        return Err(err(
            "a Word .docx (zip) file, not plain text: read it with read_bytes",
        ));
    }
    if bytes.starts_with(&OLE_MAGIC) {
        return Err(err(
            "a Word .doc/.wps (OLE) file, not plain text: read it with read_bytes",
        ));
    }
    if bytes.starts_with(b"%PDF") {
        return Err(err("a PDF file, not plain text: read it with read_bytes"));
    }

    let d = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        let mut d = decode_utf8_lossy(rest, 3);
        d.encoding = Encoding::Utf8Bom;
        d
    } else if bytes.starts_with(b"\xFF\xFE") {
        decode_utf16(&bytes[2..], 2, true)
    } else if bytes.starts_with(b"\xFE\xFF") {
        decode_utf16(&bytes[2..], 2, false)
    } else if let Some(le) = bomless_utf16(&bytes) {
        decode_utf16(&bytes, 0, le)
    } else {
        match std::str::from_utf8(&bytes) {
            // Short GBK text can be valid UTF-8 by chance (篇1 is C6 AA 31:
            // "ƪ1"): UTF-8 that is not plainly UTF-8 and reads as Chinese
            // in GB18030 is GB18030.
            Ok(t) if !t.is_ascii()
                && !t.chars().any(plainly_utf8)
                && decode_gb18030(&bytes).is_some_and(|(g, _)| {
                    let (cjk, non_ascii) = cjk_share(&g);
                    cjk * 2 >= non_ascii
                }) =>
            {
                let (text, map) = decode_gb18030(&bytes).expect("checked");
                Decoding::plain(Encoding::Gb18030, text, map)
            }
            Ok(t) => Decoding::plain(Encoding::Utf8, t.to_string(), SourceMap::identity(0, t.len())),
            Err(e) if e.error_len().is_none() => {
                // Cut in the middle of the last char: keep what is whole.
                let text = std::str::from_utf8(&bytes[..e.valid_up_to()])
                    .expect("valid prefix")
                    .to_string();
                let map = SourceMap::identity(0, text.len());
                let mut d = Decoding::plain(Encoding::Utf8, text, map);
                d.dropped_tail = bytes.len() - e.valid_up_to();
                d
            }
            Err(_) => match bomless_utf16_cjk(&bytes) {
                Some(le) => decode_utf16(&bytes, 0, le),
                None => match decode_lines(&bytes) {
                    Some(d) => d,
                    None => decode_legacy(&bytes).ok_or_else(|| {
                        err("not valid UTF-8, UTF-16, GB18030/GBK or Big5 text (binary or unknown encoding)")
                    })?,
                },
            },
        }
    };
    if looks_binary(&d.text) {
        return Err(err("binary data (control characters), not text"));
    }
    let lines = line_index(&d.text, &d.map);
    let mut warnings = Vec::new();
    if d.replaced > 0 {
        let line = d.first_bad.map(|o| lines.line_of(o));
        warnings.push(ReadError {
            line,
            count: Some(d.replaced),
            ..ReadError::warning(
                name,
                format!(
                    "{} byte(s) are not valid {} and were replaced by U+FFFD{}",
                    d.replaced,
                    d.encoding.name(),
                    line.map(|l| format!(", the first on line {l}"))
                        .unwrap_or_default()
                ),
            )
        });
    }
    if d.dropped_tail > 0 {
        warnings.push(ReadError {
            line: Some(lines.line_count()),
            count: Some(d.dropped_tail),
            ..ReadError::warning(
                name,
                format!(
                    "the file ends in the middle of a character: its last {} byte(s) dropped",
                    d.dropped_tail
                ),
            )
        });
    }
    if let Some(note) = d.note {
        warnings.push(ReadError::warning(name, note));
    }
    Ok(SourceFile {
        name: name.to_string(),
        bytes,
        encoding: d.encoding,
        text: d.text,
        map: d.map,
        lines,
        segments: d.segments,
        replaced: d.replaced,
        warnings,
        format: Format::Text,
        origins: Vec::new(),
    })
}

/// What a decoder made of the bytes.
struct Decoding {
    encoding: Encoding,
    text: String,
    map: SourceMap,
    segments: Vec<Segment>,
    /// Bytes replaced by U+FFFD, and where the first was.
    replaced: usize,
    first_bad: Option<usize>,
    /// Bytes of an incomplete last char, dropped.
    dropped_tail: usize,
    note: Option<String>,
}

impl Decoding {
    fn plain(encoding: Encoding, text: String, map: SourceMap) -> Decoding {
        Decoding {
            encoding,
            text,
            map,
            segments: Vec::new(),
            replaced: 0,
            first_bad: None,
            dropped_tail: 0,
            note: None,
        }
    }
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

/// UTF-16 without a BOM whose text is mostly Chinese (so few zero bytes):
/// nearly every code unit is a CJK ideograph, CJK or full-width punctuation,
/// or ASCII (high byte zero), and at least half are ideographs. Returns
/// whether it is little-endian.
fn bomless_utf16_cjk(bytes: &[u8]) -> Option<bool> {
    if bytes.len() < 8 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let sample = &bytes[..bytes.len().min(8192)];
    let score = |le: bool| {
        let (mut texty, mut cjk, mut n) = (0usize, 0usize, 0usize);
        for c in sample.chunks_exact(2) {
            let u = if le {
                u16::from_le_bytes([c[0], c[1]])
            } else {
                u16::from_be_bytes([c[0], c[1]])
            };
            n += 1;
            match u {
                0x4E00..=0x9FFF => {
                    texty += 1;
                    cjk += 1;
                }
                0x3000..=0x303F | 0xFF00..=0xFFEF | 0x2010..=0x203F => texty += 1,
                0x09 | 0x0A | 0x0D | 0x20..=0x7E => texty += 1,
                _ => {}
            }
        }
        (texty * 100 >= n * 95 && cjk * 2 >= n, texty)
    };
    let (le_ok, le_score) = score(true);
    let (be_ok, be_score) = score(false);
    match (le_ok, be_ok) {
        (true, false) => Some(true),
        (false, true) => Some(false),
        (true, true) => Some(le_score >= be_score),
        _ => None,
    }
}

/// UTF-16 code units to text; unpaired surrogates (and an odd last byte)
/// become U+FFFD and are counted.
fn decode_utf16(bytes: &[u8], base: usize, le: bool) -> Decoding {
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
    let (mut replaced, mut first_bad) = (0, None);
    for r in char::decode_utf16(units) {
        let c = r.unwrap_or_else(|_| {
            replaced += 2;
            first_bad.get_or_insert(pos);
            '\u{FFFD}'
        });
        let olen = c.len_utf16() * 2;
        b.push_char(c.len_utf8(), pos, pos + olen);
        pos += olen;
        text.push(c);
    }
    if !bytes.len().is_multiple_of(2) {
        replaced += 1;
        first_bad.get_or_insert(pos);
        b.push_char(3, pos, pos + 1);
        text.push('\u{FFFD}');
    }
    let mut d = Decoding::plain(
        if le {
            Encoding::Utf16Le
        } else {
            Encoding::Utf16Be
        },
        text,
        b.finish(),
    );
    d.replaced = replaced;
    d.first_bad = first_bad;
    d
}

/// UTF-8 with each maximal invalid sequence replaced by one U+FFFD (as
/// `String::from_utf8_lossy` does, so spans read back the same).
fn decode_utf8_lossy(bytes: &[u8], base: usize) -> Decoding {
    let mut text = String::with_capacity(bytes.len() + 16);
    let mut b = SourceMapBuilder::new();
    let (replaced, first_bad) = push_utf8_lossy(bytes, base, &mut text, &mut b);
    let mut d = Decoding::plain(Encoding::Utf8, text, b.finish());
    d.replaced = replaced;
    d.first_bad = first_bad;
    d
}

fn push_utf8_lossy(
    bytes: &[u8],
    base: usize,
    text: &mut String,
    b: &mut SourceMapBuilder,
) -> (usize, Option<usize>) {
    let (mut pos, mut replaced, mut first_bad) = (base, 0, None);
    for chunk in bytes.utf8_chunks() {
        let v = chunk.valid();
        text.push_str(v);
        b.push_run(v.len(), pos);
        pos += v.len();
        let bad = chunk.invalid().len();
        if bad > 0 {
            text.push('\u{FFFD}');
            b.push_char(3, pos, pos + bad);
            first_bad.get_or_insert(pos);
            replaced += bad;
            pos += bad;
        }
    }
    (replaced, first_bad)
}

/// One GB18030 sequence at `i`: its length by its structure (1, 2 or 4
/// bytes, or 1 for a byte that starts none) and its char, if it is one.
fn gb18030_unit(bytes: &[u8], i: usize) -> (usize, Option<char>) {
    let b0 = bytes[i];
    if b0 < 0x80 {
        return (1, Some(b0 as char));
    }
    let at = |k: usize| bytes.get(i + k).copied();
    let len = if !(0x81..=0xFE).contains(&b0) {
        1
    } else if at(1).is_some_and(|b| (0x30..=0x39).contains(&b))
        && at(2).is_some_and(|b| (0x81..=0xFE).contains(&b))
        && at(3).is_some_and(|b| (0x30..=0x39).contains(&b))
    {
        4
    } else if at(1).is_some_and(|b| (0x40..=0x7E).contains(&b) || (0x80..=0xFE).contains(&b)) {
        2
    } else {
        1
    };
    // One byte: 0x80 is the euro sign in GB18030; the rest start nothing.
    let c = GB18030
        .decode_without_bom_handling_and_without_replacement(&bytes[i..i + len])
        .and_then(|s| {
            let mut cs = s.chars();
            match (cs.next(), cs.next()) {
                (Some(c), None) => Some(c),
                _ => None,
            }
        });
    (len, c)
}

/// GB18030 sequence by sequence: each bad one becomes U+FFFD. Returns the
/// replaced byte count and the first bad offset.
fn push_gb18030_lossy(
    bytes: &[u8],
    base: usize,
    text: &mut String,
    b: &mut SourceMapBuilder,
) -> (usize, Option<usize>) {
    let (mut i, mut replaced, mut first_bad) = (0, 0, None);
    while i < bytes.len() {
        let (len, c) = gb18030_unit(bytes, i);
        let c = c.unwrap_or_else(|| {
            replaced += len;
            first_bad.get_or_insert(base + i);
            '\u{FFFD}'
        });
        text.push(c);
        b.push_char(c.len_utf8(), base + i, base + i + len);
        i += len;
    }
    (replaced, first_bad)
}

/// `bytes` decoded as GB18030 the way [`push_gb18030_lossy`] does.
fn gb18030_lossy_string(bytes: &[u8]) -> String {
    if let Some(s) = GB18030.decode_without_bom_handling_and_without_replacement(bytes) {
        return s.into_owned();
    }
    let mut text = String::new();
    let mut b = SourceMapBuilder::new();
    push_gb18030_lossy(bytes, 0, &mut text, &mut b);
    text
}

/// Chars that make valid UTF-8 plainly UTF-8: Chinese, and the accented
/// Latin and Russian letters real text has (GBK read as UTF-8 by chance
/// gives rarer letters: 篇 is "ƪ", 一千 is "һǧ").
fn plainly_utf8(c: char) -> bool {
    is_cjk(c) || matches!(c as u32, 0xA0..=0x17F | 0x400..=0x45F)
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x4E00..=0x9FFF | 0x3000..=0x303F | 0xFF00..=0xFFEF)
}

/// How much of the text is Chinese: (CJK ideographs and punctuation, all
/// non-ASCII chars).
fn cjk_share(text: &str) -> (usize, usize) {
    let mut cjk = 0;
    let mut non_ascii = 0;
    for c in text.chars().filter(|c| !c.is_ascii()) {
        non_ascii += 1;
        cjk += is_cjk(c) as usize;
    }
    (cjk, non_ascii)
}

/// A file that is not valid UTF-8 as a whole, read line by line: a line that
/// is valid UTF-8, or UTF-8 but for a few bad bytes, is read as UTF-8; a line
/// mostly invalid as UTF-8 is read as GB18030. `None` when no line has
/// UTF-8 text (the file is in a legacy encoding).
fn decode_lines(bytes: &[u8]) -> Option<Decoding> {
    #[derive(Clone, Copy, PartialEq)]
    enum Kind {
        Utf8,
        Gbk,
    }
    let mut kinds = Vec::new();
    let (mut utf8_non_ascii, mut gbk_non_ascii) = (0usize, 0usize);
    for line in bytes.split_inclusive(|&b| b == b'\n') {
        let non_ascii = line.iter().filter(|b| !b.is_ascii()).count();
        let kind = if let Ok(t) = std::str::from_utf8(line) {
            // Valid UTF-8 by chance (篇 in GBK is "ƪ" in UTF-8): a line
            // not plainly UTF-8 that reads as Chinese in GB18030 is GBK.
            let gbk_by_chance = !t.is_ascii()
                && !t.chars().any(plainly_utf8)
                && GB18030
                    .decode_without_bom_handling_and_without_replacement(line)
                    .is_some_and(|g| {
                        let (cjk, non_ascii) = cjk_share(&g);
                        cjk * 2 >= non_ascii
                    });
            if gbk_by_chance { Kind::Gbk } else { Kind::Utf8 }
        } else {
            let bad: usize = line.utf8_chunks().map(|c| c.invalid().len()).sum();
            // A stray byte or two in UTF-8 text, or GBK (which is almost
            // never valid UTF-8); a damaged line goes to the encoding that
            // replaces fewer of its bytes.
            let gb_ok = GB18030
                .decode_without_bom_handling_and_without_replacement(line)
                .is_some();
            // GBK can be mostly valid two-byte UTF-8 by chance (一千元 is
            // "һǧԪ"): a stray byte in UTF-8 is in Chinese UTF-8 text. GBK
            // can also hold a three-byte UTF-8 ideograph by chance (伍，为 is
            // "\u{FFFD}飬Ϊ"), with two-byte chance chars around it (Greek,
            // Cyrillic, Latin extended: U+0100..U+07FF); Chinese UTF-8 text
            // has its ideographs far outnumber such chars.
            let utf8_chinese = || {
                let lossy = String::from_utf8_lossy(line);
                let cjk = lossy.chars().filter(|&c| is_cjk(c)).count();
                let by_chance = lossy
                    .chars()
                    .filter(|&c| matches!(c as u32, 0x100..=0x7FF))
                    .count();
                cjk > 0 && by_chance * 4 < cjk
            };
            if bad * 4 < non_ascii && (!gb_ok || utf8_chinese()) {
                Kind::Utf8
            } else if gb_ok {
                Kind::Gbk
            } else {
                let mut t = String::new();
                let mut b = SourceMapBuilder::new();
                let (gb_bad, _) = push_gb18030_lossy(line, 0, &mut t, &mut b);
                if bad <= gb_bad { Kind::Utf8 } else { Kind::Gbk }
            }
        };
        match kind {
            Kind::Utf8 => utf8_non_ascii += non_ascii,
            Kind::Gbk => gbk_non_ascii += non_ascii,
        }
        kinds.push((line.len(), kind));
    }
    // UTF-8 evidence must be real: a GBK file with a line that happens to be
    // valid UTF-8 stays GBK (a twentieth of its non-ASCII bytes or less).
    if utf8_non_ascii == 0 || utf8_non_ascii * 20 < gbk_non_ascii {
        return None;
    }
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 2);
    let mut b = SourceMapBuilder::new();
    let mut segments: Vec<Segment> = Vec::new();
    let (mut replaced, mut first_bad) = (0, None);
    let mut pos = 0;
    let (mut n_utf8, mut n_gbk) = (0, 0);
    for (len, kind) in kinds {
        let line = &bytes[pos..pos + len];
        let (r, f) = match kind {
            Kind::Utf8 => {
                n_utf8 += 1;
                push_utf8_lossy(line, pos, &mut text, &mut b)
            }
            Kind::Gbk => {
                n_gbk += 1;
                push_gb18030_lossy(line, pos, &mut text, &mut b)
            }
        };
        replaced += r;
        if first_bad.is_none() {
            first_bad = f;
        }
        let gbk = kind == Kind::Gbk;
        match segments.last_mut() {
            Some(s) if s.gbk == gbk => s.end = pos + len,
            _ => segments.push(Segment {
                start: pos,
                end: pos + len,
                gbk,
            }),
        }
        pos += len;
    }
    let mixed = n_gbk > 0;
    let mut d = Decoding::plain(
        if mixed {
            Encoding::Mixed
        } else {
            Encoding::Utf8
        },
        text,
        b.finish(),
    );
    d.replaced = replaced;
    d.first_bad = first_bad;
    if mixed {
        d.segments = segments;
        d.note = Some(format!(
            "mixed encodings, decoded line by line: {n_utf8} line(s) UTF-8, {n_gbk} line(s) GB18030"
        ));
    }
    Some(d)
}

/// Legacy (non-Unicode) encodings: GB18030 first, as union documents are
/// Chinese; GB18030 with bad sequences replaced when the rest reads as
/// Chinese; otherwise chardetng's guess, which must decode without errors
/// and, when it is a single-byte encoding, must not be Chinese text read
/// as Latin.
fn decode_legacy(bytes: &[u8]) -> Option<Decoding> {
    if let Some(d) = decode_big5(bytes) {
        return Some(d);
    }
    if let Some((t, m)) = decode_gb18030(bytes) {
        return Some(Decoding::plain(Encoding::Gb18030, t, m));
    }
    let mut text = String::with_capacity(bytes.len() * 3 / 2);
    let mut b = SourceMapBuilder::new();
    let (replaced, first_bad) = push_gb18030_lossy(bytes, 0, &mut text, &mut b);
    let (cjk, non_ascii) = cjk_share(&text);
    let gb = move || {
        let mut d = Decoding::plain(Encoding::Gb18030, text, b.finish());
        d.replaced = replaced;
        d.first_bad = first_bad;
        d
    };
    let non_ascii_bytes = bytes.iter().filter(|b| !b.is_ascii()).count().max(1);
    // Chinese with some damage: most non-ASCII bytes decode, as CJK.
    if replaced * 5 <= non_ascii_bytes && cjk * 2 >= non_ascii {
        return Some(gb());
    }
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(bytes, true);
    let enc = det.guess(None, chardetng::Utf8Detection::Deny);
    if enc == GB18030 || enc == encoding_rs::GBK {
        return (cjk * 2 >= non_ascii).then(gb);
    }
    if enc.is_single_byte() && cjk * 10 >= non_ascii * 3 {
        // Reads as Chinese in GB18030: never taken as Latin.
        return Some(gb());
    }
    let guessed = enc.decode_without_bom_handling_and_without_replacement(bytes)?;
    let guessed = guessed.into_owned();
    // Per-char lengths are found by encoding each char back.
    let mut b = SourceMapBuilder::new();
    let mut pos = 0;
    let mut encoder = enc.new_encoder();
    for c in guessed.chars() {
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
    Some(Decoding::plain(
        Encoding::Other(enc.name()),
        guessed,
        b.finish(),
    ))
}

/// Big5 (with HKSCS) when it reads better than GBK. Nearly every Big5 byte
/// pair is also a GBK pair, so both decode; each encoding's table of common
/// chars tells them apart: Chinese in GBK keeps to GB2312 (lead 0xA1–0xF7,
/// trail 0xA1–0xFE), while Big5 read as GBK puts a third of its pairs outside
/// it (Big5 trails 0x40–0x7E); Big5 text keeps to Big5's symbols and common
/// chars (0xA140–0xC67E, 常用國字), which GBK text leaves in half its pairs.
/// `None` unless Big5 decodes without errors and wins.
fn decode_big5(bytes: &[u8]) -> Option<Decoding> {
    let (mut pairs, mut gb_common, mut big5_common) = (0usize, 0usize, 0usize);
    let mut i = 0;
    while i < bytes.len() {
        let lead = bytes[i];
        if lead < 0x80 {
            i += 1;
            continue;
        }
        let trail = *bytes.get(i + 1)?;
        pairs += 1;
        gb_common += ((0xA1..=0xF7).contains(&lead) && (0xA1..=0xFE).contains(&trail)) as usize;
        big5_common += ((0xA1..=0xC5).contains(&lead) || (lead == 0xC6 && trail <= 0x7E)) as usize;
        i += 2;
    }
    // GBK text is nearly all GB2312; Big5 must be clearly more common.
    if pairs == 0 || gb_common * 10 >= pairs * 9 || big5_common <= gb_common {
        return None;
    }
    let text = BIG5
        .decode_without_bom_handling_and_without_replacement(bytes)?
        .into_owned();
    // One byte below 0x80, else two; four HKSCS pairs decode to a letter and
    // a combining mark (Ê̄): the mark stands for no bytes of its own.
    let mut b = SourceMapBuilder::new();
    let mut pos = 0;
    let mut prev_pair_end = None;
    for c in text.chars() {
        if matches!(c, '\u{0304}' | '\u{030C}') && prev_pair_end == Some(pos) {
            b.push_char(c.len_utf8(), pos, pos);
            prev_pair_end = None;
            continue;
        }
        let olen = if *bytes.get(pos)? < 0x80 { 1 } else { 2 };
        b.push_char(c.len_utf8(), pos, pos + olen);
        pos += olen;
        prev_pair_end = (olen == 2 && matches!(c, '\u{00CA}' | '\u{00EA}')).then_some(pos);
    }
    (pos == bytes.len()).then(|| Decoding::plain(Encoding::Big5, text, b.finish()))
}

fn decode_gb18030(bytes: &[u8]) -> Option<(String, SourceMap)> {
    let text = GB18030
        .decode_without_bom_handling_and_without_replacement(bytes)?
        .into_owned();
    // GB18030 sequences are 1, 2 or 4 bytes, told apart by their first two
    // bytes (0x80 alone is the euro sign); each decodes to exactly one char.
    let mut b = SourceMapBuilder::new();
    let mut pos = 0;
    for c in text.chars() {
        let lead = *bytes.get(pos)?;
        let olen = if lead <= 0x80 {
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

    /// Every char of the text reads back from its span (replacement chars
    /// from the bytes they replaced).
    fn all_chars_read_back(sf: &SourceFile) {
        for (i, c) in sf.text.char_indices() {
            let span = sf.map.orig_span(i, i + c.len_utf8());
            assert_eq!(sf.span_text(span), c.to_string(), "char {i} {c:?} {span:?}");
        }
        let line_ends = sf.text.matches('\n').count();
        assert_eq!(sf.lines.line_count(), line_ends + 1);
    }

    const PLAN36: &str = "县总工会2018年工作计划\n一、加强组织建设\n全年发展会员200名，入会率达到95%以上。\n二、做好困难帮扶\n发放帮扶资金不少于100万元，慰问困难职工72名。\n";

    #[test]
    fn a_stray_byte_in_utf8_is_replaced_and_reported() {
        let mut b = PLAN36.as_bytes().to_vec();
        let at = PLAN36.find("二、").unwrap();
        b.insert(at, 0xFF);
        let sf = decode("stray.txt", b).unwrap();
        assert_eq!(sf.encoding, Encoding::Utf8);
        assert_eq!(sf.text, PLAN36.replacen("二、", "\u{FFFD}二、", 1));
        assert_eq!(sf.warnings.len(), 1, "{:?}", sf.warnings);
        let w = &sf.warnings[0];
        assert!(w.is_warning());
        assert_eq!(
            (w.file.as_str(), w.line, w.count),
            ("stray.txt", Some(4), Some(1))
        );
        assert!(w.to_string().contains("stray.txt:4"), "{w}");
        all_chars_read_back(&sf);
        roundtrip(&sf, "100万元");
        roundtrip(&sf, "县总工会2018年工作计划");
        // A few more scattered bad bytes: still UTF-8.
        let mut b = PLAN36.as_bytes().to_vec();
        for (k, at) in [10, 40, 80].into_iter().enumerate() {
            let at = (at..).find(|&i| PLAN36.is_char_boundary(i)).unwrap() + k;
            b.insert(at, 0x80 + k as u8);
        }
        let sf = decode("s3", b).unwrap();
        assert_eq!(sf.encoding, Encoding::Utf8);
        assert_eq!(sf.warnings[0].count, Some(3));
        all_chars_read_back(&sf);
    }

    #[test]
    fn utf8_and_gbk_lines_are_decoded_line_by_line() {
        let first = "县总工会2018年工作总结\n全年发放帮扶资金134.1911万元。\n";
        let second = "二、做好困难帮扶\n慰问困难职工72名。\n";
        let mut b = first.as_bytes().to_vec();
        b.extend_from_slice(&GB18030.encode(second).0);
        b.extend_from_slice("三、文体活动\n举办比赛3场。\n".as_bytes());
        let sf = decode("mixed.txt", b).unwrap();
        assert_eq!(sf.encoding, Encoding::Mixed);
        assert_eq!(
            sf.text,
            format!("{first}{second}三、文体活动\n举办比赛3场。\n")
        );
        assert_eq!(sf.segments.len(), 3);
        assert!(
            sf.warnings
                .iter()
                .any(|w| w.reason.contains("line by line"))
        );
        assert_eq!(sf.replaced, 0);
        all_chars_read_back(&sf);
        roundtrip(&sf, "72名");
        roundtrip(&sf, "元。\n二、做好");
        let i = sf.text.find("慰问").unwrap();
        assert_eq!(sf.lines.line_of(sf.map.orig_start(i)), 4);
    }

    #[test]
    fn short_gbk_that_is_valid_utf8_by_chance_is_gbk() {
        // Found by the property tests: 篇1 in GBK is C6 AA 31, "ƪ1" in UTF-8.
        let (bytes, _, _) = GB18030.encode("篇1\n");
        let sf = decode("p", bytes.into_owned()).unwrap();
        assert_eq!(sf.encoding, Encoding::Gb18030);
        assert_eq!(sf.text, "篇1\n");
        // Latin text in UTF-8 stays UTF-8.
        for latin in ["Café déjà vu\n", "Привет\n"] {
            let sf = decode("l", latin.as_bytes().to_vec()).unwrap();
            assert_eq!(sf.encoding, Encoding::Utf8, "{latin}");
        }
    }

    #[test]
    fn short_gbk_holding_a_utf8_ideograph_by_chance_is_gbk() {
        // Found by the property tests: 伍，为 in GBK is CE E9 A3 AC CE AA,
        // a stray CE, then 飬 and Ϊ in UTF-8.
        let (bytes, _, _) = GB18030.encode("伍，为\n");
        let sf = decode("p", bytes.into_owned()).unwrap();
        assert_eq!(sf.text, "伍，为\n");
        // Chinese UTF-8 with a stray byte stays UTF-8.
        let mut b = "县总工会发放慰问金".as_bytes().to_vec();
        b.insert(6, 0xCE);
        let sf = decode("u", b).unwrap();
        assert_eq!(sf.encoding, Encoding::Utf8);
        assert_eq!(sf.text, "县总\u{FFFD}工会发放慰问金");
    }

    #[test]
    fn the_euro_byte_of_gb18030_maps_exactly() {
        // Found by the pipeline fuzz target: 0x80 alone is "€" in GB18030,
        // one byte, not the lead of a pair; spans after it were off by one.
        let mut b = GB18030.encode("县总工会工作计划").0.into_owned();
        b.push(0x80);
        b.extend_from_slice(&GB18030.encode("\n发放资金100万元。\n").0);
        let sf = decode("euro", b).unwrap();
        assert_eq!(sf.encoding, Encoding::Gb18030);
        assert_eq!(sf.text, "县总工会工作计划€\n发放资金100万元。\n");
        all_chars_read_back(&sf);
        roundtrip(&sf, "100万元");
        let clean = crate::clean::clean(&sf);
        let i = clean.text.find("100万元").unwrap();
        let span = clean.orig_span(i, i + "100万元".len());
        assert_eq!(sf.span_text(span), "100万元");
    }

    #[test]
    fn big5_is_told_from_gbk_and_spans_read_back() {
        let trad = "縣總工會2018年工作總結\r\n籌集資金4033.04萬元，幫扶困難職工28150人次。\n";
        let (bytes, _, bad) = BIG5.encode(trad);
        assert!(!bad);
        let sf = decode("b", bytes.into_owned()).unwrap();
        assert_eq!(sf.encoding, Encoding::Big5);
        assert_eq!(sf.text, trad);
        assert!(sf.warnings.is_empty());
        roundtrip(&sf, "4033.04萬元");
        roundtrip(&sf, "工作總結\r\n籌集");
        all_chars_read_back(&sf);
        // HKSCS: a pair that decodes to a letter and a combining mark.
        let mut b = BIG5.encode(trad).0.into_owned();
        b.extend_from_slice(&[0x88, 0x62, b'\n']);
        let sf = decode("h", b).unwrap();
        assert_eq!(sf.encoding, Encoding::Big5);
        roundtrip(&sf, "\u{00CA}\u{0304}");
        // Simplified GBK stays GBK.
        let (bytes, _, _) = GB18030.encode(PLAN36);
        assert_eq!(
            decode("g", bytes.into_owned()).unwrap().encoding,
            Encoding::Gb18030
        );
    }

    #[test]
    fn a_gbk_file_stays_gbk() {
        let (bytes, _, _) = GB18030.encode(PLAN36);
        let sf = decode("g", bytes.into_owned()).unwrap();
        assert_eq!(sf.encoding, Encoding::Gb18030);
        assert!(sf.warnings.is_empty());
    }

    #[test]
    fn damaged_gbk_is_read_as_gbk_not_latin() {
        let (bytes, _, _) = GB18030.encode(PLAN36);
        let mut b = bytes.into_owned();
        b.insert(20, 0xFF);
        b.extend_from_slice(&[0x81, 0x20]);
        let sf = decode("dg", b).unwrap();
        assert_eq!(sf.encoding, Encoding::Gb18030);
        assert!(sf.text.contains("发放帮扶资金不少于100万元"), "{}", sf.text);
        assert_eq!(sf.warnings[0].count, Some(2));
        all_chars_read_back(&sf);
    }

    #[test]
    fn utf16_without_bom_and_without_ascii_is_detected() {
        let text = "县总工会工作计划。加强组织建设，做好困难帮扶，慰问困难职工。";
        for le in [true, false] {
            let bytes: Vec<u8> = text
                .encode_utf16()
                .flat_map(|u| if le { u.to_le_bytes() } else { u.to_be_bytes() })
                .collect();
            let sf = decode("u16", bytes).unwrap();
            assert_eq!(
                sf.encoding,
                if le {
                    Encoding::Utf16Le
                } else {
                    Encoding::Utf16Be
                }
            );
            assert_eq!(sf.text, text);
            all_chars_read_back(&sf);
        }
        // With line breaks and figures.
        let bytes: Vec<u8> = PLAN36
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        let sf = decode("u16", bytes).unwrap();
        assert_eq!(sf.text, PLAN36);
    }

    #[test]
    fn unpaired_surrogates_and_odd_bytes_in_utf16_are_replaced() {
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(PLAN36.encode_utf16().flat_map(|u| u.to_le_bytes()));
        bytes.splice(10..10, [0x00, 0xD8]);
        bytes.push(0x41);
        let sf = decode("u", bytes).unwrap();
        assert_eq!(sf.encoding, Encoding::Utf16Le);
        assert_eq!(sf.replaced, 3);
        all_chars_read_back(&sf);
    }

    #[test]
    fn truncated_utf8_keeps_the_whole_chars() {
        let mut b = "工会工作".as_bytes().to_vec();
        b.extend_from_slice(&"计".as_bytes()[..2]);
        let sf = decode("t", b).unwrap();
        assert_eq!(sf.text, "工会工作");
        assert_eq!(sf.warnings.len(), 1);
        assert_eq!(sf.warnings[0].count, Some(2));
    }
}
