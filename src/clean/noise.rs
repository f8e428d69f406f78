//! Scraping noise: which folded lines (or parts of lines) are page furniture
//! rather than report text. Phrases come from `dictionaries/noise.txt`; the
//! shapes (page counters, time stamps, letter-spaced words) are code.
//!
//! Every check is a single pass over the line or looks only at short lines,
//! so cleaning stays linear in the input.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use crate::dict::Dictionaries;
use crate::lang::chars::is_sentence_end;

/// Why something was dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NoiseKind {
    /// 当前位置:首页›…, 首页 > 范文 > …
    Breadcrumb,
    /// A site's blurb about the page (以下是…小编…供大家参考).
    Blurb,
    /// The header of a related-links list (相关文档, 热门关注, 猜你喜欢).
    LinkHeader,
    /// A link line of such a list.
    LinkItem,
    /// Page widgets and prev/next links (首页, 合集下载, 上一篇:…).
    Navigation,
    /// Download, copyright and site notices (下载文档前请…, 本文档由…整理发布).
    Notice,
    /// 第2页共5页, 1 / 15, - 2 -
    PageCounter,
    /// A lone posting date-time (2022-03-23 11:27:43).
    Timestamp,
    /// An image file name (QQ截图20220323112838.jpg).
    ImageFile,
    /// Letter-spaced Latin junk (S u m m a r y).
    LetterSpaced,
    /// A dashed banner (-----范文最新推荐-----).
    Banner,
    /// A line with no letters, digits or ideographs at all.
    Separator,
}

impl NoiseKind {
    pub fn as_str(self) -> &'static str {
        match self {
            NoiseKind::Breadcrumb => "breadcrumb",
            NoiseKind::Blurb => "blurb",
            NoiseKind::LinkHeader => "link_header",
            NoiseKind::LinkItem => "link_item",
            NoiseKind::Navigation => "navigation",
            NoiseKind::Notice => "notice",
            NoiseKind::PageCounter => "page_counter",
            NoiseKind::Timestamp => "timestamp",
            NoiseKind::ImageFile => "image_file",
            NoiseKind::LetterSpaced => "letter_spaced",
            NoiseKind::Banner => "banner",
            NoiseKind::Separator => "separator",
        }
    }

    /// Noise that page breaks leave inside a paragraph: a sentence broken
    /// around it is still rejoined.
    pub(crate) fn is_page_break(self) -> bool {
        matches!(
            self,
            NoiseKind::PageCounter
                | NoiseKind::ImageFile
                | NoiseKind::LetterSpaced
                | NoiseKind::Banner
                | NoiseKind::Separator
                | NoiseKind::Notice
        )
    }
}

/// A part of a folded line to cut: byte range in the folded line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Cut {
    pub start: usize,
    pub end: usize,
    pub kind: NoiseKind,
}

/// What the rules say about one folded line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Verdict {
    Keep(Vec<Cut>),
    Drop(NoiseKind),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Contained {
    Notice,
    Blurb,
    BlurbLead,
    /// Where a shape may start (第…页共…页, 本文共…页, a dash rule): found by
    /// the same scan as the phrases, checked by code.
    PageAt,
    PageTotalAt,
    RuleAt,
}

/// The noise rules, built once from the dictionaries.
#[derive(Debug, Clone)]
pub(crate) struct NoiseRules {
    breadcrumbs: Vec<String>,
    nav_roots: Vec<String>,
    headers: Vec<String>,
    buttons: Vec<String>,
    prefixes: Vec<String>,
    time_labels: Vec<String>,
    meta_labels: Vec<String>,
    image_exts: Vec<String>,
    contained: AhoCorasick,
    contained_kinds: Vec<Contained>,
    shapes: AhoCorasick,
    /// First chars of the start-anchored phrases (breadcrumb, nav_root,
    /// prefix, header, button): a line starting otherwise skips their checks.
    anchored_firsts: Vec<char>,
    /// Entries of noise.txt whose kind is unknown (a typo must not pass
    /// silently).
    pub unknown: Vec<String>,
}

/// Strings where a shape can be: the middle of 第2页共5页, the start of
/// 本文共5页, dash and equals rules.
const SHAPE_STARTS: &[(&str, Contained)] = &[
    ("页共", Contained::PageAt),
    ("页 共", Contained::PageAt),
    ("页,共", Contained::PageAt),
    ("页/共", Contained::PageAt),
    ("页、共", Contained::PageAt),
    ("本文共", Contained::PageTotalAt),
    ("-----", Contained::RuleAt),
    ("=====", Contained::RuleAt),
];

