//! Cleaning: decoded text → normalised text for analysis, with a source map
//! back to the original file's bytes.
//!
//! Normalisation folds full-width ASCII (digits, letters, punctuation) to
//! half-width and ideographic/no-break spaces to plain spaces, drops CRs and
//! trims lines. Blank lines are dropped: the cleaned text is one logical line
//! (paragraph) per `\n`.
//!
//! Scraping noise (breadcrumbs, site blurbs, related-link lists, download
//! notices, page counters, posting stamps, image names, letter-spaced junk) is
//! dropped and recorded in [`CleanText::dropped`]; paragraphs broken in the
//! middle of a sentence are rejoined. Every char of the cleaned text still
//! maps to its own original bytes.
//!
//! The work is three linear passes: fold and judge each line, decide link
//! lists and joins over the line records, then emit the kept text with its
//! map.

mod join;
mod noise;
pub mod script;

use std::sync::OnceLock;

use crate::dict::Dictionaries;
use crate::read::{Encoding, SourceFile};
use crate::source_map::{SourceMap, SourceMapBuilder};

pub use noise::NoiseKind;

use join::{LineShape, should_join};
use noise::{Cut, NoiseRules, Verdict};

/// One line of the cleaned text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CleanLine {
    /// Byte range in the cleaned text, without the trailing `\n`.
    pub start: usize,
    pub end: usize,
}

/// Something the cleaning dropped: a whole line or a part of one.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Dropped {
    /// Byte span in the original file (line breaks not included).
    pub orig_span: (usize, usize),
    /// 1-based line of the original file where it starts.
    pub line: usize,
    pub reason: NoiseKind,
    /// False when only a part of the line was cut (a blurb sentence, an
    /// inline page counter).
    pub whole_line: bool,
}

/// The cleaned text of one file.
#[derive(Debug, Clone)]
pub struct CleanText {
    pub text: String,
    /// Cleaned byte offset → original byte offset.
    pub map: SourceMap,
    pub lines: Vec<CleanLine>,
    /// What was dropped as noise, in file order.
    pub dropped: Vec<Dropped>,
    /// Cleaned byte offsets where a line break inside a sentence was removed
    /// (two original lines meet there).
    pub joins: Vec<usize>,
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
        '\u{3000}'
        | '\u{00A0}'
        | '\u{2002}'..='\u{200A}'
        | '\u{202F}'
        | '\t'
        | '\u{000B}'
        | '\u{000C}'
        | '\u{0085}'
        | '\u{2028}'
        | '\u{2029}' => Some(' '),
        '\u{200B}'..='\u{200D}' | '\u{FEFF}' | '\u{2060}' => None,
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFF01 + 0x21),
        _ => Some(c),
    }
}

/// The cleaning stage with its noise rules and regional words.
#[derive(Debug, Clone)]
pub struct Cleaner {
    rules: NoiseRules,
    regional: script::Regional,
}

impl Cleaner {
    /// Rules from `noise.txt` of `dicts` (so `--dict-dir` can extend them).
    pub fn new(dicts: &Dictionaries) -> Cleaner {
        Cleaner {
            rules: NoiseRules::new(dicts),
            regional: script::Regional::new(dicts),
        }
    }

