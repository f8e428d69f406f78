//! Sections: the heading tree of one document.
//!
//! Markers are found at line starts and inside long paragraphs (after a
//! sentence end or a gap). A marker opens a section only when its number
//! continues the list it belongs to (1, 2, 3 … within a parent; a new list
//! starts at 1, or at 2–3 when the scrape lost the first item). How styles
//! nest is learned per document: by first appearance, corrected when a style
//! that appeared later is seen opening lists of an earlier one (a document
//! that starts at (一) and only later shows 二、).

mod marker;

use std::collections::HashMap;

use crate::clean::CleanText;
use crate::document::Document;
use marker::{Marker, Style, scan_line};

/// What a section is: a heading of the document's outline, an entry of a
/// month schedule (三月份:), or a short enumerated paragraph (一是…, 第一,…).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SectionKind {
    Heading,
    Schedule,
    Enumerator,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The marker as written after cleaning: 一、 (一) 1. (1) ① 一是 第一，
    /// 三月份: …
    pub marker: String,
    /// The heading text after the marker (up to the first sentence end, or
    /// the whole line for a heading line).
    pub heading: String,
    /// 1 = outermost marker style of the document. Schedule and enumerator
    /// entries do not count as outline levels: a "1." under "三月份:" under
    /// "五、" is level 2, like its parent entry.
    pub level: u8,
    pub kind: SectionKind,
    /// Byte ranges in the cleaned text: the marker starts at `start`, the
    /// heading ends at `heading_end`, the body runs to `end`.
    pub start: usize,
    pub heading_end: usize,
    pub end: usize,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
}

/// Sections of one document in text order, linked as a tree.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SectionTree {
    pub sections: Vec<Section>,
}

impl SectionTree {
    /// Indices of the top-level sections.
    pub fn roots(&self) -> impl Iterator<Item = usize> + '_ {
        self.sections
            .iter()
            .enumerate()
            .filter(|(_, s)| s.parent.is_none())
            .map(|(i, _)| i)
    }

    /// The sections enclosing a cleaned offset, outermost first.
    pub fn path_at(&self, offset: usize) -> Vec<usize> {
        let mut path = Vec::new();
        let mut level: Vec<usize> = self.roots().collect();
        while let Some(&i) = level
            .iter()
            .find(|&&i| self.sections[i].start <= offset && offset < self.sections[i].end)
        {
            path.push(i);
            level = self.sections[i].children.clone();
        }
        path
    }
}

/// A marker found in the document, with its place in the cleaned text.
#[derive(Debug, Clone)]
struct Cand {
    m: Marker,
    /// Absolute byte offsets of the marker.
    start: usize,
    end: usize,
    /// End of the line (or of the document) holding it.
    line_end: usize,
}

/// Builds the heading tree of one document.
pub fn build_sections(text: &CleanText, doc: &Document) -> SectionTree {
    let doc_end = doc.end.min(text.text.len());
    let body_start = doc.body_start.clamp(doc.start.min(doc_end), doc_end);
    let cands = collect(text, body_start, doc_end);
    if cands.is_empty() {
        return SectionTree::default();
    }
    let rank = style_ranks(&cands);
    // Each part of a mixed document numbers its headings afresh.
    let mut resets: Vec<usize> = doc
        .parts
        .iter()
        .map(|p| p.start)
        .filter(|&s| s > body_start && s < doc_end)
        .collect();
    resets.sort_unstable();
    resets.dedup();

    struct Open {
        sec: usize,
        rank: usize,
        num: u32,
    }
    let mut stack: Vec<Open> = Vec::new();
    let mut last_num: HashMap<Style, u32> = HashMap::new();
    let mut accepted: Vec<(Cand, u8, Option<usize>)> = Vec::new();
    let mut next_reset = 0;
    for c in cands {
        while next_reset < resets.len() && c.start >= resets[next_reset] {
            stack.clear();
            last_num.clear();
            next_reset += 1;
        }
        let Some(&r) = rank.get(&c.m.style) else {
            continue;
        };
        let keep = stack
            .iter()
            .position(|o| o.rank >= r)
            .unwrap_or(stack.len());
        let n = c.m.first_num;
        let same = stack.get(keep).filter(|o| o.rank == r);
        let ok = if c.m.strict {
            match same {
                Some(o) => n == o.num + 1,
                None => n == 1 && keep > 0,
            }
        } else {
            match same {
                Some(o) if c.m.style == Style::Month => n > o.num,
                // Consecutive, tolerating one number the scrape lost.
                Some(o) => n > o.num && n <= o.num + 2,
                None => match last_num.get(&c.m.style) {
                    // A new list, or a list numbered on across parents
                    // (一、 1 2 3 二、 4 5 …).
                    Some(&l) => n == 1 || (n > l && n <= l + 2),
                    None => n <= 3,
                },
            }
        };
        if !ok {
            continue;
        }
        stack.truncate(keep);
        let parent = stack.last().map(|o| o.sec);
        let depth = match parent {
            Some(p) => accepted[p].1.saturating_add(1),
            None => u8::try_from(r + 1).unwrap_or(u8::MAX),
        };
        last_num.insert(c.m.style.clone(), c.m.num);
        stack.push(Open {
            sec: accepted.len(),
            rank: r,
            num: c.m.num,
        });
        accepted.push((c, depth, parent));
    }

    let kinds: Vec<SectionKind> = accepted
        .iter()
        .map(|(c, _, _)| kind_of(&c.m.style))
        .collect();
    let mut levels: Vec<u8> = Vec::with_capacity(accepted.len());
    for (depth, parent) in accepted.iter().map(|(_, d, p)| (*d, *p)) {
        levels.push(match parent {
            Some(p) if kinds[p] == SectionKind::Heading => levels[p].saturating_add(1),
            Some(p) => levels[p],
            None => depth,
        });
    }
    let mut sections: Vec<Section> = Vec::with_capacity(accepted.len());
    for (i, (c, depth, parent)) in accepted.iter().enumerate() {
        let limit = accepted
            .get(i + 1)
            .filter(|(n, _, _)| n.start < c.line_end)
            .map_or(c.line_end, |(n, _, _)| n.start);
        let heading_end = heading_end(&text.text, c.end, limit);
        let region_end = resets
            .iter()
            .copied()
            .find(|&r| r > c.start)
            .unwrap_or(doc_end);
        let end = accepted[i + 1..]
            .iter()
            .find(|(n, d, _)| *d <= *depth || n.start >= region_end)
            .map_or(region_end, |(n, _, _)| n.start.min(region_end));
        let heading = text.text[c.end..heading_end]
            .trim()
            .trim_end_matches([':', ',', ' '])
            .to_string();
        sections.push(Section {
            marker: text.text[c.start..c.end].to_string(),
            heading,
            level: levels[i],
            kind: kinds[i],
            start: c.start,
            heading_end,
            end,
            parent: *parent,
            children: Vec::new(),
        });
    }
    for i in 0..sections.len() {
        if let Some(p) = sections[i].parent {
            sections[p].children.push(i);
        }
    }
    SectionTree { sections }
}

