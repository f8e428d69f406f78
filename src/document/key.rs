//! Document keys: which organisation a document speaks for ([`OrgKey`]) and
//! which period it covers ([`Period`]), so documents of the same
//! organisation and period can be grouped by a machine ([`DocKey`]).
//!
//! **Organisation.** The name is the organisation's full name as written
//! (清河县总工会, 金河大学工会, 江州市财政局机关工会), found in the title, else in
//! the signature at the end, else in the opening lines. A name made only of
//! generic words (县总工会, 局机关工会, 公司工会) names no one in particular: the
//! key then holds the bare category ([`OrgSource::Category`]), and when even
//! that is missing, a name in the file or folder path ([`OrgSource::Path`],
//! archives filed as `archive/青溪县总工会/2019总结.txt`). The word lists
//! (kind words, level words, generic words) are `dictionaries/org_parts.txt`.
//!
//! [`OrgKey::key`] is what a machine groups by: the name without
//! whitespace and leading 我/本, 工会委员会 written 工会, and 股份有限公司,
//! 有限责任公司, 有限公司 written 公司 (华鑫电力有限公司工会 and 华鑫电力公司工会
//! are one key). Abbreviations such as 县总 are not expanded: a name is
//! only taken where 工会 is written.
//!
//! **Period.** [`Period`] is a year (or unknown year) and a [`PeriodSpan`]:
//! the whole year, a half, a quarter, a school term or a school year. A
//! school term belongs to the school year it is part of: `Term(1)` is the
//! autumn term (第一学期, 上学期, 秋季学期) of the school year starting in
//! `year`, `Term(2)` the spring term (第二学期, 下学期, 春季学期) that follows,
//! in calendar `year + 1`. So 2018—2019学年第一学期 and 2018年秋季学期 are
//! `2018-T1`; 2018—2019学年第二学期 and 2019年春季学期 are `2018-T2`. A school
//! year is named by its first year: 2019-2020学年 is `2019-2020SY`.

use std::fmt;
use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use super::DocKind;

/// The level of an organisation: where a federation or an industry union
/// sits; `Unit` for the union of one school, company, agency …
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OrgLevel {
    National,
    Province,
    City,
    County,
    Township,
    Unit,
    Unknown,
}

impl OrgLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            OrgLevel::National => "national",
            OrgLevel::Province => "province",
            OrgLevel::City => "city",
            OrgLevel::County => "county",
            OrgLevel::Township => "township",
            OrgLevel::Unit => "unit",
            OrgLevel::Unknown => "unknown",
        }
    }

    fn parse(s: &str) -> Option<OrgLevel> {
        Some(match s {
            "national" => OrgLevel::National,
            "province" => OrgLevel::Province,
            "city" => OrgLevel::City,
            "county" => OrgLevel::County,
            "township" => OrgLevel::Township,
            "unit" => OrgLevel::Unit,
            _ => return None,
        })
    }
}

/// What sort of union an organisation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OrgKind {
    /// 总工会 of a place, and the unions of a township or street (镇工会,
    /// 街道工会).
    Federation,
    /// An industry or system union (教育工会, 卫生工会).
    Industry,
    School,
    Company,
    /// 机关工会, 局工会.
    Agency,
    Hospital,
    Community,
    Other,
}

impl OrgKind {
    pub fn as_str(self) -> &'static str {
        match self {
            OrgKind::Federation => "federation",
            OrgKind::Industry => "industry",
            OrgKind::School => "school",
            OrgKind::Company => "company",
            OrgKind::Agency => "agency",
            OrgKind::Hospital => "hospital",
            OrgKind::Community => "community",
            OrgKind::Other => "other",
        }
    }

    fn parse(s: &str) -> Option<OrgKind> {
        Some(match s {
            "federation" => OrgKind::Federation,
            "industry" => OrgKind::Industry,
            "school" => OrgKind::School,
            "company" => OrgKind::Company,
            "agency" => OrgKind::Agency,
            "hospital" => OrgKind::Hospital,
            "community" => OrgKind::Community,
            "other" => OrgKind::Other,
            _ => return None,
        })
    }

    /// Unions of one unit: their level is `Unit` whatever place they name.
    fn grassroots(self) -> bool {
        !matches!(self, OrgKind::Federation | OrgKind::Industry)
    }
}