    /// The cleaner of the embedded dictionaries, built once.
    pub fn embedded() -> &'static Cleaner {
        static CLEANER: OnceLock<Cleaner> = OnceLock::new();
        CLEANER.get_or_init(|| Cleaner::new(&Dictionaries::embedded()))
    }

    /// Entries of `noise.txt` that name no known kind.
    pub fn unknown_entries(&self) -> &[String] {
        &self.rules.unknown
    }

    /// Cleans a decoded file. Text in traditional script is converted to
    /// simplified first ([`script`]); the map still leads to the original
    /// (traditional) bytes.
    pub fn clean(&self, src: &SourceFile) -> CleanText {
        let simplified = script::is_traditional(&src.text)
            .then(|| script::simplify(&src.text, &src.map, &self.regional))
            .flatten();
        let mut dec = match &simplified {
            Some(s) => Decoded::converted(src, &s.text, &s.map),
            None => Decoded::of(src),
        };
        let text = dec.text;
        let mut recs = self.judge_lines(text);
        mark_link_lists(&mut recs);
        mark_joins(&mut recs);
        emit(src, text, &mut dec, &recs)
    }

    /// Pass 1: fold and judge every non-blank line. A line that runs
    /// several paragraphs together (a page or a data set flattened, its
    /// paragraphs parted only by runs of spaces) is judged as those
    /// paragraphs, each run standing for a line break.
    fn judge_lines(&self, text: &str) -> Vec<LineRec> {
        let mut recs = Vec::new();
        let mut buf = String::new();
        let mut pos = 0;
        for raw in text.split_inclusive('\n') {
            let line_start = pos;
            pos += raw.len();
            let whole = raw.trim_end_matches(['\n', '\r']);
            if whole.is_empty() {
                continue;
            }
            let end_nl = raw
                .ends_with('\n')
                .then(|| (line_start + raw.len() - 1, line_start + raw.len()));
            let mut from = 0;
            for (a, b) in paragraph_breaks(whole) {
                let nl = Some((line_start + a, line_start + b));
                self.judge_line(&whole[from..a], line_start + from, nl, &mut buf, &mut recs);
                from = b;
            }
            self.judge_line(
                &whole[from..],
                line_start + from,
                end_nl,
                &mut buf,
                &mut recs,
            );
        }
        recs
    }

    /// Judges one line (or one paragraph of a flattened line) starting at
    /// decoded offset `line_start`; `newline` is the decoded range that
    /// ends it.
    fn judge_line(
        &self,
        body: &str,
        line_start: usize,
        newline: Option<(usize, usize)>,
        buf: &mut String,
        recs: &mut Vec<LineRec>,
    ) {
        if body.is_empty() {
            return;
        }
        // A line with nothing to fold is judged as it stands, and later
        // copied as it stands.
        let bb = body.as_bytes();
        let plain = !(0..bb.len()).any(|i| needs_fold(bb, i));
        buf.clear();
        let mut first = usize::MAX;
        let mut last_end = 0;
        if plain {
            first = 0;
            last_end = body.len();
        } else {
            fold_line_runs(body, |p| {
                let (s, e) = match p {
                    Piece::Run(s, e) => {
                        buf.push_str(&body[s..e]);
                        (s, e)
                    }
                    Piece::Char(c, s, e) => {
                        buf.push(c);
                        (s, e)
                    }
                };
                first = first.min(s);
                last_end = e;
            });
        }
        let folded: &str = if plain { body } else { buf.as_str() };
        if folded.is_empty() {
            return;
        }
        let (drop, cuts, shape) = match self.rules.classify(folded) {
            Verdict::Drop(k) => (Some(k), Vec::new(), LineShape::default()),
            Verdict::Keep(cuts) => {
                let shape = if cuts.is_empty() {
                    LineShape::of(folded)
                } else {
                    LineShape::of(&apply_cuts(folded, &cuts))
                };
                (None, cuts, shape)
            }
        };
        recs.push(LineRec {
            body: (line_start, line_start + body.len()),
            trimmed: (line_start + first, line_start + last_end),
            newline,
            drop,
            cuts,
            shape,
            plain,
            join_next: false,
        });
    }
}

/// A line longer than this may be several paragraphs run together.
const FLAT_LINE_BYTES: usize = 1500;
/// Least paragraph breaks that show a line is flattened text.
const FLAT_MIN_BREAKS: usize = 3;

/// The runs of two or more spaces (ASCII, ideographic, no-break, tabs), or
/// of one ideographic space, that part the paragraphs of a flattened line,
/// as byte ranges; none for an ordinary line.
fn paragraph_breaks(line: &str) -> Vec<(usize, usize)> {
    if line.len() < FLAT_LINE_BYTES {
        return Vec::new();
    }
    let is_space = |c: char| matches!(c, ' ' | '\u{3000}' | '\u{a0}' | '\t');
    let mut out = Vec::new();
    // (start, end, chars, holds an ideographic space)
    let mut run: Option<(usize, usize, usize, bool)> = None;
    for (i, c) in line.char_indices() {
        if is_space(c) {
            let wide = c == '\u{3000}';
            run = Some(match run {
                Some((a, _, n, w)) => (a, i + c.len_utf8(), n + 1, w || wide),
                None => (i, i + c.len_utf8(), 1, wide),
            });
            continue;
        }
        // Two spaces, or one ideographic space (a paragraph's indent) after
        // a sentence's end or after a short numbered heading (一、2018年工作
        // 回顾); 王　伟、李　娜 pads names, it parts nothing.
        if let Some((a, b, n, wide)) = run.take()
            && a > 0
            && (n >= 2
                || (wide
                    && ends_paragraph(&line[out.last().map_or(0, |l: &(usize, usize)| l.1)..a])))
        {
            out.push((a, b));
        }
    }
    if out.len() < FLAT_MIN_BREAKS {
        out.clear();
    }
    out
}

