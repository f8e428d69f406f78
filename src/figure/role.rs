//! What a figure is in its sentence: its role (a target of a plan, an actual
//! result of a summary, a baseline it is compared to, or a change), what it
//! counts or pays (its subject) and the verb that governs it (its action).
//!
//! The words come from `dictionaries/roles.txt` (`class:word` lines, see its
//! header), read with one leftmost-longest automaton over the clause around
//! each figure: no regex, a few dozen bytes looked at per figure.
//!
//! Subject and action need the text only and are filled by
//! [`FigureExtractor::extract`](super::FigureExtractor::extract); the role
//! also needs the kind of document part the figure is in and is filled by
//! [`RoleReader::assign_roles`] (the pipeline has both done at once by
//! `FigureExtractor::extract_with_roles`, which searches each sentence's
//! words once).

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use daachorse::{
    CharwiseDoubleArrayAhoCorasick, CharwiseDoubleArrayAhoCorasickBuilder,
    MatchKind as DaachorseMatchKind,
};
use serde::Serialize;

use super::{Figure, FigureKind, is_cjk};
use crate::dict::Dictionaries;
use crate::document::DocKind;

/// The dictionary file of this module.
pub const ROLES_DICT: &str = "roles.txt";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// A promise or a standard to meet (plans).
    Target,
    /// A reported level (summaries).
    Actual,
    /// The level something is compared to or starts from (上年, 原有).
    Baseline,
    /// A difference between two levels (增长12%, 提高5个百分点).
    Change,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Target => "target",
            Role::Actual => "actual",
            Role::Baseline => "baseline",
            Role::Change => "change",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Some(match s {
            "target" => Role::Target,
            "actual" => Role::Actual,
            "baseline" => Role::Baseline,
            "change" => Role::Change,
            _ => return None,
        })
    }

    /// The role a figure has when no cue says otherwise: a plan's figures
    /// are targets, every other figure reports.
    pub fn default_for(kind: DocKind) -> Role {
        match kind {
            DocKind::Plan => Role::Target,
            _ => Role::Actual,
        }
    }
}

/// What is done with the money or the people a figure counts, read from
/// its action (else its subject): money coming in is never added to money
/// going out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Family {
    /// Money coming in: 筹集, 募集, 争取, 收到捐款.
    Raise,
    /// Money or help going out to people: 发放, 救助, 资助, 慰问, 拨付.
    Pay,
    /// Money put into buildings, facilities, projects: 投入, 投资.
    Invest,
    /// Money got back for workers: 追回, 讨回, 挽回.
    Recover,
}

impl Family {
    pub const ALL: [Family; 4] = [Family::Raise, Family::Pay, Family::Invest, Family::Recover];

    pub fn as_str(self) -> &'static str {
        match self {
            Family::Raise => "raise",
            Family::Pay => "pay",
            Family::Invest => "invest",
            Family::Recover => "recover",
        }
    }

    /// The Chinese label, as a user may type it.
    pub fn label(self) -> &'static str {
        match self {
            Family::Raise => "筹集",
            Family::Pay => "发放",
            Family::Invest => "投入",
            Family::Recover => "追回",
        }
    }

    /// An id or a label (`pay`, `发放`).
    pub fn parse(s: &str) -> Option<Family> {
        Family::ALL
            .into_iter()
            .find(|f| f.as_str() == s || f.label() == s)
    }
}

// Word classes, as bits: a word may be in several.
const ACTION: u16 = 1;
const CUE: u16 = 1 << 1;
const NOUN: u16 = 1 << 2;
const FILLER: u16 = 1 << 3;
const CHANGE: u16 = 1 << 4;
const BASELINE: u16 = 1 << 5;
const BASELINE_PLAN: u16 = 1 << 6;
const TARGET: u16 = 1 << 7;
const TARGET_SENTENCE: u16 = 1 << 8;
/// A word of a family (`pay:发放`) or a transfer: read for the family only;
/// it governs a figure only when it is also an `action`.
const FAMILY: u16 = 1 << 9;

/// Classes that end a subject where they stand.
const BOUNDARY: u16 = ACTION | CUE | CHANGE | BASELINE | BASELINE_PLAN | TARGET | TARGET_SENTENCE;
/// Classes dropped between a subject and its figure (全年, 每人, 达到 …).
const TRAILING: u16 = FILLER | CUE | CHANGE | BASELINE | BASELINE_PLAN | TARGET;

fn class_bit(name: &str) -> Option<u16> {
    Some(match name {
        "action" => ACTION,
        "cue" => CUE,
        "noun" => NOUN,
        "filler" => FILLER,
        "change" => CHANGE,
        "baseline" => BASELINE,
        "baseline_plan" => BASELINE_PLAN,
        "target" => TARGET,
        "target_sentence" => TARGET_SENTENCE,
        _ => return None,
    })
}

