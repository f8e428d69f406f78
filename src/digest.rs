//! Digests: what the jobs across documents (check, compare) need of one
//! document or one part of a mixed document, owned and small.
//!
//! A [`FileAnalysis`] holds the whole cleaned text, the section trees and
//! every figure of a file; a job that pairs documents of different files
//! would have to keep all of that for every file until the pairs are known.
//! A digest keeps only the unit's identity ([`Unit`], the same one `pairs`
//! groups by) and its items, each with its original text, its cleaned text
//! (what matching reads), its place in the original file and its figures.

use crate::document::DocKind;
use crate::figure::Figure;
use crate::item::ItemKind;
use crate::lang::chars::{is_han, is_semicolon, is_sentence_end};
use crate::output::{heading_path, original_headings};
use crate::pairs::{Unit, units};
use crate::pipeline::FileAnalysis;
use crate::span::SourceSpan;

/// A figure of an item, placed in the item and in the original file.
#[derive(Debug, Clone, PartialEq)]
pub struct DigestFigure {
    pub figure: Figure,
    /// The original text of the figure.
    pub text: String,
    pub span: SourceSpan,
    /// Byte range in the item's cleaned text ([`DigestItem::clean`]).
    pub at: (usize, usize),
    /// Byte range of its clause (between commas) in the item's cleaned text.
    pub clause: (usize, usize),
    /// A rate per person, household or unit (每人3000元, 人均, 标准): it
    /// answers only another rate, never a total.
    pub per_unit: bool,
}

/// One item of a unit.
#[derive(Debug, Clone, PartialEq)]
pub struct DigestItem {
    pub kind: ItemKind,
    /// The original text, as in the file.
    pub text: String,
    /// The cleaned text (full-width folded, noise removed, lines joined).
    pub clean: String,
    pub span: SourceSpan,
    /// 1-based line of its last character.
    pub end_line: usize,
    /// Heading path, outermost first (marker and heading), as written.
    pub section: Vec<String>,
    /// The same headings as the cleaned text has them (what matching
    /// reads: simplified when the file is in traditional script).
    pub section_clean: Vec<String>,
    /// Index of the innermost section in the document's tree.
    pub section_id: Option<usize>,
    pub topics: Vec<&'static str>,
    pub figures: Vec<DigestFigure>,
}

/// One unit (a document, or a part of a mixed document) and its items.
#[derive(Debug, Clone, PartialEq)]
pub struct Digest {
    pub unit: Unit,
    pub items: Vec<DigestItem>,
}

impl Digest {
    /// The items a job reads: promises of a plan; everything but promises
    /// of a summary (results, and the shortcomings and context that may
    /// report what was not done).
    pub fn working_items(&self) -> impl Iterator<Item = &DigestItem> {
        let kind = self.unit.kind;
        self.items.iter().filter(move |i| match kind {
            DocKind::Plan => i.kind == ItemKind::Promise,
            DocKind::Summary => i.kind != ItemKind::Promise,
            _ => false,
        })
    }
}

/// The digests of every unit of an analysed file, in text order.
pub fn digest_file(fa: &FileAnalysis) -> Vec<Digest> {
    digest_file_where(fa, |_, _| true)
}

/// The digests of the units of an analysed file that `keep` accepts (the
/// unit and its document), in text order.
pub fn digest_file_where(
    fa: &FileAnalysis,
    keep: impl Fn(&Unit, &crate::document::Document) -> bool,
) -> Vec<Digest> {
    let name = fa.source.name.as_str();
    let mut out = Vec::new();
    for (index, da) in fa.documents.iter().enumerate() {
        let mut headings: Option<Vec<String>> = None;
        for unit in units(name, index, &da.doc) {
            if !keep(&unit, &da.doc) {
                continue;
            }
            let headings = headings.get_or_insert_with(|| original_headings(fa, &da.sections));
            // Pieces (item, start, end) in text order.
            let mut pieces: Vec<(&crate::item::Item, usize, usize)> = Vec::new();
            for it in da
                .items
                .iter()
                .filter(|it| unit.part.is_none() || it.part == unit.part)
            {
                let cut = if it.kind == ItemKind::Promise {
                    promise_pieces(&fa.clean.text, it.span.start, it.span.end)
                } else {
                    vec![(it.span.start, it.span.end)]
                };
                for (start, end) in cut {
                    // A lead-in title of its own (（四）开展创建活动。,
                    // 4．“夏送清凉”活动深入开展。) names the promise or the
                    // result that follows it on the same line.
                    if let Some(last) = pieces.last_mut()
                        && last.0.kind == it.kind
                        && it.kind != ItemKind::Other
                        && is_lead(&fa.clean.text[last.1..last.2])
                        && !fa.clean.text[last.2..start].contains('\n')
                        && !da
                            .figures
                            .iter()
                            .any(|f| f.figure.start >= last.1 && f.figure.end <= last.2)
                    {
                        last.2 = end;
                        continue;
                    }
                    pieces.push((it, start, end));
                }
            }
            let items = pieces
                .into_iter()
                .map(|(it, start, end)| digest_item(fa, da, headings, it, start, end))
                .collect();
            out.push(Digest { unit, items });
        }
    }
    out
}