/// Lines longer than these (in chars) are never dropped by the phrase rules:
/// a long line holding a phrase is content that mentions it.
const MAX_PREFIX_LINE: usize = 300;
const MAX_NOTICE_LINE: usize = 150;
/// A blurb sentence group longer than this is not cut.
const MAX_BLURB_SPAN: usize = 300;
/// Blurb marks further apart than this (chars) belong to different groups.
const BLURB_GAP: usize = 150;
/// Fewest letters that make a letter-spaced run.
const MIN_SPACED_LETTERS: usize = 6;

impl NoiseRules {
    pub fn new(dicts: &Dictionaries) -> NoiseRules {
        Self::from_text(dicts.text("noise.txt"))
    }

    pub fn from_text(text: &str) -> NoiseRules {
        let mut r = NoiseRules {
            breadcrumbs: Vec::new(),
            nav_roots: Vec::new(),
            headers: Vec::new(),
            buttons: Vec::new(),
            prefixes: Vec::new(),
            time_labels: Vec::new(),
            meta_labels: Vec::new(),
            image_exts: Vec::new(),
            contained: AhoCorasick::new(Vec::<&str>::new()).expect("empty automaton"),
            contained_kinds: Vec::new(),
            shapes: AhoCorasick::new(Vec::<&str>::new()).expect("empty automaton"),
            anchored_firsts: Vec::new(),
            unknown: Vec::new(),
        };
        let mut pats: Vec<String> = Vec::new();
        for line in text.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((kind, phrase)) = line.split_once(':') else {
                r.unknown.push(line.to_string());
                continue;
            };
            // Phrases are matched against folded text.
            let phrase: String = phrase.trim().chars().filter_map(super::fold_char).collect();
            if phrase.is_empty() {
                r.unknown.push(line.to_string());
                continue;
            }
            match kind.trim() {
                "breadcrumb" => r.breadcrumbs.push(phrase),
                "nav_root" => r.nav_roots.push(phrase),
                "header" => r.headers.push(phrase),
                "button" => r.buttons.push(phrase),
                "prefix" => r.prefixes.push(phrase),
                "time_label" => r.time_labels.push(phrase),
                "meta_label" => r.meta_labels.push(phrase),
                "image_ext" => r.image_exts.push(phrase.to_ascii_lowercase()),
                "notice" => {
                    pats.push(phrase);
                    r.contained_kinds.push(Contained::Notice);
                }
                "blurb" => {
                    pats.push(phrase);
                    r.contained_kinds.push(Contained::Blurb);
                }
                "blurb_lead" => {
                    pats.push(phrase);
                    r.contained_kinds.push(Contained::BlurbLead);
                }
                _ => r.unknown.push(line.to_string()),
            }
        }
        for v in [
            &r.breadcrumbs,
            &r.nav_roots,
            &r.prefixes,
            &r.headers,
            &r.buttons,
        ] {
            for p in v.iter() {
                if let Some(c) = p.chars().next()
                    && !r.anchored_firsts.contains(&c)
                {
                    r.anchored_firsts.push(c);
                }
            }
        }
        // Longest first, so that 网站首页 wins over 首页 and 合集下载 over 下载.
        for v in [
            &mut r.breadcrumbs,
            &mut r.nav_roots,
            &mut r.headers,
            &mut r.buttons,
            &mut r.prefixes,
            &mut r.time_labels,
        ] {
            v.sort_by_key(|p| std::cmp::Reverse(p.len()));
        }
        // The shapes get their own automaton: the phrase one stays small
        // enough for the fast (Teddy) prefilter.
        r.shapes = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(SHAPE_STARTS.iter().map(|(p, _)| p))
            .expect("shape starts build an automaton");
        r.contained = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&pats)
            .or_else(|_| {
                AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostLongest)
                    .build(&pats)
            })
            .expect("noise phrases build an automaton");
        r
    }

    /// Judges one folded line (trimmed, spaces collapsed, non-empty).
    pub fn classify(&self, s: &str) -> Verdict {
        if !s.chars().any(is_word_char) {
            return Verdict::Drop(NoiseKind::Separator);
        }
        let anchored = s
            .chars()
            .find(|c| is_word_char(*c))
            .is_some_and(|c| self.anchored_firsts.contains(&c));
        // Whole-line shapes only ever hold on short lines.
        if s.len() <= 240
            && let Some(k) = self.short_line_kind(s, anchored)
        {
            return Verdict::Drop(k);
        }
        // Only compared with small limits: count no further.
        let head = &s.as_bytes()[..s.len().min(4 * (MAX_PREFIX_LINE + 1))];
        let nchars = head.iter().filter(|&&x| x & 0xC0 != 0x80).count();
        if anchored && nchars <= MAX_PREFIX_LINE {
            if self.breadcrumbs.iter().any(|p| s.starts_with(p.as_str())) || self.is_nav_path(s) {
                return Verdict::Drop(NoiseKind::Breadcrumb);
            }
            if self.prefixes.iter().any(|p| s.starts_with(p.as_str())) {
                return Verdict::Drop(NoiseKind::Navigation);
            }
        }

        let mut cuts = Vec::new();
        let mut blurb_marks: Vec<(usize, usize, usize, Contained)> = Vec::new();
        let mut rules_seen = false;
        for m in self.contained.find_iter(s) {
            let kind = self.contained_kinds[m.pattern().as_usize()];
            match kind {
                Contained::Notice if nchars <= MAX_NOTICE_LINE => {
                    return Verdict::Drop(NoiseKind::Notice);
                }
                Contained::Notice => {}
                Contained::Blurb | Contained::BlurbLead => {
                    blurb_marks.push((m.start(), m.end(), m.pattern().as_usize(), kind));
                }
                _ => {}
            }
        }
        for m in self.shapes.find_iter(s) {
            match SHAPE_STARTS[m.pattern().as_usize()].1 {
                Contained::PageAt => page_counter_cut_at(s, m.start(), &mut cuts),
                Contained::PageTotalAt => {
                    if nchars <= MAX_NOTICE_LINE && is_page_total_at(s, m.end()) {
                        return Verdict::Drop(NoiseKind::Notice);
                    }
                }
                _ => rules_seen = true,
            }
        }
        blurb_cuts(s, &blurb_marks, &mut cuts);
        letter_spaced_cuts(s, &mut cuts);
        trailing_page_counter_cut(s, &mut cuts);
        if rules_seen {
            banner_cuts(s, &mut cuts);
        }
        if cuts.is_empty() {
            return Verdict::Keep(cuts);
        }
        cuts.sort_by_key(|c| c.start);
        // Overlapping cuts merge (the first kind names the merged cut).
        let mut merged: Vec<Cut> = Vec::with_capacity(cuts.len());
        for c in cuts {
            match merged.last_mut() {
                Some(last) if c.start <= last.end => last.end = last.end.max(c.end),
                _ => merged.push(c),
            }
        }
        // When what is left holds nothing, the whole line is noise.
        let mut rest = false;
        let mut pos = 0;
        for c in &merged {
            rest |= s[pos..c.start].chars().any(is_word_char);
            pos = c.end;
        }
        rest |= s[pos..].chars().any(is_word_char);
        if !rest {
            return Verdict::Drop(merged[0].kind);
        }
        Verdict::Keep(merged)
    }

    /// A line made only of header/button words: `Some(true)` when one of
    /// them is a link-list header.
    pub fn widget_line(&self, s: &str) -> Option<bool> {
        if s.len() > 160 {
            return None;
        }
        let letters: String = s.chars().filter(|c| c.is_alphanumeric()).collect();
        if letters.is_empty() || letters.len() > 120 {
            return None;
        }
        let mut rest = letters.as_str();
        let mut header = false;
        while !rest.is_empty() {
            if let Some(h) = self.headers.iter().find(|h| rest.starts_with(h.as_str())) {
                header = true;
                rest = &rest[h.len()..];
            } else if let Some(b) = self.buttons.iter().find(|b| rest.starts_with(b.as_str())) {
                rest = &rest[b.len()..];
            } else {
                return None;
            }
        }
        Some(header)
    }

    fn short_line_kind(&self, s: &str, anchored: bool) -> Option<NoiseKind> {
        if is_page_counter(s) {
            return Some(NoiseKind::PageCounter);
        }
        if self.is_timestamp(s) {
            return Some(NoiseKind::Timestamp);
        }
        if self.is_image_name(s) {
            return Some(NoiseKind::ImageFile);
        }
        if !anchored {
            return None;
        }
        match self.widget_line(s) {
            Some(true) => Some(NoiseKind::LinkHeader),
            Some(false) => Some(NoiseKind::Navigation),
            None => None,
        }
    }

    /// 首页 > 范文 > 工作计划: a root word, then a path separator.
    fn is_nav_path(&self, s: &str) -> bool {
        self.nav_roots.iter().any(|r| {
            s.strip_prefix(r.as_str()).is_some_and(|rest| {
                rest.trim_start()
                    .starts_with(['>', '›', '»', '→', '/', '\\', '〉', '≫', '-'])
            })
        })
    }

    fn is_timestamp(&self, s: &str) -> bool {
        if s.len() > 200 {
            return false;
        }
        let mut c = Cursor::new(s);
        let mut labelled = false;
        if let Some(l) = self.time_labels.iter().find(|l| s.starts_with(l.as_str())) {
            c.eat(l);
            c.space();
            c.eat_any(&[":", "："]);
            c.space();
            labelled = true;
        }
        let Some(numeric) = c.date() else {
            return false;
        };
        c.space();
        let timed = c.time();
        c.space();
        // A posting line may go on with its other fields (来源:网络 作者:佚名).
        let meta = self.meta_labels.iter().any(|m| c.s.starts_with(m.as_str()));
        (c.at_end() || meta) && (numeric || timed || labelled)
    }

    fn is_image_name(&self, s: &str) -> bool {
        if !s.ends_with(|c: char| c.is_ascii_alphabetic())
            || s.chars().count() > 100
            || s.contains(['。', ',', ',', ';', '；'])
        {
            return false;
        }
        let Some((stem, ext)) = s.rsplit_once('.') else {
            return false;
        };
        !stem.trim().is_empty()
            && self
                .image_exts
                .iter()
                .any(|e| ext.trim().eq_ignore_ascii_case(e))
    }
}

