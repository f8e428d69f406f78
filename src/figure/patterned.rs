//! The pattern form of set phrases (`re:` lines of `set_phrases.txt`:
//! “三个年”, 4×100米接力, 100米跑): a numeral inside a match is no figure.
//!
//! Run over a whole document, a pattern that starts with a class of
//! numerals (4×100米接力) costs a lazy-DFA step per byte, and almost no line
//! holds a match. When a pattern allows it (checked from its syntax, not
//! assumed of the shipped ones), only the lines that hold a char every
//! match of it must contain (米) are searched; the matches are the same,
//! since no match can reach across a line or look at what lies outside it.

use aho_corasick::{AhoCorasick, Input};
use regex::Regex;
use regex_syntax::hir::{Class, Hir, HirKind};

/// More chars than this in a required set make the line test no cheaper
/// than the search it would spare.
const MAX_REQUIRED_CHARS: usize = 16;

pub(super) struct SetPhrasePatterns {
    patterns: Vec<SetPhrasePattern>,
}

struct SetPhrasePattern {
    re: Regex,
    /// The chars of which every match holds one, when no match can hold a
    /// newline nor look around itself: only lines that hold one of them
    /// are searched. None: the whole range is.
    lines_with: Option<AhoCorasick>,
}

impl SetPhrasePatterns {
    pub(super) fn new(patterns: Vec<Regex>) -> SetPhrasePatterns {
        let patterns = patterns
            .into_iter()
            .map(|re| SetPhrasePattern {
                lines_with: line_filter(&re),
                re,
            })
            .collect();
        SetPhrasePatterns { patterns }
    }

    /// The matches in `text[start..end]`, sorted and merged.
    pub(super) fn spans(&self, text: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
        let mut spans = Vec::new();
        for p in &self.patterns {
            match &p.lines_with {
                None => p.find_in(text, start, end, &mut spans),
                Some(required) => {
                    let range = &text[start..end];
                    let mut from = 0;
                    while let Some(hit) = required.find(Input::new(range).span(from..range.len())) {
                        let line_start = range[..hit.start()].rfind('\n').map_or(0, |i| i + 1);
                        let line_end = range[hit.end()..]
                            .find('\n')
                            .map_or(range.len(), |i| hit.end() + i);
                        p.find_in(text, start + line_start, start + line_end, &mut spans);
                        from = line_end;
                    }
                }
            }
        }
        spans.sort_unstable();
        let mut merged: Vec<(usize, usize)> = Vec::with_capacity(spans.len());
        for (s, e) in spans {
            match merged.last_mut() {
                Some(last) if s <= last.1 => last.1 = last.1.max(e),
                _ => merged.push((s, e)),
            }
        }
        merged
    }
}

impl SetPhrasePattern {
    /// The matches in `text[start..end]`, added to `spans`.
    fn find_in(&self, text: &str, start: usize, end: usize, spans: &mut Vec<(usize, usize)>) {
        spans.extend(
            self.re
                .find_iter(&text[start..end])
                .filter(|m| !m.is_empty())
                .map(|m| (start + m.start(), start + m.end())),
        );
    }
}

/// The matcher of the chars that confine the search of `re` to some
/// lines, if the pattern allows it: it does not look around (^, $, \b
/// would see past a line), cannot match a newline, and has a small set
/// of chars of which every match holds one.
fn line_filter(re: &Regex) -> Option<AhoCorasick> {
    let hir = regex_syntax::parse(re.as_str()).ok()?;
    if !hir.properties().look_set().is_empty() || may_match_newline(&hir) {
        return None;
    }
    let needles: Vec<String> = required_chars(&hir)?.iter().map(char::to_string).collect();
    AhoCorasick::new(needles).ok()
}

/// Whether some match of `hir` can hold a newline.
fn may_match_newline(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => false,
        HirKind::Literal(lit) => lit.0.contains(&b'\n'),
        HirKind::Class(Class::Unicode(c)) => c
            .ranges()
            .iter()
            .any(|r| r.start() <= '\n' && '\n' <= r.end()),
        HirKind::Class(Class::Bytes(c)) => c
            .ranges()
            .iter()
            .any(|r| r.start() <= b'\n' && b'\n' <= r.end()),
        HirKind::Repetition(r) => r.max != Some(0) && may_match_newline(&r.sub),
        HirKind::Capture(c) => may_match_newline(&c.sub),
        HirKind::Concat(subs) | HirKind::Alternation(subs) => subs.iter().any(may_match_newline),
    }
}

