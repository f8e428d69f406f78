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
//! - here: [`FigureFilter`], which figures a job keeps, and [`FigureIn`], a
//!   figure with the file and document it stands in.

pub mod analyze;
pub mod archive;
pub mod bench_corpus;
pub mod check;
pub mod compare;
pub mod runner;
pub mod stats;

pub use analyze::{
    ANALYZE_OUTPUTS, INTERRUPTED, LOCK_FILE, RunInfo, Summary, analyze, verify_output,
};
pub use bench_corpus::{build_bench_corpus, parse_size};
pub use runner::{for_each_file, for_each_prepared, for_each_read, progress_bar, total_bytes};
pub use stats::{GroupBy, StatRow, StatsBuilder};

use crate::dict::TOPICS;
use crate::document::{DocKind, Document};
use crate::figure::FigureKind;
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

/// A filter that names an unknown figure kind or topic.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FilterError {
    #[error("unknown figure kind '{0}' (amount, count, percent, date, frequency)")]
    Kind(String),
    #[error("unknown topic '{0}' (one of: {ids})", ids = topic_ids())]
    Topic(String),
}

fn topic_ids() -> String {
    TOPICS
        .iter()
        .map(|(id, _)| *id)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Which figures a job keeps.
#[derive(Debug, Clone, Default)]
pub struct FigureFilter {
    /// Figure kinds to keep (all when empty).
    pub kinds: Vec<FigureKind>,
    /// Topic ids to keep, matched against a figure's first (best) topic
    /// (all when empty).
    pub topics: Vec<&'static str>,
    /// Keep figures of documents that repeat an earlier one.
    pub include_duplicates: bool,
}

impl FigureFilter {
    /// A filter from kind and topic names as users write them.
    pub fn parse(
        kinds: &[String],
        topics: &[String],
        include_duplicates: bool,
    ) -> Result<FigureFilter, FilterError> {
        let kinds = kinds
            .iter()
            .map(|k| FigureKind::parse(k).ok_or_else(|| FilterError::Kind(k.clone())))
            .collect::<Result<_, _>>()?;
        let topics = topics
            .iter()
            .map(|t| {
                TOPICS
                    .iter()
                    .find(|(id, _)| id == t)
                    .map(|(id, _)| *id)
                    .ok_or_else(|| FilterError::Topic(t.clone()))
            })
            .collect::<Result<_, _>>()?;
        Ok(FigureFilter {
            kinds,
            topics,
            include_duplicates,
        })
    }

    pub fn keeps(&self, f: FigureIn) -> bool {
        (self.include_duplicates || f.document().duplicate_of.is_none())
            && (self.kinds.is_empty() || self.kinds.contains(&f.figure.figure.kind))
            && (self.topics.is_empty()
                || f.figure
                    .topics
                    .first()
                    .is_some_and(|t| self.topics.contains(&t.topic)))
    }
}

/// The figures of an analysed file that pass `filter`, in text order.
pub fn filtered_figures<'a>(
    fa: &'a FileAnalysis,
    filter: &'a FigureFilter,
) -> impl Iterator<Item = FigureIn<'a>> {
    figures_of(fa).filter(move |f| filter.keeps(*f))
}
