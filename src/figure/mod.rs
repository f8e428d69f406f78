//! Figures: amounts, counts, percentages, dates and frequencies, with exact
//! values and places.

use std::cell::RefCell;

use aho_corasick::{AhoCorasick, Anchored, Input, MatchKind, StartKind};
use serde::Serialize;

use crate::dict::Dictionaries;

pub mod cues;
pub mod date;
pub mod frequency;
pub mod money;
mod patterned;
/// Numerals live with the other text primitives; re-exported where they
/// were first published.
pub use crate::lang::numeral;
pub mod role;

pub use role::{Family, Role, RoleReader};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FigureKind {
    Amount,
    Count,
    Percent,
    Date,
    Frequency,
}

impl FigureKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FigureKind::Amount => "amount",
            FigureKind::Count => "count",
            FigureKind::Percent => "percent",
            FigureKind::Date => "date",
            FigureKind::Frequency => "frequency",
        }
    }

    pub fn parse(s: &str) -> Option<FigureKind> {
        Some(match s {
            "amount" => FigureKind::Amount,
            "count" => FigureKind::Count,
            "percent" => FigureKind::Percent,
            "date" => FigureKind::Date,
            "frequency" => FigureKind::Frequency,
            _ => return None,
        })
    }
}

/// A number, or an ISO 8601 string for dates.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum FigureValue {
    Number(f64),
    Date(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Qualifier {
    #[serde(rename = ">=")]
    AtLeast,
    #[serde(rename = "<=")]
    AtMost,
}

impl Qualifier {
    pub fn as_str(self) -> &'static str {
        match self {
            Qualifier::AtLeast => ">=",
            Qualifier::AtMost => "<=",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// Byte range of the figure in the cleaned text.
    pub start: usize,
    pub end: usize,
    pub kind: FigureKind,
    pub value: FigureValue,
    pub value_max: Option<f64>,
    pub unit: Option<String>,
    pub qualifier: Option<Qualifier>,
    pub approx: bool,
    /// What is counted, paid or measured, when the text says it
    /// (72名困难职工子女 / 资助困难职工子女46名 → 困难职工子女; 筹集帮扶资金163.5万元
    /// → 帮扶资金; 建制率达到82.6% → 建制率).
    pub subject: Option<String>,
    /// The verb that governs the figure (筹集, 发放, 资助, 举办 …).
    pub action: Option<String>,
    /// What is done with it, read from the action (raise, pay …); None for
    /// other work and for percents, dates and frequencies.
    pub family: Option<Family>,
    /// Target, actual, baseline or change: None until
    /// [`FigureExtractor::assign_roles`] has read the part kind.
    pub role: Option<Role>,
    /// Byte ranges in the cleaned text of the figure's sentence and of its
    /// clause (the stretch between commas/semicolons around it).
    pub sentence: (usize, usize),
    pub clause: (usize, usize),
    /// A rate, not a total: 每人500元, 人均2000元, 标准为每户3000元. Never
    /// summed.
    pub per_unit: bool,
    /// A breakdown of a total given before it (发放慰问金85万元，其中春节慰问金
    /// 60万元): adding it to the total would count it twice.
    pub part: bool,
    /// The start (cleaned offset) of the total a part breaks down.
    pub part_of: Option<usize>,
    /// Where the figure stands: the body, or the document's title and
    /// header (its own year, a posting date), which are not results.
    pub place: Place,
    /// The name of the rule that read it (`money-yuan`, `count-measure`,
    /// `bare-year` …: [`RULES`] lists them with what each reads).
    pub rule: &'static str,
}

/// Where in its document a figure stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Place {
    #[default]
    Body,
    /// In the title line (青石县总工会2019年工作总结).
    Title,
    /// Before the body: a date line, a posting date, or the document's own
    /// year restated as its period (2019年，在县委的领导下…).
    Header,
}

impl Place {
    pub fn as_str(self) -> &'static str {
        match self {
            Place::Body => "body",
            Place::Title => "title",
            Place::Header => "header",
        }
    }
}

/// The rules that read figures, by the name a figure records
/// ([`Figure::rule`]), with what each reads.
pub const RULES: &[(&str, &str)] = &[
    (
        "money-renminbi",
        "renminbi as finance writes it (money.rs): 元角分 compounds, ¥/CNY/人民币, 圆整, 块, vague amounts: 1.5万元, 壹拾壹元壹角壹分, ¥1000, 十二块五",
    ),
    ("percent-half-cheng", "半成 = 5%"),
    (
        "money-yuan",
        "the forms money-renminbi leaves to the general reader: 100—200元, 3000多元, 2万元至3万元",
    ),
    (
        "money-currency",
        "a number and another currency after it: 100万港元, 3000新台币",
    ),
    (
        "money-currency-before",
        "a currency before the number: 港币100元, 港币2000万",
    ),
    (
        "money-currency-sign",
        "a bare number after a currency sign: HK$100",
    ),
    (
        "count-measure",
        "a number and a measure word: 72名, 26场, 1000册",
    ),
    (
        "count-multiplied",
        "a number, 万/亿 and a measure word: 3万多人, 10余万人次",
    ),
    ("percent-sign", "a number and %: 95%, 5%-10%"),
    (
        "percent-points",
        "a number and 个百分点: a change in points",
    ),
    (
        "percent-cheng",
        "a Chinese digit and 成: 八成 = 80%, 三成半 = 35%",
    ),
    (
        "percent-words",
        "百分之/千分之 and a number: 百分之八十, 千分之五",
    ),
    ("date", "a date or month: 2019年3月, 3月15日, 6-9月"),
    ("two-digit-year", "a year of two digits and 年: 98年, 08年"),
    ("bare-year", "a year standing alone: 2018, 2016上半年"),
    ("quarter", "a quarter: 一季度, 第三季度"),
    ("ordinal-quarter", "第 and a quarter: 第一季度"),
    ("half-year", "上半年 / 下半年 without a year"),
    ("half-unit", "半 and a time unit: 半天, 半个月"),
    (
        "frequency-every",
        "每 and a period and a count: 每月一次, 每季度2次",
    ),
    (
        "frequency-count",
        "a count of times in a period: 一年两次, 两个月一期",
    ),
];

/// Why a number was not taken as a figure ([`FigureExtractor::explain`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Guard {
    /// Inside a phrase listed in `set_phrases.txt` (十八大, 两学一做).
    SetPhrase,
    /// Inside a match of a `re:` pattern of `set_phrases.txt` (4×100米接力).
    SetPhrasePattern,
    /// A list number at the start of a line: 1. 2、 3).
    ListMarker,
    /// A rough run of numerals: 二三十, 百分之二三十.
    RoughRange,
    /// A fraction: 三分之一.
    Fraction,
    /// A session number: 第七届, 三届.
    Session,
    /// A code, placeholder or file name: 20xx年, PM2.5, V2.
    Code,
    /// A phone number, hotline or long code.
    Identifier,
    /// An ordinal: 第一名, 第20届.
    Ordinal,
    /// A document number: 〔2017〕219号, 1号文件.
    DocumentNumber,
    /// An enumerator: 一是, 二要.
    Enumerator,
    /// No unit or measure word after the number (or one that is part of a
    /// longer word: 三成员, 年级).
    NoUnit,
    /// 成 after a number no percent can be: 十五成.
    ChengNotPercent,
    /// 一个, 一项: 一 as an article.
    OneAsArticle,
    /// 三分, 十分: points or "very".
    VagueFen,
}

impl Guard {
    pub fn as_str(self) -> &'static str {
        match self {
            Guard::SetPhrase => "set-phrase",
            Guard::SetPhrasePattern => "set-phrase-pattern",
            Guard::ListMarker => "list-marker",
            Guard::RoughRange => "rough-range",
            Guard::Fraction => "fraction",
            Guard::Session => "session",
            Guard::Code => "code",
            Guard::Identifier => "identifier",
            Guard::Ordinal => "ordinal",
            Guard::DocumentNumber => "document-number",
            Guard::Enumerator => "enumerator",
            Guard::NoUnit => "no-unit",
            Guard::ChengNotPercent => "cheng-not-percent",
            Guard::OneAsArticle => "one-as-article",
            Guard::VagueFen => "vague-fen",
        }
    }

    /// What the guard means, for a reader.
    pub fn reason(self) -> &'static str {
        match self {
            Guard::SetPhrase => "a set phrase of set_phrases.txt",
            Guard::SetPhrasePattern => "a set phrase matched by a pattern of set_phrases.txt",
            Guard::ListMarker => "a list number at the start of a line",
            Guard::RoughRange => "a rough run of numerals (二三十)",
            Guard::Fraction => "a fraction",
            Guard::Session => "a session number (届)",
            Guard::Code => "a code, placeholder or file name",
            Guard::Identifier => "a phone number or long code",
            Guard::Ordinal => "an ordinal (第…)",
            Guard::DocumentNumber => "a document number (〔2017〕219号)",
            Guard::Enumerator => "an enumerator (一是, 二要)",
            Guard::NoUnit => "no unit or measure word after it",
            Guard::ChengNotPercent => "成 after a number that is no share",
            Guard::OneAsArticle => "一 used as an article (一个, 一项)",
            Guard::VagueFen => "分 after a Chinese numeral: points or \"very\"",
        }
    }
}

