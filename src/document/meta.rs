//! What a document is about: kind cues, years, periods, organisations.

use std::sync::LazyLock;

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, MatchKind};
use regex::Regex;

use super::DocKind;
use crate::dict::Dictionaries;

/// A year as written: known, or a placeholder (20xx年, ~年, ____年).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum YearHit {
    Known(i32),
    Unknown,
}

static YEAR_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        (?P<y>(?:19|20)\d{2})(?P<nian>年)?
        | (?P<cn>[一二][〇零一二三四五六七八九]{3})年
        | (?P<ph>(?:19|20)[0-9xX×]?[xX×]{1,2}年? | [xX×]{2}年 | _+\s*年 | ~年 | 某年)",
    )
    .expect("year regex")
});

fn cn_year(s: &str) -> Option<i32> {
    // YEAR_RE lets only 〇零一…九 through, read digit by digit.
    s.chars().try_fold(0i32, |y, c| {
        crate::figure::numeral::cjk_digit(c).map(|d| y * 10 + i32::from(d))
    })
}

/// The year mentions of `s` with their byte offsets, in text order, read
/// only as far as the caller asks. In running text (`need_nian`) a bare
/// 2018 must be followed by 年 to count; titles write "2018基层工会年终总结".
fn year_hits(s: &str, need_nian: bool) -> impl Iterator<Item = (usize, YearHit)> + '_ {
    YEAR_RE.captures_iter(s).filter_map(move |c| {
        let m = c.get(0)?;
        let before = s[..m.start()].chars().next_back();
        let after = s[m.end()..].chars().next();
        // 20181 is no year; 2021年1月 is.
        if before.is_some_and(|b| b.is_ascii_digit() || b == '.')
            || (!m.as_str().ends_with('年') && after.is_some_and(|a| a.is_ascii_digit()))
        {
            return None;
        }
        if let Some(y) = c.name("y") {
            if need_nian && c.name("nian").is_none() {
                return None;
            }
            let v = y.as_str().parse::<i32>().ok()?;
            (1980..=2099)
                .contains(&v)
                .then_some((m.start(), YearHit::Known(v)))
        } else if let Some(cn) = c.name("cn") {
            let v = cn_year(cn.as_str())?;
            (1980..=2099)
                .contains(&v)
                .then_some((m.start(), YearHit::Known(v)))
        } else {
            // "xx届" is a congress, not a year: placeholders need 年.
            let ph = c.name("ph")?;
            ph.as_str()
                .ends_with('年')
                .then_some((m.start(), YearHit::Unknown))
        }
    })
}

/// The first year mention of `s` (see [`year_hits`]).
pub(crate) fn first_year(s: &str, need_nian: bool) -> Option<YearHit> {
    year_hits(s, need_nian).next().map(|(_, y)| y)
}

/// Every known year `s` names with 年 (see [`year_hits`]), in text order.
pub(crate) fn year_hits_known(s: &str) -> Vec<i32> {
    year_hits(s, true)
        .filter_map(|(_, y)| match y {
            YearHit::Known(v) => Some(v),
            YearHit::Unknown => None,
        })
        .collect()
}

/// How often each known year is named with 年 in `s`, in order of first
/// mention.
pub(crate) fn year_counts(s: &str) -> Vec<(i32, usize)> {
    let mut counts: Vec<(i32, usize)> = Vec::new();
    for y in year_hits_known(s) {
        match counts.iter_mut().find(|(v, _)| *v == y) {
            Some(c) => c.1 += 1,
            None => counts.push((y, 1)),
        }
    }
    counts
}

/// Whether `s` mentions a year (see [`year_hits`]).
pub(crate) fn has_year(s: &str, need_nian: bool) -> bool {
    year_hits(s, need_nian).next().is_some()
}

/// A DFA that finds every use of every word, overlapping (None when there
/// are no words or too many for a DFA).
fn overlapping_dfa<W: AsRef<[u8]>>(words: &[W]) -> Option<DFA> {
    if words.is_empty() {
        return None;
    }
    // No prefilter: it would make the start state special, and the loop of
    // `each_match` tests only for match states.
    DFA::builder()
        .match_kind(MatchKind::Standard)
        .prefilter(false)
        .build(words)
        .ok()
}

