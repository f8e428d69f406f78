//! Documents: the reports a cleaned file holds, with kind, year,
//! organisation and period.

//!
//! A file may hold one report, a collection (…6篇, (精选15篇)) whose items are
//! titled 篇1 / 第1篇: / (一), or several reports pasted one after the other,
//! each title often repeated two or three times. Titles are found line by
//! line; a title opens a document only when real body text follows it, so
//! collection headlines and link lists open nothing.

pub mod duplicate;
pub mod key;
mod meta;
pub mod overrides;
mod parts;

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use crate::clean::CleanText;
use crate::dict::Dictionaries;
use crate::lang::marker::starts_with_marker;
pub use duplicate::{DuplicateIndex, Fingerprint};
use key::OrgNamer;
pub use key::{DocKey, DocRef, OrgKey, OrgKind, OrgLevel, OrgSource, Period, PeriodSpan};
use meta::{BodyScan, BodyWords, KindCues, Orgs, YearHit};
pub use overrides::{OverrideError, PartOverride, apply_overrides, parse_overrides};
use parts::PartCues;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DocKind {
    Plan,
    Summary,
    Mixed,
    Other,
}

impl DocKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DocKind::Plan => "plan",
            DocKind::Summary => "summary",
            DocKind::Mixed => "mixed",
            DocKind::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<DocKind> {
        Some(match s {
            "plan" => DocKind::Plan,
            "summary" => DocKind::Summary,
            "mixed" => DocKind::Mixed,
            "other" => DocKind::Other,
            _ => return None,
        })
    }
}

/// A part of a `mixed` document: the summary of one period or the plan for
/// the next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub kind: DocKind,
    /// The period of the part (2017 for 2017年工作回顾, 2018 for 2018年工作打算).
    pub period: Option<Period>,
    /// The line that opens the part (e.g. 二〇一九年工作打算), if any.
    pub title: Option<String>,
    /// Byte range in the cleaned text.
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub title: String,
    /// Byte range of the title line in the cleaned text (empty when the
    /// document has no title line).
    pub title_start: usize,
    pub title_end: usize,
    pub kind: DocKind,
    /// The period the plan is for or the summary covers (of a mixed
    /// document: its first part's); None when the text names none.
    pub period: Option<Period>,
    /// The organisation the document speaks for; None when unknown.
    pub org: Option<OrgKey>,
    /// Byte range in the cleaned text: title line to the end of the body.
    pub start: usize,
    pub end: usize,
    /// Where the body (after the title lines) starts.
    pub body_start: usize,
    pub parts: Vec<Part>,
    /// What the opening of the body looks like, to find repeats.
    pub fingerprint: Fingerprint,
    /// The first document (of any input) this one repeats. Set by
    /// [`DocumentSplitter::split_file`] within one file and by a
    /// [`DuplicateIndex`] across the inputs of a run.
    pub duplicate_of: Option<DocRef>,
}

impl Part {
    /// The calendar year of the part.
    pub fn year(&self) -> Option<i32> {
        self.period.and_then(|p| p.calendar_year())
    }
}

impl Document {
    /// The kind that holds at a cleaned offset: the kind of the part it lies
    /// in (a mixed document's summary or plan), else the document's.
    pub fn kind_at(&self, offset: usize) -> DocKind {
        self.parts
            .iter()
            .find(|p| p.start <= offset && offset < p.end)
            .map_or(self.kind, |p| p.kind)
    }

    /// The calendar year the plan is for or the summary covers (see
    /// [`Period::calendar_year`]); None when unknown.
    pub fn year(&self) -> Option<i32> {
        self.period.and_then(|p| p.calendar_year())
    }

    /// The year that holds at a cleaned offset: the year of the part it lies
    /// in, else the document's.
    pub fn year_at(&self, offset: usize) -> Option<i32> {
        self.parts
            .iter()
            .find(|p| p.start <= offset && offset < p.end)
            .and_then(|p| p.year())
            .or(self.year())
    }

    /// The bare category of the organisation (县总工会, 机关工会), if any.
    pub fn org_category(&self) -> Option<&str> {
        self.org.as_ref().and_then(|o| o.category.as_deref())
    }
}

/// Splits a cleaned file into the documents it holds.
pub struct DocumentSplitter {
    orgs: Orgs,
    namer: OrgNamer,
    /// Kind, essay and period cues (`dictionaries/document_cues.txt`).
    kinds: KindCues,
    /// The words of `kinds` and `orgs` a body is searched for.
    body_words: BodyWords,
    /// The heading words of a work report's parts
    /// (`dictionaries/report_parts.txt`).
    part_cues: PartCues,
}

/// Lines after which the page holds no more report text.
const END_MARKS: &[&str] = &[
    "相关文档",
    "最新文档",
    "热门关注",
    "相关主题",
    "文本预览",
    "相关推荐",
    "猜你喜欢",
    "推荐阅读",
    "热门推荐",
    "热门文章",
    "相关文章",
    "相关范文",
    "精彩推荐",
];

const CN_NUM: &str = "[一二三四五六七八九十]{1,3}";