/// Where the organisation's name was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OrgSource {
    Title,
    Signature,
    Opening,
    /// Only a category is known (县总工会, 机关工会): no one in particular.
    Category,
    /// The file or folder name.
    Path,
}

impl OrgSource {
    pub fn as_str(self) -> &'static str {
        match self {
            OrgSource::Title => "title",
            OrgSource::Signature => "signature",
            OrgSource::Opening => "opening",
            OrgSource::Category => "category",
            OrgSource::Path => "path",
        }
    }
}

/// The organisation a document speaks for.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OrgKey {
    /// The full name as written (清河县总工会); the category when only that
    /// is known.
    pub name: String,
    /// The bare category (县总工会, 机关工会, 学校工会), when the text gives one.
    pub category: Option<String>,
    pub level: OrgLevel,
    pub kind: OrgKind,
    pub source: OrgSource,
}

impl OrgKey {
    /// Whether the key names one organisation (not just a category).
    pub fn is_named(&self) -> bool {
        self.source != OrgSource::Category
    }

    /// The string a machine groups by (see the module documentation).
    pub fn key(&self) -> String {
        normalise_name(&self.name)
    }
}

/// The grouping form of an organisation name.
pub fn normalise_name(name: &str) -> String {
    let mut s: String = name.chars().filter(|c| !c.is_whitespace()).collect();
    while let Some(rest) = s.strip_prefix('我').or_else(|| s.strip_prefix('本')) {
        s = rest.to_string();
    }
    for (from, to) in [
        ("工会委员会", "工会"),
        ("股份有限公司", "公司"),
        ("有限责任公司", "公司"),
        ("有限公司", "公司"),
    ] {
        s = s.replace(from, to);
    }
    s
}

/// A document of an input: its file name and index in the file.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct DocRef {
    pub file: String,
    pub doc: usize,
}

impl fmt::Display for DocRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}#{}", self.file, self.doc)
    }
}

/// How much of a year a period covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PeriodSpan {
    Year,
    /// 1 or 2.
    Half(u8),
    /// 1–4; 0 when the text does not say which.
    Quarter(u8),
    /// 1 (autumn) or 2 (spring) of the school year; 0 when not said.
    Term(u8),
    SchoolYear,
    /// Several calendar years from `year` on (2, 5: 过去五年, 十四五).
    Years(u8),
}

/// The period a document or part covers. `year` is the calendar year, and
/// for terms and school years the year the school year starts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Period {
    pub year: Option<i32>,
    pub span: PeriodSpan,
}

impl Period {
    pub fn year_of(y: i32) -> Period {
        Period {
            year: Some(y),
            span: PeriodSpan::Year,
        }
    }

    pub fn half(y: i32, h: u8) -> Period {
        Period {
            year: Some(y),
            span: PeriodSpan::Half(h),
        }
    }

    pub fn quarter(y: i32, q: u8) -> Period {
        Period {
            year: Some(y),
            span: PeriodSpan::Quarter(q),
        }
    }

    pub fn term(y: i32, t: u8) -> Period {
        Period {
            year: Some(y),
            span: PeriodSpan::Term(t),
        }
    }

    /// `n` calendar years from `y` (one year is [`Period::year_of`]).
    pub fn years(y: i32, n: u8) -> Period {
        Period {
            year: Some(y),
            span: if n <= 1 {
                PeriodSpan::Year
            } else {
                PeriodSpan::Years(n)
            },
        }
    }

    pub fn school_year(y: i32) -> Period {
        Period {
            year: Some(y),
            span: PeriodSpan::SchoolYear,
        }
    }

    /// The calendar year the period (mostly) lies in: the spring term of
    /// the 2018–2019 school year lies in 2019.
    pub fn calendar_year(&self) -> Option<i32> {
        match self.span {
            PeriodSpan::Term(2) => self.year.map(|y| y + 1),
            // Several years: the last, the one nearest the report.
            PeriodSpan::Years(n) => self.year.map(|y| y + i32::from(n) - 1),
            _ => self.year,
        }
    }