/// A cursor over a short string for the shape checks.
struct Cursor<'a> {
    s: &'a str,
}

impl<'a> Cursor<'a> {
    fn new(s: &'a str) -> Self {
        Cursor { s }
    }
    fn eat(&mut self, p: &str) -> bool {
        match self.s.strip_prefix(p) {
            Some(r) => {
                self.s = r;
                true
            }
            None => false,
        }
    }
    fn eat_any(&mut self, ps: &[&str]) -> bool {
        ps.iter().any(|p| self.eat(p))
    }
    fn space(&mut self) {
        self.s = self.s.trim_start_matches(' ');
    }
    /// Up to `max` ASCII digits; their count and value.
    fn digits(&mut self, max: usize) -> Option<(usize, u32)> {
        let n = self
            .s
            .bytes()
            .take_while(u8::is_ascii_digit)
            .take(max + 1)
            .count();
        if n == 0 || n > max {
            return None;
        }
        let v = self.s[..n].parse().ok()?;
        self.s = &self.s[n..];
        Some((n, v))
    }
    fn at_end(&self) -> bool {
        self.s.is_empty()
    }
    /// A date: `2022-03-23` (and `/`, `.`) gives `Some(true)`,
    /// `2022年3月23日` gives `Some(false)`.
    fn date(&mut self) -> Option<bool> {
        let (n, y) = self.digits(4)?;
        if n != 4 || !(1900..=2100).contains(&y) {
            return None;
        }
        if self.eat("年") {
            let (_, m) = self.digits(2)?;
            if !self.eat("月") {
                return None;
            }
            let (_, d) = self.digits(2)?;
            self.eat("日");
            return ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some(false);
        }
        let sep = self
            .s
            .chars()
            .next()
            .filter(|c| matches!(c, '-' | '/' | '.'))?;
        self.s = &self.s[1..];
        let (_, m) = self.digits(2)?;
        if !self.s.starts_with(sep) {
            return None;
        }
        self.s = &self.s[1..];
        let (_, d) = self.digits(2)?;
        ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some(true)
    }
    fn time(&mut self) -> bool {
        let save = self.s;
        let ok = self.digits(2).is_some_and(|(_, h)| h < 24)
            && self.eat(":")
            && self.digits(2).is_some_and(|(n, m)| n == 2 && m < 60);
        if !ok {
            self.s = save;
            return false;
        }
        let save = self.s;
        if !(self.eat(":") && self.digits(2).is_some_and(|(n, _)| n == 2)) {
            self.s = save;
        }
        true
    }
}

