//! Cleaning: decoded text → normalised text for analysis, with a source map
//! back to the original file's bytes.
//!
//! Normalisation folds full-width ASCII (digits, letters, punctuation) to
//! half-width and ideographic/no-break spaces to plain spaces, drops CRs and
//! trims lines. Blank lines are dropped: the cleaned text is one logical line
//! (paragraph) per `\n`.

use crate::read::SourceFile;
use crate::source_map::{SourceMap, SourceMapBuilder};

/// One line of the cleaned text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CleanLine {
    /// Byte range in the cleaned text, without the trailing `\n`.
    pub start: usize,
    pub end: usize,
}

/// The cleaned text of one file.
#[derive(Debug, Clone)]
pub struct CleanText {
    pub text: String,
    /// Cleaned byte offset → original byte offset.
    pub map: SourceMap,
    pub lines: Vec<CleanLine>,
}

impl CleanText {
    /// Original byte span of a cleaned range.
    pub fn orig_span(&self, start: usize, end: usize) -> (usize, usize) {
        self.map.orig_span(start, end)
    }

    /// The text of one cleaned line.
    pub fn line_text(&self, l: &CleanLine) -> &str {
        &self.text[l.start..l.end]
    }

    /// Index of the cleaned line holding byte `offset`.
    pub fn line_index_at(&self, offset: usize) -> usize {
        match self.lines.binary_search_by(|l| l.start.cmp(&offset)) {
            Ok(i) => i,
            Err(0) => 0,
            Err(i) => i - 1,
        }
    }

    /// A cleaned text made from plain text as it is (no source file): for
    /// tests and for callers that analyse strings.
    pub fn from_plain(text: &str) -> CleanText {
        let sf = crate::read::decode("<text>", text.as_bytes().to_vec()).unwrap_or_else(|_| {
            crate::read::decode("<text>", Vec::new()).expect("empty input decodes")
        });
        clean(&sf)
    }
}

/// Folds one char for analysis; `None` drops it.
pub fn fold_char(c: char) -> Option<char> {
    match c {
        '\r' => None,
        '\u{3000}' | '\u{00A0}' | '\u{2002}'..='\u{200A}' | '\u{202F}' | '\t' => Some(' '),
        '\u{200B}'..='\u{200D}' | '\u{FEFF}' => None,
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFF01 + 0x21),
        _ => Some(c),
    }
}

/// Cleans a decoded file.
pub fn clean(src: &SourceFile) -> CleanText {
    let mut text = String::with_capacity(src.text.len());
    let mut map = SourceMapBuilder::new();
    let mut lines = Vec::new();
    let mut pos = 0;
    for raw in src.text.split_inclusive('\n') {
        let line_start = pos;
        pos += raw.len();
        let body = raw.trim_end_matches(['\n', '\r']);
        let start = text.len();
        let mut pending_space: Option<(usize, usize)> = None;
        for (i, c) in body.char_indices() {
            let Some(f) = fold_char(c) else { continue };
            let d_start = line_start + i;
            let d_end = d_start + c.len_utf8();
            if f == ' ' {
                // Spaces are kept only between other chars, one for a run.
                if text.len() > start && pending_space.is_none() {
                    pending_space = Some((d_start, d_end));
                }
                continue;
            }
            if let Some((s, e)) = pending_space.take() {
                push(&mut text, &mut map, &src.map, ' ', s, e);
            }
            push(&mut text, &mut map, &src.map, f, d_start, d_end);
        }
        if text.len() > start {
            lines.push(CleanLine {
                start,
                end: text.len(),
            });
            let nl = line_start + body.len();
            if nl < pos {
                push(&mut text, &mut map, &src.map, '\n', nl, nl + 1);
            } else {
                // Last line without a newline: the `\n` stands for nothing.
                text.push('\n');
                let e = src.map.orig_end(nl);
                map.push_char(1, e, e);
            }
        }
    }
    CleanText {
        text,
        map: map.finish(),
        lines,
    }
}

/// Appends char `c`, which stands for the decoded range `d_start..d_end`.
fn push(
    text: &mut String,
    map: &mut SourceMapBuilder,
    decoded: &SourceMap,
    c: char,
    d_start: usize,
    d_end: usize,
) {
    let (os, oe) = decoded.orig_span(d_start, d_end);
    map.push_char(c.len_utf8(), os, oe);
    text.push(c);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::decode;

    #[test]
    fn folds_width_and_maps_back() {
        let raw = "　一、２０１８年发放１３４．１９万元\r\n\r\n（一）慰问\n";
        let sf = decode("t", raw.as_bytes().to_vec()).unwrap();
        let ct = clean(&sf);
        assert_eq!(ct.text, "一、2018年发放134.19万元\n(一)慰问\n");
        assert_eq!(ct.lines.len(), 2);
        let i = ct.text.find("134.19万元").unwrap();
        let span = ct.orig_span(i, i + "134.19万元".len());
        assert_eq!(sf.span_text(span), "１３４．１９万元");
        let j = ct.text.find("(一)").unwrap();
        assert_eq!(sf.lines.line_of(ct.map.orig_start(j)), 3);
    }
}
