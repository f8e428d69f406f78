//! The words around a number that the figure stage reads, loaded from
//! `dictionaries/figure_cues.txt`: qualifiers before and after, range
//! separators, time units, rate, total and breakdown cues, and the period
//! and count words of frequencies.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use crate::dict::Dictionaries;

use super::Qualifier;

/// A word list searched in one pass for its last occurrence: the rate and
/// breakdown cues are looked for before every figure, and a search per word
/// was a tenth of the figure stage.
#[derive(Debug, Clone, Default)]
pub struct LastWord {
    words: Vec<String>,
    ac: Option<AhoCorasick>,
}

impl LastWord {
    fn new(words: Vec<String>) -> LastWord {
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&words)
            .ok()
            .filter(|_| !words.is_empty());
        LastWord { words, ac }
    }

    /// Where the last occurrence of any of the words starts in `s` (the
    /// largest start of any whole occurrence, overlapping ones included).
    pub fn last_in(&self, s: &str) -> Option<usize> {
        let ac = self.ac.as_ref()?;
        // A plain search has a prefilter, the overlapping one none; most
        // stretches hold no word at all.
        ac.find(s)?;
        ac.find_overlapping_iter(s).map(|m| m.start()).max()
    }

    /// Every occurrence of any of the words in `s`, overlapping ones
    /// included: (start, end).
    pub fn all_in(&self, s: &str) -> Vec<(usize, usize)> {
        self.ac.as_ref().map_or_else(Vec::new, |ac| {
            if ac.find(s).is_none() {
                return Vec::new();
            }
            ac.find_overlapping_iter(s)
                .map(|m| (m.start(), m.end()))
                .collect()
        })
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.words.iter().map(String::as_str)
    }
}

/// What a qualifier word says of its figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hedge {
    Bound(Qualifier),
    Approx,
}

#[derive(Debug, Clone, Default)]
pub struct FigureCues {
    /// Right before the number, longest first.
    pub before: Vec<(String, Hedge)>,
    /// Right after the unit, longest first.
    pub after: Vec<(String, Hedge)>,
    /// Longest first.
    pub range_seps: Vec<String>,
    pub time_units: Vec<String>,
    pub per_unit: LastWord,
    pub total: Vec<String>,
    pub one_piece: Vec<String>,
    pub part: LastWord,
    /// Period words and how many of them make a year, longest first.
    pub periods: Vec<(String, f64)>,
    /// Longest first.
    pub count_words: Vec<String>,
    /// Before a frequency's count (每年至少一次).
    pub freq_before: Vec<(String, Qualifier)>,
}

fn longest_first<T>(v: &mut [(String, T)]) {
    v.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
}

impl FigureCues {
    pub fn new(dicts: &Dictionaries) -> FigureCues {
        let mut c = FigureCues::default();
        let (mut per_unit, mut part) = (Vec::new(), Vec::new());
        for (class, entry) in dicts.classed("figure_cues.txt") {
            let word = entry.split_whitespace().next().unwrap_or(entry).to_string();
            match class {
                "at_least_before" => c.before.push((word, Hedge::Bound(Qualifier::AtLeast))),
                "at_most_before" => c.before.push((word, Hedge::Bound(Qualifier::AtMost))),
                "approx_before" => c.before.push((word, Hedge::Approx)),
                "at_least_after" => c.after.push((word, Hedge::Bound(Qualifier::AtLeast))),
                "at_most_after" => c.after.push((word, Hedge::Bound(Qualifier::AtMost))),
                "approx_after" => c.after.push((word, Hedge::Approx)),
                "range_sep" => c.range_seps.push(word),
                "time_unit" => c.time_units.push(word),
                "per_unit" => per_unit.push(word),
                "total" => c.total.push(word),
                "one_piece" => c.one_piece.push(word),
                "part" => part.push(word),
                "period" => {
                    let n = entry
                        .split_whitespace()
                        .nth(1)
                        .and_then(|n| n.parse::<f64>().ok())
                        .filter(|n| *n > 0.0);
                    if let Some(n) = n {
                        c.periods.push((word, n));
                    }
                }
                "count_word" => c.count_words.push(word),
                "freq_at_least" => c.freq_before.push((word, Qualifier::AtLeast)),
                "freq_at_most" => c.freq_before.push((word, Qualifier::AtMost)),
                _ => {}
            }
        }
        c.per_unit = LastWord::new(per_unit);
        c.part = LastWord::new(part);
        longest_first(&mut c.before);
        longest_first(&mut c.after);
        longest_first(&mut c.periods);
        longest_first(&mut c.freq_before);
        for v in [&mut c.range_seps, &mut c.count_words] {
            v.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
            v.dedup();
        }
        c
    }

    /// The qualifier word `before` ends with, if any (the longest).
    pub fn before_number(&self, before: &str) -> Option<(&str, Hedge)> {
        self.before
            .iter()
            .find(|(w, _)| before.ends_with(w.as_str()))
            .map(|(w, h)| (w.as_str(), *h))
    }

    pub fn is_time_unit(&self, unit: &str) -> bool {
        self.time_units.iter().any(|u| u == unit)
    }

    /// The frequency qualifier `between` ends with.
    pub fn freq_qualifier(&self, between: &str) -> Option<Qualifier> {
        self.freq_before
            .iter()
            .find(|(w, _)| between.ends_with(w.as_str()))
            .map(|(_, q)| *q)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longest_word_wins() {
        let c = FigureCues::new(&Dictionaries::embedded());
        assert_eq!(
            c.before_number("全年不超过"),
            Some(("不超过", Hedge::Bound(Qualifier::AtMost)))
        );
        assert_eq!(
            c.before_number("人数超过"),
            Some(("超过", Hedge::Bound(Qualifier::AtLeast)))
        );
        assert_eq!(c.before_number("大约"), Some(("大约", Hedge::Approx)));
        assert_eq!(c.range_seps.first().map(String::as_str), Some("——"));
        assert_eq!(c.periods.first().map(|p| p.0.as_str()), Some("学年度"));
        assert!(c.is_time_unit("小时") && !c.is_time_unit("人"));
        assert!(c.part.iter().any(|p| p == "来源:"));
        assert_eq!(c.part.last_in("其中a包括b其中"), Some(14));
        assert_eq!(c.part.last_in("其"), None);
        assert_eq!(c.per_unit.last_in("人均每"), Some(6));
    }
}