/// Chars that end a subject read backwards from its figure. (Char slices:
/// they are asked of every char of a subject, and a slice compares chars
/// where a `str` would encode and search each one.)
const STOP_BACK: &[char] = &[
    '的', '在', '对', '向', '从', '给', '由', '将', '把', '被', '与', '及', '等', '届',
];
/// Chars that end a subject read forwards from its figure's unit.
const STOP_FORWARD: &[char] = &[
    '的', '和', '与', '及', '或', '等', '在', '是', '为', '了', '到', '把', '被', '对', '向', '从',
    '给', '由', '于', '将', '并', '且', '也', '都', '共', '受', '得', '以', '按', '每', '其', '之',
    '均',
];
/// Quote marks: read through, left out of the subject.
const QUOTES: &[char] = &[
    '“', '”', '‘', '’', '《', '》', '「', '」', '『', '』', '"', '\'', '〈', '〉',
];

/// Reads role, subject and action of figures. Built once from the
/// dictionaries and shared.
pub struct RoleReader {
    /// The dictionary's words, leftmost-longest; values index `flags`.
    /// None when the dictionary holds no word.
    ac: Option<CharwiseDoubleArrayAhoCorasick<u32>>,
    flags: Vec<u16>,
    unknown: Vec<String>,
    /// The family of each word listed under one (`pay:发放`), longest
    /// first, so that an action or subject is read by its longest word.
    families: Vec<(String, Family)>,
    /// The same, by word, and as one automaton (leftmost-longest) for the
    /// words a text holds.
    family_index: std::collections::HashMap<String, Family>,
    family_ac: AhoCorasick,
    /// Words of prizes and rewards (`prize:奖金`): a figure they name has
    /// no family. One automaton: every amount and count asks it of its
    /// action and subject.
    prizes: AhoCorasick,
    /// Verbs of money handed down (`transfer:下拨`): raised, unless the
    /// text says to whom ([`RoleReader::directed`]).
    transfers: Vec<String>,
}

/// One word of the dictionary found in a stretch of text (offsets of the
/// whole text).
#[derive(Debug, Clone, Copy)]
struct Word {
    start: usize,
    end: usize,
    flags: u16,
}

/// The words of one sentence, in text order (they do not overlap, so their
/// ends are in order too).
#[derive(Default)]
struct SentenceWords {
    span: Option<(usize, usize)>,
    words: Vec<Word>,
}

/// The words of the sentences one [`RoleReader::describe_all`] read, in
/// text order: the role pass after it reads them again instead of
/// searching every sentence a second time.
#[derive(Default)]
pub struct WordsOfSentences(Vec<SentenceWords>);

impl SentenceWords {
    /// The words lying wholly inside `a..b`.
    fn slice(&self, a: usize, b: usize) -> &[Word] {
        let lo = self.words.partition_point(|w| w.start < a);
        let hi = self.words.partition_point(|w| w.end <= b);
        if lo >= hi { &[] } else { &self.words[lo..hi] }
    }
}

impl RoleReader {
    pub fn new(dicts: &Dictionaries) -> RoleReader {
        RoleReader::from_text(dicts.text(ROLES_DICT))
    }