/// "2023年机关工会工作计划篇1", "1.中学教育工会工作计划 篇一"
static SUFFIX_PIAN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"^(.{{2,60}}?)\s*篇\s*(?:[0-9]{{1,2}}|{CN_NUM})$")).expect("regex")
});
/// "第1篇:街道总工会…"
static DI_PIAN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"^第(?:[0-9]{{1,2}}|{CN_NUM})篇\s*:?\s*")).expect("regex")
});
/// "2022年度学校工会工作计划(一)"
static PAREN_SUFFIX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^(.{{4,40}}?)\(({CN_NUM})\)$")).expect("regex"));
/// "街道总工会上半年工作总结2篇 第1篇:…": a collection headline and its
/// first item's title on one line.
static INLINE_DI: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^.{{2,40}}?(?:[0-9]{{1,2}}|{CN_NUM})篇\s*第(?:[0-9]{{1,2}}|{CN_NUM})篇\s*:\s*"
    ))
    .expect("regex")
});
/// "201x年委机关工会工作指导思想:以…": a title run into its first sentence.
static PREFIX_COLON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([^,，。:;!?]{4,30}?(?:指导思想|总体思路|工作思路|工作要点))是?:").expect("regex")
});
/// "2021年机关工会工作计划精选范文机关部门工会要…"
static PREFIX_FAN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([^,，。:;!?]{4,30}?(?:计划|总结|要点|打算|汇报|报告)[^,，。:;!?]{0,4}?(?:范文|模板|范本))")
        .expect("regex")
});
/// "2018年工作计划", "三、明年工作打算": a part of the report, not a new one.
static PART_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:[一二三四五六七八九十]+、)?(?P<y>\d{4}年度?|[一二][〇零一二三四五六七八九]{3}年度?|明年|下一年度?|今后|下一步|下步|新的一年)?的?(?:工会)?工作(?P<k>计划|打算|思路|要点|安排|设想|重点|回顾|总结)$",
    )
    .expect("regex")
});
/// "教育工会2018年工作以党的十八大精神…为指导": the plan of a new year
/// starting inside a summary.
static PART_SENTENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[^,，。]{0,14}?(?P<y>\d{4})年度?的?(?:工会)?工作(?:的)?(?:总体|思路|要|将|以|计划|打算|要点|重点|目标|指导思想)")
        .expect("regex")
});

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TitleSort {
    /// A whole line.
    Line,
    /// The start of a line whose rest is body text.
    Prefix,
    /// A collection item title after a headline on the same line.
    Inline,
    /// An item title of the file's collection.
    Collection,
}

#[derive(Debug, Clone)]
struct TitleCand {
    start: usize,
    end: usize,
    title: String,
    sort: TitleSort,
    /// Chars of body on the title's own line.
    rest_chars: usize,
}

#[derive(Debug, Clone)]
struct Open {
    cand: TitleCand,
    body_start: usize,
    body_chars: usize,
    long_line: bool,
}

/// Least body a title needs to open a document.
const MIN_BODY_CHARS: usize = 60;
/// Text before the first title that makes a document of its own: this many
/// chars, one line of them at least this long.
const LEADING_BODY_CHARS: usize = 200;
const LEADING_LINE_CHARS: usize = 40;
/// A title repeated after this much body is a new document.
const REPEAT_WINDOW_CHARS: usize = 200;

impl DocumentSplitter {
    pub fn new(dicts: &Dictionaries) -> DocumentSplitter {
        let orgs = Orgs::new(dicts.terms("orgs.txt"));
        let kinds = KindCues::new(dicts);
        DocumentSplitter {
            body_words: BodyWords::new(&kinds, &orgs),
            orgs,
            namer: OrgNamer::new(dicts.text("org_parts.txt")),
            kinds,
            part_cues: PartCues::new(dicts),
        }
    }

    /// Like [`split`](Self::split), for a file named `name`: a document
    /// whose text names no organisation takes one its file or folder name
    /// gives (`archive/青溪县总工会/2019总结.txt`).
    /// Documents that repeat an earlier one of the same file are marked.
    pub fn split_file(&self, text: &CleanText, name: &str) -> Vec<Document> {
        let mut docs = self.split(text);
        DuplicateIndex::new().mark(name, docs.iter_mut());
        let from_path = self.namer.path_name(name);
        if let Some(p) = from_path {
            for d in docs.iter_mut().filter(|d| d.kind != DocKind::Other) {
                let fits = match &d.org {
                    None => true,
                    Some(o) if o.source == OrgSource::Category => {
                        self.namer.classify(&p).1 == o.kind
                    }
                    Some(_) => false,
                };
                if fits {
                    let category = d.org.take().and_then(|o| o.category);
                    d.org = Some(self.namer.key(&p, category, OrgSource::Path));
                }
            }
        }
        docs
    }

    pub fn split(&self, text: &CleanText) -> Vec<Document> {
        let lines: Vec<(usize, usize, &str)> = text
            .lines
            .iter()
            .filter(|l| l.start <= l.end && text.text.get(l.start..l.end).is_some())
            .map(|l| (l.start, l.end, &text.text[l.start..l.end]))
            .collect();
        if lines.is_empty() {
            return Vec::new();
        }
        let collection = collection_pattern(&self.kinds, &lines);
        // The body starts on the line after a title line.
        let after = |le: usize| {
            if text.text[le..].starts_with('\n') {
                le + 1
            } else {
                le
            }
        };
        let mut raw: Vec<(Open, usize)> = Vec::new();
        let mut cur: Option<Open> = None;
        let close = |cur: &mut Option<Open>, at: usize, raw: &mut Vec<(Open, usize)>| {
            if let Some(d) = cur.take()
                && d.body_chars >= MIN_BODY_CHARS
                && d.long_line
            {
                raw.push((d, at));
            }
        };
        for &(ls, le, t) in &lines {
            if is_end_mark(t) {
                close(&mut cur, ls, &mut raw);
                continue;
            }
            let cand = match collection {
                Some(p) => collection_title(&self.kinds, p, ls, le, t),
                None => title_candidate(&self.kinds, ls, le, t),
            };
            if let Some(c) = cand {
                if let Some(d) = cur.as_mut() {
                    let repeat = d.body_chars < REPEAT_WINDOW_CHARS
                        && match c.sort {
                            TitleSort::Inline => false,
                            TitleSort::Collection => norm(&c.title) == norm(&d.cand.title),
                            _ => similar_titles(&c.title, &d.cand.title),
                        };
                    if repeat {
                        d.body_start = if c.rest_chars > 0 { c.end } else { after(le) };
                        d.body_chars += c.rest_chars;
                        d.long_line |= c.rest_chars >= 20;
                        continue;
                    }
                    // A title run into its first sentence right after another
                    // title is that document's opening line; a bare
                    // "2018年工作计划" inside a report opens a part of it.
                    let in_body = (c.sort == TitleSort::Prefix && d.body_chars < 150)
                        || (c.sort == TitleSort::Line && PART_LINE.is_match(t));
                    if in_body {
                        d.body_chars += t.chars().count();
                        d.long_line |= t.chars().count() >= 20;
                        continue;
                    }
                }
                close(&mut cur, c.start, &mut raw);
                let body_start = if c.rest_chars > 0 { c.end } else { after(le) };
                cur = Some(Open {
                    body_start,
                    body_chars: c.rest_chars,
                    long_line: c.rest_chars >= 20,
                    cand: c,
                });
                continue;
            }
            if let Some(d) = cur.as_mut() {
                let n = t.chars().count();
                d.body_chars += n;
                d.long_line |= n >= 20;
            }
        }
        close(&mut cur, text.text.len(), &mut raw);

        if raw.is_empty() {
            return vec![self.untitled(text, &lines, text.text.len())];
        }
        let first_start = raw[0].0.cand.start;
        let mut docs: Vec<Document> = raw
            .into_iter()
            .map(|(o, end)| self.finish(text, o, end, collection.is_some()))
            .collect();
        // Text before the first title (a report whose title comes late, a
        // review pasted above it) is a document of its own when it holds
        // real body text, so that no text is silently left out.
        let before: Vec<(usize, usize, &str)> = lines
            .iter()
            .copied()
            .take_while(|&(_, le, _)| le <= first_start)
            .collect();
        let chars: usize = before.iter().map(|(_, _, t)| t.chars().count()).sum();
        let long = before
            .iter()
            .any(|(_, _, t)| t.chars().count() >= LEADING_LINE_CHARS);
        if chars >= LEADING_BODY_CHARS && long {
            let mut lead = self.untitled(text, &before, first_start);
            // A collection's preamble (以下是小编为您推荐的…) is no report.
            if collection.is_some() {
                lead.kind = DocKind::Other;
                lead.parts.clear();
            }
            docs.insert(0, lead);
        }
        docs
    }