/// A number the figure stage saw and did not take: its byte range in the
/// cleaned text and the guard that refused it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotTaken {
    pub start: usize,
    pub end: usize,
    pub guard: Guard,
}

/// Finds figures in cleaned text.
pub struct FigureExtractor {
    /// Set phrases and words that merely contain a numeral: never figures.
    /// Matched anchored, only where a figure could start (see
    /// `phrase_offsets`), so that the text is not scanned twice.
    phrases: AhoCorasick,
    /// The first two bytes of the set phrases (None if one is shorter):
    /// where none of them stands, no phrase starts.
    phrase_heads: Option<PairSet>,
    /// Byte offsets, within the set phrases, of their first anchor char
    /// (进一步 → 3): where to try a phrase back from an anchor.
    phrase_offsets: Vec<usize>,
    /// The pattern form of set phrases (`re:` lines of `set_phrases.txt`).
    phrase_patterns: patterned::SetPhrasePatterns,
    /// Chars that can start a figure, as a bitset over the BMP.
    anchors: Vec<u64>,
    /// Measure words, matched anchored right after a number.
    measures: AhoCorasick,
    measure_words: Vec<String>,
    /// Subjects, actions and roles (`dictionaries/roles.txt`).
    roles: RoleReader,
    /// Currencies other than yuan (`dictionaries/currencies.txt`): names
    /// matched anchored after or before a number, and their labels.
    currencies: Currencies,
    /// Qualifiers, range separators, rate and breakdown cues, frequency
    /// words (`dictionaries/figure_cues.txt`).
    cues: FigureCues,
    /// How renminbi is written (`dictionaries/money.txt`).
    money: money::MoneyWords,
}

/// What follows a number, read in one go.
struct Tail {
    /// The rule name the figure gets.
    rule: &'static str,
    end: usize,
    kind: FigureKind,
    unit: Option<String>,
    /// Multiplier the unit puts on the number (万元 → 10⁴).
    mult: f64,
}