    /// From the text of a `roles.txt`.
    pub fn from_text(text: &str) -> RoleReader {
        let mut words: Vec<(String, u16)> = Vec::new();
        let mut unknown = Vec::new();
        let mut families = Vec::new();
        let mut prizes = Vec::new();
        let mut transfers = Vec::new();
        for line in text.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((class, word)) = line.split_once(':') else {
                unknown.push(line.to_string());
                continue;
            };
            if class.trim() == "prize" {
                if !word.trim().is_empty() {
                    prizes.push(word.trim().to_string());
                }
                continue;
            }
            // A transfer is one of money raised until its clause says
            // otherwise.
            let is_transfer = class.trim() == "transfer";
            if is_transfer && !word.trim().is_empty() {
                transfers.push(word.trim().to_string());
            }
            let family = if is_transfer {
                Some(Family::Raise)
            } else {
                Family::ALL.into_iter().find(|f| f.as_str() == class.trim())
            };
            if let Some(f) = family
                && !word.trim().is_empty()
            {
                families.push((word.trim().to_string(), f));
            }
            let bit = family.map(|_| FAMILY).or_else(|| class_bit(class.trim()));
            let (Some(bit), word) = (bit, word.trim()) else {
                unknown.push(line.to_string());
                continue;
            };
            if word.is_empty() {
                continue;
            }
            match words.iter_mut().find(|(w, _)| w == word) {
                Some((_, f)) => *f |= bit,
                None => words.push((word.to_string(), bit)),
            }
        }
        let empty: [&str; 0] = [];
        // Every sentence with a figure is read through it: a char-wise
        // double array is small enough to stay in cache between sentences,
        // where a byte DFA of these words was not (it was the larger part of
        // this reader's time in perf samples). Building fails only for a
        // dictionary with no words: they are distinct and none is empty.
        let ac = CharwiseDoubleArrayAhoCorasickBuilder::new()
            .match_kind(DaachorseMatchKind::LeftmostLongest)
            .build_with_values(words.iter().enumerate().map(|(i, (w, _))| (w, i as u32)))
            .ok();
        families.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        let mut family_index = std::collections::HashMap::new();
        for (w, f) in &families {
            family_index.entry(w.clone()).or_insert(*f);
        }
        let family_ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .build(families.iter().map(|(w, _)| w.as_str()))
            .or_else(|_| AhoCorasick::new(empty))
            .expect("empty automaton builds");
        RoleReader {
            ac,
            flags: words.into_iter().map(|(_, f)| f).collect(),
            unknown,
            families,
            family_index,
            family_ac,
            prizes: AhoCorasick::new(&prizes)
                .or_else(|_| AhoCorasick::new(empty))
                .expect("empty automaton builds"),
            transfers,
        }
    }

    /// The family of the nearest family word before a figure in its
    /// sentence: a total or a rate that names no verb of its own
    /// (每户送去慰问金1000元…，共计3.7万元; 发放慰问金，标准为每人500元).
    fn family_before(&self, text: &str, f: &Figure, sw: &SentenceWords) -> Option<Family> {
        sw.slice(f.sentence.0.min(f.start), f.start)
            .iter()
            .rev()
            .filter(|w| w.flags & (ACTION | FAMILY) != 0)
            .find_map(|w| self.family_word(&text[w.start..w.end]))
    }

    /// The family of a figure: its action's, else that of the longest
    /// family word its subject holds (慰问金 → pay); None for other work.
    /// Prizes and rewards are no aid paid nor money raised.
    fn is_prize(&self, action: Option<&str>, subject: Option<&str>) -> bool {
        let prize = |t: &str| self.prizes.is_match(t);
        action.is_some_and(prize) || subject.is_some_and(prize)
    }

    /// A family read with the words before the figure in its clause:
    /// money paid down from a superior union (上级工会下拨1.4万元, 县总工会
    /// 下拨40万元) is money this union raised unless the text says to whom
    /// it went (向基层工会下拨); money got back for a company is no
    /// worker's.
    fn directed(&self, text: &str, f: &Figure, family: Family) -> Option<Family> {
        let from = f.clause.0.min(f.start);
        let before = &text[from..f.start];
        let transfer = f
            .action
            .as_deref()
            .is_some_and(|a| self.transfers.iter().any(|t| t == a));
        if transfer {
            let to_whom = ["向", "为", "对"].iter().any(|w| before.contains(w))
                || (before.contains('给') && !before.contains("给我"));
            return Some(if to_whom { Family::Pay } else { Family::Raise });
        }
        match family {
            Family::Pay if before.contains("上级") || before.contains("争取") => {
                Some(Family::Raise)
            }
            // 为企业挽回经济损失120万元: the company's money.
            Family::Recover
                if ["为企业", "为公司", "为单位"]
                    .iter()
                    .any(|w| before.contains(w)) =>
            {
                None
            }
            _ => Some(family),
        }
    }

    pub fn family_of(&self, action: Option<&str>, subject: Option<&str>) -> Option<Family> {
        action
            .and_then(|a| self.family_word(a).or_else(|| self.family_within(a)))
            .or_else(|| subject.and_then(|s| self.family_within(s)))
    }

    /// The family of a word listed under one (exact).
    fn family_word(&self, word: &str) -> Option<Family> {
        self.family_index.get(word).copied()
    }

    /// The family of the longest family word `text` holds (慰问金 → 慰问).
    fn family_within(&self, text: &str) -> Option<Family> {
        let m = self.family_ac.find(text)?;
        Some(self.families[m.pattern().as_usize()].1)
    }

    /// Lines of the dictionary with no known class.
    pub fn unknown_entries(&self) -> &[String] {
        &self.unknown
    }

    /// The dictionary words of a figure's sentence (and clause, should it
    /// run past the sentence).
    fn sentence_words(&self, text: &str, f: &Figure) -> SentenceWords {
        let a = f.sentence.0.min(f.clause.0).min(f.start);
        let b = f.sentence.1.max(f.clause.1).max(f.end).min(text.len());
        let words = text
            .get(a..b)
            .map(|s| {
                self.ac
                    .iter()
                    .flat_map(|ac| ac.leftmost_find_iter(s))
                    .map(|m| Word {
                        start: a + m.start(),
                        end: a + m.end(),
                        flags: self.flags[m.value() as usize],
                    })
                    .collect()
            })
            .unwrap_or_default();
        SentenceWords {
            span: Some(f.sentence),
            words,
        }
    }

    /// Subject and action of the figures of `text` (whose clauses and
    /// sentences are set), in text order: a figure that names nothing in
    /// its clause takes what the clause before it in the sentence counts
    /// (每月组织一次集中学习，全年不少于12次 → 集中学习).
    pub fn describe_all(&self, text: &str, figures: &mut [Figure]) -> WordsOfSentences {
        // The words of each sentence are found once for all its figures.
        let mut read = Vec::new();
        let mut sw = SentenceWords::default();
        for i in 0..figures.len() {
            let (prev, rest) = figures.split_at_mut(i);
            let f = &mut rest[0];
            let prev = prev
                .last()
                .filter(|p| p.sentence == f.sentence && p.end <= f.clause.0);
            if f.kind == FigureKind::Date {
                // Dates have no subject or action.
                f.subject = None;
                f.action = None;
                continue;
            }
            if sw.span != Some(f.sentence) {
                let next = self.sentence_words(text, f);
                read.push(std::mem::replace(&mut sw, next));
            }
            let (subject, action) = self.describe(text, f, prev, &sw);
            f.subject = subject;
            f.action = action;
            f.family = if matches!(f.kind, FigureKind::Amount | FigureKind::Count)
                && !self.is_prize(f.action.as_deref(), f.subject.as_deref())
            {
                self.family_of(f.action.as_deref(), f.subject.as_deref())
                    .or_else(|| self.family_before(text, f, &sw))
                    .and_then(|fam| self.directed(text, f, fam))
            } else {
                None
            };
        }
        read.push(sw);
        read.retain(|w| w.span.is_some());
        WordsOfSentences(read)
    }

    /// Subject and action of one figure; `prev` is the figure before it in
    /// the same sentence, if any.
    fn describe(
        &self,
        text: &str,
        f: &Figure,
        prev: Option<&Figure>,
        sw: &SentenceWords,
    ) -> (Option<String>, Option<String>) {
        if f.kind == FigureKind::Date {
            return (None, None);
        }
        let (cs, ce) = f.clause;
        let (cs, ce) = (cs.min(f.start), ce.max(f.end).min(text.len()));
        let before = sw.slice(cs, f.start);
        let after = sw.slice(f.end, ce);
        if f.kind == FigureKind::Frequency {
            return self.describe_frequency(text, f, prev, sw, before, after);
        }
        // 72名困难职工子女: the noun after the unit.
        let mut subject = None;
        let mut action = None;
        let forward = match f.kind {
            FigureKind::Count => true,
            // 100—200元的奖励.
            FigureKind::Amount => text[f.end..].starts_with('的'),
            _ => false,
        };
        if forward && let Some((s, e)) = self.noun_forward(text, f.end, ce, after) {
            subject = Some(clean_subject(&text[s..e]));
            action = last_action(text, before).or_else(|| next_action(text, e, after));
        }
        // 资助困难职工子女46名, 发放帮扶资金36.8万元, 建制率达到82.6%.
        // Verbs before the subject only (签订 in 集体合同签订率 is none).
        let mut verbs_end = f.start;
        if subject.is_none()
            && let Some((s, e, act)) = self.noun_backward(text, cs, f.start, before)
        {
            subject = Some(clean_subject(&text[s..e]));
            verbs_end = s;
            action = act;
        }
        // 此类事情共进行42次, 组织退休干部体检46人: what is counted stands
        // before the verb right in front of the figure.
        if subject.is_none()
            && f.kind == FigureKind::Count
            && let Some(i) = verb_before(before, f.start)
            && let Some((s, e, act)) = self.noun_backward(text, cs, before[i].start, &before[..i])
        {
            subject = Some(clean_subject(&text[s..e]));
            verbs_end = s;
            action = Some(text[before[i].start..before[i].end].to_string()).or(act);
        }
        if action.is_none() {
            let n = before.iter().take_while(|w| w.end <= verbs_end).count();
            action = last_action(text, &before[..n]);
        }
        // A list item (、) shares the verb of the list.
        if action.is_none() && text[..cs].ends_with('、') {
            let (ss, _) = f.sentence;
            let lo = text[ss.min(cs)..cs]
                .rfind(['，', '；', ',', ';', '：', ':'])
                .map_or(ss.min(cs), |i| ss.min(cs) + i);
            let words = sw.slice(lo, cs);
            action = last_action(text, words);
        }
        if subject.is_none() {
            // Nothing named in the clause: what the clause before counts.
            // Money is named where it is paid (创效210万元 names nothing).
            let may_inherit = f.kind == FigureKind::Count
                || !before
                    .iter()
                    .any(|w| w.flags & ACTION != 0 && w.flags & NOUN == 0);
            if may_inherit && let Some((s, a)) = self.inherit(text, f, prev, sw) {
                subject = s;
                if action.is_none() {
                    action = a;
                }
            }
        }
        (subject.filter(|s| s.chars().count() >= 2), action)
    }

    /// What the clause before a figure's clause (in its sentence) counts:
    /// the subject of the figure it ends with (完成产值4.36亿元，同比增长12.5%),
    /// else the noun it ends with (为132名会员发放生日蛋糕券，每人价值280元).
    fn inherit(
        &self,
        text: &str,
        f: &Figure,
        prev: Option<&Figure>,
        sw: &SentenceWords,
    ) -> Option<(Option<String>, Option<String>)> {
        let (ss, _) = f.sentence;
        let cs = f.clause.0.min(f.start);
        let sep = text[..cs].chars().next_back()?;
        let pe = cs - sep.len_utf8();
        if pe <= ss {
            return None;
        }
        let ps = text[ss..pe]
            .char_indices()
            .rev()
            .find(|&(_, c)| c == '\n' || crate::lang::chars::is_clause_end(c))
            .map_or(ss, |(i, c)| ss + i + c.len_utf8());
        if let Some(p) = prev
            && p.end >= ps
            && (p.kind == FigureKind::Frequency
                || text[p.end..pe]
                    .chars()
                    .all(|c| !is_cjk(c) || QUOTES.contains(&c)))
        {
            return Some((p.subject.clone(), p.action.clone()));
        }
        let words = sw.slice(ps, pe);
        let (s, e, act) = self.noun_backward(text, ps, pe, words)?;
        let subject = clean_subject(&text[s..e]);
        (subject.chars().count() >= 2).then_some((Some(subject), act))
    }

    fn describe_frequency(
        &self,
        text: &str,
        f: &Figure,
        prev: Option<&Figure>,
        sw: &SentenceWords,
        before: &[Word],
        after: &[Word],
    ) -> (Option<String>, Option<String>) {
        let (cs, ce) = f.clause;
        let inside = sw.slice(f.start, f.end);
        let mut action = inside
            .iter()
            .find(|w| w.flags & ACTION != 0 && w.flags & NOUN == 0)
            .map(|w| text[w.start..w.end].to_string());
        // 每月2次深入基层调研: the verb right after the figure.
        let mut from = f.end;
        if let Some(w) = after.first().filter(|w| w.start == f.end && is_verb(w)) {
            if action.is_none() {
                action = Some(text[w.start..w.end].to_string());
            }
            from = w.end;
        }
        let words: Vec<Word> = after.iter().copied().filter(|w| w.start >= from).collect();
        let mut subject = self
            .noun_forward(text, from, ce.min(text.len()), &words)
            .map(|(s, e)| clean_subject(&text[s..e]));
        // “青年读书会”每季度举办一期: the event before the figure (but in
        // 经审委员会每半年审查一次 what stands before acts, the verb is the
        // event).
        if subject.is_none()
            && !inside.iter().any(is_verb)
            && let Some((s, e, act)) = self.noun_backward(text, cs.min(f.start), f.start, before)
        {
            subject = Some(clean_subject(&text[s..e]));
            if action.is_none() {
                action = act;
            }
        }
        // 创办工会工作简报，坚持二个月出刊一期: nothing named in the clause.
        if subject.is_none()
            && !inside.iter().any(is_verb)
            && self
                .noun_backward(text, cs.min(f.start), f.start, before)
                .is_none()
            && let Some((s, a)) = self.inherit(text, f, prev, sw)
        {
            subject = s;
            if action.is_none() {
                action = a;
            }
        }
        (subject.filter(|s| s.chars().count() >= 2), action)
    }

    /// The noun phrase starting at `p` (after a figure's unit), cut at
    /// punctuation, function words and verbs.
    fn noun_forward(
        &self,
        text: &str,
        p: usize,
        limit: usize,
        words: &[Word],
    ) -> Option<(usize, usize)> {
        // 1~2周的暑期托管服务, 1份《中国教工》, 一次全县羽毛球比赛,
        // 100—200元的奖励 (a verb after 的 is a noun).
        let mut p = p;
        let mut de = false;
        if text.get(p..limit)?.starts_with('的') {
            p += '的'.len_utf8();
            de = true;
        }
        if let Some(w) = words
            .iter()
            .find(|w| w.start == p && w.flags & FILLER != 0 && w.flags & NOUN == 0)
        {
            p = w.end;
        }
        if de
            && let Some(w) = words.iter().find(|w| w.start == p && is_verb(w))
            && !words.iter().any(|x| x.start == w.end)
            && text[w.end..limit].chars().next().is_none_or(|c| !is_cjk(c))
        {
            return (w.end - w.start >= 6).then_some((w.start, w.end));
        }
        let mut e = p;
        let mut n = 0;
        let s = text.get(p..limit)?;
        let mut it = s.char_indices();
        while let Some((i, c)) = it.next() {
            let at = p + i;
            if QUOTES.contains(&c) {
                continue;
            }
            if let Some(w) = words.iter().find(|w| w.start == at) {
                if w.flags & NOUN != 0 {
                    // A noun word is taken whole.
                    n += text[w.start..w.end].chars().count();
                    e = w.end;
                    while it.clone().next().is_some_and(|(j, _)| p + j < w.end) {
                        it.next();
                    }
                    if n >= 10 {
                        break;
                    }
                    continue;
                }
                // 8个工会小组全年开展活动: 全年 ends the noun too.
                if w.flags & (BOUNDARY | FILLER) != 0 {
                    break;
                }
            }
            if !is_cjk(c) || STOP_FORWARD.contains(&c) || is_numeral(c) {
                break;
            }
            n += 1;
            e = at + c.len_utf8();
            if n >= 10 {
                break;
            }
        }
        if !(2..10).contains(&n) {
            return None;
        }
        Some((p, e))
    }

    /// The noun phrase ending right before a figure at `end`, read back to
    /// a verb, a function word or punctuation (within `lo..end`); with the
    /// verb in front of it, if it is an action.
    fn noun_backward(
        &self,
        text: &str,
        lo: usize,
        end: usize,
        words: &[Word],
    ) -> Option<(usize, usize, Option<String>)> {
        // Drop what stands between the subject and its figure: 每人, 全年,
        // 达到, 增长, quote marks and spaces.
        let mut e = end;
        let mut ws = words.len();
        loop {
            let before = &text[lo..e];
            if let Some(c) = before.chars().next_back()
                && (QUOTES.contains(&c) || c.is_whitespace())
            {
                e -= c.len_utf8();
                continue;
            }
            while ws > 0 && words[ws - 1].start >= e {
                ws -= 1;
            }
            match words[..ws].last() {
                Some(w) if w.end == e && w.flags & TRAILING != 0 && w.flags & NOUN == 0 => {
                    e = w.start;
                    ws -= 1;
                }
                _ => break,
            }
        }
        // Back over the noun: stop at a boundary word, a stop char or
        // anything not Chinese.
        let mut s = e;
        let mut verb = None;
        let mut chars = text[lo..e].char_indices().rev().peekable();
        let mut n = 0;
        'scan: while let Some((i, c)) = chars.next() {
            let at = lo + i;
            // A word ending here.
            while ws > 0 && words[ws - 1].start >= at + c.len_utf8() {
                ws -= 1;
            }
            if let Some(w) = words[..ws].last().filter(|w| w.end == at + c.len_utf8()) {
                let w = *w;
                if w.flags & NOUN != 0 {
                    s = w.start;
                    n += text[w.start..w.end].chars().count();
                    while chars.peek().is_some_and(|(j, _)| lo + j >= w.start) {
                        chars.next();
                    }
                    ws -= 1;
                    continue 'scan;
                }
                // 签订率, 参与率: a verb before a one-char head is part of
                // the noun.
                if w.flags & BOUNDARY != 0 && n != 1 {
                    if w.flags & ACTION != 0 {
                        verb = Some(text[w.start..w.end].to_string());
                    }
                    break;
                }
                if w.flags & BOUNDARY != 0 {
                    s = w.start;
                    n += text[w.start..w.end].chars().count();
                    while chars.peek().is_some_and(|(j, _)| lo + j >= w.start) {
                        chars.next();
                    }
                    ws -= 1;
                    continue 'scan;
                }
            }
            if QUOTES.contains(&c) {
                s = at;
                continue;
            }
            if !is_cjk(c) || STOP_BACK.contains(&c) || is_numeral(c) {
                break;
            }
            s = at;
            n += 1;
            if n >= 16 {
                break;
            }
        }
        // Leading fillers: 全年参保职工 → 参保职工.
        for w in words {
            if w.start == s && w.end <= e && w.flags & FILLER != 0 && w.flags & NOUN == 0 {
                s = w.end;
            }
        }
        if s >= e {
            return None;
        }
        Some((s, e, verb))
    }

    /// Fills `role` of every figure: `kind_at(offset)` is the kind of the
    /// document part at a cleaned-text offset (plan, summary …).
    pub fn assign_roles(
        &self,
        text: &str,
        figures: &mut [Figure],
        kind_at: impl Fn(usize) -> DocKind,
    ) {
        self.assign_roles_reading(text, figures, kind_at, &WordsOfSentences::default());
    }

    /// [`Self::assign_roles`] for figures whose sentences' words `read`
    /// holds (from `describe_all` over the same figures); a sentence it
    /// lacks is searched anew.
    pub fn assign_roles_reading(
        &self,
        text: &str,
        figures: &mut [Figure],
        kind_at: impl Fn(usize) -> DocKind,
        read: &WordsOfSentences,
    ) {
        let mut own = SentenceWords::default();
        // Figures and `read` are both in text order: one cursor serves.
        let mut next = 0;
        for f in figures.iter_mut() {
            // Dates and frequencies take the part's role: no words needed.
            if matches!(f.kind, FigureKind::Date | FigureKind::Frequency) {
                f.role = Some(Role::default_for(kind_at(f.start)));
                continue;
            }
            while read.0.get(next).is_some_and(|w| w.span < Some(f.sentence)) {
                next += 1;
            }
            let sw = match read.0.get(next) {
                Some(w) if w.span == Some(f.sentence) => w,
                _ => {
                    if own.span != Some(f.sentence) {
                        own = self.sentence_words(text, f);
                    }
                    &own
                }
            };
            f.role = Some(self.role_in(text, f, kind_at(f.start), sw));
        }
    }

    /// The role of one figure (its clause and sentence set) in a part of the
    /// given kind.
    pub fn role_of(&self, text: &str, f: &Figure, kind: DocKind) -> Role {
        self.role_in(text, f, kind, &self.sentence_words(text, f))
    }

    fn role_in(&self, text: &str, f: &Figure, kind: DocKind, sw: &SentenceWords) -> Role {
        let default = Role::default_for(kind);
        if f.kind == FigureKind::Date {
            return default;
        }
        if f.kind == FigureKind::Frequency {
            return default;
        }
        if f.unit.as_deref().is_some_and(|u| u.ends_with("百分点")) {
            return Role::Change;
        }
        let (cs, _) = f.clause;
        let cs = cs.min(f.start);
        let before = sw.slice(cs, f.start);
        // The word right before the figure, over 了, 约, 平均 and the like.
        let mut e = f.start;
        for w in before.iter().rev() {
            if w.end != e {
                break;
            }
            if w.flags & CHANGE != 0 {
                return Role::Change;
            }
            if w.flags & FILLER != 0 {
                e = w.start;
                continue;
            }
            break;
        }
        // 由上年的60%, 原有会员300人; no change word after the baseline one.
        let last_change = before.iter().rposition(|w| w.flags & CHANGE != 0);
        let last_base = before.iter().rposition(|w| {
            w.flags & BASELINE != 0 || (kind == DocKind::Plan && w.flags & BASELINE_PLAN != 0)
        });
        // 由上年的60%提高到82.6%: 82.6% is no baseline.
        if let Some(b) = last_base
            && last_change.is_none_or(|c| c < b)
            && before[b + 1..]
                .iter()
                .all(|w| w.flags & BOUNDARY == 0 || w.flags & NOUN != 0)
        {
            return Role::Baseline;
        }
        if default == Role::Actual {
            // 争取市总工会专项资金68万元 in a summary reports money got: the
            // cue is the figure's own raising verb.
            let raised_by = |w: &Word| {
                f.kind == FigureKind::Amount
                    && f.family == Some(Family::Raise)
                    && f.action.as_deref() == Some(&text[w.start..w.end])
            };
            if before
                .iter()
                .any(|w| w.flags & TARGET != 0 && !raised_by(w))
            {
                return Role::Target;
            }
            let (ss, _) = f.sentence;
            let sentence = sw.slice(ss.min(f.start), f.start);
            if sentence.iter().any(|w| w.flags & TARGET_SENTENCE != 0) {
                return Role::Target;
            }
        }
        default
    }
}

