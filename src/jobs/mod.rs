//! Jobs over the pipeline, each over the library's own types
//! ([`FileAnalysis`], [`PlacedFigure`], [`crate::figure::Figure`],
//! [`Document`]); output records are made only to be printed or written.
//!
//! - [`runner`]: the parallel file runner that hands results on in input
//!   order, and progress reporting;
//! - [`analyze`](mod@analyze): every table into a directory;
//! - [`stats`]: aggregates of figures, grouped;
//! - [`bench_corpus`]: the reproducible benchmark corpus;
//! - [`check`](mod@check): a plan's promises against its summary;
//! - [`compare`](mod@compare): a plan against the next plan, and items
//!   followed across years;
//! - [`report`]: the numbers over the years and the overview one report
//!   page shows beside the checks and comparisons;
//! - here: [`FigureFilter`], which figures a job keeps, and [`FigureIn`], a
//!   figure with the file and document it stands in.

pub mod analyze;
pub mod archive;
pub mod bench_corpus;
pub mod check;
pub mod compare;
pub mod report;
pub mod runner;
pub mod stats;

pub use analyze::{
    ANALYZE_OUTPUTS, INTERRUPTED, LOCK_FILE, RunInfo, Summary, analyze, verify_output,
};
pub use bench_corpus::{build_bench_corpus, parse_size};
pub use runner::{for_each_file, for_each_prepared, for_each_read, progress_bar, total_bytes};
pub use stats::{Basis, GroupBy, Measure, StatRow, StatsBuilder};

use crate::document::{DocKind, Document};
use crate::figure::{Family, FigureKind, Place, Role};
use crate::pipeline::{FileAnalysis, PlacedFigure, kind_at};

/// A figure with the file and the document (by index) it stands in.
#[derive(Debug, Clone, Copy)]
pub struct FigureIn<'a> {
    pub file: &'a FileAnalysis,
    pub doc: usize,
    pub figure: &'a PlacedFigure,
}

impl<'a> FigureIn<'a> {
    pub fn document(&self) -> &'a Document {
        &self.file.documents[self.doc].doc
    }

    /// The figure's best topic; `general` when it has none.
    pub fn topic(&self) -> &'static str {
        self.figure.topics.first().map_or("general", |t| t.topic)
    }

    /// The kind of the document, or of its part in a mixed document, where
    /// the figure stands.
    pub fn doc_kind(&self) -> DocKind {
        kind_at(self.document(), self.figure.figure.start)
    }

    /// The year where the figure stands (of its part in a mixed document).
    pub fn year(&self) -> Option<i32> {
        self.document().year_at(self.figure.figure.start)
    }
}

/// Every figure of an analysed file, in text order.
pub fn figures_of(fa: &FileAnalysis) -> impl Iterator<Item = FigureIn<'_>> {
    fa.documents.iter().enumerate().flat_map(move |(doc, da)| {
        da.figures.iter().map(move |figure| FigureIn {
            file: fa,
            doc,
            figure,
        })
    })
}

/// A filter that names an unknown figure kind, topic, role or document kind.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FilterError {
    #[error("unknown figure kind '{0}' (amount, count, percent, date, frequency)")]
    Kind(String),
    #[error("unknown topic '{0}' (one of: {ids})", ids = topic_ids())]
    Topic(String),
    #[error("unknown role '{0}' (target, actual, baseline, change)")]
    Role(String),
    #[error("unknown document kind '{0}' (plan, summary, mixed, other)")]
    DocKind(String),
}