    /// A file without any recognisable title: one document, titled by its
    /// first line when that reads as a title.
    fn untitled(&self, text: &CleanText, lines: &[(usize, usize, &str)], end: usize) -> Document {
        let (ls, le, t) = lines[0];
        let titled = t.chars().count() <= 40 && !t.contains('。') && !starts_with_marker(t);
        let (title, ts, te, body_start) = if titled {
            (t.to_string(), ls, le, le)
        } else {
            (String::new(), ls, ls, ls)
        };
        let open = Open {
            cand: TitleCand {
                start: ts,
                end: te,
                title,
                sort: TitleSort::Line,
                rest_chars: 0,
            },
            body_start,
            body_chars: 0,
            long_line: false,
        };
        self.finish(text, open, end, false)
    }

    fn finish(&self, text: &CleanText, o: Open, end: usize, in_collection: bool) -> Document {
        let t = &text.text;
        let end = end.min(t.len());
        let body_start = o.body_start.min(end);
        let body = &t[body_start..end];
        let title = o.cand.title.clone();
        let head = opening(body);
        let scan = self.body_words.scan(body);
        let cues = self.kinds.cues_of(&scan.counts);
        let title_year = meta::first_year(&title, false);
        let head_year = meta::first_year(head, true);
        let known = |y: Option<YearHit>| match y {
            Some(YearHit::Known(v)) => Some(v),
            _ => None,
        };
        let mut doc = Document {
            title: title.clone(),
            title_start: o.cand.start,
            title_end: o.cand.end,
            kind: DocKind::Other,
            period: None,
            org: None,
            start: o.cand.start,
            end,
            body_start,
            parts: Vec::new(),
            fingerprint: Fingerprint::of(body),
            duplicate_of: None,
        };
        // Collections hold essays filed under 工作计划: papers, and items
        // whose title names no plan or report at all.
        let stem = strip_collection_affixes(&title);
        if cues.essay >= 1 || (in_collection && !self.kinds.has_kind_word(&stem)) {
            return doc;
        }
        let t_kind = self.kinds.title_kind(&stem);
        let c_kind = meta::content_kind(&cues);
        let year;
        // A work report's review and plan, read by meaning, when the
        // template reading (a summary with next year's plan after it)
        // finds no parts.
        let report_opening = report_opening(body);
        let report = || {
            if in_collection {
                None
            } else {
                self.part_cues
                    .read(&self.kinds, t, body_start, end, &title, report_opening)
            }
        };
        if let Some(parts) = find_parts(
            &self.kinds,
            t,
            body_start,
            end,
            &title,
            head_year,
            title_year,
        ) {
            doc.kind = DocKind::Mixed;
            year = parts.first().and_then(|p| p.year());
            doc.parts = parts;
        } else if let Some(parts) = report() {
            doc.kind = DocKind::Mixed;
            // The report's own year: the year its plan is for.
            doc.period = parts
                .iter()
                .filter(|p| p.kind == DocKind::Plan)
                .filter_map(|p| p.period)
                .find(|p| p.span == PeriodSpan::Year)
                .or_else(|| {
                    // A plan of several years only: the year it starts,
                    // never the review's period.
                    parts
                        .iter()
                        .filter(|p| p.kind == DocKind::Plan)
                        .find_map(|p| p.period?.year.map(Period::year_of))
                });
            doc.parts = parts;
            let category = self.org(&stem, body, &scan, head, in_collection);
            // Who delivers the report (我代表…, the meeting line) names it
            // better than a union mentioned in its text; a government named
            // by its level alone (省人民政府) is a category.
            // Who delivers it is said before the review starts (after
            // whatever page furniture precedes it).
            let review_at = doc
                .parts
                .iter()
                .find(|p| p.kind != DocKind::Other)
                .map_or(body_start, |p| p.start);
            let mut upto = (review_at + 600)
                .min(end)
                .max(body_start + report_opening.len());
            upto = upto.min(body_start + 20_000).min(end);
            while !t.is_char_boundary(upto) {
                upto -= 1;
            }
            // A name that says only a level (省人民政府, 市总工会第十五届
            // 委员会) names no one: the title's or the text's name then.
            let named = self.org_key(&stem, body, head, category.clone());
            doc.org = match self.part_cues.deliverer(&title, &t[body_start..upto]) {
                Some(n) if parts::is_bare_government(&n) || self.namer.is_generic(&n) => named
                    .filter(|o| o.is_named())
                    .or_else(|| Some(self.namer.key(&n, Some(n.clone()), OrgSource::Category))),
                Some(n) => Some(self.namer.key(&n, category, OrgSource::Opening)),
                None => named,
            };
            return doc;
        } else {
            doc.kind = match (t_kind, c_kind) {
                (Some(a), Some(b)) if a != b && in_collection => b,
                (Some(a), _) => a,
                (None, Some(b)) => b,
                (None, None) if !in_collection => news_kind(&cues, body),
                (None, None) => DocKind::Other,
            };
            year = match title_year {
                Some(y) => known(Some(y)),
                None if t_kind.is_none() && c_kind.is_none() && doc.kind != DocKind::Other => {
                    news_year(doc.kind, body).or(known(head_year))
                }
                None => known(head_year),
            };
        }
        let category = self.org(&stem, body, &scan, head, in_collection);
        doc.org = self.org_key(&stem, body, head, category);
        // A title's own year or period wins over what the opening says (a
        // 2017 report may mention its first half).
        let school_term = self
            .kinds
            .explicit_period(head)
            .filter(|p| matches!(*p, "学期" | "学年"));
        let label = self
            .kinds
            .explicit_period(&stem)
            .map(|p| (p, stem.as_str()))
            .or_else(|| {
                title_year
                    .is_some()
                    .then(|| school_term.map_or(("全年", ""), |p| (p, head)))
            })
            .or_else(|| self.kinds.explicit_period(head).map(|p| (p, head)))
            .or_else(|| scan.mentions_year(body).then_some(("全年", "")))
            .or_else(|| year.map(|_| ("全年", "")));
        doc.period = label.map(|(l, at)| key::period_of(l, at, year));
        doc
    }