/// Whether the text since the last paragraph break ends a paragraph: a
/// sentence's end, or a short line of its own that starts with a marker.
fn ends_paragraph(seg: &str) -> bool {
    let seg = seg.trim();
    seg.chars()
        .next_back()
        .is_some_and(|p| matches!(p, '。' | '！' | '？' | '；' | '：' | '”' | '」'))
        || (seg.chars().count() <= 40
            && crate::lang::marker::starts_with_marker(seg)
            && !seg.contains('，')
            && seg.matches('、').count() <= 1)
}

/// Cleans a decoded file with the embedded noise rules.
pub fn clean(src: &SourceFile) -> CleanText {
    Cleaner::embedded().clean(src)
}

/// One non-blank line of the decoded text and what became of it.
#[derive(Debug, Clone)]
struct LineRec {
    /// Decoded byte range of the line without its line break.
    body: (usize, usize),
    /// Decoded range from its first to its last kept char.
    trimmed: (usize, usize),
    /// Decoded range of what ends it: its `\n`, or the run of spaces that
    /// parts two paragraphs of a flattened line; None at the end of text.
    newline: Option<(usize, usize)>,
    drop: Option<NoiseKind>,
    /// Parts of the folded line to cut (byte ranges in the folded line).
    cuts: Vec<Cut>,
    shape: LineShape,
    /// Nothing in the line folds: it is copied as it stands.
    plain: bool,
    join_next: bool,
}

/// Link lines of a related-links list are short and hold no sentence.
const LINK_LINE_MAX: usize = 50;

fn is_link_line(r: &LineRec) -> bool {
    r.shape.chars <= LINK_LINE_MAX && !r.shape.sentence_inside && !r.shape.ends_final
}

/// Pass 2a: after a link-list header, the link lines up to the first content
/// line are noise. The last one is kept when content follows it and it looks
/// like a title: it is then the title of that content.
fn mark_link_lists(recs: &mut [LineRec]) {
    let mut in_list = false;
    let mut last_item: Option<usize> = None;
    for i in 0..recs.len() {
        match recs[i].drop {
            Some(NoiseKind::LinkHeader) => {
                in_list = true;
                last_item = None;
                continue;
            }
            Some(_) => continue,
            None => {}
        }
        if !in_list {
            continue;
        }
        if is_link_line(&recs[i]) {
            recs[i].drop = Some(NoiseKind::LinkItem);
            last_item = Some(i);
        } else {
            in_list = false;
            if let Some(j) = last_item.take()
                && recs[j].shape.title_like()
            {
                recs[j].drop = None;
            }
        }
    }
}

/// Pass 2b: which kept lines continue on the next kept line.
fn mark_joins(recs: &mut [LineRec]) {
    let mut prev: Option<usize> = None;
    let mut broken = false;
    for i in 0..recs.len() {
        match recs[i].drop {
            Some(k) => {
                // Only page-break noise may sit inside a broken sentence.
                broken |= !k.is_page_break();
                continue;
            }
            None => {
                if let Some(p) = prev
                    && !broken
                    && should_join(&recs[p].shape, &recs[i].shape)
                {
                    recs[p].join_next = true;
                }
                prev = Some(i);
                broken = false;
            }
        }
    }
}

/// The decoded → original map, read in increasing order. UTF-8 input is a
/// plain offset; UTF-16 and GB18030 are walked char by char with the widths
/// their decoders give (as `read` builds their maps), which saves a binary
/// search per char; anything else, or a query behind the walk, asks the map.
struct Decoded<'a> {
    /// The text the cleaner reads (decoded, or converted to simplified) and
    /// its map to the original bytes.
    text: &'a str,
    map: &'a SourceMap,
    bytes: &'a [u8],
    kind: Walk,
    /// Decoded offset and its original offset, where the walk stands.
    d: usize,
    o: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Walk {
    Offset(usize),
    Utf16,
    Gb18030,
    Map,
}