/// Calls `hit(end, pattern)` for every use of a word of `dfa` in `text`,
/// overlapping ones included: a plain loop over the DFA's transitions. The
/// overlapping iterator of `AhoCorasick` returns, through a dynamic call,
/// once per match, and cues of one char (了, 要, 将) match every few chars:
/// that was most of the cost of a body's cues.
fn each_match(dfa: &DFA, text: &str, mut hit: impl FnMut(usize, usize)) {
    let Ok(mut sid) = dfa.start_state(Anchored::No) else {
        return;
    };
    for (i, &b) in text.as_bytes().iter().enumerate() {
        sid = dfa.next_state(Anchored::No, sid, b);
        // Without a prefilter and with no empty word, the special states
        // are the match states (and a dead state an unanchored search never
        // enters).
        if dfa.is_special(sid) {
            report_matches(dfa, sid, i + 1, &mut hit);
        }
    }
}

/// The matches of a special state of [`each_match`]: out of its loop (and
/// called through `dyn`), which keeps the loop's state in registers.
#[inline(never)]
fn report_matches(dfa: &DFA, sid: StateID, end: usize, hit: &mut dyn FnMut(usize, usize)) {
    if dfa.is_match(sid) {
        for k in 0..dfa.match_len(sid) {
            hit(end, dfa.match_pattern(sid, k).as_usize());
        }
    }
}

/// The cue words of `dictionaries/document_cues.txt`: title words of plans
/// and summaries, the body wording of each, marks of essays, period words.
#[derive(Debug, Clone)]
pub(crate) struct KindCues {
    plan_titles: Vec<String>,
    summary_titles: Vec<String>,
    /// The body cue words, each once.
    words: Vec<String>,
    /// Every body cue word in one automaton, so a text is read once however
    /// many cues there are (a long body searched word by word was the
    /// splitter's hot spot).
    dfa: Option<DFA>,
    /// Per word of `words`: what one use of it adds.
    weights: Vec<CueWeight>,
    periods: Vec<(String, &'static str)>,
    joined_summary: Vec<String>,
    joined_plan: Vec<String>,
    joiners: Vec<String>,
    year_words: Vec<String>,
}

/// What one use of a cue word adds to a body's counts.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct CueWeight {
    /// To the particle of the past (了 +1, 为了 −1).
    past: f32,
    /// To the wording of reports (×2 per use).
    summary: f32,
    /// To the wording of plans (要 +1, 重要 −1).
    plan: f32,
    essay: bool,
}

/// What one use of a word of each body class adds.
const BODY_CLASSES: &[(&str, CueWeight)] = &[
    (
        "summary",
        CueWeight {
            past: 0.0,
            summary: 2.0,
            plan: 0.0,
            essay: false,
        },
    ),
    (
        "past_mark",
        CueWeight {
            past: 1.0,
            summary: 0.0,
            plan: 0.0,
            essay: false,
        },
    ),
    (
        "not_past",
        CueWeight {
            past: -1.0,
            summary: 0.0,
            plan: 0.0,
            essay: false,
        },
    ),
    (
        "plan",
        CueWeight {
            past: 0.0,
            summary: 0.0,
            plan: 1.0,
            essay: false,
        },
    ),
    (
        "not_plan",
        CueWeight {
            past: 0.0,
            summary: 0.0,
            plan: -1.0,
            essay: false,
        },
    ),
    (
        "essay",
        CueWeight {
            past: 0.0,
            summary: 0.0,
            plan: 0.0,
            essay: true,
        },
    ),
];

/// The period labels a `period:` entry may name.
const PERIOD_LABELS: &[&str] = &["上半年", "下半年", "季度", "学期", "学年", "全年"];