fn is_verb(w: &Word) -> bool {
    w.flags & ACTION != 0 && w.flags & NOUN == 0
}

/// Index of the action verb right before `end` in `words`, over fillers
/// and cues (共进行42次).
fn verb_before(words: &[Word], end: usize) -> Option<usize> {
    let mut e = end;
    for (i, w) in words.iter().enumerate().rev() {
        if w.end != e {
            return None;
        }
        if is_verb(w) {
            return Some(i);
        }
        if w.flags & TRAILING == 0 {
            return None;
        }
        e = w.start;
    }
    None
}

/// The last action verb among `words`.
fn last_action(text: &str, words: &[Word]) -> Option<String> {
    words
        .iter()
        .rev()
        .find(|w| is_verb(w))
        .map(|w| text[w.start..w.end].to_string())
}

/// An action verb right after a subject ending at `e` (班组均配备了 → 配备).
fn next_action(text: &str, e: usize, words: &[Word]) -> Option<String> {
    let mut p = e;
    for w in words.iter().filter(|w| w.start >= e) {
        if w.start != p {
            // One char of slack: 均, 都.
            let gap = &text[p..w.start];
            if gap.chars().count() > 1 {
                return None;
            }
        }
        if is_verb(w) {
            return Some(text[w.start..w.end].to_string());
        }
        if w.flags & FILLER == 0 {
            return None;
        }
        p = w.end;
    }
    None
}

