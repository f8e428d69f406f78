//! Parts by meaning: the review and the plan inside one work report.
//!
//! A work report (to a union's 全委会, a 职代会 or 教代会, a congress, and every
//! 政府工作报告) reviews the past and lays out the coming year's work in one
//! text, under a title that names neither. Its parts are read from the
//! report's top headings (一、 二、 …, 第一部分, or an unnumbered line such as
//! 过去一年工作回顾): each heading's words say review or plan (回顾, 主要工作 /
//! 安排, 任务, 总体要求, `report_parts.txt`), its period is read from a year
//! it names or from a relative word (过去一年, 今后五年, 十四五) resolved
//! against the year the report plans, and a heading that says neither takes
//! the kind of the declared part before it, or, before any, what its body's
//! wording says (completed actions against intentions, `document_cues.txt`).
//!
//! The year the report plans comes from the part headings first (a plan for
//! 2019, or a review of 2018), then from the report's own date (the meeting
//! line's or the date under the title; a report of November or December
//! plans the next year), then from the title.

use std::sync::LazyLock;

use regex::Regex;

use super::key::Period;
use super::meta::{self, KindCues, YearHit};
use super::{DocKind, Part};
use crate::dict::Dictionaries;

pub(crate) const REPORT_PARTS: &str = "report_parts.txt";

/// What a heading's words declare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Declared {
    Review,
    Plan,
    /// 附件, 名词解释: neither review nor plan, to the end.
    Other,
    /// The heading says neither.
    Unknown,
    /// The heading has words of both (十五五时期的主要目标和重大举措 … 取得):
    /// its period decides, once the report's year is known.
    Both,
}

/// A period word relative to the year the report plans.
#[derive(Debug, Clone)]
struct Relative {
    word: String,
    offset: i32,
    years: u8,
}

/// A named plan period: 十四五 = 2021–2025.
#[derive(Debug, Clone)]
struct Era {
    word: String,
    start: i32,
    end: i32,
}

/// The heading words of report parts (`dictionaries/report_parts.txt`).
#[derive(Debug, Clone, Default)]
pub(crate) struct PartCues {
    review: Vec<String>,
    plan: Vec<String>,
    other: Vec<String>,
    relative: Vec<Relative>,
    eras: Vec<Era>,
    meetings: Vec<String>,
}

/// A top heading of a report: 一、2018年工作回顾; 第二部分; 过去一年工作回顾.
#[derive(Debug, Clone)]
struct Heading {
    /// Byte offset of its line in the text.
    start: usize,
    /// Its words without the marker, cut at the first sentence mark.
    words: String,
    /// The whole line, as the part's title.
    line: String,
    /// Numbered 一、 or 第一部分; 第一部分 alone.
    numbered: bool,
    part_numbered: bool,
}

/// One stretch of a report between two top headings.
#[derive(Debug, Clone)]
struct Stretch {
    start: usize,
    end: usize,
    heading: Option<Heading>,
    declared: Declared,
    kind: DocKind,
    period: Option<Period>,
}

/// 一、 二、 …; 第一部分.
static TOP_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:第[一二三四五六七八九十]{1,3}部分[、:：.．\s]?|[一二三四五六七八九十]{1,3}[、.．]\s*)")
        .expect("regex")
});

/// 2017年至2021年, 2017—2021年: a span of years.
static YEAR_RANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"((?:19|20)\d{2})\s*年?\s*(?:至|到|—|–|-|－|~|～)\s*((?:19|20)\d{2})\s*年")
        .expect("regex")
});

/// A date: 2019年1月15日, 二〇一九年一月十五日.
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"((?:19|20)\d{2}|[一二][〇零一二三四五六七八九]{3})\s*年\s*(\d{1,2}|十[一二]?|[一二三四五六七八九])\s*月")
        .expect("regex")
});

/// 我代表XX，向大会报告: who delivers the report.
static DELIVERED_BY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"我代表(?P<org>[^，,。:：；\s]{2,30}?)(?:[，,]\s*)?(?:向(?:大会|本次大会|全会|会议|各位代表)|作(?:政府)?工作报告|做(?:政府)?工作报告)").expect("regex")
});