impl KindCues {
    pub(crate) fn new(dicts: &Dictionaries) -> KindCues {
        let mut cues = KindCues {
            plan_titles: Vec::new(),
            summary_titles: Vec::new(),
            words: Vec::new(),
            dfa: None,
            weights: Vec::new(),
            periods: Vec::new(),
            joined_summary: Vec::new(),
            joined_plan: Vec::new(),
            joiners: Vec::new(),
            year_words: Vec::new(),
        };
        let mut words: Vec<String> = Vec::new();
        // A word listed twice in one class counts once.
        let mut seen: Vec<(&str, &str)> = Vec::new();
        for (class, entry) in dicts.classed(DOCUMENT_CUES) {
            let mut parts = entry.split_whitespace();
            let word = parts.next().unwrap_or(entry).to_string();
            if seen.contains(&(class, entry)) {
                continue;
            }
            seen.push((class, entry));
            if class == "period" {
                if let Some(label) = parts
                    .next()
                    .and_then(|l| PERIOD_LABELS.iter().find(|p| **p == l))
                {
                    cues.periods.push((word, label));
                }
                continue;
            }
            let list = match class {
                "plan_title" => Some(&mut cues.plan_titles),
                "summary_title" => Some(&mut cues.summary_titles),
                "joined_summary" => Some(&mut cues.joined_summary),
                "joined_plan" => Some(&mut cues.joined_plan),
                "joiner" => Some(&mut cues.joiners),
                "year_word" => Some(&mut cues.year_words),
                _ => None,
            };
            if let Some(list) = list {
                list.push(word);
                continue;
            }
            let Some(&(_, weight)) = BODY_CLASSES.iter().find(|(c, _)| *c == class) else {
                continue;
            };
            let i = match words.iter().position(|w| *w == word) {
                Some(i) => i,
                None => {
                    words.push(word);
                    cues.weights.push(CueWeight::default());
                    words.len() - 1
                }
            };
            let w = &mut cues.weights[i];
            w.past += weight.past;
            w.summary += weight.summary;
            w.plan += weight.plan;
            w.essay |= weight.essay;
        }
        cues.dfa = overlapping_dfa(&words);
        cues.words = words;
        cues
    }

    /// The kind a title announces: the first kind word wins ("总结及工作
    /// 打算" is a summary); None when it names neither.
    pub(crate) fn title_kind(&self, title: &str) -> Option<DocKind> {
        let first = |words: &[String]| words.iter().filter_map(|w| title.find(w.as_str())).min();
        match (first(&self.plan_titles), first(&self.summary_titles)) {
            (Some(p), Some(s)) => Some(if s < p {
                DocKind::Summary
            } else {
                DocKind::Plan
            }),
            (Some(_), None) => Some(DocKind::Plan),
            (None, Some(_)) => Some(DocKind::Summary),
            (None, None) => None,
        }
    }

    pub(crate) fn has_kind_word(&self, s: &str) -> bool {
        self.plan_titles
            .iter()
            .chain(&self.summary_titles)
            .any(|w| s.contains(w.as_str()))
    }

    /// Whether a title names a summary and a plan joined (总结暨…打算,
    /// 总结及…计划); the caller checks it names two years.
    pub(crate) fn announces_both(&self, title: &str) -> bool {
        let any = |words: &[String]| words.iter().any(|w| title.contains(w.as_str()));
        any(&self.joiners) && any(&self.joined_summary) && any(&self.joined_plan)
    }

    /// The counts of the cue words of `text`.
    pub(crate) fn counts(&self, text: &str) -> CueCounts {
        let mut counts = vec![0f32; self.weights.len()];
        if let Some(dfa) = &self.dfa {
            each_match(dfa, text, |_, pattern| counts[pattern] += 1.0);
        }
        CueCounts { counts }
    }

    /// The cues of counts made by [`Self::counts`].
    pub(crate) fn cues_of(&self, c: &CueCounts) -> Cues {
        let (mut past, mut summary, mut plan, mut essay) = (0f32, 0f32, 0f32, 0u32);
        for (w, n) in self.weights.iter().zip(&c.counts) {
            past += w.past * n;
            summary += w.summary * n;
            plan += w.plan * n;
            if w.essay && *n > 0.0 {
                essay += 1;
            }
        }
        Cues {
            summary: past.max(0.0) + summary,
            plan: plan.max(0.0),
            essay,
        }
    }

    /// The period a title or opening names.
    pub(crate) fn explicit_period(&self, s: &str) -> Option<&'static str> {
        self.periods
            .iter()
            .find(|(w, _)| s.contains(w.as_str()))
            .map(|(_, p)| *p)
    }
}

/// Where the cue words are.
pub(crate) const DOCUMENT_CUES: &str = "document_cues.txt";

/// Counts of wording typical of reports on the past and of plans for the
/// future, and of academic papers.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Cues {
    pub summary: f32,
    pub plan: f32,
    pub essay: u32,
}