/// A whole line that is a page counter.
fn is_page_counter(s: &str) -> bool {
    if s.len() > 80
        || !s.starts_with(|c: char| {
            matches!(
                c,
                '第' | '共' | '-' | '—' | '–' | '~' | '－' | 'P' | 'p' | '0'..='9'
            )
        })
    {
        return false;
    }
    let t: String = s.chars().filter(|c| *c != ' ').collect();
    if t.chars().count() > 20 {
        return false;
    }
    let mut c = Cursor::new(&t);
    // 第2页共5页, 第2页/共5页, 第2页, 共5页
    let save = c.s;
    if c.eat("第") && c.digits(4).is_some() && c.eat("页") {
        c.eat_any(&[",", "/", "、", "，"]);
        if c.at_end() || (c.eat("共") && c.digits(4).is_some() && c.eat("页") && c.at_end()) {
            return true;
        }
    }
    c.s = save;
    if c.eat("共") && c.digits(4).is_some() && c.eat("页") && c.at_end() {
        return true;
    }
    c.s = save;
    // 1/15
    if let Some((_, a)) = c.digits(4)
        && c.eat("/")
        && c.digits(4).is_some_and(|(_, b)| a <= b && b > 0)
        && c.at_end()
    {
        return true;
    }
    c.s = save;
    // - 2 -, — 2 —
    const DASHES: &[&str] = &["-", "—", "–", "~", "－"];
    if c.eat_any(DASHES) && c.digits(4).is_some() && c.eat_any(DASHES) && c.at_end() {
        return true;
    }
    // Page 2 of 5
    let lower = t.to_ascii_lowercase();
    let mut c = Cursor::new(&lower);
    if c.eat("page")
        && c.digits(4).is_some()
        && (c.at_end() || (c.eat("of") && c.digits(4).is_some() && c.at_end()))
    {
        return true;
    }
    false
}

