//! Items: the promises of a plan and the reported results of a summary, the
//! unit `check` and `compare` match.
//!
//! Input: a document's cleaned text and section tree (and where its figures
//! start). Output: [`Item`]s in text order, each with its **own** text span
//! (not its children's). Granularity follows `tests/data/ITEMS.md`:
//! - the body is cut at every line end and at every section marker (inline
//!   headings of a run-on paragraph too);
//! - a heading with no text of its own, a lead-in ending in a colon and a
//!   closing date or signature line are not items;
//! - 一是…；二是… (一要, 其一, 第一，, 首先 …) gives one item per clause;
//! - in a summary every sentence is an item; in a plan a marked entry is one
//!   item, cut only before a later sentence that carries a figure of its own
//!   when the item already holds one, and an unmarked paragraph is cut at its
//!   sentence ends.

use aho_corasick::{AhoCorasick, MatchKind};
use serde::Serialize;

use crate::clean::CleanText;
use crate::dict::Dictionaries;
use crate::document::{DocKind, Document};
use crate::lang::chars::{CharSkip, find_char, is_colon, is_han, is_semicolon, is_sentence_end};
use crate::lang::numeral::cjk_digit;
use crate::lang::sentence::{Cut, split};
use crate::section::{SectionKind, SectionTree};
use crate::span::Span;

/// What an item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ItemKind {
    /// A plan's commitment (开展宣讲活动不少于20场).
    Promise,
    /// A summary's report of what was done (累计举办宣讲活动26场).
    Result,
    /// Context, guiding ideology, rhetoric, experience, shortcomings.
    Other,
}

impl ItemKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Promise => "promise",
            ItemKind::Result => "result",
            ItemKind::Other => "other",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// The item's own text in the cleaned text, white space trimmed.
    pub span: Span,
    pub kind: ItemKind,
    /// Index of the mixed document's part it lies in.
    pub part: Option<usize>,
    /// The innermost section holding it (index into the document's tree).
    pub section: Option<usize>,
    /// Indices of its figures in the document's figure list.
    pub figures: Vec<usize>,
    /// Topic ids, best first.
    pub topics: Vec<&'static str>,
}

/// Cuts documents into items.
pub struct ItemSplitter {
    /// Phrases that make an item `other` (dictionaries/item_cues.txt).
    other_cues: AhoCorasick,
}

/// A stretch of one line: from a line start or a section marker to the next
/// one.
struct Segment {
    start: usize,
    end: usize,
    /// The section whose marker opens the segment.
    opens: Option<usize>,
}