impl<'a> Decoded<'a> {
    fn of(src: &'a SourceFile) -> Decoded<'a> {
        let len = src.text.len();
        let start = if len == 0 { 0 } else { src.map.orig_start(0) };
        let kind = match src.encoding {
            // Replaced bytes break the walks' length rules.
            _ if src.map.derived_len() != len || src.replaced > 0 => Walk::Map,
            // A web page's text skips its tags: only the map knows where.
            _ if src.format == crate::read::Format::Html => Walk::Map,
            Encoding::Utf8 | Encoding::Utf8Bom
                if len == 0 || src.map.orig_end(len) == start + len =>
            {
                Walk::Offset(start)
            }
            Encoding::Utf16Le | Encoding::Utf16Be => Walk::Utf16,
            Encoding::Gb18030 => Walk::Gb18030,
            _ => Walk::Map,
        };
        Decoded {
            text: &src.text,
            map: &src.map,
            bytes: &src.bytes,
            kind,
            d: 0,
            o: start,
        }
    }

    /// Text converted from the decoded text, read through its own map.
    fn converted(src: &'a SourceFile, text: &'a str, map: &'a SourceMap) -> Decoded<'a> {
        let start = if text.is_empty() {
            0
        } else {
            map.orig_start(0)
        };
        Decoded {
            text,
            map,
            bytes: &src.bytes,
            kind: Walk::Map,
            d: 0,
            o: start,
        }
    }

    /// Original offset of the char starting at decoded `d` (the end of the
    /// text maps to the end of the last char).
    #[inline]
    fn at(&mut self, d: usize) -> usize {
        match self.kind {
            Walk::Offset(k) => d + k,
            Walk::Map => self.map.orig_start(d),
            _ if d < self.d => self.map.orig_start(d),
            walk => {
                let bytes = self.bytes;
                for c in self.text[self.d..d].chars() {
                    self.o += match walk {
                        Walk::Utf16 => c.len_utf16() * 2,
                        // 1, 2 or 4 bytes, told apart by the first two
                        // (as `read` builds the map).
                        _ => match bytes.get(self.o) {
                            // 0x80 alone is the euro sign.
                            Some(b) if *b <= 0x80 => 1,
                            _ if bytes
                                .get(self.o + 1)
                                .is_some_and(|b| (0x30..=0x39).contains(b)) =>
                            {
                                4
                            }
                            _ => 2,
                        },
                    };
                }
                self.d = d;
                debug_assert_eq!(self.o, self.map.orig_start(d));
                self.o
            }
        }
    }

    /// Original span of the decoded chars `s..e`. Decoded text is contiguous
    /// in the original, so a char ends where the next one starts.
    #[inline]
    fn span(&mut self, s: usize, e: usize) -> (usize, usize) {
        match self.kind {
            Walk::Offset(k) => (s + k, e + k),
            Walk::Map => self.map.orig_span(s, e),
            _ => (self.at(s), self.at(e)),
        }
    }

    fn end_of_text(&mut self) -> usize {
        let n = self.text.len();
        match self.kind {
            Walk::Offset(k) => n + k,
            _ => self.map.orig_end(n),
        }
    }
}

/// Whether the char starting at `b[i]` comes out of [`fold_char`] other than
/// itself (or is a space, which needs collapsing). Looks at raw UTF-8 bytes so
/// plain stretches are copied without decoding.
#[inline]
fn needs_fold(b: &[u8], i: usize) -> bool {
    MAYBE_FOLD[b[i] as usize] && needs_fold_slow(b, i)
}

/// First bytes of the chars [`needs_fold`] may say yes to.
static MAYBE_FOLD: [bool; 256] = {
    let mut t = [false; 256];
    let mut k = 0;
    let firsts = [b' ', b'\t', b'\r', 0x0B, 0x0C, 0xC2, 0xE2, 0xE3, 0xEF];
    while k < firsts.len() {
        t[firsts[k] as usize] = true;
        k += 1;
    }
    t
};

#[inline(never)]
fn needs_fold_slow(b: &[u8], i: usize) -> bool {
    let at = |k: usize| b.get(i + k).copied().unwrap_or(0);
    match b[i] {
        b' ' | b'\t' | b'\r' | 0x0B | 0x0C => true,
        // U+0085, U+00A0
        0xC2 => matches!(at(1), 0x85 | 0xA0),
        // U+2002..U+200D, U+2028, U+2029, U+202F, U+2060
        0xE2 => match at(1) {
            0x80 => matches!(at(2), 0x82..=0x8D | 0xA8 | 0xA9 | 0xAF),
            0x81 => at(2) == 0xA0,
            _ => false,
        },
        // U+3000
        0xE3 => at(1) == 0x80 && at(2) == 0x80,
        // U+FEFF, U+FF01..U+FF5E
        0xEF => matches!(
            (at(1), at(2)),
            (0xBB, 0xBF) | (0xBC, 0x81..=0xBF) | (0xBD, 0x80..=0x9E)
        ),
        _ => false,
    }
}

/// A piece of a folded line: a stretch of the body that stays as it is, or
/// one folded char; byte ranges in the body.
#[derive(Clone, Copy)]
enum Piece {
    Run(usize, usize),
    Char(char, usize, usize),
}

/// Folds one line into pieces. Leading and trailing spaces go; a run of
/// spaces becomes one, standing for the first of them.
#[inline]
fn fold_line_runs(body: &str, mut f: impl FnMut(Piece)) {
    let b = body.as_bytes();
    let mut pending: Option<(usize, usize)> = None;
    let mut any = false;
    let mut i = 0;
    while i < b.len() {
        let start = i;
        while i < b.len() && !needs_fold(b, i) {
            i += 1;
        }
        // `i` stopped on the lead byte of a char to fold or at the end, so
        // `start..i` is whole chars.
        if i > start {
            if let Some((ps, pe)) = pending.take() {
                f(Piece::Char(' ', ps, pe));
            }
            f(Piece::Run(start, i));
            any = true;
        }
        let Some(c) = body.get(i..).and_then(|r| r.chars().next()) else {
            break;
        };
        let e = i + c.len_utf8();
        match fold_char(c) {
            Some(' ') if any && pending.is_none() => pending = Some((i, e)),
            None | Some(' ') => {}
            Some(folded) => {
                if let Some((ps, pe)) = pending.take() {
                    f(Piece::Char(' ', ps, pe));
                }
                f(Piece::Char(folded, i, e));
                any = true;
            }
        }
        i = e;
    }
}

/// [`fold_line_runs`] char by char: `emit(char, start, end)`.
fn fold_line(body: &str, mut emit: impl FnMut(char, usize, usize)) {
    fold_line_runs(body, |p| match p {
        Piece::Run(s, e) => {
            for (k, c) in body[s..e].char_indices() {
                emit(c, s + k, s + k + c.len_utf8());
            }
        }
        Piece::Char(c, s, e) => emit(c, s, e),
    });
}

/// Walks a folded line with its cuts applied, one char at a time, saying
/// what becomes of each. Spaces are normalised again, as cutting can leave a
/// space at an end or two in a row.
struct CutWalker<'c> {
    cuts: &'c [Cut],
    next_cut: usize,
    offset: usize,
    any: bool,
    pending: Option<usize>,
}

enum Step {
    Keep,
    /// The held-back space, then this char.
    FlushThenKeep,
    /// Cut by the cut of this index.
    Cut(usize),
    /// A space held back (`held_now`: this one is now the held space) or
    /// dropped.
    Hold {
        held_now: bool,
    },
}

impl<'c> CutWalker<'c> {
    fn new(cuts: &'c [Cut]) -> Self {
        CutWalker {
            cuts,
            next_cut: 0,
            offset: 0,
            any: false,
            pending: None,
        }
    }