impl FigureExtractor {
    pub fn new(dicts: &Dictionaries) -> FigureExtractor {
        let phrases = dicts.terms("set_phrases.txt");
        let mut anchors = vec![0u64; 1024];
        for cp in 0..0x10000u32 {
            if let Some(c) = char::from_u32(cp)
                && is_anchor(c)
            {
                anchors[(cp >> 6) as usize] |= 1 << (cp & 63);
            }
        }
        let mut phrase_offsets: Vec<usize> = phrases
            .iter()
            .filter_map(|p| {
                p.char_indices()
                    .find(|(_, c)| is_anchor(*c))
                    .map(|(i, _)| i)
            })
            .collect();
        let phrase_heads = PairSet::of_heads(&phrases);
        phrase_offsets.sort_unstable();
        phrase_offsets.dedup();
        let mut measure_words = dicts.terms("measure_words.txt");
        measure_words.sort();
        measure_words.dedup();
        // Building from plain string lists cannot fail short of absurd sizes;
        // fall back to matchers that find nothing rather than panic.
        let empty: [&str; 0] = [];
        let phrases = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Anchored)
            .build(&phrases)
            .or_else(|_| AhoCorasick::new(empty))
            .expect("empty automaton builds");
        let measures = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Anchored)
            .build(&measure_words)
            .or_else(|_| AhoCorasick::new(empty))
            .expect("empty automaton builds");
        FigureExtractor {
            phrases,
            phrase_heads,
            phrase_offsets,
            phrase_patterns: patterned::SetPhrasePatterns::new(dicts.patterns("set_phrases.txt")),
            anchors,
            measures,
            measure_words,
            roles: RoleReader::new(dicts),
            currencies: Currencies::new(dicts),
            cues: FigureCues::new(dicts),
            money: money::MoneyWords::new(dicts),
        }
    }

    /// The reader of subjects, actions and roles.
    pub fn roles(&self) -> &RoleReader {
        &self.roles
    }

    /// Fills the `role` of figures found by [`extract`](Self::extract) in
    /// `text`: `kind_at(offset)` is the kind of the document part at a
    /// cleaned-text offset (plan → target, summary → actual, unless a cue
    /// says baseline, change or, in a summary, target).
    pub fn assign_roles(
        &self,
        text: &str,
        figures: &mut [Figure],
        kind_at: impl Fn(usize) -> crate::document::DocKind,
    ) {
        self.roles.assign_roles(text, figures, kind_at);
    }

    /// Figures in `text[start..end]`; `year` resolves dates written without
    /// one. Offsets in the result are offsets of `text`.
    pub fn extract(&self, text: &str, start: usize, end: usize, year: Option<i32>) -> Vec<Figure> {
        self.extract_noting(text, start, end, year, None).0
    }

    /// [`Self::extract`] and [`Self::assign_roles`] in one: the words of
    /// each sentence are searched once for both.
    pub fn extract_with_roles(
        &self,
        text: &str,
        start: usize,
        end: usize,
        year: Option<i32>,
        kind_at: impl Fn(usize) -> crate::document::DocKind,
    ) -> Vec<Figure> {
        let (mut figures, read) = self.extract_noting(text, start, end, year, None);
        self.roles
            .assign_roles_reading(text, &mut figures, kind_at, &read);
        figures
    }

    /// The figures of `text[start..end]` as [`extract`](Self::extract)
    /// finds them, and the numbers it did not take there, each with the
    /// guard that refused it (a set phrase, a document number, a list
    /// marker …), in text order.
    pub fn explain(
        &self,
        text: &str,
        start: usize,
        end: usize,
        year: Option<i32>,
    ) -> (Vec<Figure>, Vec<NotTaken>) {
        let sink = RefCell::new(Vec::new());
        let (figures, _) = self.extract_noting(text, start, end, year, Some(&sink));
        let mut not_taken = sink.into_inner();
        // A guard may refuse a number that a later rule reads as part of a
        // figure (a range's second half): only the ones outside figures.
        // Figures by start, with the furthest end reached so far: a number
        // overlaps one when a figure starting before its end ends after its
        // start.
        let mut spans: Vec<(usize, usize)> = figures.iter().map(|f| (f.start, f.end)).collect();
        spans.sort_unstable();
        let mut reach = Vec::with_capacity(spans.len());
        let mut furthest = 0;
        for &(_, e) in &spans {
            furthest = furthest.max(e);
            reach.push(furthest);
        }
        not_taken.retain(|n| {
            let before = spans.partition_point(|&(s, _)| s < n.end);
            before == 0 || reach[before - 1] <= n.start
        });
        not_taken.sort_by_key(|n| (n.start, n.end));
        not_taken.dedup_by_key(|n| (n.start, n.end));
        (figures, not_taken)
    }

    fn extract_noting(
        &self,
        text: &str,
        start: usize,
        end: usize,
        year: Option<i32>,
        not_taken: Option<&RefCell<Vec<NotTaken>>>,
    ) -> (Vec<Figure>, role::WordsOfSentences) {
        let end = floor_boundary(text, end.min(text.len()));
        let start = floor_boundary(text, start.min(end));
        let cx = Ctx {
            cues: &self.cues,
            not_taken,
            text,
            start,
            end,
            year,
            phrases: &self.phrases,
            phrase_offsets: &self.phrase_offsets,
            phrase_heads: self.phrase_heads.as_ref(),
        };
        let mut out = Vec::new();
        let patterned = self.phrase_patterns.spans(text, start, end);
        let mut next_patterned = 0;
        let mut pos = start;
        let bytes = text.as_bytes();
        while pos < end {
            // One pass over the bytes: only anchor chars (digits, Chinese
            // numerals, 每 上 下 半) are decoded and looked at further.
            let b = bytes[pos];
            if b < 0x80 {
                if !b.is_ascii_digit() {
                    pos += 1;
                    continue;
                }
            } else if b & 0xF0 == 0xE0 && pos + 2 < bytes.len() {
                let cp = (u32::from(b & 0x0F) << 12)
                    | (u32::from(bytes[pos + 1] & 0x3F) << 6)
                    | u32::from(bytes[pos + 2] & 0x3F);
                if self.anchors[(cp >> 6) as usize] & (1 << (cp & 63)) == 0 {
                    pos += 3;
                    continue;
                }
            } else {
                // Two- and four-byte chars hold no anchors.
                pos += if b >= 0xF0 { 4 } else { 2 };
                continue;
            }
            while patterned
                .get(next_patterned)
                .is_some_and(|&(_, e)| e <= pos)
            {
                next_patterned += 1;
            }
            if let Some(&(s, e)) = patterned.get(next_patterned)
                && s <= pos
            {
                cx.not_taken(s, e, Guard::SetPhrasePattern);
                pos = e;
                continue;
            }
            // 万分 (万分感谢) and 千万 (千万不要) are set phrases, but 万分之三
            // and 千万分之六 are rates.
            if let Some((s, e)) = cx.phrase_around(pos)
                && percent_per(&cx, pos).is_none()
            {
                cx.not_taken(s, e, Guard::SetPhrase);
                pos = e;
                continue;
            }
            let Some(c) = text[pos..end].chars().next() else {
                break;
            };
            let next = match c {
                '每' => self.every(&cx, pos, &mut out),
                '上' | '下' => half_year(&cx, pos, &mut out),
                '半' => self.half(&cx, pos, &mut out),
                c if c.is_ascii_digit() || numeral::is_cjk_numeral(c) => {
                    self.number(&cx, pos, &mut out)
                }
                _ => None,
            };
            pos = next.unwrap_or(pos + c.len_utf8()).max(pos + c.len_utf8());
        }
        // A rule that looks back (当年6-9月) may reach before `start`: such
        // a figure belongs to the text before, not to this range.
        out.retain(|f| start <= f.start && f.start <= f.end && f.end <= end);
        let ends = if out.is_empty() {
            SentenceEnds::default()
        } else {
            SentenceEnds::new(text, start, end)
        };
        for f in &mut out {
            f.sentence = ends.around(text, f.start, f.end);
            f.clause = clause_around(text, f.sentence, f.start, f.end);
            f.per_unit = is_per_unit(&self.cues, text, f);
        }
        let read = self.roles.describe_all(text, &mut out);
        mark_parts(&self.cues, text, &mut out);
        (out, read)
    }

    fn every(&self, cx: &Ctx, pos: usize, out: &mut Vec<Figure>) -> Option<usize> {
        let m = frequency::every_at(&self.cues, cx.text, pos, cx.end)?;
        out.push(frequency_figure("frequency-every", &m));
        Some(m.end)
    }

    /// 半天, 半个月, 半小时 (not 上半年, 一半, 多半).
    fn half(&self, cx: &Ctx, pos: usize, out: &mut Vec<Figure>) -> Option<usize> {
        let p = pos + '半'.len_utf8();
        let prev = cx.prev_char(pos);
        if prev.is_some_and(|c| "上下每前后多大过一这近".contains(c)) {
            return None;
        }
        if let Some(e) = cx.lit(p, "成") {
            return percent_half_cheng(cx, pos, e, out);
        }
        // 半年 is left out: 半年来 / 上半年 read as periods, not counts.
        let (unit, e) = ["天", "个月", "小时"]
            .iter()
            .find_map(|u| cx.lit(p, u).map(|e| (*u, e)))?;
        if cx.unit_blocked(p, e) {
            return None;
        }
        let mut f = Figure::new(
            "half-unit",
            pos,
            e,
            FigureKind::Count,
            FigureValue::Number(0.5),
        );
        f.unit = Some(unit.to_string());
        out.push(f);
        Some(e)
    }

    /// A figure starting with the numeral at `pos`; returns where scanning
    /// goes on (past the numeral even when it is no figure, so that its
    /// digits are not read again one by one).
    fn number(&self, cx: &Ctx, pos: usize, out: &mut Vec<Figure>) -> Option<usize> {
        let text = cx.text;
        // 百分之八十, 千分之五, 万分之三, 百万分之五
        if let Some((p, div)) = percent_per(cx, pos) {
            // 百分之百 (百 alone is no numeral elsewhere).
            let n = match cx.lit(p, "百") {
                Some(e) if !cx.char_at(e).is_some_and(numeral::is_cjk_numeral) => NumSpan {
                    start: p,
                    end: e,
                    value: 100.0,
                    arabic: false,
                    plain_digits: 0,
                    decimal: false,
                },
                _ => scan_number(text, p).filter(|n| n.end <= cx.end)?,
            };
            // 百分之二三十: a rough range, no figure (but 百分之七十百分位
            // is seventy percent and a word).
            if cx.char_at(n.end).is_some_and(numeral::is_cjk_digit) {
                return cx.not_taken(pos, n.end, Guard::RoughRange);
            }
            // 万分之三 = 0.03%: rounded at the written precision and the
            // divisor's, so that no binary noise is printed.
            let places = money::decimals_written(&text[n.start..n.end])
                + div.log10().ceil().clamp(0.0, 15.0) as u32;
            let mut f = Figure::new(
                "percent-words",
                pos,
                n.end,
                FigureKind::Percent,
                FigureValue::Number(round_to(n.value / div, places)),
            );
            f.unit = Some("%".into());
            negate_after_minus(cx, &mut f);
            let e = self.finish_qualifiers(cx, &mut f, n.end, false);
            f.end = e;
            out.push(f);
            return Some(e);
        }
        let prev = cx.prev_char(pos);
        // List numbers at the start of a line: 1. 2、 3) (also 1.3月 = item 1,
        // March, and 10.2011年).
        if cx.at_line_start(pos) {
            let digits = text.as_bytes()[pos..cx.end]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count();
            if (1..=2).contains(&digits) {
                let after = pos + digits;
                if let Some(c) = cx.char_at(after)
                    && matches!(c, '.' | '、' | ')')
                {
                    let next = after + c.len_utf8();
                    // 5.5% is a number; 1.3月 and 10.2011年 are item 1, March.
                    let marker = c != '.'
                        || !cx.char_at(next).is_some_and(|d| d.is_ascii_digit())
                        || scan_number(text, next).is_some_and(|m| {
                            cx.lit(m.end, "年").is_some()
                                || date::date_at(text, cx.end, &m, cx.year).is_some()
                        });
                    if marker {
                        return cx.not_taken(pos, next, Guard::ListMarker);
                    }
                }
            }
        }
        let n = scan_number(text, pos).filter(|n| n.end <= cx.end)?;
        if let Some(e) = self.money_renminbi(cx, &n, prev, out) {
            return Some(e);
        }
        // The scanner cut a run it could not read whole (二三十, 七十百):
        // approximate or odd numerals; the whole run is no figure.
        if !n.arabic && cx.char_at(n.end).is_some_and(numeral::is_cjk_numeral) {
            let run = text[n.end..cx.end]
                .char_indices()
                .find(|(_, c)| !numeral::is_cjk_numeral(*c))
                .map_or(cx.end, |(i, _)| n.end + i);
            return cx.not_taken(pos, run, Guard::RoughRange);
        }
        // 三分之一: fractions are not figures of ours.
        if cx.lit(n.end, "分之").is_some() {
            let e = n.end + "分之".len();
            let e = scan_number(text, e).map_or(e, |m| m.end);
            return cx.not_taken(pos, e, Guard::Fraction);
        }
        // 第七届三次 (会议): a session number, an ordinal.
        if prev == Some('届') || cx.lit(n.end, "届").is_some() {
            let e = self.unit_end(cx, n.end).unwrap_or(n.end);
            return cx.not_taken(pos, e, Guard::Session);
        }
        let next = cx.char_at(n.end);
        // Codes, placeholders and file names: 20xx年, PM2.5, V2, a.doc; URL
        // escapes and queries (%2F2000%20, q=30%25).
        if prev.is_some_and(|c| c.is_ascii_alphanumeric() || "_/\\%=&".contains(c))
            || next.is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        {
            return cx.not_taken(pos, n.end, Guard::Code);
        }
        // Identifiers: phone and hotline numbers, long codes, 0571.
        if n.arabic && n.plain_digits > 0 {
            let digits = n.plain_digits;
            if digits >= 9 || (digits >= 3 && text.as_bytes()[pos] == b'0') {
                return cx.not_taken(pos, n.end, Guard::Identifier);
            }
            if next == Some('-') && cx.char_at(n.end + 1).is_some_and(|c| c.is_ascii_digit()) {
                let n2 = scan_number(text, n.end + 1)?;
                if digits >= 3 && n2.plain_digits >= 5 {
                    return cx.not_taken(pos, n2.end, Guard::Identifier);
                }
            }
        }
        // Ordinals: 第一名, 第20届; but 第一季度 is a date.
        if prev == Some('第') {
            if let Some((e, q)) = date::quarter_of(text, &n, cx.end) {
                let y = cx
                    .year
                    .map_or_else(|| "XXXX".to_string(), |y| y.to_string());
                out.push(Figure::new(
                    "ordinal-quarter",
                    pos - '第'.len_utf8(),
                    e,
                    FigureKind::Date,
                    FigureValue::Date(format!("{y}-Q{q}")),
                ));
                return Some(e);
            }
            let e = self.unit_end(cx, n.end).unwrap_or(n.end);
            return cx.not_taken(pos, e, Guard::Ordinal);
        }
        // Document numbers: 〔2017〕219号, [2017]219号, 1号文件.
        if prev.is_some_and(|c| "〔[【〕]】".contains(c)) || next == Some('号') {
            return cx.not_taken(pos, n.end, Guard::DocumentNumber);
        }
        // Enumerators: 一是, 二要.
        if !n.arabic && next.is_some_and(|c| "是要则".contains(c)) {
            return cx.not_taken(pos, n.end, Guard::Enumerator);
        }
        if let Some(m) = date::date_at(text, cx.end, &n, cx.year) {
            if let Some(e) = self.unit_end(cx, m.end)
                && m.value.len() == 4
                && !text[m.end..e].starts_with('年')
            {
                // 2017人 is no year.
                let _ = e;
            } else {
                out.push(Figure::new(
                    "date",
                    m.start,
                    m.end,
                    FigureKind::Date,
                    FigureValue::Date(m.value),
                ));
                return Some(m.end);
            }
        }
        // 98年, 08年: two-digit years (10年 … 49年 stay durations).
        if n.arabic
            && n.plain_digits == 2
            && (n.value >= 50.0 || text.as_bytes()[pos] == b'0')
            && let Some(e) = cx.lit(n.end, "年")
            && !cx
                .char_at(e)
                .is_some_and(|c| "来内后前间多余级代".contains(c))
        {
            let y = if n.value >= 50.0 { 1900 } else { 2000 } + n.value as i32;
            out.push(Figure::new(
                "two-digit-year",
                pos,
                e,
                FigureKind::Date,
                FigureValue::Date(y.to_string()),
            ));
            return Some(e);
        }
        // A year standing alone: 2018 (not 2018年, handled above; not 2018人).
        if let Some(y) = year_of(&n)
            && n.arabic
            && !cx
                .char_at(n.end)
                .is_some_and(|c| c.is_ascii_digit() || c == '.' || c == '%')
            && self.unit_end(cx, n.end).is_none()
            && !["元", "万", "亿", "多", "余", "-", "~", "—"]
                .iter()
                .any(|w| cx.lit(n.end, w).is_some())
            && !doc_number_after(text, n.end, cx.end)
        {
            // 2016上半年
            let (e, v) = if let Some(e) = cx.lit(n.end, "上半年") {
                (e, format!("{y}-H1"))
            } else if let Some(e) = cx.lit(n.end, "下半年") {
                (e, format!("{y}-H2"))
            } else {
                (n.end, y.to_string())
            };
            out.push(Figure::new(
                "bare-year",
                pos,
                e,
                FigureKind::Date,
                FigureValue::Date(v),
            ));
            return Some(e);
        }
        if let Some(m) = date::quarter_of(text, &n, cx.end) {
            let y = cx
                .year
                .map_or_else(|| "XXXX".to_string(), |y| y.to_string());
            out.push(Figure::new(
                "quarter",
                pos,
                m.0,
                FigureKind::Date,
                FigureValue::Date(format!("{y}-Q{}", m.1)),
            ));
            return Some(m.0);
        }
        if let Some(m) = frequency::period_at(&self.cues, text, &n, cx.end) {
            out.push(frequency_figure("frequency-count", &m));
            return Some(m.end);
        }
        // A range: 1-2场, 100—200元, 三至五人, 5%-10%.
        let mut value = n.value;
        let mut value_max = None;
        let mut p = n.end;
        let mut first_pct = false;
        if n.arabic && cx.lit(p, "%").is_some() {
            first_pct = true;
        }
        let after_first = if first_pct { p + 1 } else { p };
        // 1万(含)-5万元: the bound is included, as a range's bounds are.
        let after_first = cx.lit(after_first, "(含)").unwrap_or(after_first);
        for s in &self.cues.range_seps {
            if let Some(se) = cx.lit(after_first, s)
                && let Some(n2) = scan_number(text, se)
                && n2.end <= cx.end
                && n2.arabic == n.arabic
                && n2.value > n.value
                && !(n.plain_digits >= 3
                    && n2.plain_digits >= 3
                    && n.plain_digits != n2.plain_digits)
            {
                value_max = Some(n2.value);
                p = n2.end;
                // 一百二十到一百五十万: the multiplier of the upper bound
                // holds for both.
                let first = &text[n.start..n.end];
                let second = &text[n2.start..n2.end];
                for (w, m) in [("万", 1e4), ("亿", 1e8), ("萬", 1e4), ("億", 1e8)] {
                    if second.ends_with(w) && !first.contains(w) && n.value * m <= n2.value {
                        value *= m;
                        break;
                    }
                }
                break;
            }
        }
        if value_max.is_none() && first_pct {
            p = n.end;
        }
        // 100多, 6000余, 十来
        let mut approx = false;
        if let Some(e) = cx.lit(p, "多").or_else(|| cx.lit(p, "余")) {
            approx = true;
            p = e;
        } else if !n.arabic
            && let Some(e) = cx.lit(p, "来")
            && cx.lit(e, "年").is_none()
        {
            approx = true;
            p = e;
        }
        let Some(tail) = self.tail(cx, &n, p) else {
            return cx.not_taken(pos, n.end, Guard::NoUnit);
        };
        if tail.kind == FigureKind::Percent && !n.arabic && tail.unit.as_deref() == Some("成") {
            // 八成: one Chinese digit only (一成不变 is a set phrase).
            if n.value > 10.0 || n.value < 1.0 && !n.decimal {
                return cx.not_taken(pos, n.end, Guard::ChengNotPercent);
            }
        }
        let mut tail = tail;
        // 三成半 = 35%
        if tail.unit.as_deref() == Some("成")
            && let Some(e) = cx.lit(tail.end, "半")
        {
            value += 0.5;
            tail.end = e;
        }
        // 七成六 = 76%
        if tail.unit.as_deref() == Some("成")
            && !n.arabic
            && let Some((d, e)) = self.percent_cheng_digit(cx, tail.end)
        {
            value += f64::from(d) / 10.0;
            tail.end = e;
        }
        let unit_text = tail.unit.as_deref().unwrap_or("");
        // 一个, 一项, 一年来: 一 here is an article more than a number; of
        // these a reader lists only 一次 (one occurrence).
        if tail.kind == FigureKind::Count
            && !n.arabic
            && n.value == 1.0
            && value_max.is_none()
            && !approx
            && text[pos..n.end].chars().count() == 1
            && unit_text != "次"
        {
            return cx.not_taken(pos, tail.end, Guard::OneAsArticle);
        }
        // 三分, 十分: points or "very", too vague with Chinese numerals.
        if unit_text == "分" && !n.arabic {
            return cx.not_taken(pos, tail.end, Guard::VagueFen);
        }
        // 2万元至3万元, 一千元至三千元: the unit said twice.
        let mut tail_end = tail.end;
        if value_max.is_none() {
            for s in &self.cues.range_seps {
                if let Some(se) = cx.lit(tail.end, s)
                    && let Some(n2) = scan_number(text, se)
                    && n2.end <= cx.end
                    && let Some(t2) = self.tail(cx, &n2, n2.end)
                    && t2.kind == tail.kind
                    && t2.unit == tail.unit
                    && n2.value * t2.mult > n.value * tail.mult
                {
                    value_max = Some(n2.value * t2.mult / tail.mult);
                    tail_end = t2.end;
                    break;
                }
            }
        }
        let tail = Tail {
            end: tail_end,
            ..tail
        };
        value *= tail.mult;
        value_max = value_max.map(|m| m * tail.mult);
        let mut f = Figure::new(
            tail.rule,
            pos,
            tail.end,
            tail.kind,
            FigureValue::Number(round9(value)),
        );
        f.value_max = value_max.map(round9);
        f.unit = tail.unit;
        f.approx = approx;
        if f.kind == FigureKind::Percent {
            negate_after_minus(cx, &mut f);
        }
        self.hedges_before(cx, &mut f);
        let time_unit = f.unit.as_deref().is_some_and(|u| self.cues.is_time_unit(u));
        let e = self.finish_qualifiers(cx, &mut f, tail.end, time_unit);
        f.end = e;
        out.push(f);
        Some(e)
    }

    /// A renminbi amount the numeral `n` starts (money.rs): the figure, and
    /// where scanning goes on.
    fn money_renminbi(
        &self,
        cx: &Ctx,
        n: &NumSpan,
        prev: Option<char>,
        out: &mut Vec<Figure>,
    ) -> Option<usize> {
        // Codes and ordinals (A5元, 第三元) are no amounts; nor is money
        // written in another currency (港币100元: its own label, below).
        // Asked after the amount, which most numbers are not: both are
        // pure, so the order does not change what is found.
        let m = self.money.renminbi(cx, n)?;
        let code = prev.is_some_and(|c| c.is_ascii_alphanumeric() || "_/\\第届".contains(c));
        if code && self.money.sign_before(cx, n.start).is_none()
            || self.currencies.before(cx, n.start).is_some()
        {
            return None;
        }
        let mut f = Figure::new(
            "money-renminbi",
            m.start,
            m.end,
            FigureKind::Amount,
            FigureValue::Number(m.value),
        );
        f.value_max = m.value_max;
        f.unit = Some("元".into());
        self.hedges_before(cx, &mut f);
        let e = self.finish_qualifiers(cx, &mut f, m.end, false);
        f.end = e;
        out.push(f);
        Some(e)
    }

    /// 七成六: one digit of tenths after 成 that no word goes on from.
    fn percent_cheng_digit(&self, cx: &Ctx, p: usize) -> Option<(u8, usize)> {
        let c = cx.char_at(p)?;
        let d = numeral::cjk_digit(c)?;
        let e = p + c.len_utf8();
        let next = cx.char_at(e);
        // 九成一线职工: the digit starts a word (一线, 一般, 一致).
        if next.is_some_and(numeral::is_cjk_numeral)
            || self.unit_end(cx, e).is_some()
            || cx.phrase_at(p).is_some()
        {
            return None;
        }
        Some((d, e))
    }

    /// Qualifiers and hedges in front of a figure: 至少, 不超过, 约, 近.
    fn hedges_before(&self, cx: &Ctx, f: &mut Figure) {
        let text = cx.text;
        let pos = f.start;
        let before = &text[cx.start..pos];
        // The longest word wins: 不超过 ends with 超过.
        match self.cues.before_number(before) {
            Some((w, Hedge::Bound(q))) => {
                f.qualifier = Some(q);
                f.start = pos - w.len();
            }
            Some((w, Hedge::Approx)) => {
                // 近 in 最近, 附近 is no hedge.
                let w_start = pos - w.len();
                if !(w == "近"
                    && text[cx.start..w_start].ends_with(['最', '附', '临', '接', '就', '将']))
                {
                    f.approx = true;
                    f.start = w_start;
                }
            }
            None => {}
        }
    }

    /// Qualifier and hedge words after the unit: 以上, 以内, 左右 …
    fn finish_qualifiers(&self, cx: &Ctx, f: &mut Figure, p: usize, time_unit: bool) -> usize {
        // 50万元(含)以上: the bound included, as 以上 has it.
        let p0 = p;
        let p = cx.lit(p, "(含)").unwrap_or(p);
        for (w, hedge) in &self.cues.after {
            if let Some(e) = cx.lit(p, w) {
                // 上下班, 上下级, 多项: the word belongs to what follows.
                if *hedge == Hedge::Approx
                    && cx
                        .char_at(e)
                        .is_some_and(|c| "班级层游午项种个名次样元".contains(c))
                {
                    continue;
                }
                if (w == "多" || w == "余") && f.kind != FigureKind::Count {
                    continue;
                }
                match hedge {
                    Hedge::Bound(q) => f.qualifier = Some(*q),
                    Hedge::Approx => f.approx = true,
                }
                return e;
            }
        }
        if time_unit && let Some(e) = cx.lit(p, "内") {
            f.qualifier = Some(Qualifier::AtMost);
            return e;
        }
        if time_unit && let Some(e) = cx.lit(p, "来") {
            return e;
        }
        p0
    }

    /// Where a measure word after `p` ends, if one follows.
    fn unit_end(&self, cx: &Ctx, p: usize) -> Option<usize> {
        let m = self.measures.find(
            Input::new(&cx.text[..cx.end])
                .range(p..cx.end)
                .anchored(Anchored::Yes),
        )?;
        Some(m.end())
    }

    /// The unit after a number (and its 多/余): money, percent or measure.
    fn tail(&self, cx: &Ctx, n: &NumSpan, p: usize) -> Option<Tail> {
        let text = cx.text;
        // (No unit here: a String made for every number is mostly thrown away.)
        let t = Tail {
            rule: "percent-sign",
            end: p,
            kind: FigureKind::Percent,
            unit: None,
            mult: 1.0,
        };
        if let Some(e) = cx.lit(p, "%") {
            // 20%2F, 30%25: a URL escape, not a percent.
            if cx.char_at(e).is_some_and(|c| c.is_ascii_alphanumeric()) {
                return None;
            }
            return Some(Tail {
                end: e,
                unit: Some("%".into()),
                ..t
            });
        }
        // 5‰ = 0.5%, 3‱ = 0.03%.
        for (sign, mult) in [("‰", 0.1), ("‱", 0.01)] {
            if let Some(e) = cx.lit(p, sign) {
                return Some(Tail {
                    end: e,
                    mult,
                    unit: Some("%".into()),
                    ..t
                });
            }
        }
        for w in ["个百分点", "個百分點", "百分点"] {
            if let Some(e) = cx.lit(p, w) {
                return Some(Tail {
                    rule: "percent-points",
                    end: e,
                    unit: Some("个百分点".into()),
                    ..t
                });
            }
        }
        if let Some(e) = cx.lit(p, "成") {
            // 八成, 七成以上; but 建成, 形成 come after words, not numbers,
            // and 三成员 is 三 + 成员.
            if !cx.char_at(e).is_some_and(|c| NOT_AFTER_CHENG.contains(c)) {
                return Some(Tail {
                    rule: "percent-cheng",
                    end: e,
                    unit: Some("成".into()),
                    mult: 10.0,
                    ..t
                });
            }
        }
        // Money: [万|亿|千|百] (元|块钱|元钱)
        let mut q = p;
        let mut mult = 1.0;
        for (w, m) in [("万", 1e4), ("亿", 1e8), ("千", 1e3), ("百", 1e2)] {
            if let Some(e) = cx.lit(p, w) {
                q = e;
                mult = m;
                break;
            }
        }
        // 100万港元, 500澳门元, 3000新台币, 100 HKD: their own unit, never 元.
        if let Some((e, label)) = self.currencies.after(cx, q) {
            return Some(Tail {
                rule: "money-currency",
                end: e,
                kind: FigureKind::Amount,
                unit: Some(label.to_string()),
                mult,
            });
        }
        // 港币100元, HK$100, 港币2000万: the currency before the number.
        let prefix = self.currencies.before(cx, n.start);
        if let Some(label) = prefix
            && mult != 1.0
            && self.unit_end(cx, p).is_none()
            && !["元", "块"].iter().any(|w| cx.lit(q, w).is_some())
        {
            return Some(Tail {
                rule: "money-currency-before",
                end: q,
                kind: FigureKind::Amount,
                unit: Some(label.to_string()),
                mult,
            });
        }
        for w in ["元钱", "元人民币", "元", "块钱"] {
            if let Some(e) = cx.lit(q, w) {
                // 元旦, 元素, 元宵: not money.
                // (Kept apart from money.txt's not_after_yuan: 500元年货 is
                // money that the renminbi reader leaves to this one.)
                if w == "元" && cx.char_at(e).is_some_and(|c| "旦素宵首帅老".contains(c)) {
                    continue;
                }
                return Some(Tail {
                    rule: if prefix.is_some() {
                        "money-currency-before"
                    } else {
                        "money-yuan"
                    },
                    end: e,
                    kind: FigureKind::Amount,
                    unit: Some(prefix.unwrap_or("元").to_string()),
                    mult,
                });
            }
        }
        if mult != 1.0 && self.unit_end(cx, p).is_none() {
            // 3万多人, 10余万人次: multiplier then a measure word (but 千瓦时
            // is a unit of its own).
            if let Some(e) = self.unit_end(cx, q)
                && !cx.unit_blocked(q, e)
            {
                return Some(Tail {
                    rule: "count-multiplied",
                    end: e,
                    kind: FigureKind::Count,
                    unit: Some(text[q..e].to_string()),
                    mult,
                });
            }
            return None;
        }
        let Some(e) = self.unit_end(cx, p) else {
            // HK$100, NT$ 5000: a bare number after a currency sign.
            return prefix.filter(|_| n.arabic).map(|label| Tail {
                rule: "money-currency-sign",
                end: p,
                kind: FigureKind::Amount,
                unit: Some(label.to_string()),
                mult: 1.0,
            });
        };
        if cx.unit_blocked(p, e) {
            return None;
        }
        let unit = &text[p..e];
        // A year-shaped number before 年 is a date, handled earlier; a 4-digit
        // number before 年 that is no year (1000年) is still a count.
        if unit == "年" && year_of(n).is_some() {
            return None;
        }
        Some(Tail {
            rule: "count-measure",
            end: e,
            kind: FigureKind::Count,
            unit: Some(unit.to_string()),
            mult: 1.0,
        })
    }

    /// The measure words in use (for tests and diagnostics).
    pub fn measure_words(&self) -> &[String] {
        &self.measure_words
    }
}

