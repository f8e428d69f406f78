//! One file through every stage: read → clean → documents → sections →
//! figures → topics.

use std::path::Path;

use rayon::prelude::*;

use crate::clean::{CleanText, Cleaner};
use crate::dict::{DictError, Dictionaries};
use crate::document::{DocKind, Document, DocumentSplitter};
use crate::figure::{Figure, FigureExtractor, FigureKind, FigureValue, NotTaken, Place};
use crate::item::{Item, ItemSplitter};
use crate::read::{InputSource, ReadError, SourceFile, read_input};
use crate::section::{SectionTree, build_sections};
use crate::topic::{TermPlace, TopicError, TopicScore, TopicTagger};

/// Everything the stages need, loaded once and shared read-only by all
/// threads.
pub struct Resources {
    pub dicts: Dictionaries,
    pub cleaner: Cleaner,
    pub splitter: DocumentSplitter,
    pub figures: FigureExtractor,
    pub tagger: TopicTagger,
    pub items: ItemSplitter,
    /// Synonyms, unit families and completion cues of check and compare.
    pub matcher: crate::matching::Matcher,
    /// What the user says documents or parts are (`--part`,
    /// `--parts-file`), set after the document stage.
    pub overrides: Vec<crate::document::PartOverride>,
}

#[derive(Debug, thiserror::Error)]
pub enum ResourceError {
    #[error(transparent)]
    Dict(#[from] DictError),
    #[error(transparent)]
    Topic(#[from] TopicError),
}

impl Resources {
    pub fn load(dict_dir: Option<&Path>) -> Result<Resources, ResourceError> {
        let dicts = Dictionaries::load(dict_dir)?;
        Ok(Resources {
            cleaner: Cleaner::new(&dicts),
            splitter: DocumentSplitter::new(&dicts),
            figures: FigureExtractor::new(&dicts),
            tagger: TopicTagger::new(&dicts)?,
            items: ItemSplitter::new(&dicts),
            matcher: crate::matching::Matcher::new(&dicts),
            overrides: Vec::new(),
            dicts,
        })
    }
}

/// How far to run the pipeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stages {
    pub figures: bool,
    pub topics: bool,
}

impl Stages {
    pub const ALL: Stages = Stages {
        figures: true,
        topics: true,
    };
    pub const SECTIONS: Stages = Stages {
        figures: false,
        topics: false,
    };
}

/// A figure with what the later stages know of it.
#[derive(Debug, Clone)]
pub struct PlacedFigure {
    pub figure: Figure,
    /// Sections enclosing it, outermost first (indices into the document's
    /// tree).
    pub section_path: Vec<usize>,
    pub topics: Vec<TopicScore>,
}

#[derive(Debug, Clone)]
pub struct DocAnalysis {
    pub doc: Document,
    pub sections: SectionTree,
    pub figures: Vec<PlacedFigure>,
    /// Topics of the document: share of its sentences per topic, best first.
    pub topics: Vec<TopicScore>,
    /// Topic ids of each section (by index in `sections`), best first.
    pub section_topics: Vec<Vec<&'static str>>,
    /// Promises and results, in text order (empty unless figures are
    /// extracted: items hold their figures).
    pub items: Vec<Item>,
}

#[derive(Debug, Clone)]
pub struct FileAnalysis {
    pub source: SourceFile,
    pub clean: CleanText,
    pub documents: Vec<DocAnalysis>,
}

impl FileAnalysis {
    /// A cleaned byte range as the original file writes it: the text every
    /// output quotes.
    pub fn original(&self, start: usize, end: usize) -> String {
        self.source.span_text(self.clean.orig_span(start, end))
    }
}

/// The kind that holds at a cleaned offset ([`Document::kind_at`]).
pub fn kind_at(doc: &Document, offset: usize) -> DocKind {
    doc.kind_at(offset)
}

/// The numbers the figure stage saw in each document of `fa` and did not
/// take, each with the guard that refused it (`gonghui figures --explain`):
/// (document index, number), in text order. The figure stage runs again
/// over the same ranges, so this costs a second extraction.
pub fn numbers_not_taken(fa: &FileAnalysis, res: &Resources) -> Vec<(usize, NotTaken)> {
    let mut out = Vec::new();
    for (i, d) in fa.documents.iter().enumerate() {
        for (start, end, year) in year_ranges(&d.doc) {
            let (_, not_taken) = res.figures.explain(&fa.clean.text, start, end, year);
            out.extend(not_taken.into_iter().map(|n| (i, n)));
        }
    }
    // Callers look a sentence's numbers up by (document, start).
    out.sort_by_key(|(d, n)| (*d, n.start, n.end));
    out
}

/// Reads and analyses one input.
pub fn analyze_input(
    input: &InputSource,
    res: &Resources,
    stages: Stages,
) -> Result<FileAnalysis, ReadError> {
    let source = read_input(input)?;
    Ok(analyze_source(source, res, stages))
}

/// Analyses an already decoded file.
pub fn analyze_source(source: SourceFile, res: &Resources, stages: Stages) -> FileAnalysis {
    let clean = res.cleaner.clean(&source);
    // Documents of one file are independent: a big collection file keeps
    // every core busy too. Order is kept by the indexed collect.
    let mut docs = res.splitter.split_file(&clean, &source.name);
    crate::document::apply_overrides(&res.overrides, &source.name, &mut docs);
    let documents = docs
        .into_par_iter()
        .map(|doc| analyze_document(&clean, doc, res, stages))
        .collect();
    FileAnalysis {
        source,
        clean,
        documents,
    }
}

fn analyze_document(
    clean: &CleanText,
    doc: Document,
    res: &Resources,
    stages: Stages,
) -> DocAnalysis {
    let sections = build_sections(clean, &doc);
    // The document's topic terms, found in one pass and read by the figures
    // and the document's topic shares alike.
    let hits = if stages.topics {
        res.tagger.text_hits(&clean.text, (doc.start, doc.end))
    } else {
        Default::default()
    };
    // Where the opening paragraph ends (read once: a document of one long
    // line would otherwise be scanned again for every figure).
    let opening_end = opening_end(&clean.text, &doc);
    // The opening of the first paragraph of prose (date lines and
    // addresses under the title skipped), where the document restates its
    // period: its first PERIOD_BYTES, so that a page of one long line is
    // not all opening.
    let first_paragraph_end = {
        let mut pos = doc.body_start.min(doc.end);
        let mut end = opening_end;
        for line in clean.text[pos..doc.end].split_inclusive('\n') {
            let next = pos + line.len();
            if line.trim().chars().count() >= 20 {
                end = next.min(pos + PERIOD_BYTES);
                break;
            }
            pos = next;
        }
        end
    };
    let mut figures = Vec::new();
    if stages.figures {
        for (start, end, year) in year_ranges(&doc) {
            let mut found = res
                .figures
                .extract_with_roles(&clean.text, start, end, year, |o| doc.kind_at(o));
            for f in &mut found {
                f.place = place_of(&clean.text, &doc, first_paragraph_end, f);
            }
            for figure in found {
                let section_path = sections.path_at(figure.start);
                let topics = if stages.topics {
                    let inputs = TopicInputs::of(
                        &clean.text,
                        &doc,
                        &sections,
                        &section_path,
                        &figure,
                        opening_end,
                    );
                    res.tagger
                        .figure_topics_in(&inputs.context(&figure), figure.sentence.0, &hits)
                } else {
                    Vec::new()
                };
                figures.push(PlacedFigure {
                    figure,
                    section_path,
                    topics,
                });
            }
        }
    }
    // A breakdown (其中…) is about what its total is about.
    for i in 0..figures.len() {
        if let Some(t) = total_of(&figures, i) {
            figures[i].topics = figures[t].topics.clone();
        }
    }
    let (topics, section_topics) = if stages.topics {
        let body_start = doc.body_start.min(doc.end);
        let section_topics = sections
            .sections
            .iter()
            .map(|s| {
                res.tagger
                    .tag(&clean.text[s.start..s.heading_end])
                    .into_iter()
                    .map(|t| t.topic)
                    .collect()
            })
            .collect();
        let shares = res
            .tagger
            .document_topics_in(&clean.text, (body_start, doc.end), &hits)
            .into_iter()
            .map(|t| TopicScore {
                topic: t.topic,
                score: t.share,
            })
            .collect();
        (shares, section_topics)
    } else {
        (Vec::new(), Vec::new())
    };
    let items = if stages.figures {
        let starts: Vec<usize> = figures.iter().map(|f| f.figure.start).collect();
        let mut items = res.items.split(clean, &doc, &sections, &starts);
        if stages.topics {
            for item in &mut items {
                item.topics = res
                    .tagger
                    .range_topics((item.span.start, item.span.end), &hits);
            }
        }
        items
    } else {
        Vec::new()
    };
    DocAnalysis {
        doc,
        sections,
        figures,
        topics,
        section_topics,
        items,
    }
}

/// The total (index into `figures`) of figure `i` when it is a breakdown
/// (其中…) whose total is found before it.
fn total_of(figures: &[PlacedFigure], i: usize) -> Option<usize> {
    let of = figures[i].figure.part_of?;
    (0..i)
        .rev()
        .take_while(|&j| figures[j].figure.start >= of)
        .find(|&j| figures[j].figure.start == of)
}

/// Where the opening paragraph of `doc` ends (its first line of body).
fn opening_end(text: &str, doc: &Document) -> usize {
    let body = doc.body_start.min(doc.end);
    let rest = text.get(body..doc.end).unwrap_or("");
    let lead = rest.len() - rest.trim_start().len();
    rest[lead..].find('\n').map_or(doc.end, |i| body + lead + i)
}

/// What the topic tagger is told about a figure besides its sentence: the
/// same for tagging and for explaining a tag.
struct TopicInputs<'a> {
    sentence: &'a str,
    headings: Vec<&'a str>,
    following: &'a str,
    preamble: bool,
}

