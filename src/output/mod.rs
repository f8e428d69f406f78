//! Output: small plain records with exact provenance (file, 1-based line,
//! original byte span), made from the library's types only to be printed or
//! written, and the formats people read them in.
//!
//! - here: the records ([`DocumentRecord`], [`SectionRecord`],
//!   [`FigureRecord`], [`DocTopicsRecord`], [`StatRecord`]) and the
//!   [`Recorder`] that makes them from a [`FileAnalysis`]; values are
//!   rounded ([`tidy`]) here and nowhere earlier;
//! - [`csv`](mod@csv): CSV rows as serde records (header and row from one
//!   struct), UTF-8 with BOM for Excel and WPS;
//! - [`text`]: what people read in a terminal: aligned tables, readable
//!   numbers and values, section trees.

pub mod check;
pub mod csv;
pub mod report;
pub mod text;

pub use self::csv::{
    FigureCsvRow, ItemCsvRow, LIST_SEPARATOR, PATH_SEPARATOR, StatCsvRow, csv_row_writer,
    csv_writer, write_figures_csv, write_items_csv,
};
pub use self::text::{
    FIGURE_EXPLAIN_TABLE_HEADER, FIGURE_TABLE_HEADER, ITEM_TABLE_HEADER, NOT_TAKEN_TABLE_HEADER,
    STATS_FIXED_COLUMNS, TOPIC_TABLE_HEADER, figure_explain_table_row, figure_table_row,
    format_number, item_table_row, not_taken_table_row, readable_value, stats_table,
    topic_table_rows, write_section_tree, write_table,
};
/// Kept here for callers of `output::kind_at`; it lives in [`crate::pipeline`].
pub use crate::pipeline::kind_at;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::document::DocRef;
use crate::figure::FigureValue;
use crate::jobs::StatRow;
use crate::pipeline::{DocAnalysis, FileAnalysis, PlacedFigure};
use crate::section::{SectionKind, SectionTree};

/// Floating point noise (134.1911 × 10⁴ = 1341910.9999999998) is rounded
/// away: values keep at most six decimals.
pub fn tidy(v: f64) -> f64 {
    let r = (v * 1e6).round() / 1e6;
    if r == 0.0 { 0.0 } else { r }
}