/// 在XX市总工会第十五届委员会第三次全体会议上: the name before the
/// ordinal of the meeting, and the rest of the line.
static MEETING_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"在(?P<name>[^\s，,。：:；在]{2,30}?)第[一二三四五六七八九十百零〇\d]{1,4}届(?P<rest>[^\n。]*)")
        .expect("regex")
});

/// 2026年湖北省政府工作报告: the place a title's government is of.
static PLACE_GOVERNMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:\d{4}年)?(?P<place>[\p{Han}]{1,10}?(?:省|市|自治区|区|县|自治州|州|盟|旗))(?:人民)?政府")
        .expect("regex")
});

/// A heading longer than this is a sentence, not a part heading.
const HEADING_MAX_CHARS: usize = 40;
/// An unnumbered heading is a short line of its own.
const BARE_HEADING_MAX_CHARS: usize = 24;
/// Least text of a part that makes a report of two parts (and a review
/// must hold a tenth of the body, a plan a fifth).
const MIN_PART_CHARS: usize = 80;

impl PartCues {
    pub(crate) fn new(dicts: &Dictionaries) -> PartCues {
        let mut cues = PartCues::default();
        for (class, entry) in dicts.classed(REPORT_PARTS) {
            let mut f = entry.split_whitespace();
            let word = f.next().unwrap_or(entry).to_string();
            let nums: Vec<i32> = f.filter_map(|n| n.parse().ok()).collect();
            match (class, nums.as_slice()) {
                ("review_head", _) => cues.review.push(word),
                ("plan_head", _) => cues.plan.push(word),
                ("other_head", _) => cues.other.push(word),
                ("meeting", _) => cues.meetings.push(word),
                ("period", &[offset, years])
                    if (1..=10).contains(&years) && (-20..=20).contains(&offset) =>
                {
                    cues.relative.push(Relative {
                        word,
                        offset,
                        years: years as u8,
                    })
                }
                ("era", &[start, end])
                    if (1900..=2100).contains(&start) && (0..10).contains(&(end - start)) =>
                {
                    cues.eras.push(Era { word, start, end })
                }
                _ => {}
            }
        }
        cues
    }

    fn declared(&self, words: &str) -> Declared {
        let has = |list: &[String]| list.iter().any(|w| words.contains(w.as_str()));
        if has(&self.other) {
            return Declared::Other;
        }
        match (has(&self.review), has(&self.plan)) {
            (true, false) => Declared::Review,
            (false, true) => Declared::Plan,
            (true, true) => Declared::Both,
            (false, false) => Declared::Unknown,
        }
    }

    /// Whether a heading names a period: a year, a relative word or an era.
    fn names_period(&self, words: &str) -> bool {
        meta::has_year(words, true)
            || self
                .relative
                .iter()
                .any(|r| words.contains(r.word.as_str()))
            || self.eras.iter().any(|e| words.contains(e.word.as_str()))
    }

    /// Whether a short line of its own names a part with its period
    /// (过去一年工作回顾, 今年主要任务, 2022年工作安排).
    fn bare_heading(&self, line: &str) -> bool {
        let n = line.chars().count();
        if !(4..=BARE_HEADING_MAX_CHARS).contains(&n)
            || line.contains(['。', '，', ',', '；', ';', '：', ':', '！', '？'])
        {
            return false;
        }
        self.names_period(line) && self.declared(line) != Declared::Unknown
    }

    fn headings(&self, text: &str, start: usize, end: usize) -> Vec<Heading> {
        let mut out = self.all_headings(text, start, end);
        // 第一部分 over 一、: when the report numbers its parts, the 一、 under
        // them are sections of a part.
        if out.iter().any(|h| h.part_numbered) {
            out.retain(|h| h.part_numbered || !h.numbered);
        }
        out
    }