/// Currencies other than yuan: `label: name name …` per line of
/// `currencies.txt`. An amount in one carries the label as its unit.
#[derive(Debug, Clone)]
struct Currencies {
    /// Names, longest first at a position (anchored after a number).
    names: AhoCorasick,
    /// The label of each name.
    labels: Vec<String>,
    /// (name, label index), longest name first, for the look behind.
    by_len: Vec<(String, usize)>,
    /// The last chars of the names, lowercased.
    name_ends: Vec<char>,
}

impl Currencies {
    fn new(dicts: &Dictionaries) -> Currencies {
        let mut by_len: Vec<(String, usize)> = Vec::new();
        let mut labels = Vec::new();
        for line in dicts.text("currencies.txt").lines() {
            let line = line.trim();
            let Some((label, names)) = line.split_once(':') else {
                continue;
            };
            if line.starts_with('#') || label.trim().is_empty() {
                continue;
            }
            labels.push(label.trim().to_string());
            let k = labels.len() - 1;
            for n in names.split_whitespace() {
                by_len.push((n.to_string(), k));
            }
        }
        by_len.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        by_len.dedup_by(|a, b| a.0 == b.0);
        let empty: [&str; 0] = [];
        let names = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Anchored)
            .ascii_case_insensitive(true)
            .build(by_len.iter().map(|n| &n.0))
            .or_else(|_| AhoCorasick::new(empty))
            .expect("empty automaton builds");
        let mut name_ends: Vec<char> = by_len
            .iter()
            .filter_map(|(n, _)| n.chars().next_back())
            .map(|c| c.to_ascii_lowercase())
            .collect();
        name_ends.sort_unstable();
        name_ends.dedup();
        Currencies {
            names,
            labels,
            by_len,
            name_ends,
        }
    }

    /// A currency name at `p` (after one optional space): its end and label.
    fn after(&self, cx: &Ctx, p: usize) -> Option<(usize, &str)> {
        let p = cx.lit(p, " ").unwrap_or(p);
        let m = self.names.find(
            Input::new(&cx.text[..cx.end])
                .range(p..cx.end)
                .anchored(Anchored::Yes),
        )?;
        Some((m.end(), &self.labels[self.by_len[m.pattern().as_usize()].1]))
    }

    /// The label of a currency name just before `start` (a space between
    /// allowed).
    fn before(&self, cx: &Ctx, start: usize) -> Option<&str> {
        let before = &cx.text[cx.start..start];
        let before = before.strip_suffix(' ').unwrap_or(before);
        // Only names ending in the char before the number can match: most
        // numbers follow a char that ends none.
        let last = before.chars().next_back()?.to_ascii_lowercase();
        if !self.name_ends.contains(&last) {
            return None;
        }
        self.by_len
            .iter()
            .filter(|(n, _)| n.chars().next_back().map(|c| c.to_ascii_lowercase()) == Some(last))
            .find(|(n, _)| {
                before.len() >= n.len()
                    && before.is_char_boundary(before.len() - n.len())
                    && before[before.len() - n.len()..].eq_ignore_ascii_case(n)
            })
            .map(|(_, k)| self.labels[*k].as_str())
    }
}