pub use crate::dict::topic_label;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TopicShare {
    pub topic: &'static str,
    /// The topic's share of the document's sentences, as in `topics`.
    pub share: f64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PartRecord {
    pub kind: &'static str,
    pub year: Option<i32>,
    /// ISO-like period: `2017`, `2019-H1`, `2018-T1`, `2019-2020SY`.
    pub period: Option<String>,
    pub title: Option<String>,
    pub start_line: usize,
    pub end_line: usize,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SectionNode {
    /// `heading`, `schedule` (三月份:) or `enumerator` (一是, 第一).
    pub kind: SectionKind,
    pub marker: String,
    pub heading: String,
    pub level: u8,
    pub line: usize,
    pub span: [usize; 2],
    pub topics: Vec<&'static str>,
    pub children: Vec<SectionNode>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DocumentRecord {
    pub file: String,
    pub doc: usize,
    pub title: String,
    pub kind: &'static str,
    pub year: Option<i32>,
    /// The organisation's full name as written (清河县总工会), or its bare
    /// category (机关工会) when no name is written.
    pub org: Option<String>,
    /// What documents of one organisation share (see `OrgKey::key`).
    pub org_key: Option<String>,
    pub org_level: Option<&'static str>,
    pub org_kind: Option<&'static str>,
    /// Where the name was found: title, signature, opening, category, path.
    pub org_source: Option<&'static str>,
    /// ISO-like period: `2017`, `2019-H1`, `2019-Q3`, `2018-T1`,
    /// `2019-2020SY` (`XXXX` for an unknown year).
    pub period: Option<String>,
    pub start_line: usize,
    pub end_line: usize,
    pub span: [usize; 2],
    pub parts: Vec<PartRecord>,
    /// The document this one repeats: `{file, doc}` of the first copy in
    /// the inputs.
    pub duplicate_of: Option<DocRef>,
    pub encoding: &'static str,
    pub section_count: usize,
    pub figure_count: usize,
    pub topics: Vec<TopicShare>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sections: Option<Vec<SectionNode>>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SectionRecord {
    pub file: String,
    pub doc: usize,
    pub index: usize,
    pub parent: Option<usize>,
    pub kind: SectionKind,
    pub marker: String,
    pub heading: String,
    pub level: u8,
    pub line: usize,
    pub end_line: usize,
    pub span: [usize; 2],
    pub path: Vec<String>,
    pub topics: Vec<&'static str>,
}

/// A figure as an item lists it: what it is, not where (its item says).
/// Typed for tables: `value` is a number (amounts in yuan, counts,
/// percents, frequencies), dates are `date` as read (2019, 2019-H1,
/// 2019-05/2019-06, XXXX-05 when the year is unknown) and their first and
/// last day `date_start`, `date_end` (ISO).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ItemFigure {
    pub text: String,
    pub kind: &'static str,
    pub value: Option<f64>,
    pub value_max: Option<f64>,
    pub date: Option<String>,
    pub date_start: Option<String>,
    pub date_end: Option<String>,
    /// `元` for amounts; 名, 个, 人次, %, 个百分点 … for the others.
    pub unit: Option<String>,
    pub qualifier: Option<&'static str>,
    pub approx: bool,
    pub subject: Option<String>,
    pub role: Option<&'static str>,
    pub action: Option<String>,
    /// raise, pay, invest or recover (see `dictionaries/roles.txt`).
    pub family: Option<&'static str>,
    /// A rate (每人500元), never summed.
    pub per_unit: bool,
    /// A breakdown of a total before it (其中…), not summed with it.
    pub part: bool,
    /// body, title or header (the document's own year, a date line).
    pub place: &'static str,
    /// The rule that read it (`gonghui figures --explain` lists them).
    pub rule: &'static str,
}

/// One line of `items.jsonl`: a promise or a result.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ItemRecord {
    pub file: String,
    pub doc: usize,
    /// Index of the mixed document's part holding it.
    pub part: Option<usize>,
    pub kind: &'static str,
    pub line: usize,
    pub end_line: usize,
    /// Byte range in the original file; reading it gives `text`.
    pub span: crate::span::SourceSpan,
    pub text: String,
    /// Heading path, outermost first.
    pub section: Vec<String>,
    pub topics: Vec<&'static str>,
    pub figures: Vec<ItemFigure>,
    pub doc_kind: &'static str,
    pub year: Option<i32>,
    pub org: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FigureRecord {
    pub file: String,
    pub doc: usize,
    pub line: usize,
    pub span: [usize; 2],
    #[serde(flatten)]
    pub figure: ItemFigure,
    pub topics: Vec<&'static str>,
    /// Headings as written, outermost first.
    pub section: Vec<String>,
    /// The figure's sentence as written in the original file.
    pub sentence: String,
    pub doc_kind: &'static str,
    pub year: Option<i32>,
    pub org: Option<String>,
    /// Why the figure is what it is (`gonghui figures --explain`); absent
    /// otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explain: Option<FigureExplain>,
}

/// A number the figure stage did not take, and why (`gonghui figures
/// --explain`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct NotTakenRecord {
    pub file: String,
    pub doc: usize,
    pub line: usize,
    pub span: [usize; 2],
    /// As written in the original file.
    pub text: String,
    /// The guard's name (`set-phrase`, `document-number` …).
    pub guard: &'static str,
    pub reason: &'static str,
}

/// The reasons behind a figure (`--explain`): the numbers of its sentence
/// not taken, and what decided its topics.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FigureExplain {
    /// The numbers of the figure's sentence that were not taken, and why.
    pub not_taken: Vec<NotTakenRecord>,
    /// The rule that settled the topics: `clause`, `sentence`, `items`,
    /// `heading` (terms there reached a score of 1; the clause alone only
    /// with 3), `report_period`, `list_period`, `date_line`,
    /// `report_as_whole`, `nothing` (→ general).
    pub topic_rule: crate::topic::Decision,
    /// Every topic the tagger scored, best first, with its score.
    pub topic_scores: Vec<TopicScoreRecord>,
    /// The terms read, in order (clause, sentence, items, headings), each
    /// once per topic it counts for.
    pub topic_terms: Vec<TopicTermRecord>,
    /// For a breakdown (其中…): the total whose topics it takes, and whose
    /// terms these are.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub topic_from_total: Option<TotalRecord>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TopicScoreRecord {
    pub topic: &'static str,
    pub score: f64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TopicTermRecord {
    /// The dictionary term (`dictionaries/topics/<topic>.txt`).
    pub term: String,
    /// The term as the original file writes it (traditional script,
    /// full-width letters); absent when it cannot be placed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    pub topic: &'static str,
    /// Its dictionary weight, and what it added to the topic's score (the
    /// weight scaled by nearness to the figure).
    pub weight: f64,
    pub score: f64,
    /// `clause`, `sentence`, `items` (under a schedule entry) or `heading`.
    pub place: crate::topic::TermPlace,
    /// Line and original byte span of the term.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<[usize; 2]>,
    /// Only read to break a tie between the leading topics.
    pub tiebreak: bool,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TotalRecord {
    pub line: usize,
    pub text: String,
}

/// A document's topics, each with its share of the text and how many of
/// its figures have it as their first topic (`gonghui topics`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DocTopicsRecord {
    pub file: String,
    pub doc: usize,
    pub title: String,
    pub kind: &'static str,
    pub year: Option<i32>,
    pub start_line: usize,
    pub topics: Vec<TopicCount>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TopicCount {
    pub topic: &'static str,
    pub label: &'static str,
    pub share: f64,
    pub figures: usize,
}

/// One row of `stats` as printed: the group by key name, values rounded.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct StatRecord {
    pub group: BTreeMap<&'static str, String>,
    pub kind: &'static str,
    pub unit: String,
    pub role: &'static str,
    pub family: &'static str,
    pub basis: &'static str,
    pub counted: String,
    pub count: usize,
    pub sum: Option<f64>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub mean: Option<f64>,
}

impl From<&StatRow> for StatRecord {
    fn from(r: &StatRow) -> StatRecord {
        StatRecord {
            group: r.group.iter().map(|(g, k)| (g.name(), k.clone())).collect(),
            kind: r.measure.kind.as_str(),
            unit: r.measure.unit.clone(),
            role: r.measure.role,
            family: r.measure.family,
            basis: r.measure.basis.as_str(),
            counted: r.measure.counted.clone(),
            count: r.count,
            sum: r.sum.map(tidy),
            min: r.min.map(tidy),
            max: r.max.map(tidy),
            mean: r.mean.map(tidy),
        }
    }
}

/// Turns one analysed file into records.
pub struct Recorder<'a> {
    fa: &'a FileAnalysis,
    /// [`original_headings`] of each document.
    headings: Vec<Vec<String>>,
    /// The last sentence read from the original file: figures of one
    /// sentence come one after another and share it.
    last_sentence: std::cell::RefCell<Option<((usize, usize), String)>>,
}

impl<'a> Recorder<'a> {
    pub fn new(fa: &'a FileAnalysis) -> Self {
        Recorder {
            fa,
            headings: fa
                .documents
                .iter()
                .map(|da| original_headings(fa, &da.sections))
                .collect(),
            last_sentence: Default::default(),
        }
    }

    fn file(&self) -> String {
        self.fa.source.name.clone()
    }

    fn span(&self, start: usize, end: usize) -> [usize; 2] {
        let (s, e) = self.fa.clean.orig_span(start, end);
        [s, e]
    }

    fn line(&self, clean_offset: usize) -> usize {
        self.fa
            .source
            .lines
            .line_of(self.fa.clean.map.orig_start(clean_offset))
    }

    /// Line of the last char before `clean_end`.
    fn end_line(&self, clean_start: usize, clean_end: usize) -> usize {
        let text = &self.fa.clean.text;
        let mut e = clean_end.min(text.len());
        // The range usually ends with the line's `\n`: step back over it.
        while e > clean_start && text.as_bytes()[e - 1] == b'\n' {
            e -= 1;
        }
        if e <= clean_start {
            return self.line(clean_start);
        }
        let last = text[..e]
            .char_indices()
            .next_back()
            .map(|(i, _)| i)
            .unwrap_or(0);
        self.line(last)
    }

    pub fn document(&self, index: usize, with_sections: bool) -> DocumentRecord {
        let da = &self.fa.documents[index];
        let d = &da.doc;
        DocumentRecord {
            file: self.file(),
            doc: index,
            title: d.title.clone(),
            kind: d.kind.as_str(),
            year: d.year(),
            org: d.org.as_ref().map(|o| o.name.clone()),
            org_key: d.org.as_ref().map(|o| o.key()),
            org_level: d.org.as_ref().map(|o| o.level.as_str()),
            org_kind: d.org.as_ref().map(|o| o.kind.as_str()),
            org_source: d.org.as_ref().map(|o| o.source.as_str()),
            period: d.period.map(|p| p.iso()),
            start_line: self.line(d.start),
            end_line: self.end_line(d.start, d.end),
            span: self.span(d.start, trim_end(&self.fa.clean.text, d.start, d.end)),
            parts: d
                .parts
                .iter()
                .map(|p| PartRecord {
                    kind: p.kind.as_str(),
                    year: p.year(),
                    period: p.period.map(|p| p.iso()),
                    title: p.title.clone(),
                    start_line: self.line(p.start),
                    end_line: self.end_line(p.start, p.end),
                })
                .collect(),
            duplicate_of: d.duplicate_of.clone(),
            encoding: self.fa.source.encoding.name(),
            section_count: da.sections.sections.len(),
            figure_count: da.figures.len(),
            topics: da
                .topics
                .iter()
                .map(|t| TopicShare {
                    topic: t.topic,
                    share: tidy(t.score as f64),
                })
                .collect(),
            sections: with_sections.then(|| self.section_nodes(da)),
        }
    }

    fn section_nodes(&self, da: &DocAnalysis) -> Vec<SectionNode> {
        let tree = &da.sections;
        fn node(r: &Recorder, da: &DocAnalysis, tree: &SectionTree, i: usize) -> SectionNode {
            let s = &tree.sections[i];
            let (marker, heading) = original_marker_heading(r.fa, s);
            SectionNode {
                kind: s.kind,
                marker,
                heading,
                level: s.level,
                line: r.line(s.start),
                span: r.span(s.start, s.heading_end),
                topics: da.section_topics.get(i).cloned().unwrap_or_default(),
                children: s.children.iter().map(|&c| node(r, da, tree, c)).collect(),
            }
        }
        tree.roots().map(|i| node(self, da, tree, i)).collect()
    }

    pub fn sections(&self, index: usize) -> Vec<SectionRecord> {
        let da = &self.fa.documents[index];
        let tree = &da.sections;
        tree.sections
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let (marker, heading) = original_marker_heading(self.fa, s);
                SectionRecord {
                    file: self.file(),
                    doc: index,
                    index: i,
                    parent: s.parent,
                    kind: s.kind,
                    marker,
                    heading,
                    level: s.level,
                    line: self.line(s.start),
                    end_line: self.end_line(s.start, s.end),
                    span: self.span(s.start, s.heading_end),
                    path: self.headings(index, &tree.path_at(s.start)),
                    topics: da.section_topics.get(i).cloned().unwrap_or_default(),
                }
            })
            .collect()
    }

    /// What a figure is, as written and read: the fields a figure record
    /// and an item's figure list share.
    fn figure_facts(&self, f: &crate::figure::Figure) -> ItemFigure {
        let (value, date) = match &f.value {
            FigureValue::Number(v) => (Some(tidy(*v)), None),
            FigureValue::Date(d) => (None, Some(d.clone())),
        };
        let bounds = date.as_deref().and_then(crate::figure::date::iso_bounds);
        let (date_start, date_end) = bounds.unzip();
        ItemFigure {
            text: self.fa.original(f.start, f.end),
            kind: f.kind.as_str(),
            value,
            value_max: f.value_max.map(tidy),
            date,
            date_start,
            date_end,
            unit: f.unit.clone(),
            qualifier: f.qualifier.map(|q| q.as_str()),
            approx: f.approx,
            subject: f.subject.clone(),
            role: f.role.map(|r| r.as_str()),
            action: f.action.clone(),
            family: f.family.map(|x| x.as_str()),
            per_unit: f.per_unit,
            part: f.part,
            place: f.place.as_str(),
            rule: f.rule,
        }
    }

    /// A figure's sentence as written, trimmed (read once per sentence).
    fn sentence(&self, s0: usize, s1: usize) -> String {
        let mut last = self.last_sentence.borrow_mut();
        if let Some((at, text)) = last.as_ref()
            && *at == (s0, s1)
        {
            return text.clone();
        }
        let text = self.fa.original(s0, s1).trim().to_string();
        *last = Some(((s0, s1), text.clone()));
        text
    }

    /// The heading path of sections `path` of document `index`, as written.
    fn headings(&self, index: usize, path: &[usize]) -> Vec<String> {
        heading_path(&self.headings[index], path)
    }

    pub fn figure(&self, index: usize, pf: &PlacedFigure) -> FigureRecord {
        let da = &self.fa.documents[index];
        let f = &pf.figure;
        let (s0, s1) = f.sentence;
        let s1 = trim_end(&self.fa.clean.text, s0, s1);
        FigureRecord {
            file: self.file(),
            doc: index,
            line: self.line(f.start),
            span: self.span(f.start, f.end),
            figure: self.figure_facts(f),
            topics: pf.topics.iter().map(|t| t.topic).collect(),
            section: self.headings(index, &pf.section_path),
            sentence: self.sentence(s0, s1),
            doc_kind: kind_at(&da.doc, f.start).as_str(),
            year: da.doc.year_at(f.start),
            org: da.doc.org.as_ref().map(|o| o.name.clone()),
            explain: None,
        }
    }

    /// A number not taken in document `index` ([`crate::pipeline::numbers_not_taken`]).
    pub fn not_taken(&self, index: usize, n: &crate::figure::NotTaken) -> NotTakenRecord {
        NotTakenRecord {
            file: self.file(),
            doc: index,
            line: self.line(n.start),
            span: self.span(n.start, n.end),
            text: self.fa.original(n.start, n.end),
            guard: n.guard.as_str(),
            reason: n.guard.reason(),
        }
    }

    /// [`Self::figure`] with its `explain` record, from the explanations of
    /// its document ([`crate::pipeline::explain_topics`], in the order of
    /// `DocAnalysis::figures`).
    pub fn figure_explained(
        &self,
        index: usize,
        pf: &PlacedFigure,
        why: &[crate::pipeline::FigureTopicsWhy],
    ) -> FigureRecord {
        let mut r = self.figure(index, pf);
        let da = &self.fa.documents[index];
        let at = da.figures.iter().position(|p| std::ptr::eq(p, pf));
        r.explain = at.and_then(|i| why.get(i)).map(|w| self.explain(index, w));
        r
    }

    fn explain(&self, index: usize, why: &crate::pipeline::FigureTopicsWhy) -> FigureExplain {
        let e = &why.explanation;
        let topic_terms = e
            .terms
            .iter()
            .zip(&why.term_spans)
            .map(|(t, at)| TopicTermRecord {
                term: t.term.clone(),
                text: at.map(|(a, b)| self.fa.original(a, b)),
                topic: t.topic,
                weight: tidy(t.weight as f64),
                score: tidy(t.score as f64),
                place: t.place,
                line: at.map(|(a, _)| self.line(a)),
                span: at.map(|(a, b)| self.span(a, b)),
                tiebreak: t.tiebreak,
            })
            .collect();
        let topic_from_total = why.total.map(|t| {
            let f = &self.fa.documents[index].figures[t].figure;
            TotalRecord {
                line: self.line(f.start),
                text: self.fa.original(f.start, f.end),
            }
        });
        FigureExplain {
            not_taken: Vec::new(),
            topic_rule: e.decided_by,
            topic_scores: e
                .topics
                .iter()
                .map(|t| TopicScoreRecord {
                    topic: t.topic,
                    score: tidy(t.score as f64),
                })
                .collect(),
            topic_terms,
            topic_from_total,
        }
    }

    /// The topics of document `index`, with their figures.
    pub fn document_topics(&self, index: usize) -> DocTopicsRecord {
        let da = &self.fa.documents[index];
        let d = &da.doc;
        let topics = da
            .topics
            .iter()
            .map(|t| TopicCount {
                topic: t.topic,
                label: topic_label(t.topic),
                share: tidy(t.score as f64),
                // The title's and header's figures (the document's own
                // year) are about no topic.
                figures: da
                    .figures
                    .iter()
                    .filter(|pf| pf.figure.place == crate::figure::Place::Body)
                    .filter(|pf| pf.topics.first().is_some_and(|ft| ft.topic == t.topic))
                    .count(),
            })
            .collect();
        DocTopicsRecord {
            file: self.file(),
            doc: index,
            title: d.title.clone(),
            kind: d.kind.as_str(),
            year: d.year(),
            start_line: self.line(d.start),
            topics,
        }
    }

    /// All figure records of the file, in text order.
    /// The items of document `index`, in text order.
    pub fn items(&self, index: usize) -> Vec<ItemRecord> {
        let da = &self.fa.documents[index];
        da.items
            .iter()
            .map(|item| {
                let (s, e) = self.fa.clean.orig_span(item.span.start, item.span.end);
                let line = self.line(item.span.start);
                ItemRecord {
                    file: self.file(),
                    doc: index,
                    part: item.part,
                    kind: item.kind.as_str(),
                    line,
                    end_line: self.end_line(item.span.start, item.span.end),
                    span: crate::span::SourceSpan {
                        start: s,
                        end: e,
                        line,
                    },
                    text: self.fa.source.span_text((s, e)),
                    section: self.headings(index, &da.sections.path_at(item.span.start)),
                    topics: item.topics.clone(),
                    figures: item
                        .figures
                        .iter()
                        .filter_map(|&i| da.figures.get(i))
                        .map(|pf| self.figure_facts(&pf.figure))
                        .collect(),
                    doc_kind: kind_at(&da.doc, item.span.start).as_str(),
                    year: da.doc.year_at(item.span.start),
                    org: da.doc.org.as_ref().map(|o| o.name.clone()),
                }
            })
            .collect()
    }

    pub fn figures(&self) -> Vec<FigureRecord> {
        self.fa
            .documents
            .iter()
            .enumerate()
            .flat_map(|(i, da)| da.figures.iter().map(move |pf| (i, pf)))
            .map(|(i, pf)| self.figure(i, pf))
            .collect()
    }
}