    fn all_headings(&self, text: &str, start: usize, end: usize) -> Vec<Heading> {
        let mut out = Vec::new();
        let mut pos = start;
        for raw in text[start..end].split_inclusive('\n') {
            let at = pos;
            pos += raw.len();
            let line = raw.trim();
            if line.is_empty() {
                continue;
            }
            if let Some(m) = TOP_MARKER.find(line) {
                let rest = &line[m.end()..];
                let cut = rest
                    .find(['。', '！', '？', '；', ';'])
                    .map_or(rest, |i| &rest[..i]);
                if cut.chars().count() <= HEADING_MAX_CHARS && !cut.is_empty() {
                    out.push(Heading {
                        start: at,
                        words: cut.to_string(),
                        line: line.to_string(),
                        numbered: true,
                        part_numbered: m.as_str().contains("部分"),
                    });
                }
                continue;
            }
            if self.bare_heading(line) {
                out.push(Heading {
                    start: at,
                    words: line.to_string(),
                    line: line.to_string(),
                    numbered: false,
                    part_numbered: false,
                });
            }
        }
        out
    }

    /// The period a heading names, read against the year the report plans.
    fn heading_period(&self, words: &str, kind: DocKind, plan_year: Option<i32>) -> Option<Period> {
        // 2017年至2021年工作回顾: several years.
        if let Some(c) = YEAR_RANGE.captures(words)
            && let (Ok(a), Ok(b)) = (c[1].parse::<i32>(), c[2].parse::<i32>())
            && (1..10).contains(&(b - a))
        {
            return Some(Period::years(a, (b - a + 1) as u8));
        }
        let years: Vec<i32> = meta::year_hits_known(words);
        if !years.is_empty() {
            // 2018年工作回顾 / 2019年工作任务; a review of 2020年和十三五 is 2020.
            let y = if kind == DocKind::Plan {
                *years.last()?
            } else {
                years[0]
            };
            return Some(Period::year_of(y));
        }
        // 过去一年和五年: the one year.
        let relative = self
            .relative
            .iter()
            .filter_map(|r| words.find(r.word.as_str()).map(|at| (at, r)))
            .min_by_key(|(at, r)| (r.years, *at))
            .map(|(_, r)| r);
        if let Some(r) = relative {
            let y = plan_year?;
            // 今年 in a review is the year just ended.
            let offset = if kind == DocKind::Summary && r.offset == 0 && r.years == 1 {
                -1
            } else {
                r.offset
            };
            return Some(Period::years(y + offset, r.years));
        }
        if let Some(e) = self.eras.iter().find(|e| words.contains(e.word.as_str())) {
            return Some(Period::years(e.start, (e.end - e.start + 1) as u8));
        }
        None
    }

