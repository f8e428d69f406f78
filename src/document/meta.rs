//! What a document is about: kind cues, years, periods, organisations.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};
use regex::Regex;

use super::DocKind;

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

/// All year mentions in `s` with their byte offsets. In running text
/// (`need_nian`) a bare 2018 must be followed by 年 to count; titles write
/// "2018基层工会年终总结".
pub(crate) fn years(s: &str, need_nian: bool) -> Vec<(usize, YearHit)> {
    let mut out = Vec::new();
    for c in YEAR_RE.captures_iter(s) {
        let Some(m) = c.get(0) else { continue };
        let before = s[..m.start()].chars().next_back();
        let after = s[m.end()..].chars().next();
        // 20181 is no year; 2021年1月 is.
        if before.is_some_and(|b| b.is_ascii_digit() || b == '.')
            || (!m.as_str().ends_with('年') && after.is_some_and(|a| a.is_ascii_digit()))
        {
            continue;
        }
        if let Some(y) = c.name("y") {
            if need_nian && c.name("nian").is_none() {
                continue;
            }
            if let Ok(v) = y.as_str().parse::<i32>()
                && (1980..=2099).contains(&v)
            {
                out.push((m.start(), YearHit::Known(v)));
            }
        } else if let Some(cn) = c.name("cn") {
            if let Some(v) = cn_year(cn.as_str())
                && (1980..=2099).contains(&v)
            {
                out.push((m.start(), YearHit::Known(v)));
            }
        } else if let Some(ph) = c.name("ph") {
            // "xx届" is a congress, not a year: placeholders need 年.
            if ph.as_str().ends_with('年') {
                out.push((m.start(), YearHit::Unknown));
            }
        }
    }
    out
}

/// The first year mention of `s`.
pub(crate) fn first_year(s: &str, need_nian: bool) -> Option<YearHit> {
    years(s, need_nian).into_iter().next().map(|(_, y)| y)
}

pub(crate) const PLAN_WORDS: &[&str] = &[
    "计划",
    "要点",
    "打算",
    "安排",
    "思路",
    "意见",
    "指导思想",
    "规划",
    "设想",
];
pub(crate) const SUMMARY_WORDS: &[&str] = &["总结", "汇报", "报告", "述职", "回顾", "情况"];

/// The kind a title announces: the first kind word wins ("总结及工作打算"
/// is a summary); None when it names neither.
pub(crate) fn title_kind(title: &str) -> Option<DocKind> {
    let first = |words: &[&str]| words.iter().filter_map(|w| title.find(w)).min();
    match (first(PLAN_WORDS), first(SUMMARY_WORDS)) {
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

pub(crate) fn has_kind_word(s: &str) -> bool {
    PLAN_WORDS
        .iter()
        .chain(SUMMARY_WORDS)
        .any(|w| s.contains(w))
}

/// Counts of wording typical of reports on the past and of plans for the
/// future, and of academic papers.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Cues {
    pub summary: f32,
    pub plan: f32,
    pub essay: u32,
}

const SUMMARY_CUES: &[&str] = &[
    "取得",
    "一年来",
    "今年以来",
    "半年来",
    "成绩",
    "成效",
    "圆满",
    "共计",
    "累计",
    "完成了",
    "开展了",
    "组织了",
    "举办了",
    "过去的",
];
const PLAN_CUES: &[&str] = &[
    "要", "将", "计划", "继续", "力争", "争取", "确保", "拟", "打算", "努力",
];
const ESSAY_CUES: &[&str] = &[
    "参考文献",
    "关键词",
    "摘要:",
    "中图分类号",
    "文献标识码",
    "[1]",
    "笔者",
];

/// 了 in words where it says nothing about the past.
const NOT_PAST_LE: &[&str] = &["为了", "了解", "除了", "不了", "了如指掌"];
/// 要 inside common nouns says nothing about the future.
const NOT_FUTURE_YAO: &[&str] = &["重要", "主要", "需要", "要求", "纲要", "摘要", "要点"];

/// Every cue word in one automaton, so a body is read once however many
/// cues there are (a long body searched word by word was the splitter's
/// hot spot).
static CUE_WORDS: LazyLock<(AhoCorasick, Vec<&'static str>)> = LazyLock::new(|| {
    let mut words: Vec<&'static str> = vec!["了"];
    for list in [
        NOT_PAST_LE,
        SUMMARY_CUES,
        PLAN_CUES,
        NOT_FUTURE_YAO,
        ESSAY_CUES,
    ] {
        for w in list {
            if !words.contains(w) {
                words.push(w);
            }
        }
    }
    let ac = AhoCorasick::new(&words).expect("cue words build an automaton");
    (ac, words)
});

/// Raw counts of the cue words of a text. They add up, so the cues of a
/// growing prefix are kept line by line instead of re-reading the prefix.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct CueCounts {
    counts: Vec<f32>,
}