    /// The ISO-like form: `2019`, `2019-H1`, `2019-Q3`, `2018-T1`,
    /// `2019-2020SY`; `XXXX` for an unknown year; `2019-Q` / `2018-T` when
    /// the text does not say which quarter or term.
    pub fn iso(&self) -> String {
        let y = self
            .year
            .map(|y| format!("{y:04}"))
            .unwrap_or_else(|| "XXXX".into());
        let n = |n: u8| if n == 0 { String::new() } else { n.to_string() };
        match self.span {
            PeriodSpan::Year => y,
            PeriodSpan::Half(h) => format!("{y}-H{h}"),
            PeriodSpan::Quarter(q) => format!("{y}-Q{}", n(q)),
            PeriodSpan::Term(t) => format!("{y}-T{}", n(t)),
            PeriodSpan::Years(n) => match self.year {
                Some(v) => format!("{y}/{:04}", v + i32::from(n) - 1),
                None => format!("{y}/XXXX"),
            },
            PeriodSpan::SchoolYear => {
                let next = self
                    .year
                    .map(|y| format!("{:04}", y + 1))
                    .unwrap_or_else(|| "XXXX".into());
                format!("{y}-{next}SY")
            }
        }
    }

    /// The Chinese label of the span: 全年, 上半年, 下半年, 季度, 学期, 学年.
    pub fn label(&self) -> &'static str {
        match self.span {
            PeriodSpan::Year => "全年",
            PeriodSpan::Half(2) => "下半年",
            PeriodSpan::Half(_) => "上半年",
            PeriodSpan::Quarter(_) => "季度",
            PeriodSpan::Term(_) => "学期",
            PeriodSpan::SchoolYear => "学年",
            PeriodSpan::Years(_) => "多年",
        }
    }

    /// The period right after this one, of the same span; None when the
    /// year or the half, quarter or term is unknown.
    pub fn next(&self) -> Option<Period> {
        let y = self.year?;
        let (year, span) = match self.span {
            PeriodSpan::Year => (y + 1, PeriodSpan::Year),
            PeriodSpan::SchoolYear => (y + 1, PeriodSpan::SchoolYear),
            PeriodSpan::Years(n) => (y + i32::from(n), PeriodSpan::Years(n)),
            PeriodSpan::Half(1) => (y, PeriodSpan::Half(2)),
            PeriodSpan::Half(2) => (y + 1, PeriodSpan::Half(1)),
            PeriodSpan::Term(1) => (y, PeriodSpan::Term(2)),
            PeriodSpan::Term(2) => (y + 1, PeriodSpan::Term(1)),
            PeriodSpan::Quarter(q @ 1..=3) => (y, PeriodSpan::Quarter(q + 1)),
            PeriodSpan::Quarter(4) => (y + 1, PeriodSpan::Quarter(1)),
            _ => return None,
        };
        Some(Period {
            year: Some(year),
            span,
        })
    }

    /// Whether the year and which half, quarter or term are all known.
    pub fn is_known(&self) -> bool {
        self.year.is_some() && !matches!(self.span, PeriodSpan::Quarter(0) | PeriodSpan::Term(0))
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

impl Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.iso())
    }
}

/// What groups a document (or a part of a mixed one) with others: the
/// organisation's key, the kind and the period.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocKey {
    /// [`OrgKey::key`].
    pub org: String,
    pub kind: DocKind,
    pub period: Period,
}

static SCHOOL_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"((?:19|20)\d{2})\s*年?\s*[—\-－–~～至到]+\s*(?:(?:19|20)\d{2}|\d{2})\s*年?\s*学年")
        .expect("regex")
});
static TERM_NO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(第一|第二|上|下|秋季|春季|秋|春)学期").expect("regex"));
static QUARTER_NO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"第?([一二三四1-4])季度").expect("regex"));

/// The period a label of the document stage names (全年, 上半年 …), read
/// in detail from `text` (where the label was found) for terms, quarters
/// and school years; `year` is the document's year.
pub(crate) fn period_of(label: &str, text: &str, year: Option<i32>) -> Period {
    let school_year = || {
        SCHOOL_YEAR
            .captures(text)
            .and_then(|c| c.get(1)?.as_str().parse::<i32>().ok())
    };
    let span = match label {
        "上半年" => PeriodSpan::Half(1),
        "下半年" => PeriodSpan::Half(2),
        "季度" => {
            let q = QUARTER_NO
                .captures(text)
                .and_then(|c| c.get(1))
                .map_or(0, |m| match m.as_str() {
                    "一" | "1" => 1,
                    "二" | "2" => 2,
                    "三" | "3" => 3,
                    _ => 4,
                });
            PeriodSpan::Quarter(q)
        }
        "学期" => {
            let t = TERM_NO
                .captures(text)
                .and_then(|c| c.get(1))
                .map_or(0, |m| match m.as_str() {
                    "第一" | "上" | "秋季" | "秋" => 1,
                    _ => 2,
                });
            // A spring term named by its calendar year belongs to the
            // school year that started the year before.
            let year = match (school_year(), year) {
                (Some(sy), _) => Some(sy),
                (None, Some(y)) if t == 2 => Some(y - 1),
                (None, y) => y,
            };
            return Period {
                year,
                span: PeriodSpan::Term(t),
            };
        }
        "学年" => {
            return Period {
                year: school_year().or(year),
                span: PeriodSpan::SchoolYear,
            };
        }
        _ => PeriodSpan::Year,
    };
    Period { year, span }
}