fn trim_end(text: &str, start: usize, end: usize) -> usize {
    let mut e = end.min(text.len());
    while e > start && text.as_bytes()[e - 1] == b'\n' {
        e -= 1;
    }
    e
}

/// Marker and heading of each section on a path, outermost first, as
/// the original file has them.
pub fn heading_path(headings: &[String], path: &[usize]) -> Vec<String> {
    path.iter().map(|&i| headings[i].clone()).collect()
}

/// The heading of every section of `tree` as the original file has it,
/// trimmed, by section index: read from the original once per document,
/// not once per figure or item under it.
pub fn original_headings(fa: &FileAnalysis, tree: &SectionTree) -> Vec<String> {
    tree.sections
        .iter()
        .map(|s| fa.original(s.start, s.heading_end).trim().to_string())
        .collect()
}

/// A section's marker and heading as the original file has them: the
/// cleaned marker's length tells where the heading starts.
pub fn original_marker_heading(fa: &FileAnalysis, s: &crate::section::Section) -> (String, String) {
    let text = &fa.clean.text;
    let cut = s.start + s.marker.len();
    let whole = |a: usize, b: usize| fa.original(a, b).trim().to_string();
    if text.get(s.start..cut) == Some(s.marker.as_str()) && cut <= s.heading_end {
        (whole(s.start, cut), whole(cut, s.heading_end))
    } else {
        (s.marker.clone(), whole(s.start, s.heading_end))
    }
}
