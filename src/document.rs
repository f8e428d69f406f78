//! Documents: the reports a cleaned file holds, with kind, year,
//! organisation and period.

use serde::Serialize;

use crate::clean::CleanText;
use crate::dict::Dictionaries;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DocKind {
    Plan,
    Summary,
    Mixed,
    Other,
}

impl DocKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DocKind::Plan => "plan",
            DocKind::Summary => "summary",
            DocKind::Mixed => "mixed",
            DocKind::Other => "other",
        }
    }
}

/// A part of a `mixed` document: the summary of one period or the plan for
/// the next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub kind: DocKind,
    pub year: Option<i32>,
    /// The line that opens the part (e.g. 二〇一九年工作打算), if any.
    pub title: Option<String>,
    /// Byte range in the cleaned text.
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub title: String,
    /// Byte range of the title line in the cleaned text (empty when the
    /// document has no title line).
    pub title_start: usize,
    pub title_end: usize,
    pub kind: DocKind,
    /// The year the plan is for or the summary covers; None when unknown.
    pub year: Option<i32>,
    pub org: Option<String>,
    pub period: Option<String>,
    /// Byte range in the cleaned text: title line to the end of the body.
    pub start: usize,
    pub end: usize,
    /// Where the body (after the title lines) starts.
    pub body_start: usize,
    pub parts: Vec<Part>,
    /// Index (in the same file) of the document this one repeats.
    pub duplicate_of: Option<usize>,
}

impl Document {
    /// The year that holds at a cleaned offset: the year of the part it lies
    /// in, else the document's.
    pub fn year_at(&self, offset: usize) -> Option<i32> {
        self.parts
            .iter()
            .find(|p| p.start <= offset && offset < p.end)
            .and_then(|p| p.year)
            .or(self.year)
    }
}

/// Splits a cleaned file into the documents it holds.
pub struct DocumentSplitter {
    orgs: Vec<String>,
}

impl DocumentSplitter {
    pub fn new(dicts: &Dictionaries) -> DocumentSplitter {
        DocumentSplitter {
            orgs: dicts.terms("orgs.txt"),
        }
    }

    pub fn split(&self, text: &CleanText) -> Vec<Document> {
        let Some(first) = text.lines.first() else {
            return Vec::new();
        };
        let title = text.line_text(first).to_string();
        let org = self
            .orgs
            .iter()
            .find(|o| title.contains(o.as_str()))
            .cloned();
        vec![Document {
            title,
            title_start: first.start,
            title_end: first.end,
            kind: DocKind::Other,
            year: None,
            org,
            period: None,
            start: first.start,
            end: text.text.len(),
            body_start: first.end,
            parts: Vec::new(),
            duplicate_of: None,
        }]
    }
}
