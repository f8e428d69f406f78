//! Traditional script (繁體) → simplified, for analysis only.
//!
//! Hong Kong, Macao and Taiwan reports and the traditional mirrors of
//! mainland sites are read like simplified ones: every rule and dictionary
//! sees one form. The conversion is OpenCC's (the `ferrous-opencc` crate,
//! Apache-2.0): Hong Kong variants to OpenCC traditional (hk2t), then Taiwan
//! variants and traditional to simplified (tw2s), so both regional spellings
//! (裏/裡, 着/著, 衞/衛) fold. OpenCC's phrase and char tables map n chars to
//! n chars, so each simplified char maps back to its own traditional char;
//! regional words (`dictionaries/regional_words.txt`, 軟體 → 软件, 網際網路 →
//! 互联网) may change the length, and then the whole word maps to the whole
//! original word.
//!
//! Only text detected as traditional is converted: a few samples of the file
//! are converted, and the file is traditional when one of them changes a
//! tenth of its Han chars. Simplified text pays for the samples only.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};
use ferrous_opencc::OpenCC;
use ferrous_opencc::config::BuiltinConfig;

use crate::dict::Dictionaries;
use crate::lang::chars::is_han;
use crate::source_map::{SourceMap, SourceMapBuilder};

/// Samples taken over a file, and the Han chars in each.
const SAMPLES: usize = 4;
const SAMPLE_HAN: usize = 120;

/// The two OpenCC converters, built once (about a millisecond).
struct Converters {
    hk2t: OpenCC,
    tw2s: OpenCC,
}

fn converters() -> Option<&'static Converters> {
    static C: OnceLock<Option<Converters>> = OnceLock::new();
    C.get_or_init(|| {
        Some(Converters {
            hk2t: OpenCC::from_config(BuiltinConfig::Hk2t).ok()?,
            tw2s: OpenCC::from_config(BuiltinConfig::Tw2s).ok()?,
        })
    })
    .as_ref()
}

/// Simplified form of traditional `text`, char for char (OpenCC only).
fn opencc_t2s(text: &str) -> Option<String> {
    let c = converters()?;
    Some(c.tw2s.convert(&c.hk2t.convert(text)))
}

/// Han chars of `text` and how many of them `converted` changes (by char
/// position; a length change counts as all changed).
fn changed_han(text: &str, converted: &str) -> (usize, usize) {
    let han = text.chars().filter(|c| is_han(*c)).count();
    if text.chars().count() != converted.chars().count() {
        return (han, han);
    }
    let changed = text
        .chars()
        .zip(converted.chars())
        .filter(|(a, b)| a != b)
        .count();
    (han, changed)
}

/// A sample (or line) is traditional when conversion changes a tenth of its
/// Han chars, and at least three (simplified text has the odd 著, 乾, 於).
fn traditional_share(han: usize, changed: usize) -> bool {
    changed >= 3 && changed * 10 >= han
}

/// Whether `text` is (partly) written in traditional script: a sample at the
/// start and at each quarter of the text.
pub fn is_traditional(text: &str) -> bool {
    let len = text.len();
    (0..SAMPLES).any(|k| {
        let mut at = len * k / SAMPLES;
        while !text.is_char_boundary(at) {
            at += 1;
        }
        let rest = &text[at..];
        let mut han = 0;
        let end = rest
            .char_indices()
            .find(|(_, c)| {
                han += is_han(*c) as usize;
                han > SAMPLE_HAN
            })
            .map_or(rest.len(), |(i, _)| i);
        let sample = &rest[..end];
        if han < 3 {
            return false;
        }
        opencc_t2s(sample).is_some_and(|s| {
            let (h, c) = changed_han(sample, &s);
            traditional_share(h, c)
        })
    })
}

/// Regional words (Taiwan, Hong Kong) to their mainland form, matched on
/// the simplified text.
#[derive(Debug, Clone)]
pub struct Regional {
    matcher: Option<AhoCorasick>,
    to: Vec<String>,
}

impl Regional {
    /// `regional_words.txt`: `regional=mainland` per line.
    pub fn new(dicts: &Dictionaries) -> Regional {
        let mut pairs: Vec<(String, String)> = dicts
            .text("regional_words.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .filter_map(|l| {
                let (a, b) = l.split_once('=')?;
                let (a, b) = (a.trim(), b.trim());
                (!a.is_empty() && a != b).then(|| (a.to_string(), b.to_string()))
            })
            .collect();
        pairs.sort();
        pairs.dedup_by(|a, b| a.0 == b.0);
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(pairs.iter().map(|p| &p.0))
            .ok()
            .filter(|_| !pairs.is_empty());
        Regional {
            matcher,
            to: pairs.into_iter().map(|p| p.1).collect(),
        }
    }
}

/// The decoded text converted to simplified, with its map to the original
/// bytes (through the decoded text's own map).
pub struct Simplified {
    pub text: String,
    pub map: SourceMap,
}