use crate::lang::chars::{floor_boundary, is_han as is_cjk};
use crate::lang::sentence::{SentenceEnds, clause_around};
use cues::{FigureCues, Hedge};
use date::year_of;
use numeral::{NumSpan, scan_number};

/// 2010?25号, 2017〕219号: a year followed by a serial number and 号 is a
/// document number.
fn doc_number_after(text: &str, p: usize, limit: usize) -> bool {
    let rest = text.get(p..limit).unwrap_or("");
    let mut chars = rest.char_indices().peekable();
    let mut skipped = 0;
    while let Some(&(_, c)) = chars.peek() {
        if c.is_ascii_digit() || skipped >= 2 {
            break;
        }
        if c.is_alphanumeric() && !c.is_ascii() {
            return false;
        }
        skipped += 1;
        chars.next();
    }
    let mut digits = 0;
    while let Some(&(_, c)) = chars.peek() {
        if !c.is_ascii_digit() {
            break;
        }
        digits += 1;
        chars.next();
    }
    digits > 0 && chars.peek().is_some_and(|&(_, c)| c == '号')
}

/// `v` rounded to `places` decimals through its decimal form: the f64
/// nearest to the rounded decimal.
fn round_to(v: f64, places: u32) -> f64 {
    format!("{v:.*}", places.min(15) as usize)
        .parse()
        .unwrap_or(v)
}