impl<'a> TopicInputs<'a> {
    fn of(
        text: &'a str,
        doc: &Document,
        sections: &'a SectionTree,
        section_path: &[usize],
        figure: &Figure,
        opening_end: usize,
    ) -> Self {
        let headings: Vec<&str> = section_path
            .iter()
            .rev()
            .map(|&i| sections.sections[i].heading.as_str())
            .collect();
        let (s0, s1) = figure.sentence;
        // The items under a schedule entry (三月份：) run to the end of its
        // section; a few lines are plenty.
        let section_end = section_path
            .last()
            .map_or(doc.end, |&i| sections.sections[i].end);
        let mut f_end = section_end.max(s1).min(s1 + 600).min(text.len());
        while !text.is_char_boundary(f_end) {
            f_end -= 1;
        }
        let preamble = section_path.is_empty()
            && match sections.sections.first() {
                Some(first) => figure.start < first.start,
                // No sections: the title and the first paragraph.
                None => figure.start < opening_end,
            };
        TopicInputs {
            sentence: text.get(s0..s1).unwrap_or(""),
            headings,
            following: text.get(s1..f_end).unwrap_or(""),
            preamble,
        }
    }

    fn context(&self, figure: &Figure) -> crate::topic::FigureContext<'_> {
        let s0 = figure.sentence.0;
        crate::topic::FigureContext {
            sentence: self.sentence,
            clause: (
                figure.clause.0.saturating_sub(s0),
                figure.clause.1.saturating_sub(s0),
            ),
            figure: (
                figure.start.saturating_sub(s0),
                figure.end.saturating_sub(s0),
            ),
            headings: &self.headings,
            following: self.following,
            preamble: self.preamble,
            date: figure.kind == FigureKind::Date,
        }
    }
}