impl ItemSplitter {
    pub fn new(dicts: &Dictionaries) -> ItemSplitter {
        let cues = dicts.terms("item_cues.txt");
        let other_cues = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostFirst)
            .build(&cues)
            .expect("item cues build");
        ItemSplitter { other_cues }
    }

    /// The items of `doc`. `figure_starts` are the cleaned offsets of the
    /// document's figures, ascending; items get the indices of those they hold.
    pub fn split(
        &self,
        clean: &CleanText,
        doc: &Document,
        sections: &SectionTree,
        figure_starts: &[usize],
    ) -> Vec<Item> {
        let text = clean.text.as_str();
        let end = doc.end.min(text.len());
        let body = doc.body_start.clamp(doc.start.min(end), end);
        let mut out = Vec::new();
        for seg in segments(text, body, end, sections) {
            self.segment_items(text, doc, sections, &seg, figure_starts, &mut out);
        }
        for item in &mut out {
            let lo = figure_starts.partition_point(|&s| s < item.span.start);
            let hi = figure_starts.partition_point(|&s| s < item.span.end);
            item.figures = (lo..hi).collect();
            item.part = doc
                .parts
                .iter()
                .position(|p| p.start <= item.span.start && item.span.start < p.end);
        }
        out
    }

    fn segment_items(
        &self,
        text: &str,
        doc: &Document,
        sections: &SectionTree,
        seg: &Segment,
        figures: &[usize],
        out: &mut Vec<Item>,
    ) {
        let start = seg.start;
        let section = sections.innermost_at(seg.start);
        let mut marked = false;
        if let Some(i) = seg.opens {
            let s = &sections.sections[i];
            marked = true;
            // The heading's own text: a title alone is no item.
            let rest = text[s.heading_end.min(seg.end)..seg.end].trim();
            let heading = text[s.start..s.heading_end.min(seg.end)].trim();
            let title_only = rest.is_empty()
                || rest
                    .chars()
                    .all(|c| is_sentence_end(c) || is_colon(c) || c == ' ');
            if title_only && s.kind != SectionKind::Schedule {
                let ends_sentence =
                    heading.ends_with(is_sentence_end) || rest.starts_with(is_sentence_end);
                if !ends_sentence || !s.children.is_empty() || heading.chars().count() < 4 {
                    return;
                }
            }
            if s.kind == SectionKind::Schedule {
                // A schedule entry (三月份：…) is one item with its text.
                if rest.is_empty() {
                    return;
                }
                self.push(text, doc, Span::new(start, seg.end), section, true, out);
                return;
            }
            if s.kind == SectionKind::Enumerator {
                marked = false;
            }
        }
        let line = &text[start..seg.end];
        let trimmed = line.trim();
        if trimmed.is_empty() || is_closing_line(trimmed) {
            return;
        }
        // Most lines hold no cue: their items need no search of their own.
        let line_has_cue = self.other_cues.is_match(line);
        // Cut at list words (一是 二是 …): each clause an item.
        let cuts = list_word_cuts(line);
        let listed = !cuts.is_empty();
        let plan = matches!(doc.kind_at(seg.start), DocKind::Plan);
        // Each clause runs from the line start or a cut to the next cut (a
        // cut at the line start opens no empty clause).
        let mut clause_starts = std::iter::once(0)
            .chain(cuts.iter().copied().filter(|&c| c > 0))
            .peekable();
        while let Some(p0) = clause_starts.next() {
            let p1 = clause_starts.peek().copied().unwrap_or(line.len());
            let (a, b, is_marked) = (start + p0, start + p1, p0 == 0 && marked);
            let lead_in = listed && p0 == 0 && cuts[0] > 0;
            let piece = &text[a..b];
            if lead_in && piece.trim_end().ends_with(is_colon) {
                continue;
            }
            if plan && is_marked && !listed {
                // A marked plan entry: one item, cut before a later sentence
                // with a figure of its own when the item already holds one.
                let mut item_start = a;
                let mut has_figure = false;
                for (s0, s1) in split(piece, Cut::SENTENCES) {
                    let (s0, s1) = (a + s0, a + s1);
                    // Figure starts are sorted: the first at or after s0.
                    let fig = figures
                        .get(figures.partition_point(|&f| f < s0))
                        .is_some_and(|&f| f < s1);
                    if fig && has_figure && s0 > item_start {
                        self.push(
                            text,
                            doc,
                            Span::new(item_start, s0),
                            section,
                            line_has_cue,
                            out,
                        );
                        item_start = s0;
                    }
                    has_figure |= fig;
                }
                self.push(
                    text,
                    doc,
                    Span::new(item_start, b),
                    section,
                    line_has_cue,
                    out,
                );
            } else {
                for (s0, s1) in split(piece, Cut::SENTENCES) {
                    self.push(
                        text,
                        doc,
                        Span::new(a + s0, a + s1),
                        section,
                        line_has_cue,
                        out,
                    );
                }
            }
        }
    }

    fn push(
        &self,
        text: &str,
        doc: &Document,
        span: Span,
        section: Option<usize>,
        may_hold_cue: bool,
        out: &mut Vec<Item>,
    ) {
        let Some(span) = trim(text, span) else { return };
        let t = &text[span.start..span.end];
        // A lone lead-in (重点做好以下工作：) announces items, it is none.
        if t.ends_with(is_colon)
            && !t.chars().any(|c| c.is_ascii_digit())
            && t.chars().count() <= 40
        {
            return;
        }
        if !t.chars().any(is_han) {
            return;
        }
        let kind = if may_hold_cue && self.other_cues.is_match(t) {
            ItemKind::Other
        } else {
            match doc.kind_at(span.start) {
                DocKind::Plan => ItemKind::Promise,
                DocKind::Summary => ItemKind::Result,
                _ => ItemKind::Other,
            }
        };
        out.push(Item {
            span,
            kind,
            part: None,
            section,
            figures: Vec::new(),
            topics: Vec::new(),
        });
    }
}