/// Chinese numerals that write a number (not 点, 半, 几 …).
fn is_numeral(c: char) -> bool {
    "〇零一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟".contains(c)
}

fn clean_subject(s: &str) -> String {
    let dropped = |c: char| QUOTES.contains(&c) || c.is_whitespace();
    if !s.contains(dropped) {
        return s.to_string();
    }
    s.chars().filter(|&c| !dropped(c)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figure::FigureExtractor;

    fn fx() -> FigureExtractor {
        FigureExtractor::new(&Dictionaries::embedded())
    }

    /// (text, subject, action, role) of the non-date figures of `s` in a
    /// part of kind `kind`.
    fn read(s: &str, kind: DocKind) -> Vec<(String, Option<String>, Option<String>, Role)> {
        let fx = fx();
        let mut figs = fx.extract(s, 0, s.len(), Some(2019));
        fx.assign_roles(s, &mut figs, |_| kind);
        figs.into_iter()
            .filter(|f| f.kind != FigureKind::Date)
            .map(|f| {
                (
                    s[f.start..f.end].to_string(),
                    f.subject,
                    f.action,
                    f.role.unwrap(),
                )
            })
            .collect()
    }

    fn one(s: &str, kind: DocKind) -> (Option<String>, Option<String>, Role) {
        let v = read(s, kind);
        assert_eq!(v.len(), 1, "{s}: {v:?}");
        let (_, subj, act, role) = v.into_iter().next().unwrap();
        (subj, act, role)
    }

    fn some(s: &str) -> Option<String> {
        Some(s.to_string())
    }

    #[test]
    fn subject_after_the_unit() {
        let (s, a, _) = one("帮助200名下岗失业职工实现再就业。", DocKind::Plan);
        assert_eq!((s, a), (some("下岗失业职工"), some("帮助")));
        let (s, _, _) = one("资助72名困难职工子女。", DocKind::Summary);
        assert_eq!(s, some("困难职工子女"));
    }

    #[test]
    fn subject_before_the_figure_after_its_verb() {
        let (s, a, _) = one("资助困难职工子女46名。", DocKind::Summary);
        assert_eq!((s, a), (some("困难职工子女"), some("资助")));
        let (s, a, _) = one("新建基层工会组织28个。", DocKind::Plan);
        assert_eq!((s, a), (some("基层工会组织"), some("新建")));
    }

    #[test]
    fn amounts_and_percents_have_subjects() {
        let (s, a, _) = one("全年筹集帮扶资金163.5万元。", DocKind::Summary);
        assert_eq!((s, a), (some("帮扶资金"), some("筹集")));
        let (s, a, _) = one("职代会建制率达到82.6%。", DocKind::Summary);
        assert_eq!((s, a), (some("职代会建制率"), None));
        // Fillers between the subject and its figure are dropped.
        let (s, _, _) = one("慰问金每户不低于2000元。", DocKind::Plan);
        assert_eq!(s, some("慰问金"));
    }

    #[test]
    fn cue_words_are_no_actions() {
        let (s, a, _) = one("实现利润3.56亿元。", DocKind::Summary);
        assert_eq!((s, a), (some("利润"), None));
        let (s, a, _) = one("参赛职工达到5000人以上。", DocKind::Plan);
        assert_eq!((s, a), (some("参赛职工"), None));
    }

    #[test]
    fn a_bare_clause_takes_the_subject_before_it() {
        let v = read("每月组织一次集中学习，全年不少于12次。", DocKind::Plan);
        assert_eq!(v[1].1, some("集中学习"));
        assert_eq!(v[1].2, some("组织"));
        let v = read("收到合理化建议268条，采纳89条。", DocKind::Summary);
        assert_eq!(
            (v[1].1.clone(), v[1].2.clone()),
            (some("合理化建议"), some("采纳"))
        );
    }

    #[test]
    fn frequencies_name_their_event() {
        let (s, a, _) = one("县总工会每季度召开一次工作例会。", DocKind::Plan);
        assert_eq!((s, a), (some("工作例会"), some("召开")));
        let (s, a, _) = one("经审委员会每半年审查一次。", DocKind::Plan);
        assert_eq!((s, a), (None, some("审查")));
        let (s, a, _) = one("职工书屋每月一次。", DocKind::Plan);
        assert_eq!((s, a), (some("职工书屋"), None));
    }

    #[test]
    fn list_items_share_the_verb() {
        let v = read(
            "评选职工优秀创新成果10项、优秀合理化建议50条。",
            DocKind::Plan,
        );
        assert_eq!(v[1].1, some("优秀合理化建议"));
        assert_eq!(v[1].2, some("评选"));
    }

    #[test]
    fn roles_default_to_the_part_kind() {
        assert_eq!(one("发放慰问金20万元。", DocKind::Plan).2, Role::Target);
        assert_eq!(one("发放慰问金20万元。", DocKind::Summary).2, Role::Actual);
        assert_eq!(one("发放慰问金20万元。", DocKind::Other).2, Role::Actual);
    }

    #[test]
    fn changes_are_differences() {
        let v = read("完成产值4.36亿元，同比增长12.5%。", DocKind::Summary);
        assert_eq!(v[0].3, Role::Actual);
        assert_eq!(v[1].3, Role::Change);
        assert_eq!(v[1].1, some("产值"));
        assert_eq!(
            one("人均月收入提高了150元。", DocKind::Summary).2,
            Role::Change
        );
        // A level reached is no change.
        assert_eq!(
            one("资助标准提高到每人4000元。", DocKind::Plan).2,
            Role::Target
        );
    }

    #[test]
    fn baselines_are_compared_to() {
        let v = read("建制率由上年的60%提高到82.6%。", DocKind::Summary);
        assert_eq!(v[0].3, Role::Baseline);
        assert_eq!(v[1].3, Role::Actual);
        assert_eq!(
            one("中心现有离退休职工210人。", DocKind::Plan).2,
            Role::Baseline
        );
        assert_eq!(
            one("中心现有离退休职工210人。", DocKind::Summary).2,
            Role::Actual
        );
    }

    #[test]
    fn promises_in_a_summary_are_targets() {
        assert_eq!(
            one("确保一线职工疗休养比例不低于百分之六十。", DocKind::Summary).2,
            Role::Target
        );
        let v = read(
            "下半年，公司工会将重点做好以下工作：一是慰问高温岗位职工不少于800人次。",
            DocKind::Summary,
        );
        assert_eq!(v.last().unwrap().3, Role::Target);
    }

    #[test]
    fn embedded_dictionary_is_well_formed() {
        let r = RoleReader::new(&Dictionaries::embedded());
        assert!(r.unknown_entries().is_empty(), "{:?}", r.unknown_entries());
    }

    #[test]
    fn dict_dir_extends_the_cue_words() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(ROLES_DICT), "action:捐建\n").unwrap();
        let d = Dictionaries::load(Some(dir.path())).unwrap();
        let fx = FigureExtractor::new(&d);
        let s = "捐建爱心书屋3个。";
        let f = fx.extract(s, 0, s.len(), None);
        assert_eq!(f[0].action.as_deref(), Some("捐建"));
        assert_eq!(f[0].subject.as_deref(), Some("爱心书屋"));
    }

    #[test]
    fn dictionary_lines_without_a_class_are_reported() {
        let r = RoleReader::from_text("action:发放\nverb:筹集\nnothing\n");
        assert_eq!(r.unknown_entries().len(), 2);
    }
}