/// A small set of chars of which every match of `hir` holds at least one
/// (the smallest such set found); None when there is none or it is large.
fn required_chars(hir: &Hir) -> Option<Vec<char>> {
    let set = match hir.kind() {
        HirKind::Empty | HirKind::Look(_) | HirKind::Class(Class::Bytes(_)) => None,
        HirKind::Literal(lit) => std::str::from_utf8(&lit.0)
            .ok()?
            .chars()
            .next()
            .map(|c| vec![c]),
        HirKind::Class(Class::Unicode(c)) => {
            let mut chars = Vec::new();
            for r in c.ranges() {
                let (a, b) = (u32::from(r.start()), u32::from(r.end()));
                if chars.len() + (b - a) as usize >= MAX_REQUIRED_CHARS {
                    return None;
                }
                chars.extend((a..=b).filter_map(char::from_u32));
            }
            Some(chars)
        }
        HirKind::Repetition(r) if r.min >= 1 => required_chars(&r.sub),
        HirKind::Repetition(_) => None,
        HirKind::Capture(c) => required_chars(&c.sub),
        HirKind::Concat(subs) => subs.iter().filter_map(required_chars).min_by_key(Vec::len),
        HirKind::Alternation(subs) => {
            let mut chars = Vec::new();
            for s in subs {
                chars.extend(required_chars(s)?);
            }
            chars.sort_unstable();
            chars.dedup();
            Some(chars)
        }
    }?;
    (!set.is_empty() && set.len() <= MAX_REQUIRED_CHARS).then_some(set)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(patterns: &[&str]) -> SetPhrasePatterns {
        SetPhrasePatterns::new(patterns.iter().map(|p| Regex::new(p).unwrap()).collect())
    }

    #[test]
    fn required_chars_come_from_the_pattern() {
        let hir = |p: &str| regex_syntax::parse(p).unwrap();
        assert_eq!(required_chars(&hir("[0-9]+米")), Some(vec!['米']));
        assert_eq!(
            required_chars(&hir("(?:男|女)[0-9]+")),
            Some(vec!['女', '男'])
        );
        assert_eq!(required_chars(&hir("[“‘][一二]个")), Some(vec!['个']));
        // Optional parts require nothing; a large class is no cheap test.
        assert_eq!(required_chars(&hir("米?[0-9一-龥]")), None);
        assert!(may_match_newline(&hir("(?s)a.b")));
        assert!(!may_match_newline(&hir("[^\n]+米")));
    }

    #[test]
    fn patterns_that_see_past_a_line_search_the_whole_range() {
        let filtered = |p: &str| set(&[p]).patterns[0].lines_with.is_some();
        assert!(!filtered("^[0-9]+米"));
        assert!(!filtered("[0-9]+\\s米"));
        assert!(!filtered("米?[0-9一-龥]"));
        assert!(filtered("[0-9]+米"));
    }

    #[test]
    fn lines_with_the_required_char_give_the_whole_range_matches() {
        let text = "甲\n参加100米跑和4×100米接力\n无\n“三个年”活动\n200米";
        for s in [
            set(&["[0-9]+米跑", "[0-9]+×[0-9]+米", "“[一二三]个[^”\n]{1,4}”"]),
            set(&["[0-9]+米跑", "(?m)^[0-9]+米"]),
        ] {
            let whole: Vec<(usize, usize)> = {
                let mut v: Vec<(usize, usize)> = s
                    .patterns
                    .iter()
                    .flat_map(|p| p.re.find_iter(text))
                    .map(|m| (m.start(), m.end()))
                    .collect();
                v.sort_unstable();
                v
            };
            assert!(!whole.is_empty());
            assert_eq!(s.spans(text, 0, text.len()), whole);
        }
        let s = set(&["[0-9]+米"]);
        let from = text.find("100米跑").unwrap() + 1;
        assert_eq!(
            s.spans(text, from, text.len())[0],
            (from, from + "00米".len())
        );
    }
}