    /// The parts of a report body: a review and a plan at least, each with
    /// its period; None when the body does not read as a work report.
    pub(crate) fn read(
        &self,
        kinds: &KindCues,
        text: &str,
        body_start: usize,
        end: usize,
        title: &str,
        opening: &str,
    ) -> Option<Vec<Part>> {
        text.get(body_start..end)?;
        let heads = self.headings(text, body_start, end);
        if heads.is_empty() {
            return None;
        }
        let mut stretches: Vec<Stretch> = Vec::new();
        if heads[0].start > body_start {
            stretches.push(Stretch {
                start: body_start,
                end: heads[0].start,
                heading: None,
                declared: Declared::Unknown,
                kind: DocKind::Other,
                period: None,
            });
        }
        for (i, h) in heads.iter().enumerate() {
            let s_end = heads.get(i + 1).map_or(end, |n| n.start);
            stretches.push(Stretch {
                start: h.start,
                end: s_end,
                declared: self.declared(&h.words),
                heading: Some(h.clone()),
                kind: DocKind::Other,
                period: None,
            });
        }
        // Kinds: declared ones as they say; an undeclared heading continues
        // the declared part before it, or before any reads its body.
        let mut last: Option<DocKind> = None;
        let mut after_other = false;
        for s in &mut stretches {
            s.kind = match s.declared {
                Declared::Review => DocKind::Summary,
                Declared::Plan => DocKind::Plan,
                Declared::Other => DocKind::Other,
                Declared::Unknown if s.heading.is_none() => {
                    // The opening: salutation and the meeting line, unless
                    // it is itself a long review.
                    wording_kind(kinds, &text[s.start..s.end])
                        .filter(|k| {
                            *k == DocKind::Summary
                                && text[s.start..s.end].chars().count() >= 3 * MIN_PART_CHARS
                        })
                        .unwrap_or(DocKind::Other)
                }
                Declared::Unknown | Declared::Both => match last {
                    Some(k) if !after_other => k,
                    _ => wording_kind(kinds, &text[s.start..s.end]).unwrap_or(DocKind::Other),
                },
            };
            if s.declared == Declared::Other {
                after_other = true;
            }
            if matches!(s.declared, Declared::Review | Declared::Plan) {
                last = Some(s.kind);
            }
        }
        // Both carry weight: a summary's closing paragraph on next year's
        // work (三、明年工作打算) stays in the summary.
        let body_chars = text[body_start..end].chars().count();
        let chars_of = |k: DocKind| {
            stretches
                .iter()
                .filter(|s| s.kind == k)
                .map(|s| text[s.start..s.end].chars().count())
                .sum::<usize>()
        };
        if chars_of(DocKind::Summary) < MIN_PART_CHARS.max(body_chars / 10)
            || chars_of(DocKind::Plan) < MIN_PART_CHARS.max(body_chars / 5)
        {
            return None;
        }
        // A report names its parts' periods (2018年工作回顾, 过去一年, 十四五):
        // a summary whose headings merely hold a plan word (以帮扶解困为重点)
        // is no report.
        let anchored = |k: DocKind| {
            stretches.iter().any(|s| {
                s.kind == k
                    && s.declared != Declared::Unknown
                    && s.heading
                        .as_ref()
                        .is_some_and(|h| self.names_period(&h.words))
            })
        };
        if !anchored(DocKind::Summary) || !anchored(DocKind::Plan) {
            return None;
        }
        // A review must come before the plan it leads to.
        let first_review = stretches.iter().position(|s| s.kind == DocKind::Summary)?;
        let last_plan = stretches.iter().rposition(|s| s.kind == DocKind::Plan)?;
        if first_review > last_plan {
            return None;
        }
        let plan_year = self
            .plan_year(&stretches, title, opening)
            .or_else(|| review_years(text, &stretches));
        // A heading of both words, or of neither, that names a period is a
        // plan when the period starts at the report's year or later
        // (“十五五”时期工作的主要考虑), a review when it ends before.
        if let Some(y) = plan_year {
            for s in stretches
                .iter_mut()
                .filter(|s| matches!(s.declared, Declared::Both | Declared::Unknown))
            {
                let period = s
                    .heading
                    .as_ref()
                    .and_then(|h| self.heading_period(&h.words, DocKind::Plan, Some(y)));
                if let Some(p) = period.and_then(|p| Some((p.year?, p.calendar_year()?))) {
                    s.kind = if p.0 >= y {
                        DocKind::Plan
                    } else if p.1 < y {
                        DocKind::Summary
                    } else {
                        s.kind
                    };
                }
            }
        }
        // Periods: each declared heading's own, else its kind's default
        // (a review covers the year before the plan year); an undeclared
        // heading shares the period of the part it continues.
        let mut prev: Option<(DocKind, Option<Period>)> = None;
        for s in &mut stretches {
            let named = s
                .heading
                .as_ref()
                .and_then(|h| self.heading_period(&h.words, s.kind, plan_year));
            s.period = match (s.declared, s.kind) {
                (_, DocKind::Other) => None,
                (Declared::Unknown | Declared::Both, k) => match prev {
                    Some((pk, pp)) if pk == k => named.or(pp),
                    _ => named.or_else(|| default_period(k, plan_year)),
                },
                (_, k) => named.or_else(|| default_period(k, plan_year)),
            };
            if s.kind != DocKind::Other {
                prev = Some((s.kind, s.period));
            }
        }
        // One part per run of the same kind and period.
        let mut parts: Vec<Part> = Vec::new();
        for s in stretches {
            if let Some(p) = parts.last_mut()
                && p.kind == s.kind
                && p.period == s.period
            {
                p.end = s.end;
                continue;
            }
            parts.push(Part {
                kind: s.kind,
                period: s.period,
                title: s.heading.map(|h| h.line),
                start: s.start,
                end: s.end,
            });
        }
        Some(parts)
    }