/// The topics a filter may name, each with its Chinese label
/// (`aid 困难帮扶, employment 就业创业, …`): either form is accepted.
fn topic_ids() -> String {
    crate::dict::all_topics()
        .iter()
        .map(|(id, label)| format!("{id} {label}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What `--action` keeps: a family (pay, 发放 …) or one verb as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActionFilter {
    Family(Family),
    Word(String),
}

/// Which figures a job keeps. Empty lists keep all.
#[derive(Debug, Clone, Default)]
pub struct FigureFilter {
    pub kinds: Vec<FigureKind>,
    /// Topic ids, matched against a figure's first (best) topic.
    pub topics: Vec<&'static str>,
    pub actions: Vec<ActionFilter>,
    /// Kept when the figure's subject contains one of them.
    pub subjects: Vec<String>,
    pub roles: Vec<Role>,
    /// Kinds of the document (or of its part) the figure stands in.
    pub doc_kinds: Vec<DocKind>,
    /// Keep figures of documents that repeat an earlier one.
    pub include_duplicates: bool,
    /// Keep the title's and header's figures (the document's own year, a
    /// posting date).
    pub include_headers: bool,
}

/// The filter's flags as users write them.
#[derive(Debug, Clone, Default)]
pub struct FilterSpec {
    pub kinds: Vec<String>,
    pub topics: Vec<String>,
    pub actions: Vec<String>,
    pub subjects: Vec<String>,
    pub roles: Vec<String>,
    pub doc_kinds: Vec<String>,
    pub include_duplicates: bool,
    pub include_headers: bool,
}

impl FigureFilter {
    /// A filter from names as users write them: topics by id or label
    /// (aid, 困难帮扶), among `topics` (the tagger's, custom ones included);
    /// actions by family id or label (pay, 发放) or as a verb.
    pub fn parse(
        spec: &FilterSpec,
        topics: &[(&'static str, &'static str)],
    ) -> Result<FigureFilter, FilterError> {
        let kinds = spec
            .kinds
            .iter()
            .map(|k| FigureKind::parse(k).ok_or_else(|| FilterError::Kind(k.clone())))
            .collect::<Result<_, _>>()?;
        let topic_ids = spec
            .topics
            .iter()
            .map(|t| {
                topics
                    .iter()
                    .find(|(id, label)| id == t || label == t)
                    .map(|(id, _)| *id)
                    .ok_or_else(|| FilterError::Topic(t.clone()))
            })
            .collect::<Result<_, _>>()?;
        let actions = spec
            .actions
            .iter()
            .map(|a| match Family::parse(a) {
                Some(f) => ActionFilter::Family(f),
                None => ActionFilter::Word(a.clone()),
            })
            .collect();
        let roles = spec
            .roles
            .iter()
            .map(|r| Role::parse(r).ok_or_else(|| FilterError::Role(r.clone())))
            .collect::<Result<_, _>>()?;
        let doc_kinds = spec
            .doc_kinds
            .iter()
            .map(|k| DocKind::parse(k).ok_or_else(|| FilterError::DocKind(k.clone())))
            .collect::<Result<_, _>>()?;
        Ok(FigureFilter {
            kinds,
            topics: topic_ids,
            actions,
            subjects: spec.subjects.clone(),
            roles,
            doc_kinds,
            include_duplicates: spec.include_duplicates,
            include_headers: spec.include_headers,
        })
    }

    pub fn keeps(&self, f: FigureIn) -> bool {
        let fig = &f.figure.figure;
        let any = |empty: bool, hit: bool| empty || hit;
        (self.include_duplicates || f.document().duplicate_of.is_none())
            && (self.include_headers || fig.place == Place::Body)
            && any(self.kinds.is_empty(), self.kinds.contains(&fig.kind))
            && any(
                self.topics.is_empty(),
                f.figure
                    .topics
                    .first()
                    .is_some_and(|t| self.topics.contains(&t.topic)),
            )
            && any(
                self.actions.is_empty(),
                self.actions.iter().any(|a| match a {
                    ActionFilter::Family(x) => fig.family == Some(*x),
                    ActionFilter::Word(w) => fig.action.as_deref() == Some(w.as_str()),
                }),
            )
            && any(
                self.subjects.is_empty(),
                fig.subject
                    .as_deref()
                    .is_some_and(|s| self.subjects.iter().any(|w| s.contains(w.as_str()))),
            )
            && any(
                self.roles.is_empty(),
                fig.role.is_some_and(|r| self.roles.contains(&r)),
            )
            && any(
                self.doc_kinds.is_empty(),
                self.doc_kinds.contains(&f.doc_kind()),
            )
    }
}

/// The figures of an analysed file that pass `filter`, in text order.
pub fn filtered_figures<'a>(
    fa: &'a FileAnalysis,
    filter: &'a FigureFilter,
) -> impl Iterator<Item = FigureIn<'a>> {
    figures_of(fa).filter(move |f| filter.keeps(*f))
}