/// 本文共5页 (a download site's page total); `at` is just past 本文共.
fn is_page_total_at(s: &str, at: usize) -> bool {
    let mut c = Cursor::new(&s[at..]);
    c.space();
    c.digits(4).is_some() && {
        c.space();
        c.eat("页")
    }
}

/// Cuts 第2页共5页 (spaces allowed) around `i`, the offset of its first 页.
fn page_counter_cut_at(s: &str, i: usize, cuts: &mut Vec<Cut>) {
    // Back over `第 2 `.
    let b = s.as_bytes();
    let mut j = i;
    if j > 0 && b[j - 1] == b' ' {
        j -= 1;
    }
    let digits_end = j;
    while j > 0 && b[j - 1].is_ascii_digit() && digits_end - j < 4 {
        j -= 1;
    }
    if j == digits_end {
        return;
    }
    if j > 0 && b[j - 1] == b' ' {
        j -= 1;
    }
    let Some(start) = s[..j].strip_suffix('第').map(str::len) else {
        return;
    };
    // Forward over `页 共 5 页`.
    let mut c = Cursor::new(&s[i + '页'.len_utf8()..]);
    c.space();
    c.eat_any(&[",", "/", "、"]);
    c.space();
    let ok = c.eat("共")
        && {
            c.space();
            c.digits(4).is_some()
        }
        && {
            c.space();
            c.eat("页")
        };
    if ok {
        let end = s.len() - c.s.len();
        let start = if s[..start].ends_with(' ') {
            start - 1
        } else {
            start
        };
        cuts.push(Cut {
            start,
            end,
            kind: NoiseKind::PageCounter,
        });
    }
}

/// Cuts ` 1 / 15` closing a line.
fn trailing_page_counter_cut(s: &str, cuts: &mut Vec<Cut>) {
    // ` N / M` closing a line: the spaces around the slash tell it from a
    // fraction in the text (1/3).
    let b = s.as_bytes();
    let mut j = b.len();
    let digits_back = |j: &mut usize| {
        let e = *j;
        while *j > 0 && b[*j - 1].is_ascii_digit() && e - *j < 4 {
            *j -= 1;
        }
        e - *j
    };
    if digits_back(&mut j) > 0 && s[..j].ends_with(" / ") {
        j -= 3;
        if digits_back(&mut j) > 0 && (j == 0 || b[j - 1] == b' ') {
            let start = j.saturating_sub(1);
            let (a, m) = s[j..].split_once(" / ").unwrap_or(("", ""));
            if let (Ok(a), Ok(m)) = (a.parse::<u32>(), m.parse::<u32>())
                && a <= m
                && m > 0
            {
                cuts.push(Cut {
                    start,
                    end: s.len(),
                    kind: NoiseKind::PageCounter,
                });
            }
        }
    }
}