    /// The fate of the next folded char `c` (its index is the caller's).
    #[inline]
    fn step(&mut self, c: char, index: usize) -> Step {
        let at = self.offset;
        self.offset += c.len_utf8();
        while self.next_cut < self.cuts.len() && self.cuts[self.next_cut].end <= at {
            self.next_cut += 1;
        }
        if let Some(cut) = self.cuts.get(self.next_cut)
            && cut.start <= at
        {
            return Step::Cut(self.next_cut);
        }
        if c == ' ' {
            let held_now = self.any && self.pending.is_none();
            if held_now {
                self.pending = Some(index);
            }
            return Step::Hold { held_now };
        }
        self.any = true;
        match self.pending.take() {
            Some(_) => Step::FlushThenKeep,
            None => Step::Keep,
        }
    }
}

/// The folded line with its cuts applied, as [`emit`] writes it.
fn apply_cuts(s: &str, cuts: &[Cut]) -> String {
    let mut out = String::with_capacity(s.len());
    let mut w = CutWalker::new(cuts);
    for (i, c) in s.chars().enumerate() {
        match w.step(c, i) {
            Step::Keep => out.push(c),
            Step::FlushThenKeep => {
                out.push(' ');
                out.push(c);
            }
            Step::Cut(_) | Step::Hold { .. } => {}
        }
    }
    out
}

/// Copies `run`, decoded text from `d` on, unchanged.
#[inline]
fn push_run(text: &mut String, map: &mut SourceMapBuilder, dec: &mut Decoded, run: &str, d: usize) {
    if let Walk::Offset(k) = dec.kind {
        map.push_run(run.len(), d + k);
    } else {
        for (j, c) in run.char_indices() {
            let (os, oe) = dec.span(d + j, d + j + c.len_utf8());
            map.push_char(c.len_utf8(), os, oe);
        }
    }
    text.push_str(run);
}

/// Pass 3: writes the kept text and its map, and records what was dropped.
fn emit(src: &SourceFile, input: &str, dec: &mut Decoded, recs: &[LineRec]) -> CleanText {
    let mut text = String::with_capacity(input.len());
    let mut map = SourceMapBuilder::new();
    let mut lines = Vec::new();
    let mut dropped = Vec::new();
    let mut joins = Vec::new();
    let mut para_start: Option<usize> = None;
    let record = |span: (usize, usize), reason: NoiseKind, whole_line: bool| Dropped {
        orig_span: span,
        line: src.lines.line_of(span.0),
        reason,
        whole_line,
    };
    for r in recs {
        if let Some(k) = r.drop {
            dropped.push(record(dec.span(r.trimmed.0, r.trimmed.1), k, true));
            continue;
        }
        let start = *para_start.get_or_insert(text.len());
        let body = &input[r.body.0..r.body.1];
        let base = r.body.0;
        if r.plain && r.cuts.is_empty() {
            push_run(&mut text, &mut map, dec, body, base);
        } else if r.cuts.is_empty() {
            fold_line_runs(body, |p| match p {
                Piece::Run(s, e) => push_run(&mut text, &mut map, dec, &body[s..e], base + s),
                Piece::Char(c, s, e) => {
                    let (os, oe) = dec.span(base + s, base + e);
                    map.push_char(c.len_utf8(), os, oe);
                    text.push(c);
                }
            });
        } else {
            let mut w = CutWalker::new(&r.cuts);
            let mut cut_spans: Vec<Option<(usize, usize)>> = vec![None; r.cuts.len()];
            // The decoded range of a space held back until the next kept char.
            let mut held: (usize, usize) = (0, 0);
            let mut i = 0;
            fold_line(body, |c, s, e| {
                let step = w.step(c, i);
                i += 1;
                match step {
                    Step::Keep => {
                        let (os, oe) = dec.span(base + s, base + e);
                        map.push_char(c.len_utf8(), os, oe);
                        text.push(c);
                    }
                    Step::FlushThenKeep => {
                        let (os, oe) = dec.span(held.0, held.1);
                        map.push_char(1, os, oe);
                        text.push(' ');
                        let (os, oe) = dec.span(base + s, base + e);
                        map.push_char(c.len_utf8(), os, oe);
                        text.push(c);
                    }
                    Step::Hold { held_now } => {
                        if held_now {
                            held = (base + s, base + e);
                        }
                    }
                    Step::Cut(k) => {
                        let slot = &mut cut_spans[k];
                        *slot = Some(match *slot {
                            None => (base + s, base + e),
                            Some((a, _)) => (a, base + e),
                        });
                    }
                }
            });
            for (k, span) in cut_spans.iter().enumerate() {
                if let Some((a, b)) = span {
                    dropped.push(record(dec.span(*a, *b), r.cuts[k].kind, false));
                }
            }
        }
        if r.join_next {
            joins.push(text.len());
            continue;
        }
        lines.push(CleanLine {
            start,
            end: text.len(),
        });
        para_start = None;
        match r.newline {
            Some((a, b)) => {
                let (os, oe) = dec.span(a, b);
                map.push_char(1, os, oe);
            }
            None => {
                // Last line without a newline: the `\n` stands for nothing.
                let e = dec.end_of_text();
                map.push_char(1, e, e);
            }
        }
        text.push('\n');
    }
    // A join into a line that turned out to be the last cannot happen (joins
    // only link kept lines), but close an open paragraph defensively.
    if let Some(start) = para_start {
        lines.push(CleanLine {
            start,
            end: text.len(),
        });
        let e = dec.end_of_text();
        map.push_char(1, e, e);
        text.push('\n');
    }
    dropped.sort_by_key(|d| d.orig_span.0);
    CleanText {
        text,
        map: map.finish(),
        lines,
        dropped,
        joins,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::decode;

    fn clean_str(s: &str) -> (SourceFile, CleanText) {
        let sf = decode("t", s.as_bytes().to_vec()).unwrap();
        let ct = clean(&sf);
        (sf, ct)
    }

    /// Every char of the cleaned text reads back to a char that folds to it
    /// (a `\n` to a line break, to nothing, or to the run of spaces that
    /// parts two paragraphs of a flattened line).
    fn assert_maps_back(sf: &SourceFile, ct: &CleanText) {
        for (i, c) in ct.text.char_indices() {
            let span = ct.orig_span(i, i + c.len_utf8());
            let orig = sf.span_text(span);
            if c == '\n' {
                assert!(
                    orig.is_empty()
                        || orig == "\n"
                        || orig.chars().all(|o| fold_char(o) == Some(' ')),
                    "{i}: {orig:?}"
                );
            } else {
                let mut it = orig.chars();
                let o = it.next().unwrap_or_else(|| panic!("empty span at {i}"));
                assert!(it.next().is_none(), "{i}: {orig:?}");
                assert_eq!(fold_char(o), Some(c), "{i}: {orig:?}");
            }
        }
    }

    #[test]
    fn byte_check_agrees_with_fold_char_for_every_char() {
        for u in 0..=0x10FFFFu32 {
            let Some(c) = char::from_u32(u) else { continue };
            if c == '\n' {
                continue;
            }
            let mut buf = [0u8; 4];
            let b = c.encode_utf8(&mut buf).as_bytes();
            let changes = c == ' ' || fold_char(c) != Some(c);
            assert_eq!(needs_fold(b, 0), changes, "U+{u:04X}");
        }
    }

    #[test]
    fn folds_width_and_maps_back() {
        let raw = "　一、２０１８年发放１３４．１９万元\r\n\r\n（一）慰问\n";
        let (sf, ct) = clean_str(raw);
        assert_eq!(ct.text, "一、2018年发放134.19万元\n(一)慰问\n");
        assert_eq!(ct.lines.len(), 2);
        let i = ct.text.find("134.19万元").unwrap();
        let span = ct.orig_span(i, i + "134.19万元".len());
        assert_eq!(sf.span_text(span), "１３４．１９万元");
        let j = ct.text.find("(一)").unwrap();
        assert_eq!(sf.lines.line_of(ct.map.orig_start(j)), 3);
        // The line break maps to the `\n`, not to the `\r` before it.
        let nl = ct.text.find('\n').unwrap();
        assert_eq!(sf.span_text(ct.orig_span(nl, nl + 1)), "\n");
        assert_maps_back(&sf, &ct);
    }

    #[test]
    fn drops_noise_lines_and_records_them() {
        let raw = "当前位置:首页›范文›县总工会2017年工作总结\n\n\
                   县总工会2017年工作总结\n\
                   2022-03-23 11:27:43\n\
                   一、加强组织领导\n\
                   切实加强组织领导。\n\
                   QQ截图20220323112838.jpg\n\
                   第2页共5页\n\
                   2、1月份召开职代会\n";
        let (sf, ct) = clean_str(raw);
        assert_eq!(
            ct.text,
            "县总工会2017年工作总结\n一、加强组织领导\n切实加强组织领导。\n2、1月份召开职代会\n"
        );
        let reasons: Vec<(usize, NoiseKind)> =
            ct.dropped.iter().map(|d| (d.line, d.reason)).collect();
        assert_eq!(
            reasons,
            vec![
                (1, NoiseKind::Breadcrumb),
                (4, NoiseKind::Timestamp),
                (7, NoiseKind::ImageFile),
                (8, NoiseKind::PageCounter),
            ]
        );
        assert_eq!(sf.span_text(ct.dropped[1].orig_span), "2022-03-23 11:27:43");
        assert!(ct.dropped.iter().all(|d| d.whole_line));
        assert_maps_back(&sf, &ct);
    }

    #[test]
    fn link_list_after_header_is_dropped_to_the_end_of_the_block() {
        let raw = "2.推进民主建设,突出工会维权职责。\n\n热门关注\n\n2022年生活垃圾分类工作计划\n\n工作计划\n\n\
                   公司工会2022年工作计划\n\n工作计划\n\n首页\n\n我的\n";
        let (_, ct) = clean_str(raw);
        assert_eq!(ct.text, "2.推进民主建设,突出工会维权职责。\n");
        let kinds: Vec<NoiseKind> = ct.dropped.iter().map(|d| d.reason).collect();
        assert_eq!(kinds[0], NoiseKind::LinkHeader);
        assert_eq!(
            kinds.iter().filter(|k| **k == NoiseKind::LinkItem).count(),
            4
        );
        // The list ends at content; the title just before it is kept.
        let raw = "相关推荐\n工会工作计划大全\n2023年工会工作计划\n一年来,我会在上级工会的领导下做了大量工作。\n";
        let (_, ct) = clean_str(raw);
        assert_eq!(
            ct.text,
            "2023年工会工作计划\n一年来,我会在上级工会的领导下做了大量工作。\n"
        );
        // A lone download button does not start a list.
        let (_, ct) = clean_str("合集下载\n2021年单位工会工作计划\n一、指导思想\n");
        assert_eq!(ct.text, "2021年单位工会工作计划\n一、指导思想\n");
    }

    #[test]
    fn rejoins_broken_sentences_with_exact_spans() {
        let raw = "4、扎实开展“金秋助学”活动。根据上级工会要求,组织开展了第20届“金秋助学”活动,本次活动\r\n\r\n\
                   救助的是困难职工子女,共对72名子女进行了救助。\n\
                   6、五一前夕慰问劳模。于4月29日慰问了六名劳模,给他们每人送\n\
                   - 2 -\n\
                   去一千元慰问金。\n\
                   二、道德建设情况\n";
        let (sf, ct) = clean_str(raw);
        let lines: Vec<&str> = ct.lines.iter().map(|l| ct.line_text(l)).collect();
        assert_eq!(lines.len(), 3, "{lines:?}");
        assert!(lines[0].ends_with("本次活动救助的是困难职工子女,共对72名子女进行了救助。"));
        assert!(lines[1].ends_with("每人送去一千元慰问金。"));
        assert_eq!(lines[2], "二、道德建设情况");
        assert_eq!(ct.joins.len(), 2);
        // The chars on both sides of a join map to their own bytes.
        let i = ct.text.find("动救").unwrap();
        assert_eq!(sf.span_text(ct.orig_span(i, i + "动".len())), "动");
        let j = i + "动".len();
        assert_eq!(sf.span_text(ct.orig_span(j, j + "救".len())), "救");
        // A span across the join reads back with the original break.
        assert_eq!(
            sf.span_text(ct.orig_span(i, j + "救".len())),
            "动\r\n\r\n救"
        );
        assert_eq!(sf.lines.line_of(ct.map.orig_start(j)), 3);
        assert_maps_back(&sf, &ct);
    }

    #[test]
    fn partial_cuts_keep_the_rest_with_exact_spans() {
        let raw = "下面是OK带来关于机关工会工作计划的内容,希望能让大家有所收获！我局工会工作以全会精神为主导。\n\
                   年终总结S u m m a r y o f w o r k 撰写人:XXX\n";
        let (sf, ct) = clean_str(raw);
        assert_eq!(
            ct.text,
            "我局工会工作以全会精神为主导。\n年终总结 撰写人:XXX\n"
        );
        assert_eq!(ct.dropped.len(), 2);
        assert_eq!(ct.dropped[0].reason, NoiseKind::Blurb);
        assert!(!ct.dropped[0].whole_line);
        assert!(
            sf.span_text(ct.dropped[0].orig_span)
                .ends_with("有所收获！")
        );
        assert_eq!(ct.dropped[1].reason, NoiseKind::LetterSpaced);
        assert_eq!(
            sf.span_text(ct.dropped[1].orig_span),
            "S u m m a r y o f w o r k"
        );
        assert_eq!(ct.dropped[1].line, 2);
        assert_maps_back(&sf, &ct);
    }

    #[test]
    fn titles_and_headings_are_not_joined() {
        let raw = "县总工会2017年文明创建工作总结\n\
                   根据县文明办有关文件要求,现将情况报告如下:\n\
                   一、加强组织领导\n\
                   切实加强组织领导。县总工会高度重视,年初调整了领导小组,负责日常工作和图片\n\
                   总工会帮扶工作总结及工作打算\n";
        let (_, ct) = clean_str(raw);
        assert_eq!(ct.lines.len(), 5);
        assert!(ct.joins.is_empty());
    }

    #[test]
    fn a_flattened_line_is_cut_back_into_paragraphs() {
        let para =
            "过去一年，我们完成了各项目标任务，新建职工书屋二十家，走访慰问困难职工一千二百人次。"
                .repeat(6);
        let flat = format!(
            "各位代表：\u{3000}\u{3000}一、2021年工作回顾\u{3000}\u{3000}{para}  二、2022年工作安排    {para}\n"
        );
        let (sf, ct) = clean_str(&flat);
        let lines: Vec<&str> = ct.lines.iter().map(|l| ct.line_text(l)).collect();
        assert_eq!(lines.len(), 5, "{lines:?}");
        assert_eq!(lines[1], "一、2021年工作回顾");
        assert_eq!(lines[3], "二、2022年工作安排");
        assert_maps_back(&sf, &ct);
        // A short line with double spaces stays one line.
        let (_, ct) = clean_str("一、工作回顾  过去一年  成绩显著  各项工作\n");
        assert_eq!(ct.lines.len(), 1);
        // A long list of names padded with one ideographic space stays one.
        let names = format!(
            "表彰名单：{}\n",
            "王　伟、李　娜、张　三、刘　洋、".repeat(40)
        );
        let (_, ct) = clean_str(&names);
        assert_eq!(ct.lines.len(), 1);
    }

    #[test]
    fn last_line_without_newline_and_empty_input() {
        let (sf, ct) = clean_str("一、加强领导\n切实加强组织领导,");
        assert_eq!(ct.text, "一、加强领导\n切实加强组织领导,\n");
        assert_maps_back(&sf, &ct);
        let (_, ct) = clean_str("");
        assert!(ct.text.is_empty() && ct.lines.is_empty() && ct.dropped.is_empty());
        let (_, ct) = clean_str("\n\n  \r\n");
        assert!(ct.text.is_empty());
    }

    #[test]
    fn from_plain_cleans_too() {
        let ct = CleanText::from_plain("相关文档\n最新文档\n");
        assert!(ct.text.is_empty());
        assert_eq!(ct.dropped.len(), 2);
    }
}