    /// The organisation's key: a name the title, the signature or the
    /// opening writes, else the category.
    fn org_key(
        &self,
        title: &str,
        body: &str,
        head: &str,
        category: Option<String>,
    ) -> Option<OrgKey> {
        if let Some((_, n)) = self.namer.proper_name(title, true) {
            return Some(self.namer.key(&n, category, OrgSource::Title));
        }
        if let Some(n) = self.signature(body) {
            return Some(self.namer.key(&n, category, OrgSource::Signature));
        }
        let opening = self
            .namer
            .names(head, false)
            .into_iter()
            .find(|(_, e, n)| !self.namer.is_generic(n) && !led_by(&head[*e..]));
        if let Some((_, _, n)) = opening {
            return Some(self.namer.key(&n, category, OrgSource::Opening));
        }
        let c = category?;
        Some(self.namer.key(&c, Some(c.clone()), OrgSource::Category))
    }

    /// An organisation's name standing alone on one of the last lines of a
    /// body, above or below the date.
    fn signature(&self, body: &str) -> Option<String> {
        body.lines()
            .rev()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .take(4)
            .find_map(|l| {
                let names = self.namer.names(l, true);
                let (s, e, n) = names.first()?;
                (*s == 0 && *e == l.len() && l.chars().count() <= 30 && !self.namer.is_generic(n))
                    .then(|| n.clone())
            })
    }

    /// The organisation a document speaks for: the one its title names when
    /// the body bears it out, else the one the body names most.
    fn org(
        &self,
        title: &str,
        body: &str,
        scan: &BodyScan,
        head: &str,
        in_collection: bool,
    ) -> Option<String> {
        let from_title = self.orgs.find(title);
        let mut counts: Vec<(&str, usize, usize)> = Vec::new();
        // Each mention counted once, at its most specific name.
        for (pos, len, canon) in self.orgs.mentions_in(scan) {
            if !superior(&body[pos + len..]) {
                match counts.iter_mut().find(|(c, _, _)| *c == canon) {
                    Some(e) => e.1 += 1,
                    None => counts.push((canon, 1, pos)),
                }
            }
        }
        let body_best = counts
            .iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.2.cmp(&a.2)))
            .map(|(c, n, _)| (c.to_string(), *n));
        if let Some(t) = &from_title
            && counts.iter().any(|(c, _, _)| c == t)
        {
            return from_title;
        }
        // A collection's item titles are generic ("2023年机关工会工作计划篇6"
        // over a county education union's report): its own opening names
        // the organisation better.
        if in_collection {
            if let Some(h) = self.orgs.find(head) {
                return Some(h);
            }
            if let Some((b, n)) = &body_best
                && *n >= 2
            {
                return Some(b.clone());
            }
        }
        from_title.or(body_best.map(|(b, _)| b))
    }
}

/// Whether an organisation named just before `after` leads the writer
/// ("在市总工会的指导帮助下"); stricter than [`superior`], which also takes
/// "…工会工作以…为指导" for it.
fn led_by(after: &str) -> bool {
    let clause: String = after
        .chars()
        .take_while(|c| !matches!(c, ',' | '，' | '。' | ';' | '\n'))
        .take(16)
        .collect();
    ["领导下", "指导下", "的领导", "的指导", "的关心", "支持下"]
        .iter()
        .any(|w| clause.contains(w))
}

/// Whether an organisation named just before `after` is the one that leads
/// the writer ("在党支部和镇总工会领导下"), not the writer itself.
fn superior(after: &str) -> bool {
    let clause: String = after
        .chars()
        .take_while(|c| !matches!(c, ',' | '，' | '。' | ';' | '\n'))
        .take(16)
        .collect();
    ["领导", "指导", "关心", "支持下"]
        .iter()
        .any(|w| clause.contains(w))
}