/// Runs of single Latin letters separated by single spaces: `S u m m a r y`.
fn letter_spaced_cuts(s: &str, cuts: &mut Vec<Cut>) {
    let b = s.as_bytes();
    let alnum = |i: usize| b.get(i).is_some_and(u8::is_ascii_alphanumeric);
    // A run holds a `letter space letter`: only look near spaces (Chinese
    // text has few), found by a fast byte search.
    let Some(first_space) = s.find(' ') else {
        return;
    };
    let mut i = first_space.saturating_sub(1);
    while i < b.len() {
        if b[i] != b' ' && b.get(i + 1) != Some(&b' ') {
            match b[i..].iter().position(|&c| c == b' ') {
                Some(k) if k > 1 => {
                    i += k - 1;
                    continue;
                }
                Some(_) => {}
                None => break,
            }
        }
        // A run starts at a letter whose left neighbour is not alphanumeric.
        if b[i].is_ascii_alphabetic() && (i == 0 || !alnum(i - 1)) && !alnum(i + 1) {
            let start = i;
            let mut end = i + 1;
            let mut letters = 1;
            // One or two spaces between letters (two between words).
            loop {
                let gap = b[end..].iter().take(3).take_while(|&&c| c == b' ').count();
                let next = end + gap;
                if (1..=2).contains(&gap)
                    && b.get(next).is_some_and(u8::is_ascii_alphabetic)
                    && !alnum(next + 1)
                {
                    end = next + 1;
                    letters += 1;
                } else {
                    break;
                }
            }
            if letters >= MIN_SPACED_LETTERS {
                let start = if start > 0 && b[start - 1] == b' ' {
                    start - 1
                } else {
                    start
                };
                cuts.push(Cut {
                    start,
                    end,
                    kind: NoiseKind::LetterSpaced,
                });
            }
            i = end;
        } else {
            i += 1;
        }
    }
}

/// `-----范文最新推荐-----` and long dash rules inside a line.
fn banner_cuts(s: &str, cuts: &mut Vec<Cut>) {
    let b = s.as_bytes();
    let run_at = |i: usize| {
        b[i..]
            .iter()
            .take_while(|&&c| c == b'-' || c == b'=')
            .count()
    };
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'-' && b[i] != b'=' {
            i += 1;
            continue;
        }
        let n = run_at(i);
        if n < 5 {
            i += n;
            continue;
        }
        let mut end = i + n;
        // A short label between two rules belongs to the banner.
        let rest = &s[end..];
        let label_len = rest
            .char_indices()
            .take(21)
            .find(|(_, c)| *c == '-' || *c == '=')
            .map(|(k, _)| k);
        if let Some(k) = label_len {
            let label = &rest[..k];
            if !label.contains(['。', ',', ';', '!', '?']) && run_at(end + k) >= 5 {
                end += k + run_at(end + k);
            }
        }
        if end - i >= 10 || end > i + n {
            let start = if i > 0 && b[i - 1] == b' ' { i - 1 } else { i };
            cuts.push(Cut {
                start,
                end,
                kind: NoiseKind::Banner,
            });
        }
        i = end;
    }
}

/// Cuts site blurbs: groups of nearby blurb marks scoring 3 or more, widened
/// to whole sentences.
fn blurb_cuts(s: &str, marks: &[(usize, usize, usize, Contained)], cuts: &mut Vec<Cut>) {
    let mut i = 0;
    while i < marks.len() {
        // A group: marks each within BLURB_GAP chars (≈ bytes / 3) of the
        // previous one.
        let mut j = i + 1;
        while j < marks.len() && marks[j].0 - marks[j - 1].1 <= BLURB_GAP * 3 {
            j += 1;
        }
        let group = &marks[i..j];
        let mut seen: Vec<usize> = Vec::new();
        let mut score = 0;
        for &(_, _, pat, kind) in group {
            if !seen.contains(&pat) {
                seen.push(pat);
                score += if kind == Contained::Blurb { 2 } else { 1 };
            }
        }
        if score >= 3 {
            let first = group[0].0;
            let last = group[group.len() - 1].1;
            // Sentence ends are looked for only as far as a blurb can reach,
            // so that many marks on one huge line stay linear.
            let reach = MAX_BLURB_SPAN * 4;
            let mut lo = first.saturating_sub(reach);
            while !s.is_char_boundary(lo) {
                lo += 1;
            }
            let mut hi = (last + reach).min(s.len());
            while !s.is_char_boundary(hi) {
                hi -= 1;
            }
            let back = s[lo..first]
                .char_indices()
                .rev()
                .find(|(_, c)| is_sentence_end(*c));
            let start = match back {
                Some((k, c)) => lo + k + c.len_utf8(),
                None if lo == 0 => 0,
                None => {
                    i = j;
                    continue;
                }
            };
            let fwd = s[last..hi]
                .char_indices()
                .find(|(_, c)| is_sentence_end(*c));
            let mut end = match fwd {
                Some((k, c)) => last + k + c.len_utf8(),
                None if hi == s.len() => s.len(),
                None => {
                    i = j;
                    continue;
                }
            };
            end += s[end..]
                .chars()
                .take_while(|c| is_closer(*c))
                .map(char::len_utf8)
                .sum::<usize>();
            if s[start..end].chars().count() <= MAX_BLURB_SPAN {
                cuts.push(Cut {
                    start,
                    end,
                    kind: NoiseKind::Blurb,
                });
            }
        }
        i = j;
    }
}