/// The divisor of a per-hundred word at `pos` and where its number starts:
/// 百分之 (1), 千分之 (10), 万分之 (100), 百万分之 (10⁴) … — a run of 十百千万亿
/// (no digit: 五百分之 is no percent) before 分之; and 百分 (百分三十, 百分百).
fn percent_per(cx: &Ctx, pos: usize) -> Option<(usize, f64)> {
    let mut denominator = 1.0;
    let mut p = pos;
    while let Some(c) = cx.char_at(p) {
        let m = match c {
            '十' | '拾' => 10.0,
            '百' | '佰' => 100.0,
            '千' | '仟' => 1e3,
            '万' | '萬' => 1e4,
            '亿' | '億' => 1e8,
            _ => break,
        };
        denominator *= m;
        p += c.len_utf8();
    }
    if p == pos || denominator < 100.0 {
        return None;
    }
    if let Some(e) = cx.lit(p, "分之") {
        return Some((e, denominator / 100.0));
    }
    let e = cx.lit(p, "分").filter(|_| denominator == 100.0)?;
    Some((e, 1.0))
}

/// Chars after 成 that make it part of a word (建成, 形成 come after words;
/// 三成员, 半成品, 半成熟 are numeral + word).
const NOT_AFTER_CHENG: &str = "员立为果效绩本交就长功熟品";

/// 半成 = 5%.
fn percent_half_cheng(cx: &Ctx, pos: usize, e: usize, out: &mut Vec<Figure>) -> Option<usize> {
    // 半成品, 半成熟: words.
    if cx.char_at(e).is_some_and(|c| NOT_AFTER_CHENG.contains(c)) {
        return None;
    }
    let mut f = Figure::new(
        "percent-half-cheng",
        pos,
        e,
        FigureKind::Percent,
        FigureValue::Number(5.0),
    );
    f.unit = Some("成".into());
    out.push(f);
    Some(e)
}

/// A minus sign or 负 right before a percent (-22.2%, 负百分之五): the
/// figure starts at it and its value is negative.
fn negate_after_minus(cx: &Ctx, f: &mut Figure) {
    if let Some(at) = money::minus_before(cx, f.start) {
        f.start = at;
        if let FigureValue::Number(v) = &mut f.value {
            *v = -*v;
        }
        f.value_max = f.value_max.map(|m| -m);
    }
}

fn round9(v: f64) -> f64 {
    if v.abs() < 1e12 {
        (v * 1e6).round() / 1e6
    } else {
        v
    }
}

/// 上半年 / 下半年 standing alone (2019年上半年 is read with its year).
fn half_year(cx: &Ctx, pos: usize, out: &mut Vec<Figure>) -> Option<usize> {
    let (e, h) = if let Some(e) = cx.lit(pos, "上半年") {
        (e, "H1")
    } else {
        (cx.lit(pos, "下半年")?, "H2")
    };
    let y = cx
        .year
        .map_or_else(|| "XXXX".to_string(), |y| y.to_string());
    out.push(Figure::new(
        "half-year",
        pos,
        e,
        FigureKind::Date,
        FigureValue::Date(format!("{y}-{h}")),
    ));
    Some(e)
}

/// Chars where a figure can start.
fn is_anchor(c: char) -> bool {
    c.is_ascii_digit() || numeral::is_cjk_numeral(c) || matches!(c, '每' | '上' | '下' | '半')
}

struct Ctx<'a> {
    /// The cue words (`figure_cues.txt`).
    cues: &'a FigureCues,
    /// Where the numbers not taken are written down, when they are asked
    /// for ([`FigureExtractor::explain`]); `None` on the hot path.
    not_taken: Option<&'a RefCell<Vec<NotTaken>>>,
    text: &'a str,
    start: usize,
    end: usize,
    year: Option<i32>,
    phrases: &'a AhoCorasick,
    phrase_offsets: &'a [usize],
    phrase_heads: Option<&'a PairSet>,
}

/// A set of byte pairs, as a bitset: the first two bytes of words.
struct PairSet(Vec<u64>);

impl PairSet {
    /// The first two bytes of each of `words`; None if a word is shorter.
    fn of_heads(words: &[String]) -> Option<PairSet> {
        let mut bits = vec![0u64; 1024];
        for w in words {
            let &[a, b, ..] = w.as_bytes() else {
                return None;
            };
            let k = usize::from(a) << 8 | usize::from(b);
            bits[k >> 6] |= 1 << (k & 63);
        }
        Some(PairSet(bits))
    }

    fn holds(&self, pair: &[u8]) -> bool {
        let k = usize::from(pair[0]) << 8 | usize::from(pair[1]);
        self.0[k >> 6] & (1 << (k & 63)) != 0
    }
}