/// Why a figure of an analysed document has its topics.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureTopicsWhy {
    /// The explanation of the figure's own tag, or of its total's when the
    /// figure is a breakdown (其中…) that takes its total's topics.
    pub explanation: crate::topic::TopicExplanation,
    /// Where each of `explanation.terms` stands in the cleaned text (byte
    /// range), in the same order; `None` where it cannot be placed.
    pub term_spans: Vec<Option<(usize, usize)>>,
    /// For a breakdown: the index (in the document's figures) of its total,
    /// whose topics it took (the explanation is of the first total up a
    /// chain of breakdowns).
    pub total: Option<usize>,
}

/// Why each figure of document `doc` of `fa` has its topics, in the order of
/// `DocAnalysis::figures`: the tagger is run again on the very context the
/// pipeline gave it, recording what it reads.
pub fn explain_topics(res: &Resources, fa: &FileAnalysis, doc: usize) -> Vec<FigureTopicsWhy> {
    let Some(da) = fa.documents.get(doc) else {
        return Vec::new();
    };
    let text = &fa.clean.text;
    let d = &da.doc;
    let hits = res.tagger.text_hits(text, (d.start, d.end));
    let opening_end = opening_end(text, d);
    let own = |i: usize| {
        let pf = &da.figures[i];
        let inputs = TopicInputs::of(
            text,
            d,
            &da.sections,
            &pf.section_path,
            &pf.figure,
            opening_end,
        );
        let explanation =
            res.tagger
                .explain_figure_in(&inputs.context(&pf.figure), pf.figure.sentence.0, &hits);
        let (s0, s1) = pf.figure.sentence;
        // Headings innermost first, as the tagger was given them; a
        // heading's text follows its marker inside `start..heading_end`.
        let heading_starts: Vec<usize> = pf
            .section_path
            .iter()
            .rev()
            .map(|&i| {
                let sec = &da.sections.sections[i];
                text.get(sec.start..sec.heading_end)
                    .and_then(|h| h.find(sec.heading.as_str()))
                    .map_or(sec.start, |at| sec.start + at)
            })
            .collect();
        let term_spans = explanation
            .terms
            .iter()
            .map(|e| {
                let base = match e.place {
                    TermPlace::Clause | TermPlace::Sentence => s0,
                    TermPlace::Items => s1,
                    TermPlace::Heading => e
                        .heading
                        .and_then(|h| heading_starts.get(h).copied())
                        .unwrap_or(s0),
                };
                let at = (base + e.span.0, base + e.span.1);
                // Kept only where the cleaned text holds the term there (a
                // heading the section stage rewrote has no place to point to).
                text.get(at.0..at.1)
                    .is_some_and(|t| t.eq_ignore_ascii_case(&e.term))
                    .then_some(at)
            })
            .collect();
        (explanation, term_spans)
    };
    (0..da.figures.len())
        .map(|i| {
            // A breakdown of a breakdown took its topics from the first
            // total up the chain (totals come first, so the chain ends).
            let total = total_of(&da.figures, i);
            let mut root = i;
            while let Some(t) = total_of(&da.figures, root) {
                root = t;
            }
            let (explanation, term_spans) = own(root);
            FigureTopicsWhy {
                explanation,
                term_spans,
                total,
            }
        })
        .collect()
}