/// Organisation names in text, and what their parts say.
#[derive(Debug, Clone, Default)]
pub(crate) struct OrgNamer {
    /// Kind words, longest first.
    kinds: Vec<(String, OrgKind)>,
    /// Level words, longest first.
    levels: Vec<(String, OrgLevel)>,
    /// Generic words (level words included), longest first.
    generic: Vec<String>,
}

/// Words that show a run of characters before 工会 is a clause, not a name.
const NOT_IN_NAME: &[&str] = &[
    "的", "在", "和", "与", "及", "是", "为", "把", "将", "对", "向", "被", "了", "从", "于", "等",
    "下", "以", "加强", "推进", "全县", "全市", "全省", "全区", "各级", "领导", "指导", "关于",
    "根据", "按照", "配合", "协助", "带领", "组织", "开展", "参加", "发挥", "履行", "完善", "建设",
    "提高", "充分", "同时", "多数", "其中", "们",
];

/// Where a name ends: 工会, 工会委员会, 工会工作委员会.
fn name_end(s: &str, at: usize) -> usize {
    let mut end = at + "工会".len();
    for tail in ["工作委员会", "委员会"] {
        if s[end..].starts_with(tail) {
            end += tail.len();
            break;
        }
    }
    end
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}')
}

impl OrgNamer {
    pub(crate) fn new(text: &str) -> OrgNamer {
        let mut n = OrgNamer::default();
        for line in text.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut it = line.split_whitespace();
            let (Some(word), Some(class)) = (it.next(), it.next()) else {
                continue;
            };
            let word = word.to_string();
            if let Some(k) = class.strip_prefix("kind:") {
                if let Some(k) = OrgKind::parse(k) {
                    n.kinds.push((word, k));
                }
            } else if class == "generic" {
                n.generic.push(word);
            } else if let Some(l) = OrgLevel::parse(class) {
                n.generic.push(word.clone());
                n.levels.push((word, l));
            }
        }
        let by_len = |a: &str, b: &str| b.chars().count().cmp(&a.chars().count());
        n.kinds.sort_by(|a, b| by_len(&a.0, &b.0));
        n.levels.sort_by(|a, b| by_len(&a.0, &b.0));
        n.generic.sort_by(|a, b| by_len(a, b));
        n
    }

    /// Names in `s`: byte offset, end and the name. In a title (`title`)
    /// the name is what stands before 工会 back to the start, a year or a
    /// mark; in running text it must open a clause and end with a kind
    /// word (县教育工会, 樊口街道工会), so "积极推进基层工会" is no name.
    pub(crate) fn names(&self, s: &str, title: bool) -> Vec<(usize, usize, String)> {
        let mut out = Vec::new();
        let mut floor = 0;
        for (at, _) in s.match_indices("工会") {
            if at < floor {
                continue;
            }
            let end = name_end(s, at);
            let mut start = at;
            let mut opens_clause = true;
            for (i, c) in s[floor..at].char_indices().rev() {
                let i = floor + i;
                // 在清河县总工会…会议上: 在 opens the phrase, it is no part
                // of the name.
                if !is_han(c) || matches!(c, '年' | '度' | '我' | '本' | '在') {
                    break;
                }
                if at - i > 16 * 3 {
                    opens_clause = false;
                    break;
                }
                start = i;
                if i == floor && floor > 0 {
                    // Ran into the previous name: a clause, not a name.
                    opens_clause = false;
                }
            }
            floor = end;
            let stem = &s[start..at];
            if stem.is_empty() && !title {
                continue;
            }
            let mut stem_s = stem;
            if title {
                for p in ["关于", "暨"] {
                    if let Some(i) = stem_s.rfind(p) {
                        stem_s = &stem_s[i + p.len()..];
                    }
                }
            }
            let start = at - stem_s.len();
            if !title {
                // One of a list (江苏省总工会、连云港市总工会) is not the writer.
                let listed = s[..start].ends_with('、') || s[end..].starts_with('、');
                if !opens_clause
                    || listed
                    || NOT_IN_NAME.iter().any(|w| stem_s.contains(w))
                    || !self.names_someone(stem_s)
                {
                    continue;
                }
            } else if stem_s.chars().count() > 24 {
                continue;
            }
            out.push((start, end, s[start..end].to_string()));
        }
        out
    }

    /// Whether the stem of a name in running text reads as a name: a kind
    /// word after a place word (县教育, 樊口街道), or after at least two
    /// characters for a school, company or hospital (金河大学, 华鑫电力公司).
    fn names_someone(&self, stem: &str) -> bool {
        let Some((w, _)) = self.kind_word(stem) else {
            return false;
        };
        let place = &stem[..stem.len() - w.len()];
        let strong = [
            "公司", "集团", "中学", "小学", "大学", "学院", "学校", "医院", "厂",
        ];
        self.levels.iter().any(|(l, _)| stem.contains(l.as_str()))
            || (strong.contains(&w) && place.chars().count() >= 2)
    }

    /// The kind word a name's stem (the part before 工会) ends with.
    fn kind_word(&self, stem: &str) -> Option<(&str, OrgKind)> {
        self.kinds
            .iter()
            .find(|(w, _)| stem.ends_with(w.as_str()))
            .map(|(w, k)| (w.as_str(), *k))
    }

    fn stem<'a>(&self, name: &'a str) -> &'a str {
        let at = name.rfind("工会").unwrap_or(name.len());
        &name[..at]
    }

    /// Whether a name is made of generic words and a kind word only.
    pub(crate) fn is_generic(&self, name: &str) -> bool {
        let mut rest = self.stem(name);
        if let Some((w, _)) = self.kind_word(rest) {
            rest = &rest[..rest.len() - w.len()];
        }
        'outer: while !rest.is_empty() {
            for g in &self.generic {
                if let Some(r) = rest.strip_prefix(g.as_str()) {
                    rest = r;
                    continue 'outer;
                }
            }
            return false;
        }
        true
    }

    /// Level and kind of a name (or a category such as 县总工会).
    pub(crate) fn classify(&self, name: &str) -> (OrgLevel, OrgKind) {
        let stem = self.stem(name);
        let Some((_, kind)) = self.kind_word(stem) else {
            return (OrgLevel::Unknown, OrgKind::Other);
        };
        if kind.grassroots() {
            return (OrgLevel::Unit, kind);
        }
        // The last place word says the level (清河县教育 → county); the
        // township kind words are their own level (镇工会, 莲塘街道总工会).
        let level = self
            .levels
            .iter()
            .filter_map(|(lw, l)| {
                stem.rfind(lw.as_str())
                    .map(|i| ((i + lw.len(), lw.len()), *l))
            })
            .max_by_key(|(pos, _)| *pos)
            .map_or(OrgLevel::Unknown, |(_, l)| l);
        (level, kind)
    }

    /// An `OrgKey` for a name found at `source`.
    pub(crate) fn key(&self, name: &str, category: Option<String>, source: OrgSource) -> OrgKey {
        let name: String = name.chars().filter(|c| !c.is_whitespace()).collect();
        let (level, kind) = self.classify(&name);
        OrgKey {
            name,
            category,
            level,
            kind,
            source,
        }
    }

    /// The first name in `s` that names one organisation (not generic).
    pub(crate) fn proper_name(&self, s: &str, title: bool) -> Option<(usize, String)> {
        self.names(s, title)
            .into_iter()
            .find(|(_, _, n)| !self.is_generic(n))
            .map(|(s, _, n)| (s, n))
    }

    /// A name in a file or folder name, nearest the file first
    /// (`archive/青溪县总工会/2019总结.txt`).
    pub(crate) fn path_name(&self, path: &str) -> Option<String> {
        path.rsplit(['/', '\\'])
            .filter(|c| !c.is_empty())
            .find_map(|c| self.proper_name(c, true).map(|(_, n)| n))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dict::Dictionaries;

    fn namer() -> OrgNamer {
        OrgNamer::new(Dictionaries::embedded().text("org_parts.txt"))
    }

    #[test]
    fn names_in_titles_and_running_text() {
        let n = namer();
        let first = |s: &str, t: bool| n.proper_name(s, t).map(|(_, x)| x);
        assert_eq!(
            first("清河县总工会2018年工作要点", true).as_deref(),
            Some("清河县总工会")
        );
        assert_eq!(
            first("第2篇:华鑫电力有限公司工会2019年工作总结", true).as_deref(),
            Some("华鑫电力有限公司工会")
        );
        assert_eq!(
            first("和硕县总工会帮扶困难职工脱贫工作总结", true).as_deref(),
            Some("和硕县总工会")
        );
        assert_eq!(first("2019年机关工会工作计划篇1", true), None);
        assert_eq!(first("县总工会2017年文明创建工作总结", true), None);
        assert_eq!(
            first("在市总工会的指导帮助下,樊口街道工会工作以", false).as_deref(),
            Some("樊口街道工会")
        );
        assert_eq!(
            first("2018年，在县委的坚强领导和清河市总工会的指导下", false),
            None
        );
        assert_eq!(first("积极推进基层工会建设", false), None);
        assert_eq!(first("2019年，局机关工会将在局党组领导下", false), None);
        assert_eq!(
            first("在清河县总工会十五届三次全委会议上的工作报告", true).as_deref(),
            Some("清河县总工会")
        );
    }

    #[test]
    fn levels_kinds_and_generic_names() {
        let n = namer();
        let c = |s: &str| n.classify(s);
        assert_eq!(c("清河县总工会"), (OrgLevel::County, OrgKind::Federation));
        assert_eq!(c("江州市总工会"), (OrgLevel::City, OrgKind::Federation));
        assert_eq!(c("清河县教育工会"), (OrgLevel::County, OrgKind::Industry));
        assert_eq!(c("金河大学工会"), (OrgLevel::Unit, OrgKind::School));
        assert_eq!(c("江州市财政局机关工会"), (OrgLevel::Unit, OrgKind::Agency));
        assert_eq!(
            c("华鑫电力有限公司工会"),
            (OrgLevel::Unit, OrgKind::Company)
        );
        assert_eq!(
            c("莲塘街道总工会"),
            (OrgLevel::Township, OrgKind::Federation)
        );
        assert_eq!(c("镇工会"), (OrgLevel::Township, OrgKind::Federation));
        assert_eq!(
            c("中华全国总工会"),
            (OrgLevel::National, OrgKind::Federation)
        );
        for g in [
            "县总工会",
            "局机关工会",
            "市直属机关工会工作委员会",
            "实验中学工会",
            "公司工会",
        ] {
            assert!(n.is_generic(g), "{g}");
        }
        for p in ["清河县总工会", "培训中心工会", "城关小学工会"] {
            assert!(!n.is_generic(p), "{p}");
        }
        assert_eq!(
            n.path_name("archive/青溪县总工会/2019总结.txt").as_deref(),
            Some("青溪县总工会")
        );
    }

    #[test]
    fn keys_normalise_company_forms() {
        assert_eq!(normalise_name("华鑫电力有限公司工会"), "华鑫电力公司工会");
        assert_eq!(normalise_name("我校 工会委员会"), "校工会");
    }

    #[test]
    fn periods_iso_and_terms() {
        assert_eq!(Period::year_of(2019).iso(), "2019");
        assert_eq!(Period::half(2019, 1).iso(), "2019-H1");
        assert_eq!(Period::quarter(2019, 3).iso(), "2019-Q3");
        assert_eq!(Period::school_year(2019).iso(), "2019-2020SY");
        assert_eq!(
            Period {
                year: None,
                span: PeriodSpan::Year
            }
            .iso(),
            "XXXX"
        );
        let p = period_of(
            "学期",
            "城关小学工会2018—2019学年第一学期工作计划",
            Some(2018),
        );
        assert_eq!(p, Period::term(2018, 1));
        assert_eq!(
            period_of("学期", "2019年春季学期工作计划", Some(2019)),
            Period::term(2018, 2)
        );
        assert_eq!(Period::term(2018, 2).calendar_year(), Some(2019));
        assert_eq!(Period::term(2018, 2).next(), Some(Period::term(2019, 1)));
        assert_eq!(Period::half(2019, 2).next(), Some(Period::half(2020, 1)));
        assert_eq!(
            period_of("学年", "2019-2020学年工作计划", Some(2019)),
            Period::school_year(2019)
        );
    }
}