fn kind_of(style: &Style) -> SectionKind {
    match style {
        Style::Month => SectionKind::Schedule,
        Style::CnShi | Style::CnDi => SectionKind::Enumerator,
        _ => SectionKind::Heading,
    }
}

/// Markers of the document body in text order.
fn collect(text: &CleanText, from: usize, to: usize) -> Vec<Cand> {
    let mut out = Vec::new();
    if from >= to {
        return out;
    }
    let first = text.line_index_at(from);
    for l in &text.lines[first..] {
        if l.start >= to {
            break;
        }
        let s = l.start.max(from);
        let e = l.end.min(to);
        if s >= e || !text.text.is_char_boundary(s) || !text.text.is_char_boundary(e) {
            continue;
        }
        for m in scan_line(&text.text[s..e], s == l.start) {
            out.push(Cand {
                start: s + m.start,
                end: s + m.end,
                line_end: e,
                m,
            });
        }
    }
    out
}

/// The nesting order of the marker styles of one document: the order in
/// which they first appear, except that a style seen opening lists of an
/// earlier one (B followed by an A numbered 1, never the other way round)
/// moves above it.
fn style_ranks(cands: &[Cand]) -> HashMap<Style, usize> {
    let mut order: Vec<Style> = Vec::new();
    for c in cands {
        if !order.contains(&c.m.style) {
            order.push(c.m.style.clone());
        }
    }
    let mut votes: HashMap<(Style, Style), u32> = HashMap::new();
    for w in cands.windows(2) {
        if w[1].m.first_num == 1 && w[0].m.style != w[1].m.style {
            *votes
                .entry((w[0].m.style.clone(), w[1].m.style.clone()))
                .or_default() += 1;
        }
    }
    let above = |a: &Style, b: &Style| {
        let ab = votes.get(&(a.clone(), b.clone())).copied().unwrap_or(0);
        let ba = votes.get(&(b.clone(), a.clone())).copied().unwrap_or(0);
        ab > ba
    };
    // Bounded: each move puts a style strictly higher, n² moves at most.
    let n = order.len();
    for _ in 0..n * n {
        let mut moved = false;
        'outer: for j in 1..order.len() {
            for i in 0..j {
                if above(&order[j], &order[i]) {
                    let s = order.remove(j);
                    order.insert(i, s);
                    moved = true;
                    break 'outer;
                }
            }
        }
        if !moved {
            break;
        }
    }
    order.into_iter().enumerate().map(|(i, s)| (s, i)).collect()
}

/// Where the heading that starts at `from` ends: the first sentence end, a
/// gap between two Han chars (inline headings are set off by a space), or
/// `limit`.
fn heading_end(text: &str, from: usize, limit: usize) -> usize {
    let Some(seg) = text.get(from..limit) else {
        return from;
    };
    let mut prev: Option<char> = None;
    let mut it = seg.char_indices().peekable();
    let mut count = 0;
    while let Some((i, c)) = it.next() {
        count += 1;
        if matches!(c, '。' | ';' | '!' | '?' | '；' | '！' | '？') {
            return from + i;
        }
        if c == ' '
            && count > 3
            && prev.is_some_and(is_han)
            && it.peek().is_some_and(|&(_, n)| is_han(n) || n == '(')
        {
            return from + i;
        }
        prev = Some(c);
    }
    limit
}

fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF)
}

/// Whether a line opens with a section marker (such a line is a heading,
/// not a document title).
pub(crate) fn starts_with_marker(line: &str) -> bool {
    scan_line(line, true).first().is_some_and(|m| m.start == 0)
}