/// Letters, digits and ideographs: what content is made of. ASCII is
/// answered without the Unicode tables.
#[inline]
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        super::join::is_ideograph(c) || c.is_alphanumeric()
    }
}

/// Closing quotes and brackets.
pub(crate) fn is_closer(c: char) -> bool {
    matches!(
        c,
        '”' | '’' | '"' | '\'' | ')' | '）' | '》' | '」' | '』' | '】' | '〕' | ']' | '〉'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> NoiseRules {
        NoiseRules::new(&Dictionaries::embedded())
    }

    fn dropped(s: &str) -> Option<NoiseKind> {
        match rules().classify(s) {
            Verdict::Drop(k) => Some(k),
            Verdict::Keep(_) => None,
        }
    }

    fn cut_text(s: &str) -> String {
        match rules().classify(s) {
            Verdict::Keep(cuts) => {
                let mut out = String::new();
                let mut pos = 0;
                for c in cuts {
                    out.push_str(&s[pos..c.start]);
                    pos = c.end;
                }
                out.push_str(&s[pos..]);
                out
            }
            Verdict::Drop(k) => format!("<{}>", k.as_str()),
        }
    }

    #[test]
    fn embedded_noise_file_parses_cleanly() {
        let r = rules();
        assert!(r.unknown.is_empty(), "{:?}", r.unknown);
        assert!(!r.headers.is_empty() && !r.buttons.is_empty());
    }

    #[test]
    fn breadcrumbs() {
        let b = Some(NoiseKind::Breadcrumb);
        assert_eq!(dropped("当前位置:文档之家› 县总工会2017年工作总结"), b);
        assert_eq!(dropped("您现在的位置:首页>工作计划"), b);
        assert_eq!(dropped("首页 > 范文 > 工作计划 > 工会工作计划"), b);
        assert_eq!(dropped("首页›工作总结"), b);
        // A sentence that starts with the word is content.
        assert_eq!(dropped("首页设置了工会专栏,发布工作动态。"), None);
    }

    #[test]
    fn blurbs_whole_and_partial() {
        let b = Some(NoiseKind::Blurb);
        assert_eq!(
            dropped(
                "工作计划可以帮助我们更好地安排时间,以下是某某网小编精心为您推荐的工会工作计划6篇,供大家参考。"
            ),
            b
        );
        assert_eq!(
            dropped(
                "最近发表了一篇名为《工会工作总结》的范文,感觉很有用处,看完如果觉得有帮助请记得收藏。"
            ),
            b
        );
        assert_eq!(
            dropped(
                "工会计划是指用文字表述的安排,下面是小编整理的学校工会工作计划精选2篇,供大家参考借鉴。"
            ),
            b
        );
        assert_eq!(
            cut_text(
                "下面是OK带来关于机关工会工作计划的内容,希望能让大家有所收获!我局工会工作以全会精神为主导,积极推进各项建设。"
            ),
            "我局工会工作以全会精神为主导,积极推进各项建设。"
        );
        // Must not drop: a report's own lead-in, a title with 范文.
        assert_eq!(dropped("以下是我局2017年工会工作的主要情况。"), None);
        assert_eq!(dropped("2017年街道工会工作总结范文"), None);
        assert_eq!(
            dropped(
                "2021年单位工会工作计划范文【2021年单位工会工作计划范文一】面对复杂的形势,中心工会要凝心聚力。"
            ),
            None
        );
    }

    #[test]
    fn link_headers_and_buttons() {
        let r = rules();
        assert_eq!(r.widget_line("相关文档 最新文档"), Some(true));
        assert_eq!(r.widget_line("热门关注"), Some(true));
        assert_eq!(r.widget_line("猜你喜欢:"), Some(true));
        assert_eq!(r.widget_line("合集下载"), Some(false));
        assert_eq!(r.widget_line("首页"), Some(false));
        assert_eq!(r.widget_line("工作计划"), None);
        assert_eq!(r.widget_line("相关文档的整理工作"), None);
        assert_eq!(dropped("相关文档"), Some(NoiseKind::LinkHeader));
        assert_eq!(dropped("下载"), Some(NoiseKind::Navigation));
    }

    #[test]
    fn prev_next_and_notices() {
        assert_eq!(
            dropped("上一篇:推荐精选的导游词样文下一篇:单位介绍信"),
            Some(NoiseKind::Navigation)
        );
        let n = Some(NoiseKind::Notice);
        assert_eq!(
            dropped("1. 1、下载文档前请自行甄别文档内容的完整性,平台不提供额外的编辑服务。"),
            n
        );
        assert_eq!(dropped("3、如文档侵犯您的权益,请联系客服反馈。"), n);
        assert_eq!(dropped("本文档由某某阁(http://)整理发布"), n);
        assert_eq!(dropped("本文共5页,点此阅读"), n);
        assert_eq!(dropped("点击下载"), Some(NoiseKind::Navigation));
        // Content that mentions downloading stays.
        assert_eq!(dropped("组织职工下载学习强国APP,参学率达95%。"), None);
    }

    #[test]
    fn page_counters() {
        let p = Some(NoiseKind::PageCounter);
        for s in [
            "第2页共5页",
            "第 2 页 共 5 页",
            "1 / 15",
            "- 2 -",
            "—3—",
            "第3页",
            "共5页",
            "Page 2 of 5",
            "2/15",
        ] {
            assert_eq!(dropped(s), p, "{s}");
        }
        assert_eq!(dropped("第2届职工运动会"), None);
        assert_eq!(dropped("2、1月份召开职代会"), None);
        assert_eq!(dropped("3/2"), None);
        assert_eq!(
            cut_text("获得优秀群体的铜牌,在 第2 页共5 页"),
            "获得优秀群体的铜牌,在"
        );
        assert_eq!(
            cut_text("全部建立了职工代表大 1 / 15"),
            "全部建立了职工代表大"
        );
        assert_eq!(cut_text("困难职工占1/3"), "困难职工占1/3");
    }

    #[test]
    fn timestamps() {
        let t = Some(NoiseKind::Timestamp);
        assert_eq!(dropped("2022-03-23 11:27:43"), t);
        assert_eq!(dropped("2024-06-30"), t);
        assert_eq!(dropped("2022/3/23 9:05"), t);
        assert_eq!(dropped("发布时间:2022年3月23日"), t);
        assert_eq!(dropped("2022年3月23日 11:27"), t);
        assert_eq!(
            dropped("时间:2018-01-16 09:32:15 来源:网络 作者:佚名 点击: 次"),
            t
        );
        assert_eq!(dropped("更新时间:2019-12-30 来源:范文网"), t);
        assert_eq!(dropped("2017年12月10日 来源:县总工会"), None);
        // A report's own signature date is content.
        assert_eq!(dropped("2017年12月10日"), None);
        assert_eq!(dropped("2022-03-23召开职代会"), None);
    }

    #[test]
    fn image_names_letter_spacing_banners() {
        assert_eq!(
            dropped("QQ截图20220323112838.jpg"),
            Some(NoiseKind::ImageFile)
        );
        assert_eq!(dropped("图片1.PNG"), Some(NoiseKind::ImageFile));
        assert_eq!(dropped("S u m m a r y"), Some(NoiseKind::LetterSpaced));
        assert_eq!(dropped("W o r k  P l a n"), Some(NoiseKind::LetterSpaced));
        assert_eq!(
            cut_text("年终总结S u m m a r y o f w o r k 撰写人:XXX"),
            "年终总结 撰写人:XXX"
        );
        // Real letters and acronyms stay.
        assert_eq!(dropped("A B C三个等级"), None);
        assert_eq!(dropped("开展PPT制作比赛"), None);
        assert_eq!(
            cut_text("-----------范文最新推荐----------- 县总工会工作总结"),
            " 县总工会工作总结"
        );
        assert_eq!(dropped("------------------"), Some(NoiseKind::Separator));
        assert_eq!(dropped("****"), Some(NoiseKind::Separator));
    }

    #[test]
    fn content_lines_stay() {
        for s in [
            "2、1月份召开职代会",
            "一、加强组织领导",
            "2023年机关工会工作计划篇1",
            "(三)广泛开展了慈善捐款,扶困慰问深得人心",
            "工作计划",
            "关键词:工会宣传,创新,模式",
            "以____教育实践活动为契机,进一步加强学习。",
            "时间:2021年1月-12月",
        ] {
            assert_eq!(dropped(s), None, "{s}");
            assert_eq!(cut_text(s), s);
        }
    }
}
