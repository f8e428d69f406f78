//! Sections: the heading tree of one document.

use crate::clean::CleanText;
use crate::document::Document;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The marker as written after cleaning: 一、 (一) 1. (1) ① 一是 第一，
    /// 三月份: …
    pub marker: String,
    /// The heading text after the marker (up to the first sentence end, or
    /// the whole line for a heading line).
    pub heading: String,
    /// 1 = outermost marker style of the document.
    pub level: u8,
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

/// Builds the heading tree of one document.
pub fn build_sections(_text: &CleanText, _doc: &Document) -> SectionTree {
    SectionTree::default()
}