/// One item (or one promise of an item) as a digest keeps it.
fn digest_item(
    fa: &FileAnalysis,
    da: &crate::pipeline::DocAnalysis,
    headings: &[String],
    it: &crate::item::Item,
    start: usize,
    end: usize,
) -> DigestItem {
    let (s, e) = fa.clean.orig_span(start, end);
    let line = fa.source.lines.line_of(s);
    let path = da.sections.path_at(start);
    let figures = da
        .figures
        .iter()
        .filter(|pf| pf.figure.start >= start && pf.figure.end <= end)
        .map(|pf| {
            let f = &pf.figure;
            let (fs, fe) = fa.clean.orig_span(f.start, f.end);
            DigestFigure {
                figure: f.clone(),
                text: fa.source.span_text((fs, fe)),
                span: SourceSpan {
                    start: fs,
                    end: fe,
                    line: fa.source.lines.line_of(fs),
                },
                at: (f.start - start, f.end - start),
                clause: (
                    f.clause.0.clamp(start, f.start) - start,
                    f.clause.1.clamp(f.end, end) - start,
                ),
                per_unit: f.per_unit,
            }
        })
        .collect();
    DigestItem {
        kind: it.kind,
        text: fa.source.span_text((s, e)),
        clean: fa.clean.text[start..end].to_string(),
        span: SourceSpan {
            start: s,
            end: e,
            line,
        },
        end_line: fa.source.lines.line_of(e.saturating_sub(1).max(s)),
        section: heading_path(headings, &path),
        section_clean: path
            .iter()
            .map(|&i| {
                let s = &da.sections.sections[i];
                fa.clean.text[s.start..s.heading_end].trim().to_string()
            })
            .collect(),
        section_id: it.section,
        topics: it.topics.clone(),
        figures,
    }
}

/// A sentence that only names a piece of work: short, no comma, so
/// it leads into the promise after it.
fn is_lead(text: &str) -> bool {
    let han = text.chars().filter(|&c| is_han(c)).count();
    han < 25 && !text.contains(['，', ',', '；', ';', '：', ':'])
}

/// Han characters from which a sentence is a promise of its own; shorter
/// ones (a lead-in title such as （一）抓好学习宣传。) join the next.
const PROMISE_MIN_HAN: usize = 12;

/// The promises of a plan item: its sentences (cut at 。！？ and ；), a short
/// lead sentence joined to the one after it, a short tail to the one
/// before. An item of several sentences makes several promises, each
/// checked and compared on its own.
pub fn promise_pieces(text: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    let body = &text[start..end];
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    let mut from = 0;
    // Quotes and brackets do not end a sentence inside them (“…。”).
    let mut depth = 0i32;
    for (i, c) in body.char_indices() {
        match c {
            '“' | '《' | '（' | '(' | '「' => depth += 1,
            '”' | '》' | '）' | ')' | '」' => depth -= 1,
            _ => {}
        }
        if depth <= 0 && (is_sentence_end(c) || is_semicolon(c)) {
            let e = i + c.len_utf8();
            cuts.push((from, e));
            from = e;
            depth = 0;
        }
    }
    if from < body.len() {
        cuts.push((from, body.len()));
    }
    let han = |(s, e): (usize, usize)| body[s..e].chars().filter(|&c| is_han(c)).count();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    let mut pending: Option<usize> = None;
    for cut in cuts {
        let s = pending.take().unwrap_or(cut.0);
        let piece = (s, cut.1);
        if han(piece) < PROMISE_MIN_HAN {
            pending = Some(s);
        } else {
            merged.push(piece);
        }
    }
    if let Some(s) = pending {
        match merged.last_mut() {
            Some(last) => last.1 = body.len(),
            None => merged.push((s, body.len())),
        }
    }
    merged
        .into_iter()
        .filter_map(|(s, e)| {
            // Trim white space at both ends.
            let piece = &body[s..e];
            let lead = piece.len() - piece.trim_start().len();
            let trimmed = piece.trim();
            (!trimmed.is_empty()).then(|| (start + s + lead, start + s + lead + trimmed.len()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::{Resources, Stages, analyze_source};
    use crate::read::decode;

    fn pieces(text: &str) -> Vec<&str> {
        promise_pieces(text, 0, text.len())
            .into_iter()
            .map(|(s, e)| &text[s..e])
            .collect()
    }

    #[test]
    fn a_plan_item_is_cut_into_its_promises() {
        assert_eq!(
            pieces(
                "（一）抓好学习宣传。组织干部开展集中轮训，上半年完成200人以上。组建宣讲团开展宣讲不少于30场；力争覆盖职工1万人次。"
            ),
            [
                "（一）抓好学习宣传。组织干部开展集中轮训，上半年完成200人以上。",
                "组建宣讲团开展宣讲不少于30场；力争覆盖职工1万人次。",
            ]
        );
        // A quoted sentence end does not cut.
        assert_eq!(
            pieces("开展“学习强国。”知识竞赛活动，参赛职工不少于500人。").len(),
            1
        );
    }

    #[test]
    fn lead_titles_join_and_rates_are_told_from_totals() {
        let text = "某县总工会2021年工作计划\n一、帮扶\n（一）做好助学。资助困难职工子女不少于100名，每人资助3000元，新建标准化母婴室12个。\n";
        let res = Resources::load(None).unwrap();
        let fa = analyze_source(
            decode("t.txt", text.as_bytes().to_vec()).unwrap(),
            &res,
            Stages::ALL,
        );
        let d = &digest_file(&fa)[0];
        let promises: Vec<&DigestItem> = d.working_items().collect();
        assert_eq!(promises.len(), 1, "{promises:?}");
        assert!(promises[0].text.starts_with("（一）做好助学。资助"));
        let rate = |t: &str| {
            promises[0]
                .figures
                .iter()
                .find(|f| f.text == t)
                .unwrap()
                .per_unit
        };
        assert!(rate("3000元"));
        assert!(!rate("不少于100名"));
        assert!(!rate("12个"), "标准化 is no rate");
        // Spans read back.
        let p = promises[0];
        assert_eq!(
            &text.as_bytes()[p.span.start..p.span.end],
            p.text.as_bytes()
        );
    }
}