fn is_end_mark(t: &str) -> bool {
    t.starts_with("上一篇")
        || t.starts_with("下一篇")
        || (t.chars().count() <= 12 && END_MARKS.iter().any(|m| t.starts_with(m)))
}

/// The first lines of a body: where a report says which year and which
/// period it covers.
fn opening(body: &str) -> &str {
    let mut end = 0;
    for (n, line) in body.split_inclusive('\n').enumerate() {
        end += line.len();
        if n >= 2 || end >= 300 {
            break;
        }
    }
    let mut cut = end.min(body.len()).min(600);
    while !body.is_char_boundary(cut) {
        cut -= 1;
    }
    &body[..cut]
}

/// A news item is short.
const NEWS_MAX_CHARS: usize = 3000;

/// The kind of a short text no title names (a news item on a union's work):
/// what its wording leans to, plans (今年将新建…) or results (全部完成).
fn news_kind(cues: &meta::Cues, body: &str) -> DocKind {
    if body.chars().count() > NEWS_MAX_CHARS {
        return DocKind::Other;
    }
    if cues.plan >= 2.0 && cues.plan > 1.2 * cues.summary {
        DocKind::Plan
    } else if cues.summary >= 2.0 && cues.summary > 1.2 * cues.plan {
        DocKind::Summary
    } else {
        DocKind::Other
    }
}

/// The year a news item's plan is for (the latest it names, 部署2025年工作
/// after 总结2024年工作) or its results cover (the one it names most), far
/// goal years aside.
fn news_year(kind: DocKind, body: &str) -> Option<i32> {
    let counts = meta::year_counts(body);
    let common = counts
        .iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(y, _)| *y)?;
    Some(match kind {
        DocKind::Plan => counts
            .iter()
            .map(|(y, _)| *y)
            .filter(|y| *y <= common + 1)
            .max()
            .unwrap_or(common),
        _ => common,
    })
}

/// The lines of a body where a report says who delivers it and when (a
/// date, a meeting line, 我代表…向大会报告): its first eight lines.
fn report_opening(body: &str) -> &str {
    let mut end = 0;
    for (n, line) in body.split_inclusive('\n').enumerate() {
        if n >= 8 || end + line.len() > 1500 {
            break;
        }
        end += line.len();
    }
    &body[..end]
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Collection {
    SuffixPian,
    DiPian,
    ParenSuffix,
}

/// The way the file numbers its collection items, when two lines or more
/// follow one.
fn collection_pattern(kinds: &KindCues, lines: &[(usize, usize, &str)]) -> Option<Collection> {
    let count = |p: Collection| {
        lines
            .iter()
            .filter(|(s, e, t)| collection_title(kinds, p, *s, *e, t).is_some())
            .count()
    };
    [
        Collection::SuffixPian,
        Collection::DiPian,
        Collection::ParenSuffix,
    ]
    .into_iter()
    .find(|&p| count(p) >= 2)
}

fn collection_title(
    kinds: &KindCues,
    p: Collection,
    ls: usize,
    le: usize,
    t: &str,
) -> Option<TitleCand> {
    let whole = |title: &str| TitleCand {
        start: ls,
        end: le,
        title: title.to_string(),
        sort: TitleSort::Collection,
        rest_chars: 0,
    };
    // Each pattern is tried on every line of the file: a char it needs
    // rejects most lines before the regex runs.
    match p {
        Collection::SuffixPian => (t.contains('篇')
            && t.chars().count() <= 60
            && SUFFIX_PIAN.is_match(t)
            && !t.contains('。'))
        .then(|| whole(t)),
        Collection::ParenSuffix => {
            if !t.ends_with(')') {
                return None;
            }
            let c = PAREN_SUFFIX.captures(t)?;
            let stem = c.get(1)?.as_str();
            (kinds.has_kind_word(stem) && !starts_with_marker(t)).then(|| whole(t))
        }
        Collection::DiPian => {
            if !t.starts_with('第') {
                return None;
            }
            let m = DI_PIAN.find(t)?;
            let rest = &t[m.end()..];
            let title_len = title_span(rest);
            if title_len == 0 {
                return Some(whole(t));
            }
            let end = ls + m.end() + title_len;
            Some(TitleCand {
                start: ls,
                end,
                title: t[..m.end() + title_len].trim().to_string(),
                sort: TitleSort::Collection,
                rest_chars: t[m.end() + title_len..].trim().chars().count(),
            })
        }
    }
}

/// Length of a title at the start of `s`: up to a gap, a sentence mark, or
/// 40 chars.
fn title_span(s: &str) -> usize {
    let mut end = 0;
    for (n, (i, c)) in s.char_indices().enumerate() {
        if n >= 40 || matches!(c, ' ' | ',' | '，' | '。' | ':' | ';') {
            return i;
        }
        end = i + c.len_utf8();
    }
    end
}

/// A title outside a numbered collection.
fn title_candidate(kinds: &KindCues, ls: usize, le: usize, t: &str) -> Option<TitleCand> {
    // INLINE_DI needs a 篇: most lines skip the regex.
    if let Some(m) = t.contains('篇').then(|| INLINE_DI.find(t)).flatten() {
        let rest = &t[m.end()..];
        let len = title_span(rest);
        if len > 0 {
            let s = ls + m.end();
            return Some(TitleCand {
                start: s,
                end: s + len,
                title: rest[..len].to_string(),
                sort: TitleSort::Inline,
                rest_chars: rest[len..].trim().chars().count(),
            });
        }
    }
    let n = t.chars().count();
    if (4..=40).contains(&n)
        && !t.contains(['。', ',', '，', ';', '；', ':', '›', '>', '|'])
        && !t.starts_with(['-', '—', '_'])
        && !t.contains("http")
        && !starts_with_marker(t)
        && kinds.has_kind_word(t)
        && title_like(t)
    {
        return Some(TitleCand {
            start: ls,
            end: le,
            title: t.to_string(),
            sort: TitleSort::Line,
            rest_chars: 0,
        });
    }
    if n > 40 {
        let c = PREFIX_COLON
            .captures(t)
            .or_else(|| PREFIX_FAN.captures(t))?;
        let m = c.get(1)?;
        if m.as_str().contains("工会") && kinds.has_kind_word(m.as_str()) {
            return Some(TitleCand {
                start: ls,
                end: ls + m.end(),
                title: m.as_str().to_string(),
                sort: TitleSort::Prefix,
                rest_chars: t[m.end()..].chars().count(),
            });
        }
    }
    None
}

/// A short line with a kind word is a title when it names who or when, or
/// is a report's title; "每月工作安排" is a heading.
fn title_like(t: &str) -> bool {
    t.contains("工会")
        || meta::has_year(t, false)
        || ["年度", "半年", "年终", "总结", "汇报", "报告", "述职"]
            .iter()
            .any(|w| t.contains(w))
}

/// A title without the decorations collections add: list number, 篇N,
/// (一), (8篇), 范文 …
fn strip_collection_affixes(title: &str) -> String {
    static LEAD: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:[0-9]{1,2}[.、]|\([0-9一二三四五六七八九十]{1,3}篇\)|第[0-9一二三四五六七八九十]{1,3}篇:?)\s*").expect("regex")
    });
    static TAIL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\s*(?:篇\s*(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})|\([一二三四五六七八九十]{1,3}\)|\((?:精选)?[0-9一二三四五六七八九十]{1,3}篇\))$").expect("regex")
    });
    let t = LEAD.replace(title.trim(), "");
    TAIL.replace(&t, "").trim().to_string()
}

