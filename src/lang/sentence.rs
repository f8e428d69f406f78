//! The sentence and clause splitter every stage uses.
//!
//! A sentence ends after 。 ! ? … (either width) and at a line end; where
//! asked, a semicolon ends one too (the clauses of 一是…；二是…). A clause
//! also ends at a comma or 、. All offsets are byte offsets of the text
//! given, always on char boundaries.
//!
//! Looking for the sentence around a figure is bounded: in text with no
//! sentence end nearby (a table flattened into one line, 投入5万元，投入5万元，…)
//! the context falls back to the clause, and never reaches further than
//! [`CONTEXT_BYTES`] either way, so time and output stay linear in the input.

use super::chars::{
    CharSkip, ceil_boundary, find_char, floor_boundary, is_clause_end, is_semicolon,
    is_sentence_end,
};

/// How far [`sentence_around`] looks either way for a sentence end.
pub const CONTEXT_BYTES: usize = 600;

/// Which marks end a sentence besides 。!?… and the line end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cut {
    /// A semicolon ends a sentence (list clauses).
    pub semicolons: bool,
}

impl Cut {
    /// Sentences proper: 。!?… and line ends.
    pub const SENTENCES: Cut = Cut { semicolons: false };
    /// Sentences and the clauses of semicolon lists.
    pub const CLAUSES: Cut = Cut { semicolons: true };

    fn ends(self, c: char) -> bool {
        is_sentence_end(c) || (self.semicolons && is_semicolon(c))
    }
}

/// Sentences of `text` as byte ranges: each keeps its closing mark (a line
/// end closes the sentence before it and is kept with it). The ranges cover
/// the text without gaps.
pub fn split(text: &str, cut: Cut) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut start = 0;
    let mut i = 0;
    std::iter::from_fn(move || {
        let is_end = |c: char| c == '\n' || cut.ends(c);
        if let Some((at, c)) = find_char(text, i, &MARKS, is_end) {
            i = at + c.len_utf8();
            // A run of closing marks (。” / ！！ / ……) stays with its
            // sentence.
            while i < text.len() {
                let n = char_at(text, i);
                if n != '\n' && (cut.ends(n) || matches!(n, '"' | '”' | '’' | ')' | '）')) {
                    i += n.len_utf8();
                } else {
                    break;
                }
            }
            let s = start;
            start = i;
            return Some((s, i));
        }
        if start < text.len() {
            let s = start;
            start = text.len();
            return Some((s, text.len()));
        }
        None
    })
}

/// The char starting at byte `i` (a char boundary before the end).
fn char_at(text: &str, i: usize) -> char {
    text[i..]
        .chars()
        .next()
        .expect("a char boundary before the end")
}

/// The sentence around `s..e` inside `lo..hi`: from after the last sentence
/// end before `s` to after the first one after `e` (a line end is not
/// included). Where no sentence end lies within [`CONTEXT_BYTES`], that side
/// stops at the nearest clause end, else at the window's edge.
///
/// Any offsets are accepted: they are clamped into `lo..hi` and onto char
/// boundaries, so the result always satisfies `lo <= a <= b <= hi`.
pub fn sentence_around(text: &str, lo: usize, hi: usize, s: usize, e: usize) -> (usize, usize) {
    let hi = floor_boundary(text, hi);
    let lo = floor_boundary(text, lo.min(hi));
    let s = floor_boundary(text, s.clamp(lo, hi));
    let e = ceil_boundary(text, e.clamp(s, hi));
    let back_limit = ceil_boundary(text, s.saturating_sub(CONTEXT_BYTES).max(lo));
    let mut clause = None;
    let mut a = back_limit;
    for (i, c) in text[back_limit..s].char_indices().rev() {
        if c == '\n' || is_sentence_end(c) {
            a = back_limit + i + c.len_utf8();
            clause = None;
            break;
        }
        if clause.is_none() && is_clause_end(c) {
            clause = Some(back_limit + i + c.len_utf8());
        }
    }
    // The window was cut short of `lo` without finding a sentence end: the
    // clause is the context.
    if let Some(c) = clause.filter(|_| back_limit > lo) {
        a = c;
    }
    let fwd_limit = floor_boundary(text, (e + CONTEXT_BYTES).min(hi));
    let mut clause = None;
    let mut b = fwd_limit;
    for (i, c) in text[e..fwd_limit].char_indices() {
        if c == '\n' {
            b = e + i;
            clause = None;
            break;
        }
        if is_sentence_end(c) {
            b = e + i + c.len_utf8();
            clause = None;
            break;
        }
        if clause.is_none() && is_clause_end(c) {
            clause = Some(e + i);
        }
    }
    if let Some(c) = clause.filter(|_| fwd_limit < hi) {
        b = c;
    }
    (a, b)
}

/// The chars that may be a sentence or clause mark (see `SentenceEnds::new`
/// and [`split`]).
static MARKS: CharSkip = CharSkip::decoding(b"\n!?,;\xE2\xE3\xEF");