/// How much of the first paragraph is its opening (about 100 chars).
const PERIOD_BYTES: usize = 300;

/// Title and header figures: the title line's; before the body (date
/// lines, posting dates); and in the opening paragraph, the document's own
/// year as a bare date (2019年，在县委的领导下…), which restates its period.
fn place_of(text: &str, doc: &Document, first_paragraph_end: usize, f: &Figure) -> Place {
    if doc.title_start < doc.title_end && doc.title_start <= f.start && f.end <= doc.title_end {
        return Place::Title;
    }
    if f.start < doc.body_start {
        return Place::Header;
    }
    if f.kind == FigureKind::Date && f.start < first_paragraph_end {
        let own_year = doc.year().map(|y| y.to_string());
        let bare_year = matches!(&f.value, FigureValue::Date(d) if Some(d) == own_year.as_ref());
        // A line that is little more than the date: a date line under the
        // title (二〇一九年十二月二十日, 发布时间：2019-12-20).
        let line_start = text[..f.start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[f.end..].find('\n').map_or(text.len(), |i| f.end + i);
        let rest =
            text[line_start..f.start].chars().count() + text[f.end..line_end].chars().count();
        if bare_year || rest <= 8 {
            return Place::Header;
        }
    }
    Place::Body
}

/// The document's body cut where the year changes (the parts of a mixed
/// document), so dates take the year of their own part.
fn year_ranges(doc: &Document) -> Vec<(usize, usize, Option<i32>)> {
    let mut out = Vec::new();
    let mut pos = doc.title_start.min(doc.start);
    let mut parts: Vec<_> = doc.parts.iter().collect();
    parts.sort_by_key(|p| p.start);
    for p in parts {
        if p.start > pos {
            out.push((pos, p.start, doc.year()));
        }
        out.push((p.start.max(pos), p.end, p.year().or(doc.year())));
        pos = p.end.max(pos);
    }
    if pos < doc.end {
        out.push((pos, doc.end, doc.year()));
    }
    out
}