    /// The year the report plans: from a part heading's own year, else the
    /// report's date, else its title.
    fn plan_year(&self, stretches: &[Stretch], title: &str, opening: &str) -> Option<i32> {
        let named = |kind: DocKind| {
            stretches
                .iter()
                .filter(|s| {
                    s.kind == kind && matches!(s.declared, Declared::Review | Declared::Plan)
                })
                .filter_map(|s| s.heading.as_ref())
                .find_map(|h| {
                    if let Some(p) = self.heading_period(&h.words, kind, None)
                        && matches!(p.span, crate::document::PeriodSpan::Years(_))
                        && YEAR_RANGE.is_match(&h.words)
                    {
                        return if kind == DocKind::Plan {
                            p.year
                        } else {
                            p.calendar_year()
                        };
                    }
                    let ys = meta::year_hits_known(&h.words);
                    (!ys.is_empty()).then(|| {
                        if kind == DocKind::Plan {
                            ys[ys.len() - 1]
                        } else {
                            ys[0]
                        }
                    })
                })
        };
        if let Some(y) = named(DocKind::Plan) {
            return Some(y);
        }
        if let Some(y) = named(DocKind::Summary) {
            return Some(y + 1);
        }
        if let Some(y) = report_date_year(title).or_else(|| report_date_year(opening)) {
            return Some(y);
        }
        match meta::first_year(title, false) {
            Some(YearHit::Known(y)) => Some(if title.contains("总结") { y + 1 } else { y }),
            _ => None,
        }
    }

    /// Who delivers a report: 我代表XX向大会报告, or the meeting line
    /// (在XX市总工会第十五届委员会第三次全体会议上 → XX市总工会; 在XX区第五届
    /// 人民代表大会第三次会议上 → XX区人民政府).
    pub(crate) fn deliverer(&self, title: &str, opening: &str) -> Option<String> {
        let meeting = MEETING_LINE
            .captures(title)
            .or_else(|| MEETING_LINE.captures(opening))
            .and_then(|c| {
                let name = c.name("name")?.as_str().trim();
                let rest = c.name("rest")?.as_str();
                let m = self.meetings.iter().find(|m| rest.contains(m.as_str()))?;
                Some(if m == "人民代表大会" {
                    format!("{name}人民政府")
                } else {
                    name.to_string()
                })
            });
        // 我代表市总工会第十五届委员会常务委员会: the body after the name
        // is no part of it.
        let spoken = DELIVERED_BY
            .captures(opening)
            .and_then(|c| c.name("org"))
            .map(|m| m.as_str())
            .filter(|o| !o.contains('我'))
            .map(|o| o.find('第').map_or(o, |i| &o[..i]))
            .filter(|o| o.chars().count() >= 2);
        match spoken {
            // 省人民政府 names no province: the meeting line or the title does.
            Some(o) if is_bare_government(o) => meeting
                .or_else(|| {
                    PLACE_GOVERNMENT
                        .captures(title)
                        .map(|c| format!("{}人民政府", &c["place"]))
                })
                .or_else(|| Some(o.to_string())),
            Some(o) => Some(o.to_string()),
            None => meeting.or_else(|| {
                title.contains("政府工作报告").then(|| {
                    PLACE_GOVERNMENT
                        .captures(title)
                        .map(|c| format!("{}人民政府", &c["place"]))
                })?
            }),
        }
    }
}

/// 省人民政府, 市政府: a government named by its level alone.
pub(crate) fn is_bare_government(name: &str) -> bool {
    let rest = name
        .strip_suffix("人民政府")
        .or_else(|| name.strip_suffix("政府"))
        .unwrap_or(name);
    rest.is_empty() || (rest.chars().count() == 1 && "省市区县州旗".contains(rest))
}

/// The kind a stretch's wording reads as (completed actions against
/// intentions), if it reads as either.
fn wording_kind(kinds: &KindCues, s: &str) -> Option<DocKind> {
    let c = kinds.cues_of(&kinds.counts(s));
    meta::content_kind(&c).filter(|k| matches!(k, DocKind::Summary | DocKind::Plan))
}

fn default_period(kind: DocKind, plan_year: Option<i32>) -> Option<Period> {
    let y = plan_year?;
    match kind {
        DocKind::Summary => Some(Period::year_of(y - 1)),
        DocKind::Plan => Some(Period::year_of(y)),
        _ => None,
    }
}