fn norm(t: &str) -> String {
    t.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The same title written twice, perhaps with a year or 范文 added.
fn similar_titles(a: &str, b: &str) -> bool {
    let (a, b) = (norm(a), norm(b));
    let (short, long) = if a.chars().count() <= b.chars().count() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    if short.chars().count() >= 4 && long.contains(short.as_str()) {
        return true;
    }
    let bigrams = |s: &str| -> HashSet<(char, char)> {
        let cs: Vec<char> = s.chars().collect();
        cs.windows(2).map(|w| (w[0], w[1])).collect()
    };
    let (x, y) = (bigrams(&a), bigrams(&b));
    let inter = x.intersection(&y).count();
    let union = x.union(&y).count();
    union > 0 && inter * 10 >= union * 7
}

/// Splits a report on one year from the plan for the next, when its body
/// holds both ("2017年…取得了… 教育工会2018年工作以…为指导").
fn find_parts(
    kinds: &KindCues,
    text: &str,
    body_start: usize,
    end: usize,
    title: &str,
    head_year: Option<YearHit>,
    title_year: Option<YearHit>,
) -> Option<Vec<Part>> {
    let body = text.get(body_start..end)?;
    let past = match (head_year, title_year) {
        (Some(YearHit::Known(y)), _) => y,
        (_, Some(YearHit::Known(y))) => y,
        _ => return None,
    };
    let body_chars = body.chars().count();
    // The summary part's cues and length, brought up to date only when a
    // line asks for them, so the body is read once however many lines name
    // a later year.
    let mut prefix_cues = meta::CueCounts::default();
    let mut cues_upto = 0;
    let mut prefix_chars = 0;
    let mut pos = 0;
    for (n, line) in body.split_inclusive('\n').enumerate() {
        let at = pos;
        pos += line.len();
        let before_chars = prefix_chars;
        prefix_chars += line.chars().count();
        let l = line.trim_end();
        if n == 0 || l.is_empty() {
            continue;
        }
        let short = l.chars().count() <= 24 && !l.contains('。');
        let year = if short {
            PART_LINE.captures(l).and_then(|c| {
                let k = c.name("k")?.as_str();
                if matches!(k, "回顾" | "总结") {
                    return None;
                }
                match c.name("y").map(|y| y.as_str()) {
                    Some(y) if y.starts_with("明年") || y.starts_with("下一年") => {
                        Some(past + 1)
                    }
                    Some(y) => match meta::first_year(y, false) {
                        Some(YearHit::Known(v)) => Some(v),
                        _ => None,
                    },
                    None => None,
                }
            })
        } else {
            PART_SENTENCE
                .captures(l)
                .and_then(|c| c.name("y")?.as_str().parse::<i32>().ok())
        };
        let Some(next) = year else { continue };
        if next <= past {
            continue;
        }
        let summary_text = &body[..at];
        prefix_cues.add(&kinds.counts(&body[cues_upto..at]));
        cues_upto = at;
        let c = kinds.cues_of(&prefix_cues);
        let past_kind = kinds.title_kind(title) == Some(DocKind::Summary)
            || meta::content_kind(&c) == Some(DocKind::Summary)
            || c.summary > c.plan;
        if !past_kind {
            continue;
        }
        // A closing paragraph on next year's work is still part of the
        // summary; a plan part carries real weight.
        let plan_chars = body_chars - before_chars;
        // Unless the title announces both (2021年工作总结暨2022年工作打算):
        // then a short plan part is still the plan.
        let announced = title_announces_both(kinds, title);
        if !announced && (plan_chars < 200 || plan_chars * 5 < body_chars) {
            continue;
        }
        let opener = body_start + at;
        // "一、2017年工作回顾" opens the summary part when there is one.
        let (s_start, s_title) = summary_opener(summary_text)
            .map_or((body_start, None), |(o, t)| (body_start + o, Some(t)));
        return Some(vec![
            Part {
                kind: DocKind::Summary,
                period: Some(Period::year_of(past)),
                title: s_title,
                start: s_start,
                end: opener,
            },
            Part {
                kind: DocKind::Plan,
                period: Some(Period::year_of(next)),
                title: short.then(|| l.to_string()),
                start: opener,
                end,
            },
        ]);
    }
    None
}

/// Whether a title names a summary and a plan of two years joined
/// (总结暨…打算, 总结及…计划).
fn title_announces_both(kinds: &KindCues, title: &str) -> bool {
    title.matches('年').count() >= 2 && kinds.announces_both(title)
}

/// The line of a summary that announces it ("一、2017年工作回顾"): offset and
/// text.
fn summary_opener(s: &str) -> Option<(usize, String)> {
    let mut pos = 0;
    for line in s.split_inclusive('\n') {
        let at = pos;
        pos += line.len();
        let l = line.trim_end();
        if l.chars().count() <= 24
            && let Some(c) = PART_LINE.captures(l)
            && c.name("k")
                .is_some_and(|k| matches!(k.as_str(), "回顾" | "总结"))
        {
            return Some((at, l.to_string()));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> (CleanText, Vec<Document>) {
        let ct = CleanText::from_plain(text);
        let docs = DocumentSplitter::new(&Dictionaries::embedded()).split(&ct);
        (ct, docs)
    }

    const PLAN_BODY: &str = "一、加强组织建设,要进一步完善工会组织,确保各项工作落到实处,继续做好会员发展工作。\n二、开展文体活动,将组织职工运动会,力争全员参与,要丰富职工业余生活。\n";
    const SUMMARY_BODY: &str = "一、组织建设,一年来我们开展了会员发展工作,取得了明显成效,完成了换届。\n二、文体活动,举办了职工运动会,组织了书画展,取得了好成绩。\n";

    #[test]
    fn collection_items_are_documents_headline_is_not() {
        let text = format!(
            "2023年机关工会工作计划3篇\n工作计划可以帮助我们更好地安排工作。\n2023年机关工会工作计划篇1\n{PLAN_BODY}2023年机关工会工作计划篇2\n{PLAN_BODY}2023年机关工会工作计划篇3\n{SUMMARY_BODY}"
        );
        let ct = CleanText::from_plain(&text);
        let docs = DocumentSplitter::new(&Dictionaries::embedded()).split_file(&ct, "f.txt");
        let titles: Vec<&str> = docs.iter().map(|d| d.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "2023年机关工会工作计划篇1",
                "2023年机关工会工作计划篇2",
                "2023年机关工会工作计划篇3"
            ]
        );
        assert!(docs.iter().all(|d| d.year() == Some(2023)));
        assert_eq!(docs[0].org_category(), Some("机关工会"));
        assert_eq!(docs[0].kind, DocKind::Plan);
        assert_eq!(docs[0].period.map(|p| p.label()), Some("全年"));
        // The same 范文 posted twice.
        assert_eq!(
            docs[1].duplicate_of,
            Some(DocRef {
                file: "f.txt".into(),
                doc: 0
            })
        );
        assert_eq!(docs[2].duplicate_of, None);
    }

    #[test]
    fn numbered_collection_titles_and_paren_items() {
        let text = format!(
            "中学教育工会工作计划(精选2篇)\n1.中学教育工会工作计划 篇一\n{PLAN_BODY}2.中学工会工作报告 篇二\n{SUMMARY_BODY}"
        );
        let (_, docs) = split(&text);
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].title, "1.中学教育工会工作计划 篇一");
        assert_eq!(docs[1].kind, DocKind::Summary);
        let text = format!(
            "2022年度学校工会工作计划精选2篇\n2022年度学校工会工作计划(一)\n{PLAN_BODY}2022年度学校工会工作计划(二)\n{SUMMARY_BODY}热门关注\n公司工会2022年工作计划\n工作计划\n街道办2022年工作计划\n工作计划\n"
        );
        let (_, docs) = split(&text);
        assert_eq!(docs.len(), 2, "a link list opens no document");
        assert_eq!(docs[1].title, "2022年度学校工会工作计划(二)");
        assert_eq!(docs[0].org_category(), Some("学校工会"));
    }

    #[test]
    fn repeated_title_is_one_document() {
        let text = format!(
            "县总工会2017年文明创建工作总结\n县总工会2017年文明创建工作总结\n最近发表了一篇名为《县总工会2017年文明创建工作总结》的范文,感觉很有用处。\n县总工会2017年文明创建工作总结\n{SUMMARY_BODY}房山镇困难职工帮扶中心工作总结\n2011年房山镇困难职工帮扶中心工作总结 {SUMMARY_BODY}"
        );
        let (ct, docs) = split(&text);
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].title_start, 0);
        assert_eq!(docs[0].kind, DocKind::Summary);
        assert_eq!(docs[0].org_category(), Some("县总工会"));
        // The body starts after the last copy of the title, past the blurb.
        assert!(ct.text[docs[0].body_start..].starts_with("一、组织建设"));
        assert_eq!(docs[1].title, "房山镇困难职工帮扶中心工作总结");
        assert_eq!(docs[1].year(), Some(2011), "year from the first lines");
        assert!(docs[0].end <= docs[1].start);
    }

    #[test]
    fn inline_item_title_after_headline() {
        let text = format!(
            "街道总工会上半年工作总结2篇\n街道总工会上半年工作总结2篇 第1篇:街道总工会2016上半年工作总结 20XX年上半年,街道总工会开展了工作,取得了成效。{SUMMARY_BODY}"
        );
        let (_, docs) = split(&text);
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].title, "街道总工会2016上半年工作总结");
        assert_eq!(docs[0].year(), Some(2016));
        assert_eq!(docs[0].period.map(|p| p.label()), Some("上半年"));
        assert_eq!(docs[0].org_category(), Some("街道总工会"));
    }

    #[test]
    fn placeholder_and_chinese_years() {
        let (_, docs) = split(&format!("20xx年机关工会工作计划\n{PLAN_BODY}"));
        assert_eq!(docs[0].year(), None);
        let (_, docs) = split(&format!("二〇一八年县总工会工作要点\n{PLAN_BODY}"));
        assert_eq!(docs[0].year(), Some(2018));
        assert_eq!(docs[0].kind, DocKind::Plan);
    }

    #[test]
    fn a_title_naming_both_parts_keeps_a_short_plan_part() {
        // The plan part is one line of six: too light to split a summary
        // whose title says nothing, a part of its own under this title.
        let body = SUMMARY_BODY.repeat(6);
        let text = format!(
            "桐溪市林业局机关工会2021年工作总结暨2022年工作打算\n2021年,机关工会开展了各项工作。\n一、2021年工作回顾\n{body}二、2022年工作打算\n2022年,机关工会将组织职工运动会,力争全员参与,要进一步完善工会组织,继续做好会员发展工作,确保各项工作落到实处,丰富职工业余生活。\n"
        );
        let (_, docs) = split(&text);
        assert_eq!(docs[0].kind, DocKind::Mixed);
        assert_eq!(docs[0].parts[1].kind, DocKind::Plan);
        assert_eq!(docs[0].parts[1].year(), Some(2022));
        let plain = text.replacen("总结暨2022年工作打算", "总结", 1);
        let (_, docs) = split(&plain);
        assert_eq!(
            docs[0].kind,
            DocKind::Summary,
            "no announcing title: one summary"
        );
        let kinds = KindCues::new(&Dictionaries::embedded());
        assert!(title_announces_both(
            &kinds,
            "X2019年工作总结及2020年工作计划"
        ));
        assert!(!title_announces_both(&kinds, "X2019年工作总结"));
    }

    #[test]
    fn mixed_summary_then_plan() {
        let text = format!(
            "清河县第一中学工会2017年工作总结暨2018年工作打算\n2017年,校工会开展了各项工作。\n一、2017年工作回顾\n{SUMMARY_BODY}{SUMMARY_BODY}二、2018年工作打算\n{PLAN_BODY}{PLAN_BODY}{PLAN_BODY}"
        );
        let (ct, docs) = split(&text);
        assert_eq!(docs.len(), 1);
        let d = &docs[0];
        assert_eq!(d.kind, DocKind::Mixed);
        assert_eq!(d.year(), Some(2017));
        assert_eq!(d.parts.len(), 2);
        assert_eq!(
            (d.parts[0].kind, d.parts[0].year()),
            (DocKind::Summary, Some(2017))
        );
        assert_eq!(
            (d.parts[1].kind, d.parts[1].year()),
            (DocKind::Plan, Some(2018))
        );
        assert!(ct.text[d.parts[1].start..].starts_with("二、2018年工作打算"));
        assert_eq!(d.year_at(d.parts[1].start + 3), Some(2018));
        assert_eq!(d.year_at(d.parts[0].start), Some(2017));
        assert_eq!(d.org_category(), Some("学校工会"));
    }

    #[test]
    fn closing_paragraph_on_next_year_stays_a_summary() {
        let text = format!(
            "清河县总工会2018年工作总结\n2018年,县总工会开展了工作。\n{SUMMARY_BODY}{SUMMARY_BODY}三、2019年工作思路\n2019年要继续努力。\n"
        );
        let (_, docs) = split(&text);
        assert_eq!(docs[0].kind, DocKind::Summary);
        assert!(docs[0].parts.is_empty());
    }

    #[test]
    fn essays_in_collections_are_other() {
        let text = format!(
            "工会工作计划3篇\n1.工会工作计划 篇一\n{PLAN_BODY}2.工会工作计划 篇二\n关键词:工会,创新\n随着改革的深入,工会宣传工作面临新的形势,需要认真研究。工会宣传工作是全党宣传工作的重要组成部分。\n参考文献\n[1]某某.工会管理.\n3.加强和规范工会经审工作 篇三\n{PLAN_BODY}"
        );
        let (_, docs) = split(&text);
        let kinds: Vec<DocKind> = docs.iter().map(|d| d.kind).collect();
        assert_eq!(kinds, [DocKind::Plan, DocKind::Other, DocKind::Other]);
        assert_eq!(docs[1].year(), None);
        assert_eq!(docs[1].org, None);
    }

    #[test]
    fn untitled_text_is_one_document() {
        let (_, docs) = split("我们开展了很多工作,取得了成效。\n");
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].title, "");
        assert_eq!(docs[0].title_start, docs[0].title_end);
        let (_, docs) = split("");
        assert!(docs.is_empty());
    }

    #[test]
    fn text_before_the_first_title_is_a_document_of_its_own() {
        let review = "过去一年，全市各级工会团结带领广大职工，完成了各项目标任务，新建职工书屋二十家，走访慰问困难职工一千二百人次，发放帮扶资金三百万元。".repeat(4);
        let plan = "一、加强思想政治引领。要深入开展理论宣讲，力争全年举办宣讲活动一百场以上。\n二、维护职工合法权益。要推进集体协商，确保建会企业签订率达到百分之九十以上。\n";
        let text = format!("{review}\n清河市总工会2022年工作要点\n{plan}");
        let (t, docs) = split(&text);
        assert_eq!(docs.len(), 2, "{docs:?}");
        assert_eq!(docs[0].start, 0);
        assert_eq!(docs[1].title, "清河市总工会2022年工作要点");
        assert_eq!(docs[0].end, docs[1].start, "nothing between them");
        // A short site line before a title stays out.
        let (_, docs) = split(&format!(
            "首页 > 工作计划\n清河市总工会2022年工作要点\n{plan}"
        ));
        assert_eq!(docs.len(), 1);
        let _ = t;
    }

    #[test]
    fn a_news_item_on_a_unions_plans_is_a_plan_of_its_year() {
        let news = "清河市总工会部署2022年重点工作\n1月10日，清河市总工会召开全委会，总结2021年工作，部署2022年工作。会议要求，今年全市各级工会将新建职工书屋100家，力争新建工会组织200家以上，要确保困难职工帮扶全覆盖，将继续开展送温暖活动。\n";
        let (_, docs) = split(news);
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].kind, DocKind::Plan);
        assert_eq!(docs[0].year(), Some(2022));
    }

    #[test]
    fn odd_input_does_not_panic() {
        for t in [
            "篇1\n篇2\n",
            "第1篇:\n第2篇:\n",
            "(一)\n(二)\n",
            "一、\n1.\n",
            "工会\u{0}计划\n",
        ] {
            let _ = split(t);
        }
    }
}