/// The body cut at line ends and at section markers.
fn segments(text: &str, body: usize, end: usize, sections: &SectionTree) -> Vec<Segment> {
    let mut starts: Vec<(usize, Option<usize>)> = sections
        .sections
        .iter()
        .enumerate()
        .filter(|(_, s)| s.start >= body && s.start < end)
        .map(|(i, s)| (s.start, Some(i)))
        .collect();
    // Each line's start, and where its text ends (its '\n', or `end`).
    let body_text = &text[..end];
    let mut line_ends = Vec::new();
    let mut pos = body;
    while pos < end {
        starts.push((pos, None));
        match body_text[pos..].find('\n').map(|i| pos + i) {
            Some(nl) => {
                line_ends.push(nl);
                pos = nl + 1;
            }
            None => {
                line_ends.push(end);
                break;
            }
        }
    }
    // A marker at a line start wins over the bare line start.
    starts.sort_by_key(|&(s, o)| (s, o.is_none()));
    starts.dedup_by_key(|&mut (s, _)| s);
    let mut out = Vec::with_capacity(starts.len());
    for (k, &(s, opens)) in starts.iter().enumerate() {
        let next = starts.get(k + 1).map_or(end, |&(n, _)| n);
        // Segments never cross a line end.
        let line_end = line_ends.get(line_ends.partition_point(|&e| e < s));
        out.push(Segment {
            start: s,
            end: line_end.map_or(next, |&e| e.min(next)),
            opens,
        });
    }
    out
}

/// Byte offsets in `line` where a list word opens a clause: 一是 二是 …,
/// 一要 二要, 其一 其二, 第一，第二，, 首先 其次 再次 最后. A list word counts at
/// the line start or after punctuation, and only when the list goes on (a
/// second member follows) or it stands first.
fn list_word_cuts(line: &str) -> Vec<usize> {
    let mut cuts = Vec::new();
    let mut ordinal_seen = 0u32;
    let bytes = line.as_bytes();
    // Where the last char that was not a space is punctuation (or the line
    // start): a list word stands only there, so only those places are read.
    let mut at = 0;
    loop {
        while bytes.get(at) == Some(&b' ') {
            at += 1;
        }
        let mut ahead = line[at..].chars();
        let Some(c) = ahead.next() else { break };
        // Only a digit or 其 第 首 再 最 opens a list word: the char after is
        // read only then.
        let opens_word =
            cjk_digit(c).is_some_and(|v| v >= 1) || matches!(c, '其' | '第' | '首' | '再' | '最');
        let next = if opens_word { ahead.next() } else { None };
        let word = match (c, next) {
            (d, Some('是' | '要')) => cjk_digit(d).filter(|&v| v >= 1).map(u32::from),
            ('其', Some(d)) if cjk_digit(d).is_some() => {
                cjk_digit(d).filter(|&v| v >= 1).map(u32::from)
            }
            ('第', Some(d)) if matches!(ahead.next(), Some(',' | '，' | '、')) => {
                cjk_digit(d).filter(|&v| v >= 1).map(u32::from)
            }
            ('首', Some('先')) => Some(1),
            ('其', Some('次')) | ('再', Some('次')) | ('最', Some('后')) if ordinal_seen >= 1 => {
                Some(ordinal_seen + 1)
            }
            _ => None,
        };
        // Members follow each other: 一 then 二 …
        if let Some(n) = word.filter(|&n| n == 1 || n == ordinal_seen + 1) {
            ordinal_seen = n;
            cuts.push(at);
        }
        // `c` itself may be the next punctuation.
        match punct_end(line, at) {
            Some(end) => at = end,
            None => break,
        }
    }
    // A lone 一是 with no 二是 is no list.
    if ordinal_seen < 2 {
        cuts.clear();
    }
    cuts
}

