//! Maps byte offsets of derived text (decoded, then cleaned) back to byte
//! offsets of the original file.
//!
//! The map is piecewise: a run is a stretch where derived bytes and original
//! bytes advance together one for one (plain UTF-8 copied through). Any char
//! whose encoded length differs (GBK, UTF-16, a full-width digit folded to
//! ASCII) or that is not contiguous with the previous one (a dropped noise
//! line, a rejoined line break) starts a new run. Plain UTF-8 input therefore
//! costs a handful of runs per file, not one entry per char.

/// One run: from `derived` on, derived and original bytes advance together
/// until the next run starts. `prev_orig_end` is where the char just before
/// this run ended in the original, so span ends can be mapped exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Run {
    derived: u32,
    orig: u32,
    prev_orig_end: u32,
    /// False when this run holds a single char whose lengths differ.
    identity: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceMap {
    runs: Vec<Run>,
    derived_len: u32,
    orig_end: u32,
}

impl SourceMap {
    /// The identity map for `len` bytes copied from `orig_start` on.
    pub fn identity(orig_start: usize, len: usize) -> SourceMap {
        let mut b = SourceMapBuilder::default();
        b.push_run(len, orig_start);
        b.finish()
    }

    /// Length of the derived text this map covers.
    pub fn derived_len(&self) -> usize {
        self.derived_len as usize
    }

    fn run_index(&self, derived: usize) -> Option<usize> {
        let d = derived as u32;
        match self.runs.binary_search_by(|r| r.derived.cmp(&d)) {
            Ok(i) => Some(i),
            Err(0) => None,
            Err(i) => Some(i - 1),
        }
    }

    /// Original offset of the char that starts at `derived`.
    /// `derived` must be a char boundary of the derived text; the end of the
    /// text maps to the end of the last char.
    pub fn orig_start(&self, derived: usize) -> usize {
        if derived >= self.derived_len as usize {
            return self.orig_end as usize;
        }
        match self.run_index(derived) {
            None => 0,
            Some(i) => {
                let r = self.runs[i];
                let off = derived as u32 - r.derived;
                (if r.identity { r.orig + off } else { r.orig }) as usize
            }
        }
    }

    /// Original offset just past the char that ends at `derived`.
    pub fn orig_end(&self, derived: usize) -> usize {
        if derived >= self.derived_len as usize {
            return self.orig_end as usize;
        }
        match self.run_index(derived) {
            None => 0,
            Some(i) => {
                let r = self.runs[i];
                if r.derived == derived as u32 {
                    r.prev_orig_end as usize
                } else {
                    // Inside an identity run (a non-identity run is one char,
                    // so `derived` can only be its start).
                    (r.orig + (derived as u32 - r.derived)) as usize
                }
            }
        }
    }

    /// Original byte span of the derived range `start..end`.
    pub fn orig_span(&self, start: usize, end: usize) -> (usize, usize) {
        if end <= start {
            let s = self.orig_start(start);
            return (s, s);
        }
        (self.orig_start(start), self.orig_end(end))
    }
}

/// Builds a [`SourceMap`] one char (or one identity stretch) at a time, in
/// derived-text order.
#[derive(Debug, Default)]
pub struct SourceMapBuilder {
    runs: Vec<Run>,
    derived: u32,
    orig_end: u32,
    open_identity: bool,
}

impl SourceMapBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends one derived char of `derived_len` bytes that stands for the
    /// original bytes `orig_start..orig_end`.
    pub fn push_char(&mut self, derived_len: usize, orig_start: usize, orig_end: usize) {
        let (dl, os, oe) = (derived_len as u32, orig_start as u32, orig_end as u32);
        let same_len = dl == oe - os;
        if same_len && self.open_identity && os == self.orig_end {
            // extends the current identity run
        } else {
            self.runs.push(Run {
                derived: self.derived,
                orig: os,
                prev_orig_end: self.orig_end,
                identity: same_len,
            });
            self.open_identity = same_len;
        }
        self.derived += dl;
        self.orig_end = oe;
    }

    /// Appends `len` derived bytes copied unchanged from `orig_start` on.
    pub fn push_run(&mut self, len: usize, orig_start: usize) {
        if len == 0 {
            return;
        }
        let (l, os) = (len as u32, orig_start as u32);
        if !(self.open_identity && os == self.orig_end) {
            self.runs.push(Run {
                derived: self.derived,
                orig: os,
                prev_orig_end: self.orig_end,
                identity: true,
            });
            self.open_identity = true;
        }
        self.derived += l;
        self.orig_end = os + l;
    }

    pub fn derived_len(&self) -> usize {
        self.derived as usize
    }

    pub fn finish(self) -> SourceMap {
        SourceMap {
            runs: self.runs,
            derived_len: self.derived,
            orig_end: self.orig_end,
        }
    }
}

/// Line starts of the original file, for turning an original byte offset into
/// a 1-based line number.
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    starts: Vec<u32>,
}

impl LineIndex {
    /// `starts` are the original byte offsets where each line begins; the
    /// first is 0.
    pub fn from_starts(mut starts: Vec<u32>) -> LineIndex {
        if starts.first() != Some(&0) {
            starts.insert(0, 0);
        }
        LineIndex { starts }
    }

    /// 1-based line of the original byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&(offset as u32)) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_maps_straight_through() {
        let m = SourceMap::identity(3, 10);
        assert_eq!(m.orig_span(0, 10), (3, 13));
        assert_eq!(m.orig_span(2, 5), (5, 8));
    }

    #[test]
    fn gaps_and_width_changes_map_exactly() {
        // derived "ab1c": "ab" from 0..2, then a dropped line, "1" folded from
        // a 3-byte full-width digit at 10..13, "c" at 13..14.
        let mut b = SourceMapBuilder::new();
        b.push_run(2, 0);
        b.push_char(1, 10, 13);
        b.push_char(1, 13, 14);
        let m = b.finish();
        assert_eq!(m.orig_span(0, 2), (0, 2));
        assert_eq!(m.orig_span(1, 3), (1, 13));
        assert_eq!(m.orig_span(2, 3), (10, 13));
        assert_eq!(m.orig_span(2, 4), (10, 14));
        assert_eq!(m.orig_span(3, 4), (13, 14));
    }

    #[test]
    fn gbk_like_chars_each_get_a_run() {
        // 3-byte derived chars from 2-byte original chars.
        let mut b = SourceMapBuilder::new();
        for i in 0..4 {
            b.push_char(3, i * 2, i * 2 + 2);
        }
        let m = b.finish();
        assert_eq!(m.orig_span(3, 9), (2, 6));
        assert_eq!(m.orig_span(0, 12), (0, 8));
    }

    #[test]
    fn line_index_is_one_based() {
        let li = LineIndex::from_starts(vec![0, 5, 9]);
        assert_eq!(li.line_of(0), 1);
        assert_eq!(li.line_of(4), 1);
        assert_eq!(li.line_of(5), 2);
        assert_eq!(li.line_of(100), 3);
    }
}