/// The year a report plans when nothing names it: the year after the
/// latest year its review names twice or more (the review of 2012 writes
/// 2012年 in its figures), else after the latest it names.
fn review_years(text: &str, stretches: &[Stretch]) -> Option<i32> {
    let mut counts: Vec<(i32, usize)> = Vec::new();
    for s in stretches.iter().filter(|s| s.kind == DocKind::Summary) {
        for (y, n) in meta::year_counts(&text[s.start..s.end]) {
            match counts.iter_mut().find(|(v, _)| *v == y) {
                Some(c) => c.1 += n,
                None => counts.push((y, n)),
            }
        }
    }
    let twice = counts
        .iter()
        .filter(|(_, n)| *n >= 2)
        .map(|(y, _)| *y)
        .max();
    twice
        .or_else(|| counts.iter().map(|(y, _)| *y).max())
        .map(|y| y + 1)
}

/// The year a report's date line (2019年1月15日) says it plans: its own year,
/// or the next for a report of November or December.
fn report_date_year(s: &str) -> Option<i32> {
    let c = DATE.captures(s)?;
    let y = match meta::first_year(&format!("{}年", &c[1]), true)? {
        YearHit::Known(y) => y,
        YearHit::Unknown => return None,
    };
    let month = crate::lang::numeral::parse_number(&c[2]).unwrap_or(1.0) as i32;
    Some(if month >= 11 { y + 1 } else { y })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cues() -> (PartCues, KindCues) {
        let d = Dictionaries::embedded();
        (PartCues::new(&d), KindCues::new(&d))
    }

    fn parts(text: &str, title: &str) -> Option<Vec<(DocKind, String, String)>> {
        let (p, k) = cues();
        let opening: String = text.lines().take(8).collect::<Vec<_>>().join("\n");
        p.read(&k, text, 0, text.len(), title, &opening).map(|v| {
            v.into_iter()
                .map(|p| {
                    let first = text[p.start..p.end]
                        .lines()
                        .next()
                        .unwrap_or("")
                        .to_string();
                    (p.kind, p.period.map(|x| x.iso()).unwrap_or_default(), first)
                })
                .collect()
        })
    }

    const GOV: &str = "各位代表：\n现在，我代表市人民政府，向大会报告工作，请予审议。\n一、2021年工作回顾\n过去一年，我们完成了地区生产总值416.2亿元，同比增长6.1%。取得了显著成绩。新建了学校三所，开展了各项工作，累计投入资金十亿元，圆满完成了全年目标任务，各项事业取得新进展，人民生活持续改善，城乡居民收入稳步增长。\n（一）经济平稳运行。全年完成投资120亿元，比上年增长8%，成效明显。\n二、2022年工作总体要求和主要预期目标\n今年经济社会发展的主要预期目标是：地区生产总值增长6.5%左右，一般公共预算收入增长4%。我们要坚持稳中求进，力争完成各项目标。\n三、2022年重点工作\n（一）着力稳定经济大盘。要扩大有效投资，确保重点项目落地，力争全年完成投资130亿元以上。将继续推进改革，努力实现更高质量发展，确保各项任务落到实处。\n";

    #[test]
    fn a_government_report_is_review_then_plan() {
        let got = parts(GOV, "").expect("parts");
        let kinds: Vec<_> = got.iter().map(|(k, p, _)| (*k, p.as_str())).collect();
        assert_eq!(
            kinds,
            vec![
                (DocKind::Other, ""),
                (DocKind::Summary, "2021"),
                (DocKind::Plan, "2022")
            ]
        );
        assert!(got[2].2.starts_with("二、2022年"));
    }

    #[test]
    fn relative_headings_resolve_against_the_date() {
        let text = "（2022年1月20日）\n过去一年工作回顾\n一年来，我们完成了各项任务，取得了显著成绩，新建职工书屋20家，开展了送温暖活动，累计走访慰问困难职工1200人次，圆满完成了全年工作目标，各项工作取得新进展，得到了上级的充分肯定。\n今年主要任务\n今年要坚持稳中求进，力争新建职工书屋30家以上，确保困难职工帮扶全覆盖，将继续开展送温暖活动，努力推进工会改革，要加强基层组织建设，切实维护职工合法权益。\n";
        let got = parts(text, "XX市总工会工作报告").expect("parts");
        let kinds: Vec<_> = got.iter().map(|(k, p, _)| (*k, p.clone())).collect();
        assert_eq!(
            kinds,
            vec![
                (DocKind::Other, String::new()),
                (DocKind::Summary, "2021".into()),
                (DocKind::Plan, "2022".into())
            ]
        );
    }

    #[test]
    fn a_five_year_part_is_its_own() {
        let text = "一、2020年和十三五时期工作回顾\n五年来，我们完成了各项目标任务，取得了显著成绩，圆满完成了十三五规划确定的主要目标，开展了一系列改革，累计新增就业岗位十万个，人民生活水平显著提高，经济总量跃上新台阶。\n二、十四五时期主要目标任务\n今后五年，要坚持新发展理念，力争地区生产总值年均增长6%左右，确保各项目标实现，将推动高质量发展取得新突破，努力建设现代化经济体系，要持续改善民生。\n三、2021年重点工作\n今年要着力稳定经济增长，力争地区生产总值增长7%以上，确保就业稳定，将继续深化改革，要扩大开放，努力完成各项任务，切实保障和改善民生，推动经济社会持续健康发展。\n";
        let got = parts(text, "政府工作报告").expect("parts");
        let kinds: Vec<_> = got.iter().map(|(k, p, _)| (*k, p.clone())).collect();
        assert_eq!(
            kinds,
            vec![
                (DocKind::Summary, "2020".into()),
                (DocKind::Plan, "2021/2025".into()),
                (DocKind::Plan, "2021".into())
            ]
        );
    }

    #[test]
    fn numbered_parts_over_numbered_sections_and_year_ranges() {
        let review = "五年来，我们完成了各项目标任务，取得了显著成绩，新建职工书屋二十家，走访慰问困难职工一千二百人次，圆满完成了各项工作。";
        let plan = "今后五年，要坚持稳中求进，力争新建职工书屋三十家以上，确保困难职工帮扶全覆盖，将继续开展送温暖活动，努力推进工会改革。";
        let text = format!(
            "第一部分　2017年至2021年工作回顾\n一、聚焦中心任务，建功立业目标全面完成\n{review}\n二、坚持维权服务，职工权益得到保障\n{review}\n第二部分　今后五年的主要任务\n一、坚持政治引领，取得思想教育新成效\n{plan}\n二、深化改革创新\n{plan}\n"
        );
        let got = parts(&text, "工作报告").expect("parts");
        let kinds: Vec<_> = got.iter().map(|(k, p, _)| (*k, p.clone())).collect();
        assert_eq!(
            kinds,
            vec![
                (DocKind::Summary, "2017/2021".into()),
                (DocKind::Plan, "2022/2026".into())
            ]
        );
    }

    #[test]
    fn deliverers_from_the_opening_and_the_meeting_line() {
        let (p, _) = cues();
        assert_eq!(
            p.deliverer("", "各位代表：\n现在，我代表国务院，向大会报告政府工作")
                .as_deref(),
            Some("国务院")
        );
        assert_eq!(
            p.deliverer("", "——在清河市总工会第十五届委员会第三次全体会议上")
                .as_deref(),
            Some("清河市总工会")
        );
        assert_eq!(
            p.deliverer("", "——2022年1月5日在清河区第五届人民代表大会第一次会议上")
                .as_deref(),
            Some("清河区人民政府")
        );
        assert_eq!(
            p.deliverer(
                "2026年湖北省政府工作报告",
                "现在，我代表省人民政府，向大会报告工作"
            )
            .as_deref(),
            Some("湖北省人民政府"),
            "the province from the title"
        );
        assert!(is_bare_government("省人民政府") && !is_bare_government("湖北省人民政府"));
        assert_eq!(
            p.deliverer("", "现在，我们在这里召开第五届职代会")
                .as_deref(),
            None,
            "no name before the ordinal"
        );
    }

    #[test]
    fn a_plan_alone_has_no_parts() {
        let text = "一、指导思想\n以习近平新时代中国特色社会主义思想为指导，要坚持稳中求进，力争各项工作再上新台阶，将继续推进改革。\n二、主要任务\n（一）要加强组织建设，确保新建工会组织20家以上，力争会员发展2000人，将持续推进。\n";
        assert_eq!(parts(text, "2022年工作要点"), None);
    }
}