/// The sentence and clause ends of one range, found in a single pass, so
/// that the sentence around each of many spans is a pair of binary
/// searches instead of a scan either way (the figure stage asks for every
/// figure). [`SentenceEnds::around`] gives exactly what [`sentence_around`]
/// gives for the same range.
#[derive(Debug, Clone, Default)]
pub struct SentenceEnds {
    lo: usize,
    hi: usize,
    /// Line ends and sentence ends: (start, end) of the mark.
    hard: Vec<(usize, usize)>,
    /// Commas, 、 and semicolons: (start, end) of the mark.
    soft: Vec<(usize, usize)>,
}

impl SentenceEnds {
    /// The ends in `text[lo..hi]` (clamped like [`sentence_around`]'s).
    pub fn new(text: &str, lo: usize, hi: usize) -> SentenceEnds {
        let hi = floor_boundary(text, hi);
        let lo = floor_boundary(text, lo.min(hi));
        let mut ends = SentenceEnds {
            lo,
            hi,
            ..SentenceEnds::default()
        };
        // Only bytes that can start a mark are decoded: the ASCII marks and
        // the lead bytes of U+2000–2FFF, U+3000–3FFF and U+F000–FFFF (where
        // …, 。、 and the full-width marks are); Han text has none of them.
        let bytes = text.as_bytes();
        let mut i = lo;
        while i < hi {
            if !MARKS.decodes(bytes[i]) {
                i += 1;
                continue;
            }
            let Some(c) = text[i..hi].chars().next() else {
                break;
            };
            let at = (i, i + c.len_utf8());
            if c == '\n' || is_sentence_end(c) {
                ends.hard.push(at);
            } else if is_clause_end(c) {
                ends.soft.push(at);
            }
            i = at.1;
        }
        ends
    }

    /// [`sentence_around`]`(text, lo, hi, s, e)` for this range's `lo..hi`.
    pub fn around(&self, text: &str, s: usize, e: usize) -> (usize, usize) {
        let (lo, hi) = (self.lo, self.hi);
        let s = floor_boundary(text, s.clamp(lo, hi));
        let e = ceil_boundary(text, e.clamp(s, hi));
        let back_limit = ceil_boundary(text, s.saturating_sub(CONTEXT_BYTES).max(lo));
        // The last mark that starts in back_limit..s (marks are single
        // chars, so one that starts before s ends by s).
        let last_in = |marks: &[(usize, usize)]| {
            let i = marks.partition_point(|m| m.0 < s);
            marks[..i].last().filter(|m| m.0 >= back_limit).map(|m| m.1)
        };
        let a = match last_in(&self.hard) {
            Some(a) => a,
            None => match last_in(&self.soft) {
                Some(c) if back_limit > lo => c,
                _ => back_limit,
            },
        };
        let fwd_limit = floor_boundary(text, (e + CONTEXT_BYTES).min(hi));
        let first_in = |marks: &[(usize, usize)]| {
            let i = marks.partition_point(|m| m.0 < e);
            marks.get(i).filter(|m| m.0 < fwd_limit).copied()
        };
        let b = match first_in(&self.hard) {
            Some((p, end)) => {
                if text.as_bytes()[p] == b'\n' {
                    p
                } else {
                    end
                }
            }
            None => match first_in(&self.soft) {
                Some((p, _)) if fwd_limit < hi => p,
                _ => fwd_limit,
            },
        };
        (a, b)
    }
}