impl CueCounts {
    pub(crate) fn of(text: &str) -> CueCounts {
        let (ac, words) = &*CUE_WORDS;
        let mut counts = vec![0f32; words.len()];
        for m in ac.find_overlapping_iter(text) {
            counts[m.pattern().as_usize()] += 1.0;
        }
        CueCounts { counts }
    }

    pub(crate) fn add(&mut self, other: &CueCounts) {
        if self.counts.len() < other.counts.len() {
            self.counts.resize(other.counts.len(), 0.0);
        }
        for (a, b) in self.counts.iter_mut().zip(&other.counts) {
            *a += b;
        }
    }

    fn count(&self, w: &str) -> f32 {
        let (_, words) = &*CUE_WORDS;
        words
            .iter()
            .position(|x| *x == w)
            .and_then(|i| self.counts.get(i).copied())
            .unwrap_or(0.0)
    }

    pub(crate) fn cues(&self) -> Cues {
        let sum = |list: &[&str]| list.iter().map(|w| self.count(w)).sum::<f32>();
        let le = self.count("了") - sum(NOT_PAST_LE);
        let summary = le.max(0.0) + sum(SUMMARY_CUES) * 2.0;
        let plan = sum(PLAN_CUES) - sum(NOT_FUTURE_YAO);
        Cues {
            summary,
            plan: plan.max(0.0),
            essay: ESSAY_CUES.iter().filter(|w| self.count(w) > 0.0).count() as u32,
        }
    }
}

pub(crate) fn cues(body: &str) -> Cues {
    CueCounts::of(body).cues()
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

/// The period a title or opening names.
pub(crate) fn explicit_period(s: &str) -> Option<&'static str> {
    for (w, p) in [
        ("上半年", "上半年"),
        ("下半年", "下半年"),
        ("半年来", "上半年"),
        ("季度", "季度"),
        ("学期", "学期"),
        ("学年", "学年"),
        ("年终", "全年"),
        ("年度", "全年"),
        ("全年", "全年"),
    ] {
        if s.contains(w) {
            return Some(p);
        }
    }
    None
}

/// Wording that shows a text covers a year without naming which half.
pub(crate) fn mentions_year(s: &str) -> bool {
    !years(s, true).is_empty()
        || ["今年", "一年来", "明年", "本年", "年初", "年底", "年内"]
            .iter()
            .any(|w| s.contains(w))
}

/// Organisation names: `surface` or `surface=canonical` per line, most
/// specific first.
#[derive(Debug, Clone)]
pub(crate) struct Orgs {
    /// Canonical name of each surface, by pattern id.
    canon: Vec<String>,
    /// Leftmost-longest: the earliest mention, and at one place the most
    /// specific name.
    ac: Option<AhoCorasick>,
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
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&surfaces)
            .ok();
        Orgs { canon, ac }
    }

    /// The organisation named first in `s` (the earliest mention; at one
    /// place, the longest, most specific name).
    pub(crate) fn find(&self, s: &str) -> Option<String> {
        self.find_at(s).map(|(_, _, c)| c)
    }

    /// Like `find`, with the byte offset and length of the mention.
    pub(crate) fn find_at(&self, s: &str) -> Option<(usize, usize, String)> {
        self.mentions(s).next()
    }

    /// Every mention in `s`, in text order, each at its most specific name.
    pub(crate) fn mentions<'a>(
        &'a self,
        s: &'a str,
    ) -> impl Iterator<Item = (usize, usize, String)> + 'a {
        self.ac.iter().flat_map(move |ac| {
            ac.find_iter(s).map(|m| {
                (
                    m.start(),
                    m.len(),
                    self.canon[m.pattern().as_usize()].clone(),
                )
            })
        })
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

    #[test]
    fn kinds_from_titles() {
        assert_eq!(
            title_kind("县总工会2017年文明创建工作总结"),
            Some(DocKind::Summary)
        );
        assert_eq!(title_kind("2023年机关工会工作计划篇1"), Some(DocKind::Plan));
        assert_eq!(
            title_kind("总工会帮扶工作总结及工作打算"),
            Some(DocKind::Summary)
        );
        assert_eq!(
            title_kind("中学工会工作报告 篇十四"),
            Some(DocKind::Summary)
        );
        assert_eq!(title_kind("加强和规范工会经审工作 篇十五"), None);
    }

    #[test]
    fn cue_counts_tell_past_from_future() {
        let past = cues("一年来,我们开展了慰问活动,取得了明显成效,完成了任务。");
        assert_eq!(content_kind(&past), Some(DocKind::Summary));
        let future = cues("明年要继续加强学习,力争完成,确保落实,将组织培训,要做好。");
        assert_eq!(content_kind(&future), Some(DocKind::Plan));
        assert_eq!(cues("关键词:工会 参考文献 [1]").essay, 3);
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
    }
}