/// Raw counts of the cue words of a text. They add up, so the cues of a
/// growing prefix are kept line by line instead of re-reading the prefix.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct CueCounts {
    counts: Vec<f32>,
}

impl CueCounts {
    pub(crate) fn add(&mut self, other: &CueCounts) {
        if self.counts.len() < other.counts.len() {
            self.counts.resize(other.counts.len(), 0.0);
        }
        for (a, b) in self.counts.iter_mut().zip(&other.counts) {
            *a += b;
        }
    }
}

/// The kind the wording of a body suggests, when it clearly does.
pub(crate) fn content_kind(c: &Cues) -> Option<DocKind> {
    if c.summary >= 2.0 * c.plan.max(2.0) {
        Some(DocKind::Summary)
    } else if c.plan >= 2.0 * c.summary.max(2.0) {
        Some(DocKind::Plan)
    } else {
        None
    }
}

/// Organisation names: `surface` or `surface=canonical` per line, most
/// specific first.
#[derive(Debug, Clone)]
pub(crate) struct Orgs {
    surfaces: Vec<String>,
    /// Canonical name of each surface, by pattern id.
    canon: Vec<String>,
    /// Every surface, overlapping: [`Orgs::mentions`] picks the earliest
    /// and, at one place, the most specific (what a leftmost-longest
    /// search finds, but read in a plain DFA loop: the leftmost-longest
    /// search of a body, with a prefilter that CJK text fools at every
    /// char, cost five times as much).
    dfa: Option<DFA>,
}

impl Orgs {
    pub(crate) fn new(terms: Vec<String>) -> Orgs {
        let (surfaces, canon): (Vec<String>, Vec<String>) = terms
            .into_iter()
            .filter_map(|t| {
                let (s, c) = match t.split_once('=') {
                    Some((s, c)) => (s.trim().to_string(), c.trim().to_string()),
                    None => (t.clone(), t),
                };
                (!s.is_empty()).then_some((s, c))
            })
            .unzip();
        Orgs {
            dfa: overlapping_dfa(&surfaces),
            surfaces,
            canon,
        }
    }

    /// The organisation named first in `s` (the earliest mention; at one
    /// place, the longest, most specific name).
    pub(crate) fn find(&self, s: &str) -> Option<String> {
        self.mentions(s)
            .into_iter()
            .next()
            .map(|(_, _, c)| c.to_string())
    }

    /// Every mention in `s`, in text order, each at its most specific name
    /// (offset, length, canonical name).
    pub(crate) fn mentions(&self, s: &str) -> Vec<(usize, usize, &str)> {
        let mut uses = Vec::new();
        if let Some(dfa) = &self.dfa {
            each_match(dfa, s, |end, surface| {
                let len = self.surfaces[surface].len();
                uses.push((end - len, len, surface));
            });
        }
        self.most_specific(uses)
    }

    /// [`Self::mentions`] in a body that [`BodyWords`] (made with these
    /// names) scanned.
    pub(crate) fn mentions_in(&self, scan: &BodyScan) -> Vec<(usize, usize, &str)> {
        self.most_specific(scan.org_uses.clone())
    }

    /// Of every use of a surface (offset, length, surface), the earliest,
    /// at one offset the longest (the first listed of equal ones), then
    /// the same after its end: what a leftmost-longest search finds.
    fn most_specific(&self, mut uses: Vec<(usize, usize, usize)>) -> Vec<(usize, usize, &str)> {
        uses.sort_unstable_by_key(|&(start, len, surface)| {
            (start, std::cmp::Reverse(len), surface)
        });
        let mut out = Vec::new();
        let mut free_from = 0;
        for (start, len, surface) in uses {
            if start >= free_from {
                out.push((start, len, self.canon[surface].as_str()));
                free_from = start + len;
            }
        }
        out
    }
}

/// The words a document's body is searched for, in one DFA so that the
/// body is read once for all: the body cue words of [`KindCues`], the
/// organisation names of [`Orgs`] and the year words. (Read one list after
/// the other, the body cost three passes.)
#[derive(Debug, Clone)]
pub(crate) struct BodyWords {
    dfa: Option<DFA>,
    /// Patterns `0..cues` are the cue words, the next `orgs` the
    /// organisation surfaces, the rest the year words.
    cues: usize,
    orgs: usize,
}