/// The clause around `s..e` inside the range `sent` (its sentence): from
/// after the last clause end before `s` to the first one after `e` (not
/// included). Offsets are clamped like [`sentence_around`]'s.
pub fn clause_around(text: &str, sent: (usize, usize), s: usize, e: usize) -> (usize, usize) {
    let hi = floor_boundary(text, sent.1);
    let lo = floor_boundary(text, sent.0.min(hi));
    let s = floor_boundary(text, s.clamp(lo, hi));
    let e = ceil_boundary(text, e.clamp(s, hi));
    let a = text[lo..s]
        .char_indices()
        .rev()
        .find(|&(_, c)| c == '\n' || is_clause_end(c))
        .map_or(lo, |(i, c)| lo + i + c.len_utf8());
    let b = text[e..hi]
        .char_indices()
        .find(|&(_, c)| c == '\n' || is_clause_end(c))
        .map_or(hi, |(i, _)| e + i);
    (a, b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn every_mark_starts_with_a_mark_lead_byte() {
        assert_eq!(MARKS.first_unread(|c| c == '\n' || is_clause_end(c)), None);
    }

    proptest! {
        // The index gives what the scan gives, for any range and span,
        // including windows cut short by CONTEXT_BYTES.
        #[test]
        fn sentence_ends_agree_with_the_scan(
            pieces in proptest::collection::vec(
                prop_oneof![
                    Just("。"), Just("，"), Just(","), Just("、"), Just(";"), Just("；"),
                    Just("\n"), Just("!"), Just("？"), Just("…"), Just("工会"), Just("a"),
                    Just("开展活动"), Just("职工运动会之类的很长很长很长很长很长很长的一段话"),
                ],
                0..120,
            ),
            cuts in proptest::collection::vec(0usize..4000, 4),
        ) {
            let text: String = pieces.concat();
            let n = text.len() + 1;
            let (lo, hi) = (cuts[0] % n, cuts[1] % n);
            let ends = SentenceEnds::new(&text, lo, hi);
            for k in 0..40 {
                let s = (cuts[2] + k * 97) % n;
                let e = s + (cuts[3] + k * 13) % 64;
                prop_assert_eq!(
                    ends.around(&text, s, e),
                    sentence_around(&text, lo, hi, s, e),
                    "lo {} hi {} s {} e {}", lo, hi, s, e
                );
            }
        }
    }

    /// The split decoding every char: what [`split`] must give.
    fn split_by_chars(text: &str, cut: Cut) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut start = 0;
        let mut iter = text.char_indices().peekable();
        while let Some((i, c)) = iter.next() {
            if c == '\n' || cut.ends(c) {
                let mut end = i + c.len_utf8();
                while let Some(&(j, n)) = iter.peek() {
                    if n != '\n' && (cut.ends(n) || matches!(n, '"' | '”' | '’' | ')' | '）'))
                    {
                        end = j + n.len_utf8();
                        iter.next();
                    } else {
                        break;
                    }
                }
                out.push((start, end));
                start = end;
            }
        }
        if start < text.len() {
            out.push((start, text.len()));
        }
        out
    }

    proptest! {
        #[test]
        fn split_agrees_with_the_char_scan(
            pieces in proptest::collection::vec(
                prop_oneof![
                    Just("。"), Just("，"), Just(","), Just("、"), Just(";"), Just("；"),
                    Just("\n"), Just("!"), Just("？"), Just("…"), Just("工会"), Just("a"),
                    Just("”"), Just("’"), Just("\""), Just(")"), Just("）"), Just("“"),
                    Just("—"), Just("·"), Just("\u{3000}"), Just("ｅ"), Just("𠀀"), Just("é"),
                ],
                0..80,
            ),
        ) {
            let text: String = pieces.concat();
            for cut in [Cut::SENTENCES, Cut::CLAUSES] {
                prop_assert_eq!(split(&text, cut).collect::<Vec<_>>(), split_by_chars(&text, cut));
            }
        }
    }

    fn pieces(text: &str, cut: Cut) -> Vec<&str> {
        split(text, cut).map(|(a, b)| &text[a..b]).collect()
    }

    #[test]
    fn splits_after_marks_and_lines_keeping_them() {
        let t = "开展活动。组织培训!\n一是宣讲;二是慰问……下一句";
        assert_eq!(
            pieces(t, Cut::SENTENCES),
            [
                "开展活动。",
                "组织培训!",
                "\n",
                "一是宣讲;二是慰问……",
                "下一句"
            ]
        );
        assert_eq!(
            pieces(t, Cut::CLAUSES),
            [
                "开展活动。",
                "组织培训!",
                "\n",
                "一是宣讲;",
                "二是慰问……",
                "下一句"
            ]
        );
        let joined: String = pieces(t, Cut::CLAUSES).concat();
        assert_eq!(joined, t);
    }

    #[test]
    fn closing_quotes_stay_with_their_sentence() {
        let t = "提出“建家”。”随后";
        assert_eq!(pieces(t, Cut::SENTENCES), ["提出“建家”。”", "随后"]);
    }

    #[test]
    fn sentence_around_a_figure() {
        let t = "第一句。全年投入5万元,慰问职工。下一句";
        let s = t.find('5').unwrap();
        let (a, b) = sentence_around(t, 0, t.len(), s, s + 4);
        assert_eq!(&t[a..b], "全年投入5万元,慰问职工。");
        let (c0, c1) = clause_around(t, (a, b), s, s + 4);
        assert_eq!(&t[c0..c1], "全年投入5万元");
    }

    #[test]
    fn sentence_around_stops_at_the_line_end() {
        let t = "标题\n投入5万元\n下一行";
        let s = t.find('5').unwrap();
        let (a, b) = sentence_around(t, 0, t.len(), s, s + 1);
        assert_eq!(&t[a..b], "投入5万元");
    }

    #[test]
    fn no_sentence_end_nearby_falls_back_to_the_clause() {
        let t = "投入5万元,".repeat(1000);
        let s = floor_boundary(&t, t.len() / 2);
        let (a, b) = sentence_around(&t, 0, t.len(), s, s + 1);
        assert!(b - a <= 2 * CONTEXT_BYTES, "{}", b - a);
        assert!(!t[a..b].contains(','), "{}", &t[a..b]);
    }

    #[test]
    fn any_offsets_are_clamped() {
        let t = "当年6-9月举办";
        for lo in 0..t.len() + 2 {
            for s in 0..t.len() + 2 {
                let (a, b) = sentence_around(t, lo, t.len() + 5, s, s.saturating_sub(2));
                assert!(a <= b && b <= t.len() && t.is_char_boundary(a) && t.is_char_boundary(b));
                let (c, d) = clause_around(t, (b, a), s, 0);
                assert!(c <= d && d <= t.len());
            }
        }
    }
}