/// Converts the lines of `text` (decoded text; `map` its map to the original
/// bytes) that are traditional. A line with 20 Han chars or more that the
/// conversion changes little is simplified already and stays as it is; so
/// does every line that nothing changes.
pub fn simplify(text: &str, map: &SourceMap, regional: &Regional) -> Option<Simplified> {
    let mut out = String::with_capacity(text.len());
    let mut b = SourceMapBuilder::new();
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let conv = opencc_t2s(line)?;
        let (han, changed) = changed_han(line, &conv);
        let keep = conv == line || (han >= 20 && !traditional_share(han, changed));
        if keep {
            push_same(&mut out, &mut b, map, line, pos);
        } else {
            push_converted(&mut out, &mut b, map, line, pos, &conv, regional);
        }
        pos += line.len();
    }
    Some(Simplified {
        text: out,
        map: b.finish(),
    })
}

/// Copies `line` (decoded text from `pos` on) unchanged.
fn push_same(out: &mut String, b: &mut SourceMapBuilder, map: &SourceMap, line: &str, pos: usize) {
    for (i, c) in line.char_indices() {
        let (s, e) = map.orig_span(pos + i, pos + i + c.len_utf8());
        b.push_char(c.len_utf8(), s, e);
    }
    out.push_str(line);
}

/// Writes the converted line: OpenCC's output char for char against the
/// line, then the regional words, a replaced word standing for its whole
/// original word.
fn push_converted(
    out: &mut String,
    b: &mut SourceMapBuilder,
    map: &SourceMap,
    line: &str,
    pos: usize,
    conv: &str,
    regional: &Regional,
) {
    // Decoded range of each converted char.
    let orig: Vec<(usize, usize)> = line
        .char_indices()
        .map(|(i, c)| (pos + i, pos + i + c.len_utf8()))
        .collect();
    if orig.len() != conv.chars().count() {
        // Not char for char (no OpenCC table does this): the whole line
        // stands for the whole line.
        let (s, e) = map.orig_span(pos, pos + line.len());
        for c in conv.chars() {
            b.push_char(c.len_utf8(), s, e);
        }
        out.push_str(conv);
        return;
    }
    let conv_chars: Vec<(usize, char)> = conv.char_indices().collect();
    let idx_of = |byte: usize| conv_chars.partition_point(|(i, _)| *i < byte);
    let mut push = |out: &mut String, c: char, range: (usize, usize)| {
        let (s, e) = map.orig_span(range.0, range.1);
        b.push_char(c.len_utf8(), s, e);
        out.push(c);
    };
    let mut k = 0;
    let matches: Vec<_> = regional
        .matcher
        .as_ref()
        .map(|m| m.find_iter(conv).collect())
        .unwrap_or_default();
    for m in matches {
        let (a, z) = (idx_of(m.start()), idx_of(m.end()));
        while k < a {
            push(out, conv_chars[k].1, orig[k]);
            k += 1;
        }
        let to = &regional.to[m.pattern().as_usize()];
        let word = (orig[a].0, orig[z - 1].1);
        if to.chars().count() == z - a {
            for (j, c) in to.chars().enumerate() {
                push(out, c, orig[a + j]);
            }
        } else {
            for c in to.chars() {
                push(out, c, word);
            }
        }
        k = z;
    }
    while k < conv_chars.len() {
        push(out, conv_chars[k].1, orig[k]);
        k += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn regional() -> Regional {
        Regional::new(&Dictionaries::embedded())
    }

    #[test]
    fn detects_traditional_and_not_simplified() {
        assert!(is_traditional(
            "縣總工會2018年工作總結\n籌集資金4033.04萬元，幫扶困難職工。"
        ));
        assert!(is_traditional("工會工作總結"));
        assert!(!is_traditional(
            "县总工会2018年工作总结\n取得显著成效，著名劳模。"
        ));
        assert!(!is_traditional(""));
        assert!(!is_traditional("2018 abc"));
    }

    #[test]
    fn converts_char_for_char_with_exact_spans() {
        let text = "籌集資金4033.04萬元，精准幫扶困難職工28150人次。\n";
        let map = SourceMap::identity(0, text.len());
        let s = simplify(text, &map, &regional()).unwrap();
        assert_eq!(s.text, "筹集资金4033.04万元，精准帮扶困难职工28150人次。\n");
        for (i, c) in s.text.char_indices() {
            let (a, z) = s.map.orig_span(i, i + c.len_utf8());
            let t: String = text[a..z].chars().collect();
            assert_eq!(t.chars().count(), 1, "{c} {t}");
        }
        let i = s.text.find("4033.04万元").unwrap();
        let (a, z) = s.map.orig_span(i, i + "4033.04万元".len());
        assert_eq!(&text[a..z], "4033.04萬元");
    }

    #[test]
    fn regional_words_fold_and_map_to_the_whole_word() {
        let text = "透過網際網路推廣軟體。\n";
        let map = SourceMap::identity(0, text.len());
        let s = simplify(text, &map, &regional()).unwrap();
        assert_eq!(s.text, "通过互联网推广软件。\n");
        let i = s.text.find("联").unwrap();
        let (a, z) = s.map.orig_span(i, i + "联".len());
        assert_eq!(&text[a..z], "網際網路");
        let i = s.text.find("推广").unwrap();
        let (a, z) = s.map.orig_span(i, i + "推广".len());
        assert_eq!(&text[a..z], "推廣");
    }
}
