//! Byte ranges, typed by what they index: [`Span`] the cleaned text view
//! every stage works on, [`SourceSpan`] the original file's bytes (what a
//! user reads back).

use serde::Serialize;

/// A byte range `[start, end)` of the cleaned text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    pub fn len(self) -> usize {
        self.end.saturating_sub(self.start)
    }

    pub fn is_empty(self) -> bool {
        self.end <= self.start
    }

    pub fn contains(self, offset: usize) -> bool {
        self.start <= offset && offset < self.end
    }
}

/// A byte range `[start, end)` of the original file, with the 1-based line
/// where it starts. Serialised as `[start, end]`; the line goes in a field
/// of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SourceSpan {
    pub start: usize,
    pub end: usize,
    pub line: usize,
}

impl Serialize for SourceSpan {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        [self.start, self.end].serialize(s)
    }
}