/// Punctuation after which a list word may stand.
fn is_list_punct(c: char) -> bool {
    is_sentence_end(c) || is_semicolon(c) || matches!(c, ',' | '，' | ':' | '：')
}

/// The chars that may be [`is_list_punct`]: its ASCII forms and those
/// starting like …, 。 and the full-width forms. Han text has none.
static LIST_PUNCT: CharSkip = CharSkip::decoding(b"!?,;:\xE2\xE3\xEF");

/// The end of the first list punctuation at or after `from`.
fn punct_end(line: &str, from: usize) -> Option<usize> {
    find_char(line, from, &LIST_PUNCT, is_list_punct).map(|(i, c)| i + c.len_utf8())
}

/// A closing line: a date (二〇一七年十二月二十日) or the organisation's
/// signature, with no sentence of its own.
fn is_closing_line(t: &str) -> bool {
    // The endings first: they reject nearly every line without reading it.
    let dateish = t.ends_with('日') && t.chars().count() <= 16;
    let signature = (t.ends_with("工会") || t.ends_with("委员会")) && t.chars().count() <= 24;
    (dateish || signature)
        && !t
            .chars()
            .any(|c| is_sentence_end(c) || matches!(c, ',' | '，' | ';' | '；'))
}

/// `span` without white space at either end; None when nothing is left.
fn trim(text: &str, span: Span) -> Option<Span> {
    let t = text.get(span.start..span.end)?;
    let rest = t.trim_start();
    let trimmed = rest.trim_end();
    if trimmed.is_empty() {
        return None;
    }
    let start = span.start + (t.len() - rest.len());
    Some(Span::new(start, start + trimmed.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_words_cut_clauses() {
        let l = "做好三项工作:一是加强宣传;二是开展慰问;三是组织培训。";
        let cuts = list_word_cuts(l);
        assert_eq!(cuts.len(), 3);
        assert!(l[cuts[0]..].starts_with("一是"));
        assert!(l[cuts[2]..].starts_with("三是"));
        assert!(list_word_cuts("统一是关键,坚持一是一").is_empty());
        assert!(list_word_cuts("一是加强宣传。").is_empty());
        let c = list_word_cuts("首先,抓学习;其次,抓培训;最后,抓落实。");
        assert_eq!(c.len(), 3);
    }

    #[test]
    fn list_punct_starts_with_a_tested_byte() {
        assert_eq!(LIST_PUNCT.first_unread(is_list_punct), None);
    }

    #[test]
    fn list_words_after_spaces_and_runs_of_punctuation() {
        let l = "  一是宣传, 二是慰问;;三是培训";
        let cuts = list_word_cuts(l);
        assert_eq!(cuts.len(), 3);
        assert!(l[cuts[1]..].starts_with("二是"));
        assert!(l[cuts[2]..].starts_with("三是"));
        // A char other than a space between the mark and the word breaks it.
        assert!(list_word_cuts("一是宣传,\u{3000}二是慰问").is_empty());
    }

    #[test]
    fn closing_lines() {
        assert!(is_closing_line("二〇一七年十二月二十日"));
        assert!(is_closing_line("江州市财政局机关工会"));
        assert!(!is_closing_line("全年组织活动3次。"));
        assert!(!is_closing_line("感谢市总工会,区总工会"));
        assert!(!is_closing_line(
            "这是一行很长很长很长很长很长很长很长很长很长的工会委员会"
        ));
    }
}