impl Ctx<'_> {
    /// A number at `start..end` that is no figure, for the guard's reason:
    /// scanning goes on at `end`.
    fn not_taken(&self, start: usize, end: usize, guard: Guard) -> Option<usize> {
        if let Some(sink) = self.not_taken {
            sink.borrow_mut().push(NotTaken { start, end, guard });
        }
        Some(end)
    }
    fn lit(&self, pos: usize, s: &str) -> Option<usize> {
        let e = pos + s.len();
        (e <= self.end && self.text.get(pos..e) == Some(s)).then_some(e)
    }
    fn char_at(&self, pos: usize) -> Option<char> {
        self.text.get(pos..self.end)?.chars().next()
    }
    /// Only spaces and opening marks between the line start and `pos`.
    fn at_line_start(&self, pos: usize) -> bool {
        self.text[self.start..pos]
            .chars()
            .rev()
            .find(|c| !matches!(c, ' ' | '(' | '['))
            .is_none_or(|c| c == '\n')
    }
    fn prev_char(&self, pos: usize) -> Option<char> {
        self.text.get(self.start..pos)?.chars().next_back()
    }
    /// The longest set phrase starting at `p`, if any: its end.
    fn phrase_at(&self, p: usize) -> Option<usize> {
        if let Some(heads) = self.phrase_heads {
            // Most positions start no phrase: their first two bytes tell.
            let head = self.text.as_bytes().get(p..(p + 2).min(self.end))?;
            if head.len() < 2 || !heads.holds(head) {
                return None;
            }
        }
        let input = Input::new(&self.text[..self.end])
            .range(p..self.end)
            .anchored(Anchored::Yes);
        self.phrases.find(input).map(|m| m.end())
    }
    /// The set phrase that covers the anchor at `pos` (十八大 at 十, 进一步
    /// at 一): its start and end.
    fn phrase_around(&self, pos: usize) -> Option<(usize, usize)> {
        self.phrase_offsets
            .iter()
            .filter(|&&k| pos >= self.start + k && self.text.is_char_boundary(pos - k))
            .filter_map(|&k| self.phrase_at(pos - k).map(|e| (pos - k, e)))
            .filter(|&(_, e)| e > pos)
            .max_by_key(|&(_, e)| e)
    }
    /// A set phrase starts at the unit and runs past it (年级, 个人, 项目):
    /// the unit is part of another word.
    fn unit_blocked(&self, p: usize, e: usize) -> bool {
        self.phrase_at(p).is_some_and(|pe| pe > e)
    }
}

impl Figure {
    fn new(
        rule: &'static str,
        start: usize,
        end: usize,
        kind: FigureKind,
        value: FigureValue,
    ) -> Figure {
        Figure {
            start,
            end,
            kind,
            value,
            value_max: None,
            unit: None,
            qualifier: None,
            approx: false,
            subject: None,
            action: None,
            family: None,
            role: None,
            sentence: (start, end),
            clause: (start, end),
            per_unit: false,
            part: false,
            part_of: None,
            place: Place::Body,
            rule,
        }
    }
}

/// The figure a recurring schedule (每月2次, 二个月出刊一期) stands for.
fn frequency_figure(rule: &'static str, m: &frequency::FreqMatch) -> Figure {
    let mut f = Figure::new(
        rule,
        m.start,
        m.end,
        FigureKind::Frequency,
        FigureValue::Number(m.value),
    );
    f.value_max = m.value_max;
    f.qualifier = m.qualifier;
    f.unit = m.unit.clone();
    f
}

/// How far before its figure a rate cue is looked for (8 Han chars).
const RATE_CUE_BYTES: usize = 24;
/// Whether an amount or count is a rate rather than a total.
fn is_per_unit(cues: &FigureCues, text: &str, f: &Figure) -> bool {
    if !matches!(f.kind, FigureKind::Amount | FigureKind::Count) {
        return false;
    }
    // The cue stands close to its figure (每人3000元, 为每位职工发放慰问金500元):
    // a 每 further back names whom a total went to (每位干部职工赠送图书2本
    // is reported as 共赠送264本, and check pairs the two).
    let from = floor_boundary(text, f.start.saturating_sub(RATE_CUE_BYTES).max(f.clause.0));
    let before = &text[from..f.start];
    let Some(cue) = cues.per_unit.last_in(before) else {
        return f.kind == FigureKind::Amount
            && cues.one_piece.iter().any(|p| before.ends_with(p.as_str()));
    };
    !cues
        .total
        .iter()
        .any(|t| before[cue..].contains(t.as_str()))
}

/// A byte range (start, end).
type ByteRange = (usize, usize);

/// How far before a sentence that opens with 其中 its total may stand.
const CONTEXT_BACK: usize = 600;

/// Marks the figures that break down a total given before them: after a
/// 其中 (包括, 含) in the same sentence, or in a sentence that opens with
/// one, when a figure of the same kind and unit stands before the cue;
/// and after a total that a colon follows. A
/// part that names no family takes its total's (筹集帮扶资金163.5万元，其中
/// 县财政配套40万元). A cue in brackets closed before the figure
/// (（其中…）, 共发放2万元) no longer holds. `figures` are in text order.
fn mark_parts(cues: &FigureCues, text: &str, figures: &mut [Figure]) {
    // A total and its part: one kind, and for counts one unit.
    let same_measure = |f: &Figure, g: &Figure| {
        g.kind == f.kind && (f.kind == FigureKind::Amount || g.unit == f.unit)
    };
    // The breakdown cues of the sentence last looked at, found once for all
    // its figures.
    let mut sentence_cues: Option<(ByteRange, usize, Vec<ByteRange>)> = None;
    for i in 0..figures.len() {
        let f = &figures[i];
        if !matches!(f.kind, FigureKind::Amount | FigureKind::Count) || f.per_unit {
            continue;
        }
        // 共筹集帮扶资金1216.8万元：一是…420万元；二是…: a total that a colon
        // follows is broken down to the sentence's end. Figures are in text
        // order: only those of the sentence are looked at.
        let listed = (0..i)
            .rev()
            .take_while(|&j| figures[j].start >= f.sentence.0)
            .find(|&j| {
                let g = &figures[j];
                g.sentence == f.sentence
                    && same_measure(f, g)
                    && !g.part
                    && text[g.end..].starts_with(['：', ':'])
            });
        if let Some(t) = listed {
            mark_part(figures, i, t);
            continue;
        }
        // The cue nearest before the figure, in its sentence. Only cues
        // that end before the figure count: the sentence is searched up to
        // its first figure, and whole for a second one that lies further.
        let searched = sentence_cues
            .as_ref()
            .filter(|(at, _, _)| *at == f.sentence)
            .map(|(_, to, _)| *to);
        if searched.is_none_or(|to| to < f.start) {
            let to = if searched.is_some() {
                f.sentence.1
            } else {
                f.start.clamp(f.sentence.0, f.sentence.1)
            };
            let found = cues.part.all_in(&text[f.sentence.0..to]);
            sentence_cues = Some((f.sentence, to, found));
        }
        let Some(cue) = sentence_cues.as_ref().and_then(|(_, _, found)| {
            found
                .iter()
                .filter(|&&(_, e)| f.sentence.0 + e <= f.start)
                .map(|&(s, _)| f.sentence.0 + s)
                .max()
        }) else {
            continue;
        };
        let between = &text[cue..f.start];
        let opened = between.matches(['(', '（']).count();
        let closed = between.matches([')', '）']).count();
        // A sentence that opens with the cue breaks down the one before,
        // through all its clauses (其中，A计20.4万元；B计9.6万元); a cue after
        // a total in its own sentence holds to the end of its clause run
        // (；) or of its brackets.
        let lead = text[f.sentence.0..cue].trim_start_matches([' ', '　', '\n']);
        let opens_sentence = lead.is_empty();
        if closed > opened || (!opens_sentence && between.contains([';', '；'])) {
            continue;
        }
        let from = if opens_sentence {
            figures[..i]
                .iter()
                .rev()
                .take_while(|g| g.end + CONTEXT_BACK >= f.sentence.0)
                .find(|g| g.sentence.1 <= f.sentence.0)
                .map_or(cue, |g| g.sentence.0)
        } else {
            f.sentence.0
        };
        let total = (0..i)
            .rev()
            .take_while(|&j| figures[j].start >= from)
            .find(|&j| {
                let g = &figures[j];
                g.end <= cue && same_measure(f, g) && !g.per_unit && !g.part
            });
        if let Some(t) = total {
            mark_part(figures, i, t);
        }
    }
}