/// What [`BodyWords::scan`] found in a body.
#[derive(Debug, Clone)]
pub(crate) struct BodyScan {
    /// The counts of the cue words ([`KindCues::counts`] of the body).
    pub(crate) counts: CueCounts,
    /// Every use of an organisation surface: offset, length, surface.
    org_uses: Vec<(usize, usize, usize)>,
    /// Whether a year word is used.
    year_word: bool,
}

impl BodyWords {
    pub(crate) fn new(kinds: &KindCues, orgs: &Orgs) -> BodyWords {
        let words: Vec<&String> = kinds
            .words
            .iter()
            .chain(&orgs.surfaces)
            .chain(&kinds.year_words)
            .collect();
        BodyWords {
            dfa: overlapping_dfa(&words),
            cues: kinds.words.len(),
            orgs: orgs.surfaces.len(),
        }
    }

    pub(crate) fn scan(&self, body: &str) -> BodyScan {
        let mut counts = vec![0f32; self.cues];
        let mut org_uses = Vec::new();
        let mut year_word = false;
        if let Some(dfa) = &self.dfa {
            each_match(dfa, body, |end, word| {
                if word < self.cues {
                    counts[word] += 1.0;
                } else if word < self.cues + self.orgs {
                    let len = dfa.pattern_len(aho_corasick::PatternID::must(word));
                    org_uses.push((end - len, len, word - self.cues));
                } else {
                    year_word = true;
                }
            });
        }
        BodyScan {
            counts: CueCounts { counts },
            org_uses,
            year_word,
        }
    }
}