/// Figure `i` breaks down figure `t`. The sources of money raised are
/// money raised, the items of money paid are money paid: a part takes its
/// total's family.
fn mark_part(figures: &mut [Figure], i: usize, t: usize) {
    let (t_start, t_family) = (figures[t].start, figures[t].family);
    let f = &mut figures[i];
    f.part = true;
    f.part_of = Some(t_start);
    if t_family.is_some() {
        f.family = t_family;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fx() -> FigureExtractor {
        FigureExtractor::new(&Dictionaries::embedded())
    }

    /// (text, kind, value) of every figure.
    fn figs(s: &str, year: Option<i32>) -> Vec<(String, FigureKind, FigureValue)> {
        fx().extract(s, 0, s.len(), year)
            .into_iter()
            .map(|f| (s[f.start..f.end].to_string(), f.kind, f.value))
            .collect()
    }

    fn one(s: &str) -> Figure {
        let all = fx().extract(s, 0, s.len(), Some(2017));
        assert_eq!(all.len(), 1, "{s}: {all:?}");
        all.into_iter().next().expect("one figure")
    }

    fn num(f: &Figure) -> f64 {
        match f.value {
            FigureValue::Number(v) => v,
            FigureValue::Date(_) => f64::NAN,
        }
    }

    /// The pattern form of set phrases: quoted N个 slogans and sporting
    /// events named by their distance are no counts; the counts around them
    /// still are.
    #[test]
    fn patterned_set_phrases() {
        let texts =
            |s: &str| -> Vec<String> { figs(s, Some(2019)).into_iter().map(|f| f.0).collect() };
        assert_eq!(
            texts("设置比赛项目(100米跑、4×100米接力),参赛职工320人"),
            ["320人"]
        );
        assert_eq!(texts("举办男子800米、女子400米比赛"), Vec::<String>::new());
        assert_eq!(
            texts("组织100米、400米、1500米等比赛项目"),
            Vec::<String>::new()
        );
        assert_eq!(
            texts("开展“三个年”活动,围绕“两个崛起”"),
            Vec::<String>::new()
        );
        assert_eq!(texts("增强“四个意识”,建成3个职工书屋"), ["3个"]);
        // A distance that is no event, and an unquoted N个, stay counts.
        assert_eq!(texts("新建健身步道800米"), ["800米"]);
        assert_eq!(texts("建立两个标准"), ["两个"]);
    }

    #[test]
    fn amounts_in_yuan() {
        let f = one("共发放134.19万元慰问金");
        assert_eq!(
            (f.kind, num(&f), f.unit.as_deref()),
            (FigureKind::Amount, 1341900.0, Some("元"))
        );
        assert_eq!(num(&one("3亿元")), 3e8);
        assert_eq!(num(&one("5千元")), 5000.0);
        let f = one("8万元左右");
        assert!(f.approx);
        assert_eq!(num(&f), 80000.0);
        let f = one("补助100—200元");
        assert_eq!((num(&f), f.value_max), (100.0, Some(200.0)));
        let f = one("一万八千多元");
        assert_eq!((num(&f), f.approx), (18000.0, true));
        let f = one("每个补助资金2万元至3万元");
        assert_eq!((num(&f), f.value_max), (20000.0, Some(30000.0)));
    }

    #[test]
    fn counts_with_subjects_and_qualifiers() {
        let f = one("资助72名困难职工子女,");
        assert_eq!(
            (f.kind, num(&f), f.unit.as_deref()),
            (FigureKind::Count, 72.0, Some("名"))
        );
        assert_eq!(f.subject.as_deref(), Some("困难职工子女"));
        let f = one("参与100多人次");
        assert_eq!(
            (num(&f), f.approx, f.unit.as_deref()),
            (100.0, true, Some("人次"))
        );
        let f = one("惠及6000余人");
        assert_eq!((num(&f), f.approx), (6000.0, true));
        let f = one("举办1-2场");
        assert_eq!((num(&f), f.value_max), (1.0, Some(2.0)));
        let f = one("70岁以上");
        assert_eq!(f.qualifier, Some(Qualifier::AtLeast));
        let f = one("24小时内");
        assert_eq!(f.qualifier, Some(Qualifier::AtMost));
        let f = one("不超过5人");
        assert_eq!((f.qualifier, num(&f)), (Some(Qualifier::AtMost), 5.0));
        let f = one("约300人");
        assert!(f.approx);
        assert_eq!(num(&one("3个月")), 3.0);
        assert_eq!(num(&one("1,532人")), 1532.0);
        assert_eq!(num(&one("3万多人")), 30000.0);
        assert_eq!(num(&one("开展两次")), 2.0);
    }

    #[test]
    fn percents() {
        assert_eq!(num(&one("增长64.5%")), 64.5);
        assert_eq!(num(&one("百分之八十")), 80.0);
        assert_eq!(num(&one("百分之十二点五")), 12.5);
        assert_eq!(num(&one("八成")), 80.0);
        let f = one("95%以上");
        assert_eq!((num(&f), f.qualifier), (95.0, Some(Qualifier::AtLeast)));
        assert_eq!(one("提高3个百分点").kind, FigureKind::Percent);
    }

    #[test]
    fn dates_through_the_extractor() {
        let d = |s: &str, y| match one_y(s, y).value {
            FigureValue::Date(d) => d,
            FigureValue::Number(_) => String::new(),
        };
        fn one_y(s: &str, y: Option<i32>) -> Figure {
            let all = fx().extract(s, 0, s.len(), y);
            assert_eq!(all.len(), 1, "{s}: {all:?}");
            all.into_iter().next().expect("one")
        }
        assert_eq!(d("于2017年4月29日举行", None), "2017-04-29");
        assert_eq!(d("9月19日至9月27日", Some(2017)), "2017-09-19/2017-09-27");
        assert_eq!(d("9月19日-27日", Some(2017)), "2017-09-19/2017-09-27");
        assert_eq!(d("2017年3-5月", None), "2017-03/2017-05");
        assert_eq!(d("2019年上半年", None), "2019-H1");
        assert_eq!(d("上半年", Some(2019)), "2019-H1");
        assert_eq!(d("2018年底", None), "2018-12");
        assert_eq!(d("12月10日", None), "XXXX-12-10");
        assert_eq!(d("12月10日", Some(2018)), "2018-12-10");
        assert_eq!(d("第一季度", Some(2018)), "2018-Q1");
        assert_eq!(d("98年", None), "1998");
    }

    #[test]
    fn frequencies() {
        let f = one("每季度开展一次活动");
        assert_eq!((f.kind, num(&f)), (FigureKind::Frequency, 4.0));
        let f = one("每年至少一次");
        assert_eq!((num(&f), f.qualifier), (1.0, Some(Qualifier::AtLeast)));
        assert_eq!(num(&one("每月2次")), 24.0);
        assert_eq!(num(&one("每月,")), 12.0);
        assert_eq!(num(&one("坚持二个月出刊一期")), 6.0);
        let f = one("做到一年一到二次");
        assert_eq!((num(&f), f.value_max), (1.0, Some(2.0)));
    }

    #[test]
    fn words_that_contain_numerals_are_not_figures() {
        for s in [
            "统一思想",
            "进一步加强",
            "一些问题",
            "一线职工",
            "万一出事",
            "慈善一日捐活动",
            "一起参加",
            "一致通过",
            "一体推进",
            "三位一体",
            "一流水平",
            "一是加强",
            "第一",
            "首先",
            "十八大精神",
            "十八届三中全会",
            "三个代表",
            "两学一做",
            "五必访",
            "一帮一",
            "十三五规划",
            "两节期间",
            "三八节",
            "五一",
            "教师节",
            "一个中心",
            "一项工作",
        ] {
            assert!(
                figs(s, Some(2017)).is_empty(),
                "{s}: {:?}",
                figs(s, Some(2017))
            );
        }
    }

    #[test]
    fn placeholders_numbers_and_markers_are_not_figures() {
        for s in [
            "20xx年工作计划",
            "发放资金万元",
            "〔2017〕219号",
            "[2017]219号",
            "1号文件",
            "热线12351",
            "电话0571-88888888",
            "一、指导思想",
            "(一)组织建设",
            "1.加强学习",
            "1、加强学习",
            "第1页 共5页",
            "附件1.doc",
            "第一名",
            "第20届",
            "第三届",
            "三分之一",
            "二三十人",
        ] {
            assert!(
                figs(s, Some(2017)).is_empty(),
                "{s}: {:?}",
                figs(s, Some(2017))
            );
        }
        // A list number before a month is a marker, the month a date.
        let f = figs("1.3月召开", Some(2017));
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].2, FigureValue::Date("2017-03".into()));
    }

    #[test]
    fn sentence_and_clause_enclose_the_figure() {
        let s = "一、慰问。走访困难职工,发放慰问金8万元;其余另计。";
        let f = one(s);
        assert_eq!(
            &s[f.sentence.0..f.sentence.1],
            "走访困难职工,发放慰问金8万元;其余另计。"
        );
        assert_eq!(&s[f.clause.0..f.clause.1], "发放慰问金8万元");
    }

    #[test]
    fn offsets_stay_inside_the_range_and_on_boundaries() {
        let s = "前文5人。中段发放3万元,后文7人";
        let a = s.find("中段").unwrap_or(0);
        let b = s.find(",后文").unwrap_or(s.len());
        // Range ends inside a multi-byte char are pulled back, not panicked on.
        let f = fx().extract(s, a + 1, b, None);
        assert!(f.is_empty() || f.iter().all(|f| f.start >= a && f.end <= b));
        let f = fx().extract(s, a, b, None);
        assert_eq!(f.len(), 1);
        assert_eq!(&s[f[0].start..f[0].end], "3万元");
        assert!(fx().extract(s, 10_000, 20_000, None).is_empty());
    }
}