impl BodyScan {
    /// Wording that shows the body covers a year without naming which
    /// half: a year word, or a year.
    pub(crate) fn mentions_year(&self, body: &str) -> bool {
        self.year_word || has_year(body, true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_known_unknown_and_chinese() {
        assert_eq!(
            first_year("2023年机关工会工作计划篇1", false),
            Some(YearHit::Known(2023))
        );
        assert_eq!(
            first_year("2018基层工会年终总结", false),
            Some(YearHit::Known(2018))
        );
        assert_eq!(
            first_year("20xx年委机关工会", false),
            Some(YearHit::Unknown)
        );
        assert_eq!(
            first_year("201x年委机关工会", false),
            Some(YearHit::Unknown)
        );
        assert_eq!(
            first_year("认真落实校工会~年工作要点", true),
            Some(YearHit::Unknown)
        );
        assert_eq!(first_year("____年机关工会", true), Some(YearHit::Unknown));
        assert_eq!(
            first_year("二〇一八年工作打算", true),
            Some(YearHit::Known(2018))
        );
        // A count of things is not a year in running text.
        assert_eq!(first_year("建帮扶工作站2000个", true), None);
        assert_eq!(first_year("党的xx届五中全会", true), None);
        assert_eq!(first_year("电话12018年", true), None);
        assert_eq!(
            first_year("时间:2021年1月-12月", true),
            Some(YearHit::Known(2021))
        );
    }

    fn kinds() -> KindCues {
        KindCues::new(&Dictionaries::embedded())
    }

    fn cues(k: &KindCues, text: &str) -> Cues {
        k.cues_of(&k.counts(text))
    }

    #[test]
    fn kinds_from_titles() {
        let k = kinds();
        assert_eq!(
            k.title_kind("县总工会2017年文明创建工作总结"),
            Some(DocKind::Summary)
        );
        assert_eq!(
            k.title_kind("2023年机关工会工作计划篇1"),
            Some(DocKind::Plan)
        );
        assert_eq!(
            k.title_kind("总工会帮扶工作总结及工作打算"),
            Some(DocKind::Summary)
        );
        assert_eq!(
            k.title_kind("中学工会工作报告 篇十四"),
            Some(DocKind::Summary)
        );
        assert_eq!(k.title_kind("加强和规范工会经审工作 篇十五"), None);
    }

    #[test]
    fn cue_counts_tell_past_from_future() {
        let k = kinds();
        let past = cues(&k, "一年来,我们开展了慰问活动,取得了明显成效,完成了任务。");
        assert_eq!(content_kind(&past), Some(DocKind::Summary));
        let future = cues(
            &k,
            "明年要继续加强学习,力争完成,确保落实,将组织培训,要做好。",
        );
        assert_eq!(content_kind(&future), Some(DocKind::Plan));
        assert_eq!(cues(&k, "关键词:工会 参考文献 [1]").essay, 3);
        // 了 inside 为了 and 了解 says nothing of the past; 重要 nothing of
        // the future.
        assert_eq!(cues(&k, "为了了解").summary, 0.0);
        assert_eq!(cues(&k, "了").summary, 1.0);
        assert_eq!(cues(&k, "重要").plan, 0.0);
        assert_eq!(cues(&k, "取得").summary, 2.0);
    }

    #[test]
    fn counts_of_two_pieces_add_up() {
        let k = kinds();
        let mut c = k.counts("开展了慰问,");
        c.add(&k.counts("取得了成效"));
        assert_eq!(k.cues_of(&c), cues(&k, "开展了慰问,取得了成效"));
    }

    #[test]
    fn periods_and_years_from_words() {
        let k = kinds();
        assert_eq!(k.explicit_period("2019年上半年工作总结"), Some("上半年"));
        assert_eq!(k.explicit_period("半年来,我们"), Some("上半年"));
        assert_eq!(k.explicit_period("2019-2020学年第一学期"), Some("学期"));
        assert_eq!(k.explicit_period("年度工作计划"), Some("全年"));
        assert_eq!(k.explicit_period("工作计划"), None);
        let words = BodyWords::new(&k, &Orgs::new(vec!["县总工会".into()]));
        for (body, year) in [
            ("今年以来", true),
            ("本月", false),
            ("2021年1月", true),
            ("建站2000个", false),
        ] {
            assert_eq!(words.scan(body).mentions_year(body), year, "{body}");
        }
        assert!(k.announces_both("2019年工作总结暨2020年工作打算"));
        assert!(!k.announces_both("2019年工作总结"));
    }

    #[test]
    fn cue_words_come_from_the_dictionary() {
        // Every line of the built-in file is of a known class, and every
        // period names a known label.
        let dicts = Dictionaries::embedded();
        let known = [
            "plan_title",
            "summary_title",
            "summary",
            "past_mark",
            "not_past",
            "plan",
            "not_plan",
            "essay",
            "period",
            "joined_summary",
            "joined_plan",
            "joiner",
            "year_word",
        ];
        for (class, entry) in dicts.classed(DOCUMENT_CUES) {
            assert!(known.contains(&class), "{class}:{entry}");
            if class == "period" {
                let label = entry.split_whitespace().nth(1).unwrap_or_default();
                assert!(PERIOD_LABELS.contains(&label), "{entry}");
            }
        }
        // A replaced file takes the built-in words away.
        let dir = std::env::temp_dir().join(format!("gonghui-kind-cues-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(DOCUMENT_CUES), "#replace\nsummary_title:小结\n").unwrap();
        let custom = KindCues::new(&Dictionaries::load(Some(&dir)).unwrap());
        std::fs::remove_dir_all(&dir).ok();
        assert_eq!(custom.title_kind("工作小结"), Some(DocKind::Summary));
        assert_eq!(custom.title_kind("工作总结"), None);
    }

    #[test]
    fn orgs_most_specific_and_canonical() {
        let o = Orgs::new(vec![
            "县总工会".into(),
            "总工会".into(),
            "我校工会=学校工会".into(),
        ]);
        assert_eq!(o.find("峨山县总工会2017年").as_deref(), Some("县总工会"));
        assert_eq!(
            o.find("我校工会在党支部领导下").as_deref(),
            Some("学校工会")
        );
        assert_eq!(o.find("工作总结"), None);
        // Leftmost, then longest, then on after the mention's end.
        let text = "峨山县总工会与总工会,我校工会";
        let at = |t: &str| text.find(t).unwrap();
        let want = vec![
            (at("县总工会"), "县总工会".len(), "县总工会"),
            (at("与") + "与".len(), "总工会".len(), "总工会"),
            (at("我校工会"), "我校工会".len(), "学校工会"),
        ];
        assert_eq!(o.mentions(text), want);
        // A body's scan finds the same mentions.
        let words = BodyWords::new(&kinds(), &o);
        assert_eq!(o.mentions_in(&words.scan(text)), want);
        assert_eq!(words.scan(text).counts, kinds().counts(text));
    }
}
